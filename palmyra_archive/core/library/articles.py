"""The library of articles: ordered ids, cheap summaries, one article's detail, corrections.

Why ids and summaries apart: the library view at 100,000 articles holds only the ordered ids
(sorted and filtered in SQL, see ``library_query``) and asks for the rows it paints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..importing.region_corrections import RegionCorrections
from ..search import library_query
from ..store import kept_counts, sort_keys, source_bytes
from ..store.changes import Changes
from ..store.errors import NotFoundError
from ..store.records import (
    UNSET,
    ArticleDetail,
    ArticleSummary,
    LibraryPage,
    LibraryQuery,
    RegionView,
    SourceView,
)
from . import article_detail
from .corrections import Corrections

if TYPE_CHECKING:
    from ..archive import Archive


class ArticleManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self._corrections = Corrections(archive)
        self._regions = RegionCorrections(archive)

    # -- the library -----------------------------------------------------------------------

    def ids(self, query: LibraryQuery = LibraryQuery(), *, text_cap: int | None = None) -> list[int]:
        """Ordered article ids for the query (all the lazy library model holds).

        ``text_cap``: the text filter looks only where a search capped at that many rows per
        source looks (``search.search_bounds``), so search as you type stays bounded at
        100,000 articles; without it every matching article counts (saved searches, exports).
        """
        return library_query.ids(self.archive.db, query, self._text_bounds(query, text_cap))

    def page(self, query: LibraryQuery = LibraryQuery(), *, after: tuple | None = None, limit: int = 100,
             text_cap: int | None = None) -> LibraryPage:
        """Up to ``limit`` ids in the query's order after the row whose key is ``after`` (the
        ``last`` of the page before; None for the first): keyset paging, so the first
        screenful and each page after it read one index range whatever the archive's size
        (the library model's way in, #19). ``text_cap`` as for ``ids``."""
        return library_query.page(self.archive.db, query, after, limit, self._text_bounds(query, text_cap))

    def lists(self, query: LibraryQuery, article_id: int, *, text_cap: int | None = None) -> bool:
        """Whether the library under ``query`` lists the article (one row looked up; where
        in the order it stands is not worked out). ``text_cap`` as for ``ids``."""
        return library_query.lists(self.archive.db, query, article_id, self._text_bounds(query, text_cap))

    def count(self, query: LibraryQuery = LibraryQuery(), *, text_cap: int | None = None) -> int:
        """How many rows the query lists. The unfiltered library, one outlet, one tag and the
        Needs review entry read the counts kept at write time (#19: ``count(*)`` over them
        grew with the archive); any other filter counts its rows."""
        kept = self._kept_count(query)
        if kept is not None:
            return kept
        return library_query.count(self.archive.db, query, self._text_bounds(query, text_cap))

    def _kept_count(self, query: LibraryQuery) -> int | None:
        if (query.text.strip() or query.collection_id is not None or query.date_from or query.date_to
                or query.trash or len(query.tag_ids) > 1
                or sum((query.outlet_id is not None, bool(query.tag_ids), query.needs_review is not None)) > 1):
            return None
        db = self.archive.db
        if query.outlet_id is not None:
            return sort_keys.outlet_count(db, query.outlet_id)
        if query.tag_ids:
            return kept_counts.tag_articles(db, query.tag_ids[0])
        if query.needs_review is True:
            return kept_counts.total(db, "review")
        if query.needs_review is False:
            return kept_counts.total(db, "listed") - kept_counts.total(db, "review")
        return kept_counts.total(db, "listed")

    def _text_bounds(self, query: LibraryQuery, text_cap: int | None) -> tuple | None:
        if text_cap is None or not query.text.strip():
            return None
        from ..search.ranking import search_bounds
        from ..search.syntax import to_article_terms
        alternatives, _excluded = to_article_terms(query.text)
        return search_bounds(self.archive.db, alternatives, text_cap) if alternatives else None

    def summaries(self, ids: Sequence[int]) -> list[ArticleSummary]:
        return library_query.summaries(self.archive.db, ids)

    def total_count(self) -> int:
        """Articles in the library (those in the Trash are not)."""
        db = self.archive.db       # kept at write time (``store.kept_counts``, #19)
        return kept_counts.total(db, "articles") - kept_counts.total(db, "trash")

    def needs_review_count(self) -> int:
        """Listed articles needing review: kept at write time (#19)."""
        return kept_counts.total(self.archive.db, "review")

    # -- one article -----------------------------------------------------------------------

    def get(self, article_id: int) -> ArticleDetail:
        return article_detail.load(self.archive.db, int(article_id))

    def source_view(self, article_id: int) -> SourceView:
        """The shown copy's file decoded as it was at import, with the stretches found in it."""
        row = self.archive.db.execute(
            "SELECT s.filename, s.sha256, s.encoding, s.content, s.size_bytes, c.id FROM articles a"
            " JOIN copies c ON c.id = a.primary_copy_id JOIN sources s ON s.id = c.source_id"
            " WHERE a.id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id} in this archive.")
        filename, sha, encoding, content, size, copy_id = row
        from ..ingest.readers import stored_source_text  # the readers load on first use

        text = stored_source_text(filename, source_bytes.unpack(content, size), encoding)
        regions = [RegionView(r[0], r[1], r[2]) for r in self.archive.db.execute(
            "SELECT kind, span_start, span_end FROM source_regions WHERE copy_id = ?"
            " ORDER BY span_start, id", [copy_id])]
        corrections = [RegionView(r[0], r[1], r[2]) for r in self.archive.db.execute(
            "SELECT kind, span_start, span_end FROM region_corrections WHERE copy_id = ? ORDER BY id",
            [copy_id])]
        return SourceView(filename=filename, sha256=sha, encoding=encoding, text=text, regions=regions,
                          corrections=corrections)

    # -- corrections of the split (issue #3) -----------------------------------------------

    def correct_regions(self, article_id: int, overrides: Sequence) -> Changes:
        """Say what stretches of the shown copy's source really are (``(start, end, kind)`` or
        ``RegionOverride``; kinds in ``ingest.overrides.OVERRIDE_KINDS``), added to the ones
        said before; the copy is re-read with all of them and its annotations re-anchored."""
        return self._regions.add(article_id, overrides)

    def set_region_corrections(self, article_id: int, overrides: Sequence) -> Changes:
        """Make ``overrides`` the whole set of corrections (undo puts the previous set back)."""
        return self._regions.replace(article_id, overrides)

    def clear_region_corrections(self, article_id: int) -> Changes:
        """Forget every correction of the split: the copy reads as the importer split it."""
        return self._regions.clear(article_id)

    def region_corrections(self, article_id: int) -> list[RegionView]:
        return self._regions.list(article_id)

    # -- corrections -----------------------------------------------------------------------

    def correct(self, article_id: int, *, title=UNSET, authors=UNSET, outlet=UNSET, date=UNSET,
                section=UNSET, original_outlet=UNSET, original_date=UNSET) -> Changes:
        """Store corrections beside the extracted values; ``None`` clears one."""
        return self._corrections.correct(
            article_id, title=title, authors=authors, outlet=outlet, date=date, section=section,
            original_outlet=original_outlet, original_date=original_date)

    def corrections(self, article_id: int) -> dict[str, dict]:
        return self._corrections.corrections(article_id)

    def history(self, article_id: int, limit: int = 200):
        """The events about this article, newest first."""
        return self.archive.events.list(entity="article", entity_id=article_id, limit=limit)


__all__ = ["ArticleManager"]
