"""The archive's schema steps from 0021 on, in order, registered on ``schema_steps.migrations``
after its 0001–0020: the head's details, queued reuse pairs, restored history, the library's
sort keys, the reuse links' outlets, the kept counts, compressed sources, the article fields'
index, the outlets' sort indexes, packed band keys, the links' methods kept once and the
proposed count kept (most of them for a million articles, #19).

May import the store's own modules, nothing above the store.
"""

from __future__ import annotations

import json

import sqlite_utils

from .schema_steps import FTS_TOKENIZER, PROGRESS, migrations


@migrations(name="0021_head_details")
def _head_details(db: sqlite_utils.Database) -> None:
    """What the importer reads in an article's head and had nowhere to keep (issue #12): the
    date's precision (``copies.date_precision``: day | month | year, NULL when no date was read),
    the dateline's place with its evidence (``copies.dateline_place`` and its offsets into the
    source, ``dateline_method``: a wire dateline "BEIRUT (Reuters) -" or a byline's "in Beirut")
    and agency (``copies.wire_agency``), and each author's role as printed ("Middle East
    correspondent", "envoyé spécial", "translator") in ``author_roles``, with the stretch of the
    source it was read from. Copies imported before keep empty columns: nothing is re-read.

    Also (issue #20) ``trashed_copies``: one copy of a work moved to the Trash on its own (the
    work keeps its other copies; ``was_shown``: it was the work's shown copy, which restoring
    makes it again); like an article in ``trash`` it keeps every row until the Trash is emptied."""
    db.execute("ALTER TABLE copies ADD COLUMN date_precision TEXT")
    db.execute("ALTER TABLE copies ADD COLUMN dateline_place TEXT")
    db.execute("ALTER TABLE copies ADD COLUMN dateline_start INTEGER")
    db.execute("ALTER TABLE copies ADD COLUMN dateline_end INTEGER")
    db.execute("ALTER TABLE copies ADD COLUMN dateline_method TEXT")
    db.execute("ALTER TABLE copies ADD COLUMN wire_agency TEXT")
    db.execute("""CREATE TABLE IF NOT EXISTS author_roles (
        id INTEGER PRIMARY KEY,
        copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,         -- the order the byline printed them in
        author TEXT NOT NULL,              -- the name as read (one of the copy's authors, or a translator)
        role TEXT NOT NULL,                -- as printed: "Foreign Editor", "envoyé spécial", "translator"
        span_start INTEGER,                -- the source line it was read from
        span_end INTEGER,
        method TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS author_roles_copy ON author_roles(copy_id)")
    db.execute("""CREATE TABLE IF NOT EXISTS trashed_copies (
        copy_id INTEGER PRIMARY KEY REFERENCES copies(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL,       -- the work it was trashed from
        was_shown INTEGER NOT NULL DEFAULT 0,
        trashed_at TEXT NOT NULL)""")


@migrations(name="0023_reuse_pending_pairs")
def _reuse_pending_pairs(db: sqlite_utils.Database) -> None:
    """Text reuse (issue #11) verified after the import, not inside its write: the candidate
    pairs a newly imported copy found (``reuse_pending``: the new copy, the candidate, in the
    order found) wait there until they are aligned in short transactions of their own after the
    import batch (or by ``reuse verify-pending`` / the next import or scan); a closed app leaves
    them pending. ``reuse_boilerplate.since_copy``: the copy whose import made the paragraph
    the outlet's boilerplate (its count reached the threshold), so a pair verified later leaves
    out exactly what it would have left out at its copy's import; NULL (counted by a scan, or
    before this step): boilerplate for every pair."""
    db.execute("""CREATE TABLE IF NOT EXISTS reuse_pending (
        id INTEGER PRIMARY KEY,            -- the order found, the order verified
        copy_id INTEGER NOT NULL,          -- the copy whose import found the candidate
        other_id INTEGER NOT NULL,         -- the candidate copy
        queued_at TEXT NOT NULL,
        UNIQUE (copy_id, other_id))""")
    db.execute("ALTER TABLE reuse_boilerplate ADD COLUMN since_copy INTEGER")


@migrations(name="0024_restored_history")
def _restored_history(db: sqlite_utils.Database) -> None:
    """The history a citation bundle carried for the sources it brought in (issue #13).

    A bundle says when each source was first imported and which import and correction events
    it went through, in the archive where they happened. Opening it imports the sources here
    (this archive's own ``import`` events, kept) and records one ``restore_history`` event
    ("restored from bundle X"); the carried facts are stored beside, verbatim and never merged
    into this archive's log: ``restored_sources`` (the first import time of each source the
    opening brought in) and ``restored_events`` (each carried event, with its id and archive
    there, and which copy of the source it is about). An export tells a source's provenance
    from these, so a bundle opened and exported again states the same history; the opening's
    own events stay in this archive's log (``palmyra events``). Emptying the Trash of a source
    removes its carried history with it (the purge event names what went)."""
    db.execute("""CREATE TABLE IF NOT EXISTS restored_sources (
        source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        imported_at TEXT NOT NULL,          -- when the archive that first imported it did
        opening_event_id INTEGER NOT NULL REFERENCES events(id))""")
    db.execute("""CREATE TABLE IF NOT EXISTS restored_events (
        id INTEGER PRIMARY KEY,
        opening_event_id INTEGER NOT NULL REFERENCES events(id),  -- this archive's restore_history
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,  -- whose history
        entity TEXT NOT NULL CHECK (entity IN ('source','article','copy')),
        index_in_source INTEGER,            -- the copy of the source an article/copy event is about
        archive TEXT,                       -- the UUID of the archive it happened in, when known
        original_id INTEGER NOT NULL,       -- its id there
        at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        before TEXT, after TEXT, details TEXT)""")   # JSON, as the bundle carried them
    db.execute("CREATE INDEX IF NOT EXISTS restored_events_source ON restored_events(source_id)")


@migrations(name="0025_library_sort_keys")
def _library_sort_keys(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19): the library's other sort keys kept at write time.

    ``library_sort`` holds, per article, the keys the library sorted by through a subquery
    (the shown copy's outlet name, the original outlet, the word count, the first tag path, the
    annotation count; ``sort_keys.KEYS``), filled here from the rows (in steps, with progress on
    a large archive, after the backup ``migrate`` makes first) and kept by triggers from now
    on, each with an index ``(key, article_id)``: every sort walks an index to its first
    screenful and pages on from its last key. Derived and rebuildable (``sort_keys.repair``,
    run by ``verify``): nothing imported is changed."""
    from . import sort_keys
    sort_keys.install(db, progress=PROGRESS.told)


@migrations(name="0027_reuse_link_outlets")
def _reuse_link_outlets(db: sqlite_utils.Database) -> None:
    """The outlet network at 100,000 articles (issue #11): each text-reuse link keeps its two
    copies' outlets as shown (``reuse_links.outlet_a``, ``outlet_b``), filled here from the rows
    (in steps, with progress on a large archive, after the backup ``migrate`` makes first) and
    kept by triggers from now on (a link stored or moved, a copy's outlet corrected); the index
    ``reuse_links_outlets`` covers the network's count by outlet pair and direction, which read
    two copy rows per link before. Derived and rebuildable (``reuse_outlets.repair``, run by
    ``verify``): nothing imported is changed."""
    from . import reuse_outlets
    reuse_outlets.install(db, progress=PROGRESS.told)


@migrations(name="0028_kept_counts")
def _kept_counts(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19): nothing at start-up counts the archive.

    The sidebar's tag counts (articles and passages with each tag or one below it, and with
    exactly it) and the library's totals (articles, the Trash, the listed articles, those
    needing review) are kept by triggers from now on (``kept_counts``), filled here from the
    rows (the reach of each article's tags in steps, with progress, after the backup
    ``migrate`` makes first). Derived and rebuildable (``kept_counts.repair``, run by
    ``verify``): nothing imported is changed.

    Also the index ``library_sort_outlet_id`` (the kept outlet, then the article): an outlet's
    articles are read from it and sorted, instead of walking a sort's index and testing
    every copy's outlet (a small outlet's first screenful took 105–604 ms at 100,000)."""
    from . import kept_counts
    kept_counts.install(db, progress=PROGRESS.told)
    db.execute("CREATE INDEX IF NOT EXISTS library_sort_outlet_id ON library_sort(outlet_id, article_id)")


@migrations(name="0029_sources_compressed")
def _sources_compressed(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19), the disk: each source's verbatim bytes kept compressed.

    ``sources.content`` holds the file the sqlite3 shell's SQL Archive way (``source_bytes``):
    zlib's ``compress()`` of it when that is smaller, else the file as is, with ``size_bytes``
    its original size, so ``sqlar_uncompress(content, size_bytes)`` in the sqlite3 shell (and
    on every connection this package opens) gives the file back byte for byte. ``sha256`` stays
    the hash of the original bytes; each row is checked against it here before it is
    replaced, so a source whose bytes no longer match (damaged before this step) is left as it
    is, for ``verify`` to report. In steps of ``_COMPRESS_STEP`` rows, with progress, after the
    backup ``migrate`` makes first; ``migrate`` then gives the freed pages back to the disk."""
    import hashlib

    from . import source_bytes
    last = db.execute("SELECT coalesce(max(id), 0) FROM sources").fetchone()[0]
    start = 0
    while start < last:
        rows = db.execute("SELECT id, content, size_bytes, sha256 FROM sources WHERE id > ? AND"
                          " id <= ? AND length(content) = size_bytes", [start, start + _COMPRESS_STEP]
                          ).fetchall()
        for source_id, content, size, sha in rows:
            raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            if hashlib.sha256(raw).hexdigest() != sha:
                continue
            packed = source_bytes.pack(raw)
            if len(packed) < size:
                db.execute("UPDATE sources SET content = ? WHERE id = ?", [packed, source_id])
        start += _COMPRESS_STEP
        if PROGRESS.told is not None:
            PROGRESS.told(min(start, last), last, "Compressing the stored sources")


