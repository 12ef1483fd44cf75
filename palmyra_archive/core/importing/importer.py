"""Importing files: each file is atomic; a bulk import commits in batches.

A failed file never stops the others. A small import stores each file in a transaction of its
own. From ``BULK_FILES`` files on, files are parsed ahead (in forked worker processes where that
is safe, see ``import_parse_ahead``) and stored in batches of up to ``BATCH_FILES`` files or
``BATCH_SECONDS``, one transaction per batch, each file with its own event-log row (see
``import_batches``): a failing file rolls back alone (the batch is redone with a savepoint per
file when one fails half-way), a crash loses the
uncommitted batch whole (each article all there or not at all; importing again finishes it
with no duplicates), Cancel commits the files done so far.

The importer reads each file with its size checked first (a 200 MB file is refused without
being loaded), keeps the bytes verbatim with their SHA-256, hands them to the parser
(``core.ingest.parse``) and stores what it found. The same bytes twice change nothing; new bytes
become a new version (whose copy supersedes the old one) only on evidence that they are the same
document changed, and a same-named file with weaker evidence is a new source with a version link
proposed for the user (``core.importing.versions``); a copy whose printed title and text match a work
already in the archive joins that work as another copy.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest.model import Attachment, Capture, ParsedDocument
from ..ingest.readers import SNIFF_BYTES, detect, importable_suffixes, read_document, skip_reason
from ..ingest.readers.text import TextReader
from ..store import db as dbmod
from ..store import source_bytes
from ..store.clock import now_iso
from ..store.errors import Cancelled, ImportFailed, PalmyraError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .batches import import_in_batches
from .matching import ArticleMatcher
from .parse_ahead import ArchivedBytes, ForkedParsing, InProcessParsing, Prepared, can_fork, unexpected_error
from .storing import (
    add_capture,
    capture_known,
    insert_article,
    insert_copy,
    insert_details,
    insert_republications,
    link_tags,
    refresh_article_from_copy,
    review_flags,
    site_tag_paths,
    store_reader_rows,
)
from .versions import find_previous_version, record_proposal

if TYPE_CHECKING:
    from ..archive import Archive

log = logging.getLogger(__name__)

#: larger files are refused before they are read: no scraped article comes near this
MAX_FILE_BYTES = 20 * 1024 * 1024
#: from this many files on, an import uses the bulk settings (see ``bulk_settings``)
BULK_FILES = 50
#: in folders, files whose extension no reader claims are sniffed and, when no reader knows
#: their content, skipped (and reported); named files are tried. The one list is the readers'.
IMPORTABLE_SUFFIXES = importable_suffixes()
#: the plain-text reader's extensions (kept for callers that meant "text articles")
TEXT_SUFFIXES = frozenset(TextReader.suffixes)
#: a saved page's local files ("page_files/") are attachments up to these limits
MAX_ATTACHMENTS = 2000
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
#: files a folder of articles carries about itself (README.md …), skipped and reported
FOLDER_DOCUMENTS = frozenset({"README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "EXPECTED"})


@dataclass
class FileOutcome:
    path: str
    status: str                     # imported | unchanged | new_version | failed | skipped
    message: str
    article_ids: list[int] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    #: why this file was taken as a new version, or proposed as one ("same capture URL" …)
    version_evidence: str | None = None
    #: the version links proposed for the user to confirm (``version_proposals`` ids)
    proposal_ids: list[int] = field(default_factory=list)
    #: which reader read it (text, html, mhtml, warc, pdf, email …)
    reader: str | None = None
    #: the container file (WARC, WACZ, mbox) this record came from, for a grouped summary
    group: str | None = None


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    #: links found by text among the imported copies (compared after the files were stored)
    reuse_proposed: int = 0
    #: Cancel came while comparing them: the rest stay pending (next import, scan, verify-pending)
    reuse_cancelled: bool = False

    def _count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def imported(self) -> int:
        return self._count("imported")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def new_versions(self) -> int:
        return self._count("new_version")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def proposed_versions(self) -> int:
        return sum(len(o.proposal_ids) for o in self.outcomes)

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def needs_review(self) -> int:
        return sum(1 for o in self.outcomes if o.needs_review and o.status != "failed")

    @property
    def article_ids(self) -> list[int]:
        return list(dict.fromkeys(i for o in self.outcomes for i in o.article_ids))

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def default_parser(filename: str, data: bytes) -> ParsedDocument:
    """The reader its content calls for (``ingest.readers``); plain text is today's parser."""
    return read_document(filename, data)


