"""Annotations as a W3C Web Annotation AnnotationCollection (JSON-LD): the one implementation,
used by ``archive.annotations.to_w3c`` (the CLI's ``annotations --json``) and by bundles
(``annotations.jsonld``), so the same annotation gets the same item wherever it is exported.

Each annotation gets a stable URN made of the archive's own UUID (``archive_info`` 'uuid',
given when the archive is created, see ``migrations``) and its id, so the same annotation
exported twice is recognisably the same. The target names the copy's source file by its
SHA-256 (``urn:sha256:…``), which a reader of a bundle can check against the file itself.
Selectors must then describe that file's text, not our cleaned body (captions lifted out, link
markup resolved), so the passage is anchored in the decoded source: where its words stand
there verbatim, the TextQuoteSelector (with the source's own context) and a
TextPositionSelector into the decoded source are given; where they stand with markup among
them (``[congratulated](#) the Syrian government``), both selectors describe the file's span as
it is, markup included, so a tool anchoring on the file places it; only an annotation that
cannot be found in its file at all (an orphan) keeps the quote alone. Annotation offsets
count in the copy's annotatable text (standfirst, then body: ``core.annotate.annotatable``); the search
in the source starts where that part of the text was read from (``source_hint``).

Items are built from plain records (``export.collect.AnnotationRecord``) so a bundle builds
them from the data its export already collected; exporting never writes to the archive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..store import source_bytes
from ..store.errors import ArchiveError
from . import anchoring
from .annotatable import BODY_OFFSET_SQL
from .pages import PAGE_FIRST_SQL, PAGE_LAST_SQL, page_from_row

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

#: source id -> an Anchorer over that source's decoded text
SourceLookup = Callable[[int], anchoring.Anchorer]


def archive_uuid(archive) -> str:
    """This archive's UUID (written by the migrations when the archive was created)."""
    row = archive.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
    if not (row and row[0]):
        raise ArchiveError("This archive has no identifier; open it with Palmyra Archive once "
                           "so it is upgraded, then export again.")
    return row[0]


def annotation_urn(archive_id: str, annotation_id: int) -> str:
    return f"urn:palmyra:annotation:{archive_id}:{annotation_id}"


def published_id(archive_id: str, annotation) -> str:
    """The annotation's W3C id: the one it came with from another archive, else ours."""
    return getattr(annotation, "w3c_id", None) or annotation_urn(archive_id, annotation.id)


def collection(archive, annotation_ids: Sequence[int] | None = None) -> dict:
    """An AnnotationCollection of these (or all live) annotations of ``archive``."""
    from ..export.collect import AnnotationRecord

    archive_id = archive_uuid(archive)
    sql = """
        SELECT a.id, a.article_id, a.copy_id, a.exact, a.prefix, a.suffix, a.start, a."end",
          a.anchor_status, a.color, a.note, a.created_at, a.updated_at, a.w3c_id,
          (SELECT group_concat(t.path, char(31)) FROM annotation_tags x
             JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id),
          s.sha256, s.id, COALESCE(c.body_start, 0), """ + BODY_OFFSET_SQL + """,
          (SELECT min(r.span_start) FROM source_regions r
             WHERE r.copy_id = c.id AND r.kind = 'standfirst'),
          """ + PAGE_FIRST_SQL + ", " + PAGE_LAST_SQL + """
        FROM annotations a JOIN copies c ON c.id = a.copy_id JOIN sources s ON s.id = c.source_id
        WHERE a.deleted_at IS NULL"""
    params: list = []
    if annotation_ids is not None:
        ids = list(annotation_ids)
        sql += f" AND a.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = ids
    sources = source_lookup(archive.db)
    items = []
    for row in archive.db.execute(sql + " ORDER BY a.id", params).fetchall():
        (id_, article_id, copy_id, exact, prefix, suffix, start, end, anchor_status, color, note,
         created_at, updated_at, w3c_id, tags, sha256, source_id, body_start, body_offset,
         standfirst_start, page_first, page_last) = row
        record = AnnotationRecord(id_, article_id, copy_id, exact, prefix, suffix, start, end,
                                  anchor_status, color, note, created_at, updated_at, tags=sorted(tags.split("\x1f")) if tags else [],
                                  w3c_id=w3c_id, page=page_from_row(page_first, page_last))
        items.append(annotation_item(archive_id, record, sha256=sha256, body_start=body_start,
                                     source=sources(source_id), body_offset=body_offset,
                                     standfirst_start=standfirst_start))
    return collection_document(f"urn:palmyra:annotations:{archive_id}", items,
                               label="Palmyra Archive annotations")


def export_collection(data, sources: SourceLookup, *, collection_id: str,
                      label: str = "Palmyra Archive export") -> dict:
    """The collection of an export's annotations, from what ``export.collect`` gathered."""
    from .annotatable import body_offset

    archive_id = data.archive_info.get("uuid")
    if not archive_id:
        raise ArchiveError("This archive has no identifier; open it with Palmyra Archive once "
                           "so it is upgraded, then export again.")
    items = []
    for article in data.articles:
        copies = {c.id: c for c in article.copies}
        for annotation in article.annotations:
            copy = copies.get(annotation.copy_id, article.primary)
            items.append(annotation_item(archive_id, annotation, sha256=copy.sha256,
                                         body_start=copy.body_start,
                                         source=sources(copy.source_id),
                                         body_offset=body_offset(copy.standfirst),
                                         standfirst_start=copy.standfirst_start))
    return collection_document(collection_id, items, label=label)


