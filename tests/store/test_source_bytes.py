"""Sources kept compressed the sqlar way (#19, migration 0029): the bytes come back identical
with their SHA-256, through our code, sqlite3's own ``sqlar_uncompress`` and sqlite-utils."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import zlib

import pytest
import sqlite_utils

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import migrations, source_bytes
from tests.support.parsed_docs import body_text, install, make_article, make_doc

#: a realistic, compressible file: a wire story's head and paragraphs (written for this test)
STORY = (b"BEIRUT, 3 December (Palmyra Wire) - The municipal council met on Thursday to discuss "
         b"the reconstruction of the old souk, which was damaged by a fire last spring.\n\n"
         b"Council members said the works would begin in the new year.\n\n") * 40


def _import(archive, name: str, data: bytes) -> int:
    install(archive, {data: make_doc(make_article(title=name, body=body_text(len(name))))})
    archive.importer.import_bytes(name, data)
    return archive.db.execute("SELECT id FROM sources WHERE filename = ?", [name]).fetchone()[0]


def test_pack_keeps_the_smaller_form_and_unpack_gives_the_bytes_back():
    incompressible = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(4))
    for raw in (STORY, incompressible, b"", "é".encode("latin-1")):
        packed = source_bytes.pack(raw)
        assert len(packed) <= len(raw)
        assert source_bytes.unpack(packed, len(raw)) == raw
    assert len(source_bytes.pack(STORY)) < len(STORY) // 5
    assert source_bytes.pack(incompressible) == incompressible   # stored as is: length = size
    with pytest.raises(source_bytes.DamagedSourceError):
        source_bytes.unpack(b"not zlib", len(STORY))


def test_an_imported_source_is_stored_compressed_and_read_back_identical(archive):
    source_id = _import(archive, "souk.txt", STORY)
    content, size, sha = archive.db.execute(
        "SELECT content, size_bytes, sha256 FROM sources WHERE id = ?", [source_id]).fetchone()
    assert size == len(STORY) and len(content) < size and sha == hashlib.sha256(STORY).hexdigest()
    assert zlib.decompress(content) == STORY   # the sqlar layout: zlib compress() of the file
    assert source_bytes.read(archive.db, source_id) == STORY
    back = archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources").fetchone()[0]
    assert hashlib.sha256(back).hexdigest() == sha
    assert b"".join(source_bytes.stream(archive.db.conn, source_id, chunk=100)) == STORY
    assert archive.integrity.verify().ok


def test_sqlite3_and_sqlite_utils_read_the_stored_bytes(archive, tmp_path):
    source_id = _import(archive, "souk.txt", STORY)
    archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = archive.path
    plain = sqlite_utils.Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    row = next(plain.query("SELECT content, size_bytes FROM sources WHERE id = ?", [source_id]))
    assert source_bytes.unpack(row["content"], row["size_bytes"]) == STORY
    if shutil.which("sqlite3") is None:
        pytest.skip("no sqlite3 shell on this machine")
    out = subprocess.run(["sqlite3", "-readonly", str(path),
                          f"SELECT hex(sqlar_uncompress(content, size_bytes)) FROM sources WHERE id = {source_id}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert bytes.fromhex(out) == STORY


def test_verify_names_a_compressed_source_whose_bytes_were_damaged(archive):
    _import(archive, "souk.txt", STORY)
    other = STORY.replace(b"souk", b"port")
    _import(archive, "port.txt", other)
    archive.db.execute("UPDATE sources SET content = substr(content, 1, 40) || X'00' "
                       "WHERE filename = 'port.txt'")
    report = archive.integrity.verify()
    assert not report.ok and [m["filename"] for m in report.mismatches] == ["port.txt"]
    assert "port.txt" in report.summary() and "cannot be read back" in report.summary()
    changed = zlib.compress(STORY.replace(b"souk", b"soup"))   # decompresses, to other bytes
    archive.db.execute("UPDATE sources SET content = ? WHERE filename = 'souk.txt'", [changed])
    report = archive.integrity.verify()
    assert sorted(m["filename"] for m in report.mismatches) == ["port.txt", "souk.txt"]


def _as_before_0029(path):
    """Take the step back out of an archive file: the sources as they were stored before."""
    conn = sqlite3.connect(path)
    conn.create_function("unpack", 2, source_bytes.unpack)
    conn.execute("UPDATE sources SET content = unpack(content, size_bytes)")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0029_sources_compressed'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()


def test_migration_0029_compresses_an_existing_archive_after_a_backup(corpus_archive, tmp_path):
    expected = {sha: source_bytes.unpack(c, n) for sha, c, n in corpus_archive.db.execute(
        "SELECT sha256, content, size_bytes FROM sources")}
    path = tmp_path / "older.palmyra.sqlite"
    corpus_archive.backups.backup(path)
    _as_before_0029(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sources WHERE length(content) = size_bytes"
                        ).fetchone()[0] == len(expected)
    conn.close()
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total, message))) as arch:
        assert arch.schema_version == migrations.SCHEMA_VERSION
        rows = arch.db.execute("SELECT sha256, content, size_bytes FROM sources").fetchall()
        assert any(len(c) < n for _s, c, n in rows), "the compressible sources are compressed"
        for sha, content, size in rows:
            raw = source_bytes.unpack(content, size)
            assert raw == expected[sha] and hashlib.sha256(raw).hexdigest() == sha
        assert arch.integrity.verify().ok
    backups = list((path.parent / f"{path.name}.backups").glob("before-upgrade-*"))
    assert backups, "a backup is made before the step"
    backup = sqlite3.connect(backups[0])
    assert backup.execute("SELECT count(*) FROM sources WHERE length(content) = size_bytes"
                          ).fetchone()[0] == len(expected)
    assert any(m == "Compressing the stored sources" for _d, _t, m in told)
    assert told[-1][0] == told[-1][1]


def test_migration_0029_leaves_a_source_that_no_longer_matches_its_hash(tmp_path):
    path = tmp_path / "damaged.palmyra.sqlite"
    with Archive.open(path) as archive:
        _import(archive, "souk.txt", STORY)
    _as_before_0029(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sources SET content = CAST(replace(CAST(content AS TEXT), 'souk', 'soup') AS BLOB)")
    conn.commit()
    damaged = conn.execute("SELECT content FROM sources").fetchone()[0]
    conn.close()
    with Archive.open(path) as arch:
        assert arch.db.execute("SELECT content FROM sources").fetchone()[0] == damaged
        assert [m["filename"] for m in arch.integrity.verify().mismatches] == ["souk.txt"]
