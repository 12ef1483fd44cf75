"""Annotations: highlighted passages of an article's text with a Markdown note and tags.

Each annotation keeps W3C selectors (quote with context, and offsets) against the annotatable
text of the copy it was made on: its standfirst and body (see core/annotate/annotatable.py and
core/annotate/anchoring.py). Copies' texts never change in place: a new version of a
source brings a new copy, and the importer calls ``on_copy_superseded`` so annotations move to
the new text, or stay behind as orphans (listed, never dropped). An annotation made on one copy
of a work is shown on the work's other copies wherever its passage stands there too.

Deleting is soft (``deleted_at``) so undo brings an annotation back whole; every list here
leaves deleted rows out unless asked.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..library.tags import COLORS
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.errors import AnchorError, NotFoundError, ValidationError
from ..store.payloads import AnnotationBefore
from ..store.records import UNSET, AnnotationFilter, AnnotationView
from . import anchoring
from .annotatable import annotatable_text, body_offset
from .pages import PAGE_FIRST_SQL, PAGE_LAST_SQL, page_from_row, page_value, passage_pages

if TYPE_CHECKING:
    from ..archive import Archive

_SELECT = """
SELECT a.id, c.article_id, a.copy_id, a.start, a."end", a.exact, a.prefix, a.suffix, a.color,
  a.note,
  (SELECT group_concat(t.path, char(31)) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
    WHERE x.annotation_id = a.id),
  a.anchor_status, a.created_at, a.updated_at, COALESCE(ar.title_corrected, ar.title), o.name,
  a.deleted_at, """ + PAGE_FIRST_SQL + ", " + PAGE_LAST_SQL + """
