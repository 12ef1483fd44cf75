"""Dates as printed ("31 mars 2016", "Dec 13, 2016", "30 Dec 2016") to ISO dates.

Why two paths: the common shapes are read by one precompiled regex and a month table
(``resources/rules/months.json`` and each language's file under ``resources/rules/lang/``) in
microseconds; anything else goes to ``dateparser``, which understands most languages but is
slow, so its answers are cached.

Numeric dates follow the date order of the page's language (``date_order`` in its file):
05/04/2016 is 5 April in French and ambiguous in English, where both orders are printed; a
date that two orders read differently is kept as printed, flagged ``ambiguous``, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import load_rules

_WORD = r"[^\W\d_]{3,12}"
_DATE_SHAPES = (
    r"\b(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th|\.|º)? (?:de )?(?P<m1>{word})\.?,? (?:de |del )?(?P<y1>\d{{4}})"
    r"|(?P<m2>{word})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>\d{{4}})"
    r"|(?P<iso>(?P<yi>\d{{4}})-(?P<mi>\d{{2}})-(?P<di>\d{{2}}))"
    r"|(?<![\d./-])(?P<n1>\d{{1,2}})(?P<ns>[./-])(?P<n2>\d{{1,2}})(?P=ns)(?P<ny>\d{{4}})(?![\d]|[./-]\d))\b")
_MONTH_YEAR = r"^(?P<mm>{word})\.?,? (?:de )?(?P<my>\d{{4}})$"


def _word() -> str:
    multi = "|".join(re.escape(m) for m in load_rules().multiword_months)
    return f"(?:{multi}|{_WORD})" if multi else _WORD


@dataclass(frozen=True)
class _Patterns:
    """The date patterns, built from the month tables (multi-word months included)."""

    date: re.Pattern[str]
    month_year: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The patterns, built once, on first use."""
    word = _word()
    return _Patterns(re.compile(_DATE_SHAPES.format(word=word)), re.compile(_MONTH_YEAR.format(word=word)))


_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class FoundDate:
    iso: str | None            # None when the printed date reads two ways (``ambiguous``)
    as_printed: str
    start: int
    end: int
    precision: str = "day"     # "day" or "month"
    ambiguous: bool = False


def find_date(text: str, start: int = 0, end: int | None = None,
              languages: tuple[str, ...] | None = None, month_only: bool = False) -> FoundDate | None:
    """The first real date in ``text[start:end]``, with offsets into ``text``; ``languages``
    hints dateparser when the month is not in the fast table and orders numeric dates.
    ``month_only``: ``text[start:end]`` is all date, and "June 2017" counts (precision month)."""
    stop = len(text) if end is None else end
    if _YEAR.search(text, start, stop) is None:
        return None      # every shape read here has a four-digit year: skip the big pattern
    patterns = _patterns()
    for match in patterns.date.finditer(text, start, stop):
        if match.group("n1"):
            found = _numeric(match, languages)
            if found:
                return found
            continue
        iso = _iso_from_match(match, languages)
        if iso:
            return FoundDate(iso, match.group(0), match.start(), match.end())
    if month_only:
        piece = text[start:stop]
        lead = len(piece) - len(piece.lstrip())
        month_year = patterns.month_year.match(piece.strip())
        if month_year:
            month = _month_number(month_year.group("mm"))
            if month:
                at = start + lead
                return FoundDate(f"{int(month_year.group('my')):04d}-{month:02d}", month_year.group(0),
                                 at, at + len(month_year.group(0)), precision="month")
    return None


def _numeric(match: re.Match, languages: tuple[str, ...] | None) -> FoundDate | None:
    """"14.12.2016", "12/03/2017", "09/14/2016": read in the orders the page's language uses."""
    first, second, year = int(match.group("n1")), int(match.group("n2")), int(match.group("ny"))
    orders = ("DMY",) if match.group("ns") == "." else _orders(languages)
    readings = {iso for iso in (_valid(year, second, first) if "DMY" in orders else None,
                                _valid(year, first, second) if "MDY" in orders else None) if iso}
    if not readings:
        return None
    if len(readings) > 1:
        return FoundDate(None, match.group(0), match.start(), match.end(), ambiguous=True)
    return FoundDate(readings.pop(), match.group(0), match.start(), match.end())


def _orders(languages: tuple[str, ...] | None) -> tuple[str, ...]:
    known = load_rules().date_orders
    orders: list[str] = []
    for language in languages or ():
        orders.extend(known.get(language, ()))
    return tuple(orders) or ("DMY", "MDY")


def parse_date(printed: str, languages: tuple[str, ...] | None = None) -> str | None:
    """ISO date for a date as printed in any language, or None when it is not a date."""
    match = _patterns().date.fullmatch(printed.strip())
    if match and match.group("n1"):
        found = _numeric(match, languages)
        return found.iso if found else None
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
    return (word[:1].isupper() or not word[:1].isascii()) and word.casefold() not in _NOT_MONTHS


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
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; it is only a fallback
        return None
    return found.date().isoformat() if found else None
