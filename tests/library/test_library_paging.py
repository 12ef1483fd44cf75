"""The library pages by key (#19): every sort's pages, put end to end, are ``ids`` exactly, across
ties and NULL keys, in both directions; each page seeks in an index; a write between two
pages neither repeats nor skips a row it did not move; the kept sort keys always say what
the subqueries say, and ``verify`` repairs them."""

from __future__ import annotations

import sqlite3

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.search import library_query
from palmyra_archive.core.store import migrations, sort_keys
from palmyra_archive.core.store.records import LibraryQuery

SORTS = list(library_query.SORT_EXPRESSIONS)


def walk(archive, query: LibraryQuery, limit: int) -> list[int]:
    out, after = [], None
    for _ in range(1000):
        page = archive.articles.page(query, after=after, limit=limit)
        out.extend(page.ids)
        after = page.last
        if page.done:
            return out
    raise AssertionError("paging did not end")


def with_ties(archive) -> list[int]:
    """Give the corpus ties and NULL keys in every sort: two titles, authors, tags, dates
    alike, an outlet and an original outlet on some copies only."""
    ids = archive.articles.ids()
    a, b, c, *_ = ids
    archive.articles.correct(a, title="Same title", authors=["Same Author"], date="2016-03-27")
    archive.articles.correct(b, title="same TITLE", authors=["same author"], date="2016-03-27")
    archive.articles.correct(c, original_outlet="Zeta Wire")
    archive.tags.add_to_articles([a, b], ["framing/liberation"])
    archive.tags.add_to_articles([c], ["actor/army"])
    return ids


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 2, 3, 100])
def test_pages_end_to_end_are_the_ids_for_every_sort(corpus_archive, descending, limit):
    with_ties(corpus_archive)
    outlet = corpus_archive.db.execute("SELECT outlet_id FROM copies LIMIT 1").fetchone()[0]
    for sort in SORTS:
        for query in (LibraryQuery(sort=sort, descending=descending),
                      LibraryQuery(sort=sort, descending=descending, outlet_id=outlet),
                      LibraryQuery(sort=sort, descending=descending, needs_review=False)):
            assert walk(corpus_archive, query, limit) == corpus_archive.articles.ids(query), query


def test_kept_sorts_give_the_order_of_the_subqueries(corpus_archive):
    """``KEPT_SORTS`` against ``SORT_EXPRESSIONS`` over the plain join of every row."""
    with_ties(corpus_archive)
    db = corpus_archive.db
    for sort in library_query.KEPT_SORTS:
        for direction in ("ASC", "DESC"):
            wide = [r[0] for r in db.execute(
                "SELECT a.id FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
                f" ORDER BY {library_query.SORT_EXPRESSIONS[sort]} {direction}, a.id {direction}")]
            query = LibraryQuery(sort=sort, descending=direction == "DESC")
            assert corpus_archive.articles.ids(query) == wide, (sort, direction)


