"""GUI fixtures: a main window on a copy of the corpus archive, and one on an empty archive.

Dialogs that would block (message boxes, the import summary) are monkeypatched or turned off;
the window gets its own connection to the archive file, as the app does.
"""

from __future__ import annotations

import pytest

from palmyra_archive.core.archive import Archive


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch):
    """A message box in a test would wait forever: record it instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text) or 0))
    return shown


def _window(qtbot, path):
    from palmyra_archive.gui.app import application
    from palmyra_archive.gui.main_window import MainWindow

    application()
    window = MainWindow(Archive.open(path))
    window.importer.show_summary = False
    qtbot.addWidget(window)
    window.show()
    yield window
    window.runner.wait()
    window.archive.close()


@pytest.fixture
def corpus_window(qtbot, corpus_archive):
    yield from _window(qtbot, corpus_archive.path)


@pytest.fixture
def empty_window(qtbot, tmp_path):
    yield from _window(qtbot, tmp_path / "empty.palmyra.sqlite")


def wait_for_import(qtbot, window, start, timeout=20000):
    """Run ``start()`` (which starts an import) and return the ImportReport when it ends."""
    with qtbot.waitSignal(window.importer.import_did_finish, timeout=timeout) as blocker:
        start()
    return blocker.args[0]
