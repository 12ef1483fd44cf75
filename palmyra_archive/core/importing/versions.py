"""Which earlier file a newly imported one is a new version of, and the links left to the user.

Why: a file name says almost nothing about what a file is. Saved pages are all `index.html`,
scrapers number their output from 1 in every run, e-mails have no name at all: deciding "new
version" by the bare name made thousands of unrelated articles silently replace each other
(issue #18). A file whose bytes are new is a **new version** of an archived source only on
evidence that it is the same document changed, strongest first:

1. the same capture URL (web archives and saved pages carry one);
2. the same full path imported again ("import this folder again");
3. the same file name *and* the same printed title *and* most of the same text (the work
   matcher's rule: rapidfuzz ratio of the first 2000 body characters >= 90).

Weaker evidence, the same file name with texts only partly alike (a share of their word
triples >= ``PROPOSE_FROM``), imports the file as a new source and records a *proposal* in
``version_proposals``, which the user confirms (the link is made then, as the importer would
have made it) or rejects (kept apart). Versions linked by name alone before this rule are
listed there too (``linked = 1``) so the user can review them: confirming keeps the link,
rejecting separates the two files again.
"""

from __future__ import annotations

import builtins
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..store import source_bytes
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, PalmyraError
from .matching import ArticleMatcher
from .storing import MATCH_MIN_RATIO, MATCH_PREFIX_CHARS, refresh_article_from_copy, title_key

if TYPE_CHECKING:
    from ..archive import Archive

#: from this share of word triples in common, a same-named file is proposed as a new version
PROPOSE_FROM = 0.4
#: how many earlier files of the same name are compared with a new one (newest first)
NAME_CANDIDATES = 50
#: how many words of each text the share of word triples is measured on
SHARE_WORDS = 1500
LEGACY_EVIDENCE = "name only (before 0.2)"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class VersionEvidence:
    """Why a file was taken (``strong``) or proposed as a new version of ``source_id``."""
    source_id: int
    kind: str                      # capture_url | path | name_title_text | name_text
    similarity: float | None = None

    @property
    def strong(self) -> bool:
        return self.kind != "name_text"

    def describe(self) -> str:
        alike = f"{self.similarity:.0%} alike".replace("%", " %") if self.similarity is not None else ""
        return {
            "capture_url": "same capture URL",
            "path": "same file path imported again",
            "name_title_text": f"same file name, title and text ({alike})",
            "name_text": f"same file name elsewhere, text only {alike}",
        }[self.kind]


@dataclass(frozen=True)
class VersionProposal:
    """A proposed (or, with ``linked``, an already made) version link, for review."""
    id: int
    source_id: int
    filename: str
    original_path: str | None
    candidate_source_id: int
    candidate_filename: str
    candidate_path: str | None
    evidence: str
    similarity: float | None
    linked: bool
    status: str
    created_at: str
    article_ids: tuple[int, ...]
    candidate_article_ids: tuple[int, ...]

    def as_json(self) -> dict:
        return {"id": self.id, "status": self.status, "linked": self.linked,
                "evidence": self.evidence, "similarity": self.similarity,
                "new": {"source_id": self.source_id, "filename": self.filename,
                        "path": self.original_path, "article_ids": list(self.article_ids)},
                "earlier": {"source_id": self.candidate_source_id,
                            "filename": self.candidate_filename, "path": self.candidate_path,
                            "article_ids": list(self.candidate_article_ids)},
                "created_at": self.created_at}


def text_share(a: str, b: str) -> float:
    """How alike two texts are: the share of word triples they have in common (Dice, 0..1).

    Why not the matcher's character ratio: any two English articles score 40 % or so on it,
    so "half alike" would say nothing; unrelated articles share almost no word triples.
    """
    first, second = _triples(a), _triples(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())[:SHARE_WORDS]
    return {tuple(words[i:i + 3]) for i in range(max(0, len(words) - 2))}


