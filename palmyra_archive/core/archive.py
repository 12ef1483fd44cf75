"""The Archive façade: open a file, migrate it, and reach every service through one object.

``Archive.open(path)`` is the only way in. Each domain noun has its manager
(``archive.articles``, ``archive.search``, ``archive.tags`` …); the CLI and the GUI call these
and never touch SQL. Every write a manager makes runs in ``archive.write(...)``: one
transaction, with its event-log row inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from .store import db as dbmod
from .store import file_hold
from .store.errors import PalmyraError
from .store.events import EventLog
from .store.migrations import SCHEMA_VERSION, check_version, migrate, schema_version
from .store.tasks import Progress

if TYPE_CHECKING:  # the managers' types, for editors and mypy; each is imported on first use
    from .annotate.annotations import AnnotationManager
    from .export.service import ExportService
    from .importing.importer import Importer
    from .importing.versions import VersionReview
    from .library.articles import ArticleManager
    from .library.citation_fields import CitationFields
    from .library.codebook import Codebook
    from .library.collections import CollectionManager
    from .library.merge import WorkMerger
    from .library.notes import NoteManager
    from .library.outlets import OutletManager
    from .library.review import Review
    from .library.saved_searches import SavedSearchManager
    from .library.tags import TagManager
    from .library.trash import Trash
    from .reuse.service import ReuseManager
    from .search.ranking import SearchManager
    from .store.backups import BackupManager
    from .store.integrity import IntegrityChecker


@dataclass(frozen=True)
class HoldReport:
    """What ``Archive.check_hold`` found and did, in a sentence for the user."""

    message: str
    #: the app goes on (locks taken again, or the archive reopened); False: writing stopped
    reopened: bool
    #: another file is open now: every view must be refreshed from it
    refresh: bool = False


class Archive:
    def __init__(self, path: Path, db: sqlite_utils.Database):
        self.path = path
        self.db = db
        self.events = EventLog(db)
        self._claimed_for_app = False

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, progress: Progress | None = None) -> Archive:
        """Open (or create) an archive file, backing it up and migrating it if it is older;
        ``progress(done, total, message)`` hears how a long upgrade step is getting on."""
        path = Path(path).expanduser()
        if not create and not path.exists():
            from .store.errors import ArchiveError
            raise ArchiveError(f"There is no archive at {path}.")
        db = dbmod.connect(path)
        try:
            check_version(db, path)
            migrate(db, path, progress=progress)
        except BaseException:
            db.close()
            raise
        return cls(path, db)

    def close(self) -> None:
        if self._claimed_for_app:
            self._claimed_for_app = False
            hold = getattr(self.db.conn, "hold", None)
            if hold is not None:
                file_hold.unclaim_for_app(hold)
        self.db.close()

    # -- the hold on the files (see core/store/file_hold.py) -------------------------------------

    def claim_for_app(self) -> None:
        """The desktop app opens an archive only if no other app process has it open."""
        hold = getattr(self.db.conn, "hold", None)
        if hold is not None and not self._claimed_for_app:
            file_hold.claim_for_app(hold)
            self._claimed_for_app = True

    def check_hold(self) -> HoldReport | None:
        """Check, between writes, that this process still holds the archive's files.

        Called by the app's change poll. Lost record locks are taken again (nothing is lost:
        the OFD hold kept other programs from removing the WAL meanwhile); a file replaced
        under us is reopened, what we had written to it kept aside; a file moved or deleted
        stops every further write (each one then says so). ``None`` while all is well.
        """
        conn = self.db.conn
        check = getattr(conn, "hold", None)
        if check is None or conn.in_transaction:
            return None
        if check.replaced():
            return self._reopen_replaced(check, check.problem() or "The archive file was replaced.")
        problem = check.problem()
        if problem is not None:
            return self._reopen(problem, "Palmyra Archive reopened it; nothing that was saved is lost.")
        drift = check.drift()
        if drift is None:
            return None
        if check.retake():
            return HoldReport(f"{drift} Palmyra Archive took its lock again; nothing was lost.",
                              reopened=True)
        return self._reopen(drift, "Palmyra Archive reopened it; nothing that was saved is lost.")

    def _reopen_replaced(self, check: file_hold.HoldCheck, problem: str) -> HoldReport:
        """Another program put a different file where the archive was (a sync client, a
        restore by hand). What this app had written lives on in the old file, which only our
        connection can still reach: copy it to the backups folder, move the old file's -wal
        and -shm out of the new one's way (SQLite would read them as the new file's), then
        open the new file."""
        from .store.backups import backups_dir, snapshot
        from .store.clock import now_iso

        stamp = now_iso().replace(":", "").replace("-", "")
        folder = backups_dir(self.path)
        try:
            kept = snapshot(self.db.conn, folder / f"replaced-under-app-{stamp}.sqlite")
        except PalmyraError as exc:
            return HoldReport(f"{problem} Palmyra Archive stopped writing to it; what it had "
                              f"written could not be copied aside ({exc.message}).", reopened=False)
        file_hold.move_aside_stale_sides(check, folder, stamp)
        report = self._reopen(problem, "Palmyra Archive opened the file now there.")
        return HoldReport(f"{report.message} What it had written to the old file is kept in "
                          f"{kept}.", reopened=report.reopened, refresh=report.reopened)

    def _reopen(self, problem: str, outcome: str) -> HoldReport:
        claimed = self._claimed_for_app
        hold = getattr(self.db.conn, "hold", None)   # set while claimed (claim_for_app)
        try:
            if claimed and hold is not None:
                file_hold.unclaim_for_app(hold)
                self._claimed_for_app = False
            dbmod.reopen(self.db)
            if claimed:
                self.claim_for_app()
        except PalmyraError as exc:
            return HoldReport(f"{problem} Palmyra Archive stopped writing to it: {exc.message}",
                              reopened=False)
        return HoldReport(f"{problem} {outcome}", reopened=True)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    supported_schema_version = SCHEMA_VERSION

    @contextmanager
    def write(self, doing: str = "writing") -> Iterator[sqlite_utils.Database]:
        """One transaction (``BEGIN IMMEDIATE``); nested calls join the outer one.

        A file replaced under us since the last write is dealt with first (``check_hold``)
        and this write refused: what the user changes was read from the old file.
        """
        check = getattr(self.db.conn, "hold", None)
        if check is not None and not self.db.conn.in_transaction and check.replaced():
            report = self.check_hold()
            message = report.message if report else "The archive file was replaced."
            raise file_hold.ArchiveHoldLost(f"{message} Your last change ({doing}) was not "
                                            "saved; please do it again on the archive as it is now.")
        with dbmod.write_transaction(self.db, doing) as db:
            yield db

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection (the CLI, a second
        window) commits to this file, so an open app can notice and refresh cheaply."""
        import sqlite3
        try:
            return self.db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:  # closed (the app is switching archives) or unreadable
            raise dbmod.translate_sqlite_error(exc, "checking for changes") from exc

    def is_empty(self) -> bool:
        return self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1

    # -- managers (one per domain noun; built on first use) --------------------------------

    @cached_property
    def importer(self) -> Importer:
        from .importing.importer import Importer
        return Importer(self)

    @cached_property
    def articles(self) -> ArticleManager:
        from .library.articles import ArticleManager
        return ArticleManager(self)

    @cached_property
    def outlets(self) -> OutletManager:
        from .library.outlets import OutletManager
        return OutletManager(self)

    @cached_property
    def search(self) -> SearchManager:
        from .search.ranking import SearchManager
        return SearchManager(self)

    @cached_property
    def integrity(self) -> IntegrityChecker:
        from .store.integrity import IntegrityChecker
        return IntegrityChecker(self)

    @cached_property
    def tags(self) -> TagManager:
        from .library.tags import TagManager
        return TagManager(self)

    @cached_property
    def annotations(self) -> AnnotationManager:
        from .annotate.annotations import AnnotationManager
        return AnnotationManager(self)

    @cached_property
    def notes(self) -> NoteManager:
        from .library.notes import NoteManager
        return NoteManager(self)

    @cached_property
    def collections(self) -> CollectionManager:
        from .library.collections import CollectionManager
        return CollectionManager(self)

    @cached_property
    def saved_searches(self) -> SavedSearchManager:
        from .library.saved_searches import SavedSearchManager
        return SavedSearchManager(self)

    @cached_property
    def exports(self) -> ExportService:
        from .export.service import ExportService
        return ExportService(self)

    @cached_property
    def versions(self) -> VersionReview:
        from .importing.versions import VersionReview
        return VersionReview(self)

    @cached_property
    def trash(self) -> Trash:
        from .library.trash import Trash
        return Trash(self)

    @cached_property
    def citation_fields(self) -> CitationFields:
        from .library.citation_fields import CitationFields
        return CitationFields(self)

    @cached_property
    def codebook(self) -> Codebook:
        from .library.codebook import Codebook
        return Codebook(self)

    @cached_property
    def review(self) -> Review:
        from .library.review import Review
        return Review(self)

    @cached_property
    def works(self) -> WorkMerger:
        from .library.merge import WorkMerger
        return WorkMerger(self)

    @cached_property
    def reuse(self) -> ReuseManager:
        from .reuse.service import ReuseManager
        return ReuseManager(self)

    @cached_property
    def backups(self) -> BackupManager:
        from .store.backups import BackupManager
        return BackupManager(self)
