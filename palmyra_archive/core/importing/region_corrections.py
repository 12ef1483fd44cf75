"""The user's corrections of a copy's split, and the copy re-read with them (issue #3).

Why: the Source tab shows what the importer decided each stretch of the file is; when it got
one wrong (a widget read as article text, a paragraph read as site text) the user says what
the stretch really is. The correction is stored beside the regions found (never over them,
the source is never touched), the copy is re-read from its source with every correction, and
its derived rows (body, comments, captions, rights …) are replaced in the same transaction,
so every view follows. Annotations move onto the new text with the usual re-anchoring.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..ingest.overrides import OVERRIDE_KINDS, RegionOverride
from ..ingest.readers import read_document as parse_document
from ..store import source_bytes
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, ValidationError
from ..store.records import RegionView
from .matching import ArticleMatcher
from .storing import insert_details, insert_republications, review_flags

if TYPE_CHECKING:
    from ..archive import Archive

#: the copy's rows derived from its source by the parser, replaced on every re-read
#: (republications only where printed: a user's corrected hop stays)
DERIVED_TABLES = ("rights_statements", "comments", "author_roles", "footnotes", "captions", "links", "source_regions")


class RegionCorrections:
    def __init__(self, archive: Archive):
        self.archive = archive

    def list(self, article_id: int) -> list[RegionView]:
        """The corrections of the article's shown copy, in the order they were made."""
        copy_id = self._copy(article_id)[0]
        return [RegionView(kind, start, end) for kind, start, end in self.archive.db.execute(
            "SELECT kind, span_start, span_end FROM region_corrections WHERE copy_id = ? ORDER BY id",
            [copy_id])]

    def add(self, article_id: int, overrides: Sequence) -> Changes:
        """Say what more stretches really are; later corrections win where they overlap."""
        return self.replace(article_id, self.list(article_id) + [_as_view(o) for o in overrides])

    def replace(self, article_id: int, overrides: Sequence) -> Changes:
        """Make ``overrides`` the copy's whole set of corrections and re-read the copy with them
        (what undo uses to put back the set that was there before)."""
        wanted = [_as_view(o) for o in overrides]
        copy_id, filename, content = self._copy(article_id)
        for view in wanted:
            _check(view)
        doc = parse_document(filename, content, overrides=[
            RegionOverride(v.start, v.end, v.kind) for v in wanted])
        text_length = len(doc.text)
        for view in wanted:
            if view.end > text_length:
                raise ValidationError(f"The stretch {view.start}:{view.end} runs past the end of "
                                      f"the source ({text_length} characters).")
        before = [_dump(v) for v in self.list(article_id)]
        with self.archive.write("correcting the regions of a copy") as db:
            db.execute("DELETE FROM region_corrections WHERE copy_id = ?", [copy_id])
            now = now_iso()
            db.conn.executemany(
                "INSERT INTO region_corrections (copy_id, span_start, span_end, kind, created_at)"
                " VALUES (?,?,?,?,?)", [(copy_id, v.start, v.end, v.kind, now) for v in wanted])
            self._store(db.conn, article_id, copy_id, doc.articles[0])
            self.archive.events.record(
                "correct_regions", entity="article", entity_id=article_id, before=before,
                after=[_dump(v) for v in wanted], details={"copy_id": copy_id})
            self.archive.annotations.on_copy_superseded(copy_id, copy_id)
        noun = "correction" if len(wanted) == 1 else "corrections"
        message = (f"Re-read the article with {len(wanted)} region {noun}" if wanted
                   else "Re-read the article as the importer split it")
        return Changes(articles=True, annotations=True, article_ids=(article_id,), message=message)

    def clear(self, article_id: int) -> Changes:
        return self.replace(article_id, [])

    def _copy(self, article_id: int) -> tuple[int, str, bytes]:
        row = self.archive.db.execute(
            "SELECT c.id, s.filename, s.content, s.size_bytes FROM articles a"
            " JOIN copies c ON c.id = a.primary_copy_id"
            " JOIN sources s ON s.id = c.source_id WHERE a.id = ?", [int(article_id)]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this archive.")
        return row[0], row[1], source_bytes.unpack(row[2], row[3])

    def _store(self, conn, article_id: int, copy_id: int, article) -> None:
        """Replace what the parser derived for this copy; the copy id, its source and the
        user's corrections of title, outlet and dates stay as they are."""
        a = article
        conn.execute(
            "UPDATE copies SET standfirst = ?, body = ?, body_start = ?, body_end = ?, signature = ?,"
            " signature_start = ?, signature_end = ?, body_language = ?, site_language = ?,"
            " word_count = ?, needs_review = ? WHERE id = ?",
            [a.standfirst, a.body, a.body_span.start if a.body_span else None,
             a.body_span.end if a.body_span else None, a.signature.value,
             a.signature.span.start if a.signature.span else None,
             a.signature.span.end if a.signature.span else None, a.body_language, a.site_language,
             len(a.body.split()), _json(review_flags(a)), copy_id])
        for table in DERIVED_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE copy_id = ?", [copy_id])
        conn.execute("DELETE FROM republications WHERE copy_id = ? AND status != 'corrected'", [copy_id])
        insert_details(conn, copy_id, a)
        matcher = ArticleMatcher(self.archive, conn)
        outlets = [self.archive.outlets.get_or_create(r.from_outlet) if r.from_outlet else None
                   for r in a.republications]
        from_copies = [matcher.copy_in_outlet(article_id, o, copy_id) for o in outlets]
        insert_republications(conn, copy_id, a, outlets, from_copies)


def _as_view(override) -> RegionView:
    if isinstance(override, RegionView):
        return override
    if isinstance(override, RegionOverride):
        return RegionView(override.kind, override.start, override.end)
    start, end, kind = override
    return RegionView(kind, int(start), int(end))


def _check(view: RegionView) -> None:
    if view.kind not in OVERRIDE_KINDS:
        raise ValidationError(f"“{view.kind}” is not a kind of region one can mark; use one of: "
                              + ", ".join(OVERRIDE_KINDS) + ".")
    if view.start < 0 or view.end <= view.start:
        raise ValidationError(f"The stretch {view.start}:{view.end} is empty; give START:END "
                              "with START before END.")


def _dump(view: RegionView) -> dict:
    return {"start": view.start, "end": view.end, "kind": view.kind}


def _json(value) -> str:
    import json
    return json.dumps(value, ensure_ascii=False)
