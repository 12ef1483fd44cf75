"""Assemble the reader's body text from body lines, keeping every offset exact.

Why: the body shown to a reader has link markup resolved and emphasis markers removed, but
links, footnote markers and captions must still point into it (``body_*`` offsets) and back
into the source (``Span``). Lines of one paragraph are joined by a newline, paragraphs by a
blank line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .lines import Line
from .markup import Resolved, resolve
from .model import Link, Span


@dataclass
class Body:
    text: str = ""
    links: list[Link] = field(default_factory=list)
    span: Span | None = None
    caption_offsets: dict[int, int] = field(default_factory=dict)   # line index -> body offset
    _starts: list[int] = field(default_factory=list)
    _resolved: list[Resolved] = field(default_factory=list)

    def source_offset(self, body_offset: int) -> int | None:
        index = bisect_right(self._starts, body_offset) - 1
        if index < 0:
            return None
        local = body_offset - self._starts[index]
        if local > len(self._resolved[index].text):
            return None
        return self._resolved[index].source_offset(local)


def build_body(text: str, lines: list[Line], indices: list[int], captions: set[int]) -> Body:
    body = Body()
    pieces: list[str] = []
    length = 0
    previous: Line | None = None
    first: Line | None = None
    for index in indices:
        line = lines[index]
        if index in captions:
            body.caption_offsets[index] = length
            continue
        if previous is not None:
            gap = "\n" if line.block == previous.block else "\n\n"
            pieces.append(gap)
            length += len(gap)
        resolved = resolve(text, line.start, line.end)
        body._starts.append(length)
        body._resolved.append(resolved)
        for link in resolved.links:
            body.links.append(Link(link.text, link.target, length + link.start, length + link.end,
                                   Span(link.source_start, link.source_end)))
        pieces.append(resolved.text)
        length += len(resolved.text)
        previous = line
        first = first or line
    body.text = "".join(pieces)
    if first is not None and previous is not None:
        body.span = Span(first.start, previous.end)
    return body
