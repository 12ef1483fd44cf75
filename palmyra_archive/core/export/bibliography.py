"""The formatted bibliography (HTML and Markdown), rendered by pandoc's citeproc from our CSL-JSON.

pandoc (the binary the ``pypandoc-binary`` wheel ships: nothing to install, no network) runs
the Haskell ``citeproc`` library, which passes the CSL test suite as citeproc-js (Zotero) does:
full given names where Chicago asks for them, punctuation inside quotation marks, nested
quotes alternated, an entry with no author sorted by its title. So the bibliography in a bundle
and the app's Copy citation are what Zotero or ``pandoc --citeproc`` print with the same style.
The styles are the CSL project's own files shipped in ``resources/csl`` (see its README). A
user can add any ``.csl`` file (``add_user_style``: checked, then copied into the user's styles
folder), or name one on disk by its path. ``custom`` (ours) is dropped before rendering.
pandoc escapes every value in its HTML; it would read a scraped title's ``<b>`` as formatting,
so angle brackets travel shielded (``_shielded``) and come back as text: a title's
``<script>`` is text in ``bibliography.html``, and ``html_to_markdown`` turns the entities
back into characters that cannot start markup in ``bibliography.md``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..store.errors import ValidationError
from ..store.paths import resource, user_styles_dir
from ..text.markup import escape_markdown

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
    """The style's title if ``path`` is a CSL style pandoc's citeproc can write a bibliography
    in; otherwise ``ValidationError`` saying why."""
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
        _render(_SAMPLE, str(path))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 — any failure of the processor on an odd file
        raise ValidationError(f"{name} could not format a bibliography with pandoc's citeproc "
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
    _render_cached.cache_clear()
    return stem


def render_html_entries(items: list[dict], style: str = DEFAULT_STYLE) -> list[str]:
    """One HTML fragment per item, in the style's bibliography order.

    The last few results are remembered, so the export that follows the Export window's
    preview of the same articles does not render them again."""
    key = json.dumps(items, sort_keys=True, ensure_ascii=False)
    return list(_render_cached(check_style(style), key))


@lru_cache(maxsize=4)
def _render_cached(style: str, items_json: str) -> tuple[str, ...]:
    return tuple(_render(json.loads(items_json), style))



_ENTRY = re.compile(r'<div id="ref-(?P<key>[^"]*)" class="csl-entry"[^>]*>\s*(?P<body>.*?)\s*</div>',
                    re.S)


def pandoc_path() -> str:
    """The pandoc binary pypandoc-binary ships (a wheel dependency: no network, no install)."""
    import pypandoc
    return pypandoc.get_pandoc_path()


#: from this many entries on, a bibliography is rendered in two runs (see ``_render``)
SPLIT_FROM = 120
_DISAMBIGUATION = re.compile(r'\s(?:disambiguate-add-year-suffix|disambiguate-add-names|'
                             r'disambiguate-add-givenname|givenname-disambiguation-rule)="[^"]*"')


def _render(items: list[dict], style: str) -> list[str]:
    """One HTML fragment per item, rendered by pandoc's citeproc (the Haskell ``citeproc``
    library, which renders the CSL test suite as citeproc-js does), in the style's order.

    pandoc's disambiguation compares every cite with every other, so one run over 1,000
    entries takes tens of seconds (#13). Only entries whose cites could read alike need it:
    those sharing a first author's family name (or literal name), and those with no author
    (their cite is a shortened title). So a large bibliography is rendered twice: every entry
    with the style's citation disambiguation switched off (fast; it gives the order and the
    entries of every other item), and the entries that could be ambiguous together with the
    full style, whose fragments (and their order among themselves) take those entries' places.
    The result equals one run with the full style (tested on every shipped style)."""
    clean = [{k: v if k == "id" else _shielded(v) for k, v in item.items() if k != "custom"}
             for item in items]
    if not clean:
        return []
    path = style_path(style)
    if len(clean) < SPLIT_FROM:
        return [body for _, body in _pandoc(clean, path)]
    groups: dict[str, list[str]] = {}
    for item in clean:
        groups.setdefault(_ambiguity_key(item), []).append(item["id"])
    ambiguous = {i for ids in groups.values() if len(ids) > 1 for i in ids}
    if len(ambiguous) > len(clean) // 2:           # little to gain: one run as before
        return [body for _, body in _pandoc(clean, path)]
    with tempfile.TemporaryDirectory(prefix="palmyra-csl-") as tmp:
        plain = Path(tmp) / path.name
        plain.write_text(_DISAMBIGUATION.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
        fast = _pandoc(clean, plain)
    exact = iter(_pandoc([c for c in clean if c["id"] in ambiguous], path)) if ambiguous else iter(())
    return [next(exact)[1] if key in ambiguous else body for key, body in fast]


def _ambiguity_key(item: dict) -> str:
    """Items with the same key may have cites that read alike; others never do."""
    for role in ("author", "editor", "translator"):
        names = item.get(role)
        if isinstance(names, list) and names and isinstance(names[0], dict):
            first = names[0]
            name = first.get("family") or first.get("literal") or ""
            if isinstance(name, str) and name.strip():
                return f"{role}:{name.strip().casefold()}"
    return "no-author"          # cited by a shortened title: kept together


def _pandoc(clean: list[dict], csl: Path) -> list[tuple[str, str]]:
    """(id, fragment) per item, in the bibliography's order, from one pandoc run."""
    with tempfile.TemporaryDirectory(prefix="palmyra-citeproc-") as tmp:
        refs = Path(tmp) / "references.json"
        refs.write_text(json.dumps(clean, ensure_ascii=False), encoding="utf-8")
        document = '---\nnocite: "[@*]"\n---\n'
        result = subprocess.run(
            [pandoc_path(), "--citeproc", "--csl", str(csl), "--bibliography",
             str(refs), "-f", "markdown", "-t", "html", "--wrap=none"],
            input=document, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False)
    if result.returncode != 0:
        raise ValidationError("The bibliography could not be formatted in this style: "
                              + (result.stderr.strip().splitlines() or ["pandoc failed"])[-1])
    found = [(m["key"], _unshielded(m["body"])) for m in _ENTRY.finditer(result.stdout)]
    missing = {item["id"] for item in clean} - {key for key, _ in found}
    if missing:
        raise ValidationError(f"The style left {len(missing)} item(s) out of the bibliography.")
    return found


