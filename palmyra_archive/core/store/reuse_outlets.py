"""The outlets of each text-reuse link's two copies, kept at write time (issue #11).

Why: the outlet network (``reuse.network``) counts links by the pair of outlets they join and
by direction. Worked out through the copies, that read two copy rows per link (rows that hold
the bodies): 9.7 s at 100,000 articles and 128,857 links. ``reuse_links.outlet_a`` and
``outlet_b`` hold each side's outlet as shown (the corrected outlet, or the one read), kept by
the triggers below in the same transaction as the write that changes them (a link stored, its
copies changed, a copy's outlet corrected: by any service, or by hand in ``sqlite3``), and the
index ``reuse_links_outlets`` covers the network's count, so the whole network is one walk of
that index. ``drift``/``repair`` recompute them from the rows (``verify`` runs them). Derived
and rebuildable: nothing imported is changed.
"""

from __future__ import annotations

from collections.abc import Callable

#: a copy's outlet as shown
_OUTLET = "(SELECT COALESCE(c.outlet_corrected_id, c.outlet_id) FROM copies c WHERE c.id = {copy})"

#: the index the network's count walks (status, outlets, then what tells the direction)
INDEX = ("CREATE INDEX IF NOT EXISTS reuse_links_outlets ON reuse_links"
         "(status, outlet_a, outlet_b, from_copy_id, copy_a)")

_FILL = (f"UPDATE reuse_links SET outlet_a = {_OUTLET.format(copy='reuse_links.copy_a')},"
         f" outlet_b = {_OUTLET.format(copy='reuse_links.copy_b')}")

#: (name, statement): what changes a link's outlets refreshes them
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("reuse_links_outlets_ai", f"AFTER INSERT ON reuse_links BEGIN {_FILL} WHERE id = NEW.id; END"),
    ("reuse_links_outlets_au", f"AFTER UPDATE OF copy_a, copy_b ON reuse_links BEGIN {_FILL}"
     " WHERE id = NEW.id; END"),
    ("reuse_links_outlets_copies_au", "AFTER UPDATE OF outlet_id, outlet_corrected_id ON copies"
     " WHEN COALESCE(NEW.outlet_corrected_id, NEW.outlet_id) IS NOT COALESCE(OLD.outlet_corrected_id,"
     " OLD.outlet_id) BEGIN"
     " UPDATE reuse_links SET outlet_a = COALESCE(NEW.outlet_corrected_id, NEW.outlet_id) WHERE copy_a = NEW.id;"
     " UPDATE reuse_links SET outlet_b = COALESCE(NEW.outlet_corrected_id, NEW.outlet_id) WHERE copy_b = NEW.id;"
     " END"),
)

_EXPECTED = (f"SELECT l.id, {_OUTLET.format(copy='l.copy_a')} AS a, {_OUTLET.format(copy='l.copy_b')} AS b"
             " FROM reuse_links l")


def install(db, progress: Callable[[int, int], None] | None = None) -> None:
    """The two columns, filled from the rows in steps of 20,000 links (telling ``progress(done,
    total)``), then the index and the triggers. Part of migration 0027."""
    columns = {r[1] for r in db.execute("PRAGMA table_info(reuse_links)")}
    for name in ("outlet_a", "outlet_b"):
        if name not in columns:
            db.execute(f"ALTER TABLE reuse_links ADD COLUMN {name} INTEGER")
    last = db.execute("SELECT coalesce(max(id), 0) FROM reuse_links").fetchone()[0]
    step = 20000
    for start in range(0, last + 1, step):
        db.execute(f"{_FILL} WHERE id >= ? AND id < ?", [start, start + step])
        if progress is not None:
            progress(min(start + step, last), last)
    db.execute(INDEX)
    for name, body in TRIGGERS:
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def drift(db) -> list[int]:
    """Links whose kept outlets differ from their copies' (none, unless the triggers were
    dropped or the file was edited with them off)."""
    return [r[0] for r in db.execute(
        f"SELECT e.id FROM ({_EXPECTED}) e JOIN reuse_links l ON l.id = e.id"
        " WHERE l.outlet_a IS NOT e.a OR l.outlet_b IS NOT e.b ORDER BY e.id")]


def repair(db) -> int:
    """Recompute the outlets of every link that drifted; returns how many. Run inside a write."""
    wrong = drift(db)
    for start in range(0, len(wrong), 500):
        chunk = wrong[start:start + 500]
        db.execute(f"{_FILL} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    return len(wrong)


__all__ = ["INDEX", "TRIGGERS", "install", "drift", "repair"]
