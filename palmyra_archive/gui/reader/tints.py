"""Region tints for the Source tab, read from ``resources/style/region-tints.json``.

Tints are the one place we choose colours ourselves: each region kind has a light-palette and
a dark-palette tint, picked by how light the window background is.
"""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ...core.store.paths import resource

REGION_LABELS = {
    "site_text": "Site text (menus, widgets)", "header": "Header", "title": "Title",
    "byline": "Byline", "dateline": "Dateline", "standfirst": "Standfirst", "body": "Body",
    "caption": "Captions", "footnotes": "Footnotes", "signature": "Signature",
    "footer": "Footer", "rights": "Rights", "comments": "Comments",
}


@lru_cache(maxsize=1)
def _tints() -> dict[str, dict[str, str]]:
    path = resource("style", "region-tints.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def region_tint(kind: str, palette: QPalette | None = None) -> QColor:
    mode = "dark" if is_dark(palette) else "light"
    value = _tints().get(kind, {}).get(mode)
    return QColor(value) if value else QColor(0, 0, 0, 0)
