"""The library's filters and sort orders as SQL, so 100,000 articles sort in the database.

Why: the library view holds only ordered ids (``ids``) and asks for the visible rows
(``summaries``); sorting and filtering in Python would read every row on every click. Every
expression here runs over ``articles a`` joined to its shown copy ``c`` (the join is left out
when nothing reads ``c``, see ``_from_where``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..store import kept_counts, library_keys, sort_keys
from ..store.records import ArticleSummary, LibraryPage, LibraryQuery, SortKey
from .matching import matching_sql

#: ``INDEXED BY``: the narrow covering indexes of migration 0005; SQLite would otherwise read
#: each wide copy row (body and all) to learn its outlet, date or word count
BASE_FROM = "FROM articles a JOIN copies c INDEXED BY copies_library ON c.id = a.primary_copy_id"
#: sorted by title, first author or review the library walks a covering index of migrations
#: 0005–0007 instead of every article row, and without the copy when nothing reads ``c.``
_SORT_INDEXES = {"title": "articles_library_title", "authors": "articles_library_authors",
                 "needs_review": "articles_review_open"}
_COPY_COLUMN = re.compile(r"\bc\.(\w+)")
#: sorted by date, the copies' date index (migration 0008) serves when it holds every column
#: the statement reads
_DATE_INDEX_COLUMNS = {"id", "date", "date_corrected", "outlet_id", "outlet_corrected_id"}



#: where the work first appeared, over ``c``: ``store.sort_keys`` keeps it per article
_ORIGINAL_OUTLET = sort_keys.ORIGINAL_OUTLET
original_hop_sql = sort_keys.original_hop_sql

#: true when a flag is left that no correction answers and that was not marked reviewed: the
#: full expression (``store.library_keys.NEEDS_REVIEW``) is kept per article at write time in
#: ``articles.review_open`` (migration 0022), so the filter, sort and count read an index
NEEDS_REVIEW_EXPRESSION = library_keys.NEEDS_REVIEW
NEEDS_REVIEW = "a.review_open = 1"

#: articles in the Trash (migration 0014) leave every list, count and search until restored
NOT_TRASHED = "a.id NOT IN (SELECT article_id FROM trash)"
IN_TRASH = "a.id IN (SELECT article_id FROM trash)"

def _same(value: Any) -> Any:
    return value


def _json_list(value: str | None) -> list[str]:
    return json.loads(value or "[]")


@dataclass(frozen=True)
class SummaryColumn:
    """One field of a library row (``ArticleSummary``), described once: its SQL over the article
    ``a`` and its shown copy ``c``, how the value read becomes the field's (``read``), and, for a
    column the library sorts by, the sort's key (``store.records.SortKey``, what the GUI's
    ``LibraryColumn.sort`` names) and expression. ``summaries`` selects and reads the row by
    these, and ``SORT_EXPRESSIONS`` is made from them: a new column is one entry here (an index
    in a migration where its sort needs one)."""

    field: str
    sql: str
    read: Callable[[Any], Any] = _same
    sort: SortKey | None = None
    sort_sql: str | None = None


SUMMARY_COLUMNS: tuple[SummaryColumn, ...] = (
    SummaryColumn("id", "a.id", sort="id", sort_sql="a.id"),
    SummaryColumn("title", "COALESCE(a.title_corrected, a.title)", lambda v: v or "",
                  sort="title", sort_sql="COALESCE(a.title_corrected, a.title) COLLATE NOCASE"),
    SummaryColumn("title_status", "CASE WHEN a.title_corrected IS NOT NULL THEN 'corrected'"
                                  " ELSE a.title_status END"),
    SummaryColumn("authors", "COALESCE(a.authors_corrected, a.authors)", _json_list, sort="authors",
                  sort_sql="json_extract(COALESCE(a.authors_corrected, a.authors), '$[0]') COLLATE NOCASE"),
    SummaryColumn("outlet", "(SELECT name FROM outlets WHERE id = COALESCE(c.outlet_corrected_id, c.outlet_id))",
                  sort="outlet",
                  sort_sql="(SELECT name FROM outlets WHERE id = COALESCE(c.outlet_corrected_id, c.outlet_id))"
                           " COLLATE NOCASE"),
    SummaryColumn("date", "COALESCE(c.date_corrected, c.date)", sort="date",
                  sort_sql="COALESCE(c.date_corrected, c.date)"),
    SummaryColumn("original_outlet", _ORIGINAL_OUTLET, sort="original_outlet",
                  sort_sql=_ORIGINAL_OUTLET + " COLLATE NOCASE"),
    SummaryColumn("word_count", "c.word_count", lambda v: v or 0, sort="words", sort_sql="c.word_count"),
    SummaryColumn("tags", "(SELECT json_group_array(t.path) FROM article_tags x JOIN tags t"
                          " ON t.id = x.tag_id WHERE x.article_id = a.id)",
                  lambda v: sorted(_json_list(v)), sort="tags",
                  sort_sql="(SELECT min(t.path) FROM article_tags x JOIN tags t ON t.id = x.tag_id"
                           " WHERE x.article_id = a.id)"),
    SummaryColumn("annotation_count", "(SELECT count(*) FROM annotations n WHERE n.article_id = a.id"
                                      " AND n.deleted_at IS NULL)", sort="annotations",
                  sort_sql="(SELECT count(*) FROM annotations n WHERE n.article_id = a.id"
                           " AND n.deleted_at IS NULL)"),
    SummaryColumn("needs_review", NEEDS_REVIEW, bool, sort="needs_review", sort_sql="a.review_open"),
    SummaryColumn("copy_count", "(SELECT count(*) FROM copies k WHERE k.article_id = a.id"
                                " AND k.superseded_by_id IS NULL)", lambda v: v or 1),
)

#: sort key -> its expression (from ``SUMMARY_COLUMNS``); an unknown key sorts by id. The sorts
#: whose key needs a subquery page on ``library_sort k`` instead (``KEPT_SORTS``: the same values
#: kept at write time, migration 0025)
SORT_EXPRESSIONS: dict[str, str] = {c.sort: c.sort_sql for c in SUMMARY_COLUMNS
                                    if c.sort is not None and c.sort_sql is not None}

#: the sorts read from the kept keys: ``library_sort k`` walked in its index's order
KEPT_SORTS: dict[str, str] = {key: f"k.{key}{sort_keys.KEYS[key][1]}" for key in sort_keys.SORTS}

#: the articles carrying the tag or one below it, on the article or on one of its live
#: annotations (#16: a tag used only on passages filtered to nothing): the reach kept at write
#: time (``store.kept_counts.tag_reach``, #19; the subtree worked out per query, then unioned,
#: took 1.2–1.5 s for the most used tag sorted by date at 100,000 articles); takes the tag id.
#: One probe of ``tag_reach`` per article walked, not ``a.id IN (…)``: from that list SQLite
#: drove the query instead, reading every article the tag reaches and sorting them (7–24 ms
#: for the most used tag at 100,000 articles, seconds at 624,648; 0.2–1.8 ms walked)
_TAG_FILTER = "EXISTS (SELECT 1 FROM tag_reach x WHERE x.tag_id = ? AND x.article_id = a.id)"


_OUTLET_FILTER = "COALESCE(c.outlet_corrected_id, c.outlet_id) = ?"


def where_clause(query: LibraryQuery, *, with_text: bool = True,
                 text_bounds: tuple[dict, list] | None = None) -> tuple[str, list]:
    """`` WHERE …`` (or '') and its parameters for every filter the query sets.

    ``text_bounds`` (``search.search_bounds``) bounds the text filter to the rows a capped
    search ranks: search as you type at 100,000 articles; saved searches and exports pass none.
    """
    conditions: list[str] = [IN_TRASH if query.trash else NOT_TRASHED]
    params: list = []
    for tag_id in query.tag_ids:
        conditions.append(_TAG_FILTER)
        params.append(tag_id)
    if query.collection_id is not None:
        conditions.append("a.id IN (SELECT article_id FROM collection_articles WHERE collection_id = ?)")
        params.append(query.collection_id)
    if query.outlet_id is not None:
        conditions.append(_OUTLET_FILTER)
        params.append(query.outlet_id)
    if query.needs_review is not None:
        conditions.append(f"a.review_open = {1 if query.needs_review else 0}")
    if query.date_from:
        conditions.append("COALESCE(c.date_corrected, c.date) >= ?")
        params.append(query.date_from)
    if query.date_to:
        conditions.append("COALESCE(c.date_corrected, c.date) <= ?")
        params.append(query.date_to[:10] + "\uffff" if len(query.date_to) <= 10 else query.date_to)
    if with_text and query.text.strip():
        floors, pivot = text_bounds or ({}, [])
        sql, text_params = matching_sql(query.text, floors, ranked=False, pivot=pivot)  # the set
        conditions.append(f"a.id IN (SELECT article_id FROM ({sql}))")
        params.extend(text_params)
    return " WHERE " + " AND ".join(conditions), params


def _from_where(query: LibraryQuery, expression: str = "",
                text_bounds: tuple[dict, list] | None = None, outlet_first: bool = False,
                tag_first: bool = False) -> tuple[str, list]:
    """``FROM … WHERE …`` for the query: the shown copy is joined only when an expression
    reads it (``c.``); otherwise having one is enough (a foreign key keeps it real), and
    reading 100,000 copy index entries for nothing cost more than the sort. Sorted by a kept
    key (``k.``), the walk starts from that key's index and reads each article by its id."""
    where, params = where_clause(query, text_bounds=text_bounds)
    if query.outlet_id is not None and query.sort in KEPT_SORTS and "k." in expression:
        return _outlet_in_kept_order(query, expression, where, params)
    if outlet_first and query.outlet_id is not None:
        return _outlet_first(query, expression, where, params)
    if tag_first and query.tag_ids:
        return _tag_first(query, expression, where, params)
    copy_columns = set(_COPY_COLUMN.findall(expression + where))
    if copy_columns and query.sort == "date" and copy_columns <= _DATE_INDEX_COLUMNS:
        base = BASE_FROM.replace("copies_library", "copies_library_date")
        # the copies are walked in date order: the kept review flag must not draw the
        # planner into walking articles first (it then scanned the date index per article)
        where = where.replace(" a.review_open =", " +a.review_open =")
    elif copy_columns:
        base = BASE_FROM
    else:
        base = "FROM articles a"
        where = (where + " AND" if where else " WHERE") + " a.primary_copy_id IS NOT NULL"
    if query.sort in _SORT_INDEXES:
        base = base.replace("FROM articles a", f"FROM articles a INDEXED BY {_SORT_INDEXES[query.sort]}")
    if "k." in expression:
        base = base.replace("FROM articles a", f"FROM library_sort k INDEXED BY library_sort_{query.sort}"
                                               " CROSS JOIN articles a ON a.id = k.article_id")
        where = _on_kept_row(where)
    return f"{base}{where}", params


