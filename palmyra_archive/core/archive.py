"""The Archive façade: open a file, migrate it, and reach every service through one object.

``Archive.open(path)`` is the only way in. Each domain noun has its manager
(``archive.articles``, ``archive.search``, ``archive.tags`` …); the CLI and the GUI call these
and never touch SQL. Every write a manager makes runs in ``archive.write(...)``: one
transaction, with its event-log row inside it.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

import sqlite_utils

from . import db as dbmod
from .events import EventLog
from .migrations import SCHEMA_VERSION, check_version, migrate, schema_version


class Archive:
    def __init__(self, path: Path, db: sqlite_utils.Database):
        self.path = path
        self.db = db
        self.events = EventLog(db)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> "Archive":
        """Open (or create) an archive file, backing it up and migrating it if it is older."""
        path = Path(path).expanduser()
        if not create and not path.exists():
            from .errors import ArchiveError
            raise ArchiveError(f"There is no archive at {path}.")
        db = dbmod.connect(path)
        try:
            check_version(db, path)
            migrate(db, path)
        except BaseException:
            db.close()
            raise
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    supported_schema_version = SCHEMA_VERSION

    @contextmanager
    def write(self, doing: str = "writing") -> Iterator[sqlite_utils.Database]:
        """One transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
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
    def importer(self):
        from .importer import Importer
        return Importer(self)

    @cached_property
    def articles(self):
        from .articles import ArticleManager
        return ArticleManager(self)

    @cached_property
    def outlets(self):
        from .outlets import OutletManager
        return OutletManager(self)

    @cached_property
    def search(self):
        from .search import SearchManager
        return SearchManager(self)

    @cached_property
    def integrity(self):
        from .integrity import IntegrityChecker
        return IntegrityChecker(self)

    @cached_property
    def tags(self):
        from .tags import TagManager
        return TagManager(self)

    @cached_property
    def annotations(self):
        from .annotations import AnnotationManager
        return AnnotationManager(self)

    @cached_property
    def notes(self):
        from .notes import NoteManager
        return NoteManager(self)

    @cached_property
    def collections(self):
        from .collections import CollectionManager
        return CollectionManager(self)

    @cached_property
    def saved_searches(self):
        from .saved_searches import SavedSearchManager
        return SavedSearchManager(self)

    @cached_property
    def exports(self):
        from .export.service import ExportService
        return ExportService(self)

    @cached_property
    def backups(self):
        from .backups import BackupManager
        return BackupManager(self)
