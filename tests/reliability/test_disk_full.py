"""A full disk during import, export and backup: a clear DiskFullError, nothing half-kept.

Where the tests run as root they mount a small tmpfs, so the disk really fills up; elsewhere
those tests skip and the same paths are covered by SQLite's ``max_page_count`` (the database
cannot grow) and by writes that raise ``ENOSPC``.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import DiskFullError

from .helpers import assert_archive_whole, write_articles

BIG_BODY = ("Headline of a long article\n\n" + "A sentence that takes room in the archive. " * 6000).encode()


@contextmanager
def tiny_disk(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where`` (skips when mounting is not allowed)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the max_page_count and ENOSPC tests cover this")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _counts(archive) -> tuple[int, int, int]:
    return tuple(archive.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "copies", "sources"))


def test_import_when_the_database_cannot_grow(corpus_archive):
    before = _counts(corpus_archive)
    pages = corpus_archive.db.execute("PRAGMA page_count").fetchone()[0]
    corpus_archive.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    outcome = corpus_archive.importer.import_bytes("big.txt", BIG_BODY)
    assert outcome.status == "failed"
    assert "disk is full" in outcome.message and "nothing was written" in outcome.message
    assert _counts(corpus_archive) == before
    assert corpus_archive.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    corpus_archive.db.execute("PRAGMA max_page_count = 1073741823")
    assert corpus_archive.importer.import_bytes("big.txt", BIG_BODY).status == "imported"
    assert_archive_whole(corpus_archive.path)


def test_write_transaction_raises_disk_full_error(archive):
    pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
    archive.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError, match="disk is full"):
        with archive.write("saving a long note") as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('big', ?)", ["x" * 200_000])
    assert archive.db.execute("SELECT count(*) FROM archive_info WHERE key = 'big'").fetchone()[0] == 0


def test_import_onto_a_disk_that_fills_up(tmp_path):
    folder = tmp_path / "incoming"
    write_articles(folder, 300)
    with tiny_disk(tmp_path / "disk", "1600k") as disk:
        path = disk / "archive.sqlite"
        with Archive.open(path) as archive:
            report = archive.importer.import_paths([folder])
            full = [o for o in report.outcomes if o.status == "failed"]
            assert full, "the disk never filled up: make the files bigger or the disk smaller"
            assert all("disk is full" in o.message for o in full), {o.message for o in full}
            assert report.imported > 0
        counts = assert_archive_whole(path)
        assert counts["articles"] == report.imported
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        with Archive.open(path) as archive:
            again = archive.importer.import_paths([folder])
        assert again.failed == 0 and again.imported == len(full)
        assert assert_archive_whole(path)["articles"] == 300


def _no_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part") or ".staging" in p.name]


def test_export_onto_a_full_disk_removes_the_partial_bundle(corpus_archive, tmp_path):
    with tiny_disk(tmp_path / "disk", "48k") as disk:
        out = disk / "bundle.zip"
        with pytest.raises(DiskFullError, match="disk is full"):
            corpus_archive.exports.export_bundle("all", out)
        assert not out.exists() and _no_leftovers(disk) == []
    assert corpus_archive.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_export_when_a_write_fails_with_enospc(corpus_archive, tmp_path, monkeypatch):
    def no_space(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    out = tmp_path / "bundle.zip"
    with pytest.raises(DiskFullError, match="disk is full"):
        corpus_archive.exports.export_bundle("all", out)
    assert not out.exists() and _no_leftovers(tmp_path) == []


def test_backup_onto_a_full_disk_removes_the_partial_file(corpus_archive, tmp_path):
    with tiny_disk(tmp_path / "disk", "32k") as disk:
        with pytest.raises(DiskFullError, match="disk is full"):
            corpus_archive.backups.backup(disk / "backup.sqlite")
        assert list(disk.iterdir()) == []


def test_backup_when_the_disk_is_full_without_root(corpus_archive, tmp_path, monkeypatch):
    import palmyra_archive.core.store.snapshots as snapshots_module

    def no_space(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(snapshots_module, "_fsync", no_space)
    with pytest.raises(DiskFullError, match="disk is full"):
        corpus_archive.backups.backup(tmp_path / "b" / "backup.sqlite")
    assert list((tmp_path / "b").iterdir()) == []




def test_creating_an_archive_on_a_full_disk_says_so(tmp_path):
    from palmyra_archive.core.store.errors import PalmyraError

    with tiny_disk(tmp_path / "disk", "128k") as disk:
        with pytest.raises(PalmyraError) as raised:
            Archive.open(disk / "new.sqlite")
        assert "nothing was lost" in raised.value.message or "disk is full" in raised.value.message
