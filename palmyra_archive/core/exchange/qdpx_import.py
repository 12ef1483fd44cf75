"""Bringing a REFI-QDA project (``.qdpx`` from QualCoder, NVivo, ATLAS.ti, MAXQDA) in.

Each text source becomes an article: its plain text is imported through the importer like any
``.txt`` file (stored byte for byte, parsed by the same rules), so nothing here writes articles
by hand. Codes become tags (the code tree is the tag path: code "liberation" inside "framing"
is ``framing/liberation``); a coded text selection becomes an annotation, re-anchored in the
article's text by the existing anchoring (quote, position, context; ``core.annotate.anchoring``) since
the parser may have left a heading or a byline out of the text it annotates; its memos are
the annotation's note; codes on a whole source tag the article; source memos and project memos
are research notes. A selection that cannot be placed is kept as a research note quoting it
(an orphan, never dropped), so the report says so and nothing is lost.

Idempotent like ``open-bundle``: the same source is the same stored file; an annotation already
on the same words, a tag already there, a note with the same title and text are not added again.
All of it runs in one transaction with its events: a failure anywhere leaves the archive as it was.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..annotate import anchoring
from ..annotate.annotatable import annotatable_text
from ..export.safe_names import safe_stem
from ..store.errors import PalmyraError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .qdpx import ORIGIN, QdaProject, read_qdpx
from .scaffold import NotesOnce, each, import_transaction


@dataclass
class QdaImportReport:
    articles: int = 0
    unchanged: int = 0
    annotations: int = 0
    tags: int = 0
    notes: int = 0
    orphans: int = 0
    corrections: int = 0     # titles taken from the sources' names in the project
    problems: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not (self.articles or self.annotations or self.tags or self.notes):
            return "The QDA project is already in this archive; nothing changed."
        text = (f"Imported the QDA project: {self.articles} new article(s), {self.annotations} "
                f"annotation(s), {self.tags} tag(s), {self.notes} note(s).")
        if self.orphans:
            text += (f" {self.orphans} coded passage(s) could not be placed in their text and "
                     "were kept as notes quoting them.")
        return text


def import_qdpx(archive, path: Path | str, *, progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> QdaImportReport:
    path = Path(path).expanduser()
    project = read_qdpx(path)
    report = QdaImportReport()
    with import_transaction(archive, "importing a QDA project"):
        _import(archive, project, path.name, report, progress, cancel)
    return report


def _import(archive, project: QdaProject, name: str, report: QdaImportReport,
            progress: Progress, cancel: CancelToken) -> None:
    notes = NotesOnce(archive)

    def note(title: str, body: str, article_ids=(), annotation_ids=(), created: str | None = None) -> None:
        if not (title.strip() or body.strip()):
            return
        if notes.add(title, body, article_ids=article_ids, annotation_ids=annotation_ids,
                     stored_title=title.strip() or "(untitled memo)", created_at=_iso(created)):
            report.notes += 1

    for src in each(project.sources, progress, cancel, lambda s: f"Importing {s.name or 'a source'}"):
        if src.text is None:
            report.problems.append(f"{src.name or src.guid}: its text is not in the project, so it "
                                   "was not imported.")
            continue
        filename = safe_stem(src.name or src.guid, fallback="qda-source") + ".txt"
        outcome = archive.importer.import_bytes(filename, src.text.encode("utf-8"),
                                                original_path=f"qdpx:{name}#{src.guid}")
        if outcome.status == "failed" or not outcome.article_ids:
            raise PalmyraError(f"{src.name or src.guid}: {outcome.message}")
        if outcome.status == "imported":
            report.articles += 1
        else:
            report.unchanged += 1
        article_id = outcome.article_ids[0]
        report.article_ids.append(article_id)
        _name(archive, src, article_id, report)
        have = {t.casefold() for t in archive.tags.for_article(article_id)}
        new_tags = [t for t in dict.fromkeys(src.codes) if t.casefold() not in have]
        if new_tags:
            archive.tags.add_to_articles([article_id], new_tags)
            report.tags += len(new_tags)
        for guid in src.notes:
            title, body = project.notes[guid]
            if _article_note(archive, project, src, title, body, article_id, report):
                continue
            note(title or f"Memo on {src.name}", body, article_ids=[article_id],
                 created=project.note_created.get(guid))
        _selections(archive, project, src, article_id, report, note)
    for guid in project.project_notes:
        title, body = project.notes[guid]
        note(title or "Project memo", body, created=project.note_created.get(guid))


def _iso(value: str | None) -> str | None:
    """A QDA-XML dateTime as the archive's timestamps are written (``…T…Z``), or None."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)?", value):
        return None
    return value[:19] + "Z"


