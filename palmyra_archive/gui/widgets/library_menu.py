"""Managing the library from the app (#20): the row's context menu, Move to Trash (Delete),
Restore, Empty Trash…, Merge works…, Review…, Copy citation (Ctrl+Shift+C).

Every write goes through the core services (``archive.trash``, ``archive.works``,
``archive.review``) and ``gui.ops.perform``, so each is undoable (except emptying
the Trash, which asks first and says what will go) and every view refreshes from the hub.

The context menu is built by ``build_context_menu``; other features add their entries with
``add_context_extension(callable(menu, article_ids))`` — the place for "Compare with…" is
``COMPARE_SLOT``, after "Show source file" (the text-reuse work adds it there).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from ...core.store.errors import PalmyraError
from ..common.errors import show_error
from ..common.safe_text import plain_label
from ..ops import perform

#: the object name of the separator after which "Compare with…" belongs
COMPARE_SLOT = "compareSlot"
#: the style Copy citation uses until the user picks another in the Export window
CITATION_STYLE_KEY = "export/style"


class LibraryManaging(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._extensions: list[Callable[[QMenu, list[int]], None]] = []
        self.menu: QMenu | None = None
        a = self.actions = {
            "trash": self._action("Move to &Trash", self.trash_selection, QKeySequence.StandardKey.Delete,
                                  "Move the selected articles to the Trash (undo brings them back)"),
            "restore": self._action("&Restore from Trash", self.restore_selection, None,
                                    "Put the selected articles in the Trash back in the library"),
            "empty_trash": self._action("Empty T&rash…", self.empty_trash, None,
                                        "Remove the articles in the Trash for good, after saying what goes"),
            "merge": self._action("&Merge works…", self.merge_selection, None,
                                  "Merge the selected articles into one work (the same text)"),
            "review": self._action("Re&view…", self.review_current, None,
                                   "What needs review in this article, and how to resolve it"),
            "copy_citation": self._action("Copy &citation", self.copy_citation, "Ctrl+Shift+C",
                                          "Copy the selected articles' bibliography entries and keys"),
            "open": self._action("&Open", self.open_current, None, "Show the article in the reader"),
            "show_source": self._action("Show &source file", self.show_source, None,
                                        "Show the archived file in the Source tab"),
            "trash_copy": self._action("Move this cop&y to Trash", self.trash_shown_copy, None,
                                       "Move the copy shown for this work to the Trash; the work keeps "
                                       "its other copies (undo brings it back)"),
        }
        # Delete only where the library has focus: a text field keeps its own Delete key
        a["trash"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.library.addAction(a["trash"])
        edit = window.menus["edit"]
        edit.addSeparator()
        edit.addAction(a["copy_citation"])
        self.style_menu = edit.addMenu("Citation st&yle")
        self.style_menu.aboutToShow.connect(self._fill_style_menu)
        edit.addActions([a["review"], a["merge"]])
        edit.addSeparator()
        edit.addActions([a["trash"], a["restore"], a["empty_trash"]])
        window.library.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.library.customContextMenuRequested.connect(self._show_context_menu)

    def _action(self, text: str, slot, shortcut, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- the context menu ----------------------------------------------------------------

    def add_context_extension(self, extend: Callable[[QMenu, list[int]], None]) -> None:
        """``extend(menu, article_ids)`` is called on every context menu, after the
        ``COMPARE_SLOT`` separator has been added (insert before ``menu.compare_slot``)."""
        self._extensions.append(extend)

    def in_trash_view(self) -> bool:
        return bool(self.window.model.query.trash)

    def build_context_menu(self, ids: list[int]) -> QMenu:
        w = self.window
        menu = QMenu(w.library)
        menu.setObjectName("libraryContextMenu")
        a, ann = self.actions, w.annotating.actions
        one = len(ids) == 1
        menu.addAction(a["open"])
        a["open"].setEnabled(one)
        if self.in_trash_view():
            menu.addAction(a["restore"])
            menu.addAction(a["empty_trash"])
            menu.addSeparator()
            menu.addAction(a["copy_citation"])
            a["copy_citation"].setEnabled(False)   # the Trash is not cited
            return self._finish(menu, ids)
        a["copy_citation"].setEnabled(bool(ids))
        menu.addAction(w.actions_by_name["edit_metadata"])
        menu.addAction(a["review"])
        menu.addSeparator()
        menu.addActions([ann["tag_articles"], ann["collect"]])
        menu.addSeparator()
        menu.addAction(a["copy_citation"])
        menu.addAction(a["show_source"])
        slot = menu.addSeparator()
        slot.setObjectName(COMPARE_SLOT)
        menu.compare_slot = slot   # type: ignore[attr-defined]
        if len(ids) >= 2:
            menu.addAction(a["merge"])
        menu.addAction(a["trash"])
        if one and self._live_copies(ids[0]) >= 2:
            menu.addAction(a["trash_copy"])
            self._copy_target = ids[0]
        menu.addSeparator()
        menu.addAction(w.exporting.export_selection_action)
        return self._finish(menu, ids)

    def _finish(self, menu: QMenu, ids: list[int]) -> QMenu:
        for extend in self._extensions:
            extend(menu, ids)
        self.menu = menu
        return menu

    def _show_context_menu(self, pos) -> None:
        view = self.window.library
        index = view.indexAt(pos)
        if index.isValid() and not view.selectionModel().isRowSelected(index.row(), index.parent()):
            view.selectRow(index.row())
        ids = view.selected_article_ids()
        if not ids:
            return
        self.build_context_menu(ids).popup(view.viewport().mapToGlobal(pos))

    # -- helpers ---------------------------------------------------------------------------

    def _ids(self, what: str) -> list[int]:
        ids = self.window.library.selected_article_ids()
        if not ids:
            self.window.statusBar().showMessage(f"Choose the articles to {what} first.", 5000)
        return ids

    def _first_selected_row(self) -> int:
        rows = [i.row() for i in self.window.library.selectionModel().selectedRows()]
        return min(rows) if rows else 0

    def _select_near(self, row: int) -> None:
        """After rows left the view: the row that took their place is shown (or nothing)."""
        view, model = self.window.library, self.window.model
        if model.rowCount() == 0:
            self.window.reader.show_article(None)
            return
        view.selectRow(min(row, model.rowCount() - 1))
        self.window.reader.show_article(view.current_article_id())

    def open_current(self) -> None:
        article_id = self.window.library.current_article_id()
        if article_id is not None:
            self.window.reader.show_article(article_id)
            self.window.reader.tabs.setFocus()

    def show_source(self) -> None:
        article_id = self.window.library.current_article_id()
        if article_id is not None:
            if self.window.reader.article_id != article_id:
                self.window.reader.show_article(article_id)
            self.window.reader.set_tab("source")

    # -- Trash -----------------------------------------------------------------------------

    def trash_selection(self) -> None:
        if self.in_trash_view():
            self.window.statusBar().showMessage("These articles are in the Trash already; Empty "
                                                "Trash removes them for good.", 6000)
            return
        ids = self._ids("move to the Trash")
        if ids:
            row = self._first_selected_row()
            if self.trash(ids) is not None:
                self._select_near(row)

    def trash(self, ids: list[int]):
        archive = lambda: self.window.archive  # noqa: E731
        n = len(ids)
        return perform(self.window, f"Move {n} article{'s' if n != 1 else ''} to the Trash",
                       lambda: archive().trash.trash(ids),
                       undo=lambda _last: archive().trash.restore(ids))

    def _live_copies(self, article_id: int) -> int:
        """How many copies of the work are in the library (neither replaced nor trashed)."""
        try:
            detail = self.window.archive.articles.get(article_id)
        except PalmyraError:
            return 0
        return sum(1 for c in detail.copies if not c.in_trash and not c.superseded_by_id)

    def trash_shown_copy(self) -> None:
        article_id = getattr(self, "_copy_target", None) or self.window.library.current_article_id()
        if article_id is None:
            return
        try:
            copy_id = self.window.archive.articles.get(article_id).copy_id
        except PalmyraError as exc:
            show_error(self.window, exc)
            return
        self.trash_copy(copy_id)

    def trash_copy(self, copy_id: int):
        """One copy of a work to the Trash (the work keeps its others); undo restores it."""
        archive = lambda: self.window.archive  # noqa: E731
        return perform(self.window, f"Move copy {copy_id} to the Trash",
                       lambda: archive().trash.trash_copy(copy_id),
                       undo=lambda _last: archive().trash.restore_copy(copy_id))

    def restore_selection(self) -> None:
        ids = self._ids("restore")
        if ids:
            row = self._first_selected_row()
            if self.restore(ids) is not None:
                self._select_near(row)

    def restore(self, ids: list[int]):
        archive = lambda: self.window.archive  # noqa: E731
        n = len(ids)
        return perform(self.window, f"Restore {n} article{'s' if n != 1 else ''} from the Trash",
                       lambda: archive().trash.restore(ids),
                       undo=lambda _last: archive().trash.trash(ids))

    def empty_trash(self) -> bool:
        """Ask, saying what will go; on Yes remove it for good (not undoable)."""
        archive = self.window.archive
        plan = archive.trash.plan()
        if not plan.article_ids:
            self.window.statusBar().showMessage("The Trash is empty.", 5000)
            return False
        box = plain_label(QMessageBox(QMessageBox.Icon.Warning, "Empty Trash", plan.describe(),
                                      QMessageBox.StandardButton.Cancel, self.window))
        remove = box.addButton("Remove for good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("emptyTrashConfirmation")
        self.confirmation = box
        box.exec()
        if box.clickedButton() is not remove:
            return False
        try:
            changes = archive.trash.empty(plan.article_ids)
        except PalmyraError as exc:
            show_error(self.window, exc)
            return False
        self.window.undo_stack.clear()   # the steps before may name rows that are gone
        self.window.hub.archive_did_change.emit(changes)
        return True

    # -- merge, review, citation ----------------------------------------------------------

    def merge_selection(self):
        ids = self._ids("merge")
        if len(ids) < 2:
            self.window.statusBar().showMessage("Select two or more articles to merge.", 5000)
            return None
        from ..dialogs.merge_works import MergeWorksDialog
        try:
            dialog = MergeWorksDialog(self.window.archive, ids, self.merge, self.window)
        except PalmyraError as exc:
            show_error(self.window, exc)
            return None
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def merge(self, keep: int, others: list[int], title_from: int, authors_from: int):
        archive = lambda: self.window.archive  # noqa: E731
        state = {}

        def do():
            changes = archive().works.merge(keep, others, title_from=title_from, authors_from=authors_from)
            state["snapshot"] = changes.extra["snapshot"]
            return changes
        changes = perform(self.window, f"Merge {len(others) + 1} works", do,
                          undo=lambda _last: archive().works.unmerge(state["snapshot"]))
        if changes is not None:
            self.window.show_article(keep)
        return changes

    def apply_citation(self, article_id: int, before: dict, after: dict):
        """The metadata editor's citation fields: written now (raises PalmyraError if refused),
        undoable."""
        archive = lambda: self.window.archive  # noqa: E731
        return perform(self.window, "Correct citation metadata",
                       lambda: archive().citation_fields.set(article_id, **after),
                       undo=lambda _last: archive().citation_fields.set(article_id, **before),
                       raising=True)

    def review_current(self):
        article_id = self.window.reader.article_id or self.window.library.current_article_id()
        if article_id is None:
            self.window.statusBar().showMessage("Choose an article first.", 5000)
            return None
        from ..dialogs.review import ReviewDialog
        dialog = ReviewDialog(self.window, article_id)
        self.review_dialog = dialog
        dialog.open()
        return dialog

    def mark_reviewed(self, article_id: int, reason: str):
        archive = lambda: self.window.archive  # noqa: E731
        return perform(self.window, f"Mark “{reason}” reviewed",
                       lambda: archive().review.mark_reviewed(article_id, reason),
                       undo=lambda _last: archive().review.unmark_reviewed(article_id, reason))

    def citation_style(self) -> str:
        from ...core.export.bibliography import DEFAULT_STYLE, available_styles
        from ..common.settings import settings
        style = str(settings().value(CITATION_STYLE_KEY, DEFAULT_STYLE) or DEFAULT_STYLE)
        return style if style in available_styles() else DEFAULT_STYLE

    def set_citation_style(self, style: str) -> None:
        from ..common.settings import settings
        settings().setValue(CITATION_STYLE_KEY, style)

    def _fill_style_menu(self) -> None:
        from ...core.export.bibliography import available_styles
        self.style_menu.clear()
        current = self.citation_style()
        for style, title in available_styles().items():
            action = self.style_menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(style == current)
            action.triggered.connect(lambda _c=False, s=style: self.set_citation_style(s))

    def copy_citation(self):
        ids = self._ids("cite")
        if not ids:
            return None
        from ...core.library.citation import cite
        try:
            citation = cite(self.window.archive, ids, self.citation_style())
        except PalmyraError as exc:
            show_error(self.window, exc)
            return None
        put_on_clipboard(citation)
        n = citation.entries
        self.window.statusBar().showMessage(
            f"Copied {n} citation{'s' if n != 1 else ''} ({self.citation_style()}) and the keys "
            f"{citation.pandoc}.", 8000)
        return citation


def put_on_clipboard(citation) -> None:
    """The entries as rich text and plain text, the keys under them.

    Why through a (never shown) QTextEdit's copy(): a QMimeData made in Python stays a Python
    object Qt calls back into, and the clipboard still holding one when the interpreter exits
    crashes it (seen as exit status 139); the editor's copy is made by Qt itself. The HTML is
    citeproc's entries, whose values the export escaped: nothing in them is markup or fetches.
    """
    import html

    from PySide6.QtWidgets import QTextEdit
    editor = QTextEdit()
    editor.setHtml(citation.html + f"<p>{html.escape(citation.pandoc)}</p>"
                   f"<p>{html.escape(citation.latex)}</p>")
    editor.selectAll()
    editor.copy()
    editor.deleteLater()


def install_managing(window) -> LibraryManaging:
    managing = LibraryManaging(window)
    provenance = getattr(getattr(window, "reader", None), "provenance_tab", None)
    if provenance is not None:      # the Provenance tab's copy list offers the same
        provenance.copy_trash_requested.connect(managing.trash_copy)
    return managing
