"""The Export window replaces an existing bundle only once the user said so (offscreen widgets)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from palmyra_archive.gui.common import file_dialogs  # noqa: E402
from tests.support.gui_support import open_window, record_blocking_dialogs  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, annotated_archive, monkeypatch):
    record_blocking_dialogs(monkeypatch)
    yield from open_window(qtbot, annotated_archive.path)


def _save_as(monkeypatch, name):
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(name), ""))


def test_a_file_the_save_dialog_confirmed_is_replaced(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "paper.zip"
    out.write_bytes(b"old bundle")
    _save_as(monkeypatch, out)           # the chooser itself asked "replace?" and the user said yes
    dialog = window.exporting.open_dialog()
    with qtbot.waitSignal(dialog.export_did_finish, timeout=30000):
        dialog.choose_and_export()
    assert out.read_bytes()[:2] == b"PK"


def test_a_name_typed_without_zip_is_asked_about_before_replacing(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "paper.zip"
    out.write_bytes(b"old bundle")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No))
    _save_as(monkeypatch, tmp_path / "paper")
    dialog = window.exporting.open_dialog()
    dialog.choose_and_export()
    assert asked == ["paper.zip already exists. Do you want to replace it?"]
    assert dialog.job is None and out.read_bytes() == b"old bundle"
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dialog.export_did_finish, timeout=30000):
        dialog.choose_and_export()
    assert out.read_bytes()[:2] == b"PK"
