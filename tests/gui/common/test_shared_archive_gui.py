"""Every file chooser of the app, pointed at the open archive's own folder, keeps the archive's
locks; then the app and a second process both write and nothing is lost (#15).

The dialogs are the real ones (``gui/common/file_dialogs.py``), shown offscreen in detail view so
that every listed file gets its icon and its "Type"; each is left open long enough for Qt's
file-info thread to go through the folder, then cancelled. Qt's stock dialog, the control,
drops the locks in exactly this setting.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from palmyra_archive.core.archive import Archive
from palmyra_archive.gui.common import file_dialogs
from tests.reliability.helpers import cli

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(not Path("/proc/locks").exists(),
                                 reason="reads the kernel's lock table (/proc/locks), Linux only")]

LISTING_MS = 1200


def _browse_then_cancel(folder: Path, seen: list[str]) -> None:
    """When a file chooser shows, list ``folder`` in it in detail view, then press Cancel."""
    def find():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(30, find)
            return
        dialog = dialogs[0]
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.setDirectory(str(folder))

        def finish():
            seen.append(dialog.windowTitle())
            dialog.reject()
        QTimer.singleShot(LISTING_MS, finish)
    QTimer.singleShot(0, find)


def _drive(window, qtbot, folder: Path, trigger) -> str:
    seen: list[str] = []
    _browse_then_cancel(folder, seen)
    trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    return seen[0]


@pytest.mark.slow
def test_every_file_chooser_over_the_archive_folder_keeps_its_locks(corpus_window, qtbot, tmp_path):
    window = corpus_window
    folder = window.archive.path.parent
    (folder / "notes.txt").write_text("A file beside the archive, to be listed too.\n")
    with window.archive.write() as db:  # the WAL and -shm are there to be listed
        db.execute("INSERT INTO archive_info (key, value) VALUES ('probe', 'start')")
    exporting = window.exporting
    choosers = {
        "Import files": window.actions_by_name["import_files"].trigger,
        "Import folder": window.actions_by_name["import_folder"].trigger,
        "Open archive": window.actions_by_name["open_archive"].trigger,
        "New archive": window.actions_by_name["new_archive"].trigger,
        "Back up archive": window.actions_by_name["backup_archive"].trigger,
        "Open citation bundle": exporting.open_bundle_action.trigger,
    }
    titles = []
    for name, trigger in choosers.items():
        titles.append(_drive(window, qtbot, folder, trigger))
        assert window.archive.db.conn.hold.drift() is None, f"{name} dropped the archive's locks"
    dialog = exporting.open_dialog()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=20000)
    titles.append(_drive(window, qtbot, folder, dialog.export_button.click))
    assert window.archive.db.conn.hold.drift() is None, "Save citation bundle dropped the locks"
    dialog.close()
    assert titles == ["Import files", "Import folder", "Open archive", "New archive",
                      "Back up archive", "Open citation bundle", "Save citation bundle"]

    # then the app and a second process both write, and every write is in the file
    article_id = window.archive.db.execute("SELECT min(id) FROM articles").fetchone()[0]
    window.archive.tags.add_to_articles([article_id], ["from/app-1"])
    done = cli("--archive", str(window.archive.path), "tag", str(article_id), "from/cli")
    assert done.returncode == 0, done.stderr
    window.archive.tags.add_to_articles([article_id], ["from/app-2"])
    window.archive.notes.set_article_note(article_id, "written by the app after the CLI")
    assert Path(f"{window.archive.path}-wal").exists()
    window.archive.close()
    window.archive = Archive.open(window.archive.path)  # the fixture closes what it finds here
    conn = sqlite3.connect(window.archive.path)
    try:
        tags = {row[0] for row in conn.execute(
            "SELECT t.path FROM article_tags a JOIN tags t ON t.id = a.tag_id WHERE a.article_id = ?",
            [article_id])}
        assert {"from/app-1", "from/cli", "from/app-2"} <= tags
        note = conn.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        assert note == "written by the app after the CLI"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_qt_stock_dialog_is_what_drops_the_locks(corpus_window, qtbot):
    """The control for the test above: the same listing in Qt's stock dialog does drop them,
    so passing above means our choosers, not luck."""
    window = corpus_window
    folder = window.archive.path.parent
    with window.archive.write() as db:
        db.execute("INSERT INTO archive_info (key, value) VALUES ('probe', 'start')")
    stock = QFileDialog(window, "Stock")
    stock.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    stock.setViewMode(QFileDialog.ViewMode.Detail)
    stock.setDirectory(str(folder))
    stock.show()
    deadline = time.monotonic() + LISTING_MS / 1000
    while time.monotonic() < deadline and window.archive.db.conn.hold.drift() is None:
        qtbot.wait(50)
    stock.reject()
    assert window.archive.db.conn.hold.drift() is not None
    # and the app notices on its next poll, takes the lock again, and says so
    reports = []
    window.external_changes.archive_hold_reported.connect(reports.append)
    window.external_changes.check_now()
    assert reports and reports[0].reopened
    assert window.archive.db.conn.hold.drift() is None
    assert "took its lock again" in window.statusBar().currentMessage()


def test_choosers_hide_sqlite_side_files(corpus_window, qtbot):
    window = corpus_window
    folder = window.archive.path.parent
    with window.archive.write() as db:
        db.execute("INSERT INTO archive_info (key, value) VALUES ('probe', 'start')")
    dialog = file_dialogs.make_dialog(window, "Listing", str(folder))
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    proxy = dialog.proxyModel()
    names: set[str] = set()

    def listed() -> bool:
        root = proxy.mapFromSource(proxy.sourceModel().index(str(folder)))
        names.clear()
        names.update(proxy.index(row, 0, root).data() for row in range(proxy.rowCount(root)))
        return window.archive.path.name in names
    qtbot.waitUntil(listed, timeout=5000)
    dialog.reject()
    assert not any(name.endswith(("-wal", "-shm", "-journal")) for name in names)
    assert window.archive.db.conn.hold.drift() is None
