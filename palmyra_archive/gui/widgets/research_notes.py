"""Research notes: free-standing Markdown notes that link to articles and annotations.

A researcher writes up a finding ("the liberation framing travelled from outlet A to B") and
links the articles and annotations it rests on. The panel lists every note (or only those
linked to the article being read), edits one, and links the article shown or the annotation
chosen in the Annotations panel. Every step is undoable from the window's undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.store.records import NoteInfo
from ..common.safe_text import plain_tooltip
from .empty_hint import HintedList

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ResearchNotesPanel(QWidget):
    new_requested = Signal()
    save_requested = Signal(int, dict)            # note id, {title, body}
    delete_requested = Signal(int)
    link_article_requested = Signal(int)          # note id
    link_annotation_requested = Signal(int)       # note id
    filter_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("researchNotesPanel")
        self.setAccessibleName("Research notes")
        self.notes: dict[int, NoteInfo] = {}
        self.only_this = QCheckBox("Only notes on this article", self)
        self.only_this.toggled.connect(lambda _on: self.filter_changed.emit())
        self.list = HintedList("No research notes yet. Press New note to keep what you found "
                               "across articles, linked to them and to annotations.", self)
        self.list.setAccessibleName("Research notes")
        self.list.currentItemChanged.connect(lambda _c, _p: self._show(self.current()))
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Note title")
        self.title.setPlaceholderText("Title")
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("Note text, Markdown")
        self.body.setPlaceholderText("What you found, in Markdown…")
        self.links = QLabel(self)
        self.links.setWordWrap(True)
        self.buttons = {}
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for key, label, tip, row in (
                ("new", "&New note", "Start a research note", row1),
                ("save", "&Save", "Save title and text (Ctrl+Z undoes it)", row1),
                ("delete", "&Delete", "Delete the note (Ctrl+Z brings it back)", row1),
                ("link_article", "Link this artic&le", "Link the article being read", row2),
                ("link_annotation", "Link chosen ann&otation",
                 "Link the annotation chosen in the Annotations panel", row2)):
            button = QPushButton(label, self)
            button.setToolTip(tip)
            row.addWidget(button)
            self.buttons[key] = button
        self.buttons["new"].clicked.connect(self.new_requested.emit)
        self.buttons["save"].clicked.connect(self._save)
        self.buttons["delete"].clicked.connect(lambda: self._emit_for(self.delete_requested))
        self.buttons["link_article"].clicked.connect(
            lambda: self._emit_for(self.link_article_requested))
        self.buttons["link_annotation"].clicked.connect(
            lambda: self._emit_for(self.link_annotation_requested))
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_this)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.links)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self._show(None)

    def show_notes(self, notes: list[NoteInfo]) -> None:
        keep = self.current_id()
        self.notes = {n.id: n for n in notes}
        self.list.blockSignals(True)
        self.list.clear()
        for note in notes:
            item = QListWidgetItem(note.title)
            item.setData(ID_ROLE, note.id)
            item.setToolTip(plain_tooltip(note.body[:300]))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if not self.select(keep):
            self._show(None)

    def select(self, note_id: int | None) -> bool:
        for row in range(self.list.count()):
            if note_id is not None and self.list.item(row).data(ID_ROLE) == note_id:
                self.list.setCurrentRow(row)
                self._show(self.notes[note_id])
                return True
        return False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current(self) -> NoteInfo | None:
        note_id = self.current_id()
        return self.notes.get(note_id) if note_id is not None else None

    def _show(self, note: NoteInfo | None) -> None:
        self.title.setText(note.title if note else "")
        self.body.setPlainText(note.body if note else "")
        if note is None:
            self.links.setText("")
        else:
            parts = [f"article {a}" for a in note.article_ids] + \
                    [f"annotation {a}" for a in note.annotation_ids]
            self.links.setText("Links: " + (", ".join(parts) if parts else "none yet"))
        for key in ("save", "delete", "link_article", "link_annotation"):
            self.buttons[key].setEnabled(note is not None)
        self.title.setEnabled(note is not None)
        self.body.setEnabled(note is not None)

    def _save(self) -> None:
        if self.current_id() is not None:
            self.save_requested.emit(self.current_id(), {"title": self.title.text(),
                                                         "body": self.body.toPlainText()})

    def _emit_for(self, signal) -> None:
        if self.current_id() is not None:
            signal.emit(self.current_id())
