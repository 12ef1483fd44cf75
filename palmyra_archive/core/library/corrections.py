"""A researcher's corrections, stored beside the extracted values and never over them.

Why: the archive must always be able to show what the text said and what the user decided.
Each field has its ``*_corrected`` column; the effective value is the correction where there is
one. Every change is an event with the value before and after, in the same transaction.
"""

from __future__ import annotations

import json
import re
from datetime import date as date_type
from functools import lru_cache
from typing import TYPE_CHECKING

from ..ingest.rules import load_rules
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, ValidationError
from ..store.records import UNSET
from .article_detail import extracted_values

if TYPE_CHECKING:
    from ..archive import Archive

#: field -> (table alias, column) holding the correction
COLUMNS = {
    "title": ("articles", "title_corrected"),
    "authors": ("articles", "authors_corrected"),
    "outlet": ("copies", "outlet_corrected_id"),
    "date": ("copies", "date_corrected"),
    "section": ("copies", "section_corrected"),
    "original_outlet": ("copies", "original_outlet_corrected_id"),
    "original_date": ("copies", "original_date_corrected"),
}
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: the longest title, name, outlet or section a correction may hold: the importer reads no
#: heading line longer than this (``ingest.header``), and bundles are held to it too
MAX_FIELD_CHARS = 1000
DATE_FIELDS = ("date", "original_date")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def date_as_shown(iso: str | None) -> str:
    """A date at its precision, as a reader says it: "2016-03" is "March 2016", "2016" stays
    "2016", a full day stays ISO ("2016-03-31"); None is "". The one rule for the library,
    the reader and the metadata editor (exports write their own formats from the ISO value)."""
    if not iso:
        return ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", iso)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{_MONTH_NAMES[int(match.group(2)) - 1]} {match.group(1)}"
    return iso


def check_date(text: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that exists on the calendar, kept at the
    precision it was given: "March 2016" or "mars 2016" is stored as ``2016-03``, never with
    an invented day; "31 mars 2016" as ``2016-03-31``."""
    text = text.strip()
    if not _ISO.match(text):
        iso = _date_from_words(text)
        if iso is None:
            raise ValidationError(f"'{text}' is not a date the archive understands; "
                                  "write it as YYYY-MM-DD (or YYYY-MM, or YYYY), or as "
                                  "“31 March 2016” or “March 2016”.")
        return iso
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date_type(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValidationError(f"{text} is not a day on the calendar.") from None
    return text


_LETTER = re.compile(r"[^\W\d_]")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: "March 2016", "mars 2016", "Mar. 2016", "March, 2016": read with the importer's month table
_MONTH_YEAR = re.compile(r"(?P<month>[^\W\d_]{3,12})\.?,?\s+(?:de\s+)?(?P<year>\d{4})")


def _date_from_words(text: str) -> str | None:
    """A date written with a month's name (any language dateparser reads) and a four-digit
    year, at its precision; None for anything else. Numbers alone ("12/03/2016") are refused:
    which is the day and which the month is a guess."""
    if len(text) > 60 or not _LETTER.search(text) or not _YEAR.search(text):
        return None
    match = _MONTH_YEAR.fullmatch(text)
    if match:
        month = load_rules().months.get(match.group("month").casefold())
        if month:
            return f"{int(match.group('year')):04d}-{month:02d}"
    try:
        found = _date_parser().get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    when = found.date_obj if found else None
    if when is None or str(when.year) not in _YEAR.findall(text):
        return None
    return {"day": when.date().isoformat(), "month": f"{when.year:04d}-{when.month:02d}",
            "year": f"{when.year:04d}"}.get(found.period)


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser.date import DateDataParser  # slow to load: only when a date is in words

    return DateDataParser(settings={"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["year"],
                                    "RETURN_AS_TIMEZONE_AWARE": False})


def check_value(name: str, value):
    """A correction as it will be stored (spaces tidied, a date checked), or ValidationError:
    the one rule for ``edit``, the metadata editor and a bundle's corrections."""
    if value is None:
        return None
    label = name.replace("_", " ")
    if name == "authors":
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, (list, tuple)) or not all(isinstance(a, str) for a in names):
            raise ValidationError("The authors must be a list of names.")
        names = [_tidy(a) for a in names]
        for n in names:
            _check_length("an author's name", n)
        return [n for n in names if n]
    if not isinstance(value, str):
        raise ValidationError(f"The {label} must be text, not {type(value).__name__}.")
    text = _tidy(value)
    if not text:
        raise ValidationError(f"The {label} cannot be empty; clear the "
                              "correction instead to go back to the extracted value.")
    _check_length(f"The {label}", text)
    return check_date(text) if name in DATE_FIELDS else text


