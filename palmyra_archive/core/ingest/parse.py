"""The importer's entry point: bytes in, ``ParsedDocument`` out (pure, no database).

The store (``core/importer.py``) calls ``parse_document`` once per file; it raises
``ImportFailed`` with a sentence a person can read for anything that is not importable text.
"""

from __future__ import annotations

from .article import parse_article
from .model import ParsedDocument
from .reading import MAX_SOURCE_BYTES, decode_source

__all__ = ["parse_document", "MAX_SOURCE_BYTES"]


def parse_document(filename: str, data: bytes) -> ParsedDocument:
    """Decode ``data`` and read the article in it; every Span indexes ``ParsedDocument.text``."""
    decoded = decode_source(filename, data)
    article = parse_article(decoded.text)
    warnings = list(decoded.warnings)
    if not article.body:
        warnings.append("No article text was found; the whole file is kept as the source.")
    return ParsedDocument(text=decoded.text, encoding=decoded.encoding,
                          encoding_confidence=decoded.confidence, articles=[article],
                          warnings=warnings)
