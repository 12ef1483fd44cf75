"""Read everything an export needs in a few bulk queries, into plain records.

Every format module works from ``ExportData`` and never touches the database, so a format can
be tested on hand-made records and a thousand articles cost a handful of queries, not
thousands. The reads run on their own read-only connection inside one transaction: a snapshot
that a concurrent import cannot change half-way, and that never blocks the GUI's connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..annotate.annotatable import body_offset
from ..annotate.pages import page_value, passage_pages
from ..library.article_detail import first_appearance
from ..store.records import FirstAppearance

CHUNK = 500


@dataclass
class CopyRecord:
    id: int
    article_id: int
    source_id: int
    sha256: str
    filename: str
    encoding: str
    size_bytes: int
    outlet: str | None
    outlet_status: str
    outlet_evidence: str | None
    date: str | None
    date_as_printed: str | None
    section: str | None
    byline: str | None
    body: str
    language: str | None
    imported_at: str
    superseded: bool
    index_in_source: int            # the copy's place among its source file's articles, from 0
    body_start: int = 0             # where the body starts in the decoded source
    #: the lead paragraph annotations count from (``core.annotate.annotatable``), and where it was read
    #: from in the decoded source (None where unknown)
    standfirst: str | None = None
    standfirst_start: int | None = None
    original_outlet_corrected: str | None = None
    original_date_corrected: str | None = None
    republications: list[dict] = field(default_factory=list)
    rights: list[dict] = field(default_factory=list)
    corrections: dict = field(default_factory=dict)   # field -> the user's value, where corrected
    #: citation metadata (#20): the page's address (corrected, else the capture URL), an
    #: archived address the researcher noted, and when it was accessed (ISO, at its precision)
    url: str | None = None
    archived_url: str | None = None
    accessed: str | None = None
    #: which reader read the source, and its captures (#10: WARC, SingleFile, MHTML)
    format: str = "text"
    captures: list[dict] = field(default_factory=list)
    #: a PDF's pages: (page, body_start, body_end) per stretch of the body (#10)
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    #: who the copy says translated it ("Translated from the French by Y", #12), in order
    translators: list[str] = field(default_factory=list)
    #: where the file was imported from (a path, or ``qdpx:<project>#<source GUID>`` for a
    #: source a REFI-QDA project brought in, whose GUID its export keeps, #13)
    original_path: str | None = None


@dataclass
class AnnotationRecord:
    id: int
    article_id: int
    copy_id: int
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    anchor_status: str
    color: str
    note: str
    created_at: str
    updated_at: str
    tags: list[str] = field(default_factory=list)
    w3c_id: str | None = None     # the id it was first published under, if from another archive
    page: str | None = None       # the PDF page(s) the passage stands on ("4", "4–5"; #10)


@dataclass
class ArticleRecord:
    id: int
    title: str | None
    title_status: str            # printed | inferred | provisional | missing | corrected
    authors: list[str]
    authors_status: str
    language: str | None
    note: str | None
    primary_copy_id: int
    created_at: str
    key: str = ""                # the citation key, set by citekeys.assign
    copies: list[CopyRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    corrections: dict = field(default_factory=dict)
    doi: str | None = None       # the user's (#20)

    @property
    def primary(self) -> CopyRecord:
        for copy in self.copies:
            if copy.id == self.primary_copy_id:
                return copy
        return self.copies[0]

    @property
    def original(self) -> FirstAppearance | None:
        """Where the work first appeared: the user's correction, else the extracted chain
        (``article_detail.first_appearance``, the rule the reader shows)."""
        copy = self.primary
        found = first_appearance([r for r in copy.republications if not r["rejected"]],
                                 copy.original_outlet_corrected, copy.original_date_corrected,
                                 outlet_key="from_outlet")
        if not found or not (found.outlet or found.date):
            return None
        return FirstAppearance(found.outlet, found.date, found.evidence)


@dataclass
class ExportData:
    articles: list[ArticleRecord]
    events: list[dict]
    notes: list[dict]                # free-standing research notes linked to what is exported
    archive_info: dict
    #: links found by text that the user confirmed, between two copies both in the export
    #: (#11); proposed and rejected links are not exported (nothing inferred goes out as fact)
    reuse_links: list[dict] = field(default_factory=list)

    @property
    def copies(self) -> Iterator[CopyRecord]:
        for article in self.articles:
            yield from article.copies

    def annotation_count(self) -> int:
        return sum(len(a.annotations) for a in self.articles)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _rows(db, sql: str, ids: list[int]) -> Iterator[dict]:
    """Run ``sql`` (with ``{ids}`` for the placeholder list) over ``ids`` in chunks, as dicts."""
    for chunk in _chunks(ids):
        cursor = db.execute(sql.format(ids=",".join("?" * len(chunk))), chunk)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))


def collect(db, article_ids: list[int], *, include_notes: bool = True) -> ExportData:
    """Everything about ``article_ids`` (in that order) that any format may need."""
    trashed = {r[0] for r in db.execute("SELECT article_id FROM trash")}   # #20: never exported
    article_ids = [i for i in article_ids if i not in trashed]
    articles = {r["id"]: _article(r) for r in _rows(db, ARTICLES_SQL, article_ids)}
    ordered = [articles[i] for i in article_ids if i in articles]
    copies = _copies(db, article_ids)
    for copy in copies.values():
        articles[copy.article_id].copies.append(copy)
    for row in _rows(db, TAGS_SQL, article_ids):
        articles[row["article_id"]].tags.append(row["path"])
    for annotation in _annotations(db, article_ids):
        if annotation.copy_id in copies:
            copy = copies[annotation.copy_id]
            annotation.page = page_value(passage_pages(copy.pages, annotation.start,
                                                       annotation.end, body_offset(copy.standfirst)))
            articles[annotation.article_id].annotations.append(annotation)
    ordered = [a for a in ordered if a.copies]
    if not include_notes:
        for article in ordered:
            article.note = None
            for annotation in article.annotations:
                annotation.note = ""
    info = {k: v for k, v in db.execute("SELECT key, value FROM archive_info")}
    events = _events(db, ordered, info.get("uuid"))
    notes = _notes(db, ordered) if include_notes else []
    return ExportData(ordered, events, notes, info, _reuse_links(db, ordered))


ARTICLES_SQL = """
SELECT a.id, COALESCE(a.title_corrected, a.title) AS title,
       CASE WHEN a.title_corrected IS NOT NULL THEN 'corrected' ELSE a.title_status END AS title_status,
       COALESCE(a.authors_corrected, a.authors) AS authors, a.authors_status,
       COALESCE(a.language_corrected, a.language) AS language, a.note,
       a.primary_copy_id, a.created_at, a.title_corrected, a.authors_corrected, a.doi
