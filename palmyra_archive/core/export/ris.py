"""RIS: the citation format EndNote, Zotero, Mendeley and pandoc (3+) all read.

One ``ELEC`` record per article. A republished copy's original is in ``OP`` (original
publication) and spelled out in ``N1`` notes, as RIS has no original-date field; since pandoc
drops ``N1``/``OP``/``Y2``/``DA``/``AN`` and Zotero keeps ``OP`` only as an unmapped field, the
provenance, the evidence, the access date and the source hash are also in ``AB``, which both keep. An
organisational or pseudonymous author is written with a trailing comma (``Moon of Alabama,``):
family name only, so readers do not split it into given and family names. ``PY`` (year) and
``DA`` (full date) are both written, because pandoc reads only ``PY`` and others only ``DA``.
The key is in ``ID`` so pandoc cites with the same keys as the BibTeX and CSL-JSON.
A PDF copy (#10) has ``SP``/``EP`` (the PDF pages its text stands on) and an ``N1`` per quoted
passage with its page.
"""

from __future__ import annotations

from ..annotate.pages import page_label
from .citekeys import is_literal, split_name
from .collect import ArticleRecord
from .csl_json import display_title, provenance_line


def _value(text: str) -> str:
    """RIS values are one line each: fold any newline into a space."""
    return " ".join(str(text).split())


def ris_name(name: str, outlets: frozenset[str] = frozenset()) -> str:
    if is_literal(name, outlets):
        return f"{name},"
    given, family = split_name(name)
    return f"{family}, {given}" if given else f"{family},"


def ris_date(iso: str) -> str:
    parts = iso[:10].split("-")
    return "/".join(parts + [""] * (3 - len(parts))) + "/"


def abstract(article: ArticleRecord) -> str:
    """What a reader of the RIS must not lose, in ``AB``: pandoc drops ``N1``, ``OP``, ``Y2``,
    ``DA`` and ``AN``, Zotero files ``OP`` among unmapped fields; both keep ``AB`` (CSL
    ``abstract``, Zotero's Abstract)."""
    copy, original = article.primary, article.original
    parts = [provenance_line(article)]
    if original and original.evidence:
        parts.append(f"Evidence of republication, as printed: {original.evidence}")
    if article.title_status == "provisional":
        parts.append("Title provisional: the source does not print one")
    parts.append(f"Accessed {copy.imported_at[:10]}; source file SHA-256 {copy.sha256}")
    return ". ".join(parts) + "."


def ris_record(article: ArticleRecord, outlets: frozenset[str] = frozenset()) -> str:
    copy = article.primary
    lines = [("TY", "ELEC"), ("ID", article.key)]
    lines += [("AU", ris_name(n, outlets)) for n in article.authors]
    title = display_title(article)
    if title:
        lines.append(("TI", title))
    if copy.outlet:
        lines.append(("T2", copy.outlet))
    if copy.date:
        lines += [("PY", copy.date[:4]), ("DA", ris_date(copy.date))]
    lines.append(("Y2", ris_date(copy.accessed or copy.imported_at)))
    if copy.url:
        lines.append(("UR", copy.url))
    numbers = [p for p, _s, _e in copy.pages]
    if numbers:
        lines += [("SP", str(min(numbers))), ("EP", str(max(numbers)))]
    if copy.archived_url:
        lines.append(("UR", copy.archived_url))
    if article.doi:
        lines.append(("DO", article.doi))
    original = article.original
    if original and original.outlet and original.outlet != copy.outlet:
        lines.append(("OP", original.outlet))
    if copy.section:
        lines.append(("SE", copy.section))
    if copy.language:
        lines.append(("LA", copy.language))
    lines.append(("N1", provenance_line(article)))
    if original and original.evidence:
        lines.append(("N1", f"Evidence of republication, as printed: {original.evidence}"))
    if article.title_status == "provisional":
        lines.append(("N1", "Title provisional: the source does not print one."))
    for a in article.annotations:
        if getattr(a, "page", None):
            lines.append(("N1", f"Quoted on {page_label(a.page)}: “{a.exact}”"))
    lines.append(("AB", abstract(article)))
    lines.append(("AN", f"sha256:{copy.sha256}"))
    lines += [("KW", tag) for tag in article.tags]
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {_value(value)}".rstrip() if tag != "ER" else "ER  - "
                     for tag, value in lines) + "\n"


def ris(articles: list[ArticleRecord], outlets: frozenset[str] = frozenset()) -> str:
    return "\n".join(ris_record(a, outlets) for a in articles)
