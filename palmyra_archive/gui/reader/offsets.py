"""Python string offsets versus Qt document positions.

The archive counts characters (code points); Qt counts UTF-16 units, so every character beyond
the Basic Multilingual Plane (emoji, some CJK) takes two positions in a QTextDocument. This
map converts both ways so annotations anchored in ``copies.body`` land on the right letters.
"""

from __future__ import annotations

from bisect import bisect_left


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class OffsetMap:
    """Maps offsets into ``text`` to positions in a document where it starts at ``base``.

    ``inserted`` lists (offset, units): the document holds ``units`` positions of something
    else (a caption set where it stood) just before the text's character at ``offset``.
    """

    def __init__(self, text: str, base: int = 0, inserted: list[tuple[int, int]] | None = None):
        self.base = base
        self.length = len(text)
        #: offsets of characters that take two UTF-16 units
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._inserted_at = [offset for offset, _units in sorted(inserted or [])]
        self._inserted_before = [0]          # units inserted before the i-th insertion point
        for _offset, units in sorted(inserted or []):
            self._inserted_before.append(self._inserted_before[-1] + units)
        self.doc_length = self.length + len(self._wide) + self._inserted_before[-1]

    def to_doc(self, offset: int) -> int:
        offset = max(0, min(offset, self.length))
        return (self.base + offset + bisect_left(self._wide, offset)
                + self._inserted_before[bisect_left(self._inserted_at, offset)])

    def to_offset(self, position: int) -> int | None:
        """The text offset at a document position, or None when it lies outside the text."""
        rel = position - self.base
        if rel < 0 or rel > self.doc_length:
            return None
        lo, hi = 0, self.length
        while lo < hi:  # smallest offset whose doc position >= position
            mid = (lo + hi) // 2
            if self.to_doc(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo


class JoinedMap:
    """Maps offsets into a text made of parts laid out apart in a document (the annotatable
    text: standfirst, a paragraph break, body; see ``core.annotate.annotatable``) to positions and back.

    ``parts`` lists (offset of the part in the joined text, its ``OffsetMap``) in order. An
    offset between two parts (the paragraph break) maps to the end of the part before it; a
    position between parts (a caption set between them) maps to the start of the next part.
    """

    def __init__(self, parts: list[tuple[int, OffsetMap]], length: int):
        self.parts = list(parts) or [(0, OffsetMap(""))]
        self.length = length

    @property
    def base(self) -> int:
        """The first document position of the text."""
        return self.parts[0][1].base

    @property
    def doc_end(self) -> int:
        """The document position just after the text."""
        last = self.parts[-1][1]
        return last.base + last.doc_length

    def to_doc(self, offset: int) -> int:
        start, text_map = self.parts[0]
        for part_start, part_map in self.parts:
            if offset >= part_start:
                start, text_map = part_start, part_map
        return text_map.to_doc(offset - start)

    def to_offset(self, position: int) -> int | None:
        """The text offset at a document position, or None outside the text."""
        if position < self.base or position > self.doc_end:
            return None
        for start, text_map in self.parts:
            if position < text_map.base:          # between two parts: the next one's start
                return start
            offset = text_map.to_offset(position)
            if offset is not None:
                return start + offset
        return self.length
