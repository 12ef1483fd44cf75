"""Comparing the pairs a bulk import queues while the import goes on (#11's import cost, #19).

Why: a bulk import is bound by its one writer (the main process storing each file), while the
parse-ahead workers finish their files long before the writer asks for them, so the second
core sat idle during the import and then the import waited a quarter of its time at its end
("Comparing copies…") for those same workers' cores to align the pairs it had queued. Here the
alignments are lent to the parse-ahead workers between two batches, a few chunks at a time,
and their findings stored between later batches; what is left when the import ends (and
everything in the GUI's thread, which parses in-process) is compared by ``verify_pending`` as
before.

The result is the same as ``verify_pending``'s: a pair is read and verified as at its copy's
import (the outlet's boilerplate as it stood then: ``since_copy``), its queue row leaves in the
transaction that stores its finding, a pair already decided or proposed (another chunk, the
app) is not stored twice, and a failure (a broken worker, a lost write) only stops the lending:
the pairs stay queued for ``verify_pending``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from ..store.errors import PalmyraError
from .pairs import BatchReads, align_jobs

if TYPE_CHECKING:
    from .service import ReuseManager

log = logging.getLogger(__name__)

#: pairs per lent task: about 30 ms of a worker's time, so the parse queue is barely delayed
CHUNK_PAIRS = 24
#: lent tasks in the workers' queue at once: about 400 pairs, what the idle core aligns while
#: the writer stores a batch (2 and 8 left most of the pairs to the end: 2,000 files, 11.1 s
#: without lending, 9.8 s with 8, 9.0 s with 16, 9.4 s with 32)
IN_FLIGHT = 16

#: ``lend(function, argument)``: run a pure function in the import's workers, or None (no workers)
Lend = Callable[[Callable[[Any], Any], Any], "Future | None"]


class ComparingAlongside:
    """Lend queued pairs' alignments to the import's workers and store their findings."""

    def __init__(self, manager: ReuseManager, lend: Lend, *, chunk_pairs: int | None = None,
                 in_flight: int | None = None):
        self.manager = manager
        self._lend = lend
        self._chunk, self._in_flight = chunk_pairs or CHUNK_PAIRS, in_flight or IN_FLIGHT
        self.lent = 0            # pairs lent (the import's end compares the rest)
        #: lent tasks in the order lent: ([(queue id, job or None)], future of the alignments)
        self._flight: deque[tuple[list[tuple[int, tuple | None]], Future]] = deque()
        self._after = 0          # the highest queue id lent so far
        self.proposed = 0        # links proposed here
        self.stopped = False

    def pump(self) -> None:
        """Between two batches: store what the workers have aligned, lend the next chunks.
        Never waits for a worker."""
        if self.stopped:
            return
        self._guarded(self._pump_once, wait=False)

    def finish(self) -> int:
        """At the import's end: store what is still being aligned; returns the links proposed
        here. What was never lent is left for ``verify_pending``."""
        if not self.stopped:
            self._guarded(self._store_done, wait=True)
        self._stop()
        return self.proposed

    def _guarded(self, step: Callable[..., None], **kwargs) -> None:
        try:
            step(**kwargs)
        except (PalmyraError, sqlite3.Error, OSError, RuntimeError) as exc:
            # a broken worker or a lost write: the pairs not stored stay queued
            log.warning("comparing copies during the import stopped (%s); "
                        "they are compared when it ends", exc)
            self._stop()
        except Exception:  # noqa: BLE001 - a bug here must not end the import the files are in
            log.exception("comparing copies during the import failed; they are compared when it ends")
            self._stop()

    def _stop(self) -> None:
        self.stopped = True
        self._flight.clear()

    def _pump_once(self, wait: bool = False) -> None:
        self._store_done(wait=wait)
        while len(self._flight) < self._in_flight and self._lend_next():
            pass

    def _lend_next(self) -> bool:
        """Lend the next chunk of queued pairs; False when there is not a whole chunk yet
        (the rest is compared at the import's end) or nobody to lend to."""
        manager = self.manager
        conn = manager.db.conn
        rows = conn.execute("SELECT id, copy_id, other_id FROM reuse_pending WHERE id > ?"
                            " ORDER BY id LIMIT ?", [self._after, self._chunk]).fetchall()
        if len(rows) < self._chunk:
            return False
        reads = BatchReads()
        jobs = [(row_id, manager._queued_pair(conn, copy_id, other_id, reads))
                for row_id, copy_id, other_id in rows]
        texts = [(a.body, b.body, ia, ib) for _id, job in jobs if job is not None
                 for a, b, ia, ib in [job]]
        future = self._lend(align_jobs, texts)
        if future is None:
            self.stopped = True
            return False
        self._after = rows[-1][0]
        self._flight.append((jobs, future))
        self.lent += len(rows)
        return True

    def _store_done(self, wait: bool = False) -> None:
        """Store the findings of the lent chunks that are done (all of them with ``wait``),
        in one transaction."""
        done: list[tuple[list[tuple[int, tuple | None]], list]] = []
        while self._flight and (wait or self._flight[0][1].done()):
            jobs, future = self._flight.popleft()
            try:
                done.append((jobs, future.result()))
            except Exception as exc:  # noqa: BLE001 - the worker's error or a broken pool
                raise RuntimeError(f"a worker could not align the pairs: {exc!r}") from exc
        if done:
            self._store(done)

    def _store(self, done: list[tuple[list[tuple[int, tuple | None]], list]]) -> None:
        manager = self.manager
        with manager.archive.write("comparing copies found at import") as db:
            conn = db.conn
            stored: set[tuple[int, int]] = set()
            for jobs, results in done:
                aligned = iter(results)
                for row_id, job in jobs:
                    result = next(aligned) if job is not None else None
                    if conn.execute("DELETE FROM reuse_pending WHERE id = ?", [row_id]).rowcount == 0:
                        continue    # compared meanwhile by someone else (the app, a scan)
                    if job is not None and result is not None:
                        self.proposed += manager.propose_once(conn, job[0], job[1], result, stored, "importer")
