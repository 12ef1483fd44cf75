"""Markup from a source or a user is shown as text in every widget (#21).

A hostile article (tests/support/hostile_markup.py) is opened in the real window; every rich-text view
(reader tabs, notes, annotations, the Export window's preview) must hold no image and no link to
a local scheme, every tooltip and label must show the hostile text as text, and no view may be
asked to load a resource. The check of a tooltip renders it the way Qt does (rich text when it
looks like markup) in a document that records every resource it is asked for.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QToolTip

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import ValidationError
from palmyra_archive.gui.common.errors import show_error
from palmyra_archive.gui.common.safe_text import plain_tooltip
from tests.support.gui_support import open_window
from tests.support.hostile_markup import (
    BOLD,
    HOSTILE,
    HOSTILE_MARKDOWN,
    LOCAL_IMG,
    OUTLET,
    SCRIPT,
    TAG,
    TITLE,
    make_hostile,
)

COLLECTION = f"Coll {BOLD} {LOCAL_IMG}"


class RecordingDocument(QTextDocument):
    """A document that says which resources (images, style sheets) it was asked for."""

    def __init__(self):
        super().__init__()
        self.requests: list[str] = []

    def loadResource(self, type_, name):  # noqa: N802 — Qt override
        self.requests.append(name.toString())


def might_be_rich(text: str) -> bool:
    """Qt::mightBeRichText, as Qt decides for tooltips and labels: a known tag (or an entity)
    before the first line ends."""
    probe = RecordingDocument()
    first = text.lstrip().split("\n", 1)[0]
    if "<" not in first and "&" not in first:
        return False
    probe.setHtml(first)
    return probe.toPlainText() != first


def shown_as_qt_shows(text: str) -> tuple[str, RecordingDocument]:
    """(the words a user sees, the laid-out document) for a tooltip or auto-format label."""
    doc = RecordingDocument()
    if text.startswith("<qt>") or might_be_rich(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    doc.setTextWidth(400)
    doc.size()   # lays it out: images are asked for here
    return doc.toPlainText(), doc


def document_problems(doc: QTextDocument) -> list[str]:
    """Images and links to anything but the web (or the document's own #anchors) in ``doc``."""
    problems = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                problems.append(f"image {fmt.toImageFormat().name()}")
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            if href and not href.startswith(("#", "http://", "https://", "mailto:")):
                problems.append(f"link {href}")
            it += 1
        block = block.next()
    if "<img" in doc.toHtml():
        problems.append("<img> in the document")
    return problems


def assert_inert_tooltip(tip, expected: str | None = None) -> None:
    if not tip:
        return
    words, doc = shown_as_qt_shows(tip)
    assert doc.requests == [], tip
    assert document_problems(doc) == [], tip
    if expected is not None:
        assert expected in words, (tip, words)


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.palmyra.sqlite"
    with Archive.open(path) as archive:
        article_id = make_hostile(archive, tmp_path)
        archive.articles.correct(article_id, original_outlet=OUTLET)
        archive.collections.create(COLLECTION)
        collection = archive.collections.all()[0]
        archive.collections.add(collection.id, [article_id])
    return path, article_id


@pytest.fixture
def window(qtbot, hostile):
    yield from open_window(qtbot, hostile[0])


def _show(window, article_id, tab="article"):
    window.show_article(article_id)
    window.reader.set_tab(tab)


def test_the_recording_document_would_catch_a_live_image(qtbot):
    """The checks below are worth something: raw markup does ask for the file."""
    words, doc = shown_as_qt_shows(f"T1 {LOCAL_IMG}")
    assert doc.requests == ["file:///tmp/probe.png"]
    words, doc = shown_as_qt_shows(plain_tooltip(f"T1 {LOCAL_IMG}"))
    assert doc.requests == [] and LOCAL_IMG in words


def test_library_tooltips_show_titles_authors_and_outlets_as_text(window, hostile):
    model = window.model
    row = model.row_of(hostile[1])
    tips = [model.index(row, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(model.columnCount())]
    for tip in tips:
        assert_inert_tooltip(tip)
    assert_inert_tooltip(tips[0], TITLE)
    assert any(tip and OUTLET in shown_as_qt_shows(tip)[0] for tip in tips)
    assert any(tip and LOCAL_IMG in shown_as_qt_shows(tip)[0] for tip in tips[1:])   # the author


def test_sidebar_tooltips_show_outlets_tags_and_collections_as_text(window):
    window.sidebar.refresh()
    model = window.sidebar.model()
    seen, stack = [], [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert_inert_tooltip(tip)
        if tip:
            seen.append(shown_as_qt_shows(tip)[0])
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    assert any(OUTLET in words for words in seen)
    assert any(TAG in words for words in seen)
    assert any(COLLECTION in words for words in seen)


def test_article_tab_has_no_image_no_local_link_and_loads_nothing(window, hostile, qtbot, monkeypatch):
    _show(window, hostile[1])
    view = window.reader.article_view
    view.resize(900, 700)
    view.viewport().repaint()
    doc = view.document()
    assert document_problems(doc) == []
    text = view.toPlainText()
    assert TITLE in text and f"Caption {HOSTILE}" in text and "local link" in text
    body = view.detail.body
    local = body.index("local link")
    cursor = QTextCursor(doc)
    cursor.setPosition(view.body_map.to_doc(local + 2))
    assert not cursor.charFormat().isAnchor()                       # shown as text
    assert "file:///etc/passwd" in view.tooltip_for_body_offset(local + 2)
    web = body.index("web link")
    cursor.setPosition(view.body_map.to_doc(web + 2))
    assert cursor.charFormat().anchorHref() == "https://example.org/a"   # web links stay links
    shown = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *a: shown.append(text)))
    cursor.setPosition(view.body_map.to_doc(local + 2))
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    view.viewportEvent(event)
    assert shown and "file:///etc/passwd" in shown_as_qt_shows(shown[0])[0]
    assert_inert_tooltip(shown[0])
    assert view.resource_requests == []


def test_highlight_tooltip_with_a_hostile_note_is_shown_as_text(window, hostile, monkeypatch):
    _show(window, hostile[1])
    view = window.reader.article_view
    window.annotating.refresh_highlights()
    (start, end, _color, tip, _id), = view.highlights()
    shown = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *a: shown.append(text)))
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.text_map.to_doc(start + 1))
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert shown
    assert_inert_tooltip(shown[0], "Note ![x](http://example.invalid/n.png)")


