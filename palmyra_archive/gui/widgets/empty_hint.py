"""Empty views say what goes there and how to fill it, instead of showing a blank box.

A view with nothing in it is where a new user gets lost: the hint, greyed and centred in the
viewport, names the next step ("select words and press Ctrl+H"). It disappears with the
first row. ``HintedList`` is a list widget with a hint; ``paint_hint`` serves any item view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListWidget


def paint_hint(view: QAbstractItemView, text: str) -> None:
    """Draw ``text`` in the middle of ``view``'s viewport (call from ``paintEvent``)."""
    if not text:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
    painter.end()


class HintedList(QListWidget):
    """A list widget that shows ``hint`` while it has no items."""

    def __init__(self, hint: str = "", parent=None):
        super().__init__(parent)
        self._hint = ""
        self.set_hint(hint)

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        self.setAccessibleDescription(hint)  # a screen reader hears what the painted hint says
        self.viewport().update()

    @property
    def hint(self) -> str:
        return self._hint

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            paint_hint(self, self._hint)
