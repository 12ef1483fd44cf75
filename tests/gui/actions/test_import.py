"""Import through the dialog path, through a drop, and a cancelled import that half-writes nothing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QPushButton

from palmyra_archive.core.importing.importer import Importer
from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.common import file_dialogs
from tests.conftest import CORPUS_FILES
from tests.gui.conftest import wait_for_import


def test_import_files_through_the_dialog(empty_window, qtbot, monkeypatch):
    chosen = [str(p) for p in CORPUS_FILES]
    monkeypatch.setattr(file_dialogs, "getOpenFileNames", lambda *a, **k: (chosen, "Article texts"))
    report = wait_for_import(qtbot, empty_window,
                             empty_window.actions_by_name["import_files"].trigger)
    assert report.imported == 5 and report.failed == 0
    assert empty_window.model.rowCount() == 5
    assert "5 articles" in empty_window.counts_label.text()
    summary = empty_window.importer.last_summary
    assert summary.tree.topLevelItemCount() == 5
    assert summary.findChild(QLabel, "importSummaryHeading").text().startswith("5 imported")
    review_row = next(summary.tree.topLevelItem(i) for i in range(5)
                      if summary.tree.topLevelItem(i).text(3))
    assert review_row.text(2) == "1 article"  # name, outcome and review have their own columns
    assert "needs review" in review_row.toolTip(2)  # the full message stays in the tooltip
    # double-clicking a file in the summary selects its article in the library
    item = summary.tree.topLevelItem(2)
    summary.tree.itemDoubleClicked.emit(item, 0)
    expected = report.outcomes[2].article_ids[0]
    assert empty_window.library.current_article_id() == expected
    assert empty_window.reader.article_id == expected


def test_a_failed_file_does_not_stop_the_others(empty_window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS_FILES[0], folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda *a, **k: str(folder))
    report = wait_for_import(qtbot, empty_window,
                             empty_window.actions_by_name["import_folder"].trigger)
    assert report.imported == 1 and report.failed == 1
    failed = empty_window.importer.last_summary.tree.findItems("broken.txt", Qt.MatchFlag.MatchExactly)
    assert failed and failed[0].text(1) == "Failed" and failed[0].text(2)
    assert empty_window.model.rowCount() == 1


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_dropping_files_imports_them(empty_window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in CORPUS_FILES[:2]])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    empty_window.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.ignore()
    # Qt delivers drop events only during a real drag, so call the handler as Qt would
    report = wait_for_import(qtbot, empty_window, lambda: empty_window.dropEvent(event))
    assert event.isAccepted()
    assert report.imported == 2
    assert empty_window.model.rowCount() == 2


def test_cancelling_a_long_import_keeps_whole_articles_only(empty_window, qtbot, tmp_path,
                                                            monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    text = CORPUS_FILES[0].read_text(encoding="utf-8")
    for i in range(30):  # distinct files, so none is "unchanged"
        (folder / f"copy_{i:02}.txt").write_text(text + f"\n\nCopy number {i}.\n", encoding="utf-8")
    real = Importer.import_file
    monkeypatch.setattr(Importer, "import_file",
                        lambda self, path: (time.sleep(0.05), real(self, path))[1])

    def start():
        job = empty_window.importer.import_paths([folder])
        assert job.dialog.minimumDuration() == 500         # no flash for quick imports
        # the progress dialog's Cancel button, pressed after the second file
        job.worker.signals.progressed.connect(
            lambda done, total, msg: done >= 2 and job.dialog is not None
            and job.dialog.findChild(QPushButton).click())

    report = wait_for_import(qtbot, empty_window, start)
    assert report.cancelled
    imported = [o for o in report.outcomes if o.status != "skipped"]
    assert 2 <= len(imported) < 30
    archive = empty_window.archive
    ids = archive.articles.ids(LibraryQuery())
    assert sorted(ids) == sorted(report.article_ids)
    for article_id in ids:                       # every article all there
        detail = archive.articles.get(article_id)
        assert detail.body and detail.source.sha256
        assert archive.articles.source_view(article_id).text.startswith(text[:40])
    assert archive.db.execute("SELECT count(*) FROM sources").fetchone()[0] == len(imported)
    assert empty_window.model.rowCount() == len(ids)


def test_the_import_chooser_offers_what_the_importer_reads(empty_window, monkeypatch):
    from palmyra_archive.core.importing.importer import IMPORTABLE_SUFFIXES
    from palmyra_archive.gui.actions import importing

    offered: list[str] = []
    monkeypatch.setattr(file_dialogs, "getOpenFileNames",
                        lambda parent, caption, directory, name_filter: offered.append(name_filter) or ([], ""))
    empty_window.actions_by_name["import_files"].trigger()
    patterns = offered[0].split("(", 1)[1].split(")", 1)[0].split()
    assert sorted(patterns) == sorted(f"*{s}" for s in IMPORTABLE_SUFFIXES if s)
    # #10: the web page, archive, PDF and e-mail readers are offered because the importer reads them
    assert {"*.html", "*.mhtml", "*.warc.gz", "*.wacz", "*.pdf", "*.eml", "*.mbox"} <= set(patterns)
    assert offered[0] == importing.file_filter()


def test_four_names_typed_into_the_real_chooser_all_reach_the_summary(empty_window, qtbot, tmp_path):
    """#16: names typed at once into Import files… must each get a line in the summary."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    for n in "abcd":
        (tmp_path / f"{n}.txt").write_text(f"# Story {n}\n\nBy Reporter {n}\n\nThe body of story {n}.\n")
    from palmyra_archive.gui.actions.importing import LAST_DIR_KEY
    from palmyra_archive.gui.common.settings import settings
    settings().setValue(LAST_DIR_KEY, str(tmp_path))

    def type_names():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(30, type_names)
            return
        dialogs[0].findChild(QLineEdit, "fileNameEdit").setText('"a.txt" "b.txt" "c.txt" "d.txt"')
        dialogs[0].accept()
    QTimer.singleShot(0, type_names)
    report = wait_for_import(qtbot, empty_window, empty_window.actions_by_name["import_files"].trigger)
    assert sorted(Path(o.path).name for o in report.outcomes) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert report.imported == 4
