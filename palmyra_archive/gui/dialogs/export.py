"""File › Export… (Ctrl+E), "Export selection…" in the library, and File › Open bundle….

The Export window picks what goes in (the selection, a tag, a collection, a saved search or the
whole archive; which formats; style; sources verbatim or passages only; private notes) and shows
a live preview of the bibliography and the quotes. The preview is debounced and computed on a
thread of its own with its own archive connection, so typing or clicking never waits for
citeproc; a stale preview is dropped. Writing the bundle and opening one run on the window's
runner, with progress and Cancel. No SQL here: everything goes through ``archive.exports``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.archive import Archive
from ...core.export.bibliography import add_user_style, available_styles
from ...core.export.payload import ALL_FORMATS, FORMAT_LABELS, ExportOptions
from ...core.export.scope import Scope
from ...core.store.changes import Changes
from ...core.store.errors import PalmyraError
from ..common import file_dialogs
from ..common.errors import show_error, user_message
from ..common.safe_text import OfflineBrowser, plain_label
from ..common.settings import settings

if TYPE_CHECKING:
    from ...core.export.service import Preview
    from ..main_window import MainWindow
    from ..workers.runner import Job

PREVIEW_DELAY_MS = 350
LAST_DIR_KEY = "export/lastDirectory"
BUNDLE_FILTER = "Citation bundles (*.zip);;All files (*)"
STYLE_FILTER = "CSL styles (*.csl);;All files (*)"
SCOPE_KINDS = (("selection", "Selected articles"), ("tag", "Tag"), ("collection", "Collection"),
               ("search", "Saved search"), ("all", "Whole archive"))

#: the quotes preview reads Markdown without raw HTML: what a source printed shows as text
QUOTES_MARKDOWN = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                   | QTextDocument.MarkdownFeature.MarkdownNoHTML)


def choose_style_file(parent) -> Path | None:
    """Style › "Add style…": the .csl file to add, or None if the user cancelled."""
    start = str(settings().value(LAST_DIR_KEY, str(Path.home())))
    path, _ = file_dialogs.getOpenFileName(parent, "Add a citation style", start, STYLE_FILTER)
    return Path(path) if path else None


def announce_import(window, report) -> None:
    """What a worker's import (a bundle opened, a QDA project, a Zotero library, Hypothesis
    annotations) changed, told to the window: its commits are its own, every view that may show
    what came in refreshes, and the report's sentence goes to the status bar."""
    watcher = getattr(window, "external_changes", None)
    if watcher is not None:  # the worker's commits are ours
        watcher.check_now()
    window.hub.archive_did_change.emit(Changes(
        articles=True, tags=True, annotations=True, notes=True, outlets=True,
        article_ids=tuple(report.article_ids), message=report.message))
    window.statusBar().showMessage(report.message, 10000)


# -- the preview, off the GUI thread -----------------------------------------------------------

class _PreviewSignals(QObject):
    done = Signal(int, object)        # generation, Preview or exception


class _PreviewTask(QRunnable):
    def __init__(self, archive_path: Path, generation: int, scope: Scope, style: str, notes: bool):
        super().__init__()
        self.archive_path, self.generation = archive_path, generation
        self.scope, self.style, self.notes = scope, style, notes
        self.signals = _PreviewSignals()

    def run(self) -> None:  # a pool thread: its own connection
        result: Preview | BaseException
        try:
            with Archive.open(self.archive_path, create=False) as archive:
                result = archive.exports.preview(self.scope, style=self.style,
                                                 include_private_notes=self.notes)
        except BaseException as exc:  # noqa: BLE001 — shown in the preview pane
            result = exc
        self.signals.done.emit(self.generation, result)


# -- the window --------------------------------------------------------------------------------

