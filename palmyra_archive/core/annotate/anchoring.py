"""Where does a quoted passage stand in a text? Pure functions, no database.

An annotation remembers its passage twice, as the W3C Web Annotation Data Model suggests: a
TextQuoteSelector (the exact words with ~32 characters either side) and a TextPositionSelector
(character offsets). Texts change (a correction, a new version of a source, another copy of the
same work), so ``anchor`` looks for the passage the way Hypothesis does in production:

1. the old position still holds the exact words -> ``anchored``;
2. the exact words stand elsewhere -> ``moved`` to the occurrence whose surrounding text best
   matches the remembered prefix/suffix, nearness to the old position breaking ties;
3. a fuzzy match (rapidfuzz alignment) of the quote, scored with its context, above a
   threshold -> ``fuzzy`` (the GUI asks the user to check it);
4. otherwise ``None``: the caller keeps the annotation as an orphan, never moving it to the
   wrong words.

No-break spaces and runs of whitespace are normalised for matching only; offsets returned are
always into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
#: below this similarity (0-100) of the quote itself a fuzzy candidate is refused outright
MIN_QUOTE_SCORE = 70.0
#: a candidate with weak context must match the quote itself at least this well
STRONG_QUOTE_SCORE = 85.0
#: context similarity that lets a quote between MIN and STRONG through
MIN_CONTEXT_SCORE = 70.0
#: quotes shorter than this are only placed by exact matching (fuzzy would be guesswork)
MIN_FUZZY_LENGTH = 8

_SPACES = re.compile(r"[\s\u200b\ufeff]+")


@dataclass(frozen=True)
class Selector:
    """TextQuoteSelector + TextPositionSelector for one passage of one text."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    status: str          # anchored | moved | fuzzy
    score: float = 100.0


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selector:
    """The selectors for ``text[start:end]`` (offsets are clamped to the text)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Selector(text[start:end], text[max(0, start - context):start],
                    text[end:end + context], start, end)


# -- normalisation (matching only) ------------------------------------------------------------

class Normalised:
    """A text with whitespace runs (incl. no-break spaces) collapsed to one space.

    ``origin[i]`` is the offset in the original text of normalised character ``i``, so a match
    in the normalised text maps back to the original words exactly.
    """

    def __init__(self, text: str):
        parts: list[str] = []
        origin: list[int] = []
        pos = 0
        for match in _SPACES.finditer(text):
            parts.append(text[pos:match.start()])
            origin.extend(range(pos, match.start()))
            parts.append(" ")
            origin.append(match.start())
            pos = match.end()
        parts.append(text[pos:])
        origin.extend(range(pos, len(text)))
        self.original = text
        self.text = "".join(parts)
        self.origin = origin
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) back to the original text."""
        if start >= len(self.origin):
            return len(self.original), len(self.original)
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1 if end > start else o_start
        return o_start, o_end

    def from_original(self, offset: int) -> int:
        """The normalised offset of an original offset (first char at or after it)."""
        return bisect_left(self.origin, offset)


def normalise(text: str) -> str:
    return Normalised(text).text


# -- anchoring --------------------------------------------------------------------------------

def anchor(text: str, selector: Selector, *, threshold: float = MIN_QUOTE_SCORE) -> Anchor | None:
    """Place ``selector`` in ``text``; ``None`` when it cannot be placed with confidence."""
    return Anchorer(text).anchor(selector, threshold=threshold)


class Anchorer:
    """Anchors many selectors in one text, normalising the text only once."""

    def __init__(self, text: str):
        self.text = text
        self._norm: Normalised | None = None

    @property
    def normalised(self) -> Normalised:
        if self._norm is None:
            self._norm = Normalised(self.text)
        return self._norm

    def anchor(self, selector: Selector, *, threshold: float = MIN_QUOTE_SCORE) -> Anchor | None:
        if not selector.exact:
            return None
        if self.text[selector.start:selector.end] == selector.exact:
            return Anchor(selector.start, selector.end, "anchored")
        return _search(self.normalised, selector, threshold)


