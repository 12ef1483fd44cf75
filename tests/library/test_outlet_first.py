"""An outlet's articles read from its own rows (#19): the same ids in the same order as walking
the sort's index, for every sort in both directions, page by page; the plan starts from the
kept outlet's index; a large outlet still walks the sort's index."""

from __future__ import annotations

import pytest

from palmyra_archive.core.search import library_query
from palmyra_archive.core.store.records import LibraryQuery

from .test_library_paging import SORTS, walk, with_ties


def _ids(db, query: LibraryQuery, first: bool) -> list[int]:
    sql, params = library_query.ids_sql(query, outlet_first=first)
    return [r[0] for r in db.execute(sql, params)]


@pytest.mark.parametrize("descending", [False, True])
def test_outlet_first_gives_the_walks_order_for_every_sort(corpus_archive, descending):
    with_ties(corpus_archive)
    db = corpus_archive.db
    outlets = [r[0] for r in db.execute("SELECT DISTINCT outlet_id FROM copies WHERE outlet_id IS NOT NULL")]
    a = corpus_archive.articles.ids()[0]
    corpus_archive.articles.correct(a, outlet="Corrected Outlet Gazette")   # a corrected outlet counts
    outlets.append(db.execute("SELECT id FROM outlets WHERE name = 'Corrected Outlet Gazette'").fetchone()[0])
    assert library_query.outlet_first(db, LibraryQuery(outlet_id=outlets[0]))
    for outlet in outlets:
        for sort in SORTS:
            query = LibraryQuery(sort=sort, descending=descending, outlet_id=outlet)
            walked = _ids(db, query, False)
            assert _ids(db, query, True) == walked, query
            assert corpus_archive.articles.ids(query) == walked
            assert walk(corpus_archive, query, 1) == walked, query
            assert corpus_archive.articles.count(query) == len(walked)


def test_the_plan_starts_from_the_outlet_and_a_large_outlet_walks_the_sort(corpus_archive, monkeypatch):
    db = corpus_archive.db
    outlet = db.execute("SELECT outlet_id FROM copies WHERE outlet_id IS NOT NULL LIMIT 1").fetchone()[0]
    query = LibraryQuery(sort="title", outlet_id=outlet)
    sql, params = library_query.page_sqls(query, None, 100, outlet_first=True)[0]
    steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert "library_sort_outlet_id" in steps[0], steps
    monkeypatch.setattr(library_query, "SCREEN", 0)     # every outlet "large"
    assert not library_query.outlet_first(db, query)
    sql, params = library_query.ids_sql(query, outlet_first=library_query.outlet_first(db, query))
    steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert any("articles_library_title" in s for s in steps), steps


@pytest.mark.parametrize("descending", [False, True])
def test_tag_first_gives_the_walks_order_for_every_sort(corpus_archive, descending):
    """The same for a tag read from its kept reach (the tag, one below it, on a passage)."""
    ids = with_ties(corpus_archive)
    db = corpus_archive.db
    corpus_archive.annotations.create(ids[3], 0, 12, tags=["framing/war"])
    corpus_archive.tags.add_to_articles([ids[4]], ["framing"])
    framing = corpus_archive.tags.find("framing")
    assert framing is not None
    query = LibraryQuery(tag_ids=(framing.id,))
    assert library_query.tag_first(db, query)
    for sort in SORTS:
        query = LibraryQuery(sort=sort, descending=descending, tag_ids=(framing.id,))
        sql, params = library_query.ids_sql(query, tag_first=False)
        walked = [r[0] for r in db.execute(sql, params)]
        assert len(walked) == 4
        sql, params = library_query.ids_sql(query, tag_first=True)
        assert [r[0] for r in db.execute(sql, params)] == walked, query
        assert walk(corpus_archive, query, 1) == walked, query
        assert corpus_archive.articles.count(query) == 4
    sql, params = library_query.page_sqls(query, None, 100, tag_first=True)[0]
    steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert "tag_reach_tag" in steps[0], steps


