"""Temporary files and folders a killed export, bundle opening or backup leaves: named as ours,
found and removed by the next run (and at start).

Why: an export killed mid-way left its ``.staging/`` folder (partial data) beside the target;
a killed open-bundle left a ``.palmyra-bundle-*`` folder (1.3 GB for a zip bomb); a killed
backup its ``.part`` and ``.part-journal``. A ``finally`` cannot run under ``kill -9``, so each
temporary name carries the owner's pid (``.NAME.palmyra-PID-RANDOM.staging``) and the owner
holds an advisory lock on it while it works. Something is *stale*, and removed, when its name is
ours and it is not locked and either its owner is gone or it is older than ``STALE_AFTER``.
Nothing else is ever touched: a name that is not ours is left alone whatever its age.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

#: an unlocked temporary of ours this old is stale even if a process with its pid lives
STALE_AFTER = 6 * 3600
#: KIND is staging (export), part (a zip or a backup being written) or bundle (an opened bundle)
_OURS = re.compile(r"\.palmyra-(?:bundle-)?(\d+)-[a-z0-9_]+\.(staging|part|bundle)(-journal)?$")
#: what open-bundle named its folder before the pid was in the name
_LEGACY_BUNDLE = re.compile(r"^\.palmyra-bundle-[a-z0-9_]{8}$")


def tag(pid: int | None = None) -> str:
    return f"palmyra-{os.getpid() if pid is None else pid}-"


def make_dir(parent: Path, stem: str, kind: str) -> Path:
    """A temporary folder of ours in ``parent``: ``.STEM.palmyra-PID-RANDOM.KIND``."""
    return Path(tempfile.mkdtemp(prefix=f".{stem}.{tag()}", suffix=f".{kind}", dir=parent))


def make_file(parent: Path, stem: str) -> Path:
    """A temporary file of ours in ``parent``: ``.STEM.palmyra-PID-RANDOM.part``."""
    fd, name = tempfile.mkstemp(prefix=f".{stem}.{tag()}", suffix=".part", dir=parent)
    os.close(fd)
    return Path(name)


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Lock ``path`` (a file or a folder) for as long as the work on it lasts."""
    fd = _lock(path, blocking=True)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _lock(path: Path, *, blocking: bool) -> int | None:
    """The fd holding an exclusive lock; None without locks (Windows) or when it is held."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return fd
    except OSError:
        os.close(fd)
        return None


def _locked(path: Path) -> bool:
    try:
        import fcntl  # noqa: F401
    except ImportError:
        return False
    fd = _lock(path, blocking=False)
    if fd is None:
        return path.exists()
    os.close(fd)
    return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True          # someone else's process
    except OSError:
        return True
    return True


def is_stale(path: Path, *, now: float | None = None) -> bool:
    try:
        age = (now or time.time()) - path.lstat().st_mtime
    except OSError:
        return False
    match = _OURS.search(path.name)
    if match is None:
        return bool(_LEGACY_BUNDLE.match(path.name)) and path.is_dir() and age > STALE_AFTER
    if match.group(3):       # a journal beside a part file: stale with its part, or alone
        owner = path.with_name(path.name[:-len("-journal")])
        if owner.exists():
            return is_stale(owner, now=now)
    elif _locked(path):
        return False
    return not _alive(int(match.group(1))) or age > STALE_AFTER


def sweep(folder: Path) -> list[Path]:
    """Remove the stale temporaries of ours directly in ``folder``; what was removed."""
    removed: list[Path] = []
    try:
        entries = sorted(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not is_stale(entry):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
            log.info("removed %s, left by an interrupted run", entry)
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", entry, exc)
    return removed


def sweep_for_archive(archive_path: Path) -> list[Path]:
    """At start (app and command line): beside the archive and in its backups folder."""
    from .paths import backups_dir
    archive_path = Path(archive_path).expanduser()
    return sweep(archive_path.parent) + sweep(backups_dir(archive_path))
