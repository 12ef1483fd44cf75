"""The links found by text, with Confirm / Reject / Compare (and Undo through the undo stack).

One panel serves the Provenance tab (the links of the article shown) and the review queue
(every proposed link). A decision is run by ``gui.ops.perform``, so it is on the window's
undo stack: undo calls ``archive.reuse.reopen`` (logged like the decision itself). The queue
follows the hub itself; the Provenance tab's panel is refilled with the tab (``show_article``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store.changes import Changes
from ..common.safe_text import plain_tooltip
from ..ops import OpsWindow, perform

LINK_ROLE = Qt.ItemDataRole.UserRole + 5
KIND_WORDS = {"same_work": "same work", "quotes_from": "quotes from"}


class ReuseLinksPanel(QWidget):
    """``article_id`` None: every proposed link (the review queue); else that article's links."""

    compare_requested = Signal(int, int)

    def __init__(self, window: OpsWindow, archive_getter: Callable, *, article_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.archive_getter = archive_getter
        self.article_id = article_id
        window.hub.archive_did_change.connect(self.on_archive_changed)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reuseLinks")
        self.tree.setAccessibleName("Copies found by text")
        self.tree.setHeaderLabels(["Other copy", "Title", "Kind", "Share reused", "Order", "Status"])
        self.tree.setRootIsDecorated(False)
        self.confirm_button = QPushButton("&Confirm")
        self.confirm_button.setToolTip("Say this link is right (same work: the two become one work)")
        self.reject_button = QPushButton("&Reject")
        self.reject_button.setToolTip("Say this link is wrong: the pair is never proposed again")
        self.compare_button = QPushButton("Co&mpare")
        self.compare_button.setToolTip("Show the two copies side by side")
        self.confirm_button.clicked.connect(lambda: self.decide("confirm"))
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.compare_button.clicked.connect(self._compare)
        self.tree.itemDoubleClicked.connect(lambda *_: self._compare())
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.compare_button, self.confirm_button, self.reject_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.links: list = []

    def show_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        archive = self.archive_getter()
        if archive is None:
            self.links = []
        elif self.article_id is None:
            self.links = archive.reuse.list(status="proposed")
        else:
            self.links = archive.reuse.for_article(self.article_id)
        for link in self.links:
            mine_is_a = self.article_id is not None and link.article_a == self.article_id
            other_label = link.label_b if mine_is_a else link.label_a
            other_title = link.title_b if mine_is_a else link.title_a
            if self.article_id is None:
                other_label = f"{link.label_a}  ~  {link.label_b}"
                other_title = f"{link.title_a}  ~  {link.title_b}"
            share = max(link.share_a, link.share_b)
            order = "order unknown" if link.from_copy_id is None else (
                "first: " + (link.label_a if link.from_copy_id == link.copy_a else link.label_b))
            item = QTreeWidgetItem([other_label, other_title, KIND_WORDS.get(link.kind, link.kind),
                                    f"{share:.0%}".replace("%", " %"), order, link.status])
            item.setToolTip(1, plain_tooltip(other_title))
            item.setToolTip(4, plain_tooltip(link.direction))
            item.setData(0, LINK_ROLE, link.id)
            self.tree.addTopLevelItem(item)
        for column, width in enumerate((200, 240, 90, 90, 200)):
            self.tree.setColumnWidth(column, width)
        n = len(self.links)
        if self.article_id is None:
            self.heading.setText(f"{n} copies found by text wait for your decision. Nothing found by "
                                 "text is a fact until you confirm it." if n else
                                 "No proposed copies: Tools › Find copies by text scans the archive.")
        else:
            self.heading.setText(f"Other copies found by text ({n}), proposed until you confirm them:"
                                 if n else "No other copies of this text were found by text.")
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._enable()

    def current_link(self):
        item = self.tree.currentItem()
        if item is None:
            return None
        link_id = item.data(0, LINK_ROLE)
        return next((link for link in self.links if link.id == link_id), None)

    def _enable(self) -> None:
        link = self.current_link()
        pending = link is not None and link.status == "proposed"
        self.confirm_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)
        self.compare_button.setEnabled(link is not None)

    def decide(self, verb: str) -> Changes | None:
        link = self.current_link()
        if link is None:
            return None
        reuse = lambda: self.archive_getter().reuse  # noqa: E731
        link_id = link.id
        return perform(self.window_, f"{verb.capitalize()} copy found by text",
                       lambda: getattr(reuse(), verb)(link_id),
                       undo=lambda _last: reuse().reopen(link_id))

    def on_archive_changed(self, changes: Changes) -> None:
        """The queue, while shown, lists the proposed links again after a write that can
        change them (the article's panel is refilled with the Provenance tab)."""
        if self.article_id is None and changes.articles and self.isVisible():
            self.refresh()

    def _compare(self) -> None:
        link = self.current_link()
        if link is not None:
            self.compare_requested.emit(link.copy_a, link.copy_b)


class ReuseReviewDialog(QDialog):
    """The review queue: every proposed link."""

    def __init__(self, window: OpsWindow, archive_getter: Callable, *,
                 open_compare: Callable | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Proposed copies")
        self.setAccessibleName("Proposed copies")
        self.resize(980, 420)
        self.panel = ReuseLinksPanel(window, archive_getter, parent=self)
        if open_compare is not None:
            self.panel.compare_requested.connect(open_compare)
        self.panel.refresh()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
