"""The sidebar's tag counts and the library's totals are kept at write time (#19): after every
kind of write they equal a recount from the rows (the queries start-up ran before), the
library's counts for the unfiltered view, an outlet and a tag read them, and ``verify``
rebuilds them when the file was edited with the triggers off."""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.search import library_query
from palmyra_archive.core.store import kept_counts, migrations
from palmyra_archive.core.store.records import LibraryQuery

#: the sidebar's tag counts as start-up counted them before #19 (every link read)
OLD_SUBTREE = """
    WITH pairs(pid, tid) AS (
      SELECT id, id FROM tags
      UNION ALL
      SELECT p.id, t.id FROM tags p JOIN tags t
        ON t.path > p.path || '/' AND t.path < p.path || '0'),
    uses(tag_id, article_id, annotation_id) AS (
      SELECT tag_id, article_id, NULL FROM article_tags
        WHERE article_id NOT IN (SELECT article_id FROM trash)
      UNION ALL
      SELECT y.tag_id, an.article_id, an.id FROM annotation_tags y
        JOIN annotations an ON an.id = y.annotation_id WHERE an.deleted_at IS NULL
        AND an.article_id NOT IN (SELECT article_id FROM trash))
    SELECT pid, count(DISTINCT u.article_id), count(DISTINCT u.annotation_id) FROM pairs
    JOIN uses u ON u.tag_id = pairs.tid GROUP BY pid"""
OLD_DIRECT = """
    SELECT t.id,
      (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id
        AND x.article_id NOT IN (SELECT article_id FROM trash)),
      (SELECT count(*) FROM annotation_tags y JOIN annotations a ON a.id = y.annotation_id
        WHERE y.tag_id = t.id AND a.deleted_at IS NULL
        AND a.article_id NOT IN (SELECT article_id FROM trash))
    FROM tags t"""


def assert_recounted(archive: Archive) -> None:
    db = archive.db
    assert kept_counts.drift(db) == {"tags": [], "totals": []}
    assert archive.tags.subtree_counts() == {r[0]: (r[1], r[2]) for r in db.execute(OLD_SUBTREE)}
    assert {t.id: (t.article_count, t.annotation_count) for t in archive.tags.all()} == \
        {r[0]: (r[1], r[2]) for r in db.execute(OLD_DIRECT)}
    assert archive.articles.total_count() == db.execute(
        "SELECT (SELECT count(*) FROM articles) - (SELECT count(*) FROM trash)").fetchone()[0]
    assert archive.trash.count() == db.execute("SELECT count(*) FROM trash").fetchone()[0]
    queries = [LibraryQuery(), LibraryQuery(needs_review=True), LibraryQuery(needs_review=False)]
    queries += [LibraryQuery(outlet_id=r[0]) for r in db.execute("SELECT id FROM outlets")]
    queries += [LibraryQuery(tag_ids=(r[0],)) for r in db.execute("SELECT id FROM tags")]
    for query in queries:    # the kept count against count(*) over the library's own query
        assert archive.articles.count(query) == library_query.count(db, query), query


def tag(archive: Archive, path: str) -> int:
    found = archive.tags.find(path)
    assert found is not None
    return found.id


def test_tagging_untagging_and_undo_keep_the_counts(corpus_archive):
    a, b, c, *_ = corpus_archive.articles.ids()
    assert_recounted(corpus_archive)
    added = corpus_archive.tags.add_to_articles([a, b], ["framing/liberation", "framing/war"])
    corpus_archive.tags.add_to_articles([c], ["framing"])
    assert corpus_archive.tags.subtree_counts()[tag(corpus_archive, "framing")] == (3, 0)
    assert corpus_archive.articles.count(LibraryQuery(tag_ids=(tag(corpus_archive, "framing"),))) == 3
    assert_recounted(corpus_archive)
    removed = corpus_archive.tags.remove_from_articles([a], ["framing/war"])
    assert corpus_archive.tags.subtree_counts()[tag(corpus_archive, "framing/war")] == (1, 0)
    assert_recounted(corpus_archive)
    corpus_archive.tags.undo_links(removed.extra)
    corpus_archive.tags.undo_links(added.extra)
    assert_recounted(corpus_archive)
    corpus_archive.tags.set_for_article(b, ["actor/army", "framing/war"])
    assert_recounted(corpus_archive)


def test_passages_annotations_and_their_deletion_keep_the_counts(corpus_archive):
    a, b, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a], ["actor/army"])
    made = corpus_archive.annotations.create(a, 0, 20, tags=["actor/army/officers"])
    other = corpus_archive.annotations.create(b, 0, 10, tags=["actor/police"])
    actor = tag(corpus_archive, "actor")
    assert corpus_archive.tags.subtree_counts()[actor] == (2, 2)
    assert_recounted(corpus_archive)
    corpus_archive.annotations.update(made.created_id, tags=["actor/army", "framing/war"])
    assert_recounted(corpus_archive)
    corpus_archive.annotations.delete(other.created_id)
    assert corpus_archive.tags.subtree_counts()[actor] == (1, 1)
    assert_recounted(corpus_archive)
    corpus_archive.annotations.restore(other.created_id)
    assert corpus_archive.tags.subtree_counts()[actor] == (2, 2)
    assert_recounted(corpus_archive)
    with corpus_archive.write("by hand"):     # a row deleted outright, its links by cascade
        corpus_archive.db.execute("DELETE FROM annotations WHERE id = ?", [made.created_id])
    assert_recounted(corpus_archive)


