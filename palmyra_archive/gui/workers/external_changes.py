"""Notice when another process (the CLI importing, a second window) changes the open archive.

Why polling ``PRAGMA data_version`` and not a ``QFileSystemWatcher`` on the WAL file: the WAL
file is rewritten in place, checkpoints and our own reads touch it too, and file watchers are
unreliable on network and sandboxed file systems. ``data_version`` is one cheap statement on
the GUI's own connection and changes exactly when another connection has committed. When it
changes, the hub's ``archive_did_change`` is emitted with everything marked changed, so every
view refreshes the same way it does after the app's own writes.

The same poll asks the archive whether this process still holds its files
(``Archive.check_hold``, see ``core/store/file_hold.py``): a lost lock is taken again, a file
replaced under the app is reopened, and ``archive_hold_reported`` carries the sentence to show.

Wire-up (one line in the main window): ``ExternalChangeWatcher(hub, lambda: self.archive, self)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.store.changes import Changes
from ...core.store.errors import PalmyraError

if TYPE_CHECKING:
    from ...core.archive import Archive

log = logging.getLogger(__name__)

#: how often the archive is asked whether someone else wrote to it
POLL_INTERVAL_MS = 1500

EXTERNAL_CHANGES = Changes(articles=True, tags=True, annotations=True, notes=True, collections=True,
                           saved_searches=True, outlets=True,
                           message="The archive was changed by another program; views refreshed.",
                           extra={"external": True})


class ExternalChangeWatcher(QObject):
    """Polls the current archive's data version and announces changes made elsewhere."""

    #: another connection committed to the archive; payload: ``EXTERNAL_CHANGES``
    archive_changed_externally = Signal(object)
    #: the hold on the archive's files was lost and dealt with; payload: ``HoldReport``
    archive_hold_reported = Signal(object)

    def __init__(self, hub, archive_provider: Callable[[], Archive | None],
                 parent: QObject | None = None, *, interval_ms: int = POLL_INTERVAL_MS,
                 own_work_running: Callable[[], bool] | None = None):
        super().__init__(parent)
        #: True while the app's own worker connections write (runner tasks): not "external"
        self._own_work_running = own_work_running
        self._hub = hub
        self._archive_provider = archive_provider
        self._seen: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)
        if hub is not None:
            hub.archive_did_open.connect(lambda _archive: self._remember())
            self.archive_changed_externally.connect(hub.archive_did_change)
        self._remember()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> bool:
        """Compare the data version with the last one seen; emit when it moved."""
        self.check_hold()
        current = self._current()
        if current is None:
            return False
        if self._seen is None or current[0] != self._seen[0]:  # another archive: start over
            self._seen = current
            return False
        if current == self._seen:
            return False
        self._seen = current
        if self._own_work_running is not None and self._own_work_running():
            return False  # the app's own task wrote; it refreshes the views when it ends
        self.archive_changed_externally.emit(EXTERNAL_CHANGES)
        return True

    def check_hold(self):
        """Ask the archive about its hold on the files; report what was lost and done."""
        archive = self._archive_provider()
        if archive is None or not hasattr(archive, "check_hold"):
            return None
        try:
            report = archive.check_hold()
        except PalmyraError as exc:
            log.warning("checking the hold on the archive failed: %s", exc)
            return None
        if report is not None:
            log.warning("archive hold: %s", report.message)
            if report.refresh:
                self.archive_changed_externally.emit(EXTERNAL_CHANGES)
            self.archive_hold_reported.emit(report)
        return report

    def absorb(self) -> None:
        """Take the current data version as seen without announcing it (the app's own writes)."""
        self._remember()

    def _remember(self) -> None:
        self._seen = self._current()

    def _current(self) -> tuple[int, int] | None:
        archive = self._archive_provider()
        if archive is None:
            return None
        try:
            return id(archive), archive.data_version()
        except PalmyraError as exc:  # a closed archive mid-switch
            log.debug("data_version unavailable: %s", exc)
            return None
