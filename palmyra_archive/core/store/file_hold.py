"""Keep this process's hold on an open archive's files, whatever else in the process does.

Why this module exists: SQLite on Linux and macOS locks the archive with ``fcntl()`` record
locks, and the kernel drops *all* of a process's record locks on a file the moment the
process closes *any* descriptor on that file (sqlite.org, "How To Corrupt An SQLite Database
File", §2.2). A file dialog sniffing the archive's type, a hash, a copy, a header check done
with ``open()`` anywhere in the app's process silently releases the connection's locks; the
next program to close the archive then believes it is alone, checkpoints and deletes the
write-ahead log the app is still writing to, and every later write of the app is lost.

Three defences, each closing one way in:

1. **A hold no close can drop.** For every archive a connection has open, this module opens
   one descriptor of its own on the archive and on its ``-shm`` file and takes *open file
   description* read locks (Linux ``F_OFD_SETLK``) on the bytes SQLite uses for a shared
   lock and for the shared-memory "dead man's switch". OFD locks belong to that descriptor,
   not to the process, so no close elsewhere releases them. While they stand, no other
   program can take the exclusive lock that deleting the WAL needs, nor re-initialise the
   shared-memory index. They are released (unlocked, then the descriptors closed) only after
   the process's last connection to the archive has closed.
2. **No way in but SQLite.** An audit hook (``sys.addaudithook``) refuses any Python-level
   ``open()`` of a held archive's files (matched by device and inode, so links and other
   names count too) and any ``immutable``/``nolock`` SQLite connection to them, with a
   sentence. The importer, hashing, zip, copies and any library in the process go through it.
3. **A check before trusting the connection.** ``HoldCheck.problem()`` reads ``/proc/locks``
   for the connection's own record locks and compares the files on disk with the ones the
   connection opened. ``db.write_transaction`` runs it after ``BEGIN IMMEDIATE`` (lost
   locks: the connection is reopened before anything is written) and before ``COMMIT``
   (lost during the transaction: it is rolled back, nothing half-written, and the caller is
   told); the app runs it on its change poll.

On systems without OFD locks (macOS, BSD) the first defence is absent and the other two
remain; Windows locks per handle and has no such hazard.

Imports: the standard library and ``.errors`` only.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ArchiveError, ImportFailed

try:
    import fcntl
except ImportError:  # Windows: locks are per handle there, and there is no such hazard
    fcntl = None  # type: ignore[assignment]

#: SQLite's lock bytes in the database file (os.h): a shared lock is a read lock on
#: SHARED_SIZE bytes from SHARED_FIRST; deleting the WAL at close needs a write lock there.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
#: In the ``-shm`` file (os_unix.c): the WAL write lock and the "dead man's switch" that
#: tells a newcomer whether anyone else has the shared-memory index open.
SHM_WRITE_LOCK = 120
SHM_DMS = 128
#: A byte no SQLite lock uses: the desktop app holds a write lock on it, so a second app
#: on the same archive is told instead of opening it behind the first one's back.
APP_LOCK_BYTE = PENDING_BYTE + 1024

_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)
_OFD_GETLK = getattr(fcntl, "F_OFD_GETLK", None)
_RDLCK, _WRLCK, _UNLCK = ((fcntl.F_RDLCK, fcntl.F_WRLCK, fcntl.F_UNLCK) if fcntl is not None
                          else (0, 1, 2))
_PROC_LOCKS = Path("/proc/locks")
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

Key = tuple[int, int]  # (st_dev, st_ino)


class ArchiveHoldLost(ArchiveError):
    """The connection's hold on the archive's files was lost; nothing was written."""


class ArchiveFileHeld(ImportFailed):
    """Code in this process tried to open a held archive's files outside SQLite.

    An ``ImportFailed`` so that the importer reports it for that one file, like any file it
    cannot read (someone dropping the open archive onto the window, say).
    """


def _flock(kind: int, start: int, length: int) -> bytes:
    # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len,
    # pid_t l_pid (must be 0 for OFD locks), padded to 32 bytes on 64-bit platforms.
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)


def _ofd_lock(fd: int, kind: int, start: int, length: int) -> bool | None:
    """Set (or with F_UNLCK clear) an OFD lock: True when set, False when another holder
    conflicts, None where it cannot be had (no OFD locks, a read-only file for a write lock)."""
    if _OFD_SETLK is None:
        return None
    try:
        fcntl.fcntl(fd, _OFD_SETLK, _flock(kind, start, length))
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        if exc.errno in (errno.EINVAL, errno.EBADF):  # no OFD locks here / a read-only file
            return None
        raise


def _own_lock(fd: int | None, write: bool, start: int, length: int) -> bool | None:
    """Whether this process holds a record lock (``write``: a write lock) covering the bytes,
    asked of the kernel for those bytes alone (``F_OFD_GETLK`` through the hold's own
    descriptor, whose OFD locks it does not count): ``True`` held, ``False`` not held by
    anyone, ``None`` unknown (another holder answered first, no OFD locks): then the caller
    reads ``/proc/locks``. Why: reading ``/proc/locks`` cost about 5 ms under an import's
    load, twice per transaction; this is one system call.
    """
    if _OFD_GETLK is None or fd is None:
        return None
    try:
        # a read lock conflicts only with write locks; a write lock with any lock
        answer = fcntl.fcntl(fd, _OFD_GETLK, _flock(_RDLCK if write else _WRLCK, start, length))
    except OSError:
        return None
    kind, _whence, first, size, pid = struct.unpack("hhqqi4x", answer)
    if kind == _UNLCK:
        return False
    last = start + length - 1
    if pid == os.getpid() and first <= start and (size == 0 or first + size - 1 >= last):
        return True
    return None


def _fd_is(fd: int, key: Key | None) -> bool:
    try:
        st = os.fstat(fd)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == key


def _posix_lock(fd: int, kind: int, start: int, length: int) -> bool:
    """A classic (per-process) record lock, as SQLite itself takes them."""
    if fcntl is None:
        return False
    try:
        fcntl.fcntl(fd, fcntl.F_SETLK, _flock(kind, start, length))
        return True
    except OSError:
        return False


def _key(path: str | os.PathLike) -> Key | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


@dataclass
class _Hold:
    """This process's hold on one archive file (shared by all its connections to it)."""

    path: Path
    key: Key
    db_fd: int | None  # None where there are no POSIX locks (Windows): nothing to hold
    shm_fd: int | None = None
    shm_key: Key | None = None
    wal_key: Key | None = None
    users: int = 0
    app_claims: int = 0

    def side_keys(self) -> set[Key]:
        keys = {self.key}
        for side in (self.shm_key, self.wal_key, _key(f"{self.path}-journal")):
            if side is not None:
                keys.add(side)
        return keys


