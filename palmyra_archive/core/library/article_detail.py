"""Everything the archive knows about one article, as ``show ID --json`` prints it.

Why separate reads per table: the detail is one article, so clarity beats a single clever
query; effective values (correction where there is one, else the extracted value) are
resolved here the same way the ``library`` view resolves them.
"""

from __future__ import annotations

import json
from dataclasses import replace

from ..search.library_query import original_hop_sql
from ..store.errors import NotFoundError
from ..store.records import (
    ArticleDetail,
    Attachment,
    AuthorRole,
    BodyLink,
    CaptionSpan,
    Capture,
    ChainHop,
    CommentLine,
    CopyLine,
    Dateline,
    Evidence,
    FileMetadataEntry,
    FirstAppearance,
    FootnoteCounts,
    Languages,
    PageSpan,
    RightsLine,
    SourceFile,
)

CORRECTABLE_REVIEW = {"title": "title", "authors": "authors", "outlet": "outlet", "date": "date",
                      "section": "section", "original_outlet": "original", "original_date": "original"}


def _reviewed(db, copy_id: int) -> set[str]:
    """The reasons the user marked reviewed on this copy (#20, migration 0014)."""
    return {r[0] for r in db.execute("SELECT reason FROM review_decisions WHERE copy_id = ?", [copy_id])}


def _rows(db, sql: str, params) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(db, sql: str, params) -> dict | None:
    rows = _rows(db, sql, params)
    return rows[0] if rows else None


def _outlet_name(db, outlet_id: int | None) -> str | None:
    if outlet_id is None:
        return None
    row = db.execute("SELECT name FROM outlets WHERE id = ?", [outlet_id]).fetchone()
    return row[0] if row else None


def load(db, article_id: int) -> ArticleDetail:
    article = _one(db, "SELECT * FROM articles WHERE id = ?", [article_id])
    if article is None:
        raise NotFoundError(f"There is no article {article_id} in this archive.")
    copy = _one(db, "SELECT * FROM copies WHERE id = ?", [article["primary_copy_id"]])
    if copy is None:
        raise NotFoundError(f"Article {article_id} has no copy to show.")
    source = _one(db, "SELECT filename, sha256, id, encoding, size_bytes, imported_at, original_path,"
                      " previous_version_id FROM sources WHERE id = ?", [copy["source_id"]])
    if source is None:   # a foreign key: every copy has its source row
        raise NotFoundError(f"Article {article_id}'s copy has no source file.")
    corrected = corrected_fields(article, copy)
    outlet = _outlet_name(db, copy["outlet_corrected_id"] or copy["outlet_id"])
    date = copy["date_corrected"] or copy["date"]
    reps = _rows(db, "SELECT r.*, o.name AS outlet FROM republications r LEFT JOIN outlets o"
                     " ON o.id = r.from_outlet_id WHERE r.copy_id = ? AND r.rejected = 0"
                     " ORDER BY r.hop DESC, r.id", [copy["id"]])
    original = original_of(db, copy, reps)
    return ArticleDetail(
        id=article_id,
        title=article["title_corrected"] or article["title"],
        title_status="corrected" if article["title_corrected"] is not None else article["title_status"],
        title_as_printed=article["title"] if article["title_status"] in ("printed", "inferred") else None,
        authors=json.loads(article["authors_corrected"] or article["authors"] or "[]"),
        outlet=outlet,
        outlet_status="corrected" if copy["outlet_corrected_id"] else copy["outlet_status"],
        date=date,
        date_status="corrected" if copy["date_corrected"] else copy["date_status"],
        date_as_printed=copy["date_as_printed"],
        section=copy["section_corrected"] or copy["section"],
        original=original,
        chain=chain_of(reps, original, outlet, date, copy),
        **contents_of(db, copy["id"]),
        languages=languages_of(copy),
        source=SourceFile(**source),
        body=copy["body"],
        needs_review=[f for f in json.loads(copy["needs_review"] or "[]")
                      if not any(f.lower().startswith(CORRECTABLE_REVIEW[c]) for c in corrected)
                      and f not in _reviewed(db, copy["id"])],
        copy_id=copy["id"],
        standfirst=copy["standfirst"],
        byline_as_printed=copy["byline_as_printed"],
        signature=copy["signature"],
        site_sections=json.loads(copy["site_sections"] or "{}"),
        author_aliases=json.loads(article["author_aliases"] or "{}"),
        tags=[r[0] for r in db.execute(
            "SELECT t.path FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?"
            " ORDER BY t.path", [article_id])],
        copies=copies_of(db, article_id),
        extracted={name: value for name, value in extracted_values(db, article, copy).items()
                   if name in corrected},
        note=article["note"],
        **reader_details(db, copy["source_id"]),
        **head_details(db, copy),
    )


