"""The full scan's costly stages on the other cores (issue #11): fingerprinting copies, finding
their candidates and aligning the pairs, in forked worker processes while the main process
reads the archive and stores (docs/reuse-at-scale.md, stages 2 to 5).

Every stage is a pure function of its inputs and of the outlets' boilerplate, which the
scan has counted before they run: the workers inherit it through the fork (``_INHERITED``;
nothing but the copies' rows, or their ids, is pickled on the way in). For candidates and
pairs each worker reads the band keys and the copies itself, on a read-only connection of its
own (the band keys are all stored by then, and only links are stored meanwhile), so the main
process only stores. Each copy's band keys and each pair's finding are the same as the
single-process scan's, and the main process stores them in the same order (the same links,
the same ids). Forking is only safe when the process has a single thread and the platform
has it (the CLI, the benchmarks); the GUI's worker thread, Windows and macOS run the same
functions in-process, as do small scans. A worker that fails (the OOM killer) does not end
the scan: that task is done again in-process.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np

from ..store import band_keys
from . import align as alignmod
from . import fingerprint as fp
from .links import KEY_POSTINGS, MAX_VERIFY, METHOD, MIN_SHARED_KEYS, CopyInfo, Finding, classify, direction

log = logging.getLogger(__name__)

#: set by ``ScanWork`` before forking: ``boiler`` (outlet id -> the paragraph hashes that are
#: its boilerplate), ``conn`` (the connection to read on in this process), ``path`` (the archive,
#: which a worker opens read-only for itself)
_INHERITED: dict[str, Any] = {"boiler": {}, "conn": None, "path": None}

#: copies (or pairs) per task sent to a worker: few pickling round trips, steady progress
CHUNK = 25
#: the page cache of a worker's read-only connection, in KiB
WORKER_CACHE_KIB = 65536
#: a scan smaller than this runs in-process (starting workers costs more than it saves)
MIN_PARALLEL = 200


def can_fork() -> bool:
    """Forking workers is safe here: a platform with fork, and this process runs one thread,
    this one (a Qt pool thread, as the app's worker, is not always counted by ``threading``:
    a scan not on the main thread never forks)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)


def default_workers() -> int:
    """One worker per core (the main process mostly waits on them and on SQLite)."""
    return max(1, min(4, os.cpu_count() or 2))


def _boiler(outlet_id: int | None) -> frozenset[int]:
    if outlet_id is None:
        return frozenset()
    return _INHERITED["boiler"].get(outlet_id, frozenset())


def _unit_hashes(body: str) -> frozenset[int]:
    return frozenset(fp.unit_hash(u.text) for u in alignmod.units(body) if u.words >= alignmod.UNIT_MIN_WORDS)


def copy_keys(outlet_id: int | None, body: str) -> list[int]:
    """A copy's band keys with its outlet's boilerplate paragraphs left out (stage 2), as
    ``ReuseManager._fingerprint`` makes them."""
    boiler = _boiler(outlet_id)
    kept = []
    for u in alignmod.units(body):
        h = fp.unit_hash(u.text) if u.words >= alignmod.UNIT_MIN_WORDS else None
        if h is None or h not in boiler:
            kept.append(fp.word_hashes(u.text))
    words = np.concatenate(kept) if kept else np.zeros(0, dtype=np.uint64)
    return fp.band_keys_of_words(words)


def ignored(info: CopyInfo) -> frozenset[int]:
    """The copy's paragraphs that are its outlet's boilerplate (``ReuseManager._ignored_units``)."""
    boiler = _boiler(info.outlet_id)
    return _unit_hashes(info.body) & boiler if boiler else frozenset()


def verify_pair(a: CopyInfo, b: CopyInfo) -> Finding | None:
    """Align two copies, their outlets' boilerplate left out, and say what they are (stage 4
    and 5, as ``ReuseManager.verify``)."""
    result = alignmod.align(a.body, b.body, ignore_a=ignored(a), ignore_b=ignored(b), unit_hash=fp.unit_hash)
    kind = classify(result)
    if kind is None:
        return None
    first, why = direction(a, b)
    return Finding(kind, result, first, why)


