"""Copying an open archive to a file: what a backup, the copy before a restore and the copy
before an upgrade share (``backups``, ``migrations``).

Why SQLite's online backup API into a temporary file beside the destination, renamed into
place only when whole and synced: the app may be writing meanwhile, and a full disk, a crash
or a killed app must never leave a half-written file under a backup's name (only a temporary
that ``debris`` sweeps away later).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from . import db as dbmod
from . import debris
from .errors import ArchiveError, DiskFullError
from .files import document_mode


def snapshot(conn: sqlite3.Connection, dest: Path,
             progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the database behind ``conn`` to ``dest`` via a checked temporary file;
    ``progress(pages copied, pages)`` hears each 100 MB."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    debris.sweep(dest.parent)   # a killed backup's .part and .part-journal (core/store/debris.py)
    tmp = debris.make_file(dest.parent, dest.name)
    lock = debris.held(tmp)
    lock.__enter__()
    try:
        target = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            told = (lambda _status, remaining, total: progress(total - remaining, total)) \
                if progress is not None else None
            conn.backup(target, pages=25600, progress=told)
            # A backup is one self-contained file: no -wal beside it to lose in a copy.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        os.chmod(tmp, document_mode())   # mkstemp made it 0600; the archive itself follows the umask
        _fsync(tmp)
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise dbmod.translate_sqlite_error(exc, f"writing the backup {dest}") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _os_error(exc, f"writing the backup {dest}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        lock.__exit__(None, None, None)
    return dest


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _os_error(exc: OSError, doing: str) -> Exception:
    import errno
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"The disk is full while {doing}; the partial file was removed.")
    return ArchiveError(f"Could not finish {doing}: {exc.strerror or exc}.")
