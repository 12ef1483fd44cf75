"""HTML pages (a browser's "Web page, complete", SingleFile, a WARC response, an e-mail's HTML).

Why trafilatura: boilerplate removal is a research field of its own; trafilatura (with its
jusText/readability fallbacks) reads main text, comments, links, quotes and lists better than
rules written here would. What the page *states* about itself (JSON-LD, OpenGraph, ``article:*``
and ``citation_*`` meta, ``rel=canonical``, ``<title>``) is read here, each value with its
evidence (where in the markup it stands), its status and the rule that found it, like the text
parser's values; htmldate gives a date only where the page is silent (status ``inferred``).

Rights statements, "originally published" notes and languages are read by the text parser's own
rules (``parse_article``) run on the extracted text, so the rules of ``resources/rules`` apply to
web pages too. The document's ``text`` is the decoded markup: the Source tab shows the page as
text with its regions, never rendered; nothing is fetched, no script runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from ...store.errors import ImportFailed
from ...text.display import strip_bidi
from ..article import parse_article
from ..language import detect_language
from ..model import (
    Capture,
    Comment,
    Extracted,
    Link,
    ParsedArticle,
    ParsedDocument,
    Region,
    Republication,
    Span,
)
from ..reading import decode_source
from ..rules import load_rules, normalise_name
from .base import Reader
from .locate import Locator

#: an HTML page whose markup is deeper than this is refused (lxml's own limit is 255 without
#: huge_tree; trafilatura's tree walk recurses)
MAX_DEPTH = 400
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\s*(.*?)-->", re.S | re.I)
_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "socialmediaposting", "scholarlyarticle",
                  "report", "webpage", "posting", "liveblogposting"}
_ORIGINALLY = re.compile(r"\b(originally (?:published|appeared)|first (?:published|appeared)|"
                         r"publié (?:initialement|à l'origine|d'abord)|paru (?:initialement|d'abord)|"
                         r"zuerst (?:erschienen|veröffentlicht)|ursprünglich (?:erschienen|veröffentlicht)|"
                         r"publicado originalmente|publicado (?:primero|inicialmente)|"
                         r"впервые опубликован|первоначально опубликован|نشر (?:أصلا|لأول مرة|في الأصل))",
                         re.I)
_ISO = re.compile(r"^(\d{4})[-/.](\d{2})[-/.](\d{2})")


class HtmlReader(Reader):
    name = "html"
    label = "Web pages"
    suffixes = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, head: bytes, suffix: str) -> bool:
        if _HTML_START.match(head[:2048]):
            return True
        low = head[:1024].lower()
        return suffix in self.suffixes and b"<" in low and b"\x00" not in low

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        if overrides:
            raise ImportFailed("Corrections of the split are for plain-text sources; a web "
                               "page's regions follow its markup.", path=filename)
        decoded = decode_source(filename, data)
        return read_markup(filename, decoded.text, decoded.encoding, decoded.confidence,
                           list(decoded.warnings), list(decoded.review))

    def source_text(self, filename: str, data: bytes) -> str:
        return decode_source(filename, data).text


def read_markup(filename: str, text: str, encoding: str = "utf-8", confidence: float | None = 1.0,
                warnings: list[str] | None = None, review: list[str] | None = None,
                fmt: str = "html") -> ParsedDocument:
    """One page's markup (already decoded) to the common document."""
    from lxml import etree
    from lxml import html as lxml_html

    warnings = list(warnings or [])
    _refuse_deep(filename, text)
    try:
        tree = lxml_html.document_fromstring(text.encode("utf-8", "surrogatepass"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8",
                                                                         no_network=True))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        raise ImportFailed(f"{filename} is not readable HTML ({exc}).", path=filename) from None
    meta = _page_metadata(tree)
    capture = _singlefile_capture(text)
    try:
        extracted = _trafilatura(tree)
    except RecursionError:
        raise ImportFailed(f"{filename} is nested too deeply to be read as a web page.",
                           path=filename) from None
    locator = Locator(text)
    article = ParsedArticle(span=Span(0, len(text)))
    body_blocks = extracted["blocks"] if extracted else []
    _values(article, meta, extracted, text, locator)
    _body(article, body_blocks, locator)
    _comments(article, extracted["comments"] if extracted else [], locator)
    _captions(article, tree, locator)
    _text_rules(article, meta, text, locator, tree)
    _originally(article, body_blocks)
    article.body_language = detect_language(article.body) if article.body else None
    article.site_language = meta.get("lang")
    if not article.body:
        warnings.append("No article text was found in this page; the page is kept as the "
                        "source, and nothing of its site furniture was taken as the article.")
        article.needs_review.append("no article text found")
    _review(article)
    capture_url = meta.get("canonical") or meta.get("og:url") or (capture.url if capture else None)
    if capture is not None and capture.url is None:
        capture.url = capture_url
    return ParsedDocument(text=text, encoding=encoding, encoding_confidence=confidence,
                          articles=[article], warnings=warnings, capture_url=capture_url,
                          format=fmt, capture=capture)


