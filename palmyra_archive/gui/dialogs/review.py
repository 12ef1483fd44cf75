"""Review…: each needs-review reason of an article, what it means and how to resolve it, with
"Mark reviewed" (undoable) and a way to Edit metadata; corrected and reviewed reasons shown
as such."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..common.safe_text import plain_label

if TYPE_CHECKING:
    from ..main_window import MainWindow

STATE_WORDS = {"open": "needs review", "corrected": "corrected", "reviewed": "marked reviewed"}


class ReviewDialog(QDialog):
    def __init__(self, window, article_id: int):
        super().__init__(window)
        self.window_: MainWindow = window
        self.article_id = article_id
        self.setWindowTitle("Review")
        self.setAccessibleName("Review")
        self.setObjectName("reviewDialog")
        self.layout_ = QVBoxLayout(self)
        self.grid_holder: QWidget | None = None
        self.mark_buttons: dict[str, QPushButton] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        edit = buttons.addButton("&Edit metadata…", QDialogButtonBox.ButtonRole.ActionRole)
        edit.clicked.connect(self.window_.edit_metadata)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.buttons = buttons
        self.fill()
        self.layout_.addWidget(buttons)
        window.hub.archive_did_change.connect(self._on_change)

    def _on_change(self, changes) -> None:
        if self.isVisible() and (not changes.article_ids or self.article_id in changes.article_ids):
            self.fill()

    def fill(self) -> None:
        from PySide6.QtWidgets import QWidget
        items = self.window_.archive.review.items(self.article_id)
        self.items = items
        holder = QWidget(self)
        grid = QGridLayout(holder)
        self.mark_buttons = {}
        if not items:
            grid.addWidget(QLabel("The importer found nothing to review in this article."), 0, 0)
        for row, item in enumerate(items):
            name = plain_label(QLabel(f"{item.reason} — {STATE_WORDS[item.state]}"))
            name.setAccessibleName(f"Reason {item.reason}")
            text = plain_label(QLabel(item.meaning + ("\n" + item.how_to_resolve if item.open else "")))
            text.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(text, row, 1)
            if item.open:
                button = QPushButton("Mark reviewed")
                button.setAccessibleName(f"Mark {item.reason} reviewed")
                button.setToolTip("The value stays unknown; the flag goes. Undo with Ctrl+Z.")
                button.clicked.connect(lambda _c=False, r=item.reason: self.mark(r))
                grid.addWidget(button, row, 2)
                self.mark_buttons[item.reason] = button
        if self.grid_holder is not None:
            self.layout_.replaceWidget(self.grid_holder, holder)
            self.grid_holder.deleteLater()
        else:
            self.layout_.insertWidget(0, holder)
        self.grid_holder = holder

    def mark(self, reason: str) -> None:
        self.window_.managing.mark_reviewed(self.article_id, reason)
        self.fill()
