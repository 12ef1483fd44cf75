"""The library's statements stay on the narrow indexes that keep them fast at 100,000 articles.

Why plans, not timings: speed is measured by ``benchmarks/bench_search.py``; what can regress
silently is SQLite choosing to read each wide copy row (body and all) or every article row
in title order, which the corpus archive is too small to show in a timing but its query plan
shows. Results are checked too: the narrow path must give the same ids as the wide join.
"""

from __future__ import annotations

import pytest

from palmyra_archive.core.search import library_query
from palmyra_archive.core.store.records import LibraryQuery

SORTS = list(library_query.SORT_EXPRESSIONS)


def plan(archive, sql: str, params: list) -> list[str]:
    return [row[3] for row in archive.db.execute("EXPLAIN QUERY PLAN " + sql, params)]


def reads_copy_rows(steps: list[str]) -> bool:
    """A step that reads the copies table itself (not a covering index) for the shown copy."""
    return any(s.split()[:2] in (["SCAN", "c"], ["SEARCH", "c"]) and "COVERING INDEX" not in s
               for s in steps)


def queries(archive) -> list[LibraryQuery]:
    outlet = archive.db.execute("SELECT outlet_id FROM copies LIMIT 1").fetchone()[0]
    out = [LibraryQuery(sort=s, descending=d) for s in SORTS for d in (False, True)]
    out += [LibraryQuery(outlet_id=outlet, sort="title"), LibraryQuery(needs_review=True),
            LibraryQuery(needs_review=False, sort="date"), LibraryQuery(text="palmyra", sort="words"),
            LibraryQuery(date_from="2016-01-01", sort="authors"),
            LibraryQuery(outlet_id=outlet, date_to="2017-01-01", sort="date", descending=True)]
    return out


def test_no_sort_or_filter_reads_the_wide_copy_rows(corpus_archive):
    for query in queries(corpus_archive):
        sql, params = library_query.ids_sql(query)
        steps = plan(corpus_archive, sql, params)
        assert not reads_copy_rows(steps), (query, steps)


@pytest.mark.parametrize("sort", ["title", "authors"])
@pytest.mark.parametrize("descending", [False, True])
def test_title_and_author_orders_come_from_an_index(corpus_archive, sort, descending):
    sql, params = library_query.ids_sql(LibraryQuery(sort=sort, descending=descending))
    steps = plan(corpus_archive, sql, params)
    assert not any("TEMP B-TREE" in s for s in steps), steps
    assert any("COVERING INDEX articles_library_" in s for s in steps), steps


@pytest.mark.parametrize("query", [LibraryQuery(sort="date"),
                                   LibraryQuery(sort="date", descending=True, outlet_id=1)])
def test_date_order_comes_from_the_date_index(corpus_archive, query):
    steps = plan(corpus_archive, *library_query.ids_sql(query))
    assert any("COVERING INDEX copies_library_date" in s for s in steps), steps
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps    # only ties are sorted


def test_the_narrow_path_gives_the_ids_of_the_wide_join(corpus_archive):
    """Every sort and filter, against the same ORDER BY over the plain join of every row."""
    db = corpus_archive.db
    corpus_archive.articles.correct(corpus_archive.articles.ids()[0], title="Zz corrected",
                                    authors=["Aa Author"])
    for query in queries(corpus_archive):
        where, params = library_query.where_clause(query)
        expression = library_query.SORT_EXPRESSIONS[query.sort]
        direction = "DESC" if query.descending else "ASC"
        wide = [r[0] for r in db.execute(
            "SELECT a.id FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
            f"{where} ORDER BY {expression} {direction}, a.id {direction}", params)]
        assert corpus_archive.articles.ids(query) == wide, query
        assert corpus_archive.articles.count(query) == len(wide), query


def test_count_without_filters_reads_no_copy(corpus_archive):
    sql = "SELECT count(*) " + library_query._from_where(LibraryQuery())[0]
    assert not any(s.split()[1:2] == ["c"] for s in plan(corpus_archive, sql, []))
    assert corpus_archive.articles.count() == corpus_archive.articles.total_count()