def read_info(conn, copy_id: int, *, body: bool = True) -> CopyInfo | None:
    """What comparing a copy needs: its work, source, outlet and date as shown, title, body
    (``body=False``: left empty, for finding its candidates) and the outlets its printed
    chain names."""
    row = conn.execute(
        "SELECT c.id, c.article_id, c.source_id, COALESCE(c.outlet_corrected_id, c.outlet_id),"
        " o.name, COALESCE(c.date_corrected, c.date), COALESCE(a.title_corrected, a.title),"
        f" {'c.body' if body else 'NULL'}"
        " FROM copies c JOIN articles a ON a.id = c.article_id"
        " LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)"
        " WHERE c.id = ?", [copy_id]).fetchone()
    if row is None:
        return None
    froms = tuple(r[0] for r in conn.execute(
        "SELECT from_outlet_id FROM republications WHERE copy_id = ? AND rejected = 0"
        " AND from_outlet_id IS NOT NULL AND method != ?", [copy_id, METHOD]))
    id_, article_id, source_id, outlet_id, outlet, date, title, text = row
    return CopyInfo(id_, article_id, source_id, outlet_id, outlet, date, title, text or "", froms)


def candidates(conn, info: CopyInfo, keys: list[int], *, older_only: bool,
               limit: int = MAX_VERIFY) -> list[tuple[int, int]]:
    """Stage 3 for one copy: (copy id, keys shared) for the copies sharing at least
    ``MIN_SHARED_KEYS`` band keys with it among each key's newest ``KEY_POSTINGS`` holders
    (older ones only, for a scan), most shared first (then newest), up to ``limit``; not copies
    of the same file or work, nor versions replaced by newer ones.

    One statement, so SQLite counts the shared keys: a copy has about 150 keys and a common
    passage's key 64 holders, so reading each key's holders into Python and counting them
    there cost several milliseconds per imported file (the writer's largest share). Each
    key's floor (its ``KEY_POSTINGS``-th newest holder) is found first, so the holders read
    per key are still capped: a passage printed in thousands of copies (a wire story, a widely
    quoted statement) keeps the lookup flat, and the newest holders are where a new copy's
    earlier versions are."""
    if not keys:
        return []
    other = "copy_id < :me" if older_only else "copy_id != :me"
    rows = conn.execute(f"""
        WITH k(key, floor) AS MATERIALIZED (
            SELECT j.value, COALESCE((SELECT x.copy_id FROM reuse_bands x
                                      WHERE x.key = j.value AND x.{other}
                                      ORDER BY x.copy_id DESC LIMIT 1 OFFSET :deep), 0)
            FROM json_each(:keys) j),
        shared(copy_id, n) AS MATERIALIZED (
            SELECT b.copy_id, COUNT(*) FROM k CROSS JOIN reuse_bands b
            WHERE b.key = k.key AND b.copy_id >= k.floor AND b.{other}
            GROUP BY b.copy_id HAVING COUNT(*) >= :least)
        SELECT s.copy_id, s.n FROM shared s JOIN copies c ON c.id = s.copy_id
        WHERE c.superseded_by_id IS NULL AND c.source_id != :source AND c.article_id != :article
        ORDER BY s.n DESC, s.copy_id DESC LIMIT :limit""",
        {"me": info.id, "keys": json.dumps(sorted(set(keys))), "deep": KEY_POSTINGS - 1,
         "least": MIN_SHARED_KEYS, "source": info.source_id, "article": info.article_id,
         "limit": limit})
    return [(copy_id, shared) for copy_id, shared in rows]


def _conn():
    """The connection this process reads on: the scan's own, or (in a forked worker) one
    opened read-only on the archive the first time (a connection must not cross a fork)."""
    if _INHERITED.get("pid") != os.getpid():
        import sqlite3
        _INHERITED["conn"] = sqlite3.connect(f"file:{_INHERITED['path']}?mode=ro", uri=True,
                                             check_same_thread=False)
        # the band keys' index is read all over (keys are hashes): SQLite's default 2 MB of
        # pages read most of it from the OS again; 64 MB made a copy's candidates ~10 % faster
        _INHERITED["conn"].execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
        _INHERITED["pid"] = os.getpid()
    return _INHERITED["conn"]


def _candidates_chunk(copy_ids: Sequence[int]) -> list[tuple[int, tuple[int, ...]]]:
    """Stage 3 for some copies against the older ones: each copy with the candidates not yet
    linked to it (a decided pair, a rejected one above all, is never proposed again), most
    keys shared first; copies with none are left out."""
    conn = _conn()
    out: list[tuple[int, tuple[int, ...]]] = []
    for copy_id in copy_ids:
        info = read_info(conn, copy_id, body=False)
        if info is None:
            continue
        others = tuple(other for other, _shared in candidates(conn, info, band_keys.keys_of(conn, copy_id),
                                                               older_only=True)
                       if not conn.execute("SELECT 1 FROM reuse_links WHERE copy_a = ? AND copy_b = ?",
                                           (other, copy_id)).fetchone())
        if others:
            out.append((copy_id, others))
    return out