#: pandoc reads ``<i>``, ``<b>``, ``<span class="nocase">``… inside CSL-JSON values as
#: formatting, and straight quotes as quotations; a scraped title's ``<b>`` is text, so a value
#: holding a ``<…>`` run travels whole inside a ``nocase`` span (no style changes its case),
#: its brackets and quotes as private-use characters that come back as ``&lt;b&gt;``
_SHIELD = {"<": "\ue000", ">": "\ue001", '"': "\ue002", "'": "\ue003"}
_UNSHIELD = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&quot;", "\ue003": "'"}
_TAG_LIKE = re.compile(r"<[^<>]*>")


def _shield(text: str, marks: str) -> str:
    return "".join(_SHIELD[ch] if ch in marks else ch for ch in text)


def _shielded(value):
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch not in _UNSHIELD)
        if _TAG_LIKE.search(value):
            return f'<span class="nocase">{_shield(value, _SHIELD)}</span>'
        return _shield(value, "<>")
    if isinstance(value, list):
        return [_shielded(v) for v in value]
    if isinstance(value, dict):
        return {k: _shielded(v) for k, v in value.items()}
    return value


def _unshielded(fragment: str) -> str:
    return "".join(_UNSHIELD.get(ch, ch) for ch in fragment)


def bibliography_html(items: list[dict], style: str = DEFAULT_STYLE, *, title: str = "References",
                      entries: list[str] | None = None) -> str:
    """A standalone HTML page; pass ``entries`` already rendered to avoid rendering twice."""
    entries = render_html_entries(items, style) if entries is None else entries
    body = "\n".join(f'  <div class="csl-entry">{e}</div>' for e in entries)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{ENTRY_CSS}</style></head>\n<body>\n<h1>{html.escape(title)}</h1>\n<div class="csl-bib-body" '
            f'data-style="{style}">\n{body}\n</div>\n</body></html>\n')


_TAG = re.compile(r"(<[^>]*>)")
_MARKDOWN_TAGS = {"<i>": "*", "</i>": "*", "<b>": "**", "</b>": "**", "<em>": "*", "</em>": "*",
                  "<strong>": "**", "</strong>": "**"}


def html_to_markdown(fragment: str) -> str:
    """The processor's inline HTML (<em>, <strong>, <span>, entities) as Markdown: its own tags become emphasis,
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
