"""The Comments tab: the reader-comment thread as a collapsible tree, replies under replies.

Each comment shows whole, wrapped to the tab's width, under a line naming its author and its
stamp as the page printed them ("Jenny Taylor · March 5, 2017 at 4:12 pm", "Sam · 3 hours ago";
the stamp as printed, since "3 hours ago" has no calendar date). The rows are drawn by
``CommentDelegate``: the text is laid out as plain text (never markup) and stays in the text
colour when selected, on a pale tint of the selection colour, so a chosen comment stays readable.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.search.syntax import match_spans
from ...core.store.records import CommentLine
from ..common.safe_text import plain_tooltip

#: the commenter's name, as printed (None: the page named nobody)
AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 1
PADDING = 6
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
#: the words of the search that opened the article (as the Article tab marks them)
SEARCH_MARK = QColor("#ffb74d")


def _marked(text: str, font: QFont, width: int, spans) -> QTextDocument:
    """``text`` as a plain-text document ``width`` wide with ``spans`` marked (a row with
    search words in it; the others are drawn straight with the font's metrics)."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(font)
    document.setPlainText(text)
    document.setTextWidth(max(40, width))
    fmt = QTextCharFormat()
    fmt.setBackground(SEARCH_MARK)
    fmt.setForeground(QColor("black"))
    for start, end in spans:
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    return document


def selected_tint(palette: QPalette) -> QColor:
    """The selection colour mixed into the base: text on it keeps the text colour's contrast."""
    high, base = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Base)
    return QColor((high.red() + 3 * base.red()) // 4, (high.green() + 3 * base.green()) // 4,
                  (high.blue() + 3 * base.blue()) // 4)


class CommentDelegate(QStyledItemDelegate):
    """A comment as an author line and its whole text, wrapped; its height follows the width."""

    def __init__(self, tree: QTreeView):
        super().__init__(tree)
        self.tree = tree
        #: the search whose words are marked ('' for none)
        self.query = ""

    def _width(self, index) -> int:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1)
        return max(120, width - 2 * PADDING)

    @staticmethod
    def _author_font(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    def _heights(self, font: QFont, index, width: int) -> tuple[int, int]:
        author = index.data(AUTHOR_ROLE)
        author_h = (QFontMetrics(self._author_font(font)).boundingRect(
            QRect(0, 0, width, 10_000), WRAP, str(author)).height() + 2) if author else 0
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        spans = self.marks(text)
        if spans:
            return author_h, int(_marked(text, font, width, spans).size().height() + 0.999)
        return author_h, QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), WRAP, text).height()

    def marks(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of the words the search looks for."""
        return match_spans(self.query, text) if self.query else []

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 — Qt override
        width = self._width(index)
        author_h, text_h = self._heights(option.font, index, width)
        return QSize(width + 2 * PADDING, author_h + text_h + 2 * PADDING)

    def paint(self, painter, option, index) -> None:
        palette = option.palette
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, selected_tint(palette))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        inner = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        author_h, _text_h = self._heights(option.font, index, inner.width())
        author = index.data(AUTHOR_ROLE)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        if author:
            painter.setFont(self._author_font(option.font))
            painter.drawText(QRect(inner.left(), inner.top(), inner.width(), author_h), WRAP,
                             str(author))
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        spans = self.marks(text)
        body = inner.adjusted(0, author_h, 0, 0)
        if spans:
            painter.translate(body.topLeft())
            _marked(text, option.font, body.width(), spans).drawContents(painter)
            painter.translate(-body.topLeft())
        else:
            painter.setFont(option.font)
            painter.drawText(body, WRAP, text)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()


class _CommentsTree(QTreeView):
    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # heights follow the wrapped width


class CommentsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setAccessibleName("Comment count")
        self.model = QStandardItemModel(self)
        self.tree = _CommentsTree(self)
        self.tree.setObjectName("commentsTree")
        self.tree.setAccessibleName("Reader comments")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.delegate = CommentDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        self.tree.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addStretch(0)  # takes the room when the tree is hidden (no comments)

    def show_comments(self, comments: list[CommentLine]) -> None:
        self.model.clear()
        items: dict = {}
        root = self.model.invisibleRootItem()
        for comment in comments:
            author = " · ".join(part for part in (comment.author, comment.date_as_printed) if part) or None
            text = comment.text or ""
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(author, AUTHOR_ROLE)
            spoken = f"{author}: {text}" if author else text
            item.setData(spoken, Qt.ItemDataRole.AccessibleTextRole)
            item.setToolTip(plain_tooltip(spoken))
            parent = items.get(comment.parent_id, root)
            parent.appendRow(item)
            items[comment.id] = item
        self._items = items
        top = root.rowCount()
        self.summary.setText(f"{len(comments)} comment{'s' if len(comments) != 1 else ''}, "
                             f"{top} thread{'s' if top != 1 else ''}" if comments
                             else "No reader comments were saved with this copy.")
        self.tree.expandAll()
        self.tree.setVisible(bool(comments))  # no empty white box under "No reader comments"

    def mark_search(self, query: str) -> None:
        """Mark the words ``query`` looks for in every comment ('' marks none)."""
        if self.delegate.query != (query or ""):
            self.delegate.query = query or ""
            self.tree.doItemsLayout()   # a marked row is laid out as a document

    def search_marks(self, comment_id) -> list[str]:
        """The words marked in comment ``comment_id`` (tests, accessibility)."""
        item = getattr(self, "_items", {}).get(comment_id)
        text = item.text() if item is not None else ""
        return [text[a:b] for a, b in self.delegate.marks(text)]

    def choose(self, comment_id) -> None:
        """Select comment ``comment_id`` and scroll it into view (a search hit in it)."""
        item = getattr(self, "_items", {}).get(comment_id)
        if item is not None:
            self.tree.setCurrentIndex(item.index())
            self.tree.scrollTo(item.index(), QAbstractItemView.ScrollHint.PositionAtTop)

    def count(self) -> tuple[int, int]:
        """(all items, top-level items) in the tree."""
        total, stack = 0, [self.model.item(r) for r in range(self.model.rowCount())]
        while stack:
            item = stack.pop()
            total += 1
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return total, self.model.rowCount()
