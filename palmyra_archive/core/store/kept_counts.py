"""The sidebar's tag counts and the library's article totals, kept at write time (issue #19).

Why: at start-up the sidebar counted every ``article_tags`` and ``annotation_tags`` row (the
tags with their articles and passages, the tags below each one included: 72–95 ms at 100,000
articles, growing with the archive) and ran ``count(*)`` over the articles, the Trash and the
library's query; a million articles made the first paint wait on them. Like the outlet counts
(``sort_keys.outlet_counts``) and "needs review" (``library_keys``) these are now kept by
triggers in the same transaction as any write that changes them, by any service or by hand in
``sqlite3``, and start-up reads one row per tag and four numbers.

- ``tag_reach`` (article, tag, direct): the article carries the tag or one below it, on
  itself or on one of its live annotations (what the library's tag filter shows; ``direct``:
  on the article with exactly that tag). Recomputed per article whenever its tags, its
  annotations' tags or their tags' paths change: a handful of rows, never the archive.
  Articles without a shown copy (merged away) have none, as the library does not list them.
- ``tag_reach_passages`` (annotation, tag, article, direct): the same for live annotations.
- ``tag_counts`` per tag: ``articles``/``passages`` with it or a tag below it,
  ``tagged``/``annotated`` with exactly it, outside the Trash; kept from the two tables above
  and the Trash by their triggers.
- ``library_counts``: ``articles`` (every row), ``trash``, ``listed`` (outside the Trash with
  a shown copy: the library's unfiltered row count), ``review`` (listed and needing review)
  and ``proposed`` (links found by text awaiting a decision: the sidebar's "Proposed copies
  (N)", which counted 11 ms of index at 100,000 articles and ten times that at a million;
  migration 0034).

``drift`` compares them with a recount from the rows and ``repair`` rebuilds them, the way
``verify`` repairs the other kept keys. Derived: nothing imported is changed.
"""

from __future__ import annotations

from collections.abc import Callable

