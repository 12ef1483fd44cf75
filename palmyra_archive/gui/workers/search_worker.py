"""Search off the GUI thread: a dedicated reader thread with its own archive connection.

Why: at 10,000 articles one keystroke's search (the ranked hits plus the library's matching
ids) takes a few hundred milliseconds, long enough to make typing stutter. Like calibre's and
Anki's search-as-you-type, every request carries an id and only the newest one counts: the
reader skips requests already superseded when it gets to them, and a result that arrives
after a newer request is dropped on the GUI side. SQLite connections never cross threads, so
the reader opens (and closes) its own connection in its thread; WAL lets it read while the
GUI and the write lane work.
"""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...core.archive import Archive
from ...core.store.errors import PalmyraError
from ...core.store.records import LibraryQuery

log = logging.getLogger(__name__)

#: workers whose thread may be running; stopped at exit (a QThread destroyed running aborts)
_LIVE: set[SearchWorker] = set()


@dataclass(frozen=True)
class SearchOutcome:
    """What one search found: the hits to list, the ids the library shows, or a plain message."""

    request_id: int
    text: str
    query: LibraryQuery
    hits: list = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    error: str = ""


class _Reader(QObject):
    """Lives in the search thread; owns that thread's archive connection."""

    done = Signal(object)

    def __init__(self, latest: list[int]):
        super().__init__()
        self._latest = latest
        self._archive: Archive | None = None

    @Slot(object, int, str, object, int)
    def run(self, path: Path, request_id: int, text: str, query: LibraryQuery, limit: int) -> None:
        if request_id != self._latest[0]:
            return  # a newer keystroke already superseded this one
        try:
            archive = self._open(path)
            outcome = _search(archive, request_id, text, query, limit)
        except Exception as exc:  # noqa: BLE001 — never let the thread die; said in plain words
            log.exception("search failed")
            outcome = SearchOutcome(request_id, text, query, error=_plain(exc))
        self.done.emit(outcome)

    def _open(self, path: Path) -> Archive:
        if self._archive is not None and self._archive.path != path:
            self.close()
        if self._archive is None:
            self._archive = Archive.open(path, create=False)
        return self._archive

    @Slot()
    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def _plain(exc: Exception) -> str:
    return exc.message if isinstance(exc, PalmyraError) else "The search could not be run."


def _search(archive: Archive, request_id: int, text: str, query: LibraryQuery,
            limit: int) -> SearchOutcome:
    """The hits and the library's ids; a malformed query keeps the unfiltered ids and says why."""
    try:
        hits = archive.search.search(text, limit=limit)
        # the library looks where the (capped) search looks: bounded at 100,000 articles
        ids = list(archive.articles.ids(query, text_cap=archive.search.cap))
    except PalmyraError as exc:
        ids = list(archive.articles.ids(replace(query, text="")))
        return SearchOutcome(request_id, text, query, ids=ids, error=exc.message)
    return SearchOutcome(request_id, text, query, hits=hits, ids=ids)


class SearchWorker(QObject):
    """Send searches to the reader thread; ``result(SearchOutcome)`` fires for the newest only."""

    result = Signal(object)
    _requested = Signal(object, int, str, object, int)
    _closing = Signal()

    def __init__(self):
        super().__init__()  # no parent: the thread must outlive no window; see shutdown()
        self._latest = [0]
        self._thread = QThread()
        self._thread.setObjectName("palmyra-search")
        self._reader = _Reader(self._latest)
        self._reader.moveToThread(self._thread)
        self._requested.connect(self._reader.run)
        self._closing.connect(self._reader.close)
        self._reader.done.connect(self._deliver)

    @property
    def latest_id(self) -> int:
        return self._latest[0]

    @property
    def pending(self) -> bool:
        """A request is out and its result has not arrived yet."""
        return self._latest[0] != self._delivered

    _delivered = 0

    def request(self, path: Path, text: str, query: LibraryQuery, limit: int) -> int:
        """Ask for a search; every earlier request that has not answered yet is superseded."""
        if not self._thread.isRunning():  # started on first use: a window that never searches
            self._thread.start()          # never has the thread
            _LIVE.add(self)
        self._latest[0] += 1
        self._requested.emit(Path(path), self._latest[0], text, query, limit)
        return self._latest[0]

    def cancel(self) -> None:
        """Forget what is pending (the search was cleared)."""
        self._latest[0] += 1
        self._delivered = self._latest[0]

    def _deliver(self, outcome: SearchOutcome) -> None:
        if outcome.request_id != self._latest[0]:
            log.debug("dropped a stale search result (%s)", outcome.text)
            return
        self._delivered = outcome.request_id
        self.result.emit(outcome)

    def shutdown(self) -> None:
        """Close the reader's connection in its own thread and stop the thread."""
        self.cancel()
        if self._thread.isRunning():
            self._closing.emit()
            self._thread.quit()
            self._thread.wait(5000)
        _LIVE.discard(self)


@atexit.register
def _shutdown_all() -> None:
    for worker in list(_LIVE):
        worker.shutdown()
