"""Opening an archive that needs an upgrade shows what it is doing (the backup, then the
steps) in a dialog that closes when the archive opens; a current archive opens with none (#19)."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication, QProgressDialog

from palmyra_archive.core.store import migrations
from palmyra_archive.gui.common import opening_progress
from tests.support.older_archives import as_before_0032


def _older(corpus_archive, tmp_path):
    """A copy of the corpus archive as an older version left it (before migration 0032)."""
    path = tmp_path / "older.palmyra.sqlite"
    conn = sqlite3.connect(path)
    corpus_archive.db.conn.backup(conn)     # (the open archive's file is held: no plain copy)
    as_before_0032(conn)
    conn.close()
    return path


def test_an_upgrade_on_opening_shows_its_progress_then_closes(corpus_window, corpus_archive, tmp_path, monkeypatch):
    seen: list[tuple[str, bool]] = []
    real = opening_progress.OpeningProgress.__call__

    def watched(self, done, total, message):
        real(self, done, total, message)
        if total > 0:
            seen.append((message, self.dialog is not None and self.dialog.isVisible()))

    monkeypatch.setattr(opening_progress.OpeningProgress, "__call__", watched)
    path = _older(corpus_archive, tmp_path)
    assert corpus_window.open_archive(path)
    assert corpus_window.archive.schema_version == migrations.SCHEMA_VERSION
    assert seen and seen[0] == ("Backing up the archive before upgrading it", True)
    assert all(visible for _m, visible in seen)
    QApplication.processEvents()
    assert not [d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog) and d.isVisible()]
    seen.clear()
    assert corpus_window.open_archive(corpus_archive.path)            # current: nothing to say
    assert seen == []
