"""The SQL that finds the articles a search text matches, shared by ranked search and the
library's text filter.

``matching_sql`` gives every row where the words stand in the eight sources (titles, authors,
notes, bodies, comments, captions, annotations, research notes), with the AND/OR/NOT rules and
the per-word cap of ``region_floors``/``search_bounds`` (see ``ranking`` for why). Both
``ranking.SearchManager`` and ``library_query.where_clause`` import it, so neither imports the
other's module back.
"""

from __future__ import annotations

import json
import re
import sqlite3

from ..store.errors import SearchSyntaxError
from .syntax import to_article_terms

TITLE_WEIGHT = 2.0

#: source -> (FTS table, column filter or '', rank weight, article id, ref id, FROM … MATCH ?).
#: The three sources in ``articles_fts`` are told apart by FTS5 column filters. ``INDEXED BY``
#: names the narrow indexes of migration 0003: without statistics SQLite would read each
#: wide copy row (body and all) to learn its article.
#: Authors and the article note are looked up in ``article_fields_fts`` (migration 0030), not
#: in ``articles_fts`` beside the titles: there a word in most titles made every author lookup
#: walk all of its rows.
_ARTICLE_ROWS = "FROM articles_fts f WHERE articles_fts MATCH ?"
_FIELD_ROWS = "FROM article_fields_fts f WHERE article_fields_fts MATCH ?"
_SOURCES: dict[str, tuple[str, str, float, str, str, str]] = {
    "title": ("articles_fts", "{title title_corrected}", TITLE_WEIGHT, "f.rowid", "f.rowid",
              _ARTICLE_ROWS),
    "author": ("article_fields_fts", "{authors authors_corrected}", 1.0, "f.rowid", "f.rowid",
               _FIELD_ROWS),
    "article_note": ("article_fields_fts", "{note}", 1.0, "f.rowid", "f.rowid", _FIELD_ROWS),
    "body": ("copies_fts", "", 1.0, "c.article_id", "c.id",
             "FROM copies_fts f JOIN copies c INDEXED BY copies_search ON c.id = f.rowid"
             " WHERE copies_fts MATCH ? AND c.superseded_by_id IS NULL"
             " AND c.id NOT IN (SELECT copy_id FROM trashed_copies)"),
    "comment": ("comments_fts", "", 1.0, "c.article_id", "m.id",
                "FROM comments_fts f JOIN comments m INDEXED BY comments_search ON m.id = f.rowid"
                " JOIN copies c INDEXED BY copies_search ON c.id = m.copy_id"
                " WHERE comments_fts MATCH ? AND c.superseded_by_id IS NULL"
                " AND c.id NOT IN (SELECT copy_id FROM trashed_copies)"),
    "caption": ("captions_fts", "", 1.0, "c.article_id", "m.id",
                "FROM captions_fts f JOIN captions m INDEXED BY captions_search ON m.id = f.rowid"
                " JOIN copies c INDEXED BY copies_search ON c.id = m.copy_id"
                " WHERE captions_fts MATCH ? AND c.superseded_by_id IS NULL"
                " AND c.id NOT IN (SELECT copy_id FROM trashed_copies)"),
    "annotation": ("annotations_fts", "", 1.0, "n.article_id", "n.id",
                   "FROM annotations_fts f JOIN annotations n ON n.id = f.rowid"
                   " WHERE annotations_fts MATCH ? AND n.deleted_at IS NULL"),
    "note": ("notes_fts", "", 1.0, "l.article_id", "n.id",
             "FROM notes_fts f JOIN notes n ON n.id = f.rowid JOIN note_links l ON l.note_id = n.id"
             " WHERE notes_fts MATCH ? AND l.article_id IS NOT NULL"),
}

#: the kind a hit reports: the article's own note is a 'note' like a linked research note
_KINDS = {"article_note": "note"}


def _match(source: str, fts: str) -> str:
    columns = _SOURCES[source][1]
    return f"{columns} : ({fts})" if columns else fts


#: the rank of a row looked at because its word is capped in that source: newest first, a title
#: before a body, after every row ranked by bm25 (whose best scores are below −1e-7)
CAPPED_RANK_SCALE = 1e-8


