"""Highlight colours: the core's colour names and how the reader paints them."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap

from ...core.library.tags import COLORS

#: soft tints that keep black text readable
TINTS = {"yellow": "#ffe66d", "green": "#a8e6a1", "blue": "#a9d2ff", "red": "#ffaaa5",
         "orange": "#ffc680", "purple": "#d7b8ff", "grey": "#d0d0d0"}
assert set(TINTS) == set(COLORS), "every core colour needs a tint"


def qcolor(name: str | None, alpha: int = 170) -> QColor:
    color = QColor(TINTS.get(name or "", TINTS["yellow"]))
    color.setAlpha(alpha)
    return color


def swatch(name: str | None, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(qcolor(name, 255))
    return QIcon(pixmap)
