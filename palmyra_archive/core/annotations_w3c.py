"""Annotations as a W3C Web Annotation AnnotationCollection (JSON-LD).

Each annotation gets a stable URN made of the archive's own UUID (kept in ``archive_info``) and
its id, so the same annotation exported twice is recognisably the same. The target names the
copy's source file by its SHA-256 (``urn:sha256:…``), which a reader of a bundle can check
against the file itself. Selectors must then describe that file's text, not our cleaned body
(captions lifted out, link markup resolved), so the passage is anchored in the decoded source:
where its words stand there verbatim, the TextQuoteSelector (with the source's own context) and
a TextPositionSelector into the decoded source are given; where they do not (link markup inside
the quote), only the quote is, since offsets would promise something false.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Sequence

from . import anchoring

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def archive_uuid(archive) -> str:
    """This archive's UUID, created (and logged) the first time anyone asks."""
    row = archive.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
    if row and row[0]:
        return row[0]
    with archive.write("naming the archive"):
        row = archive.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
        if row and row[0]:
            return row[0]
        value = str(uuid.uuid4())
        archive.db.execute("INSERT OR REPLACE INTO archive_info (key, value) VALUES ('uuid', ?)",
                           [value])
        archive.events.record("archive_uuid", entity="archive", after={"uuid": value},
                              actor="system")
    return value


def annotation_urn(archive_id: str, annotation_id: int) -> str:
    return f"urn:palmyra:annotation:{archive_id}:{annotation_id}"


def collection(archive, annotation_ids: Sequence[int] | None = None) -> dict:
    """An AnnotationCollection with every item on its first (and only) page."""
    archive_id = archive_uuid(archive)
    sql = """
        SELECT a.id, a.exact, a.prefix, a.suffix, a.start, a."end", a.note, a.color,
          a.created_at, a.updated_at, s.sha256, a.anchor_status,
          (SELECT group_concat(t.path, char(31)) FROM annotation_tags x
             JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id),
          s.id, COALESCE(c.body_start, 0)
        FROM annotations a JOIN copies c ON c.id = a.copy_id JOIN sources s ON s.id = c.source_id
        WHERE a.deleted_at IS NULL"""
    params: list = []
    if annotation_ids is not None:
        ids = list(annotation_ids)
        sql += f" AND a.id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = ids
    rows = archive.db.execute(sql + " ORDER BY a.id", params).fetchall()
    source_text = lru_cache(maxsize=64)(lambda source_id: _source_anchorer(archive, source_id))
    items = [_annotation(archive_id, row, source_text(row[13])) for row in rows]
    collection_id = f"urn:palmyra:annotations:{archive_id}"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Palmyra Archive annotations",
        "total": len(items),
        "first": {"id": collection_id + ":page:1", "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
    }


def _source_anchorer(archive, source_id: int) -> anchoring.Anchorer:
    from .articles import decode_source
    filename, content, encoding = archive.db.execute(
        "SELECT filename, content, encoding FROM sources WHERE id = ?", [source_id]).fetchone()
    return anchoring.Anchorer(decode_source(filename, bytes(content), encoding))


def source_selectors(source: anchoring.Anchorer, exact: str, prefix: str, suffix: str,
                     body_start: int, start: int, end: int) -> list[dict]:
    """Selectors into the decoded source text, or the body's quote alone (see module doc)."""
    placed = source.anchor(anchoring.Selector(exact, prefix, suffix, body_start + start,
                                              body_start + end))
    if placed is None or placed.status == "fuzzy":
        return [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]
    sel = anchoring.describe(source.text, placed.start, placed.end)
    return [{"type": "TextQuoteSelector", "exact": sel.exact, "prefix": sel.prefix,
             "suffix": sel.suffix},
            {"type": "TextPositionSelector", "start": sel.start, "end": sel.end}]


def _annotation(archive_id: str, row, source: anchoring.Anchorer) -> dict:
    (annotation_id, exact, prefix, suffix, start, end, note, color, created, modified, sha256,
     status, tags, _source_id, body_start) = row
    bodies = []
    if note:
        bodies.append({"type": "TextualBody", "value": note, "format": "text/markdown",
                       "purpose": "commenting"})
    for tag in sorted(tags.split("\x1f"), key=str.lower) if tags else []:
        bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    item = {
        "@context": CONTEXT,
        "id": annotation_urn(archive_id, annotation_id),
        "type": "Annotation",
        "motivation": "commenting" if note else ("tagging" if tags else "highlighting"),
        "created": created,
        "modified": modified,
        "target": {
            "source": f"urn:sha256:{sha256}",
            "selector": source_selectors(source, exact, prefix, suffix, body_start, start, end),
        },
        "stylesheet": {"type": "CssStylesheet",
                       "value": f".palmyra-{color} {{ background-color: {color}; }}"},
    }
    item["target"]["styleClass"] = f"palmyra-{color}"
    if bodies:
        item["body"] = bodies
    if status != "anchored":
        item["palmyra:anchorStatus"] = status
    return item
