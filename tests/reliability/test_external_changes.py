"""The app notices another process's commits (``PRAGMA data_version``) and refreshes its views."""

from __future__ import annotations

import pytest

from palmyra_archive.core.archive import Archive

from .helpers import cli, write_articles

pytestmark = pytest.mark.gui


def test_watcher_announces_a_cli_import_through_the_hub(qtbot, tmp_path):
    from palmyra_archive.gui.common.signals import Hub
    from palmyra_archive.gui.workers.external_changes import ExternalChangeWatcher

    path = tmp_path / "shared.sqlite"
    write_articles(tmp_path / "in", 5)
    hub = Hub()
    seen = []
    hub.archive_did_change.connect(seen.append)
    with Archive.open(path) as app:
        watcher = ExternalChangeWatcher(hub, lambda: app, interval_ms=50)
        assert watcher.check_now() is False  # nothing happened elsewhere yet
        done = cli("--archive", str(path), "import", str(tmp_path / "in"))
        assert done.returncode == 0, done.stderr
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
        assert seen[0].articles and seen[0].extra == {"external": True}
        qtbot.wait(200)
        assert len(seen) == 1  # once per change, not on every poll
        watcher.stop()


def test_watcher_ignores_an_archive_switch(qtbot, tmp_path):
    from palmyra_archive.gui.workers.external_changes import ExternalChangeWatcher

    first, second = Archive.open(tmp_path / "a.sqlite"), Archive.open(tmp_path / "b.sqlite")
    current = [first]
    watcher = ExternalChangeWatcher(None, lambda: current[0], interval_ms=10_000)
    current[0] = second
    assert watcher.check_now() is False
    first.close()
    second.close()
    assert watcher.check_now() is False  # a closed archive is not an error
    watcher.stop()