class ExportDialog(QDialog):
    #: a bundle was written; payload: ExportReport
    export_did_finish = Signal(object)
    #: a preview was shown; payload: Preview (tests wait for it)
    preview_did_update = Signal(object)

    def __init__(self, window, selection: list[int] | None = None):
        super().__init__(window)
        self.window_: MainWindow = window
        self.selection = list(selection or [])
        self.job: Job | None = None
        self.last_report = None
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._start_preview)
        self.setWindowTitle("Export citation bundle")
        self.setAccessibleName("Export citation bundle")
        self.resize(980, 640)
        self._build()
        self._fill_values()
        self._connect()
        self.schedule_preview()

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.addWidget(self._scope_box())
        column.addWidget(self._formats_box())
        column.addWidget(self._options_box())
        column.addStretch(1)
        self.preview_tabs = QTabWidget(self)
        self.bibliography_view = OfflineBrowser(self)   # titles and notes in it come from sources
        self.bibliography_view.setAccessibleName("Bibliography preview")
        self.quotes_view = OfflineBrowser(self)
        self.quotes_view.setAccessibleName("Quotes preview")
        self.preview_tabs.addTab(self.bibliography_view, "&Bibliography")
        self.preview_tabs.addTab(self.quotes_view, "&Quotes")
        self.preview_status = plain_label(QLabel("", self))
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview_tabs, 1)
        right_column.addWidget(self.preview_status)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setToolTip("Choose where to save the bundle (.zip) and write it")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _scope_box(self) -> QGroupBox:
        box = QGroupBox("What to export", self)
        form = QFormLayout(box)
        self.scope_kind = QComboBox(box)
        self.scope_kind.setAccessibleName("Scope")
        for kind, label in SCOPE_KINDS:
            if kind == "selection":
                label = f"{label} ({len(self.selection)})"
            self.scope_kind.addItem(label, kind)
        self.scope_value = QComboBox(box)
        self.scope_value.setAccessibleName("Tag, collection or saved search")
        form.addRow("&Scope:", self.scope_kind)
        form.addRow("&Which:", self.scope_value)
        if not self.selection:
            self.scope_kind.setCurrentIndex(self.scope_kind.findData("all"))
        return box

    def _formats_box(self) -> QGroupBox:
        box = QGroupBox("What goes in", self)
        grid = QGridLayout(box)
        self.format_boxes: dict[str, QCheckBox] = {}
        for n, fmt in enumerate(ALL_FORMATS):
            check = QCheckBox(FORMAT_LABELS[fmt], box)
            check.setChecked(True)
            self.format_boxes[fmt] = check
            grid.addWidget(check, n // 2, n % 2)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox("Options", self)
        form = QFormLayout(box)
        self.style_box = QComboBox(box)
        self.style_box.setAccessibleName("Citation style")
        self._fill_styles()
        self.add_style_button = QPushButton("&Add style…", box)
        self.add_style_button.setToolTip("Add a citation style (.csl file) from your disk")
        style_row = QHBoxLayout()
        style_row.addWidget(self.style_box, 1)
        style_row.addWidget(self.add_style_button)
        self.verbatim = QRadioButton("Sources &verbatim", box)
        self.passages = QRadioButton("Only the quoted &passages", box)
        self.verbatim.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.verbatim)
        row.addWidget(self.passages)
        self.private_notes = QCheckBox("Include private &notes", box)
        self.private_notes.setChecked(True)
        self.private_notes.setToolTip("Annotation notes, article notes and research notes")
        form.addRow("St&yle:", style_row)
        form.addRow(row)
        form.addRow(self.private_notes)
        return box

    def _fill_styles(self) -> None:
        self.style_box.blockSignals(True)
        self.style_box.clear()
        for key, label in available_styles().items():
            self.style_box.addItem(label, key)
        self.style_box.blockSignals(False)

    def add_style(self) -> str | None:
        """Copy a .csl file the user picks into their styles folder, list it and choose it."""
        path = choose_style_file(self)
        if path is None:
            return None
        try:
            key = add_user_style(path)
        except PalmyraError as exc:
            show_error(self, exc)
            return None
        self._fill_styles()
        self.set_style(key)
        self.window_.statusBar().showMessage(f"Added the citation style {self.style_box.currentText()}.",
                                            10000)
        return key

    def _fill_values(self) -> None:
        archive = self.window_.archive
        self._values = {
            "tag": [(t.path, t.path) for t in archive.tags.all() if t.namespace == "user"],
            "collection": [(f"{c.name} ({c.count})", c.name) for c in archive.collections.all()],
            "search": [(s.name, s.name) for s in archive.saved_searches.all()],
        }
        self._on_kind_changed()

    def _connect(self) -> None:
        self.scope_kind.currentIndexChanged.connect(self._on_kind_changed)
        for widget in (self.scope_value, self.style_box):
            widget.currentIndexChanged.connect(self.schedule_preview)
        self.private_notes.toggled.connect(self.schedule_preview)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.choose_and_export)
        self.add_style_button.clicked.connect(lambda _checked=False: self.add_style())

    def _on_kind_changed(self) -> None:
        kind = self.scope_kind.currentData()
        self.scope_value.blockSignals(True)
        self.scope_value.clear()
        for label, value in self._values.get(kind, []):
            self.scope_value.addItem(label, value)
        self.scope_value.blockSignals(False)
        self.scope_value.setEnabled(kind in self._values)
        self.schedule_preview()

    # -- what the user chose -------------------------------------------------------------------

    def set_scope(self, kind: str, value: str | None = None) -> None:
        self.scope_kind.setCurrentIndex(self.scope_kind.findData(kind))
        if value is not None:
            self.scope_value.setCurrentIndex(self.scope_value.findData(value))

    def set_style(self, style: str) -> None:
        self.style_box.setCurrentIndex(self.style_box.findData(style))

    def scope(self) -> Scope | None:
        kind = self.scope_kind.currentData()
        if kind == "all":
            return Scope("all")
        if kind == "selection":
            return Scope("ids", ids=tuple(self.selection)) if self.selection else None
        value = self.scope_value.currentData()
        return Scope(kind, value) if value else None

    def options(self) -> ExportOptions:
        formats = tuple(f for f, box in self.format_boxes.items() if box.isChecked())
        return ExportOptions(style=self.style_box.currentData(), formats=formats,
                             passages_only=self.passages.isChecked(),
                             include_private_notes=self.private_notes.isChecked())

    # -- preview -------------------------------------------------------------------------------

    def schedule_preview(self, *_args) -> None:
        self._timer.start()

    def _start_preview(self) -> None:
        scope = self.scope()
        self._generation += 1
        if scope is None:
            self._show_message("Nothing to preview: choose what to export.")
            return
        self.preview_status.setText("Updating the preview…")
        task = _PreviewTask(self.window_.archive.path, self._generation, scope,
                            self.style_box.currentData(), self.private_notes.isChecked())
        task.signals.done.connect(self._on_preview, Qt.ConnectionType.QueuedConnection)
        self._pool.start(task)

    def _on_preview(self, generation: int, result) -> None:
        if generation != self._generation:
            return   # the user changed something since; a newer preview is coming
        if isinstance(result, BaseException):
            self._show_message(user_message(result))
            return
        self.bibliography_view.setHtml(result.bibliography_html)
        self.quotes_view.document().setMarkdown(result.quotes_markdown, QUOTES_MARKDOWN)
        self.preview_status.setText(f"{result.article_count} article(s), "
                                    f"{result.annotation_count} annotation(s)")
        self.export_button.setEnabled(result.article_count > 0)
        self.preview_did_update.emit(result)

    def _show_message(self, text: str) -> None:
        self.bibliography_view.setPlainText(text)
        self.quotes_view.setPlainText(text)
        self.preview_status.setText(text)
        self.export_button.setEnabled(False)

    # -- export --------------------------------------------------------------------------------

    def choose_and_export(self) -> None:
        start = Path(str(settings().value(LAST_DIR_KEY, str(Path.home())))) / "citation-bundle.zip"
        chosen, _ = file_dialogs.getSaveFileName(self, "Save citation bundle", str(start), BUNDLE_FILTER)
        if chosen:
            if not chosen.lower().endswith(".zip"):   # the dialog asked about the name without .zip
                chosen += ".zip"
                if Path(chosen).exists() and not self._confirm_replace(Path(chosen)):
                    return
            path = Path(chosen)
            settings().setValue(LAST_DIR_KEY, str(path.parent))
            self.export_to(path)

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(self, "Replace the bundle?",
                                      f"{path.name} already exists. Do you want to replace it?")
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, path: Path):
        """Write the bundle to ``path``, replacing a file there (the Save dialog has asked)."""
        scope, options = self.scope(), self.options()
        if scope is None:
            return None

        def task(archive, progress, cancel):
            # the Save dialog has asked before replacing a file (the chooser confirms overwrite)
            return archive.exports.export_bundle(scope, path, options=options, progress=progress,
                                                 cancel=cancel, overwrite=True)

        self.export_button.setEnabled(False)
        job = self.window_.runner.start(self.window_.archive.path, task, parent=self,
                                        title="Writing the citation bundle…")
        job.succeeded.connect(self._exported)
        job.failed.connect(self._export_failed)
        self.job = job
        return job

    def _exported(self, report) -> None:
        self.last_report = report
        self.export_button.setEnabled(True)
        self.window_.statusBar().showMessage(report.message, 10000)
        self.export_did_finish.emit(report)
        self.accept()

    def _export_failed(self, exc) -> None:
        self.export_button.setEnabled(True)
        show_error(self, exc, status=self.window_.statusBar())

    def done(self, result: int) -> None:
        self._timer.stop()
        self._generation += 1          # ignore previews still running
        super().done(result)


