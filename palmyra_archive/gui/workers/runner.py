"""Long work off the GUI thread, with a delayed progress dialog and Cancel.

The core's long functions take ``progress(done, total, message)`` and a ``CancelToken``; this
module owns the threads. A task is ``fn(archive, progress, cancel)``: the worker opens its
*own* ``Archive.open(path)`` connection (SQLite connections never cross threads; WAL lets the
GUI keep reading), runs ``fn`` and closes it. Results and errors come back as queued signals.
The dialog appears only after ~500 ms so quick work never flashes one (as Anki's progress.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...core.archive import Archive
from ...core.store.tasks import CancelToken

log = logging.getLogger(__name__)

Task = Callable[[Archive, Callable[[int, int, str], None], CancelToken], Any]

#: how long work runs before the progress dialog shows
PROGRESS_DELAY_MS = 500


class _WorkerSignals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, archive_path: Path, fn: Task, cancel: CancelToken):
        super().__init__()
        self.setAutoDelete(False)
        self.archive_path = archive_path
        self.fn = fn
        self.cancel = cancel
        self.signals = _WorkerSignals()

    def run(self) -> None:  # runs on a pool thread
        try:
            with Archive.open(self.archive_path) as archive:
                result = self.fn(archive, self._progress, self.cancel)
        except BaseException as exc:  # noqa: BLE001 — delivered to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.signals.progressed.emit(done, total, message)


class Job(QObject):
    """One running task: its cancel token, its progress dialog, and its outcome signals."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, worker: _Worker, dialog: QProgressDialog | None):
        super().__init__()
        self.worker = worker
        self.cancel_token = worker.cancel
        self.dialog = dialog
        self.done = False
        worker.signals.progressed.connect(self._on_progress)
        worker.signals.succeeded.connect(self._on_succeeded)
        worker.signals.failed.connect(self._on_failed)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.dialog
        if dialog is None or self.done:
            return
        if message:
            dialog.setLabelText(message)
        dialog.setMaximum(max(total, 0))
        # setValue on a modal dialog processes events: the job may finish inside this call
        dialog.setValue(min(done, total) if total else 0)

    def _finish(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)
        self.finished.emit()


class Runner(QObject):
    """Starts tasks on a one-thread pool: one write lane, as the archive wants."""

    #: a task ended (after its own handlers ran): its commits are the app's, not another program's
    task_finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._jobs: list[Job] = []

    def start(self, archive_path: Path, fn: Task, *, parent: QWidget | None = None,
              title: str = "Working…", show_progress: bool = True) -> Job:
        """Run ``fn`` on a worker thread; connect to the returned job's signals for the outcome."""
        cancel = CancelToken()
        worker = _Worker(Path(archive_path), fn, cancel)
        dialog = _progress_dialog(parent, title, cancel) if show_progress else None
        job = Job(worker, dialog)
        self._jobs.append(job)
        job.finished.connect(lambda: self._on_job_finished(job))
        self.pool.start(worker)
        return job

    def start_for(self, window, fn: Task, *, title: str, done: Callable[[Any], None],
                  archive_path: Path | None = None) -> Job:
        """``start`` for a window's command: ``done(result)`` on success, and a failure said
        by the one error presenter (a dialog, and the status bar) — the shape every
        long-running menu command has."""
        from ..common.errors import show_error
        job = self.start(archive_path or window.archive.path, fn, parent=window, title=title)
        job.succeeded.connect(done)
        job.failed.connect(lambda exc: show_error(window, exc, status=window.statusBar()))
        return job

    def _on_job_finished(self, job: Job) -> None:
        from shiboken6 import isValid
        if not isValid(self):   # the window (and this runner) closed while the job ran
            return
        if job in self._jobs:
            self._jobs.remove(job)
        self.task_finished.emit()

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (closing the window, tests). A pool Qt already deleted
        with its window has nothing left to wait for."""
        try:
            return self.pool.waitForDone(msecs)
        except RuntimeError:
            return True


def _progress_dialog(parent: QWidget | None, title: str, cancel: CancelToken) -> QProgressDialog:
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Palmyra Archive")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setAccessibleName(title)
    dialog.canceled.connect(cancel.cancel)
    dialog.rejected.connect(cancel.cancel)  # Esc
    dialog.canceled.connect(lambda: dialog.setLabelText("Stopping after the current file…"))
    return dialog
