"""Every reader tab against the corpus: the Article, Source, Provenance and Comments tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from palmyra_archive.core.annotate.annotatable import annotatable_text
from palmyra_archive.core.store.records import CommentLine
from tests.conftest import article_id_for


def _open(window, qtbot, filename, tab):
    article_id = article_id_for(window.archive, filename)
    window.show_article(article_id)
    window.reader.set_tab(tab)
    return article_id


def test_selecting_a_row_shows_the_article_tab(corpus_window, qtbot):
    article_id = article_id_for(corpus_window.archive, "000_75c112bd7e1fc9de.txt")
    row = corpus_window.model.row_of(article_id)
    qtbot.mouseClick(corpus_window.library.viewport(), Qt.MouseButton.LeftButton,
                     pos=corpus_window.library.visualRect(corpus_window.model.index(row, 0)).center())
    assert corpus_window.reader.article_id == article_id
    text = corpus_window.reader.article_view.toPlainText()
    detail = corpus_window.archive.articles.get(article_id)
    assert text.startswith("Syria: How The Palmyra Victory Changes the Narrative")
    assert "By Moon of Alabama" in text
    assert "Mondialisation.ca" in text.split("\n")[2]
    assert detail.body in text


def test_article_tab_marks_lost_links_and_captions(corpus_window, qtbot):
    _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "article")
    view = corpus_window.reader.article_view
    body = view.detail.body
    start = body.index("congratulated")
    assert view.tooltip_for_body_offset(start + 2) == "address lost in the scrape"
    cursor = view.textCursor()
    cursor.setPosition(view.body_map.to_doc(start + 2))
    assert view.is_lost_link(cursor.charFormat())
    assert view.tooltip_for_body_offset(body.index("The Syrian government")) is None

    _open(corpus_window, qtbot, "001_3af5428a403a59eb.txt", "article")
    text = view.toPlainText()
    assert "Needs review: authors, outlet, date" in text
    caption = text.index("PHOTO: Damage in the Palmyra Museum")
    assert caption < view.body_map.base                  # lifted out of the body, shown before it
    cursor = view.textCursor()
    cursor.setPosition(caption + 1)
    assert cursor.blockFormat().leftMargin() > 0        # set apart from the running text
    assert cursor.charFormat().fontItalic()


def test_unresolved_footnote_markers_say_so(corpus_window, qtbot):
    _open(corpus_window, qtbot, "004_0c71e4d245fb43f8.txt", "article")
    view = corpus_window.reader.article_view
    marker = view.detail.body.index("[1]")
    assert "footnote list was lost" in view.tooltip_for_body_offset(marker)
    assert "the 14 markers above lead nowhere" in view.toPlainText()


def test_body_ranges_round_trip_and_highlights_click(corpus_window, qtbot):
    _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "article")
    view = corpus_window.reader.article_view
    # ranges count in the annotatable text: the standfirst, a paragraph break, then the body
    text = annotatable_text(view.detail.standfirst, view.detail.body)
    start = text.index("UNESCO")
    view.select_text_range(start, start + len("UNESCO"))
    assert view.selected_text_range() == (start, start + 6)
    assert view.textCursor().selectedText() == "UNESCO"

    view.set_highlights([(start, start + 6, QColor("yellow"), "my note", 42),
                         (0, 50, QColor("green"), "", 7)])
    assert len(view.extraSelections()) == 2
    assert view.extraSelections()[0].cursor.selectedText() == "UNESCO"
    cursor = view.textCursor()
    cursor.clearSelection()
    view.setTextCursor(cursor)
    probe = view.textCursor()
    probe.setPosition(view.text_map.to_doc(start + 2))
    view.ensureCursorVisible()
    view.setTextCursor(probe)
    point = view.cursorRect(probe).center()
    with qtbot.waitSignal(view.highlight_clicked, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [42]


def test_source_tab_tints_each_region(corpus_window, qtbot):
    article_id = _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "source")
    tab = corpus_window.reader.source_tab
    source = corpus_window.archive.articles.source_view(article_id)
    assert tab.text.toPlainText() == source.text
    legend = tab.legend_labels()
    assert {"Body", "Footer"} <= set(legend)
    assert tab.region_kind_at(source.text.index("The Syrian government is no longer")) == "body"
    assert tab.region_kind_at(source.text.index("Avis de non-responsabilité")) in ("footer", "rights")
    cursor = tab.text.textCursor()
    cursor.setPosition(source.text.index("The Syrian government is no longer") + 1)
    assert cursor.charFormat().background().color().alpha() > 0


def test_provenance_tab_draws_the_chain_and_explains_the_terms(corpus_window, qtbot):
    _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "provenance")
    tab = corpus_window.reader.provenance_tab
    labels = tab.diagram.labels
    assert labels.index("Moon of Alabama") < labels.index("Mondialisation.ca")
    assert any(label.startswith("2016-03-28") for label in labels)
    assert any(label.startswith("2016-03-31") for label in labels)
    assert any("La source originale de cet article est Moon of Alabama" in label for label in labels)
    rights = tab.rights.toPlainText()
    assert ("Allowed on alternative media websites; must carry: source of the article, URL, "
            "hyperlink to the original article, copyright notice; otherwise ask "
            "media@globalresearch.ca") in rights
    assert "Le Centre de recherche sur la mondialisation (CRM) accorde la permission" in rights
    assert "Disclaimer" in rights and "Fair-use notice" in rights


def test_comments_tab_is_a_tree(corpus_window, qtbot):
    _open(corpus_window, qtbot, "001_3af5428a403a59eb.txt", "comments")
    tab = corpus_window.reader.comments_tab
    assert tab.count() == (22, 6)
    assert "22 comments, 6 threads" in tab.summary.text()
    first = tab.model.item(0)
    assert first.text().startswith("“On its own, the Assad regime")
    assert corpus_window.reader.tabs.tabText(3) == "&Comments (22)"


def test_reader_never_loads_remote_resources(corpus_window):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    view = corpus_window.reader.article_view
    assert view.loadResource(QTextDocument.ResourceType.ImageResource.value,
                             QUrl("http://example.com/x.png")) is None
    assert not view.openLinks() and not view.openExternalLinks()


def test_region_tints_follow_light_and_dark_palettes(qapp):
    from PySide6.QtGui import QColor, QPalette

    from palmyra_archive.gui.reader.tints import REGION_LABELS, region_tint

    light, dark = QPalette(QColor("#f0f0f0")), QPalette(QColor("#202020"))
    for kind in REGION_LABELS:
        assert region_tint(kind, light).lightness() > 180, kind
        assert region_tint(kind, dark).lightness() < 110, kind


def test_provenance_lists_the_other_copies_of_a_work(qapp):
    from palmyra_archive.core.store.records import CopyLine
    from palmyra_archive.gui.reader.provenance_tab import copies_html

    copies = [CopyLine(copy_id=7, outlet="Moon of Alabama", date="2016-03-28", source="a.txt",
                       superseded_by_id=None, in_trash=False),
              CopyLine(copy_id=9, outlet="Mondialisation.ca", date="2016-03-31", source="<b>b.txt</b>",
                       superseded_by_id=None, in_trash=False)]
    text = copies_html(copies, 9)
    assert "Copies of this work in the archive (2)" in text
    assert "Mondialisation.ca, 2016-03-31, &lt;b&gt;b.txt&lt;/b&gt; <i>(shown)</i>" in text
    assert copies_html(copies[:1], 7) == ""


def test_a_caption_stands_where_it_stood_in_the_body(corpus_window, qtbot):
    _open(corpus_window, qtbot, "004_0c71e4d245fb43f8.txt", "article")
    view = corpus_window.reader.article_view
    detail = view.detail
    (placed,) = [c for c in detail.caption_spans if c.body_offset is not None]
    text = view.toPlainText()
    at = text.index(placed.text)
    offset = placed.body_offset
    assert view.body_map.to_doc(offset - 1) < at < view.body_map.to_doc(offset + 1)  # in its place
    cursor = view.textCursor()
    cursor.setPosition(at + 1)
    assert cursor.blockFormat().leftMargin() > 0 and cursor.charFormat().fontItalic()
    # body offsets on either side of the caption still land on the body's own letters
    for probe in (offset - 30, offset + 10, len(detail.body) - 5):
        cursor.setPosition(view.body_map.to_doc(probe))
        cursor.setPosition(view.body_map.to_doc(probe + 5), cursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().replace("\u2029", "\n") == detail.body[probe:probe + 5]
        assert view.body_map.to_offset(view.body_map.to_doc(probe)) == probe


def test_a_standfirst_link_is_marked_in_the_standfirst(corpus_window, qtbot):
    _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "article")
    view = corpus_window.reader.article_view
    (link,) = [x for x in view.detail.links if x.location == "standfirst"]
    text = view.toPlainText()
    at = text.index(view.detail.standfirst) + link.body_start
    assert at < view.body_map.base
    cursor = view.textCursor()
    cursor.setPosition(at + 1)
    assert link.target is None and view.is_lost_link(cursor.charFormat())   # "[text](#)"
    assert text[at:at + len(link.text)] == link.text
    body_at = view.body_map.to_doc(link.body_start + 1)   # the same offsets in the body: no link
    cursor.setPosition(body_at)
    assert not view.is_lost_link(cursor.charFormat()) or any(
        x.location == "body" and x.body_start <= link.body_start < x.body_end
        for x in view.detail.links)


def _dark_pixels(image, rect) -> int:
    return sum(1 for x in range(rect.left() + 2, rect.right() - 2, 2)
               for y in range(rect.top() + 2, rect.bottom() - 2, 2)
               if QColor(image.pixel(x, y)).lightness() < 110)


def test_comments_show_whole_with_their_author_and_stay_readable_selected(corpus_window, qtbot):
    _open(corpus_window, qtbot, "001_3af5428a403a59eb.txt", "comments")
    tab = corpus_window.reader.comments_tab
    corpus_window.resize(1400, 900)
    long = "A long comment that a reader printed " * 30 + "and the last words"
    tab.show_comments([CommentLine(1, None, 0, long, "Maya R.", None, None),
                       CommentLine(2, 1, 1, "Short reply.", None, None, None)])
    tab.tree.doItemsLayout()
    qtbot.waitUntil(lambda: tab.tree.visualRect(tab.model.item(0).index()).height() > 0)
    first = tab.model.item(0).index()
    rect = tab.tree.visualRect(first)
    line = tab.tree.fontMetrics().height()
    # the whole text, wrapped to the width (many lines, no "…"), under the author's name
    assert rect.height() >= 5 * line and rect.right() <= tab.tree.viewport().width()
    assert tab.model.item(0).text() == long
    assert tab.model.item(0).index().data(Qt.ItemDataRole.AccessibleTextRole) == f"Maya R.: {long}"
    plain = tab.tree.viewport().grab().toImage()
    tab.tree.setCurrentIndex(first)
    tab.tree.viewport().repaint()
    chosen = tab.tree.viewport().grab().toImage()
    # selected, the text is still drawn in the text colour: as much ink as unselected
    ink = _dark_pixels(plain, rect)
    assert ink > 50 and _dark_pixels(chosen, rect) >= ink * 0.8


def _anchor_click(view, qtbot, text):
    """Click the link that shows ``text`` in the Article tab."""
    found = view.document().find(text)
    assert not found.isNull() and found.charFormat().isAnchor(), text
    cursor = view.textCursor()
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    view.ensureCursorVisible()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def test_article_tab_shows_tags_and_collections_that_filter_the_library(corpus_window, qtbot):
    archive = corpus_window.archive
    first = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    third = article_id_for(archive, "002_eeff659715a18b85.txt")
    corpus_window.hub.archive_did_change.emit(
        archive.tags.add_to_articles([first, third], ["<b>x</b>", "framing/liberation"]))
    made = archive.collections.create("Palmyra <i>March</i>")
    corpus_window.hub.archive_did_change.emit(archive.collections.add(made.created_id, [first]))
    _open(corpus_window, qtbot, "000_75c112bd7e1fc9de.txt", "article")
    view = corpus_window.reader.article_view
    text = view.document().toPlainText()
    line = next(t for t in text.split("\n") if t.startswith("Tags: "))
    assert line.startswith("Tags: <b>x</b>, framing/liberation, site:")
    assert line.endswith("  ·  In: Palmyra <i>March</i>")
    from tests.gui.common.test_hostile_markup_gui import document_problems
    assert document_problems(view.document()) == []
    opened = []
    view.link_clicked.connect(opened.append)

    _anchor_click(view, qtbot, "<b>x</b>")
    shown = {corpus_window.model.article_id(r) for r in range(corpus_window.model.rowCount())}
    assert shown == {first, third} and opened == []
    assert corpus_window.sidebar.current_query().tag_ids == (archive.tags.find("<b>x</b>").id,)

    _anchor_click(view, qtbot, "Palmyra <i>March</i>")
    shown = {corpus_window.model.article_id(r) for r in range(corpus_window.model.rowCount())}
    assert shown == {first} and opened == []
    assert corpus_window.sidebar.current_query().collection_id == made.created_id


def test_an_article_listed_far_down_opens_without_reading_every_row_before_it(corpus_window, monkeypatch):
    """Opening an article whose row is past the rows read so far (at 1,000,000 articles, the
    middle of the order) shows it in the reader, keeps the view as it is and reads no more
    than ``ROW_OF_REACH`` rows ahead (#19); one the view does not list widens the view."""
    from palmyra_archive.core.store.records import LibraryQuery
    from palmyra_archive.gui.models import library_model

    window = corpus_window
    monkeypatch.setattr(library_model, "PAGE_SIZE", 1)
    monkeypatch.setattr(library_model, "ROW_OF_REACH", 1)
    ids = window.archive.articles.ids(LibraryQuery())
    window.model.reload()
    window.library.select_article(ids[0])
    query = window.model.query
    widened: list[bool] = []
    real_show_all = window.show_all
    monkeypatch.setattr(window, "show_all", lambda: (widened.append(True), real_show_all()))
    window.show_article(ids[4])
    assert widened == []                                         # the view is kept as it is
    assert window.reader.article_id == ids[4]
    assert not window.library.currentIndex().isValid()          # no other article looks current
    held = window.model._rows.ids
    assert window.model.query == query and held == ids[:len(held)] and len(held) <= 3   # 1 + reach, whole pages
    window.show_article(ids[1])                                  # within reach: its row is current
    assert window.library.current_article_id() == ids[1] and window.reader.article_id == ids[1]
