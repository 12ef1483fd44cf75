"""The sidebar lists what the managers return and filters the library; missing managers are empty."""

from __future__ import annotations

from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.widgets.sidebar import QUERY_ROLE, Sidebar
from tests.conftest import article_id_for


def _entry(sidebar: Sidebar, prefix: str):
    for item in sidebar._iter_items():
        if item.text().startswith(prefix) and item.data(QUERY_ROLE) is not None:
            return item
    raise AssertionError(f"no sidebar entry {prefix!r}")


def test_outlet_collection_and_saved_search_filter_the_library(corpus_window, qtbot):
    archive = corpus_window.archive
    first = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    third = article_id_for(archive, "002_eeff659715a18b85.txt")
    changes = archive.collections.create("Palmyra March")
    corpus_window.hub.archive_did_change.emit(  # each write announced, as the app does
        archive.collections.add(changes.created_id, [first, third]))
    corpus_window.hub.archive_did_change.emit(
        archive.saved_searches.save("Reviews", LibraryQuery(needs_review=True)))
    sidebar = corpus_window.sidebar

    sidebar.setCurrentIndex(_entry(sidebar, "Mondialisation.ca").index())
    assert [corpus_window.model.article_id(r) for r in range(corpus_window.model.rowCount())] == [first]

    sidebar.setCurrentIndex(_entry(sidebar, "Palmyra March  (2)").index())
    shown = {corpus_window.model.article_id(r) for r in range(corpus_window.model.rowCount())}
    assert shown == {first, third}

    sidebar.setCurrentIndex(_entry(sidebar, "Reviews").index())
    assert corpus_window.model.rowCount() == archive.articles.needs_review_count() == 4

    sidebar.setCurrentIndex(_entry(sidebar, "Needs review").index())
    assert corpus_window.model.rowCount() == 4
    corpus_window.actions_by_name["show_all"].trigger()
    assert corpus_window.model.rowCount() == 5
    assert sidebar.current_query() == LibraryQuery()


def test_empty_sections_say_so(qapp, corpus_archive):
    sidebar = Sidebar()
    sidebar.set_archive(corpus_archive)
    texts = [item.text() for item in sidebar._iter_items()]
    assert texts[:2] == ["All articles  (5)", "Needs review  (4)"]
    assert "Mondialisation.ca  (1)" in texts
    assert texts.count("(none yet)") == 2          # no collections, no saved searches yet
    corpus_archive.collections.create("Paper draft")
    sidebar.refresh()
    texts = [item.text() for item in sidebar._iter_items()]
    assert texts.count("(none yet)") == 1 and "Paper draft  (0)" in texts


def test_a_change_rereads_only_the_sidebar_parts_it_touches(corpus_window, monkeypatch):
    from palmyra_archive.core.store.changes import Changes
    sidebar = corpus_window.sidebar
    read: list[str] = []
    original = sidebar._read
    monkeypatch.setattr(sidebar, "_read", lambda part: read.append(part) or original(part))
    corpus_window.hub.archive_did_change.emit(Changes(collections=True))
    assert read == ["collections"]
    read.clear()
    corpus_window.hub.archive_did_change.emit(Changes(articles=True))
    assert read == ["counts", "outlets", "tags", "collections", "saved_searches", "reuse"]
    assert corpus_window.counts_label.text().startswith("5 articles")


def test_a_tag_only_on_passages_shows_its_articles_and_says_how_many_passages(corpus_window):
    """#16: the tag tree counted article tags only ("(0)") and its filter showed nothing."""
    archive = corpus_window.archive
    first = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    text = archive.articles.get(first).body
    corpus_window.hub.archive_did_change.emit(
        archive.annotations.create_from_quote(first, text[:40].strip(), tags=["code/claim"]))
    sidebar = corpus_window.sidebar
    assert _entry(sidebar, "code  (1)")                # the parent counts its children
    item = _entry(sidebar, "claim  (1)")
    assert "1 article, 1 passage" in item.toolTip()
    sidebar.setCurrentIndex(item.index())
    assert [corpus_window.model.article_id(r) for r in range(corpus_window.model.rowCount())] == [first]


def _children(item) -> list[str]:
    return [item.child(r).text() for r in range(item.rowCount())]


def _tags_header(sidebar: Sidebar):
    return next(item for item in sidebar._iter_items() if item.text() == "Tags")


def test_site_tags_sit_under_one_collapsed_site_sections_node(corpus_window, qtbot):
    """#16: every site: section was a top-level tag, crowding the researcher's own tags."""
    archive = corpus_window.archive
    first = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    corpus_window.hub.archive_did_change.emit(archive.tags.add_to_articles([first], ["framing/victory"]))
    sidebar = corpus_window.sidebar
    tags = _tags_header(sidebar)
    assert _children(tags) == ["framing  (1)", "Site sections"]
    site = sidebar.site_sections_item()
    assert _children(site) == ["Analyses  (1)", "Région  (1)", "Thème  (1)"]
    assert not sidebar.isExpanded(site.index())        # collapsed by default
    assert sidebar.isExpanded(tags.index())
    terrorism = _entry(sidebar, "Terrorism  (1)")
    assert terrorism.parent().text() == "Thème  (1)"
    assert "site:Thème/Terrorism" in terrorism.toolTip()
    sidebar.setCurrentIndex(terrorism.index())         # still a filter like any tag
    assert corpus_window.model.rowCount() == 1

    sidebar.expand(site.index())                       # the user's choice survives a refresh
    corpus_window.hub.archive_did_change.emit(archive.tags.add_to_articles([first], ["actor/Russia"]))
    assert sidebar.isExpanded(sidebar.site_sections_item().index())
    assert sidebar.current_query().tag_ids == (archive.tags.find("site:Thème/Terrorism").id,)


def test_view_show_site_sections_hides_the_node_and_is_remembered(corpus_window, qtbot, tmp_path):
    from palmyra_archive.gui.common.settings import show_site_sections
    from tests.support.gui_support import open_window

    window = corpus_window
    action = window.actions_by_name["show_site_sections"]
    view = window.menus["view"]
    assert action in view.actions() and action.isCheckable() and action.isChecked()
    sidebar = window.sidebar
    sidebar.setCurrentIndex(_entry(sidebar, "Terrorism  (1)").index())
    assert window.model.rowCount() == 1

    action.trigger()                                   # off
    assert not action.isChecked()
    assert sidebar.site_sections_item() is None
    assert not any("Terrorism" in item.text() or "Région" in item.text()
                   for item in sidebar._iter_items())
    assert _children(_tags_header(sidebar)) == ["(none yet)"]
    assert sidebar.current_query() == LibraryQuery()   # the hidden tag gave way to All articles
    assert window.model.rowCount() == 5
    assert show_site_sections() is False

    gen = open_window(qtbot, window.archive.path)      # a new window starts as it was left
    again = next(gen)
    try:
        assert not again.actions_by_name["show_site_sections"].isChecked()
        assert again.sidebar.site_sections_item() is None
        again.actions_by_name["show_site_sections"].trigger()   # back on
        assert again.sidebar.site_sections_item() is not None
        assert show_site_sections() is True
    finally:
        again.close()
        next(gen, None)