# -- File › Open bundle… -----------------------------------------------------------------------

class BundleOpener(QObject):
    #: a bundle was opened; payload: BundleReport
    bundle_did_open = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.job = None
        self.show_summary = True     # tests turn the summary box off and read last_report
        self.last_report = None

    def choose_and_open(self) -> None:
        start = str(settings().value(LAST_DIR_KEY, str(Path.home())))
        path, _ = file_dialogs.getOpenFileName(self.window, "Open citation bundle", start, BUNDLE_FILTER)
        if path:
            self.open(Path(path))

    def open(self, path: Path):
        def task(archive, progress, cancel):
            return archive.exports.open_bundle(path, progress=progress, cancel=cancel)

        self.job = self.window.runner.start_for(self.window, task, title="Opening the citation bundle…",
                                                done=self._opened)
        return self.job

    def _opened(self, report) -> None:
        self.last_report = report
        announce_import(self.window, report)
        self.bundle_did_open.emit(report)
        if self.show_summary:
            icon, title = ((QMessageBox.Icon.Warning, "Nothing was imported") if report.nothing_imported
                           else (QMessageBox.Icon.Information, "Citation bundle opened"))
            box = plain_label(QMessageBox(icon, title, report.message, QMessageBox.StandardButton.Ok,
                                          self.window))
            if report.problems:
                box.setDetailedText("\n".join(report.problems))
                box.setInformativeText(f"{len(report.problems)} item(s) could not be placed; "
                                       "see the details.")
            box.exec()


