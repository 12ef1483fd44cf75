"""The Trash: articles moved out of the library, restored, or purged for good.

Why a table beside the articles and not a deletion: a researcher who trashes the wrong
article gets it back whole (copies, sources, annotations, tags, notes, events), and Undo is a
restore. An article in ``trash`` keeps every row; the library, searches, counts and exports
leave it out (``library_query.NOT_TRASHED``). Emptying the Trash (``empty``) removes the rows
and writes one ``purge`` event per article saying what was removed; the events about it stay.
A source file is removed only when no copy left in the archive comes from it.
"""

from __future__ import annotations

import builtins  # `list` in the class body is Trash.list
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..store import band_keys, kept_counts
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, PalmyraError
from ..store.payloads import CopyRestored, CopyTrashed, Purged, Restored, Trashed

if TYPE_CHECKING:
    from ..archive import Archive


@dataclass(frozen=True)
class TrashedArticle:
    id: int
    title: str
    trashed_at: str


@dataclass(frozen=True)
class TrashedCopy:
    """One copy of a work trashed on its own; the work stays in the library with its others."""
    copy_id: int
    article_id: int
    title: str
    outlet: str | None
    source: str
    trashed_at: str


@dataclass(frozen=True)
class PurgePlan:
    """What emptying the Trash (or purging some of it) removes, to say before it happens."""
    article_ids: tuple[int, ...]
    copies: int
    sources: int            # files removed (a file another article still uses stays)
    annotations: int
    notes: int              # the articles' own notes, and research-note links to them
    tag_uses: int           # tags on the articles and on their passages (the tags stay)
    #: copies trashed on their own (their works stay), with the files only they come from
    copy_ids: tuple[int, ...] = ()
    copy_sources: int = 0

    def describe(self) -> str:
        if not self.article_ids and not self.copy_ids:
            return "The Trash is empty."
        sentences = []
        if self.article_ids:
            n = len(self.article_ids)
            parts = [_counted(self.sources, "source file"), _counted(self.annotations, "annotation"),
                     _counted(self.notes, "note"), _counted(self.tag_uses, "tag use")]
            sentences.append(f"{_counted(n, 'article')} ({_counted(self.copies, 'copy', 'copies')}) will "
                             f"be removed for good with {', '.join(parts[:-1])} and {parts[-1]}.")
        if self.copy_ids:
            sentences.append(f"{_counted(len(self.copy_ids), 'copy', 'copies')} trashed on "
                             f"{'its' if len(self.copy_ids) == 1 else 'their'} own will be removed "
                             f"with {_counted(self.copy_sources, 'source file')}; "
                             f"{'its work keeps' if len(self.copy_ids) == 1 else 'their works keep'} "
                             "the other copies, and annotations made on "
                             f"{'it' if len(self.copy_ids) == 1 else 'them'} move to the shown copy.")
        return " ".join(sentences) + " The events about them stay in the log. This cannot be undone."


