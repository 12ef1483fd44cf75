"""The PDF page a passage stands on (#10), so an annotation and a quote cite it ("p. 4").

A PDF reader stores, per source, which stretch of the copy's body stands on which page
(``source_pages``: page, span_start, span_end, offsets into the body). Annotation offsets count
in the annotatable text (standfirst, separator, body: ``annotatable``), so a passage's pages are
found after taking away the body's offset. A passage in the standfirst has no page: the reader
knows the pages of the body only, and nothing is guessed.

Pages are the PDF's own page numbers, counted from 1 (not the page labels printed on a
journal's pages). One function for Python (``passage_pages``) and the same rule in SQL
(``PAGE_FIRST_SQL``/``PAGE_LAST_SQL``), for lists of many annotations.
"""

from __future__ import annotations

from collections.abc import Sequence

from .annotatable import BODY_OFFSET_SQL

#: (page, body_start, body_end) for each stretch of a body, as ``source_pages`` holds them
PageSpans = Sequence[tuple[int, int, int]]


def passage_pages(pages: PageSpans, start: int, end: int, body_offset: int = 0
                  ) -> tuple[int, int] | None:
    """(first, last) page of annotatable-text ``start:end``, or None (no pages, standfirst)."""
    if not pages or start < body_offset or end <= start:
        return None
    start, end = start - body_offset, end - body_offset
    # the first page whose stretch ends after the passage starts (a passage starting between
    # two stretches, on the blank line, starts on the next page); the last page that begins
    # before the passage ends
    first = min((p for p, _s, e in pages if e > start), default=None)
    last = max((p for p, s, _e in pages if s < end), default=None)
    if first is None or last is None:
        return None
    return first, max(first, last)


def page_value(pages: tuple[int, int] | None) -> str | None:
    """"4", or "4–5" for a passage running over a page break (CSL's ``page``/``locator`` form)."""
    if pages is None:
        return None
    first, last = pages
    return str(first) if first == last else f"{first}–{last}"


def page_label(page: str | None) -> str:
    """"p. 4", "pp. 4–5", or "" without a page: how the app and quotes.md print it."""
    if not page:
        return ""
    return f"pp. {page}" if "–" in page else f"p. {page}"


def pages_of_body(pages: PageSpans) -> str | None:
    """The range of pages a copy's body stands on ("1–3"), for a citation's ``page``."""
    numbers = [p for p, _s, _e in pages]
    if not numbers:
        return None
    return page_value((min(numbers), max(numbers)))


def _sql(which: str, alias_a: str = "a", alias_c: str = "c") -> str:
    offset = BODY_OFFSET_SQL.replace("c.", f"{alias_c}.")
    if which == "first":
        return (f"(SELECT min(pg.page) FROM source_pages pg WHERE pg.source_id = {alias_c}.source_id"
                f" AND {alias_a}.start >= {offset} AND pg.span_end > {alias_a}.start - {offset})")
    return (f"(SELECT max(pg.page) FROM source_pages pg WHERE pg.source_id = {alias_c}.source_id"
            f" AND {alias_a}.start >= {offset} AND pg.span_start < {alias_a}.\"end\" - {offset})")


#: the same rule in SQL, for ``annotations`` aliased ``a`` and ``copies`` aliased ``c``
PAGE_FIRST_SQL = _sql("first")
PAGE_LAST_SQL = _sql("last")


def page_from_row(first: int | None, last: int | None) -> str | None:
    if first is None or last is None:
        return None
    return page_value((first, max(first, last)))


__all__ = ["PageSpans", "passage_pages", "page_value", "page_label", "pages_of_body",
           "PAGE_FIRST_SQL", "PAGE_LAST_SQL", "page_from_row"]
