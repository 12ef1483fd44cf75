"""Bulk imports commit in batches; each file inside a batch is still all there or not at all.

Why: a commit costs as much as storing a file (SQLite syncs the log and FTS5 flushes its
pending index), so an import of thousands of files that commits each one spends half its time
committing. A bulk import instead opens one ``BEGIN IMMEDIATE`` transaction per batch (up to
``BATCH_FILES`` files or ``BATCH_SECONDS`` of work, whichever comes first, so the app waiting
to write is never held up for long), each file written with its event-log row. A file that
fails rolls back alone and the rest of the batch commits: a file that fails before writing
anything (it could not be read or parsed) just fails; one that fails half-way rolls the batch
back, and the same files are stored again in one transaction, each inside its own
``SAVEPOINT``, so that only the failing file's savepoint is rolled back. (Why not a savepoint
per file from the start: FTS5 writes its pending index out at every savepoint, which made
storing a file about a quarter slower; files failing half-way are rare.) A crash (``kill -9``)
loses the uncommitted batch whole; running the import again stores those files then, with no
duplicates (same bytes, same SHA-256: unchanged). Cancel stops after the current file and
commits what was done. If the batch itself cannot commit (a full disk, a lost transaction) its
files are stored again one transaction each, so each gets its own verdict.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..store.errors import Cancelled, PalmyraError
from ..store.tasks import CancelToken, Progress

if TYPE_CHECKING:
    from .importer import FileOutcome, Importer
    from .parse_ahead import Prepared

#: at most this many files per transaction
BATCH_FILES = 200
#: and at most about this long holding the write lock (the app's busy timeout is 30 s)
BATCH_SECONDS = 0.5


class BatchLost(Exception):
    """SQLite ended the batch's transaction itself (e.g. after SQLITE_FULL)."""


class FailedHalfWay(Exception):
    """A file failed after writing some of its rows: roll the batch back, store it with savepoints."""


def import_in_batches(importer: Importer, stream, total: int, progress: Progress,
                      cancel: CancelToken, *, between: Callable[[], None] | None = None,
                      ) -> tuple[list[FileOutcome], bool]:
    """Outcomes in the files' order, and whether the import was cancelled. ``between`` runs
    after each batch's commit, outside any transaction (storing the text-reuse findings the
    workers made meanwhile: ``reuse.alongside``); it must not wait."""
    outcomes: list[FileOutcome] = []
    while True:
        if cancel.cancelled:
            return outcomes, True
        first = next(stream, None)
        if first is None:
            return outcomes, False
        outcomes.extend(_one_batch(importer, first, stream, progress, cancel, len(outcomes), total))
        if between is not None:
            between()


def _one_batch(importer: Importer, first: Prepared, stream, progress: Progress,
               cancel: CancelToken, done: int, total: int) -> list[FileOutcome]:
    """Store files from ``first`` on in one transaction until a limit, cancel, or a wait."""
    taken = [first]
    outcomes: list[FileOutcome] = []
    commit = getattr(importer, "last_commit_seconds", 0.0)
    try:
        with importer.archive.write(f"importing {total} files") as db:
            started = time.perf_counter()   # the lock is held from here to the commit's end
            importer.forget_cached_ids()
            while True:
                item = taken[-1]
                progress(done + len(outcomes), total, f"Importing {item.path.name}")
                outcomes.append(_optimistically(importer, db.conn, item))
                held = time.perf_counter() - started
                # the next file and the commit must fit too: the budget is the whole hold
                if (len(taken) >= BATCH_FILES or cancel.cancelled or not stream.ready()
                        or held + held / len(taken) + commit >= BATCH_SECONDS):
                    break   # a wait for the parser is spent outside the transaction
                following = next(stream, None)
                if following is None:
                    break
                taken.append(following)
            committing = time.perf_counter()
        importer.last_commit_seconds = time.perf_counter() - committing
    except Cancelled:
        raise
    except FailedHalfWay:
        return _with_savepoints(importer, taken)
    except (BatchLost, PalmyraError, sqlite3.Error):
        importer.forget_cached_ids()
        return [_alone(importer, item) for item in taken]
    return outcomes


def _optimistically(importer: Importer, conn: sqlite3.Connection, item: Prepared) -> FileOutcome:
    """Store the file with no savepoint; a failure after it wrote something undoes the batch."""
    changes = conn.total_changes
    outcome = importer.store_prepared(item)
    if not conn.in_transaction:
        raise BatchLost()
    if outcome.status == "failed" and conn.total_changes != changes:
        raise FailedHalfWay()
    return outcome


def _with_savepoints(importer: Importer, taken: list[Prepared]) -> list[FileOutcome]:
    """The batch again, in one transaction, each file in a savepoint of its own."""
    try:
        with importer.archive.write(f"importing {len(taken)} files") as db:
            importer.forget_cached_ids()
            return [_in_savepoint(importer, db.conn, item) for item in taken]
    except Cancelled:
        raise
    except (BatchLost, PalmyraError, sqlite3.Error):
        importer.forget_cached_ids()
        return [_alone(importer, item) for item in taken]


def _in_savepoint(importer: Importer, conn: sqlite3.Connection, item: Prepared) -> FileOutcome:
    conn.execute("SAVEPOINT import_file")
    outcome = importer.store_prepared(item)
    if not conn.in_transaction:
        raise BatchLost()
    if outcome.status == "failed":
        conn.execute("ROLLBACK TO import_file")
        importer.forget_cached_ids()   # outlets or tags made for this file are gone again
    conn.execute("RELEASE import_file")
    return outcome


def _alone(importer: Importer, item: Prepared) -> FileOutcome:
    """The file in a transaction of its own, as a small import stores it."""
    return importer.store_prepared(item)
