"""The Source tab: the imported file verbatim, each region tinted by what the importer decided.

A researcher checks the split here: site text, header, body, captions, footer, rights,
comments each get a tint (chosen for light and dark palettes) and a legend names them.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .offsets import OffsetMap
from .tints import REGION_LABELS, region_tint


class SourceTab(QWidget):
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
        self.regions: list = []

    def show_source(self, view) -> None:
        self.regions = list(view.regions)
        self.info.setText(f"<b>{html.escape(view.filename)}</b> &nbsp; {html.escape(view.encoding)}"
                          f" &nbsp; <small>SHA-256 {html.escape(view.sha256[:16])}…</small>")
        self.info.setToolTip(f"SHA-256 of the file as imported: {view.sha256}")
        self.text.setPlainText(view.text)
        self._tint(view.text)
        self._fill_legend()

    def clear_source(self) -> None:
        self.regions = []
        self.info.clear()
        self.text.clear()
        self._fill_legend()

    def _tint(self, text: str) -> None:
        offsets = OffsetMap(text)
        cursor = QTextCursor(self.text.document())
        for region in self.regions:
            fmt = QTextCharFormat()
            fmt.setBackground(region_tint(region.kind, self.palette()))
            fmt.setToolTip(REGION_LABELS.get(region.kind, region.kind))
            cursor.setPosition(offsets.to_doc(region.start))
            cursor.setPosition(offsets.to_doc(region.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

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
        self.legend.setText("&nbsp; ".join(chips))
        self.legend.setToolTip("What the importer decided each stretch of the file is")

    def legend_labels(self) -> list[str]:
        return list(self._legend_names)