#: runs of ordinary white space; a no-break space (French "Palmyre\u00a0:", "4\u00a0000") is
#: part of what was typed or printed and is kept (#13: a bundle's title came back without it)
_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")


def _tidy(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _check_length(what: str, text: str) -> None:
    if len(text) > MAX_FIELD_CHARS:
        raise ValidationError(f"{what[0].upper()}{what[1:]} is {len(text):,} characters long; "
                              f"at most {MAX_FIELD_CHARS:,} are allowed.")


class Corrections:
    def __init__(self, archive: Archive):
        self.archive = archive

    def article_and_shown_copy(self, article_id: int) -> tuple[dict, dict]:
        """The article's row and its shown (primary) copy's row; NotFoundError if no such article."""
        db = self.archive.db
        cursor = db.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this archive.")
        article = dict(zip([d[0] for d in cursor.description], row))
        cursor = db.execute("SELECT * FROM copies WHERE id = ?", [article["primary_copy_id"]])
        copy = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
        return article, copy

    def corrections(self, article_id: int) -> dict[str, dict]:
        """field -> {"extracted": …, "corrected": …} for every field the user corrected."""
        article, copy = self.article_and_shown_copy(article_id)
        extracted = extracted_values(self.archive.db, article, copy)
        out = {}
        for name, (table, column) in COLUMNS.items():
            raw = (article if table == "articles" else copy)[column]
            if raw is not None:
                out[name] = {"extracted": extracted[name], "corrected": self._display(name, raw)}
        return out

    def _display(self, name: str, raw):
        if name == "authors":
            return json.loads(raw)
        if name in ("outlet", "original_outlet"):
            return self.archive.outlets.name(raw)
        return raw

    def _effective(self, name: str, raw, extracted: dict):
        """What the archive shows for the field: the correction, else the extracted value."""
        return self._display(name, raw) if raw is not None else extracted[name]

    def _stored(self, name: str, value):
        """The column value for a correction the user typed (None clears)."""
        value = check_value(name, value)
        if value is None:
            return None
        if name == "authors":
            return json.dumps(value, ensure_ascii=False)
        if name in ("outlet", "original_outlet"):
            return self.archive.outlets.get_or_create(value)
        return value

    def correct(self, article_id: int, **fields) -> Changes:
        wanted = {k: v for k, v in fields.items() if v is not UNSET}
        unknown = set(wanted) - set(COLUMNS)
        if unknown:
            raise ValidationError(f"These fields cannot be corrected: {', '.join(sorted(unknown))}.")
        changed: list[str] = []
        with self.archive.write("saving a correction"):
            article, copy = self.article_and_shown_copy(article_id)
            extracted = extracted_values(self.archive.db, article, copy)
            for name, value in wanted.items():
                table, column = COLUMNS[name]
                row = article if table == "articles" else copy
                stored = self._stored(name, value)
                if stored == row[column]:
                    continue
                before = self._effective(name, row[column], extracted)
                target_id = article["id"] if table == "articles" else copy["id"]
                self.archive.db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [stored, target_id])
                self.archive.events.record(
                    "correct", entity="article", entity_id=article_id,
                    before={name: before}, after={name: self._effective(name, stored, extracted)},
                    details={"field": name, "cleared": stored is None, "copy_id": copy["id"]})
                row[column] = stored
                changed.append(name)
            if changed:
                self.archive.db.execute("UPDATE articles SET updated_at = ? WHERE id = ?", [now_iso(), article_id])
        message = f"Corrected {', '.join(changed)}" if changed else "Nothing to change"
        return Changes(articles=bool(changed), outlets=any("outlet" in c for c in changed),
                       article_ids=(article_id,) if changed else (), message=message)