def test_rename_move_merge_delete_and_restore_keep_the_counts(corpus_archive):
    a, b, c, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a], ["framing/liberation/early"])
    corpus_archive.tags.add_to_articles([b], ["framing/liberation", "actor/army"])
    corpus_archive.annotations.create(c, 0, 15, tags=["framing/liberation/early"])
    assert_recounted(corpus_archive)
    corpus_archive.tags.rename(tag(corpus_archive, "framing/liberation"), "themes/freedom")
    assert corpus_archive.tags.subtree_counts()[tag(corpus_archive, "themes")] == (3, 1)
    assert tag(corpus_archive, "framing") not in corpus_archive.tags.subtree_counts()
    assert_recounted(corpus_archive)
    corpus_archive.tags.move(tag(corpus_archive, "themes/freedom"), "actor")
    assert_recounted(corpus_archive)
    merged = corpus_archive.tags.merge(tag(corpus_archive, "actor/freedom"), tag(corpus_archive, "actor/army"))
    assert corpus_archive.tags.subtree_counts()[tag(corpus_archive, "actor/army")] == (3, 1)
    assert_recounted(corpus_archive)
    corpus_archive.tags.restore(merged.extra["snapshot"])
    assert_recounted(corpus_archive)
    site = {t.id for t in corpus_archive.tags.all(namespace="site")}
    deleted = corpus_archive.tags.delete(tag(corpus_archive, "actor"))
    assert set(corpus_archive.tags.subtree_counts()) <= site
    assert_recounted(corpus_archive)
    corpus_archive.tags.restore(deleted.extra["snapshot"])
    assert corpus_archive.tags.subtree_counts()[tag(corpus_archive, "actor")] == (3, 1)
    assert_recounted(corpus_archive)


def test_trash_restore_and_emptying_keep_the_counts(corpus_archive):
    a, b, c, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a, b], ["framing/war"])
    corpus_archive.annotations.create(a, 0, 20, tags=["framing/war"])
    listed = corpus_archive.articles.count()
    corpus_archive.trash.trash([a, c])
    war = tag(corpus_archive, "framing/war")
    assert corpus_archive.tags.subtree_counts()[war] == (1, 0)
    assert corpus_archive.articles.count() == listed - 2
    assert corpus_archive.trash.count() == 2
    assert_recounted(corpus_archive)
    corpus_archive.tags.add_to_articles([a], ["actor/army"])     # tagged while in the Trash
    assert_recounted(corpus_archive)
    corpus_archive.trash.restore([a])
    assert corpus_archive.tags.subtree_counts()[war] == (2, 1)
    assert_recounted(corpus_archive)
    corpus_archive.trash.trash([a])
    corpus_archive.trash.empty()
    assert corpus_archive.trash.count() == 0
    assert corpus_archive.articles.count() == listed - 2
    assert_recounted(corpus_archive)


def test_import_corrections_and_merging_works_keep_the_totals(corpus_archive, tmp_path):
    a, b, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a, b], ["framing/war"])
    text = tmp_path / "fresh.txt"
    text.write_text("A fresh report\n\nBy Ana Ruiz\n\nThe river rose overnight and the bridge was"
                    " closed to traffic while engineers inspected its piers.\n", encoding="utf-8")
    corpus_archive.importer.import_paths([text])
    assert_recounted(corpus_archive)
    corpus_archive.articles.correct(a, title=None, date="2011-01-01")
    assert_recounted(corpus_archive)
    merged = corpus_archive.works.merge(a, [b])
    assert_recounted(corpus_archive)
    corpus_archive.works.unmerge(merged.extra["snapshot"])
    assert_recounted(corpus_archive)


def test_verify_rebuilds_counts_edited_with_the_triggers_off(corpus_archive):
    a, b, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a, b], ["framing/war"])
    with corpus_archive.write("by hand"):
        corpus_archive.db.execute("UPDATE tag_counts SET articles = 99 WHERE tag_id IN"
                                  " (SELECT id FROM tags WHERE path LIKE 'framing%')")
        corpus_archive.db.execute("UPDATE library_counts SET n = 0 WHERE name = 'listed'")
    wrong = kept_counts.drift(corpus_archive.db)
    assert wrong["totals"] == ["listed"] and len(wrong["tags"]) == 2
    report = corpus_archive.integrity.verify()
    assert report.counts_repaired == wrong
    assert "Recounted the kept counts of 2 tag(s) and 1 total(s)" in report.summary()
    assert_recounted(corpus_archive)
    assert corpus_archive.integrity.verify().counts_repaired == {"tags": [], "totals": []}


def test_an_archive_from_before_0028_is_brought_to_the_kept_counts(tmp_path, corpus_archive):
    a, b, *_ = corpus_archive.articles.ids()
    corpus_archive.tags.add_to_articles([a, b], ["framing/war"])
    path = corpus_archive.path
    corpus_archive.close()
    conn = sqlite3.connect(path)
    for name, _body in kept_counts.TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    for table in ("tag_reach", "tag_reach_passages", "tag_counts", "library_counts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0028_kept_counts'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with Archive.open(path) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert archive.tags.subtree_counts()[tag(archive, "framing")] == (2, 0)
        assert_recounted(archive)
        assert list((path.parent / f"{path.name}.backups").glob("before-upgrade-*"))