def test_provenance_and_comments_tabs_show_markup_as_text(window, hostile):
    _show(window, hostile[1], "provenance")
    tab = window.reader.provenance_tab
    assert_inert_tooltip(tab.summary.text(), OUTLET)
    assert document_problems(tab.rights.document()) == []
    diagram_texts = [item.toPlainText() for item in tab.diagram.scene().items()
                     if hasattr(item, "toPlainText")]
    assert any(OUTLET in t for t in diagram_texts)
    for item in tab.diagram.scene().items():
        if hasattr(item, "document"):
            assert document_problems(item.document()) == []
    _show(window, hostile[1], "comments")
    comments = window.reader.comments_tab
    item = comments.model.item(0)
    assert HOSTILE in item.text()
    assert_inert_tooltip(item.toolTip(), f"Comment {HOSTILE}")


def test_notes_panel_read_view_has_no_image_and_only_web_links(window, hostile):
    _show(window, hostile[1])
    notes = window.annotating.notes
    notes.tabs.setCurrentIndex(0)
    notes.preview.resize(500, 400)
    notes.preview.viewport().repaint()
    doc = notes.preview.document()
    assert document_problems(doc) == []
    text = doc.toPlainText()
    assert "[image: x — http://example.invalid/n.png]" in text and LOCAL_IMG in text and SCRIPT in text
    assert "[passwd](file:///etc/passwd)" in text
    assert notes.preview.resource_requests == []


def test_annotation_panel_browser_and_research_notes_tooltips_are_text(window, hostile, qtbot):
    _show(window, hostile[1])
    panel = window.annotating.panel
    assert panel.list.count() == 1
    assert_inert_tooltip(panel.list.item(0).toolTip(), HOSTILE_MARKDOWN.split(" then")[0])
    browser = window.annotating.browser
    window.annotating.show_browser()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1)
    for column in range(browser.model.columnCount()):
        assert_inert_tooltip(browser.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole), "Note")
    research = window.annotating.research
    research.refresh()
    assert research.panel.list.count() == 1
    assert_inert_tooltip(research.panel.list.item(0).toolTip(), LOCAL_IMG)


