"""The library table's model: only the ordered id list in memory, rows fetched as they are painted.

At 100,000 articles the model must not load every row. Like Anki's browser table model
(``qt/aqt/browser/table/model.py``) it holds the ids from ``archive.articles.ids(query)`` and
asks ``archive.articles.summaries(ids)`` for one page of rows the first time a row of that page
is painted, keeping recent pages in an LRU cache. Sorting and filtering are the archive's job:
``sort()`` only changes the ``LibraryQuery`` and reloads the ids.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ...core.library.corrections import date_as_shown
from ...core.store.records import ArticleSummary, LibraryQuery, SortKey
from ..common.icons import icon
from ..common.safe_text import plain_tooltip
from ..reader.article_document import NO_TITLE_TIP
from ..widgets.sidebar import ARTICLE_IDS_MIME

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40


def _join(values: list[str]) -> str:
    return "; ".join(values)


class LibraryColumn(NamedTuple):
    """One column of the library table, described once: the model, the view and the sort read it.
    ``sort`` names the column's entry in ``core.search.library_query.SORT_EXPRESSIONS``."""
    header: str
    sort: SortKey
    value: Callable[[ArticleSummary], object]
    tooltip: str
    width: int                                #: before any row is there to measure
    align: str = "left"                       #: "left", "right" (numbers) or "center" (a mark)


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGNMENT = {"left": None, "right": _RIGHT, "center": int(Qt.AlignmentFlag.AlignCenter)}

COLUMNS: list[LibraryColumn] = [
    LibraryColumn("Title", "title", lambda s: s.title, "The title in effect (corrected, printed or a stand-in)",
                  196),
    LibraryColumn("Authors", "authors", lambda s: _join(s.authors), "Authors in effect", 110),
    LibraryColumn("Outlet", "outlet", lambda s: s.outlet or "", "The outlet this copy was read in", 110),
    LibraryColumn("Date", "date", lambda s: date_as_shown(s.date), "Date of this copy, at its precision", 84),
    LibraryColumn("Original outlet", "original_outlet", lambda s: s.original_outlet or "",
                  "Where the article first appeared, when the copy says so", 115),
    LibraryColumn("Words", "words", lambda s: s.word_count, "Words in the body", 54, "right"),
    LibraryColumn("Tags", "tags", lambda s: _join(s.tags), "Tags on the article", 110),
    LibraryColumn("Annot.", "annotations", lambda s: s.annotation_count or "", "Number of annotations", 46,
                  "right"),
    LibraryColumn("Review", "needs_review", lambda s: "●" if s.needs_review else "",
                  "● marks an article whose extraction needs a look (so does the mark before its title)", 54,
                  "center"),
]
ID_ROLE = Qt.ItemDataRole.UserRole + 1
REVIEW_COLUMN = len(COLUMNS) - 1
#: shown before a provisional title (the parser's stand-in for a headline that did not survive)
NO_TITLE_MARK = "⟨no title⟩"
_STYLED_ROLES = (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
                 Qt.ItemDataRole.DecorationRole)


def is_stand_in(summary: ArticleSummary) -> bool:
    return summary.title_status in ("provisional", "missing")


class LibraryModel(QAbstractTableModel):
    def __init__(self, archive=None, parent=None):
        super().__init__(parent)
        self._archive = archive
        self._query = LibraryQuery()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ArticleSummary]] = OrderedDict()
        #: how many rows were fetched from the archive (for tests and benchmarks)
        self.fetched_rows = 0
        #: when set, a query with search text is handed to it (a worker) instead of run here;
        #: the answer comes back through ``show_ids``
        self.search_runner: Callable[[LibraryQuery], None] | None = None
        if archive is not None:
            self.reload()

    # -- the archive and the query -------------------------------------------------------

    @property
    def query(self) -> LibraryQuery:
        return self._query

    def set_archive(self, archive) -> None:
        self._archive = archive
        self.reload()

    def set_query(self, query: LibraryQuery) -> None:
        """Show what ``query`` selects; a refused query (PalmyraError) leaves the model as it was."""
        if query.text and self.search_runner is not None:
            self._query = query
            self.search_runner(query)
            return
        self._reset(self._fetch_ids(query))
        self._query = query

    def show_ids(self, query: LibraryQuery, ids: list[int]) -> None:
        """Show ids fetched elsewhere (the search worker) for ``query``."""
        self._reset(list(ids))
        self._query = query

    def reload(self) -> None:
        """Fetch the ordered ids again (after a write or a new query); rows refetch lazily."""
        self._reset(self._fetch_ids(self._query))

    def _fetch_ids(self, query: LibraryQuery) -> list[int]:
        """Ordered ids; a text filter looks where the search worker looks (the capped region),
        so a reload after a write shows the same rows as the search did, as quickly."""
        if not self._archive:
            return []
        if query.text:
            return list(self._archive.articles.ids(query, text_cap=self._archive.search.cap))
        return list(self._archive.articles.ids(query))

    def _reset(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Forget cached rows but keep the ids (an article's values changed)."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def summary(self, row: int) -> ArticleSummary | None:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def _fetch_page(self, page_no: int) -> dict[int, ArticleSummary]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        rows = self._archive.articles.summaries(ids) if ids else []
        self.fetched_rows += len(rows)
        page = {summary.id: summary for summary in rows}
        self._pages[page_no] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = index.column()
        if role in _STYLED_ROLES:
            return self._styled(role, index.row(), column)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[COLUMNS[column].align]
        summary = self.summary(index.row())
        if summary is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:   # titles, authors, outlets: shown as text
            return plain_tooltip(self._tooltip(summary, column)) or None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == REVIEW_COLUMN:
            return "needs review" if summary.needs_review else "reviewed"
        if column == 0 and is_stand_in(summary):
            return f"{NO_TITLE_MARK} {summary.title}"
        return COLUMNS[column].value(summary)

    def _styled(self, role: int, row: int, column: int):
        """Stand-in titles italic and greyed; the review mark also as an icon by the title."""
        if column != 0:
            return None
        summary = self.summary(row)
        if summary is None:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("review") if summary.needs_review else None
        if not is_stand_in(summary):
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setItalic(True)
            return font
        return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)

    def _tooltip(self, summary: ArticleSummary, column: int) -> str | None:
        review = ("Needs review: the importer was unsure about part of this article "
                  "(open it to see what).") if summary.needs_review else ""
        if column == 0:
            title = f"{NO_TITLE_MARK} {NO_TITLE_TIP}" if is_stand_in(summary) else summary.title
            return "\n".join(part for part in (title, review) if part) or None
        if column == REVIEW_COLUMN and review:
            return review
        value = COLUMNS[column].value(summary)
        return str(value) if value not in ("", None) else None

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        """Dragged rows carry their article ids (drop them on a collection in the sidebar)."""
        ids = list(dict.fromkeys(self._ids[i.row()] for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(ARTICLE_IDS_MIME, json.dumps(ids).encode())
        mime.setText("\n".join(f"article {i}" for i in ids))
        return mime

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self._query, sort=COLUMNS[column].sort, descending=descending)
        if query != self._query:
            self.set_query(query)
