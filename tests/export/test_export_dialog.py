"""The Export window and File › Open bundle…, driven through real widgets (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from palmyra_archive.gui.common import file_dialogs  # noqa: E402
from tests.export.conftest import unzip  # noqa: E402
from tests.support.gui_support import open_window, record_blocking_dialogs  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch):
    return record_blocking_dialogs(monkeypatch)


@pytest.fixture
def annotated_window(qtbot, annotated_archive):
    yield from open_window(qtbot, annotated_archive.path)


@pytest.fixture
def empty_window(qtbot, tmp_path):
    yield from open_window(qtbot, tmp_path / "colleague.palmyra.sqlite")


def _wait_preview(qtbot, dialog, change):
    with qtbot.waitSignal(dialog.preview_did_update, timeout=20000) as blocker:
        change()
    return blocker.args[0]


def test_choose_scope_and_style_preview_then_export_a_valid_bag(annotated_window, qtbot, tmp_path):
    import bagit
    window = annotated_window
    assert window.exporting.export_action.shortcut().toString() == "Ctrl+E"
    assert window.exporting.export_action in window.menus["file"].actions()
    dialog = window.exporting.open_dialog()
    qtbot.waitUntil(lambda: "article(s)" in dialog.preview_status.text(), timeout=20000)

    def choose():
        dialog.set_scope("tag", "palmyra/2016")
        dialog.set_style("apa")

    preview = _wait_preview(qtbot, dialog, choose)
    while preview.article_count != 2 or "(2016, December 30)" not in preview.bibliography_html:
        preview = _wait_preview(qtbot, dialog, lambda: None)   # a newer one is on its way
    assert "Mirzaei, A. (2016, December 30)" in dialog.bibliography_view.toPlainText()
    assert "electronic warfare equipment" in dialog.quotes_view.toPlainText()
    assert dialog.preview_status.text() == "2 article(s), 2 annotation(s)"

    out = tmp_path / "paper.zip"
    with qtbot.waitSignal(dialog.export_did_finish, timeout=30000) as blocker:
        dialog.export_to(out)
    report = blocker.args[0]
    assert report.articles == 2 and out.is_file()
    bag = bagit.Bag(str(unzip(out, tmp_path / "paper")))
    bag.validate()
    assert (bag.version_info, bag.algorithms) == ((1, 0), ["sha256"])
    assert 'data-style="apa"' in (tmp_path / "paper" / "paper" / "data" / "citations" /
                                  "bibliography.html").read_text(encoding="utf-8")
    assert "Exported 2 article(s)" in window.statusBar().currentMessage()


def test_export_selection_from_the_library_and_private_notes_off(annotated_window, qtbot, tmp_path,
                                                                  monkeypatch):
    window = annotated_window
    assert window.exporting.export_selection_action in window.library.actions()
    window.library.selectRow(0)
    selected = window.library.selected_article_ids()
    window.exporting.export_selection_action.trigger()
    dialog = window.exporting.dialog
    assert dialog.scope_kind.currentData() == "selection"
    dialog.private_notes.setChecked(False)
    dialog.passages.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview_status.text().startswith(f"{len(selected)} article"),
                    timeout=20000)
    out = tmp_path / "chosen"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(dialog.export_did_finish, timeout=30000) as blocker:
        dialog.export_button.click()
    report = blocker.args[0]
    assert report.path.name == "chosen.zip" and report.sources == 0
    assert report.articles == len(selected)


def test_open_bundle_imports_into_the_library(annotated_archive, empty_window, qtbot, tmp_path,
                                              monkeypatch):
    bundle = tmp_path / "b.zip"
    annotated_archive.exports.export_bundle("all", bundle)
    window = empty_window
    assert window.exporting.open_bundle_action in window.menus["file"].actions()
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(bundle), ""))
    with qtbot.waitSignal(window.exporting.opener.bundle_did_open, timeout=60000) as blocker:
        window.exporting.open_bundle_action.trigger()
    report = blocker.args[0]
    assert report.annotations == 3
    qtbot.waitUntil(lambda: window.model.rowCount() == annotated_archive.articles.total_count(),
                    timeout=10000)


def test_a_refused_bundle_is_a_message_not_a_traceback(empty_window, qtbot, tmp_path,
                                                       _no_blocking_dialogs):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"nope")
    job = empty_window.exporting.opener.open(junk)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert any("not a readable zip file" in text for text in _no_blocking_dialogs)


@pytest.mark.parametrize("kind", ["copies-null", "zip-bomb"])
def test_open_bundle_on_a_hostile_bundle_shows_the_sentence(annotated_archive, empty_window, qtbot,
                                                            tmp_path, monkeypatch,
                                                            _no_blocking_dialogs, kind):
    from tests.export.hostile import archive_counts, with_document, zip_bomb
    if kind == "zip-bomb":
        bundle, said = zip_bomb(tmp_path / "bomb.zip"), "(a zip bomb?)"
    else:
        annotated_archive.exports.export_bundle("all", tmp_path / "b.zip")
        bag = unzip(tmp_path / "b.zip", tmp_path / "unzipped")
        bundle = with_document(bag, tmp_path, lambda doc: doc["articles"][0].update(copies=None))
        said = "palmyra.json: articles[0].copies must be a list, not null"
    window = empty_window
    counts = archive_counts(window.archive)
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(bundle), ""))
    window.exporting.open_bundle_action.trigger()
    job = window.exporting.opener.job
    qtbot.waitUntil(lambda: bool(_no_blocking_dialogs), timeout=30000)
    assert any(said in text for text in _no_blocking_dialogs), _no_blocking_dialogs
    assert not any("unexpected" in text or "Traceback" in text for text in _no_blocking_dialogs)
    assert job is not None and archive_counts(window.archive) == counts
