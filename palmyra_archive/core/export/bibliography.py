"""The formatted bibliography (HTML and Markdown), rendered by citeproc-py from our CSL-JSON.

The styles are the CSL project's own files shipped in ``resources/csl`` (see its README), so
the bibliography in a bundle matches what Zotero or pandoc would print with the same style.
citeproc-py does not read ``custom`` (ours) and warns on it, so that key is dropped first.
"""

from __future__ import annotations

import html
import re
import warnings
from functools import lru_cache

from ..errors import ValidationError
from ..paths import resource

STYLES = {"chicago-author-date": "Chicago author-date (18th ed.)", "apa": "APA (7th ed.)"}
DEFAULT_STYLE = "chicago-author-date"


def check_style(style: str) -> str:
    if style not in STYLES:
        raise ValidationError(f"{style!r} is not a citation style here; choose one of "
                              f"{', '.join(STYLES)}.")
    return style


@lru_cache(maxsize=4)
def _style(style: str):
    from citeproc import CitationStylesStyle
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(resource("csl", f"{check_style(style)}.csl")), validate=False)


def render_html_entries(items: list[dict], style: str = DEFAULT_STYLE) -> list[str]:
    """One HTML fragment per item, in the style's bibliography order."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    clean = [{k: v for k, v in item.items() if k not in ("custom", "citation-key")} for item in items]
    if not clean:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(clean)
        bibliography = CitationStylesBibliography(_style(style), source, formatter.html)
        for item in clean:
            bibliography.register(Citation([CitationItem(item["id"].lower())]))
        return [str(entry) for entry in bibliography.bibliography()]


def bibliography_html(items: list[dict], style: str = DEFAULT_STYLE, *, title: str = "References") -> str:
    entries = render_html_entries(items, style)
    body = "\n".join(f'  <div class="csl-entry">{e}</div>' for e in entries)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head>\n<body>\n<h1>{html.escape(title)}</h1>\n<div class="csl-bib-body" '
            f'data-style="{style}">\n{body}\n</div>\n</body></html>\n')


def html_to_markdown(fragment: str) -> str:
    """citeproc-py's inline HTML (<i>, <b>, entities) as Markdown."""
    text = re.sub(r"</?i>", "*", fragment)
    text = re.sub(r"</?b>", "**", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"([\\`_\[\]])", r"\\\1", text)


def bibliography_markdown(items: list[dict], style: str = DEFAULT_STYLE, *, title: str = "References") -> str:
    entries = render_html_entries(items, style)
    return f"# {title}\n\n" + "\n\n".join(html_to_markdown(e) for e in entries) + "\n"
