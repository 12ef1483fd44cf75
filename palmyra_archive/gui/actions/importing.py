"""Import as the user sees it: choose files or a folder (or drop them), watch, read the summary.

The work runs on the runner's worker with its own archive connection; a failed file never
stops the others (the importer reports it). When it ends, the hub announces the change and the
summary dialog lists every file, linking to its article.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ...core.store.changes import Changes
from ..common import file_dialogs
from ..common.errors import show_error
from ..common.settings import settings
from ..dialogs.import_summary import ImportSummary, summary_sentence
from ..workers.runner import Job, Runner

if TYPE_CHECKING:
    from ..main_window import MainWindow

LAST_DIR_KEY = "import/lastDirectory"


def file_filter() -> str:
    """The chooser's filter, from the readers' own list of what is importable (#16, #10): the
    dialog and the importer ask the same registry, so they cannot disagree."""
    from ...core.ingest import readers  # the readers load on first use (#19)

    return readers.file_filter()


def paths_from_urls(urls) -> list[Path]:
    """Local files and folders named by dropped URLs (remote ones are ignored: no network)."""
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


class ImportController(QObject):
    #: an import ended; payload: ImportReport
    import_did_finish = Signal(object)

    def __init__(self, window: MainWindow, runner: Runner, archive_path: Callable[[], Path],
                 on_changed: Callable[[Changes], None], on_article: Callable[[int], None]):
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.archive_path = archive_path
        self.on_changed = on_changed
        self.on_article = on_article
        self.job: Job | None = None
        #: show the summary dialog (tests may turn it off and read ``last_summary``)
        self.show_summary = True
        self.last_summary: ImportSummary | None = None

    def _last_dir(self) -> str:
        return str(settings().value(LAST_DIR_KEY, str(Path.home())))

    def choose_files(self) -> None:
        files, _ = file_dialogs.getOpenFileNames(self.window, "Import files", self._last_dir(),
                                                file_filter())
        if files:
            settings().setValue(LAST_DIR_KEY, str(Path(files[0]).parent))
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = file_dialogs.getExistingDirectory(self.window, "Import folder", self._last_dir())
        if folder:
            settings().setValue(LAST_DIR_KEY, folder)
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], *, title: str = "Importing…") -> Job | None:
        if not paths:
            return None
        if self.job is not None and not self.job.done:
            self.window.statusBar().showMessage("An import is already running.", 5000)
            return None

        def task(archive, progress, cancel):
            return archive.importer.import_paths(paths, progress=progress, cancel=cancel)

        return self._start(task, title)

    def seed(self) -> Job:
        """Fill a new, empty archive with the bundled sample articles."""

        def task(archive, progress, cancel):
            return archive.importer.seed_from_corpus()

        return self._start(task, "Adding the sample articles…", quiet=True)

    def _start(self, task, title: str, quiet: bool = False) -> Job:
        self.job = self.runner.start(self.archive_path(), task, parent=self.window, title=title)
        self.job.succeeded.connect(lambda report: self._finished(report, quiet))
        self.job.failed.connect(lambda exc: show_error(self.window, exc,
                                                       status=self.window.statusBar()))
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _finished(self, report, quiet: bool) -> None:
        watcher = getattr(self.window, "external_changes", None)
        if watcher is not None:  # the worker's commits are ours, not "another program's"
            watcher.check_now()
        self.on_changed(Changes(articles=True, outlets=True, tags=True,
                                article_ids=tuple(report.article_ids),
                                message=summary_sentence(report)))
        self.window.statusBar().showMessage(summary_sentence(report), 10000)
        self.import_did_finish.emit(report)
        if quiet or not report.outcomes:
            return
        dialog = ImportSummary(report, self.window, archive_getter=lambda: self.window.archive,
                               on_changed=self.on_changed)
        dialog.article_requested.connect(self.on_article)
        self.last_summary = dialog
        if self.show_summary:
            dialog.show()
