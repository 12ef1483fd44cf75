"""The importer's entry point: bytes in, ``ParsedDocument`` out (pure, no database)."""

from __future__ import annotations

from .model import Extracted, ParsedArticle, ParsedDocument, Region, Span
from .reading import MAX_SOURCE_BYTES, decode_source

__all__ = ["parse_document", "MAX_SOURCE_BYTES"]


def parse_document(filename: str, data: bytes) -> ParsedDocument:
    """Decode ``data`` and split it into one article; raises ``ImportFailed`` for non-text."""
    decoded = decode_source(filename, data)
    text = decoded.text
    article = _basic_article(text)
    return ParsedDocument(text=text, encoding=decoded.encoding,
                          encoding_confidence=decoded.confidence, articles=[article],
                          warnings=list(decoded.warnings))


def _basic_article(text: str) -> ParsedArticle:
    article = ParsedArticle()
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            title = stripped.lstrip("#").strip()
            article.title = Extracted(title, "printed", Span(start, start + len(stripped)),
                                      "generic:first-line")
            rest_start = pos + len(line)
            article.body = text[rest_start:].strip()
            body_start = text.find(article.body, rest_start) if article.body else rest_start
            article.body_span = Span(body_start, body_start + len(article.body))
            article.regions = [Region("title", article.title.span), Region("body", article.body_span)]
            break
        pos += len(line)
    article.span = Span(0, len(text))
    return article
