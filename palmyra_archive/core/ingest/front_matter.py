"""Front matter: the ``---`` YAML block (Markdown, Pandoc, Jekyll, Hugo) or Hugo's ``+++`` TOML
block at the top of a file, read as metadata.

Why a step before the article reader: the block is metadata its writer typed, not article text,
so the reader must never see it (it took the title "---" and put the keys in the body). The
block is blanked out of the text the reader gets, character for character, so every Span the
reader makes still indexes the decoded file; then the keys are laid over what the reader
found, each with the Span of its own line(s) as evidence and a ``front-matter:<key>`` method.

What is read, and as what:

- ``title`` -> the title; ``author`` / ``authors`` (a name, a list, or ``{name: …}``) -> the
  authors; ``date`` (also ``published``, ``publishDate``, ``pubDate``) -> the copy's date, at
  the precision given ("2016-03-14", "2016-03", "2016", "March 2016"); ``outlet`` /
  ``publisher`` -> the outlet of this copy.
- ``source`` (the outlet this copy was taken from) and ``original_url`` / ``canonical_url``
  (where it first appeared) -> hops of the republishing chain, with their lines as evidence.
- ``tags`` / ``categories`` / ``keywords`` -> site tags (``site:Tags/water``), like the sections a
  page prints: they are the source's own filing, printed in the file, not the researcher's codes,
  so they stay out of the user's tag tree (under *Site sections*) and are never proposed as codes.

YAML is read with PyYAML's ``safe_load`` only (no object construction). A block that cannot be
read is kept out of the body all the same and listed under needs review with the reason; the
file is never refused for it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .article import parse_article
from .model import Extracted, ParsedArticle, Region, Republication, Span
from .overrides import RegionOverride
from .rules import Rules, load_rules

__all__ = ["FrontMatter", "read_article", "find_front_matter", "blank_out", "apply_front_matter"]

#: the largest block looked at: front matter is a few lines, never a book
MAX_FRONT_MATTER = 64_000
_OPEN = {"---": ("---", "..."), "+++": ("+++",)}
_YAML_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:")
_TOML_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*=")
_KEYS = {
    "title": "title",
    "author": "authors", "authors": "authors", "creator": "authors",
    "date": "date", "published": "date", "publishdate": "date", "pubdate": "date",
    "outlet": "outlet", "publisher": "outlet",
    "source": "source",
    "original_url": "original_url", "canonical_url": "original_url", "originalurl": "original_url",
    "tags": "tags", "categories": "tags", "keywords": "tags",
}


@dataclass
class FrontMatter:
    span: Span                      # the whole block, delimiters included
    syntax: str                     # "yaml" | "toml"
    values: dict = field(default_factory=dict)          # lower-cased key -> value as loaded
    key_spans: dict[str, Span] = field(default_factory=dict)  # lower-cased key -> its line(s)
    key_names: dict[str, str] = field(default_factory=dict)   # lower-cased key -> as written
    problem: str | None = None      # why the block could not be read (it is still not body)


def read_article(text: str, overrides: Sequence = ()) -> ParsedArticle:
    """``parse_article`` for a file that may open with front matter: the reader gets the text
    with the block blanked out, then the block's values are laid over what it found."""
    block = find_front_matter(text)
    if block is None:
        return parse_article(text, overrides=overrides)
    blanked = blank_out(text, block)
    article = parse_article(blanked, overrides=overrides)
    title = _text(block.values.get("title")) if not block.problem else None
    found = article.title
    if (title and found.status == "printed" and found.span is not None
            and _fold(text[found.span.start:found.span.end]) != _fold(title)):
        # the reader took the first line of the body for a headline the front matter gives
        line = RegionOverride(found.span.start, found.span.end, "body")
        article = parse_article(blanked, overrides=[line, *overrides])
    apply_front_matter(article, block, text, load_rules())
    return article


def _fold(value: str) -> str:
    return " ".join(re.sub(r"[#*_`\[\]]", " ", value).split()).casefold()


def find_front_matter(text: str) -> FrontMatter | None:
    """The front matter block at the very top of ``text``, or None when there is none."""
    first_end = _line_end(text, 0)
    opener = text[:first_end].strip()
    if opener not in _OPEN or text[:first_end].rstrip("\r\n") != opener:
        return None
    pos = _after_newline(text, first_end)
    closers = _OPEN[opener]
    while pos < len(text) and pos < MAX_FRONT_MATTER:
        end = _line_end(text, pos)
        if text[pos:end].rstrip() in closers:
            return _read_block(text, opener, _after_newline(text, first_end), pos, end)
        pos = _after_newline(text, end)
    return None


