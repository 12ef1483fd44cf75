"""A copy's band keys as the archive keeps them: one row per key in ``reuse_bands`` (the
candidate look-up's index, by key) and the same keys packed in the copy's fingerprint row
(``reuse_fingerprints.band_keys``, migration 0032), which says which rows are the copy's.

Why packed, not an index on ``reuse_bands(copy_id)``: the index repeated every key row (26 MB
of a 280 MB archive of 10,000 articles, and 150 more entries to place per imported copy) only
to answer "which keys has this copy" when a copy is fingerprinted again, compared in a scan or
removed; 8 bytes a key in its own row answers that, and each key row is then removed by its
primary key. Little-endian signed 64-bit, so the bytes mean the same on every machine; in
``sqlite3`` the count is ``length(band_keys) / 8``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_DTYPE = np.dtype("<i8")


def pack(keys: Iterable[int]) -> bytes:
    """The bytes kept for ``keys`` (in the order given)."""
    return np.fromiter(keys, dtype=_DTYPE).tobytes()


def unpack(blob: bytes | memoryview | None) -> list[int]:
    """The keys of a ``band_keys`` value (none for NULL)."""
    if not blob:
        return []
    return np.frombuffer(bytes(blob), dtype=_DTYPE).tolist()


def put(conn, rows: Iterable[tuple[int, int | None, Sequence[int]]], parameters: str, stamp: str) -> None:
    """Store copies' band keys: ``(copy id, outlet id, keys)`` each, as key rows and as the
    copy's fingerprint row holding them packed (any earlier one replaced; its key rows must
    have been ``remove``d first)."""
    rows = list(rows)
    conn.executemany("INSERT OR IGNORE INTO reuse_bands (key, copy_id) VALUES (?, ?)",
                     [(key, copy_id) for copy_id, _outlet, keys in rows for key in keys])
    put_fingerprints(conn, rows, parameters, stamp)


def put_fingerprints(conn, rows: Iterable[tuple[int, int | None, Sequence[int]]], parameters: str,
                     stamp: str) -> None:
    """The fingerprint rows of ``put`` alone: the full scan stores these batch by batch and
    makes every key row at the end (``index_all``)."""
    conn.executemany("INSERT OR REPLACE INTO reuse_fingerprints (copy_id, outlet_id, keys, parameters,"
                     " created_at, band_keys) VALUES (?,?,?,?,?,?)",
                     [(copy_id, outlet, len(keys), parameters, stamp, pack(keys))
                      for copy_id, outlet, keys in rows])


def index_all(conn, *, chunk: int = 2000) -> int:
    """Make ``reuse_bands`` again from every fingerprint row's packed keys; returns the rows.

    Why in one sorted pass: the keys are hashes, so a batch of copies' keys lands all over the
    index, and each transaction wrote nearly every page of it again (a full scan of 100,000
    copies wrote 50 GB for a 300 MB index). Gathered in a temporary table and inserted in key
    order, each page is written once."""
    conn.execute("DROP TABLE IF EXISTS temp.scan_bands")
    conn.execute("CREATE TEMP TABLE scan_bands (key INTEGER NOT NULL, copy_id INTEGER NOT NULL)")
    last = 0
    while True:
        rows = conn.execute("SELECT copy_id, band_keys FROM reuse_fingerprints WHERE copy_id > ?"
                            " ORDER BY copy_id LIMIT ?", [last, chunk]).fetchall()
        if not rows:
            break
        conn.executemany("INSERT INTO temp.scan_bands (key, copy_id) VALUES (?, ?)",
                         [(key, copy_id) for copy_id, blob in rows for key in unpack(blob)])
        last = rows[-1][0]
    conn.execute("DELETE FROM reuse_bands")
    conn.execute("INSERT OR IGNORE INTO reuse_bands (key, copy_id)"
                 " SELECT key, copy_id FROM temp.scan_bands ORDER BY key, copy_id")
    made = conn.execute("SELECT count(*) FROM temp.scan_bands").fetchone()[0]
    conn.execute("DROP TABLE temp.scan_bands")
    return made


def complete(conn) -> bool:
    """Every fingerprint's keys have their rows (a scan stopped between its fingerprints and
    ``index_all`` leaves them without; ``integrity.verify`` makes them)."""
    expected = conn.execute("SELECT COALESCE(SUM(keys), 0) FROM reuse_fingerprints").fetchone()[0]
    return conn.execute("SELECT count(*) FROM reuse_bands").fetchone()[0] == expected


def keys_of(conn, copy_id: int) -> list[int]:
    """The band keys stored for one copy (its fingerprint row's)."""
    row = conn.execute("SELECT band_keys FROM reuse_fingerprints WHERE copy_id = ?", [copy_id]).fetchone()
    return unpack(row[0]) if row else []


def remove(conn, copy_ids: Sequence[int]) -> None:
    """Remove the copies' key rows from ``reuse_bands`` (their fingerprint rows stay, for the
    caller to replace or to go with their copies)."""
    for start in range(0, len(copy_ids), 500):
        chunk = list(copy_ids[start:start + 500])
        rows = conn.execute("SELECT copy_id, band_keys FROM reuse_fingerprints"
                            f" WHERE copy_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        conn.executemany("DELETE FROM reuse_bands WHERE key = ? AND copy_id = ?",
                         [(key, copy_id) for copy_id, blob in rows for key in unpack(blob)])
