"""Reading and parsing files ahead of storing them, on the other cores when that is safe.

Why: parsing a file takes about as long as storing it, and only one process can write to the
archive. A bulk import therefore parses in forked worker processes while the main process
stores, in the files' order. Forking is only safe when the process has a single thread (the
CLI, the benchmarks: a fork copies one thread and whatever locks the others held) and on
platforms that have it; the GUI's worker thread, Windows and macOS parse in-process, as do
small imports. The workers inherit the parser, the file reader and the set of SHA-256s already
archived through the fork (nothing is pickled but paths on the way in), skip parsing files whose bytes are
already there, and send back ``Prepared`` results, several files per task to keep the pickling
round trips few. A worker that dies (a parser crash, the OOM killer) does not end the import:
the files it held are parsed again one by one in fresh workers, and a file that kills a worker
twice is reported as failed.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ingest.model import ParsedDocument
from ..store import source_bytes
from ..store.errors import ImportFailed, PalmyraError

log = logging.getLogger(__name__)

#: files per task sent to a worker: fewer round trips (each costs the storing process a pipe
#: write and a wake-up), still a short wait for the first results
CHUNK_FILES = 16
#: tasks in flight per worker: enough that a worker never waits for the main process
TASKS_PER_WORKER = 3

Parser = Callable[[str, bytes], ParsedDocument]
#: reads one file's bytes or raises ImportFailed (the importer's ``read_file``: its size and
#: file-kind rules stay the importer's; this module only calls what it is given)
Reader = Callable[[Path], bytes]


@dataclass
class Prepared:
    """One file read (and parsed, unless its bytes were already archived), ready to store."""
    path: Path
    original_path: str
    data: bytes | None = None
    sha256: str | None = None
    doc: ParsedDocument | None = None
    error: str | None = None      # why it could not be read or parsed, in a sentence
    #: the bytes as ``sources.content`` keeps them (``source_bytes.pack``), compressed by the
    #: worker: the storing process compressed each file itself, a twentieth of its time
    packed: bytes | None = None


def prepare(path: Path, parser: Parser, is_known: Callable[[str], bool], read: Reader) -> Prepared:
    """Read and parse one file; failures become a message, never an exception."""
    try:
        original = str(path.resolve())
        data = read(path)
    except ImportFailed as exc:
        return Prepared(path, str(path), error=exc.message)
    except OSError as exc:   # resolve() on a vanished or looping path
        return Prepared(path, str(path), error=f"{path} could not be read ({exc}).")
    sha = hashlib.sha256(data).hexdigest()
    if is_known(sha):
        return Prepared(path, original, data, sha)
    try:
        doc = parser(path.name, data)
    except PalmyraError as exc:
        return Prepared(path, original, data, sha, error=exc.message)
    except Exception as exc:  # a bug in the parser: this file fails, the rest go on
        log.exception("parsing %s failed", path)
        return Prepared(path, original, data, sha, error=unexpected_error(path.name, exc))
    return Prepared(path, original, data, sha, doc, packed=source_bytes.pack(data))


def unexpected_error(filename: str, exc: BaseException) -> str:
    return (f"{filename} could not be imported because of an unexpected error "
            f"({type(exc).__name__}); details are in the log.")


def can_fork() -> bool:
    """Forking workers is safe here: a platform with fork, and this process runs one thread."""
    import sys
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def default_workers() -> int:
    """Two workers from two cores on (#19): parsing and fingerprinting a file cost more than
    storing it, so on two cores one worker kept the writer waiting (5 s of a 2,000-file
    import) while the writer's own waits on the disk left the second core idle; more cores,
    one worker per core but the one the storing main process needs (at most four)."""
    cores = os.cpu_count() or 1
    return 1 if cores < 2 else max(2, min(4, cores - 1))


class InProcessParsing:
    """Files read and parsed one at a time when asked for: the GUI thread's and small imports' way."""

    def __init__(self, files: Sequence[Path], parser: Parser, is_known: Callable[[str], bool], *,
                 read: Reader):
        self._files = iter(files)
        self._parser, self._is_known, self._read = parser, is_known, read

    def __iter__(self) -> Iterator[Prepared]:
        return self

    def __next__(self) -> Prepared:
        return prepare(next(self._files), self._parser, self._is_known, self._read)

    def ready(self) -> bool:
        """Parsing happens on demand, so the next file is always 'ready'."""
        return True

    def lend(self, function: Callable[[Any], Any], argument: Any) -> Future | None:
        """No workers to lend: the caller does that work itself, later."""
        return None

    def close(self) -> None:
        pass


# What forked workers inherit: set just before the pool forks, read only in the workers.
_INHERITED: dict = {}
#: Linux's prctl option: the kernel sends this process a signal when its parent dies
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: a worker must not outlive an import killed with ``kill -9``.

    Without this, a killed import left its idle workers waiting for work forever, each holding
    a copy of the parser's memory.
    """
    import ctypes
    import signal
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):   # no prctl: the worker ends when its queue breaks
        pass
    if os.getppid() != parent_pid:      # the parent died before prctl took effect
        os._exit(1)


def _prepare_chunk(paths: list[Path]) -> list[Prepared]:
    parser, known, read = _INHERITED["parser"], _INHERITED["known"], _INHERITED["read"]
    return [prepare(path, parser, known, read) for path in paths]