FROM articles a WHERE a.id IN ({ids}) AND a.primary_copy_id IS NOT NULL"""


def _article(r: dict) -> ArticleRecord:
    corrections = {}
    if r["title_corrected"] is not None:
        corrections["title"] = r["title_corrected"]
    if r["authors_corrected"] is not None:
        corrections["authors"] = json.loads(r["authors_corrected"])
    return ArticleRecord(r["id"], r["title"], r["title_status"], json.loads(r["authors"] or "[]"),
                         r["authors_status"], r["language"], r["note"], r["primary_copy_id"],
                         r["created_at"], corrections=corrections, doi=r["doi"])


COPIES_SQL = """
SELECT c.id, c.article_id, c.source_id, s.sha256, s.filename, s.encoding, s.size_bytes,
       s.original_path,
       o.name AS outlet, CASE WHEN c.outlet_corrected_id IS NOT NULL THEN 'corrected'
                              ELSE c.outlet_status END AS outlet_status,
       c.outlet_evidence, COALESCE(c.date_corrected, c.date) AS date, c.date_as_printed,
       COALESCE(c.section_corrected, c.section) AS section, c.byline_as_printed AS byline,
       c.body, COALESCE(c.body_start, 0) AS body_start, c.standfirst,
       (SELECT min(r.span_start) FROM source_regions r WHERE r.copy_id = c.id
          AND r.kind = 'standfirst') AS standfirst_start,
       COALESCE(a.language_corrected, c.body_language, a.language) AS language,
       COALESCE((SELECT rs.imported_at FROM restored_sources rs WHERE rs.source_id = s.id),
                s.imported_at) AS imported_at,
       COALESCE(c.url_corrected, s.capture_url) AS url, c.archived_url, c.accessed,
       c.superseded_by_id IS NOT NULL AS superseded,
       (SELECT count(*) FROM copies c2 WHERE c2.source_id = c.source_id AND c2.id < c.id) AS index_in_source,
       oo.name AS original_outlet_corrected, c.original_date_corrected,
       oc.name AS outlet_corrected, c.date_corrected, c.section_corrected
