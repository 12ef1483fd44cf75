"""The Article tab: the text as a reader wants it, with an API annotation tools plug into.

Positions in the view map to offsets into the copy's annotatable text (``text_map``: the
standfirst, a paragraph break, the body, as ``core.annotate.annotatable`` defines it), so another panel
can ask for the selected text range, select a range, or draw highlights (ExtraSelections,
which never touch the document) on the standfirst and the body, and hear which one was
clicked. Lost-link and footnote tooltips keep ``copies.body`` offsets (``body_map``). The view never fetches anything: remote
resources load as nothing and links do not open. Tooltips carry source and user text (link
addresses, annotation notes) and are shown escaped (``safe_text.plain_tooltip``). The words
of the search that opened the article are marked as extra selections too, beside the
annotations' (``mark_search``). The tags and collections under the byline are ``#filter/…``
anchors: clicking one asks the window to filter the library (``filter_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ...core.search.syntax import match_spans
from ...core.store.records import LibraryQuery
from ...core.text.markup import is_web_link
from ..common.safe_text import show_plain_tooltip
from .article_document import FILTER_ANCHOR, build_article, caption_line
from .offsets import JoinedMap, OffsetMap, utf16_length

#: (start, end in the annotatable text, colour, tooltip, id)
Highlight = tuple[int, int, QColor, str, int]

READING_WIDTH = 760
#: the background of the words a search found (annotation colours are pastel tints)
SEARCH_MARK = QColor("#ffb74d")


class ArticleView(QTextBrowser):
    highlight_clicked = Signal(int)
    #: a link with an address was clicked; the app shows the address, never opens it
    link_clicked = Signal(str)
    #: a tag or collection under the byline was clicked: filter the library (a LibraryQuery)
    filter_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.detail = None
        self.body_map = OffsetMap("")
        self.text_map = JoinedMap([], 0)
        self._tooltips: list[tuple[int, int, str]] = []
        self._highlights: list[Highlight] = []
        self._annotation_selections: list = []
        #: (start, end) document positions of the words the search that opened the article found
        self._search_marks: list[tuple[int, int]] = []
        self.viewport().setMouseTracking(True)
        #: every resource Qt asked this view for (it got none)
        self.resource_requests: list[str] = []

    # -- content ---------------------------------------------------------------------------

    def show_article(self, detail, filing=()) -> None:
        """Show ``detail``; ``filing``: ("tag" | "collection", id, name), links under the byline."""
        built = build_article(detail, filing)
        self.detail = detail
        self.body_map = built.body_map
        self.text_map = built.text_map or JoinedMap([], 0)
        self._tooltips = built.tooltips
        self._highlights, self._annotation_selections, self._search_marks = [], [], []
        self.setDocument(built.document)
        built.document.setParent(self)
        self._apply_margins()
        self.setExtraSelections([])
        self.verticalScrollBar().setValue(0)

    def clear_article(self) -> None:
        self.detail = None
        self.body_map = OffsetMap("")
        self.text_map = JoinedMap([], 0)
        self._tooltips, self._highlights = [], []
        self._annotation_selections, self._search_marks = [], []
        self.setExtraSelections([])
        self.clear()

    def loadResource(self, type_: int, name: QUrl | str) -> None:  # noqa: N802 — Qt override
        """Never fetch: an imported text may name remote images; the archive works offline."""
        self.resource_requests.append(name.toString() if isinstance(name, QUrl) else name)

    # -- the annotation API ------------------------------------------------------------------

    def selected_text_range(self) -> tuple[int, int] | None:
        """The selection as offsets into the annotatable text (the parts of it that lie in
        the standfirst and body; None when it touches neither)."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.detail is None:
            return None
        start = self.text_map.to_offset(max(cursor.selectionStart(), self.text_map.base))
        end = self.text_map.to_offset(min(cursor.selectionEnd(), self.text_map.doc_end))
        if start is None or end is None or end <= start:
            return None
        return start, end

    def select_text_range(self, start: int, end: int) -> None:
        """Select annotatable-text offsets ``start``–``end`` and scroll them into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.text_map.to_doc(start))
        cursor.setPosition(self.text_map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self._highlights = list(highlights)
        selections = []
        for start, end, color, tooltip, _id in self._highlights:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.document())
            selection.cursor.setPosition(self.text_map.to_doc(start))
            selection.cursor.setPosition(self.text_map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            if tooltip:
                fmt.setToolTip(tooltip)
            selection.format = fmt
            selections.append(selection)
        self._annotation_selections = selections
        self._show_selections()

    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    # -- the words a search found ------------------------------------------------------------

    def mark_search(self, query: str, where: str = "") -> None:
        """Mark every word ``query`` looks for (extra selections beside the annotations', the
        document untouched) and scroll to the first; ``where`` the hit was ("body", "caption"):
        the first there, when there is one."""
        text = self.document().toPlainText()
        spans = match_spans(query, text) if query else []
        if where == "caption" and self.detail is not None:
            places = [(at, at + len(line)) for line in
                      (caption_line(c) for c in (getattr(self.detail, "captions", None) or []))
                      for at in [text.find(line)] if at >= 0]
        elif where == "body":
            places = [(self.text_map.base, self.text_map.doc_end)]
        else:
            places = []
        if any(ord(ch) > 0xFFFF for ch in text):  # Qt counts UTF-16 units
            spans = [(utf16_length(text[:a]), utf16_length(text[:b])) for a, b in spans]
            places = [(utf16_length(text[:a]), utf16_length(text[:b])) for a, b in places]
        self._search_marks = spans
        self._show_selections()
        if not spans:
            return
        there = [s for s in spans if any(a <= s[0] < b for a, b in places)]
        first = (there or spans)[0]
        cursor = QTextCursor(self.document())
        cursor.setPosition(first[1])
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def search_marks(self) -> list[str]:
        """The marked words, in order (tests, accessibility)."""
        text = self.document().toPlainText()
        cursor = QTextCursor(self.document())
        words = []
        for start, end in self._search_marks:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            words.append(cursor.selectedText())
        return words if text else []

    def _show_selections(self) -> None:
        marks = []
        for start, end in self._search_marks:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.document())
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(SEARCH_MARK)
            fmt.setForeground(QColor("black"))
            selection.format = fmt
            marks.append(selection)
        self.setExtraSelections(self._annotation_selections + marks)

    def body_offset_at(self, point) -> int | None:
        """The body offset under a viewport point, or None outside the body."""
        position = self.cursorForPosition(point).position()
        return self.body_map.to_offset(position)

    def text_offset_at(self, point) -> int | None:
        """The annotatable-text offset under a viewport point, or None outside it."""
        return self.text_map.to_offset(self.cursorForPosition(point).position())

    def highlight_at(self, offset: int) -> int | None:
        """The id of the narrowest highlight covering annotatable-text ``offset``."""
        covering = [h for h in self._highlights if h[0] <= offset < h[1]]
        return min(covering, key=lambda h: h[1] - h[0])[4] if covering else None

    # -- events ------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection():
            return
        offset = self.text_offset_at(event.position().toPoint())
        hit = self.highlight_at(offset) if offset is not None else None
        if hit is not None:
            self.highlight_clicked.emit(hit)

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            show_plain_tooltip(event, self._tooltip_at(event.pos()), self.viewport())
            return True
        return super().viewportEvent(event)

    def _tooltip_at(self, point) -> str | None:
        text_offset = self.text_offset_at(point)
        if text_offset is not None:
            for start, end, _color, tip, _id in self._highlights:
                if start <= text_offset < end and tip:
                    return tip
        offset = self.body_offset_at(point)
        if offset is not None:
            for start, end, tip in self._tooltips:
                if start <= offset < end:
                    return tip
        fmt = self.cursorForPosition(point).charFormat()
        return fmt.toolTip() or None

    def tooltip_for_body_offset(self, offset: int) -> str | None:
        """What hovering over body ``offset`` explains (tests, accessibility)."""
        for start, end, tip in self._tooltips:
            if start <= offset < end:
                return tip
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if url.toString().startswith(FILTER_ANCHOR):
            kind, _, entity_id = url.toString()[len(FILTER_ANCHOR):].partition("/")
            if entity_id.isdigit() and kind in ("tag", "collection"):
                self.filter_requested.emit(LibraryQuery(tag_ids=(int(entity_id),)) if kind == "tag"
                                           else LibraryQuery(collection_id=int(entity_id)))
        elif url.toString().startswith("#"):
            self.scrollToAnchor(url.toString()[1:])
        elif is_web_link(url.toString()):
            self.link_clicked.emit(url.toString())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_margins()

    def _apply_margins(self) -> None:
        """Keep lines at a comfortable length by centring a column of READING_WIDTH pixels."""
        spare = self.viewport().width() - READING_WIDTH
        margin = max(24, spare // 2)
        if self.document().documentMargin() != margin:
            self.document().setDocumentMargin(margin)

    @staticmethod
    def is_lost_link(fmt: QTextCharFormat) -> bool:
        return fmt.property(QTextFormat.Property.UserProperty) == "lost-link"
