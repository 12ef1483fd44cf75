"""The lazy library model, without windows: ids in memory, rows fetched a page at a time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from palmyra_archive.core.store.records import ArticleSummary, LibraryPage, LibraryQuery
from palmyra_archive.gui.models import library_model
from palmyra_archive.gui.models.library_model import COLUMNS, NO_TITLE_MARK, LibraryModel


class CountingArticles:
    """Wraps the real manager and records which ids ``summaries`` was asked for."""

    def __init__(self, real):
        self.real = real
        self.asked: list[list[int]] = []
        self.id_calls: list[tuple[LibraryQuery, dict]] = []
        self.page_calls: list[tuple[LibraryQuery, dict]] = []

    def ids(self, query, **options):
        self.id_calls.append((query, options))
        return self.real.ids(query, **options)

    def page(self, query, **options):
        self.page_calls.append((query, options))
        return self.real.page(query, **options)

    def count(self, query, **options):
        return self.real.count(query, **options)

    def summaries(self, ids):
        self.asked.append(list(ids))
        return self.real.summaries(ids)


class ArchiveWith:
    def __init__(self, articles, cap=500):
        self.articles = articles
        self.search = type("Search", (), {"cap": cap})()


class BigArticles:
    """100,000 ids, summaries made up on demand: proves the model never asks for them all."""

    def __init__(self, n=100_000):
        self.n = n
        self.asked: list[list[int]] = []

        self.pages: list[tuple[tuple | None, int]] = []

    def ids(self, query):
        return list(range(1, self.n + 1))

    def page(self, query, after=None, limit=100):
        """Keyset over ids 1..n sorted by id: the ids after ``after``'s."""
        self.pages.append((after, limit))
        start = after[1] if after else 0
        ids = list(range(start + 1, min(start + limit, self.n) + 1))
        return LibraryPage(ids=ids, last=(ids[-1], ids[-1]) if ids else after, done=len(ids) < limit)

    def count(self, query):
        return self.n

    def lists(self, query, article_id):
        return 1 <= article_id <= self.n

    def summaries(self, ids):
        self.asked.append(list(ids))
        return [ArticleSummary(id=i, title=f"Article {i}", title_status="printed", authors=[],
                               outlet=None, date=None, original_outlet=None, word_count=i,
                               tags=[], annotation_count=0, needs_review=False) for i in ids]


def test_rows_are_fetched_a_page_at_a_time(qapp, corpus_archive, monkeypatch):
    monkeypatch.setattr(library_model, "PAGE_SIZE", 2)
    articles = CountingArticles(corpus_archive.articles)
    model = LibraryModel(ArchiveWith(articles))
    ids = corpus_archive.articles.ids(LibraryQuery())
    assert model.rowCount() == len(ids) == 5
    assert articles.asked == []                       # nothing fetched before a row is shown

    title = model.index(0, 0).data()
    assert articles.asked == [ids[0:2]]
    assert title == corpus_archive.articles.summaries([ids[0]])[0].title
    model.index(1, 2).data()                          # same page: cached
    assert articles.asked == [ids[0:2]]
    model.index(4, 0).data()
    assert articles.asked == [ids[0:2], ids[4:5]]


def test_a_hundred_thousand_rows_only_visible_pages_fetched(qapp):
    articles = BigArticles()
    model = LibraryModel(ArchiveWith(articles))
    assert model.rowCount() == 100_000
    assert model.index(50_000, 0).data() == "Article 50001"
    assert model.index(50_001, 5).data() == 50_002
    assert len(articles.asked) == 1 and len(articles.asked[0]) == library_model.PAGE_SIZE
    assert model.fetched_rows == library_model.PAGE_SIZE
    # the ids came by key: the first screenful, then one read from its last key to row 50,001
    assert articles.pages == [(None, 100), ((100, 100), 50_000)]


def test_the_lru_cache_forgets_old_pages(qapp, monkeypatch):
    monkeypatch.setattr(library_model, "MAX_CACHED_PAGES", 2)
    articles = BigArticles(1000)
    model = LibraryModel(ArchiveWith(articles))
    for row in (0, 150, 250, 0):
        model.index(row, 0).data()
    assert [page[0] for page in articles.asked] == [1, 101, 201, 1]