def _refuse_deep(filename: str, text: str) -> None:
    """Refuse pathological nesting before any tree is built (100,000 nested ``<div>``s)."""
    opens = text.count("<div") + text.count("<DIV") + text.count("<span") + text.count("<section")
    closes = text.count("</div") + text.count("</DIV") + text.count("</span") + text.count("</section")
    if opens <= MAX_DEPTH or opens - closes > 200_000:
        if opens - closes <= MAX_DEPTH:
            return
    depth = deepest = 0
    for match in re.finditer(r"<(/?)(?:div|span|section)\b", text, re.I):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise ImportFailed(
                f"{filename} nests its markup more than {MAX_DEPTH} levels deep; it cannot be read "
                "as a web page and was not imported.", path=filename)


# -- what the page states -----------------------------------------------------------------

def _page_metadata(tree) -> dict:
    meta: dict = {}
    html_el = tree if tree.tag == "html" else tree.getroottree().getroot()
    meta["lang"] = (html_el.get("lang") or "").split("-")[0].lower() or None
    for key, value in _opengraph(tree):
        meta.setdefault(key, value)
        if key == "article:author":
            meta.setdefault("all:" + key, []).append(value)
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key.startswith(("og:", "article:")) and el.get("property"):
            continue            # OpenGraph: read by extruct above
        value = " ".join((el.get("content") or "").split())
        if key and value:
            meta.setdefault(key, value)
            if key in ("citation_author", "article:author", "author"):
                meta.setdefault("all:" + key, []).append(value)
    for el in tree.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        if "canonical" in rel and el.get("href"):
            meta.setdefault("canonical", el.get("href").strip())
    titles = [" ".join((t.text_content() or "").split()) for t in tree.iter("title")]
    meta["title"] = next((t for t in titles if t), None)
    meta["ld"], meta["ld_source"] = _json_ld(tree), "jsonld"
    if not meta["ld"]:
        meta["ld"], meta["ld_source"] = _microdata(tree), "microdata"
    return meta


# What a page states about itself is read with extruct (BSD-3-Clause): its JSON-LD, microdata
# and OpenGraph extractors work on the tree already parsed. They never fetch: JSON-LD is only
# parsed as JSON (an "@context" URL stays a string, nothing expands it), and the RDFa and
# microformats extractors, which could resolve vocabularies, are never loaded: extruct's
# package __init__ imports them (and with them requests, whose urllib3 opens an IPv6 socket at
# import to probe), so only the three extractor modules are loaded, from the package's folder.

def _extruct(module: str):
    """``extruct.<module>`` without running extruct's __init__ (see above)."""
    from ...text.submodules import submodule
    return submodule("extruct", module)


def _opengraph(tree) -> list[tuple[str, str]]:
    """The page's OpenGraph (``og:*``, ``article:*``) properties, in page order."""
    OpenGraphExtractor = _extruct("opengraph").OpenGraphExtractor

    try:
        found = list(OpenGraphExtractor().extract_items(tree))
    except Exception:  # noqa: BLE001 -- extruct on a hostile head may raise anything; the generic meta loop still reads it
        return []
    return [(k.strip().lower(), " ".join(v.split())) for item in found
            for k, v in item.get("properties", []) if isinstance(v, str) and v.strip()]


