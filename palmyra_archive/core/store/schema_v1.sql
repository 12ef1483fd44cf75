-- Palmyra Archive schema, step 1. Read it in Datasette or sqlite3: every table says what it holds.
-- Conventions: *_start/*_end are character offsets into the decoded text of the copy's source
-- (sources.content read back with sqlar_uncompress, decoded with sources.encoding); *_status is printed | inferred | missing
-- (titles may also be provisional); *_corrected holds the user's correction beside the
-- extracted value, never over it. Times are ISO 8601 UTC.

CREATE TABLE archive_info (            -- one row per setting of this archive; 'uuid' names it (given at creation)
  key TEXT PRIMARY KEY,
  value TEXT
);

CREATE TABLE sources (                 -- each imported file, verbatim
  id INTEGER PRIMARY KEY,
  filename TEXT NOT NULL,              -- the file's name as it was imported
  original_path TEXT,                  -- where it was imported from
  sha256 TEXT NOT NULL UNIQUE,         -- of the bytes in content
  size_bytes INTEGER NOT NULL,         -- of the file (content holds fewer when compressed)
  encoding TEXT NOT NULL,              -- the encoding used to decode content
  encoding_confidence REAL,
  content BLOB NOT NULL,               -- the file, byte for byte; since 0029 zlib-compressed when smaller (sqlar: sqlar_uncompress(content, size_bytes))
  imported_at TEXT NOT NULL,
  previous_version_id INTEGER REFERENCES sources(id)  -- same file name, earlier bytes
);
CREATE INDEX sources_filename ON sources(filename);

CREATE TABLE outlets (                 -- a website or publication a copy appeared in
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  homepage TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE outlet_aliases (          -- other names the same outlet goes by
  id INTEGER PRIMARY KEY,
  outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  alias_key TEXT NOT NULL UNIQUE       -- casefolded and NFKC-normalised, for matching
);

CREATE TABLE articles (                -- the work: what several copies may share
  id INTEGER PRIMARY KEY,
  title TEXT,                          -- as printed (or a provisional title, see title_status)
  title_status TEXT NOT NULL CHECK (title_status IN ('printed','inferred','provisional','missing')),
  title_corrected TEXT,
  authors TEXT NOT NULL DEFAULT '[]',  -- JSON list, as extracted
  authors_status TEXT NOT NULL CHECK (authors_status IN ('printed','inferred','missing')),
  authors_corrected TEXT,              -- JSON list, NULL when the user has not corrected it
  author_aliases TEXT NOT NULL DEFAULT '{}',  -- JSON {author: [other spellings seen]}
  language TEXT,                       -- ISO 639-1 of the body
  primary_copy_id INTEGER REFERENCES copies(id),  -- the copy the library shows
  title_key TEXT,                      -- printed title normalised (NFKC, casefold, spaces): finds other copies of the work
  note TEXT,                           -- the researcher's Markdown note on this article
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX articles_effective_title ON articles(COALESCE(title_corrected, title) COLLATE NOCASE);
CREATE INDEX articles_primary_copy ON articles(primary_copy_id);
CREATE INDEX articles_title_key ON articles(title_key);

CREATE TABLE copies (                  -- one article as it appeared in one outlet (one source)
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  span_start INTEGER NOT NULL,         -- the copy's extent in its source
  span_end INTEGER NOT NULL,
  title_start INTEGER, title_end INTEGER,
  byline_as_printed TEXT, byline_start INTEGER, byline_end INTEGER,
  outlet_id INTEGER REFERENCES outlets(id),
  outlet_status TEXT NOT NULL CHECK (outlet_status IN ('printed','inferred','missing')),
  outlet_evidence TEXT, outlet_start INTEGER, outlet_end INTEGER,
  outlet_corrected_id INTEGER REFERENCES outlets(id),
  date TEXT,                           -- ISO date
  date_as_printed TEXT,
  date_status TEXT NOT NULL CHECK (date_status IN ('printed','inferred','missing')),
  date_start INTEGER, date_end INTEGER,
  date_corrected TEXT,
  section TEXT,
  section_status TEXT NOT NULL CHECK (section_status IN ('printed','inferred','missing')),
  section_corrected TEXT,
  site_sections TEXT NOT NULL DEFAULT '{}',  -- JSON {label as printed: value}
  standfirst TEXT,
  body TEXT NOT NULL,                  -- the article text as a reader wants it (link markup resolved)
  body_start INTEGER, body_end INTEGER,
  signature TEXT, signature_start INTEGER, signature_end INTEGER,
  body_language TEXT,                  -- ISO 639-1
  site_language TEXT,                  -- the site's own words, when in another language
  word_count INTEGER NOT NULL DEFAULT 0,
  needs_review TEXT NOT NULL DEFAULT '[]',   -- JSON list of what is missing or doubtful
  superseded_by_id INTEGER REFERENCES copies(id),  -- a newer version of the same source file
  original_outlet_corrected_id INTEGER REFERENCES outlets(id),  -- the user's correction of where the work first appeared
  original_date_corrected TEXT,        -- the user's correction of when it first appeared (ISO)
  imported_at TEXT NOT NULL
);
CREATE INDEX copies_article ON copies(article_id);
CREATE INDEX copies_source ON copies(source_id);
CREATE INDEX copies_outlet ON copies(COALESCE(outlet_corrected_id, outlet_id));
CREATE INDEX copies_date ON copies(COALESCE(date_corrected, date));

CREATE TABLE republications (          -- "this copy was taken from …", with its evidence
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  hop INTEGER NOT NULL DEFAULT 1,      -- 1 = the copy's direct upstream, 2 = its upstream, …
  from_outlet_id INTEGER REFERENCES outlets(id),
  from_copy_id INTEGER REFERENCES copies(id),  -- when the upstream copy is in the archive too
  from_date TEXT, from_date_as_printed TEXT,
  relation TEXT NOT NULL,              -- original_source | courtesy | republished_with_permission | first_published | source | via
  is_original INTEGER NOT NULL DEFAULT 0,
  evidence TEXT, evidence_start INTEGER, evidence_end INTEGER,
  method TEXT NOT NULL,                -- the rule that found it (outlet file + rule id), or 'user'
  status TEXT NOT NULL CHECK (status IN ('printed','inferred','corrected')),
  rejected INTEGER NOT NULL DEFAULT 0, -- 1 when the user rejected an extracted link
  created_at TEXT NOT NULL
);
CREATE INDEX republications_copy ON republications(copy_id);
CREATE INDEX republications_from_outlet ON republications(from_outlet_id);

CREATE TABLE rights_statements (       -- copyright, disclaimers, reprint terms, verbatim
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('copyright','disclaimer','editor_note','reprint_terms','fair_use_notice')),
  language TEXT,
  text TEXT NOT NULL,                  -- verbatim, link markup kept as printed
  span_start INTEGER, span_end INTEGER,
  holder TEXT, year INTEGER,
  requires TEXT NOT NULL DEFAULT '[]', -- JSON list: what a reprint must carry
  allowed_for TEXT, otherwise TEXT, contact TEXT,
  method TEXT NOT NULL
);
CREATE INDEX rights_copy ON rights_statements(copy_id);

CREATE TABLE comments (                -- reader comments, threaded
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES comments(id),
  depth INTEGER NOT NULL,
  position INTEGER NOT NULL,           -- order in the thread as printed
  author TEXT,
  text TEXT NOT NULL,
  span_start INTEGER, span_end INTEGER
);
CREATE INDEX comments_copy ON comments(copy_id);

CREATE TABLE footnotes (               -- markers in the text and the list under it
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('marker','entry')),
  label TEXT NOT NULL,                 -- "1", "*"
  text TEXT,                           -- an entry's text as printed ("?", ",")
  resolved INTEGER NOT NULL DEFAULT 0, -- an entry that says where it points
  body_start INTEGER, body_end INTEGER,-- a marker's place in copies.body
  span_start INTEGER, span_end INTEGER
);
CREATE INDEX footnotes_copy ON footnotes(copy_id);

CREATE TABLE captions (                -- image captions, set apart from the body
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  truncated INTEGER NOT NULL DEFAULT 0,
  body_offset INTEGER,                 -- where it stood relative to copies.body
  span_start INTEGER, span_end INTEGER
);
CREATE INDEX captions_copy ON captions(copy_id);

CREATE TABLE links (                   -- links in the body; target NULL where the address was lost
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  anchor_text TEXT NOT NULL,
  target TEXT,
  body_start INTEGER, body_end INTEGER,  -- into copies.body, or copies.standfirst (see location)
  span_start INTEGER, span_end INTEGER
  -- location TEXT: 'body' | 'standfirst', added by migration 0004_link_location
);
CREATE INDEX links_copy ON links(copy_id);

CREATE TABLE source_regions (          -- what the importer decided each stretch of a source is
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                  -- site_text | header | title | byline | dateline | standfirst | body | caption | footnotes | signature | footer | rights | comments
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL
);
CREATE INDEX source_regions_copy ON source_regions(copy_id);

CREATE TABLE tags (                    -- hierarchical: "framing/liberation"; site tags under "site:"
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE COLLATE NOCASE,
  color TEXT,
  namespace TEXT NOT NULL DEFAULT 'user' CHECK (namespace IN ('user','site')),
  created_at TEXT NOT NULL
);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id);

CREATE TABLE annotations (             -- a highlighted passage with a note (W3C Web Annotation)
  id INTEGER PRIMARY KEY,
  copy_id INTEGER NOT NULL REFERENCES copies(id),  -- the copy it was made on
  article_id INTEGER NOT NULL REFERENCES articles(id),
  exact TEXT NOT NULL,                 -- TextQuoteSelector
  prefix TEXT NOT NULL DEFAULT '',
  suffix TEXT NOT NULL DEFAULT '',
  start INTEGER NOT NULL,              -- TextPositionSelector on copies.body
  "end" INTEGER NOT NULL,
  anchor_status TEXT NOT NULL DEFAULT 'anchored' CHECK (anchor_status IN ('anchored','moved','fuzzy','orphan')),
  color TEXT NOT NULL DEFAULT 'yellow',
  note TEXT NOT NULL DEFAULT '',       -- Markdown
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT                      -- soft delete, so undo brings it back whole
);
CREATE INDEX annotations_copy ON annotations(copy_id);
CREATE INDEX annotations_article ON annotations(article_id);

CREATE TABLE annotation_tags (
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (annotation_id, tag_id)
);
CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);

CREATE TABLE notes (                   -- free-standing research notes (Markdown)
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE note_links (              -- what a research note points to
  id INTEGER PRIMARY KEY,
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
  annotation_id INTEGER REFERENCES annotations(id) ON DELETE CASCADE
);
CREATE INDEX note_links_note ON note_links(note_id);

CREATE TABLE collections (             -- a researcher's folders; an article may be in several
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE collection_articles (
  collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (collection_id, article_id)
);
CREATE INDEX collection_articles_article ON collection_articles(article_id);

CREATE TABLE saved_searches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  query TEXT NOT NULL DEFAULT '',
  filters TEXT NOT NULL DEFAULT '{}',  -- JSON: tags, collection, outlet, dates
  created_at TEXT NOT NULL
);

CREATE TABLE events (                  -- append-only log: every import, correction and change
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,                 -- 'user:<login>' or 'importer' or 'system'
  action TEXT NOT NULL,                -- import | import_unchanged | new_version | correct | tag | annotate | …
  entity TEXT,                         -- article | copy | source | tag | annotation | note | …
  entity_id INTEGER,
  before TEXT,                         -- JSON
  after TEXT,                          -- JSON
  details TEXT                         -- JSON
);
CREATE INDEX events_entity ON events(entity, entity_id);

-- What a person reading the file wants first: one row per article with the effective values.
CREATE VIEW library AS
SELECT
  a.id AS article_id,
  COALESCE(a.title_corrected, a.title) AS title,
  CASE WHEN a.title_corrected IS NOT NULL THEN 'corrected' ELSE a.title_status END AS title_status,
  COALESCE(a.authors_corrected, a.authors) AS authors,
  o.name AS outlet,
  COALESCE(c.date_corrected, c.date) AS date,
  c.word_count,
  c.needs_review,
  c.id AS copy_id,
  s.filename,
  s.sha256
FROM articles a
JOIN copies c ON c.id = a.primary_copy_id
JOIN sources s ON s.id = c.source_id
LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id);