@pytest.mark.parametrize("descending", [False, True])
def test_one_outlet_in_a_kept_keys_order_is_one_index_range(corpus_archive, descending):
    """An outlet sorted by a kept key (outlet, original outlet, words, tags, annotations) reads
    ``library_sort_outlet_id_<key>`` in order, never sorting and never walking the key's own
    index past other outlets' articles (#19: the largest outlet by words took 14 s at
    624,648), and lists what the plain join over every row says, page by page."""
    ids = with_ties(corpus_archive)
    for article_id in ids[1:4]:      # a second outlet, by correction, with ties of its own
        corpus_archive.articles.correct(article_id, outlet="Corrected Outlet Gazette")
    db = corpus_archive.db
    direction = "DESC" if descending else "ASC"
    outlets = [r[0] for r in db.execute("SELECT DISTINCT COALESCE(outlet_corrected_id, outlet_id) AS o"
                                        " FROM copies WHERE o IS NOT NULL")]
    assert len(outlets) >= 2
    for outlet in outlets:
        for sort in library_query.KEPT_SORTS:
            query = LibraryQuery(sort=sort, descending=descending, outlet_id=outlet)
            plain = [r[0] for r in db.execute(
                "SELECT a.id FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
                " WHERE COALESCE(c.outlet_corrected_id, c.outlet_id) = ?"
                " AND a.id NOT IN (SELECT article_id FROM trash)"
                f" ORDER BY {library_query.SORT_EXPRESSIONS[sort]} {direction}, a.id {direction}",
                [outlet])]
            assert plain and corpus_archive.articles.ids(query) == plain, (outlet, sort)
            assert walk(corpus_archive, query, 1) == plain
            first = corpus_archive.articles.page(query, limit=1)
            for sql, params in library_query.page_sqls(query, first.last, 1):
                steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
                assert f"library_sort_outlet_id_{sort}" in steps[0], steps
                assert not any("TEMP B-TREE" in s for s in steps), steps


@pytest.mark.parametrize("sort", SORTS)
def test_a_common_tag_walks_the_sorts_index_probing_each_rows_tag(corpus_archive, monkeypatch, sort):
    """A tag on many articles is not read whole and sorted (#19: SQLite drove the query from
    the tag's list of articles, seconds for the most used tag at 624,648): the page walks the
    sort's index and looks each row's tag up; the ids are those of the tag read first."""
    ids = with_ties(corpus_archive)
    corpus_archive.tags.add_to_articles(ids[:5], ["common"])
    tag = corpus_archive.tags.find("common")
    assert tag is not None
    db = corpus_archive.db
    for descending in (False, True):
        query = LibraryQuery(sort=sort, descending=descending, tag_ids=(tag.id,))
        sql, params = library_query.ids_sql(query, tag_first=True)
        read_first = [r[0] for r in db.execute(sql, params)]
        assert len(read_first) == 5
        monkeypatch.setattr(library_query, "SCREEN", 0)     # every tag "common"
        assert not library_query.tag_first(db, query)
        assert corpus_archive.articles.ids(query) == read_first
        assert walk(corpus_archive, query, 2) == read_first
        for sql, params in library_query.page_sqls(query, None, 2):
            steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
            assert "LIST SUBQUERY" not in " ".join(steps), steps
            assert not any(s.startswith(("SEARCH tag_reach", "SCAN tag_reach")) for s in steps[:1]), steps
        monkeypatch.undo()


@pytest.mark.parametrize("sort", list(library_query.KEPT_SORTS))
def test_a_walk_by_a_kept_key_tests_the_tag_and_the_trash_before_reading_the_article(corpus_archive, monkeypatch, sort):
    """Walking a kept key's index past many articles of other tags, each walked row's tag and
    Trash are looked up by its kept row's id, before its article row is read (#19: the most
    used tag by words at 1,000,000 articles, 3.1 s cold when every article walked was read,
    0.33 s so); the same ids either way."""
    ids = with_ties(corpus_archive)
    corpus_archive.tags.add_to_articles(ids[:3], ["common"])
    corpus_archive.trash.trash([ids[1]])
    tag = corpus_archive.tags.find("common")
    db = corpus_archive.db
    monkeypatch.setattr(library_query, "SCREEN", 0)     # walked, not read first
    for descending in (False, True):
        query = LibraryQuery(sort=sort, descending=descending, tag_ids=(tag.id,))
        assert not library_query.tag_first(db, query)
        assert sorted(corpus_archive.articles.ids(query)) == sorted([ids[0], ids[2]])
        assert walk(corpus_archive, query, 1) == corpus_archive.articles.ids(query)
        for sql, params in library_query.page_sqls(query, None, 1):
            steps = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
            tag_step = next(i for i, s in enumerate(steps) if s.startswith("SEARCH x"))
            article_step = next(i for i, s in enumerate(steps) if s.startswith("SEARCH a "))
            assert steps[0].startswith(("SEARCH k", "SCAN k")) and tag_step < article_step, steps
