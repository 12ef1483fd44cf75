"""Opening a bundle: validate it, then bring its articles, provenance, rights, annotations,
tags and notes into this archive through the same services a person would use.

Sources are imported verbatim with ``archive.importer.import_bytes`` (so the parser extracts
provenance and rights exactly as it did for the sender), then the bundle's corrections, user
tags, notes and annotations are applied on top. Every step first checks whether the archive
already holds what it would add, so opening the same bundle twice changes nothing. A
passage-only bundle has no sources: its passages are imported as a small text of their own,
with the bundle's metadata applied as corrections and each passage annotated. The links found
by text that the sender confirmed (``reuse_links``, #11) are confirmed here too once every
source is in, before the corrections (a same-work link joins two works, and the corrections
then land on the joined one); a pair this archive's user rejected stays rejected.

All or nothing: palmyra.json and every source are checked first (``bundle_check``), then the
whole bundle is written in one transaction, so a bundle that fails half-way (an article the
importer cannot read, a disk that fills, Cancel) leaves the archive as it was. Only what the
bundle itself says is missing (an article that is only a citation) or an annotation whose
quote is not in this archive's reading of the text is skipped, and the report names each.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..annotate.annotatable import annotatable_text, body_offset
from ..importing.importer import ImportReport
from ..store.clock import now_iso
from ..store.errors import Cancelled, DiskFullError, ExportError, PalmyraError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .bundle_check import BundleRefused, check_sources, check_values, read_document
from .bundle_reader import unpack
from .safe_names import safe_stem

if TYPE_CHECKING:
    from ..archive import Archive

ARTICLE_FIELDS = ("title", "authors")
COPY_FIELDS = ("outlet", "date", "section", "original_outlet", "original_date")


@dataclass
class BundleReport(ImportReport):
    """An ``ImportReport`` plus what the bundle added on top of its sources."""

    corrections: int = 0
    tags: int = 0
    annotations: int = 0
    notes: int = 0
    reuse_links: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.imported or self.new_versions or self.corrections or self.tags
                    or self.annotations or self.notes or self.reuse_links)

    @property
    def nothing_imported(self) -> bool:
        """Nothing changed because nothing in the bundle could be imported (not because it
        was all here already): the CLI exits with 1."""
        return not self.changed_anything and bool(self.problems or self.failed)

    @property
    def message(self) -> str:
        if self.nothing_imported:
            return (f"Nothing was imported from the bundle: {len(self.problems)} item(s) in it "
                    "could not be brought in (see the list).")
        if not self.changed_anything:
            return "The bundle is already in this archive; nothing changed."
        return (f"Opened the bundle: {self.imported} source(s) imported, {self.annotations} "
                f"annotation(s), {self.tags} tag(s), {self.corrections} correction(s), "
                f"{self.notes} note(s) added"
                + (f", {self.reuse_links} confirmed link(s) found by text restored." if self.reuse_links
                   else "."))


class BundleOpener:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db
        self._sources: dict = {}     # sha256 -> checked file in the unpacked bag
        self._restored: dict[str, dict] = {}   # sha256 -> its copy in the bundle, for sources this opening imported

    def open(self, zip_path: Path, *, progress: Progress = no_progress,
             cancel: CancelToken = NEVER_CANCELLED) -> BundleReport:
        if not zip_path.is_file():
            raise ExportError(f"There is no bundle at {zip_path}.")
        workdir, root = unpack(zip_path, self.archive.path.parent, cancel=cancel, progress=progress)
        try:
            data = root / "data"
            progress(0, 1, "Checking palmyra.json")
            doc = read_document(data, zip_path.name)
            check_values(doc, zip_path.name)
            self._sources = check_sources(doc, data, zip_path.name)
            return self._import_all(doc, zip_path.name, progress, cancel)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _import_all(self, doc: dict, name: str, progress: Progress, cancel: CancelToken) -> BundleReport:
        """The whole bundle in one transaction: a failure anywhere undoes all of it."""
        importer = self.archive.importer
        try:
            with self.archive.write("opening a citation bundle"):
                importer.forget_cached_ids()
                first = self._last_event() + 1
                report = self._import(doc, progress, cancel)
                self._restore_history(doc, name, first, report)
                return report
        except (BundleRefused, Cancelled):
            raise
        except DiskFullError as exc:
            raise DiskFullError(f"{exc.message} Nothing from {name} was imported.") from exc
        except PalmyraError as exc:
            raise BundleRefused(f"{name} could not be opened, so nothing was imported: "
                                f"{exc.message}") from exc
        finally:
            importer.forget_cached_ids()   # outlets and tags made inside the transaction

    def _import(self, doc: dict, progress: Progress, cancel: CancelToken) -> BundleReport:
        report = BundleReport()
        articles = doc.get("articles", [])
        annotation_ids: dict[int, int] = {}
        article_ids: dict[int, int] = {}
        if doc.get("reuse_links"):
            for article in articles:   # every source first: a link joins copies of two articles
                cancel.raise_if_cancelled()
                for copy in article["copies"]:
                    if copy.get("source_file"):
                        self._source(copy, report)
            self._reuse_links(doc["reuse_links"], report)
        placed: list[tuple[dict, int]] = []
        for n, article in enumerate(articles, 1):
            cancel.raise_if_cancelled()
            with self._naming(article):
                target = self._article(article, report)
                if target is not None:
                    self._apply(article, target, report)
                    article_ids[article["article_id"]] = target
                    placed.append((article, target))
            progress(n, len(articles), "Importing articles")
        # annotations in the order they were made in the sender's archive (not article by
        # article), so an archive that opens the bundle numbers them as the sender did and
        # exports them in the same order (the round trip, #13)
        order = sorted(((a.get("annotation_id") or 0, i, a, article, target)
                        for i, (article, target) in enumerate(placed)
                        for a in article.get("annotations", [])), key=lambda t: (t[0], t[1]))
        for _, _, a, article, target in order:
            cancel.raise_if_cancelled()
            with self._naming(article):
                self._annotation(article, a, target, report, annotation_ids)
        self._notes(doc.get("notes", []), article_ids, annotation_ids, report)
        return report

    @contextmanager
    def _naming(self, article: dict) -> Iterator[None]:
        """A failure while bringing an article in names the article."""
        try:
            yield
        except (Cancelled, DiskFullError):
            raise
        except PalmyraError as exc:
            raise ExportError(f"{article.get('title') or article['key']}: {exc.message}") from exc

    # -- one article -----------------------------------------------------------------------

    def _article(self, article: dict, report: BundleReport) -> int | None:
        for copy in article["copies"]:
            if copy.get("source_file"):
                self._source(copy, report)
        primary = next(c for c in article["copies"] if c["copy_id"] == article["primary_copy_id"])
        found = self._find_copy(primary["source_sha256"], primary["index_in_source"])
        if found is None and not primary.get("source_file"):
            found = self._passages_article(article, primary, report)
        if found is None:
            if primary.get("source_file"):
                raise ExportError(f"its source {primary['source_filename']} holds no article "
                                  f"{primary['index_in_source'] + 1} when this archive reads it.")
            report.problems.append(
                f"{article['key']}: only its citation is in the bundle (no source and no passage), "
                "so it was not imported.")
            return None
        return found[0]

    def _apply(self, article: dict, article_id: int, report: BundleReport) -> None:
        primary = next(c for c in article["copies"] if c["copy_id"] == article["primary_copy_id"])
        self._corrections(article, primary, article_id, report)
        self._tags(article, article_id, report)
        if article.get("note") and self.archive.notes.article_note(article_id) != article["note"]:
            self.archive.notes.set_article_note(article_id, article["note"])
            report.notes += 1

    def _source(self, copy: dict, report: BundleReport) -> None:
        """Import one source (checked already by ``bundle_check.check_sources``)."""
        sha = copy["source_sha256"]
        if self.db.execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha]).fetchone():
            return
        content = self._sources[sha].read_bytes()
        if hashlib.sha256(content).hexdigest() != sha:   # changed on disk since it was checked
            raise ExportError(f"{copy['source_file']} does not have the SHA-256 the bundle records.")
        outcome = self.archive.importer.import_bytes(copy["source_filename"], content,
                                                     capture=_capture_of(copy))
        if not self.db.conn.in_transaction:   # SQLite ended it itself (a full disk, I/O error)
            raise DiskFullError(f"The archive could not store {copy['source_filename']}: "
                                f"{outcome.message}")
        if outcome.status == "failed":   # undone with the rest of the bundle
            raise ExportError(outcome.message)
        report.outcomes.append(outcome)
        self._restored[sha] = copy

    # -- the history the bundle carried --------------------------------------------------

    def _last_event(self) -> int:
        return int(self.db.execute("SELECT COALESCE(max(id), 0) FROM events").fetchone()[0])

    def _restore_history(self, doc: dict, name: str, first: int, report: BundleReport) -> None:
        """Keep the history the bundle carried for the sources this opening brought in (#13).

        Their first import time and their import and correction events are facts about the
        sources, from the archive where they happened: they are stored as carried
        (``restored_sources``, ``restored_events``), under one ``restore_history`` event of this
        archive that names the bundle and the span of events the opening wrote here (its own
        imports of the files and the corrections it applied, which restate that history). An
        export gives those sources the carried history; this archive's log keeps its own."""
        if not self._restored:
            return
        sources = {sha: int(row[0]) for sha in self._restored
                   for row in [self.db.execute("SELECT id FROM sources WHERE sha256 = ?", [sha]).fetchone()]
                   if row}
        carried = list(self._carried_events(doc, sources))
        opening = self.archive.events.record(
            "restore_history", entity="bundle", actor="system",
            after={"bundle": name, "restored_from": f"restored from bundle {name}",
                   "sources": len(sources), "events": len(carried)},
            details={"opening_events": [first, self._last_event()]})
        self.db.conn.executemany(
            "INSERT INTO restored_sources (source_id, imported_at, opening_event_id) VALUES (?, ?, ?)",
            [(source_id, self._restored[sha].get("imported_at") or now_iso(), opening)
             for sha, source_id in sources.items()])
        self.db.conn.executemany(
            "INSERT INTO restored_events (opening_event_id, source_id, entity, index_in_source, archive,"
            " original_id, at, actor, action, before, after, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(opening, *row) for row in carried])

    def _carried_events(self, doc: dict, sources: dict[str, int]) -> Iterator[tuple]:
        """The bundle's events about the sources in ``sources`` (sha256 -> this archive's id),
        each placed by its source and the copy of it it is about."""
        places: dict[str, dict[int, tuple[str, int]]] = {"article": {}, "copy": {}, "source": {}}
        for article in doc.get("articles", []):
            for copy in article.get("copies", []):
                place: tuple[str, int] = (copy.get("source_sha256"), copy.get("index_in_source") or 0)
                places["copy"][copy.get("copy_id")] = place
                if copy.get("copy_id") == article.get("primary_copy_id"):
                    places["article"][article.get("article_id")] = place
        for event in doc.get("events", []):
            sha = (event.get("after") or {}).get("sha256") if isinstance(event.get("after"), dict) else None
            if event.get("entity") == "source" and isinstance(sha, str):
                places["source"][event.get("entity_id")] = (sha, 0)
        for event in doc.get("events", []):
            entity = event.get("entity")
            if entity not in places or not isinstance(event.get("id"), int):
                continue
            found = places[entity].get(event.get("entity_id"))
            if found is None or found[0] not in sources:
                continue
            yield (sources[found[0]], entity, None if entity == "source" else found[1],
                   event.get("archive") if isinstance(event.get("archive"), str) else None,
                   event["id"], str(event.get("at") or ""), str(event.get("actor") or "unknown"),
                   str(event.get("action") or ""),
                   *(None if event.get(k) is None else json.dumps(event[k], ensure_ascii=False, sort_keys=True)
                     for k in ("before", "after", "details")))

    def _reuse_links(self, links: list[dict], report: BundleReport) -> None:
        """Confirm here what the sender confirmed (``archive.reuse.restore_confirmed``)."""
        for link in links:
            if link.get("status") != "confirmed":
                continue    # only confirmed links are exported; anything else is not a fact
            found_a, found_b = (self._find_copy(link[s]["source_sha256"], link[s]["index_in_source"])
                                for s in "ab")
            if found_a is None or found_b is None:
                report.problems.append(f"A link found by text (link {link.get('link_id')}) names a copy "
                                       "whose source is not in the bundle or this archive; it was skipped.")
                continue
            outcome = self.archive.reuse.restore_confirmed(found_a[1], found_b[1], link)
            if outcome == "restored":
                report.reuse_links += 1
            elif outcome == "kept":
                report.problems.append(f"The bundle confirms a link found by text between copies "
                                       f"{found_a[1]} and {found_b[1]}, which this archive rejected; "
                                       "your decision was kept.")

    def _find_copy(self, sha: str, index: int) -> tuple[int, int] | None:
        row = self.db.execute(
            "SELECT c.article_id, c.id FROM copies c JOIN sources s ON s.id = c.source_id "
            "WHERE s.sha256 = ? ORDER BY c.id LIMIT 1 OFFSET ?", [sha, index]).fetchone()
        return (row[0], row[1]) if row else None

    def _corrections(self, article: dict, primary: dict, article_id: int, report: BundleReport) -> None:
        wanted = {k: v for k, v in article.get("corrections", {}).items() if k in ARTICLE_FIELDS}
        wanted.update({k: v for k, v in primary.get("corrections", {}).items() if k in COPY_FIELDS})
        current = {k: v["corrected"] for k, v in self.archive.articles.corrections(article_id).items()}
        changes = {k: v for k, v in wanted.items() if current.get(k) != v}
        if changes:
            self.archive.articles.correct(article_id, **changes)
            report.corrections += len(changes)

    def _tags(self, article: dict, article_id: int, report: BundleReport) -> None:
        have = {t.casefold() for t in self.archive.tags.for_article(article_id)}
        missing = [t for t in article.get("tags", []) if t.casefold() not in have]
        if missing:
            self.archive.tags.add_to_articles([article_id], missing)
            report.tags += len(missing)

    # -- annotations and notes -------------------------------------------------------------

    def _annotation(self, article: dict, a: dict, article_id: int, report: BundleReport,
                    mapped: dict[int, int]) -> None:
        copies = {c["copy_id"]: c for c in article["copies"]}
        copy = copies.get(a["copy_id"])
        found = self._find_copy(a["source_sha256"], copy["index_in_source"] if copy else 0)
        copy_id = found[1] if found and found[0] == article_id else None
        existing = self._existing_annotation(article_id, copy_id, a)
        if existing:
            mapped[a["annotation_id"]] = existing
            return
        try:
            with self._savepoint():
                created = self._create_annotation(article_id, copy_id, a)
                self._keep_identity(created, a)
        except PalmyraError as exc:
            report.problems.append(f"Annotation “{a['exact'][:40]}”: {exc}")
            return
        mapped[a["annotation_id"]] = created
        report.annotations += 1

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """One annotation that fails is undone alone, inside the article's transaction."""
        self.db.execute("SAVEPOINT bundle_annotation")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO bundle_annotation")
            self.db.execute("RELEASE bundle_annotation")
            raise
        self.db.execute("RELEASE bundle_annotation")

    def _existing_annotation(self, article_id: int, copy_id: int | None, a: dict) -> int | None:
        row = self.db.execute(
            "SELECT id FROM annotations WHERE article_id = ? AND (? IS NULL OR copy_id = ?) "
            "AND exact = ? AND deleted_at IS NULL ORDER BY abs(start - ?) LIMIT 1",
            [article_id, copy_id, copy_id, a["exact"], a["start"]]).fetchone()
        return row[0] if row else None

    def _keep_identity(self, annotation_id: int, a: dict) -> None:
        """The annotation keeps the W3C id and the times it has in the bundle: it is the same
        annotation, made then, not a new one made now (its creation event says when it came)."""
        times = {k: a[k] for k in ("created_at", "updated_at") if isinstance(a.get(k), str) and a[k]}
        w3c_id = a.get("w3c_id") if isinstance(a.get("w3c_id"), str) else None
        if w3c_id and w3c_id.startswith("urn:palmyra:annotation:"):
            times["w3c_id"] = w3c_id
        if times:
            self.db.execute(f"UPDATE annotations SET {', '.join(f'{k} = ?' for k in times)} WHERE id = ?",
                            [*times.values(), annotation_id])

    def _create_annotation(self, article_id: int, copy_id: int | None, a: dict) -> int:
        color: str = a.get("color") or "yellow"
        note: str = a.get("note") or ""
        tags: list[str] = a.get("tags") or []
        text, body_at = self._text(article_id, copy_id)
        # offsets count in the standfirst and body; a bundle written before counted in the body
        for shift in (0, body_at):
            if text is not None and text[a["start"] + shift:a["end"] + shift] == a["exact"]:
                return self.archive.annotations.create(
                    article_id, a["start"] + shift, a["end"] + shift, copy_id=copy_id,
                    color=color, note=note, tags=tags).created
        # the text was parsed differently here (another parser version): find the quote instead
        return self.archive.annotations.create_from_quote(article_id, a["exact"], copy_id=copy_id,
                                                          color=color, note=note, tags=tags).created

    def _text(self, article_id: int, copy_id: int | None) -> tuple[str | None, int]:
        """The copy's annotatable text (standfirst and body), which bundle offsets count in,
        and where its body starts."""
        row = self.db.execute(
            "SELECT c.standfirst, c.body FROM copies c JOIN articles a ON a.id = c.article_id "
            "WHERE a.id = ? AND c.id = COALESCE(?, a.primary_copy_id)",
            [article_id, copy_id]).fetchone()
        if row is None:
            return None, 0
        return annotatable_text(row[0], row[1]), body_offset(row[0])

    def _notes(self, notes: list[dict], article_ids: dict[int, int], annotation_ids: dict[int, int],
               report: BundleReport) -> None:
        existing = {(n.title, n.body) for n in self.archive.notes.all()}
        for note in notes:
            if (note["title"], note["body"]) in existing:
                continue
            created = self.archive.notes.create(
                note["title"], note["body"],
                article_ids=[article_ids[i] for i in note.get("article_ids", []) if i in article_ids],
                annotation_ids=[annotation_ids[i] for i in note.get("annotation_ids", []) if i in annotation_ids])
            # the same note, written then (its creation event says when it came), as annotations
            times = {k: note[k] for k in ("created_at", "updated_at") if isinstance(note.get(k), str) and note[k]}
            if times:
                self.db.execute(f"UPDATE notes SET {', '.join(f'{k} = ?' for k in times)} WHERE id = ?",
                                [*times.values(), created.created_id])
            report.notes += 1

    # -- passage-only bundles --------------------------------------------------------------

    def _passages_article(self, article: dict, primary: dict, report: BundleReport) -> tuple[int, int] | None:
        """Import the passages the bundle has as a text of their own."""
        text = passages_text(article, primary)
        if not text:
            return None
        filename = safe_stem(f"{article['key']}-passages", fallback="passages") + ".md"
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        new = not self.db.execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha]).fetchone()
        if new:
            report.outcomes.append(self.archive.importer.import_bytes(filename, data))
        found = self._find_copy(sha, 0)
        if found:
            if new:
                self._restore_carried(article, primary, *found)
            for a in article.get("annotations", []):
                a["source_sha256"], a["copy_id"] = sha, primary["copy_id"]
            primary["index_in_source"] = 0
            title = None if article.get("title_status") == "provisional" else article.get("title")
            fill = {"title": title, "authors": article.get("authors") or None,
                    "outlet": primary.get("outlet"), "date": primary.get("date")}
            if not primary.get("republications"):
                original = article.get("original") or {}
                fill.update(original_outlet=original.get("outlet"), original_date=original.get("date"))
            fill = {k: v for k, v in fill.items() if v}
            primary["corrections"] = {**{k: v for k, v in fill.items() if k in COPY_FIELDS},
                                      **{k: v for k, v in (primary.get("corrections") or {}).items()
                                         if k in COPY_FIELDS}}
            article["corrections"] = {**{k: v for k, v in fill.items() if k in ARTICLE_FIELDS},
                                      **{k: v for k, v in (article.get("corrections") or {}).items()
                                         if k in ARTICLE_FIELDS}}
            article["tags"] = list(article.get("tags") or []) + list(article.get("site_tags") or [])
        return found

    def _restore_carried(self, article: dict, primary: dict, article_id: int, copy_id: int) -> None:
        """What the sender's importer read in the source, which a passages-only bundle carries
        but its passages text does not print: the provisional-title mark, the section, the
        republication links with their evidence and the rights statements, verbatim (#13).

        They are the extracted values of the source the passages come from, as the bundle
        records them (status and method included), so they are stored as extracted, not as
        the user's corrections; one event says what was brought back."""
        restored: dict = {}
        if article.get("title_status") == "provisional" and article.get("title"):
            self.db.execute("UPDATE articles SET title = ?, title_status = 'provisional' WHERE id = ?",
                            [article["title"], article_id])
            restored["title"] = {"title": article["title"], "status": "provisional"}
        if primary.get("section"):
            self.db.execute("UPDATE copies SET section = ?, section_status = 'printed' WHERE id = ?",
                            [primary["section"], copy_id])
            restored["section"] = primary["section"]
        rights = [r for r in primary.get("rights") or [] if isinstance(r, dict) and r.get("text")]
        self.db.conn.executemany(
            "INSERT INTO rights_statements (copy_id, kind, language, text, holder, year, requires, "
            "allowed_for, otherwise, contact, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(copy_id, r["kind"], r.get("language"), r["text"], r.get("holder"), r.get("year"),
              json.dumps(r.get("requires") or [], ensure_ascii=False), r.get("allowed_for"),
              r.get("otherwise"), r.get("contact"), r.get("method") or "bundle") for r in rights])
        hops = [r for r in primary.get("republications") or [] if isinstance(r, dict) and r.get("relation")]
        now = now_iso()
        for r in hops:
            outlet_id = self.archive.outlets.get_or_create(r["from_outlet"]) if r.get("from_outlet") else None
            self.db.execute(
                "INSERT INTO republications (copy_id, hop, from_outlet_id, from_date, from_date_as_printed, "
                "relation, is_original, evidence, method, status, rejected, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [copy_id, r.get("hop") or 1, outlet_id, r.get("from_date"), r.get("from_date_as_printed"),
                 r["relation"], int(bool(r.get("is_original"))), r.get("evidence"),
                 r.get("method") or "bundle", r.get("status") if r.get("status") in
                 ("printed", "inferred", "corrected") else "printed", int(bool(r.get("rejected"))), now])
        if rights:
            restored["rights"] = len(rights)
        if hops:
            restored["republications"] = len(hops)
        if restored:
            self.archive.events.record("bundle_passages_restored", entity="copy", entity_id=copy_id,
                                       after=restored, actor="system")


