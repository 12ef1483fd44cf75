"""Archives as an older version of Palmyra left them, made from a current one, for the tests
that open them and check the upgrade."""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.store import migrations


def as_before_0032(conn: sqlite3.Connection) -> None:
    """Undo migration 0032 on ``conn``'s archive: the index of band keys by copy back, the
    packed keys gone, the step not applied yet."""
    conn.execute("CREATE INDEX reuse_bands_copy ON reuse_bands(copy_id)")
    conn.execute("ALTER TABLE reuse_fingerprints DROP COLUMN band_keys")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0032_band_keys_per_copy'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
