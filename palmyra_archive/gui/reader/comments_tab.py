"""The Comments tab: the reader-comment thread as a collapsible tree, replies under replies."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from ..safe_text import plain_tooltip


class CommentsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Comment count")
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("commentsTree")
        self.tree.setAccessibleName("Reader comments")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addStretch(0)  # takes the room when the tree is hidden (no comments)

    def show_comments(self, comments: list[dict]) -> None:
        self.model.clear()
        items: dict = {}
        root = self.model.invisibleRootItem()
        for comment in comments:
            author = comment.get("author")
            text = comment.get("text", "")
            item = QStandardItem(f"{author}: {text}" if author else text)
            item.setEditable(False)
            item.setToolTip(plain_tooltip(text))
            parent = items.get(comment.get("parent_id"), root)
            parent.appendRow(item)
            items[comment.get("id")] = item
        top = root.rowCount()
        self.summary.setText(f"{len(comments)} comment{'s' if len(comments) != 1 else ''}, "
                             f"{top} thread{'s' if top != 1 else ''}" if comments
                             else "No reader comments were saved with this copy.")
        self.tree.expandAll()
        self.tree.setVisible(bool(comments))  # no empty white box under "No reader comments"

    def count(self) -> tuple[int, int]:
        """(all items, top-level items) in the tree."""
        total, stack = 0, [self.model.item(r) for r in range(self.model.rowCount())]
        while stack:
            item = stack.pop()
            total += 1
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return total, self.model.rowCount()
