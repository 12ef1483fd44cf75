"""Helpers for tests that drive the main window (tests/gui and the Export window's tests).

Dialogs that would block (message boxes, the import summary) are recorded or turned off; the
window gets its own connection to the archive file, as the app does.
"""

from __future__ import annotations

from palmyra_archive.core.archive import Archive


def record_blocking_dialogs(monkeypatch) -> list[str]:
    """A message box in a test would wait forever: record its text instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text) or 0))
    return shown


def open_window(qtbot, path):
    """Yield a shown main window on ``path``; afterwards wait for its work and close it."""
    from palmyra_archive.gui.app import application
    from palmyra_archive.gui.main_window import MainWindow

    application()
    window = MainWindow(Archive.open(path))
    window.importer.show_summary = False
    qtbot.addWidget(window)
    window.show()
    yield window
    from PySide6.QtWidgets import QApplication
    for _ in range(2):   # a job that ended (the automatic backup after 20 s of a long test)
        window.runner.wait()   # delivers its signals now, while the window is still there,
        QApplication.processEvents()   # not into the next test's event loop
    window.archive.close()