class ArchivedBytes:
    """Whether the archive holds a file with this SHA-256 already, asked of the archive's file
    on a read-only connection of the asking process's own (a connection must not cross a
    fork): the workers skip parsing such a file, the writer notes it unchanged.

    Why not the set of every SHA-256 read at the import's start: at 1,000,000 sources that set
    is about 140 MB in the writer (and in each worker's copy) and a second to read, whatever
    the import's size; one indexed look-up per file costs microseconds. A look-up that fails
    says "not held": the file is parsed, and the writer finds it unchanged after all."""

    def __init__(self, path: Path):
        self.path = path
        self._conn: tuple[int, sqlite3.Connection] | None = None

    def __call__(self, sha: str) -> bool:
        try:
            if self._conn is None or self._conn[0] != os.getpid():
                self._conn = (os.getpid(), sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro",
                                                           uri=True, check_same_thread=False))
            row = self._conn[1].execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha]).fetchone()
        except sqlite3.Error:
            return False
        return row is not None


class ForkedParsing:
    """Files parsed ahead in forked worker processes, handed out in the files' order."""

    def __init__(self, files: Sequence[Path], parser: Parser, known: Callable[[str], bool],
                 workers: int | None = None, chunk: int = CHUNK_FILES, *, read: Reader):
        self._chunks = deque(list(files[i:i + chunk]) for i in range(0, len(files), chunk))
        self._workers = workers or default_workers()
        self._parser, self._known, self._read = parser, known, read
        self._pending: deque[tuple[list[Path], Future]] = deque()
        self._ready: deque[Prepared] = deque()
        self._pool: ProcessPoolExecutor | None = None
        self._in_process = False   # no worker could be started: parse here instead
        self._lent: list[Future] = []   # other work run in the pool (``lend``)

    def __iter__(self) -> Iterator[Prepared]:
        return self

    def __next__(self) -> Prepared:
        if not self._ready and self._in_process:
            if not self._chunks:
                raise StopIteration
            chunk = self._chunks.popleft()
            self._ready.extend(prepare(path, self._parser, self._known, self._read)
                               for path in chunk)
        if not self._ready:
            self._fill()
            if self._in_process:
                return next(self)
            if not self._pending:
                if not any(not f.done() for f in self._lent):
                    self.close()    # (work lent to the pool is waited for by its owner)
                raise StopIteration
            chunk, future = self._pending.popleft()
            self._ready.extend(self._result(chunk, future))
            self._fill()
        return self._ready.popleft()

    def ready(self) -> bool:
        """The next file can be handed out without waiting for a worker."""
        return bool(self._ready) or bool(self._pending and self._pending[0][1].done())

    def lend(self, function: Callable[[Any], Any], argument: Any) -> Future | None:
        """Run another pure, picklable job in the parsing workers (the text-reuse alignments
        of the pairs stored so far: ``reuse.alongside``), queued behind the files already sent;
        None when there is no pool (parsing in-process, or before the first files)."""
        if self._pool is None or self._in_process:
            return None
        try:
            future = self._pool.submit(function, argument)
        except (OSError, RuntimeError):   # a broken or shut-down pool
            return None
        self._lent = [f for f in self._lent if not f.done()] + [future]
        return future

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        _INHERITED.update(parser=self._parser, known=self._known, read=self._read)
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=die_with_parent, initargs=(os.getpid(),))

    def _fill(self) -> None:
        try:
            if self._pool is None and self._chunks and not self._in_process:
                self._pool = self._new_pool(self._workers)
            while self._chunks and self._pool and len(self._pending) < self._workers * TASKS_PER_WORKER:
                chunk = self._chunks[0]
                self._pending.append((chunk, self._pool.submit(_prepare_chunk, chunk)))
                self._chunks.popleft()
        except (OSError, RuntimeError) as exc:   # fork refused (no memory, process limit)
            log.warning("no parsing worker could be started (%s); parsing in this process", exc)
            if not self._pending:
                self.close()
                self._in_process = True

    def _result(self, chunk: list[Path], future: Future) -> list[Prepared]:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("a parsing worker stopped; parsing its files again one by one")
        except Exception as exc:  # noqa: BLE001 - the worker's own error, re-raised here, or a result
            # that could not be sent back: whatever it is, the chunk's files are parsed again one by one
            log.warning("parsing %d files in a worker failed (%s); trying them one by one",
                        len(chunk), exc)
        self._restart()
        return [self._isolated(path) for path in chunk]

    def _restart(self) -> None:
        """A broken pool fails every task it held: start a new one and send those again."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        again = [chunk for chunk, _future in self._pending]
        self._pending.clear()
        self._chunks.extendleft(reversed(again))

    def _isolated(self, path: Path) -> Prepared:
        """One file in a worker of its own, so a file that crashes the parser fails alone."""
        pool = self._new_pool(1)
        try:
            return pool.submit(_prepare_chunk, [path]).result()[0]
        except Exception as exc:  # noqa: BLE001 - whatever stopped the parser, this one file fails alone
            log.error("parsing %s stopped its worker process (%s)", path, exc)
            return Prepared(path, str(path), error=(
                f"{path.name} could not be imported: the parser stopped unexpectedly while "
                "reading it (its worker process crashed); the other files were imported."))
        finally:
            pool.shutdown(wait=True)
