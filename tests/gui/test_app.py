"""Starting the app: the default archive is created and seeded; layout is remembered."""

from __future__ import annotations

from palmyra_archive.core.store.paths import default_archive_path
from palmyra_archive.gui.app import open_window
from palmyra_archive.gui.common.settings import settings


def test_first_start_seeds_the_default_archive(qtbot):
    window = open_window(None)
    qtbot.addWidget(window)
    window.importer.show_summary = False
    assert window.archive.path == default_archive_path()
    assert default_archive_path().exists()
    with qtbot.waitSignal(window.importer.import_did_finish, timeout=20000):
        pass
    assert window.model.rowCount() == 5
    assert "5 articles" in window.counts_label.text()
    assert window.statusBar().currentMessage().startswith("5 imported")
    window.runner.wait()
    window.archive.close()


def test_a_named_archive_is_not_seeded(qtbot, tmp_path):
    window = open_window(tmp_path / "mine.palmyra.sqlite")
    qtbot.addWidget(window)
    assert window.importer.job is None and window.model.rowCount() == 0
    window.archive.close()


def test_columns_and_panes_are_remembered(corpus_window, qtbot):
    header = corpus_window.library.horizontalHeader()
    header.resizeSection(1, 222)
    header.moveSection(3, 0)
    corpus_window.close()                      # saves the layout
    assert settings().value("library/header") is not None
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.gui.main_window import MainWindow

    again = MainWindow(Archive.open(corpus_window.archive.path))
    qtbot.addWidget(again)
    restored = again.library.horizontalHeader()
    assert restored.sectionSize(1) == 222
    assert restored.visualIndex(3) == 0
    again.archive.close()


def test_an_empty_archive_says_how_to_begin(empty_window):
    assert "This archive is empty" in empty_window.reader.placeholder.text()
    assert "Ctrl+I" in empty_window.reader.placeholder.text()
