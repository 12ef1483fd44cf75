"""The main window: composition only. Panels live in their own modules; this wires them up.

Layout: sidebar | (search results over the library table) | reader, a toolbar with the search
field, a status bar with counts and the archive's path. After every write the hub emits
``archive_did_change``; each view follows the hub itself and refreshes what it shows, and the
window only updates its status bar (``_on_archive_changed``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from ..core.archive import Archive
from ..core.store.changes import Changes
from ..core.store.errors import PalmyraError
from ..core.store.records import LibraryQuery
from .actions.importing import ImportController, paths_from_urls
from .actions.maintenance import install_maintenance
from .actions.menus import build_actions, build_menus, build_toolbar
from .common import file_dialogs
from .common.errors import show_error
from .common.opening_progress import OpeningProgress
from .common.safe_text import plain_label, plain_tooltip
from .common.settings import recent_archives, remember_archive, remember_show_site_sections, settings
from .common.signals import Hub
from .dialogs.about import add_help_menu
from .dialogs.metadata_editor import MetadataEditor, correction_text
from .models.library_model import LibraryModel
from .ops import perform
from .reader.reader_pane import ReaderPane
from .reader.region_actions import connect_region_corrections
from .widgets.library_view import LibraryView
from .widgets.search_panel import HIT_LIMIT, SearchField, SearchResults
from .widgets.sidebar import Sidebar
from .workers.runner import Runner
from .workers.search_worker import SearchOutcome, SearchWorker

ARCHIVE_FILTER = "Palmyra archives (*.palmyra.sqlite *.sqlite);;All files (*)"
#: bumped when the default arrangement changes, so an older remembered layout is not restored
LAYOUT_VERSION = 3
#: sidebar | library | reader, at 1400 px wide with the docks' column on the right
DEFAULT_SPLITTER_SIZES = [186, 512, 412]
DEFAULT_DOCK_WIDTH = 264
DEFAULT_SIDEBAR_WIDTH = 160
#: below this window width the reader goes under the library, so that every library column
#: stays in view (at 1280 px the columns alone take the width between sidebar and panels)
WIDE_LAYOUT_WIDTH = 1600
#: the reader's share of the centre column when it is under the library
READER_BELOW_SHARE = 0.6
#: the reader's width beside the library on a wide window (about 75 characters a line)
READER_WIDTH = 580


class MainWindow(QMainWindow):
    #: File › Open Recent and View › Panels (built by ``actions.menus.build_menus``)
    recent_menu: QMenu
    panels_menu: QMenu

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.hub = Hub(self)
        self.runner = Runner(self)
        self.undo_stack = QUndoStack(self)
        self.importer = ImportController(self, self.runner, lambda: self.archive.path,
                                         self.hub.archive_did_change.emit, self.show_article)
        self._build_panels()
        self.actions_by_name = build_actions(self)
        self.menus = build_menus(self, self.actions_by_name)
        self.sidebar.set_show_site_sections(self.actions_by_name["show_site_sections"].isChecked())
        add_help_menu(self)
        self.toolbar = build_toolbar(self, self.actions_by_name)
        self.toolbar.addWidget(self.search_field)
        self.addToolBar(self.toolbar)
        self._build_status_bar()
        self._connect()
        from .annotations import install as install_annotations
        self.annotating = install_annotations(self)   # docks, Annotate menu, highlights
        from .widgets.sidebar_menu import install as install_sidebar_menu
        self.sidebar_menu = install_sidebar_menu(self)  # rename/delete, drop on collections
        self.setAcceptDrops(True)
        self._initial_size()
        self.default_layout()
        self._restore_layout()
        self._bind(archive)
        install_maintenance(self)  # Verify, Back up, automatic backup, other processes' writes
        from .reuse.install import install as install_reuse
        self.reuse_ui = install_reuse(self)   # copies found by text: Tools, Provenance, sidebar (#11)
        from .dialogs.export import install_exporting
        self.exporting = install_exporting(self)   # File › Export…, Open bundle…, Export selection…
        from .widgets.library_menu import install_managing
        self.managing = install_managing(self)   # context menu, Trash, merge, review, Copy citation
        self.reuse_ui.add_library_menu(self.managing)   # "Compare copies" / "Compare with…" (#11)
        from .dialogs.codebook import install_codebook
        install_codebook(self)   # Annotate › Codebook

    # -- composition -------------------------------------------------------------------------

    def _build_panels(self) -> None:
        self.sidebar = Sidebar(self)
        self.model = LibraryModel(None, self)
        self.searcher = SearchWorker()
        self.model.search_runner = self._run_search
        self._hits_wanted = False
        self.library = LibraryView(self.model, self)
        self.search_field = SearchField(self)
        self.search_field.setMaximumWidth(480)
        self.search_field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_results = SearchResults(self)
        self.reader = ReaderPane(self)
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical, centre)
        self.centre_splitter.addWidget(self.search_results)
        self.centre_splitter.addWidget(self.library)
        self.centre_splitter.setSizes([220, 600])
        column.addWidget(self.centre_splitter)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes(DEFAULT_SPLITTER_SIZES)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.setTabOrder(self.search_field, self.sidebar)
        self.setTabOrder(self.sidebar, self.library)
        self.setTabOrder(self.library, self.reader.tabs)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setAccessibleName("Article counts")
        self.path_label = plain_label(QLabel(self))
        self.path_label.setAccessibleName("Archive path")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.path_label)

    def _connect(self) -> None:
        self.sidebar.query_chosen.connect(self._on_sidebar_query)
        self.search_field.search_requested.connect(self._on_search)
        self.search_results.hit_chosen.connect(self.show_article)
        self.search_results.hit_opened.connect(self.reader.show_search_hit)
        self.search_field.hits_wanted.connect(self._on_hits_wanted)
        self.searcher.result.connect(self._on_search_outcome)
        self.library.article_selected.connect(self.reader.show_article)
        self.library.article_activated.connect(lambda _id: self.reader.tabs.setFocus())
        self.reader.article_view.link_clicked.connect(
            lambda url: self.statusBar().showMessage(f"Link (not opened, offline): {url}", 8000))
        self.reader.article_view.filter_requested.connect(self.sidebar.choose_query)
        # each view follows the hub itself, in this order (the library reads the sidebar's
        # choice as it was; the window's own reaction, last, reads the counts they re-read)
        self.library.follow(self.hub, self._query)
        self.sidebar.follow(self.hub)
        self.reader.follow(self.hub)
        self.hub.archive_did_change.connect(self._on_archive_changed)
        self.hub.article_was_requested.connect(self.show_article)
        connect_region_corrections(self)

    # -- the archive --------------------------------------------------------------------------

    def _bind(self, archive: Archive) -> None:
        self.archive = archive
        self.searcher.cancel()
        self.undo_stack.clear()
        self.model.set_archive(archive)
        self.sidebar.set_archive(archive)
        self.search_results.set_archive(archive)
        self.reader.set_archive(archive)
        self.search_field.clear()
        self.setWindowTitle(f"{archive.path.name} — Palmyra Archive")
        self.path_label.setText(str(archive.path))
        self.path_label.setToolTip(plain_tooltip(f"The archive file: {archive.path}"))
        remember_archive(archive.path)
        self._update_counts()
        self.hub.archive_did_open.emit(archive)

    def open_archive(self, path: Path, *, create: bool = False) -> bool:
        """Make ``path`` the current archive; on failure keep the current one and say why."""
        if self.runner.busy:
            self.statusBar().showMessage("Wait for the running import to finish first.", 6000)
            return False
        try:
            opening = OpeningProgress(self)
            try:
                new = Archive.open(path, create=create, progress=opening)
            finally:
                opening.close()
            try:
                new.claim_for_app()
            except PalmyraError:
                new.close()
                raise
        except PalmyraError as exc:
            show_error(self, exc)
            return False
        old = self.archive
        self._bind(new)
        if old is not None and old is not new:
            old.close()
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def choose_archive(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, "Open archive", str(self.archive.path.parent),
                                              ARCHIVE_FILTER)
        if path:
            self.open_archive(Path(path))

    def new_archive(self) -> None:
        path, _ = file_dialogs.getSaveFileName(self, "New archive",
                                              str(self.archive.path.parent / "new.palmyra.sqlite"),
                                              ARCHIVE_FILTER)
        if not path:
            return
        if Path(path).exists():
            show_error(self, PalmyraError(f"{path} already exists; use Open archive to open it."))
            return
        self.open_archive(Path(path), create=True)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in recent_archives() if p != self.archive.path]
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_archive(p))
        if not recent:
            self.recent_menu.addAction("(no other archives yet)").setEnabled(False)

    # -- browsing -----------------------------------------------------------------------------

    def _query(self) -> LibraryQuery:
        base = self.sidebar.current_query() or LibraryQuery()
        current = self.model.query
        return replace(base, text=self.search_field.text().strip(), sort=current.sort,
                       descending=current.descending)

    def _on_sidebar_query(self, _query) -> None:
        self._requery()

    def _on_search(self, _text: str) -> None:
        self._requery()

    def _requery(self) -> None:
        """Show what the sidebar and the search field select (a search answers later)."""
        keep = self.library.current_article_id()
        query = self._query()
        if not query.text:
            self.searcher.cancel()
            self.search_results.clear_results()
        self.model.set_query(query)  # with search text: handed to ``_run_search``
        if keep is not None and not query.text:
            self.library.select_article(keep)
        self._update_counts()

    def _run_search(self, query: LibraryQuery) -> None:
        """Search on the worker; only the newest request's answer is shown."""
        self.search_results.show_searching(query.text)
        self.searcher.request(self.archive.path, query.text, query, HIT_LIMIT)

    def _on_search_outcome(self, outcome: SearchOutcome) -> None:
        keep = self.library.current_article_id()
        if outcome.error:  # a malformed search: its message inline, the unfiltered library
            self.search_results.show_error(outcome.text, outcome.error)
            self.model.show_ids(replace(outcome.query, text=""), outcome.ids)
        else:
            self.search_results.show_hits(outcome.text, outcome.hits)
            self.model.show_ids(outcome.query, outcome.ids)
        if keep is not None:
            self.library.select_article(keep)
        self._update_counts()
        if self._hits_wanted:
            self._hits_wanted = False
            self.search_results.focus_hits()

    def _on_hits_wanted(self) -> None:
        if self.searcher.pending:  # Enter before the answer: move into the hits when it comes
            self._hits_wanted = True
        else:
            self.search_results.focus_hits()

    def show_article(self, article_id: int) -> None:
        """Select ``article_id`` in the library (widening the view if it is filtered out; an
        article listed far down, past the rows read so far, is shown without its row)."""
        if not self.library.select_article(article_id):
            if self.model.lists(article_id):
                self.library.clear_current()
            else:
                self.show_all()
                self.library.select_article(article_id)
        if self.reader.article_id != article_id:
            self.reader.show_article(article_id)
        self.raise_()
        self.activateWindow()

    def show_all(self) -> None:
        self.search_field.clear()
        self.sidebar.select_all_articles()
        self._requery()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    # -- editing --------------------------------------------------------------------------------

    def edit_metadata(self) -> None:
        article_id = self.reader.article_id or self.library.current_article_id()
        if article_id is None:
            self.statusBar().showMessage("Choose an article first.", 5000)
            return
        try:
            managing = getattr(self, "managing", None)
            dialog = MetadataEditor(self.archive, article_id, self.apply_correction, self,
                                    apply_citation=managing.apply_citation if managing else None)
        except PalmyraError as exc:
            show_error(self, exc)
            return
        dialog.open()
        self.metadata_editor = dialog

    def apply_correction(self, article_id: int, before: dict, after: dict) -> None:
        """Write a correction now and put its undo on the stack (raises PalmyraError if refused)."""
        articles = lambda: self.archive.articles  # noqa: E731
        perform(self, correction_text(after), lambda: articles().correct(article_id, **after),
                undo=lambda _last: articles().correct(article_id, **before), raising=True)

    def _on_archive_changed(self, changes: Changes) -> None:
        """The window's own reaction: the status bar's counts and the write's message."""
        self._update_counts()
        if changes.message:
            self.statusBar().showMessage(changes.message, 6000)

    def _update_counts(self) -> None:
        """The status bar's counts: the sidebar's (read once per change that can alter them)."""
        (total, review), shown = self.sidebar.article_counts, self.model.rowCount()
        text = f"{total} article{'s' if total != 1 else ''} · {review} need review"
        self.reader.set_archive_empty(total == 0)
        self.library.set_empty_hint(
            "No articles yet. Import files (Ctrl+I) or a folder (Ctrl+Shift+I), or drop them "
            "onto this window." if total == 0 else
            "No articles match. Change the search, or press Ctrl+0 to show all articles.")
        if self.model.query.trash:
            text = f"{shown} in the Trash · " + text
        elif shown != total:
            text = f"{shown} shown · " + text
        self.counts_label.setText(text)

    # -- drag and drop, layout ------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and paths_from_urls(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event) -> None:
        paths = paths_from_urls(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if paths:
            event.acceptProposedAction()
            self.importer.import_paths(paths)
        else:
            event.ignore()

    def _initial_size(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1400, 900
        if screen is not None:   # the screen, up to 1920×1200: every column in view
            width, height = max(width, min(screen.width(), 1920)), max(height, min(screen.height(), 1200))
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def default_layout(self) -> None:
        """The arrangement a first start gets (View › Reset layout brings it back): the
        library beside the reader on a wide window, above it on a narrower one."""
        ui = self.annotating
        for dock in (ui.panel_dock, ui.notes_dock, ui.research_dock):
            dock.show()
        ui.panel_dock.raise_()
        ui.browser_dock.hide()
        self.resizeDocks([ui.panel_dock], [DEFAULT_DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.place_reader(below=self.width() < WIDE_LAYOUT_WIDTH)
        self._default_sizes()

    @property
    def reader_below(self) -> bool:
        return self.reader.parent() is self.centre_splitter

    def place_reader(self, *, below: bool) -> None:
        """The reader under the library (in the centre column) or beside it."""
        if below == self.reader_below:
            return
        if below:
            self.centre_splitter.addWidget(self.reader)
            self.centre_splitter.setChildrenCollapsible(False)
        else:
            self.splitter.addWidget(self.reader)
            self.splitter.setStretchFactor(2, 2)

    def _default_sizes(self) -> None:
        # from the window's size: before the first show the splitters have none of their own
        # a wide window gives the sidebar what its fixed entries need; at 1280 px the library's
        # columns need those pixels more ("Proposed copies (N)" is elided, its tooltip says it)
        sidebar = DEFAULT_SIDEBAR_WIDTH if self.width() < WIDE_LAYOUT_WIDTH else max(
            DEFAULT_SIDEBAR_WIDTH, self.sidebar.natural_width())
        centre = max(self.width() - DEFAULT_DOCK_WIDTH - sidebar - 12, 400)
        if self.reader_below:
            self.splitter.setSizes([sidebar, centre])
            height = max(self.height() - 110, 400)   # less menus, toolbar and status bar
            self.centre_splitter.setSizes([0 if self.search_results.isHidden() else 160,
                                           int(height * (1 - READER_BELOW_SHARE)),
                                           int(height * READER_BELOW_SHARE)])
        else:
            # the reader at a comfortable measure, the library (its title stretching) the rest
            library = max(centre - READER_WIDTH, self.library.columns_width(), centre // 2)
            self.splitter.setSizes([sidebar, library, centre - library])

    def set_show_site_sections(self, show: bool) -> None:
        """View › Show site sections: the sidebar's "Site sections" node, remembered."""
        self.sidebar.set_show_site_sections(show)
        remember_show_site_sections(show)

    def reset_layout(self) -> None:
        self.default_layout()
        self.library.reset_columns()
        self.statusBar().showMessage("Panels and columns are back to their default places.", 5000)

    def _restore_layout(self) -> None:
        store = settings()
        value = store.value("window/geometry")
        if isinstance(value, (QByteArray, bytes)):
            self.restoreGeometry(QByteArray(value))
        self.library.restore_state(store)  # the user's columns, whatever the arrangement
        if str(store.value("window/layoutVersion", "")) != str(LAYOUT_VERSION):
            return  # panes and docks of an older arrangement: start from the new default
        self.place_reader(below=str(store.value("window/readerBelow", "false")) == "true")
        for key, restore in (("window/state", lambda v: self.restoreState(v, LAYOUT_VERSION)),
                             ("window/splitter", self.splitter.restoreState),
                             ("window/centreSplitter", self.centre_splitter.restoreState)):
            value = store.value(key)
            if isinstance(value, (QByteArray, bytes)):
                restore(QByteArray(value))

    def save_layout(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState(LAYOUT_VERSION))
        store.setValue("window/splitter", self.splitter.saveState())
        store.setValue("window/centreSplitter", self.centre_splitter.saveState())
        store.setValue("window/readerBelow", "true" if self.reader_below else "false")
        store.setValue("window/layoutVersion", LAYOUT_VERSION)
        self.library.save_state(store)

    def closeEvent(self, event) -> None:
        self.importer.cancel()
        self.runner.wait()
        self.searcher.shutdown()
        self.save_layout()
        super().closeEvent(event)
