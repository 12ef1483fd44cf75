"""How a text-reuse link was found, kept once for all the links found that way (#19, migration
0033): ``reuse_methods`` holds each distinct method and its parameters' JSON, and every
``reuse_links`` row names one by ``method_id``.

Why: every link a scan or an import proposes was found by the same method with the same
parameters, and repeating the method's name and the parameters' JSON on each link took 332
bytes a link (10 MB of a 267 MB archive of 10,000 articles; a gigabyte at a million). The view
``reuse_links_described`` shows each link with its method and parameters beside it, so a
``sqlite3`` or Datasette reader sees what the links always said.
"""

from __future__ import annotations

import json

TABLE = """CREATE TABLE IF NOT EXISTS reuse_methods (
    id INTEGER PRIMARY KEY,
    method TEXT NOT NULL,              -- 'text-reuse: minhash-lsh + rapidfuzz alignment'
    parameters TEXT NOT NULL,          -- JSON: window, step, shingle, bands, rows, seed, ...
    UNIQUE (method, parameters))"""

VIEW = """CREATE VIEW IF NOT EXISTS reuse_links_described AS
    SELECT l.*, m.method AS method, m.parameters AS parameters
    FROM reuse_links l LEFT JOIN reuse_methods m ON m.id = l.method_id"""


def id_for(conn, method: str, parameters: dict | str) -> int:
    """The row for ``method`` with ``parameters`` (a dict, or its JSON as stored), added the
    first time it is used. Parameters are kept as compact JSON with sorted keys, so the same
    parameters written twice are one row."""
    text = parameters if isinstance(parameters, str) else as_json(parameters)
    row = conn.execute("SELECT id FROM reuse_methods WHERE method = ? AND parameters = ?",
                       [method, text]).fetchone()
    if row is not None:
        return row[0]
    return conn.execute("INSERT INTO reuse_methods (method, parameters) VALUES (?, ?)",
                        [method, text]).lastrowid


def as_json(parameters: dict) -> str:
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"))
