"""Split decoded text into lines with exact offsets, without copying the text around.

Why: every later step reasons about lines (a byline, a footer clause, an indented reply) and
must report Spans into the decoded text, whatever the line endings (LF, CRLF, CR, mixed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Line:
    index: int
    start: int          # first non-blank character, offset into the text
    end: int            # after the last non-blank character
    indent: int         # leading blank characters
    block: int          # paragraph number: blank lines separate blocks
    text: str           # the line as printed, without surrounding blanks


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` in order, with offsets and paragraph numbers.

    ``str.splitlines`` does the scanning in C; it also breaks at the rarer Unicode separators
    (form feed, U+2028, ...), which is what a reader sees as a new line anyway.
    """
    lines: list[Line] = []
    append = lines.append
    block = 0
    blank = False
    pos = 0
    for raw in text.splitlines(True):
        content = raw.strip()
        if content:
            if blank and lines:
                block += 1
            blank = False
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            append(Line(len(lines), start, start + len(content), lead, block, content))
        else:
            blank = True
        pos += len(raw)
    return lines
