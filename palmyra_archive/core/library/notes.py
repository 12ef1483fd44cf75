"""Research notes: a Markdown note per article, and free-standing notes that link to articles
and annotations. Notes are indexed for full-text search by triggers (notes_fts); the per-article
note lives in ``articles.note``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.errors import NotFoundError, ValidationError
from ..store.payloads import NoteBefore
from ..store.records import UNSET, NoteInfo

if TYPE_CHECKING:
    from ..archive import Archive


class NoteManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    # -- the note on an article --------------------------------------------------------

    def article_note(self, article_id: int) -> str:
        row = self.db.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id}.")
        return row[0] or ""

    def set_article_note(self, article_id: int, markdown: str) -> Changes:
        """Replace the article's note (empty text clears it); ``extra['before']`` undoes it."""
        before = self.article_note(article_id)
        markdown = markdown or ""
        if markdown == before:
            return Changes(message="Note unchanged", extra=NoteBefore(before=before))
        with self.archive.write("saving the article note"):
            self.db.execute("UPDATE articles SET note = ?, updated_at = ? WHERE id = ?",
                            [markdown or None, now_iso(), article_id])
            self.archive.events.record("article_note", entity="article", entity_id=article_id,
                                       before={"note": before}, after={"note": markdown})
        return Changes(notes=True, articles=True, article_ids=(article_id,),
                       message="Article note saved", extra=NoteBefore(before=before))

    # -- free-standing notes -----------------------------------------------------------

    def create(self, title: str, body: str = "", *, article_ids: Sequence[int] = (),
               annotation_ids: Sequence[int] = ()) -> Changes:
        title = _check_title(title)
        now = now_iso()
        with self.archive.write("creating a note"):
            note_id = inserted_id(self.db.execute(
                "INSERT INTO notes (title, body, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [title, body or "", now, now]))
            self._link(note_id, article_ids, annotation_ids)
            self.archive.events.record("note_create", entity="note", entity_id=note_id,
                                       after=_state(self.get(note_id)))
        return Changes(notes=True, created_id=note_id, article_ids=tuple(article_ids),
                       message=f"Note “{title}” created")

    def update(self, note_id: int, *, title=UNSET, body=UNSET, article_ids=UNSET,
               annotation_ids=UNSET) -> Changes:
        before = self.get(note_id)
        with self.archive.write("saving a note"):
            if title is not UNSET:
                self.db.execute("UPDATE notes SET title = ? WHERE id = ?",
                                [_check_title(title), note_id])
            if body is not UNSET:
                self.db.execute("UPDATE notes SET body = ? WHERE id = ?", [body or "", note_id])
            if article_ids is not UNSET:
                self.db.execute("DELETE FROM note_links WHERE note_id = ? AND article_id IS NOT NULL",
                                [note_id])
                self._link(note_id, article_ids, ())
            if annotation_ids is not UNSET:
                self.db.execute("DELETE FROM note_links WHERE note_id = ? "
                                "AND annotation_id IS NOT NULL", [note_id])
                self._link(note_id, (), annotation_ids)
            self.db.execute("UPDATE notes SET updated_at = ? WHERE id = ?", [now_iso(), note_id])
            self.archive.events.record("note_update", entity="note", entity_id=note_id,
                                       before=_state(before), after=_state(self.get(note_id)))
        return Changes(notes=True, message="Note saved", extra=NoteBefore(before=_state(before)))

    def delete(self, note_id: int) -> Changes:
        """Delete a note; ``extra['before']`` holds all of it for ``restore``."""
        before = _state(self.get(note_id))
        with self.archive.write("deleting a note"):
            self.db.execute("DELETE FROM notes WHERE id = ?", [note_id])
            self.archive.events.record("note_delete", entity="note", entity_id=note_id,
                                       before=before)
        return Changes(notes=True, message=f"Note “{before['title']}” deleted",
                       extra=NoteBefore(before=before))

    def restore(self, state: dict) -> Changes:
        """Put back a note ``delete`` removed (same id, text and links)."""
        with self.archive.write("restoring a note"):
            self.db.execute("INSERT INTO notes (id, title, body, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?)", [state["id"], state["title"], state["body"],
                                                       state["created_at"], state["updated_at"]])
            self._link(state["id"], state["article_ids"], state["annotation_ids"])
            self.archive.events.record("note_restore", entity="note", entity_id=state["id"],
                                       after=state)
        return Changes(notes=True, created_id=state["id"], message="Note restored")

    def get(self, note_id: int) -> NoteInfo:
        row = self.db.execute("SELECT id, title, body, created_at, updated_at FROM notes "
                              "WHERE id = ?", [note_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no note {note_id}.")
        return self._info(row)

    def all(self) -> list[NoteInfo]:
        rows = self.db.execute("SELECT id, title, body, created_at, updated_at FROM notes "
                               "ORDER BY updated_at DESC, id DESC").fetchall()
        return [self._info(r) for r in rows]

    def for_article(self, article_id: int) -> list[NoteInfo]:
        """Notes that link to the article or to one of its annotations."""
        rows = self.db.execute(
            "SELECT DISTINCT n.id, n.title, n.body, n.created_at, n.updated_at FROM notes n "
            "JOIN note_links l ON l.note_id = n.id LEFT JOIN annotations a ON a.id = l.annotation_id "
            "WHERE l.article_id = ? OR a.article_id = ? ORDER BY n.updated_at DESC",
            [article_id, article_id]).fetchall()
        return [self._info(r) for r in rows]

    def _info(self, row: tuple[int, str, str, str, str]) -> NoteInfo:
        note_id, title, body, created_at, updated_at = row
        links = self.db.execute("SELECT article_id, annotation_id FROM note_links WHERE note_id = ? "
                                "ORDER BY id", [note_id]).fetchall()
        return NoteInfo(note_id, title, body, created_at, updated_at, article_ids=[a for a, _ in links if a is not None],
                        annotation_ids=[n for _, n in links if n is not None])

    def _link(self, note_id: int, article_ids: Iterable[int], annotation_ids: Iterable[int]) -> None:
        for article_id in dict.fromkeys(article_ids):
            if not self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
                raise NotFoundError(f"There is no article {article_id}.")
            self.db.execute("INSERT INTO note_links (note_id, article_id) VALUES (?, ?)",
                            [note_id, article_id])
        for annotation_id in dict.fromkeys(annotation_ids):
            if not self.db.execute("SELECT 1 FROM annotations WHERE id = ?",
                                   [annotation_id]).fetchone():
                raise NotFoundError(f"There is no annotation {annotation_id}.")
            self.db.execute("INSERT INTO note_links (note_id, annotation_id) VALUES (?, ?)",
                            [note_id, annotation_id])


def _check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("A note needs a title.")
    return title


def _state(note: NoteInfo) -> dict:
    return {"id": note.id, "title": note.title, "body": note.body, "created_at": note.created_at,
            "updated_at": note.updated_at, "article_ids": note.article_ids,
            "annotation_ids": note.annotation_ids}
