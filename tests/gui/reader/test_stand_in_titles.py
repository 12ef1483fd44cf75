"""A provisional title (the parser's stand-in for a lost headline) never looks like a real one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from palmyra_archive.gui.models.library_model import NO_TITLE_MARK, REVIEW_COLUMN
from palmyra_archive.gui.reader.article_document import NO_TITLE_TIP


def _rows(window):
    model = window.model
    return [(row, model.summary(row)) for row in range(model.rowCount())]


def test_library_marks_stand_in_titles_and_review_rows(corpus_window):
    model = corpus_window.model
    rows = _rows(corpus_window)
    [(stand_in, summary)] = [(r, s) for r, s in rows if s.title_status == "provisional"]
    index = model.index(stand_in, 0)
    assert index.data() == f"{NO_TITLE_MARK} {summary.title}"
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert NO_TITLE_TIP in index.data(Qt.ItemDataRole.ToolTipRole)
    printed_row, printed = next((r, s) for r, s in rows if s.title_status == "printed")
    printed_index = model.index(printed_row, 0)
    assert printed_index.data() == printed.title
    assert printed_index.data(Qt.ItemDataRole.FontRole) is None
    for row, summary in rows:  # every row that needs review carries a mark by its title
        decoration = model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
        assert (decoration is not None and not decoration.isNull()) == summary.needs_review
        assert (model.index(row, REVIEW_COLUMN).data() == "●") == summary.needs_review


def test_reader_marks_a_stand_in_title(corpus_window):
    [(_row, summary)] = [(r, s) for r, s in _rows(corpus_window) if s.title_status == "provisional"]
    corpus_window.show_article(summary.id)
    text = corpus_window.reader.article_view.toPlainText()
    assert f"{NO_TITLE_MARK} {NO_TITLE_TIP}" in text
