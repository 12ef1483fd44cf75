"""The append-only event log: who did what, when, with the value before and after.

``record`` is called inside the same transaction as the change it describes, so the log and
the archive can never disagree.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import sqlite_utils

from .clock import now_iso
from .db import inserted_id
from .records import EventRecord


def current_actor() -> str:
    try:
        return f"user:{getpass.getuser()}"
    except (OSError, KeyError, ImportError):  # no login name (some containers): still say it was a person
        return "user:unknown"


class EventLog:
    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def record(self, action: str, *, entity: str | None = None, entity_id: int | None = None,
               before: Any = None, after: Any = None, details: Any = None,
               actor: str | None = None) -> int:
        cursor = self._db.execute(
            "INSERT INTO events (at, actor, action, entity, entity_id, before, after, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now_iso(), actor or current_actor(), action, entity, entity_id,
             _dump(before), _dump(after), _dump(details)],
        )
        return inserted_id(cursor)

    def list(self, *, limit: int = 200, entity: str | None = None,
             entity_id: int | None = None, action: str | None = None) -> list[EventRecord]:
        where, params = [], []
        for column, value in (("entity", entity), ("entity_id", entity_id), ("action", action)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        rows = self._db.execute(sql, params).fetchall()
        return [EventRecord(r[0], r[1], r[2], r[3], r[4], r[5], _load(r[6]), _load(r[7]), _load(r[8]))
                for r in rows]


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)