# -- File › Import from… ------------------------------------------------------------------------

QDPX_FILTER = "REFI-QDA projects (*.qdpx *.qde);;All files (*)"
ZOTERO_RDF_FILTER = "Zotero RDF exports (*.rdf);;All files (*)"
HYPOTHESIS_FILTER = "Hypothesis exports (*.json);;All files (*)"


class ExchangeImporter(QObject):
    """File › Import from… › QDA project… / Zotero library… / Hypothesis annotations…: brought in
    on the runner's worker thread (``core.exchange``), with progress and Cancel like Open
    bundle…, and a summary after."""

    #: a project was imported; payload: QdaImportReport
    did_import = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.job = None
        self.show_summary = True     # tests turn the summary box off and read last_report
        self.last_report = None

    def _choose_file(self, title: str, file_filter: str, then) -> None:
        start = str(settings().value(LAST_DIR_KEY, str(Path.home())))
        path, _ = file_dialogs.getOpenFileName(self.window, title, start, file_filter)
        if path:
            then(Path(path))

    def _run(self, title: str, import_one, path: Path):
        """``import_one(archive, path, progress=, cancel=)`` on the runner's worker, its report
        to the summary; one way for every File › Import from… entry."""
        def task(archive, progress, cancel):
            return import_one(archive, path, progress=progress, cancel=cancel)

        self.job = self.window.runner.start_for(self.window, task, title=title, done=self._imported)
        return self.job

    def choose_qdpx(self) -> None:
        self._choose_file("Import a QDA project", QDPX_FILTER, self.import_qdpx)

    def import_qdpx(self, path: Path):
        from ...core.exchange.qdpx_import import import_qdpx
        return self._run("Importing the QDA project…", import_qdpx, path)

    def choose_zotero(self) -> None:
        start = str(Path.home() / "Zotero")
        folder = file_dialogs.getExistingDirectory(self.window, "Import a Zotero library (its data "
                                                   "directory)", start)
        if folder:
            self.import_zotero(Path(folder))

    def choose_zotero_rdf(self) -> None:
        """A Zotero RDF export (Export Library… › Zotero RDF, with its files/ folder, #10)."""
        self._choose_file("Import a Zotero RDF export", ZOTERO_RDF_FILTER, self.import_zotero)

    def import_zotero(self, folder: Path):
        from ...core.exchange.zotero import import_zotero
        return self._run("Importing the Zotero library…", import_zotero, folder)

    def choose_hypothesis(self) -> None:
        self._choose_file("Import Hypothesis annotations", HYPOTHESIS_FILTER, self.import_hypothesis)

    def import_hypothesis(self, path: Path):
        from ...core.exchange.hypothesis import import_hypothesis
        return self._run("Importing Hypothesis annotations…", import_hypothesis, path)

    def _imported(self, report) -> None:
        self.last_report = report
        announce_import(self.window, report)
        self.did_import.emit(report)
        if self.show_summary:
            box = plain_label(QMessageBox(QMessageBox.Icon.Information, "Imported",
                                          report.message, QMessageBox.StandardButton.Ok, self.window))
            details = getattr(report, "problems", None) or getattr(report, "reasons", None)
            if details:
                box.setDetailedText("\n".join(details))
            box.exec()