FROM copies c JOIN sources s ON s.id = c.source_id JOIN articles a ON a.id = c.article_id
LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)
LEFT JOIN outlets oo ON oo.id = c.original_outlet_corrected_id
LEFT JOIN outlets oc ON oc.id = c.outlet_corrected_id
WHERE c.article_id IN ({ids}) AND (c.superseded_by_id IS NULL OR c.id = a.primary_copy_id)
ORDER BY c.article_id, c.id"""

REPUBLICATIONS_SQL = """
SELECT r.copy_id, r.hop, o.name AS from_outlet, r.from_copy_id, r.from_date, r.from_date_as_printed,
       r.relation, r.is_original, r.evidence, r.method, r.status, r.rejected
FROM republications r LEFT JOIN outlets o ON o.id = r.from_outlet_id
WHERE r.copy_id IN ({ids}) ORDER BY r.copy_id, r.hop, r.id"""

RIGHTS_SQL = """
SELECT copy_id, kind, language, text, holder, year, requires, allowed_for, otherwise, contact, method
FROM rights_statements WHERE copy_id IN ({ids}) ORDER BY copy_id, id"""


def _copies(db, article_ids: list[int]) -> dict[int, CopyRecord]:
    copies: dict[int, CopyRecord] = {}
    corrections: dict[int, dict] = {}
    for r in _rows(db, COPIES_SQL, article_ids):
        fixed = {k: r.pop(k) for k in ("outlet_corrected", "date_corrected", "section_corrected")}
        r["superseded"] = bool(r["superseded"])
        copies[r["id"]] = CopyRecord(**r)
        corrections[r["id"]] = {k.removesuffix("_corrected"): v for k, v in fixed.items() if v is not None}
    ids = list(copies)
    for r in _rows(db, REPUBLICATIONS_SQL, ids):
        copy_id = r.pop("copy_id")
        r["is_original"], r["rejected"] = bool(r["is_original"]), bool(r["rejected"])
        copies[copy_id].republications.append(r)
    for r in _rows(db, RIGHTS_SQL, ids):
        copy_id = r.pop("copy_id")
        r["requires"] = json.loads(r["requires"] or "[]")
        copies[copy_id].rights.append(r)
    for copy_id, fixed in corrections.items():
        copy = copies[copy_id]
        if copy.original_outlet_corrected is not None:
            fixed["original_outlet"] = copy.original_outlet_corrected
        if copy.original_date_corrected is not None:
            fixed["original_date"] = copy.original_date_corrected
        copy.corrections = fixed
    _reader_rows(db, copies)
    return copies


def _reader_rows(db, copies: dict[int, CopyRecord]) -> None:
    """Each copy's source format and capture provenance, so a bundle carries them (#10)."""
    for copy in copies.values():
        row = db.execute("SELECT format FROM sources WHERE id = ?", [copy.source_id]).fetchone()
        copy.format = (row[0] if row else None) or "text"
        copy.captures = [
            {"relation": r[0], "url": r[1], "captured_at": r[2], "tool": r[3], "payload_digest": r[4],
             "digest_ok": None if r[5] is None else bool(r[5]), "record_id": r[6],
             # whether the stored bytes are what the digest is of (False: stored decompressed),
             # the WARC/WACZ it came from and its datapackage.json check, so a bundle's reader
             # knows what can be re-checked from data/sources/ alone
             "digest_of_content": bool(r[7]), "container": r[8],
             "package_digest_ok": None if r[9] is None else bool(r[9])}
            for r in db.execute("SELECT relation, url, captured_at, tool, payload_digest, digest_ok,"
                                " record_id, digest_of_content, container, package_digest_ok"
                                " FROM source_captures WHERE source_id = ? ORDER BY id",
                                [copy.source_id])]
        copy.translators = [r[0] for r in db.execute(
            "SELECT author FROM author_roles WHERE copy_id = ? AND role = 'translator'"
            " ORDER BY position", [copy.id])]
        copy.pages = [tuple(r) for r in db.execute(
            "SELECT page, span_start, span_end FROM source_pages WHERE source_id = ? ORDER BY page",
            [copy.source_id])]


