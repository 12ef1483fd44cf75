"""Writing one parsed article into the archive's tables: the copy and everything found in it.

Why a module of its own: the importer decides *which* article a copy belongs to and handles
files; this module only turns a ``ParsedArticle`` into rows, keeping each extracted value's
evidence (span) and status beside it. Plain ``executemany`` instead of sqlite-utils' per-row
helpers, because imports of thousands of files spend their time here.
"""

from __future__ import annotations

import json
import unicodedata

from ..ingest.model import Capture, ParsedArticle, ParsedDocument, Span
from ..store.clock import now_iso

#: how many body characters decide whether two copies are the same text
MATCH_PREFIX_CHARS = 2000
#: the rapidfuzz ratio from which two bodies are taken as the same work
MATCH_MIN_RATIO = 90
PROVISIONAL_WORDS = 8


def title_key(title: str | None) -> str | None:
    """The printed title as matched across copies: NFKC, casefold, no-break spaces as spaces."""
    if not title:
        return None
    text = unicodedata.normalize("NFKC", title).replace("\u00a0", " ").casefold()
    return " ".join(text.split()) or None


def _start(span: Span | None) -> int | None:
    return span.start if span else None


def _end(span: Span | None) -> int | None:
    return span.end if span else None


def provisional_title(article: ParsedArticle) -> str:
    """A stand-in title from the first words of the body, shown marked as provisional."""
    words = article.body.split()
    if not words:
        return "Untitled"
    text = " ".join(words[:PROVISIONAL_WORDS])
    return text + ("…" if len(words) > PROVISIONAL_WORDS else "")


def review_flags(article: ParsedArticle) -> list[str]:
    """What the text does not state, added to the parser's own list (never guessed)."""
    flags = list(article.needs_review)
    lowered = [f.lower() for f in flags]
    missing = {
        "title": article.title.value is None or article.title.status in ("missing", "provisional"),
        "authors": not article.authors.value,
        "outlet": article.outlet.value is None,
        "date": article.date.value is None,
    }
    for name, is_missing in missing.items():
        if is_missing and not any(f.startswith(name) for f in lowered):
            flags.append(name)
    return list(dict.fromkeys(flags))


def insert_article(conn, article: ParsedArticle) -> int:
    """A new work for this copy; its printed title (or a provisional one) and authors."""
    now = now_iso()
    if article.title.value and article.title.status != "missing":
        title, status = article.title.value, article.title.status
    else:
        title, status = provisional_title(article), "provisional"
    key = title_key(title) if status in ("printed", "inferred") else None
    authors = article.authors.value or []
    cursor = conn.execute(
        "INSERT INTO articles (title, title_status, title_key, authors, authors_status, "
        "author_aliases, language, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [title, status, key, json.dumps(authors, ensure_ascii=False),
         article.authors.status if authors else "missing",
         json.dumps(article.author_aliases, ensure_ascii=False), article.body_language, now, now])
    return cursor.lastrowid


def insert_copy(conn, *, article_id: int, source_id: int, article: ParsedArticle,
                outlet_id: int | None, text_length: int) -> int:
    """The copy row: where each value came from in the source, with its status."""
    span = article.span or Span(0, text_length)
    a = article
    cursor = conn.execute(
        "INSERT INTO copies (article_id, source_id, span_start, span_end, title_start, title_end,"
        " byline_as_printed, byline_start, byline_end, outlet_id, outlet_status, outlet_evidence,"
        " outlet_start, outlet_end, date, date_as_printed, date_status, date_start, date_end,"
        " section, section_status, site_sections, standfirst, body, body_start, body_end,"
        " signature, signature_start, signature_end, body_language, site_language, word_count,"
        " needs_review, imported_at, date_precision, dateline_place, dateline_start, dateline_end,"
        " dateline_method, wire_agency)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [article_id, source_id, span.start, span.end, _start(a.title.span), _end(a.title.span),
         a.byline.value, _start(a.byline.span), _end(a.byline.span),
         outlet_id, _status(a.outlet.status, outlet_id), a.outlet.value if outlet_id else None,
         _start(a.outlet.span), _end(a.outlet.span),
         a.date.value, a.date_as_printed, _status(a.date.status, a.date.value),
         _start(a.date.span), _end(a.date.span),
         a.section.value, _status(a.section.status, a.section.value),
         json.dumps(a.site_sections, ensure_ascii=False), a.standfirst, a.body,
         _start(a.body_span), _end(a.body_span),
         a.signature.value, _start(a.signature.span), _end(a.signature.span),
         a.body_language, a.site_language, len(a.body.split()),
         json.dumps(review_flags(a), ensure_ascii=False), now_iso(),
         a.date_precision if a.date.value else None, a.dateline_place.value,
         _start(a.dateline_place.span), _end(a.dateline_place.span),
         a.dateline_place.method or None, a.wire_agency.value])
    return cursor.lastrowid


