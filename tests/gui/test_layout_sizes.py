"""Layout at 1280×800 and 1920×1080 (#16): every library column in view with the title
stretching, tooltips on elided names, Undo/Redo that keep their width, and an Edit metadata
dialog that grows with its message. Real widgets, offscreen, at the window sizes given."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import Qt

from palmyra_archive.gui.models.library_model import COLUMNS
from palmyra_archive.gui.widgets.library_view import MIN_TITLE_WIDTH
from tests.conftest import article_id_for


def _plain(tooltip: str) -> str:
    """A tooltip as read: safe_text.plain_tooltip escapes it inside <qt>…</qt>."""
    return html.unescape(re.sub(r"</?qt>", "", tooltip or ""))


def _at(window, qtbot, width, height):
    window.resize(width, height)
    window.reset_layout()
    qtbot.wait(30)


def _columns_in_view(window) -> list[str]:
    library = window.library
    header = library.horizontalHeader()
    right = library.viewport().width()
    return [COLUMNS[c][0] for c in range(len(COLUMNS))
            if not header.isSectionHidden(c)
            and header.sectionViewportPosition(c) >= 0
            and header.sectionViewportPosition(c) + header.sectionSize(c) <= right]


@pytest.mark.parametrize("width, height, below", [(1280, 800, True), (1920, 1080, False)])
def test_every_library_column_is_in_view_and_the_title_stretches(corpus_window, qtbot, width,
                                                                  height, below):
    window = corpus_window
    _at(window, qtbot, width, height)
    assert window.reader_below is below
    assert _columns_in_view(window) == [c[0] for c in COLUMNS]
    header = window.library.horizontalHeader()
    assert header.sectionSize(0) >= MIN_TITLE_WIDTH
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in range(len(COLUMNS)))
    qtbot.waitUntil(lambda: not window.library.horizontalScrollBar().isVisible(), timeout=2000)
    # sized to content: the date column fits "2016-12-30" and no more than a name column
    date = [c.sort for c in COLUMNS].index("date")
    metrics = window.library.fontMetrics()
    assert metrics.horizontalAdvance("2016-12-30") < header.sectionSize(date) < 120
    reader = window.reader
    assert reader.width() >= 500 and reader.height() >= 300
    if not below:
        assert reader.height() > window.height() * 0.7     # beside the library, full height
    # the title keeps the spare width when the window grows
    before = header.sectionSize(0)
    window.resize(width + 200, height)
    qtbot.wait(30)
    assert header.sectionSize(0) > before


def test_elided_library_cells_and_sidebar_names_say_the_whole_text(corpus_window, qtbot):
    window = corpus_window
    _at(window, qtbot, 1280, 800)
    model, header = window.model, window.library.horizontalHeader()
    metrics = window.library.fontMetrics()
    elided = 0
    for row in range(model.rowCount()):
        for column in range(len(COLUMNS) - 1):
            text = model.index(row, column).data()
            if text and metrics.horizontalAdvance(str(text)) > header.sectionSize(column):
                elided += 1
                tip = _plain(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole))
                assert str(text).replace("⟨no title⟩ ", "") in tip.replace("⟨no title⟩ ", "") or (
                    column == 0 and "no title" in tip), (row, column, text, tip)
    assert elided >= 3      # long titles, "Mondialisation.ca", the site tags
    sidebar = window.sidebar
    items = [sidebar.model().index(r, 0, parent) for parent in
             [sidebar.model().index(p, 0) for p in range(sidebar.model().rowCount())]
             for r in range(sidebar.model().rowCount(parent))]
    outlets = [i for i in items if "Mondialisation.ca" in (i.data() or "")]
    assert outlets and _plain(outlets[0].data(Qt.ItemDataRole.ToolTipRole)).startswith("Mondialisation.ca")
    width = sidebar.visualRect(outlets[0]).width()
    assert sidebar.fontMetrics().horizontalAdvance(outlets[0].data()) + 24 > width  # it is elided


def test_undo_and_redo_keep_their_width_and_name_the_action_in_the_tooltip(corpus_window, qtbot):
    window = corpus_window
    _at(window, qtbot, 1280, 800)
    toolbar = window.toolbar
    undo, redo = toolbar.undo_button, toolbar.redo_button
    widths = (undo.width(), redo.width())
    search_x = window.search_field.mapTo(window, window.search_field.rect().topLeft()).x()
    assert not undo.isEnabled() and undo.toolTip() == "Nothing to undo"
    article_id = article_id_for(window.archive, "000_75c112bd7e1fc9de.txt")
    window.show_article(article_id)
    window.actions_by_name["edit_metadata"].trigger()
    editor = window.metadata_editor
    editor.edits["authors"].setText("Moon of Alabama; B. Anon")
    editor.edits["outlet"].setText("Global Research")
    editor.edits["date"].setText("March 2016")
    editor.save()
    qtbot.wait(20)
    assert undo.isEnabled() and undo.text() == "Undo"
    assert undo.toolTip().startswith("Undo Correct") and "Ctrl+Z" in undo.toolTip()
    assert window.actions_by_name["undo"].text().startswith("&Undo Correct")  # the menu's name
    assert (undo.width(), redo.width()) == widths
    assert window.search_field.mapTo(window, window.search_field.rect().topLeft()).x() == search_x
    undo.click()
    assert redo.isEnabled() and redo.toolTip().startswith("Redo Correct")
    assert archive_date(window, article_id) == "2016-03-31"
    assert (undo.width(), redo.width()) == widths


def archive_date(window, article_id):
    return window.archive.articles.get(article_id).date


def test_the_metadata_editor_grows_with_its_message(corpus_window, qtbot):
    window = corpus_window
    _at(window, qtbot, 1280, 800)
    window.show_article(article_id_for(window.archive, "000_75c112bd7e1fc9de.txt"))
    window.actions_by_name["edit_metadata"].trigger()
    editor = window.metadata_editor
    editor.show()
    qtbot.wait(20)
    editor.resize(editor.width(), editor.sizeHint().height())
    qtbot.wait(20)
    before = editor.height()
    title_row = editor.edits["title"].height()
    editor.edits["date"].setText("next tuesday, or thereabouts, when the ministry says so")
    editor.save()
    qtbot.wait(20)
    assert editor.isVisible() and "not a date" in editor.message.text()
    assert editor.height() > before
    assert editor.edits["title"].height() >= title_row          # no row squeezed
    assert editor.message.height() >= editor.message.heightForWidth(editor.message.width()) - 1
    editor.reject()


def test_a_search_leaves_the_fitted_widths_alone(corpus_window, qtbot):
    window = corpus_window
    _at(window, qtbot, 1280, 800)
    header = window.library.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(1, len(COLUMNS))]
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(window.search_field, "unesco")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)   # the search answered
    assert [header.sectionSize(c) for c in range(1, len(COLUMNS))] == widths


def test_on_a_wide_window_every_fixed_sidebar_entry_shows_whole(corpus_window, qtbot):
    window = corpus_window
    _at(window, qtbot, 1920, 1080)
    sidebar = window.sidebar
    model = sidebar.model()
    fixed = [model.item(row) for row in range(model.rowCount())
             if not model.item(row).hasChildren()]   # All articles, Needs review, Proposed copies, Trash
    assert any(item.text().startswith("Proposed copies") for item in fixed)
    for item in fixed:
        rect = sidebar.visualRect(item.index())
        needed = sidebar.sizeHintForIndex(item.index()).width()   # the delegate's: icon, text, margins
        assert rect.left() + needed <= sidebar.viewport().width(), item.text()