TAGS_SQL = """
SELECT at.article_id, t.path FROM article_tags at JOIN tags t ON t.id = at.tag_id
WHERE at.article_id IN ({ids}) ORDER BY at.article_id, t.path"""

ANNOTATIONS_SQL = """
SELECT id, article_id, copy_id, exact, prefix, suffix, start, "end", anchor_status, color, note,
       created_at, updated_at, w3c_id
FROM annotations WHERE article_id IN ({ids}) AND deleted_at IS NULL ORDER BY article_id, start, id"""

ANNOTATION_TAGS_SQL = """
SELECT x.annotation_id, t.path FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
WHERE x.annotation_id IN ({ids}) ORDER BY t.path"""


def _annotations(db, article_ids: list[int]) -> list[AnnotationRecord]:
    annotations = {r["id"]: AnnotationRecord(**r) for r in _rows(db, ANNOTATIONS_SQL, article_ids)}
    for r in _rows(db, ANNOTATION_TAGS_SQL, list(annotations)):
        annotations[r["annotation_id"]].tags.append(r["path"])
    return list(annotations.values())


EVENTS_SQL = """
SELECT id, at, actor, action, entity, entity_id, before, after, details FROM events
WHERE entity = '{entity}' AND entity_id IN ({{ids}}) ORDER BY id"""

RESTORED_SQL = """
SELECT r.source_id, r.entity, r.index_in_source, r.archive, r.original_id AS id, r.at, r.actor,
       r.action, r.before, r.after, r.details, e.details AS opening
FROM restored_events r JOIN events e ON e.id = r.opening_event_id
WHERE r.source_id IN ({ids}) ORDER BY r.id"""

OPENINGS_SQL = """
SELECT rs.source_id, e.details FROM restored_sources rs JOIN events e ON e.id = rs.opening_event_id
WHERE rs.source_id IN ({ids})"""


def _kept(action: str) -> bool:
    return action in ("import", "new_version", "correct") or action.startswith("correct")


def _events(db, articles: list[ArticleRecord], archive: str | None = None) -> list[dict]:
    """Imports (of the sources) and corrections (of the articles and copies) in scope, each
    with the archive it happened in (``archive``: its UUID).

    A source a bundle brought in (#13) has the history the bundle carried (``restored_events``,
    as it happened in the archive it names) instead of the events this archive wrote while
    opening the bundle (its own import of the file and the corrections the bundle applied,
    which restated that history; they stay in this archive's log); what happened here after
    the opening is this archive's own, as for any source."""
    copies = [c for a in articles for c in a.copies]
    wanted = {"source": sorted({c.source_id for c in copies}),
              "article": [a.id for a in articles],
              "copy": sorted({c.id for c in copies})}
    # the events each restoring opening wrote (ids first..last), and the sources it restored
    opened: dict[int, tuple[int, int]] = {}
    for r in _rows(db, OPENINGS_SQL, wanted["source"]):
        span = (json.loads(r["details"]) or {}).get("opening_events") or [0, -1]
        opened[r["source_id"]] = (int(span[0]), int(span[1]))
    source_of = {"source": {i: i for i in wanted["source"]},
                 "article": {a.id: a.primary.source_id for a in articles},
                 "copy": {c.id: c.source_id for c in copies}}
    events = []
    for entity, ids in wanted.items():
        for r in _rows(db, EVENTS_SQL.format(entity=entity), ids):
            span = opened.get(source_of[entity].get(r["entity_id"], -1))
            if not _kept(r["action"]) or (span and span[0] <= r["id"] <= span[1]):
                continue
            for k in ("before", "after", "details"):
                r[k] = json.loads(r[k]) if r[k] else None
            r["archive"] = archive
            events.append(r)
    by_place = {(c.source_id, c.index_in_source): c for c in copies}
    for r in _rows(db, RESTORED_SQL, wanted["source"]):
        r.pop("opening")
        source_id, index = r.pop("source_id"), r.pop("index_in_source")
        entity = r["entity"]
        copy = by_place.get((source_id, index or 0))
        if entity == "source":
            r["entity_id"] = source_id
        elif copy is None:
            continue     # a copy of the source this export does not hold
        else:
            r["entity_id"] = copy.article_id if entity == "article" else copy.id
        for k in ("before", "after", "details"):
            r[k] = json.loads(r[k]) if r[k] else None
        events.append({k: r[k] for k in ("id", "at", "actor", "action", "entity", "entity_id",
                                         "before", "after", "details", "archive")})
    return sorted(events, key=lambda e: (e["at"], e["archive"] or "", e["id"]))


