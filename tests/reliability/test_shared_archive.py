"""One archive, several programs: no write of the app is ever lost (#15).

The hazard (sqlite.org, "How To Corrupt An SQLite Database File" §2.2): closing *any*
descriptor on the archive in the app's process drops every POSIX lock the process's SQLite
connections hold on it; the next program to close the archive then checkpoints and deletes the
WAL the app is still writing to. ``core/store/file_hold.py`` keeps a hold no close can drop, refuses
Python-level opens of a held archive, and checks the hold around every write. These tests make
the stray close happen for real, from C (as Qt's dialogs do) and from Python.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import db as dbmod
from palmyra_archive.core.store import file_hold
from palmyra_archive.core.store.file_hold import ArchiveHoldLost

from .helpers import cli, cli_popen, write_articles

linux_only = pytest.mark.skipif(not Path("/proc/locks").exists(),
                                reason="reads the kernel's lock table (/proc/locks), Linux only")
pytestmark = linux_only

_libc = ctypes.CDLL(None, use_errno=True)


def stray_open_and_close(path: Path) -> None:
    """What a file dialog sniffing a file's type does, in C: open, read a little, close."""
    fd = _libc.open(os.fsencode(path), os.O_RDONLY)
    assert fd >= 0, os.strerror(ctypes.get_errno())
    buf = ctypes.create_string_buffer(64)
    _libc.read(fd, buf, 64)
    _libc.close(fd)


def other_process_count(path: Path, table: str = "t") -> int:
    """A second program opens the archive, reads, and closes it (the CLI does exactly this)."""
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            f"print(c.execute('SELECT count(*) FROM {table}').fetchone()[0]); c.close()")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          timeout=60, check=True)
    return int(done.stdout)


def test_the_reproduction_a_stray_close_no_longer_loses_the_next_write(tmp_path):
    """The issue's ten lines: write; a stray open+close; another program lists; write again."""
    path = tmp_path / "archive.sqlite"
    db = dbmod.connect(path)
    db.execute("CREATE TABLE t (x)")
    with dbmod.write_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
    stray_open_and_close(path)
    assert db.conn.hold_problem() is None  # the kernel-level hold survives the close
    assert other_process_count(path) == 1
    assert Path(f"{path}-wal").exists(), "the other program removed the WAL the app writes to"
    with dbmod.write_transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
    assert other_process_count(path) == 2  # the second write is in the file, seen by others
    db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    conn.close()


def test_without_the_hold_the_same_steps_lose_the_write(tmp_path):
    """The control: a bare connection (no hold) loses the second write exactly as reported,
    so the test above would fail without core/store/file_hold.py."""
    path = tmp_path / "bare.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    stray_open_and_close(path)
    assert other_process_count(path) == 1
    assert not Path(f"{path}-wal").exists()
    conn.execute("INSERT INTO t VALUES (2)")
    assert other_process_count(path) == 1  # lost
    conn.close()


def test_python_code_cannot_open_a_held_archive_as_a_file(archive, tmp_path):
    path = archive.path
    for attempt in (lambda: open(path, "rb").read(64),
                    lambda: Path(f"{path}-shm").read_bytes(),
                    lambda: os.open(path, os.O_RDONLY),
                    lambda: sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)):
        with pytest.raises(file_hold.ArchiveFileHeld, match="open in Palmyra Archive"):
            attempt()
    link = tmp_path / "another-name.sqlite"
    os.link(path, link)  # the same file under another name is the same file
    with pytest.raises(file_hold.ArchiveFileHeld, match="open in Palmyra Archive"):
        link.read_bytes()
    assert archive.db.conn.hold.drift() is None  # nothing got through to close the file
    archive.close()
    assert open(path, "rb").read(16) == b"SQLite format 3\x00"  # closed: a file like any other


def test_a_file_given_the_inode_of_a_removed_side_file_is_not_taken_for_the_archive(archive, tmp_path):
    """A -journal (or an earlier -wal) noted while the app held the archive is deleted by
    SQLite; the kernel then hands its inode to the next new file, such as a report written in
    the same folder. That file is not the archive and must open like any other."""
    report = tmp_path / "report.html"
    report.write_text("<p>a report</p>", "utf-8")
    reused = (report.stat().st_dev, report.stat().st_ino)
    with file_hold._lock:  # what noting the side file before its removal left behind
        file_hold._guarded.add(reused)
    assert report.read_text("utf-8") == "<p>a report</p>"
    assert reused not in file_hold.guarded_keys()  # the stale note is dropped
    with pytest.raises(file_hold.ArchiveFileHeld):  # the archive itself is still guarded
        open(archive.path, "rb").close()


def test_importing_the_open_archive_itself_is_refused_and_changes_nothing(archive):
    before = archive.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    report = archive.importer.import_paths([archive.path])
    assert report.failed == 1 and report.imported == 0
    assert "open in Palmyra Archive" in " ".join(o.message for o in report.outcomes)
    assert archive.db.conn.hold.drift() is None
    assert archive.db.execute("SELECT count(*) FROM sources").fetchone()[0] == before


