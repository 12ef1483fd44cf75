"""Copy citation: the selection's bibliography entries in a style, as HTML and plain text,
with the citation keys a pandoc or LaTeX user types (``[@key]``, ``\\cite{key}``).

Why through the export package: the entries are rendered by the same function the citation
bundle uses (``export.bibliography.render_html_entries`` over ``export.csl_json`` items with
``export.citekeys`` keys), so what is copied is what an export of the same articles holds,
whatever processor renders it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..store.errors import PalmyraError

_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Citation:
    html: str              # one <div class="csl-entry"> per entry, the style's order
    text: str              # the same entries as plain text, one per line
    keys: tuple[str, ...]  # the citation keys, in the order the articles were given
    entries: int

    @property
    def pandoc(self) -> str:
        return "[" + "; ".join(f"@{k}" for k in self.keys) + "]"

    @property
    def latex(self) -> str:
        return r"\cite{" + ",".join(self.keys) + "}"


def plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def cite(archive, article_ids: Sequence[int], style: str | None = None) -> Citation:
    from ..export import bibliography, csl_json
    from ..export.scope import Scope

    ids = [int(i) for i in dict.fromkeys(article_ids)]
    if not ids:
        raise PalmyraError("Choose the articles to cite first.")
    style = bibliography.check_style(style or bibliography.DEFAULT_STYLE)
    service = archive.exports
    with service._snapshot() as db:
        data, outlets = service._collect(db, Scope("ids", ids=tuple(ids)), include_notes=False)
    if not data.articles:
        raise PalmyraError("Those articles are not in the library (in the Trash?); nothing to cite.")
    items = csl_json.csl_items(data.articles, outlets)
    entries = bibliography.render_html_entries(items, style)
    body = "\n".join(f'<div class="csl-entry">{e}</div>' for e in entries)
    return Citation(html=f'<div class="csl-bib-body" data-style="{style}">\n{body}\n</div>',
                    text="\n".join(plain(e) for e in entries),
                    keys=tuple(a.key for a in data.articles), entries=len(entries))
