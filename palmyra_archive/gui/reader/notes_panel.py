"""The article note: Markdown written beside the article, shown rendered.

Rendering is ``core.text.markup.note_html``: raw HTML shows as text, an image as the words
"[image: alt — address]", and only http(s)/mailto addresses are links (never followed); the
preview loads nothing, remote or local (``safe_text.OfflineBrowser``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.text.markup import note_html
from ..common.safe_text import OfflineBrowser


def render_markdown(text: str) -> str:
    """HTML for ``text`` that is safe to show (``core.text.markup.note_html``)."""
    return note_html(text)


class NotesPanel(QWidget):
    #: article id, new Markdown
    save_requested = Signal(int, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.setAccessibleName("Article note")
        self.article_id: int | None = None
        self._saved = ""
        self.heading = QLabel("No article shown", self)
        self.tabs = QTabWidget(self)
        self.preview = OfflineBrowser(self)
        self.preview.setAccessibleName("Article note, rendered")
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Article note, Markdown")
        self.editor.setPlaceholderText("Your note on this article (Markdown: *emphasis*, "
                                       "**strong**, lists, > quotes)…")
        self.tabs.addTab(self.preview, "&Read")
        self.tabs.addTab(self.editor, "&Write")
        self.save_button = QPushButton("Save &note", self)
        self.save_button.setToolTip("Save the note (Ctrl+Z undoes it)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        self.editor.textChanged.connect(self._on_edited)
        self.tabs.currentChanged.connect(lambda _i: self._render())
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.tabs)

    def show_note(self, article_id: int | None, markdown: str) -> None:
        self.article_id = article_id
        self._saved = markdown or ""
        self.heading.setText("Note on this article" if article_id is not None else "No article shown")
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._saved)
        self.editor.blockSignals(False)
        self.editor.setEnabled(article_id is not None)
        self.save_button.setEnabled(False)
        self._render()

    def is_dirty(self) -> bool:
        return self.article_id is not None and self.editor.toPlainText() != self._saved

    def _on_edited(self) -> None:
        self.save_button.setEnabled(self.is_dirty())

    def _render(self) -> None:
        text = self.editor.toPlainText()
        self.preview.setHtml(render_markdown(text) if text.strip() else
                             "<p><i>No note yet: write one in the Write tab.</i></p>")

    def _save(self) -> None:
        if self.is_dirty():
            self.save_requested.emit(self.article_id, self.editor.toPlainText())
