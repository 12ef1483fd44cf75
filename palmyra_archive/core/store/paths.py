"""Where things live: the user's archive (platformdirs) and the files we ship.

Nothing here creates a directory at import time; callers ask for a path and create it when
they are about to write there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "palmyra-archive"
APP_AUTHOR = "Palmyra"
ARCHIVE_ENV = "PALMYRA_ARCHIVE"
DEFAULT_ARCHIVE_NAME = "archive.palmyra.sqlite"

_PACKAGE_DIR = Path(__file__).resolve().parents[2]
_SOURCE_TREE = _PACKAGE_DIR.parent


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_styles_dir() -> Path:
    """The citation styles (``.csl``) a user added."""
    return user_data_dir() / "styles"


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_archive_path() -> Path:
    """The archive used when neither ``--archive`` nor ``PALMYRA_ARCHIVE`` names one."""
    env = os.environ.get(ARCHIVE_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DEFAULT_ARCHIVE_NAME


def backups_dir(archive_path: Path) -> Path:
    """Automatic backups sit beside the archive, in a folder named after it."""
    return archive_path.parent / f"{archive_path.name}.backups"


def _shipped(name: str) -> Path:
    """A folder we ship: inside the installed package (``_data``), else the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)  # the frozen app (PyInstaller) unpacks here
    if bundle and (Path(bundle) / "palmyra_archive" / "_data" / name).is_dir():
        return Path(bundle) / "palmyra_archive" / "_data" / name
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _SOURCE_TREE / name


def resources_dir() -> Path:
    """Data files: outlet rules, CSL styles, icons, stylesheets."""
    return _shipped("resources")


def corpus_dir() -> Path:
    """The sample articles a new archive is seeded from."""
    return _shipped("corpus")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
