"""Source and user text in widgets: always shown as text, never read as markup (#21).

Qt reads a tooltip, a QLabel, a message box's text and an input dialog's label as rich text
whenever ``Qt::mightBeRichText`` guesses so (a tag anywhere in the first line is enough), and a
rich-text ``<img src="file:///…">`` makes Qt open that file to draw it. So every such text that
carries a title, an author, an outlet, a note, a tag or a file name goes through one of these:

- ``plain_tooltip(text)`` for ``setToolTip`` and ``ToolTipRole``: escaped and wrapped in
  ``<qt>`` so it is always rich text, and inert (line breaks kept);
- ``plain_rich(text)``, the same for a label Qt owns (an input dialog's);
- ``plain_label(label)`` for a QLabel or QMessageBox we own: plain text format;
- ``OfflineBrowser`` for a rendered view: links never followed, nothing ever loaded (it
  records what it was asked for, so tests can prove it was asked for nothing), tooltips
  escaped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QTextBrowser, QToolTip


def plain_rich(text) -> str:
    """``text`` as inert rich text: what it says is what shows."""
    return "<qt>" + html.escape("" if text is None else str(text)).replace("\n", "<br>") + "</qt>"


def plain_tooltip(text) -> str:
    """A tooltip that shows ``text`` exactly (empty stays empty: no tooltip)."""
    return plain_rich(text) if text else ""


def plain_label(widget):
    """Make a QLabel (or QMessageBox) show its text as plain text, whatever it contains."""
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class OfflineBrowser(QTextBrowser):
    """A rendered note or preview: links are shown, never followed; no resource (image, style
    sheet) is ever loaded, remote or local; char-format tooltips show as text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        #: every resource Qt asked this view for (it got none)
        self.resource_requests: list[str] = []

    def loadResource(self, type_: int, name: QUrl | str) -> None:  # noqa: N802 — Qt override
        self.resource_requests.append(name.toString() if isinstance(name, QUrl) else name)

    def viewportEvent(self, event) -> bool:  # noqa: N802 — Qt override
        if event.type() == event.Type.ToolTip:
            show_plain_tooltip(event, self.cursorForPosition(event.pos()).charFormat().toolTip(),
                               self.viewport())
            return True
        return super().viewportEvent(event)


def show_plain_tooltip(event, tip: str | None, viewport) -> None:
    """Answer a tooltip event with ``tip`` shown as text (or hide the tooltip when there is none)."""
    if tip:
        QToolTip.showText(event.globalPos(), plain_tooltip(tip), viewport)
    else:
        QToolTip.hideText()