FROM annotations a
JOIN copies c ON c.id = a.copy_id
JOIN articles ar ON ar.id = c.article_id
LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)
"""


def _view(row, *, shown_copy_id=None, start=None, end=None, from_other_copy=False,
          page=None) -> AnnotationView:
    tags = sorted(row[10].split("\x1f"), key=str.lower) if row[10] else []
    return AnnotationView(
        id=row[0], article_id=row[1], copy_id=row[2],
        shown_copy_id=row[2] if shown_copy_id is None else shown_copy_id,
        start=row[3] if start is None else start, end=row[4] if end is None else end,
        exact=row[5], prefix=row[6], suffix=row[7], color=row[8], note=row[9], tags=tags,
        anchor_status=row[11], created_at=row[12], updated_at=row[13], article_title=row[14],
        outlet=row[15], deleted_at=row[16], from_other_copy=from_other_copy,
        page=page_from_row(row[17], row[18]) if shown_copy_id is None else page)


class AnnotationManager:
    colors = COLORS

    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    # -- creating --------------------------------------------------------------------------

    def create(self, article_id: int, start: int, end: int, *, copy_id: int | None = None,
               color: str = "yellow", note: str = "", tags: Iterable[str] = ()) -> Changes:
        """Annotate ``text[start:end]`` of the article's shown copy (or of ``copy_id``), where
        ``text`` is its annotatable text (standfirst and body, see ``core.annotate.annotatable``)."""
        copy_id, text = self._copy(article_id, copy_id)
        _check_color(color)
        start, end = _trim(text, start, end)
        sel = anchoring.describe(text, start, end)
        now = now_iso()
        with self.archive.write("annotating"):
            cursor = self.db.execute(
                'INSERT INTO annotations (copy_id, article_id, exact, prefix, suffix, start, "end", '
                "anchor_status, color, note, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'anchored', ?, ?, ?, ?)",
                [copy_id, article_id, sel.exact, sel.prefix, sel.suffix, start, end, color,
                 note or "", now, now])
            annotation_id = inserted_id(cursor)
            self._set_tags(annotation_id, tags)
            self.archive.events.record("annotate", entity="annotation", entity_id=annotation_id,
                                       after=self._state(annotation_id))
        return Changes(annotations=True, tags=bool(tags), article_ids=(article_id,),
                       created_id=annotation_id, message=f"Annotated “{_short(sel.exact)}”")

    def create_from_quote(self, article_id: int, quote: str, *, copy_id: int | None = None,
                          occurrence: int | None = None, color: str = "yellow", note: str = "",
                          tags: Iterable[str] = ()) -> Changes:
        """Annotate the passage that reads ``quote``; it must stand exactly once (or pick one)."""
        copy_id, text = self._copy(article_id, copy_id)
        spans = anchoring.occurrences(text, quote)
        if not spans:
            raise AnchorError(f"The quote “{_short(quote)}” is not in the text of article "
                              f"{article_id}.")
        if occurrence is not None:
            if not 1 <= occurrence <= len(spans):
                raise AnchorError(f"The quote occurs {len(spans)} time(s); there is no "
                                  f"occurrence {occurrence}.")
            spans = [spans[occurrence - 1]]
        if len(spans) > 1:
            raise AnchorError(f"The quote “{_short(quote)}” occurs {len(spans)} times in article "
                              f"{article_id}; quote more words so it stands only once.")
        return self.create(article_id, *spans[0], copy_id=copy_id, color=color, note=note, tags=tags)

    # -- changing --------------------------------------------------------------------------

    def update(self, annotation_id: int, *, note=UNSET, color=UNSET, tags=UNSET) -> Changes:
        """Change the note, colour or tags; ``extra['before']`` holds the old values for undo."""
        before = self._state(annotation_id)
        if color is not UNSET:
            _check_color(color)
        with self.archive.write("changing an annotation"):
            if note is not UNSET:
                self.db.execute("UPDATE annotations SET note = ? WHERE id = ?",
                                [note or "", annotation_id])
            if color is not UNSET:
                self.db.execute("UPDATE annotations SET color = ? WHERE id = ?",
                                [color, annotation_id])
            if tags is not UNSET:
                self.db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?",
                                [annotation_id])
                self._set_tags(annotation_id, tags)
            self.db.execute("UPDATE annotations SET updated_at = ? WHERE id = ?",
                            [now_iso(), annotation_id])
            after = self._state(annotation_id)
            self.archive.events.record("annotation_update", entity="annotation",
                                       entity_id=annotation_id, before=before, after=after)
        return Changes(annotations=True, tags=tags is not UNSET,
                       article_ids=(before["article_id"],), message="Annotation changed",
                       extra=AnnotationBefore(before={k: before[k] for k in ("note", "color", "tags")}))

    def delete(self, annotation_id: int) -> Changes:
        """Soft-delete: hidden everywhere, brought back whole by ``restore``."""
        return self._set_deleted(annotation_id, now_iso(), "annotation_delete", "Annotation deleted")

    def restore(self, annotation_id: int) -> Changes:
        return self._set_deleted(annotation_id, None, "annotation_restore", "Annotation restored")

    def _set_deleted(self, annotation_id: int, when: str | None, action: str, message: str) -> Changes:
        state = self._state(annotation_id)
        with self.archive.write("deleting an annotation" if when else "restoring an annotation"):
            self.db.execute("UPDATE annotations SET deleted_at = ?, updated_at = ? WHERE id = ?",
                            [when, now_iso(), annotation_id])
            self.archive.events.record(action, entity="annotation", entity_id=annotation_id,
                                       before={"deleted_at": state["deleted_at"]},
                                       after={"deleted_at": when})
        return Changes(annotations=True, tags=bool(state["tags"]),
                       article_ids=(state["article_id"],), message=message)

    def reanchor(self, annotation_id: int, start: int, end: int, *,
                 copy_id: int | None = None) -> Changes:
        """The user places an orphan (or checks a fuzzy match) by selecting the passage again."""
        state = self._state(annotation_id)
        copy_id, text = self._copy(state["article_id"], copy_id)
        start, end = _trim(text, start, end)
        sel = anchoring.describe(text, start, end)
        with self.archive.write("placing an annotation"):
            self._move(annotation_id, copy_id, sel, "anchored")
            self.archive.events.record("reanchor", entity="annotation", entity_id=annotation_id,
                                       before=state, after=self._state(annotation_id),
                                       details={"by": "user"})
        return Changes(annotations=True, article_ids=(state["article_id"],),
                       message="Annotation placed", extra=AnnotationBefore(before=state))

    def restore_anchor(self, annotation_id: int, state: dict) -> Changes:
        """Undo ``reanchor``: put back the copy, selectors and status it had (``extra['before']``)."""
        current = self._state(annotation_id)
        sel = anchoring.Selector(state["exact"], state["prefix"], state["suffix"], state["start"],
                                 state["end"])
        with self.archive.write("placing an annotation back"):
            self._move(annotation_id, state["copy_id"], sel, state["anchor_status"])
            self.archive.events.record("reanchor", entity="annotation", entity_id=annotation_id,
                                       before=current, after=self._state(annotation_id),
                                       details={"by": "user", "undo": True})
        return Changes(annotations=True, article_ids=(state["article_id"],),
                       message="Annotation placed back")

    # -- reading ---------------------------------------------------------------------------

    def get(self, annotation_id: int) -> AnnotationView:
        row = self.db.execute(_SELECT + "WHERE a.id = ?", [annotation_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no annotation {annotation_id}.")
        return _view(row)

    def for_article(self, article_id: int, copy_id: int | None = None) -> list[AnnotationView]:
        """Live annotations placed in the shown copy's text, ordered by position.

        Annotations made on another copy of the same work are anchored in this copy's text on
        the fly and flagged ``from_other_copy``; those whose passage is not here are left out
        (they still show on their own copy). Orphans are listed by ``orphans``.
        """
        shown, text = self._copy(article_id, copy_id)
        rows = self.db.execute(
            _SELECT + "WHERE c.article_id = ? AND a.deleted_at IS NULL "
            "AND a.anchor_status != 'orphan'", [article_id]).fetchall()
        views, anchorer, shown_pages = [], anchoring.Anchorer(text), None
        for row in rows:
            if row[2] == shown:
                views.append(_view(row))
                continue
            placed = anchorer.anchor(anchoring.Selector(row[5], row[6], row[7], row[3], row[4]))
            if placed is not None:
                if shown_pages is None:
                    shown_pages = self._pages(shown)
                page = page_value(passage_pages(shown_pages[0], placed.start, placed.end,
                                                shown_pages[1]))
                views.append(_view(row, shown_copy_id=shown, start=placed.start, end=placed.end,
                                   from_other_copy=True, page=page))
        return sorted(views, key=lambda v: (v.start, v.end, v.id))

    def list(self, filter: AnnotationFilter = AnnotationFilter()) -> builtins.list[AnnotationView]:
        where, params = self._where(filter)
        order = "a.created_at DESC, a.id DESC" if filter.newest_first else "c.article_id, a.start, a.id"
        sql = _SELECT + where + f" ORDER BY {order}"
        if filter.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [filter.limit, filter.offset]
        return [_view(row) for row in self.db.execute(sql, params)]

    def count(self, filter: AnnotationFilter = AnnotationFilter()) -> int:
        where, params = self._where(filter)
        return self.db.execute(
            "SELECT count(*) FROM annotations a JOIN copies c ON c.id = a.copy_id " + where,
            params).fetchone()[0]

    def orphans(self, article_id: int | None = None) -> builtins.list[AnnotationView]:
        return self.list(AnnotationFilter(anchor_status="orphan", article_id=article_id))

    def _where(self, f: AnnotationFilter) -> tuple[str, builtins.list[object]]:
        clauses: builtins.list[str] = []
        params: builtins.list[object] = []
        if not f.include_deleted:
            clauses.append("a.deleted_at IS NULL")
        clauses.append("c.article_id NOT IN (SELECT article_id FROM trash)")   # #20
        if f.article_id is not None:
            clauses.append("c.article_id = ?")
            params.append(f.article_id)
        if f.color:
            clauses.append("a.color = ?")
            params.append(f.color)
        if f.anchor_status:
            clauses.append("a.anchor_status = ?")
            params.append(f.anchor_status)
        if f.outlet_id is not None:
            clauses.append("COALESCE(c.outlet_corrected_id, c.outlet_id) = ?")
            params.append(f.outlet_id)
        if f.text:
            clauses.append("(a.exact LIKE ? ESCAPE '\\' OR a.note LIKE ? ESCAPE '\\')")
            like = "%" + f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [like, like]
        if f.tag:
            tag = self.archive.tags.find(f.tag)
            ids = self.archive.tags.descendant_ids(tag.id) if tag else []
            clauses.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id IN "
                           f"({','.join('?' * len(ids)) or 'NULL'}))")
            params += ids
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    # -- re-anchoring when a copy's text is replaced --------------------------------------

    def on_copy_superseded(self, old_copy_id: int, new_copy_id: int) -> None:
        """Move the old copy's annotations onto the new copy's text, or mark them orphans.

        Called by the importer inside its transaction: the move and its events commit with the
        new version, or not at all.
        """
        row = self.db.execute("SELECT standfirst, body FROM copies WHERE id = ?",
                              [new_copy_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no copy {new_copy_id}.")
        anchorer = anchoring.Anchorer(annotatable_text(row[0], row[1]))
        with self.archive.write("re-anchoring annotations"):
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM annotations WHERE copy_id = ? ORDER BY id", [old_copy_id])]
            for annotation_id in ids:
                self._reanchor_one(annotation_id, anchorer, new_copy_id)

    def _reanchor_one(self, annotation_id: int, anchorer: anchoring.Anchorer,
                      new_copy_id: int) -> None:
        state = self._state(annotation_id)
        selector = anchoring.Selector(state["exact"], state["prefix"], state["suffix"],
                                      state["start"], state["end"])
        placed = anchorer.anchor(selector)
        text = anchorer.text
        if placed is None:
            self.db.execute("UPDATE annotations SET anchor_status = 'orphan' WHERE id = ?",
                            [annotation_id])
        else:
            status = "anchored" if placed.status == "anchored" else placed.status
            self._move(annotation_id, new_copy_id,
                       anchoring.describe(text, placed.start, placed.end), status)
        self.archive.events.record(
            "reanchor", entity="annotation", entity_id=annotation_id, before=state,
            after=self._state(annotation_id), actor="system",
            details={"new_copy_id": new_copy_id,
                     "status": "orphan" if placed is None else placed.status,
                     "score": None if placed is None else placed.score})

    def _move(self, annotation_id: int, copy_id: int, sel: anchoring.Selector, status: str) -> None:
        self.db.execute(
            'UPDATE annotations SET copy_id = ?, article_id = (SELECT article_id FROM copies '
            'WHERE id = ?), exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, '
            "anchor_status = ?, updated_at = ? WHERE id = ?",
            [copy_id, copy_id, sel.exact, sel.prefix, sel.suffix, sel.start, sel.end, status,
             now_iso(), annotation_id])

    # -- export ----------------------------------------------------------------------------

    def to_w3c(self, annotation_ids: Sequence[int] | None = None) -> dict:
        """A W3C AnnotationCollection of these (or all live) annotations."""
        from .w3c import collection
        return collection(self.archive, annotation_ids)

    # -- helpers ---------------------------------------------------------------------------

    def _copy(self, article_id: int, copy_id: int | None) -> tuple[int, str]:
        """The copy an article is shown in (or the one asked for), with its annotatable text."""
        if copy_id is None:
            row = self.db.execute(
                "SELECT c.id, c.standfirst, c.body FROM articles a JOIN copies c ON c.id = COALESCE("
                "a.primary_copy_id, (SELECT max(id) FROM copies WHERE article_id = a.id AND "
                "superseded_by_id IS NULL), (SELECT max(id) FROM copies WHERE article_id = a.id)) "
                "WHERE a.id = ?", [article_id]).fetchone()
        else:
            row = self.db.execute("SELECT id, standfirst, body FROM copies "
                                  "WHERE id = ? AND article_id = ?", [copy_id, article_id]).fetchone()
        if row is None:
            what = f"copy {copy_id} of article {article_id}" if copy_id else f"article {article_id}"
            raise NotFoundError(f"There is no {what} (or it has no text).")
        return row[0], annotatable_text(row[1], row[2])

    def _pages(self, copy_id: int) -> tuple[builtins.list[tuple[int, int, int]], int]:
        """The PDF pages of a copy's source (body offsets) and where its body starts."""
        standfirst = self.db.execute("SELECT standfirst FROM copies WHERE id = ?",
                                     [copy_id]).fetchone()[0]
        pages = [(page, start, end) for page, start, end in self.db.execute(
            "SELECT p.page, p.span_start, p.span_end FROM source_pages p JOIN copies c"
            " ON c.source_id = p.source_id WHERE c.id = ? ORDER BY p.page", [copy_id])]
        return pages, body_offset(standfirst)

    def _set_tags(self, annotation_id: int, paths: Iterable[str]) -> None:
        tag_ids = self.archive.tags.ensure(list(paths))
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            [(annotation_id, t) for t in tag_ids])

    def _state(self, annotation_id: int) -> dict:
        """The annotation as the event log records it (before/after)."""
        view = self.get(annotation_id)
        return {"article_id": view.article_id, "copy_id": view.copy_id, "start": view.start,
                "end": view.end, "exact": view.exact, "prefix": view.prefix,
                "suffix": view.suffix, "color": view.color, "note": view.note,
                "tags": view.tags, "anchor_status": view.anchor_status,
                "deleted_at": view.deleted_at}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Validate a selection of the annotatable text and drop the whitespace at its edges."""
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
        raise ValidationError(f"The selection {start}–{end} is not inside the text "
                              f"(0–{len(text)}).")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The selection holds only spaces; select some words.")
    return start, end


def _check_color(color: str) -> None:
    if color not in COLORS:
        raise ValidationError(f"'{color}' is not a highlight colour; use one of "
                              f"{', '.join(COLORS)}.")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