_ARTICLE_ID = re.compile(r"\ba\.id\b")


def _on_kept_row(where: str) -> str:
    """The filters that need only the article's id (the Trash, a tag, a collection, the text)
    tested on the kept row walked (``k.article_id``, the same id by the join) instead of the
    article's: SQLite then tests them before it reads the article's row, which a walk past
    many articles of other tags paid for each (the most used tag by words at 1,000,000
    articles: 266,000 rows walked, 3.1 s cold with each article read, 0.33 s without)."""
    return _ARTICLE_ID.sub("k.article_id", where)


#: the rows of a screenful: an outlet with ``n`` articles among ``listed`` is read from its own
#: rows and sorted (``n`` rows) when that is less than walking a sort's index until a screenful
#: of its articles turned up (about ``SCREEN * listed / n`` rows), i.e. ``n² ≤ SCREEN·listed``
#: (#19): walked, a small outlet's first screenful tested every article's copy (105–604 ms at
#: 100,000 articles); a large one fills a screenful early in any walk
SCREEN = 100


def outlet_first(db, query: LibraryQuery) -> bool:
    """Whether the query's outlet is small enough to read from its own rows (kept counts)."""
    if query.outlet_id is None:
        return False
    n = sort_keys.outlet_count(db, query.outlet_id)
    return n * n <= SCREEN * kept_counts.total(db, "listed")