def _line_end(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    stop = newline if newline >= 0 else len(text)
    carriage = text.find("\r", pos, stop)        # a "\r" is only looked for before the "\n"
    return carriage if carriage >= 0 else stop


def _after_newline(text: str, end: int) -> int:
    if text.startswith("\r\n", end):
        return end + 2
    return end + 1 if end < len(text) else end


def _read_block(text: str, opener: str, inner_start: int, closer_start: int,
                closer_end: int) -> FrontMatter | None:
    inner = text[inner_start:closer_start]
    syntax = "yaml" if opener == "---" else "toml"
    key_re = _YAML_KEY if syntax == "yaml" else _TOML_KEY
    keys = _key_lines(text, inner_start, closer_start, key_re)
    block = FrontMatter(Span(0, closer_end), syntax)
    try:
        loaded = _load(inner, syntax)
    except ValueError as exc:
        if not keys:        # "---" then prose then "---": two rules around a paragraph
            return None
        block.problem = str(exc)
        return block
    if loaded is None and not inner.strip():
        return block        # an empty block: nothing to read, still not body
    if not isinstance(loaded, dict):
        if not keys:
            return None
        block.problem = "it is not a list of keys and values"
        return block
    for key, value in loaded.items():
        folded = str(key).casefold()
        block.values[folded] = value
        block.key_names[folded] = str(key)
    for folded, span in keys.items():
        block.key_spans.setdefault(folded, span)
    return block


def _load(inner: str, syntax: str):
    if syntax == "toml":
        try:
            return tomllib.loads(inner)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"the TOML does not read ({exc})") from None
    import yaml  # PyYAML; only safe_load, which builds plain values and never objects

    try:
        return yaml.safe_load(inner)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "it is not YAML"
        raise ValueError(f"the YAML does not read{where} ({problem})") from None
    except RecursionError:
        raise ValueError("the YAML nests too deeply") from None


def _key_lines(text: str, start: int, stop: int, key_re: re.Pattern) -> dict[str, Span]:
    """Each top-level key's line(s): from the key to the next top-level key, trimmed."""
    found: list[tuple[str, int]] = []
    pos = start
    while pos < stop:
        end = min(_line_end(text, pos), stop)
        match = key_re.match(text, pos, end)
        if match:
            found.append((match.group("key").casefold(), pos))
        pos = _after_newline(text, end)
    spans: dict[str, Span] = {}
    for n, (key, at) in enumerate(found):
        until = found[n + 1][1] if n + 1 < len(found) else stop
        chunk = text[at:until].rstrip()
        spans.setdefault(key, Span(at, at + len(chunk)))
    return spans


def blank_out(text: str, block: FrontMatter) -> str:
    """``text`` with the block's characters turned to spaces (line breaks kept): the same
    length and the same lines, so the reader's offsets stay offsets into ``text``."""
    head = text[block.span.start:block.span.end]
    return re.sub(r"[^\r\n]", " ", head) + text[block.span.end:]


def apply_front_matter(article: ParsedArticle, block: FrontMatter, text: str, rules) -> None:
    """Lay the block's values over what the reader found (front matter is what the writer
    said the metadata is), each with its evidence; mark the block as the file's header."""
    review = article.needs_review
    article.regions = sorted([*article.regions, Region("header", block.span)],
                             key=lambda r: (r.span.start, r.span.end))
    if block.problem:
        review.append(f"front matter not read: {block.problem}")
        return
    chosen: dict[str, str] = {}
    for folded in block.values:
        meaning = _KEYS.get(folded.replace(" ", ""))
        if meaning and meaning not in chosen:
            chosen[meaning] = folded
    for meaning, folded in chosen.items():
        value, span = block.values[folded], block.key_spans.get(folded)
        method = f"front-matter:{block.key_names[folded]}"
        unread = _READERS[meaning](article, value, span, method, rules)
        if unread:
            review.append(f"front matter {block.key_names[folded]}: {unread}")
    _source_hops(article, block, chosen, text, rules)
    for name in ("title", "authors", "outlet", "date"):
        if getattr(article, name).status != "missing" and name in review:
            review.remove(name)


def _text(value) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _title(article, value, span, method, rules) -> str | None:
    title = _text(value)
    if title is None:
        return "not a title"
    article.title = Extracted(title, "printed", span, method)
    return None


def _authors(article, value, span, method, rules) -> str | None:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("Name")
        name = _text(item)
        if name:
            names.extend(n.strip() for n in name.split(";") if n.strip())
    if not names:
        return "no author's name in it"
    article.authors = Extracted(names, "printed", span, method)
    article.byline = Extracted("; ".join(names), "printed", span, method)
    return None


def _date(article, value, span, method, rules) -> str | None:
    iso, printed = date_at_precision(value, rules)
    if iso is None:
        return f"“{printed}” is not a date"
    article.date = Extracted(iso, "printed", span, method)
    article.date_as_printed = printed
    return None


def _outlet(article, value, span, method, rules) -> str | None:
    name = _text(value)
    if name is None:
        return "not an outlet's name"
    article.outlet = Extracted(rules.canonical_outlet(name), "printed", span, method)
    return None


def _tags(article, value, span, method, rules) -> str | None:
    items = value if isinstance(value, list) else str(value).split(",") if _text(value) else []
    tags = []
    for item in items:
        tag = _text(item)
        if tag and tag not in tags:     # "Middle East/Syria" nests, as a site section does
            tags.append(tag)
    if not tags:
        return "no tag in it" if not isinstance(value, list) or value else None
    label = method.split(":", 1)[1].capitalize()
    article.site_sections[label] = tags
    return None


