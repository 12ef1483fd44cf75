"""UI icons and the stylesheet, loaded from ``resources/`` (SVG files; no image data in code)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from ...core.store.paths import resource


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/{name}.svg``; an empty icon when the file is missing."""
    path = resource("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def stylesheet() -> str:
    """The app's stylesheet: layout only; colours come from the palette."""
    path = resource("style", "app.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""
