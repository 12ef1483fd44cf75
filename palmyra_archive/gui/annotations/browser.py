"""The annotations view across the archive: filter by tag, colour, outlet and text; jump to one.

The table model holds only a count; rows come from ``annotations.list`` a page at a time when
they are first painted, so tens of thousands of annotations scroll smoothly.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.library.tags import COLORS
from ...core.store.records import AnnotationFilter, AnnotationView
from ...core.text.markup import note_plain
from ..common.safe_text import plain_tooltip
from .colors import qcolor, swatch
from .editor import TagLineEdit

PAGE = 200
COLUMNS = ("Quote", "Note", "Tags", "Article", "Outlet", "Status")


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._archive = None
        self.filter = AnnotationFilter()
        self._count = 0
        self._pages: dict[int, list[AnnotationView]] = {}

    def set_archive(self, archive) -> None:
        self._archive = archive
        self.refresh()

    def set_filter(self, annotation_filter: AnnotationFilter) -> None:
        self.filter = annotation_filter
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self._archive.annotations.count(self.filter) if self._archive else 0
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 — Qt override
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def view_at(self, row: int) -> AnnotationView | None:
        if not 0 <= row < self._count or self._archive is None:
            return None
        page = row // PAGE
        if page not in self._pages:
            self._pages[page] = self._archive.annotations.list(
                replace(self.filter, limit=PAGE, offset=page * PAGE))
        rows = self._pages[page]
        return rows[row % PAGE] if row % PAGE < len(rows) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        view = self.view_at(index.row()) if index.isValid() else None
        if view is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {"Quote": " ".join(view.exact.split())[:200],
                    "Note": note_plain(view.note)[:200],
                    "Tags": ", ".join(view.tags), "Article": view.article_title or "",
                    "Outlet": view.outlet or "", "Status": view.anchor_status}[column]
        if role == Qt.ItemDataRole.DecorationRole and column == "Quote":
            return swatch(view.color)
        if role == Qt.ItemDataRole.BackgroundRole and column == "Quote":
            return qcolor(view.color, 90)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(view.note or view.exact)
        return None


class AnnotationsBrowser(QWidget):
    #: the user wants to see this annotation in its article
    annotation_activated = Signal(object)     # AnnotationView
    delete_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("annotationsBrowser")
        self.setAccessibleName("Annotations across the archive")
        self._archive = None
        self._stale = False  # the archive changed while hidden: refill when shown
        self.tag = TagLineEdit(self)
        self.tag.setPlaceholderText("Tag (its children count)")
        self.color = QComboBox(self)
        self.color.setAccessibleName("Colour filter")
        self.color.addItem("Any colour", None)
        for name in COLORS:
            self.color.addItem(swatch(name), name.title(), name)
        self.outlet = QComboBox(self)
        self.outlet.setAccessibleName("Outlet filter")
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Words in the quote or note")
        self.text.setAccessibleName("Text filter")
        self.text.setClearButtonEnabled(True)
        self.orphans = QCheckBox("Not found", self)
        self.orphans.setToolTip("Only annotations whose passage a new version lost")
        self.model = AnnotationTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Annotations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 260), (2, 180), (3, 220), (4, 130), (5, 80)):
            header.resizeSection(column, width)
        self.table.setWordWrap(False)
        self.table.activated.connect(self._activate)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.clicked.connect(self._delete)
        filters = QHBoxLayout()
        for widget in (self.tag, self.color, self.outlet, self.text, self.orphans,
                       self.delete_button):
            filters.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.tag.editingFinished.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _t: self.apply_filters())
        self.color.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.outlet.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.orphans.toggled.connect(lambda _on: self.apply_filters())

    def set_archive(self, archive) -> None:
        """Take the archive; the counting and filling waits until the view is shown."""
        self._archive = archive
        self._stale = True
        if self.isVisible():
            self._catch_up()

    def _catch_up(self) -> None:
        self._stale = False
        self.tag.set_archive(self._archive)
        self.reload_outlets()
        self.model.set_archive(self._archive)

    def showEvent(self, event) -> None:
        # built on first show: a hidden dock need not count every annotation at startup
        if self._stale:
            self._catch_up()
        super().showEvent(event)

    def reload_outlets(self) -> None:
        """The outlet filter's choices (new imports bring new outlets); the choice is kept."""
        chosen = self.outlet.currentData()
        self.outlet.blockSignals(True)
        self.outlet.clear()
        self.outlet.addItem("Any outlet", None)
        outlets = self._archive.outlets.counts() if self._archive is not None else []
        for outlet_id, name, _count in outlets:
            self.outlet.addItem(name, outlet_id)
        self.outlet.setCurrentIndex(max(0, self.outlet.findData(chosen)))
        self.outlet.blockSignals(False)

    def current_filter(self) -> AnnotationFilter:
        tag = self.tag.text().strip().rstrip(",").strip() or None
        return AnnotationFilter(tag=tag, color=self.color.currentData(),
                                outlet_id=self.outlet.currentData(), text=self.text.text().strip(),
                                anchor_status="orphan" if self.orphans.isChecked() else None)

    def apply_filters(self) -> None:
        if self._archive is not None:
            self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        if self._archive is None:
            return
        if not self.isVisible():
            self._stale = True  # refreshed when shown
            return
        self.model.refresh()

    def _activate(self, index) -> None:
        view = self.model.view_at(index.row())
        if view is not None:
            self.annotation_activated.emit(view)

    def _delete(self) -> None:
        index = self.table.currentIndex()
        view = self.model.view_at(index.row()) if index.isValid() else None
        if view is not None:
            self.delete_requested.emit(view.id)