def _align_chunk(pairs: Sequence[tuple[int, int]]) -> list[tuple[CopyInfo, CopyInfo, Finding | None] | None]:
    """Stages 4 and 5 for some ``(copy, older candidate)`` pairs (``scan_order``'s chunks):
    per pair, (a, b, finding or None), a and b without their bodies (the storing side does not
    need them), or None where a copy is gone. Each copy is read once per chunk."""
    import dataclasses
    conn = _conn()
    infos: dict[int, tuple[CopyInfo, CopyInfo] | None] = {}

    def info(copy_id: int) -> tuple[CopyInfo, CopyInfo] | None:
        """The copy, and the copy without its body (what is sent back)."""
        if copy_id not in infos:
            found = read_info(conn, copy_id)
            infos[copy_id] = None if found is None else (found, dataclasses.replace(found, body=""))
        return infos[copy_id]

    out: list = []
    for newer, older in pairs:
        a, b = info(older), info(newer)
        if a is None or b is None:
            out.append(None)
            continue
        out.append((a[1], b[1], verify_pair(a[0], b[0])))
    return out


def _keys_chunk(rows: Sequence[tuple[int, int | None, str]]) -> list[list[int]]:
    return [copy_keys(outlet_id, body) for _id, outlet_id, body in rows]


#: what ``ScanWork.submit`` runs, by name
_JOBS: dict[str, Callable[[Sequence], list]] = {"keys": _keys_chunk, "candidates": _candidates_chunk,
                                               "align": _align_chunk}


def _die_with_parent(parent: int) -> None:
    """A worker whose scan died (killed, crashed) stops instead of lingering (Linux)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(0)


class ScanWork:
    """Stages 2 to 5 of a scan, on forked workers when that is safe, else in this process.
    ``boiler``: outlet id -> its boilerplate paragraph hashes, counted by the scan."""

    def __init__(self, boiler: dict[int, frozenset[int]], *, size: int, workers: int | None = None,
                 conn=None, path=None):
        self.boiler = boiler
        self.workers = workers if workers is not None else default_workers()
        self._pool: ProcessPoolExecutor | None = None
        _INHERITED.update(boiler=boiler, conn=conn, path=path, pid=os.getpid())
        if path is None or str(path) == ":memory:":
            size = 0      # a worker could not open it: in-process
        if self.workers > 1 and size >= MIN_PARALLEL and can_fork():
            try:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_die_with_parent, initargs=(os.getpid(),))
            except (OSError, RuntimeError) as exc:      # fork refused (no memory, process limit)
                log.warning("no scan worker could be started (%s); scanning in this process", exc)
                self._pool = None

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, what: str, items: Sequence) -> Callable[[], list]:
        """Start ``keys`` (rows of copies) or ``candidates`` (copy ids) on ``items``, ``CHUNK``
        of them per task; the returned call waits for the results (so the main process reads
        or stores the next batch while the workers work)."""
        return self.submit_chunks(what, [list(items[i:i + CHUNK]) for i in range(0, len(items), CHUNK)])

    def submit_chunks(self, what: str, chunks: Sequence[list]) -> Callable[[], list]:
        """``submit`` with the tasks cut by the caller (``align``: ``scan_order``'s chunks,
        each a group of copies whose texts one worker reads once)."""
        fn: Callable[[Sequence], list] = _JOBS[what]
        if self._pool is None:
            return lambda: [r for chunk in chunks for r in fn(chunk)]
        try:
            futures: list[Future] = [self._pool.submit(fn, chunk) for chunk in chunks]
        except Exception as exc:  # noqa: BLE001 - a broken pool (a worker killed): on in-process
            log.warning("the text-reuse scan workers stopped (%s); scanning on in this process", exc)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            return lambda: [r for chunk in chunks for r in fn(chunk)]
        return lambda: [r for chunk, future in zip(chunks, futures, strict=True)
                        for r in self._result(fn, chunk, future)]

    def _result(self, fn: Callable[[Sequence], list], chunk: list, future: Future) -> list:
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a worker that died or failed: do its share here
            log.warning("a text-reuse scan worker failed (%s); doing its %d items in this process",
                        exc, len(chunk))
            return fn(chunk)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _INHERITED.update(boiler={}, conn=None, path=None, pid=None)