def test_lost_record_locks_are_taken_again_and_nothing_is_lost(archive):
    with archive.write() as db:
        db.execute("INSERT INTO archive_info (key, value) VALUES ('probe', 'before')")
    stray_open_and_close(archive.path)
    assert archive.db.conn.hold.drift() is not None
    report = archive.check_hold()
    assert report is not None and report.reopened
    assert "took its lock again" in report.message
    assert archive.db.conn.hold.drift() is None
    with archive.write() as db:
        db.execute("UPDATE archive_info SET value = 'after' WHERE key = 'probe'")
    assert _info(archive.path, "probe") == "after"


def test_a_write_whose_lock_is_lost_mid_transaction_is_rolled_back_and_said(archive):
    with pytest.raises(ArchiveHoldLost, match="nothing was half-written"):
        with archive.write("saving a probe") as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('mid', 'x')")
            stray_open_and_close(Path(f"{archive.path}-shm"))  # drops the WAL write lock
    assert _info(archive.path, "mid") is None
    assert archive.db.execute("SELECT count(*) FROM archive_info WHERE key = 'mid'").fetchone()[0] == 0
    with archive.write() as db:  # the connection was reopened: the next write goes through
        db.execute("INSERT INTO archive_info (key, value) VALUES ('mid', 'y')")
    assert _info(archive.path, "mid") == "y"


def test_the_kernel_answers_for_the_lock_bytes_as_proc_locks_does(archive, monkeypatch):
    """The hold check asks the kernel about the few bytes at stake (F_OFD_GETLK) instead of
    reading /proc/locks at every write; its answers must be /proc/locks' answers."""
    hold = archive.db.conn.hold
    with archive.write() as db:
        db.execute("INSERT INTO archive_info (key, value) VALUES ('fast', '1')")
        locks = file_hold.record_locks()
        assert hold._problem(locks, writing=True) is None and hold._write_lock_known()
        assert hold._lost_record_locks(locks) is None and hold._record_locks_known()
        reads = []
        monkeypatch.setattr(file_hold, "record_locks", lambda pid=None: reads.append(pid) or locks)
        assert hold.problem(writing=True) is None and not reads   # the table was not read
        monkeypatch.undo()
    assert not hold._write_lock_known()   # outside a write there is no WAL write lock
    stray_open_and_close(archive.path)
    assert not hold._record_locks_known() and hold.drift() is not None
    with archive.write() as db:   # before_write sees the loss and takes the locks again
        db.execute("UPDATE archive_info SET value = '2' WHERE key = 'fast'")
    assert hold.drift() is None and hold._record_locks_known()
    assert _info(archive.path, "fast") == "2"


def test_an_archive_replaced_under_the_app_is_reopened(tmp_path):
    path = tmp_path / "live.sqlite"
    with Archive.open(tmp_path / "other.sqlite") as other:
        with other.write() as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('which', 'replacement')")
        other.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with Archive.open(path) as app:
        with app.write() as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('which', 'original')")
        os.replace(tmp_path / "other.sqlite", path)  # a sync client or a restore by hand
        for side in ("-wal", "-shm"):
            Path(f"{tmp_path / 'other.sqlite'}{side}").unlink(missing_ok=True)
        report = app.check_hold()
        assert report is not None and report.reopened and "replaced" in report.message
        kept = Path(report.message.rsplit("kept in ", 1)[1].rstrip("."))
        assert _info(kept, "which") == "original"  # what the app had written is not lost
        assert app.db.execute("SELECT value FROM archive_info WHERE key = 'which'").fetchone()[0] == "replacement"
        with app.write() as db:
            db.execute("UPDATE archive_info SET value = 'written after' WHERE key = 'which'")
    assert _info(path, "which") == "written after"


def test_an_archive_moved_away_stops_every_write_with_a_sentence(tmp_path):
    path = tmp_path / "live.sqlite"
    with Archive.open(path) as app:
        with app.write() as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('k', 'saved')")
        moved = tmp_path / "elsewhere.sqlite"
        os.rename(path, moved)
        report = app.check_hold()
        assert report is not None and not report.reopened
        assert "moved or deleted" in report.message
        with pytest.raises(ArchiveHoldLost, match="moved or deleted"):
            with app.write() as db:
                db.execute("UPDATE archive_info SET value = 'lost?' WHERE key = 'k'")
        assert not path.exists(), "a write must not create a new empty archive at the old place"
    for side in ("-wal", "-shm"):
        if Path(f"{path}{side}").exists():
            os.rename(f"{path}{side}", f"{moved}{side}")
    assert _info(moved, "k") == "saved"


