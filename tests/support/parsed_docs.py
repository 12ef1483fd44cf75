"""Hand-built ParsedDocuments, so the store is tested apart from the text parser.

``install(archive, {b"bytes": doc, …})`` makes the importer parse those bytes into those
documents (any other bytes go to the real parser), so a test states exactly what the parser
found and checks what the archive kept.
"""

from __future__ import annotations

from palmyra_archive.core.ingest.model import (
    Caption,
    Comment,
    Extracted,
    Link,
    ParsedArticle,
    ParsedDocument,
    Republication,
    RightsStatement,
    Span,
)

WORDS = ("palmyra museum ruins army victory narrative desert city ancient theatre column temple "
         "road oasis caravan river market").split()


def body_text(seed: int, words: int = 200) -> str:
    """A deterministic body that differs clearly between seeds."""
    out = [WORDS[(seed * 7 + i * (seed % 5 + 1)) % len(WORDS)] for i in range(words)]
    return " ".join(out) + f" end{seed}."


def make_article(*, title: str | None = "A title", body: str = "", authors=("Ann Author",),
                 outlet: str | None = "Site A", date: str | None = "2016-03-28",
                 date_as_printed: str | None = "28 March 2016", republications=(), comments=(),
                 site_sections=None, captions=(), links=(), rights=(), needs_review=()) -> ParsedArticle:
    body = body or body_text(1)
    return ParsedArticle(
        title=Extracted(title, "printed", Span(0, len(title))) if title else Extracted(),
        authors=Extracted(list(authors), "printed") if authors else Extracted(),
        outlet=Extracted(outlet, "printed") if outlet else Extracted(),
        date=Extracted(date, "printed") if date else Extracted(),
        date_as_printed=date_as_printed if date else None,
        body=body, body_language="en",
        site_sections=dict(site_sections or {}),
        republications=list(republications), comments=list(comments),
        captions=[Caption(c) for c in captions], links=list(links), rights=list(rights),
        needs_review=list(needs_review))


def make_doc(*articles: ParsedArticle, text: str = "x" * 50) -> ParsedDocument:
    return ParsedDocument(text=text, encoding="utf-8", encoding_confidence=1.0,
                          articles=list(articles) or [make_article()])


def install(archive, docs: dict[bytes, ParsedDocument]) -> None:
    real = archive.importer.parser

    def parser(filename: str, data: bytes) -> ParsedDocument:
        return docs[data] if data in docs else real(filename, data)

    archive.importer.parser = parser


__all__ = ["Caption", "Comment", "Extracted", "Link", "Republication", "RightsStatement", "Span",
           "body_text", "make_article", "make_doc", "install"]
