"""The library row's columns are one registry (``library_query.SUMMARY_COLUMNS``, #17): each
``ArticleSummary`` field is read by its definition's name, and the sorts are made from it."""

from __future__ import annotations

import dataclasses
from typing import get_args

from palmyra_archive.core.search import library_query
from palmyra_archive.core.store.records import ArticleSummary, SortKey


def test_every_summary_field_has_one_column_and_every_column_a_field():
    fields = [f.name for f in dataclasses.fields(ArticleSummary)]
    columns = [c.field for c in library_query.SUMMARY_COLUMNS]
    assert sorted(columns) == sorted(fields)
    assert len(set(columns)) == len(columns)


def test_every_sort_key_has_its_expression_from_a_column():
    assert set(library_query.SORT_EXPRESSIONS) == set(get_args(SortKey))
    for column in library_query.SUMMARY_COLUMNS:
        assert (column.sort is None) == (column.sort_sql is None), column.field


def test_a_row_is_read_by_name_with_each_columns_reading(corpus_archive):
    article_id = corpus_archive.articles.ids(library_query.LibraryQuery())[0]
    (summary,) = corpus_archive.articles.summaries([article_id])
    sql = library_query._SUMMARY_SQL.format(marks="?")
    row = corpus_archive.db.execute(sql, [article_id]).fetchone()
    for column, raw in zip(library_query.SUMMARY_COLUMNS, row, strict=True):
        assert getattr(summary, column.field) == column.read(raw), column.field
    assert isinstance(summary.authors, list) and isinstance(summary.needs_review, bool)
    assert summary.tags == sorted(summary.tags) and summary.copy_count >= 1
