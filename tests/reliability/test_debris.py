"""``kill -9`` an export, an open-bundle and a backup half-way: the next run (and the start of
the app or the command line) removes what they left, and never anything that is not ours."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import debris

from .helpers import write_articles

ROOT = Path(__file__).resolve().parents[2]

#: run in a child: open the archive, pause at ``PAUSE`` (printing READY) and wait to be killed
CHILD = """
import sys, time
from pathlib import Path
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export import bundle, bundle_reader
from palmyra_archive.core.store import backups

def pause(*args, **kwargs):
    print("READY", flush=True)
    time.sleep(600)

archive_path, action, target = sys.argv[1:4]
with Archive.open(Path(archive_path)) as archive:
    if action == "export":
        bundle.zip_folder = pause            # staging folder and .part both exist by now
        archive.exports.export_bundle("all", Path(target))
    elif action == "open":
        bundle_reader.validate_bag = pause   # the bundle is unpacked by now
        archive.exports.open_bundle(Path(target))
    elif action == "backup":
        real = archive.db.conn
        class Slow:                          # the backup's pages are being written
            def backup(self, dest, **kw):
                dest.execute("CREATE TABLE filler (x)")
                dest.execute("BEGIN")
                dest.execute("INSERT INTO filler VALUES (zeroblob(100000))")
                pause()
        backups.snapshot(Slow(), Path(target))
"""


@pytest.fixture
def small_archive(tmp_path):
    path = tmp_path / "work" / "archive.sqlite"
    path.parent.mkdir()
    with Archive.open(path) as archive:
        archive.importer.import_paths(write_articles(tmp_path / "articles", 5))
    return path


def _killed_mid_way(archive_path: Path, action: str, target: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(archive_path), action, str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".palmyra-" in p.name or
                  p.name.startswith(".palmyra-"))


def test_a_killed_export_is_cleaned_by_the_next_export(small_archive, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        _killed_mid_way(small_archive, "export", out / "bundle.zip")
    left = _leftovers(out)
    assert any(n.endswith(".staging") for n in left) and any(n.endswith(".part") for n in left)
    (out / ".bundle.notours.staging").mkdir()          # a look-alike that is not ours
    with Archive.open(small_archive) as archive:
        archive.exports.export_bundle("all", out / "bundle.zip")
    assert _leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == [".bundle.notours.staging", "bundle.zip"]


def test_a_killed_open_bundle_is_cleaned_by_the_next_one(small_archive, tmp_path):
    bundle_zip = tmp_path / "b.zip"
    with Archive.open(small_archive) as archive:
        archive.exports.export_bundle("all", bundle_zip)
    other = tmp_path / "other" / "archive.sqlite"
    other.parent.mkdir()
    Archive.open(other).close()
    for _ in range(2):
        _killed_mid_way(other, "open", bundle_zip)
    assert [n for n in _leftovers(other.parent) if n.endswith(".bundle")]
    with Archive.open(other) as archive:
        archive.exports.open_bundle(bundle_zip)
    assert _leftovers(other.parent) == []


def test_a_killed_backup_is_cleaned_by_the_next_backup_and_at_start(small_archive, tmp_path):
    dest = tmp_path / "backups" / "copy.sqlite"
    dest.parent.mkdir()
    _killed_mid_way(small_archive, "backup", dest)
    left = _leftovers(dest.parent)
    assert any(n.endswith(".part") for n in left) and any(n.endswith(".part-journal") for n in left)
    with Archive.open(small_archive) as archive:
        archive.backups.backup(dest)
    assert _leftovers(dest.parent) == []
    # in the archive's own backups folder, the app's or the command line's start cleans it
    from palmyra_archive.core.store.paths import backups_dir
    own = backups_dir(small_archive)
    own.mkdir(exist_ok=True)
    _killed_mid_way(small_archive, "backup", own / "auto.sqlite")
    assert _leftovers(own)
    result = subprocess.run([sys.executable, "-m", "palmyra_archive", "--archive", str(small_archive),
                             "list"], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert result.returncode == 0, result.stderr
    assert _leftovers(own) == []


def test_only_stale_temporaries_of_ours_are_removed(tmp_path):
    mine = debris.make_dir(tmp_path, "live", "staging")              # this process: alive
    with debris.held(mine):
        assert debris.sweep(tmp_path) == []
    dead = tmp_path / f".x.{debris.tag(_a_dead_pid())}abc123.staging"
    dead.mkdir()
    locked = tmp_path / f".y.{debris.tag(_a_dead_pid())}abc123.part"  # pid gone, still locked
    locked.write_bytes(b"")
    strangers = [tmp_path / ".palmyra-notes", tmp_path / "a.staging", tmp_path / ".z.12345.part"]
    for path in strangers:
        path.write_bytes(b"keep me")
        os.utime(path, (0, 0))                                      # very old, still not ours
    old_mine = tmp_path / f".w.{debris.tag()}old123.part"
    old_mine.write_bytes(b"")
    with debris.held(locked):
        removed = debris.sweep(tmp_path)
    assert removed == [dead]
    assert mine.exists() and locked.exists() and all(p.exists() for p in strangers)
    now = time.time() + debris.STALE_AFTER + 60                        # hours later, unlocked
    assert debris.is_stale(old_mine, now=now) and debris.is_stale(locked, now=now)


def _a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
