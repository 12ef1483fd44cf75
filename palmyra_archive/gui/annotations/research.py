"""Wires the research notes panel to the archive's notes service, every step undoable."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ...core.store.errors import PalmyraError
from ..ops import perform
from ..widgets.research_notes import ResearchNotesPanel


class ResearchNotesController(QObject):
    def __init__(self, window, annotation_panel):
        super().__init__(window)
        self.window = window
        self.annotation_panel = annotation_panel
        self.panel = ResearchNotesPanel(window)
        self.panel.new_requested.connect(self.new)
        self.panel.save_requested.connect(self.save)
        self.panel.delete_requested.connect(self.delete)
        self.panel.link_article_requested.connect(self.link_article)
        self.panel.link_annotation_requested.connect(self.link_annotation)
        self.panel.filter_changed.connect(self.refresh)
        window.reader.article_shown.connect(lambda _id: self.refresh())
        window.hub.archive_did_open.connect(lambda _a: self.refresh())
        window.hub.archive_did_change.connect(lambda c: self.refresh() if c.notes else None)

    def _notes(self):
        return self.window.archive.notes

    def refresh(self) -> None:
        article_id = self.window.reader.article_id
        try:
            if self.panel.only_this.isChecked() and article_id is not None:
                notes = self._notes().for_article(article_id)
            else:
                notes = self._notes().all()
        except PalmyraError as exc:
            self.window.statusBar().showMessage(exc.message, 8000)
            return
        self.panel.show_notes(notes)

    def new(self, title: str = "Untitled note") -> int | None:
        article_id = self.window.reader.article_id
        links = [article_id] if article_id is not None else []
        created: list[int] = []
        changes = perform(self.window, "New research note",
                          lambda: self._notes().create(title, "", article_ids=links),
                          undo=lambda last: self._notes().delete(created[0]),
                          redo=lambda last: self._notes().restore(last.extra["before"]))
        if changes is None or changes.created_id is None:
            return None
        created.append(changes.created_id)
        self.panel.select(changes.created_id)
        self.panel.title.setFocus()
        self.panel.title.selectAll()
        return changes.created_id

    def save(self, note_id: int, values: dict):
        before = self._notes().get(note_id)
        return perform(self.window, "Edit research note",
                       lambda: self._notes().update(note_id, **values),
                       undo=lambda last: self._notes().update(note_id, title=before.title,
                                                              body=before.body))

    def delete(self, note_id: int):
        return perform(self.window, "Delete research note", lambda: self._notes().delete(note_id),
                       undo=lambda last: self._notes().restore(last.extra["before"]))

    def _relink(self, note_id: int, field: str, new_id: int | None, what: str):
        if new_id is None:
            self.window.statusBar().showMessage(f"Choose {what} first.", 5000)
            return None
        before = list(getattr(self._notes().get(note_id), field))
        if new_id in before:
            return None
        return perform(self.window, "Link research note",
                       lambda: self._notes().update(note_id, **{field: [*before, new_id]}),
                       undo=lambda last: self._notes().update(note_id, **{field: before}))

    def link_article(self, note_id: int):
        return self._relink(note_id, "article_ids", self.window.reader.article_id, "an article")

    def link_annotation(self, note_id: int):
        return self._relink(note_id, "annotation_ids", self.annotation_panel.current_id(),
                            "an annotation in the Annotations panel")