TABLES = (
    """CREATE TABLE IF NOT EXISTS tag_reach (
    article_id INTEGER NOT NULL,      -- articles.id (kept by the triggers, not a foreign key)
    tag_id INTEGER NOT NULL,          -- a tag it carries or one above a tag it carries
    direct INTEGER NOT NULL,          -- 1: the article itself carries exactly this tag
    PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS tag_reach_passages (
    annotation_id INTEGER NOT NULL,   -- a live annotation
    tag_id INTEGER NOT NULL,          -- a tag on it or one above
    article_id INTEGER NOT NULL,      -- its article (the Trash follows it)
    direct INTEGER NOT NULL,          -- 1: exactly this tag is on the annotation
    PRIMARY KEY (annotation_id, tag_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS tag_reach_passages_article ON tag_reach_passages(article_id)",
    # the library's tag filter reads a tag's articles from it (``search.library_query``)
    "CREATE INDEX IF NOT EXISTS tag_reach_tag ON tag_reach(tag_id, article_id)",
    """CREATE TABLE IF NOT EXISTS tag_counts (
    tag_id INTEGER PRIMARY KEY,       -- tags.id
    articles INTEGER NOT NULL DEFAULT 0,   -- with it or a tag below it, outside the Trash
    tagged INTEGER NOT NULL DEFAULT 0,     -- articles carrying exactly it
    passages INTEGER NOT NULL DEFAULT 0,   -- live annotations with it or a tag below it
    annotated INTEGER NOT NULL DEFAULT 0)  -- live annotations carrying exactly it""",
    """CREATE TABLE IF NOT EXISTS library_counts (
    name TEXT PRIMARY KEY,            -- articles | trash | listed | review | proposed
    n INTEGER NOT NULL)""",
)

#: the tag ``p`` is the tag ``t`` or above it (the NOCASE path range the sidebar always used)
_ABOVE = "(p.id = t.id OR (t.path > p.path || '/' AND t.path < p.path || '0'))"
_NOT_TRASHED = "{article} NOT IN (SELECT article_id FROM trash)"


def _reach_select(ids: str | None) -> str:
    """(article, tag, direct) for the articles whose ids the SQL ``ids`` lists (every one
    when None)."""
    where_x = f" WHERE x.article_id IN ({ids})" if ids else ""
    where_an = f" AND an.article_id IN ({ids})" if ids else ""
    return (
        "SELECT u.article_id, p.id, max(u.direct AND p.id = t.id) FROM ("
        f"SELECT x.article_id, x.tag_id, 1 AS direct FROM article_tags x{where_x}"
        " UNION ALL SELECT an.article_id, y.tag_id, 0 FROM annotations an"
        f" JOIN annotation_tags y ON y.annotation_id = an.id WHERE an.deleted_at IS NULL{where_an}) u"
        " JOIN articles a ON a.id = u.article_id AND a.primary_copy_id IS NOT NULL"
        f" JOIN tags t ON t.id = u.tag_id JOIN tags p ON {_ABOVE} GROUP BY u.article_id, p.id")


def _passages_select(ids: str | None) -> str:
    """(annotation, tag, article, direct) for the annotations whose ids ``ids`` lists."""
    where = f" AND an.id IN ({ids})" if ids else ""
    return ("SELECT an.id, p.id, an.article_id, max(p.id = t.id) FROM annotations an"
            " JOIN annotation_tags y ON y.annotation_id = an.id JOIN tags t ON t.id = y.tag_id"
            f" JOIN tags p ON {_ABOVE} WHERE an.deleted_at IS NULL{where} GROUP BY an.id, p.id")


def _refresh_articles(ids: str) -> str:
    return (f"DELETE FROM tag_reach WHERE article_id IN ({ids}); INSERT INTO tag_reach"
            f" (article_id, tag_id, direct) {_reach_select(ids)};")


def _refresh_passages(ids: str) -> str:
    return (f"DELETE FROM tag_reach_passages WHERE annotation_id IN ({ids}); INSERT INTO"
            f" tag_reach_passages (annotation_id, tag_id, article_id, direct) {_passages_select(ids)};")


def _bump_tag(row: str, sign: str, kind: str) -> str:
    """Add (or take) the reach row ``row`` (NEW/OLD) to its tag's counts, outside the Trash."""
    total, exact = ("articles", "tagged") if kind == "articles" else ("passages", "annotated")
    return (f"INSERT OR IGNORE INTO tag_counts (tag_id) VALUES ({row}.tag_id);"
            f" UPDATE tag_counts SET {total} = {total} {sign} 1, {exact} = {exact} {sign} {row}.direct"
            f" WHERE tag_id = {row}.tag_id AND {_NOT_TRASHED.format(article=row + '.article_id')};")


def _trash_tags(article: str, sign: str) -> str:
    """The article ``article`` leaves (``-``) or comes back from (``+``) the Trash: its tags'
    counts follow."""
    return (f"UPDATE tag_counts SET articles = articles {sign} 1, tagged = tagged {sign} r.direct"
            f" FROM (SELECT tag_id, direct FROM tag_reach WHERE article_id = {article}) r"
            " WHERE tag_counts.tag_id = r.tag_id;"
            f" UPDATE tag_counts SET passages = passages {sign} r.n, annotated = annotated {sign} r.d"
            " FROM (SELECT tag_id, count(*) AS n, sum(direct) AS d FROM tag_reach_passages"
            f" WHERE article_id = {article} GROUP BY tag_id) r WHERE tag_counts.tag_id = r.tag_id;")


def _add(name: str, by: str, when: str = "1") -> str:
    return f"UPDATE library_counts SET n = n + ({by}) WHERE name = '{name}' AND ({when});"


def _listed(row: str) -> str:
    return f"({row}.primary_copy_id IS NOT NULL)"


def _review(row: str) -> str:
    return f"({row}.primary_copy_id IS NOT NULL AND {row}.review_open = 1)"


_ARTICLE_OF_TRASH = "(SELECT {col} FROM articles WHERE id = {row}.article_id)"


def _trash_totals(row: str, sign: str) -> str:
    """The Trash grows (``+``) or shrinks by the article ``row.article_id``: the listed
    articles the other way."""
    copy = _ARTICLE_OF_TRASH.format(col="primary_copy_id", row=row)
    review = _ARTICLE_OF_TRASH.format(col="review_open", row=row)
    other = "-" if sign == "+" else "+"
    return (_add("trash", f"{sign}1") + " "
            + _add("listed", f"{other}1", f"{copy} IS NOT NULL") + " "
            + _add("review", f"{other}1", f"{copy} IS NOT NULL AND {review} = 1"))


_USING_TAG = ("SELECT article_id FROM article_tags WHERE tag_id = {tag} UNION SELECT an.article_id"
              " FROM annotation_tags y JOIN annotations an ON an.id = y.annotation_id WHERE y.tag_id = {tag}")
_BELOW = ("SELECT id FROM tags t WHERE t.path > {tag}.path || '/' AND t.path < {tag}.path || '0'")

#: the ``proposed`` total (links found by text awaiting a decision), kept by the links' own
#: writes: a proposal, a decision, its undoing, a purge
PROPOSED_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("library_counts_proposed_ai", "AFTER INSERT ON reuse_links BEGIN "
     + _add("proposed", "NEW.status = 'proposed'") + " END"),
    ("library_counts_proposed_ad", "AFTER DELETE ON reuse_links BEGIN "
     + _add("proposed", "-(OLD.status = 'proposed')") + " END"),
    ("library_counts_proposed_au", "AFTER UPDATE OF status ON reuse_links BEGIN "
     + _add("proposed", "(NEW.status = 'proposed') - (OLD.status = 'proposed')") + " END"),
)