def _status(status: str, value) -> str:
    """Copies only know printed / inferred / missing; a value with no status is printed."""
    if value is None:
        return "missing"
    return status if status in ("printed", "inferred") else "printed"


def insert_details(conn, copy_id: int, article: ParsedArticle) -> None:
    """Everything found in the copy besides its metadata: rights, comments, notes, links …"""
    a = article
    conn.executemany(
        "INSERT INTO rights_statements (copy_id, kind, language, text, span_start, span_end, holder,"
        " year, requires, allowed_for, otherwise, contact, method, licence, licence_url)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(copy_id, r.kind, r.language, r.text, _start(r.span), _end(r.span), r.holder, r.year,
          json.dumps(r.requires, ensure_ascii=False), r.allowed_for, r.otherwise, r.contact,
          r.method or "parser", r.licence, r.licence_url) for r in a.rights])
    _insert_comments(conn, copy_id, a)
    conn.executemany(
        "INSERT INTO author_roles (copy_id, position, author, role, span_start, span_end, method)"
        " VALUES (?,?,?,?,?,?,?)",
        [(copy_id, n, author, role, *_role_evidence(a, author))
         for n, (author, role) in enumerate(a.author_roles.items())])
    conn.executemany(
        "INSERT INTO footnotes (copy_id, role, label, text, resolved, body_start, body_end,"
        " span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?)",
        [(copy_id, "marker", m.label, None, 0, m.body_start, m.body_end, _start(m.span), _end(m.span))
         for m in a.footnote_markers]
        + [(copy_id, "entry", e.label, e.text, int(e.resolved), None, None, _start(e.span), _end(e.span))
           for e in a.footnote_entries])
    conn.executemany(
        "INSERT INTO captions (copy_id, text, truncated, body_offset, span_start, span_end)"
        " VALUES (?,?,?,?,?,?)",
        [(copy_id, c.text, int(c.truncated), c.body_offset, _start(c.span), _end(c.span))
         for c in a.captions])
    conn.executemany(
        "INSERT INTO links (copy_id, anchor_text, target, body_start, body_end, span_start, span_end,"
        " location) VALUES (?,?,?,?,?,?,?,?)",
        [(copy_id, link.text, link.target, link.body_start, link.body_end, _start(link.span),
          _end(link.span), link.where) for link in a.links])
    conn.executemany(
        "INSERT INTO source_regions (copy_id, kind, span_start, span_end) VALUES (?,?,?,?)",
        [(copy_id, r.kind, r.span.start, r.span.end) for r in a.regions])


def _role_evidence(article: ParsedArticle, author: str) -> tuple[int | None, int | None, str]:
    """Where a role was read: its own line ("Translated by Y"), else the byline."""
    span = article.author_role_spans.get(author)
    if span is not None:
        return span.start, span.end, "generic:translator-line"
    return _start(article.byline.span), _end(article.byline.span), article.byline.method or "generic:byline"


def _insert_comments(conn, copy_id: int, article: ParsedArticle) -> None:
    """Comments in printed order, each parent written before its replies so ids can link.

    The ids are given out here (the next free ones, as SQLite would; we hold the write lock)
    so that the thread can be written by one ``executemany`` instead of a statement per comment.
    """
    if not article.comments:
        return
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM comments").fetchone()[0]
    ids: dict[int, int] = {}
    rows: list[tuple[object, ...]] = []
    for comment in sorted(article.comments, key=lambda c: c.index):
        parent = ids.get(comment.parent_index) if comment.parent_index is not None else None
        ids[comment.index] = next_id + len(rows)
        rows.append((ids[comment.index], copy_id, parent, comment.depth, comment.index,
                     comment.author, comment.text, _start(comment.span), _end(comment.span),
                     comment.date, comment.date_as_printed))
    conn.executemany(
        "INSERT INTO comments (id, copy_id, parent_id, depth, position, author, text, span_start,"
        " span_end, date, date_as_printed) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def insert_republications(conn, copy_id: int, article: ParsedArticle, outlet_ids: list[int | None],
                          from_copy_ids: list[int | None]) -> None:
    """The chain as printed: hop 1 is where this copy was taken from, with its evidence."""
    now = now_iso()
    conn.executemany(
        "INSERT INTO republications (copy_id, hop, from_outlet_id, from_copy_id, from_date,"
        " from_date_as_printed, relation, is_original, evidence, evidence_start, evidence_end,"
        " method, status, created_at, from_url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(copy_id, r.hop, outlet_id, from_copy, r.from_date, r.from_date_as_printed, r.relation,
          int(r.is_original), r.evidence, _start(r.span), _end(r.span), r.method or "parser",
          "printed", now, getattr(r, "url", None))
         for r, outlet_id, from_copy in zip(article.republications, outlet_ids, from_copy_ids)])


