"""The library's sort keys that are not on the article row, kept at write time (issue #19).

Why: sorted by outlet, original outlet, words, tags or annotations, the library worked each
article's key out through a subquery (the shown copy's outlet name, the farthest hop of its
republishing chain, the first tag path, a count of annotations) and sorted every article on
every click: 74–119 ms at 100,000 articles, growing with the archive, and no way to ask for
"the page after this key". ``library_sort`` holds those keys, one row per article, kept by the
triggers below in the same transaction as the write that changes them (any write, by any
service or by hand in ``sqlite3``); each key has an index ``(key, article_id)``, so every sort
walks an index to its first screenful and on from the last key it showed (keyset paging,
``search.library_query.page``). ``drift``/``repair`` recompute them from the rows, the way
``verify`` checks what it can recompute. A table of its own, not columns of ``articles``: a
write to an article row rewrites its full-text row too.
"""

from __future__ import annotations

from collections.abc import Callable


def original_hop_sql(columns: str, copy_id: str) -> str:
    """The one SQL for "where the work first appeared" as extracted: the hop of the copy
    ``copy_id`` (a column or ``?``) not rejected, the farthest printed as the original, else the
    farthest; ``columns`` of ``republications r``. ``library.article_detail.first_appearance``
    is the same rule over hops already read."""
    return (f"SELECT {columns} FROM republications r WHERE r.copy_id = {copy_id} AND r.rejected = 0"
            " ORDER BY r.is_original DESC, r.hop DESC LIMIT 1")


#: each kept key: the value for the article ``a`` joined to its shown copy ``c`` (the same
#: expressions the library sorted by before, so the order is the same)
OUTLET = "(SELECT name FROM outlets WHERE id = COALESCE(c.outlet_corrected_id, c.outlet_id))"
ORIGINAL_OUTLET = (
    "(SELECT o.name FROM outlets o WHERE o.id = COALESCE(c.original_outlet_corrected_id,"
    f" ({original_hop_sql('r.from_outlet_id', 'c.id')})))")
WORDS = "c.word_count"
TAGS = ("(SELECT min(t.path) FROM article_tags x JOIN tags t ON t.id = x.tag_id"
        " WHERE x.article_id = a.id)")
ANNOTATIONS = ("(SELECT count(*) FROM annotations n WHERE n.article_id = a.id"
               " AND n.deleted_at IS NULL)")

#: column -> (expression, collation of its index and sort); outlet, original outlet and words
#: follow the shown copy, tags and annotations the article
KEYS: dict[str, tuple[str, str]] = {
    "outlet": (OUTLET, " COLLATE NOCASE"),
    "original_outlet": (ORIGINAL_OUTLET, " COLLATE NOCASE"),
    "words": (WORDS, ""),
    "tags": (TAGS, ""),
    "annotations": (ANNOTATIONS, ""),
    "outlet_id": ("COALESCE(c.outlet_corrected_id, c.outlet_id)", ""),   # counted, not sorted
}
#: the keys the library sorts by (``outlet_id`` is kept for the sidebar's outlet counts)
SORTS = ("outlet", "original_outlet", "words", "tags", "annotations")
COPY_KEYS = ("outlet", "original_outlet", "words", "outlet_id")
TABLE = """CREATE TABLE IF NOT EXISTS library_sort (
    article_id INTEGER PRIMARY KEY,   -- articles.id (kept by the triggers, not a foreign key)
    outlet TEXT,                      -- the shown copy's outlet name, corrected or read
    original_outlet TEXT,             -- where the work first appeared (corrected, else its chain)
    words INTEGER,                    -- the shown copy's word count
    tags TEXT,                        -- the first tag path on the article
    annotations INTEGER NOT NULL DEFAULT 0, -- annotations not deleted
    outlet_id INTEGER                 -- the shown copy's outlet (the sidebar's counts follow it)
)"""
INDEXES = tuple(f"CREATE INDEX IF NOT EXISTS library_sort_{key} ON library_sort({key}{KEYS[key][1]},"
                " article_id)" for key in SORTS)
