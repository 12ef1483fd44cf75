"""The Provenance tab: the chain diagram above, every rights statement verbatim below.

Each statement shows its classification and, in plain words, what a reprint must carry.
Imported text is escaped before it reaches the rich-text view.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ...core.library.corrections import date_as_shown
from ...core.store.records import Capture, CopyLine, FirstAppearance, RightsLine
from .chain_diagram import ChainDiagram
from .rights_words import KIND_LABELS, plain_words


def rights_html(rights: list[RightsLine]) -> str:
    if not rights:
        return "<p><i>No copyright, reprint or disclaimer text was found under this copy.</i></p>"
    parts = ["<h3>Rights and reprint terms</h3>"]
    for statement in rights:
        kind = KIND_LABELS.get(statement.kind, statement.kind or "Statement")
        extra = [v for v in (statement.holder, statement.year, statement.language) if v]
        meta = f" <small>({html.escape(', '.join(map(str, extra)))})</small>" if extra else ""
        parts.append(f"<p><b>{html.escape(kind)}</b>{meta}</p>")
        text = html.escape(statement.text or "").replace("\n", "<br>")
        parts.append(f'<p style="margin-left:14px">{text}</p>')
        words = plain_words(statement)
        if words:
            parts.append(f'<p style="margin-left:14px">→ <i>{html.escape(words)}</i></p>')
    return "".join(parts)


PRECISION_WORDS = {"day": "to the day", "month": "to the month only", "year": "to the year only"}


def head_html(detail) -> str:
    """What the head states besides the values (#12): each author's role as printed, where the
    story was filed, and how precise the date is; each with where it was read."""
    items = []
    for role in getattr(detail, "author_roles", None) or []:
        where = role.evidence
        at = (f" <small>(read from the byline, characters {where.start}–{where.end} of the"
              " source)</small>") if where.start is not None else ""
        items.append(f"<li><b>{html.escape(role.author)}</b>: {html.escape(role.role)}{at}</li>")
    dateline = getattr(detail, "dateline", None)
    if dateline and (dateline.place or dateline.agency):
        how = "a wire dateline" if "wire" in (dateline.method or "") else "the byline"
        agency = f" by {html.escape(dateline.agency)}" if dateline.agency else ""
        place = f" from {html.escape(dateline.place)}" if dateline.place else ""
        items.append(f"<li>Filed{place}{agency} <small>(read from {how})</small></li>")
    precision = getattr(detail, "date_precision", None)
    if precision and getattr(detail, "date", None):
        corrected = " (your correction)" if getattr(detail, "date_status", None) == "corrected" else ""
        items.append(f"<li>Date {html.escape(date_as_shown(detail.date) or detail.date)}: known "
                     f"{PRECISION_WORDS.get(precision, html.escape(precision))}{corrected}</li>")
    if not items:
        return ""
    return f"<h3>Read from the head</h3><ul>{''.join(items)}</ul>"


def _partial(iso: str | None) -> bool:
    """A month or a year ("first published in March 2016"), not a day ("on 2016-03-28")."""
    return iso is not None and 0 < len(iso) < 10


#: the Provenance tab's "Move this copy to Trash" links: TRASH_COPY_ANCHOR + copy id
TRASH_COPY_ANCHOR = "palmyra-trash-copy:"


def copies_html(copies: list[CopyLine], shown_copy_id: int) -> str:
    """Other copies of the same work in the archive (another outlet's reprint, a new version);
    while two or more are in the library each offers "Move this copy to Trash"."""
    if len(copies) < 2:
        return ""
    live = [c for c in copies if not c.in_trash and not c.superseded_by_id]
    rows = []
    for copy in copies:
        what = ", ".join(str(v) for v in (copy.outlet or "outlet unknown", date_as_shown(copy.date),
                                         copy.source) if v)
        notes = []
        if copy.copy_id == shown_copy_id:
            notes.append("shown")
        if copy.superseded_by_id:
            notes.append("replaced by a newer version")
        if copy.in_trash:
            notes.append("in the Trash: Restore with Undo or `restore --copy`")
        suffix = f" <i>({html.escape(', '.join(notes))})</i>" if notes else ""
        action = (f' — <a href="{TRASH_COPY_ANCHOR}{int(copy.copy_id)}">Move this copy to Trash</a>'
                  if len(live) >= 2 and copy in live else "")
        rows.append(f"<li>{html.escape(what)}{suffix}{action}</li>")
    return f"<h3>Copies of this work in the archive ({len(copies)})</h3><ul>{''.join(rows)}</ul>"


def capture_html(capture: Capture | None, captures: list[Capture], fmt: str = "text") -> str:
    """Capture provenance (#10): "captured from URL on DATE by TOOL", the digest check, and
    the other captures of the same page (revisits, redirects, duplicates). Escaped text only."""
    if not capture:
        return ""
    parts = []
    if capture.url:
        parts.append(f"from {capture.url}")
    if capture.captured_at:
        parts.append(f"on {capture.captured_at}")
    if capture.tool:
        parts.append(f"by {capture.tool}")
    lines = [f"<h3>Capture</h3><p>Captured {html.escape(' '.join(parts) or 'with no details')}.</p>"]
    if capture.payload_digest:
        state = {True: "verified at import", False: "DID NOT MATCH",
                 None: "not checked"}[capture.digest_ok]
        lines.append(f"<p>Payload digest {html.escape(capture.payload_digest)}: "
                     f"{html.escape(state)}.</p>")
    if capture.container:
        lines.append(f"<p>From the file {html.escape(capture.container)}.</p>")
    if capture.package_digest_ok is not None:
        state = ("matches the hash its datapackage.json lists" if capture.package_digest_ok
                 else "DOES NOT MATCH the hash its datapackage.json lists (changed after the "
                      "WACZ was made)")
        lines.append(f"<p>The WARC it was read from {html.escape(state)}.</p>")
    others = [c for c in captures if c.relation != "capture"]
    if others:
        rows = "".join(f"<li>{html.escape(str(c.relation))}: "
                       f"{html.escape(str(c.url or ''))} "
                       f"{html.escape(str(c.captured_at or ''))}</li>" for c in others)
        lines.append(f"<p>Capture history ({len(others)} more):</p><ul>{rows}</ul>")
    return "".join(lines)


def with_evidence(chain: list, original: FirstAppearance | None) -> list[dict]:
    """The chain with the original's evidence sentence on the hop that states it (the next one)."""
    hops = [dict(h) if isinstance(h, dict) else dict(vars(h)) for h in chain]
    if len(hops) > 1 and original is not None and original.evidence and not hops[1].get("evidence"):
        hops[1]["evidence"] = original.evidence
    return hops


class ProvenanceTab(QWidget):
    #: a copy's "Move this copy to Trash" link was clicked: the copy id (gui/widgets/library_menu)
    copy_trash_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Provenance summary")
        self.diagram = ChainDiagram(self)
        self.rights = QTextBrowser(self)
        self.rights.setObjectName("rightsView")
        self.rights.setAccessibleName("Rights statements")
        self.rights.setOpenLinks(False)
        self.rights.setOpenExternalLinks(False)
        self.rights.anchorClicked.connect(self._anchor_clicked)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.diagram)
        splitter.addWidget(self.rights)
        splitter.setSizes([280, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(splitter)
        self.splitter = splitter
        #: the copies found by text (gui/reuse), set by ``attach_reuse``
        self.reuse_panel = None

    def attach_reuse(self, panel) -> None:
        """Show ``panel`` (the links found by text, #11) between the chain and the rights."""
        self.reuse_panel = panel
        self.splitter.insertWidget(1, panel)
        self.splitter.setSizes([260, 180, 320])

    def show_provenance(self, detail) -> None:
        original = detail.original
        if original is not None and original.outlet:
            when = f" in {date_as_shown(original.date)}" if _partial(original.date) else (
                f" on {original.date}" if original.date else "")
            self.summary.setText(f"This copy ({html.escape(detail.outlet or 'outlet unknown')}) "
                                 f"was first published by <b>{html.escape(original.outlet)}</b>"
                                 f"{html.escape(when)}.")
        else:
            self.summary.setText("This copy names no earlier outlet.")
        self.diagram.show_chain(with_evidence(detail.chain or [], original))
        self.rights.setHtml(capture_html(getattr(detail, "capture", None),
                                         getattr(detail, "captures", None) or [],
                                         getattr(detail, "format", "text"))
                            + head_html(detail)
                            + copies_html(detail.copies or [], detail.copy_id)
                            + rights_html(detail.rights or []))
        if self.reuse_panel is not None:
            self.reuse_panel.show_article(detail.id)

    def _anchor_clicked(self, url) -> None:
        """Only our own links do anything; imported text never reaches here as a link."""
        target = url.toString()
        if target.startswith(TRASH_COPY_ANCHOR) and target[len(TRASH_COPY_ANCHOR):].isdigit():
            self.copy_trash_requested.emit(int(target[len(TRASH_COPY_ANCHOR):]))

    def clear_provenance(self) -> None:
        self.summary.clear()
        self.diagram.show_chain([])
        self.rights.clear()