def head_of(conn, source_id: int) -> int:
    """The newest version in the chain ``source_id`` belongs to."""
    seen = {source_id}
    while True:
        row = conn.execute("SELECT max(id) FROM sources WHERE previous_version_id = ?",
                           [source_id]).fetchone()
        if row[0] is None or row[0] in seen:
            return source_id
        source_id = row[0]
        seen.add(source_id)


def find_previous_version(conn, *, filename: str, original_path: str | None,
                          capture_url: str | None, doc) -> VersionEvidence | None:
    """The evidence that this new file is a version of an archived source, or None."""
    if capture_url:
        row = conn.execute("SELECT max(id) FROM sources WHERE capture_url = ?", [capture_url]).fetchone()
        if row[0] is not None:
            return VersionEvidence(head_of(conn, row[0]), "capture_url")
    if original_path:
        row = conn.execute("SELECT id, capture_url FROM sources WHERE original_path = ?"
                           " ORDER BY id DESC LIMIT 1", [original_path]).fetchone()
        if row is not None and _same_capture(capture_url, row[1]):
            return VersionEvidence(head_of(conn, row[0]), "path")
    return _by_name(conn, filename, capture_url, doc)


def _same_capture(mine: str | None, theirs: str | None) -> bool:
    """Two captures of different URLs are different documents, whatever their names."""
    return not (mine and theirs and mine != theirs)


def _by_name(conn, filename: str, capture_url: str | None, doc) -> VersionEvidence | None:
    candidates = conn.execute(
        "SELECT s.id, s.capture_url FROM sources s WHERE s.filename = ? AND NOT EXISTS"
        " (SELECT 1 FROM sources n WHERE n.previous_version_id = s.id) ORDER BY s.id DESC LIMIT ?",
        [filename, NAME_CANDIDATES]).fetchall()
    if not candidates or not doc.articles:
        return None
    first = doc.articles[0]
    my_key = title_key(first.title.value) if first.title.status in ("printed", "inferred") else None
    my_body = "\n".join(a.body for a in doc.articles)
    best: VersionEvidence | None = None
    for source_id, their_capture in candidates:
        if not _same_capture(capture_url, their_capture):
            continue
        rows = conn.execute(
            "SELECT c.body, a.title_key FROM copies c JOIN articles a ON a.id = c.article_id"
            " WHERE c.source_id = ? AND c.superseded_by_id IS NULL ORDER BY c.id", [source_id]).fetchall()
        if not rows:
            continue
        ratio = fuzz.ratio(first.body[:MATCH_PREFIX_CHARS], (rows[0][0] or "")[:MATCH_PREFIX_CHARS])
        if my_key and my_key == rows[0][1] and ratio >= MATCH_MIN_RATIO:
            return VersionEvidence(source_id, "name_title_text", round(ratio / 100, 3))
        share = text_share(my_body, "\n".join(r[0] or "" for r in rows))
        if share >= PROPOSE_FROM and (best is None or share > (best.similarity or 0)):
            best = VersionEvidence(source_id, "name_text", round(share, 3))
    return best


def record_proposal(archive, source_id: int, evidence: VersionEvidence) -> int:
    """Inside the import's transaction: the link proposed for the user, with its event."""
    cursor = archive.db.conn.execute(
        "INSERT INTO version_proposals (source_id, candidate_source_id, evidence, similarity,"
        " created_at) VALUES (?,?,?,?,?)",
        [source_id, evidence.source_id, evidence.describe(), evidence.similarity, now_iso()])
    archive.events.record("version_proposed", entity="version_proposal", entity_id=cursor.lastrowid,
                          actor="importer",
                          details={"source_id": source_id, "candidate_source_id": evidence.source_id,
                                   "evidence": evidence.describe(), "similarity": evidence.similarity})
    return cursor.lastrowid


