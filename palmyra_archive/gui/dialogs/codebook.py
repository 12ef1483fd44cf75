"""Annotate › Codebook: the tag tree as codes with their passages and articles (own, and with
the codes below, apart), a code's passages with their context and article (double-click opens
it), a codes × outlets (or × months) matrix, and the coded passages to CSV or XLSX.

Everything is read through ``archive.codebook`` (core/library/codebook.py); imported text is
shown as plain item text, never rendered."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store.errors import PalmyraError
from ..common import file_dialogs
from ..common.errors import show_error
from ..common.safe_text import plain_tooltip

if TYPE_CHECKING:
    from ..main_window import MainWindow

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONTEXT_CHARS = 60


def context_text(passage) -> str:
    before = passage.prefix[-CONTEXT_CHARS:]
    after = passage.suffix[:CONTEXT_CHARS]
    return f"…{before}[{passage.quote}]{after}…".replace("\n", " ")


class CodebookDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_: MainWindow = window
        self.setWindowTitle("Codebook")
        self.setAccessibleName("Codebook")
        self.setObjectName("codebookDialog")
        self.resize(1100, 700)
        self.codes = QTreeWidget()
        self.codes.setAccessibleName("Codes")
        self.codes.setHeaderLabels(["Code", "Passages", "With sub-codes", "Articles", "With sub-codes"])
        self.codes.currentItemChanged.connect(lambda item, _prev: self.show_code(item))
        self.passages = QTreeWidget()
        self.passages.setAccessibleName("Coded passages")
        self.passages.setRootIsDecorated(False)
        self.passages.setHeaderLabels(["Passage in context", "Article", "Outlet", "Date", "Note"])
        self.passages.itemActivated.connect(self._open)
        self.passages.itemDoubleClicked.connect(self._open)
        self.by = QComboBox()
        self.by.setAccessibleName("Matrix by")
        self.by.addItem("Codes × outlets", "outlet")
        self.by.addItem("Codes × months", "month")
        self.by.currentIndexChanged.connect(lambda _i: self.fill_matrix())
        self.matrix = QTableWidget()
        self.matrix.setAccessibleName("Codes matrix")
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.heading = QLabel("Choose a code to list its passages.")
        csv_button = QPushButton("Export &CSV…")
        csv_button.clicked.connect(lambda: self.export("csv"))
        xlsx_button = QPushButton("Export &XLSX…")
        xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.status = QLabel("")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.passages, 3)
        row = QHBoxLayout()
        row.addWidget(self.by)
        row.addStretch(1)
        row.addWidget(csv_button)
        row.addWidget(xlsx_button)
        column.addLayout(row)
        column.addWidget(self.matrix, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.codes)
        splitter.addWidget(right)
        splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.status)
        window.hub.archive_did_change.connect(self._on_change)
        self.refresh()

    def _on_change(self, changes) -> None:
        if self.isVisible() and (changes.tags or changes.annotations or changes.articles):
            self.refresh()

    def refresh(self) -> None:
        current = self.current_tag_id()
        self.codes.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for code in self.window_.archive.codebook.codes():
            parent_path = code.path.rsplit("/", 1)[0] if "/" in code.path else None
            parent = items.get(parent_path.casefold()) if parent_path else None
            item = QTreeWidgetItem([code.name, str(code.passages), str(code.passages_with_children),
                                    str(code.articles), str(code.articles_with_children)])
            item.setData(0, ID_ROLE, code.id)
            item.setToolTip(0, plain_tooltip(code.path))
            (parent.addChild(item) if parent is not None else self.codes.addTopLevelItem(item))
            items[code.path.casefold()] = item
        self.codes.expandAll()
        for i in range(5):
            self.codes.resizeColumnToContents(i)
        if current is not None:
            self.select_code(current)
        self.fill_matrix()

    def current_tag_id(self) -> int | None:
        item = self.codes.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_code(self, tag_id: int) -> bool:
        for item in self._all_items():
            if item.data(0, ID_ROLE) == tag_id:
                self.codes.setCurrentItem(item)
                return True
        return False

    def _all_items(self):
        stack = [self.codes.topLevelItem(i) for i in range(self.codes.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is None:
                continue
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def show_code(self, item) -> None:
        self.passages.clear()
        if item is None:
            return
        tag_id = item.data(0, ID_ROLE)
        passages = self.window_.archive.codebook.passages(tag_id)
        self.heading.setText(f"{len(passages)} passage{'s' if len(passages) != 1 else ''} coded "
                             f"“{item.toolTip(0) or item.text(0)}” (with its sub-codes)")
        for p in passages:
            row = QTreeWidgetItem([context_text(p), p.title, p.outlet or "", p.date or "", p.note])
            row.setData(0, ID_ROLE, p.article_id)
            row.setToolTip(0, plain_tooltip(context_text(p)))
            self.passages.addTopLevelItem(row)
        self.passages.resizeColumnToContents(0)

    def fill_matrix(self) -> None:
        matrix = self.window_.archive.codebook.matrix(self.by.currentData() or "outlet")
        self.matrix.clear()
        self.matrix.setRowCount(len(matrix.codes))
        self.matrix.setColumnCount(len(matrix.columns))
        self.matrix.setHorizontalHeaderLabels(matrix.columns)
        self.matrix.setVerticalHeaderLabels(matrix.codes)
        for r, code in enumerate(matrix.codes):
            for c, column in enumerate(matrix.columns):
                cell = QTableWidgetItem(str(matrix.count(code, column)))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.matrix.setItem(r, c, cell)
        self.last_matrix = matrix

    def _open(self, item, _column=0) -> None:
        article_id = item.data(0, ID_ROLE)
        if article_id is not None:
            self.window_.show_article(article_id)

    def export(self, kind: str) -> Path | None:
        filters = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}
        chosen, _ = file_dialogs.getSaveFileName(self, "Export coded passages",
                                                str(Path.home() / f"coded-passages.{kind}"), filters[kind])
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        codebook = self.window_.archive.codebook
        try:
            n = (codebook.export_csv(path, self.current_tag_id()) if kind == "csv"
                 else codebook.export_xlsx(path, self.current_tag_id(),
                                           matrix_by=self.by.currentData() or "outlet"))
        except (PalmyraError, OSError) as exc:
            show_error(self, exc if isinstance(exc, PalmyraError) else
                       PalmyraError(f"Could not write {path}: {exc.strerror or exc}."))
            return None
        self.status.setText(f"Exported {n} coded passage{'s' if n != 1 else ''} to {path}.")
        return path


def install_codebook(window):
    """Annotate › Codebook."""
    from PySide6.QtGui import QAction, QKeySequence
    action = QAction("Code&book", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+B"))
    action.setStatusTip("Codes (tags) with their passages and counts, a matrix, CSV/XLSX export")

    def open_codebook():
        window.codebook_dialog = CodebookDialog(window)
        window.codebook_dialog.show()
        return window.codebook_dialog
    action.triggered.connect(lambda _c=False: open_codebook())
    menu = window.annotating.menu
    menu.insertAction(window.annotating.actions["tags"], action)
    window.codebook_action = action
    return action
