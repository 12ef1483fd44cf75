"""``archive.exports``: citation bundles out (``export_bundle``), in (``open_bundle``), and the
live ``preview`` the Export window shows.

Reads go through a private read-only connection inside one transaction, so an export is a
consistent snapshot, can run on a worker thread while the GUI keeps using the archive's own
connection, and can never write to the archive.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..store import db as dbmod
from ..store.clock import now_iso
from ..store.errors import ExportError, ValidationError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from . import bibliography, csl_json, quotes
from .bundle import write_bundle
from .citekeys import assign_keys
from .collect import ExportData, collect
from .payload import ALL_FORMATS, ExportOptions, write_payload
from .scope import Scope, parse_scope, resolve, selection

if TYPE_CHECKING:
    from ..archive import Archive

__all__ = ["ExportService", "ExportOptions", "ExportReport", "Preview", "Scope", "ALL_FORMATS"]


@dataclass(frozen=True)
class Preview:
    bibliography_html: str
    quotes_markdown: str
    article_count: int
    annotation_count: int


@dataclass
class ExportReport:
    path: Path
    articles: int
    annotations: int
    sources: int
    files: list[str] = field(default_factory=list)
    size_bytes: int = 0
    seconds: float = 0.0

    @property
    def message(self) -> str:
        return (f"Exported {self.articles} article(s) and {self.annotations} annotation(s) to "
                f"{self.path.name}.")


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise ValidationError(f"Unknown format(s): {', '.join(unknown)}. Choose from "
                              f"{', '.join(ALL_FORMATS)}.")
    return tuple(dict.fromkeys(formats))


class ExportService:
    def __init__(self, archive: Archive):
        self.archive = archive

    parse_scope = staticmethod(parse_scope)
    selection = staticmethod(selection)

    @contextmanager
    def _snapshot(self) -> Iterator:
        # a connection of our own with writes refused (query_only), not a ``mode=ro`` URI:
        # a URI breaks on archive paths holding "#" or "?"
        db = dbmod.connect(self.archive.path)
        try:
            db.execute("PRAGMA query_only = ON")
            db.execute("BEGIN")
            yield db
        finally:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            db.close()

    def resolve(self, scope: Scope | str) -> list[int]:
        scope = parse_scope(scope) if isinstance(scope, str) else scope
        with self._snapshot() as db:
            return resolve(self.archive, db, scope)

    def _collect(self, db, scope: Scope, *, include_notes: bool) -> tuple[ExportData, frozenset[str]]:
        ids = resolve(self.archive, db, scope)
        data = collect(db, ids, include_notes=include_notes)
        outlets = frozenset(r[0].casefold() for r in db.execute("SELECT name FROM outlets"))
        assign_keys(data.articles, outlets)
        return data, outlets

    def preview(self, scope: Scope | str, *, style: str = bibliography.DEFAULT_STYLE,
                include_private_notes: bool = True) -> Preview:
        """The bibliography (HTML) and quotes (Markdown) the bundle would hold."""
        scope = parse_scope(scope) if isinstance(scope, str) else scope
        bibliography.check_style(style)
        with self._snapshot() as db:
            data, outlets = self._collect(db, scope, include_notes=include_private_notes)
        items = csl_json.csl_items(data.articles, outlets)
        return Preview(bibliography.bibliography_html(items, style),
                       quotes.quotes_markdown(data.articles), len(data.articles),
                       data.annotation_count())

    def export_bundle(self, scope: Scope | str, out_zip: Path | str, *,
                      options: ExportOptions = ExportOptions(), progress: Progress = no_progress,
                      cancel: CancelToken = NEVER_CANCELLED, overwrite: bool = False) -> ExportReport:
        """Write a zipped BagIt bundle of ``scope`` to ``out_zip`` (atomically).

        An existing ``out_zip`` is refused unless ``overwrite`` (the app's Save dialog has
        already asked; the command line's ``--force``)."""
        started = time.perf_counter()
        scope = parse_scope(scope) if isinstance(scope, str) else scope
        bibliography.check_style(options.style)
        check_formats(options.formats)
        out_zip = Path(out_zip)
        if out_zip.suffix.lower() != ".zip":
            raise ValidationError(f"{out_zip.name}: a bundle is a .zip file; add .zip to the name.")
        if not overwrite and out_zip.expanduser().is_file():
            raise ExportError(f"{out_zip} already exists; choose another name, or add --force "
                              "to replace it.")
        exported_at = now_iso()
        with self._snapshot() as db:
            progress(0, 1, "Reading the archive")
            data, outlets = self._collect(db, scope, include_notes=options.include_private_notes)
            if not data.articles:
                raise ExportError(f"There is nothing to export in {scope.describe()}.")
            written: list[str] = []

            def payload(root: Path) -> None:
                written.extend(write_payload(
                    root, data, options, conn=db.conn, scope_text=scope.as_text(),
                    exported_at=exported_at, outlets=outlets, cancel=cancel, progress=progress))

            size = write_bundle(out_zip, payload, self._bag_info(scope, data, exported_at),
                                cancel=cancel, progress=progress)
        return ExportReport(out_zip, len(data.articles), data.annotation_count(),
                            sum(1 for f in written if f.startswith("sources/")), written, size,
                            time.perf_counter() - started)

    def _bag_info(self, scope: Scope, data: ExportData, exported_at: str) -> dict[str, str]:
        from ... import __version__
        organisation = data.archive_info.get("organisation") or "Palmyra Archive user"
        return {
            "Source-Organization": organisation,
            "Bagging-Date": exported_at[:10],
            "External-Description": (
                f"Citation bundle exported by Palmyra Archive from {scope.describe()}: "
                f"{len(data.articles)} article(s), {data.annotation_count()} annotation(s); "
                "citations, quotes, annotations, provenance, rights and sources."),
            "External-Identifier": f"palmyra-bundle:{exported_at}",
            "Bag-Software-Agent": f"Palmyra Archive {__version__} (bagit-python)",
        }

    def open_bundle(self, zip_path: Path | str, *, progress: Progress = no_progress,
                    cancel: CancelToken = NEVER_CANCELLED):
        """Validate a bundle and import it (see ``open_bundle.BundleOpener``)."""
        from .open_bundle import BundleOpener
        return BundleOpener(self.archive).open(Path(zip_path), progress=progress, cancel=cancel)