#: sources compressed per step of migration 0029 (one progress report each)
_COMPRESS_STEP = 2000


#: authors and the article note in an index of their own (migration 0030): table, columns
FIELDS_FTS = "article_fields_fts"
FIELDS_FTS_COLUMNS = ("authors", "authors_corrected", "note")
FIELDS_FTS_TRIGGERS = ("article_fields_ai", "article_fields_ad", "article_fields_au")


@migrations(name="0030_article_fields_index")
def _article_fields_index(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19): authors and the article note get a full-text index of
    their own, ``article_fields_fts`` (external content over ``articles``, kept by triggers).

    Why: in ``articles_fts`` they share each word's rows with the titles, so finding a word
    among the authors (or notes) walked every article whose title says it (FTS5 tests the
    column row by row), and bm25 counted them all again: 4 ms per field at 100,000 articles
    for a word in most titles, growing with the archive. ``articles_fts`` keeps every column
    (it answers NOT and the titles). Filled in steps with progress, after the backup
    ``migrate`` makes first; derived from the rows, nothing imported is changed."""
    cols = ", ".join(FIELDS_FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FIELDS_FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FIELDS_FTS_COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FIELDS_FTS} USING FTS5 (\n    {cols},\n"
               f"    tokenize='{FTS_TOKENIZER}',\n    content=[articles]\n)")
    last = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    told = PROGRESS.told   # (done, total), set by ``migrate``
    step = 50000
    for start in range(0, last + 1, step):
        db.execute(f"INSERT INTO {FIELDS_FTS} (rowid, {cols}) SELECT id, {cols} FROM articles"
                   " WHERE id >= ? AND id < ?", [start, start + step])
        if told is not None:
            told(min(start + step, last), last)
    ai, ad, au = FIELDS_FTS_TRIGGERS
    db.execute(f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON articles BEGIN\n"
               f"  INSERT INTO {FIELDS_FTS} (rowid, {cols}) VALUES (new.rowid, {new});\nEND")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON articles BEGIN\n"
               f"  INSERT INTO {FIELDS_FTS} ({FIELDS_FTS}, rowid, {cols})"
               f" VALUES('delete', old.rowid, {old});\nEND")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {cols} ON articles BEGIN\n"
               f"  INSERT INTO {FIELDS_FTS} ({FIELDS_FTS}, rowid, {cols})"
               f" VALUES('delete', old.rowid, {old});\n"
               f"  INSERT INTO {FIELDS_FTS} (rowid, {cols}) VALUES (new.rowid, {new});\nEND")


@migrations(name="0031_outlet_sort_indexes")
def _outlet_sort_indexes(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19): one outlet sorted by outlet, original outlet, words,
    tags or annotations reads one index range (``library_sort(outlet_id, key, article_id)``,
    ``sort_keys.OUTLET_INDEXES``) instead of walking the key's index until a screenful of the
    outlet's articles turned up: the largest outlet sorted by words took 14 s at 624,648
    articles. Derived, after the backup ``migrate`` makes first; nothing imported is changed."""
    from . import sort_keys
    told = PROGRESS.told
    for done, statement in enumerate(sort_keys.OUTLET_INDEXES, start=1):
        db.execute(statement)
        if told is not None:
            told(done, len(sort_keys.OUTLET_INDEXES))


