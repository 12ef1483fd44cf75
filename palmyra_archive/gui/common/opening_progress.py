"""A window that says what opening an archive is doing while an upgrade runs (#19).

Why: an archive written by an older version is backed up and upgraded when it is opened,
before any window exists; at 1,000,000 articles that is minutes of copying 10 GB, and the
screen stayed empty. The dialog shows only once a step reports real work (a total above
zero), so a new or current archive opens with nothing in between. The upgrade runs on the
thread that asked for it (an archive is not shown half upgraded), so each report lets Qt
paint; it has no Cancel: a step stopped half-way would only have to start again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class OpeningProgress:
    """``progress(done, total, message)`` for ``Archive.open``; ``close()`` when it returns."""

    def __init__(self, parent: QWidget | None = None):
        self._parent = parent
        self.dialog: QProgressDialog | None = None

    def __call__(self, done: int, total: int, message: str) -> None:
        if total <= 0:
            return
        if self.dialog is None:
            self.dialog = QProgressDialog(message, "", 0, 1000, self._parent)
            self.dialog.setWindowTitle("Upgrading the archive")
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.show()
        self.dialog.setLabelText(f"{message} ({min(done, total) * 100 // total} %)")
        self.dialog.setValue(min(1000, done * 1000 // total))
        QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