def test_export_preview_shows_source_markup_as_text_and_loads_nothing(window, qtbot):
    dialog = window.exporting.open_dialog()
    qtbot.waitUntil(lambda: "article(s)" in dialog.preview_status.text(), timeout=20000)
    for view in (dialog.bibliography_view, dialog.quotes_view):
        view.resize(600, 500)
        view.viewport().repaint()
        assert document_problems(view.document()) == [], view.accessibleName()
        assert view.resource_requests == []
    assert SCRIPT in dialog.bibliography_view.toPlainText()
    assert "<b>bold</b>" in dialog.bibliography_view.toPlainText().lower()
    quotes = dialog.quotes_view.toPlainText()
    assert TITLE in quotes and LOCAL_IMG in quotes
    assert dialog.preview_status.textFormat() == Qt.TextFormat.PlainText
    dialog.close()


def test_labels_and_message_boxes_with_user_text_are_plain(window, monkeypatch):
    assert window.path_label.textFormat() == Qt.TextFormat.PlainText
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(
        (self.textFormat(), self.text(), self.informativeText())) or 0)
    show_error(window, ValidationError(f"No tag named {TAG}.", detail=f"Detail {LOCAL_IMG}"))
    (fmt, text, informative), = boxes
    assert fmt == Qt.TextFormat.PlainText and TAG in text
    assert_inert_tooltip(informative, f"Detail {LOCAL_IMG}")
    assert isinstance(window.path_label, QLabel)


def test_search_hits_show_markup_as_text(window, qtbot):
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(window.search_field, "bold")
    results = window.search_results
    qtbot.waitUntil(lambda: results.list_widget.count() > 0, timeout=5000)
    for row in range(results.list_widget.count()):
        item = results.list_widget.item(row)
        label = results.list_widget.itemWidget(item)
        words, doc = shown_as_qt_shows("<qt>" + label.text() + "</qt>")
        assert doc.requests == [] and document_problems(doc) == [], label.text()
        assert_inert_tooltip(item.toolTip())
    assert any("<b>" in results.list_widget.itemWidget(results.list_widget.item(r)).text()
               for r in range(results.list_widget.count()))     # the hit words, bold: our markup


def test_tag_manager_tooltips_show_tag_paths_as_text(window):
    dialog = window.annotating.show_tag_manager()
    item = dialog.tree.topLevelItem(0)
    assert item.text(0) == TAG
    assert_inert_tooltip(item.toolTip(0), TAG)
    dialog.close()


def test_import_summary_and_source_tab_show_a_hostile_file_name_as_text(window, qtbot, tmp_path):
    from palmyra_archive.gui.dialogs.import_summary import ImportSummary
    name = "probe <img src=probe.png> <b>x.txt"    # a relative src: Qt would look in the cwd
    (tmp_path / name).write_text("A title\n\nBy A, 3 May 2017\n\nSome text of the article.\n",
                                 encoding="utf-8")
    report = window.archive.importer.import_paths([tmp_path / name])
    dialog = ImportSummary(report)
    qtbot.addWidget(dialog)
    item = dialog.tree.topLevelItem(0)
    assert item.text(0) == name
    for column in range(4):
        assert_inert_tooltip(item.toolTip(column))
    assert_inert_tooltip(item.toolTip(0), name)
    _show(window, report.outcomes[0].article_ids[0], "source")
    info = window.reader.source_tab.info
    assert_inert_tooltip("<qt>" + info.text() + "</qt>", name)


def test_an_image_in_the_source_is_neither_an_image_nor_a_link_in_the_reader(qtbot, tmp_path):
    from palmyra_archive.gui.app import application
    from palmyra_archive.gui.reader.article_view import ArticleView
    application()
    path = tmp_path / "image.txt"
    path.write_text("A title\n\nBy A, 3 May 2017\n\nText with ![a picture](http://example.invalid/p.png)"
                    " and a [web link](https://example.org/a) in it.\n", encoding="utf-8")
    with Archive.open(tmp_path / "image.palmyra.sqlite") as archive:
        report = archive.importer.import_paths([path])
        detail = archive.articles.get(report.outcomes[0].article_ids[0])
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_article(detail)
    assert document_problems(view.document()) == []
    hrefs = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isAnchor() and it.fragment().charFormat().anchorHref():
                hrefs.append(it.fragment().charFormat().anchorHref())
            it += 1
        block = block.next()
    assert hrefs == ["https://example.org/a"]
    at = detail.body.index("a picture")
    assert "http://example.invalid/p.png" in view.tooltip_for_body_offset(at + 1)