def _capture_of(copy: dict):
    """The capture provenance a bundle carries for a web-archive source (#10), or None."""
    from ..ingest.model import Capture
    captures = copy.get("captures") or []
    main = next((c for c in captures if c.get("relation") == "capture"), None)
    if main is None:
        return None
    fields = {k: main.get(k) for k in ("url", "captured_at", "tool", "payload_digest",
                                       "digest_ok", "record_id", "container", "package_digest_ok")}
    if main.get("digest_of_content") is False:
        fields["digest_of_content"] = False
    return Capture(**fields, history=[c for c in captures if c is not main])


def passages_text(article: dict, primary: dict) -> str:
    """The passages of a passage-only bundle as a short Markdown text, deterministic so a second
    opening finds it already imported."""
    passages = [a["exact"] for a in article.get("annotations", [])]
    if not passages:
        return ""
    head = [f"# {article.get('title') or article['key']}", ""]
    if article.get("authors"):
        head += [f"By {', '.join(article['authors'])}", ""]
    where = ", ".join(x for x in (primary.get("outlet"), primary.get("date")) if x)
    if where:
        head += [where, ""]
    head += [f"Passages only, from a citation bundle; the full text (sha256:{primary['source_sha256']}) "
             "was not included.", ""]
    return "\n".join(head + [p + "\n" for p in passages])