def _outlet_first(query: LibraryQuery, expression: str, where: str, params: list,
                  index: str = "library_sort_outlet_id") -> tuple[str, list]:
    """``FROM … WHERE …`` starting from the outlet's articles (the kept ``library_sort.outlet_id``
    and its index ``library_sort_outlet_id``), then sorted: no sort index is forced. ``index``:
    another index that starts with the kept outlet (``_outlet_in_kept_order``)."""
    where = _on_kept_row(where.replace(_OUTLET_FILTER, "k.outlet_id = ?"))
    base = f"FROM library_sort k INDEXED BY {index} CROSS JOIN articles a ON a.id = k.article_id"
    if _COPY_COLUMN.search(expression + where):
        base += BASE_FROM.removeprefix("FROM articles a")
    else:
        where += " AND a.primary_copy_id IS NOT NULL"
    return f"{base}{where}", params


def _outlet_in_kept_order(query: LibraryQuery, expression: str, where: str,
                          params: list) -> tuple[str, list]:
    """``FROM … WHERE …`` for one outlet sorted by a kept key: one range of the index
    ``library_sort_outlet_id_<key>`` (the kept outlet, the key, the article; migration 0031),
    already in the order asked for, so the first screenful and every page read a screenful of
    rows whatever the outlet's size. Walking the key's own index and testing each row's outlet
    assumed the outlet's articles are spread along that order; they are not (sorted by outlet
    they are one run, and an outlet writes articles of its own lengths): the largest outlet
    sorted by words took 14 s at 624,648 articles."""
    return _outlet_first(query, expression, where, params, f"library_sort_outlet_id_{query.sort}")


