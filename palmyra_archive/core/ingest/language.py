"""Which language a stretch of text is in (py3langid, restricted to likely languages).

Why restricted and sampled: the full model confuses short English with Latin or Frisian and
costs ~0.1 ms per 600 characters; limiting it to the languages of the archive's sources and
classifying a sample keeps import fast and the answer sensible.
"""

from __future__ import annotations

from functools import lru_cache

LIKELY_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "ar", "tr")
_SAMPLE = 600
_MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier  # the module's own loader, with our restriction

    return _load_identifier(langs=list(LIKELY_LANGUAGES))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when there are too few letters to tell."""
    if sum(map(str.isalpha, text[:200])) < _MIN_LETTERS:
        return None
    sample = text if len(text) <= _SAMPLE else _middle(text)
    return _classify(sample)


@lru_cache(maxsize=2048)
def _classify(sample: str) -> str:
    return _identifier().classify(sample)[0]


def _middle(text: str) -> str:
    """A sample from the middle: the start of a text is often a name or a quotation."""
    middle = len(text) // 2
    start = text.rfind(" ", 0, max(middle - _SAMPLE // 2, 0) + 1) + 1
    return text[start:start + _SAMPLE]
