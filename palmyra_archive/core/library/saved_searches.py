"""Saved searches: a name and a ``LibraryQuery``, stored as readable JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, fields
from typing import TYPE_CHECKING

from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, ValidationError
from ..store.payloads import SearchDeleted, SearchRenamed
from ..store.records import LibraryQuery, SavedSearchInfo

if TYPE_CHECKING:
    from ..archive import Archive

_FIELDS = {f.name for f in fields(LibraryQuery)}

log = logging.getLogger(__name__)


def query_to_json(query: LibraryQuery) -> str:
    data = asdict(query)
    data["tag_ids"] = list(query.tag_ids)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def query_from_json(text: str, search_text: str = "") -> LibraryQuery:
    """Rebuild a query; keys a newer or older version does not know are ignored, and filters
    that cannot be read (a row edited by hand in sqlite3) fall back to the words alone, so one
    bad row never hides the others."""
    try:
        data = {k: v for k, v in (json.loads(text or "{}") or {}).items() if k in _FIELDS}
        data.setdefault("text", search_text)
        data["tag_ids"] = tuple(int(t) for t in data.get("tag_ids") or ())
        return LibraryQuery(**data)
    except (ValueError, TypeError, AttributeError):
        log.warning("saved search filters could not be read, keeping its words: %r", text)
        return LibraryQuery(text=search_text if isinstance(search_text, str) else "")


class SavedSearchManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    def all(self) -> list[SavedSearchInfo]:
        rows = self.db.execute("SELECT id, name, query, filters, created_at FROM saved_searches "
                               "ORDER BY name COLLATE NOCASE").fetchall()
        return [SavedSearchInfo(r[0], r[1], query_from_json(r[3], r[2]), r[4]) for r in rows]

    def get(self, search_id: int) -> LibraryQuery:
        row = self.db.execute("SELECT query, filters FROM saved_searches WHERE id = ?",
                              [search_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no saved search {search_id}.")
        return query_from_json(row[1], row[0])

    def save(self, name: str, query: LibraryQuery) -> Changes:
        """Save under ``name``; saving again under the same name replaces the query."""
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("A saved search needs a name.")
        with self.archive.write("saving a search"):
            row = self.db.execute("SELECT id, filters FROM saved_searches WHERE name = ?",
                                  [name]).fetchone()
            if row:
                self.db.execute("UPDATE saved_searches SET query = ?, filters = ? WHERE id = ?",
                                [query.text, query_to_json(query), row[0]])
                search_id = row[0]
            else:
                search_id = self.db.execute(
                    "INSERT INTO saved_searches (name, query, filters, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [name, query.text, query_to_json(query), now_iso()]).lastrowid
            self.archive.events.record("saved_search", entity="saved_search", entity_id=search_id,
                                       before=json.loads(row[1]) if row else None,
                                       after={"name": name, "query": asdict(query)})
        return Changes(saved_searches=True, created_id=search_id,
                       message=f"Search “{name}” saved")

    def rename(self, search_id: int, name: str) -> Changes:
        """Give a saved search another name (names are unique); ``extra['old_name']`` undoes it."""
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("A saved search needs a name.")
        row = self.db.execute("SELECT name FROM saved_searches WHERE id = ?", [search_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no saved search {search_id}.")
        taken = self.db.execute("SELECT 1 FROM saved_searches WHERE name = ? AND id != ?",
                                [name, search_id]).fetchone()
        if taken:
            raise ValidationError(f"There is already a saved search named “{name}”.")
        with self.archive.write("renaming a saved search"):
            self.db.execute("UPDATE saved_searches SET name = ? WHERE id = ?", [name, search_id])
            self.archive.events.record("saved_search_rename", entity="saved_search",
                                       entity_id=search_id, before={"name": row[0]},
                                       after={"name": name})
        return Changes(saved_searches=True, message=f"Renamed search “{row[0]}” to “{name}”",
                       extra=SearchRenamed(old_name=row[0]))

    def delete(self, search_id: int) -> Changes:
        row = self.db.execute("SELECT name, query, filters, created_at FROM saved_searches "
                              "WHERE id = ?", [search_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no saved search {search_id}.")
        with self.archive.write("deleting a saved search"):
            self.db.execute("DELETE FROM saved_searches WHERE id = ?", [search_id])
            self.archive.events.record("saved_search_delete", entity="saved_search",
                                       entity_id=search_id,
                                       before={"name": row[0], "filters": json.loads(row[2])})
        return Changes(saved_searches=True, message=f"Search “{row[0]}” deleted",
                       extra=SearchDeleted(name=row[0], query=query_from_json(row[2], row[1])))