def site_tag_paths(site_sections: dict[str, str | list[str]]) -> list[str]:
    """Site sections ("Thème: Terrorism") as tag paths ``site:Thème/Terrorism`` (namespace site);
    a list of values (front matter's ``tags: [water, dams]``) gives one path each."""
    return [f"site:{' '.join(str(label).split())}/{' '.join(str(value).split())}"
            for label, values in site_sections.items() if str(label).strip()
            for value in (values if isinstance(values, list) else [values]) if str(value).strip()]


def link_tags(conn, article_id: int, tag_ids: list[int]) -> None:
    conn.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                     [(article_id, tag_id) for tag_id in tag_ids])


def refresh_article_from_copy(conn, article_id: int, article) -> None:
    """The work's extracted title and authors follow its shown copy (corrections stay as they are)."""
    if not (article.title.value and article.title.status in ("printed", "inferred")):
        return
    authors = article.authors.value or []
    conn.execute(
        "UPDATE articles SET title = ?, title_status = ?, title_key = ?, authors = ?, authors_status = ?"
        " WHERE id = ?",
        [article.title.value, article.title.status, title_key(article.title.value),
         json.dumps(authors, ensure_ascii=False), article.authors.status if authors else "missing",
         article_id])


# -- what a reader found beyond the article (moved from importer.py) ----------------------

def store_reader_rows(conn, source_id: int, doc: ParsedDocument) -> None:
    """What a reader found beyond the article: capture provenance, attachments, PDF pages."""
    if doc.capture is not None:
        add_capture(conn, source_id, doc.capture, "capture")
        for earlier in doc.capture.history:
            add_capture(conn, source_id, Capture(url=earlier.get("url"),
                                                 captured_at=earlier.get("captured_at"),
                                                 tool=earlier.get("tool") or doc.capture.tool,
                                                 payload_digest=earlier.get("payload_digest"),
                                                 digest_ok=earlier.get("digest_ok"),
                                                 record_id=earlier.get("record_id"),
                                                 container=doc.capture.container,
                                                 package_digest_ok=doc.capture.package_digest_ok),
                        earlier.get("relation") or "redirect")
    if doc.attachments:
        conn.executemany(
            "INSERT INTO source_attachments (source_id, path, sha256, size_bytes, content)"
            " VALUES (?,?,?,?,?)",
            [(source_id, a.path, a.sha256, a.size_bytes, a.content) for a in doc.attachments])
    if doc.pages:
        conn.executemany("INSERT INTO source_pages (source_id, page, span_start, span_end)"
                         " VALUES (?,?,?,?)", [(source_id, *p) for p in doc.pages])
    if getattr(doc, "metadata", None):
        conn.executemany("INSERT INTO source_metadata (source_id, scheme, key, value)"
                         " VALUES (?,?,?,?)", [(source_id, *m) for m in doc.metadata])


def add_capture(conn, source_id: int, capture: Capture, relation: str) -> None:
    conn.execute(
        "INSERT INTO source_captures (source_id, relation, url, captured_at, tool, payload_digest,"
        " digest_ok, record_id, container, recorded_at, digest_of_content, package_digest_ok)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [source_id, relation, capture.url, capture.captured_at, capture.tool, capture.payload_digest,
         None if capture.digest_ok is None else int(capture.digest_ok), capture.record_id,
         capture.container, now_iso(), int(capture.digest_of_content),
         None if capture.package_digest_ok is None else int(capture.package_digest_ok)])


def capture_known(conn, source_id: int, capture: Capture) -> bool:
    return conn.execute(
        "SELECT 1 FROM source_captures WHERE source_id = ? AND coalesce(record_id, '') = ?"
        " AND coalesce(captured_at, '') = ? AND coalesce(url, '') = ?",
        [source_id, capture.record_id or "", capture.captured_at or "", capture.url or ""]
    ).fetchone() is not None
