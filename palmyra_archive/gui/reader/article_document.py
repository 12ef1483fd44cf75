"""Lay out an ``ArticleDetail`` as a QTextDocument a reader wants: header, body, notes.

The standfirst and body are inserted verbatim, as plain text, so their characters sit at a
fixed distance from ``copies.standfirst``/``copies.body`` offsets (see ``OffsetMap``), and
annotations can anchor on them: ``text_map`` maps offsets into the copy's annotatable text
(standfirst, paragraph break, body: ``core.annotate.annotatable``) to the document. Nothing is ever
parsed as HTML: formats are applied to ranges afterwards (links, footnote markers, captions).
Only web addresses (http, https, mailto: ``core.text.markup.is_web_link``) become anchors; a link to
file:, javascript:, data: or another local scheme is shown as text, its address in the tooltip,
and so is an image's address (``![alt](address)`` reads as "!alt": never an image, nor a link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtGui import (
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication

from ...core.annotate.annotatable import annotatable_text, body_offset
from ...core.library.corrections import date_as_shown
from ...core.text.markup import is_web_link
from .offsets import JoinedMap, OffsetMap, utf16_length

LOST_LINK_TIP = "address lost in the scrape"
NOT_WEB_LINK_TIP = "not a web address: shown as text, never opened"
IMAGE_TIP = "an image in the source: not shown, its address is not a link"
LOST_NOTE_TIP = "the footnote list was lost in the scrape"
#: said wherever a provisional title (the parser's stand-in for a missing headline) shows
NO_TITLE_TIP = ("No headline survives in the source; this is the start of the text — "
                "correct it in Edit metadata (Ctrl+M).")
FOOTNOTE_PATTERN = re.compile(r"\[(\d{1,3})\]")


@dataclass
class BuiltArticle:
    document: QTextDocument
    body_map: OffsetMap
    #: (body_start, body_end, tooltip) for lost links, unresolved markers …
    tooltips: list[tuple[int, int, str]] = field(default_factory=list)
    #: offsets into the annotatable text (standfirst and body), which annotations count in
    text_map: JoinedMap | None = None


def _get(item, name, default=None):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


def _color(role: QPalette.ColorRole):
    return QApplication.palette().color(role)


def _char(size_delta: float = 0, *, bold=False, italic=False, muted=False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    base = QApplication.font().pointSizeF()
    fmt.setFontPointSize(max(6.0, base + 2 + size_delta))
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    if muted:
        fmt.setForeground(_color(QPalette.ColorRole.PlaceholderText))
    return fmt


def _block(top=0.0, bottom=6.0, indent=0.0, line_height=135) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setTopMargin(top)
    fmt.setBottomMargin(bottom)
    fmt.setLeftMargin(indent)
    fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return fmt


def _line(cursor: QTextCursor, text: str, char: QTextCharFormat, block: QTextBlockFormat,
          first: bool = False) -> None:
    if not first:
        cursor.insertBlock(block, char)
    else:
        cursor.setBlockFormat(block)
        cursor.setBlockCharFormat(char)
    cursor.insertText(text, char)


#: the internal address of a filing link, an anchor in the document: ``#filter/tag/3``,
#: ``#filter/collection/2`` (source links are only ever web addresses, so none looks like it)
FILTER_ANCHOR = "#filter/"


def _filing_line(cursor: QTextCursor, filing) -> None:
    """"Tags: a, b  ·  In: X" where each name is a link to filter the library by it. Names go
    in as text (``insertText``), never as markup; the address is an internal one."""
    groups = [(label, [f for f in filing if f[0] == kind])
              for kind, label in (("tag", "Tags: "), ("collection", "In: "))]
    groups = [(label, entries) for label, entries in groups if entries]
    if not groups:
        return
    muted = _char(-1, muted=True)
    _line(cursor, "", muted, _block(bottom=2))
    for g, (label, entries) in enumerate(groups):
        cursor.insertText(("  ·  " if g else "") + label, muted)
        for n, (kind, entity_id, name) in enumerate(entries):
            if n:
                cursor.insertText(", ", muted)
            link = _char(-1)
            link.setAnchor(True)
            link.setAnchorHref(f"{FILTER_ANCHOR}{kind}/{entity_id}")
            link.setForeground(_color(QPalette.ColorRole.Link))
            link.setFontUnderline(True)
            link.setToolTip(f"Show the articles {'tagged' if kind == 'tag' else 'in'} {name}")
            cursor.insertText(name, link)


def _byline(detail) -> str:
    """"Ann Lee (Foreign Editor), Bob Stone"; a role whose name is not an author ("translator")
    follows as "translator: Y"."""
    roles = {r.author: r.role for r in getattr(detail, "author_roles", None) or []}
    if not detail.authors:
        return detail.byline_as_printed or ""
    names = [f"{a} ({roles[a]})" if a in roles else a for a in detail.authors]
    names += [f"{role}: {name}" for name, role in roles.items() if name not in detail.authors]
    return ", ".join(names)


def _header(cursor: QTextCursor, detail, filing=()) -> None:
    title = detail.title or "(untitled)"
    stand_in = detail.title_status in ("provisional", "missing")
    _line(cursor, title, _char(6, bold=True, italic=stand_in, muted=stand_in),
          _block(bottom=10, line_height=115), first=True)
    if stand_in:
        _line(cursor, "⟨no title⟩ " + NO_TITLE_TIP, _char(-2, italic=True, muted=True),
              _block(bottom=6))
    byline = _byline(detail)
    if byline:
        _line(cursor, f"By {byline}", _char(1, bold=True), _block(bottom=2))
    # a corrected date is shown at the researcher's precision ("March 2016"), not as printed
    printed = detail.date_as_printed if detail.date_status != "corrected" else None
    dateline = getattr(detail, "dateline", None)
    place = dateline.place if dateline else None
    meta = [v for v in (place, printed or date_as_shown(detail.date), detail.outlet, detail.section) if v]
    if meta:
        _line(cursor, "  ·  ".join(meta), _char(-1, muted=True), _block(bottom=2))
    _filing_line(cursor, filing)
    original = detail.original
    if original is not None and original.outlet:
        when = f", {date_as_shown(original.date)}" if original.date else ""
        _line(cursor, f"First published by {original.outlet}{when}",
              _char(-1, italic=True, muted=True), _block(bottom=2))
    if detail.needs_review:
        _line(cursor, "Needs review: " + ", ".join(detail.needs_review)
              + " — check them in the Source tab; correct with Edit › Edit metadata (Ctrl+M).",
              _char(-2, italic=True, muted=True), _block(top=6, bottom=2))
    if detail.standfirst:
        _line(cursor, detail.standfirst, _char(1, italic=True), _block(top=12, bottom=4))


def build_article(detail, filing=()) -> BuiltArticle:
    """The Article tab's document; ``filing`` is ("tag" | "collection", id, name) for the links
    under the byline."""
    document = QTextDocument()
    document.setDocumentMargin(24)
    cursor = QTextCursor(document)
    _header(cursor, detail, filing)
    standfirst_map = (OffsetMap(detail.standfirst, cursor.position() - utf16_length(detail.standfirst))
                      if detail.standfirst else None)
    _loose_captions(cursor, detail)
    body_char = _char()
    cursor.insertBlock(_block(top=14, bottom=0), body_char)
    body_map = _insert_body(cursor, detail, body_char)
    built = BuiltArticle(document, body_map, text_map=_text_map(detail, standfirst_map, body_map))
    _style_body_blocks(document, body_map)
    _style_captions(built, detail)
    _style_placed_captions(document, body_map)
    _style_links(built, detail, standfirst_map)
    resolved = _footnote_list(cursor, detail)
    _style_markers(built, detail, resolved)
    return built


def _text_map(detail, standfirst_map: OffsetMap | None, body_map: OffsetMap) -> JoinedMap:
    """The annotatable text's map: the standfirst's part (when there is one), then the body's."""
    length = len(annotatable_text(detail.standfirst, detail.body or ""))
    parts = [(0, standfirst_map)] if standfirst_map is not None else []
    return JoinedMap(parts + [(body_offset(detail.standfirst), body_map)], length)


