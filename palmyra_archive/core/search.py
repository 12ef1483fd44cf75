"""Full-text search over titles, bodies, standfirsts, comments, captions, annotations and notes.

Why one query over six FTS5 indexes: a researcher looks for a phrase wherever it stands and
wants the articles it leads to, best first. Each index is ranked with bm25 (a title hit counts
double), each article keeps its best hit, and snippets are made only for the rows returned, so
a search over 100,000 articles stays quick. User text is escaped (see ``search_syntax``).
"""

from __future__ import annotations

import sqlite3

from .errors import SearchSyntaxError
from .records import LibraryQuery, SearchHit
from .search_syntax import to_article_query

HIGHLIGHT = ("[[", "]]")
SNIPPET_TOKENS = 12
TITLE_WEIGHT = 2.0

#: kind -> (FTS table, SQL giving article_id, ref_id, rank for the rows matching ?)
_SOURCES: dict[str, tuple[str, str]] = {
    "title": ("articles_fts",
              "SELECT f.rowid AS article_id, f.rowid AS ref_id, bm25(articles_fts) * %s AS rank"
              " FROM articles_fts f WHERE articles_fts MATCH ?" % TITLE_WEIGHT),
    "body": ("copies_fts",
             "SELECT c.article_id AS article_id, c.id AS ref_id, bm25(copies_fts) AS rank"
             " FROM copies_fts f JOIN copies c ON c.id = f.rowid"
             " WHERE copies_fts MATCH ? AND c.superseded_by_id IS NULL"),
    "comment": ("comments_fts",
                "SELECT c.article_id AS article_id, m.id AS ref_id, bm25(comments_fts) AS rank"
                " FROM comments_fts f JOIN comments m ON m.id = f.rowid JOIN copies c ON c.id = m.copy_id"
                " WHERE comments_fts MATCH ? AND c.superseded_by_id IS NULL"),
    "caption": ("captions_fts",
                "SELECT c.article_id AS article_id, m.id AS ref_id, bm25(captions_fts) AS rank"
                " FROM captions_fts f JOIN captions m ON m.id = f.rowid JOIN copies c ON c.id = m.copy_id"
                " WHERE captions_fts MATCH ? AND c.superseded_by_id IS NULL"),
    "annotation": ("annotations_fts",
                   "SELECT n.article_id AS article_id, n.id AS ref_id, bm25(annotations_fts) AS rank"
                   " FROM annotations_fts f JOIN annotations n ON n.id = f.rowid"
                   " WHERE annotations_fts MATCH ? AND n.deleted_at IS NULL"),
    "note": ("notes_fts",
             "SELECT l.article_id AS article_id, n.id AS ref_id, bm25(notes_fts) AS rank"
             " FROM notes_fts f JOIN notes n ON n.id = f.rowid JOIN note_links l ON l.note_id = n.id"
             " WHERE notes_fts MATCH ? AND l.article_id IS NOT NULL"),
}


def _union(fts: str) -> tuple[str, list]:
    union = " UNION ALL ".join(
        f"SELECT article_id, '{kind}' AS kind, ref_id, rank FROM ({sql})"
        for kind, (_table, sql) in _SOURCES.items())
    return union, [fts] * len(_SOURCES)


def matching_sql(text: str) -> tuple[str, list]:
    """SQL yielding (article_id, kind, ref_id, rank) for every matching row, and its params."""
    wanted, excluded = to_article_query(text)
    if not wanted:
        return "SELECT NULL AS article_id, NULL AS kind, NULL AS ref_id, NULL AS rank WHERE 0", []
    sql, params = _union(wanted)
    for fts in excluded:
        not_sql, not_params = _union(fts)
        sql = (f"SELECT * FROM ({sql}) WHERE article_id NOT IN"
               f" (SELECT article_id FROM ({not_sql}) WHERE article_id IS NOT NULL)")
        params = params + not_params
    return sql, params


def _run(db, sql: str, params: list) -> list:
    """Run a search statement; FTS5's complaints become a plain SearchSyntaxError."""
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchSyntaxError(
            "The search could not be understood; try plain words, \"a phrase\" in quotes, "
            f"word* for a prefix, or OR / NOT between words ({exc}).") from None
    except (sqlite3.Error, UnicodeError, ValueError, OverflowError) as exc:
        raise SearchSyntaxError(f"The search could not be run: {exc}.") from None


class SearchManager:
    HIGHLIGHT = HIGHLIGHT

    def __init__(self, archive):
        self.archive = archive

    def _ranked_sql(self, text: str, query: LibraryQuery | None) -> tuple[str, list]:
        union, params = matching_sql(text)
        sql = f"SELECT article_id, kind, ref_id, min(rank) AS best FROM ({union}) GROUP BY article_id"
        if query is not None:
            from .library_query import BASE_FROM, where_clause
            where, filter_params = where_clause(query, with_text=False)
            if where:
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
               offset: int = 0) -> list[SearchHit]:
        """The best hits, one per article, each with a snippet of where the words stand."""
        fts, _excluded = to_article_query(text)
        if not fts:
            return []
        sql, params = self._ranked_sql(text, query)
        rows = _run(self.archive.db, sql + " LIMIT ? OFFSET ?", params + [max(0, int(limit)),
                                                                          max(0, int(offset))])
        titles = self._titles([r[0] for r in rows])
        return [SearchHit(article_id=aid, title=titles.get(aid, ""), kind=kind,
                          snippet=self._snippet(kind, ref_id, fts), rank=rank, ref_id=ref_id)
                for aid, kind, ref_id, rank in rows]

    def _titles(self, article_ids: list[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        return {r[0]: r[1] or "" for r in self.archive.db.execute(
            f"SELECT id, COALESCE(title_corrected, title) FROM articles WHERE id IN ({marks})",
            article_ids)}

    def _snippet(self, kind: str, ref_id: int, fts: str) -> str:
        table = _SOURCES[kind][0]
        row = _run(self.archive.db,
                   f"SELECT snippet({table}, -1, ?, ?, '…', ?) FROM {table}"
                   f" WHERE {table} MATCH ? AND rowid = ?",
                   [HIGHLIGHT[0], HIGHLIGHT[1], SNIPPET_TOKENS, fts, ref_id])
        return row[0][0] if row else ""