@migrations(name="0032_band_keys_per_copy")
def _band_keys_per_copy(db: sqlite_utils.Database) -> None:
    """A million articles (issues #11, #19): a copy's text-reuse band keys are kept packed in
    its fingerprint row (``reuse_fingerprints.band_keys``, ``band_keys.pack``) instead of an
    index on ``reuse_bands(copy_id)``, which repeated every key row to answer "which keys has
    this copy" (26 MB of a 280 MB archive of 10,000 articles). Filled here from the key rows
    in steps of copies, with progress (after the backup ``migrate`` makes first), then the
    index is dropped. Derived and rebuildable (``reuse scan``): nothing imported is changed."""
    from . import band_keys
    db.execute("ALTER TABLE reuse_fingerprints ADD COLUMN band_keys BLOB")
    ids = [r[0] for r in db.execute("SELECT copy_id FROM reuse_fingerprints ORDER BY copy_id")]
    told = PROGRESS.told
    step = 2000
    for start in range(0, len(ids), step):
        chunk = ids[start:start + step]
        keys: dict[int, list[int]] = {copy_id: [] for copy_id in chunk}
        for copy_id, key in db.execute(
                "SELECT copy_id, key FROM reuse_bands INDEXED BY reuse_bands_copy"
                " WHERE copy_id >= ? AND copy_id <= ? ORDER BY copy_id, key", [chunk[0], chunk[-1]]):
            if copy_id in keys:
                keys[copy_id].append(key)
        db.conn.executemany("UPDATE reuse_fingerprints SET band_keys = ? WHERE copy_id = ?",
                            [(band_keys.pack(ks), copy_id) for copy_id, ks in keys.items()])
        if told is not None:
            told(min(start + step, len(ids)), len(ids))
    db.execute("DROP INDEX IF EXISTS reuse_bands_copy")


