"""The app's own background writes are not "another program's"; real outside writes still are."""

from __future__ import annotations

from palmyra_archive.core.archive import Archive
from palmyra_archive.gui.workers.external_changes import EXTERNAL_CHANGES
from tests.gui.conftest import wait_for_import


def _messages(window) -> list:
    seen: list = []
    window.hub.archive_did_change.connect(lambda changes: seen.append(changes))
    return seen


def test_seeding_refreshes_without_the_external_change_notice(qtbot, empty_window):
    window = empty_window
    window.external_changes._timer.setInterval(5)  # poll as often as possible while seeding
    seen = _messages(window)
    report = wait_for_import(qtbot, window, window.importer.seed)
    qtbot.wait(100)  # let any late poll run
    assert report.article_ids and window.model.rowCount() == len(report.article_ids)
    assert seen, "the import's own refresh must still reach the views"
    assert all(changes is not EXTERNAL_CHANGES for changes in seen)
    assert "another program" not in window.statusBar().currentMessage()


def test_a_write_by_another_connection_still_shows_the_notice(qtbot, corpus_window):
    window = corpus_window
    seen = _messages(window)
    with Archive.open(window.archive.path) as other:
        other.collections.create("Written elsewhere")
    assert window.external_changes.check_now() is True
    assert seen and seen[-1] is EXTERNAL_CHANGES
    assert "another program" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Written elsewhere" in _sidebar_texts(window), timeout=3000)


def _sidebar_texts(window) -> str:
    return " ".join(item.text() for item in window.sidebar._iter_items())
