"""biblatex (BibTeX syntax): the citation data LaTeX users, biber and pandoc read.

Entry type ``@article`` (the outlet as ``journaltitle``) when author, outlet and date are all
known, since biblatex's data model requires all three there; otherwise ``@misc`` with the outlet
as ``organization``. Nothing is invented to satisfy the data model: an undated copy has no
``date`` and biber says so (the only warning it may give on our files).

An undated copy has no ``urldate`` either: biblatex's default label date falls back from
``date`` to ``urldate`` before "n.d.", so the access year would print as the work's year
("omouggos (2026)"); its access date is written in ``note`` instead and the styles print
"n.d." as the CSL styles do. Dated copies keep the import date as ``urldate``.
Republished copies carry ``origpublisher``/``origdate``, which the standard styles do not print,
so ``addendum`` (printed by all of them) also says "First published by Y on D".
Organisational and pseudonymous authors are double-braced (``{{Moon of Alabama}}``) so they are
never split into given and family names. Capitalised words after the first are braced so
sentence-case styles (APA) keep proper nouns ("{Palmyra}").
A PDF copy (#10) has ``pages`` (the PDF pages its text stands on) and ``addendum`` names the
page of each quoted passage ("Quoted on p. 2: “…”").
"""

from __future__ import annotations

import re

from ..annotate.pages import page_label, pages_of_body
from .citekeys import is_literal, split_name
from .collect import ArticleRecord
from .csl_json import display_title, first_published, provenance_line

LANGIDS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
           "ru": "russian", "ar": "arabic", "pt": "portuguese", "nl": "dutch", "tr": "turkish"}
_SPECIAL = re.compile(r"([\\{}%&#$_^~])")
_REPLACE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "^": r"\^{}", "~": r"\~{}"}


def escape(text: str) -> str:
    """Escape BibTeX's special characters; UTF-8 letters stay as they are (biber reads UTF-8)."""
    text = " ".join(text.split())
    return _SPECIAL.sub(lambda m: _REPLACE.get(m.group(1), "\\" + m.group(1)), text)


def protect_title(title: str) -> str:
    """Brace capitalised words after the first so sentence-case styles keep them."""
    out = []
    for i, word in enumerate(title.split(" ")):
        escaped = escape(word)
        if i > 0 and any(ch.isupper() for ch in word):
            escaped = "{" + escaped + "}"
        out.append(escaped)
    return " ".join(out)


def bib_name(name: str, outlets: frozenset[str] = frozenset()) -> str:
    if is_literal(name, outlets):
        return "{" + escape(name) + "}"
    given, family = split_name(name)
    return f"{escape(family)}, {escape(given)}" if given else escape(family)


def bib_fields(article: ArticleRecord, outlets: frozenset[str] = frozenset()) -> tuple[str, list]:
    copy = article.primary
    entry_type = "article" if (article.authors and copy.outlet and copy.date) else "misc"
    fields: list[tuple[str, str]] = []
    if article.authors:
        fields.append(("author", " and ".join(bib_name(n, outlets) for n in article.authors)))
    if copy.translators:   # biblatex's own field: "Trans. by …" in the standard styles
        fields.append(("translator", " and ".join(bib_name(n, outlets) for n in copy.translators)))
    title = display_title(article)
    if title:
        fields.append(("title", protect_title(title)))
    if copy.outlet:
        fields.append(("journaltitle" if entry_type == "article" else "organization", escape(copy.outlet)))
    if copy.date:
        fields.append(("date", copy.date[:10]))
        fields.append(("urldate", (copy.accessed or copy.imported_at)[:10]))
    if copy.url:
        fields.append(("url", copy.url))
    body_pages = pages_of_body(copy.pages)
    if body_pages:
        fields.append(("pages", body_pages.replace("–", "--")))
    if article.doi:
        fields.append(("doi", article.doi))
    original = article.original
    if original and original.outlet and original.outlet != copy.outlet:
        fields.append(("origpublisher", escape(original.outlet)))
    if original and original.date:
        fields.append(("origdate", original.date[:10]))
    if copy.language in LANGIDS:
        fields.append(("langid", LANGIDS[copy.language]))
    note = provenance_line(article)
    if article.title_status == "provisional":
        note += ". Title provisional: the source does not print one"
    if not copy.date:
        note += f". Accessed {(copy.accessed or copy.imported_at)[:10]}"
    fields.append(("note", escape(note)))
    quoted = [f"{page_label(a.page)}: “{_short(a.exact)}”" for a in article.annotations
              if getattr(a, "page", None)]
    addendum = [first_published(article),
                ("Quoted on " + "; ".join(quoted)) if quoted else None,
                f"Source file SHA-256 {copy.sha256}"]
    if copy.archived_url:
        addendum.insert(0, f"Archived at {copy.archived_url}")
    fields.append(("addendum", escape(". ".join(a for a in addendum if a))))
    return entry_type, fields


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bib_entry(article: ArticleRecord, outlets: frozenset[str] = frozenset()) -> str:
    entry_type, fields = bib_fields(article, outlets)
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    return f"@{entry_type}{{{article.key},\n" + "\n".join(lines) + "\n}\n"


def bibtex(articles: list[ArticleRecord], outlets: frozenset[str] = frozenset()) -> str:
    header = "% biblatex data exported by Palmyra Archive (UTF-8; use biber)\n\n"
    return header + "\n".join(bib_entry(a, outlets) for a in articles)