def collection_document(collection_id: str, items: list[dict], *, label: str) -> dict:
    """An AnnotationCollection with every item on its first (and only) page."""
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": collection_id + ":page:1", "type": "AnnotationPage",
                  "partOf": collection_id, "startIndex": 0, "items": items},
    }


def source_lookup(db) -> SourceLookup:
    """Decoded sources by id, read from ``db`` (a connection or sqlite-utils database) and
    kept for the few most recently asked (an export reads each source once per annotation)."""
    from functools import lru_cache

    from ..ingest.readers import stored_source_text

    @lru_cache(maxsize=64)
    def anchorer(source_id: int) -> anchoring.Anchorer:
        filename, content, size, encoding = db.execute(
            "SELECT filename, content, size_bytes, encoding FROM sources WHERE id = ?",
            [source_id]).fetchone()
        return anchoring.Anchorer(stored_source_text(filename, source_bytes.unpack(content, size),
                                                     encoding))
    return anchorer


def source_hint(start: int, *, body_start: int, body_offset: int = 0,
                standfirst_start: int | None = None) -> int:
    """Where annotatable-text offset ``start`` was probably read from in the decoded source:
    the body's words from ``body_start`` on, the standfirst's from its own region (the
    source's markup around them shifts this a little; anchoring looks around it)."""
    if start >= body_offset:
        return body_start + start - body_offset
    return (standfirst_start or 0) + start


def source_selectors(source: anchoring.Anchorer, exact: str, prefix: str, suffix: str,
                     hint: int) -> list[dict]:
    """Selectors into the decoded source text, or the quote alone (see module doc); ``hint``
    is where to look first (``source_hint``)."""
    placed = source.anchor(anchoring.Selector(exact, prefix, suffix, hint, hint + len(exact)))
    if placed is None:
        return [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]
    # fuzzy: the words stand in the file with markup among them ("[congratulated](#) the …");
    # the selectors then quote the file as it is, so a tool anchoring on the file places it
    start, end = placed.start, placed.end
    if placed.status == "fuzzy":
        start, end = _whole_links(source.text, start, end)
    sel = anchoring.describe(source.text, start, end)
    return [{"type": "TextQuoteSelector", "exact": sel.exact, "prefix": sel.prefix,
             "suffix": sel.suffix},
            {"type": "TextPositionSelector", "start": sel.start, "end": sel.end}]


def _whole_links(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside Markdown link markup so it holds whole ``[words](address)``."""
    span = text[start:end]
    if start > 0 and text[start - 1] == "[" and span.find("]") != -1 and (
            span.find("[") == -1 or span.find("]") < span.find("[")):
        start -= 1
    last_open = text.rfind("[", start, end)
    if last_open != -1 and text.find("]", last_open, end) == -1:
        close = text.find(")", text.find("](", last_open), end + 400)
        if text.find("](", last_open) != -1 and close != -1:
            end = close + 1
    return start, end


def annotation_item(archive_id: str, annotation, *, sha256: str, body_start: int,
                    source: anchoring.Anchorer, body_offset: int = 0,
                    standfirst_start: int | None = None) -> dict:
    """One W3C Annotation from an ``AnnotationRecord`` (or anything with its fields)."""
    a = annotation
    bodies = []
    if a.note:
        bodies.append({"type": "TextualBody", "value": a.note, "format": "text/markdown",
                       "purpose": "commenting"})
    for tag in sorted(a.tags, key=str.lower):
        bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    item = {
        "@context": CONTEXT,
        "id": published_id(archive_id, a),
        "type": "Annotation",
        "motivation": "commenting" if a.note else ("tagging" if a.tags else "highlighting"),
        "created": a.created_at,
        "modified": a.updated_at,
        "target": {
            "source": f"urn:sha256:{sha256}",
            "selector": source_selectors(
                source, a.exact, a.prefix, a.suffix,
                source_hint(a.start, body_start=body_start, body_offset=body_offset,
                            standfirst_start=standfirst_start)),
            "styleClass": f"palmyra-{a.color}",
        },
        "stylesheet": {"type": "CssStylesheet",
                       "value": f".palmyra-{a.color} {{ background-color: {a.color}; }}"},
    }
    page = getattr(a, "page", None)
    if page:
        # the page as a PDF fragment (RFC 3778 "page=N") refined by the quote, beside the
        # selectors into the whole extracted text; the page(s) also as a plain property
        quote = item["target"]["selector"][0]
        item["target"]["selector"].append({
            "type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
            "value": f"page={page.split('–')[0]}", "refinedBy": dict(quote)})
        item["palmyra:page"] = page
    if bodies:
        item["body"] = bodies
    if a.anchor_status != "anchored":
        item["palmyra:anchorStatus"] = a.anchor_status
    return item


__all__ = ["archive_uuid", "annotation_urn", "published_id", "collection", "export_collection",
           "collection_document", "source_lookup", "source_hint", "source_selectors", "annotation_item"]
