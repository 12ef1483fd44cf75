"""The formatted bibliography (HTML and Markdown), rendered by citeproc-py from our CSL-JSON.

The styles are the CSL project's own files shipped in ``resources/csl`` (see its README), so
the bibliography in a bundle matches what Zotero or pandoc would print with the same style.
A user can add any ``.csl`` file (``add_user_style``: checked, then copied into the user's
styles folder), or name one on disk by its path. citeproc-py does not read ``custom`` (ours)
and warns on it, so that key is dropped first.
citeproc-py escapes its own terms but pastes the items' values into its HTML as they are, so
every value is HTML-escaped before rendering (``_escaped``): a scraped title's ``<script>`` is
text in ``bibliography.html``, and ``html_to_markdown`` turns the entities back into characters
that cannot start markup in ``bibliography.md``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import threading
import warnings
from functools import lru_cache
from pathlib import Path

from ..errors import ValidationError
from ..markup import escape_html, escape_markdown
from ..paths import resource, user_styles_dir

#: the styles we ship in resources/csl, by file stem
STYLES = {"chicago-author-date": "Chicago author-date (18th ed.)", "apa": "APA (7th ed.)",
          "mla": "MLA (9th ed.)", "harvard": "Harvard (Cite Them Right, 12th ed.)"}
DEFAULT_STYLE = "chicago-author-date"
#: a hanging indent and a gap between entries, as printed bibliographies have
ENTRY_CSS = ".csl-entry { margin: 0 0 0.6em 0; padding-left: 2em; text-indent: -2em; }"


def user_styles() -> dict[str, str]:
    """Styles the user added (``add_user_style``), by file stem: their CSL titles."""
    folder = user_styles_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: _title(p) for p in sorted(folder.glob("*.csl")) if p.stem not in STYLES}


def available_styles() -> dict[str, str]:
    """Every style a bibliography can be written in: ours, then the user's."""
    return {**STYLES, **user_styles()}


def style_path(style: str) -> Path:
    """The CSL file of ``style``: a shipped or added style's name, or a ``.csl`` file's path."""
    if style in STYLES:
        return resource("csl", f"{style}.csl")
    added = user_styles_dir() / f"{style}.csl"
    if "/" not in style and "\\" not in style and added.is_file():
        return added
    path = Path(style).expanduser()
    if path.suffix.lower() == ".csl":
        if not path.is_file():
            raise ValidationError(f"The style file {path} does not exist.")
        return path
    raise ValidationError(f"{style!r} is not a citation style here; choose one of "
                          f"{', '.join(available_styles())}, or give the path of a .csl file.")


def check_style(style: str) -> str:
    """``style`` itself if a bibliography can be written in it (a path is checked as CSL)."""
    path = style_path(style)
    if style not in STYLES and path.parent != user_styles_dir():
        validate_csl(path)
    return style


def _title(path: Path) -> str:
    match = re.search(r"<title>([^<]+)</title>", path.read_text(encoding="utf-8", errors="replace"))
    return html.unescape(match.group(1)).strip() if match else path.stem


CSL_NS = "http://purl.org/net/xbiblio/csl"
_SAMPLE = [{"id": "sample", "type": "article-newspaper", "title": "A sample article",
            "author": [{"family": "Doe", "given": "Jane"}], "container-title": "The Sample",
            "issued": {"date-parts": [[2024, 5, 1]]}}]


def validate_csl(path: Path | str) -> str:
    """The style's title if ``path`` is a CSL style citeproc-py can write a bibliography in;
    otherwise ``ValidationError`` saying why."""
    from citeproc import CitationStylesStyle
    from lxml import etree
    path = Path(path).expanduser()
    name = path.name
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except OSError as exc:
        raise ValidationError(f"{name} could not be read: {exc.strerror or exc}.") from exc
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"{name} is not a CSL style: it is not well-formed XML ({exc}).") from exc
    if root.tag != f"{{{CSL_NS}}}style":
        raise ValidationError(f"{name} is not a CSL style: its root element is not a CSL <style>.")
    if root.find(f"{{{CSL_NS}}}bibliography") is None:
        raise ValidationError(f"{name} has no bibliography section, so it cannot format a "
                              "bibliography.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(str(path), validate=False)
    except Exception as exc:  # noqa: BLE001 — citeproc-py raises many kinds on odd files
        raise ValidationError(f"{name} is not a CSL style citeproc-py can read ({exc}).") from exc
    try:
        _render(_SAMPLE, str(path), parsed=style)
    except Exception as exc:  # noqa: BLE001
        raise ValidationError(f"{name} could not format a bibliography with citeproc-py "
                              f"({type(exc).__name__}: {exc}).") from exc
    return _title(path)


def add_user_style(path: Path | str) -> str:
    """Check ``path`` is a CSL style, copy it into the user's styles folder; its style name."""
    path = Path(path).expanduser()
    validate_csl(path)
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-.") or "style"
    if stem in STYLES:
        stem = f"{stem}-added"
    folder = user_styles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.csl"
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    _style.cache_clear()
    _render_cached.cache_clear()
    return stem


_RENDER_LOCK = threading.Lock()   # a parsed style carries its formatter: one render at a time


def _memoize(cls, name: str) -> None:
    """Remember ``cls.name(self, *args)`` per element: a parsed style never changes, and
    lxml hands back the same proxy for a node as long as one is referenced (our cache holds it),
    so the element itself is a sound key."""
    original = cls.__dict__[name]
    cache: dict = {}

    def cached(self, *args, **kwargs):
        key = (self, args, tuple(sorted(kwargs.items())))
        try:
            return cache[key]
        except KeyError:
            value = cache[key] = original(self, *args, **kwargs)
            return value

    cached._palmyra_cached = True
    setattr(cls, name, cached)


def _speed_up_citeproc() -> None:
    """citeproc-py re-runs XPath queries (macros, terms, layout) and re-walks the style tree
    (``calls_variable``) for every item: nine tenths of its time on a 1,000-item bibliography.
    Their answers depend only on the parsed style, so each is computed once."""
    from citeproc import model
    if getattr(model.CitationStylesElement.get_macro, "_palmyra_cached", False):
        return
    _memoize(model.CitationStylesElement, "get_macro")
    _memoize(model.CitationStylesElement, "get_layout")
    _memoize(model.Locale, "get_term")
    for cls in vars(model).values():
        if isinstance(cls, type) and "calls_variable" in cls.__dict__:
            _memoize(cls, "calls_variable")
    from citeproc.source import CitationItem

    def reference(self):   # looked up ~500 times per item; the item's reference never changes
        try:
            return dict.__getitem__(self, "_palmyra_reference")
        except KeyError:
            found = self.bibliography.source[self.key]
            dict.__setitem__(self, "_palmyra_reference", found)
            return found

    CitationItem.reference = property(reference)


@lru_cache(maxsize=4)
def _style(style: str):
    """Parsed once per process and kept (the macro cache above relies on the tree living on)."""
    from citeproc import CitationStylesStyle
    _speed_up_citeproc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(style_path(style)), validate=False)