#: one outlet's articles in a kept key's order, as one index range (migration 0031)
OUTLET_INDEXES = tuple(f"CREATE INDEX IF NOT EXISTS library_sort_outlet_id_{key} ON library_sort(outlet_id,"
                       f" {key}{KEYS[key][1]}, article_id)" for key in SORTS)

#: articles per outlet (shown copies, outside the Trash), kept by the triggers below from
#: ``library_sort.outlet_id`` and the Trash: the sidebar reads one row per outlet, never the
#: articles (#19)
COUNTS_TABLE = """CREATE TABLE IF NOT EXISTS outlet_counts (
    outlet_id INTEGER PRIMARY KEY,    -- outlets.id
    n INTEGER NOT NULL DEFAULT 0      -- articles whose shown copy is from it, not in the Trash
)"""


def _bump(outlet: str, by: str, article: str | None) -> str:
    """Add ``by`` to the count of ``outlet`` unless it is NULL or the article (when named) is
    in the Trash."""
    trashed = f" AND {article} NOT IN (SELECT article_id FROM trash)" if article else ""
    return (f"INSERT INTO outlet_counts (outlet_id, n) SELECT {outlet}, {by} WHERE {outlet} IS NOT NULL"
            f"{trashed} ON CONFLICT (outlet_id) DO UPDATE SET n = n + {by};")


_OF_ARTICLE = "(SELECT outlet_id FROM library_sort WHERE article_id = {article})"
COUNT_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("outlet_counts_sort_ai", "AFTER INSERT ON library_sort BEGIN "
     + _bump("NEW.outlet_id", "1", "NEW.article_id") + " END"),
    ("outlet_counts_sort_ad", "AFTER DELETE ON library_sort BEGIN "
     + _bump("OLD.outlet_id", "-1", "OLD.article_id") + " END"),
    ("outlet_counts_sort_au", "AFTER UPDATE OF outlet_id ON library_sort"
     " WHEN OLD.outlet_id IS NOT NEW.outlet_id BEGIN "
     + _bump("OLD.outlet_id", "-1", "OLD.article_id") + " "
     + _bump("NEW.outlet_id", "1", "NEW.article_id") + " END"),
    # moving in or out of the Trash is the change itself: no test of the Trash
    ("outlet_counts_trash_ai", "AFTER INSERT ON trash BEGIN "
     + _bump(_OF_ARTICLE.format(article="NEW.article_id"), "-1", None) + " END"),
    ("outlet_counts_trash_ad", "AFTER DELETE ON trash BEGIN "
     + _bump(_OF_ARTICLE.format(article="OLD.article_id"), "1", None) + " END"),
)
_COUNTED = ("SELECT outlet_id, count(*) FROM library_sort WHERE outlet_id IS NOT NULL"
            " AND article_id NOT IN (SELECT article_id FROM trash) GROUP BY outlet_id")


def _value(key: str, article: str) -> str:
    """The key's value for the article whose id is the SQL ``article``."""
    expression = KEYS[key][0]
    if key in COPY_KEYS:
        return (f"(SELECT {expression} FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
                f" WHERE a.id = {article})")
    return f"coalesce((SELECT {expression} FROM articles a WHERE a.id = {article}), 0)" \
        if key == "annotations" else f"(SELECT {expression} FROM articles a WHERE a.id = {article})"


def _refresh(keys: tuple[str, ...], where: str) -> str:
    """Recompute ``keys`` of the rows ``where`` selects (over ``library_sort``)."""
    sets = ", ".join(f"{key} = {_value(key, 'library_sort.article_id')}" for key in keys)
    return f"UPDATE library_sort SET {sets} WHERE {where};"


_SHOWN = "article_id IN (SELECT id FROM articles WHERE primary_copy_id = {copy})"
_ALL = tuple(KEYS)

