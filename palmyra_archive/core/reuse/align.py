"""Two texts aligned passage by passage, and what the alignment says (pure; rapidfuzz).

In the spirit of passim's local alignment, at the grain a reader checks: each text is cut into
units (paragraphs; long ones into runs of sentences), every unit of one text is scored against
every unit of the other (rapidfuzz ``cdist``), a unit matching one whole (``fuzz.ratio``) or
standing inside a longer one (``fuzz.partial_ratio_alignment``: a paragraph quoted inside
another) makes an aligned pair with its character spans in both texts. The share of each text
reused is the part of its units' characters covered by aligned pairs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .fingerprint import words

#: from this ratio (0..100) two whole units are the same passage (typos fixed, a word changed)
RATIO_MIN = 90
#: from this partial ratio a unit stands inside a longer one (a quoted paragraph)
PARTIAL_MIN = 95
#: a unit shorter than this is never aligned alone ("Read more.", a dateline)
UNIT_MIN_WORDS = 8
#: a unit matched only inside a longer one needs this many words (short phrases recur by chance)
PARTIAL_MIN_WORDS = 15
#: paragraphs longer than this are cut into runs of sentences of about this many words
UNIT_MAX_WORDS = 90
#: two units are compared only when they share this many word triples (cheap, exact)
SHARED_MIN = 3
#: a unit is looked for inside a longer one when this share of its word triples stands there
CONTAINED_MIN = 0.5
#: ... and when it is at most this long beside it (two paragraphs of a length are compared whole)
INSIDE_MAX_LENGTH = 0.75
#: how many texts' prepared units alignment remembers (a few times each text's size)
SIDE_CACHE = 512
_SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    words: int


@dataclass(frozen=True)
class AlignedPassage:
    """One passage standing in both texts: spans into each, and how alike (0..100)."""
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    how: str = "whole"          # whole | inside (one side stands inside a longer unit)

    def as_json(self) -> list:
        return [self.a_start, self.a_end, self.b_start, self.b_end, round(self.score, 1), self.how]

    @classmethod
    def from_json(cls, row) -> AlignedPassage:
        return cls(int(row[0]), int(row[1]), int(row[2]), int(row[3]), float(row[4]),
                   row[5] if len(row) > 5 else "whole")


def passages_json(passages) -> str:
    """The aligned passages (``AlignedPassage``, or their ``as_json`` rows as a bundle carries
    them) as ``reuse_links.passages`` keeps them: compact JSON (no spaces, a seventh of the
    bytes on a typical link; migration 0033 made the older links so too)."""
    rows = [p.as_json() if isinstance(p, AlignedPassage) else p for p in passages]
    return json.dumps(rows, separators=(",", ":"))


@dataclass
class Alignment:
    passages: list[AlignedPassage] = field(default_factory=list)
    share_a: float = 0.0
    share_b: float = 0.0
    reused_words: int = 0


def units(text: str) -> list[Unit]:
    """Paragraphs (lines), long ones cut into runs of whole sentences."""
    return [u for u, _w in _units_and_words(text)]


def _units_and_words(text: str) -> list[tuple[Unit, list[str]]]:
    """``units`` with each one's compared words, each word read once (they were read up to
    four times in a long paragraph's runs of sentences, most of aligning a pair). A run's
    words are its sentences' words: the text is only cut at spacing, which holds none."""
    out: list[tuple[Unit, list[str]]] = []
    for match in _PARAGRAPH.finditer(text):
        para = match.group()
        if not para.strip():
            continue
        found = words(para)
        if len(found) <= UNIT_MAX_WORDS:
            out.append((_unit(text, match.start(), match.end(), len(found)), found))
            continue
        start, run = match.start(), []
        pos = match.start()
        for piece in _SENTENCE_END.split(para):
            where = text.index(piece, pos)
            pos = where + len(piece)
            run += words(piece)
            if len(run) >= UNIT_MAX_WORDS * 2 // 3:
                out.append((_unit(text, start, pos, len(run)), run))
                start, run = pos, []
        if start < match.end() and text[start:match.end()].strip():
            out.append((_unit(text, start, match.end(), len(run)), run))
    return out