def _later(*_args) -> None:
    return None     # source and original_url are read together (_source_hops)


#: a key's meaning -> its reader: (article, the value, the key's span, method, rules) -> why the
#: value was not read, or None
_READERS: dict[str, Callable[[ParsedArticle, object, Span | None, str, Rules], str | None]] = {
            "title": _title, "authors": _authors, "date": _date, "outlet": _outlet,
            "tags": _tags, "source": _later, "original_url": _later}

_MONTH_YEAR = re.compile(r"(?P<month>[^\W\d_]{3,12})\.?,?\s+(?P<year>\d{4})")
_PARTIAL = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")


def date_at_precision(value, rules) -> tuple[str | None, str]:
    """(ISO date at the precision given, the value as written): "2016-03-14", "2016-03",
    "2016"; YAML's own dates and times count as days."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat(), value.isoformat()
    printed = _text(value) or ""
    if not printed or len(printed) > 60:
        return None, printed[:60]
    from .dates import parse_date

    partial = _PARTIAL.fullmatch(printed)
    if partial:
        month = partial.group("month")
        if month is None:
            return printed, printed
        return (printed if 1 <= int(month) <= 12 else None), printed
    month_year = _MONTH_YEAR.fullmatch(printed)
    if month_year:
        month = rules.months.get(month_year.group("month").casefold())
        return (f"{month_year.group('year')}-{month:02d}" if month else None), printed
    day = re.match(r"\d{4}-\d{2}-\d{2}", printed)   # "2016-03-14T10:00:00+02:00"
    if day:
        iso = parse_date(day.group(0))
        if iso:
            return iso, printed
    return parse_date(printed), printed


def _source_hops(article: ParsedArticle, block: FrontMatter, chosen: dict[str, str], text: str,
                 rules) -> None:
    """``source`` is where this copy was taken from (hop 1); ``original_url`` where the work
    first appeared (its site's outlet, or its host name). Each hop's evidence is its line."""
    hops: list[Republication] = []
    if "source" in chosen:
        folded = chosen["source"]
        name = _text(block.values[folded])
        if name and name.casefold().startswith(("http://", "https://")):
            name = _outlet_of_url(name, rules)
        if name:
            hops.append(_hop(block, folded, rules.canonical_outlet(name), "source", text))
        else:
            article.needs_review.append(f"front matter {block.key_names[folded]}: not an outlet's name")
    if "original_url" in chosen:
        folded = chosen["original_url"]
        url = _text(block.values[folded])
        outlet = _outlet_of_url(url, rules) if url else None
        if outlet is None:
            article.needs_review.append(f"front matter {block.key_names[folded]}: not an address")
        elif not hops or not _same_outlet(hops[-1].from_outlet or "", outlet):
            hops.append(_hop(block, folded, outlet, "original_source", text))
        else:   # the same outlet named twice: one hop, both lines its evidence
            first, second = hops[-1].span, block.key_spans.get(folded)
            if first and second:
                hops[-1].evidence = f"{hops[-1].evidence} / {text[second.start:second.end]}"
    if not hops:
        return
    here = (article.outlet.value or "").casefold()
    hops = [h for h in hops if (h.from_outlet or "").casefold() != here]
    if not hops:
        return
    for number, hop in enumerate(hops, start=1):
        hop.hop = number
    hops[-1].is_original = True
    if article.republications:  # what the file's own footer says stays, farther down the chain
        known = {(h.from_outlet or "").casefold() for h in hops}
        rest = [h for h in article.republications if (h.from_outlet or "").casefold() not in known]
        hops[-1].is_original = not rest
        for number, hop in enumerate(rest, start=len(hops) + 1):
            hop.hop = number
        hops.extend(rest)
    article.republications = hops
    if "original date" in article.needs_review:
        article.needs_review.remove("original date")
    originals = [h for h in hops if h.is_original]
    if originals and originals[0].from_date is None:
        article.needs_review.append("original date")


def _hop(block: FrontMatter, folded: str, outlet: str, relation: str, text: str) -> Republication:
    span = block.key_spans.get(folded)
    evidence = text[span.start:span.end] if span else f"{block.key_names[folded]}: {outlet}"
    return Republication(from_outlet=outlet, relation=relation, evidence=evidence, span=span,
                         method=f"front-matter:{block.key_names[folded]}")


def _same_outlet(name: str, outlet: str) -> bool:
    """"Levant Weekly" and the host levant-weekly.example are one outlet."""
    fold = lambda v: re.sub(r"[^0-9a-z]", "", v.casefold())  # noqa: E731
    core = outlet.rsplit(".", 1)[0] if "." in outlet and " " not in outlet else outlet
    return fold(name) in (fold(outlet), fold(core))


def _outlet_of_url(url: str, rules) -> str | None:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.removeprefix("www.")
    outlet = rules.outlet_named(host)
    return outlet.name if outlet else host
