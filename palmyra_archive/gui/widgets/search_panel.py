"""Full-text search as you type: a field with a short debounce and a list of hits with snippets.

The archive ranks the hits and marks the matched words with ``[[`` ``]]``; the snippet is
escaped and only those markers become bold, so imported text is never live HTML. Choosing a
hit emits ``hit_chosen(article_id)``; every new text emits ``text_changed`` so the library
can filter to the matching articles.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...core.store.errors import PalmyraError
from ..common.icons import icon
from ..common.safe_text import plain_tooltip

DEBOUNCE_MS = 250
HIT_LIMIT = 50
#: hits laid out per event-loop turn: each is a rich-text label (~1 ms), so fifty at once would
#: hold up the keystroke that follows; the first screenful shows at once, the rest just after
HITS_PER_TURN = 10
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1
#: (the search text, the SearchHit) the item shows
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_LABELS = {"title": "title", "body": "text", "comment": "comment", "caption": "caption",
               "annotation": "annotation", "note": "note"}


def snippet_html(snippet: str) -> str:
    """Escape a snippet and turn its ``[[hit]]`` markers into bold."""
    escaped = html.escape(snippet)
    return escaped.replace("[[", "<b>").replace("]]", "</b>")


class SearchField(QLineEdit):
    """The search box; emits ``search_requested(text)`` after the user pauses typing."""

    search_requested = Signal(str)
    #: Down or Enter in the field: move to the hits
    hits_wanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("search")
        self.setPlaceholderText("Search titles, text, comments, notes…  (Ctrl+F)")
        self.setAccessibleName("Search")
        self.setToolTip('Full-text search. "Quotes" for a phrase, a trailing * for a prefix, '
                        "OR / NOT to combine. Esc clears.")
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.search_requested.emit(self.text().strip()))
        self.textChanged.connect(lambda _text: self._timer.start())

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text():
            if self._timer.isActive():  # typed faster than the debounce: search now
                self._timer.stop()
                self.search_requested.emit(self.text().strip())
            self.hits_wanted.emit()
            return
        super().keyPressEvent(event)


class SearchResults(QWidget):
    """The hits of the current search; hidden while the search field is empty."""

    hit_chosen = Signal(int)
    #: (the search's text, the SearchHit) after ``hit_chosen``: where to go and what to mark
    hit_opened = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._archive = None
        self._summary = QLabel(self)
        self._summary.setObjectName("searchSummary")
        self._summary.setAccessibleName("Search summary")
        self._list = QListWidget(self)
        self._list.setAccessibleName("Search results")
        self._list.setToolTip("Double-click or press Enter to open the article")
        self._list.setAlternatingRowColors(True)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.itemActivated.connect(self._on_activated)
        self._waiting: list = []  # hits not laid out yet
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_some)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary)
        layout.addWidget(self._list)
        self.hide()

    def set_archive(self, archive) -> None:
        self._archive = archive
        self.show_results("")

    @property
    def list_widget(self) -> QListWidget:
        return self._list

    def show_results(self, text: str) -> None:
        """Run the search here, synchronously, and list its hits (the window uses a worker)."""
        if not text or self._archive is None:
            self.clear_results()
            return
        try:
            hits = self._archive.search.search(text, limit=HIT_LIMIT)
        except PalmyraError as exc:
            self.show_error(text, exc.message)
            return
        self.show_hits(text, hits)

    def _clear_list(self) -> None:
        self._waiting = []
        self._more.stop()
        self._list.clear()

    def clear_results(self) -> None:
        self._clear_list()
        self.hide()

    def show_searching(self, text: str) -> None:
        """A subtle "searching…" while the worker runs; the previous hits stay until replaced."""
        self.show()
        self._summary.setProperty("state", "searching")
        self._summary.setText(f"Searching for “{html.escape(text)}”…")
        self._restyle()

    def show_error(self, text: str, message: str) -> None:
        """A malformed query: its plain message inline, in place of the hits."""
        self._clear_list()
        self.show()
        self._summary.setProperty("state", "error")
        self._summary.setText(f"⚠ {html.escape(message)}")
        self._summary.setToolTip(plain_tooltip(f"The search “{text}” cannot be run as typed."))
        self._restyle()

    def show_hits(self, text: str, hits: list) -> None:
        self._clear_list()
        self._text = text
        self.show()
        self._summary.setProperty("state", "")
        self._summary.setToolTip("")
        count = len(hits)
        more = "+" if count >= HIT_LIMIT else ""
        self._summary.setText(f"{count}{more} hit{'s' if count != 1 else ''} for "
                              f"“{html.escape(text)}”" if hits else
                              f"No hits for “{html.escape(text)}”.")
        if hits and hits[0].capped:   # a common word's most recent matches only (core/search)
            self._summary.setText(self._summary.text() + " — a common word's most recent matches,"
                                  " newest first; refine the search to see more")
        self._restyle()
        self._waiting = list(hits)
        self._add_some()

    @property
    def complete(self) -> bool:
        """Every hit of the current search is in the list."""
        return not self._waiting

    def _add_some(self) -> None:
        batch, self._waiting = self._waiting[:HITS_PER_TURN], self._waiting[HITS_PER_TURN:]
        for hit in batch:
            self._add_hit(hit)
        if self._waiting:
            self._more.start()

    @property
    def summary_text(self) -> str:
        return self._summary.text()

    def _restyle(self) -> None:
        style = self._summary.style()
        style.unpolish(self._summary)
        style.polish(self._summary)

    def _add_hit(self, hit) -> None:
        item = QListWidgetItem()
        item.setData(ARTICLE_ROLE, hit.article_id)
        item.setData(HIT_ROLE, (self._text, hit))
        kind = KIND_LABELS.get(hit.kind, hit.kind)
        title = html.escape(hit.title or "(untitled)")
        if hit.kind == "title":  # the snippet is the title itself: say it once, words in bold
            text = f"<small>{html.escape(kind)}</small> · {snippet_html(hit.snippet) or title}"
        else:
            text = f"<small>{html.escape(kind)}</small> · <b>{title}</b><br>{snippet_html(hit.snippet)}"
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(4, 2, 4, 2)
        plain = hit.snippet.replace("[[", "").replace("]]", "")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.title}: {plain}")
        item.setToolTip(plain_tooltip(plain))
        # leave room for the scroll bar that more hits will bring, or the text is cut at the edge
        width = max(200, self._list.viewport().width()
                    - self._list.verticalScrollBar().sizeHint().width() - 6)
        item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))
        self._list.addItem(item)
        self._list.setItemWidget(item, label)

    def focus_hits(self) -> None:
        """Put the keyboard in the hit list, on the first hit."""
        if self._list.count():
            self._list.setCurrentRow(0)
            self._list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.hit_chosen.emit(int(item.data(ARTICLE_ROLE)))
        text, hit = item.data(HIT_ROLE) or ("", None)
        if hit is not None:
            self.hit_opened.emit(text, hit)