def precision_of(iso: str | None) -> str | None:
    """"2016" -> year, "2016-03" -> month, "2016-03-28" -> day."""
    if not iso:
        return None
    return {4: "year", 7: "month"}.get(len(iso), "day")


def head_details(db, copy: dict) -> dict:
    """What the head said besides the values (#12): the date's precision, roles, the dateline."""
    # a correction has the researcher's precision; a copy imported before 0021 kept none, and
    # its ISO date says it ("2016-03" is a month)
    precision = (precision_of(copy["date_corrected"]) if copy["date_corrected"]
                 else copy.get("date_precision") or precision_of(copy["date"]))
    roles = [AuthorRole(r["author"], r["role"], Evidence(r["span_start"], r["span_end"]), r["method"])
             for r in _rows(db, "SELECT author, role, span_start, span_end, method FROM author_roles"
                                " WHERE copy_id = ? ORDER BY position, id", [copy["id"]])]
    dateline = None
    if copy.get("dateline_place") or copy.get("wire_agency"):
        dateline = Dateline(copy.get("dateline_place"), copy.get("wire_agency"),
                            Evidence(copy.get("dateline_start"), copy.get("dateline_end")),
                            copy.get("dateline_method"))
    return {"date_precision": precision, "author_roles": roles, "dateline": dateline}


def reader_details(db, source_id: int) -> dict:
    """What the source's reader found beyond the article (#10): format, capture, pages, files."""
    row = db.execute("SELECT format FROM sources WHERE id = ?", [source_id]).fetchone()
    captures = [Capture(relation, url, at, tool, digest, _flag(digest_ok), record_id, container,
                        _flag(package_ok))
                for relation, url, at, tool, digest, digest_ok, record_id, container, package_ok
                in db.execute("SELECT relation, url, captured_at, tool, payload_digest, digest_ok,"
                              " record_id, container, package_digest_ok FROM source_captures"
                              " WHERE source_id = ? ORDER BY coalesce(captured_at, ''), id", [source_id])]
    return {
        "format": (row[0] if row else None) or "text",
        "capture": next((c for c in captures if c.relation == "capture"), None),
        "captures": captures,
        "pages": [PageSpan(*r) for r in db.execute(
            "SELECT page, span_start, span_end FROM source_pages WHERE source_id = ? ORDER BY page",
            [source_id])],
        "attachments": [Attachment(*r) for r in db.execute(
            "SELECT path, sha256, size_bytes FROM source_attachments WHERE source_id = ? ORDER BY id",
            [source_id])],
        "file_metadata": [FileMetadataEntry(*r) for r in db.execute(
            "SELECT scheme, key, value FROM source_metadata WHERE source_id = ? ORDER BY id", [source_id])],
    }


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def contents_of(db, copy_id: int) -> dict:
    """What was found in the copy besides its metadata: rights, captions, comments, notes, links."""
    return {
        "rights": rights_of(db, copy_id),
        **captions_of(db, copy_id),
        "comments": [CommentLine(*r) for r in db.execute(
            "SELECT id, parent_id, depth, text, author, date, date_as_printed"
            " FROM comments WHERE copy_id = ? ORDER BY position, id", [copy_id])],
        "footnotes": footnotes_of(db, copy_id),
        "links": [BodyLink(*r) for r in db.execute(
            "SELECT anchor_text, target, body_start, body_end, location FROM links WHERE copy_id = ?"
            " ORDER BY id", [copy_id])],
    }


def captions_of(db, copy_id: int) -> dict:
    """Captions as text (``captions``) and with where they stood in the body (``caption_spans``:
    ``body_offset`` is the body offset they were lifted out at, None where unknown)."""
    spans = [CaptionSpan(text, offset, bool(truncated)) for text, offset, truncated in db.execute(
        "SELECT text, body_offset, truncated FROM captions WHERE copy_id = ? ORDER BY id", [copy_id])]
    return {"captions": [c.text for c in spans], "caption_spans": spans}


def corrected_fields(article: dict, copy: dict) -> list[str]:
    columns = {"title": article["title_corrected"], "authors": article["authors_corrected"],
               "outlet": copy["outlet_corrected_id"], "date": copy["date_corrected"],
               "section": copy["section_corrected"],
               "original_outlet": copy["original_outlet_corrected_id"],
               "original_date": copy["original_date_corrected"]}
    return [name for name, value in columns.items() if value is not None]