def _json_ld(tree) -> dict:
    """The page's JSON-LD article (NewsArticle, BlogPosting …), with publisher and authors."""
    JsonLdExtractor = _extruct("jsonld").JsonLdExtractor

    extractor = JsonLdExtractor()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:           # one script at a time, so a broken one does not hide the next
            items = extractor.extract_items(script)
        except (ValueError, RecursionError, TypeError):
            continue
        for item in _ld_items(items):
            if _is_article(item.get("@type")):
                return item
    return {}


def _is_article(kinds) -> bool:
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES for k in kinds)


def _microdata(tree) -> dict:
    """The page's microdata article (``itemtype="https://schema.org/NewsArticle"``), in the
    shape of a JSON-LD item (``author: {name}``), or {}."""
    MicrodataExtractor = _extruct("w3cmicrodata").MicrodataExtractor

    try:
        items = MicrodataExtractor().extract_items(tree, base_url=None)
    except (ValueError, RecursionError, TypeError, KeyError):
        return {}

    def plain(value, depth=0):
        if isinstance(value, dict) and depth < 4:
            props = value.get("properties") if "properties" in value else value
            if not isinstance(props, dict):
                return value.get("value")
            return {k: plain(v, depth + 1) for k, v in props.items()}
        if isinstance(value, list) and depth < 4:
            return [plain(v, depth + 1) for v in value]
        return value

    found_items = [i for i in _walk_microdata(items) if _is_article(i.get("type"))]
    # a page-wide WebPage item (``<html itemscope itemtype=…WebPage>``) only when no article is
    found_items.sort(key=lambda i: str(i.get("type")).lower().endswith("webpage"))
    for item in found_items:
        found = plain(item)
        if isinstance(found, dict):
            found["@type"] = item.get("type")
            return found
    return {}


def _walk_microdata(items, depth: int = 0):
    if depth > 4:
        return
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            yield item
            for value in (item.get("properties") or {}).values():
                nested = value if isinstance(value, list) else [value]
                yield from _walk_microdata([v for v in nested if isinstance(v, dict)], depth + 1)