#: (name, statement)
TRIGGERS: tuple[tuple[str, str], ...] = (
    # the counts follow the reach rows and the Trash
    ("tag_reach_ai", "AFTER INSERT ON tag_reach BEGIN " + _bump_tag("NEW", "+", "articles") + " END"),
    ("tag_reach_ad", "AFTER DELETE ON tag_reach BEGIN " + _bump_tag("OLD", "-", "articles") + " END"),
    ("tag_reach_passages_ai", "AFTER INSERT ON tag_reach_passages BEGIN "
     + _bump_tag("NEW", "+", "passages") + " END"),
    ("tag_reach_passages_ad", "AFTER DELETE ON tag_reach_passages BEGIN "
     + _bump_tag("OLD", "-", "passages") + " END"),
    ("kept_counts_trash_ai", "AFTER INSERT ON trash BEGIN " + _trash_tags("NEW.article_id", "-")
     + " " + _trash_totals("NEW", "+") + " END"),
    ("kept_counts_trash_ad", "AFTER DELETE ON trash BEGIN " + _trash_tags("OLD.article_id", "+")
     + " " + _trash_totals("OLD", "-") + " END"),
    # the reach rows follow the links, the annotations, the shown copy and the tree
    ("tag_reach_article_tags_ai", "AFTER INSERT ON article_tags BEGIN "
     + _refresh_articles("NEW.article_id") + " END"),
    ("tag_reach_article_tags_ad", "AFTER DELETE ON article_tags BEGIN "
     + _refresh_articles("OLD.article_id") + " END"),
    ("tag_reach_article_tags_au", "AFTER UPDATE ON article_tags BEGIN "
     + _refresh_articles("OLD.article_id, NEW.article_id") + " END"),
    ("tag_reach_annotation_tags_ai", "AFTER INSERT ON annotation_tags BEGIN "
     + _refresh_passages("NEW.annotation_id")
     + _refresh_articles("SELECT article_id FROM annotations WHERE id = NEW.annotation_id") + " END"),
    ("tag_reach_annotation_tags_ad", "AFTER DELETE ON annotation_tags BEGIN "
     + _refresh_passages("OLD.annotation_id")
     + _refresh_articles("SELECT article_id FROM annotations WHERE id = OLD.annotation_id") + " END"),
    ("tag_reach_annotation_tags_au", "AFTER UPDATE ON annotation_tags BEGIN "
     + _refresh_passages("OLD.annotation_id, NEW.annotation_id")
     + _refresh_articles("SELECT article_id FROM annotations WHERE id IN (OLD.annotation_id,"
                         " NEW.annotation_id)") + " END"),
    ("tag_reach_annotations_au", "AFTER UPDATE OF article_id, deleted_at ON annotations BEGIN "
     + _refresh_passages("NEW.id") + _refresh_articles("OLD.article_id, NEW.article_id") + " END"),
    ("tag_reach_annotations_ad", "AFTER DELETE ON annotations BEGIN "
     "DELETE FROM tag_reach_passages WHERE annotation_id = OLD.id; "
     + _refresh_articles("OLD.article_id") + " END"),
    ("tag_reach_articles_au", "AFTER UPDATE OF primary_copy_id ON articles"
     " WHEN (OLD.primary_copy_id IS NULL) IS NOT (NEW.primary_copy_id IS NULL) BEGIN "
     + _refresh_articles("NEW.id") + " END"),
    ("tag_reach_articles_ad", "AFTER DELETE ON articles BEGIN"
     " DELETE FROM tag_reach WHERE article_id = OLD.id; END"),
    ("tag_reach_tags_ai", "AFTER INSERT ON tags BEGIN"
     " INSERT OR IGNORE INTO tag_counts (tag_id) VALUES (NEW.id); "
     + _refresh_articles("SELECT x.article_id FROM article_tags x WHERE x.tag_id IN ("
                         + _BELOW.format(tag="NEW") + ") UNION SELECT an.article_id FROM annotation_tags y"
                         " JOIN annotations an ON an.id = y.annotation_id WHERE y.tag_id IN ("
                         + _BELOW.format(tag="NEW") + ")")
     + _refresh_passages("SELECT annotation_id FROM annotation_tags WHERE tag_id IN ("
                         + _BELOW.format(tag="NEW") + ")") + " END"),
    ("tag_reach_tags_au", "AFTER UPDATE OF path ON tags BEGIN "
     + _refresh_articles(_USING_TAG.format(tag="NEW.id"))
     + _refresh_passages("SELECT annotation_id FROM annotation_tags WHERE tag_id = NEW.id") + " END"),
    ("tag_reach_tags_ad", "AFTER DELETE ON tags BEGIN"
     " DELETE FROM tag_reach WHERE tag_id = OLD.id; DELETE FROM tag_reach_passages WHERE tag_id = OLD.id;"
     " DELETE FROM tag_counts WHERE tag_id = OLD.id; END"),
    # the totals
    ("library_counts_articles_ai", "AFTER INSERT ON articles BEGIN " + _add("articles", "1") + " "
     + _add("listed", _listed("NEW"), _NOT_TRASHED.format(article="NEW.id")) + " "
     + _add("review", _review("NEW"), _NOT_TRASHED.format(article="NEW.id")) + " END"),
    ("library_counts_articles_ad", "AFTER DELETE ON articles BEGIN " + _add("articles", "-1") + " "
     + _add("listed", "-" + _listed("OLD"), _NOT_TRASHED.format(article="OLD.id")) + " "
     + _add("review", "-" + _review("OLD"), _NOT_TRASHED.format(article="OLD.id")) + " END"),
    ("library_counts_articles_au", "AFTER UPDATE OF primary_copy_id, review_open ON articles BEGIN "
     + _add("listed", f"{_listed('NEW')} - {_listed('OLD')}", _NOT_TRASHED.format(article="NEW.id")) + " "
     + _add("review", f"{_review('NEW')} - {_review('OLD')}", _NOT_TRASHED.format(article="NEW.id"))
     + " END"),
    *PROPOSED_TRIGGERS,
)

