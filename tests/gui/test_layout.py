"""The first-start arrangement leaves room to read, is remembered, and empty views say what to do."""

from __future__ import annotations

from palmyra_archive.core.archive import Archive
from palmyra_archive.gui.main_window import MainWindow


def _library_needs(window) -> int:
    return window.library.columns_width() - 40  # every column, the title readable (less a scroll bar)


def _at_full_size(window, qtbot):
    """A 1400×900 window (the offscreen screen is smaller): the reader goes under the library."""
    window.resize(1400, 900)
    window.reset_layout()  # settings may hold another test's layout
    qtbot.wait(20)


def test_docks_share_one_tabbed_column_and_the_library_shows_four_columns(corpus_window, qtbot):
    window = corpus_window
    _at_full_size(window, qtbot)
    ui = window.annotating
    tabbed = window.tabifiedDockWidgets(ui.panel_dock)
    assert ui.notes_dock in tabbed and ui.research_dock in tabbed
    assert not ui.browser_dock.isVisible()
    assert window.reader_below
    sidebar, centre = window.splitter.sizes()
    assert centre >= _library_needs(window) and sidebar >= 150
    _results, library, reader = window.centre_splitter.sizes()
    assert reader > library >= 200
    panels = [a.text() for a in window.panels_menu.actions()]
    assert panels == ["Annotations", "Note", "Research notes", "All annotations"]


def test_the_layout_is_remembered_and_can_be_reset(corpus_window, qtbot):
    window = corpus_window
    window.annotating.notes_dock.hide()
    window.splitter.setSizes([150, 900])
    remembered = window.splitter.sizes()
    window.save_layout()
    again = MainWindow(Archive.open(window.archive.path))
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(20)
    try:
        assert again.splitter.sizes() == remembered
        assert again.annotating.notes_dock.isHidden()
        again.actions_by_name["reset_layout"].trigger()
        assert not again.annotating.notes_dock.isHidden()
        _at_full_size(again, qtbot)
        assert again.splitter.sizes()[1] >= _library_needs(again)
        assert again.reader_below
    finally:
        again.searcher.shutdown()
        again.archive.close()


def test_empty_views_say_what_to_do(empty_window, corpus_window):
    assert "Import files (Ctrl+I)" in empty_window.library.empty_hint
    panel = empty_window.annotating.panel
    assert "Choose an article" in panel.list.hint
    corpus_window.show_article(corpus_window.model.article_id(0))
    panel = corpus_window.annotating.panel
    assert panel.summary.text() == "No annotations yet" and "Ctrl+H" in panel.list.hint
    corpus_window.search_field.setText("zzzzqqq")
    corpus_window._on_search("zzzzqqq")
    assert "Ctrl+0" in corpus_window.library.empty_hint


def test_the_hidden_archive_wide_view_fills_when_first_shown(corpus_window):
    ui = corpus_window.annotating
    browser = ui.browser
    assert browser.outlet.count() == 0  # not counted at startup: its dock is hidden
    ui.show_browser()
    assert browser.outlet.count() > 1 and browser.outlet.itemText(0) == "Any outlet"


def test_an_older_arrangement_gives_way_to_the_new_default_but_columns_stay(corpus_window, qtbot):
    from palmyra_archive.gui.common.settings import settings
    window = corpus_window
    window.annotating.notes_dock.hide()
    window.library.horizontalHeader().resizeSection(1, 333)
    window.save_layout()
    settings().remove("window/layoutVersion")  # as saved before the arrangement changed
    again = MainWindow(Archive.open(window.archive.path))
    qtbot.addWidget(again)
    try:
        assert not again.annotating.notes_dock.isHidden()  # the old dock state is not restored
        assert again.library.horizontalHeader().sectionSize(1) == 333
    finally:
        again.searcher.shutdown()
        again.archive.close()
