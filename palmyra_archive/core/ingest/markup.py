"""Resolve the scraper's Markdown-like markup into the text a reader sees.

Why: scraped copies carry ``[anchor](#)`` links whose address was lost, ``*italics*`` and
``**bold**``. The reader must never see the brackets, yet the archive must keep each link (its
anchor text, its target or None) with offsets, and map any offset in the resolved text back to
the source file so Spans stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"(?P<link>\[(?P<anchor>[^\[\]\n]{0,500})\]\((?P<url>[^()\s]{0,2000})\))"
    r"|(?P<em>\*\*|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*]))")


@dataclass
class ResolvedLink:
    text: str
    target: str | None
    start: int          # in the resolved text
    end: int
    source_start: int   # in the source text
    source_end: int


@dataclass
class Resolved:
    """Resolved text plus the pieces needed to map its offsets back into the source."""

    text: str
    links: list[ResolvedLink] = field(default_factory=list)
    _plain_starts: list[int] = field(default_factory=list)
    _source_starts: list[int] = field(default_factory=list)

    def source_offset(self, plain_offset: int) -> int:
        """Where a character of the resolved text stands in the source."""
        index = bisect_right(self._plain_starts, plain_offset) - 1
        if index < 0:
            return self._source_starts[0] if self._source_starts else plain_offset
        return self._source_starts[index] + (plain_offset - self._plain_starts[index])


def resolve(source: str, start: int = 0, end: int | None = None) -> Resolved:
    """Resolve ``source[start:end]``; offsets in the result's links are source offsets."""
    end = len(source) if end is None else end
    if "[" not in source[start:end] and "*" not in source[start:end]:
        return Resolved(source[start:end], [], [0], [start])
    out: list[str] = []
    out_len = 0
    result = Resolved("")
    pos = start
    for match in _TOKEN.finditer(source, start, end):
        out_len = _copy(source, pos, match.start(), out, out_len, result)
        if match.group("link"):
            anchor_start = match.start("anchor")
            anchor = match.group("anchor")
            plain_start = out_len
            out_len = _copy(source, anchor_start, match.end("anchor"), out, out_len, result)
            url = match.group("url")
            result.links.append(ResolvedLink(
                anchor, url if url and url != "#" else None, plain_start, plain_start + len(anchor),
                match.start(), match.end()))
        pos = match.end()
    out_len = _copy(source, pos, end, out, out_len, result)
    result.text = "".join(out)
    return result


def _copy(source: str, a: int, b: int, out: list[str], out_len: int, result: Resolved) -> int:
    if b <= a:
        return out_len
    result._plain_starts.append(out_len)
    result._source_starts.append(a)
    out.append(source[a:b])
    return out_len + (b - a)


def strip_markup(text: str) -> str:
    """The reader's text of a short value (a name, a label) without offsets."""
    return resolve(text).text
