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

from dataclasses import dataclass, field
from pathlib import Path

from ..annotate import anchoring
from ..annotate.annotatable import annotatable_text
from ..export.safe_names import safe_stem
from ..store.errors import PalmyraError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .qdpx import QdaProject, read_qdpx
from .scaffold import NotesOnce, each, import_transaction


@dataclass
class QdaImportReport:
    articles: int = 0
    unchanged: int = 0
    annotations: int = 0
    tags: int = 0
    notes: int = 0
    orphans: int = 0
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

    def note(title: str, body: str, article_ids=(), annotation_ids=()) -> None:
        if not (title.strip() or body.strip()):
            return
        if notes.add(title, body, article_ids=article_ids, annotation_ids=annotation_ids,
                     stored_title=title.strip() or "(untitled memo)"):
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
        have = {t.casefold() for t in archive.tags.for_article(article_id)}
        new_tags = [t for t in dict.fromkeys(src.codes) if t.casefold() not in have]
        if new_tags:
            archive.tags.add_to_articles([article_id], new_tags)
            report.tags += len(new_tags)
        for guid in src.notes:
            title, body = project.notes[guid]
            note(title or f"Memo on {src.name}", body, article_ids=[article_id])
        _selections(archive, project, src, article_id, report, note)
    for guid in project.project_notes:
        title, body = project.notes[guid]
        note(title or "Project memo", body)


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
        archive.annotations.create(article_id, placed.start, placed.end, note=memo,
                                   tags=list(dict.fromkeys(sel.codes)))
        report.annotations += 1