def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[FileOutcome]]:
    """Files to import, folders walked in name order; every other path found gets a line.

    Hidden files and folders, non-text files, symbolic links to folders (not followed: a link
    back up the tree would never end) and empty folders are reported as skipped; a named path
    that does not exist, or a link to nothing, as failed.
    """
    files: list[Path] = []
    noted: list[FileOutcome] = []
    for raw in paths:
        path = Path(raw).expanduser()
        missing = _missing(path)
        if missing:
            noted.append(FileOutcome(str(path), "failed", missing))
        elif path.is_dir():
            before = len(files) + len(noted)
            _walk(path, files, noted)
            if len(files) + len(noted) == before:
                noted.append(FileOutcome(str(path), "skipped",
                                         "skipped: a folder with no files in it"))
        else:
            files.append(path)   # named explicitly: try it, whatever its extension
    return files, noted


def _walk(folder: Path, files: list[Path], noted: list[FileOutcome]) -> None:
    for root, dirs, names in os.walk(folder):
        kept = []
        for name in sorted(dirs):
            child = Path(root) / name
            if saved_page_of(child) is not None:
                continue     # a saved page's "_files" folder: attachments of that page
            if child.is_symlink():
                noted.append(FileOutcome(str(child), "skipped",
                                         "skipped: a symbolic link to a folder, not followed"))
            elif name.startswith("."):
                noted.append(FileOutcome(str(child), "skipped", "skipped: a hidden folder"))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            child = Path(root) / name
            reason = _skip_reason(child)
            missing = None if reason else _missing(child)
            if reason:
                noted.append(FileOutcome(str(child), "skipped", reason))
            elif missing:
                noted.append(FileOutcome(str(child), "failed", missing))
            else:
                files.append(child)


def _missing(path: Path) -> str | None:
    """Why a path found or given cannot be there at all (a vanished file is told later)."""
    if path.exists():
        return None
    if path.is_symlink():
        return f"a symbolic link to {os.readlink(path)}, which does not exist."
    return "no such file or folder."


def _skip_reason(path: Path) -> str | None:
    if path.name.startswith("."):
        return "skipped: a hidden file"
    if path.stem.upper() in FOLDER_DOCUMENTS:
        return "skipped: the folder's own documentation, not an article (name it to import it)"
    if path.suffix.lower() in IMPORTABLE_SUFFIXES or path.name.lower().endswith(".warc.gz"):
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None      # told when it is read (a pipe is refused unopened)
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None          # told when it is read
    except PalmyraError:     # an open archive's own file: never opened as an article
        head = b""
    return skip_reason(path.name, head)


def saved_page_of(folder: Path) -> Path | None:
    """The page a browser saved with this folder ("page_files" beside "page.html"), or None."""
    name = folder.name
    for marker in ("_files", "-Dateien", "_fichiers", "_archivos", "-bestanden"):
        if name.endswith(marker):
            stem = name[: -len(marker)]
            for suffix in (".html", ".htm", ".xhtml"):
                page = folder.parent / f"{stem}{suffix}"
                if page.is_file():
                    return page
    return None


def saved_page_files(page: Path) -> list[Attachment]:
    """A saved page's local files, each hashed; nothing is fetched, links are not followed."""
    found: list[Attachment] = []
    total = 0
    for marker in ("_files", "-Dateien", "_fichiers", "_archivos", "-bestanden"):
        folder = page.parent / f"{page.stem}{marker}"
        if not folder.is_dir() or folder.is_symlink():
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not (Path(root) / d).is_symlink())
            for name in sorted(names):
                child = Path(root) / name
                if child.is_symlink() or not child.is_file():
                    continue
                size = child.stat().st_size
                if len(found) >= MAX_ATTACHMENTS or total + size > MAX_ATTACHMENT_BYTES:
                    return found
                data = child.read_bytes()
                total += len(data)
                found.append(Attachment(child.relative_to(page.parent).as_posix(),
                                        hashlib.sha256(data).hexdigest(), len(data), data))
    return found