class VersionReview:
    """Proposed version links and those made by name alone before 0.2: list, confirm, reject."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    def list(self, *, status: str | None = "proposed") -> list[VersionProposal]:
        where, params = ("WHERE p.status = ?", [status]) if status else ("", [])
        rows = self.db.execute(
            "SELECT p.id, p.source_id, s.filename, s.original_path, p.candidate_source_id,"
            " c.filename, c.original_path, p.evidence, p.similarity, p.linked, p.status, p.created_at"
            " FROM version_proposals p JOIN sources s ON s.id = p.source_id"
            f" JOIN sources c ON c.id = p.candidate_source_id {where} ORDER BY p.id", params).fetchall()
        return [VersionProposal(id_, source_id, filename, path, candidate_id, candidate_filename,
                                candidate_path, evidence, similarity, bool(linked), status_, created_at,
                                self._articles(source_id), self._articles(candidate_id))
                for (id_, source_id, filename, path, candidate_id, candidate_filename, candidate_path,
                     evidence, similarity, linked, status_, created_at) in rows]

    def get(self, proposal_id: int) -> VersionProposal:
        for proposal in self.list(status=None):
            if proposal.id == proposal_id:
                return proposal
        raise NotFoundError(f"There is no proposed version {proposal_id} "
                            "(see `palmyra-archive versions --review`).")

    def pending_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM version_proposals WHERE status = 'proposed'").fetchone()[0]

    def _articles(self, source_id: int) -> tuple[int, ...]:
        return tuple(r[0] for r in self.db.execute(
            "SELECT DISTINCT article_id FROM copies WHERE source_id = ? ORDER BY id", [source_id]))

    def confirm(self, proposal_id: int) -> Changes:
        """Make the link: the newer file's copies supersede the earlier ones (or, for a link
        made before 0.2, keep it as it is)."""
        proposal = self._pending(proposal_id)
        with self.archive.write("confirming a new version") as db:
            if proposal.linked:
                message = f"Kept {proposal.filename} as a new version of {proposal.candidate_filename}."
                moved: list = []
            else:
                moved = self._link(db.conn, proposal)
                message = f"{proposal.filename} is now a new version of {proposal.candidate_filename}."
            self._decide(db.conn, proposal, "confirmed", {"superseded": moved})
        return Changes(articles=True, annotations=True, tags=True, collections=True, notes=True,
                       article_ids=proposal.article_ids + proposal.candidate_article_ids,
                       message=message)

    def reject(self, proposal_id: int) -> Changes:
        """Keep the two files apart (for a link made before 0.2: separate them again)."""
        proposal = self._pending(proposal_id)
        with self.archive.write("rejecting a proposed version") as db:
            separated = self._separate(db.conn, proposal) if proposal.linked else []
            self._decide(db.conn, proposal, "rejected", {"separated": separated})
        ids = proposal.article_ids + proposal.candidate_article_ids + tuple(a for _c, a in separated)
        return Changes(articles=True, annotations=bool(separated), article_ids=ids,
                       message=f"{proposal.filename} is kept apart from {proposal.candidate_filename}.")

    def _pending(self, proposal_id: int) -> VersionProposal:
        proposal = self.get(proposal_id)
        if proposal.status != "proposed":
            raise PalmyraError(f"Proposed version {proposal_id} was already {proposal.status}; "
                               "nothing changed.")
        return proposal

    def _decide(self, conn, proposal: VersionProposal, status: str, details: dict) -> None:
        conn.execute("UPDATE version_proposals SET status = ?, decided_at = ? WHERE id = ?",
                     [status, now_iso(), proposal.id])
        self.archive.events.record(
            f"version_{status}", entity="version_proposal", entity_id=proposal.id,
            before={"status": "proposed"}, after={"status": status},
            details={"source_id": proposal.source_id, "linked_before_0_2": proposal.linked,
                     "candidate_source_id": proposal.candidate_source_id,
                     "evidence": proposal.evidence, **details})

    # -- confirming: the newer file's copies join the earlier file's articles ----------------

    def _link(self, conn, proposal: VersionProposal) -> builtins.list[builtins.list[int]]:
        if conn.execute("SELECT previous_version_id FROM sources WHERE id = ?",
                        [proposal.source_id]).fetchone()[0] is not None:
            raise PalmyraError(f"{proposal.filename} is already a new version of another file; "
                               "nothing changed.")
        earlier = head_of(conn, proposal.candidate_source_id)
        if earlier == proposal.source_id:
            raise PalmyraError("These two files are already versions of each other; nothing changed.")
        conn.execute("UPDATE sources SET previous_version_id = ? WHERE id = ?", [earlier, proposal.source_id])
        matcher = ArticleMatcher(self.archive, conn)
        new_copies = [r[0] for r in conn.execute(
            "SELECT id FROM copies WHERE source_id = ? AND superseded_by_id IS NULL ORDER BY id",
            [proposal.source_id])]
        doc = None
        moved = []
        for index, new_copy in enumerate(new_copies):
            old = matcher.previous_copy(earlier, index)
            if old is None:
                break
            old_copy, article_id = old
            self.move_copy(conn, new_copy, article_id)
            conn.execute("UPDATE copies SET superseded_by_id = ? WHERE id = ?", [new_copy, old_copy])
            shown = conn.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            if shown in (old_copy, None):
                conn.execute("UPDATE articles SET primary_copy_id = ?, updated_at = ? WHERE id = ?",
                             [new_copy, now_iso(), article_id])
                doc = doc or self._parse(conn, proposal.source_id)
                if doc is not None and index < len(doc.articles):
                    refresh_article_from_copy(conn, article_id, doc.articles[index])
            self.archive.annotations.on_copy_superseded(old_copy, new_copy)
            moved.append([old_copy, new_copy])
        return moved

    @staticmethod
    def move_copy(conn, copy_id: int, article_id: int) -> None:
        """The copy joins the work ``article_id``, inside the caller's transaction.

        Its annotations go with it. When it was the last copy of the work it leaves, that
        work is folded into ``article_id`` (its tags, collections, note links, annotations
        and note move; the empty article row goes); otherwise the work it leaves keeps its
        lowest remaining copy as the shown one. Used by the version review, Merge works and
        confirming a same-work link found by text (#11); the caller records the event."""
        former = conn.execute("SELECT article_id FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
        if former == article_id:
            return
        conn.execute("UPDATE copies SET article_id = ? WHERE id = ?", [article_id, copy_id])
        conn.execute("UPDATE annotations SET article_id = ? WHERE copy_id = ?", [article_id, copy_id])
        rest = conn.execute("SELECT min(id) FROM copies WHERE article_id = ? AND superseded_by_id IS NULL",
                            [former]).fetchone()[0]
        if rest is not None:
            conn.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ? AND primary_copy_id = ?",
                         [rest, former, copy_id])
            return
        conn.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT ?, tag_id"
                     " FROM article_tags WHERE article_id = ?", [article_id, former])
        conn.execute("INSERT OR IGNORE INTO collection_articles (collection_id, article_id, added_at)"
                     " SELECT collection_id, ?, added_at FROM collection_articles WHERE article_id = ?",
                     [article_id, former])
        conn.execute("DELETE FROM article_tags WHERE article_id = ?", [former])
        conn.execute("DELETE FROM collection_articles WHERE article_id = ?", [former])
        conn.execute("UPDATE note_links SET article_id = ? WHERE article_id = ?", [article_id, former])
        conn.execute("UPDATE annotations SET article_id = ? WHERE article_id = ?", [article_id, former])
        conn.execute("UPDATE articles SET note = (SELECT note FROM articles WHERE id = ?)"
                     " WHERE id = ? AND (note IS NULL OR note = '')", [former, article_id])
        conn.execute("UPDATE copies SET article_id = ? WHERE article_id = ?", [article_id, former])
        conn.execute("UPDATE articles SET primary_copy_id = NULL WHERE id = ?", [former])
        conn.execute("DELETE FROM articles WHERE id = ?", [former])

    def _parse(self, conn, source_id: int):
        filename, content, size = conn.execute(
            "SELECT filename, content, size_bytes FROM sources WHERE id = ?", [source_id]).fetchone()
        try:
            return self.archive.importer.parser(filename, source_bytes.unpack(content, size))
        except Exception:  # noqa: BLE001 - any parser error: the title then stays as it is; the link
            # itself does not need it
            return None

    # -- rejecting a link made before 0.2: the two files become separate articles again ------

    def _separate(self, conn, proposal: VersionProposal) -> builtins.list[tuple[int, int]]:
        """(copy id, its new article id) for each copy of the newer file moved out."""
        if conn.execute("SELECT 1 FROM sources WHERE previous_version_id = ?",
                        [proposal.source_id]).fetchone():
            raise PalmyraError(f"{proposal.filename} has a newer version itself: review that link "
                               "first; nothing changed.")
        conn.execute("UPDATE sources SET previous_version_id = NULL WHERE id = ?", [proposal.source_id])
        old_doc = self._parse(conn, proposal.candidate_source_id)
        separated = []
        rows = conn.execute("SELECT id, article_id FROM copies WHERE source_id = ? ORDER BY id",
                            [proposal.source_id]).fetchall()
        for copy_id, article_id in rows:
            old = conn.execute("SELECT id FROM copies WHERE superseded_by_id = ? AND source_id = ?",
                               [copy_id, proposal.candidate_source_id]).fetchone()
            new_article = self._article_like(conn, article_id)
            conn.execute("UPDATE copies SET article_id = ? WHERE id = ?", [new_article, copy_id])
            conn.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [copy_id, new_article])
            if old is not None:
                conn.execute("UPDATE copies SET superseded_by_id = NULL WHERE id = ?", [old[0]])
                conn.execute("UPDATE articles SET primary_copy_id = ?, updated_at = ? WHERE id = ?"
                             " AND primary_copy_id = ?", [old[0], now_iso(), article_id, copy_id])
                index = [r[0] for r in conn.execute(
                    "SELECT id FROM copies WHERE source_id = ? ORDER BY id",
                    [proposal.candidate_source_id])].index(old[0])
                if old_doc is not None and index < len(old_doc.articles):
                    refresh_article_from_copy(conn, article_id, old_doc.articles[index])
                self._annotations_back(conn, copy_id, old[0], new_article)
            separated.append((copy_id, new_article))
        return separated

    def _annotations_back(self, conn, copy_id: int, earlier_copy_id: int, new_article: int) -> None:
        """Annotations go back onto the earlier text with their article; those whose words are
        not in it stay where they are, on the newer text, now its own article's."""
        statuses = dict(conn.execute("SELECT id, anchor_status FROM annotations WHERE copy_id = ?",
                                     [copy_id]).fetchall())
        self.archive.annotations.on_copy_superseded(copy_id, earlier_copy_id)
        for annotation_id, status in statuses.items():
            conn.execute("UPDATE annotations SET anchor_status = ?, article_id = ? WHERE id = ?"
                         " AND copy_id = ?", [status, new_article, annotation_id, copy_id])

    @staticmethod
    def _article_like(conn, article_id: int) -> int:
        """A new article with the extracted title and authors the shown (newer) copy gave."""
        now = now_iso()
        cursor = conn.execute(
            "INSERT INTO articles (title, title_status, title_key, authors, authors_status,"
            " author_aliases, language, created_at, updated_at) SELECT title, title_status, title_key,"
            " authors, authors_status, author_aliases, language, ?, ? FROM articles WHERE id = ?",
            [now, now, article_id])
        return cursor.lastrowid


def dumps(proposals: list[VersionProposal]) -> str:
    return json.dumps([p.as_json() for p in proposals], ensure_ascii=False, indent=2)


#: joining one copy to another work (``VersionReview.move_copy``), for the services that join works
move_copy = VersionReview.move_copy
