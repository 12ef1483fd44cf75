"""The archive's schema steps 0001–0020, in order: the first schema, search, the library's
indexes, versions, region corrections, sources' formats and metadata, text reuse, the
library's keys kept at write time, Hypothesis imports (``schema_steps_large`` holds the steps
from 0021 on; ``migrations`` applies them).

Each step is a named sqlite-utils migration (transactional: applied whole or not at all),
registered on ``migrations`` in the order written here; it may import the store's own
modules (``library_keys``, ``sort_keys``, ``kept_counts``, …), nothing above the store.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from importlib import resources as importlib_resources

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .clock import now_iso


class StepProgress:
    """``told(done, total[, message])`` while a step that walks every article runs:
    ``migrate(..., progress=...)`` sets it for the duration of the upgrade (the backup is
    taken before), the steps of both step modules read it."""

    told: Callable[..., None] | None = None


PROGRESS = StepProgress()


migrations = Migrations("palmyra")

#: the full-text indexes: table -> columns. External content, kept in sync by triggers.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
FTS_TABLES: dict[str, list[str]] = {
    "articles": ["title", "title_corrected", "authors", "authors_corrected", "note"],
    "copies": ["standfirst", "body"],
    "comments": ["text"],
    "captions": ["text"],
    "annotations": ["exact", "note"],
    "notes": ["title", "body"],
}


@migrations(name="0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    sql = importlib_resources.files(__package__).joinpath("schema_v1.sql").read_text("utf-8")
    for statement in _split_sql(sql):
        db.execute(statement)
    for table, columns in FTS_TABLES.items():
        db.table(table).enable_fts(columns, fts_version="FTS5", create_triggers=True,
                             tokenize=FTS_TOKENIZER, replace=True)
    _name_archive(db, log=False)   # part of creating the archive, like its empty tables


@migrations(name="0002_archive_uuid")
def _archive_uuid(db: sqlite_utils.Database) -> None:
    """Archives created before 0001 named them get their UUID here, once (see ``_name_archive``)."""
    _name_archive(db, log=True)


#: narrow covering indexes for search: a hit's article (and whether the copy is current) is
#: read without touching the wide copy row, whose body pushes ``superseded_by_id`` into
#: overflow pages (each AND term is looked up over thousands of rows)
SEARCH_INDEXES = (
    "CREATE INDEX IF NOT EXISTS copies_search ON copies(id, article_id, superseded_by_id)",
    "CREATE INDEX IF NOT EXISTS comments_search ON comments(id, copy_id)",
    "CREATE INDEX IF NOT EXISTS captions_search ON captions(id, copy_id)",
)


@migrations(name="0003_search_across_fields")
def _search_across_fields(db: sqlite_utils.Database) -> None:
    """Rebuild ``articles_fts`` over ``FTS_TABLES['articles']`` (authors and the article note
    joined the titles), with its triggers, from the rows already there; add the indexes that
    keep AND across fields fast."""
    rebuild_fts(db, "articles")
    for statement in SEARCH_INDEXES:
        db.execute(statement)


@migrations(name="0004_link_location")
def _link_location(db: sqlite_utils.Database) -> None:
    """``links.location``: 'body' or 'standfirst' (whose offsets index ``copies.standfirst``).

    Links stored before this step are told apart by where their words stand: a link whose
    offsets frame its anchor text in the standfirst and not in the body was the standfirst's.
    """
    db.execute("ALTER TABLE links ADD COLUMN location TEXT NOT NULL DEFAULT 'body'")
    db.execute("""
        UPDATE links SET location = 'standfirst' WHERE id IN (
          SELECT l.id FROM links l JOIN copies c ON c.id = l.copy_id
          WHERE c.standfirst IS NOT NULL AND l.body_start IS NOT NULL
            AND substr(c.standfirst, l.body_start + 1, l.body_end - l.body_start) = l.anchor_text
            AND substr(c.body, l.body_start + 1, l.body_end - l.body_start) IS NOT l.anchor_text)""")


#: narrow covering indexes for the library's sorts and filters at 100,000 articles: without
#: them each sort reads every wide copy row (body and all) and, sorted by title, every article
#: row in title order (random reads); ``library_query`` names them with ``INDEXED BY``
LIBRARY_INDEXES = (
    "CREATE INDEX IF NOT EXISTS copies_library ON copies(id, article_id, superseded_by_id,"
    " outlet_id, outlet_corrected_id, date, date_corrected, word_count,"
    " original_outlet_corrected_id, needs_review, section_corrected, original_date_corrected)",
    "CREATE INDEX IF NOT EXISTS articles_library_title ON articles("
    "COALESCE(title_corrected, title) COLLATE NOCASE, id, primary_copy_id, title_corrected, title)",
)


@migrations(name="0005_library_indexes")
def _library_indexes(db: sqlite_utils.Database) -> None:
    """Add ``LIBRARY_INDEXES`` (derived, rebuildable: no data changes)."""
    for statement in LIBRARY_INDEXES:
        db.execute(statement)


#: the library sorted by first author walks this index (no sort, no article row read)
AUTHORS_SORT_INDEX = (
    "CREATE INDEX IF NOT EXISTS articles_library_authors ON articles("
    "json_extract(COALESCE(authors_corrected, authors), '$[0]') COLLATE NOCASE, id,"
    " primary_copy_id, authors_corrected, authors)")


@migrations(name="0006_library_authors_index")
def _library_authors_index(db: sqlite_utils.Database) -> None:
    """Add ``AUTHORS_SORT_INDEX`` (derived, rebuildable: no data changes)."""
    db.execute(AUTHORS_SORT_INDEX)


#: the corrections that answer review flags, beside each article's shown copy: the library
#: sorted or filtered by "needs review" reads them here, not from every article row
REVIEW_INDEX = ("CREATE INDEX IF NOT EXISTS articles_library_review ON articles("
                "primary_copy_id, title_corrected, authors_corrected)")


@migrations(name="0007_library_review_index")
def _library_review_index(db: sqlite_utils.Database) -> None:
    """Add ``REVIEW_INDEX`` (derived, rebuildable: no data changes)."""
    db.execute(REVIEW_INDEX)


#: the library sorted by date (filtered by outlet or dates or not) walks the shown copies in
#: date order here, sorting only ties, instead of sorting every copy's date
DATE_SORT_INDEX = ("CREATE INDEX IF NOT EXISTS copies_library_date ON copies("
                   "COALESCE(date_corrected, date), id, date_corrected, date, outlet_id,"
                   " outlet_corrected_id)")


@migrations(name="0008_library_date_index")
def _library_date_index(db: sqlite_utils.Database) -> None:
    """Add ``DATE_SORT_INDEX`` (derived, rebuildable: no data changes)."""
    db.execute(DATE_SORT_INDEX)


@migrations(name="0009_annotations_count_from_standfirst")
def _annotations_count_from_standfirst(db: sqlite_utils.Database) -> None:
    """Annotation offsets now count in the copy's annotatable text, standfirst first (see
    ``core.annotate.annotatable``): annotations made before counted in the body alone, so on copies
    with a standfirst they move by its length plus the paragraph break, and keep pointing at
    the same words. Their quotes and context are unchanged.

    The offset is written out here, as it was when this step was made (the standfirst, then
    the two characters of ``annotatable.SEPARATOR``): a migration is history, and the store
    imports no domain package."""
    body_offset_sql = ("CASE WHEN c.standfirst IS NOT NULL AND c.standfirst != '' "
                       "THEN length(c.standfirst) + 2 ELSE 0 END")

    moved = db.execute("SELECT count(*) FROM annotations WHERE copy_id IN (SELECT id FROM copies "
                       "WHERE standfirst IS NOT NULL AND standfirst != '')").fetchone()[0]
    if not moved:
        return
    db.execute("INSERT INTO events (at, actor, action, entity, details) VALUES (?, 'system', "
               "'annotations_count_from_standfirst', 'annotation', ?)",
               [now_iso(), json.dumps({"moved": moved})])
    db.execute(f"""
        UPDATE annotations SET
          start = start + (SELECT {body_offset_sql} FROM copies c WHERE c.id = annotations.copy_id),
          "end" = "end" + (SELECT {body_offset_sql} FROM copies c WHERE c.id = annotations.copy_id)
        WHERE copy_id IN (SELECT id FROM copies WHERE standfirst IS NOT NULL AND standfirst != '')""")


@migrations(name="0010_region_corrections")
def _region_corrections(db: sqlite_utils.Database) -> None:
    """The user's corrections of a copy's split ("these lines are site text"), kept beside the
    regions the importer found (``source_regions``), never over them (issue #3)."""
    db.execute("""CREATE TABLE IF NOT EXISTS region_corrections (
        id INTEGER PRIMARY KEY,
        copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
        span_start INTEGER NOT NULL,       -- decoded-text offsets, snapped to whole lines
        span_end INTEGER NOT NULL,
        kind TEXT NOT NULL,                -- body | site_text | caption | comments | footer | rights
        created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS region_corrections_copy ON region_corrections(copy_id)")


@migrations(name="0011_version_evidence")
def _version_evidence(db: sqlite_utils.Database) -> None:
    """A new version needs evidence, not a shared file name (issue #18): ``sources.capture_url``
    (the page's URL, for captures), indexes to find an earlier version by path, URL or name, and
    ``version_proposals`` (links the user confirms or rejects). Versions linked before this step
    by file name alone are listed there for review (evidence 'name only (before 0.2)'); nothing
    is re-linked or separated on its own."""
    db.execute("ALTER TABLE sources ADD COLUMN capture_url TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS sources_original_path ON sources(original_path)")
    db.execute("CREATE INDEX IF NOT EXISTS sources_capture_url ON sources(capture_url)")
    db.execute("CREATE INDEX IF NOT EXISTS sources_previous_version ON sources(previous_version_id)")
    db.execute("""CREATE TABLE IF NOT EXISTS version_proposals (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),            -- the newer file
        candidate_source_id INTEGER NOT NULL REFERENCES sources(id),  -- the earlier version it may be
        evidence TEXT NOT NULL,            -- why it was proposed, in words
        similarity REAL,                   -- 0..1: how alike the texts are, when measured
        linked INTEGER NOT NULL DEFAULT 0, -- 1: already a version (linked before 0.2, by name)
        status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','rejected')),
        created_at TEXT NOT NULL,
        decided_at TEXT)""")
    db.execute("CREATE INDEX IF NOT EXISTS version_proposals_source ON version_proposals(source_id)")
    db.execute("CREATE INDEX IF NOT EXISTS version_proposals_status ON version_proposals(status)")
    legacy = db.execute("SELECT count(*) FROM sources WHERE previous_version_id IS NOT NULL").fetchone()[0]
    if not legacy:
        return
    now = now_iso()
    db.execute("INSERT INTO version_proposals (source_id, candidate_source_id, evidence, linked,"
               " created_at) SELECT id, previous_version_id, 'name only (before 0.2)', 1, ?"
               " FROM sources WHERE previous_version_id IS NOT NULL ORDER BY id", [now])
    db.execute("INSERT INTO events (at, actor, action, entity, details) VALUES (?, 'system', "
               "'versions_listed_for_review', 'source', ?)", [now, json.dumps({"links": legacy})])


@migrations(name="0017_comment_dates_and_licences")
def _comment_dates_and_licences(db: sqlite_utils.Database) -> None:
    """What the importer now reads (issue #12) and had nowhere to keep: a comment's stamp
    (``comments.date``, ISO, only for a calendar date; ``date_as_printed``, e.g. "3 hours ago")
    and a reprint licence (``rights_statements.licence`` "CC BY-NC-ND 4.0", ``licence_url``).
    Copies imported before stay as they were (the columns are empty): nothing is re-read."""
    db.execute("ALTER TABLE comments ADD COLUMN date TEXT")
    db.execute("ALTER TABLE comments ADD COLUMN date_as_printed TEXT")
    db.execute("ALTER TABLE rights_statements ADD COLUMN licence TEXT")
    db.execute("ALTER TABLE rights_statements ADD COLUMN licence_url TEXT")


@migrations(name="0014_manage_library")
def _manage_library(db: sqlite_utils.Database) -> None:
    """Managing the library (issue #20): the Trash, reasons marked reviewed, and the metadata a
    citation needs.

    ``trash``: an article moved to the Trash keeps every row (its copies, sources, annotations,
    events); it only leaves the library, searches, counts and exports until it is restored or
    the Trash is emptied (purged: rows removed, one event per article saying what went).
    ``review_decisions``: a needs-review reason the user marked reviewed (the value stays
    unknown; the flag goes). The citation fields are the user's, beside the extracted values:
    ``copies.url_corrected`` (beside ``sources.capture_url``), ``copies.archived_url`` (a Wayback
    or archive.today address), ``copies.accessed`` (ISO date, at its precision),
    ``articles.doi``, ``articles.language_corrected`` (beside ``articles.language``)."""
    db.execute("""CREATE TABLE IF NOT EXISTS trash (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        trashed_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE IF NOT EXISTS review_decisions (
        copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,              -- as in copies.needs_review ("caption truncated")
        decided_at TEXT NOT NULL,
        PRIMARY KEY (copy_id, reason))""")
    db.execute("ALTER TABLE copies ADD COLUMN url_corrected TEXT")
    db.execute("ALTER TABLE copies ADD COLUMN archived_url TEXT")
    db.execute("ALTER TABLE copies ADD COLUMN accessed TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN doi TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN language_corrected TEXT")


@migrations(name="0016_annotation_w3c_ids")
def _annotation_w3c_ids(db: sqlite_utils.Database) -> None:
    """An annotation brought in from another archive's bundle keeps the W3C id it was published
    under there (issue #13), so the same annotation has one id in both archives; NULL: the id
    is minted from this archive's UUID (``annotations_w3c.annotation_urn``)."""
    db.execute("ALTER TABLE annotations ADD COLUMN w3c_id TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS annotations_w3c_id ON annotations(w3c_id)")


@migrations(name="0012_source_formats")
def _source_formats(db: sqlite_utils.Database) -> None:
    """Real sources in (issue #10): which reader read a source (``sources.format``), its capture
    provenance (``source_captures``: URL, date, tool, payload digest and whether it matched; one
    row per capture, so revisits and redirects are the capture history of one copy), a saved
    page's local files (``source_attachments``, each hashed), a PDF's pages (``source_pages``)
    and the URL a republication hop links to (``republications.from_url``)."""
    columns = {c[1] for c in db.execute("PRAGMA table_info(sources)").fetchall()}
    if "format" not in columns:
        db.execute("ALTER TABLE sources ADD COLUMN format TEXT NOT NULL DEFAULT 'text'")
    reps = {c[1] for c in db.execute("PRAGMA table_info(republications)").fetchall()}
    if "from_url" not in reps:
        db.execute("ALTER TABLE republications ADD COLUMN from_url TEXT")
    db.execute("""CREATE TABLE IF NOT EXISTS source_captures (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        relation TEXT NOT NULL DEFAULT 'capture',  -- capture | duplicate | revisit | redirect 301 …
        url TEXT,
        captured_at TEXT,                  -- as the capture states it (WARC-Date, saved date)
        tool TEXT,                         -- the capturing software (warcinfo, SingleFile …)
        payload_digest TEXT,               -- as recorded, e.g. sha1:BASE32
        digest_ok INTEGER,                 -- 1 matched, 0 did not, NULL nothing to verify
        digest_of_content INTEGER NOT NULL DEFAULT 1,  -- 0: the payload was stored decompressed
        record_id TEXT,                    -- WARC-Record-ID
        container TEXT,                    -- the WARC/WACZ/MHTML file it came from
        recorded_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS source_captures_source ON source_captures(source_id)")
    db.execute("CREATE INDEX IF NOT EXISTS source_captures_url ON source_captures(url)")
    db.execute("""CREATE TABLE IF NOT EXISTS source_attachments (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        path TEXT NOT NULL,                -- relative: "page_files/style.css"
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        content BLOB NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS source_attachments_source ON source_attachments(source_id)")
    db.execute("""CREATE TABLE IF NOT EXISTS source_pages (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        page INTEGER NOT NULL,
        span_start INTEGER NOT NULL,       -- offsets into the body of the source's copy
        span_end INTEGER NOT NULL,
        PRIMARY KEY (source_id, page))""")


@migrations(name="0019_source_metadata")
def _source_metadata(db: sqlite_utils.Database) -> None:
    """What a file says of itself (issue #10): a PDF's Info dictionary and XMP packet
    (``dc:title``, ``dc:creator``, ``xmp:CreateDate``, ``pdf:Producer``), one row per value as
    written, kept as evidence beside what the text prints; and, for a capture from a WACZ,
    whether its WARC matched the hash the WACZ's ``datapackage.json`` lists
    (``source_captures.package_digest_ok``). Sources imported before have neither."""
    db.execute("""CREATE TABLE IF NOT EXISTS source_metadata (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        scheme TEXT NOT NULL,              -- info (the PDF Info dictionary) | xmp
        key TEXT NOT NULL,                 -- Title, Author, Producer … | dc:title, pdf:Producer …
        value TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS source_metadata_source ON source_metadata(source_id)")
    # a WACZ's WARC checked against its datapackage.json hash: 1 matched, 0 did not, NULL unlisted
    db.execute("ALTER TABLE source_captures ADD COLUMN package_digest_ok INTEGER")


@migrations(name="0013_text_reuse")
def _text_reuse(db: sqlite_utils.Database) -> None:
    """Text reuse (issue #11): each copy's fingerprint (its passages' LSH band keys, so a new
    copy's candidates are found without rescanning), the passages an outlet prints on many of
    its pages (boilerplate, never reuse), and the links found by text, proposed until the user
    confirms or rejects them. Empty here: ``reuse scan`` fingerprints the copies already held."""
    db.execute("""CREATE TABLE IF NOT EXISTS reuse_fingerprints (
        copy_id INTEGER PRIMARY KEY REFERENCES copies(id) ON DELETE CASCADE,
        outlet_id INTEGER,                 -- the copy's outlet when fingerprinted
        keys INTEGER NOT NULL,             -- how many band keys it has
        parameters TEXT NOT NULL,          -- JSON: window, step, shingle, bands, rows, seed
        created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE IF NOT EXISTS reuse_bands (
        key INTEGER NOT NULL,              -- one LSH band of one passage's MinHash, hashed
        copy_id INTEGER NOT NULL,
        PRIMARY KEY (key, copy_id)) WITHOUT ROWID""")
    db.execute("CREATE INDEX IF NOT EXISTS reuse_bands_copy ON reuse_bands(copy_id)")
    db.execute("""CREATE TABLE IF NOT EXISTS reuse_boilerplate (
        outlet_id INTEGER NOT NULL,
        unit_hash INTEGER NOT NULL,        -- a paragraph's exact words, hashed
        copies INTEGER NOT NULL DEFAULT 0, -- how many of the outlet's copies print it
        PRIMARY KEY (outlet_id, unit_hash)) WITHOUT ROWID""")
    db.execute("""CREATE TABLE IF NOT EXISTS reuse_links (
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
        method TEXT NOT NULL,              -- 'text-reuse: minhash-lsh + rapidfuzz alignment'
        parameters TEXT NOT NULL,          -- JSON
        status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','rejected')),
        decision TEXT,                     -- JSON: what confirming changed (for undo)
        created_at TEXT NOT NULL,
        decided_at TEXT,
        UNIQUE (copy_a, copy_b))""")
    db.execute("CREATE INDEX IF NOT EXISTS reuse_links_b ON reuse_links(copy_b)")
    db.execute("CREATE INDEX IF NOT EXISTS reuse_links_status ON reuse_links(status)")


@migrations(name="0022_library_keys_at_write_time")
def _library_keys_at_write_time(db: sqlite_utils.Database) -> None:
    """A million articles (issue #19): "needs review" kept at write time.

    ``articles.review_open`` holds ``library_keys.NEEDS_REVIEW`` for the article, filled here
    from the rows (in steps, with progress on a large archive) and kept by triggers from now on
    (any write to a copy's flags or corrections, an article's corrections or shown copy, or a
    reason marked reviewed); the index ``articles_review_open`` serves the library's filter,
    sort and count, so start-up and the Needs review entry no longer read every copy. Derived
    and rebuildable (``library_keys.repair``): nothing imported is changed."""
    from . import library_keys
    library_keys.install(db, progress=PROGRESS.told)


@migrations(name="0020_hypothesis_imports")
def _hypothesis_imports(db: sqlite_utils.Database) -> None:
    """Hypothesis annotations brought in (issue #13): one row per Hypothesis annotation id, so
    a second import of the same export adds nothing, with the row as exported (JSON, verbatim:
    the user, the group, the selectors nothing here reads) and what became of it: an
    annotation (``anchored``, ``fuzzy`` to check, ``orphan`` with its reason) or a research
    note (a page note, a reply, or an annotation of a page no copy in the archive was taken
    from: ``no_copy``, with its reason)."""
    db.execute("""CREATE TABLE IF NOT EXISTS hypothesis_annotations (
        hypothesis_id TEXT PRIMARY KEY,    -- the annotation's id at Hypothesis
        uri TEXT NOT NULL,                 -- the page it was made on, as exported
        annotation_id INTEGER REFERENCES annotations(id),
        note_id INTEGER REFERENCES notes(id),
        status TEXT NOT NULL CHECK (status IN ('anchored','fuzzy','orphan','no_copy','page_note','reply')),
        reason TEXT,                       -- why it is an orphan or a note, in words
        data TEXT NOT NULL,                -- the exported row, JSON
        imported_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS hypothesis_annotations_annotation "
               "ON hypothesis_annotations(annotation_id)")


def rebuild_fts(db: sqlite_utils.Database, table: str) -> None:
    """Drop and recreate ``<table>_fts`` and its sync triggers, then index every row.

    Why not sqlite-utils' ``enable_fts``: it runs ``executescript``, which commits, and a
    migration step must be applied whole or not at all. The SQL is the same shape it writes.
    """
    columns = FTS_TABLES[table]
    fts, cols = f"{table}_fts", ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    for suffix in ("_ai", "_ad", "_au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{table}{suffix}]")
    db.execute(f"DROP TABLE IF EXISTS [{fts}]")
    db.execute(f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 (\n    {cols},\n"
               f"    tokenize='{FTS_TOKENIZER}',\n    content=[{table}]\n)")
    db.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('rebuild')")
    db.execute(f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new});\nEND")
    db.execute(f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.rowid, {old});\nEND")
    db.execute(f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.rowid, {old});\n"
               f"  INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new});\nEND")


def _name_archive(db: sqlite_utils.Database, *, log: bool) -> None:
    """Give the archive its UUID (``archive_info`` 'uuid') unless it has one; an existing
    archive being upgraded gets an event-log row saying so.

    Why at creation: exported annotation ids are built from it (``annotations_w3c``), and an
    export must only read the archive, never name it on the way.
    """
    row = db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
    if row and row[0]:
        return
    value = str(uuid.uuid4())
    db.execute("INSERT OR REPLACE INTO archive_info (key, value) VALUES ('uuid', ?)", [value])
    if log:
        db.execute("INSERT INTO events (at, actor, action, entity, after) VALUES (?, 'system', "
                   "'archive_uuid', 'archive', ?)", [now_iso(), json.dumps({"uuid": value})])


def _split_sql(sql: str) -> list[str]:
    """Split a schema file into statements, letting SQLite say where each one ends."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    return statements