def _counted(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


class Trash:
    def __init__(self, archive: Archive):
        self.archive = archive

    @property
    def db(self):
        return self.archive.db

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        """Articles in the Trash: kept at write time (``store.kept_counts``, #19)."""
        return kept_counts.total(self.db, "trash")

    def ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM trash ORDER BY article_id")]

    def contains(self, article_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM trash WHERE article_id = ?",
                               [article_id]).fetchone() is not None

    def list(self) -> list[TrashedArticle]:
        return [TrashedArticle(r[0], r[1] or "", r[2]) for r in self.db.execute(
            "SELECT t.article_id, COALESCE(a.title_corrected, a.title), t.trashed_at FROM trash t"
            " JOIN articles a ON a.id = t.article_id ORDER BY t.trashed_at DESC, t.article_id")]

    def plan(self, article_ids: Sequence[int] | None = None) -> PurgePlan:
        """What purging ``article_ids`` (default: the whole Trash, copies trashed on their own
        included) would remove."""
        ids = self._trashed(article_ids)
        loose = self._loose_copies() if article_ids is None else []
        if not ids:
            return PurgePlan((), 0, 0, 0, 0, 0, tuple(loose), len(self._copy_sources_to_remove(self.db, loose)))
        marks = ",".join("?" * len(ids))
        q = lambda sql, params=None: self.db.execute(sql, params if params is not None else ids).fetchone()[0]  # noqa: E731
        copies = q(f"SELECT count(*) FROM copies WHERE article_id IN ({marks})")
        sources = len(self._sources_to_remove(self.db, ids))
        annotations = q(f"SELECT count(*) FROM annotations WHERE article_id IN ({marks})")
        notes = q(f"SELECT count(*) FROM articles WHERE id IN ({marks}) AND note IS NOT NULL AND note != ''") \
            + q(f"SELECT count(*) FROM note_links WHERE article_id IN ({marks})")
        tag_uses = q(f"SELECT count(*) FROM article_tags WHERE article_id IN ({marks})") \
            + q(f"SELECT count(*) FROM annotation_tags WHERE annotation_id IN "
                f"(SELECT id FROM annotations WHERE article_id IN ({marks}))")
        return PurgePlan(tuple(ids), copies, sources, annotations, notes, tag_uses, tuple(loose),
                         len(self._copy_sources_to_remove(self.db, loose)))

    # -- moving in and out -----------------------------------------------------------------

    def trash(self, article_ids: Iterable[int]) -> Changes:
        """Move articles to the Trash (one ``trash`` event each); already there: left alone."""
        ids = self._existing(article_ids)
        with self.archive.write("moving articles to the Trash"):
            moved = [i for i in ids if not self.contains(i)]
            now = now_iso()
            for article_id in moved:
                self.db.execute("INSERT INTO trash (article_id, trashed_at) VALUES (?, ?)",
                                [article_id, now])
                self.archive.events.record("trash", entity="article", entity_id=article_id,
                                           before={"in_trash": False}, after={"in_trash": True})
        return Changes(articles=True, tags=True, collections=True, annotations=True,
                       article_ids=tuple(moved), message=f"Moved {_counted(len(moved), 'article')} "
                       "to the Trash." if moved else "Those articles were already in the Trash.",
                       extra=Trashed(trashed=moved))

    def restore(self, article_ids: Iterable[int]) -> Changes:
        """Bring articles back from the Trash into the library, as they were."""
        ids = [int(i) for i in article_ids]
        with self.archive.write("restoring articles from the Trash"):
            restored = [i for i in ids if self.contains(i)]
            missing = [i for i in ids if i not in restored]
            if missing and not restored:
                raise NotFoundError(f"{_ids_text(missing)} not in the Trash; nothing changed.")
            for article_id in restored:
                self.db.execute("DELETE FROM trash WHERE article_id = ?", [article_id])
                self.archive.events.record("restore", entity="article", entity_id=article_id,
                                           before={"in_trash": True}, after={"in_trash": False})
        return Changes(articles=True, tags=True, collections=True, annotations=True,
                       article_ids=tuple(restored),
                       message=f"Restored {_counted(len(restored), 'article')} from the Trash.",
                       extra=Restored(restored=restored))

    def empty(self, article_ids: Sequence[int] | None = None) -> Changes:
        """Purge ``article_ids`` (default: everything in the Trash, copies trashed on their own
        included): rows removed for good."""
        with self.archive.write("emptying the Trash"):
            plan = self.plan(article_ids)
            for article_id in plan.article_ids:
                self._purge(article_id)
            for copy_id in plan.copy_ids:
                self._purge_copy(copy_id)
        said = []
        if plan.article_ids:
            said.append(_counted(len(plan.article_ids), "article"))
        if plan.copy_ids:
            said.append(_counted(len(plan.copy_ids), "copy", "copies") + " trashed on their own")
        return Changes(articles=True, tags=True, collections=True, annotations=True, notes=True,
                       outlets=True, article_ids=plan.article_ids,
                       message=f"Removed {' and '.join(said)} for good." if said
                       else "The Trash was already empty.",
                       extra=Purged(purged=list(plan.article_ids), purged_copies=list(plan.copy_ids),
                                    plan=asdict(plan)))

    # -- one copy of a work ----------------------------------------------------------------

    def copies(self) -> builtins.list[TrashedCopy]:
        """The copies trashed on their own, newest first."""
        return [TrashedCopy(r[0], r[1], r[2] or "", r[3], r[4], r[5]) for r in self.db.execute(
            "SELECT t.copy_id, t.article_id, COALESCE(a.title_corrected, a.title), o.name, s.filename,"
            " t.trashed_at FROM trashed_copies t JOIN copies c ON c.id = t.copy_id"
            " JOIN articles a ON a.id = c.article_id JOIN sources s ON s.id = c.source_id"
            " LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)"
            " ORDER BY t.trashed_at DESC, t.copy_id")]

    def copy_in_trash(self, copy_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM trashed_copies WHERE copy_id = ?",
                               [int(copy_id)]).fetchone() is not None

    def trash_copy(self, copy_id: int) -> Changes:
        """Move one copy of a work to the Trash; the work keeps its other copies and, when this
        was the shown one, shows the next (one ``trash_copy`` event on the work)."""
        copy_id = int(copy_id)
        with self.archive.write("moving a copy to the Trash"):
            row = self.db.execute("SELECT c.article_id, a.primary_copy_id FROM copies c JOIN articles a"
                                  " ON a.id = c.article_id WHERE c.id = ?", [copy_id]).fetchone()
            if row is None:
                raise NotFoundError(f"There is no copy {copy_id} in this archive; nothing was moved.")
            article_id, shown = row
            if self.copy_in_trash(copy_id):
                return Changes(message=f"Copy {copy_id} is in the Trash already.")
            others = self._live_copies(article_id, excluding=copy_id)
            if not others:
                raise PalmyraError(f"Copy {copy_id} is the only copy of article {article_id}: move the "
                                   "article to the Trash instead; nothing was moved.")
            was_shown = shown == copy_id
            now_shown = shown
            if was_shown:
                later = [c for c in others if c > copy_id]
                now_shown = later[0] if later else others[0]
                self.db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [now_shown, article_id])
            self.db.execute("INSERT INTO trashed_copies (copy_id, article_id, was_shown, trashed_at)"
                            " VALUES (?, ?, ?, ?)", [copy_id, article_id, int(was_shown), now_iso()])
            self.archive.events.record("trash_copy", entity="article", entity_id=article_id,
                                       before={"copy_in_trash": False, "shown_copy_id": shown},
                                       after={"copy_in_trash": True, "shown_copy_id": now_shown},
                                       details={"copy_id": copy_id})
        return Changes(articles=True, annotations=True, article_ids=(article_id,),
                       message=f"Moved copy {copy_id} of article {article_id} to the Trash; the work "
                       f"keeps {_counted(len(others), 'other copy', 'other copies')}.",
                       extra=CopyTrashed(trashed_copy=copy_id, article_id=article_id, shown_copy_id=now_shown))

    def restore_copy(self, copy_id: int) -> Changes:
        """Bring a copy trashed on its own back to its work (shown again if it was)."""
        copy_id = int(copy_id)
        with self.archive.write("restoring a copy from the Trash"):
            row = self.db.execute("SELECT t.was_shown, c.article_id FROM trashed_copies t JOIN copies c"
                                  " ON c.id = t.copy_id WHERE t.copy_id = ?", [copy_id]).fetchone()
            if row is None:
                raise NotFoundError(f"Copy {copy_id} is not in the Trash; nothing changed.")
            was_shown, article_id = row
            shown = self.db.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            self.db.execute("DELETE FROM trashed_copies WHERE copy_id = ?", [copy_id])
            if was_shown:
                self.db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [copy_id, article_id])
            self.archive.events.record("restore_copy", entity="article", entity_id=article_id,
                                       before={"copy_in_trash": True, "shown_copy_id": shown},
                                       after={"copy_in_trash": False,
                                              "shown_copy_id": copy_id if was_shown else shown},
                                       details={"copy_id": copy_id})
        return Changes(articles=True, annotations=True, article_ids=(article_id,),
                       message=f"Restored copy {copy_id} to article {article_id}.",
                       extra=CopyRestored(restored_copy=copy_id, article_id=article_id))

    def _live_copies(self, article_id: int, excluding: int | None = None) -> builtins.list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM copies WHERE article_id = ? AND superseded_by_id IS NULL AND id != ?"
            " AND id NOT IN (SELECT copy_id FROM trashed_copies) ORDER BY id",
            [article_id, excluding if excluding is not None else -1])]

    def _loose_copies(self) -> builtins.list[int]:
        """Copies trashed on their own whose work is not in the Trash (those go with it)."""
        return [r[0] for r in self.db.execute(
            "SELECT t.copy_id FROM trashed_copies t JOIN copies c ON c.id = t.copy_id"
            " WHERE c.article_id NOT IN (SELECT article_id FROM trash) ORDER BY t.copy_id")]

    @staticmethod
    def _copy_sources_to_remove(db, copy_ids: Sequence[int]) -> builtins.list[int]:
        """The files only these copies come from."""
        if not copy_ids:
            return []
        marks = ",".join("?" * len(copy_ids))
        return [r[0] for r in db.execute(
            f"SELECT DISTINCT c.source_id FROM copies c WHERE c.id IN ({marks})"
            f" AND NOT EXISTS (SELECT 1 FROM copies k WHERE k.source_id = c.source_id"
            f" AND k.id NOT IN ({marks})) ORDER BY c.source_id", list(copy_ids) * 2)]

    def _purge_copy(self, copy_id: int) -> None:
        """Remove one trashed copy for good; its annotations move to the work's shown copy."""
        db = self.db
        article_id, source_id = db.execute("SELECT article_id, source_id FROM copies WHERE id = ?",
                                           [copy_id]).fetchone()
        shown = db.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        sources = self._copy_sources_to_remove(db, [copy_id])
        source_rows = [{"id": s, "filename": f, "sha256": h} for s, f, h in db.execute(
            f"SELECT id, filename, sha256 FROM sources WHERE id IN ({','.join('?' * len(sources)) or 'NULL'})",
            sources)]
        moved = db.execute("SELECT count(*) FROM annotations WHERE copy_id = ?", [copy_id]).fetchone()[0]
        if moved and shown is not None and shown != copy_id:
            self.archive.annotations.on_copy_superseded(copy_id, shown)
            db.execute("UPDATE annotations SET copy_id = ? WHERE copy_id = ?", [shown, copy_id])
        links = db.execute("SELECT count(*) FROM reuse_links WHERE copy_a = ? OR copy_b = ?",
                           [copy_id, copy_id]).fetchone()[0]
        db.execute("DELETE FROM reuse_links WHERE copy_a = ? OR copy_b = ?", [copy_id, copy_id])
        band_keys.remove(db.conn, [copy_id])
        db.execute("UPDATE republications SET from_copy_id = NULL WHERE from_copy_id = ?", [copy_id])
        db.execute("UPDATE copies SET superseded_by_id = NULL WHERE superseded_by_id = ?", [copy_id])
        db.execute("DELETE FROM trashed_copies WHERE copy_id = ?", [copy_id])
        db.execute("DELETE FROM copies WHERE id = ?", [copy_id])
        if sources:
            smarks = ",".join("?" * len(sources))
            db.execute(f"DELETE FROM version_proposals WHERE source_id IN ({smarks})"
                       f" OR candidate_source_id IN ({smarks})", sources + sources)
            db.execute(f"UPDATE sources SET previous_version_id = NULL WHERE previous_version_id"
                       f" IN ({smarks})", sources)
            db.execute(f"DELETE FROM sources WHERE id IN ({smarks})", sources)
        self.archive.events.record("purge_copy", entity="article", entity_id=article_id,
                                   before={"copy_in_trash": True}, after=None,
                                   details={"removed": {"copy_id": copy_id, "source_id": source_id,
                                                        "sources": source_rows,
                                                        "annotations_moved_to": shown if moved else None,
                                                        "annotations": moved, "reuse_links": links}})

    # -- purging one article ---------------------------------------------------------------

    def _purge(self, article_id: int) -> None:
        db = self.db
        article = db.execute("SELECT COALESCE(title_corrected, title), note FROM articles WHERE id = ?",
                             [article_id]).fetchone()
        copies = [r[0] for r in db.execute("SELECT id FROM copies WHERE article_id = ? ORDER BY id",
                                           [article_id])]
        cmarks = ",".join("?" * len(copies)) or "NULL"
        sources = self._sources_to_remove(db, [article_id])
        annotations = [r[0] for r in db.execute(
            f"SELECT id FROM annotations WHERE article_id = ? OR copy_id IN ({cmarks}) ORDER BY id",
            [article_id, *copies])]
        amarks = ",".join("?" * len(annotations)) or "NULL"
        removed = {
            "title": article[0],
            "copies": copies,
            "sources": [{"id": s, "filename": f, "sha256": h} for s, f, h in db.execute(
                f"SELECT id, filename, sha256 FROM sources WHERE id IN ({','.join('?' * len(sources)) or 'NULL'})"
                " ORDER BY id", sources)],
            "annotations": len(annotations),
            "note": bool(article[1]),
            "note_links": db.execute("SELECT count(*) FROM note_links WHERE article_id = ?"
                                     f" OR annotation_id IN ({amarks})",
                                     [article_id, *annotations]).fetchone()[0],
            "tags": [r[0] for r in db.execute(
                "SELECT t.path FROM article_tags x JOIN tags t ON t.id = x.tag_id"
                " WHERE x.article_id = ? ORDER BY t.path", [article_id])],
            "passage_tag_uses": db.execute(
                f"SELECT count(*) FROM annotation_tags WHERE annotation_id IN ({amarks})",
                annotations).fetchone()[0],
            "collections": [r[0] for r in db.execute(
                "SELECT c.name FROM collection_articles x JOIN collections c ON c.id = x.collection_id"
                " WHERE x.article_id = ? ORDER BY c.name", [article_id])],
        }
        # what points at the rows going: links from other copies are cut, not followed
        db.execute(f"DELETE FROM note_links WHERE article_id = ? OR annotation_id IN ({amarks})",
                   [article_id, *annotations])
        db.execute(f"DELETE FROM annotations WHERE id IN ({amarks})", annotations)
        db.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM collection_articles WHERE article_id = ?", [article_id])
        db.execute(f"UPDATE republications SET from_copy_id = NULL WHERE from_copy_id IN ({cmarks})"
                   f" AND copy_id NOT IN ({cmarks})", copies + copies)
        db.execute(f"UPDATE copies SET superseded_by_id = NULL WHERE id IN ({cmarks})", copies)
        # links found by text to or from these copies go with them (they name the copies)
        db.execute(f"DELETE FROM reuse_links WHERE copy_a IN ({cmarks}) OR copy_b IN ({cmarks})",
                   copies + copies)
        band_keys.remove(db.conn, copies)
        db.execute(f"UPDATE copies SET superseded_by_id = NULL WHERE superseded_by_id IN ({cmarks})",
                   copies)
        db.execute("UPDATE articles SET primary_copy_id = NULL WHERE id = ?", [article_id])
        db.execute(f"DELETE FROM copies WHERE id IN ({cmarks})", copies)
        db.execute("DELETE FROM trash WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        if sources:
            smarks = ",".join("?" * len(sources))
            db.execute(f"DELETE FROM version_proposals WHERE source_id IN ({smarks})"
                       f" OR candidate_source_id IN ({smarks})", sources + sources)
            db.execute(f"UPDATE sources SET previous_version_id = NULL WHERE previous_version_id"
                       f" IN ({smarks}) AND id NOT IN ({smarks})", sources + sources)
            db.execute(f"UPDATE sources SET previous_version_id = NULL WHERE id IN ({smarks})", sources)
            db.execute(f"DELETE FROM sources WHERE id IN ({smarks})", sources)
        self.archive.events.record("purge", entity="article", entity_id=article_id,
                                   before={"in_trash": True}, after=None,
                                   details={"removed": removed})

    @staticmethod
    def _sources_to_remove(db, article_ids: Sequence[int]) -> builtins.list[int]:
        """The files only these articles' copies come from."""
        marks = ",".join("?" * len(article_ids))
        return [r[0] for r in db.execute(
            f"SELECT DISTINCT c.source_id FROM copies c WHERE c.article_id IN ({marks})"
            f" AND NOT EXISTS (SELECT 1 FROM copies k WHERE k.source_id = c.source_id"
            f" AND k.article_id NOT IN ({marks})) ORDER BY c.source_id",
            list(article_ids) * 2)]

    # -- helpers ---------------------------------------------------------------------------

    def _existing(self, article_ids: Iterable[int]) -> builtins.list[int]:
        ids = list(dict.fromkeys(int(i) for i in article_ids))
        if not ids:
            raise PalmyraError("Choose at least one article to move to the Trash.")
        marks = ",".join("?" * len(ids))
        found = {r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError(f"There is no article {_ids_text(missing, verb=False)} in this "
                                "archive; nothing was moved.")
        return ids

    def _trashed(self, article_ids: Sequence[int] | None) -> builtins.list[int]:
        if article_ids is None:
            return self.ids()
        ids = [int(i) for i in article_ids]
        not_in = [i for i in ids if not self.contains(i)]
        if not_in:
            raise PalmyraError(f"{_ids_text(not_in)} not in the Trash: only what is in the "
                               "Trash can be removed for good; nothing changed.")
        return ids


def _ids_text(ids: Sequence[int], *, verb: bool = True) -> str:
    joined = ", ".join(str(i) for i in ids)
    if not verb:
        return joined
    return f"Article {joined} is" if len(ids) == 1 else f"Articles {joined} are"


def dumps(items: list[TrashedArticle]) -> str:
    return json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2)
