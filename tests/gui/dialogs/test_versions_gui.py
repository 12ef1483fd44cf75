"""Proposed versions in the app: the import summary's Confirm, and Tools › Review proposed versions…"""

from __future__ import annotations

from palmyra_archive.gui.common import file_dialogs
from tests.gui.conftest import wait_for_import
from tests.importing.test_versions import article, paragraphs, write


def _import_folder(qtbot, window, monkeypatch, folder):
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda *a, **k: str(folder))
    return wait_for_import(qtbot, window, window.actions_by_name["import_folder"].trigger)


def test_the_import_summary_proposes_a_version_and_confirm_links_it(empty_window, qtbot, tmp_path,
                                                                     monkeypatch):
    old = paragraphs(11)
    write(tmp_path / "a", "article.txt", article(11, old))
    write(tmp_path / "b", "article.txt", article(11, old[:3] + paragraphs(110)[:3]))
    _import_folder(qtbot, empty_window, monkeypatch, tmp_path / "a")
    report = _import_folder(qtbot, empty_window, monkeypatch, tmp_path / "b")
    assert report.proposed_versions == 1 and report.new_versions == 0
    assert empty_window.model.rowCount() == 2
    summary = empty_window.importer.last_summary
    panel = summary.proposals
    assert panel.tree.topLevelItemCount() == 1
    row = panel.tree.topLevelItem(0)
    assert row.text(0).endswith("b/article.txt") and row.text(1).endswith("a/article.txt")
    assert row.text(2).startswith("same file name elsewhere") and row.text(4) == "proposed"
    assert panel.confirm_button.isEnabled()
    panel.confirm_button.click()
    qtbot.waitUntil(lambda: empty_window.model.rowCount() == 1)
    assert panel.tree.topLevelItem(0).text(4) == "confirmed" and not panel.confirm_button.isEnabled()


def test_tools_review_lists_and_rejects(empty_window, qtbot, tmp_path, monkeypatch):
    old = paragraphs(12)
    write(tmp_path / "a", "article.txt", article(12, old))
    write(tmp_path / "b", "article.txt", article(12, old[:3] + paragraphs(120)[:3]))
    _import_folder(qtbot, empty_window, monkeypatch, tmp_path / "a")
    _import_folder(qtbot, empty_window, monkeypatch, tmp_path / "b")
    dialog = empty_window.version_review_action.show_dialog()
    assert dialog.panel.tree.topLevelItemCount() == 1
    dialog.panel.reject_button.click()
    assert dialog.panel.tree.topLevelItemCount() == 0        # only what is left to decide
    assert empty_window.model.rowCount() == 2
    assert empty_window.archive.events.list(action="version_rejected")
    dialog.close()