#: (name, statement): what changes a kept key recomputes it
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("library_sort_articles_ai", "AFTER INSERT ON articles BEGIN INSERT OR IGNORE INTO"
     " library_sort (article_id) VALUES (NEW.id); " + _refresh(_ALL, "article_id = NEW.id") + " END"),
    ("library_sort_articles_au", "AFTER UPDATE OF primary_copy_id ON articles BEGIN "
     + _refresh(COPY_KEYS, "article_id = NEW.id") + " END"),
    ("library_sort_articles_ad", "AFTER DELETE ON articles BEGIN"
     " DELETE FROM library_sort WHERE article_id = OLD.id; END"),
    ("library_sort_copies_ai", "AFTER INSERT ON copies BEGIN "
     + _refresh(COPY_KEYS, _SHOWN.format(copy="NEW.id")) + " END"),
    ("library_sort_copies_au", "AFTER UPDATE OF outlet_id, outlet_corrected_id, word_count,"
     " original_outlet_corrected_id ON copies BEGIN "
     + _refresh(COPY_KEYS, _SHOWN.format(copy="NEW.id")) + " END"),
    ("library_sort_outlets_au", "AFTER UPDATE OF name ON outlets BEGIN "
     + _refresh(("outlet", "original_outlet"),
                "article_id IN (SELECT a.id FROM articles a JOIN copies c ON c.id = a.primary_copy_id"
                " WHERE COALESCE(c.outlet_corrected_id, c.outlet_id) = NEW.id"
                " OR c.original_outlet_corrected_id = NEW.id OR c.id IN"
                " (SELECT copy_id FROM republications WHERE from_outlet_id = NEW.id))") + " END"),
    ("library_sort_republications_ai", "AFTER INSERT ON republications BEGIN "
     + _refresh(("original_outlet",), _SHOWN.format(copy="NEW.copy_id")) + " END"),
    ("library_sort_republications_au", "AFTER UPDATE ON republications BEGIN "
     + _refresh(("original_outlet",), _SHOWN.format(copy="OLD.copy_id")) + " "
     + _refresh(("original_outlet",), _SHOWN.format(copy="NEW.copy_id")) + " END"),
    ("library_sort_republications_ad", "AFTER DELETE ON republications BEGIN "
     + _refresh(("original_outlet",), _SHOWN.format(copy="OLD.copy_id")) + " END"),
    ("library_sort_article_tags_ai", "AFTER INSERT ON article_tags BEGIN "
     + _refresh(("tags",), "article_id = NEW.article_id") + " END"),
    ("library_sort_article_tags_ad", "AFTER DELETE ON article_tags BEGIN "
     + _refresh(("tags",), "article_id = OLD.article_id") + " END"),
    ("library_sort_article_tags_au", "AFTER UPDATE ON article_tags BEGIN "
     + _refresh(("tags",), "article_id IN (OLD.article_id, NEW.article_id)") + " END"),
    ("library_sort_tags_au", "AFTER UPDATE OF path ON tags BEGIN "
     + _refresh(("tags",), "article_id IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id)")
     + " END"),
    ("library_sort_annotations_ai", "AFTER INSERT ON annotations BEGIN "
     + _refresh(("annotations",), "article_id = NEW.article_id") + " END"),
    ("library_sort_annotations_au", "AFTER UPDATE OF article_id, deleted_at ON annotations BEGIN "
     + _refresh(("annotations",), "article_id IN (OLD.article_id, NEW.article_id)") + " END"),
    ("library_sort_annotations_ad", "AFTER DELETE ON annotations BEGIN "
     + _refresh(("annotations",), "article_id = OLD.article_id") + " END"),
)

#: every kept key as the rows say, per article (for the fill, the drift check and the repair)
_EXPECTED = ("SELECT a.id, " + ", ".join(
    f"(SELECT {KEYS[key][0]} FROM copies c WHERE c.id = a.primary_copy_id)" if key in COPY_KEYS
    else (f"coalesce({KEYS[key][0]}, 0)" if key == "annotations" else KEYS[key][0])
    for key in KEYS) + " FROM articles a")
