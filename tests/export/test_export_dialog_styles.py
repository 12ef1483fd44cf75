"""The Export window's Style list: the shipped styles and "Add style…" (real widgets, offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from palmyra_archive.core.store.paths import resource, user_styles_dir  # noqa: E402
from palmyra_archive.gui.dialogs import export as export_dialog  # noqa: E402
from tests.support.gui_support import open_window, record_blocking_dialogs  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def shown(monkeypatch):
    return record_blocking_dialogs(monkeypatch)


@pytest.fixture
def window(qtbot, annotated_archive):
    yield from open_window(qtbot, annotated_archive.path)


def _styles(dialog) -> list[str]:
    return [dialog.style_box.itemData(i) for i in range(dialog.style_box.count())]


def test_the_style_list_has_the_four_shipped_styles(window):
    dialog = window.exporting.open_dialog()
    assert _styles(dialog) == ["chicago-author-date", "apa", "mla", "harvard"]
    dialog.reject()


def test_add_style_copies_lists_and_previews_it(window, qtbot, tmp_path, monkeypatch, shown):
    mine = tmp_path / "house-style.csl"
    mine.write_bytes(resource("csl", "harvard.csl").read_bytes())
    monkeypatch.setattr(export_dialog, "choose_style_file", lambda parent: mine)
    dialog = window.exporting.open_dialog()
    with qtbot.waitSignal(dialog.preview_did_update, timeout=20000) as blocker:
        dialog.add_style_button.click()
    assert shown == []
    assert (user_styles_dir() / "house-style.csl").is_file()
    assert _styles(dialog)[-1] == "house-style"
    assert dialog.style_box.currentData() == "house-style"
    assert dialog.style_box.currentText().startswith("Cite Them Right")
    assert dialog.options().style == "house-style"
    assert "(no date)" in blocker.args[0].bibliography_html   # Cite Them Right, not Chicago
    assert "Added the citation style Cite Them Right" in window.statusBar().currentMessage()
    dialog.reject()
    again = window.exporting.open_dialog()   # listed next time too
    assert "house-style" in _styles(again)
    again.reject()


def test_adding_a_file_that_is_not_csl_says_why(window, tmp_path, monkeypatch, shown):
    bad = tmp_path / "notes.csl"
    bad.write_text("my notes, not a style", encoding="utf-8")
    monkeypatch.setattr(export_dialog, "choose_style_file", lambda parent: bad)
    dialog = window.exporting.open_dialog()
    dialog.add_style_button.click()
    assert len(shown) == 1 and shown[0].startswith("notes.csl is not a CSL style")
    assert _styles(dialog) == ["chicago-author-date", "apa", "mla", "harvard"]
    monkeypatch.setattr(export_dialog, "choose_style_file", lambda parent: None)   # cancelled
    dialog.add_style_button.click()
    assert len(shown) == 1
    dialog.reject()
