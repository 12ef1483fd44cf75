"""The Spread view: how a work (or the articles of a search) travelled (issue #11).

Above, a timeline of every copy (outlet, date, hop, share reused; proposed links drawn hollow,
so nothing found by text looks like fact); below, the outlet network (who takes from whom,
the evidence count on each edge; order unknown drawn without an arrow). Both are drawn with
QGraphicsView; clicking a copy opens it in the reader. Export as PNG or SVG, and the network
as GraphML or GEXF for Gephi. Outlet names and titles are drawn as plain text.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from ...core.reuse.network import layout as network_layout
from ...core.reuse.network import write as write_network
from ...core.store.errors import PalmyraError
from ..common import file_dialogs
from ..common.errors import show_error

ARTICLE_ROLE = 0
TIMELINE_WIDTH = 900


class ClickableView(QGraphicsView):
    """A view whose items carrying an article id open it when clicked."""

    article_clicked = Signal(int)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)

    def mousePressEvent(self, event) -> None:  # noqa: N802 — Qt override
        item = self.itemAt(event.position().toPoint())
        while item is not None and item.data(ARTICLE_ROLE) is None:
            item = item.parentItem()
        if item is not None:
            self.article_clicked.emit(int(item.data(ARTICLE_ROLE)))
            return
        super().mousePressEvent(event)


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1).toordinal()
    except (ValueError, IndexError):
        return None


def draw_timeline(scene: QGraphicsScene, copies) -> list[QGraphicsEllipseItem]:
    """Copies by date along x, one lane per outlet; undated copies at the right, marked."""
    scene.clear()
    days = [d for d in (_day(c.date) for c in copies) if d is not None]
    first, last = (min(days), max(days)) if days else (0, 1)
    span = max(1, last - first)
    lanes: dict[str, int] = {}
    dots = []
    axis = QPen(QColor("#999"))
    for c in copies:
        lanes.setdefault(c.outlet or "outlet unknown", len(lanes))
    height = 30 * max(1, len(lanes))
    scene.addLine(160, height + 10, 160 + TIMELINE_WIDTH + 60, height + 10, axis)
    for name, lane in lanes.items():
        label = QGraphicsSimpleTextItem(name[:24])
        label.setPos(0, lane * 30 + 2)
        scene.addItem(label)
    for c in copies:
        lane = lanes[c.outlet or "outlet unknown"]
        d = _day(c.date)
        x = 160 + (TIMELINE_WIDTH * (d - first) / span if d is not None else TIMELINE_WIDTH + 50)
        y = lane * 30 + 6
        proposed = "proposed" in c.relation
        dot = QGraphicsEllipseItem(QRectF(x - 6, y - 6 + 6, 12, 12))
        dot.setPen(QPen(QColor("#1f5f8b"), 2))
        dot.setBrush(QBrush(Qt.BrushStyle.NoBrush) if proposed else QBrush(QColor("#1f5f8b")))
        share = f", {c.share:.0%} reused".replace("%", " %") if c.share is not None else ""
        hop = f", hop {c.hop}" if c.hop else ""
        dot.setToolTip(f"<qt>{_esc(c.outlet or 'outlet unknown')}, {_esc(c.date or 'date unknown')}"
                       f"{hop}{share}<br>{_esc(c.title)}<br><i>{_esc(c.relation)}</i></qt>")
        dot.setData(ARTICLE_ROLE, c.article_id)
        dot.setCursor(Qt.CursorShape.PointingHandCursor)
        scene.addItem(dot)
        dots.append(dot)
    for d, _text in ((first, "first"), (last, "last")):
        if days:
            stamp = QGraphicsSimpleTextItem(date.fromordinal(d).isoformat())
            stamp.setPos(160 + TIMELINE_WIDTH * (d - first) / span - 30, height + 14)
            scene.addItem(stamp)
    return dots


def _esc(text) -> str:
    import html
    return html.escape(str(text or ""))


def draw_network(scene: QGraphicsScene, graph) -> dict:
    """Outlets on a force-directed layout (``network.layout``: no networkx in the app), edges
    with their evidence counts."""
    scene.clear()
    if graph.number_of_nodes() == 0:
        scene.addSimpleText("No outlet takes from another here yet.")
        return {}
    positions = network_layout(graph)
    scale = 260
    points = {n: QPointF(float(p[0]) * scale, float(p[1]) * scale) for n, p in positions.items()}
    pen = QPen(QColor("#777"), 1.5)
    for src, dst, data in graph.edges(data=True):
        a, b = points[src], points[dst]
        pen.setWidthF(1 + min(6, math.log2(1 + data.get("weight", 1))))
        scene.addLine(a.x(), a.y(), b.x(), b.y(), pen)
        if not data.get("order_unknown"):
            _arrow(scene, a, b)
        label = QGraphicsSimpleTextItem(str(data.get("weight", 0)))
        label.setPos((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        label.setToolTip(f"<qt>printed {data.get('printed', 0)}, confirmed {data.get('confirmed', 0)}, "
                         f"proposed {data.get('proposed', 0)}"
                         f"{'; order unknown' if data.get('order_unknown') else ''}</qt>")
        scene.addItem(label)
    nodes = {}
    for n, data in graph.nodes(data=True):
        p = points[n]
        dot = QGraphicsEllipseItem(QRectF(p.x() - 9, p.y() - 9, 18, 18))
        dot.setBrush(QBrush(QColor("#e3a33b")))
        dot.setToolTip(f"<qt>{_esc(data.get('label'))}: {data.get('copies', 0)} copies</qt>")
        scene.addItem(dot)
        text = QGraphicsSimpleTextItem(str(data.get("label", ""))[:30])
        text.setPos(p.x() + 11, p.y() - 8)
        scene.addItem(text)
        nodes[n] = dot
    return nodes


def _arrow(scene, a: QPointF, b: QPointF) -> None:
    angle = math.atan2(b.y() - a.y(), b.x() - a.x())
    tip = QPointF(b.x() - 11 * math.cos(angle), b.y() - 11 * math.sin(angle))
    left = QPointF(tip.x() - 9 * math.cos(angle - 0.4), tip.y() - 9 * math.sin(angle - 0.4))
    right = QPointF(tip.x() - 9 * math.cos(angle + 0.4), tip.y() - 9 * math.sin(angle + 0.4))
    scene.addPolygon(QPolygonF([tip, left, right]), QPen(QColor("#555")), QBrush(QColor("#555")))


def save_scene(scene: QGraphicsScene, path: Path) -> None:
    rect = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle("Palmyra Archive spread")
        painter = QPainter(generator)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        return
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    if not image.save(str(path)):
        raise PalmyraError(f"Could not write {path}.")


class SpreadView(QDialog):
    """``article_ids``: one work, or the articles a search found."""

    article_requested = Signal(int)

    def __init__(self, archive, article_ids: list[int], *, title: str = "Spread", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName("Spread view")
        self.resize(1200, 820)
        self.copies = archive.reuse.spread_many(article_ids)
        self.graph = archive.reuse.network(sorted({c.article_id for c in self.copies}))
        self.timeline_scene = QGraphicsScene(self)
        self.network_scene = QGraphicsScene(self)
        self.dots = draw_timeline(self.timeline_scene, self.copies)
        self.nodes = draw_network(self.network_scene, self.graph)
        self.timeline = ClickableView(self.timeline_scene, self)
        self.timeline.setObjectName("spreadTimeline")
        self.timeline.setAccessibleName("Timeline of copies")
        self.network = ClickableView(self.network_scene, self)
        self.network.setObjectName("spreadNetwork")
        self.network.setAccessibleName("Outlet network")
        self.timeline.article_clicked.connect(self.article_requested)
        summary = QLabel(f"{len(self.copies)} copies in {len({c.outlet for c in self.copies})} outlets; "
                         f"{self.graph.number_of_edges()} outlet links. Hollow dots: proposed, not "
                         "confirmed. Click a copy to open it.")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.timeline)
        splitter.addWidget(self.network)
        self.what = QComboBox()
        self.what.addItems(["Timeline as PNG", "Timeline as SVG", "Network as PNG", "Network as SVG",
                            "Network as GraphML", "Network as GEXF"])
        export = QPushButton("&Export…")
        export.clicked.connect(lambda: self.export(self.what.currentText()))
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(summary, 1)
        row.addWidget(self.what)
        row.addWidget(export)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(row)
        self.last_export: Path | None = None

    def export(self, what: str) -> Path | None:
        part, _as, fmt = what.split(" ")
        suffix = fmt.lower()
        name, _f = file_dialogs.getSaveFileName(self, f"Export the {part.lower()}",
                                                f"spread-{part.lower()}.{suffix}", f"{fmt} (*.{suffix})")
        if not name:
            return None
        path = Path(name)
        try:
            if suffix in ("graphml", "gexf"):
                write_network(self.graph, suffix, path)
            else:
                save_scene(self.timeline_scene if part == "Timeline" else self.network_scene,
                           path.with_suffix(f".{suffix}") if not path.suffix else path)
        except (OSError, PalmyraError) as exc:
            show_error(self, exc if isinstance(exc, PalmyraError) else PalmyraError(f"Could not write {name}."))
            return None
        self.last_export = path
        return path
