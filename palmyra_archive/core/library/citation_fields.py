"""The metadata a citation needs beyond title, authors, outlet and date (#20): the page's URL,
an archived URL (a Wayback or archive.today address the researcher noted), the accessed date,
the DOI and the language, each with the extracted value beside the user's correction.

Extracted values: the URL is the capture URL the file carried (``sources.capture_url``), the
language the one the importer detected (``articles.language``); the others are the user's
alone. Each change is a ``correct`` event with before/after, as for every other field; the
accessed date goes through the importer's date reading (``corrections.check_date``: "27 March
2016", "mars 2016", "2016" kept at their precision). ``None`` clears a value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..store.changes import Changes
from ..store.errors import NotFoundError, ValidationError
from ..store.payloads import FieldsCorrected
from ..store.records import UNSET
from .corrections import check_date

if TYPE_CHECKING:
    from ..archive import Archive

FIELDS = ("url", "archived_url", "accessed", "doi", "language")
LABELS = {"url": "URL", "archived_url": "archived URL", "accessed": "accessed date", "doi": "DOI",
          "language": "language"}
#: field -> (table, column holding the user's value)
_COLUMNS = {"url": ("copies", "url_corrected"), "archived_url": ("copies", "archived_url"),
            "accessed": ("copies", "accessed"), "doi": ("articles", "doi"),
            "language": ("articles", "language_corrected")}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def check_url(text: str, label: str = "URL") -> str:
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text) \
            or any(c in text for c in "{}\\\"<>"):
        raise ValidationError(f"'{text}' is not a web address; write the {label} in full, "
                              "starting with https:// or http://.")
    return text


def check_doi(text: str) -> str:
    text = text.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    if not _DOI.match(text) or any(c in text for c in "{}\\\"<>"):
        raise ValidationError(f"'{text}' is not a DOI; a DOI looks like 10.1234/abcd "
                              "(a https://doi.org/ address is fine too).")
    return text


def check_language(text: str) -> str:
    text = text.strip()
    code = text.lower() if "-" not in text else text.split("-")[0].lower() + "-" + text.split("-", 1)[1]
    if not _LANGUAGE.match(code):
        raise ValidationError(f"'{text}' is not a language code; write its ISO 639 code "
                              "(fr, en, ar, de, or fr-CA).")
    return code


_CHECKS = {"url": check_url, "archived_url": lambda t: check_url(t, "archived URL"),
           "accessed": check_date, "doi": check_doi, "language": check_language}


class CitationFields:
    def __init__(self, archive: Archive):
        self.archive = archive

    def _ids(self, article_id: int) -> tuple[int, int]:
        row = self.archive.db.execute("SELECT id, primary_copy_id FROM articles WHERE id = ?",
                                      [int(article_id)]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this archive.")
        return row[0], row[1]

    def get(self, article_id: int) -> dict[str, dict]:
        """field -> {"extracted": …, "corrected": …, "value": what is cited}."""
        article_id, copy_id = self._ids(article_id)
        row = self.archive.db.execute(
            "SELECT s.capture_url, c.url_corrected, c.archived_url, c.accessed, a.doi, a.language,"
            " a.language_corrected FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
            " JOIN sources s ON s.id = c.source_id WHERE a.id = ?", [article_id]).fetchone()
        capture, url, archived, accessed, doi, language, language_corrected = row
        out = {"url": (capture, url), "archived_url": (None, archived), "accessed": (None, accessed),
               "doi": (None, doi), "language": (language, language_corrected)}
        return {f: {"extracted": e, "corrected": c, "value": c if c is not None else e}
                for f, (e, c) in out.items()}

    def set(self, article_id: int, *, url=UNSET, archived_url=UNSET, accessed=UNSET, doi=UNSET,
            language=UNSET) -> Changes:
        """Store the user's values (``None`` or "" clears one); one event per field changed."""
        wanted = {f: v for f, v in (("url", url), ("archived_url", archived_url), ("accessed", accessed),
                                    ("doi", doi), ("language", language)) if v is not UNSET}
        checked = {f: (_CHECKS[f](v) if v is not None and str(v).strip() else None)
                   for f, v in wanted.items()}   # every value checked before anything is written
        article_id, copy_id = self._ids(article_id)
        before = {f: d["corrected"] for f, d in self.get(article_id).items()}
        changed = []
        with self.archive.write("correcting citation metadata"):
            for field, value in checked.items():
                if value == before[field]:
                    continue
                table, column = _COLUMNS[field]
                row_id = copy_id if table == "copies" else article_id
                self.archive.db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [value, row_id])
                self.archive.events.record("correct", entity="article", entity_id=article_id,
                                           before={field: before[field]}, after={field: value},
                                           details={"field": field, "copy_id": copy_id})
                changed.append(field)
        names = ", ".join(LABELS[f] for f in changed)
        return Changes(articles=True, article_ids=(article_id,),
                       message=f"Corrected the {names}." if changed else "Nothing changed.",
                       extra=FieldsCorrected(before={f: before[f] for f in changed},
                                             after={f: checked[f] for f in changed}))
