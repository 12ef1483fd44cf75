"""Merging works the importer kept apart (the same text under different titles).

Why through ``versions``: the importer and the version review already join a copy to a work
(``VersionReview.move_copy``: the copy and its annotations change work; when the last copy
leaves, the emptied work's tags, collections, note links and annotations are folded into the
kept one and its row removed). A merge is that, for every copy of the other works, in one
transaction with one ``merge`` event, plus the user's choice of which title and authors stand
(stored as corrections of the kept work, beside what was extracted). Annotations keep their
copy and offsets, so every one stays anchored where it was.

Undo (``unmerge``) puts the merged works back with their ids, rows, copies, annotations, tags,
collections and note links from the snapshot the merge returned.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, PalmyraError
from ..store.payloads import WorksMerged, WorksUnmerged

if TYPE_CHECKING:
    from ..archive import Archive


def _row(db, sql: str, params) -> dict | None:
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


class WorkMerger:
    def __init__(self, archive: Archive):
        self.archive = archive

    def merge(self, keep_id: int, other_ids: Sequence[int], *, title_from: int | None = None,
              authors_from: int | None = None) -> Changes:
        """The copies of ``other_ids`` join ``keep_id``; their annotations, tags, notes and
        collections go with them. ``title_from``/``authors_from``: whose title/authors stand."""
        keep_id = int(keep_id)
        others = [int(i) for i in dict.fromkeys(other_ids) if int(i) != keep_id]
        if not others:
            raise PalmyraError("Choose at least two different articles to merge.")
        db = self.archive.db
        everyone = [keep_id, *others]
        for choice in (title_from, authors_from):
            if choice is not None and choice not in everyone:
                raise PalmyraError(f"Article {choice} is not one of the articles being merged.")
        with self.archive.write("merging works"):
            rows = {i: r for i in everyone
                    if (r := _row(db, "SELECT * FROM articles WHERE id = ?", [i])) is not None}
            missing = [i for i in everyone if i not in rows]
            if missing:
                raise NotFoundError(f"There is no article {', '.join(map(str, missing))} in this "
                                    "archive; nothing was merged.")
            trashed = [i for i in everyone if db.execute("SELECT 1 FROM trash WHERE article_id = ?", [i]).fetchone()]
            if trashed:
                raise PalmyraError(f"Article {', '.join(map(str, trashed))} is in the Trash: restore "
                                   "it before merging; nothing was merged.")
            snapshot = self._snapshot(db, keep_id, others, rows)
            effective = {i: self._effective(rows[i]) for i in everyone}
            notes = [rows[i]["note"] for i in everyone if rows[i]["note"]]
            if len(notes) > 1:   # every note moves to the kept work, none is dropped
                db.execute("UPDATE articles SET note = ? WHERE id = ?", ["\n\n".join(notes), keep_id])
            elif notes:
                db.execute("UPDATE articles SET note = ? WHERE id = ?", [notes[0], keep_id])
            for other in others:
                copies = [r[0] for r in db.execute(
                    "SELECT id FROM copies WHERE article_id = ? ORDER BY superseded_by_id IS NULL, id",
                    [other])]
                for copy_id in copies:
                    self.archive.versions.move_copy(db, copy_id, keep_id)
                if db.execute("SELECT 1 FROM articles WHERE id = ?", [other]).fetchone():
                    self._fold_empty(db, other, keep_id)   # a work with no copy left
            chosen = {}
            if title_from not in (None, keep_id):
                chosen["title_corrected"] = effective[title_from][0]
            if authors_from not in (None, keep_id):
                chosen["authors_corrected"] = json.dumps(effective[authors_from][1], ensure_ascii=False)
            for column, value in chosen.items():
                db.execute(f"UPDATE articles SET {column} = ? WHERE id = ?", [value, keep_id])
            db.execute("UPDATE articles SET updated_at = ? WHERE id = ?", [now_iso(), keep_id])
            event_id = self.archive.events.record(
                "merge", entity="article", entity_id=keep_id,
                before={"articles": {str(i): {"title": effective[i][0], "authors": effective[i][1]}
                                     for i in everyone}},
                after={"kept": keep_id, "title": chosen.get("title_corrected", effective[keep_id][0]),
                       "authors": json.loads(chosen["authors_corrected"]) if "authors_corrected" in chosen
                       else effective[keep_id][1]},
                details={"merged": others, "copies": snapshot["copies"],
                         "annotations": len(snapshot["annotations"])})
            for other in others:
                self.archive.events.record("merged_into", entity="article", entity_id=other,
                                           after={"kept": keep_id}, details={"merge_event": event_id})
        n = len(others)
        return Changes(articles=True, tags=True, collections=True, annotations=True, notes=True,
                       outlets=True, article_ids=(keep_id, *others),
                       message=f"Merged {n + 1} works into article {keep_id}.",
                       extra=WorksMerged(snapshot=snapshot, kept=keep_id))

    def unmerge(self, snapshot: dict) -> Changes:
        """Undo of ``merge``: the merged works back as they were, with their ids."""
        db = self.archive.db
        keep_id = snapshot["kept"]
        with self.archive.write("undoing a merge"):
            for row in snapshot["articles"]:
                if db.execute("SELECT 1 FROM articles WHERE id = ?", [row["id"]]).fetchone():
                    raise PalmyraError(f"Article {row['id']} exists again; the merge cannot be undone.")
                shown = row.get("primary_copy_id")
                columns = [c for c in row if c != "primary_copy_id"]
                db.execute(f"INSERT INTO articles ({', '.join(columns)}) VALUES "
                           f"({', '.join('?' * len(columns))})", [row[c] for c in columns])
                row["_shown"] = shown
            for copy_id, article_id in snapshot["copies"].items():
                db.execute("UPDATE copies SET article_id = ? WHERE id = ?", [article_id, int(copy_id)])
            for row in snapshot["articles"]:
                db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [row["_shown"], row["id"]])
            for annotation_id, article_id in snapshot["annotations"].items():
                db.execute("UPDATE annotations SET article_id = ? WHERE id = ?", [article_id, int(annotation_id)])
            for link_id, article_id in snapshot["note_links"].items():
                db.execute("UPDATE note_links SET article_id = ? WHERE id = ?", [article_id, int(link_id)])
            for article_id, tag_id in snapshot["article_tags"]:
                db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                           [article_id, tag_id])
            for tag_id in snapshot["tags_added_to_kept"]:
                db.execute("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?", [keep_id, tag_id])
            for collection_id, article_id, added_at in snapshot["collection_articles"]:
                db.execute("INSERT OR IGNORE INTO collection_articles (collection_id, article_id, added_at)"
                           " VALUES (?, ?, ?)", [collection_id, article_id, added_at])
            for collection_id in snapshot["collections_added_to_kept"]:
                db.execute("DELETE FROM collection_articles WHERE collection_id = ? AND article_id = ?",
                           [collection_id, keep_id])
            kept = snapshot["kept_row"]
            db.execute("UPDATE articles SET note = ?, title_corrected = ?, authors_corrected = ?,"
                       " primary_copy_id = ?, updated_at = ? WHERE id = ?",
                       [kept["note"], kept["title_corrected"], kept["authors_corrected"],
                        kept["primary_copy_id"], now_iso(), keep_id])
            others = [r["id"] for r in snapshot["articles"]]
            self.archive.events.record("unmerge", entity="article", entity_id=keep_id,
                                       after={"articles": [keep_id, *others]})
        return Changes(articles=True, tags=True, collections=True, annotations=True, notes=True,
                       outlets=True, article_ids=(keep_id, *others),
                       message=f"Undid the merge: {len(others) + 1} works again.",
                       extra=WorksUnmerged(kept=keep_id, others=others))

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _effective(row: dict) -> tuple[str, list]:
        authors = row["authors_corrected"] if row["authors_corrected"] is not None else row["authors"]
        return row["title_corrected"] or row["title"] or "", json.loads(authors or "[]")

    @staticmethod
    def _snapshot(db, keep_id: int, others: list[int], rows: dict) -> dict:
        marks = ",".join("?" * len(others))
        kept_tags = {r[0] for r in db.execute("SELECT tag_id FROM article_tags WHERE article_id = ?", [keep_id])}
        other_tags = [list(r) for r in db.execute(
            f"SELECT article_id, tag_id FROM article_tags WHERE article_id IN ({marks})", others)]
        kept_cols = {r[0] for r in db.execute(
            "SELECT collection_id FROM collection_articles WHERE article_id = ?", [keep_id])}
        other_cols = [list(r) for r in db.execute(
            f"SELECT collection_id, article_id, added_at FROM collection_articles WHERE article_id IN ({marks})",
            others)]
        return {
            "kept": keep_id,
            "kept_row": {k: rows[keep_id][k] for k in ("note", "title_corrected", "authors_corrected",
                                                       "primary_copy_id")},
            "articles": [rows[i] for i in others],
            "copies": {str(r[0]): r[1] for r in db.execute(
                f"SELECT id, article_id FROM copies WHERE article_id IN ({marks})", others)},
            "annotations": {str(r[0]): r[1] for r in db.execute(
                f"SELECT id, article_id FROM annotations WHERE article_id IN ({marks})", others)},
            "note_links": {str(r[0]): r[1] for r in db.execute(
                f"SELECT id, article_id FROM note_links WHERE article_id IN ({marks})", others)},
            "article_tags": other_tags,
            "tags_added_to_kept": sorted({t for _a, t in other_tags} - kept_tags),
            "collection_articles": other_cols,
            "collections_added_to_kept": sorted({c for c, _a, _t in other_cols} - kept_cols),
        }

    @staticmethod
    def _fold_empty(db, other: int, keep_id: int) -> None:
        """A work whose copies were all superseded ones still has its row: fold it the same way."""
        db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT ?, tag_id"
                   " FROM article_tags WHERE article_id = ?", [keep_id, other])
        db.execute("INSERT OR IGNORE INTO collection_articles (collection_id, article_id, added_at)"
                   " SELECT collection_id, ?, added_at FROM collection_articles WHERE article_id = ?",
                   [keep_id, other])
        db.execute("UPDATE note_links SET article_id = ? WHERE article_id = ?", [keep_id, other])
        db.execute("UPDATE annotations SET article_id = ? WHERE article_id = ?", [keep_id, other])
        db.execute("UPDATE articles SET primary_copy_id = NULL WHERE id = ?", [other])
        db.execute("DELETE FROM articles WHERE id = ?", [other])
