"""Managing the library through the real widgets (#20): Move to Trash from the menu, the
context menu and the Delete key, the sidebar's Trash (N), restore, undo, Empty Trash with its
confirmation; merge; review; Copy citation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.widgets.library_menu import COMPARE_SLOT
from palmyra_archive.gui.widgets.sidebar import QUERY_ROLE


def _trash_item(window):
    return next(i for i in window.sidebar._iter_items() if i.data(QUERY_ROLE) == LibraryQuery(trash=True))


def _select_rows(window, rows):
    view = window.library
    view.clearSelection()
    for row in rows:
        view.selectionModel().select(window.model.index(row, 0),
                                     view.selectionModel().SelectionFlag.Select
                                     | view.selectionModel().SelectionFlag.Rows)
    view.setCurrentIndex(window.model.index(rows[0], 0))
    view.selectionModel().select(window.model.index(rows[-1], 0),
                                 view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)


def _texts(menu):
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_context_menu_carries_what_a_user_expects(corpus_window):
    window = corpus_window
    _select_rows(window, [0])
    menu = window.managing.build_context_menu(window.library.selected_article_ids())
    assert _texts(menu) == ["Open", "Edit metadata…", "Review…", "Tag articles…",
                            "Add to collection…", "Copy citation", "Show source file",
                            "Compare with…", "Move to Trash", "Export selection…"]
    assert any(a.isSeparator() and a.objectName() == COMPARE_SLOT for a in menu.actions())
    seen = []
    window.managing.add_context_extension(lambda m, ids: seen.append(ids))
    _select_rows(window, [0, 1])
    menu = window.managing.build_context_menu(window.library.selected_article_ids())
    assert "Merge works…" in _texts(menu) and len(seen[-1]) == 2
    window.managing.actions["show_source"].trigger()
    assert window.reader.tabs.currentWidget() is window.reader.tabs.widget(1) or \
        window.reader.tabs.currentIndex() == 1


def test_trash_with_delete_key_sidebar_count_restore_and_undo(corpus_window, qtbot):
    window = corpus_window
    archive = window.archive
    total = window.model.rowCount()
    assert _trash_item(window).text() == "Trash  (0)"
    _select_rows(window, [0])
    first = window.library.current_article_id()
    window.library.setFocus()
    qtbot.keyClick(window.library, Qt.Key.Key_Delete)
    assert archive.trash.ids() == [first]
    assert window.model.rowCount() == total - 1
    assert window.reader.article_id == window.library.current_article_id() != first
    assert _trash_item(window).text() == "Trash  (1)"
    assert f"{total - 1} articles" in window.counts_label.text()
    window.undo_stack.undo()
    assert archive.trash.ids() == [] and window.model.rowCount() == total
    window.undo_stack.redo()
    assert archive.trash.ids() == [first]

    # the context menu's Move to Trash, then the Trash node and Restore
    _select_rows(window, [0])
    second = window.library.current_article_id()
    menu = window.managing.build_context_menu([second])
    next(a for a in menu.actions() if a.text() == "Move to &Trash").trigger()
    assert set(archive.trash.ids()) == {first, second}
    window.sidebar.setCurrentIndex(_trash_item(window).index())
    assert window.model.query.trash and window.model.rowCount() == 2
    assert window.counts_label.text().startswith("2 in the Trash")
    menu = window.managing.build_context_menu([first])
    assert _texts(menu)[:3] == ["Open", "Restore from Trash", "Empty Trash…"]
    _select_rows(window, [window.model.row_of(first)])
    window.managing.actions["restore"].trigger()
    assert archive.trash.ids() == [second] and window.model.rowCount() == 1
    window.undo_stack.undo()
    assert set(archive.trash.ids()) == {first, second}


def test_empty_trash_says_what_goes_and_cancel_keeps_it(corpus_window, monkeypatch):
    window = corpus_window
    archive = window.archive
    ids = archive.articles.ids()[:2]
    window.managing.trash(ids)
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.text()) or 0)
    assert window.managing.empty_trash() is False
    assert "2 articles" in asked[0] and "source files" in asked[0] and "cannot be undone" in asked[0]
    assert archive.trash.count() == 2

    def click_remove(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Remove for good").click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", click_remove)
    assert window.managing.empty_trash() is True
    assert archive.trash.count() == 0 and _trash_item(window).text() == "Trash  (0)"
    assert len(archive.events.list(action="purge")) == 2
    assert archive.integrity.verify().ok


def test_merge_dialog_picks_title_and_undo_separates(corpus_window):
    window = corpus_window
    archive = window.archive
    _select_rows(window, [0, 1])
    ids = window.library.selected_article_ids()
    total = archive.articles.total_count()
    dialog = window.managing.merge_selection()
    assert dialog is not None
    dialog.title.setCurrentIndex(1)
    keep, others, title_from, _authors = dialog.choice()
    wanted = archive.articles.get(title_from).title
    dialog.merge_button.click()
    assert archive.articles.total_count() == total - 1
    assert archive.articles.get(keep).title == wanted
    assert window.model.rowCount() == total - 1
    window.undo_stack.undo()
    assert archive.articles.total_count() == total and set(ids) <= set(archive.articles.ids())


def test_review_dialog_marks_a_reason_and_the_count_follows(corpus_window):
    import json
    window = corpus_window
    archive = window.archive
    article_id = archive.articles.ids()[0]
    copy_id = archive.articles.get(article_id).copy_id
    archive.db.execute("UPDATE copies SET needs_review = ? WHERE id = ?",
                       [json.dumps(["caption truncated"]), copy_id])
    archive.db.conn.commit()
    window.sidebar.refresh()
    before = window.sidebar.article_counts[1]
    window.show_article(article_id)
    dialog = window.managing.review_current()
    assert "caption truncated" in dialog.mark_buttons
    dialog.mark_buttons["caption truncated"].click()
    assert window.sidebar.article_counts[1] == before - 1
    assert dialog.mark_buttons == {}
    window.undo_stack.undo()
    assert window.sidebar.article_counts[1] == before


def test_copy_citation_puts_rich_and_plain_text_with_keys(corpus_window, qtbot):
    window = corpus_window
    _select_rows(window, [0, 1])
    window.library.setFocus()
    qtbot.keyClick(window.library, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    from palmyra_archive.core.library.citation import cite
    expected = cite(window.archive, window.library.selected_article_ids(), window.managing.citation_style())
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasHtml() and data.html().count("<p ") >= 4        # two entries, two key lines
    assert all(line[:12] in data.html() for line in expected.text.splitlines())
    lines = data.text().splitlines()
    assert lines == [*expected.text.splitlines(), expected.pandoc, expected.latex]
    assert "<" not in data.text()


def _merged_pair(window):
    from palmyra_archive.core.store.changes import Changes

    keep, other = window.archive.articles.ids()[:2]
    window.archive.works.merge(keep, [other])
    window.hub.archive_did_change.emit(Changes(articles=True))
    return keep


def test_move_this_copy_to_trash_from_the_row_menu_and_the_provenance_tab(corpus_window, qtbot):
    from palmyra_archive.gui.reader.provenance_tab import TRASH_COPY_ANCHOR

    window = corpus_window
    archive = window.archive
    lone = archive.articles.ids()[2]
    menu = window.managing.build_context_menu([lone])
    assert "Move this copy to Trash" not in _texts(menu)      # a work with one copy: no such entry
    work = _merged_pair(window)
    _select_rows(window, [window.model.row_of(work)])
    window.reader.show_article(work)
    window.reader.set_tab("provenance")
    shown = archive.articles.get(work).copy_id
    menu = window.managing.build_context_menu([work])
    assert _texts(menu).index("Move this copy to Trash") == _texts(menu).index("Move to Trash") + 1
    next(a for a in menu.actions() if a.text().replace("&", "") == "Move this copy to Trash").trigger()
    assert [c.copy_id for c in archive.trash.copies()] == [shown]
    assert work in archive.articles.ids()                       # the work stays
    now = archive.articles.get(work).copy_id
    assert now != shown and window.reader.detail.copy_id == now  # the reader shows the next copy
    listing = window.reader.provenance_tab.rights.toHtml()
    assert "in the Trash" in listing and f"{TRASH_COPY_ANCHOR}" not in listing   # one left: no link
    window.undo_stack.undo()
    assert archive.trash.copies() == [] and archive.articles.get(work).copy_id == shown

    # the Provenance tab's copy list: each copy's link moves that copy
    window.reader.show_article(work)
    window.reader.set_tab("provenance")
    tab = window.reader.provenance_tab
    other = next(c.copy_id for c in archive.articles.get(work).copies if c.copy_id != shown)
    assert f"{TRASH_COPY_ANCHOR}{other}" in tab.rights.toHtml()
    from PySide6.QtCore import QUrl
    tab.rights.anchorClicked.emit(QUrl(f"{TRASH_COPY_ANCHOR}{other}"))
    assert [c.copy_id for c in archive.trash.copies()] == [other]
    assert archive.articles.get(work).copy_id == shown          # not the shown one: it stays shown
    tab.rights.anchorClicked.emit(QUrl("https://example.org/"))  # any other link does nothing
    assert [c.copy_id for c in archive.trash.copies()] == [other]
