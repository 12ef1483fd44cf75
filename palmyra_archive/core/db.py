"""The connection policy every part of the archive shares.

WAL so readers never block the writer and the app can stay open while the CLI imports;
foreign keys on; a busy timeout long enough that "database is locked" never reaches a user;
``BEGIN IMMEDIATE`` for writes (``write_transaction``) so two writers queue instead of
deadlocking half-way through a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .errors import ArchiveError, DiskFullError

BUSY_TIMEOUT_MS = 30_000


def sqlite_library_version() -> str:
    """The SQLite library in use (FTS5 and JSON behaviour depend on it); Help › About shows it."""
    return sqlite3.sqlite_version


def connect(path: Path | str, *, read_only: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the archive file with our pragmas applied."""
    path = Path(path)
    try:
        if read_only:
            uri = f"{path.resolve().as_uri()}?mode=ro"  # as_uri quotes # and ?
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        db = sqlite_utils.Database(conn)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path} is not a Palmyra archive or is damaged ({exc}).") from exc
    return db


def translate_sqlite_error(exc: sqlite3.Error, doing: str) -> Exception:
    """Turn a low-level SQLite error into one a user can act on."""
    text = str(exc).lower()
    if "database or disk is full" in text or "disk i/o error" in text:
        return DiskFullError(f"The disk is full while {doing}; nothing was written.")
    if "locked" in text or "busy" in text:
        return ArchiveError(f"The archive stayed busy while {doing}; please try again.")
    return ArchiveError(f"The archive could not finish {doing}: {exc}.")


@contextmanager
def write_transaction(db: sqlite_utils.Database, doing: str = "writing") -> Iterator[sqlite_utils.Database]:
    """One service call, one transaction: everything inside commits together or not at all.

    Re-entrant: a nested call joins the outer transaction (so a service may call another).
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, doing) from exc
    try:
        yield db
    except sqlite3.Error as exc:
        _rollback(conn)
        raise translate_sqlite_error(exc, doing) from exc
    except BaseException:
        _rollback(conn)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_sqlite_error(exc, doing) from exc


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back unless SQLite already did: after SQLITE_FULL (a full disk) or an I/O error it
    ends the transaction itself, and a second ROLLBACK would hide the real error behind
    "cannot rollback - no transaction is active"."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
