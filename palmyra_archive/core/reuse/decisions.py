"""The user's decisions on links found by text (issue #11): confirm, reject, undo, and a
confirmed link a bundle brings.

Confirming a same-work link joins the two works (the version review's way of joining,
``importing.versions.move_copy``) with a chain hop of method ``text-reuse`` on the later copy;
rejecting is final (the pair is never proposed again); undo takes either back, a join with its
tags, collections, notes and annotations as they were. Each decision is one transaction with
its event. ``archive.reuse`` (``service.ReuseManager``) stays the one API: it hands these on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..importing.versions import move_copy
from ..store import reuse_methods
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.errors import PalmyraError
from ..store.payloads import ReuseLinkDecided
from .align import passages_json
from .links import METHOD, ReuseLink

if TYPE_CHECKING:
    from ..archive import Archive
    from .service import ReuseManager


class ReuseDecisions:
    def __init__(self, archive: Archive, reuse: ReuseManager):
        self.archive = archive
        self.reuse = reuse

    def confirm(self, link_id: int) -> Changes:
        """Say the link is right. A same-work link joins the two works into one (the version
        review's way of joining) with a chain hop of method ``text-reuse`` on the later copy."""
        link = self._pending(link_id)
        with self.archive.write("confirming a link found by text") as db:
            decision = self._join(db.conn, link) if link.kind == "same_work" else {}
            self._decide(db.conn, link, "confirmed", decision)
        what = "one work" if link.kind == "same_work" else "linked (quotes from)"
        return Changes(articles=True, annotations=link.kind == "same_work",
                       tags=link.kind == "same_work", collections=link.kind == "same_work",
                       article_ids=tuple(x for x in (link.article_a, link.article_b) if x),
                       message=f"Confirmed: {link.label_a} and {link.label_b} are {what}.",
                       extra=ReuseLinkDecided(link_id=link_id))

    def reject(self, link_id: int) -> Changes:
        """Say the link is wrong: the pair is never proposed again."""
        link = self._pending(link_id)
        with self.archive.write("rejecting a link found by text") as db:
            self._decide(db.conn, link, "rejected", {})
        return Changes(articles=True, article_ids=tuple(x for x in (link.article_a, link.article_b) if x),
                       message=f"Rejected: {link.label_a} and {link.label_b} are kept apart.",
                       extra=ReuseLinkDecided(link_id=link_id))

    def reopen(self, link_id: int) -> Changes:
        """Undo a decision: the link is proposed again; a join made by confirming is taken back."""
        link = self.reuse.get(link_id)
        if link.status == "proposed":
            raise PalmyraError(f"Link {link_id} is still proposed; there is no decision to undo.")
        with self.archive.write("undoing a decision on a link found by text") as db:
            decision = json.loads(db.execute("SELECT decision FROM reuse_links WHERE id = ?",
                                             [link_id]).fetchone()[0] or "{}")
            if link.status == "confirmed" and decision:
                self._unjoin(db.conn, decision)
            db.execute("UPDATE reuse_links SET status = 'proposed', decision = NULL, decided_at = NULL"
                       " WHERE id = ?", [link_id])
            self.archive.events.record("reuse_reopened", entity="reuse_link", entity_id=link_id,
                                       before={"status": link.status}, after={"status": "proposed"},
                                       details={"undone": decision})
        ids = tuple(x for x in (link.article_a, link.article_b, decision.get("former_article")) if x)
        return Changes(articles=True, annotations=True, tags=True, collections=True, article_ids=ids,
                       message=f"Undone: link {link_id} is proposed again.", extra=ReuseLinkDecided(link_id=link_id))

    def restore_confirmed(self, copy_a: int, copy_b: int, link: dict, *, actor: str = "bundle") -> str:
        """A link a bundle says its sender confirmed (``palmyra.json``'s ``reuse_links``), between
        this archive's copies ``copy_a`` (the bundle's side "a") and ``copy_b`` (side "b").

        Confirmed here as the user would: a proposal this archive already made for the pair is
        confirmed (given the bundle's evidence when it found another kind), else the bundle's
        link is stored and confirmed; a same-work link joins the two works. Returns
        ``restored``, ``already`` (confirmed here already: nothing changes, so opening a bundle
        twice is a no-op) or ``kept`` (this archive's user rejected the pair: that decision stands).
        """
        if copy_a == copy_b:
            return "already"
        swap = copy_a > copy_b
        pair = (copy_b, copy_a) if swap else (copy_a, copy_b)
        sides = ("b", "a") if swap else ("a", "b")
        local = {"a": copy_a, "b": copy_b}
        with self.archive.write("restoring a confirmed link found by text") as db:
            row = db.execute("SELECT id, status, kind FROM reuse_links WHERE copy_a = ? AND copy_b = ?",
                             pair).fetchone()
            if row is not None and row[1] == "confirmed":
                return "already"
            if row is not None and row[1] == "rejected":
                return "kept"
            passages = [[*(p["b_span"] + p["a_span"] if swap else p["a_span"] + p["b_span"]),
                         p.get("score") or 100.0, p.get("how") or "whole"] for p in link["passages"]]
            values = [link["kind"], link[sides[0]]["share_reused"], link[sides[1]]["share_reused"],
                      int(link["reused_words"]), passages_json(passages),
                      local.get(str(link.get("first"))), link.get("direction") or "order unknown",
                      reuse_methods.id_for(db.conn, link.get("method") or METHOD,
                                           link.get("parameters") or {})]
            if row is None:
                cursor = db.execute(
                    "INSERT INTO reuse_links (copy_a, copy_b, kind, share_a, share_b, reused_words, passages,"
                    " from_copy_id, direction, method_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [*pair, *values, now_iso()])
                link_id = inserted_id(cursor)
                self.archive.events.record(
                    "reuse_proposed", entity="reuse_link", entity_id=link_id, actor=actor,
                    details={"copy_a": pair[0], "copy_b": pair[1], "kind": link["kind"],
                             "from": "a bundle's confirmed link"})
            else:
                link_id = row[0]
                if row[2] != link["kind"]:
                    db.execute("UPDATE reuse_links SET kind = ?, share_a = ?, share_b = ?, reused_words = ?,"
                               " passages = ?, from_copy_id = ?, direction = ?, method_id = ?"
                               " WHERE id = ?", [*values, link_id])
            stored = self.reuse.get(link_id)
            decision = self._join(db.conn, stored) if stored.kind == "same_work" else {}
            self._decide(db.conn, stored, "confirmed", decision, actor=actor)
        return "restored"

    def _pending(self, link_id: int) -> ReuseLink:
        link = self.reuse.get(link_id)
        if link.status != "proposed":
            raise PalmyraError(f"Link {link_id} was already {link.status}; nothing changed.")
        return link

    def _decide(self, conn, link: ReuseLink, status: str, decision: dict, *, actor: str | None = None) -> None:
        conn.execute("UPDATE reuse_links SET status = ?, decided_at = ?, decision = ? WHERE id = ?",
                     [status, now_iso(), json.dumps(decision) if decision else None, link.id])
        self.archive.events.record(
            f"reuse_{status}", entity="reuse_link", entity_id=link.id, actor=actor,
            before={"status": "proposed"}, after={"status": status},
            details={"copy_a": link.copy_a, "copy_b": link.copy_b, "kind": link.kind,
                     "evidence": link.describe(), **decision})

    def _join(self, conn, link: ReuseLink) -> dict:
        """The later copy's work joins the earlier copy's (order unknown: the lower copy id's)."""
        first = link.from_copy_id or link.copy_a
        later = link.other(first)
        target = conn.execute("SELECT article_id FROM copies WHERE id = ?", [first]).fetchone()[0]
        former = conn.execute("SELECT article_id FROM copies WHERE id = ?", [later]).fetchone()[0]
        decision: dict = {"target_article": target, "former_article": former, "moved": [],
                          "hop_id": None}
        if former != target:
            decision["snapshot"] = self._snapshot(conn, former, target)
            moved = [r[0] for r in conn.execute("SELECT id FROM copies WHERE article_id = ? ORDER BY id",
                                                [former])]
            for copy_id in moved:
                move_copy(conn, copy_id, target)
            decision["moved"] = moved
        first_info = self.reuse.copy_info_in(conn, first)
        share = link.share_of(later)
        known = link.from_copy_id is not None
        hop = (conn.execute("SELECT COALESCE(max(hop), 0) + 1 FROM republications WHERE copy_id = ?",
                            [later]).fetchone()[0])
        evidence = (f"{share:.0%} of this copy's text stands in {first_info.label}; found by text, "
                    f"confirmed by the user; {link.direction}").replace("%", " %")
        cursor = conn.execute(
            "INSERT INTO republications (copy_id, hop, from_outlet_id, from_copy_id, from_date, relation,"
            " is_original, evidence, method, status, created_at) VALUES (?,?,?,?,?,?,0,?,?,?,?)",
            [later, hop, first_info.outlet_id, first, first_info.date,
             "text_reuse" if known else "text_reuse_order_unknown", evidence, METHOD, "inferred", now_iso()])
        decision["hop_id"] = inserted_id(cursor)
        return decision

    @staticmethod
    def _snapshot(conn, former: int, target: int) -> dict:
        """What undoing a join needs to put the former work back as it was."""
        cursor = conn.execute("SELECT * FROM articles WHERE id = ?", [former])
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone()))
        tags = [r[0] for r in conn.execute("SELECT tag_id FROM article_tags WHERE article_id = ?", [former])]
        target_tags = {r[0] for r in conn.execute("SELECT tag_id FROM article_tags WHERE article_id = ?", [target])}
        colls = [list(r) for r in conn.execute(
            "SELECT collection_id, added_at FROM collection_articles WHERE article_id = ?", [former])]
        target_colls = {r[0] for r in conn.execute(
            "SELECT collection_id FROM collection_articles WHERE article_id = ?", [target])}
        notes = [r[0] for r in conn.execute("SELECT id FROM note_links WHERE article_id = ?", [former])]
        annotations = [r[0] for r in conn.execute("SELECT id FROM annotations WHERE article_id = ?", [former])]
        return {"article": row, "tags": tags, "tags_added": [t for t in tags if t not in target_tags],
                "collections": colls, "collections_added": [c for c, _ in colls if c not in target_colls],
                "note_links": notes, "annotations": annotations}

    def _unjoin(self, conn, decision: dict) -> None:
        if decision.get("hop_id"):
            conn.execute("DELETE FROM republications WHERE id = ?", [decision["hop_id"]])
        snap = decision.get("snapshot")
        if not snap or not decision.get("moved"):
            return
        former, target = decision["former_article"], decision["target_article"]
        row = snap["article"]
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", [former]).fetchone() is None:
            cols = [c for c in row if c != "primary_copy_id"]
            conn.execute(f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row[c] for c in cols])
        moved = decision["moved"]
        marks = ",".join("?" * len(moved))
        conn.execute(f"UPDATE copies SET article_id = ? WHERE id IN ({marks})", [former, *moved])
        conn.execute(f"UPDATE annotations SET article_id = ? WHERE copy_id IN ({marks})", [former, *moved])
        if snap["annotations"]:
            m = ",".join("?" * len(snap["annotations"]))
            conn.execute(f"UPDATE annotations SET article_id = ? WHERE id IN ({m})", [former, *snap["annotations"]])
        conn.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                         [(former, t) for t in snap["tags"]])
        conn.executemany("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                         [(target, t) for t in snap["tags_added"]])
        conn.executemany("INSERT OR IGNORE INTO collection_articles (collection_id, article_id, added_at)"
                         " VALUES (?,?,?)", [(c, former, at) for c, at in snap["collections"]])
        conn.executemany("DELETE FROM collection_articles WHERE article_id = ? AND collection_id = ?",
                         [(target, c) for c in snap["collections_added"]])
        if snap["note_links"]:
            m = ",".join("?" * len(snap["note_links"]))
            conn.execute(f"UPDATE note_links SET article_id = ? WHERE id IN ({m})", [former, *snap["note_links"]])
        primary = row.get("primary_copy_id")
        if primary not in moved:
            primary = moved[0]
        conn.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [primary, former])
        rest = conn.execute("SELECT min(id) FROM copies WHERE article_id = ? AND superseded_by_id IS NULL",
                            [target]).fetchone()[0]
        conn.execute(f"UPDATE articles SET primary_copy_id = ? WHERE id = ? AND primary_copy_id IN ({marks})",
                     [rest, target, *moved])
