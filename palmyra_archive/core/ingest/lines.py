"""Split decoded text into lines with exact offsets, without copying the text around.

Why: every later step reasons about lines (a byline, a footer clause, an indented reply) and
must report Spans into the decoded text, whatever the line endings (LF, CRLF, CR, mixed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEGMENT = re.compile(r"[^\r\n]+")


@dataclass(slots=True)
class Line:
    index: int
    start: int          # first non-blank character, offset into the text
    end: int            # after the last non-blank character
    indent: int         # leading blank characters
    block: int          # paragraph number: blank lines separate blocks
    text: str           # the line as printed, without surrounding blanks


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` in order, with offsets and paragraph numbers."""
    lines: list[Line] = []
    block = 0
    previous_end = 0
    for match in _SEGMENT.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        if lines and _breaks(text, previous_end, match.start()) >= 2:
            block += 1
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        lines.append(Line(len(lines), start, start + len(stripped), lead, block, stripped))
        previous_end = match.end()
    return lines


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks between two lines; blank (whitespace-only) lines count as breaks too."""
    gap = text[start:end]
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n")