def _unit(text: str, start: int, end: int, count: int | None = None) -> Unit:
    """``count``: the words of ``text[start:end]`` when known (spacing stripped here holds none)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    return Unit(start, end, piece, len(words(piece)) if count is None else count)


@lru_cache(maxsize=SIDE_CACHE * 16)
def _shingles(key: str) -> frozenset[int]:
    """A unit's word triples (hashed). Made only for a unit that has no identical unit on the
    other side, and remembered by its words (a changed paragraph is looked for again in the
    copy's next pair)."""
    tokens = key.split()
    return frozenset(map(hash, zip(tokens, tokens[1:], tokens[2:])))


def _by_shared(item: tuple[int, int]) -> tuple[int, int]:
    """Most triples shared first, then the earlier unit (the same order in every process)."""
    return -item[0], item[1]


def align(a: str, b: str, *, ignore_a: frozenset[int] = frozenset(),
          ignore_b: frozenset[int] = frozenset(), unit_hash=None) -> Alignment:
    """Aligned passages of ``a`` and ``b``; units whose ``unit_hash`` is in ``ignore_*``
    (an outlet's boilerplate) are left out on that side.

    A unit of ``a`` whose words stand unchanged as a unit of ``b`` is aligned with it at once
    (most of a republication); the others are compared with the units of ``b`` they share at
    least ``SHARED_MIN`` word triples with, most shared first: the best ``fuzz.ratio`` from
    ``RATIO_MIN``, else one standing inside the other (``_inside``)."""
    side_a, side_b = _kept(a, ignore_a, unit_hash), _kept(b, ignore_b, unit_hash)
    ua, ka = side_a.units, side_a.keys
    ub, kb, exact_b = side_b.units, side_b.keys, side_b.exact
    result = Alignment()
    if not ua or not ub:
        return result
    pairs: list[AlignedPassage] = []
    whole_words: dict[tuple[int, int], int] = {}
    for i, unit in enumerate(ua):
        same = exact_b.get(ka[i])
        if same is not None:
            pairs.append(AlignedPassage(unit.start, unit.end, ub[same].start, ub[same].end, 100.0))
            whole_words[(unit.start, unit.end)] = unit.words
            continue
        mine = _shingles(ka[i])
        sb = side_b.triples()
        shared = sorted(((n, j) for j, n in enumerate(map(len, map(mine.intersection, sb))) if n >= SHARED_MIN),
                        key=_by_shared)
        best = None
        for _n, j in shared:
            score = fuzz.ratio(ka[i], kb[j], score_cutoff=RATIO_MIN)
            if score and (best is None or score > best[1]):
                best = (j, score)
        if best is not None:
            j, score = best
            pairs.append(AlignedPassage(unit.start, unit.end, ub[j].start, ub[j].end, float(score)))
            whole_words[(unit.start, unit.end)] = unit.words
            continue
        for n, j in shared[:3]:
            smaller = min(len(mine), len(sb[j])) or 1
            lengths = sorted((len(ka[i]), len(kb[j])))
            if (n / smaller < CONTAINED_MIN or min(unit.words, ub[j].words) < PARTIAL_MIN_WORDS
                    or lengths[0] > INSIDE_MAX_LENGTH * lengths[1]):
                continue
            pair = _inside(unit, ub[j])
            if pair is not None:
                pairs.append(pair)
                break
    pairs.sort(key=lambda p: (p.a_start, p.b_start))
    result.passages = pairs
    result.share_a = _covered([(p.a_start, p.a_end) for p in pairs]) / max(1, sum(len(u.text) for u in ua))
    result.share_b = _covered([(p.b_start, p.b_end) for p in pairs]) / max(1, sum(len(u.text) for u in ub))
    result.share_a, result.share_b = min(1.0, result.share_a), min(1.0, result.share_b)
    result.reused_words = sum(whole_words.get((p.a_start, p.a_end)) or len(words(a[p.a_start:p.a_end]))
                              for p in pairs)
    return result


@lru_cache(maxsize=SIDE_CACHE)
def _side(text: str) -> tuple[tuple, tuple]:
    """A text's alignable units and their compared words. Remembered by text: in a scan an
    original is aligned with each of its candidates in turn, and reading its words (NFKC,
    casefold, the word pattern) was most of the alignment's time."""
    kept = [(u, w) for u, w in _units_and_words(text) if u.words >= UNIT_MIN_WORDS]
    keys = tuple(" ".join(w) for _u, w in kept)
    return tuple(u for u, _w in kept), keys


class _Kept:
    """One text's units as aligned (boilerplate left out): their words, each words' first
    unit (the exact matches ``align`` takes at once), and, made the first time a pair needs
    them, each unit's word triples."""

    __slots__ = ("units", "keys", "exact", "_triples")

    def __init__(self, units: list[Unit], keys: list[str]):
        self.units, self.keys = units, keys
        self.exact: dict[str, int] = {}
        for j, key in enumerate(keys):
            self.exact.setdefault(key, j)
        self._triples: list[frozenset[int]] | None = None

    def triples(self) -> list[frozenset[int]]:
        if self._triples is None:
            self._triples = [_shingles(k) for k in self.keys]
        return self._triples


@lru_cache(maxsize=SIDE_CACHE)
def _kept(text: str, ignore: frozenset[int], unit_hash) -> _Kept:
    """The text's units left after ``ignore`` (``_Kept``). Remembered (a copy stands in
    several pairs one after another; a scan aligns a group of copies together). Read only."""
    found, keys = _side(text)
    if not ignore or unit_hash is None:
        return _Kept(list(found), list(keys))
    keep = [i for i, u in enumerate(found) if not _ignored(u, ignore, unit_hash)]
    return _Kept([found[i] for i in keep], [keys[i] for i in keep])


def _ignored(unit: Unit, ignore: frozenset[int], unit_hash) -> bool:
    return bool(ignore) and unit_hash is not None and unit_hash(unit.text) in ignore


def _inside(ua: Unit, ub: Unit) -> AlignedPassage | None:
    """The shorter unit inside the longer one, with the span it covers there."""
    if len(ua.text) <= len(ub.text):
        hit = fuzz.partial_ratio_alignment(ua.text, ub.text, processor=str.casefold)
        if hit is None or hit.score < PARTIAL_MIN:
            return None
        return AlignedPassage(ua.start, ua.end, ub.start + hit.dest_start, ub.start + hit.dest_end,
                              hit.score, "inside")
    hit = fuzz.partial_ratio_alignment(ub.text, ua.text, processor=str.casefold)
    if hit is None or hit.score < PARTIAL_MIN:
        return None
    return AlignedPassage(ua.start + hit.dest_start, ua.start + hit.dest_end, ub.start, ub.end,
                          hit.score, "inside")


def _covered(spans: list[tuple[int, int]]) -> int:
    total, last = 0, -1
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            total += end - start
            last = end
    return total


# -- word-level differences inside one aligned passage (the Compare view, the HTML report) --

_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """``(op, a_text, b_text)`` runs: op is equal | replace | delete | insert (rapidfuzz opcodes
    over word tokens; spacing kept with the words so each side reads back whole)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    na = [t.casefold() if not t.isspace() else " " for t in ta]
    nb = [t.casefold() if not t.isspace() else " " for t in tb]
    out = []
    for op in Indel.opcodes(na, nb):
        tag = {"equal": "equal", "replace": "replace", "delete": "delete", "insert": "insert"}[op.tag]
        out.append((tag, "".join(ta[op.src_start:op.src_end]), "".join(tb[op.dest_start:op.dest_end])))
    return _merge_replaces(out)


def _merge_replaces(runs):
    """Indel gives delete+insert where a word changed: shown as one change."""
    merged = []
    for run in runs:
        if merged and {merged[-1][0], run[0]} == {"delete", "insert"}:
            prev = merged.pop()
            a_text = prev[1] + run[1]
            b_text = prev[2] + run[2]
            merged.append(("replace", a_text, b_text))
        elif merged and merged[-1][0] == "replace" and run[0] in ("delete", "insert"):
            prev = merged.pop()
            merged.append(("replace", prev[1] + run[1], prev[2] + run[2]))
        else:
            merged.append(run)
    return merged
