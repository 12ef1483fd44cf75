"""Which language a stretch of text is in.

Why two steps: py3langid reads text one character at a time in Python (~0.5 ms per 600
characters), too slow for 1,000 imports a second. Most articles are plainly in one language,
which their function words ("the", "of" / "les", "des") show in microseconds
(``resources/rules/languages.json``); only unclear samples go to py3langid, restricted to the
languages the archive's sources use so short English is not taken for Latin or Frisian.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..store.paths import resources_dir

_SAMPLE = 800
_LANGID_SAMPLE = 400
_MIN_LETTERS = 12
_WORDS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _config() -> tuple[tuple[str, ...], dict[str, str | tuple[str, ...]], int, int]:
    with (resources_dir() / "rules" / "languages.json").open(encoding="utf-8") as handle:
        raw = json.load(handle)
    owners: dict[str, list[str]] = {}
    for language, words in raw["function_words"].items():
        for word in words:
            owners.setdefault(word, []).append(language)
    return (tuple(raw["likely"]), {w: tuple(langs) for w, langs in owners.items()},
            int(raw["min_hits"]), int(raw["dominance"]))


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier  # the module's own loader, with our restriction

    return _load_identifier(langs=list(_config()[0]))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when there are too few letters to tell."""
    if sum(map(str.isalpha, text[:200])) < _MIN_LETTERS:
        return None
    return _detect_sample(text if len(text) <= _SAMPLE else _middle(text, _SAMPLE))


@lru_cache(maxsize=4096)
def _detect_sample(sample: str) -> str:
    return _by_function_words(sample) or _classify(_middle(sample, _LANGID_SAMPLE))


def _by_function_words(sample: str) -> str | None:
    _, owners, min_hits, dominance = _config()
    hits: dict[str, int] = {}
    for word in _WORDS.findall(sample.lower()):
        for language in owners.get(word, ()):
            hits[language] = hits.get(language, 0) + 1
    if not hits:
        return None
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if count >= min_hits and count >= dominance * runner_up else None


@lru_cache(maxsize=2048)
def _classify(sample: str) -> str:
    return _identifier().classify(sample)[0]


def _middle(text: str, size: int) -> str:
    """A sample from the middle: the start of a text is often a name or a quotation."""
    if len(text) <= size:
        return text
    middle = len(text) // 2
    start = text.rfind(" ", 0, max(middle - size // 2, 0) + 1) + 1
    return text[start:start + size]
