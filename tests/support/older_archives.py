"""Archives as an older version of Palmyra left them, made from a current one, for the tests
that open them and check the upgrade."""

from __future__ import annotations

import sqlite3


def _not_applied(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [name])
    applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {applied}")


def as_before_0034(conn: sqlite3.Connection) -> None:
    """Undo migration 0034: no kept total of proposed links, nor its triggers."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                " AND name LIKE 'library_counts_proposed_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM library_counts WHERE name = 'proposed'")
    _not_applied(conn, "0034_proposed_count_kept")
    conn.commit()


def as_before_0033(conn: sqlite3.Connection) -> None:
    """Undo migrations 0034 and 0033 on ``conn``'s archive: each link's method and parameters
    back on its row (as 0.1 wrote them: the parameters' JSON with spaces), ``reuse_methods``
    gone."""
    as_before_0034(conn)
    conn.execute("DROP VIEW reuse_links_described")
    conn.execute("ALTER TABLE reuse_links ADD COLUMN method TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE reuse_links ADD COLUMN parameters TEXT NOT NULL DEFAULT '{}'")
    for method_id, method, parameters in conn.execute(
            "SELECT id, method, parameters FROM reuse_methods").fetchall():
        spaced = parameters.replace(",", ", ").replace(":", ": ")
        conn.execute("UPDATE reuse_links SET method = ?, parameters = ? WHERE method_id = ?",
                     [method, spaced, method_id])
    conn.execute("ALTER TABLE reuse_links DROP COLUMN method_id")
    conn.execute("DROP TABLE reuse_methods")
    _not_applied(conn, "0033_reuse_methods_once")
    conn.commit()


def as_before_0032(conn: sqlite3.Connection) -> None:
    """Undo migrations 0034 to 0032 on ``conn``'s archive: the index of band keys by copy
    back, the packed keys gone, the steps not applied yet."""
    as_before_0033(conn)
    conn.execute("CREATE INDEX reuse_bands_copy ON reuse_bands(copy_id)")
    conn.execute("ALTER TABLE reuse_fingerprints DROP COLUMN band_keys")
    _not_applied(conn, "0032_band_keys_per_copy")
    conn.commit()