NOTES_SQL = """
SELECT DISTINCT n.id, n.title, n.body, n.created_at, n.updated_at FROM notes n
JOIN note_links l ON l.note_id = n.id
LEFT JOIN annotations an ON an.id = l.annotation_id
WHERE COALESCE(l.article_id, an.article_id) IN ({ids}) ORDER BY n.id"""


def _notes(db, articles: list[ArticleRecord]) -> list[dict]:
    notes = {r["id"]: r for r in _rows(db, NOTES_SQL, [a.id for a in articles])}
    for note in notes.values():
        note["article_ids"], note["annotation_ids"] = [], []
    for r in _rows(db, "SELECT note_id, article_id, annotation_id FROM note_links "
                       "WHERE note_id IN ({ids}) ORDER BY id", list(notes)):
        note = notes[r["note_id"]]
        if r["article_id"] is not None:
            note["article_ids"].append(r["article_id"])
        if r["annotation_id"] is not None:
            note["annotation_ids"].append(r["annotation_id"])
    return list(notes.values())


REUSE_LINKS_SQL = """
SELECT id, copy_a, copy_b, kind, share_a, share_b, reused_words, passages, from_copy_id, direction,
       method, parameters, status, created_at, decided_at
FROM reuse_links_described WHERE status = 'confirmed' AND copy_a IN ({ids}) ORDER BY id"""


def _reuse_links(db, articles: list[ArticleRecord]) -> list[dict]:
    """The confirmed links found by text (#11) whose two copies are both exported, each with its
    aligned passages (spans into each copy's body and the words they cover) and each side's
    source hash and place in it, which is how another archive finds the same copies."""
    copies = {c.id: c for a in articles for c in a.copies}
    links = []
    for r in _rows(db, REUSE_LINKS_SQL, list(copies)):
        a, b = copies.get(r["copy_a"]), copies.get(r["copy_b"])
        if a is None or b is None:
            continue
        passages = []
        for p in json.loads(r["passages"] or "[]"):
            a_start, a_end, b_start, b_end = (int(x) for x in p[:4])
            passages.append({"a_span": [a_start, a_end], "b_span": [b_start, b_end],
                             "score": p[4] if len(p) > 4 else None, "how": p[5] if len(p) > 5 else "whole",
                             "a_text": a.body[a_start:a_end], "b_text": b.body[b_start:b_end]})
        side = {r["copy_a"]: "a", r["copy_b"]: "b"}
        links.append({
            "link_id": r["id"], "kind": r["kind"], "status": r["status"],
            "a": {"copy_id": a.id, "source_sha256": a.sha256, "index_in_source": a.index_in_source,
                  "share_reused": r["share_a"]},
            "b": {"copy_id": b.id, "source_sha256": b.sha256, "index_in_source": b.index_in_source,
                  "share_reused": r["share_b"]},
            "reused_words": r["reused_words"], "first": side.get(r["from_copy_id"]),
            "direction": r["direction"], "method": r["method"],
            "parameters": json.loads(r["parameters"] or "{}"), "passages": passages,
            "found_at": r["created_at"], "confirmed_at": r["decided_at"]})
    return links