def tag_first(db, query: LibraryQuery) -> bool:
    """Whether the query's (first) tag is carried by few enough articles to read them from its
    kept reach and sort them, by the rule ``outlet_first`` follows (an outlet comes first)."""
    if not query.tag_ids or outlet_first(db, query):
        return False
    n = kept_counts.tag_articles(db, query.tag_ids[0])
    return n * n <= SCREEN * kept_counts.total(db, "listed")


def _tag_first(query: LibraryQuery, expression: str, where: str, params: list) -> tuple[str, list]:
    """``FROM … WHERE …`` starting from the articles the first tag reaches (``tag_reach`` by
    its index ``tag_reach_tag``), then sorted."""
    where = where.replace(_TAG_FILTER, "r.tag_id = ?", 1)
    base = "FROM tag_reach r INDEXED BY tag_reach_tag CROSS JOIN articles a ON a.id = r.article_id"
    if "k." in expression:
        base += " JOIN library_sort k ON k.article_id = a.id"
    if _COPY_COLUMN.search(expression + where):
        base += BASE_FROM.removeprefix("FROM articles a")
    else:
        where += " AND a.primary_copy_id IS NOT NULL"
    return f"{base}{where}", params


def _order(query: LibraryQuery) -> tuple[str, str]:
    """The sort's key expression and its tie-breaker (the article id, from the key's index
    when the key is kept)."""
    if query.sort in KEPT_SORTS:
        return KEPT_SORTS[query.sort], "k.article_id"
    return SORT_EXPRESSIONS.get(query.sort, "a.id"), "a.id"


def ids_sql(query: LibraryQuery, text_bounds: tuple[dict, list] | None = None,
            outlet_first: bool = False, tag_first: bool = False) -> tuple[str, list]:
    """The statement ``ids`` runs (tests read its query plan); ``outlet_first``, ``tag_first``:
    see the functions of those names."""
    direction = "DESC" if query.descending else "ASC"
    expression, tie = _order(query)
    from_where, params = _from_where(query, expression, text_bounds, outlet_first, tag_first)
    return f"SELECT a.id {from_where} ORDER BY {expression} {direction}, {tie} {direction}", params


def ids(db, query: LibraryQuery, text_bounds: tuple[dict, list] | None = None) -> list[int]:
    sql, params = ids_sql(query, text_bounds, outlet_first(db, query), tag_first(db, query))
    return [row[0] for row in db.execute(sql, params)]


#: sorts whose key is never NULL (NOT NULL columns): no run of NULL keys to look for
_NEVER_NULL = {"id", "needs_review", "annotations"}


