"""How a source's verbatim bytes are kept in ``sources.content`` (issue #19, migration 0029).

The sqlite3 shell's SQL Archive ("sqlar") way: ``content`` holds the file compressed with
zlib's ``compress()`` when that is smaller, else the file itself, and ``size_bytes`` its
original size, so ``length(content) = size_bytes`` means "stored as is". The sqlite3 shell reads
the original back with its built-in ``sqlar_uncompress(content, size_bytes)``; every connection
this package opens has the same function (``register``), so sqlite-utils and Datasette users
of our files can call it too. ``sha256`` stays over the original bytes and ``verify``
checks it on the bytes read back (``unpack``): nothing imported is rewritten, only how the
same bytes are laid on disk.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator

#: zlib's default level: 2.2× on the benchmark sources at ~24 MB/s; 9 saves 1 % more, 3× slower
LEVEL = 6


class DamagedSourceError(ValueError):
    """The stored bytes cannot be read back (edited or damaged on disk)."""


def pack(raw: bytes) -> bytes:
    """What ``sources.content`` holds for the file ``raw`` (``size_bytes`` = ``len(raw)``)."""
    raw = bytes(raw)
    squeezed = zlib.compress(raw, LEVEL)
    return squeezed if len(squeezed) < len(raw) else raw


def unpack(data: bytes | memoryview | str | None, size: int) -> bytes:
    """The original file from ``content`` and ``size_bytes``, as ``sqlar_uncompress`` gives it.

    Raises ``DamagedSourceError`` when stored bytes meant to be compressed do not decompress
    to ``size`` bytes (the file was edited behind the archive's back)."""
    if data is None:
        return b""
    stored = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(stored) == size:
        return stored
    inflate = zlib.decompressobj()
    try:
        raw = inflate.decompress(stored) + inflate.flush()
    except zlib.error as exc:
        raise DamagedSourceError(f"the stored bytes do not decompress ({exc})") from exc
    if not inflate.eof or inflate.unused_data:
        raise DamagedSourceError("the stored bytes were cut short or added to")
    if len(raw) != size:
        raise DamagedSourceError(f"the stored bytes decompress to {len(raw)} bytes, not {size}")
    return raw


def is_packed(data: bytes | memoryview, size: int) -> bool:
    return len(data) != size


def read(db, source_id: int) -> bytes:
    """The verbatim bytes of source ``source_id`` (``db``: a sqlite-utils Database or connection)."""
    row = db.execute("SELECT content, size_bytes FROM sources WHERE id = ?", [source_id]).fetchone()
    if row is None:
        raise KeyError(source_id)
    return unpack(row[0], row[1])


def stream(conn: sqlite3.Connection, source_id: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The verbatim bytes of a source in pieces of up to ``chunk`` bytes, never held whole."""
    size = conn.execute("SELECT size_bytes FROM sources WHERE id = ?", [source_id]).fetchone()[0]
    with conn.blobopen("sources", "content", source_id, readonly=True) as blob:
        if len(blob) == size:
            while piece := blob.read(chunk):
                yield piece
            return
        inflate = zlib.decompressobj()
        while piece := blob.read(chunk):
            out = inflate.decompress(piece, chunk)
            while out:
                yield out
                out = inflate.decompress(inflate.unconsumed_tail, chunk)
        tail = inflate.flush()
        if tail:
            yield tail


def _sqlar_uncompress(data, size):
    """SQL ``sqlar_uncompress(data, size)``: the sqlite3 shell's function, for our connections."""
    if data is None or size is None:
        return data
    stored = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(stored) == size:
        return stored
    try:
        return zlib.decompress(stored)
    except zlib.error:
        return None


def _sqlar_compress(data):
    if data is None:
        return None
    return pack(data.encode("utf-8") if isinstance(data, str) else bytes(data))


def register(conn: sqlite3.Connection) -> None:
    """Give ``conn`` the sqlite3 shell's ``sqlar_uncompress`` and ``sqlar_compress``."""
    conn.create_function("sqlar_uncompress", 2, _sqlar_uncompress, deterministic=True)
    conn.create_function("sqlar_compress", 1, _sqlar_compress, deterministic=True)
