"""File › Import from… › QDA project…, driven through the real window (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from palmyra_archive.gui.common import file_dialogs  # noqa: E402
from tests.support.gui_support import open_window, record_blocking_dialogs  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def dialogs(monkeypatch):
    return record_blocking_dialogs(monkeypatch)


@pytest.fixture
def empty_window(qtbot, tmp_path):
    yield from open_window(qtbot, tmp_path / "qda.palmyra.sqlite")


def test_import_a_qda_project_from_the_file_menu(exported, empty_window, qtbot, monkeypatch, dialogs):
    archive, _zip, bag = exported
    window = empty_window
    menu = window.exporting.import_from_menu
    assert menu.menuAction() in window.menus["file"].actions()
    assert window.exporting.import_qdpx_action in menu.actions()
    project = bag / "data" / "exchange" / "project.qdpx"
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(project), ""))
    with qtbot.waitSignal(window.exporting.importer.did_import, timeout=60000) as blocker:
        window.exporting.import_qdpx_action.trigger()
    report = blocker.args[0]
    assert report.annotations == 3
    qtbot.waitUntil(lambda: window.model.rowCount() == archive.articles.total_count(), timeout=10000)
    assert any("Imported the QDA project" in text for text in dialogs)


def test_a_file_that_is_not_a_project_is_one_sentence(empty_window, qtbot, tmp_path, dialogs):
    junk = tmp_path / "junk.qdpx"
    junk.write_text("<html>not a project</html>", encoding="utf-8")
    job = empty_window.exporting.importer.import_qdpx(junk)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
    assert any("junk.qdpx is not a REFI-QDA project" in text for text in dialogs), dialogs
    assert not any("Traceback" in text or "unexpected" in text for text in dialogs)


def test_import_a_zotero_library_from_the_file_menu(empty_window, qtbot, tmp_path, monkeypatch, dialogs):
    from tests.exchange.zotero_fixture import make_zotero_dir
    folder = make_zotero_dir(tmp_path / "Zotero")
    window = empty_window
    assert window.exporting.import_zotero_action in window.exporting.import_from_menu.actions()
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(window.exporting.importer.did_import, timeout=60000) as blocker:
        window.exporting.import_zotero_action.trigger()
    assert blocker.args[0].items == 3
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10000)


def test_import_a_zotero_rdf_export_from_the_file_menu(empty_window, qtbot, tmp_path, monkeypatch, dialogs):
    from tests.exchange.test_zotero_rdf import _export
    rdf = _export(tmp_path)
    window = empty_window
    assert window.exporting.import_zotero_rdf_action in window.exporting.import_from_menu.actions()
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(rdf), ""))
    with qtbot.waitSignal(window.exporting.importer.did_import, timeout=60000) as blocker:
        window.exporting.import_zotero_rdf_action.trigger()
    assert blocker.args[0].items == 3 and blocker.args[0].citation_only == 1
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10000)
def test_import_hypothesis_annotations_from_the_file_menu(qtbot, tmp_path, monkeypatch, dialogs):
    from palmyra_archive.core.archive import Archive
    from tests.exchange import hypothesis_fixture as hf
    path = tmp_path / "hyp.palmyra.sqlite"
    with Archive.open(path) as archive:
        hf.build_archive(archive, tmp_path / "pages")
    export = hf.write_export(tmp_path / "hypothesis.json")
    shown_details = []
    from PySide6.QtWidgets import QMessageBox
    original = QMessageBox.setDetailedText
    monkeypatch.setattr(QMessageBox, "setDetailedText",
                        lambda self, text: shown_details.append(text) or original(self, text))
    for window in open_window(qtbot, path):
        assert window.exporting.import_hypothesis_action in window.exporting.import_from_menu.actions()
        monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(export), ""))
        with qtbot.waitSignal(window.exporting.importer.did_import, timeout=60000) as blocker:
            window.exporting.import_hypothesis_action.trigger()
        report = blocker.args[0]
        assert (report.placed, report.fuzzy, report.orphans) == (2, 1, 1)
        qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
        assert dialogs[-1].startswith("Imported 7 Hypothesis annotation(s)")
        assert any("common sense" in d and "not in the text" in d for d in shown_details)
        assert [o.exact for o in window.archive.annotations.orphans()] == [
            "The mayor called the agreement a victory for common sense."]
        window.exporting.importer.show_summary = False
        with qtbot.waitSignal(window.exporting.importer.did_import, timeout=60000) as again:
            window.exporting.import_hypothesis_action.trigger()
        assert again.args[0].unchanged == 7


def test_a_file_that_is_not_a_hypothesis_export_is_one_sentence(empty_window, qtbot, tmp_path, dialogs):
    junk = tmp_path / "annotations.json"
    junk.write_text('{"kind": "something else"}', encoding="utf-8")
    job = empty_window.exporting.importer.import_hypothesis(junk)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
    assert any("annotations.json is not a Hypothesis export" in text for text in dialogs), dialogs
    assert not any("Traceback" in text for text in dialogs)