def _ld_items(data, depth: int = 0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"], depth + 1)


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _url_of(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("url") or value.get("@id")
    if isinstance(value, list) and value:
        return _url_of(value[0])
    return None


def _singlefile_capture(text: str) -> Capture | None:
    found = _SINGLEFILE.search(text[:4096])
    if not found:
        return None
    fields = dict(re.findall(r"^\s*([a-z ]+?):\s*(.+?)\s*$", found.group(1), re.M | re.I))
    fields = {k.lower(): v for k, v in fields.items()}
    return Capture(url=fields.get("url"), captured_at=fields.get("saved date"), tool="SingleFile")


# -- trafilatura ---------------------------------------------------------------------------

def _trafilatura(tree) -> dict | None:
    from copy import deepcopy

    import trafilatura

    result = trafilatura.bare_extraction(deepcopy(tree), with_metadata=True, include_comments=True,
                                         include_links=True, include_images=False,
                                         include_tables=True, include_formatting=False,
                                         deduplicate=False)
    if result is None:
        return None
    get = result.get if isinstance(result, dict) else (lambda k, d=None: getattr(result, k, d))
    body = get("body")
    blocks = _blocks(body) if body is not None else []
    comments_body = get("commentsbody")
    comments = [b["text"] for b in _blocks(comments_body) if b["kind"] != "head"] \
        if comments_body is not None else []
    if not _has_prose(blocks):
        blocks = []      # a menu, a form, a list of links: site chrome, not an article
    return {"blocks": blocks, "comments": comments, "title": get("title"),
            "author": get("author"), "date": get("date"), "sitename": get("sitename"),
            "hostname": get("hostname"), "url": get("url")}


#: an article has at least one paragraph of prose this long (words), or this much text in all
PROSE_WORDS, ARTICLE_WORDS = 15, 60


def _has_prose(blocks: list[dict]) -> bool:
    words = [len(b["text"].split()) for b in blocks if b["kind"] in ("p", "quote", "item")]
    long_enough = any(n >= PROSE_WORDS for n in words) or sum(words) >= ARTICLE_WORDS
    # scripts without spaces between words (Chinese, Japanese, Thai) are measured in characters
    characters = sum(len(b["text"]) for b in blocks if b["kind"] in ("p", "quote"))
    return long_enough or characters >= 400


def _blocks(body) -> list[dict]:
    """The extracted body as blocks: {kind, text, links: [(start, end, text, target)]}."""
    blocks = []
    for el in body:
        tag = el.tag
        if tag == "list":
            for item in el.iter("item"):
                blocks.append(_block("item", item))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [" ".join("".join(c.itertext()).split()) for c in row]
                line = " | ".join(c for c in cells if c)
                if line:
                    blocks.append({"kind": "table", "text": line, "links": []})
        elif tag in ("p", "head", "quote", "code"):
            blocks.append(_block({"p": "p", "head": "head", "quote": "quote", "code": "p"}[tag], el))
        else:
            blocks.append(_block("p", el))
    return [b for b in blocks if b["text"]]


def _block(kind: str, el) -> dict:
    parts: list[str] = []
    links = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "ref":
                start = len("".join(parts))
                walk(child)
                end = len("".join(parts))
                links.append((start, end, child.get("target")))
            elif child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    raw = "".join(parts)
    # collapse whitespace, remapping the link offsets
    out: list[str] = []
    mapping: list[int] = []
    space = True
    for char in raw:
        mapping.append(len(out))
        if char.isspace():
            if not space:
                out.append(" ")
            space = True
        else:
            out.append(char)
            space = False
    mapping.append(len(out))
    text = "".join(out).rstrip()
    fixed = []
    for start, end, target in links:
        s, e = mapping[start], min(mapping[end], len(text))
        while s < e and text[s] == " ":
            s += 1
        if s < e:
            fixed.append((s, e, text[s:e], target))
    return {"kind": kind, "text": text, "links": fixed}


# -- values with evidence ------------------------------------------------------------------

def _evidence(text: str, value: str | None) -> Span | None:
    if not value:
        return None
    for probe in (value, json.dumps(value)[1:-1], value.replace("&", "&amp;")):
        at = text.find(probe)
        if at >= 0:
            return Span(at, at + len(probe))
    return None


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = strip_bidi(" ".join(re.sub(r"<[^>]{0,400}>", " ", value).split())).strip()
    return value or None


def _values(article: ParsedArticle, meta: dict, extracted: dict | None, text: str, locator) -> None:
    ld = meta["ld"]
    src = meta.get("ld_source", "jsonld")
    ex = extracted or {}
    sitename = (_clean(_names(ld.get("publisher"))[0]) if _names(ld.get("publisher")) else None) \
        or meta.get("og:site_name") or meta.get("citation_journal_title") or meta.get("citation_publisher")
    title_candidates = [(ld.get("headline"), f"html:{src}-headline"), (meta.get("og:title"), "html:og-title"),
                        (meta.get("citation_title"), "html:citation-title"),
                        (ex.get("title"), "html:trafilatura-title"),
                        (_strip_site(meta.get("title"), sitename), "html:title-element")]
    for value, method in title_candidates:
        value = _clean(value)
        if value:
            article.title = Extracted(value, "printed", _evidence(text, value), method)
            break
    if article.title.value:
        heading = locator.find(article.title.value, anywhere=True)
        if heading:
            article.regions.append(Region("title", heading))
    authors, method = _names(ld.get("author")), f"html:{src}-author"
    if not authors:
        authors, method = meta.get("all:citation_author", []), "html:citation-author"
    if not authors:
        authors = [a for a in meta.get("all:author", []) if not a.startswith("http")]
        method = "html:meta-author"
    if not authors and ex.get("author"):
        authors, method = [a.strip() for a in re.split(r";|\band\b|,", ex["author"]) if a.strip()], \
            "html:trafilatura-byline"
    authors = list(dict.fromkeys(a for a in (_clean(a) for a in authors) if a and len(a) < 120))
    if authors:
        article.authors = Extracted(authors, "printed", _evidence(text, authors[0]), method)
        byline = locator.find(authors[0], anywhere=True)
        article.byline = Extracted(", ".join(authors), "printed", byline or article.authors.span, method)
    _date(article, ld, meta, ex, text)
    _outlet(article, sitename, ld, meta, ex, text)
    section = meta.get("article:section") or (ld.get("articleSection") if isinstance(ld.get("articleSection"), str) else None)
    if section:
        article.section = Extracted(_clean(section), "printed", _evidence(text, section), "html:article-section")
    standfirst = _clean(meta.get("og:description") or meta.get("description") or ld.get("description"))
    article.standfirst = None if not standfirst else None   # a teaser, not the printed standfirst
    based_on = _url_of(ld.get("isBasedOn"))
    if based_on:
        host = _host(based_on)
        article.republications.append(Republication(
            from_outlet=host, relation="source", evidence=f"isBasedOn: {based_on}",
            span=_evidence(text, based_on), method=f"html:{src}-isBasedOn", url=based_on))


def _strip_site(title: str | None, sitename: str | None) -> str | None:
    if not title:
        return None
    parts = re.split(r"\s+[|–—·-]\s+", title)
    if len(parts) > 1:
        if sitename and normalise_name(parts[-1]) == normalise_name(sitename):
            return " - ".join(parts[:-1])
        if sitename and normalise_name(parts[0]) == normalise_name(sitename):
            return " - ".join(parts[1:])
    return title


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    found = _ISO.match(value.strip())
    if not found:
        from ..dates import parse_date
        return parse_date(value)
    year, month, day = map(int, found.groups())
    if 1 <= month <= 12 and 1 <= day <= 31 and 1800 < year < 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _date(article: ParsedArticle, ld: dict, meta: dict, ex: dict, text: str) -> None:
    src = meta.get("ld_source", "jsonld")
    for value, method in ((ld.get("datePublished"), f"html:{src}-datePublished"),
                          (meta.get("article:published_time"), "html:article-published_time"),
                          (meta.get("citation_publication_date"), "html:citation-publication_date"),
                          (meta.get("citation_date"), "html:citation-date"),
                          (meta.get("date"), "html:meta-date")):
        iso = _iso(value) if isinstance(value, str) else None
        if iso:
            article.date = Extracted(iso, "printed", _evidence(text, value), method)
            article.date_as_printed = value
            return
    if ex.get("date"):   # htmldate, through trafilatura: where the page is silent elsewhere
        iso = _iso(ex["date"])
        if iso:
            article.date = Extracted(iso, "inferred", None, "htmldate")


def _host(url: str | None) -> str | None:
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host[4:] if host and host.startswith("www.") else host


def _outlet(article: ParsedArticle, sitename, ld, meta, ex, text) -> None:
    rules = load_rules()
    if sitename:
        known = rules.outlet_named(sitename) if hasattr(rules, "outlet_named") else None
        name = known.name if known else _clean(sitename)
        article.outlet = Extracted(name, "printed", _evidence(text, sitename), "html:publisher")
        return
    url = meta.get("canonical") or meta.get("og:url") or _url_of(ld.get("url")) or ex.get("url")
    host = _host(url)
    if host:
        known = rules.outlet_named(host) if hasattr(rules, "outlet_named") else None
        name = known.name if known else host
        article.outlet = Extracted(name, "inferred", _evidence(text, url), "html:canonical-domain")


# -- body, comments, captions ---------------------------------------------------------------

def _body(article: ParsedArticle, blocks: list[dict], locator) -> None:
    pieces: list[str] = []
    links: list[Link] = []
    length = 0
    first = last = None
    title = article.title.value
    for index, block in enumerate(blocks):
        if index == 0 and block["kind"] == "head" and title and block["text"] == title:
            continue      # the headline, already the title
        prefix = "• " if block["kind"] == "item" else ""
        if pieces:
            gap = "\n" if block["kind"] == "item" and blocks[index - 1]["kind"] == "item" else "\n\n"
            pieces.append(gap)
            length += len(gap)
        span = locator.find(block["text"])
        if span:
            article.regions.append(Region("body", span))
            first = first or span
            last = span
        start = length + len(prefix)
        for s, e, link_text, target in block["links"]:
            link_span = None
            links.append(Link(link_text, target, start + s, start + e, link_span))
        pieces.append(prefix + block["text"])
        length += len(prefix) + len(block["text"])
    article.body = "".join(pieces)
    article.links = links
    if first and last:
        article.body_span = Span(first.start, max(first.end, last.end))


def _comments(article: ParsedArticle, comments: list[str], locator) -> None:
    for index, comment in enumerate(comments):
        span = locator.find(comment)
        article.comments.append(Comment(index, None, 0, comment, span))
        if span:
            article.regions.append(Region("comments", span))


def _captions(article: ParsedArticle, tree, locator) -> None:
    from ..model import Caption
    for el in tree.iter("figcaption"):
        caption = " ".join((el.text_content() or "").split())
        if caption and caption not in article.body:
            span = locator.find(caption, anywhere=True)
            article.captions.append(Caption(caption, span))
            if span:
                article.regions.append(Region("caption", span))


def _text_rules(article: ParsedArticle, meta: dict, text: str, locator, tree) -> None:
    """Rights and provenance notes by the text parser's rules, on the page's footer and body."""
    footer_lines = []
    for el in list(tree.iter("footer")) + [e for e in tree.iter() if isinstance(e.tag, str)
                                            and "copyright" in (e.get("class") or "").lower()]:
        for line in _block_text(el).splitlines():
            line = " ".join(line.split())
            if line and line not in footer_lines and len(line) < 600:
                footer_lines.append(line)
    # the head, the end of the body (where "first published in" notes stand) and the footer:
    # the text rules need no more, and the whole body would cost as much as the extraction
    tail = article.body.split("\n\n")[-3:] if article.body else ["."]
    rendition = "\n\n".join(([article.title.value] if article.title.value else []) + tail
                            + footer_lines[:40])
    try:
        parsed = parse_article(rendition)
    except Exception:  # noqa: BLE001 - the text rules are a bonus for a web page: never a reason to fail it
        return
    for statement in parsed.rights:
        statement.span = locator.find(statement.text, anywhere=True)
        article.rights.append(statement)
        if statement.span:
            article.regions.append(Region("rights", statement.span))
    for hop in parsed.republications:
        hop.span = locator.find(hop.evidence, anywhere=True) if hop.evidence else None
        article.republications.append(hop)
    article.contacts = parsed.contacts
    if article.outlet.status == "missing" and parsed.outlet.value:
        article.outlet = Extracted(parsed.outlet.value, parsed.outlet.status, None, parsed.outlet.method)


_BLOCK_TAGS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section", "ul", "ol",
               "table", "tr", "footer", "header", "address", "blockquote", "dd", "dt"}


def _block_text(el) -> str:
    """An element's text with a line break at every block (footer paragraphs stay apart)."""
    parts: list[str] = []

    def walk(node, depth=0):
        if depth > 60 or not isinstance(node.tag, str):
            return
        if node.tag in _BLOCK_TAGS:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child, depth + 1)
            parts.append(child.tail or "")
        if node.tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(el)
    return "".join(parts)