#: ``reuse_links`` from migration 0033 on (made as ``reuse_links_0033``, then renamed): its
#: columns through 0032 without ``method`` and ``parameters``, with ``method_id`` naming the
#: ``reuse_methods`` row
_REUSE_LINKS_0033 = """CREATE TABLE reuse_links_0033 (
        id INTEGER PRIMARY KEY,
        copy_a INTEGER NOT NULL REFERENCES copies(id),   -- the lower copy id of the pair
        copy_b INTEGER NOT NULL REFERENCES copies(id),
        kind TEXT NOT NULL CHECK (kind IN ('same_work','quotes_from')),
        share_a REAL NOT NULL,             -- 0..1 of copy_a's text standing in copy_b
        share_b REAL NOT NULL,
        reused_words INTEGER NOT NULL,
        passages TEXT NOT NULL,            -- JSON [[a_start, a_end, b_start, b_end, score, how]]
        from_copy_id INTEGER,              -- the earlier copy (who had it first), NULL: order unknown
        direction TEXT NOT NULL,           -- why that order, in words, or 'order unknown'
        method_id INTEGER REFERENCES reuse_methods(id),  -- how it was found, with what parameters
        status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','rejected')),
        decision TEXT,                     -- JSON: what confirming changed (for undo)
        created_at TEXT NOT NULL,
        decided_at TEXT,
        outlet_a INTEGER,                  -- the copies' outlets, kept by triggers (0030)
        outlet_b INTEGER,
        UNIQUE (copy_a, copy_b))"""
