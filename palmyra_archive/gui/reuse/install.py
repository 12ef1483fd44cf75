"""What the main window gets for text reuse with one call (``install(window)``): Tools › Find
copies by text… (the scan on the runner, progress and Cancel), Tools › Review proposed
copies…, Tools › Spread of this work… / Spread of the listed articles…, the Provenance tab's
list of copies found by text, the sidebar's "Proposed copies (N)" opening the queue, and the
library row's context menu: "Compare copies" (two rows selected: their shown copies side by
side) or "Compare with…" (one row: pick the other article in a small chooser).
"""

from __future__ import annotations

from PySide6.QtGui import QAction

from ..actions.verify import tools_menu
from ..common.errors import show_error
from .article_chooser import ArticleChooser
from .compare_window import CompareWindow
from .review import ReuseLinksPanel, ReuseReviewDialog
from .spread_view import SpreadView


def scan_task(archive, progress, cancel):
    return archive.reuse.scan(progress=progress, cancel=cancel)


class ReuseUI:
    def __init__(self, window):
        self.window = window
        self.job = None
        self.chooser = None
        self.last_report = None
        self.review_dialog = None
        self.compare_windows: list[CompareWindow] = []
        self.spread_windows: list[SpreadView] = []
        menu = tools_menu(window)
        menu.addSeparator()
        self.actions = {
            "reuse_scan": self._action("Find copies by &text…", self.scan,
                                       "Fingerprint every copy and propose the copies found by their words"),
            "reuse_review": self._action("Review proposed &copies…", self.show_review,
                                         "Confirm or reject the copies found by text"),
            "reuse_spread": self._action("&Spread of this work…", self.show_spread,
                                         "A timeline of every copy and the outlet network"),
            "reuse_spread_list": self._action("Spread of the &listed articles…", self.show_spread_of_list,
                                              "The spread of the articles the library lists (a search)"),
        }
        for action in self.actions.values():
            menu.addAction(action)
        if isinstance(getattr(window, "actions_by_name", None), dict):
            window.actions_by_name.update(self.actions)
        self.panel = ReuseLinksPanel(window, lambda: window.archive)
        self.panel.compare_requested.connect(self.compare)
        window.reader.provenance_tab.attach_reuse(self.panel)
        window.sidebar.reuse_queue_requested.connect(self.show_review)

    # -- the library row's context menu ------------------------------------------------------

    def add_library_menu(self, managing) -> None:
        """Called once the library's context menu exists (``window.managing``)."""
        managing.add_context_extension(self._extend_library_menu)

    def _extend_library_menu(self, menu, ids: list[int]) -> None:
        slot = getattr(menu, "compare_slot", None)
        if slot is None or len(ids) not in (1, 2):
            return      # the Trash's menu has no slot; three or more rows: compare two at a time
        if len(ids) == 2:
            action = QAction("Compare copies", menu)
            action.setToolTip("The two articles' shown copies side by side, passage by passage")
            action.triggered.connect(lambda _c=False, a=ids[0], b=ids[1]: self.compare_articles(a, b))
        else:
            action = QAction("Compare with…", menu)
            action.setToolTip("Pick another article and see the two side by side, passage by passage")
            action.triggered.connect(lambda _c=False, a=ids[0]: self.compare_with(a))
        action.setObjectName("compareArticles")
        menu.insertAction(slot, action)

    def compare_with(self, article_id: int):
        """The chooser over the library; on Compare, the Compare window. Returns the chooser."""
        window = self.window
        try:
            title = window.archive.articles.get(article_id).title or "(untitled)"
        except Exception as exc:  # noqa: BLE001 — a sentence, never a traceback
            show_error(window, exc)
            return None
        chooser = ArticleChooser(window.archive, article_id, title, window)
        self.chooser = chooser

        def chosen() -> None:
            other = chooser.chosen()
            if other is not None:
                self.compare_articles(article_id, other)
        chooser.accepted.connect(chosen)
        chooser.open()
        return chooser

    def _action(self, text, slot, tip) -> QAction:
        action = QAction(text, self.window)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- the scan ---------------------------------------------------------------------------

    def scan(self):
        window = self.window
        self.job = window.runner.start_for(window, scan_task, title="Finding copies by text…",
                                           done=self._scanned)
        return self.job

    def _scanned(self, report) -> None:
        from ...core.store.changes import Changes
        self.last_report = report
        self.window.hub.archive_did_change.emit(Changes(articles=True, message=report.message))
        self.window.statusBar().showMessage(report.message, 10000)

    # -- windows ------------------------------------------------------------------------------

    def show_review(self):
        window = self.window
        if self.review_dialog is None:
            self.review_dialog = ReuseReviewDialog(window, lambda: window.archive,
                                                   open_compare=self.compare, parent=window)
        self.review_dialog.panel.refresh()
        self.review_dialog.show()
        self.review_dialog.raise_()
        return self.review_dialog

    def compare(self, copy_a: int, copy_b: int):
        try:
            view = CompareWindow(self.window.archive, copy_a, copy_b, self.window)
        except Exception as exc:  # noqa: BLE001 — a sentence, never a traceback
            show_error(self.window, exc)
            return None
        self.compare_windows.append(view)
        view.show()
        return view

    def compare_articles(self, article_a: int, article_b: int):
        """The shown copies of two articles (the library's "Compare copies" / "Compare with…")."""
        try:
            view = CompareWindow.for_articles(self.window.archive, article_a, article_b, self.window)
        except Exception as exc:  # noqa: BLE001 — a sentence, never a traceback
            show_error(self.window, exc)
            return None
        self.compare_windows.append(view)
        view.show()
        return view

    def show_spread(self):
        window = self.window
        article_id = window.reader.article_id or window.library.current_article_id()
        if article_id is None:
            window.statusBar().showMessage("Choose an article first.", 5000)
            return None
        return self._spread([article_id], "Spread of this work")

    def show_spread_of_list(self):
        model = self.window.model
        ids = [model.article_id(row) for row in range(min(model.rowCount(), 300))]
        if not ids:
            self.window.statusBar().showMessage("The library lists no articles.", 5000)
            return None
        return self._spread(ids, f"Spread of {len(ids)} listed articles")

    def _spread(self, ids, title):
        try:
            view = SpreadView(self.window.archive, ids, title=title, parent=self.window)
        except Exception as exc:  # noqa: BLE001
            show_error(self.window, exc)
            return None
        view.article_requested.connect(self.window.hub.article_was_requested)
        self.spread_windows.append(view)
        view.show()
        return view


def install(window) -> ReuseUI:
    return ReuseUI(window)


__all__ = ["install", "ReuseUI"]