def _originally(article: ParsedArticle, blocks: list[dict]) -> None:
    """An explicit "originally published at <link>" in the page: a chain hop with the link's URL."""
    if any(h.method == "html:originally-published-link" for h in article.republications):
        return
    for block in blocks:
        if not _ORIGINALLY.search(block["text"]) or not block["links"]:
            continue
        _s, _e, link_text, target = block["links"][-1]
        if not target or not target.startswith(("http://", "https://")):
            continue
        outlet = link_text if link_text and not link_text.startswith("http") and len(link_text) < 80 \
            else _host(target)
        known = [h for h in article.republications if h.from_outlet and outlet
                 and normalise_name(h.from_outlet) == normalise_name(outlet)]
        for hop in known:
            hop.url = hop.url or target
        if not known:
            article.republications.insert(0, Republication(
                from_outlet=outlet, relation="first_published", is_original=True,
                evidence=block["text"], method="html:originally-published-link", url=target))
        return


def _review(article: ParsedArticle) -> None:
    """The same needs-review flags as the text parser's (``title``, ``authors``, ``outlet``, ``date``)."""
    review = article.needs_review
    if article.title.status == "missing":
        review.append("title")
        words = article.body.split()
        stand_in = " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else "Untitled"
        article.title = Extracted(stand_in, "provisional", None, "generic:provisional-title")
    for name in ("authors", "outlet", "date"):
        if getattr(article, name).status == "missing":
            review.append(name)
