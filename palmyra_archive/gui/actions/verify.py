"""Tools › Verify archive…: recompute every source's SHA-256 off the GUI thread and say what
no longer matches.

Why a dialog that names the sources: a researcher cites a source by its hash; when bytes were
changed behind the app's back (a SQL tool, a disk error) they need to know *which* files to
re-import or restore from a backup, not just that "something" is wrong.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from ..common.safe_text import plain_label


def verify_task(archive, progress, cancel):
    """What the worker runs: the core's verify with the job's progress and Cancel."""
    return archive.integrity.verify(progress=progress, cancel=cancel)


class VerifyAction(QAction):
    """The menu command; ``last_report`` and ``result_box`` let tests and the status bar read it."""

    def __init__(self, window):
        super().__init__("&Verify archive…", window)
        self.window = window
        self.last_report = None
        self.result_box: QMessageBox | None = None
        self.job = None
        self.setToolTip("Check every imported source against its SHA-256 and run SQLite's integrity check")
        self.setStatusTip(self.toolTip())
        self.triggered.connect(lambda _checked=False: self.run())

    def run(self):
        window = self.window
        self.job = window.runner.start_for(window, verify_task, title="Verifying the archive…",
                                           done=self._show)
        return self.job

    def _show(self, report) -> None:
        self.last_report = report
        if report.ok:
            text = (f"All {report.sources_checked} sources match the SHA-256 recorded when they were "
                    "imported, and SQLite's integrity check is ok.")
            icon = QMessageBox.Icon.Information
        else:
            names = ", ".join(m["filename"] for m in report.mismatches[:10])
            text = (f"{len(report.mismatches)} source(s) no longer match what was imported: {names}."
                    if report.mismatches else "SQLite's integrity check found problems.")
            text += " Restore them from a backup or import the original files again."
            icon = QMessageBox.Icon.Warning
        box = plain_label(QMessageBox(icon, "Verify archive", text, QMessageBox.StandardButton.Ok,
                                      self.window))   # file names in it are shown as text
        box.setDetailedText(report.summary())
        box.setAccessibleName("Verify result")
        self.result_box = box
        self.window.statusBar().showMessage("Archive verified: all sources match." if report.ok
                                            else "Archive verified: some sources do not match.", 8000)
        box.open()


def tools_menu(window):
    """The window's Tools menu, made once and shared by the commands that go in it."""
    menus = getattr(window, "menus", None)
    if isinstance(menus, dict) and "tools" in menus:
        return menus["tools"]
    menu = window.menuBar().addMenu("&Tools")
    if isinstance(menus, dict):
        menus["tools"] = menu
    return menu


def install_verify_action(window) -> VerifyAction:
    action = VerifyAction(window)
    tools_menu(window).addAction(action)
    if isinstance(getattr(window, "actions_by_name", None), dict):
        window.actions_by_name["verify_archive"] = action
    return action
