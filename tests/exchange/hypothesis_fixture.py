"""A Hypothesis export written for these tests, in the shape of the search API's answer
(``GET /api/search``: ``{"total": N, "rows": [...]}``), and the archive it is imported into: a
saved news page (its canonical URL is its capture URL) and a WARC holding a blog post. The pages
are the reader tests' own stories (tests/ingest/readers/pages.py), no real page's text.

The rows are what a researcher's Hypothesis account holds after reading those pages in a
browser: the addresses as the browser had them (tracking parameters, a fragment, http://, a
trailing slash), each selector as the Hypothesis client writes it (RangeSelector with XPaths,
TextPositionSelector over the page's DOM text, TextQuoteSelector with 32 characters around).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.readers import builders, pages

HARBOUR = pages.STORY["harbour"]
HARBOUR_URL = f"https://{HARBOUR.domain}/{HARBOUR.slug}"
BLOG = pages.STORIES[1]
BLOG_URL = f"https://{BLOG.domain}/{BLOG.slug}"

#: row key -> what it should become
EXPECTED = {"exact": "anchored", "warc": "anchored", "fuzzy": "fuzzy", "lost": "orphan",
            "elsewhere": "no_copy", "page": "page_note", "reply": "reply"}


def build_archive(archive, folder: Path) -> None:
    """Import the saved page and the WARC the export's annotations were made on."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "harbour-strike.html"
    page.write_text(pages.news_site(HARBOUR), encoding="utf-8")
    warc = builders.warc(folder / "blog.warc.gz", [(BLOG_URL, pages.wordpress(BLOG).encode("utf-8"))])
    outcome = archive.importer.import_paths([page, warc])
    assert not [o for o in outcome.outcomes if o.status == "failed"], outcome


def _selectors(exact: str, prefix: str, suffix: str, start: int) -> list[dict]:
    return [
        {"type": "RangeSelector", "startContainer": "/main[1]/article[1]/p[2]", "startOffset": 4,
         "endContainer": "/main[1]/article[1]/p[2]", "endOffset": 4 + len(exact)},
        {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
    ]


def _row(key: str, uri: str, *, selectors=None, text="", tags=(), references=None,
         created="2024-03-14T09:12:44.512301+00:00", updated="2024-03-15T17:03:10.004417+00:00",
         title=HARBOUR.title) -> dict:
    ident = f"hyp{key.upper():_<8}Q2r1xEe"[:22]
    row = {
        "id": ident, "created": created, "updated": updated, "user": "acct:mquint_research@hypothes.is",
        "uri": uri, "text": text, "tags": list(tags), "group": "__world__",
        "permissions": {"read": ["group:__world__"], "admin": ["acct:mquint_research@hypothes.is"],
                        "update": ["acct:mquint_research@hypothes.is"],
                        "delete": ["acct:mquint_research@hypothes.is"]},
        "target": [{"source": uri, **({"selector": selectors} if selectors else {})}],
        "document": {"title": [title]},
        "links": {"html": f"https://hypothes.is/a/{ident}", "incontext": f"https://hyp.is/{ident}/{uri}",
                  "json": f"https://hypothes.is/api/annotations/{ident}"},
        "user_info": {"display_name": "M. Quint (research)"}, "flagged": False, "hidden": False,
    }
    if references:
        row["references"] = references
    return row


def rows() -> list[dict]:
    p = HARBOUR.paragraphs
    exact = "ending a strike that had halted container traffic for nine days"
    pre, post = p[0].split(exact)
    blog_quote = BLOG.paragraphs[2][:80]
    fuzzy = "the best it could obtain without losing the winter season"   # the page was edited since
    lost = "The mayor called the agreement a victory for common sense."
    made = [
        _row("exact", HARBOUR_URL + "/?utm_source=newsletter&utm_medium=email#comments",
             selectors=_selectors(exact, pre[-32:], post[:32], 1843),
             text="Nine days, not *ten* as the wire had it.", tags=["harbour", "labour/strikes"]),
        _row("warc", BLOG_URL.replace("https://", "http://") + "#main",
             selectors=_selectors(blog_quote, "", BLOG.paragraphs[2][80:112], 2960),
             text="Check against the chamber's own statement.", tags=["site:jura"],
             title=BLOG.title),
        _row("fuzzy", HARBOUR_URL, selectors=_selectors(fuzzy, "the union said the deal, which ", "",
                                                         2210),
             text="Quoted in the union statement?", tags=["harbour"]),
        _row("lost", HARBOUR_URL + "/", selectors=_selectors(lost, "", "", 3300),
             text="This sentence was in the first version of the page.", tags=["harbour"]),
        _row("elsewhere", "https://other-paper.example/2024/03/13/port-reopens",
             selectors=_selectors("The port reopened on Wednesday morning", "", "", 120),
             text="Another paper's account.", tags=["harbour"], title="Port reopens"),
        _row("page", HARBOUR_URL + "?utm_campaign=spring", text="Whole page: compare with the wire copy.",
             tags=["to-check"]),
    ]
    made.append(_row("reply", HARBOUR_URL, text="Agreed, the wire says ten.", references=[made[0]["id"]],
                     created="2024-03-16T08:00:00+00:00", updated="2024-03-16T08:00:00+00:00"))
    return made


def write_export(path: Path) -> Path:
    data = rows()
    path.write_text(json.dumps({"total": len(data), "rows": data}, indent=2, ensure_ascii=False),
                    encoding="utf-8")
    return path


def ids() -> dict[str, str]:
    return {key: row["id"] for key, row in zip(EXPECTED, rows())}