def _rank_sql(table: str, weight: float, capped: bool) -> str:
    """The rank of a matching row: bm25 (lower is better), or by recency when its word is capped.

    Why not bm25 when capped: FTS5's bm25 computes each word's IDF by walking every row the
    word matches in the whole index (``xQueryPhrase``), whatever the rowid bound, so a common
    word cost 17 ms per index at 100,000 articles and ten times that at 1,000,000. A capped word's
    rows are its most recent ones, so they are ranked by recency (rowid), behind the rows of
    words ranked exactly, and the answer says it is capped.
    """
    if not capped:
        return f"bm25({table}) * {weight}"
    return f"-{weight} * ({CAPPED_RANK_SCALE} + f.rowid * 1e-20)"


def _union(fts: str, term: int = 0, floors: dict[str, int] | None = None,
           ranked: bool = True) -> tuple[str, list]:
    """(term, article_id, source, ref_id, rank) for every row where ``fts`` matches (at or
    above the source's floor rowid, when the search is capped); rank NULL when not ``ranked``.

    Where the floor carries the rows its probe read (``Floor.rows``: exactly the rows at or
    above it), they are joined as they are instead of matching ``fts`` again: for a prefix
    FTS5 merges every row of every word it begins, whatever the rowid bound (125 ms for
    ``gove*`` in the bodies at 1,000,000 articles), so the probe's merge is the only one."""
    floors = floors or {}
    selects: list[str] = []
    params: list = []
    for key, (table, _cols, weight, aid, ref, rows) in _SOURCES.items():
        floor = floors.get(key)
        head = (f"SELECT {term} AS term, {aid} AS article_id, '{key}' AS kind, {ref} AS ref_id,"
                f" {_rank_sql(table, weight, floor is not None) if ranked else 'NULL'} AS rank")
        if isinstance(floor, Floor) and floor.rows:
            rows = rows.replace(f"FROM {table} f", "FROM (SELECT value AS rowid FROM json_each(?)) f", 1)
            selects.append(f"{head} {rows.replace(f'{table} MATCH ?', '1', 1)}")
            params.append(json.dumps(floor.rows))
        elif floor is not None:
            selects.append(f"{head} {rows} AND f.rowid >= ?")
            params += [_match(key, fts), floor]
        else:
            selects.append(f"{head} {rows}")
            params.append(_match(key, fts))
    return " UNION ALL ".join(selects), params


class Floor(int):
    """The lowest rowid a capped term's rows are looked at from in one source, and ``rows``:
    those rows (at or above it, newest first), as the probe that found the floor read them."""

    rows: tuple[int, ...] = ()

    @classmethod
    def of(cls, rows: list[int]) -> Floor:
        """The floor of a probe's ``cap + 1`` newest rows: one past the first row left out."""
        floor = cls(rows[-1] + 1)
        floor.rows = tuple(rows[:-1])
        return floor


#: term -> {source: the lowest rowid looked at}; a term absent or empty is searched whole
Floors = dict[str, dict[str, int]]


def region_floors(db, alternatives: list[list[str]], cap: int) -> Floors:
    """For each term, source -> the lowest rowid of its ``cap`` most recent matching rows, for
    the sources where it matches more than ``cap`` rows (every term is a key; an empty dict
    means that term is searched whole). ``is_capped(floors)`` says whether any bound applies.

    Why rowid order: FTS5 walks a term's rows by rowid without computing bm25, so the probe
    costs ``cap`` steps whatever the term's frequency (a prefix excepted: FTS5 merges all its
    rows first). The floor is one past the first row left out, so exactly ``cap`` rows are at
    or above it; each floor keeps them (``Floor.rows``), so the search reads them again
    without matching the term a second time.
    """
    floors: Floors = {}
    cap = max(1, int(cap))
    for term in dict.fromkeys(t for alt in alternatives for t in alt):
        floors[term] = {}
        for key, (table, *_rest) in _SOURCES.items():
            rows = _run(db, f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
                            " ORDER BY rowid DESC LIMIT ?", [_match(key, term), cap + 1])
            if len(rows) > cap:
                floors[term][key] = Floor.of([r[0] for r in rows])
    return floors


_PREFIX = re.compile(r'"\*(?:\s|\)|$)')


def has_prefix(fts: str) -> bool:
    """Whether an FTS5 expression made by ``syntax`` holds a prefix term (``"carav"*``)."""
    return bool(_PREFIX.search(fts))