@pytest.mark.parametrize("sort", SORTS)
def test_each_page_seeks_in_an_index(corpus_archive, sort):
    """No page sorts the whole library (a temp b-tree for ORDER BY over every row): it walks
    an index from the last key on (the date index sorts only ties)."""
    for descending in (False, True):
        query = LibraryQuery(sort=sort, descending=descending)
        first = corpus_archive.articles.page(query, limit=2)
        for sql, params in library_query.page_sqls(query, first.last, 2):
            steps = [r[3] for r in corpus_archive.db.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert "USE TEMP B-TREE FOR ORDER BY" not in steps, (sort, steps)
            if sort in library_query.KEPT_SORTS:
                assert any(f"library_sort_{sort}" in s for s in steps), steps


def test_a_write_between_pages_skips_and_repeats_nothing(corpus_archive):
    ids = with_ties(corpus_archive)
    query = LibraryQuery(sort="title")
    first = corpus_archive.articles.page(query, limit=2)
    before = corpus_archive.articles.ids(query)
    # a row already shown moves to the end; a row not yet shown is trashed
    corpus_archive.articles.correct(first.ids[0], title="zzz last now")
    gone = before[3]
    corpus_archive.trash.trash([gone])
    rest = []
    after = first.last
    while True:
        page = corpus_archive.articles.page(query, after=after, limit=1)
        rest.extend(page.ids)
        after = page.last
        if page.done:
            break
    assert first.ids + [i for i in rest if i != first.ids[0]] == [i for i in before if i != gone]
    assert rest[-1] == first.ids[0]              # the moved row is met again at its new place
    assert set(ids) - {gone} == set(first.ids + rest)


def expected_keys(archive) -> list[tuple]:
    names = ", ".join(sort_keys.KEYS)
    return list(archive.db.execute(f"SELECT article_id, {names} FROM library_sort ORDER BY 1"))


def test_kept_keys_follow_every_write(corpus_archive):
    archive = corpus_archive
    ids = with_ties(archive)
    assert sort_keys.drift(archive.db) == []
    detail = archive.articles.get(ids[0])
    archive.annotations.create(ids[0], 0, 5, note="n")
    archive.annotations.create(ids[0], 6, 12)
    assert sort_keys.drift(archive.db) == []
    assert archive.db.execute("SELECT annotations FROM library_sort WHERE article_id = ?",
                              [ids[0]]).fetchone()[0] == 2
    tag = archive.tags.find("framing/liberation")
    archive.tags.rename(tag.id, "aaa/first")
    archive.articles.correct(ids[1], outlet="A Brand New Outlet", original_outlet=None)
    archive.articles.correct(ids[2], original_outlet=None)
    assert sort_keys.drift(archive.db) == []
    archive.trash.trash([ids[3]])
    archive.trash.empty()
    assert sort_keys.drift(archive.db) == [] and detail.id == ids[0]
    assert ids[3] not in [r[0] for r in expected_keys(archive)]


def test_verify_repairs_kept_keys_edited_with_the_triggers_off(corpus_archive):
    archive = corpus_archive
    article_id = archive.articles.ids()[0]
    with archive.write("test: break the kept keys"):
        for name, _ in sort_keys.TRIGGERS:
            archive.db.execute(f"DROP TRIGGER {name}")
        archive.db.execute("UPDATE library_sort SET outlet = 'wrong', words = -1 WHERE article_id = ?",
                           [article_id])
    assert sort_keys.drift(archive.db) == [article_id]
    report = archive.integrity.verify()
    assert report.sort_keys_repaired == [article_id] and "sort keys" in report.summary()
    assert sort_keys.drift(archive.db) == []


def test_an_archive_from_before_0025_is_brought_to_the_kept_keys(tmp_path, corpus_archive):
    path = corpus_archive.path
    expected = expected_keys(corpus_archive)
    corpus_archive.close()
    conn = sqlite3.connect(path)
    for name, _ in sort_keys.TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE library_sort")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0025_library_sort_keys'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total, message))) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert expected_keys(archive) == expected and sort_keys.drift(archive.db) == []
    backups = list((path.parent / f"{path.name}.backups").glob("before-upgrade-*"))
    assert backups, "a backup is made before the step"
    assert told and told[-1][0] == told[-1][1]


def counted(archive) -> list[tuple[int, str, int]]:
    """Outlet counts worked out from every article, as the sidebar counted before #19."""
    return [tuple(r) for r in archive.db.execute(
        "SELECT o.id, o.name, count(*) FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
        " JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)"
        " WHERE a.id NOT IN (SELECT article_id FROM trash) GROUP BY o.id ORDER BY o.name COLLATE NOCASE")]


def test_outlet_counts_are_kept_through_corrections_trash_and_restore(corpus_archive):
    archive = corpus_archive
    ids = archive.articles.ids()
    assert archive.outlets.counts() == counted(archive) and counted(archive)
    archive.articles.correct(ids[0], outlet="A Brand New Outlet")
    assert archive.outlets.counts() == counted(archive)
    archive.trash.trash([ids[1], ids[0]])
    assert archive.outlets.counts() == counted(archive)
    archive.trash.restore([ids[0]])
    assert archive.outlets.counts() == counted(archive)
    archive.articles.correct(ids[0], outlet=None)
    archive.trash.empty()
    assert archive.outlets.counts() == counted(archive) and sort_keys.counts_drift(archive.db) == []


def test_verify_recounts_outlets_edited_by_hand(corpus_archive):
    archive = corpus_archive
    with archive.write("test: break a count"):
        archive.db.execute("UPDATE outlet_counts SET n = n + 5 WHERE rowid = (SELECT min(rowid) FROM outlet_counts)")
    assert sort_keys.counts_drift(archive.db)
    archive.integrity.verify()
    assert sort_keys.counts_drift(archive.db) == [] and archive.outlets.counts() == counted(archive)


def test_lists_says_whether_a_query_lists_an_article_wherever_it_stands(corpus_archive):
    """One look-up, the filters the list applies (outlet, tag, the Trash), for the view to
    tell "far down the list" from "not in this view" (#19)."""
    ids = with_ties(corpus_archive)
    articles = corpus_archive.articles
    outlet = corpus_archive.db.execute("SELECT outlet_id FROM copies WHERE outlet_id IS NOT NULL LIMIT 1").fetchone()[0]
    for query in (LibraryQuery(), LibraryQuery(outlet_id=outlet), LibraryQuery(sort="words", needs_review=False),
                  LibraryQuery(tag_ids=(corpus_archive.tags.find("framing/liberation").id,))):
        listed = set(articles.ids(query))
        assert {a for a in ids if articles.lists(query, a)} == listed, query
    corpus_archive.trash.trash([ids[0]])
    assert not articles.lists(LibraryQuery(), ids[0]) and articles.lists(LibraryQuery(trash=True), ids[0])
    assert not articles.lists(LibraryQuery(), 10_000_000)