_REUSE_LINKS_KEPT = ("id, copy_a, copy_b, kind, share_a, share_b, reused_words, passages, from_copy_id,"
                     " direction, status, decision, created_at, decided_at, outlet_a, outlet_b")


def _kept_columns_compacted() -> str:
    """``_REUSE_LINKS_KEPT`` read from the old table ``l``, the passages as compact JSON."""
    return ", ".join("CASE WHEN json_valid(l.passages) THEN json(l.passages) ELSE l.passages END"
                     if column == "passages" else f"l.{column}"
                     for column in _REUSE_LINKS_KEPT.split(", "))


@migrations(name="0033_reuse_methods_once")
def _reuse_methods_once(db: sqlite_utils.Database) -> None:
    """A million articles (#19): a text-reuse link's method and parameters kept once in
    ``reuse_methods`` and named by ``reuse_links.method_id`` instead of repeated on every link
    (332 bytes a link), and the aligned passages' JSON without its spaces (``json()``: the
    same values); ``reuse_links_described`` shows each link with its method and parameters.

    The table is copied into its new shape and the old one dropped (SQLite's way of changing a
    table), not changed in place: ``DROP COLUMN`` rewrites each row where it stands and leaves
    every page half empty (29.2 MB stayed 29.2 MB at 10,000 articles; copied, 14.9 MB, and the
    old pages go to the free list for the next imports). Its indexes and the triggers that name
    it are made again from their own SQL. After the backup ``migrate`` makes first; the links'
    findings, decisions and ids are unchanged."""
    from . import reuse_methods
    db.execute(reuse_methods.TABLE)
    dependants = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger')"
        " AND (tbl_name = 'reuse_links' OR sql LIKE '%reuse_links%') ORDER BY type = 'trigger', name").fetchall()
    db.execute("CREATE TEMP TABLE reuse_methods_0033 (method TEXT, parameters TEXT, id INTEGER,"
               " PRIMARY KEY (method, parameters))")
    for method, text in db.execute("SELECT DISTINCT method, parameters FROM reuse_links").fetchall():
        try:
            stored: dict | str = json.loads(text)
        except (TypeError, ValueError):
            stored = text or "{}"    # kept as it was written
        db.execute("INSERT INTO reuse_methods_0033 VALUES (?, ?, ?)",
                   [method, text, reuse_methods.id_for(db.conn, method, stored)])
    db.execute(_REUSE_LINKS_0033)
    for kind, name, _sql in dependants:
        if kind == "trigger":
            db.execute(f"DROP TRIGGER {name}")
    db.execute(f"INSERT INTO reuse_links_0033 ({_REUSE_LINKS_KEPT}, method_id)"
               f" SELECT {_kept_columns_compacted()},"
               " m.id FROM reuse_links l LEFT JOIN reuse_methods_0033 m"
               " ON m.method = l.method AND m.parameters = l.parameters ORDER BY l.id")
    db.execute("DROP TABLE reuse_links")
    db.execute("DROP TABLE temp.reuse_methods_0033")
    db.execute("ALTER TABLE reuse_links_0033 RENAME TO reuse_links")
    for _kind, _name, sql in dependants:
        db.execute(sql)
    db.execute(reuse_methods.VIEW)


@migrations(name="0034_proposed_count_kept")
def _proposed_count_kept(db: sqlite_utils.Database) -> None:
    """A million articles (#19): the sidebar's "Proposed copies (N)" read from a total kept by
    triggers on ``reuse_links`` (``kept_counts``) instead of counting the proposed links at
    every start-up (11 ms at 100,000 articles with their links, growing with them). Derived:
    counted once here, checked and repaired by ``verify`` like the other totals."""
    from . import kept_counts
    kept_counts.install_proposed(db)