def is_capped(floors: Floors | None) -> bool:
    return bool(floors and any(floors.values()))


def _source_floors(floors: Floors | None, terms: list[str]) -> dict[str, int]:
    """source -> a floor that keeps every row any of ``terms`` is ranked on (for snippets):
    only sources where every term is bounded get one, the lowest of their floors."""
    if not floors or not terms:
        return {}
    out: dict[str, int] = {}
    for key in _SOURCES:
        bounds = [bound for t in terms if (bound := floors.get(t, {}).get(key)) is not None]
        if len(bounds) == len(terms):
            out[key] = min(bounds)
    return out


def search_bounds(db, alternatives: list[list[str]], cap: int) -> tuple[Floors, list[str]]:
    """(floors, pivot): how a search is bounded.

    Words ANDed beside rarer ones are searched from the rare ones (``pivot``) and only tested
    against the articles found, so "saker palmyra" is not confined to palmyra's recent rows:
    words under the cap everywhere lead with no floors (a complete answer); failing those,
    words under the cap in the bodies lead within their own floors. Otherwise no pivot and
    ``region_floors`` of every word.
    """
    floors = region_floors(db, alternatives, cap)
    if not is_capped(floors) or len(alternatives) != 1 or len(set(alternatives[0])) < 2:
        return floors, []
    terms = list(dict.fromkeys(alternatives[0]))
    complete = [t for t in terms if not floors[t]]
    if complete:
        return {}, complete
    rare_in_bodies = [t for t in terms if "body" not in floors[t]]
    if rare_in_bodies and len(rare_in_bodies) < len(terms):
        return {t: floors[t] for t in rare_in_bodies}, rare_in_bodies
    return floors, []


_FOUND = "(SELECT article_id FROM found)"
_FOUND_COPIES = f"SELECT k.id FROM copies k WHERE k.article_id IN {_FOUND}"

#: FTS table -> (the rows the found articles (CTE ``found``) own there, how a matching row
#: ``r`` leads to its article). Why: an excluded word is looked for only in those rows, from
#: the lowest of them on, and only its matches there are joined to their articles; joining
#: every row of a common word (100,000 at 100k) to its article cost 100 ms. Notes are few.
_EXCLUDE: dict[str, tuple[str, str]] = {
    "articles_fts": ("SELECT article_id AS id FROM found", "SELECT r AS article_id FROM ({hits})"),
    "copies_fts": (f"{_FOUND_COPIES}",
                   "SELECT c.article_id FROM ({hits}) JOIN copies c INDEXED BY copies_search"
                   " ON c.id = r WHERE c.superseded_by_id IS NULL"),
    "comments_fts": (f"SELECT x.id FROM comments x WHERE x.copy_id IN ({_FOUND_COPIES})",
                     "SELECT c.article_id FROM ({hits}) JOIN comments m INDEXED BY comments_search"
                     " ON m.id = r JOIN copies c INDEXED BY copies_search ON c.id = m.copy_id"
                     " WHERE c.superseded_by_id IS NULL"),
    "captions_fts": (f"SELECT x.id FROM captions x WHERE x.copy_id IN ({_FOUND_COPIES})",
                     "SELECT c.article_id FROM ({hits}) JOIN captions m INDEXED BY captions_search"
                     " ON m.id = r JOIN copies c INDEXED BY copies_search ON c.id = m.copy_id"
                     " WHERE c.superseded_by_id IS NULL"),
    "annotations_fts": (f"SELECT x.id FROM annotations x WHERE x.article_id IN {_FOUND}",
                        "SELECT n.article_id FROM ({hits}) JOIN annotations n ON n.id = r"
                        " WHERE n.deleted_at IS NULL"),
}


#: an excluded (or required) word's most recent rows walked per index before the found
#: articles' older rows are looked up one by one instead (~0.1 µs a row walked, ~30 µs a lookup)
WALK_ROWS = 30000