#: the totals as the rows say
_TOTALS = {
    "articles": "SELECT count(*) FROM articles",
    "trash": "SELECT count(*) FROM trash",
    "listed": ("SELECT count(*) FROM articles WHERE primary_copy_id IS NOT NULL"
               " AND id NOT IN (SELECT article_id FROM trash)"),
    "review": ("SELECT count(*) FROM articles WHERE primary_copy_id IS NOT NULL AND review_open = 1"
               " AND id NOT IN (SELECT article_id FROM trash)"),
    "proposed": "SELECT count(*) FROM reuse_links WHERE status = 'proposed'",
}

#: every tag's counts recounted from the links (not from the reach tables): what ``drift``
#: holds the kept ones to
RECOUNT = f"""
WITH uses(article_id, annotation_id, tag_id, listed) AS (
  SELECT x.article_id, NULL, x.tag_id, a.primary_copy_id IS NOT NULL FROM article_tags x
    JOIN articles a ON a.id = x.article_id
  UNION ALL
  SELECT an.article_id, an.id, y.tag_id, a.primary_copy_id IS NOT NULL FROM annotation_tags y
    JOIN annotations an ON an.id = y.annotation_id JOIN articles a ON a.id = an.article_id
    WHERE an.deleted_at IS NULL),
reach(pid, article_id, annotation_id, exact, listed) AS (
  SELECT p.id, u.article_id, u.annotation_id, p.id = t.id, u.listed FROM uses u
  JOIN tags t ON t.id = u.tag_id JOIN tags p ON {_ABOVE}
  WHERE u.article_id NOT IN (SELECT article_id FROM trash))
SELECT p.id,
  count(DISTINCT CASE WHEN r.listed THEN r.article_id END),
  count(DISTINCT CASE WHEN r.listed AND r.exact AND r.annotation_id IS NULL THEN r.article_id END),
  count(DISTINCT r.annotation_id),
  count(DISTINCT CASE WHEN r.exact THEN r.annotation_id END)
FROM tags p LEFT JOIN reach r ON r.pid = p.id GROUP BY p.id"""