_lock = threading.RLock()
_own_opens = threading.local()  # set while this module opens its own descriptors
_holds: dict[Key, _Hold] = {}
_guarded: set[Key] = set()  # the archive files and their -wal/-shm, for the audit hook
_hook_installed = False


# -- taking and giving back the hold ---------------------------------------------------------

def acquire(path: Path) -> HoldCheck:
    """Called by ``db.connect`` once a connection has the archive open (its WAL and -shm exist)."""
    _install_hook()
    key = _key(path)
    if key is None:
        raise ArchiveError(f"The archive {path} vanished while it was being opened.")
    with _lock:
        hold = _holds.get(key)
        if hold is None:
            hold = _new_hold(Path(path), key)
            _holds[key] = hold
        hold.users += 1
        _refresh_sides(hold)
        return HoldCheck(hold)


def _open_own(path: str | os.PathLike, *, writable: bool = False) -> int:
    """Our own descriptor on a held file (the audit hook lets exactly these through).

    The archive's own is opened for writing where it can be (a write lock, the app's claim,
    needs it) and read-only otherwise; nothing is ever written through it.
    """
    _own_opens.active = True
    try:
        if writable:
            try:
                return os.open(path, os.O_RDWR | _CLOEXEC)
            except PermissionError:
                pass
        return os.open(path, os.O_RDONLY | _CLOEXEC)
    finally:
        _own_opens.active = False


