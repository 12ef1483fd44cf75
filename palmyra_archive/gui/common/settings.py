"""The app's QSettings (organisation "Palmyra", application "palmyra-archive") and recent archives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "Palmyra"
APPLICATION = "palmyra-archive"
RECENT_KEY = "archives/recent"
MAX_RECENT = 8
#: View › Show site sections (the sidebar's "Site sections" node under Tags)
SHOW_SITE_SECTIONS_KEY = "view/showSiteSections"


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def recent_archives() -> list[Path]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [Path(str(v)) for v in value] if isinstance(value, list) else []


def remember_archive(path: Path) -> None:
    paths = [str(path)] + [str(p) for p in recent_archives() if p != path]
    settings().setValue(RECENT_KEY, paths[:MAX_RECENT])


def show_site_sections() -> bool:
    return bool(settings().value(SHOW_SITE_SECTIONS_KEY, True, type=bool))


def remember_show_site_sections(show: bool) -> None:
    settings().setValue(SHOW_SITE_SECTIONS_KEY, bool(show))
