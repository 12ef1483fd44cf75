"""Compare copies: two copies side by side, aligned passage to passage (issue #11).

Each row is one aligned passage (or a passage only one copy has): the first copy on the left,
the second on the right, so the two scroll as one. Cut, added, moved and changed rows are
tinted; inside a changed passage the words that differ are struck out on the left and marked
on the right. F8 / Shift+F8 (or Alt+Down / Alt+Up) go to the next / previous difference.
Export HTML report… writes the same comparison as a page that a colleague reads without the
app (every word escaped; no script, no resource). Imported text is escaped here too.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.reuse.compare import html_report
from ...core.store.errors import PalmyraError
from ..common import file_dialogs
from ..common.errors import show_error

TINTS = {"cut": "#fde2e2", "added": "#e2f5e2", "moved": "#e6e6fa", "changed": "#fff6d5", "same": None}
KIND_LABELS = {"same": "same", "changed": "changed", "moved": "moved",
               "cut": "only in the first copy", "added": "only in the second copy"}


def side_html(row, side: str) -> str:
    """One cell's text as inert rich text: escaped, differences marked."""
    e = html.escape
    if row.diff:
        if side == "a":
            body = "".join(e(x) if op == "equal" else
                           f"<span style='background:#f8c4c4;text-decoration:line-through'>{e(x)}</span>"
                           for op, x, _y in row.diff if x)
        else:
            body = "".join(e(y) if op == "equal" else f"<span style='background:#bfe8bf'>{e(y)}</span>"
                           for op, _x, y in row.diff if y)
    else:
        body = e(row.a_text if side == "a" else row.b_text)
    label = KIND_LABELS[row.kind] if (side == "a") == (row.kind != "added") else ""
    head = f"<small style='color:#666'>{e(label)}</small><br>" if label and row.kind != "same" else ""
    return f"<qt>{head}{body}</qt>"


class CompareWindow(QDialog):
    @classmethod
    def for_articles(cls, archive, article_a: int, article_b: int, parent=None) -> CompareWindow:
        return cls(archive, None, None, parent, comparison=archive.reuse.compare_articles(article_a, article_b))

    def __init__(self, archive, copy_a: int | None, copy_b: int | None, parent=None, *, comparison=None):
        super().__init__(parent)
        self.setWindowTitle("Compare copies")
        self.setAccessibleName("Compare copies")
        self.resize(1200, 760)
        self.comparison = comparison or archive.reuse.compare(copy_a, copy_b)
        c = self.comparison
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        diffs = len(c.differences())
        self.summary.setText(
            f"Left: {c.a.label} — {c.a.title} ({c.share_a:.0%} of it in the other)\n"
            f"Right: {c.b.label} — {c.b.title} ({c.share_b:.0%} of it in the other)\n"
            f"{len(c.rows)} passages, {diffs} differences; order: {c.direction}. "
            "F8 / Shift+F8: next / previous difference.".replace("%", " %"))
        self.table = QTableWidget(len(c.rows), 2, self)
        self.table.setObjectName("compareTable")
        self.table.setAccessibleName("Aligned passages")
        self.table.setHorizontalHeaderLabels([f"{c.a.label} (copy {c.a.id})", f"{c.b.label} (copy {c.b.id})"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(True)
        for i, row in enumerate(c.rows):
            for column, side in ((0, "a"), (1, "b")):
                label = QLabel(side_html(row, side))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setWordWrap(True)
                label.setOpenExternalLinks(False)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setMargin(6)
                tint = TINTS.get(row.kind)
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, KIND_LABELS[row.kind])
                if tint:
                    # the cell's own background (what a view or screen reader asks the model),
                    # and the label's through a style sheet: the app's style sheet makes Qt
                    # ignore a palette set on a child widget, so the tint never showed
                    item.setBackground(QColor(tint))
                    label.setAutoFillBackground(True)
                    label.setStyleSheet(f"QLabel {{ background-color: {tint}; }}")
                self.table.setItem(i, column, item)
                self.table.setCellWidget(i, column, label)
        self.table.resizeRowsToContents()
        self.export_button = QPushButton("&Export HTML report…")
        self.export_button.clicked.connect(self.export_html)
        self.next_button = QPushButton("&Next difference")
        self.next_button.clicked.connect(lambda: self.go_to_difference(+1))
        self.previous_button = QPushButton("&Previous difference")
        self.previous_button.clicked.connect(lambda: self.go_to_difference(-1))
        for keys, step in (("F8", 1), ("Shift+F8", -1), ("Alt+Down", 1), ("Alt+Up", -1)):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda s=step: self.go_to_difference(s))
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.current_row = -1
        self.last_export: Path | None = None

    def go_to_difference(self, step: int) -> int | None:
        diffs = self.comparison.differences()
        if not diffs:
            return None
        if step > 0:
            target = next((d for d in diffs if d > self.current_row), diffs[0])
        else:
            target = next((d for d in reversed(diffs) if d < self.current_row), diffs[-1])
        self.current_row = target
        self.table.selectRow(target)
        item = self.table.item(target, 0)
        if item is not None:
            self.table.scrollToItem(item)
        else:
            self.table.scrollTo(self.table.model().index(target, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return target

    def export_html(self) -> Path | None:
        c = self.comparison
        name, _filter = file_dialogs.getSaveFileName(self, "Export comparison as HTML",
                                                     f"compare-{c.a.id}-{c.b.id}.html", "HTML (*.html)")
        if not name:
            return None
        try:
            Path(name).write_text(html_report(c), encoding="utf-8")
        except OSError as exc:
            show_error(self, PalmyraError(f"Could not write {name}: {exc.strerror or exc}."))
            return None
        self.last_export = Path(name)
        return self.last_export
