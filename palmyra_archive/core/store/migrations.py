"""Schema versions, applied in order when an archive is opened.

The steps themselves are in ``schema_steps`` (0001–0020) and ``schema_steps_large`` (0021 on),
each a named sqlite-utils migration (transactional: applied whole or not at all). Here is
how they are applied: the archive file is copied to its backups folder before any pending step
runs, so an upgrade can always be undone by hand; the steps that walk every article are told
the caller's ``progress``; a step that frees much of the file is followed by VACUUM.
``PRAGMA user_version`` mirrors the number of steps applied so a plain ``sqlite3`` user (and
our own start-up check) can read the version without our code.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from . import schema_steps
from .errors import ArchiveError, PalmyraError, SchemaTooNewError
from .schema_steps import FTS_TABLES, FTS_TOKENIZER, migrations, rebuild_fts  # noqa: F401 - read from here

# importing the second step module registers its steps after the first's
from .schema_steps_large import FIELDS_FTS, FIELDS_FTS_COLUMNS, FIELDS_FTS_TRIGGERS  # noqa: F401

#: steps after which ``migrate`` runs VACUUM (they free a large share of the file's pages)
_VACUUM_AFTER = {"0029_sources_compressed", "0032_band_keys_per_copy", "0033_reuse_methods_once"}


def _step_progress(progress):
    if progress is None:
        return None

    def told(done: int, total: int, message: str = "Preparing the archive's library indexes") -> None:
        progress(done, total, message)
    return told


#: the schema version this build understands: the number of steps the two modules register
SCHEMA_VERSION = len(migrations._migrations)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_version(db: sqlite_utils.Database, path: Path | None = None) -> int:
    """Refuse an archive written by a newer Palmyra Archive; return its version otherwise."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        where = f" ({path})" if path else ""
        raise SchemaTooNewError(
            f"This archive{where} was written by a newer Palmyra Archive (schema {version}; "
            f"this version understands up to {SCHEMA_VERSION}). Nothing was changed: please "
            "update Palmyra Archive to open it."
        )
    return version


def migrate(db: sqlite_utils.Database, path: Path | None = None, progress=None) -> list[str]:
    """Apply pending steps, after backing the file up when it already holds data;
    ``progress(done, total, message)`` hears the steps that walk every article."""
    check_version(db, path)
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return []
    backup = None
    if path is not None and schema_version(db) > 0 and path.exists():
        backup = _backup_before_upgrade(db, path, progress)
    schema_steps.PROGRESS.told = _step_progress(progress)
    # the log checkpointed every 64 pages while the steps run, so it is not the sum of them all
    db.execute("PRAGMA wal_autocheckpoint = 64")
    try:
        migrations.apply(db)
    except PalmyraError:
        raise
    except Exception as exc:  # the failing step was rolled back: say so, and where the copy is
        raise _upgrade_failed(path, backup, exc) from exc
    finally:
        schema_steps.PROGRESS.told = None
        db.execute("PRAGMA wal_autocheckpoint = 1000")    # SQLite's default
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    brought_along = "0001_initial" not in pending   # an existing archive, not a new file
    if _VACUUM_AFTER.intersection(pending) and brought_along and _worth_vacuum(db):
        if progress is not None:
            progress(0, 1, "Giving the freed space back to the disk")
        db.execute("VACUUM")   # outside any transaction; the backup above was made first
        if progress is not None:
            progress(1, 1, "Giving the freed space back to the disk")
    # the steps' pages into the file and the log emptied (a new archive's schema alone left
    # 1.4 MB in the write-ahead log, which a nearly full disk then lacked for the first
    # import); where even that cannot be written, the log stays as it is, whole
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:
        pass
    return pending


def _worth_vacuum(db: sqlite_utils.Database) -> bool:
    """More than a tenth of the file is free pages (the sources' old bytes)."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    return pages > 0 and free * 10 > pages


def _upgrade_failed(path: Path | None, backup: Path | None, exc: Exception) -> ArchiveError:
    where = f" ({path})" if path else ""
    kept = f" A copy made before the upgrade is at {backup}." if backup else ""
    return ArchiveError(f"Palmyra Archive could not finish preparing this archive{where}; the "
                        f"step that failed was undone and nothing was lost.{kept}",
                        detail=f"{type(exc).__name__}: {exc}")


def _backup_before_upgrade(db: sqlite_utils.Database, path: Path, progress=None) -> Path:
    """The archive as it is, copied into its backups folder before an upgrade touches it, the
    way every backup is written (``snapshots.snapshot``: aside, renamed when whole), so an
    upgrade killed while copying (a 10 GB archive takes minutes) leaves no half a copy under a
    backup's name. ``progress`` hears the pages copied."""
    from .paths import backups_dir
    from .snapshots import snapshot

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir(path) / f"before-upgrade-v{schema_version(db)}-{stamp}.sqlite"
    told = ((lambda done, total: progress(done, total, "Backing up the archive before upgrading it"))
            if progress is not None else None)
    return snapshot(db.conn, target, told)


__all__ = ["migrate", "check_version", "schema_version", "SCHEMA_VERSION", "FTS_TABLES"]
