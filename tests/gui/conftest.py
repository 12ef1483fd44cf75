"""GUI fixtures: a main window on a copy of the corpus archive, and one on an empty archive
(see ``tests/support/gui_support.py`` for how the window is opened and dialogs are kept from blocking).
"""

from __future__ import annotations

import pytest

from tests.support.gui_support import open_window, record_blocking_dialogs


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch):
    return record_blocking_dialogs(monkeypatch)


@pytest.fixture(autouse=True)
def _site_sections_shown():
    """Qt keeps its first settings folder for the whole process, so a test that turns View ›
    Show site sections off (as the every-action test does) would leave it off for the next."""
    from palmyra_archive.gui.common.settings import SHOW_SITE_SECTIONS_KEY, settings
    settings().remove(SHOW_SITE_SECTIONS_KEY)
    yield
    settings().remove(SHOW_SITE_SECTIONS_KEY)


@pytest.fixture
def corpus_window(qtbot, corpus_archive):
    yield from open_window(qtbot, corpus_archive.path)


@pytest.fixture
def empty_window(qtbot, tmp_path):
    yield from open_window(qtbot, tmp_path / "empty.palmyra.sqlite")


def wait_for_import(qtbot, window, start, timeout=20000):
    """Run ``start()`` (which starts an import) and return the ImportReport when it ends."""
    with qtbot.waitSignal(window.importer.import_did_finish, timeout=timeout) as blocker:
        start()
    return blocker.args[0]
