"""Outlets: the websites and publications copies appeared in, with the other names they go by.

Why aliases: the same outlet is printed as "Mondialisation.ca", "mondialisation.ca" or
"Global Research" depending on the page; the archive keeps one outlet row and every spelling
seen as an alias, so the library groups copies by outlet and not by spelling. Known outlets and
their aliases come from the ingest engineer's data files ``resources/outlets/*.json``; anything
else gets an outlet of its own the first time it is named.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from functools import cached_property
from typing import TYPE_CHECKING

from ..store import sort_keys
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.paths import resource

if TYPE_CHECKING:
    from ..archive import Archive

log = logging.getLogger(__name__)


def name_key(text: str) -> str:
    """The form names are matched in: NFKC, casefolded, no-break spaces as spaces, squeezed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").casefold()
    return " ".join(text.split())


def _names_in(entry: dict) -> tuple[str | None, list[str]]:
    """Read one outlet record from a resources file whatever its exact shape."""
    name = entry.get("name") or entry.get("outlet") or entry.get("canonical")
    aliases = entry.get("aliases") or entry.get("names") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    domains = entry.get("domains") or entry.get("domain") or []
    if isinstance(domains, str):
        domains = [domains]
    return name, [a for a in list(aliases) + list(domains) if isinstance(a, str)]


def load_known_outlets() -> dict[str, str]:
    """alias key -> canonical name, from resources/outlets/*.json (empty when absent)."""
    known: dict[str, str] = {}
    folder = resource("outlets")
    if not folder.is_dir():
        return known
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("skipping outlet file %s: %s", path, exc)
            continue
        entries = data if isinstance(data, list) else data.get("outlets", [data]) if isinstance(data, dict) else []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            name, aliases = _names_in(entry)
            if not isinstance(name, str) or not name.strip():
                continue
            for alias in [name, *aliases]:
                known.setdefault(name_key(alias), name.strip())
    return known


class OutletManager:
    def __init__(self, archive: Archive):
        self.archive = archive

    @cached_property
    def known(self) -> dict[str, str]:
        return load_known_outlets()

    def canonical(self, name: str) -> str:
        """The name an outlet is filed under: the known outlet's own name, else as printed."""
        cleaned = " ".join(name.replace("\u00a0", " ").split())
        return self.known.get(name_key(cleaned), cleaned)

    def find(self, name: str) -> int | None:
        """The outlet this name (or any alias of it) refers to, without creating one."""
        key = name_key(name)
        if not key:
            return None
        row = self.archive.db.execute(
            "SELECT outlet_id FROM outlet_aliases WHERE alias_key = ?", [key]).fetchone()
        if row is None:
            row = self.archive.db.execute(
                "SELECT outlet_id FROM outlet_aliases WHERE alias_key = ?",
                [name_key(self.canonical(name))]).fetchone()
        return row[0] if row is not None else None

    def get_or_create(self, name: str) -> int:
        """The outlet's id, creating it (with its known aliases) the first time it is named."""
        found = self.find(name)
        if found is not None:
            return found
        canonical = self.canonical(name)
        with self.archive.write("adding an outlet") as db:
            cursor = db.execute("INSERT INTO outlets (name, created_at) VALUES (?, ?)",
                                [canonical, now_iso()])
            outlet_id = inserted_id(cursor)
            spellings = {name_key(canonical): canonical, name_key(name): name.strip()}
            for key, canon in self.known.items():
                if canon == canonical:
                    spellings.setdefault(key, key)
            db.conn.executemany(
                "INSERT OR IGNORE INTO outlet_aliases (outlet_id, alias, alias_key) VALUES (?, ?, ?)",
                [(outlet_id, alias, key) for key, alias in spellings.items() if key])
        return outlet_id

    def name(self, outlet_id: int | None) -> str | None:
        if outlet_id is None:
            return None
        row = self.archive.db.execute("SELECT name FROM outlets WHERE id = ?", [outlet_id]).fetchone()
        return row[0] if row else None

    def counts(self) -> list[tuple[int, str, int]]:
        """(outlet id, name, number of articles whose shown copy is from it), for the sidebar:
        kept at write time per outlet (``store.sort_keys``, #19), so start-up reads one row per
        outlet however many articles there are."""
        return sort_keys.outlet_counts(self.archive.db)

    def names(self) -> list[str]:
        return [r[0] for r in self.archive.db.execute(
            "SELECT name FROM outlets ORDER BY name COLLATE NOCASE").fetchall()]
