"""The quotes file (Markdown and HTML): each highlighted passage ready to cite and to check.

For every annotation: the exact text, the researcher's note (unless private notes are left
out), its tags, the citation key, where the copy was read and where it first appeared, and the
page of a PDF passage as the citation's locator (``[@key, p. 4]``), and the
attribution the copy's own reprint terms ask for (``rights_statements`` of kind
``reprint_terms``, their ``requires`` list), so whoever reuses the quote knows what to print.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..annotate.pages import page_label
from ..text.markup import code_markdown, defang_markdown, escape_html, escape_markdown
from .collect import ArticleRecord, CopyRecord
from .csl_json import display_title, provenance_line


@dataclass
class QuoteEntry:
    key: str
    article_title: str
    exact: str
    note: str
    tags: list[str]
    provenance: str
    attribution: str | None
    source_sha256: str
    from_other_copy: bool
    #: the PDF page(s) the passage stands on ("4", "4–5"), the citation's locator (#10)
    page: str | None = None

    @property
    def cite(self) -> str:
        """"@key", or "@key, p. 4" (pandoc's citation with a locator)."""
        return f"@{self.key}" + (f", {page_label(self.page)}" if self.page else "")


def required_attribution(copy: CopyRecord) -> str | None:
    """What the copy's reprint terms say a reuse must carry, with the values to carry."""
    terms = [r for r in copy.rights if r["kind"] == "reprint_terms"]
    requires = list(dict.fromkeys(x for r in terms for x in r["requires"]))
    if not terms:
        return None
    copyright_lines = [r["text"] for r in copy.rights if r["kind"] == "copyright"]
    line = f"{copy.outlet or 'The outlet'}'s reprint terms"
    line += f" require: {', '.join(requires)}." if requires else " apply (see RIGHTS.md)."
    if copyright_lines and any("copyright" in x.lower() for x in requires):
        line += f" Copyright notice as printed: “{' '.join(copyright_lines[0].split())}”."
    return line


def quote_entries(articles: list[ArticleRecord]) -> list[QuoteEntry]:
    entries = []
    for article in articles:
        copies = {c.id: c for c in article.copies}
        for a in article.annotations:
            copy = copies.get(a.copy_id, article.primary)
            entries.append(QuoteEntry(
                key=article.key, article_title=display_title(article) or "(untitled)",
                exact=a.exact, note=a.note, tags=list(a.tags), provenance=provenance_line(article),
                attribution=required_attribution(copy), source_sha256=copy.sha256,
                from_other_copy=copy.id != article.primary_copy_id,
                page=getattr(a, "page", None)))
    return entries


def _md_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines() or [""])


def quotes_markdown(articles: list[ArticleRecord], *, title: str = "Quotes") -> str:
    entries = quote_entries(articles)
    out = [f"# {title}", ""]
    if not entries:
        out.append("No annotations in this export.")
    current = None
    for e in entries:
        if e.key != current:
            out += [f"## {escape_markdown(e.article_title)} [@{e.key}]", "",
                    f"*{escape_markdown(e.provenance)}.*", ""]
            current = e.key
        out += [_md_block(escape_markdown(e.exact)), "", f"— [{e.cite}]", ""]
        if e.note:
            out += ["**Note:** " + defang_markdown(e.note.strip()), ""]
        if e.tags:
            out += ["**Tags:** " + ", ".join(code_markdown(t) for t in e.tags), ""]
        if e.attribution:
            out += ["**Attribution:** " + escape_markdown(e.attribution), ""]
        out += [f"Source: `sha256:{e.source_sha256}`" + (" (another copy of this work)"
                                                          if e.from_other_copy else ""), "", "---", ""]
    return "\n".join(out).rstrip() + "\n"


def quotes_html(articles: list[ArticleRecord], *, title: str = "Quotes") -> str:
    esc = escape_html
    parts = [f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title>'
             f"</head>\n<body>\n<h1>{esc(title)}</h1>"]
    current = None
    for e in quote_entries(articles):
        if e.key != current:
            parts.append(f'<h2 id="{esc(e.key)}">{esc(e.article_title)} <code>[@{esc(e.key)}]</code></h2>'
                         f"\n<p><em>{esc(e.provenance)}.</em></p>")
            current = e.key
        block = [f"<blockquote>{esc(e.exact)}</blockquote>", f"<p>— <cite>{esc(e.cite[1:])}</cite></p>"]
        if e.note:
            block.append(f'<p class="note"><strong>Note:</strong> {esc(e.note)}</p>')
        if e.tags:
            block.append('<p class="tags"><strong>Tags:</strong> ' + ", ".join(
                f"<code>{esc(t)}</code>" for t in e.tags) + "</p>")
        if e.attribution:
            block.append(f'<p class="attribution"><strong>Attribution:</strong> {esc(e.attribution)}</p>')
        block.append(f'<p class="source">Source: <code>sha256:{esc(e.source_sha256)}</code></p>')
        parts.append('<div class="quote">\n' + "\n".join(block) + "\n</div>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
