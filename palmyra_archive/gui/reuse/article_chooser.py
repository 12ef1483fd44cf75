"""Compare with…: pick the other article from the library (issue #11).

A small chooser: a search field over the library (the library's own search, through
``archive.articles``), the matching articles as plain-text rows (title, outlet, date), and
Compare. The article being compared is left out of the list. A search the syntax refuses says
so in one sentence under the field; nothing is raised.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ...core.store.errors import PalmyraError
from ...core.store.records import LibraryQuery
from ..common.safe_text import plain_tooltip

#: at most this many articles are listed (type more of the title to narrow the list)
MAX_ROWS = 200
ARTICLE_ROLE = Qt.ItemDataRole.UserRole


def row_text(summary) -> str:
    where = ", ".join(v for v in (summary.outlet, (summary.date or "")[:10]) if v)
    return f"{summary.title or '(untitled)'}" + (f" — {where}" if where else "")


class ArticleChooser(QDialog):
    def __init__(self, archive, article_id: int, title: str, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.article_id = article_id
        self.setWindowTitle("Compare with…")
        self.setObjectName("compareWithChooser")
        self.resize(560, 460)
        intro = QLabel()
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setText(f"Compare “{title}” with which article? Type words of its title or text.")
        self.search = QLineEdit()
        self.search.setObjectName("compareWithSearch")
        self.search.setPlaceholderText("Search the library")
        self.search.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("compareWithList")
        self.list.setAccessibleName("Articles to compare with")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.compare_button = self.buttons.addButton("Compare", QDialogButtonBox.ButtonRole.AcceptRole)
        self.compare_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept_if_chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.search, self.status, self.list, self.buttons):
            layout.addWidget(widget)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.list.currentItemChanged.connect(lambda cur, _prev: self.compare_button.setEnabled(cur is not None))
        self.list.itemActivated.connect(lambda _item: self._accept_if_chosen())
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        try:
            ids = self.archive.articles.ids(LibraryQuery(text=text, sort="date", descending=True),
                                            text_cap=MAX_ROWS + 1)
        except PalmyraError as exc:
            self.status.setText(exc.message)
            self.list.clear()
            return
        ids = [i for i in ids if i != self.article_id]
        shown = ids[:MAX_ROWS]
        self.list.clear()
        for summary in self.archive.articles.summaries(shown):
            item = QListWidgetItem(row_text(summary))
            item.setData(ARTICLE_ROLE, summary.id)
            item.setToolTip(plain_tooltip(row_text(summary)))
            self.list.addItem(item)
        if not shown:
            self.status.setText("No other article matches." if text else "The library has no other article.")
        elif len(ids) > MAX_ROWS:
            self.status.setText(f"The first {MAX_ROWS} articles are listed; type more to narrow them.")
        else:
            self.status.setText(f"{len(shown)} article{'s' if len(shown) != 1 else ''}.")
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(ARTICLE_ROLE)

    def _accept_if_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()