def container_reader(path: Path):
    """The container reader (WARC, WACZ, mbox) for this file, or None for a single document.

    A file over the size limit is sniffed only when its name says it may be a container (a
    200 MB text file is refused unread; a multi-gigabyte WARC is streamed)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None      # a pipe or device is never opened here (it would block)
        if info.st_size > MAX_FILE_BYTES and not path.name.lower().endswith(
                (".warc", ".warc.gz", ".wacz", ".mbox", ".gz", ".zip")):
            return None
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, PalmyraError):
        return None
    reader = detect(path.name, head)
    return reader if reader is not None and reader.container else None


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing before reading when it is too large or not a file."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            # a named pipe or a device would block or never end: refuse without opening it
            raise ImportFailed(f"{path} is not a regular file (a pipe, socket or device); "
                               "it was not imported.", path=str(path))
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            check_size(path.name, size)
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportFailed(f"{path} is no longer there (it was moved or deleted before it could "
                           "be read).", path=str(path)) from None
    except IsADirectoryError:
        raise ImportFailed(f"{path} is a folder, not a file.", path=str(path)) from None
    except PermissionError:
        raise ImportFailed(f"{path} cannot be read: permission denied.", path=str(path)) from None
    except OSError as exc:
        raise ImportFailed(f"{path} could not be read ({exc.strerror or exc}).", path=str(path)) from None
    check_size(path.name, len(data))
    return data


def check_size(filename: str, size: int) -> None:
    if size == 0:
        raise ImportFailed(f"{filename} is empty: there is nothing to import.")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{filename} is {size / 1_048_576:.1f} MB ({size:,} bytes); files over "
            f"{MAX_FILE_BYTES // 1_048_576} MB ({MAX_FILE_BYTES:,} bytes) are not article texts, "
            "so it was not imported.")


@contextmanager
def bulk_settings(db, file_count: int) -> Iterator[None]:
    """For large imports: a bigger page cache and rarer WAL checkpoints, restored afterwards.

    Why: each file is its own transaction; with the default settings SQLite checkpoints (and
    syncs) the write-ahead log every 1000 pages, which at thousands of files costs more than
    storing them. Durability per transaction is unchanged (WAL, synchronous=NORMAL).
    """
    if file_count < BULK_FILES:
        yield
        return
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    checkpoint = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    temp_store = db.execute("PRAGMA temp_store").fetchone()[0]
    db.execute("PRAGMA cache_size = -65536")
    db.execute("PRAGMA wal_autocheckpoint = 20000")
    db.execute("PRAGMA temp_store = MEMORY")   # FTS5 and sorting scratch space off the disk
    try:
        yield
    finally:
        db.execute(f"PRAGMA temp_store = {int(temp_store)}")
        db.execute(f"PRAGMA cache_size = {int(cache)}")
        db.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:  # e.g. a full disk: what was imported is safe in the WAL
            log.warning("checkpoint after the import failed: %s", exc)


@contextmanager
def rarer_garbage_collection(first_generation: int = 50_000) -> Iterator[None]:
    """During a bulk import, collect Python's young garbage far less often, then as before.

    Why: storing a file allocates thousands of short-lived objects (rows, parsed records), so
    the default threshold (700 allocations) ran the cyclic collector hundreds of times per
    second: about 9 % of a bulk import's CPU (py-spy). Reference counting still frees almost
    everything at once; only cycles wait a little longer. Process-wide, so the old thresholds
    are always put back.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(first_generation, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


class Importer:
    def __init__(self, archive: Archive, parser: Callable[[str, bytes], ParsedDocument] | None = None):
        self.archive = archive
        self.parser = parser or default_parser
        #: how a bulk import parses: "auto" (forked workers when ``can_fork()``), "fork", "in-process"
        self.parse_ahead = "auto"
        #: worker processes for "fork" (None: one per core but one)
        self.parse_workers: int | None = None
        self._cached_ids: dict = {}
        #: how long the last batch's commit took (the batch budget counts it, batches.py)
        self.last_commit_seconds = 0.0
        #: inside ``import_paths``: the text-reuse pairs a file queues are compared at its end,
        #: not after each file
        self._comparing_later = False

    # -- entry points ----------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path | str], *, progress: Progress = no_progress,
                     cancel: CancelToken = NEVER_CANCELLED) -> ImportReport:
        """Import files and folders; then compare the copies that the text-reuse fingerprints
        found alike ("Comparing copies…", off the import's write path, in short transactions:
        a cancelled or closed run leaves those pairs for the next import or scan)."""
        outer = self._comparing_later
        self._comparing_later = True
        try:
            report = self._import_paths(paths, progress=progress, cancel=cancel)
        finally:
            self._comparing_later = outer
        if not outer and not report.cancelled:
            try:
                report.reuse_proposed += self.compare_queued(progress=progress, cancel=cancel)
            except Cancelled:
                report.reuse_cancelled = True
        return report

    def _import_paths(self, paths: Iterable[Path | str], *, progress: Progress = no_progress,
                      cancel: CancelToken = NEVER_CANCELLED) -> ImportReport:
        files, skipped = collect_files(paths)
        report = ImportReport(outcomes=list(skipped))
        containers = [f for f in files if container_reader(f) is not None]
        if containers:
            files = [f for f in files if f not in containers]
            for path in containers:
                if cancel.cancelled:
                    report.cancelled = True
                    return report
                report.cancelled = self.import_container(path, report, progress=progress,
                                                         cancel=cancel)
                if report.cancelled:
                    return report
        if len(files) >= BULK_FILES:
            with bulk_settings(self.archive.db, len(files)), rarer_garbage_collection():
                stream = self._parsing(files)
                alongside = self.archive.reuse.compare_alongside(stream.lend)
                try:
                    outcomes, report.cancelled = import_in_batches(
                        self, stream, len(files), progress, cancel, between=alongside.pump)
                    if not report.cancelled:
                        report.reuse_proposed += alongside.finish()
                finally:
                    stream.close()
            report.outcomes.extend(outcomes)
            if not report.cancelled:
                progress(len(files), len(files), "Import finished")
            return report
        with bulk_settings(self.archive.db, len(files)):
            for done, path in enumerate(files):
                progress(done, len(files), f"Importing {path.name}")
                if cancel.cancelled:
                    report.cancelled = True
                    break
                report.outcomes.append(self.import_file(path))
            else:
                progress(len(files), len(files), "Import finished")
        return report

    def import_file(self, path: Path) -> FileOutcome:
        try:
            data = read_file(path)
        except ImportFailed as exc:
            return FileOutcome(str(path), "failed", exc.message)
        return self.import_bytes(path.name, data, original_path=str(path.resolve()))

    def import_bytes(self, filename: str, data: bytes, *, original_path: str | None = None,
                     doc: ParsedDocument | None = None, capture_url: str | None = None,
                     capture: Capture | None = None, packed: bytes | None = None) -> FileOutcome:
        """Store one file; any failure is reported in the outcome and leaves the archive as it was.

        ``original_path``: where the file was (resolved), ``capture_url``: the page's address for
        a capture (a WARC record, a saved page); both are evidence of a new version.

        ``doc``: the file already parsed (by a worker); inside a bulk import's batch the caller
        holds the transaction and undoes this file's rows when it failed (see ``import_batches``).
        ``packed``: ``source_bytes.pack(data)`` made ahead by that worker.
        """
        where = original_path or filename
        alone = not self.archive.db.conn.in_transaction
        if alone:
            self.forget_cached_ids()   # a transaction of its own: cached ids start afresh
        try:
            outcome = self._import_bytes(filename, data, original_path, doc, capture_url, capture,
                                         packed)
        except Cancelled:
            raise
        except PalmyraError as exc:
            return FileOutcome(where, "failed", exc.message)
        except sqlite3.Error as exc:  # inside a batch, e.g. a full disk
            return FileOutcome(where, "failed",
                               dbmod.translate_sqlite_error(exc, f"importing {filename}").message)
        except Exception as exc:  # a bug in parsing or storing: this file fails, the rest go on
            log.exception("importing %s failed", where)
            return FileOutcome(where, "failed", unexpected_error(filename, exc))
        if alone and not self._comparing_later:   # one file on its own: compare its copies now
            self.compare_queued()
        return outcome

    def compare_queued(self, *, progress: Progress = no_progress,
                       cancel: CancelToken = NEVER_CANCELLED) -> int:
        """Verify the text-reuse pairs the stored files queued (``reuse.verify_pending``);
        returns the links proposed. A failure here never undoes an import: the pairs stay
        pending for the next import or scan."""
        try:
            return self.archive.reuse.verify_pending(progress=progress, cancel=cancel)
        except Cancelled:
            raise
        except (PalmyraError, sqlite3.Error):
            log.exception("comparing the copies found at import failed; the pairs stay pending")
            return 0

    def import_container(self, path: Path, report: ImportReport, *, progress: Progress = no_progress,
                         cancel: CancelToken = NEVER_CANCELLED) -> bool:
        """Import a WARC, WACZ or mbox record by record (streamed: memory stays bounded); each
        record is atomic like a file. Returns True when cancelled. A summary row per container
        says which reader read it and how many articles came out."""
        reader = container_reader(path)
        where = str(path)
        resolved = str(path.resolve())
        outcomes: list[FileOutcome] = []
        cancelled = False
        progress(0, 0, f"Reading {path.name}")
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        try:
            for done, entry in enumerate(reader.entries(path, cancel)):
                if cancel.cancelled:
                    cancelled = True
                    break
                if "position" in entry.extra and size:    # in KiB: a 3 GB WARC fits an int
                    progress(entry.extra["position"] // 1024, size // 1024, f"Importing {entry.name}")
                else:
                    progress(done, 0, f"Importing {entry.name}")
                outcome = self._import_entry(entry, resolved)
                if outcome is not None:
                    outcome.group = where
                    outcomes.append(outcome)
            else:
                cancelled = cancel.cancelled
        except OSError as exc:
            outcomes.append(FileOutcome(where, "failed", f"{path} could not be read "
                                        f"({exc.strerror or exc}).", group=where))
        articles = len({i for o in outcomes for i in o.article_ids})
        failed = sum(1 for o in outcomes if o.status == "failed")
        summary = (f"{path.name} (read as {reader.label}): {articles} article(s) from "
                   f"{sum(1 for o in outcomes if o.article_ids)} record(s)"
                   + (f", {failed} record(s) failed" if failed else "")
                   + ("; cancelled, the records done so far are kept" if cancelled else ""))
        report.outcomes.append(FileOutcome(where, "skipped" if not outcomes or all(
            o.status in ("skipped",) for o in outcomes) and not articles else "container",
            summary, reader=reader.name, group=where))
        report.outcomes.extend(outcomes)
        return cancelled

    def _import_entry(self, entry, container_path: str) -> FileOutcome | None:
        if entry.extra.get("note"):
            return FileOutcome(entry.name, "skipped", f"skipped: {entry.extra['note']}")
        if entry.error:
            return FileOutcome(entry.name, "failed", entry.error)
        if entry.extra.get("history_only"):
            return self._add_history(entry)
        from ..ingest.readers import reader_named
        original = f"{container_path}#{entry.capture.record_id}" if entry.capture and \
            entry.capture.record_id else f"{container_path}#{entry.name}"
        try:
            doc = reader_named(entry.reader).read(entry.name, entry.data) if entry.reader else None
        except PalmyraError as exc:
            return FileOutcome(entry.name, "failed", exc.message)
        except Exception as exc:  # a bug in a reader: this record fails, the rest go on
            log.exception("reading %s failed", entry.name)
            return FileOutcome(entry.name, "failed", unexpected_error(entry.name, exc))
        filename = _record_name(entry)
        outcome = self.import_bytes(filename, entry.data, original_path=original, doc=doc,
                                    capture=entry.capture)
        outcome.path = entry.name
        return outcome

    def _add_history(self, entry) -> FileOutcome:
        capture = entry.capture
        row = self.archive.db.execute(
            "SELECT source_id FROM source_captures WHERE url = ? ORDER BY id DESC LIMIT 1",
            [capture.url]).fetchone()
        if row is None:
            return FileOutcome(entry.name, "skipped", "skipped: a revisit of a page this archive "
                               "does not hold (the WARC it points to was not imported)")
        with self.archive.write("noting a revisit") as db:
            if not capture_known(db.conn, row[0], capture):
                add_capture(db.conn, row[0], capture, entry.extra.get("relation", "revisit"))
        return FileOutcome(entry.name, "unchanged", f"{entry.name}: a revisit, kept in the capture "
                           "history of the copy already imported", reader="warc")

    def store_prepared(self, item: Prepared) -> FileOutcome:
        """Store a file read (and parsed) ahead; its reading or parsing failure is its outcome."""
        if item.error is not None or item.data is None:     # no data: an error says why
            return FileOutcome(item.original_path, "failed", item.error or f"{item.path} could not be read.")
        return self.import_bytes(item.path.name, item.data, original_path=item.original_path,
                                 doc=item.doc, packed=item.packed)

    def forget_cached_ids(self) -> None:
        """Outlet and tag ids are remembered only within one transaction (and savepoint)."""
        self._cached_ids.clear()

    def _parsing(self, files: list[Path]):
        """Where a bulk import's files are read and parsed: forked workers or this process."""
        mode = self.parse_ahead
        if mode == "fork" or (mode == "auto" and can_fork()):
            parser = self.archive.reuse.with_prints(self.parser)
            return ForkedParsing(files, parser, ArchivedBytes(self.archive.path), self.parse_workers,
                                 read=read_file)
        return InProcessParsing(files, self.parser, self._sha_known, read=read_file)

    def _sha_known(self, sha: str) -> bool:
        return self.archive.db.execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha]).fetchone() is not None

    def seed_from_corpus(self) -> ImportReport:
        """Import the bundled sample articles, only into an empty archive."""
        from ..store.paths import corpus_dir
        if not self.archive.is_empty():
            return ImportReport()
        return self.import_paths([corpus_dir()])

    # -- one file --------------------------------------------------------------------------

    def _import_bytes(self, filename: str, data: bytes, original_path: str | None,
                      doc: ParsedDocument | None = None, capture_url: str | None = None,
                      capture: Capture | None = None, packed: bytes | None = None) -> FileOutcome:
        where = original_path or filename
        check_size(filename, len(data))
        sha = hashlib.sha256(data).hexdigest()
        existing = self.archive.db.execute("SELECT id FROM sources WHERE sha256 = ?", [sha]).fetchone()
        if existing:
            return self._unchanged(where, filename, existing[0], sha, capture)
        if doc is None:
            doc = self.parser(filename, data)
        if not doc.articles:
            raise ImportFailed(f"No article was found in {filename}.")
        if capture is not None:
            doc.capture = capture
        if doc.format in ("html",) and original_path and not doc.attachments:
            doc.attachments = saved_page_files(Path(original_path))
        if packed is None:    # (a parse-ahead worker compresses it; here, before the write lock)
            packed = source_bytes.pack(data)
        with self.archive.write(f"importing {filename}") as db:
            raced = db.execute("SELECT id FROM sources WHERE sha256 = ?", [sha]).fetchone()
            if raced:  # another process (the app, a second import) stored these bytes meanwhile
                return self._unchanged(where, filename, raced[0], sha)
            capture_url = capture_url or (doc.capture.url if doc.capture else None) \
                or getattr(doc, "capture_url", None)
            evidence = find_previous_version(db.conn, filename=filename, original_path=original_path,
                                             capture_url=capture_url, doc=doc)
            previous = (evidence.source_id,) if evidence and evidence.strong else None
            source_id = self._insert_source(db.conn, filename, original_path, sha, data, doc,
                                            previous[0] if previous else None, capture_url,
                                            packed)
            store_reader_rows(db.conn, source_id, doc)
            stored = [self._store_article(db.conn, source_id, doc, index, previous)
                      for index in range(len(doc.articles))]
            article_ids = list(dict.fromkeys(s[0] for s in stored))
            superseded = [(old, new) for _a, new, old in stored if old]
            action = "new_version" if previous else "import"
            self.archive.events.record(
                action, entity="source", entity_id=source_id, actor="importer",
                after={"filename": filename, "sha256": sha, "size_bytes": len(data),
                       "article_ids": article_ids, "copy_ids": [s[1] for s in stored],
                       "format": doc.format, "attachments": len(doc.attachments)},
                details={"previous_source_id": previous[0] if previous else None,
                         "version_evidence": evidence.describe() if evidence else None,
                         "superseded": superseded, "warnings": doc.warnings})
            proposals = ([record_proposal(self.archive, source_id, evidence)]
                         if evidence and not evidence.strong else [])
        review = list(dict.fromkeys(f for a in doc.articles for f in review_flags(a)))
        status = "new_version" if previous else "imported"
        noun = "article" if len(article_ids) == 1 else "articles"
        verb = "New version of" if previous else "Imported"
        message = f"{verb} {filename}: {len(article_ids)} {noun}"
        if previous and evidence:
            message += f" ({evidence.describe()})"
        elif proposals and evidence:
            message += (f"; perhaps a new version of {self._source_name(evidence.source_id)} "
                        f"({evidence.describe()}): confirm or reject it in the review of proposed versions")
        if review:
            message += f" (needs review: {', '.join(review)})"
        if doc.format != "text":
            message = message.replace(f"{filename}: ", f"{filename} (read as {_READER_NAMES.get(doc.format, doc.format)}): ", 1)
        if doc.attachments:
            message += f"; {len(doc.attachments)} local file(s) of the saved page kept with it"
        if doc.capture is not None and doc.capture.digest_ok:
            message += "; payload digest verified"
        return FileOutcome(where, status, message, article_ids, review,
                           evidence.describe() if evidence else None, proposals, reader=doc.format)

    def _source_name(self, source_id: int) -> str:
        row = self.archive.db.execute("SELECT filename, original_path FROM sources WHERE id = ?",
                                      [source_id]).fetchone()
        return row[1] or row[0]

    def _unchanged(self, where: str, filename: str, source_id: int, sha: str,
                   capture: Capture | None = None) -> FileOutcome:
        ids = [r[0] for r in self.archive.db.execute(
            "SELECT DISTINCT article_id FROM copies WHERE source_id = ? ORDER BY id", [source_id])]
        with self.archive.write(f"noting that {filename} is unchanged") as db:
            if capture is not None and not capture_known(db.conn, source_id, capture):
                add_capture(db.conn, source_id, capture, "duplicate")
            self.archive.events.record("import_unchanged", entity="source", entity_id=source_id,
                                       actor="importer", details={"filename": filename, "sha256": sha})
        stored_as = self.archive.db.execute("SELECT filename FROM sources WHERE id = ?",
                                            [source_id]).fetchone()[0]
        alias = "" if stored_as == filename else f" (imported as {stored_as})"
        return FileOutcome(where, "unchanged",
                           f"{filename} is already in the archive with the same bytes{alias}; "
                           "nothing changed.", ids)

    @staticmethod
    def _insert_source(conn, filename, original_path, sha, data, doc, previous_id,
                       capture_url=None, packed: bytes | None = None) -> int:
        """The source row: ``content`` compressed the sqlar way (``source_bytes``), ``sha256``
        and ``size_bytes`` of the file itself."""
        cursor = conn.execute(
            "INSERT INTO sources (filename, original_path, sha256, size_bytes, encoding,"
            " encoding_confidence, content, imported_at, previous_version_id, capture_url, format)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [filename, original_path, sha, len(data), doc.encoding, doc.encoding_confidence,
             packed if packed is not None else source_bytes.pack(data), now_iso(), previous_id,
             capture_url, getattr(doc, "format", "text") or "text"])
        return cursor.lastrowid

    def _store_article(self, conn, source_id: int, doc: ParsedDocument, index: int,
                       previous) -> tuple[int, int, int | None]:
        """(article id, new copy id, superseded copy id or None) for the index-th article."""
        article = doc.articles[index]
        matcher = ArticleMatcher(self.archive, conn)
        old_copy = matcher.previous_copy(previous[0], index) if previous else None
        if old_copy is not None:
            article_id = old_copy[1]
        else:
            article_id = matcher.same_work(article) or insert_article(conn, article)
        outlet_id = self._outlet_id(article.outlet.value) if article.outlet.value else None
        copy_id = insert_copy(conn, article_id=article_id, source_id=source_id, article=article,
                              outlet_id=outlet_id, text_length=len(doc.text))
        insert_details(conn, copy_id, article)
        from_outlets = [self._outlet_id(r.from_outlet) if r.from_outlet else None
                        for r in article.republications]
        from_copies = [matcher.copy_in_outlet(article_id, o, copy_id) for o in from_outlets]
        insert_republications(conn, copy_id, article, from_outlets, from_copies)
        matcher.link_downstream(article_id, copy_id, outlet_id)
        # text reuse (#11): fingerprint (made ahead by a parse-ahead worker where there is one), propose
        self.archive.reuse.on_copy_stored(conn, copy_id, prints=getattr(article, "reuse_prints", None))
        paths = site_tag_paths(article.site_sections)
        if paths:   # the tag manager creates them with their parents, as every tag is made
            link_tags(conn, article_id, self._tag_ids(paths))
        if old_copy is not None:
            self._supersede(conn, old_copy[0], copy_id, article_id, article)
        else:
            conn.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ? AND primary_copy_id IS NULL",
                         [copy_id, article_id])
        return article_id, copy_id, old_copy[0] if old_copy else None

    def _outlet_id(self, name: str) -> int:
        key = ("outlet", name)
        if key not in self._cached_ids:
            self._cached_ids[key] = self.archive.outlets.get_or_create(name)
        return self._cached_ids[key]

    def _tag_ids(self, paths: list[str]) -> list[int]:
        key = ("tags", tuple(paths))
        if key not in self._cached_ids:
            self._cached_ids[key] = self.archive.tags.ensure(paths)
        return self._cached_ids[key]

    def _supersede(self, conn, old_copy_id: int, new_copy_id: int, article_id: int, article) -> None:
        """The new version's copy replaces the old one as the copy the article shows."""
        conn.execute("UPDATE copies SET superseded_by_id = ? WHERE id = ?", [new_copy_id, old_copy_id])
        row = conn.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [article_id]).fetchone()
        if row and row[0] in (old_copy_id, None):
            conn.execute("UPDATE articles SET primary_copy_id = ?, updated_at = ? WHERE id = ?",
                         [new_copy_id, now_iso(), article_id])
            refresh_article_from_copy(conn, article_id, article)
        self.archive.annotations.on_copy_superseded(old_copy_id, new_copy_id)


_READER_NAMES = {"text": "text", "html": "HTML", "mhtml": "MHTML", "pdf": "PDF", "email": "e-mail"}


def _record_name(entry) -> str:
    """A stored name for a record: the last part of its URL, e.g. "harbour-strike.html"."""
    from urllib.parse import urlsplit
    url = entry.capture.url if entry.capture and entry.capture.url else entry.name
    try:
        path = urlsplit(url).path.rstrip("/")
        host = urlsplit(url).hostname or ""
    except ValueError:
        path, host = "", ""
    leaf = path.rsplit("/", 1)[-1] or host or "page"
    return leaf[:120] if "." in leaf else f"{leaf[:115]}.html" if entry.reader != "pdf" else f"{leaf[:115]}.pdf"
