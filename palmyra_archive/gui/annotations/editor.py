"""The fields of one annotation: colour, Markdown note and tags (with completion)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from ...core.library.tags import COLORS
from .colors import swatch


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class TagLineEdit(QLineEdit):
    """Comma-separated tag paths; completes the one being typed from the archive's tags."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("framing/liberation, actor/Russia")
        self.setAccessibleName("Tags")
        self.setToolTip("Tags, separated by commas; '/' makes a hierarchy (framing/liberation)")
        self._archive = None
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setWidget(self)
        self.completer_.activated.connect(self.insert_completion)
        self.textEdited.connect(self._update_completions)

    def set_archive(self, archive) -> None:
        self._archive = archive

    def current_prefix(self) -> str:
        return self.text()[:self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def completions(self) -> list[str]:
        return self._model.stringList()

    def _update_completions(self, _text: str = "") -> None:
        prefix = self.current_prefix()
        if self._archive is None or not prefix:
            self._model.setStringList([])
            popup = self.completer_.popup()
            if popup is not None:
                popup.hide()
            return
        self._model.setStringList(self._archive.tags.completions(prefix))
        self.completer_.setCompletionPrefix("")
        if self._model.rowCount():
            self.completer_.complete()

    def insert_completion(self, path: str) -> None:
        head = self.text()[:self.cursorPosition()]
        tail = self.text()[self.cursorPosition():]
        kept = head.rsplit(",", 1)[0] + ", " if "," in head else ""
        self.setText(kept + path + tail)
        self.setCursorPosition(len(kept + path))

    def tags(self) -> list[str]:
        return split_tags(self.text())

    def set_tags(self, tags: list[str]) -> None:
        self.setText(", ".join(tags))


class AnnotationEditor(QWidget):
    """Edits colour, note and tags; ``edited`` fires on any change a user makes."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.color = QComboBox(self)
        self.color.setAccessibleName("Highlight colour")
        for name in COLORS:
            self.color.addItem(swatch(name), name.title(), name)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Annotation note")
        self.note.setPlaceholderText("A note (Markdown)…")
        self.note.setTabChangesFocus(True)
        self.tags = TagLineEdit(self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Colour", self.color)
        form.addRow("&Note", self.note)
        form.addRow("&Tags", self.tags)
        self.color.activated.connect(lambda _i: self.edited.emit())
        self.note.textChanged.connect(self.edited.emit)
        self.tags.textEdited.connect(lambda _t: self.edited.emit())
        self.tags.completer_.activated.connect(lambda _t: self.edited.emit())

    def set_archive(self, archive) -> None:
        self.tags.set_archive(archive)

    def values(self) -> dict:
        return {"color": self.color.currentData(), "note": self.note.toPlainText(),
                "tags": self.tags.tags()}

    def set_values(self, *, color: str, note: str, tags: list[str]) -> None:
        self.blockSignals(True)
        self.note.blockSignals(True)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        self.note.setPlainText(note)
        self.tags.set_tags(tags)
        self.note.blockSignals(False)
        self.blockSignals(False)
