"""Dates as printed ("31 mars 2016", "Dec 13, 2016", "30 Dec 2016") to ISO dates.

Why two paths: the common shapes are read by one precompiled regex and a month table
(``resources/rules/months.json``) in microseconds; anything else goes to ``dateparser``, which
understands most languages but is slow, so its answers are cached.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import load_rules

_WORD = r"[^\W\d_]{3,12}"
DATE_RE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th|\.)? (?:de )?(?P<m1>{_WORD})\.?,? (?:de )?(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_WORD})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>\d{{4}})"
    r"|(?P<iso>(?P<yi>\d{4})-(?P<mi>\d{2})-(?P<di>\d{2})))\b")

_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class FoundDate:
    iso: str
    as_printed: str
    start: int
    end: int


def find_date(text: str, start: int = 0, end: int | None = None,
              languages: tuple[str, ...] | None = None) -> FoundDate | None:
    """The first real date in ``text[start:end]``, with offsets into ``text``; ``languages``
    hints dateparser when the month is not in the fast table."""
    if _YEAR.search(text, start, len(text) if end is None else end) is None:
        return None      # every shape read here has a four-digit year: skip the big pattern
    for match in DATE_RE.finditer(text, start, len(text) if end is None else end):
        iso = _iso_from_match(match, languages)
        if iso:
            return FoundDate(iso, match.group(0), match.start(), match.end())
    return None


def parse_date(printed: str, languages: tuple[str, ...] | None = None) -> str | None:
    """ISO date for a date as printed in any language, or None when it is not a date."""
    match = DATE_RE.fullmatch(printed.strip())
    if match:
        iso = _iso_from_match(match, languages)
        if iso:
            return iso
    return _dateparser_iso(printed.strip(), languages)


def _iso_from_match(match: re.Match, languages: tuple[str, ...] | None = None) -> str | None:
    if match.group("iso"):
        return _valid(int(match.group("yi")), int(match.group("mi")), int(match.group("di")))
    if match.group("m1"):
        day, month_word, year = match.group("d1"), match.group("m1"), match.group("y1")
    else:
        day, month_word, year = match.group("d2"), match.group("m2"), match.group("y2")
    month = _month_number(month_word)
    if month is None:
        return _dateparser_iso(match.group(0), languages) if _could_be_month(month_word) else None
    return _valid(int(year), month, int(day))


def _month_number(word: str) -> int | None:
    return load_rules().months.get(word.casefold().rstrip("."))


def _could_be_month(word: str) -> bool:
    """Only ask dateparser about words that are not plain English words we know are not months."""
    return word[:1].isupper() and word.casefold() not in _NOT_MONTHS


_NOT_MONTHS = frozenset({"the", "and", "for", "from", "with", "since", "until", "over", "about",
                         "than", "more", "some", "least", "before", "after", "during", "around"})


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_iso(printed: str, languages: tuple[str, ...] | None) -> str | None:
    if not printed or len(printed) > 60 or not any(ch.isdigit() for ch in printed):
        return None
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        found = dateparser.parse(printed, languages=list(languages) if languages else None,
                                 settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; it is only a fallback
        return None
    return found.date().isoformat() if found else None