def _select(built: BuiltArticle, start: int, end: int) -> QTextCursor:
    cursor = QTextCursor(built.document)
    cursor.setPosition(built.body_map.to_doc(start))
    cursor.setPosition(built.body_map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
    return cursor


def _style_body_blocks(document: QTextDocument, body_map: OffsetMap) -> None:
    cursor = QTextCursor(document)
    cursor.setPosition(body_map.to_doc(0))
    cursor.setPosition(body_map.to_doc(body_map.length), QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeBlockFormat(_block(bottom=0))


def _caption_texts(detail) -> list[str]:
    return [(_get(c, "text", c) or "").strip() for c in detail.captions or []]


def _placed_captions(detail) -> list[tuple[int, str]]:
    """(body offset, text) of captions lifted out of the body whose place in it is known."""
    placed = []
    for span in getattr(detail, "caption_spans", None) or []:
        text, offset = (_get(span, "text") or "").strip(), _get(span, "body_offset")
        # only at a paragraph break: a caption block must not split a paragraph
        if text and text not in detail.body and offset is not None \
                and 0 <= offset <= len(detail.body) and detail.body[offset:offset + 1] in ("\n", ""):
            placed.append((offset, text))
    return sorted(placed)


def _loose_captions(cursor: QTextCursor, detail) -> None:
    """Lifted-out captions whose place in the body is unknown stand before it, like figures."""
    placed = {text for _offset, text in _placed_captions(detail)}
    for text in _caption_texts(detail):
        if text and text not in detail.body and text not in placed:
            _line(cursor, caption_line(text), _char(-2, italic=True, muted=True),
                  _block(top=8, bottom=4, indent=28))


def caption_line(text: str) -> str:
    """A caption as the Article tab shows it."""
    return f"▣  {text}"


def _insert_body(cursor: QTextCursor, detail, body_char: QTextCharFormat) -> OffsetMap:
    """The body verbatim, with each lifted-out caption set as its own block where it stood;
    the map skips the captions, so body offsets still land on the body's letters."""
    base, done, inserted = cursor.position(), 0, []
    for offset, text in _placed_captions(detail):
        cursor.insertText(detail.body[done:offset], body_char)
        line = caption_line(text)
        cursor.insertBlock(_block(top=8, bottom=4, indent=28), _char(-2, italic=True, muted=True))
        cursor.insertText(line, _char(-2, italic=True, muted=True))
        inserted.append((offset, 1 + utf16_length(line)))
        done = offset
    cursor.insertText(detail.body[done:], body_char)
    return OffsetMap(detail.body, base, inserted)


def _style_placed_captions(document: QTextDocument, body_map: OffsetMap) -> None:
    """Give the captions set inside the body their figure margins back (the body's own block
    format was merged over them)."""
    block = document.findBlock(body_map.to_doc(0))
    end = body_map.base + body_map.doc_length
    while block.isValid() and block.position() < end:
        if block.text().startswith("▣  "):
            QTextCursor(block).mergeBlockFormat(_block(top=8, bottom=4, indent=28))
        block = block.next()


def _style_captions(built: BuiltArticle, detail) -> None:
    """Set captions apart: indented, smaller, italic, muted, wherever they stand in the body."""
    for text in _caption_texts(detail):
        start = detail.body.find(text) if text else -1
        while start >= 0:
            cursor = _select(built, start, start + len(text))
            cursor.mergeBlockFormat(_block(top=6, bottom=6, indent=28))
            cursor.mergeCharFormat(_char(-2, italic=True, muted=True))
            built.tooltips.append((start, start + len(text), "Caption"))
            start = detail.body.find(text, start + len(text))


def _link_ranges(detail, location: str = "body") -> list[tuple[int, int, str | None]]:
    """Where the links of the body (or of the standfirst) stand, in that text's offsets."""
    ranges, cursor_at = [], 0
    for link in detail.links or []:
        if (_get(link, "location") or "body") != location:
            continue
        start, end = _get(link, "body_start"), _get(link, "body_end")
        text = _get(link, "text") or ""
        if start is None or end is None:
            start = detail.body.find(text, cursor_at) if text else -1
            if start < 0:
                continue
            end = start + len(text)
            cursor_at = end
        ranges.append((start, end, _get(link, "target")))
    return ranges


def _style_links(built: BuiltArticle, detail, standfirst_map: OffsetMap | None) -> None:
    ranges = [(start, end, target, built.body_map, detail.body)
              for start, end, target in _link_ranges(detail)]
    if standfirst_map is not None:
        ranges += [(start, end, target, standfirst_map, detail.standfirst)
                   for start, end, target in _link_ranges(detail, "standfirst")]
    for start, end, target, text_map, text in ranges:
        fmt = QTextCharFormat()
        is_image = start > 0 and text[start - 1:start] == "!"
        if target and (is_image or not is_web_link(target)):
            fmt.setToolTip(f"{target} ({IMAGE_TIP if is_image else NOT_WEB_LINK_TIP})")
            if text_map is built.body_map:
                built.tooltips.append((start, end, fmt.toolTip()))
        elif target:
            fmt.setFontUnderline(True)
            fmt.setAnchor(True)
            fmt.setAnchorHref(target)
            fmt.setForeground(_color(QPalette.ColorRole.Link))
            fmt.setToolTip(f"{target} (not opened: the archive works offline)")
        else:
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(_color(QPalette.ColorRole.Link))
            fmt.setToolTip(LOST_LINK_TIP)
            fmt.setProperty(QTextFormat.Property.UserProperty, "lost-link")
            if text_map is built.body_map:
                built.tooltips.append((start, end, LOST_LINK_TIP))
        cursor = QTextCursor(built.document)
        cursor.setPosition(text_map.to_doc(start))
        cursor.setPosition(text_map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)


def _footnote_list(cursor: QTextCursor, detail) -> dict[str, bool]:
    """Append the footnote list as printed; label -> whether its entry says where it points."""
    footnotes = detail.footnotes or {}
    listed = _get(footnotes, "listed") or []
    if isinstance(listed, int):
        _lost_list_note(cursor, footnotes)
        return {}
    if not isinstance(listed, list) or not listed:
        return {}
    cursor.movePosition(QTextCursor.MoveOperation.End)
    _line(cursor, "Notes", _char(1, bold=True), _block(top=18, bottom=4))
    resolved: dict[str, bool] = {}
    for entry in listed:
        label = str(_get(entry, "label", ""))
        text = _get(entry, "text", entry if isinstance(entry, str) else "")
        ok = bool(_get(entry, "resolved", False))
        resolved[label] = ok
        cursor.insertBlock(_block(bottom=2, indent=12), _char(-1))
        anchor = QTextCharFormat(_char(-1))
        anchor.setAnchor(True)
        anchor.setAnchorNames([f"fn-{label}"])
        cursor.insertText(f"{label}. ", anchor)
        cursor.insertText(str(text), _char(-1, muted=not ok))
        if not ok:
            cursor.insertText("  (lost in the scrape)", _char(-2, italic=True, muted=True))
    return resolved


def _lost_list_note(cursor: QTextCursor, footnotes) -> None:
    """Say so when the text has note markers but the list they point to did not survive."""
    markers, listed = _get(footnotes, "markers") or 0, _get(footnotes, "listed") or 0
    resolved = _get(footnotes, "resolved") or 0
    if not markers or resolved >= markers:
        return
    cursor.movePosition(QTextCursor.MoveOperation.End)
    _line(cursor, "Notes", _char(1, bold=True), _block(top=18, bottom=4))
    if listed:
        text = (f"The page printed {listed} note entr{'y' if listed == 1 else 'ies'} but their "
                f"text was lost in the scrape (“?”); the {markers} markers above lead nowhere.")
    else:
        text = f"The list of notes was lost in the scrape; the {markers} markers above lead nowhere."
    _line(cursor, text, _char(-1, italic=True, muted=True), _block(bottom=2, indent=12))


def _marker_ranges(detail) -> list[tuple[int, int, str]]:
    markers = _get(detail.footnotes or {}, "markers")
    if isinstance(markers, list) and markers and isinstance(markers[0], dict) \
            and "body_start" in markers[0]:
        return [(m["body_start"], m["body_end"], str(m.get("label", ""))) for m in markers]
    if not markers:
        return []
    return [(m.start(), m.end(), m.group(1)) for m in FOOTNOTE_PATTERN.finditer(detail.body)]


def _style_markers(built: BuiltArticle, detail, listed: dict[str, bool]) -> None:
    for start, end, label in _marker_ranges(detail):
        fmt = QTextCharFormat()
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        if label in listed:
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"#fn-{label}")
        if listed.get(label):
            fmt.setForeground(_color(QPalette.ColorRole.Link))
            fmt.setToolTip(f"Go to note {label}")
        else:
            fmt.setForeground(_color(QPalette.ColorRole.PlaceholderText))
            fmt.setToolTip(f"Note {label}: {LOST_NOTE_TIP}")
            built.tooltips.append((start, end, f"Note {label}: {LOST_NOTE_TIP}"))
        _select(built, start, end).mergeCharFormat(fmt)