def test_a_second_app_on_the_same_archive_is_told(tmp_path):
    path = tmp_path / "one.sqlite"
    code = ("import sys\nfrom palmyra_archive.core.archive import Archive\n"
            "from palmyra_archive.core.store.errors import PalmyraError\n"
            "a = Archive.open(sys.argv[1])\n"
            "try:\n    a.claim_for_app()\n    print('claimed')\n"
            "except PalmyraError as e:\n    print('refused:', e)\n")
    with Archive.open(path) as app:
        app.claim_for_app()
        again = Archive.open(path)  # the same process (another window) shares the claim
        again.claim_for_app()
        again.close()
        other = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                               text=True, timeout=60, env=_env(), check=False)
        assert "refused:" in other.stdout and "already open in another Palmyra Archive" in other.stdout
        assert cli("--archive", str(path), "list").returncode == 0  # the CLI may always work
    other = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                           timeout=60, env=_env(), check=False)
    assert "claimed" in other.stdout


def test_closing_the_last_connection_lets_go_of_everything(tmp_path):
    path = tmp_path / "done.sqlite"
    with Archive.open(path) as app:
        with app.write() as db:
            db.execute("INSERT INTO archive_info (key, value) VALUES ('k', 'v')")
        assert file_hold.guarded_keys()
        key = (path.stat().st_dev, path.stat().st_ino)
    assert key not in file_hold.guarded_keys()
    locks = file_hold.record_locks() or []
    assert not [lock for lock in locks if lock.key == key]
    assert not Path(f"{path}-wal").exists()  # the last one out checkpointed, as SQLite does


def test_soak_app_writes_while_another_process_imports_edits_and_backs_up(tmp_path):
    """Bounded: ~15 s of the app's services writing in this process while another process
    imports, edits and backs up, with stray closes thrown in; every write is counted."""
    path = tmp_path / "soak.sqlite"
    write_articles(tmp_path / "in", 300)
    app = Archive.open(path)
    app.importer.import_bytes("seed.txt", b"# Seed article\n\nBy Someone\n\nThe seed body.\n")
    seed = app.db.execute("SELECT id FROM articles").fetchone()[0]
    other = cli_popen("--archive", str(path), "import", str(tmp_path / "in"))
    edits = [cli_popen("--archive", str(path), "edit", str(seed), "--section", "Soak")]
    written = 0
    deadline = time.monotonic() + 15
    backups = 0
    while time.monotonic() < deadline:
        app.notes.set_article_note(seed, f"note {written}")
        app.tags.add_to_articles([seed], [f"soak/{written}"])
        written += 1
        if written % 25 == 0:
            stray_open_and_close(path)
            stray_open_and_close(Path(f"{path}-shm"))
            app.check_hold()
        if written % 40 == 0 and backups < 3:
            edits.append(cli_popen("--archive", str(path), "backup", str(tmp_path / f"b{backups}.sqlite")))
            backups += 1
        if other.poll() is not None and written > 150:
            break
    assert other.wait(timeout=300) == 0, other.stderr.read()
    for proc in edits:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    app.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tags = conn.execute("SELECT count(*) FROM tags WHERE path LIKE 'soak/%'").fetchone()[0]
        assert tags == written, f"{written - tags} of {written} writes were lost"
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 301
        note = conn.execute("SELECT note FROM articles WHERE id = ?", [seed]).fetchone()
        assert note is not None and note[0] == f"note {written - 1}"
    finally:
        conn.close()


def _info(path: Path, key: str) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM archive_info WHERE key = ?", [key]).fetchone()
    finally:
        conn.close()
    return None if row is None else row[0]


def _env() -> dict:
    env = os.environ.copy()
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_other_sqlite_clients_beside_the_open_app_lose_nothing(tmp_path):
    """sqlite3, sqlite-utils and a Datasette-style read-only connection each open, read and
    close the archive between the app's writes; every write stays in the file."""
    import shutil

    path = tmp_path / "shared.sqlite"
    venv_bin = Path(sys.executable).parent
    clients = [
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro',"
         " uri=True); c.execute('SELECT count(*) FROM archive_info').fetchone(); c.close()", str(path)],
        [sys.executable, "-c", "import sqlite_utils, sys; db = sqlite_utils.Database(sys.argv[1]);"
         " db['archive_info'].count; db.close()", str(path)],
    ]
    if (venv_bin / "sqlite-utils").exists():
        clients.append([str(venv_bin / "sqlite-utils"), "tables", str(path), "--counts"])
    if shutil.which("sqlite3"):
        clients.append(["sqlite3", str(path), "SELECT count(*) FROM archive_info;"])
    with Archive.open(path) as app:
        for index, client in enumerate(clients):
            with app.write() as db:
                db.execute("INSERT INTO archive_info (key, value) VALUES (?, 'before')", [f"k{index}"])
            stray_open_and_close(path)  # the worst case: the app's own locks are already gone
            done = subprocess.run(client, capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
            with app.write() as db:
                db.execute("UPDATE archive_info SET value = 'after' WHERE key = ?", [f"k{index}"])
        assert Path(f"{path}-wal").exists()
    for index in range(len(clients)):
        assert _info(path, f"k{index}") == "after"
