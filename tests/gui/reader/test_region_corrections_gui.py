"""Correcting the split in the Source tab (issue #3): select lines, "This is… › Site text",
the Article tab follows, undo brings the text back, an annotation elsewhere survives."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from tests.conftest import article_id_for

FILE_004 = "004_0c71e4d245fb43f8.txt"
FIRST = "The month of March has been sullied by numerous worldwide terrorist attacks."


def _select(tab, start: int, end: int) -> None:
    cursor = tab.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    tab.text.setTextCursor(cursor)


def _is_caption(window, article_id: int) -> bool:
    return any(c.startswith(FIRST) for c in window.archive.articles.get(article_id).captions)


def _action(menu, name: str):
    for action in menu.findChildren(type(menu.actions()[0])):
        if action.objectName() == name:
            return action
    raise AssertionError(f"no action {name} in the Source tab's menu")


def test_mark_site_text_in_the_source_tab_then_undo(corpus_window, qtbot):
    window = corpus_window
    article_id = article_id_for(window.archive, FILE_004)
    body = window.archive.articles.get(article_id).body
    later = body.index("Palmyra", len(body) // 2)
    kept_id = window.archive.annotations.create(article_id, later, later + 7, note="kept").created_id
    window.show_article(article_id)
    window.reader.set_tab("source")
    tab = window.reader.source_tab
    source = tab.text.toPlainText()
    start = source.index(FIRST)
    _select(tab, start + 3, start + 20)       # part of the line: the whole line is meant
    menu = tab.context_menu()
    assert _action(menu, "clearRegionCorrections").isEnabled() is False
    _action(menu, "markRegion_site_text").trigger()

    assert window.archive.articles.region_corrections(article_id)
    assert FIRST not in window.archive.articles.get(article_id).body
    window.reader.set_tab("article")
    assert FIRST not in window.reader.article_view.toPlainText()
    window.reader.set_tab("source")
    assert "Corrected by you" in tab.legend_labels()
    assert window.undo_stack.undoText().startswith("Mark as site text")
    kept = window.archive.annotations.get(kept_id)
    assert kept.anchor_status != "orphan"
    assert window.archive.articles.get(article_id).body[kept.start:kept.end] == "Palmyra"

    window.undo_stack.undo()
    assert window.archive.articles.region_corrections(article_id) == []
    window.reader.set_tab("article")
    assert FIRST in window.reader.article_view.toPlainText()
    kept = window.archive.annotations.get(kept_id)
    assert window.archive.articles.get(article_id).body[kept.start:kept.end] == "Palmyra"
    window.undo_stack.redo()
    assert FIRST not in window.archive.articles.get(article_id).body


def test_no_selection_no_marking_and_clearing_is_undoable(corpus_window, qtbot):
    window = corpus_window
    article_id = article_id_for(window.archive, FILE_004)
    window.show_article(article_id)
    window.reader.set_tab("source")
    tab = window.reader.source_tab
    menu = tab.context_menu()
    assert not _action(menu, "markRegion_body").parent().isEnabled()
    start = tab.text.toPlainText().index(FIRST)
    _select(tab, start, start + 10)
    _action(tab.context_menu(), "markRegion_caption").trigger()
    assert _is_caption(window, article_id)
    clear = _action(tab.context_menu(), "clearRegionCorrections")
    assert clear.isEnabled()
    clear.trigger()
    assert not _is_caption(window, article_id)
    window.undo_stack.undo()
    assert _is_caption(window, article_id)


def test_a_refused_mark_is_told_and_changes_nothing(corpus_window, qtbot, _no_blocking_dialogs):
    window = corpus_window
    article_id = article_id_for(window.archive, FILE_004)
    window.show_article(article_id)
    window.reader.set_tab("source")
    body = window.archive.articles.get(article_id).body
    window.reader.source_tab.regions_marked.emit(0, 10_000_000, "body")   # past the end
    assert any("past the end" in text for text in _no_blocking_dialogs)
    assert window.undo_stack.count() == 0
    assert window.archive.articles.get(article_id).body == body