def _new_hold(path: Path, key: Key) -> _Hold:
    if fcntl is None:  # an open descriptor would only keep Windows from renaming the file
        return _Hold(path=path, key=key, db_fd=None)
    fd = _open_own(path, writable=True)
    if _key(f"/proc/self/fd/{fd}") not in (None, key):  # replaced between connect and here
        os.close(fd)
        raise ArchiveError(f"The archive {path} was replaced while it was being opened.")
    _ofd_lock(fd, _RDLCK, SHARED_FIRST, SHARED_SIZE)
    return _Hold(path=path, key=key, db_fd=fd)


def _refresh_sides(hold: _Hold) -> None:
    """Take the hold on the -shm once it exists and note which -wal the connections use."""
    shm = f"{hold.path}-shm"
    if hold.db_fd is not None and hold.shm_fd is None and os.path.exists(shm):
        try:
            fd = _open_own(shm)
        except OSError:
            fd = None
        if fd is not None:
            hold.shm_fd = fd
            hold.shm_key = _key(f"/proc/self/fd/{fd}") or _key(shm)
            _ofd_lock(fd, _RDLCK, SHM_DMS, 1)
    hold.wal_key = _key(f"{hold.path}-wal") or hold.wal_key
    _guarded.update(hold.side_keys())


def release(check: HoldCheck, close_connection) -> None:
    """Close one connection; after the last one, let go of the hold.

    The order matters: the OFD locks are cleared *before* the last connection closes (so it
    may checkpoint and remove its WAL as usual), and our descriptors are closed only *after*
    it (closing them earlier would drop that connection's own record locks).
    """
    with _lock:
        hold = check.hold
        hold.users -= 1
        last = hold.users <= 0
        if last and hold.db_fd is not None:
            _ofd_lock(hold.db_fd, _UNLCK, 0, 0)
            if hold.shm_fd is not None:
                _ofd_lock(hold.shm_fd, _UNLCK, 0, 0)
        try:
            close_connection()
        finally:
            if last:
                for fd in (hold.db_fd, hold.shm_fd):
                    if fd is not None:
                        os.close(fd)
                _holds.pop(hold.key, None)
                _guarded.difference_update(hold.side_keys())


@contextmanager
def pinned(check: HoldCheck | None) -> Iterator[None]:
    """Keep the hold through a reopen (no connection open for a moment)."""
    if check is None:
        yield
        return
    with _lock:
        check.hold.users += 1
    try:
        yield
    finally:
        release(check, lambda: None)


def abandon(check: HoldCheck) -> None:
    """The file was replaced under us: keep the old file's hold (and its descriptors) for the
    rest of the process, so the connection left on it can never checkpoint or remove a WAL."""
    with _lock:
        _holds.pop(check.hold.key, None)


def move_aside_stale_sides(check: HoldCheck, folder: Path, stamp: str) -> list[Path]:
    """The archive was replaced: its old -wal and -shm (still ours, by inode) are moved into
    ``folder`` so the file now at the path does not read them as its own."""
    hold, moved = check.hold, []
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, key in (("-wal", hold.wal_key), ("-shm", hold.shm_key)):
        side = Path(f"{hold.path}{suffix}")
        if key is not None and _key(side) == key:
            dest = folder / f"replaced-under-app-{stamp}.old{suffix}"
            os.replace(side, dest)
            moved.append(dest)
    return moved


def claim_for_app(check: HoldCheck) -> None:
    """The desktop app's claim on an archive: a second app *process* on it is refused.

    Windows of one process share the claim (one descriptor), so switching archives back and
    forth in one app is never refused by itself.
    """
    if _OFD_SETLK is None:
        return
    with _lock:
        hold = check.hold
        if hold.app_claims == 0 and hold.db_fd is not None and _ofd_lock(hold.db_fd, _WRLCK, APP_LOCK_BYTE, 1) is False:
            raise ArchiveError(
                f"{hold.path.name} is already open in another Palmyra Archive window. Use that "
                "window, or close it first; the command line can still work on the archive "
                "while it is open.")
        hold.app_claims += 1


def unclaim_for_app(check: HoldCheck) -> None:
    with _lock:
        hold = check.hold
        if hold.app_claims <= 0:
            return
        hold.app_claims -= 1
        if hold.app_claims == 0 and hold.users > 0 and hold.db_fd is not None:
            _ofd_lock(hold.db_fd, _UNLCK, APP_LOCK_BYTE, 1)


