"""File › Back up archive…, and the automatic backup taken when the app starts.

Both run on the window's runner (off the GUI thread, with its own connection): SQLite's online
backup API copies a consistent snapshot while the app keeps reading. The automatic one does
nothing unless the newest automatic backup is over a day old (``archive.backups.auto_backup``),
so starting the app twice in a morning costs nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction

from ..common import file_dialogs

BACKUP_FILTER = "Palmyra archive backups (*.sqlite);;All files (*)"
#: the automatic backup waits this long after start, so it never delays the first paint
AUTO_BACKUP_DELAY_MS = 20_000


def suggested_name(archive_path: Path) -> Path:
    stem = archive_path.name.removesuffix(".sqlite").removesuffix(".palmyra")
    return archive_path.parent / f"{stem}-backup-{datetime.now():%Y-%m-%d}.palmyra.sqlite"


class BackupAction(QAction):
    def __init__(self, window):
        super().__init__("&Back up archive…", window)
        self.window = window
        self.job = None
        self.last_path: Path | None = None
        self.setToolTip("Write a copy of the archive to a file (safe while you keep working)")
        self.setStatusTip(self.toolTip())
        self.triggered.connect(lambda _checked=False: self.choose_and_run())

    def choose_and_run(self) -> None:
        path, _ = file_dialogs.getSaveFileName(self.window, "Back up archive",
                                              str(suggested_name(self.window.archive.path)),
                                              BACKUP_FILTER)
        if path:
            self.run(Path(path))

    def run(self, dest: Path):
        window = self.window
        self.job = window.runner.start_for(window, lambda archive, _p, _c: archive.backups.backup(dest),
                                           title="Backing up the archive…", done=self._done)
        return self.job

    def _done(self, path: Path) -> None:
        self.last_path = path
        self.window.statusBar().showMessage(f"Backed up to {path}", 8000)


def schedule_auto_backup(window, delay_ms: int = AUTO_BACKUP_DELAY_MS) -> None:
    """Shortly after start-up (not during it): an automatic backup if one is due."""
    QTimer.singleShot(delay_ms, window, lambda: start_auto_backup(window))


def start_auto_backup(window):
    """An automatic backup if one is due (quietly; a failure only goes to the status bar)."""
    if window.runner.busy:  # an import is running: try again later rather than queue behind it
        schedule_auto_backup(window)
        return None
    job = window.runner.start(window.archive.path, lambda archive, _p, _c: archive.backups.auto_backup(),
                              parent=window, show_progress=False)
    from shiboken6 import isValid  # the window may close while the backup runs (quitting)
    job.succeeded.connect(lambda path: path and isValid(window) and window.statusBar().showMessage(
        f"Automatic backup written to {path}", 6000))
    job.failed.connect(lambda exc: isValid(window) and window.statusBar().showMessage(
        f"The automatic backup failed: {getattr(exc, 'message', exc)}", 10000))
    return job


def install_backup_action(window) -> BackupAction:
    action = BackupAction(window)
    menus = getattr(window, "menus", None)
    file_menu = menus.get("file") if isinstance(menus, dict) else None
    if file_menu is not None:
        quit_action = next((a for a in file_menu.actions() if a.text() == "&Quit"), None)
        file_menu.insertAction(quit_action, action) if quit_action else file_menu.addAction(action)
    if isinstance(getattr(window, "actions_by_name", None), dict):
        window.actions_by_name["backup_archive"] = action
    return action
