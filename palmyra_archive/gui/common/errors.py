"""One presenter for expected errors and one crash dialog for bugs: never a traceback in a window.

``show_error`` turns a ``PalmyraError`` into a dialog with its sentence (``Cancelled`` becomes a
status message, not an error). ``install_excepthook`` logs anything unexpected to the log file
with its traceback and shows a short apology that says where the details went.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ...core.store.errors import Cancelled, PalmyraError
from ...logsetup import log_file
from .safe_text import plain_label, plain_rich

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """The sentence a person reads for ``exc``; bugs get a generic one pointing at the log."""
    if isinstance(exc, PalmyraError):
        return exc.message
    return (f"Something went wrong inside Palmyra Archive ({type(exc).__name__}). "
            f"Nothing was half-written. Details were saved to {log_file()}.")


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "Palmyra Archive",
               status=None) -> None:
    """Tell the user what went wrong, in plain words; ``status`` (a QStatusBar) takes Cancelled."""
    if isinstance(exc, Cancelled):
        if status is not None:
            status.showMessage("Cancelled.", 5000)
        return
    if not isinstance(exc, PalmyraError):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    # messages name titles, tags and files: shown as text, whatever they contain
    box = plain_label(QMessageBox(QMessageBox.Icon.Warning, title, user_message(exc),
                                  QMessageBox.StandardButton.Ok, parent))
    if isinstance(exc, PalmyraError) and exc.detail:
        box.setInformativeText(plain_rich(exc.detail))
    box.setAccessibleName("Error message")
    box.exec()


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if issubclass(exc_type, PalmyraError):
        show_error(QApplication.activeWindow(), exc)
        return
    log.error("unexpected exception", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is not None:
        QMessageBox.critical(QApplication.activeWindow(), "Palmyra Archive", user_message(exc))


def install_excepthook() -> None:
    """Route uncaught exceptions (also those raised in Qt slots) to the log and a short dialog."""
    sys.excepthook = _excepthook
