"""The republishing chain drawn as a diagram: outlets as boxes, arrows with dates and evidence.

The original comes first, this copy last, top to bottom, so a long evidence sentence can wrap
beside its arrow. Colours come from the palette so the diagram follows light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsTextItem, QGraphicsView

from ...core.library.corrections import date_as_shown

BOX_WIDTH = 240
BOX_HEIGHT = 54
GAP = 86
TEXT_WIDTH = 330

RELATION_WORDS = {
    "original_source": "original source", "courtesy": "courtesy of",
    "republished_with_permission": "republished with permission", "first_published":
    "first published by", "source": "source", "via": "via",
}


def _get(hop, name):
    return hop.get(name) if isinstance(hop, dict) else getattr(hop, name, None)


class ChainDiagram(QGraphicsView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("chainDiagram")
        self.setAccessibleName("Republishing chain diagram")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        #: the texts drawn, for tests and the accessible description
        self.labels: list[str] = []
        self._chain: list = []
        self._drawn_width = 0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if abs(self.viewport().width() - self._drawn_width) > 24:
            self.show_chain(self._chain)

    def _text_width(self) -> float:
        """The evidence column fills the pane beside the arrows, within reason."""
        return max(140.0, min(TEXT_WIDTH, self.viewport().width() - BOX_WIDTH / 2 - 40))

    def show_chain(self, chain: list) -> None:
        self._chain = list(chain)
        self._drawn_width = self.viewport().width()
        self._scene.clear()
        self.labels = []
        palette = self.palette()
        self.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        if not chain:
            self._text("No republishing chain: this copy names no other outlet.", 0, 0, palette)
            return
        y = 0.0
        for index, hop in enumerate(chain):
            if index:
                self._arrow(y - GAP, y, hop, palette)
            self._box(hop, y, palette, is_copy=index == len(chain) - 1, is_original=index == 0)
            y += BOX_HEIGHT + GAP
        self._scene.setSceneRect(self._scene.itemsBoundingRect().adjusted(-12, -12, 12, 12))
        self.setAccessibleDescription(" → ".join(self.labels))

    def _text(self, text: str, x: float, y: float, palette, *, width: float | None = None,
              bold=False, muted=False) -> QGraphicsTextItem:
        item = QGraphicsTextItem()
        item.setPlainText(text)
        font = item.font()
        font.setBold(bold)
        if muted:
            font.setItalic(True)
        item.setFont(font)
        role = QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.Text
        item.setDefaultTextColor(palette.color(role))
        if width:
            item.setTextWidth(width)
        item.setPos(x, y)
        self._scene.addItem(item)
        self.labels.append(text)
        return item

    def _box(self, hop, y: float, palette, *, is_copy: bool, is_original: bool) -> None:
        rect = QGraphicsRectItem(QRectF(0, y, BOX_WIDTH, BOX_HEIGHT))
        role = QPalette.ColorRole.Highlight if is_copy else QPalette.ColorRole.Mid
        rect.setPen(QPen(palette.color(role), 2 if is_copy else 1.2))
        rect.setBrush(QBrush(palette.color(QPalette.ColorRole.AlternateBase)))
        self._scene.addItem(rect)
        outlet = _get(hop, "outlet") or "(outlet not named)"
        role_text = "this copy" if is_copy else ("original" if is_original else "relay")
        self._text(outlet, 8, y + 4, palette, width=BOX_WIDTH - 16, bold=True)
        date = date_as_shown(_get(hop, "date")) or "date not given"
        self._text(f"{date}  ·  {role_text}", 8, y + 26, palette, width=BOX_WIDTH - 16, muted=True)

    def _arrow(self, top: float, bottom: float, hop, palette) -> None:
        x = BOX_WIDTH / 2
        pen = QPen(palette.color(QPalette.ColorRole.Text), 1.5)
        self._scene.addLine(x, top + 4, x, bottom - 6, pen)
        head = QPolygonF([QPointF(x, bottom - 2), QPointF(x - 6, bottom - 12),
                          QPointF(x + 6, bottom - 12)])
        self._scene.addPolygon(head, pen, QBrush(palette.color(QPalette.ColorRole.Text)))
        relation = RELATION_WORDS.get(_get(hop, "relation") or "", _get(hop, "relation") or "")
        evidence = _get(hop, "evidence")
        text = "republished" + (f" ({relation})" if relation else "")
        width = self._text_width()
        self._text(text, x + 14, top + 6, palette, width=width, bold=False)
        if evidence:
            self._text(f"“{evidence}”", x + 14, top + 26, palette, width=width, muted=True)
