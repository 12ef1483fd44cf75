"""Which work a newly imported copy belongs to, and which copies in the archive it came from.

Why: researchers import the same story as it appeared on several sites. A copy whose printed
title matches a work already in the archive (normalised: NFKC, casefold, no-break spaces as
spaces) and whose text is near-identical (rapidfuzz ratio of the first ~2000 characters ≥ 90)
is another copy of that work, not a new article. Its republication evidence ("La source
originale de cet article est Moon of Alabama") then points at the archived copy from that outlet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..ingest.model import ParsedArticle
from .storing import MATCH_MIN_RATIO, MATCH_PREFIX_CHARS, title_key

if TYPE_CHECKING:
    from ..archive import Archive


class ArticleMatcher:
    def __init__(self, archive: Archive, conn):
        self.archive = archive
        self.conn = conn

    def previous_copy(self, previous_source_id: int, index: int) -> tuple[int, int] | None:
        """(copy id, article id) of the index-th current copy in the earlier version of the file."""
        rows = self.conn.execute(
            "SELECT id, article_id FROM copies WHERE source_id = ? AND superseded_by_id IS NULL"
            " ORDER BY id", [previous_source_id]).fetchall()
        if index < len(rows):
            return rows[index][0], rows[index][1]
        return None

    def same_work(self, article: ParsedArticle) -> int | None:
        """The archived work this copy is another copy of, or None for a new work."""
        if article.title.status not in ("printed", "inferred") or not article.title.value:
            return None
        key = title_key(article.title.value)
        candidates = self.conn.execute(
            "SELECT a.id, substr(c.body, 1, ?) FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
            " WHERE a.title_key = ? ORDER BY a.id", [MATCH_PREFIX_CHARS, key]).fetchall()
        mine = article.body[:MATCH_PREFIX_CHARS]
        for article_id, body in candidates:
            if fuzz.ratio(mine, body or "") >= MATCH_MIN_RATIO:
                return article_id
        return None

    def copy_in_outlet(self, article_id: int, outlet_id: int | None, exclude_copy_id: int) -> int | None:
        """The current copy of this work from that outlet, when the archive holds one."""
        if outlet_id is None:
            return None
        # The unary + keeps SQLite on the article index: left free it picks the outlet index
        # and scans every copy from that outlet (2.9 ms instead of 0.01 ms at 100,000 copies).
        row = self.conn.execute(
            "SELECT id FROM copies WHERE article_id = ? AND id != ? AND superseded_by_id IS NULL"
            " AND +COALESCE(outlet_corrected_id, outlet_id) = ? ORDER BY id LIMIT 1",
            [article_id, exclude_copy_id, outlet_id]).fetchone()
        return row[0] if row else None

    def link_downstream(self, article_id: int, copy_id: int, outlet_id: int | None) -> None:
        """Copies imported earlier that name this copy's outlet as their source now point at it."""
        if outlet_id is None:
            return
        # + as above: the few copies of this work, not every republication naming the outlet.
        self.conn.execute(
            "UPDATE republications SET from_copy_id = ? WHERE from_copy_id IS NULL AND +from_outlet_id = ?"
            " AND copy_id IN (SELECT id FROM copies WHERE article_id = ? AND id != ?)",
            [copy_id, outlet_id, article_id, copy_id])
