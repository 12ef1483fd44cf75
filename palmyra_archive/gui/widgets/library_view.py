"""The library table: sortable, resizable columns whose widths and order are remembered.

It follows the hub itself (``follow``): after a write it fetches the ordered ids again only
when the write can change which articles the view lists or their order, and otherwise only
redraws the rows whose tags or counts changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...core.store.changes import Changes
from ...core.store.records import LibraryQuery
from ..common.signals import Hub
from ..models.library_model import COLUMNS, LibraryModel
from .empty_hint import paint_hint

HEADER_KEY = "library/header"
#: widths before any row is there to measure (the title column stretches over the rest)
DEFAULT_WIDTHS = tuple(c.width for c in COLUMNS)
#: the widest a name column (authors, outlets, tags) is made to fit its contents; longer
#: values are elided and read whole in the cell's tooltip
FIT_CAP = 104
#: rows measured when the columns are fitted to their contents
FIT_ROWS = 60
TITLE_COLUMN = 0
#: the least the title column is given when the others are all in view
MIN_TITLE_WIDTH = 150


def ids_may_change(changes: Changes, query: LibraryQuery) -> bool:
    """Whether a change can alter which articles ``query`` shows, or their order.

    Fetching the ordered ids again is the costly part of a refresh at 100,000 articles, so a
    highlight or a tag on an article the view neither filters nor sorts by only redraws rows.
    """
    return bool(changes.articles or changes.outlets
                or (changes.tags and (query.tag_ids or query.sort == "tags"))
                or (changes.annotations and query.sort == "annotations")
                or (changes.collections and query.collection_id is not None))


class LibraryView(QTableView):
    #: the current article changed (None when nothing is selected)
    article_selected = Signal(object)
    #: Enter / double-click on a row
    article_activated = Signal(int)

    def __init__(self, model: LibraryModel, parent=None):
        super().__init__(parent)
        self.setObjectName("library")
        self.setAccessibleName("Library")
        self.setToolTip("Articles in the archive; click a column header to sort")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setDragEnabled(True)  # rows onto a collection in the sidebar
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # no sort indicator at first: the archive's order (import order) until a header is clicked
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(36)
        #: fit the columns to the first rows that arrive, unless the user's own widths are set
        self.auto_fit = True
        self._fitting = False
        header.sectionResized.connect(self._on_section_resized)
        model.modelReset.connect(self._fit_if_auto)
        self.reset_columns()
        #: said in the empty table (the window sets it: empty archive, or nothing matches)
        self.empty_hint = ""
        self._wanted: Callable[[], LibraryQuery] = lambda: self.model().query
        self.doubleClicked.connect(lambda index: self._activate(index.row()))
        self._connect_selection()

    def follow(self, hub: Hub, wanted: Callable[[], LibraryQuery]) -> None:
        """Refresh from every ``archive_did_change``; ``wanted()`` is the query the window's
        sidebar and search field select now (with search text, the model asks its search
        runner, which answers the search results and the library together)."""
        self._wanted = wanted
        hub.archive_did_change.connect(self.on_archive_changed)

    def on_archive_changed(self, changes: Changes) -> None:
        query = self._wanted()
        model = self.model()
        if query.text:  # hits and library again, on the search worker
            model.set_query(query)
        elif ids_may_change(changes, query):
            keep = self.current_article_id()
            model.set_query(query)
            if keep is not None:
                self.select_article(keep)
        elif changes.tags or changes.annotations or changes.collections:
            model.refresh_rows()  # same rows, new tags or counts: no id list to fetch

    def reset_columns(self) -> None:
        """Default order; every column fitted to its contents, the title stretching."""
        header = self.horizontalHeader()
        self._fitting = True
        try:
            for column in range(len(COLUMNS)):
                header.moveSection(header.visualIndex(column), column)
                header.showSection(column)
            for column, width in enumerate(DEFAULT_WIDTHS[:len(COLUMNS)]):
                header.resizeSection(column, width)
        finally:
            self._fitting = False
        self.fit_columns()
        self.auto_fit = self.model().rowCount() == 0   # no rows yet: fit when they come

    def fit_columns(self) -> None:
        """Each column but the title as wide as its header and the first rows' values need
        (names at most ``FIT_CAP``), the title stretching over what is left."""
        header = self.horizontalHeader()
        model = self.model()
        metrics = self.fontMetrics()
        header_metrics = header.fontMetrics()
        rows = min(model.rowCount(), FIT_ROWS)
        self._fitting = True
        try:
            header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
            for column in range(len(COLUMNS)):
                if column == TITLE_COLUMN:
                    continue
                label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                wanted = header_metrics.horizontalAdvance(label) + 18   # and the sort arrow
                for row in range(rows):
                    value = model.index(row, column).data()
                    if value not in (None, ""):
                        wanted = max(wanted, min(FIT_CAP, metrics.horizontalAdvance(str(value)) + 12))
                header.resizeSection(column, wanted)
        finally:
            self._fitting = False

    def columns_width(self) -> int:
        """What the columns other than the title take, with a title of a readable width."""
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(len(COLUMNS))
                     if c != TITLE_COLUMN and not header.isSectionHidden(c))
        return others + MIN_TITLE_WIDTH + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def _fit_if_auto(self) -> None:
        """Fit once, when the first rows arrive (a first start fills the library in the
        background); later reloads (every search keystroke) leave the widths alone."""
        if self.auto_fit and self.model().rowCount():
            self.fit_columns()
            self.auto_fit = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != TITLE_COLUMN and self.isVisible():
            self.auto_fit = False   # the user set a width: keep it

    def _connect_selection(self) -> None:
        self.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.article_selected.emit(
                self.model().article_id(current.row()) if current.isValid() else None))

    def model(self) -> LibraryModel:
        model = super().model()
        assert isinstance(model, LibraryModel)
        return model

    def _activate(self, row: int) -> None:
        article_id = self.model().article_id(row)
        if article_id is not None:
            self.article_activated.emit(article_id)

    def set_empty_hint(self, hint: str) -> None:
        if hint != self.empty_hint:
            self.empty_hint = hint
            self.setAccessibleDescription(hint)
            self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            paint_hint(self, self.empty_hint)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def current_article_id(self) -> int | None:
        index = self.currentIndex()
        return self.model().article_id(index.row()) if index.isValid() else None

    def selected_article_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [i for i in (self.model().article_id(r) for r in rows) if i is not None]

    def select_article(self, article_id: int) -> bool:
        """Make ``article_id`` the current row; False when the current view does not show it."""
        row = self.model().row_of(article_id)
        if row is None:
            return False
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def clear_current(self) -> None:
        """No row current or selected (the article shown is not among the rows held)."""
        blocked = self.selectionModel().blockSignals(True)
        try:
            self.selectionModel().clear()
        finally:
            self.selectionModel().blockSignals(blocked)
        self.viewport().update()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(HEADER_KEY)
        if isinstance(state, (QByteArray, bytes)):
            self._fitting = True
            try:
                self.horizontalHeader().restoreState(QByteArray(state))
            finally:
                self._fitting = False
            self.auto_fit = False
