"""The reader pane: one article in four tabs (Article, Source, Provenance, Comments).

Tabs fill when first shown for an article, so choosing rows in the library stays quick: the
Article tab needs ``articles.get``, the Source tab ``articles.source_view`` (the whole file).

It follows the hub itself (``follow``): a write that can alter what the tabs show of the shown
article (its text and metadata, tags, collections, outlet) re-reads it, keeping the tab and
the scroll place; an annotation, a research note or a saved search leaves it alone (the
highlights, the Annotations panel and the notes follow the hub in annotations/controller.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget

from ...core.store.changes import Changes
from ...core.store.errors import NotFoundError
from ..common.signals import Hub
from .article_view import ArticleView
from .comments_tab import CommentsTab
from .provenance_tab import ProvenanceTab
from .source_tab import SourceTab

if TYPE_CHECKING:
    from ...core.archive import Archive

TAB_NAMES = ("article", "source", "provenance", "comments")


def shows_change(changes: Changes) -> bool:
    """Whether a change is of a kind the reader's tabs show (annotations and notes are not)."""
    return bool(changes.articles or changes.tags or changes.collections or changes.outlets)


class ReaderPane(QStackedWidget):
    #: the article shown changed (id or None)
    article_shown = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAccessibleName("Reader")
        self.placeholder = QLabel("Choose an article in the library to read it here.", self)
        self.placeholder.setObjectName("readerPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAccessibleName("No article chosen")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Reader tabs")
        self.tabs.tabBar().setAccessibleName("Reader tabs")
        self.article_view = ArticleView(self)
        self.source_tab = SourceTab(self)
        self.provenance_tab = ProvenanceTab(self)
        self.comments_tab = CommentsTab(self)
        for widget, label, tip in (
                (self.article_view, "&Article", "The article as a reader wants it"),
                (self.source_tab, "&Source", "The imported file verbatim, tinted by region"),
                (self.provenance_tab, "&Provenance", "Republishing chain and rights"),
                (self.comments_tab, "&Comments", "Reader comments saved with the copy")):
            index = self.tabs.addTab(widget, label)
            self.tabs.setTabToolTip(index, tip)
        self.addWidget(self.placeholder)
        self.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self._fill_current())
        self._archive: Archive | None = None
        self.article_id: int | None = None
        self.detail = None
        self._filled: set[int] = set()
        #: the search that opened the shown article, its words marked in the Article tab
        self._search: tuple[str, str] | None = None

    def set_archive_empty(self, empty: bool) -> None:
        """Tell a new user how to begin when there is nothing to read yet."""
        self.placeholder.setText(
            "This archive is empty.\n\nImport article files with File › Import files… (Ctrl+I), "
            "Import folder…, or drop files or folders onto this window." if empty else
            "Choose an article in the library to read it here.")

    def set_archive(self, archive) -> None:
        self._archive = archive
        self.show_article(None)

    def show_article(self, article_id: int | None) -> None:
        """Show ``article_id`` (None: the placeholder); reloads even when it is already shown."""
        if article_id != self.article_id:
            self._search = None
        self.article_id = article_id
        self.detail = None
        self._filled.clear()
        if article_id is None or self._archive is None:
            self.setCurrentWidget(self.placeholder)
            self.article_view.clear_article()
            self.article_shown.emit(None)
            return
        try:
            self.detail = self._archive.articles.get(article_id)
        except NotFoundError:
            self.show_article(None)
            return
        self.setCurrentWidget(self.tabs)
        self._fill_current()
        self.article_shown.emit(article_id)

    def follow(self, hub: Hub) -> None:
        """Re-read the shown article when an ``archive_did_change`` can alter what it shows."""
        hub.archive_did_change.connect(self.on_archive_changed)

    def on_archive_changed(self, changes: Changes) -> None:
        if self.article_id is None or not shows_change(changes):
            return
        if not changes.article_ids or self.article_id in changes.article_ids:
            self.reload()

    def reload(self) -> None:
        """Re-read the shown article (after a correction), keeping the tab and scroll place."""
        if self.article_id is None:
            return
        scroll = self.article_view.verticalScrollBar().value()
        self.show_article(self.article_id)
        self.article_view.verticalScrollBar().setValue(scroll)

    def show_search_hit(self, query: str, hit) -> None:
        """The shown article was opened from search ``hit``: mark the query's words in the
        Article tab, and go where the hit is (the comment it is in; else the Article tab)."""
        if self.detail is None or hit.article_id != self.article_id:
            return
        self._search = (query, hit.kind)
        if TAB_NAMES.index("comments") in self._filled:
            self.comments_tab.mark_search(query)
        ids = [c.id for c in self.detail.comments or []]
        if hit.kind == "comment" and hit.ref_id in ids:
            self.set_tab("comments")
            self._fill_current()
            self.comments_tab.choose(hit.ref_id)
            if TAB_NAMES.index("article") in self._filled:
                self.article_view.mark_search(query)
            return
        self.set_tab("article")
        if TAB_NAMES.index("article") in self._filled:
            self.article_view.mark_search(query, hit.kind)
        else:
            self._fill_current()

    def set_tab(self, name: str) -> None:
        if name in TAB_NAMES:
            self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def _filing(self) -> list[tuple[str, int, str]]:
        """The article's tags and collections, with their ids, for the links under the byline."""
        archive, detail, article_id = self._archive, self.detail, self.article_id
        if archive is None or detail is None or article_id is None:
            return []
        tags = [archive.tags.find(path) for path in detail.tags or []]
        filing = [("tag", tag.id, tag.path) for tag in tags if tag is not None]
        for name in archive.collections.for_article(article_id):
            found = archive.collections.find(name)
            if found is not None:
                filing.append(("collection", found.id, found.name))
        return filing

    def _fill_current(self) -> None:
        index = self.tabs.currentIndex()
        if self.detail is None or self._archive is None or self.article_id is None \
                or index in self._filled:
            return
        self._filled.add(index)
        name = TAB_NAMES[index]
        if name == "article":
            self.article_view.show_article(self.detail, self._filing())
            if self._search:
                self.article_view.mark_search(*self._search)
        elif name == "source":
            self.source_tab.show_source(self._archive.articles.source_view(self.article_id))
        elif name == "provenance":
            self.provenance_tab.show_provenance(self.detail)
        else:
            self.comments_tab.show_comments(self.detail.comments or [])
            self.comments_tab.mark_search(self._search[0] if self._search else "")
        self.tabs.setTabText(3, f"&Comments ({len(self.detail.comments or [])})")