def render_html_entries(items: list[dict], style: str = DEFAULT_STYLE) -> list[str]:
    """One HTML fragment per item, in the style's bibliography order.

    The last few results are remembered, so the export that follows the Export window's
    preview of the same articles does not render them again."""
    key = json.dumps(items, sort_keys=True, ensure_ascii=False)
    return list(_render_cached(check_style(style), key))


@lru_cache(maxsize=4)
def _render_cached(style: str, items_json: str) -> tuple[str, ...]:
    return tuple(_render(json.loads(items_json), style))


def _render(items: list[dict], style: str, *, parsed=None) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    clean = [{k: v if k == "id" else _escaped(v) for k, v in item.items()
              if k not in ("custom", "citation-key")} for item in items]
    if not clean:
        return []
    with _RENDER_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(clean)
        bibliography = CitationStylesBibliography(parsed or _style(style), source, formatter.html)
        for item in clean:
            bibliography.register(Citation([CitationItem(item["id"].lower())]))
        bibliography.sort()   # the style's order (author, date…), not ours
        entries = [str(entry) for entry in bibliography.bibliography()]
    by_key = {item["id"].lower(): item for item in clean}
    return [entry if "author" in by_key[key] or "editor" in by_key[key] else drop_repeated_title(entry)
            for key, entry in zip(bibliography.keys, entries)]


def _escaped(value):
    """Every string inside a CSL value as HTML text (quotes left alone: citeproc-py only puts
    values in element content, and its smart quotes and title case read them)."""
    if isinstance(value, str):
        return escape_html(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def drop_repeated_title(entry: str) -> str:
    """Print a substituted title once.

    With no author, CSL styles move the title to the author's place and the spec says the
    substituted variable is then suppressed; citeproc-py prints it a second time
    ("“Title.” n.d. “Title.”"). The longest opening run that ends a sentence and is repeated
    later is that title: its later copy is removed."""
    best = ""
    for match in re.finditer(r"\. ", entry):
        head = entry[:match.start()]
        if head and entry.find(head, match.end()) != -1:
            best = head
    if not best:
        return entry
    at = entry.rfind(best)
    out = entry[:at] + entry[at + len(best):]
    return re.sub(r"\.\s*\.(?=\s|$)", ".", out).rstrip()


def bibliography_html(items: list[dict], style: str = DEFAULT_STYLE, *, title: str = "References",
                      entries: list[str] | None = None) -> str:
    """A standalone HTML page; pass ``entries`` already rendered to avoid rendering twice."""
    entries = render_html_entries(items, style) if entries is None else entries
    body = "\n".join(f'  <div class="csl-entry">{e}</div>' for e in entries)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{ENTRY_CSS}</style></head>\n<body>\n<h1>{html.escape(title)}</h1>\n<div class="csl-bib-body" '
            f'data-style="{style}">\n{body}\n</div>\n</body></html>\n')


_TAG = re.compile(r"(<[^>]*>)")
_MARKDOWN_TAGS = {"<i>": "*", "</i>": "*", "<b>": "**", "</b>": "**"}


def html_to_markdown(fragment: str) -> str:
    """citeproc-py's inline HTML (<i>, <b>, entities) as Markdown: its own tags become emphasis,
    other tags are dropped, and the text between them (the items' values) is unescaped and
    then escaped for Markdown, so a title's ``<b>`` shows as written, never as markup."""
    out = []
    for part in _TAG.split(fragment):
        if _TAG.fullmatch(part):
            out.append(_MARKDOWN_TAGS.get(part, ""))
        elif part:
            out.append(re.sub(r"([`_])", r"\\\1", escape_markdown(html.unescape(part))))
    return "".join(out)


def bibliography_markdown(items: list[dict], style: str = DEFAULT_STYLE, *, title: str = "References",
                          entries: list[str] | None = None) -> str:
    entries = render_html_entries(items, style) if entries is None else entries
    return f"# {title}\n\n" + "\n\n".join(html_to_markdown(e) for e in entries) + "\n"