def install(db, progress: Callable[[int, int], None] | None = None) -> None:
    """The tables, filled from the rows (the reach in steps of 20,000 articles, telling
    ``progress(done, total)``), then their triggers. Migration 0028."""
    for statement in TABLES:
        db.execute(statement)
    last = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    step = 20000
    for start in range(0, last + 1, step):
        ids = f"SELECT id FROM articles WHERE id >= {start} AND id < {start + step}"
        db.execute(f"INSERT OR REPLACE INTO tag_reach (article_id, tag_id, direct) {_reach_select(ids)}")
        if progress is not None:
            progress(min(start + step, last), last)
    _fill(db)
    for name, body in TRIGGERS:
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def install_proposed(db) -> None:
    """The ``proposed`` total counted once and its triggers (migration 0034, for an archive
    whose other totals 0028 installed)."""
    db.execute(f"INSERT OR REPLACE INTO library_counts (name, n) VALUES ('proposed', ({_TOTALS['proposed']}))")
    for name, body in PROPOSED_TRIGGERS:
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def _fill(db) -> None:
    """Passages, counts and totals from the reach (already filled) and the rows."""
    db.execute("DELETE FROM tag_reach_passages")
    db.execute("INSERT INTO tag_reach_passages (annotation_id, tag_id, article_id, direct) "
               + _passages_select(None))
    db.execute("DELETE FROM tag_counts")
    db.execute(
        "INSERT INTO tag_counts (tag_id, articles, tagged, passages, annotated)"
        " SELECT t.id, coalesce(r.n, 0), coalesce(r.d, 0), coalesce(q.n, 0), coalesce(q.d, 0) FROM tags t"
        " LEFT JOIN (SELECT tag_id, count(*) AS n, sum(direct) AS d FROM tag_reach"
        "  WHERE article_id NOT IN (SELECT article_id FROM trash) GROUP BY tag_id) r ON r.tag_id = t.id"
        " LEFT JOIN (SELECT tag_id, count(*) AS n, sum(direct) AS d FROM tag_reach_passages"
        "  WHERE article_id NOT IN (SELECT article_id FROM trash) GROUP BY tag_id) q ON q.tag_id = t.id")
    db.execute("DELETE FROM library_counts")
    for name, sql in _TOTALS.items():
        db.execute(f"INSERT INTO library_counts (name, n) VALUES (?, ({sql}))", [name])


# -- reading ---------------------------------------------------------------------------------

def total(db, name: str) -> int:
    """One kept total: ``articles``, ``trash``, ``listed``, ``review`` or ``proposed``."""
    row = db.execute("SELECT n FROM library_counts WHERE name = ?", [name]).fetchone()
    return int(row[0]) if row else 0


def tag_counts(db) -> dict[int, tuple[int, int, int, int]]:
    """tag id -> (articles, tagged, passages, annotated), one row per tag."""
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in db.execute(
        "SELECT tag_id, articles, tagged, passages, annotated FROM tag_counts")}


def tag_articles(db, tag_id: int) -> int:
    """Articles the library's filter by this tag lists."""
    row = db.execute("SELECT articles FROM tag_counts WHERE tag_id = ?", [tag_id]).fetchone()
    return int(row[0]) if row else 0


# -- checking and repairing ------------------------------------------------------------------

def drift(db) -> dict[str, list]:
    """What differs from a recount from the rows: ``tags`` (ids) and ``totals`` (names);
    empty lists when nothing (unless the triggers were dropped or the file edited with them off)."""
    expected = {r[0]: tuple(r[1:]) for r in db.execute(RECOUNT)}
    kept = tag_counts(db)
    zero = (0, 0, 0, 0)
    tags = sorted(t for t in expected.keys() | kept.keys() if expected.get(t, zero) != kept.get(t, zero)
                  or t not in expected)
    totals = [name for name, sql in _TOTALS.items() if db.execute(sql).fetchone()[0] != total(db, name)]
    missing = [name for name in _TOTALS
               if not db.execute("SELECT 1 FROM library_counts WHERE name = ?", [name]).fetchone()]
    return {"tags": tags, "totals": sorted(set(totals) | set(missing))}


def repair(db) -> dict[str, list]:
    """Rebuild the reach, the counts and the totals from the rows; returns what had drifted.
    Run inside a write."""
    wrong = drift(db)
    if wrong["tags"] or wrong["totals"]:
        names = ("tag_reach_ai", "tag_reach_ad", "tag_reach_passages_ai", "tag_reach_passages_ad")
        saved = {n: r[0] for n in names
                 for r in db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [n])}
        for name in saved:      # the rebuild counts by itself, not row by row
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DELETE FROM tag_reach")
        db.execute(f"INSERT INTO tag_reach (article_id, tag_id, direct) {_reach_select(None)}")
        _fill(db)
        for sql in saved.values():
            db.execute(sql)
    return wrong


__all__ = ["TABLES", "TRIGGERS", "install", "install_proposed", "total", "tag_counts", "tag_articles", "drift", "repair"]
