"""The connection policy every part of the archive shares.

WAL so readers never block the writer and the app can stay open while the CLI imports;
foreign keys on; a busy timeout long enough that "database is locked" never reaches a user;
``BEGIN IMMEDIATE`` for writes (``write_transaction``) so two writers queue instead of
deadlocking half-way through a transaction.

Every connection to an archive is an ``ArchiveConnection``: it keeps this process's hold on the
archive's files (``file_hold``: locks no stray ``close()`` in the process can drop) and checks
that hold at the start and end of every write transaction, so a write can never go into a
write-ahead log another program has already deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from . import file_hold, source_bytes
from .errors import ArchiveError, DiskFullError, PalmyraError
from .file_hold import ArchiveHoldLost

BUSY_TIMEOUT_MS = 30_000


def inserted_id(cursor) -> int:
    """The row id an INSERT just gave (sqlite3 types ``lastrowid`` as optional: after an
    INSERT it is always set)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("no row was inserted")
    return int(rowid)


def sqlite_library_version() -> str:
    """The SQLite library in use (FTS5 and JSON behaviour depend on it); Help › About shows it."""
    return sqlite3.sqlite_version


class ArchiveConnection(sqlite3.Connection):
    """A connection to an archive file that holds the file for as long as it is open."""

    path: Path
    read_only: bool = False
    hold: file_hold.HoldCheck | None = None

    def close(self) -> None:
        hold, self.hold = self.hold, None
        if hold is None:
            super().close()
        else:
            file_hold.release(hold, super().close)

    def hold_problem(self, *, writing: bool = False) -> str | None:
        """How this connection's hold on the files was lost, or ``None`` while it is intact."""
        return None if self.hold is None else self.hold.problem(writing=writing)


def connect(path: Path | str, *, read_only: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the archive file with our pragmas applied."""
    return sqlite_utils.Database(_open(Path(path), read_only=read_only))


def _open(path: Path, *, read_only: bool, create: bool = True) -> ArchiveConnection:
    conn: ArchiveConnection | None = None
    try:
        if read_only or not create:
            # as_uri quotes # and ?; mode=rw never creates a file that is not there
            uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, factory=ArchiveConnection)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, factory=ArchiveConnection)
        conn.path, conn.read_only = path, read_only
        source_bytes.register(conn)   # sqlar_uncompress(content, size_bytes), as in the sqlite3 shell
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.hold = file_hold.acquire(path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise ArchiveError(f"{path} is not a Palmyra archive or is damaged ({exc}).") from exc
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def reopen(db: sqlite_utils.Database) -> None:
    """Give ``db`` a fresh connection to its file: its old one lost its hold on the files.

    The process's hold is pinned across the switch, so closing the old connection can neither
    checkpoint nor remove a WAL that is in use; the old one is closed *before* the fresh one
    opens, so SQLite really takes its locks again. A file replaced under us is never touched
    again: its connection is abandoned, not closed.
    """
    old = db.conn
    if not isinstance(old, ArchiveConnection):
        raise ArchiveError("This connection cannot be reopened.")
    path, check = old.path, old.hold
    if not path.exists():
        raise ArchiveError(f"The archive file {path} was moved or deleted; open it again "
                           "from where it is now.")
    if check is not None and check.replaced():
        file_hold.abandon(check)
        old.hold = None
        _abandoned.append(old)
        db.conn = _open(path, read_only=old.read_only, create=False)
        return
    with file_hold.pinned(check):
        try:
            old.close()
        except sqlite3.Error:
            pass
        db.conn = _open(path, read_only=old.read_only, create=False)


#: connections to a file that was replaced under us: never closed (closing one could
#: checkpoint into, or remove the WAL now used by, the file that took its place)
_abandoned: list[sqlite3.Connection] = []


def translate_sqlite_error(exc: sqlite3.Error, doing: str) -> PalmyraError:
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
    The connection's hold on the files is checked once the write lock is taken (lost: the
    connection is reopened before anything is written) and again just before ``COMMIT``
    (lost meanwhile: rolled back and ``ArchiveHoldLost`` raised, so nothing is committed to
    a log another program may have removed).
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn = _begin(db, doing)
    try:
        yield db
    except sqlite3.Error as exc:
        _rollback(conn)
        raise translate_sqlite_error(exc, doing) from exc
    except BaseException:
        _rollback(conn)
        raise
    else:
        problem = _hold_problem(conn, writing=True)
        if problem is not None:
            _rollback(conn)
            _reopen_quietly(db)
            raise ArchiveHoldLost(f"{problem} Palmyra Archive stopped before saving {doing}, so "
                                  "nothing was half-written, and reopened the archive; "
                                  "everything saved before is there. Please do it again.")
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_sqlite_error(exc, doing) from exc


def _begin(db: sqlite_utils.Database, doing: str) -> sqlite3.Connection:
    """``BEGIN IMMEDIATE``, on a fresh connection if the current one lost its hold."""
    for attempt in (1, 2):
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, doing) from exc
        check = getattr(conn, "hold", None)
        problem = None if check is None else check.before_write()
        if problem is None:
            return conn
        _rollback(conn)
        if attempt == 2 or (check is not None and check.replaced()):  # replaced: Archive.write reopens it
            raise ArchiveHoldLost(f"{problem} Nothing was written; please reopen the archive.")
        try:
            reopen(db)
        except ArchiveError as exc:
            raise ArchiveHoldLost(f"{problem} Palmyra Archive stopped writing to it: {exc}") from exc
    raise AssertionError("unreachable")


def _hold_problem(conn: sqlite3.Connection, *, writing: bool) -> str | None:
    return conn.hold_problem(writing=writing) if isinstance(conn, ArchiveConnection) else None


def _reopen_quietly(db: sqlite_utils.Database) -> None:
    try:
        reopen(db)
    except ArchiveError:
        pass  # the caller is told about the lost hold already; the next write says more


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back unless SQLite already did: after SQLITE_FULL (a full disk) or an I/O error it
    ends the transaction itself, and a second ROLLBACK would hide the real error behind
    "cannot rollback - no transaction is active"."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
