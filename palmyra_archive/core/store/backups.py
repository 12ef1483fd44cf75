"""Backups and restore: copies of the archive that can be taken while it is in use.

Why SQLite's online backup API and not a file copy: the app may be writing (or the CLI
importing) while a backup runs, and a plain copy of a WAL database can catch it half-way.
The backup API copies a consistent snapshot. Each backup is written to a temporary file
beside its destination, checked, and only then renamed into place, so a full disk or a crash
never leaves a half-written file under a backup's name.

Restore is the reverse, and refuses anything it cannot vouch for: the file must be SQLite,
pass ``PRAGMA integrity_check``, hold a Palmyra archive, and have a schema version this build
understands. The current archive is backed up first ("before-restore-…"); the replacement
then happens in one SQLite transaction (the backup API into the live file), so other
connections see either the old archive or the restored one, never a mix.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from . import db as dbmod
from .clock import now_iso
from .errors import ArchiveError
from .paths import backups_dir
from .snapshots import snapshot

if TYPE_CHECKING:
    from ..archive import Archive

#: archive_info keys holding the automatic-backup settings (readable in sqlite3)
ENABLED_KEY = "auto_backup_enabled"
KEEP_KEY = "auto_backup_keep"
LAST_KEY = "auto_backup_last_at"
DEFAULT_KEEP = 5
#: how old the newest automatic backup may be before ``auto_backup`` makes another
DEFAULT_MAX_AGE = timedelta(days=1)
AUTO_PREFIX = "auto-"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: tables every Palmyra archive has; a SQLite file without them is someone else's database
REQUIRED_TABLES = frozenset({"archive_info", "sources", "articles", "copies", "events"})


@dataclass(frozen=True)
class BackupSettings:
    enabled: bool
    keep: int
    last_at: str | None


@dataclass(frozen=True)
class BackupCheck:
    """What ``check_backup`` found in a file: enough to say what restoring it would bring."""

    path: Path
    schema_version: int
    article_count: int
    source_count: int


class BackupManager:
    """``archive.backups``: take backups now, on a schedule, and list them."""

    def __init__(self, archive: Archive):
        self._archive = archive

    @property
    def folder(self) -> Path:
        return backups_dir(self._archive.path)

    def backup(self, dest: Path | str) -> Path:
        """Write a consistent copy of the archive to ``dest`` (safe while it is in use)."""
        dest = Path(dest).expanduser()
        if dest.exists() and dest.resolve() == self._archive.path.resolve():
            raise ArchiveError("A backup cannot be written over the archive itself; choose another file.")
        return snapshot(self._archive.db.conn, dest)

    # -- automatic backups -------------------------------------------------------------------

    def settings(self) -> BackupSettings:
        values = dict(self._archive.db.execute(
            "SELECT key, value FROM archive_info WHERE key IN (?, ?, ?)",
            [ENABLED_KEY, KEEP_KEY, LAST_KEY]).fetchall())
        enabled = values.get(ENABLED_KEY, "1") not in ("0", "false", "off")
        try:
            keep = max(1, int(values.get(KEEP_KEY) or DEFAULT_KEEP))
        except ValueError:
            keep = DEFAULT_KEEP
        return BackupSettings(enabled, keep, values.get(LAST_KEY))

    def configure(self, *, enabled: bool | None = None, keep: int | None = None) -> BackupSettings:
        """Change the automatic-backup settings (stored in ``archive_info``, logged as an event)."""
        if keep is not None and keep < 1:
            from .errors import ValidationError
            raise ValidationError("Keep at least one automatic backup.")
        before = self.settings()
        with self._archive.write("changing the backup settings"):
            if enabled is not None:
                self._set(ENABLED_KEY, "1" if enabled else "0")
            if keep is not None:
                self._set(KEEP_KEY, str(keep))
            after = self.settings()
            self._archive.events.record(
                "configure_backups", entity="archive",
                before={"enabled": before.enabled, "keep": before.keep},
                after={"enabled": after.enabled, "keep": after.keep})
        return after

    def auto_backup(self, keep: int | None = None, *, max_age: timedelta = DEFAULT_MAX_AGE,
                    force: bool = False) -> Path | None:
        """Back up into the backups folder when the newest automatic backup is older than
        ``max_age`` (or ``force``), keeping the last ``keep`` (default: the archive's setting).

        Returns the new backup, or ``None`` when none was due or automatic backups are off.
        """
        settings = self.settings()
        if not settings.enabled and not force:
            return None
        keep = keep if keep is not None else settings.keep
        newest = self.list_automatic()[-1:] if not force else []
        if newest and _age(newest[0]) < max_age:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.backup(self.folder / f"{AUTO_PREFIX}{stamp}.sqlite")
        with self._archive.write("recording the automatic backup"):
            self._set(LAST_KEY, now_iso())
            self._archive.events.record("backup", entity="archive",
                                        details={"path": str(path), "automatic": True})
        self._prune(keep)
        return path

    def list_automatic(self) -> list[Path]:
        """Automatic backups, oldest first (their names sort by time)."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"{AUTO_PREFIX}*.sqlite"))

    def _prune(self, keep: int) -> None:
        for old in self.list_automatic()[:-keep]:
            old.unlink(missing_ok=True)

    def _set(self, key: str, value: str) -> None:
        self._archive.db.execute(
            "INSERT INTO archive_info (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])


def _age(path: Path) -> timedelta:
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return datetime.now(UTC) - mtime


# -- checking and restoring ------------------------------------------------------------------

def check_backup(path: Path | str) -> BackupCheck:
    """Vouch for a backup file or raise ``ArchiveError`` saying what is wrong with it."""
    from .migrations import SCHEMA_VERSION

    path = Path(path).expanduser()
    if not path.is_file():
        raise ArchiveError(f"There is no backup file at {path}.")
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise ArchiveError(f"{path.name} is not a Palmyra archive backup (it is not a SQLite database).")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            return _inspect(conn, path, SCHEMA_VERSION)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path.name} is damaged and cannot be restored ({exc}).") from exc


def _inspect(conn: sqlite3.Connection, path: Path, supported: int) -> BackupCheck:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise ArchiveError(f"{path.name} is damaged and cannot be restored "
                           f"(integrity check: {'; '.join(problems[:3])}).")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= REQUIRED_TABLES:
        raise ArchiveError(f"{path.name} is a SQLite database but not a Palmyra archive.")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 1 or version > supported:
        raise ArchiveError(f"{path.name} has schema version {version}; this Palmyra Archive "
                           f"understands versions 1 to {supported}. Nothing was changed.")
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    return BackupCheck(path, version, articles, sources)


def restore(backup_path: Path | str, archive_path: Path | str) -> Path | None:
    """Replace the archive at ``archive_path`` with a checked backup, atomically.

    Returns where the archive as it was before the restore was saved (``None`` when there
    was no archive there). Raises ``ArchiveError`` and changes nothing when the backup is
    not a sound Palmyra archive.
    """
    backup_path, archive_path = Path(backup_path).expanduser(), Path(archive_path).expanduser()
    if archive_path.exists() and backup_path.exists() and os.path.samefile(backup_path, archive_path):
        raise ArchiveError("That file is the archive itself; choose a backup to restore from.")
    check_backup(backup_path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    saved = None
    source = sqlite3.connect(f"file:{backup_path}?mode=ro&immutable=1", uri=True)
    try:
        if archive_path.exists():
            current = _open_current(archive_path)
            if current is not None:
                try:
                    saved = snapshot(current, backups_dir(archive_path) / f"before-restore-{stamp}.sqlite")
                    _copy_into_live(source, current, archive_path)
                finally:
                    current.close()
                return saved
            saved = _set_aside_damaged(archive_path, stamp)
        _install_file(source, archive_path)
    finally:
        source.close()
    return saved


def _open_current(archive_path: Path) -> sqlite3.Connection | None:
    """The current archive, or ``None`` when it is too damaged to open (then it is moved aside)."""
    try:
        conn = dbmod.connect(archive_path).conn
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except (ArchiveError, sqlite3.DatabaseError):
        return None


def _copy_into_live(source: sqlite3.Connection, current: sqlite3.Connection, archive_path: Path) -> None:
    """One backup step with all pages: one transaction on the live file, so it is all or nothing."""
    try:
        source.backup(current)
    except sqlite3.Error as exc:
        raise dbmod.translate_sqlite_error(exc, f"restoring into {archive_path}") from exc


def _set_aside_damaged(archive_path: Path, stamp: str) -> Path:
    folder = backups_dir(archive_path)
    folder.mkdir(parents=True, exist_ok=True)
    aside = folder / f"damaged-before-restore-{stamp}.sqlite"
    os.replace(archive_path, aside)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{archive_path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside


def _install_file(source: sqlite3.Connection, archive_path: Path) -> None:
    """No usable archive there: write the backup beside it and rename it into place."""
    snapshot(source, archive_path)


__all__ = ["BackupManager", "BackupSettings", "BackupCheck", "check_backup", "restore", "snapshot"]