def _search(norm: Normalised, selector: Selector, threshold: float) -> Anchor | None:
    quote = normalise(selector.exact).strip() or normalise(selector.exact)
    if not quote.strip():
        return None
    found = _exact_candidates(norm, quote, selector)
    if found is not None:
        return found
    if len(quote) < MIN_FUZZY_LENGTH:
        return None
    return _fuzzy(norm, quote, selector, threshold)


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place ``quote`` stands in ``text`` (whitespace-insensitive), as original spans."""
    norm = Normalised(text)
    needle = normalise(quote).strip()
    if not needle:
        return []
    spans, at = [], norm.text.find(needle)
    while at != -1:
        spans.append(norm.to_original(at, at + len(needle)))
        at = norm.text.find(needle, at + 1)
    return spans


def _exact_candidates(norm: Normalised, quote: str, selector: Selector) -> Anchor | None:
    positions, at = [], norm.text.find(quote)
    while at != -1:
        positions.append(at)
        at = norm.text.find(quote, at + 1)
    if not positions:
        return None
    old = norm.from_original(selector.start)
    best = max(positions, key=lambda p: (_context_score(norm.text, p, p + len(quote), selector),
                                         -abs(p - old)))
    start, end = norm.to_original(best, best + len(quote))
    status = "anchored" if (start, end) == (selector.start, selector.end) else "moved"
    return Anchor(start, end, status, 100.0)


def _context_score(text: str, start: int, end: int, selector: Selector) -> float:
    """How well the text around a candidate matches the remembered prefix and suffix (0-100)."""
    prefix, suffix = normalise(selector.prefix), normalise(selector.suffix)
    scores = []
    if prefix.strip():
        scores.append(fuzz.ratio(prefix.strip(), text[max(0, start - len(prefix)):start].strip()))
    if suffix.strip():
        scores.append(fuzz.ratio(suffix.strip(), text[end:end + len(suffix)].strip()))
    return sum(scores) / len(scores) if scores else 50.0


def _fuzzy(norm: Normalised, quote: str, selector: Selector, threshold: float) -> Anchor | None:
    """Best fuzzy placement near the old position, then anywhere; scored on quote and context."""
    text = norm.text
    old = norm.from_original(selector.start)
    reach = max(2000, 4 * len(quote))
    windows = [(max(0, old - reach), min(len(text), old + len(quote) + reach)), (0, len(text))]
    best: tuple[float, int, int, float, float] | None = None
    for lo, hi in windows:
        if hi - lo < 1:
            continue
        candidate = _align(text, quote, lo, hi)
        if candidate is None:
            continue
        start, end, quote_score = candidate
        context = _context_score(text, start, end, selector)
        total = 0.7 * quote_score + 0.3 * context
        if best is None or total > best[0]:
            best = (total, start, end, quote_score, context)
        if lo == 0 and hi == len(text):
            break
    if best is None:
        return None
    total, start, end, quote_score, context = best
    acceptable = quote_score >= STRONG_QUOTE_SCORE or (
        quote_score >= threshold and context >= MIN_CONTEXT_SCORE)
    if not acceptable:
        return None
    o_start, o_end = norm.to_original(start, end)
    return Anchor(o_start, o_end, "fuzzy", round(total, 1))


def _align(text: str, quote: str, lo: int, hi: int) -> tuple[int, int, float] | None:
    """Align ``quote`` in ``text[lo:hi]`` and refine both ends to the best-matching span."""
    window = text[lo:hi]
    if len(window) <= len(quote):
        return lo, hi, fuzz.ratio(quote, window)
    alignment = fuzz.partial_ratio_alignment(quote, window)
    if alignment is None or alignment.score < MIN_QUOTE_SCORE * 0.8:
        return None
    start, end = lo + alignment.dest_start, lo + alignment.dest_end
    start, end = _refine(text, quote, start, end)
    return start, end, fuzz.ratio(quote, text[start:end])


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Slide each end of a span to where the span reads most like the quote.

    partial_ratio aligns a window of the quote's own length; an insertion or deletion inside
    the passage leaves the true end a few characters away.
    """
    slack = min(60, max(4, len(quote) // 4))
    score = lambda s, e: fuzz.ratio(quote, text[s:e])  # noqa: E731
    best_end = max(range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
                   key=lambda e: (score(start, e), -abs(e - end)))
    best_start = max(range(max(0, start - slack), min(best_end - 1, start + slack) + 1),
                     key=lambda s: (score(s, best_end), -abs(s - start)))
    while best_start < best_end and text[best_start] == " ":
        best_start += 1
    while best_end > best_start and text[best_end - 1] == " ":
        best_end -= 1
    return best_start, best_end
