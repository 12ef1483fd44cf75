"""The importer's entry point: bytes in, ``ParsedDocument`` out (pure, no database).

The store (``core/importing/importer.py``) calls ``parse_document`` once per file; it raises
``ImportFailed`` with a sentence a person can read for anything that is not importable text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.display import strip_bidi
from .front_matter import read_article
from .model import ParsedDocument
from .overrides import OVERRIDE_KINDS, RegionOverride, pinned_elsewhere
from .reading import MAX_SOURCE_BYTES, decode_source

__all__ = ["parse_document", "MAX_SOURCE_BYTES", "RegionOverride", "OVERRIDE_KINDS"]


def parse_document(filename: str, data: bytes, *,
                   overrides: Sequence[RegionOverride] = ()) -> ParsedDocument:
    """Decode ``data`` and read the article in it; every Span indexes ``ParsedDocument.text``.

    ``overrides``: the user's corrections of the split, in offsets of the decoded text. A
    correction changes only what the user marked: every other stretch keeps the kind the
    importer first gave it (see ``pinned_elsewhere``)."""
    decoded = decode_source(filename, data)
    if overrides:
        first_reading = read_article(decoded.text)
        overrides = pinned_elsewhere(first_reading.regions, overrides) + list(overrides)
    article = read_article(decoded.text, overrides)  # front matter, then the article
    if article.title.value and strip_bidi(article.title.value) != article.title.value:
        # a right-to-left override in a title reorders every line that shows it; the source
        # keeps it, the title does not
        article.title.value = strip_bidi(article.title.value).strip() or None
        if article.title.value is None:
            article.title.status = "missing"
    warnings = list(decoded.warnings)
    article.needs_review.extend(f for f in decoded.review if f not in article.needs_review)
    if not article.body:
        warnings.append("No article text was found; the whole file is kept as the source.")
    return ParsedDocument(text=decoded.text, encoding=decoded.encoding,
                          encoding_confidence=decoded.confidence, articles=[article],
                          warnings=warnings)