_COLUMNS = "article_id, " + ", ".join(KEYS)


def install(db, progress: Callable[[int, int], None] | None = None) -> None:
    """The table, filled from the rows in steps of 20,000 articles (telling ``progress(done,
    total)``), then its indexes and triggers. Part of migration 0025."""
    db.execute(TABLE)
    last = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    step = 20000
    for start in range(0, last + 1, step):
        db.execute(f"INSERT OR REPLACE INTO library_sort ({_COLUMNS}) {_EXPECTED}"
                   " WHERE a.id >= ? AND a.id < ?", [start, start + step])
        if progress is not None:
            progress(min(start + step, last), last)
    for statement in INDEXES:
        db.execute(statement)
    db.execute(COUNTS_TABLE)
    db.execute(f"INSERT OR REPLACE INTO outlet_counts (outlet_id, n) {_COUNTED}")
    for name, body in TRIGGERS + COUNT_TRIGGERS:
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def outlet_counts(db) -> list[tuple[int, str, int]]:
    """(outlet id, name, articles) for every outlet with any, by name: one row per outlet."""
    return [(r[0], r[1], r[2]) for r in db.execute(
        "SELECT o.id, o.name, n.n FROM outlet_counts n JOIN outlets o ON o.id = n.outlet_id"
        " WHERE n.n > 0 ORDER BY o.name COLLATE NOCASE")]


def outlet_count(db, outlet_id: int) -> int:
    """Articles the library's filter by this outlet lists (kept, one row)."""
    row = db.execute("SELECT n FROM outlet_counts WHERE outlet_id = ?", [outlet_id]).fetchone()
    return int(row[0]) if row else 0


def counts_drift(db) -> list[int]:
    """Outlets whose kept count differs from what ``library_sort`` and the Trash say."""
    expected = dict(db.execute(_COUNTED).fetchall())
    kept = dict(db.execute("SELECT outlet_id, n FROM outlet_counts WHERE n != 0").fetchall())
    return sorted(o for o in expected.keys() | kept.keys() if expected.get(o) != kept.get(o))


def repair_counts(db) -> int:
    """Count every outlet again; returns how many were wrong. Run inside a write."""
    wrong = counts_drift(db)
    if wrong:
        db.execute("DELETE FROM outlet_counts")
        db.execute(f"INSERT INTO outlet_counts (outlet_id, n) {_COUNTED}")
    return len(wrong)


def drift(db) -> list[int]:
    """Articles whose kept keys differ from what their rows say, or have none (none, unless
    the triggers were dropped or the file was edited with them off)."""
    keys = " OR ".join(f"k.{key} IS NOT e.{key}" for key in KEYS)
    names = ", ".join(KEYS)
    return [r[0] for r in db.execute(
        f"WITH e(id, {names}) AS ({_EXPECTED}) SELECT e.id FROM e"
        f" LEFT JOIN library_sort k ON k.article_id = e.id WHERE k.article_id IS NULL OR {keys}"
        " UNION SELECT article_id FROM library_sort WHERE article_id NOT IN (SELECT id FROM articles)"
        " ORDER BY 1")]


def repair(db) -> int:
    """Recompute the keys of every article that drifted; returns how many. Run inside a write."""
    wrong = drift(db)
    for start in range(0, len(wrong), 500):
        chunk = wrong[start:start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM library_sort WHERE article_id IN ({marks})", chunk)
        db.execute(f"INSERT INTO library_sort ({_COLUMNS}) {_EXPECTED} WHERE a.id IN ({marks})", chunk)
    return len(wrong)


__all__ = ["KEYS", "SORTS", "TRIGGERS", "COUNT_TRIGGERS", "INDEXES", "OUTLET_INDEXES", "original_hop_sql", "install", "drift",
           "repair", "outlet_counts", "outlet_count", "counts_drift", "repair_counts"]
