"""The full scan's two costly stages on the other cores (issue #11): fingerprinting copies and
aligning candidate pairs, in forked worker processes while the main process reads the archive
and stores, in the copies' order (docs/reuse-at-scale.md, stages 2 and 4).

Both stages are pure functions of their inputs and of the outlets' boilerplate, which the
scan has counted before they run: the workers inherit it through the fork (``_INHERITED``;
nothing but the copies' rows is pickled on the way in), so each copy's band keys and each
pair's finding are the same as the single-process scan's, and the main process stores them in
the same order (the same links, the same ids). Forking is only safe when the process has a
single thread and the platform has it (the CLI, the benchmarks); the GUI's worker thread,
Windows and macOS run the same functions in-process, as do small scans. A worker that fails
(the OOM killer) does not end the scan: that task is done again in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np

from . import align as alignmod
from . import fingerprint as fp
from .links import CopyInfo, Finding, classify, direction

log = logging.getLogger(__name__)

#: outlet id -> the paragraph hashes that are its boilerplate (set by ``ScanWork`` before forking)
_INHERITED: dict[str, Any] = {"boiler": {}}

#: copies (or pairs) per task sent to a worker: few pickling round trips, steady progress
CHUNK = 25
#: a scan smaller than this runs in-process (starting workers costs more than it saves)
MIN_PARALLEL = 200


def can_fork() -> bool:
    """Forking workers is safe here: a platform with fork, and this process runs one thread."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


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


def _keys_chunk(rows: Sequence[tuple[int, int | None, str]]) -> list[list[int]]:
    return [copy_keys(outlet_id, body) for _id, outlet_id, body in rows]


def _pairs_chunk(pairs: Sequence[tuple[CopyInfo, CopyInfo]]) -> list[Finding | None]:
    return [verify_pair(a, b) for a, b in pairs]


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
    """Stage 2 and 4 of a scan, on forked workers when that is safe, else in this process.
    ``boiler``: outlet id -> its boilerplate paragraph hashes, counted by the scan."""

    def __init__(self, boiler: dict[int, frozenset[int]], *, size: int, workers: int | None = None):
        self.boiler = boiler
        self.workers = workers if workers is not None else default_workers()
        self._pool: ProcessPoolExecutor | None = None
        _INHERITED["boiler"] = boiler
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

    def keys(self, rows: Sequence[tuple[int, int | None, str]]) -> Iterable[list[int]]:
        """Each row's (copy id, outlet id, body) band keys, in order."""
        return self._run(_keys_chunk, rows)

    def findings(self, pairs: Sequence[tuple[CopyInfo, CopyInfo]]) -> Iterable[Finding | None]:
        """Each pair's finding (or None), in order."""
        return self._run(_pairs_chunk, pairs)

    def submit(self, what: str, items: Sequence) -> Callable[[], list]:
        """Start ``keys`` or ``findings`` on ``items``; the returned call waits for the results
        (so the main process reads the next batch while the workers work)."""
        fn = _keys_chunk if what == "keys" else _pairs_chunk
        if self._pool is None:
            return lambda: list(self._run(fn, items))
        chunks = [list(items[i:i + CHUNK]) for i in range(0, len(items), CHUNK)]
        try:
            futures = [self._pool.submit(fn, chunk) for chunk in chunks]
        except Exception as exc:  # noqa: BLE001 - a broken pool (a worker killed): on in-process
            log.warning("the text-reuse scan workers stopped (%s); scanning on in this process", exc)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            return lambda: list(fn(items))
        return lambda: [r for chunk, future in zip(chunks, futures, strict=True)
                        for r in self._result(fn, chunk, future)]

    def _run(self, fn: Callable[[Sequence], list], items: Sequence) -> list:
        if self._pool is None:
            return fn(items)
        return self.submit("keys" if fn is _keys_chunk else "findings", items)()

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
        _INHERITED["boiler"] = {}
