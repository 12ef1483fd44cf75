"""The Source tab: the imported file verbatim, each region tinted by what the importer decided.

A researcher checks the split here: site text, header, body, captions, footer, rights,
comments each get a tint (chosen for light and dark palettes) and a legend names them. Where
the split is wrong, the context menu on a selection says what the stretch really is ("This
is… › Site text"); the tab only emits the wish (``regions_marked``), the window runs it through
the core as an undoable command (``region_actions``). Corrected stretches are underlined.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QVBoxLayout, QWidget

from .offsets import OffsetMap
from .tints import REGION_LABELS, region_tint

#: what a user can say a selected stretch is: (kind, menu label)
MARKABLE = (
    ("body", "Article text"),
    ("site_text", "Site text (not the article)"),
    ("caption", "Caption"),
    ("comments", "Reader comments"),
    ("footer", "Footer or rights"),
)
CORRECTED_LABEL = "Corrected by you"


class SourceTab(QWidget):
    #: the user says the stretch (start, end) of the source is ``kind``
    regions_marked = Signal(int, int, str)
    #: the user wants every correction of the split forgotten
    corrections_cleared = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setObjectName("sourceInfo")
        self.info.setAccessibleName("Source file")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel(self)
        self.legend.setObjectName("sourceLegend")
        self.legend.setAccessibleName("Legend of region tints")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend_names: list[str] = []
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("sourceText")
        self.text.setAccessibleName("Source text")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.info)
        layout.addWidget(self.legend)
        layout.addWidget(self.text)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._show_menu)
        self.regions: list = []
        self.corrections: list = []
        self._offsets = OffsetMap("")

    def show_source(self, view) -> None:
        self.regions = list(view.regions)
        self.corrections = list(getattr(view, "corrections", []))
        self.info.setText(f"<b>{html.escape(view.filename)}</b> &nbsp; {html.escape(view.encoding)}"
                          f" &nbsp; <small>SHA-256 {html.escape(view.sha256[:16])}…</small>")
        self.info.setToolTip(f"SHA-256 of the file as imported: {view.sha256}")
        self.text.setPlainText(view.text)
        self._tint(view.text)
        self._fill_legend()

    def clear_source(self) -> None:
        self.regions = []
        self.corrections = []
        self.info.clear()
        self.text.clear()
        self._fill_legend()

    def _tint(self, text: str) -> None:
        offsets = self._offsets = OffsetMap(text)
        cursor = QTextCursor(self.text.document())
        for region in self.regions:
            fmt = QTextCharFormat()
            fmt.setBackground(region_tint(region.kind, self.palette()))
            fmt.setToolTip(REGION_LABELS.get(region.kind, region.kind))
            cursor.setPosition(offsets.to_doc(region.start))
            cursor.setPosition(offsets.to_doc(region.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        for correction in self.corrections:   # a dashed underline: the user's word, not ours
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setToolTip(f"{CORRECTED_LABEL}: {REGION_LABELS.get(correction.kind, correction.kind)}")
            cursor.setPosition(offsets.to_doc(correction.start))
            cursor.setPosition(offsets.to_doc(correction.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    # -- correcting the split --------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as offsets into the source text (None when nothing is selected)."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._offsets.to_offset(cursor.selectionStart())
        end = self._offsets.to_offset(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return start, end

    def context_menu(self) -> QMenu:
        """The text's usual menu (Copy, Select All) with "This is…" and "Undo region corrections"."""
        menu = self.text.createStandardContextMenu()
        menu.addSeparator()
        span = self.selected_span()
        this_is = menu.addMenu("This is…")
        this_is.setEnabled(span is not None)
        this_is.setToolTip("Say what the selected lines really are; the article is re-read")
        for kind, label in MARKABLE:
            action = this_is.addAction(label)
            action.setObjectName(f"markRegion_{kind}")
            if span is not None:
                action.triggered.connect(
                    lambda _checked=False, k=kind, s=span: self.regions_marked.emit(s[0], s[1], k))
        clear = menu.addAction("Undo region corrections")
        clear.setObjectName("clearRegionCorrections")
        clear.setEnabled(bool(self.corrections))
        clear.triggered.connect(self.corrections_cleared.emit)
        return menu

    def _show_menu(self, point: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.text.viewport().mapToGlobal(point))
        menu.deleteLater()

    def region_kind_at(self, offset: int) -> str | None:
        """What the importer decided the character at ``offset`` is (innermost region wins)."""
        covering = [r for r in self.regions if r.start <= offset < r.end]
        return min(covering, key=lambda r: r.end - r.start).kind if covering else None

    def _fill_legend(self) -> None:
        """One wrapped line of tinted names, so the legend fits a narrow reader pane."""
        kinds = list(dict.fromkeys(r.kind for r in self.regions))
        self._legend_names = [REGION_LABELS.get(kind, kind) for kind in kinds]
        chips = [f'<span style="background-color:{region_tint(kind, self.palette()).name()};">'
                 f"&nbsp;{html.escape(name)}&nbsp;</span>"
                 for kind, name in zip(kinds, self._legend_names)]
        if self.corrections:
            self._legend_names.append(CORRECTED_LABEL)
            chips.append(f"<u>&nbsp;{html.escape(CORRECTED_LABEL)}&nbsp;</u>")
        self.legend.setText("&nbsp; ".join(chips))
        self.legend.setToolTip("What the importer decided each stretch of the file is")

    def legend_labels(self) -> list[str]:
        return list(self._legend_names)
