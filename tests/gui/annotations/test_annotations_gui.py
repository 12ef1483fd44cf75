"""Annotating in the real reader: select by character range, highlight, edit, tag, delete, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from palmyra_archive.core.annotate.annotatable import annotatable_text
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.records import AnnotationFilter
from palmyra_archive.gui.reader.notes_panel import render_markdown
from tests.conftest import article_id_for

NAME = "001_3af5428a403a59eb.txt"
QUOTE = "Only the Russian intervention and significant foreign assistance"


def _open(window, filename=NAME):
    article_id = article_id_for(window.archive, filename)
    window.show_article(article_id)
    window.reader.set_tab("article")
    return article_id


def _select(window, quote):
    view = window.reader.article_view
    start = view.detail.body.index(quote)
    view.select_text_range(start, start + len(quote))
    assert view.selected_text_range() == (start, start + len(quote))
    return start, start + len(quote)


def test_highlight_edit_tag_delete_with_undo_and_reopen(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    article_id = _open(window)
    start, end = _select(window, QUOTE)
    created = ui.highlight_selection("green")
    view = window.reader.article_view
    assert [(h[0], h[1], h[4]) for h in view.highlights()] == [(start, end, created)]
    assert view.highlights()[0][2].name() == "#a8e6a1"
    assert ui.panel.current_id() == created

    # note and tags through the panel's editor, with tag completion
    window.archive.tags.add_to_articles([article_id], ["actor/Russia"])
    ui.panel.editor.note.setPlainText("Who *really* won?")
    ui.panel.editor.tags.setText("act")
    ui.panel.editor.tags.setCursorPosition(3)
    ui.panel.editor.tags._update_completions()
    assert ui.panel.editor.tags.completions() == ["actor", "actor/Russia"]
    ui.panel.editor.tags.insert_completion("actor/Russia")
    assert ui.panel.editor.tags.tags() == ["actor/Russia"]
    qtbot.mouseClick(ui.panel.save_button, Qt.MouseButton.LeftButton)
    saved = window.archive.annotations.get(created)
    assert (saved.note, saved.tags) == ("Who *really* won?", ["actor/Russia"])
    assert "Who *really* won?" in view.highlights()[0][3]       # hovering shows the note
    listed = ui.panel.list.item(0).text()                       # the list reads it as words (#16)
    assert "Who really won?" in listed and "*" not in listed

    window.undo_stack.undo()                                    # undo the edit
    assert window.archive.annotations.get(created).note == ""
    window.undo_stack.redo()
    assert window.archive.annotations.get(created).tags == ["actor/Russia"]

    ui.panel.select(created)
    qtbot.mouseClick(ui.panel.delete_button, Qt.MouseButton.LeftButton)                 # delete
    assert view.highlights() == [] and ui.panel.list.count() == 0
    window.undo_stack.undo()                                    # undo the delete
    assert [h[4] for h in view.highlights()] == [created]
    window.undo_stack.undo()                                    # undo the edit
    window.undo_stack.undo()                                    # undo the highlight itself
    assert view.highlights() == []
    window.undo_stack.redo()                                    # highlight again
    window.undo_stack.redo()                                    # and the edit
    assert [h[4] for h in view.highlights()] == [created]

    path = window.archive.path
    with Archive.open(path) as again:                           # another connection: it is stored
        (stored,) = again.annotations.for_article(article_id)
        assert (stored.exact, stored.color, stored.note) == (QUOTE, "green", "Who *really* won?")
    assert window.open_archive(path)                            # reopen it in the window
    _open(window)
    assert [h[4] for h in window.reader.article_view.highlights()] == [created]
    assert ui.panel.views[created].tags == ["actor/Russia"]


def test_clicking_a_highlight_opens_it_in_the_panel(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    _open(window)
    _select(window, QUOTE)
    first = ui.highlight_selection("yellow", note="first")
    _select(window, "steady erosion")
    second = ui.highlight_selection("blue", note="second")
    assert ui.panel.current_id() == second
    window.reader.article_view.highlight_clicked.emit(first)
    assert ui.panel.current_id() == first
    assert ui.panel.editor.note.toPlainText() == "first"


def test_nothing_selected_says_what_to_do(corpus_window):
    window = corpus_window
    _open(window)
    window.reader.article_view.textCursor().clearSelection()
    window.reader.article_view.setTextCursor(window.reader.article_view.textCursor())
    assert window.annotating.highlight_selection() is None
    assert "Select some words" in window.statusBar().currentMessage()
    assert window.archive.annotations.count() == 0


def test_archive_wide_view_filters_and_jumps(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    a1 = _open(window)
    _select(window, QUOTE)
    ui.highlight_selection("red", tags=["framing/foreign"])
    a0 = _open(window, "000_75c112bd7e1fc9de.txt")
    detail = window.reader.article_view.detail
    body = annotatable_text(detail.standfirst, detail.body)   # where ranges count
    window.reader.article_view.select_text_range(10, 40)
    other = ui.highlight_selection("yellow", note="elsewhere")
    ui.show_browser()
    browser = ui.browser
    assert browser.model.rowCount() == 2
    browser.tag.setText("framing")
    browser.apply_filters()
    assert browser.model.rowCount() == 1
    browser.tag.setText("")
    browser.color.setCurrentIndex(browser.color.findData("yellow"))
    assert browser.model.rowCount() == 1
    index = browser.model.index(0, 0)
    assert browser.model.data(index) == " ".join(body[10:40].split()).strip()
    browser.color.setCurrentIndex(0)
    browser.text.setText("elsewhere")
    assert browser.model.rowCount() == 1
    _open(window)                                     # look at the other article
    assert window.reader.article_id == a1
    browser.table.activated.emit(browser.model.index(0, 0))
    assert window.reader.article_id == a0
    assert ui.panel.current_id() == other
    rng = window.reader.article_view.selected_text_range()
    view = window.archive.annotations.get(other)
    assert rng == (view.start, view.end)


def test_tag_manager_rename_merge_delete_colour_with_undo(corpus_window, qtbot):
    window = corpus_window
    article_id = _open(window)
    tags = window.archive.tags
    tags.add_to_articles([article_id], ["framing/liberation", "framing/victory", "actor/Russia"])
    dialog = window.annotating.show_tag_manager()
    assert dialog.select_path("framing/liberation")
    dialog.rename(tags.find("framing").id, "frames")
    now = tags.for_article(article_id)
    assert {"frames/liberation", "frames/victory"} <= set(now) and "framing/liberation" not in now
    assert dialog.tree.currentItem().text(0) == "liberation"     # still chosen, under frames
    assert dialog.select_path("frames/victory")
    dialog.merge(tags.find("frames/victory").id, tags.find("frames/liberation").id)
    assert tags.find("frames/victory") is None
    dialog.delete(tags.find("actor").id)
    assert tags.find("actor/Russia") is None
    dialog.set_color(tags.find("frames").id, "purple")
    assert tags.find("frames").color == "purple"
    for _ in range(4):
        window.undo_stack.undo()
    assert tags.find("frames") is None
    assert {"framing/liberation", "framing/victory", "actor/Russia"} <= set(
        tags.for_article(article_id))
    assert dialog.select_path("framing/victory")
    counts = {dialog.tree.currentItem().text(0): dialog.tree.currentItem().text(1)}
    assert counts == {"victory": "1"}


def test_article_note_renders_markdown_and_escapes_html(corpus_window, qtbot):
    window = corpus_window
    article_id = _open(window)
    notes = window.annotating.notes
    assert notes.article_id == article_id
    notes.editor.setPlainText("**Key** claim <script>alert(1)</script>")
    assert notes.save_button.isEnabled()
    qtbot.mouseClick(notes.save_button, Qt.MouseButton.LeftButton)
    assert window.archive.notes.article_note(article_id) == "**Key** claim <script>alert(1)</script>"
    html = render_markdown(notes.editor.toPlainText())
    assert "<strong>Key</strong>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "Key claim" in notes.preview.toPlainText()
    window.undo_stack.undo()
    assert window.archive.notes.article_note(article_id) == ""
    assert notes.editor.toPlainText() == ""


def test_lists_stay_consistent_with_the_core(corpus_window):
    window = corpus_window
    _open(window)
    _select(window, QUOTE)
    window.annotating.highlight_selection()
    assert window.archive.annotations.count(AnnotationFilter()) == 1
    assert window.annotating.panel.list.count() == 1


def test_sidebar_tag_tree_combines_several_tags(corpus_window, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    from palmyra_archive.gui.widgets.sidebar import QUERY_ROLE

    window = corpus_window
    tags = window.archive.tags
    ids = [r for r in window.archive.articles.ids(window.model.query)]
    tags.add_to_articles(ids[:3], ["framing/liberation"])
    tags.add_to_articles(ids[1:], ["actor/Russia"])
    window.sidebar.refresh()
    items = {i.data(QUERY_ROLE): i for i in window.sidebar._iter_items()
             if i.data(QUERY_ROLE) is not None and i.data(QUERY_ROLE).tag_ids}
    by_path = {tags.get(q.tag_ids[0]).path: i for q, i in items.items()}
    framing = by_path["framing"]
    assert framing.child(0).text().startswith("liberation")       # children under parents
    assert framing.text() == "framing  (3)"                        # counts include children
    sel = window.sidebar.selectionModel()
    window.sidebar.setCurrentIndex(by_path["framing"].index())
    assert window.model.rowCount() == 3
    sel.setCurrentIndex(by_path["actor/Russia"].index(), QItemSelectionModel.SelectionFlag.Select)
    assert set(window.sidebar.selected_tag_ids()) == {tags.find("framing").id,
                                                      tags.find("actor/Russia").id}
    assert window.model.rowCount() == 2                            # both must apply
    window.sidebar.refresh()                                       # after a change: still both
    assert window.model.rowCount() == 2
    assert len(window.sidebar.selected_tag_ids()) == 2


def test_article_context_menu_offers_highlight_colours_for_a_selection(corpus_window):
    window = corpus_window
    _open(window)
    start, end = _select(window, QUOTE)
    menu = window.annotating.context_menu(window.reader.article_view.viewport().rect().center())
    highlight = next(a for a in menu.actions() if a.text() == "&Highlight").menu()
    red = next(a for a in highlight.actions() if a.text() == "Red")
    red.trigger()
    (view,) = window.archive.annotations.for_article(window.reader.article_id)
    assert (view.start, view.end, view.color) == (start, end, "red")
    window.reader.article_view.textCursor().clearSelection()
    cursor = window.reader.article_view.textCursor()
    cursor.clearSelection()
    window.reader.article_view.setTextCursor(cursor)
    menu = window.annotating.context_menu(window.reader.article_view.viewport().rect().center())
    assert "&Highlight" not in [a.text() for a in menu.actions()]


def test_tag_file_and_save_search_from_the_library_with_undo(corpus_window):
    window = corpus_window
    organiser = window.annotating.organiser
    article_id = _open(window)
    tags = window.archive.tags
    site = [p for p in tags.for_article(article_id) if p.startswith("site:")]
    organiser.tag_articles([article_id], ["framing/victory", "actor/Russia"])
    assert tags.for_article(article_id) == ["actor/Russia", "framing/victory", *site]
    organiser.tag_articles([article_id], ["actor/Russia"])          # one article: its whole set
    assert tags.for_article(article_id) == ["actor/Russia", *site]
    window.undo_stack.undo()
    assert tags.for_article(article_id) == ["actor/Russia", "framing/victory", *site]
    window.undo_stack.undo()
    assert tags.for_article(article_id) == site and tags.find("framing") is None

    others = window.archive.articles.ids(window.model.query)[:2]
    organiser.file_articles("Palmyra 2016", others)
    (info,) = window.archive.collections.all()
    assert (info.name, info.count) == ("Palmyra 2016", 2)
    window.undo_stack.undo()
    assert window.archive.collections.all() == []

    organiser.save_search("Russia", window.model.query)
    assert [s.name for s in window.archive.saved_searches.all()] == ["Russia"]
    window.undo_stack.undo()
    assert window.archive.saved_searches.all() == []


def test_orphan_is_placed_on_selected_words_and_undone(corpus_window, qtbot):
    from tests.conftest import CORPUS_DIR

    window = corpus_window
    ui = window.annotating
    _open(window)
    dropped = "The discussion was an opportunity for a reality check about the developments:"
    _select(window, dropped)
    orphan = ui.highlight_selection("purple", note="lost later")
    data = (CORPUS_DIR / NAME).read_text("utf-8").replace(dropped, "")
    window.archive.importer.import_bytes(NAME, data.encode("utf-8"))
    article_id = _open(window)
    window.reader.reload()                 # what the import's archive_did_change does
    assert ui.panel.views[orphan].anchor_status == "orphan"
    assert "not found" in ui.panel.summary.text()
    assert window.reader.article_view.highlights() == []
    ui.panel.select(orphan, jump=False)
    assert dropped not in window.reader.article_view.detail.body
    _select(window, "steady erosion")
    assert ui.place_selected() is not None
    view = window.archive.annotations.get(orphan)
    assert (view.exact, view.anchor_status) == ("steady erosion", "anchored")
    assert view.copy_id == window.reader.detail.copy_id
    assert [h[4] for h in window.reader.article_view.highlights()] == [orphan]
    window.undo_stack.undo()
    assert [o.id for o in window.archive.annotations.orphans(article_id)] == [orphan]


def test_choosing_a_completed_tag_is_an_edit_worth_saving(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    article_id = _open(window)
    window.archive.tags.add_to_articles([article_id], ["actor/Russia"])
    _select(window, QUOTE)
    created = ui.highlight_selection()
    assert not ui.panel.save_button.isEnabled()
    ui.panel.editor.tags.setText("Ru")
    ui.panel.editor.tags.setCursorPosition(2)
    ui.panel.editor.tags._update_completions()
    assert ui.panel.editor.tags.completions() == ["actor/Russia"]
    ui.panel.editor.tags.completer_.activated.emit("actor/Russia")
    assert ui.panel.editor.tags.text() == "actor/Russia"
    assert ui.panel.save_button.isEnabled()
    qtbot.mouseClick(ui.panel.save_button, Qt.MouseButton.LeftButton)
    assert window.archive.annotations.get(created).tags == ["actor/Russia"]


def test_research_note_links_article_and_annotation_with_undo(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    research = ui.research
    article_id = _open(window)
    _select(window, QUOTE)
    annotation_id = ui.highlight_selection(note="evidence")
    note_id = research.new()
    assert research.panel.current_id() == note_id
    assert window.archive.notes.get(note_id).article_ids == [article_id]
    research.panel.title.setText("Who retook Palmyra")
    research.panel.body.setPlainText("Russia's role, see the *Monocle* interview")
    qtbot.mouseClick(research.panel.buttons["save"], Qt.MouseButton.LeftButton)
    ui.panel.select(annotation_id, jump=False)
    qtbot.mouseClick(research.panel.buttons["link_annotation"], Qt.MouseButton.LeftButton)
    note = window.archive.notes.get(note_id)
    assert (note.title, note.annotation_ids) == ("Who retook Palmyra", [annotation_id])
    assert "annotation" in research.panel.links.text()
    research.panel.only_this.setChecked(True)
    assert [research.panel.list.item(i).text() for i in range(research.panel.list.count())] == \
        ["Who retook Palmyra"]
    qtbot.mouseClick(research.panel.buttons["delete"], Qt.MouseButton.LeftButton)
    assert window.archive.notes.all() == []
    window.undo_stack.undo()                              # back, with its links
    assert window.archive.notes.get(note_id).annotation_ids == [annotation_id]
    window.undo_stack.undo()                              # unlink the annotation
    window.undo_stack.undo()                              # the old title
    assert window.archive.notes.get(note_id).title == "Untitled note"
    assert window.archive.notes.get(note_id).annotation_ids == []
    window.undo_stack.undo()                              # no note at all
    assert window.archive.notes.all() == []
    window.undo_stack.redo()
    assert window.archive.notes.get(note_id).article_ids == [article_id]


def test_annotation_made_on_a_republished_copy_shows_in_the_reader(corpus_window):
    from tests.support.annotation_helpers import add_copy

    window = corpus_window
    ui = window.annotating
    article_id = _open(window)
    body = window.reader.detail.body
    other = add_copy(window.archive, article_id, "Republished with permission.\n\n" + body,
                     outlet="Elsewhere Daily", filename="republished.txt")
    made = window.archive.annotations.create_from_quote(article_id, QUOTE, copy_id=other,
                                                        note="made elsewhere").created_id
    window.reader.reload()
    (highlight,) = window.reader.article_view.highlights()
    assert body[highlight[0]:highlight[1]] == QUOTE and highlight[4] == made
    assert highlight[2].alpha() == 90                           # paler: made on the other copy
    assert "Made on another copy" in highlight[3]
    assert "(made on another copy)" in ui.panel.list.item(0).text()


LEAD = "decisive turning point"


def _select_in_document(view, words: str, through: str | None = None):
    """Select ``words`` (or from ``words`` to the end of ``through``) where the reader shows
    them, by document position, as a mouse would: not through the offsets API."""
    shown = view.toPlainText()       # one character per position here (no wide characters)
    start = shown.index(words)
    end = shown.index(through) + len(through) if through else start + len(words)
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_the_standfirst_is_highlighted_undone_and_reopened(corpus_window, qtbot):
    window = corpus_window
    ui = window.annotating
    article_id = _open(window, "000_75c112bd7e1fc9de.txt")
    view = window.reader.article_view
    text = annotatable_text(view.detail.standfirst, view.detail.body)
    lead_at = view.detail.standfirst.index(LEAD)

    _select_in_document(view, LEAD)
    assert view.selected_text_range() == (lead_at, lead_at + len(LEAD))
    created = ui.highlight_selection("red", note="the framing")
    assert window.archive.annotations.get(created).exact == LEAD
    assert [(h[0], h[1], h[4]) for h in view.highlights()] == [(lead_at, lead_at + len(LEAD), created)]
    (drawn,) = view.extraSelections()                       # drawn on the standfirst's words
    assert drawn.cursor.selectedText() == LEAD
    assert drawn.cursor.charFormat().fontItalic()           # the italic lead paragraph
    cursor = view.textCursor()
    cursor.setPosition(drawn.cursor.selectionStart() + 3)
    view.setTextCursor(cursor)
    with qtbot.waitSignal(view.highlight_clicked, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.cursorRect(cursor).center())
    assert blocker.args == [created]

    # a selection running from the standfirst into the body keeps both parts
    _select_in_document(view, "of the conflict.", through="The Syrian government")
    start, end = view.selected_text_range()
    assert text[start:end] == "of the conflict.\n\nThe Syrian government"

    window.undo_stack.undo()                                # undo the highlight
    assert view.highlights() == [] and window.archive.annotations.count() == 0
    window.undo_stack.redo()
    assert [h[4] for h in view.highlights()] == [created]

    path = window.archive.path
    assert window.open_archive(path)                        # reopen it in the window
    _open(window, "000_75c112bd7e1fc9de.txt")
    view = window.reader.article_view
    assert [h[4] for h in view.highlights()] == [created]
    assert view.extraSelections()[0].cursor.selectedText() == LEAD
    ui.jump_to(created)                                     # jumping selects it again
    assert view.textCursor().selectedText() == LEAD
    assert article_id == window.reader.article_id
