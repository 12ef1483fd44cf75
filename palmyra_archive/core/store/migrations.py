"""Schema versions, applied in order when an archive is opened.

Each step is a named sqlite-utils migration (transactional: applied whole or not at all). The
archive file is copied to its backups folder before any pending step runs, so an upgrade can
always be undone by hand. ``PRAGMA user_version`` mirrors the number of steps applied so a
plain ``sqlite3`` user (and our own start-up check) can read the version without our code.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from importlib import resources as importlib_resources
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .clock import now_iso
from .errors import ArchiveError, PalmyraError, SchemaTooNewError

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
    library_keys.install(db, progress=_migration_progress)
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


#: told (done, total) while a step that walks every article runs; ``migrate(...,
#: progress=...)`` sets it for the duration of the upgrade (the backup is taken before)
_migration_progress = None


def _step_progress(progress):
    if progress is None:
        return None

    def told(done: int, total: int, message: str = "Preparing the archive's library indexes") -> None:
        progress(done, total, message)
    return told


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
    sort_keys.install(db, progress=_migration_progress)


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
    reuse_outlets.install(db, progress=_migration_progress)


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
    kept_counts.install(db, progress=_migration_progress)
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
        if _migration_progress is not None:
            _migration_progress(min(start, last), last, "Compressing the stored sources")


#: sources compressed per step of migration 0029 (one progress report each)
_COMPRESS_STEP = 2000

#: steps after which ``migrate`` runs VACUUM (they free a large share of the file's pages)
_VACUUM_AFTER = {"0029_sources_compressed", "0032_band_keys_per_copy", "0033_reuse_methods_once"}

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
    told = _migration_progress   # (done, total), set by ``migrate``
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
    told = _migration_progress
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
    told = _migration_progress
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


#: ``reuse_links`` from migration 0033 on: its columns through 0032 without ``method`` and
#: ``parameters``, with ``method_id`` naming the ``reuse_methods`` row
_REUSE_LINKS_0033 = """CREATE TABLE {name} (
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
    every page half empty (29.2 MB stayed 29.2 MB at 10,000 articles; copied, 15.3 MB, and the
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
    db.execute(_REUSE_LINKS_0033.format(name="reuse_links_0033"))
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


#: the schema version this build understands: the number of steps above
SCHEMA_VERSION = len(migrations._migrations)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_version(db: sqlite_utils.Database, path: Path | None = None) -> int:
    """Refuse an archive written by a newer Palmyra Archive; return its version otherwise."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        where = f" ({path})" if path else ""
        raise SchemaTooNewError(
            f"This archive{where} was written by a newer Palmyra Archive (schema {version}; "
            f"this version understands up to {SCHEMA_VERSION}). Nothing was changed: please "
            "update Palmyra Archive to open it."
        )
    return version


def migrate(db: sqlite_utils.Database, path: Path | None = None, progress=None) -> list[str]:
    """Apply pending steps, after backing the file up when it already holds data;
    ``progress(done, total, message)`` hears the steps that walk every article."""
    global _migration_progress
    check_version(db, path)
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return []
    backup = None
    if path is not None and schema_version(db) > 0 and path.exists():
        backup = _backup_before_upgrade(db, path, progress)
    _migration_progress = _step_progress(progress)
    # the log checkpointed every 64 pages while the steps run, so it is not the sum of them all
    db.execute("PRAGMA wal_autocheckpoint = 64")
    try:
        migrations.apply(db)
    except PalmyraError:
        raise
    except Exception as exc:  # the failing step was rolled back: say so, and where the copy is
        raise _upgrade_failed(path, backup, exc) from exc
    finally:
        _migration_progress = None
        db.execute("PRAGMA wal_autocheckpoint = 1000")    # SQLite's default
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    brought_along = "0001_initial" not in pending   # an existing archive, not a new file
    if _VACUUM_AFTER.intersection(pending) and brought_along and _worth_vacuum(db):
        if progress is not None:
            progress(0, 1, "Giving the freed space back to the disk")
        db.execute("VACUUM")   # outside any transaction; the backup above was made first
        if progress is not None:
            progress(1, 1, "Giving the freed space back to the disk")
    # the steps' pages into the file and the log emptied (a new archive's schema alone left
    # 1.4 MB in the write-ahead log, which a nearly full disk then lacked for the first
    # import); where even that cannot be written, the log stays as it is, whole
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:
        pass
    return pending


def _worth_vacuum(db: sqlite_utils.Database) -> bool:
    """More than a tenth of the file is free pages (the sources' old bytes)."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    return pages > 0 and free * 10 > pages


def _upgrade_failed(path: Path | None, backup: Path | None, exc: Exception) -> ArchiveError:
    where = f" ({path})" if path else ""
    kept = f" A copy made before the upgrade is at {backup}." if backup else ""
    return ArchiveError(f"Palmyra Archive could not finish preparing this archive{where}; the "
                        f"step that failed was undone and nothing was lost.{kept}",
                        detail=f"{type(exc).__name__}: {exc}")


def _backup_before_upgrade(db: sqlite_utils.Database, path: Path, progress=None) -> Path:
    """The archive as it is, copied into its backups folder before an upgrade touches it, the
    way every backup is written (``snapshots.snapshot``: aside, renamed when whole), so an
    upgrade killed while copying (a 10 GB archive takes minutes) leaves no half a copy under a
    backup's name. ``progress`` hears the pages copied."""
    from .paths import backups_dir
    from .snapshots import snapshot

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir(path) / f"before-upgrade-v{schema_version(db)}-{stamp}.sqlite"
    told = ((lambda done, total: progress(done, total, "Backing up the archive before upgrading it"))
            if progress is not None else None)
    return snapshot(db.conn, target, told)


__all__ = ["migrate", "check_version", "schema_version", "SCHEMA_VERSION", "FTS_TABLES"]
