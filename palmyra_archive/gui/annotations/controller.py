"""Glue between the reader, the annotation panels and the archive's annotation services.

Builds the docks (this article's annotations, its note, annotations across the archive), the
Annotate menu, and keeps highlights drawn in the Article tab. Every write is undoable through
the window's undo stack (``gui.ops.perform``) and announced with ``archive_did_change``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ...core.library.tags import COLORS
from ...core.store.errors import PalmyraError
from ...core.store.records import AnnotationView
from ..common.errors import show_error
from ..ops import perform
from ..reader.notes_panel import NotesPanel
from ..reader.reader_pane import shows_change
from .browser import AnnotationsBrowser
from .colors import qcolor, swatch
from .organise import Organiser
from .panel import AnnotationPanel, tooltip
from .research import ResearchNotesController


class AnnotationController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        self.view = window.reader.article_view
        self.panel = AnnotationPanel(window)
        self.notes = NotesPanel(window)
        self.browser = AnnotationsBrowser(window)
        self.panel_dock = self._dock("Annotations", "annotationsDock", self.panel,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.notes_dock = self._dock("Note", "notesDock", self.notes,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.browser_dock = self._dock("All annotations", "annotationsBrowserDock", self.browser,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.browser_dock.hide()
        self.research = ResearchNotesController(window, self.panel)
        self.research_dock = self._dock("Research notes", "researchNotesDock", self.research.panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        # one tabbed column on the right, Annotations in front: the reader and library keep room
        window.tabifyDockWidget(self.panel_dock, self.notes_dock)
        window.tabifyDockWidget(self.notes_dock, self.research_dock)
        self.panel_dock.raise_()
        self.tag_manager = None
        self.organiser = Organiser(window)
        self.actions = self._build_actions()
        self._connect()

    # -- building ----------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> dict[str, QAction]:
        def action(text, slot, shortcut=None, tip=""):
            act = QAction(text, self.window)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.setStatusTip(tip or text.replace("&", ""))
            act.triggered.connect(lambda _c=False: slot())
            return act

        actions = {
            "highlight": action("&Highlight selection", lambda: self.highlight_selection("yellow"),
                                "Ctrl+H", "Highlight the words selected in the Article tab"),
            "annotations": action("&All annotations", self.show_browser, "Ctrl+Shift+A",
                                  "Annotations across the archive, with filters"),
            "tags": action("&Tags…", self.show_tag_manager, "Ctrl+Shift+T",
                           "Rename, move, merge, colour and delete tags"),
            "tag_articles": action("Tag &articles…", self.organiser.ask_tags, "Ctrl+T",
                                   "Tag the articles chosen in the library"),
            "collect": action("Add to &collection…", self.organiser.ask_collection, "Ctrl+Shift+K",
                              "File the chosen articles in a collection"),
            "save_search": action("&Save search…", self.organiser.ask_save_search, None,
                                  "Keep the current search and filters in the sidebar"),
            "place": action("&Place annotation at selection", self.place_selected, None,
                            "Put the chosen annotation on the words selected in the Article tab"),
        }
        bar = self.window.menuBar()
        menu = QMenu("&Annotate", bar)
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
        menu.addActions([actions["highlight"], actions["place"], actions["annotations"]])
        menu.addSeparator()
        menu.addActions([actions["tag_articles"], actions["collect"], actions["save_search"],
                         actions["tags"]])
        menu.addSeparator()
        toggles = [self.panel_dock.toggleViewAction(), self.notes_dock.toggleViewAction(),
                   self.research_dock.toggleViewAction(), self.browser_dock.toggleViewAction()]
        menu.addActions(toggles[:3])
        panels = getattr(self.window, "panels_menu", None)
        if panels is not None:  # View › Panels lists every dock
            panels.addActions(toggles)
        self.menu = menu
        return actions

    def _connect(self) -> None:
        self.reader.article_shown.connect(lambda _id: self.refresh())
        self.reader.tabs.currentChanged.connect(lambda _i: self.refresh_highlights())
        self.view.highlight_clicked.connect(self._on_highlight_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.panel.highlight_requested.connect(self.highlight_selection)
        self.panel.annotation_chosen.connect(self.jump_to)
        self.panel.save_requested.connect(self.save)
        self.panel.delete_requested.connect(self.delete)
        self.notes.save_requested.connect(self.save_note)
        self.browser.annotation_activated.connect(self.open_annotation)
        self.browser.delete_requested.connect(self.delete)
        self.window.hub.archive_did_open.connect(self._on_open)
        self.window.hub.archive_did_change.connect(self._on_changed)

    # -- showing -----------------------------------------------------------------------------

    @property
    def archive(self):
        return self.window.archive

    def _on_open(self, archive) -> None:
        self.panel.set_archive(archive)
        self.browser.set_archive(archive)
        self.refresh()

    def _on_changed(self, changes) -> None:
        if changes.annotations or changes.tags:
            self.browser.refresh()
            if self.reader.article_id is not None and changes.article_ids and \
                    self.reader.article_id not in changes.article_ids:
                return
            self.refresh()
        elif changes.notes and not shows_change(changes):
            self._refresh_note(changes)   # the reader does not reload for a note: its panel does

    def _refresh_note(self, changes) -> None:
        article_id = self.reader.article_id
        if article_id is None or (changes.article_ids and article_id not in changes.article_ids):
            return
        if not self.notes.is_dirty() or self.notes.article_id != article_id:
            self.notes.show_note(article_id, self.archive.notes.article_note(article_id))

    def placed(self) -> list[AnnotationView]:
        detail = self.reader.detail
        if detail is None:
            return []
        return self.archive.annotations.for_article(detail.id, copy_id=detail.copy_id or None)

    def refresh(self) -> None:
        """Re-read the shown article's annotations and note; redraw its highlights."""
        try:
            self._refresh()
        except PalmyraError as exc:     # the article went away under us: show nothing, say why
            self.panel.clear()
            self.window.statusBar().showMessage(exc.message, 8000)

    def _refresh(self) -> None:
        article_id = self.reader.article_id
        if article_id is None or self.reader.detail is None:
            self.panel.clear()
            self.notes.show_note(None, "")
            self.view.set_highlights([]) if self.view.detail is not None else None
            return
        placed = self.placed()
        self.panel.show_annotations(placed, self.archive.annotations.orphans(article_id))
        if not self.notes.is_dirty() or self.notes.article_id != article_id:
            self.notes.show_note(article_id, self.archive.notes.article_note(article_id))
        self._draw(placed)

    def refresh_highlights(self) -> None:
        if self.reader.detail is not None:
            self._draw(list(v for v in self.panel.views.values() if v.anchor_status != "orphan"))

    def _draw(self, placed: list[AnnotationView]) -> None:
        detail = self.view.detail
        if detail is None or detail.id != self.reader.article_id:
            return          # the Article tab is filled when first shown; drawn then
        # made on another copy of the work: a paler tint says it was not made on this text
        self.view.set_highlights([(v.start, v.end, qcolor(v.color, 90 if v.from_other_copy else 170),
                                   tooltip(v), v.id) for v in placed])

    def context_menu(self, pos) -> QMenu:
        """The Article tab's menu: Highlight (in each colour) above the usual Copy/Select all."""
        menu = self.view.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        if self.view.selected_text_range() is not None:
            highlight = QMenu("&Highlight", menu)
            for name in COLORS:
                highlight.addAction(swatch(name), name.title()).triggered.connect(
                    lambda _c=False, n=name: self.highlight_selection(n))
            menu.insertMenu(first, highlight)
            menu.insertSeparator(first)
        return menu

    def _context_menu(self, pos) -> None:
        menu = self.context_menu(pos)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_highlight_clicked(self, annotation_id: int) -> None:
        self.panel_dock.show()
        self.panel.select(annotation_id, jump=False)
        self.panel.editor.note.setFocus()

    def jump_to(self, annotation_id: int) -> None:
        view = self.panel.views.get(annotation_id)
        if view is not None and view.anchor_status != "orphan" and self.view.detail is not None:
            self.reader.set_tab("article")
            self.view.select_text_range(view.start, view.end)

    def open_annotation(self, view: AnnotationView) -> None:
        """From the archive-wide view: show the article, its passage, and the annotation."""
        self.window.show_article(view.article_id)
        self.reader.set_tab("article")
        self.panel_dock.show()
        self.panel.select(view.id)

    def show_browser(self) -> None:
        self.browser.reload_outlets()
        self.browser.refresh()
        self.browser_dock.show()
        self.browser_dock.raise_()

    def show_tag_manager(self):
        from ..dialogs.tag_manager import TagManagerDialog
        if self.tag_manager is None:
            self.tag_manager = TagManagerDialog(self.window)
        self.tag_manager.refresh()
        self.tag_manager.show()
        self.tag_manager.raise_()
        return self.tag_manager

    # -- writing (each undoable) ---------------------------------------------------------------

    def highlight_selection(self, color: str = "yellow", *, note: str = "", tags=()) -> int | None:
        """Annotate the words selected in the Article tab; returns the new annotation's id."""
        selected = self.view.selected_text_range()
        detail = self.reader.detail
        if selected is None or detail is None:
            self.window.statusBar().showMessage(
                "Select some words in the Article tab first, then Highlight.", 6000)
            return None
        annotations = lambda: self.archive.annotations  # noqa: E731 — the archive may change
        changes = perform(self.window, "Highlight", lambda: annotations().create(
            detail.id, *selected, copy_id=detail.copy_id or None, color=color, note=note,
            tags=list(tags)), undo=lambda last: annotations().delete(created),
            redo=lambda last: annotations().restore(created))
        if changes is None or changes.created_id is None:
            return None
        created = changes.created_id
        self.panel_dock.show()
        self.panel.select(created, jump=False)
        self.panel.editor.note.setFocus()
        return created

    def place_selected(self, annotation_id: int | None = None):
        """Put an orphan (or a fuzzy match) on the words selected in the Article tab."""
        annotation_id = annotation_id or self.panel.current_id()
        selected = self.view.selected_text_range()
        detail = self.reader.detail
        if annotation_id is None or selected is None or detail is None:
            self.window.statusBar().showMessage(
                "Choose an annotation in the panel and select its words in the Article tab.", 6000)
            return None
        annotations = lambda: self.archive.annotations  # noqa: E731
        return perform(self.window, "Place annotation", lambda: annotations().reanchor(
            annotation_id, *selected, copy_id=detail.copy_id or None),
            undo=lambda last: annotations().restore_anchor(annotation_id, last.extra["before"]))

    def save(self, annotation_id: int, values: dict):
        try:
            current = self.archive.annotations.get(annotation_id)
        except PalmyraError as exc:     # deleted meanwhile (another window, the CLI)
            show_error(self.window, exc)
            return None
        before = {"color": current.color, "note": current.note, "tags": current.tags}
        annotations = lambda: self.archive.annotations  # noqa: E731
        return perform(self.window, "Edit annotation",
                       lambda: annotations().update(annotation_id, **values),
                       undo=lambda last: annotations().update(annotation_id, **before))

    def delete(self, annotation_id: int):
        annotations = lambda: self.archive.annotations  # noqa: E731
        return perform(self.window, "Delete annotation",
                       lambda: annotations().delete(annotation_id),
                       undo=lambda last: annotations().restore(annotation_id))

    def save_note(self, article_id: int, markdown: str):
        before = self.archive.notes.article_note(article_id)
        notes = lambda: self.archive.notes  # noqa: E731
        changes = perform(self.window, "Edit article note",
                          lambda: notes().set_article_note(article_id, markdown),
                          undo=lambda last: notes().set_article_note(article_id, before))
        if changes is not None and self.notes.article_id == article_id:
            self.notes.show_note(article_id, markdown)
        return changes
