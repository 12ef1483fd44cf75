"""Copies found by text in the app (#11): Provenance tab, sidebar queue, Compare, Spread, scan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from palmyra_archive.core.archive import Archive
from palmyra_archive.gui.common import file_dialogs
from tests.reuse.helpers import copy, import_articles, make
from tests.support.gui_support import open_window


@pytest.fixture
def reuse_window(qtbot, tmp_path):
    base = make(41)
    base.paragraphs[1] += " <b>not bold</b> <img src='http://example.invalid/x.png'>"
    path = tmp_path / "reuse.palmyra.sqlite"
    with Archive.open(path) as archive:
        import_articles(archive, tmp_path / "files", base, copy(base, "typos", "a00001c0", seed=2),
                        make(42, key="a00002"))
    opened = open_window(qtbot, path)
    window = next(opened)
    yield window
    # let this window's own queued results (the automatic backup's) arrive while it exists
    window.runner.wait()
    qtbot.wait(200)
    next(opened, None)


def _sidebar_item(window, prefix):
    model = window.sidebar.model()
    for row in range(model.rowCount()):
        item = model.item(row)
        if item.text().startswith(prefix):
            return item
    return None


def test_provenance_tab_lists_the_copy_and_confirm_joins_then_undo(reuse_window, qtbot):
    window = reuse_window
    assert _sidebar_item(window, "Proposed copies").text() == "Proposed copies  (1)"
    window.show_article(1)
    window.reader.set_tab("provenance")
    panel = window.reuse_ui.panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    row = panel.tree.topLevelItem(0)
    assert row.text(2) == "same work" and row.text(5) == "proposed" and row.text(3).endswith("%")
    articles = window.archive.articles.total_count()
    panel.confirm_button.click()
    assert window.archive.articles.total_count() == articles - 1
    qtbot.waitUntil(lambda: _sidebar_item(window, "Proposed copies").text() == "Proposed copies  (0)")
    window.undo_stack.undo()
    assert window.archive.articles.total_count() == articles
    assert window.archive.reuse.list()[0].status == "proposed"


def test_the_sidebar_queue_opens_the_review_and_reject_is_kept(reuse_window, qtbot):
    window = reuse_window
    item = _sidebar_item(window, "Proposed copies")
    window.sidebar.setCurrentIndex(item.index())
    dialog = window.reuse_ui.review_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.panel.tree.topLevelItemCount() == 1
    dialog.panel.reject_button.click()
    assert window.archive.reuse.list(status="rejected")
    assert dialog.panel.tree.topLevelItemCount() == 0


def test_a_rejected_link_is_undone_and_rejected_again_the_queue_following(reuse_window):
    window = reuse_window
    archive = window.archive
    dialog = window.reuse_ui.show_review()
    link_id = dialog.panel.current_link().id
    dialog.panel.reject_button.click()
    assert archive.reuse.get(link_id).status == "rejected"
    assert window.undo_stack.undoText() == "Reject copy found by text"
    window.undo_stack.undo()
    assert archive.reuse.get(link_id).status == "proposed"
    assert dialog.panel.tree.topLevelItemCount() == 1   # the queue follows the hub itself
    window.undo_stack.redo()
    assert archive.reuse.get(link_id).status == "rejected"
    assert dialog.panel.tree.topLevelItemCount() == 0


def test_compare_window_marks_differences_navigates_and_exports_escaped_html(reuse_window, qtbot,
                                                                              tmp_path, monkeypatch):
    window = reuse_window
    link = window.archive.reuse.list()[0]
    view = window.reuse_ui.compare(link.copy_a, link.copy_b)
    qtbot.addWidget(view)
    kinds = [r.kind for r in view.comparison.rows]
    assert "changed" in kinds
    first = view.go_to_difference(+1)
    assert view.comparison.rows[first].kind != "same"
    assert view.table.currentRow() == first
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert view.current_row >= first
    cell = view.table.cellWidget(first, 0).text()
    assert "<b>not bold</b>" not in cell
    out = tmp_path / "report.html"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert view.export_html() == out
    page = out.read_text("utf-8")
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<img" not in page


def test_spread_view_draws_copies_opens_one_and_exports(reuse_window, qtbot, tmp_path, monkeypatch):
    window = reuse_window
    window.show_article(1)
    view = window.reuse_ui.show_spread()
    qtbot.addWidget(view)
    assert len(view.dots) == 2 and view.graph.number_of_nodes() == 2
    with qtbot.waitSignal(window.hub.article_was_requested) as blocker:
        view.timeline.article_clicked.emit(view.dots[1].data(0))
    assert blocker.args[0] == view.dots[1].data(0)
    for what, name in (("Network as SVG", "n.svg"), ("Timeline as PNG", "t.png"), ("Network as GEXF", "n.gexf")):
        monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, n=name, **k: (str(tmp_path / n), ""))
        assert view.export(what) == tmp_path / name and (tmp_path / name).stat().st_size > 100
    assert "<svg" in (tmp_path / "n.svg").read_text("utf-8")


def test_tools_scan_runs_off_the_gui_thread_and_reports(reuse_window, qtbot):
    window = reuse_window
    with qtbot.waitSignal(window.hub.archive_did_change, timeout=60000) as blocker:
        window.reuse_ui.actions["reuse_scan"].trigger()
    assert window.reuse_ui.last_report.copies == 3
    assert blocker.args[0].message.startswith("Scanned 3 copies")


def test_compare_two_articles_opens_their_shown_copies(reuse_window, qtbot):
    view = reuse_window.reuse_ui.compare_articles(1, 2)
    qtbot.addWidget(view)
    assert {view.comparison.a.article_id, view.comparison.b.article_id} == {1, 2}


def _painted(widget):
    """The colour the widget paints at a point of its margin (what a person sees there)."""
    widget.resize(max(widget.width(), 200), max(widget.height(), 40))
    image = widget.grab().toImage()
    return image.pixelColor(2, 2).name()


def test_compare_rows_are_tinted_by_what_changed(reuse_window, qtbot):
    from palmyra_archive.gui.reuse.compare_window import TINTS
    window = reuse_window
    link = window.archive.reuse.list()[0]
    view = window.reuse_ui.compare(link.copy_a, link.copy_b)
    qtbot.addWidget(view)
    rows = view.comparison.rows
    changed = next(i for i, r in enumerate(rows) if r.kind == "changed")
    same = next((i for i, r in enumerate(rows) if r.kind == "same"), None)
    for column in (0, 1):
        assert view.table.item(changed, column).background().color().name() == TINTS["changed"]
        assert _painted(view.table.cellWidget(changed, column)) == TINTS["changed"]
    if same is not None:
        assert _painted(view.table.cellWidget(same, 0)) != TINTS["changed"]


def test_context_menu_compares_two_selected_rows(reuse_window, qtbot):
    window = reuse_window
    menu = window.managing.build_context_menu([1, 2])
    action = next(a for a in menu.actions() if a.objectName() == "compareArticles")
    assert action.text() == "Compare copies"
    actions = menu.actions()
    assert actions.index(action) < actions.index(menu.compare_slot)     # in the slot the menu keeps
    before = len(window.reuse_ui.compare_windows)
    action.trigger()
    view = window.reuse_ui.compare_windows[-1]
    qtbot.addWidget(view)
    assert len(window.reuse_ui.compare_windows) == before + 1
    assert {view.comparison.a.article_id, view.comparison.b.article_id} == {1, 2}
    three = window.managing.build_context_menu([1, 2, 3])
    assert not [a for a in three.actions() if a.objectName() == "compareArticles"]


def test_compare_with_picks_the_other_article_in_a_searchable_chooser(reuse_window, qtbot):
    window = reuse_window
    menu = window.managing.build_context_menu([1])
    action = next(a for a in menu.actions() if a.objectName() == "compareArticles")
    assert action.text() == "Compare with…"
    action.trigger()
    chooser = window.reuse_ui.chooser
    qtbot.addWidget(chooser)
    listed = {chooser.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(chooser.list.count())}
    assert listed == {2, 3}                      # every other article, not the one being compared
    title = window.archive.articles.get(3).title
    chooser.search.setText(title.split()[0] + " " + title.split()[1])
    chooser.refresh()
    assert 3 in {chooser.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(chooser.list.count())}
    chooser.search.setText('"unbalanced')
    chooser.refresh()                            # a search the syntax refuses: one sentence, no raise
    chooser.search.setText("zzzznotawordanywhere")
    chooser.refresh()
    assert chooser.list.count() == 0 and "No other article" in chooser.status.text()
    assert not chooser.compare_button.isEnabled()
    chooser.search.setText("")
    chooser.refresh()
    row = next(i for i in range(chooser.list.count()) if chooser.list.item(i).data(Qt.ItemDataRole.UserRole) == 3)
    chooser.list.setCurrentRow(row)
    before = len(window.reuse_ui.compare_windows)
    chooser.compare_button.click()
    assert len(window.reuse_ui.compare_windows) == before + 1
    view = window.reuse_ui.compare_windows[-1]
    qtbot.addWidget(view)
    assert {view.comparison.a.article_id, view.comparison.b.article_id} == {1, 3}
