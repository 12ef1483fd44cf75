"""Annotations as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD).

Targets name the source file the annotation was made on by its SHA-256 (``urn:sha256:…``), so
the annotation points at the same bytes in any archive, with a ``TextQuoteSelector`` (exact,
prefix, suffix) to find the passage. The character offsets our archive keeps are into the
copy's cleaned body, not into the source file, so they travel in ``palmyra.json`` only: a W3C
``TextPositionSelector`` would promise offsets into the bytes named by the target.

Ids are derived from what the annotation is (source, position, text), not from this archive's
row ids, so exporting the same annotation twice gives the same id.
"""

from __future__ import annotations

import uuid

from .collect import ArticleRecord

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NAMESPACE = uuid.UUID("6f1d3c2e-5a8b-4c1f-9e7d-2b3a4c5d6e7f")


def annotation_iri(sha256: str, start: int, end: int, exact: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"{sha256}:{start}:{end}:{exact}"))


def _iso(ts: str) -> str:
    return ts if ts.endswith("Z") or "+" in ts[10:] else ts + "Z"


def annotation_json(article: ArticleRecord, annotation) -> dict:
    copy = next((c for c in article.copies if c.id == annotation.copy_id), article.primary)
    bodies: list[dict] = []
    if annotation.note:
        bodies.append({"type": "TextualBody", "value": annotation.note, "format": "text/markdown",
                       "purpose": "commenting"})
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags]
    item = {
        "id": annotation_iri(copy.sha256, annotation.start, annotation.end, annotation.exact),
        "type": "Annotation",
        "motivation": "commenting" if annotation.note else "highlighting",
        "created": _iso(annotation.created_at),
        "modified": _iso(annotation.updated_at),
        "target": {
            "source": f"urn:sha256:{copy.sha256}",
            "selector": {"type": "TextQuoteSelector", "exact": annotation.exact,
                         "prefix": annotation.prefix, "suffix": annotation.suffix},
        },
    }
    if bodies:
        item["body"] = bodies if len(bodies) > 1 else bodies[0]
    return item


def annotation_collection(articles: list[ArticleRecord], *, collection_id: str,
                          label: str = "Palmyra Archive export") -> dict:
    items = [annotation_json(a, x) for a in articles for x in a.annotations]
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{collection_id}/page1", "type": "AnnotationPage",
                  "partOf": collection_id, "startIndex": 0, "items": items},
    }
