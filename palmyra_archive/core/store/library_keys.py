"""What the library sorts, filters and counts by, kept at write time (issue #19).

Why: at 100,000 articles and more, working out "needs review" for every article (its shown
copy's flags against the corrections and the reasons marked reviewed, through ``json_each``)
on every click and at every start-up scanned the whole archive: the filter, the sort and the
sidebar's count grew with it. ``articles.review_open`` holds the answer of ``NEEDS_REVIEW``
for the article, kept by the triggers below in the same transaction as the write that changes
it (any write, by any service or by hand in ``sqlite3``), so the filter, the sort and the
count walk the index ``articles_review_open`` instead. ``drift``/``repair`` recompute it from
the rows, the way ``verify`` checks what it can recompute.
"""

from __future__ import annotations

#: true when a flag is left that no correction answers (a corrected title needs no review)
#: and that was not marked reviewed; over ``articles a`` joined to its shown copy ``c``
NEEDS_REVIEW = (
    "(c.needs_review != '[]' AND (((a.title_corrected IS NULL AND a.authors_corrected IS NULL"
    " AND c.outlet_corrected_id IS NULL AND c.date_corrected IS NULL AND c.section_corrected IS NULL"
    " AND c.original_outlet_corrected_id IS NULL AND c.original_date_corrected IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.copy_id = c.id))"
    " OR EXISTS (SELECT 1 FROM json_each(c.needs_review) j WHERE NOT ("
    "(j.value LIKE 'title%' AND a.title_corrected IS NOT NULL)"
    " OR (j.value LIKE 'authors%' AND a.authors_corrected IS NOT NULL)"
    " OR (j.value LIKE 'outlet%' AND c.outlet_corrected_id IS NOT NULL)"
    " OR (j.value LIKE 'date%' AND c.date_corrected IS NOT NULL)"
    " OR (j.value LIKE 'section%' AND c.section_corrected IS NOT NULL)"
    " OR (j.value LIKE 'original%' AND (c.original_outlet_corrected_id IS NOT NULL"
    " OR c.original_date_corrected IS NOT NULL))"
    " OR EXISTS (SELECT 1 FROM review_decisions r WHERE r.copy_id = c.id AND r.reason = j.value)))))")

#: the value ``articles.review_open`` must hold for the row ``articles`` being updated
REVIEW_OPEN_OF = ("coalesce((SELECT " + NEEDS_REVIEW + " FROM articles a JOIN copies c"
                  " ON c.id = a.primary_copy_id WHERE a.id = articles.id), 0)")

#: the library's "needs review" filter, sort and count walk this (migration 0022)
REVIEW_INDEX = ("CREATE INDEX IF NOT EXISTS articles_review_open ON articles("
                "review_open, id, primary_copy_id)")
#: walking the copies in date order, each shown copy's article and its flag are read here,
#: not from the article row
SHOWN_REVIEW_INDEX = ("CREATE INDEX IF NOT EXISTS articles_shown_review ON articles("
                      "primary_copy_id, review_open)")


def _refresh(where: str) -> str:
    """Recompute the flag of the articles ``where`` selects, writing only those that differ
    (an unchanged row is not rewritten, so its full-text row is not touched either)."""
    return (f"UPDATE articles SET review_open = {REVIEW_OPEN_OF}"
            f" WHERE {where} AND review_open IS NOT {REVIEW_OPEN_OF};")


#: (name, statement): what changes the answer of ``NEEDS_REVIEW`` recomputes it
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("articles_review_open_ai", "AFTER INSERT ON articles BEGIN "
     + _refresh("id = NEW.id") + " END"),
    ("articles_review_open_au", "AFTER UPDATE OF primary_copy_id, title_corrected,"
     " authors_corrected ON articles BEGIN " + _refresh("id = NEW.id") + " END"),
    ("copies_review_open_ai", "AFTER INSERT ON copies BEGIN "
     + _refresh("primary_copy_id = NEW.id") + " END"),
    ("copies_review_open_au", "AFTER UPDATE OF needs_review, outlet_corrected_id, date_corrected,"
     " section_corrected, original_outlet_corrected_id, original_date_corrected ON copies BEGIN "
     + _refresh("primary_copy_id = NEW.id") + " END"),
    ("review_decisions_open_ai", "AFTER INSERT ON review_decisions BEGIN "
     + _refresh("primary_copy_id = NEW.copy_id") + " END"),
    ("review_decisions_open_ad", "AFTER DELETE ON review_decisions BEGIN "
     + _refresh("primary_copy_id = OLD.copy_id") + " END"),
    ("review_decisions_open_au", "AFTER UPDATE ON review_decisions BEGIN "
     + _refresh("primary_copy_id IN (OLD.copy_id, NEW.copy_id)") + " END"),
)


def install(db, progress=None) -> None:
    """Add the column, fill it from the rows (in steps of 20,000 articles, telling
    ``progress(done, total)``), then the index and the triggers. Part of migration 0022."""
    db.execute("ALTER TABLE articles ADD COLUMN review_open INTEGER NOT NULL DEFAULT 0")
    last = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    step = 20000
    for start in range(0, last + 1, step):
        db.execute(f"UPDATE articles SET review_open = {REVIEW_OPEN_OF}"
                   " WHERE id >= ? AND id < ?", [start, start + step])
        if progress is not None:
            progress(min(start + step, last), last)
    db.execute(REVIEW_INDEX)
    db.execute(SHOWN_REVIEW_INDEX)
    for name, body in TRIGGERS:
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def drift(db) -> list[int]:
    """Articles whose kept flag differs from what their rows say (none, unless the triggers
    were dropped or the file was edited with them off)."""
    return [r[0] for r in db.execute(
        f"SELECT id FROM articles WHERE review_open IS NOT {REVIEW_OPEN_OF} ORDER BY id")]


def repair(db) -> int:
    """Recompute every article's flag; returns how many were wrong. Run inside a write."""
    wrong = drift(db)
    for start in range(0, len(wrong), 500):
        chunk = wrong[start:start + 500]
        db.execute(f"UPDATE articles SET review_open = {REVIEW_OPEN_OF}"
                   f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    return len(wrong)


__all__ = ["NEEDS_REVIEW", "REVIEW_OPEN_OF", "REVIEW_INDEX", "SHOWN_REVIEW_INDEX", "TRIGGERS", "install", "drift",
           "repair"]