# -- wiring ------------------------------------------------------------------------------------

class Exporting(QObject):
    """The actions the main window gets from ``install_exporting``."""

    #: File › Import from… (made by ``install_exporting``)
    import_from_menu: QMenu

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.opener = BundleOpener(window)
        self.export_action = _action(window, "&Export…", "Ctrl+E", self.open_dialog,
                                     "Export citations, quotes and sources as a citation bundle")
        self.export_selection_action = _action(
            window, "Export selection…", None, lambda: self.open_dialog(selection=True),
            "Export the selected articles as a citation bundle")
        self.open_bundle_action = _action(window, "Open &bundle…", None, self.opener.choose_and_open,
                                          "Import a citation bundle someone sent you")
        self.importer = ExchangeImporter(window)
        self.import_qdpx_action = _action(
            window, "&QDA project (QualCoder, NVivo, ATLAS.ti, MAXQDA)…", None,
            self.importer.choose_qdpx, "Import a REFI-QDA project (.qdpx): codes, coded passages, memos")
        self.import_zotero_action = _action(
            window, "&Zotero library…", None, self.importer.choose_zotero,
            "Import a Zotero data directory: snapshots, citation-only entries, tags and notes")
        self.import_zotero_rdf_action = _action(
            window, "Zotero &RDF export…", None, self.importer.choose_zotero_rdf,
            "Import a Zotero RDF export (.rdf beside its files/): its snapshots read as the copies")
        self.import_hypothesis_action = _action(
            window, "&Hypothesis annotations…", None, self.importer.choose_hypothesis,
            "Import a Hypothesis export (JSON) onto the copies captured from the same pages")

    def open_dialog(self, *, selection: bool = False) -> ExportDialog:
        ids = self.window.library.selected_article_ids()
        self.dialog = ExportDialog(self.window, ids)
        if selection and ids:
            self.dialog.set_scope("selection")
        self.dialog.show()
        return self.dialog


def _action(window, text: str, shortcut: str | None, slot, tip: str) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def install_exporting(window) -> Exporting:
    """File › Export… (Ctrl+E) and Open bundle…, and "Export selection…" on the library."""
    exporting = Exporting(window)
    file_menu = window.menus["file"]
    quit_action = window.actions_by_name.get("quit")
    file_menu.insertActions(quit_action, [exporting.export_action, exporting.open_bundle_action])
    import_from = QMenu("Import &from…", file_menu)
    import_from.addAction(exporting.import_qdpx_action)
    import_from.addAction(exporting.import_zotero_action)
    import_from.addAction(exporting.import_zotero_rdf_action)
    import_from.addAction(exporting.import_hypothesis_action)
    exporting.import_from_menu = import_from
    file_menu.insertMenu(quit_action, import_from)
    file_menu.insertSeparator(quit_action)
    window.library.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    window.library.addAction(exporting.export_selection_action)
    return exporting
