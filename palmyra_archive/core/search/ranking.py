"""Full-text search over titles, authors, article notes, bodies, standfirsts, comments,
captions, annotations and research notes.

Why one query over six FTS5 indexes: a researcher looks for a phrase wherever it stands and
wants the articles it leads to, best first. Each index is ranked with bm25 (a title hit counts
double), each article keeps its best hit, and snippets are made only for the rows returned, so
a search over 100,000 articles stays quick. User text is escaped (see ``search_syntax``).

Words joined by AND (or just typed one after the other) must all stand in the article, not in
one field of it: FTS5 alone would need them in the same row, so each term's articles are
found apart and intersected, and the rows matching any of the terms give rank and snippets.

Why a cap: a word in most of 100,000 articles would have every matching row scored. Each
word is first probed, in each source, for its ``cap``-th most recent matching row (FTS5 walks
rowids newest first without scoring); when one exists, that word's lookup in that source stops
at that row, so the cost is bounded (``SearchHit.capped``, ``search_info``). Those rows are
ranked by recency, newest first and after every row ranked by bm25 (``matching._rank_sql``):
bm25 would count every row the word matches in the whole index to weigh it (issue #19: the
cost grew with the archive). The cap is per word so a rare word typed beside (or OR'ed with)
a common one is still searched everywhere: one floor shared by all the words would hide the
rare word's older rows. Below the cap nothing changes: the ranking is exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..store.records import LibraryQuery, SearchHit
from .library_query import BASE_FROM, NOT_TRASHED, where_clause
from .matching import (
    _KINDS,
    _SOURCES,
    Floors,
    _match,
    _run,
    _source_floors,
    has_prefix,
    is_capped,
    matching_sql,
    search_bounds,
)
from .syntax import to_article_query, to_article_terms

if TYPE_CHECKING:
    from ..archive import Archive

HIGHLIGHT = ("[[", "]]")
SNIPPET_TOKENS = 12
#: rows per source looked at when a search matches more (see the module docstring)
DEFAULT_CAP = 500


def _any_term(alternatives: list[list[str]]) -> str:
    """One FTS5 query matching a row holding any of the terms (snippets use it)."""
    return " OR ".join(dict.fromkeys(term for terms in alternatives for term in terms))


class SearchManager:
    HIGHLIGHT = HIGHLIGHT

    def __init__(self, archive: Archive, cap: int = DEFAULT_CAP):
        self.archive = archive
        self.cap = cap

    def search_info(self, text: str, *, cap: int | None = None) -> dict:
        """{'capped': bool, 'cap': int}: whether ``search`` ranks only the most recent ``cap``
        matching rows of some source (the GUI says "refine the search to see more")."""
        alternatives, _excluded = to_article_terms(text)
        cap = self.cap if cap is None else cap
        capped = bool(alternatives) and is_capped(search_bounds(self.archive.db, alternatives, cap)[0])
        return {"capped": capped, "cap": cap}

    def _ranked_sql(self, text: str, query: LibraryQuery | None,
                    floors: Floors | None = None,
                    pivot: list[str] | None = None) -> tuple[str, list]:
        matching, params = matching_sql(text, floors, pivot=pivot)
        sql = (f"SELECT article_id, kind, ref_id, min(rank) AS best FROM ({matching})"
               " GROUP BY article_id")
        where, filter_params = where_clause(query or LibraryQuery(), with_text=False)
        if where == " WHERE " + NOT_TRASHED:   # no filter but the Trash's: no join needed
            sql = f"SELECT * FROM ({sql}) WHERE article_id NOT IN (SELECT article_id FROM trash)"
        else:
            sql = (f"SELECT * FROM ({sql}) WHERE article_id IN (SELECT a.id {BASE_FROM}{where})")
            params = params + filter_params
        return sql + " ORDER BY best, article_id", params

    def article_ids(self, text: str, query: LibraryQuery | None = None) -> list[int]:
        """Every matching article, best first (for filtering the library by text)."""
        if not to_article_query(text)[0]:
            return []
        sql, params = self._ranked_sql(text, query)
        return [row[0] for row in _run(self.archive.db, sql, params)]

    def search(self, text: str, *, query: LibraryQuery | None = None, limit: int = 50,
               offset: int = 0, cap: int | None = None) -> list[SearchHit]:
        """The best hits, one per article, each with a snippet of where the words stand.

        ``kind`` says where: title, author, note (the article's own note, ``ref_id`` None; or
        a research note linked to it, ``ref_id`` its id), body, comment, caption, annotation.
        When a source holds more than ``cap`` (default ``self.cap``) matching rows, only its
        most recent ``cap`` are ranked and every hit says ``capped`` (but see ``search_bounds``:
        a rare word ANDed with common ones finds every article, ranked by the rare word).
        """
        alternatives, _excluded = to_article_terms(text)
        if not alternatives:
            return []
        floors, pivot = search_bounds(self.archive.db, alternatives,
                                      self.cap if cap is None else cap)
        ranked_terms = list(dict.fromkeys(pivot or [t for alt in alternatives for t in alt]))
        any_term = _any_term([ranked_terms])   # snippets: the rows ranked
        sql, params = self._ranked_sql(text, query, floors, pivot)
        rows = _run(self.archive.db, sql + " LIMIT ? OFFSET ?", params + [max(0, int(limit)),
                                                                          max(0, int(offset))])
        titles = self._titles([r[0] for r in rows])
        snippets = self._snippets(rows, any_term, _source_floors(floors, ranked_terms),
                                  _mixed_sources(floors, ranked_terms))
        return [SearchHit(article_id=aid, title=titles.get(aid, ""), kind=_KINDS.get(key, key),
                          snippet=snippets.get((key, ref_id), ""), rank=rank,
                          ref_id=None if key == "article_note" else ref_id, capped=is_capped(floors))
                for aid, key, ref_id, rank in rows]

    def _titles(self, article_ids: list[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        return {r[0]: r[1] or "" for r in self.archive.db.execute(
            f"SELECT id, COALESCE(title_corrected, title) FROM articles WHERE id IN ({marks})",
            article_ids)}

    def _snippets(self, rows: list, fts: str, floors: dict[str, int],
                  mixed: set[str] | None = None) -> dict[tuple, str]:
        """(source, ref_id) -> snippet for the page's hits, one statement per source.

        Why two ways: where every word is capped in the source (its rows above the floor) or
        none is (fewer than the cap each), the words' matching rows are few: they are walked and
        only the page's kept (``+rowid IN``). In a source where some word is capped and another
        is not (``mixed``), the capped word's rows below the floor would all be walked, so the
        page's rows are looked up one by one (``rowid IN``, a seek each, ~40 µs): the page's
        cost, not the archive's. A prefix is always walked: FTS5 merges all of a prefix's rows
        again for every lookup.
        """
        wanted: dict[str, list[int]] = {}
        for _aid, key, ref_id, _rank in rows:
            wanted.setdefault(key, []).append(ref_id)
        out: dict[tuple, str] = {}
        prefix = has_prefix(fts)
        for key, refs in wanted.items():
            table = _SOURCES[key][0]
            walk = prefix or key not in (mixed or set())
            floor = " AND rowid >= ?" if key in floors else ""
            found = _run(self.archive.db,
                         f"SELECT rowid, snippet({table}, -1, ?, ?, '…', ?) FROM {table}"
                         f" WHERE {table} MATCH ?{floor}"
                         f" AND {'+' if walk else ''}rowid IN ({','.join('?' * len(refs))})",
                         [HIGHLIGHT[0], HIGHLIGHT[1], SNIPPET_TOKENS, _match(key, fts)]
                         + ([floors[key]] if floor else []) + refs)
            for ref_id, snippet in found:
                out[(key, ref_id)] = _authors_text(snippet or "") if key == "author" else snippet or ""
        return out


def _mixed_sources(floors: Floors | None, terms: list[str]) -> set[str]:
    """Sources where some of ``terms`` are capped (``floors``) and others are not."""
    out = set()
    for key in _SOURCES:
        bounded = [key in (floors or {}).get(t, {}) for t in terms]
        if any(bounded) and not all(bounded):
            out.add(key)
    return out


def _authors_text(snippet: str) -> str:
    """An authors snippet without the JSON list's brackets and quotes."""
    return snippet.replace('", "', ", ").replace('["', "").replace('"]', "").strip()
