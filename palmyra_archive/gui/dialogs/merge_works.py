"""Merge works…: the selected articles become one work; the user picks whose title and
authors stand (the others' copies, annotations, tags, notes and collections join it)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ...core.store.errors import PalmyraError
from ..common.safe_text import plain_label


def _label(summary) -> str:
    authors = ", ".join(summary.authors) or "no author"
    return f"{summary.title or '(no title)'} — {authors} ({summary.outlet or 'no outlet'}, #{summary.id})"


class MergeWorksDialog(QDialog):
    def __init__(self, archive, article_ids: list[int], merge, parent=None):
        """``merge(keep, others, title_from, authors_from)`` writes it (undoable)."""
        super().__init__(parent)
        self.setWindowTitle("Merge works")
        self.setAccessibleName("Merge works")
        self.setObjectName("mergeWorksDialog")
        self._merge = merge
        self.summaries = archive.articles.summaries(article_ids)
        if len(self.summaries) < 2:
            raise PalmyraError("Select two or more articles to merge.")
        intro = plain_label(QLabel(
            f"These {len(self.summaries)} articles become one work with all their copies, "
            "annotations, tags, notes and collections. Undo (Ctrl+Z) separates them again."))
        intro.setWordWrap(True)
        self.keep, self.title, self.authors = QComboBox(), QComboBox(), QComboBox()
        for summary in self.summaries:
            self.keep.addItem(f"#{summary.id}: {summary.title or '(no title)'}", summary.id)
            self.title.addItem(summary.title or "(no title)", summary.id)
            self.authors.addItem(", ".join(summary.authors) or "(no author)", summary.id)
        for box, name in ((self.keep, "Work kept"), (self.title, "Title"), (self.authors, "Authors")):
            box.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&Keep work", self.keep)
        form.addRow("&Title", self.title)
        form.addRow("&Authors", self.authors)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def choice(self) -> tuple[int, list[int], int, int]:
        keep = self.keep.currentData()
        others = [s.id for s in self.summaries if s.id != keep]
        return keep, others, self.title.currentData(), self.authors.currentData()

    def save(self) -> None:
        keep, others, title_from, authors_from = self.choice()
        if self._merge(keep, others, title_from, authors_from) is not None:
            self.accept()
