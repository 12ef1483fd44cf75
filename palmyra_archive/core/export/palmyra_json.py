"""palmyra.json: everything in the bundle in our own terms, so it can be re-imported losslessly.

The citation formats are for other programs and lose what they have no field for; this file
keeps the archive's own view: each article's values and their status, the user's corrections
(beside, never over, what was extracted), copies with their source hash and place in the
source file, republication links with evidence, rights statements as classified, user tags,
annotations with their quote and offsets, notes (unless private notes were left out), the
import/correction events (each naming the archive it happened in, ``archive``: its UUID; a
source an opened bundle brought in has the events that bundle carried, #13), and the links found by text that the user confirmed (#11: both copies
by source hash and place, the aligned passages with their spans and words; proposed and
rejected links are left out). ``open_bundle`` reads only this file and the sources.
"""

from __future__ import annotations

from ..annotate.w3c import published_id
from .collect import ArticleRecord, CopyRecord, ExportData

FORMAT = "palmyra-archive-bundle"
FORMAT_VERSION = 1


def _copy(copy: CopyRecord, source_files: dict[str, str]) -> dict:
    return {
        "copy_id": copy.id, "source_sha256": copy.sha256, "source_filename": copy.filename,
        "source_file": source_files.get(copy.sha256), "index_in_source": copy.index_in_source,
        "encoding": copy.encoding, "size_bytes": copy.size_bytes,
        "outlet": copy.outlet, "outlet_status": copy.outlet_status, "date": copy.date,
        "date_as_printed": copy.date_as_printed, "section": copy.section, "byline": copy.byline,
        "language": copy.language, "imported_at": copy.imported_at, "superseded": copy.superseded,
        "corrections": copy.corrections, "republications": copy.republications,
        "rights": copy.rights,
        "format": copy.format, "captures": copy.captures,
    }


def _article(article: ArticleRecord, source_files: dict[str, str], archive_id: str) -> dict:
    primary = article.primary
    return {
        "key": article.key, "article_id": article.id, "title": article.title,
        "title_status": article.title_status, "authors": article.authors,
        "authors_status": article.authors_status, "language": article.language,
        "note": article.note, "corrections": article.corrections,
        "tags": [t for t in article.tags if not t.lower().startswith("site:")],
        "site_tags": [t for t in article.tags if t.lower().startswith("site:")],
        "original": None if article.original is None else article.original.to_json(), "primary_copy_id": primary.id,
        "copies": [_copy(c, source_files) for c in article.copies],
        "annotations": [{
            "annotation_id": a.id, "copy_id": a.copy_id,
            "source_sha256": next((c.sha256 for c in article.copies if c.id == a.copy_id), primary.sha256),
            "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix, "start": a.start, "end": a.end,
            "anchor_status": a.anchor_status, "color": a.color, "note": a.note, "tags": a.tags,
            "created_at": a.created_at, "updated_at": a.updated_at,
            "w3c_id": published_id(archive_id, a),
        } for a in article.annotations],
    }


def palmyra_document(data: ExportData, *, scope: str, options: dict, exported_at: str,
                     source_files: dict[str, str]) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": exported_at,
        "scope": scope, "options": options,
        "articles": [_article(a, source_files, data.archive_info.get("uuid") or "")
                     for a in data.articles],
        "notes": data.notes,
        "events": data.events,
        "reuse_links": data.reuse_links,
    }
