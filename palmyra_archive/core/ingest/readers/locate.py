"""Find extracted text back in the original markup, so regions tint the page's own bytes.

Why: the Source tab shows an HTML page as its markup (never rendered); each extracted piece
(title, a paragraph, a comment, a copyright line) is a ``Span`` over that markup. The markup's
visible text is built once (tags, comments, scripts and styles left out, entities decoded,
whitespace collapsed), with the markup offset of every visible character, and pieces are found
in it in reading order.
"""

from __future__ import annotations

import html
import re
from array import array

from ..model import Span

_SKIP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg)\b.*?(?:</\1\s*>|\Z)"
                   r"|<[^>]*>?", re.I | re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_SPACE = re.compile(r"\s+")
_RUNS = re.compile(r"\s+|\S+")
#: tags inside a line of text: no word break where they stand
_INLINE = re.compile(r"</?(?:a|b|i|em|strong|span|small|sup|sub|abbr|time|u|s|mark|q|cite|code|font|"
                     r"label|bdi|bdo|dfn|kbd|var|wbr|ins|del)\b", re.I)


class Locator:
    def __init__(self, markup: str):
        chars: list[str] = []
        offsets = array("l")
        self._space = True
        position = 0
        for match in _SKIP.finditer(markup):
            self._text(markup, position, match.start(), chars, offsets)
            inline = _INLINE.match(match.group())
            if not self._space and not inline:
                chars.append(" ")
                offsets.append(match.start())
                self._space = True
            position = match.end()
        self._text(markup, position, len(markup), chars, offsets)
        self.visible = "".join(chars)
        self.offsets = offsets
        self.length = len(markup)
        self._cursor = 0

    def _text(self, markup: str, start: int, end: int, chars: list[str], offsets: array) -> None:
        if start >= end:
            return
        piece = markup[start:end]
        if "&" in piece:
            pos = 0
            for ent in _ENTITY.finditer(piece):
                self._plain(piece[pos:ent.start()], start + pos, chars, offsets)
                decoded = html.unescape(ent.group())
                for char in decoded[:4]:
                    self._char(char, start + ent.start(), chars, offsets)
                pos = ent.end()
            self._plain(piece[pos:], start + pos, chars, offsets)
        else:
            self._plain(piece, start, chars, offsets)

    def _plain(self, piece: str, start: int, chars: list[str], offsets: array) -> None:
        # by runs, not by character (a quarter of a page's reading time went here): a run of
        # visible characters keeps its offsets one by one, a run of whitespace is one space
        for run in _RUNS.finditer(piece):
            if run.group()[0].isspace():      # regex \s is str.isspace, character for character
                if not self._space:
                    chars.append(" ")
                    offsets.append(start + run.start())
                    self._space = True
            else:
                chars.append(run.group())
                offsets.extend(range(start + run.start(), start + run.end()))
                self._space = False

    def _char(self, char: str, offset: int, chars: list[str], offsets: array) -> None:
        if char.isspace():
            if self._space:
                return
            char, self._space = " ", True
        else:
            self._space = False
        chars.append(char)
        offsets.append(offset)

    def find(self, piece: str, *, anywhere: bool = False) -> Span | None:
        """The markup span of ``piece`` (whitespace-insensitive), searched after the last one
        found (``anywhere``: from the top, the cursor left where it was)."""
        wanted = _SPACE.sub(" ", piece).strip()
        if not wanted:
            return None
        start = 0 if anywhere else self._cursor
        at = self.visible.find(wanted, start)
        if at < 0 and not anywhere:
            at = self.visible.find(wanted)
        length = len(wanted)
        if at < 0 and len(wanted) > 80:          # a paragraph with an inline piece we render
            head, tail = wanted[:40], wanted[-40:]  # differently: its first and last words
            at = self.visible.find(head, start)
            end = self.visible.find(tail, at) if at >= 0 else -1
            if at < 0 or end < 0 or end - at > 4 * len(wanted):
                return None
            length = end + len(tail) - at
        if at < 0:
            return None
        if not anywhere:
            self._cursor = at + length
        last = at + length - 1
        return Span(self.offsets[at], min(self.length, self.offsets[last] + 1))
