"""The annotatable text of a copy: the one text annotation offsets count in.

A reader sees a copy's standfirst (the italic lead paragraph, ``copies.standfirst``) above its
body, and a researcher marking framings wants to highlight it like any other sentence. So
annotations do not anchor on ``copies.body`` alone but on the standfirst, a paragraph break
(``SEPARATOR``), then the body — or on the body alone when the copy has no standfirst. Every
place that computes or checks an annotation's position (annotations, W3C export, bundles, the
reader) builds the text here, so an offset means the same words everywhere.

Why join them rather than store where each annotation stands: a quote may then run from the
standfirst into the body, re-anchoring a new version of a source works on one text, and the
W3C TextPositionSelector stays one pair of offsets. Migration 0009 moved annotations made
before (body offsets) by ``body_offset`` so they keep pointing at the same words.
"""

from __future__ import annotations

#: between the standfirst and the body: a paragraph break, as the reader shows it
SEPARATOR = "\n\n"


def annotatable_text(standfirst: str | None, body: str) -> str:
    """The standfirst, a paragraph break, then the body; just the body without a standfirst."""
    return f"{standfirst}{SEPARATOR}{body}" if standfirst else body


def body_offset(copy) -> int:
    """Where the body starts in the annotatable text of ``copy``.

    ``copy`` is its standfirst (a string or None), or anything with a ``standfirst``
    attribute or key (a copy record, an ``ArticleDetail``, a row as a dict).
    """
    if copy is None or isinstance(copy, str):
        standfirst = copy
    elif isinstance(copy, dict):
        standfirst = copy.get("standfirst")
    else:
        standfirst = getattr(copy, "standfirst", None)
    return len(standfirst) + len(SEPARATOR) if standfirst else 0


#: the same offset in SQL, for ``copies`` aliased ``c`` (``length`` counts characters, like
#: Python's ``len``)
BODY_OFFSET_SQL = ("CASE WHEN c.standfirst IS NOT NULL AND c.standfirst != '' "
                   f"THEN length(c.standfirst) + {len(SEPARATOR)} ELSE 0 END")

__all__ = ["SEPARATOR", "annotatable_text", "body_offset", "BODY_OFFSET_SQL"]