def extracted_values(db, article: dict, copy: dict) -> dict:
    """Each correctable field as the importer extracted it."""
    original = _one(db, "SELECT o.name AS outlet, h.from_date AS date FROM"
                        f" ({original_hop_sql('r.from_outlet_id, r.from_date', '?')}) h"
                        " LEFT JOIN outlets o ON o.id = h.from_outlet_id", [copy["id"]]) or {}
    return {"title": article["title"], "authors": json.loads(article["authors"] or "[]"),
            "outlet": _outlet_name(db, copy["outlet_id"]), "date": copy["date"],
            "section": copy["section"], "original_outlet": original.get("outlet"),
            "original_date": original.get("date")}


def original_of(db, copy: dict, reps: list[dict]) -> FirstAppearance | None:
    """Where the work first appeared: the user's correction, else the chain's far end."""
    outlet_fix = copy["original_outlet_corrected_id"]
    return first_appearance(reps, None if outlet_fix is None else _outlet_name(db, outlet_fix),
                            copy["original_date_corrected"])


def first_appearance(hops: list[dict], outlet_fix: str | None, date_fix: str | None, *,
                     outlet_key: str = "outlet") -> FirstAppearance | None:
    """The work's first appearance, or None.

    The one rule (the reader, exports and the library's SQL ``ORDER BY is_original DESC, hop
    DESC`` agree): among the hops not rejected, the farthest one printed as the original, else
    the farthest hop; the user's corrections of the original outlet/date win over it.
    """
    extracted = None
    if hops:
        far_first = sorted(hops, key=lambda r: -r["hop"])      # stable: ties stay in id order
        first = next((r for r in far_first if r["is_original"]), far_first[0])
        extracted = FirstAppearance(first[outlet_key], first["from_date"], first["evidence"])
    if outlet_fix is None and date_fix is None:
        return extracted
    base = extracted or FirstAppearance(None, None, None)
    return replace(base, outlet=base.outlet if outlet_fix is None else outlet_fix,
                   date=base.date if date_fix is None else date_fix, corrected=True)


def chain_of(reps: list[dict], original: FirstAppearance | None, outlet: str | None, date: str | None,
             copy: dict) -> list[ChainHop]:
    """Original first, this copy last; empty where the text shows no republication."""
    if not reps and original is None:
        return []
    hops = [ChainHop(r["outlet"], r["from_date"]) for r in reps]
    if original is not None and original.corrected:
        if hops:
            hops[0] = ChainHop(original.outlet, original.date)
        else:
            hops = [ChainHop(original.outlet, original.date)]
    return hops + [ChainHop(outlet, date)]


def rights_of(db, copy_id: int) -> list[RightsLine]:
    return [RightsLine(kind=r["kind"], language=r["language"], text=r["text"], holder=r["holder"],
                       year=r["year"], requires=json.loads(r["requires"] or "[]"),
                       allowed_for=r["allowed_for"], otherwise=r["otherwise"], contact=r["contact"],
                       licence=r["licence"], licence_url=r["licence_url"])
            for r in _rows(db, "SELECT * FROM rights_statements WHERE copy_id = ? ORDER BY id", [copy_id])]


def footnotes_of(db, copy_id: int) -> FootnoteCounts:
    row = db.execute(
        "SELECT sum(role = 'marker'), count(DISTINCT CASE WHEN role = 'marker' THEN label END),"
        " sum(role = 'entry'), sum(role = 'entry' AND resolved) FROM footnotes WHERE copy_id = ?",
        [copy_id]).fetchone()
    return FootnoteCounts(markers=row[0] or 0, distinct_markers=row[1] or 0, listed=row[2] or 0,
                          resolved=row[3] or 0)


def languages_of(copy: dict) -> Languages:
    if copy["site_language"] and copy["site_language"] != copy["body_language"]:
        return Languages(copy["body_language"], copy["site_language"])
    return Languages(copy["body_language"])


def copies_of(db, article_id: int) -> list[CopyLine]:
    """Every copy of the work; ``in_trash``: trashed on its own (#20), kept until purged."""
    return [CopyLine(copy_id, outlet, date, source, superseded_by_id, bool(in_trash))
            for copy_id, outlet, date, source, superseded_by_id, in_trash in db.execute(
                "SELECT c.id, o.name, COALESCE(c.date_corrected, c.date), s.filename, c.superseded_by_id,"
                " EXISTS (SELECT 1 FROM trashed_copies t WHERE t.copy_id = c.id)"
                " FROM copies c JOIN sources s ON s.id = c.source_id LEFT JOIN outlets o"
                " ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id) WHERE c.article_id = ?"
                " ORDER BY c.id", [article_id])]
