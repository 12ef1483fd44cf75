"""Is this decoding believable? Checks on bytes that are not valid UTF-8 (pure, no I/O).

Why a module of its own: charset-normalizer always names *some* code page, with a high
"confidence" even for random bytes (invalid UTF-8 came in as Cyrillic-looking text "decoded as
mac_cyrillic with confidence 0.996"). Two questions are asked here instead:

- ``utf8_shape``: do the non-ASCII bytes look like UTF-8 that is damaged (valid sequences,
  encoded surrogates, overlong forms) or like a legacy single-byte code page (stray high bytes)?
- ``implausible_share``: read with the guessed code page, does the text look like language?
  Words that contain a decoded high byte should be letters of one script with a sane case
  pattern (``été``, ``Пальмира``, ``ΠΑΛΜΥΡΑ``), not ``яюГ(Ўв‚(р`` or ``Ã¤Â¦``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
#: characters that may join the letters of one word (l’été, Saint-Étienne, 3.5)
_JOINERS = frozenset("-–—'’.·&/_\u00ad" "°©®™€£¥¢§%‰±×÷²³¹½¼¾′″№")
#: stripped from both ends of a word first: quotes, brackets, footnote markers ("done.”[6]")
_EDGE_PUNCTUATION = "\"'“”‘’„«»‹›()[]{}<>.,;:!?¡¿…—–-*·0123456789"
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH")
#: no language writes this many characters without a space or a line break (random bytes
#: read as Korean or Chinese do)
_LONGEST_WORD = 400
#: at least this share of the visible characters are letters in any article
_MIN_LETTER_SHARE = 0.3
#: the scan of a large file's bytes stops here: the shape is clear long before
_SCAN_BYTES = 1_000_000


@dataclass(frozen=True)
class Utf8Shape:
    valid: int      # well-formed multi-byte sequences
    shaped: int     # UTF-8-shaped but invalid: encoded surrogates, overlong forms, > U+10FFFF
    stray: int      # high bytes that are not part of any UTF-8-shaped sequence

    @property
    def looks_like_utf8(self) -> bool:
        """Damaged UTF-8 rather than a legacy code page."""
        return self.valid + self.shaped > self.stray


def _sequence_length(lead: int) -> int:
    if 0xC0 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF7:
        return 4
    return 0


def utf8_shape(data: bytes) -> Utf8Shape:
    valid = shaped = stray = 0
    head = data[:_SCAN_BYTES]
    for run in _HIGH_RUN.finditer(head):
        chunk, i = run.group(), 0
        while i < len(chunk):
            n = _sequence_length(chunk[i])
            piece = chunk[i:i + n]
            if n and len(piece) == n and all(0x80 <= b <= 0xBF for b in piece[1:]):
                try:
                    piece.decode("utf-8")
                    valid += 1
                except UnicodeDecodeError:
                    shaped += 1
                i += n
            else:
                stray += 1
                i += 1
    return Utf8Shape(valid, shaped, stray)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("HALFWIDTH KATAKANA"):
        return "HALFWIDTH KATAKANA"   # what legacy Cyrillic/Latin bytes look like in Shift-JIS
    if name.startswith(_EAST_ASIAN):
        return "EAST ASIAN"
    return name.split(" ", 1)[0]


def _letter_run_ok(run: str) -> bool:
    """One script, and lower / Capitalised / UPPER case (caseless scripts always pass)."""
    scripts = {_script(c) for c in run}
    if len(scripts) > 1 or "HALFWIDTH KATAKANA" in scripts:
        return False
    cased = [c for c in run if c.islower() or c.isupper()]
    if len(cased) < 2:
        return True
    rest = cased[1:]
    if cased[0].islower():
        return all(c.islower() for c in rest)
    return all(c.islower() for c in rest) or all(c.isupper() for c in rest)


def _word_ok(word: str) -> bool | None:
    """True/False for a word with letters; None for one without (a price, a symbol, ©2017)."""
    core = word.strip(_EDGE_PUNCTUATION)
    if not any(c.isalpha() for c in core):
        return None
    if len(core) > _LONGEST_WORD:
        return False
    runs, run = [], []
    for char in core:
        category = unicodedata.category(char)
        if category[0] in "LM":
            run.append(char)
            continue
        if run:
            runs.append("".join(run))
            run = []
        if category[0] == "N" or char in _JOINERS:
            continue
        if category[0] == "P" and _script(char) == "EAST ASIAN":   # 、 inside Japanese text
            continue
        return False          # a symbol, bracket or control inside a word: not language
    if run:
        runs.append("".join(run))
    return all(_letter_run_ok(r) for r in runs)


def implausible_share(text: str) -> float:
    """The share (0–1, by length) of words with a non-ASCII letter that do not look like words."""
    visible = sum(1 for c in text if not c.isspace())
    if visible >= 50 and sum(1 for c in text if c.isalpha()) < _MIN_LETTER_SHARE * visible:
        return 1.0              # no language is written mostly in symbols (╙╙╙╙ in koi8-r)
    good = bad = 0
    for word in text.split():
        if word.isascii():
            continue            # every candidate code page reads ASCII the same way
        verdict = _word_ok(word)
        if verdict is None:
            continue
        if verdict:
            good += len(word)
        else:
            bad += len(word)
    return bad / (good + bad) if good + bad else 0.0


def sample_of(text: str, limit: int = 24) -> str:
    """A printable excerpt of the first non-ASCII word, to show the user what the guess read."""
    for word in text.split():
        if not word.isascii():
            shown = "".join(c if c.isprintable() else "?" for c in word[:limit])
            return shown + ("…" if len(word) > limit else "")
    return ""
