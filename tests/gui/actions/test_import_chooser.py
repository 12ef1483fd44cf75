"""Every name typed into File › Import files… reaches the summary, imported or refused with its
reason (#16): Qt's chooser dropped a typed name that was not there, and did nothing at all when
no typed name was."""

from __future__ import annotations

from pathlib import Path

from palmyra_archive.gui.common.file_dialogs import typed_names
from tests.gui.conftest import wait_for_import


def _type_into_chooser(qtbot, names: str):
    """Type ``names`` into the real chooser's name field, key by key, and press Open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    def type_names():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(30, type_names)
            return
        dialogs[0].activateWindow()
        qtbot.waitUntil(dialogs[0].isActiveWindow, timeout=3000)
        edit = dialogs[0].findChild(QLineEdit, "fileNameEdit")
        edit.setFocus()
        focused.append(edit.hasFocus())
        edit.setText(names)          # as typed: the field has the focus, so Qt leaves it be
        typed.append(edit.text())
        dialogs[0].accept()
        if dialogs[0].isVisible():  # never leave a test waiting on an open chooser
            dialogs[0].reject()
    typed: list[str] = []
    focused: list[bool] = []
    QTimer.singleShot(0, type_names)
    return typed, focused


def _summary_rows(window) -> list[tuple[str, str, str]]:
    tree = window.importer.last_summary.tree
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
            for i in range(tree.topLevelItemCount())]


def _in_chooser_folder(tmp_path):
    from palmyra_archive.gui.actions.importing import LAST_DIR_KEY
    from palmyra_archive.gui.common.settings import settings
    settings().setValue(LAST_DIR_KEY, str(tmp_path))


def test_a_typed_name_that_is_not_there_is_in_the_summary_with_the_others(empty_window, qtbot,
                                                                            tmp_path):
    (tmp_path / "a.txt").write_text("# Story a\n\nBy Reporter A\n\nThe body of story a.\n")
    (tmp_path / "b.md").write_text("# Story b\n\nBy Reporter B\n\nThe body of story b.\n")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    _in_chooser_folder(tmp_path)
    typed, focused = _type_into_chooser(qtbot, '"a.txt" "gone.txt" "b.md" "scan.png"')
    report = wait_for_import(qtbot, empty_window, empty_window.actions_by_name["import_files"].trigger)
    assert focused == [True]
    assert typed == ['"a.txt" "gone.txt" "b.md" "scan.png"']
    assert sorted(Path(o.path).name for o in report.outcomes) == ["a.txt", "b.md", "gone.txt",
                                                                  "scan.png"]
    rows = {name: (status, details) for name, status, details in _summary_rows(empty_window)}
    assert rows["a.txt"][0] == rows["b.md"][0] == "Imported"
    assert rows["gone.txt"][0] == "Failed" and "no such file" in rows["gone.txt"][1].lower()
    assert rows["scan.png"][0] == "Failed" and "not text" in rows["scan.png"][1]


def test_only_missing_names_typed_still_get_a_summary(empty_window, qtbot, tmp_path):
    _in_chooser_folder(tmp_path)
    typed, focused = _type_into_chooser(qtbot, '"gone.txt" "also gone.md"')
    report = wait_for_import(qtbot, empty_window, empty_window.actions_by_name["import_files"].trigger)
    assert [Path(o.path).name for o in report.outcomes] == ["gone.txt", "also gone.md"]
    assert all(o.status == "failed" and "no such file" in o.message for o in report.outcomes)
    assert [row[1] for row in _summary_rows(empty_window)] == ["Failed", "Failed"]


def test_typed_names_are_read_as_qt_writes_them(tmp_path):
    folder = str(tmp_path)
    assert typed_names('"a.txt" "b c.txt"', folder) == [str(tmp_path / "a.txt"),
                                                        str(tmp_path / "b c.txt")]
    assert typed_names("one name.txt", folder) == [str(tmp_path / "one name.txt")]
    assert typed_names('"/elsewhere/x.txt"', folder) == ["/elsewhere/x.txt"]
    assert typed_names("  ", folder) == []
