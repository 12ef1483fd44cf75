"""Rename and delete collections and saved searches from the sidebar, undoably; drop articles on."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog

from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.widgets import sidebar_menu
from palmyra_archive.gui.widgets.sidebar import ARTICLE_IDS_MIME, ENTITY_ROLE


def _entries(window, kind):
    return {item.data(ENTITY_ROLE)[2]: item for item in window.sidebar._iter_items()
            if item.data(ENTITY_ROLE) and item.data(ENTITY_ROLE)[0] == kind}


def _answer(monkeypatch, text):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))


def test_rename_and_delete_a_collection_with_undo(corpus_window, monkeypatch):
    window = corpus_window
    archive = window.archive
    window.sidebar_menu  # noqa: B018 (reading the property installs the menu)
    window.annotating.organiser.file_articles("Russia", [window.model.article_id(0)])
    entity = _entries(window, "collection")["Russia"].data(ENTITY_ROLE)
    menu = window.sidebar_menu.menu_for(entity)
    assert [a.text() for a in menu.actions()] == ["&Rename collection…", "&Delete collection…"]
    _answer(monkeypatch, "Russian role")
    menu.actions()[0].trigger()
    assert [c.name for c in archive.collections.all()] == ["Russian role"]
    assert "Russian role" in _entries(window, "collection")
    window.undo_stack.undo()
    assert [c.name for c in archive.collections.all()] == ["Russia"]

    monkeypatch.setattr(sidebar_menu, "confirm", lambda *a: False)
    window.sidebar_menu.delete_collection(entity[1], "Russia")
    assert len(archive.collections.all()) == 1  # refused at the question: nothing happens
    monkeypatch.setattr(sidebar_menu, "confirm", lambda *a: True)
    window.sidebar_menu.delete_collection(entity[1], "Russia")
    assert archive.collections.all() == [] and "Russia" not in _entries(window, "collection")
    window.undo_stack.undo()
    [back] = archive.collections.all()
    assert back.name == "Russia" and archive.collections.article_ids(back.id) == [
        window.model.article_id(0)]


def test_rename_and_delete_a_saved_search_with_undo_and_redo(corpus_window, monkeypatch):
    window = corpus_window
    searches = window.archive.saved_searches
    search_id = searches.save("Reviews", LibraryQuery(needs_review=True)).created_id
    window.sidebar.refresh()
    _answer(monkeypatch, "To review")
    window.sidebar_menu.rename_search(search_id, "Reviews")
    assert [s.name for s in searches.all()] == ["To review"]
    window.undo_stack.undo()
    assert [s.name for s in searches.all()] == ["Reviews"]
    monkeypatch.setattr(sidebar_menu, "confirm", lambda *a: True)
    window.sidebar_menu.delete_search(search_id, "Reviews")
    assert searches.all() == []
    window.undo_stack.undo()
    [back] = searches.all()
    assert back.name == "Reviews" and back.query == LibraryQuery(needs_review=True)
    window.undo_stack.redo()  # deleting again finds the restored search under its new id
    assert searches.all() == []


def test_a_taken_name_is_refused_in_plain_words(corpus_window, monkeypatch, _no_blocking_dialogs):
    window = corpus_window
    searches = window.archive.saved_searches
    first = searches.save("A", LibraryQuery(text="palmyra")).created_id
    searches.save("B", LibraryQuery(text="museum"))
    _answer(monkeypatch, "B")
    assert window.sidebar_menu.rename_search(first, "A") is None
    assert any("already a saved search" in text for text in _no_blocking_dialogs)


def test_dropping_library_rows_on_a_collection_adds_them(corpus_window, qtbot):
    window = corpus_window
    archive = window.archive
    archive.collections.create("Drop here")
    window.sidebar.refresh()
    ids = [window.model.article_id(0), window.model.article_id(1)]
    mime = window.model.mimeData([window.model.index(0, 0), window.model.index(1, 2)])
    assert json.loads(bytes(mime.data(ARTICLE_IDS_MIME)).decode()) == ids
    item = _entries(window, "collection")["Drop here"]
    window.sidebar.scrollTo(item.index())
    point = QPointF(window.sidebar.visualRect(item.index()).center())
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.sidebar.dropEvent(drop)
    [collection] = archive.collections.all()
    assert sorted(archive.collections.article_ids(collection.id)) == sorted(ids)
    window.undo_stack.undo()
    assert archive.collections.article_ids(collection.id) == []
    nothing = QMimeData()  # kept alive: the event does not own it
    outside = QDropEvent(QPointF(QPoint(2, 2)), Qt.DropAction.CopyAction, nothing,
                         Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.sidebar.dropEvent(outside)  # not articles, not on a collection: ignored
    assert archive.collections.article_ids(collection.id) == []