# -- checking the hold -----------------------------------------------------------------------

@dataclass(frozen=True)
class RecordLock:
    pid: int
    write: bool
    key: Key
    start: int
    end: int | None  # None: to the end of the file

    def covers(self, start: int, length: int) -> bool:
        last = start + length - 1
        return self.start <= start and (self.end is None or self.end >= last)


def record_locks(pid: int | None = None) -> list[RecordLock] | None:
    """The POSIX record locks of ``pid`` (default: this process); ``None`` where unknowable."""
    pid = os.getpid() if pid is None else pid
    try:
        text = _PROC_LOCKS.read_text()
    except OSError:
        return None
    found: list[RecordLock] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 8 or parts[1] == "->" or parts[1] != "POSIX":
            continue
        try:
            if int(parts[4]) != pid:
                continue
            major, minor, inode = parts[5].split(":")
            key = (os.makedev(int(major, 16), int(minor, 16)), int(inode))
            end = None if parts[7] == "EOF" else int(parts[7])
            found.append(RecordLock(pid, parts[3] == "WRITE", key, int(parts[6]), end))
        except ValueError:
            continue
    return found


class HoldCheck:
    """What a connection can ask about its hold on the archive's files."""

    def __init__(self, hold: _Hold):
        self.hold = hold

    def problem(self, *, writing: bool = False) -> str | None:
        """A sentence saying how the hold was lost, or ``None`` while it is intact.

        Lost means a write could go astray: the file or its WAL replaced or gone, our own
        descriptors no longer on the archive, or (while ``writing``) the WAL write lock gone.
        """
        if writing and self._write_lock_known():
            return self._problem(None, writing=False)
        return self._problem(record_locks() if writing else None, writing=writing)

    def before_write(self) -> str | None:
        """Once the write lock is taken: ``problem(writing=True)``, and locks a stray close
        dropped (harmless while the OFD hold stands) taken again, from one read of the lock
        table (or, when the kernel answers for the few bytes at stake, none)."""
        if self._write_lock_known() and self._record_locks_known():
            return self._problem(None, writing=False)
        locks = record_locks()
        problem = self._problem(locks, writing=True)
        if problem is None and locks is not None and self._lost_record_locks(locks):
            self.retake()
        return problem

    def _write_lock_known(self) -> bool:
        """The WAL write lock is held, as the kernel says for its byte (``_own_lock``)."""
        hold = self.hold
        return hold.shm_key is not None and _own_lock(hold.shm_fd, True, SHM_WRITE_LOCK, 1) is True

    def _record_locks_known(self) -> bool:
        """Nothing ``_lost_record_locks`` would report, as the kernel says for those bytes."""
        hold = self.hold
        return (_own_lock(hold.db_fd, False, SHARED_FIRST, SHARED_SIZE) is True
                and (hold.shm_key is None or _own_lock(hold.shm_fd, False, SHM_DMS, 1) is True))

    def _problem(self, locks: list[RecordLock] | None, *, writing: bool) -> str | None:
        hold = self.hold
        now = _key(hold.path)
        if now is None:
            return (f"The archive file {hold.path} was moved or deleted by another program "
                    "while it was open.")
        if now != hold.key:
            return (f"The archive file {hold.path} was replaced by another program while it "
                    "was open.")
        wal = _key(f"{hold.path}-wal")
        if hold.wal_key is not None and wal != hold.wal_key:
            return "The archive's write-ahead log (-wal file) was removed or replaced by another program."
        if (hold.db_fd is not None and not _fd_is(hold.db_fd, hold.key)) or (hold.shm_fd is not None
                                                and not _fd_is(hold.shm_fd, hold.shm_key)):
            return "Palmyra Archive's own hold on the archive file was closed by other code."
        if writing and locks is not None and hold.shm_key is not None and not any(
                lock.write and lock.key == hold.shm_key and lock.covers(SHM_WRITE_LOCK, 1)
                for lock in locks):
            return "The connection lost the archive's write lock during a change."
        return None

    def replaced(self) -> bool:
        """The path now names another file than the one this hold is on."""
        return _key(self.hold.path) not in (None, self.hold.key)

    def drift(self) -> str | None:
        """The connections' own record locks were dropped by a stray close in this process.

        Harmless while the OFD hold stands (other programs still see the archive held);
        ``retake`` puts them back.
        """
        locks = record_locks()
        return None if locks is None else self._lost_record_locks(locks)

    def retake(self) -> bool:
        """Put back the record locks SQLite believes this process holds (its shared lock on the
        archive, the dead man's switch of the -shm), as the process's own POSIX locks.

        Reopening cannot do this while any other connection of the process is open: SQLite
        shares one lock state per file per process and would not ask the kernel again. A
        POSIX lock taken through our descriptor *is* the process's lock, the one SQLite later
        releases through its own. Returns True when nothing is missing any more.
        """
        hold = self.hold
        with _lock:
            if hold.users <= 0 or hold.db_fd is None:
                return False
            _posix_lock(hold.db_fd, _RDLCK, SHARED_FIRST, SHARED_SIZE)
            if hold.shm_fd is not None:
                _posix_lock(hold.shm_fd, _RDLCK, SHM_DMS, 1)
        return self.drift() is None

    def _lost_record_locks(self, locks: list[RecordLock]) -> str | None:
        hold = self.hold
        if not any(lock.key == hold.key and lock.covers(SHARED_FIRST, SHARED_SIZE) for lock in locks):
            return ("The connection lost its lock on the archive file (something in this "
                    "program opened and closed the file outside SQLite).")
        if hold.shm_key is not None and not any(
                lock.key == hold.shm_key and lock.covers(SHM_DMS, 1) for lock in locks):
            return ("The connection lost its lock on the archive's -shm file (something in "
                    "this program opened and closed it outside SQLite).")
        return None


