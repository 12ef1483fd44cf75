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
#: how many texts' prepared units alignment remembers (about 60 kB each)
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


def _units_and_words(text: str) -> list[tuple[Unit, list[str] | None]]:
    """``units`` with each whole paragraph's compared words (read once: they were read three
    times, a third of aligning a pair); ``None`` for a run of sentences."""
    out: list[tuple[Unit, list[str] | None]] = []
    for match in _PARAGRAPH.finditer(text):
        para = match.group()
        if not para.strip():
            continue
        found = words(para)
        if len(found) <= UNIT_MAX_WORDS:
            out.append((_unit(text, match.start(), match.end(), len(found)), found))
            continue
        start, run = match.start(), 0
        pos = match.start()
        for piece in _SENTENCE_END.split(para):
            where = text.index(piece, pos)
            pos = where + len(piece)
            run += len(words(piece))
            if run >= UNIT_MAX_WORDS * 2 // 3:
                out.append((_unit(text, start, pos), None))
                start, run = pos, 0
        if start < match.end() and text[start:match.end()].strip():
            out.append((_unit(text, start, match.end()), None))
    return out


def _unit(text: str, start: int, end: int, count: int | None = None) -> Unit:
    """``count``: the words of ``text[start:end]`` when known (spacing stripped here holds none)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    return Unit(start, end, piece, len(words(piece)) if count is None else count)


def _key(text: str) -> str:
    return " ".join(words(text))


def _shingles(key: str) -> set[int]:
    tokens = key.split()
    return set(map(hash, zip(tokens, tokens[1:], tokens[2:])))


def align(a: str, b: str, *, ignore_a: frozenset[int] = frozenset(),
          ignore_b: frozenset[int] = frozenset(), unit_hash=None) -> Alignment:
    """Aligned passages of ``a`` and ``b``; units whose ``unit_hash`` is in ``ignore_*``
    (an outlet's boilerplate) are left out on that side."""
    ua, ka, sa, _index_a = _kept(a, ignore_a, unit_hash)
    ub, kb, sb, index = _kept(b, ignore_b, unit_hash)
    result = Alignment()
    if not ua or not ub:
        return result
    pairs: list[AlignedPassage] = []
    for i, unit in enumerate(ua):
        shared: dict[int, int] = {}
        for h in sa[i]:
            for j in index.get(h, ()):
                shared[j] = shared.get(j, 0) + 1
        best = None
        for j, n in sorted(shared.items(), key=lambda item: -item[1]):
            if n < SHARED_MIN:
                break
            score = fuzz.ratio(ka[i], kb[j], score_cutoff=RATIO_MIN)
            if score and (best is None or score > best[1]):
                best = (j, score)
        if best is not None:
            j, score = best
            pairs.append(AlignedPassage(unit.start, unit.end, ub[j].start, ub[j].end, float(score)))
            continue
        for j, n in sorted(shared.items(), key=lambda item: -item[1])[:3]:
            smaller = min(len(sa[i]), len(sb[j])) or 1
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
    result.reused_words = sum(len(words(a[p.a_start:p.a_end])) for p in pairs)
    return result


@lru_cache(maxsize=SIDE_CACHE)
def _side(text: str) -> tuple[tuple, tuple, tuple]:
    """A text's alignable units, their compared words and word triples. Remembered by text:
    in a scan an original is aligned with each of its candidates in turn, and reading its
    words (NFKC, casefold, the word pattern) was most of the alignment's time."""
    kept = [(u, w) for u, w in _units_and_words(text) if u.words >= UNIT_MIN_WORDS]
    keys = tuple(_key(u.text) if w is None else " ".join(w) for u, w in kept)
    return tuple(u for u, _w in kept), keys, tuple(frozenset(_shingles(k)) for k in keys)


@lru_cache(maxsize=SIDE_CACHE)
def _kept(text: str, ignore: frozenset[int], unit_hash) -> tuple[list, list, list, dict[int, list[int]]]:
    """The text's units left after ``ignore``, their words and triples, and which units hold
    each triple. Remembered (a copy stands in several pairs one after another): building the
    triples' index anew for every pair was a fifth of aligning one. Read only."""
    found, keys, shingles = _side(text)
    if not ignore or unit_hash is None:
        kept_units, kept_keys, kept_shingles = list(found), list(keys), list(shingles)
    else:
        keep = [i for i, u in enumerate(found) if not _ignored(u, ignore, unit_hash)]
        kept_units = [found[i] for i in keep]
        kept_keys, kept_shingles = [keys[i] for i in keep], [shingles[i] for i in keep]
    index: dict[int, list[int]] = {}
    for j, triples in enumerate(kept_shingles):
        for h in triples:
            index.setdefault(h, []).append(j)
    return kept_units, kept_keys, kept_shingles, index


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
