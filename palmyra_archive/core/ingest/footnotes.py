"""Footnote markers in the body ("[3]") and the listing they point to ("3. ?", "[1] ,").

Why keep unresolved entries: when the scraper lost the listing, the markers still show the
author cited something; the archive records each marker and each entry as printed, and
``resolved`` only when an entry says where it points.
"""

from __future__ import annotations

import re

from .lines import Line
from .model import FootnoteEntry, FootnoteMarker, Span
from .tail import FOOTNOTE_ENTRY, REFERENCE_LIKE

MARKER = re.compile(r"\[(\d{1,3})\](?!\()")


def listing_entries(lines: list[Line], indices: list[int]) -> list[FootnoteEntry]:
    entries = []
    for index in indices:
        line = lines[index]
        match = FOOTNOTE_ENTRY.match(line.text)
        if not match:
            continue
        entry = match.group("text").strip()
        entries.append(FootnoteEntry(
            label=match.group("a") or match.group("b"), text=entry,
            resolved=bool(REFERENCE_LIKE.search(entry)) or len(re.findall(r"\w+", entry)) >= 3,
            span=Span(line.start, line.end)))
    return entries


def find_markers(body: str, to_source) -> list[FootnoteMarker]:
    """Markers in ``body``; ``to_source`` maps a body offset to a source offset (or None)."""
    markers = []
    for match in MARKER.finditer(body):
        start = to_source(match.start())
        span = Span(start, start + len(match.group(0))) if start is not None else None
        markers.append(FootnoteMarker(match.group(1), match.start(), match.end(), span))
    return markers