def test_sorting_is_asked_of_the_archive(qapp, corpus_archive):
    model = LibraryModel(corpus_archive)
    title_column = [c[1] for c in COLUMNS].index("title")
    model.sort(title_column, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "title" and model.query.descending
    shown = [model.index(r, title_column).data().removeprefix(NO_TITLE_MARK + " ")
             for r in range(model.rowCount())]  # a stand-in title is shown marked
    expected = [s.title for s in corpus_archive.articles.summaries(
        corpus_archive.articles.ids(LibraryQuery(sort="title", descending=True)))]
    assert shown == expected
    assert model.row_of(model.article_id(3)) == 3


def test_needs_review_mark_and_tooltip(qapp, corpus_archive):
    model = LibraryModel(corpus_archive)
    review_column = len(COLUMNS) - 1
    marks = {model.article_id(r): model.index(r, review_column).data() for r in range(model.rowCount())}
    flagged = set(corpus_archive.articles.ids(LibraryQuery(needs_review=True)))
    assert {i for i, mark in marks.items() if mark} == flagged
    row = model.row_of(next(iter(flagged)))
    assert "unsure" in model.index(row, review_column).data(Qt.ItemDataRole.ToolTipRole)


def test_a_refused_query_leaves_the_model_as_it_was(qapp, corpus_archive):
    from palmyra_archive.core.store.errors import SearchSyntaxError

    class Refusing(CountingArticles):
        def ids(self, query, **options):
            if query.text:
                raise SearchSyntaxError("That search cannot be read.")
            return self.real.ids(query, **options)

    model = LibraryModel(ArchiveWith(Refusing(corpus_archive.articles)))
    with pytest.raises(SearchSyntaxError):
        model.set_query(LibraryQuery(text="("))
    assert model.query == LibraryQuery() and model.rowCount() == 5
    assert model.index(0, 0).data()


def test_a_text_filter_looks_where_the_search_worker_looks(qapp, corpus_archive):
    """A reload after a write must show what the (capped) search showed, not run the exact filter."""
    articles = CountingArticles(corpus_archive.articles)
    model = LibraryModel(ArchiveWith(articles, cap=7))
    articles.id_calls.clear()
    model.set_query(LibraryQuery(text="palmyra"))
    model.reload()
    assert [options for _q, options in articles.id_calls] == [{"text_cap": 7}, {"text_cap": 7}]
    assert model.rowCount() == len(corpus_archive.articles.ids(LibraryQuery(text="palmyra"), text_cap=7))
    model.set_query(LibraryQuery())                   # no text: paged by key, not every id
    assert len(articles.id_calls) == 2 and articles.page_calls[-1] == (LibraryQuery(), {"limit": 100})


def test_every_sort_pages_by_key_to_the_same_rows_as_ids(qapp, corpus_archive, monkeypatch):
    """Two rows a page: the rows reached one page after another (and a row found by id before
    its page was reached) are the archive's ids in its order, for every column's sort."""
    monkeypatch.setattr(library_model, "PAGE_SIZE", 2)
    articles = CountingArticles(corpus_archive.articles)
    model = LibraryModel(ArchiveWith(articles))
    for column, entry in enumerate(COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            expected = corpus_archive.articles.ids(model.query)
            assert model.rowCount() == len(expected)
            assert model.row_of(expected[-1]) == len(expected) - 1, entry.sort   # fetched on by key
            assert [model.article_id(r) for r in range(model.rowCount())] == expected, entry.sort
    assert all(options.get("limit", 0) <= 4 for _q, options in articles.page_calls)
    assert articles.id_calls == []                  # never every id


def test_finding_an_articles_row_reads_a_bounded_stretch_not_every_row_before_it(qapp):
    """Opening an article from elsewhere looks for its row among the rows held and the next
    ``ROW_OF_REACH`` only (#19: from the middle of 1,000,000 it read 500,000 rows, 0.8 s);
    further down, ``lists`` says the view still lists it, with one look-up."""
    articles = BigArticles()
    model = LibraryModel(ArchiveWith(articles))
    reach = library_model.ROW_OF_REACH
    assert model.row_of(50) == 49 and articles.pages == [(None, 100)]      # held
    assert model.row_of(150) == 149                                        # the next stretch
    assert articles.pages[-1][0] == (100, 100) and articles.pages[-1][1] <= reach + library_model.PAGE_SIZE
    far = 99_000
    before = len(articles.pages)
    assert model.row_of(far) is None
    assert len(articles.pages) == before + 1
    assert articles.pages[-1][1] <= reach + library_model.PAGE_SIZE          # not the 100,000
    assert model.lists(far) and not model.lists(200_000)