def page_sqls(query: LibraryQuery, after: tuple | None, limit: int,
              text_bounds: tuple[dict, list] | None = None,
              outlet_first: bool = False, tag_first: bool = False) -> list[tuple[str, list]]:
    """The statements ``page`` runs in turn (tests read their plans): keyset paging, each
    seeking in the sort's index to the row after ``after`` (``(key, id)``), never OFFSET.

    SQLite puts NULL keys first ascending and last descending, and a row value holding a NULL
    compares to nothing, so the order is two runs, the NULL keys by id and the others by
    ``(key, id)`` (a range on the key, then the ties by id: SQLite seeks in an expression
    index for ``key >= ?`` but not for a row value); ``after`` says which run it stands in, and
    a page may span both."""
    expression, tie = _order(query)
    from_where, params = _from_where(query, expression, text_bounds, outlet_first, tag_first)
    descending = query.descending
    direction, beyond = ("DESC", "<") if descending else ("ASC", ">")
    runs = ["value", "null"] if descending else ["null", "value"]
    if query.sort in _NEVER_NULL:
        runs = ["value"]
    if after is not None:
        runs = runs[runs.index("null" if after[0] is None else "value"):]
    statements = []
    for run in runs:
        conditions, extra = [f"{expression} IS {'' if run == 'null' else 'NOT '}NULL"], []
        if after is not None and run == ("null" if after[0] is None else "value"):
            if run == "null":
                conditions.append(f"{tie} {beyond} ?")
                extra = [after[1]]
            else:   # a range on the key (an index seek), its ties after the id
                conditions.append(f"{expression} {beyond}= ? AND ({expression} {beyond} ? OR {tie} {beyond} ?)")
                extra = [after[0], after[0], after[1]]
        order = f"{tie} {direction}" if run == "null" else f"{expression} {direction}, {tie} {direction}"
        # undated copies: walked by article id, not through the date index's NULL run
        source = from_where.replace("copies_library_date", "copies_library") if run == "null" else from_where
        sql = f"SELECT a.id, {expression} {source} AND {' AND '.join(conditions)} ORDER BY {order} LIMIT ?"
        statements.append((sql, [*params, *extra, limit]))
    return statements


def page(db, query: LibraryQuery, after: tuple | None = None, limit: int = 100,
         text_bounds: tuple[dict, list] | None = None) -> LibraryPage:
    """Up to ``limit`` ids in the library's order after the row whose key is ``after`` (from
    the start when None), and the key of the last one: the same ids, in the same order, as
    ``ids`` gives from that row on."""
    found: list[tuple[int, object]] = []
    for sql, params in page_sqls(query, after, limit, text_bounds, outlet_first(db, query),
                                 tag_first(db, query)):
        params[-1] = limit - len(found)
        found.extend((row[0], row[1]) for row in db.execute(sql, params))
        if len(found) >= limit:
            break
    last = (found[-1][1], found[-1][0]) if found else after
    return LibraryPage(ids=[i for i, _key in found], last=last, done=len(found) < limit)


def lists(db, query: LibraryQuery, article_id: int,
          text_bounds: tuple[dict, list] | None = None) -> bool:
    """Whether ``query`` lists the article: one row looked up, whatever its place in the order."""
    from_where, params = _from_where(dataclasses.replace(query, sort="id"), "", text_bounds)
    return db.execute(f"SELECT 1 {from_where} AND a.id = ? LIMIT 1",
                      [*params, article_id]).fetchone() is not None


def count(db, query: LibraryQuery, text_bounds: tuple[dict, list] | None = None) -> int:
    from_where, params = _from_where(dataclasses.replace(query, sort="id"), "",   # no sort index
                                     text_bounds)
    return db.execute(f"SELECT count(*) {from_where}", params).fetchone()[0]


_SUMMARY_SQL = ("SELECT " + ", ".join(c.sql for c in SUMMARY_COLUMNS) + " "
                + BASE_FROM + " WHERE a.id IN ({marks})")


def summaries(db, article_ids: Sequence[int]) -> list[ArticleSummary]:
    """The visible rows, in the order asked for; never the bodies."""
    found: dict[int, ArticleSummary] = {}
    wanted = list(article_ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        sql = _SUMMARY_SQL.format(marks=",".join("?" * len(chunk)))
        for row in db.execute(sql, chunk):
            summary = ArticleSummary(**{c.field: c.read(value) for c, value in zip(SUMMARY_COLUMNS, row)})
            found[summary.id] = summary
    return [found[i] for i in wanted if i in found]