def _articles(fts: str) -> tuple[str, list]:
    """SQL for the ids of the found articles (CTE ``found``) where ``fts`` matches in any one
    field (no ranking).

    Why two halves: walking the word's rows from the oldest found row on costs every row a
    common word matches since then (at 1,000,000 articles, most of them); looking each found
    row up costs a seek. So the word's ``WALK_ROWS`` most recent rows in each index are walked
    and tested against the owned rows (``+f.rowid``: not looked up), and the owned rows older
    than those are looked up (``f.rowid IN``), a cost bounded by the found articles, not by the
    archive. A prefix is only walked: FTS5 merges all of its rows again for every lookup.
    """
    parts, params = [], []
    walk_only = has_prefix(fts)
    for table, (owned, to_article) in _EXCLUDE.items():
        lowest = f"(SELECT min(id) FROM ({owned}))"
        if walk_only:
            hits = (f"SELECT f.rowid AS r FROM {table} f WHERE {table} MATCH ?"
                    f" AND f.rowid >= {lowest} AND +f.rowid IN ({owned})")
            params.append(fts)
        else:
            edge = (f"coalesce((SELECT rowid FROM {table} WHERE {table} MATCH ?"
                    f" ORDER BY rowid DESC LIMIT 1 OFFSET {int(WALK_ROWS)}), 0)")
            hits = (f"SELECT f.rowid AS r FROM {table} f WHERE {table} MATCH ?"
                    f" AND f.rowid >= max({edge}, {lowest}) AND +f.rowid IN ({owned})"
                    f" UNION ALL SELECT f.rowid AS r FROM {table} f WHERE {table} MATCH ?"
                    f" AND f.rowid IN (SELECT id FROM ({owned}) WHERE id < {edge})")
            params += [fts, fts, fts, fts]
        parts.append(to_article.format(hits=hits))
    _t, _c, _w, aid, _r, rows = _SOURCES["note"]
    parts.append(f"SELECT {aid} AS article_id {rows}")
    return " UNION ".join(parts), params + [fts]


def matching_sql(text: str, floors: Floors | None = None, *, ranked: bool = True,
                 pivot: list[str] | None = None) -> tuple[str, list]:
    """SQL yielding (term, article_id, source, ref_id, rank) for every matching row.

    Each term is looked up once (a materialised CTE); an article is kept when every term of
    one OR alternative matched somewhere in it (CTE ``found``) and no excluded part matched
    anywhere in it. ``floors`` (``region_floors``) bounds a capped search to each word's most
    recent rows in each source; excluded words are looked for in every row of the found articles.
    ``ranked=False`` leaves bm25 out (NULL rank): the library's text filter wants the set only.
    ``pivot`` (``search_bounds``): only these terms give rows; the alternative's other terms
    must match somewhere in the article too, like excluded words must not.
    """
    alternatives, excluded = to_article_terms(text)
    if not alternatives:
        return ("SELECT NULL AS term, NULL AS article_id, NULL AS kind, NULL AS ref_id,"
                " NULL AS rank WHERE 0"), []
    required: list[str] = []
    if pivot:
        required = [t for t in dict.fromkeys(alternatives[0]) if t not in pivot]
        alternatives = [list(pivot)]
    terms = list(dict.fromkeys(t for alt in alternatives for t in alt))
    parts = [_union(term, n, (floors or {}).get(term), ranked) for n, term in enumerate(terms)]
    params = [x for _, ps in parts for x in ps]
    found = "SELECT DISTINCT article_id FROM hits"
    if any(len(alt) > 1 for alt in alternatives):
        having = " OR ".join(
            "count(DISTINCT CASE WHEN term IN ({}) THEN term END) = {}".format(
                ",".join(str(terms.index(t)) for t in dict.fromkeys(alt)), len(set(alt)))
            for alt in alternatives)
        found = f"SELECT article_id FROM hits GROUP BY article_id HAVING {having}"
    narrowed = found != "SELECT DISTINCT article_id FROM hits"
    conditions = [f"article_id IN {_FOUND}"] if narrowed or excluded or required else []
    for fts in required:
        in_sql, in_params = _articles(fts)
        conditions.append(f"article_id IN ({in_sql})")
        params = params + in_params
    for fts in excluded:
        not_sql, not_params = _articles(fts)
        conditions.append(f"article_id NOT IN ({not_sql})")
        params = params + not_params
    hits = " UNION ALL ".join(p for p, _ in parts)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    return (f"WITH hits AS MATERIALIZED ({hits}), found AS MATERIALIZED ({found})"
            f" SELECT * FROM hits{where}", params)


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
