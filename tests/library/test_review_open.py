""""Needs review" is kept at write time (#19): ``articles.review_open`` always says what the
full expression over the rows says, whatever write changed them, and an archive from before
migration 0022 is brought to it (backup first, progress told)."""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.search import library_query
from palmyra_archive.core.store import kept_counts, library_keys, migrations
from palmyra_archive.core.store.records import LibraryQuery

STEP = "0022_library_keys_at_write_time"


def by_expression(archive) -> set[int]:
    """The articles the full expression says need review (no kept column read)."""
    return {r[0] for r in archive.db.execute(
        "SELECT a.id FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
        f" WHERE {library_query.NEEDS_REVIEW_EXPRESSION}")}


def kept(archive) -> set[int]:
    return set(archive.articles.ids(LibraryQuery(needs_review=True)))


def flagged(archive) -> list[tuple[int, str]]:
    """(article, one open reason) for articles needing review."""
    out = []
    for article_id in sorted(kept(archive)):
        items = [i for i in archive.review.items(article_id) if i.state == "open"]
        if items:
            out.append((article_id, items[0].reason))
    return out


def test_the_kept_flag_follows_corrections_review_decisions_and_undo(corpus_archive):
    archive = corpus_archive
    start = kept(archive)
    assert start and start == by_expression(archive)
    assert archive.articles.needs_review_count() == len(start)
    (first, reason), *rest = flagged(archive)
    archive.review.mark_reviewed(first, reason)
    assert kept(archive) == by_expression(archive)
    archive.review.unmark_reviewed(first, reason)
    assert kept(archive) == by_expression(archive) == start
    for article_id in list(start):              # correcting every field answers every flag
        archive.articles.correct(article_id, title="Corrected", authors=["A. Writer"],
                                 outlet="Some Outlet", date="2016-03-27")
        assert kept(archive) == by_expression(archive)
    archive.articles.correct(first, title=None, authors=None, outlet=None, date=None)
    assert first in by_expression(archive) and kept(archive) == by_expression(archive)
    assert library_keys.drift(archive.db) == []


def test_a_write_by_hand_in_sqlite_is_followed_too(corpus_archive):
    archive = corpus_archive
    article_id = sorted(set(archive.articles.ids()) - kept(archive))[0]
    with archive.write("test: flag a copy by hand"):
        archive.db.execute("UPDATE copies SET needs_review = '[\"date missing\"]' WHERE id ="
                           " (SELECT primary_copy_id FROM articles WHERE id = ?)", [article_id])
    assert article_id in kept(archive) and kept(archive) == by_expression(archive)
    assert archive.articles.count(LibraryQuery(needs_review=False)) == (
        archive.articles.total_count() - len(kept(archive)))


def test_repair_recomputes_a_flag_that_drifted(corpus_archive):
    archive = corpus_archive
    article_id = sorted(kept(archive))[0]
    with archive.write("test: break the kept flag"):
        for name, _ in library_keys.TRIGGERS:
            archive.db.execute(f"DROP TRIGGER {name}")
        archive.db.execute("UPDATE articles SET review_open = 0 WHERE id = ?", [article_id])
    assert library_keys.drift(archive.db) == [article_id]
    with archive.write("test: repair"):
        assert library_keys.repair(archive.db) == 1
    assert library_keys.drift(archive.db) == [] and kept(archive) == by_expression(archive)


def test_filter_sort_and_count_walk_the_kept_index(corpus_archive):
    for query in (LibraryQuery(needs_review=True), LibraryQuery(sort="needs_review")):
        sql, params = library_query.ids_sql(query)
        steps = [r[3] for r in corpus_archive.db.execute("EXPLAIN QUERY PLAN " + sql, params)]
        assert any("articles_review_open" in s for s in steps), steps
        assert not any("TEMP B-TREE" in s for s in steps), steps


def _as_before_0022(path) -> None:
    """Take the step back out of an archive file: column, index, triggers and its record
    (and step 0028, whose kept totals read the column: it runs again after it)."""
    conn = sqlite3.connect(path)
    for name, _ in library_keys.TRIGGERS + kept_counts.TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    for table in ("tag_reach", "tag_reach_passages", "tag_counts", "library_counts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0028_kept_counts'")
    conn.execute("DROP INDEX articles_review_open")
    conn.execute("DROP INDEX articles_shown_review")
    conn.execute("ALTER TABLE articles DROP COLUMN review_open")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [STEP])
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 2}")
    conn.commit()
    conn.close()


def test_an_older_archive_is_backed_up_then_brought_to_the_kept_flag(corpus_archive, tmp_path):
    expected = by_expression(corpus_archive)
    path = tmp_path / "older.palmyra.sqlite"
    corpus_archive.backups.backup(path)
    _as_before_0022(path)
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total))) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert kept(archive) == expected and library_keys.drift(archive.db) == []
    assert told and told[-1][0] == told[-1][1]
    backups = list((path.parent / f"{path.name}.backups").glob("before-upgrade-*.sqlite"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "review_open" not in [r[1] for r in old.execute("PRAGMA table_info(articles)")]
    old.close()


def test_verify_recomputes_a_drifted_flag_with_an_event(corpus_archive):
    archive = corpus_archive
    article_id = sorted(kept(archive))[0]
    with archive.write("test: break the kept flag"):
        archive.db.execute("DROP TRIGGER articles_review_open_au")
        archive.db.execute("UPDATE articles SET review_open = 0 WHERE id = ?", [article_id])
    report = archive.integrity.verify()
    assert report.keys_repaired == [article_id] and "Recomputed" in report.summary()
    assert kept(archive) == by_expression(archive)
    (event,) = archive.events.list(limit=1)
    assert event.action == "library_keys.repaired"
    assert archive.integrity.verify().keys_repaired == []
