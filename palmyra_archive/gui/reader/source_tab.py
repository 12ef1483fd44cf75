"""The Source tab: the imported file verbatim, each region tinted by what the importer decided.

A researcher checks the split here: site text, header, body, captions, footer, rights,
comments each get a tint (chosen for light and dark palettes) and a legend names them.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .offsets import OffsetMap
from .tints import REGION_LABELS, region_tint


class SourceTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setObjectName("sourceInfo")
        self.info.setAccessibleName("Source file")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(self.info.textInteractionFlags()
                                          | self.info.textInteractionFlags().TextSelectableByMouse)
        self.legend = QWidget(self)
        self.legend.setAccessibleName("Legend of region tints")
        self.legend_layout = QHBoxLayout(self.legend)
        self.legend_layout.setContentsMargins(0, 0, 0, 0)
        self.legend_layout.setSpacing(4)
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
        while self.legend_layout.count():
            item = self.legend_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        kinds = list(dict.fromkeys(r.kind for r in self.regions))
        for kind in kinds:
            label = QLabel(REGION_LABELS.get(kind, kind), self.legend)
            color = region_tint(kind, self.palette()).name()
            label.setStyleSheet(f"background-color: {color}; padding: 2px 6px; border-radius: 3px;")
            label.setAccessibleName(f"Legend: {REGION_LABELS.get(kind, kind)}")
            self.legend_layout.addWidget(label)
        self.legend_layout.addStretch(1)

    def legend_labels(self) -> list[str]:
        return [self.legend_layout.itemAt(i).widget().text()
                for i in range(self.legend_layout.count())
                if self.legend_layout.itemAt(i).widget() is not None]