# -- the audit hook --------------------------------------------------------------------------

def _install_hook() -> None:
    global _hook_installed
    with _lock:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True


def _audit(event: str, args: tuple) -> None:
    if not _guarded or getattr(_own_opens, "active", False):
        return
    if event == "open":
        target = args[0] if args else None
        if isinstance(target, int) or target is None:
            return
        _refuse_if_guarded(target, "be read or written as a file")
    elif event == "sqlite3.connect":
        target = args[0] if args else None
        if not isinstance(target, (str, bytes, os.PathLike)):
            return
        text = os.fsdecode(target)
        if text.startswith("file:") and ("immutable=1" in text or "nolock=1" in text):
            path = text[5:].split("?", 1)[0]
            if path.startswith("//"):
                path = path[2:]
            from urllib.parse import unquote
            _refuse_if_guarded(unquote(path), "be opened without SQLite's locks")


def _live_keys() -> set[Key]:
    """The guarded files as they are now.

    The archive file and its -shm stay open in this process, so their inodes cannot be
    reused; a -wal or -journal may be deleted by SQLite while the hold lasts and its inode
    given to an unrelated new file (a report written next to the archive), so those are
    looked up again rather than trusted from when they were noted.
    """
    keys: set[Key] = set()
    for hold in _holds.values():
        keys.add(hold.key)
        if hold.shm_key is not None:
            keys.add(hold.shm_key)
        for side in (f"{hold.path}-wal", f"{hold.path}-journal"):
            live = _key(side)
            if live is not None:
                keys.add(live)
    return keys


def _refuse_if_guarded(target, doing: str) -> None:
    key = _key(target)
    if key is None or key not in _guarded:
        return
    with _lock:
        live = _live_keys()
        if key not in live:  # a side file that is gone: its inode now belongs to another file
            _guarded.intersection_update(live)
            return
    raise ArchiveFileHeld(
        f"{os.fsdecode(target)} is an archive that is open in Palmyra Archive; it cannot "
        f"{doing} while it is open (that would release the archive's locks). To get a "
        "copy, use File › Back up archive… or 'palmyra-archive backup'.",
        path=os.fsdecode(target))


def guarded_keys() -> frozenset[Key]:
    """For tests and diagnostics: the files the audit hook protects now."""
    return frozenset(_guarded)


__all__ = ["ArchiveFileHeld", "ArchiveHoldLost", "HoldCheck", "RecordLock", "acquire", "claim_for_app",
           "guarded_keys", "record_locks", "release", "unclaim_for_app"]
