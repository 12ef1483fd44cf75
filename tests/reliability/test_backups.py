"""Backups while the archive is in use, checked restores, and the automatic schedule."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import backups
from palmyra_archive.core.store.errors import ArchiveError, ValidationError
from tests.conftest import CORPUS_FILES


def _counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM sources").fetchone()[0])
    finally:
        conn.close()


def _articles(archive) -> int:
    return archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_backup_is_a_complete_self_contained_copy(corpus_archive, tmp_path):
    dest = corpus_archive.backups.backup(tmp_path / "out" / "copy.sqlite")
    assert dest.is_file()
    assert not Path(f"{dest}-wal").exists()
    assert _counts(dest) == _counts(corpus_archive.path)
    found = backups.check_backup(dest)
    assert found.article_count == _articles(corpus_archive) > 0
    assert list(dest.parent.glob("*.part")) == []


def test_backup_includes_uncheckpointed_writes_made_by_the_open_archive(archive, tmp_path):
    archive.importer.import_bytes("a.txt", b"A title\n\nSome body text here.\n")
    assert Path(f"{archive.path}-wal").stat().st_size > 0  # the article is still in the WAL
    dest = archive.backups.backup(tmp_path / "b.sqlite")
    assert _counts(dest) == (1, 1)


@pytest.mark.slow
def test_backup_while_another_process_writes(archive, tmp_path):
    """A writer in another process holds the write lock; the backup still gets a clean snapshot."""
    script = (
        "import sys, time\n"
        "from palmyra_archive.core.archive import Archive\n"
        "a = Archive.open(sys.argv[1])\n"
        "for i in range(40):\n"
        "    a.importer.import_bytes(f'w{i}.txt', f'Title {i}\\n\\nBody number {i} of the writer.'.encode())\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(archive.path)])
    try:
        taken = [archive.backups.backup(tmp_path / f"b{i}.sqlite") for i in range(5)]
    finally:
        assert writer.wait(timeout=60) == 0
    for dest in taken:
        assert backups.check_backup(dest).article_count == _counts(dest)[1]


def test_backup_refuses_to_overwrite_the_archive_itself(archive):
    with pytest.raises(ArchiveError, match="over the archive itself"):
        archive.backups.backup(archive.path)


def test_restore_replaces_the_archive_and_keeps_the_old_one(corpus_archive, tmp_path):
    snapshot = corpus_archive.backups.backup(tmp_path / "snap.sqlite")
    corpus_archive.importer.import_bytes("late.txt", b"Written after the backup\n\nBody.\n")
    before = _articles(corpus_archive)
    saved = backups.restore(snapshot, corpus_archive.path)
    assert saved is not None and saved.parent == corpus_archive.backups.folder
    assert _counts(saved)[0] == before
    # The connection that stayed open sees the restored archive, not a mix.
    assert _articles(corpus_archive) == before - 1
    assert corpus_archive.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_into_a_missing_archive_creates_it(corpus_archive, tmp_path):
    snapshot = corpus_archive.backups.backup(tmp_path / "snap.sqlite")
    target = tmp_path / "new" / "fresh.sqlite"
    assert backups.restore(snapshot, target) is None
    with Archive.open(target) as restored:
        assert _articles(restored) == _articles(corpus_archive)


def test_restore_over_a_damaged_archive_sets_it_aside(corpus_archive, tmp_path):
    snapshot = corpus_archive.backups.backup(tmp_path / "snap.sqlite")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this was an archive once" * 100)
    saved = backups.restore(snapshot, broken)
    assert saved is not None and saved.read_bytes().startswith(b"this was an archive once")
    assert _counts(broken)[0] == _articles(corpus_archive)


@pytest.mark.parametrize("make_bad, message", [
    (lambda p: p.write_text("not a database at all"), "not a SQLite database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t(x)").connection.commit(), "not a Palmyra archive"),
    (lambda p: p.write_bytes(b""), "not a SQLite database"),
])
def test_restore_refuses_what_is_not_an_archive(archive, tmp_path, make_bad, message):
    bad = tmp_path / "bad.sqlite"
    make_bad(bad)
    archive.importer.import_bytes("keep.txt", b"Keep me\n\nBody.\n")
    with pytest.raises(ArchiveError, match=message):
        backups.restore(bad, archive.path)
    assert _articles(archive) == 1
    assert not archive.backups.folder.exists()  # nothing was even backed up: nothing happened


def test_restore_refuses_a_corrupt_backup(corpus_archive, tmp_path):
    snapshot = corpus_archive.backups.backup(tmp_path / "snap.sqlite")
    data = bytearray(snapshot.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, page):  # trash every page past the schema
        data[offset + 8: offset + 200] = os.urandom(192)
    snapshot.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="damaged"):
        backups.restore(snapshot, corpus_archive.path)
    assert corpus_archive.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_a_newer_schema(archive, tmp_path):
    snapshot = archive.backups.backup(tmp_path / "snap.sqlite")
    conn = sqlite3.connect(snapshot)
    conn.execute(f"PRAGMA user_version = {archive.supported_schema_version + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="schema version"):
        backups.restore(snapshot, archive.path)


def test_auto_backup_is_on_by_default_and_runs_once_a_day(archive):
    assert archive.backups.settings().enabled and archive.backups.settings().keep == 5
    first = archive.backups.auto_backup()
    assert first is not None and first.parent == archive.backups.folder
    assert archive.backups.auto_backup() is None  # not due again yet
    old = time.time() - 2 * 86400
    os.utime(first, (old, old))
    assert archive.backups.auto_backup() is not None
    assert archive.backups.settings().last_at is not None
    assert [e.action for e in archive.events.list(action="backup")] == ["backup", "backup"]


def test_auto_backup_keeps_the_last_n(archive):
    made = [archive.backups.auto_backup(keep=3, max_age=timedelta(0)) for _ in range(6)]
    kept = archive.backups.list_automatic()
    assert kept == made[-3:]
    assert all(backups.check_backup(p) for p in kept)


def test_auto_backup_settings_live_in_archive_info(archive):
    archive.backups.configure(enabled=False, keep=2)
    row = dict(archive.db.execute("SELECT key, value FROM archive_info").fetchall())
    assert row[backups.ENABLED_KEY] == "0" and row[backups.KEEP_KEY] == "2"
    assert archive.backups.auto_backup() is None
    with pytest.raises(ValidationError):
        archive.backups.configure(keep=0)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "palmyra_archive", *args],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.slow
def test_cli_backup_and_restore(tmp_path):
    arch = tmp_path / "a.sqlite"
    with Archive.open(arch) as archive:
        archive.importer.import_paths(CORPUS_FILES[:2])
    done = _cli("--archive", str(arch), "backup", str(tmp_path / "b.sqlite"))
    assert done.returncode == 0 and "Backed up 2 articles" in done.stdout
    with Archive.open(arch) as archive:
        archive.importer.import_paths(CORPUS_FILES[2:3])
    refused = _cli("--archive", str(arch), "restore", str(tmp_path / "b.sqlite"))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert _counts(arch)[0] == 3
    done = _cli("--archive", str(arch), "restore", str(tmp_path / "b.sqlite"), "--force")
    assert done.returncode == 0, done.stderr
    assert "Restored 2 articles" in done.stdout and "saved in" in done.stdout
    assert _counts(arch)[0] == 2


def test_cli_restore_refuses_a_corrupt_file_with_a_message(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(os.urandom(8192))
    done = _cli("--archive", str(tmp_path / "a.sqlite"), "restore", str(junk), "--force")
    assert done.returncode == 1
    assert "not a SQLite database" in done.stderr and "Traceback" not in done.stderr
