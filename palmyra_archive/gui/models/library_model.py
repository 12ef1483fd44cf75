"""The library table's model: the rows shown so far in memory, the rest fetched as they are reached.

At a million articles the model must not load every row, nor every id. It asks the archive
for the count (the row count the scroll bar needs), the first screenful of ids in the query's
order (``archive.articles.page``) and then the page after the last key it holds (keyset
paging: an index seek, never every id sorted nor ``OFFSET n``) when a row beyond them is
reached; like Anki's browser table model (``qt/aqt/browser/table/model.py``) it asks
``archive.articles.summaries(ids)`` for one page of rows the first time a row of that page is
painted, keeping recent pages in an LRU cache. Sorting and filtering are the archive's job:
``sort()`` only changes the ``LibraryQuery`` and reloads. A text filter (search results,
capped) and ids handed in by the search worker are held whole.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ...core.library.corrections import date_as_shown
from ...core.store.errors import PalmyraError
from ...core.store.records import ArticleSummary, LibraryQuery, SortKey
from ..common.icons import icon
from ..common.safe_text import plain_tooltip
from ..reader.article_document import NO_TITLE_TIP
from ..widgets.sidebar import ARTICLE_IDS_MIME

PAGE_SIZE = 100
#: rows read ahead, at most, to find the row of an article opened from elsewhere (``row_of``)
ROW_OF_REACH = 5000
MAX_CACHED_PAGES = 40


def _join(values: list[str]) -> str:
    return "; ".join(values)


@dataclass
class _Rows:
    """The ids held so far in the query's order, the key of the last (``LibraryPage.last``)
    and whether the query has no more."""
    ids: list[int]
    last: tuple | None
    done: bool


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
        self._rows = _Rows([], None, True)      #: the ids held, in order, and where they end
        self._total = 0                          #: the query's row count
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
        self._reset(*self._fetch_ids(query))
        self._query = query

    def show_ids(self, query: LibraryQuery, ids: list[int]) -> None:
        """Show ids fetched elsewhere (the search worker) for ``query``."""
        self._reset(_Rows(list(ids), None, True), len(ids))
        self._query = query

    def reload(self) -> None:
        """Fetch the first rows again (after a write or a new query); the rest follow lazily."""
        self._reset(*self._fetch_ids(self._query))

    def _fetch_ids(self, query: LibraryQuery) -> tuple[_Rows, int]:
        """The first screenful and the row count. A text filter looks where the search worker
        looks (the capped region, held whole), so a reload after a write shows the same rows
        as the search did, as quickly."""
        if not self._archive:
            return _Rows([], None, True), 0
        articles = self._archive.articles
        if query.text:
            ids = list(articles.ids(query, text_cap=self._archive.search.cap))
            return _Rows(ids, None, True), len(ids)
        first = articles.page(query, limit=PAGE_SIZE)
        total = len(first.ids) if first.done else articles.count(query)
        return _Rows(list(first.ids), first.last, first.done), total

    def _reset(self, rows: _Rows, total: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._total = max(total, len(rows.ids))
        self._pages.clear()
        self.endResetModel()

    def _reach(self, row: int) -> bool:
        """Hold the ids up to ``row`` (whole pages), asking for those after the last key held;
        False when the query has fewer rows (a write since the count)."""
        rows = self._rows
        if row < len(rows.ids):
            return True
        if rows.done or self._archive is None or row >= self._total:
            return False
        want = ((row + 1 - len(rows.ids)) // PAGE_SIZE + 1) * PAGE_SIZE
        page = self._archive.articles.page(self._query, after=rows.last, limit=want)
        rows.ids.extend(page.ids)
        rows.last, rows.done = page.last, page.done
        return row < len(rows.ids)

    def refresh_rows(self) -> None:
        """Forget cached rows but keep the ids (an article's values changed)."""
        self._pages.clear()
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(COLUMNS) - 1))

    def article_id(self, row: int) -> int | None:
        return self._rows.ids[row] if row >= 0 and self._reach(row) else None

    def row_of(self, article_id: int) -> int | None:
        """The row showing ``article_id``: among those held, else among the next
        ``ROW_OF_REACH`` (one keyset read from the last key held); None when it is not there
        (``lists`` says whether the view lists it further down).

        Why not every row: at 1,000,000 articles, opening an article from the middle of the
        order read the 500,000 rows before it to find its row (0.8 s and 170 MB more)."""
        try:
            return self._rows.ids.index(article_id)
        except ValueError:
            pass
        held = len(self._rows.ids)
        if self._rows.done or not self._reach(min(self._total - 1, held + ROW_OF_REACH - 1)):
            return None
        try:
            return self._rows.ids.index(article_id, held)
        except ValueError:
            return None

    def lists(self, article_id: int) -> bool:
        """Whether the view lists ``article_id``, its row held or not (one look-up)."""
        if article_id in self._rows.ids:
            return True
        if self._rows.done or self._archive is None:
            return False
        try:
            return self._archive.articles.lists(self._query, article_id)
        except PalmyraError:
            return False

    def summary(self, row: int) -> ArticleSummary | None:
        if not (0 <= row < self._total and self._reach(row)):
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._rows.ids[row])

    def _fetch_page(self, page_no: int) -> dict[int, ArticleSummary]:
        ids = self._rows.ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        rows = self._archive.articles.summaries(ids) if ids else []
        self.fetched_rows += len(rows)
        page = {summary.id: summary for summary in rows}
        self._pages[page_no] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.article_id(index.row())
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
        ids = list(dict.fromkeys(i for i in (self.article_id(x.row()) for x in indexes if x.isValid())
                                 if i is not None))
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