def _name(archive, src, article_id: int, report: QdaImportReport) -> None:
    """The source's name in the project is the title the researcher gave it there: it becomes
    the article's title as a correction, unless the text printed it already or the name is the
    bracketed opening words Palmyra shows for an untitled text."""
    name = re.sub(r"[ \t\r\n]+", " ", src.name or "").strip()   # no-break spaces are the title's
    if not name or (name.startswith("[") and name.endswith("]")) or name.lower().endswith(".txt"):
        return
    detail = archive.articles.get(article_id)
    if (detail.title or "") != name:
        archive.articles.correct(article_id, title=name)
        report.corrections += 1


def _article_note(archive, project, src, title: str, body: str, article_id: int,
                  report: QdaImportReport) -> bool:
    """A project Palmyra wrote names an article's own note "Note on <source>": it comes back
    as the article's note, not as a research note."""
    if project.origin != ORIGIN or title != f"Note on {src.name}"[:200] or not body:
        return False
    if archive.notes.article_note(article_id) != body:
        archive.notes.set_article_note(article_id, body)
        report.notes += 1
    return True


def _selections(archive, project, src, article_id: int, report, note) -> None:
    detail = archive.articles.get(article_id)
    text = annotatable_text(detail.standfirst, detail.body)
    anchorer = anchoring.Anchorer(text)
    for sel in src.selections:
        if not (0 <= sel.start < sel.end <= len(src.text)):
            report.problems.append(f"{src.name}: a selection ({sel.start}–{sel.end}) lies outside its text.")
            continue
        described = anchoring.describe(src.text, sel.start, sel.end)
        placed = anchorer.anchor(anchoring.Selector(described.exact, described.prefix, described.suffix,
                                                    sel.start, sel.end))
        memo = "\n\n".join(project.notes[g][1] for g in sel.notes if project.notes[g][1])
        if placed is None:
            report.orphans += 1
            note(f"Unplaced passage from {src.name}"[:200],
                 f"> {described.exact}\n\n{memo}".strip(), article_ids=[article_id])
            continue
        row = archive.db.execute(
            "SELECT id FROM annotations WHERE article_id = ? AND start = ? AND \"end\" = ? "
            "AND deleted_at IS NULL", [article_id, placed.start, placed.end]).fetchone()
        if row:
            continue
        created = archive.annotations.create(article_id, placed.start, placed.end, note=memo,
                                             tags=list(dict.fromkeys(sel.codes))).created_id
        _keep_identity(archive, created, sel)
        report.annotations += 1


def _keep_identity(archive, annotation_id: int, sel) -> None:
    """The annotation is the project's selection: it keeps the selection's GUID as its W3C id
    (``urn:uuid:<GUID>``, unless another annotation has it) and the times the project gives
    (its creation event says when it came), as an annotation from a bundle does."""
    kept: dict[str, str] = {}
    guid = _uuid(sel.guid)
    if guid and not archive.db.execute("SELECT 1 FROM annotations WHERE w3c_id = ?",
                                       [f"urn:uuid:{guid}"]).fetchone():
        kept["w3c_id"] = f"urn:uuid:{guid}"
    created, modified = _iso(sel.created), _iso(sel.modified)
    if created:
        kept["created_at"] = created
        kept["updated_at"] = modified or created
    if kept:
        archive.db.execute(f"UPDATE annotations SET {', '.join(f'{k} = ?' for k in kept)} WHERE id = ?",
                           [*kept.values(), annotation_id])


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None
