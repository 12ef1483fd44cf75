"""The app's side of reliability: Verify archive names a tampered source, Back up archive writes
a checked copy off the GUI thread, and a CLI import shows up in the open window by itself."""

from __future__ import annotations

import sqlite3

import pytest

from palmyra_archive.core.store import backups
from tests.support.gui_support import open_window

from .helpers import cli, write_articles

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, corpus_archive):
    yield from open_window(qtbot, corpus_archive.path)


def _tamper(path, filename: str) -> None:
    """Change a source's bytes behind the app's back, as a SQL tool or a bad disk would."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sources SET content = content || X'20' WHERE filename = ?", [filename])
    conn.commit()
    conn.close()


def _first_source(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT filename FROM sources ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def test_verify_finds_a_tampered_source_and_says_which(corpus_archive):
    assert corpus_archive.integrity.verify().ok
    name = _first_source(corpus_archive.path)
    _tamper(corpus_archive.path, name)
    report = corpus_archive.integrity.verify()
    assert not report.ok and [m["filename"] for m in report.mismatches] == [name]
    done = cli("--archive", str(corpus_archive.path), "verify")
    assert done.returncode == 1 and name in done.stdout and "MISMATCH" in done.stdout


def test_verify_action_shows_the_tampered_source(qtbot, window):
    name = _first_source(window.archive.path)
    _tamper(window.archive.path, name)
    with qtbot.waitSignal(window.verify_action.run().succeeded, timeout=20000):
        pass
    box = window.verify_action.result_box
    assert box is not None and box.isVisible()
    assert name in box.text() and "no longer match" in box.text()
    assert [m["filename"] for m in window.verify_action.last_report.mismatches] == [name]
    assert window.verify_action in window.menus["tools"].actions()


def test_verify_action_on_a_sound_archive(qtbot, window):
    with qtbot.waitSignal(window.verify_action.run().succeeded, timeout=20000):
        pass
    assert "match the SHA-256" in window.verify_action.result_box.text()


def test_backup_action_writes_a_checked_copy(qtbot, window, tmp_path):
    dest = tmp_path / "from-the-app.sqlite"
    with qtbot.waitSignal(window.backup_action.run(dest).succeeded, timeout=20000):
        pass
    assert backups.check_backup(dest).article_count == window.archive.articles.total_count()
    assert window.backup_action in window.menus["file"].actions()


def test_backup_action_reports_a_bad_destination(qtbot, window, tmp_path, monkeypatch):
    # every window command reports its failure through the one presenter (Runner.start_for)
    shown = []
    monkeypatch.setattr("palmyra_archive.gui.common.errors.show_error",
                        lambda parent, exc, **kw: shown.append(exc.message))
    with qtbot.waitSignal(window.backup_action.run(window.archive.path).failed, timeout=20000):
        pass
    assert shown and "over the archive itself" in shown[0]


def test_automatic_backup_at_start(qtbot, window):
    from palmyra_archive.gui.actions.backup import start_auto_backup

    job = start_auto_backup(window)
    with qtbot.waitSignal(job.succeeded, timeout=20000) as blocker:
        pass
    assert blocker.args[0] is not None and blocker.args[0].exists()
    assert window.archive.backups.list_automatic() == [blocker.args[0]]


def test_window_shows_articles_a_cli_import_added(qtbot, window, tmp_path):
    before = window.model.rowCount()
    write_articles(tmp_path / "in", 4)
    done = cli("--archive", str(window.archive.path), "import", str(tmp_path / "in"))
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.model.rowCount() == before + 4, timeout=6000)
    assert window.counts_label.text().startswith(f"{before + 4} articles")
