"""The full text-reuse scan (``reuse scan``, Tools › Find copies by text…): every copy's
fingerprint and the outlets' boilerplate counted again, then every copy compared with the
older ones it shares band keys with (issue #11). Stages 2 to 5 run on ``scan_work``'s forked
workers where that is safe; this module reads the batches and stores what they find, one
transaction per batch: the fingerprints in the copies' order, the links in ``scan_order``'s
(a copy's candidates found first, a window of copies at a time, then the pairs aligned in
groups of copies that are candidates of one another; docs/reuse-at-scale.md)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..store import band_keys
from ..store.clock import now_iso
from ..store.errors import Cancelled, PalmyraError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from . import fingerprint as fp
from . import scan_order
from .links import BOILERPLATE_COPIES, ScanReport, parameters
from .scan_work import ScanWork

#: copies whose candidates are found, grouped and aligned together: the pairs of a window are
#: held in memory (about 12 per copy), so a million-copy scan stays within its memory budget
WINDOW = 20_000

if TYPE_CHECKING:
    from .service import ReuseManager


def run_scan(manager: ReuseManager, *, progress: Progress = no_progress,
             cancel: CancelToken = NEVER_CANCELLED, batch: int = 500,
             workers: int | None = None) -> ScanReport:
    """Rebuild every fingerprint and the boilerplate counts, then propose what is found.

    Decided links stay as they are; proposals stay too (a rejected pair is never proposed
    again). Work commits every ``batch`` copies, so Cancel keeps what was done. The band
    keys and the alignments are made on ``workers`` forked processes where that is safe
    (``scan_work``: the CLI; the GUI's thread scans in-process), the same keys and links
    either way; the main process reads the next batch while they work."""
    started = time.perf_counter()
    report = ScanReport()
    # pairs an import queued are verified first, as the import would have (before the
    # boilerplate counts are rebuilt)
    report.proposed += manager.verify_pending(progress=progress, cancel=cancel)
    ids = [r[0] for r in manager.db.execute("SELECT id FROM copies WHERE superseded_by_id IS NULL ORDER BY id")]
    report.copies = len(ids)
    total = 3 * len(ids)
    progress(0, total, "Counting boilerplate")
    with manager.archive.write("rebuilding text-reuse fingerprints") as db:
        db.execute("DELETE FROM reuse_bands")
        db.execute("DELETE FROM reuse_fingerprints")
        db.execute("DELETE FROM reuse_boilerplate")
        boiler = _count_boilerplate(manager, db.conn, ids)
    work = ScanWork(boiler, size=len(ids), workers=workers, conn=manager.db.conn, path=manager.archive.path)
    try:
        _fingerprints(manager, ids, batch, work, report, progress, cancel, total)
        _pairs(manager, ids, batch, work, report, progress, cancel, total)
        with manager.archive.write("noting the text-reuse scan") as db:
            manager.archive.events.record("reuse_scan", entity="reuse", actor="scan",
                                          details={"copies": report.copies, "proposed": report.proposed,
                                                   "parameters": parameters()})
    except PalmyraError as exc:
        if not isinstance(exc, Cancelled):
            raise
        report.cancelled = True
    finally:
        work.close()
    report.seconds = time.perf_counter() - started
    return report


def _fingerprints(manager: ReuseManager, ids: list[int], batch: int, work, report: ScanReport,
                  progress: Progress, cancel: CancelToken, total: int) -> None:
    """Stage 2 over every copy: the workers make a batch's keys while the previous batch's
    fingerprint rows are stored (one transaction per batch), then every key row is made in
    one sorted pass (``band_keys.index_all``), also when Cancel stops it part way."""

    def store(rows, wait, done: int) -> None:
        keys = wait()
        with manager.archive.write("fingerprinting copies") as db:
            band_keys.put_fingerprints(db.conn, [(row[0], row[1], ks) for row, ks in zip(rows, keys, strict=True)],
                                       fp.DEFAULT_JSON, now_iso())
        report.fingerprinted += len(rows)
        progress(done, total, f"Fingerprinted {done} of {len(ids)} copies")

    pending = None
    try:
        for start in range(0, len(ids), batch):
            cancel.raise_if_cancelled()
            chunk = ids[start:start + batch]
            rows = manager.db.execute(
                "SELECT c.id, COALESCE(c.outlet_corrected_id, c.outlet_id), COALESCE(c.body, '') FROM copies c"
                f" JOIN articles a ON a.id = c.article_id WHERE c.id IN ({','.join('?' * len(chunk))})"
                " ORDER BY c.id", chunk).fetchall()
            wait = work.submit("keys", rows)
            if pending is not None:
                store(*pending)
            pending = (rows, wait, min(len(ids), start + batch))
        if pending is not None:
            cancel.raise_if_cancelled()
            store(*pending)
    finally:
        progress(report.fingerprinted, total, "Indexing the band keys")
        with manager.archive.write("indexing text-reuse band keys") as db:
            band_keys.index_all(db.conn)


def _pairs(manager: ReuseManager, ids: list[int], batch: int, work, report: ScanReport,
           progress: Progress, cancel: CancelToken, total: int) -> None:
    """Stages 3–6 over every copy against the older ones, ``WINDOW`` copies at a time: the
    workers find each copy's candidates (their own read-only connection), then align the
    pairs in ``scan_order``'s groups while the previous batch's findings are stored here."""
    for start in range(0, len(ids), WINDOW):
        window = ids[start:start + WINDOW]
        found: list = []
        waits = []
        for first in range(0, len(window), batch):
            cancel.raise_if_cancelled()
            waits.append((work.submit("candidates", window[first:first + batch]),
                          start + min(len(window), first + batch)))
            if len(waits) > 1:      # one batch ahead: the workers never wait for this process
                wait, done = waits.pop(0)
                found += wait()
                progress(len(ids) + done, total, f"Finding candidates: {done} of {len(ids)} copies")
        for wait, done in waits:
            found += wait()
            progress(len(ids) + done, total, f"Finding candidates: {done} of {len(ids)} copies")
        _align_window(manager, scan_order.schedule(found), batch, work, report, progress, cancel,
                      total, len(ids), start, len(window))


def _align_window(manager: ReuseManager, chunks: list, batch: int, work, report: ScanReport,
                  progress: Progress, cancel: CancelToken, total: int, copies: int, start: int,
                  size: int) -> None:
    """Align one window's pairs, about ``batch`` of them per transaction, and store what they
    are in the schedule's order (progress: the window's copies in proportion to its pairs)."""
    pairs = sum(map(len, chunks))
    batches: list[list] = [[]]
    filled = 0
    for chunk in chunks:
        if batches[-1] and filled + len(chunk) > batch:
            batches.append([])
            filled = 0
        batches[-1].append(chunk)
        filled += len(chunk)
    aligned = 0

    def store(wait, count: int) -> None:
        nonlocal aligned
        found = wait()
        with manager.archive.write("finding text reuse") as db:
            for entry in found:
                report.candidates += 1
                if entry is not None and entry[2] is not None:
                    manager._store(db.conn, entry[0], entry[1], entry[2], "scan")
                    report.proposed += 1
        aligned += count
        shown = start + size * aligned // max(1, pairs)
        progress(2 * copies + shown, total, f"Compared {report.candidates} pairs ({shown} of {copies} copies)")

    pending = None
    for chunk_set in batches:
        cancel.raise_if_cancelled()
        wait = work.submit_chunks("align", chunk_set)
        if pending is not None:
            store(*pending)
        pending = (wait, sum(map(len, chunk_set)))
    if pending is not None:
        cancel.raise_if_cancelled()
        store(*pending)
    if not pairs:
        progress(2 * copies + start + size, total, f"Compared {report.candidates} pairs"
                 f" ({start + size} of {copies} copies)")


def _count_boilerplate(manager: ReuseManager, conn, ids: list[int]) -> dict[int, frozenset[int]]:
    """Count every outlet's paragraphs over ``ids``; returns each outlet's boilerplate
    (paragraphs in at least ``BOILERPLATE_COPIES`` of its copies) for the scan's stages."""
    # per outlet, not per (outlet, hash) tuple, and inserted from a generator: at 100,000
    # copies these are about a million paragraphs, held once
    counts: dict[int, dict[int, int]] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        for outlet_id, body in conn.execute(
                "SELECT COALESCE(outlet_corrected_id, outlet_id), body FROM copies WHERE id IN"
                f" ({','.join('?' * len(chunk))}) AND COALESCE(outlet_corrected_id, outlet_id)"
                " IS NOT NULL", chunk):
            mine = counts.setdefault(outlet_id, {})
            for h in manager._unit_hashes(body or ""):
                mine[h] = mine.get(h, 0) + 1
    conn.executemany("INSERT INTO reuse_boilerplate (outlet_id, unit_hash, copies) VALUES (?,?,?)",
                     ((o, h, n) for o, mine in counts.items() for h, n in mine.items()))
    boiler = {o: frozenset(h for h, n in mine.items() if n >= BOILERPLATE_COPIES) for o, mine in counts.items()}
    return {o: hs for o, hs in boiler.items() if hs}
