"""Put the pieces together: one decoded text in, one ``ParsedArticle`` out.

Why this order: site furniture is set aside first (it may sit anywhere), then the head is read
from the top, the comment thread and the footer from the bottom; what remains between them is
the body. Every value keeps the Span it was read from; what the text does not say stays
missing and is listed in ``needs_review``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .body import build_body
from .captions import caption_kind, is_truncated
from .comments import read_thread, thread_start, thread_stop
from .footnotes import find_markers, listing_entries
from .header import Header, read_header
from .language import detect_language
from .lines import Line, split_lines
from .markup import strip_markup
from .model import Caption, Extracted, ParsedArticle, Region, Republication, Span
from .overrides import (
    RegionOverride,
    clip_marks,
    forced_lines,
    settle_body,
    settle_captions,
    settle_footer,
    settle_site,
    settle_thread,
)
from .provenance import match_provenance, read_chain
from .rights import read_rights
from .rules import Rules, load_rules, normalise_name
from .tail import is_footer_line, read_tail
from .wire import read_wire


def parse_article(text: str, rules: Rules | None = None,
                  overrides: Sequence[RegionOverride] = ()) -> ParsedArticle:
    """Read one article; ``rules`` defaults to the shipped data files (loaded once).

    ``overrides`` are the user's corrections of the split (see ``overrides.py``): they win
    over every heuristic, line by line."""
    rules = rules or load_rules()
    lines = split_lines(text)
    forced = forced_lines(lines, overrides)
    site = _site_lines(lines, rules)
    settle_site(site, forced)
    head = read_header(text, lines, site, rules)
    early = [i for i in _early_provenance(lines, head, site, rules) if i not in forced]
    comments_at, thread_end = settle_thread(*_thread(lines, head.body_start, site, rules), forced)
    stop = comments_at if comments_at is not None else len(lines)
    tail = read_tail(text, lines, head.body_start, stop, site, rules)
    tail.footer += _after_thread(text, lines, thread_end, site, rules)
    site.update(tail.furniture)
    settle_site(site, forced)
    _settle_tail(tail, forced)
    article = ParsedArticle(span=Span(0, len(text)))
    body_indices = settle_body([i for i in range(head.body_start, tail.body_end) if i not in site],
                               forced)
    captions = settle_captions(_captions(lines, body_indices, rules) | set(head.captions), forced)
    _settle_head(head, lines, forced)
    body = build_body(text, lines, body_indices, captions)
    article.body, article.body_span, article.links = body.text, body.span, body.links
    article.footnote_markers = find_markers(body.text, body.source_offset)
    article.footnote_entries = listing_entries(lines, tail.footnotes)
    article.captions = _caption_list(lines, sorted(captions), body.caption_offsets, rules)
    _head_values(article, head, rules)
    footer = early + tail.footer
    article.republications = read_chain(text, lines, footer, rules, head.source_dates,
                                        article.outlet.value)
    _wire(article, read_wire(lines, body_indices, rules, lambda: head.languages))
    article.rights, article.contacts = read_rights(text, lines, tail.footer, rules, detect_language)
    if comments_at is not None:
        skipped = site | {i for i, kind in forced.items() if kind != "comments"}
        article.comments = read_thread(text, lines, comments_at, thread_end, skipped)
    _signature(article, tail.signature)
    _languages(article, head, text, lines, site, tail.footer)
    _outlet_from_footer(article, rules)
    thread = (comments_at, thread_end) if comments_at is not None else None
    article.regions = _regions(text, lines, site, head, tail, body_indices, captions, early, thread,
                               [r.span for r in article.rights if r.span], forced)
    _review(article, head)
    return article


def _wire(article: ParsedArticle, wire) -> None:
    """A wire dateline: the place, the agency, the date when the head gave none, and the
    agency as the original of the chain (the hops read off the footer come before it)."""
    if wire is None:
        return
    article.dateline_place = Extracted(wire.place, "printed", Span(wire.place_start, wire.place_end),
                                       "generic:wire-dateline")
    article.wire_agency = Extracted(wire.agency, "printed", Span(wire.agency_start, wire.agency_end),
                                    "generic:wire-dateline")
    if article.date.status == "missing" and wire.date is not None and article.date_as_printed is None:
        article.date = Extracted(wire.date.iso, "printed", Span(wire.date.start, wire.date.end),
                                 "generic:wire-dateline")
        article.date_as_printed, article.date_precision = wire.date.as_printed, wire.date.precision
    agency = normalise_name(wire.agency)
    for hop in article.republications:
        if normalise_name(hop.from_outlet or "") == agency and hop.relation == "source":
            # "المصدر: سانا" under "دمشق - سانا": the source credited is the agency that filed it
            hop.relation = "wire"
            hop.method = f"{hop.method}+generic:wire-dateline"
    known = {normalise_name(hop.from_outlet or "") for hop in article.republications}
    if normalise_name(wire.agency) in known or normalise_name(wire.agency) == normalise_name(article.outlet.value or ""):
        return
    for hop in article.republications:
        hop.is_original = False
    article.republications.append(Republication(
        from_outlet=wire.agency, relation="wire", is_original=True,
        from_date=wire.date.iso if wire.date else None,
        from_date_as_printed=wire.date.as_printed if wire.date else None,
        evidence=wire.evidence, span=Span(wire.start, wire.end), method="generic:wire-dateline",
        hop=len(article.republications) + 1))


def _settle_tail(tail, forced: dict[int, str]) -> None:
    """The footer, footnotes and signature after the user's corrections."""
    tail.footer = settle_footer(tail.footer, forced)
    tail.footnotes = [i for i in tail.footnotes if i not in forced]
    if tail.signature is not None and tail.signature.index in forced:
        tail.signature = None


def _settle_head(head: Header, lines: list[Line], forced: dict[int, str]) -> None:
    """A standfirst or head caption the user said is something else is not one any more."""
    head.captions = [i for i in head.captions if i not in forced]
    if head.standfirst and any(lines[i].start < head.standfirst.end and head.standfirst.start < lines[i].end
                               for i in forced):
        head.standfirst, head.standfirst_links = None, []


def _thread(lines: list[Line], after: int, site: set[int], rules: Rules) -> tuple[int | None, int]:
    """The reader-comment thread: an indented list the article's prose does not continue after
    (an indented list inside the article is followed by more article text)."""
    is_footer = lambda text: is_footer_line(strip_markup(text), rules)  # noqa: E731
    start = thread_start(lines, after)
    while start is not None:
        end = thread_stop(lines, start, site, is_footer)
        if not _prose_between(lines, end, site, is_footer):
            return start, end
        start = thread_start(lines, end)
    return None, len(lines)


def _prose_between(lines: list[Line], start: int, site: set[int], is_footer) -> bool:
    """Is there a paragraph of article prose after ``start``, before any footer line?"""
    for line in lines[start:]:
        if line.index in site:
            continue
        if is_footer(line.text):
            return False
        if len(line.text) > 120 and line.text.endswith((".", "?", "!", "»", "”", '"')):
            return True
    return False


def _after_thread(text: str, lines: list[Line], start: int, site: set[int], rules: Rules) -> list[int]:
    """Footer lines printed below the comment thread; anything else there is site furniture."""
    if start >= len(lines):
        return []
    after = read_tail(text, lines, start, len(lines), site, rules)
    classified = set(after.footer) | set(after.furniture)
    site.update(i for i in range(start, len(lines)) if i not in classified)
    site.update(after.furniture)
    return after.footer


def _site_lines(lines: list[Line], rules: Rules) -> set[int]:
    site = set()
    longest = rules.longest_site_line
    for line in lines:
        if len(line.text) > longest:
            continue
        if rules.remembered("site", line.text, lambda text: _is_site_text(text, rules)):
            site.add(line.index)
    site.update(_leading_menu(lines, site, rules))
    return site


def _leading_menu(lines: list[Line], site: set[int], rules: Rules) -> list[int]:
    """A first paragraph of several one-to-three-word lines ("Home / About / Contact Us") is
    the site's menu, not a title."""
    first = [line for line in lines if line.block == lines[0].block] if lines else []
    if len(first) < 2 or len(first) == len(lines):
        return []
    for line in first:
        if line.index in site:
            continue
        words = line.text.split()
        if len(words) > rules.menu_max_words or line.text.endswith((".", ":", "?", "!", ",")):
            return []
    return [line.index for line in first]


def _is_site_text(text: str, rules: Rules) -> bool:
    folded = " ".join(text.replace("\u00a0", " ").split()).casefold()
    return (folded in rules.site_lines or rules.site_patterns.match(text) is not None
            or rules.head.breadcrumb.match(text) is not None)


def _early_provenance(lines: list[Line], head: Header, site: set[int], rules: Rules) -> list[int]:
    """"Originally published at X on <date>" just under the head belongs to the footer's kind."""
    found = []
    while head.body_start < len(lines):
        line = lines[head.body_start]
        if head.body_start in site:
            head.body_start += 1
            continue
        if len(line.text) > 400 or match_provenance(strip_markup(line.text), rules) is None:
            break
        found.append(head.body_start)
        head.body_start += 1
    return found


def _captions(lines: list[Line], indices: list[int], rules: Rules) -> set[int]:
    captions = set()
    for position, index in enumerate(indices):
        line = lines[index]
        alone = (position == 0 or lines[indices[position - 1]].block != line.block) and (
            position + 1 == len(indices) or lines[indices[position + 1]].block != line.block)
        if not alone or len(line.text) > 300:
            continue
        repeated = position + 1 < len(indices) and lines[indices[position + 1]].text == line.text
        if repeated or caption_kind(strip_markup(line.text), rules) is not None:
            captions.add(index)
    return captions


def _caption_list(lines: list[Line], indices: list[int], offsets: dict[int, int],
                  rules: Rules) -> list[Caption]:
    captions: list[Caption] = []
    for index in indices:
        line = lines[index]
        plain = strip_markup(line.text)
        if captions and captions[-1].text == plain:
            continue
        captions.append(Caption(plain, Span(line.start, line.end), is_truncated(plain, rules),
                                offsets.get(index)))
    return captions


def _head_values(article: ParsedArticle, head: Header, rules: Rules) -> None:
    if head.title:
        title, method = _unmangled(head.title.value, head.title.method)
        article.title = Extracted(title, "printed", Span(head.title.start, head.title.end), method)
    if head.section:
        article.section = Extracted(head.section.value, "printed",
                                    Span(head.section.start, head.section.end), head.section.method)
    if head.byline:
        span = Span(head.byline.start, head.byline.end)
        article.byline = Extracted(head.byline.value, "printed", span, head.byline.method)
        if head.authors:
            authors = [_unmangled(a, "")[0] for a in head.authors]
            article.authors = Extracted(authors, "printed", span, "generic:byline")
            article.author_roles = {_unmangled(a, "")[0]: role for a, role in head.roles.items()}
    if head.translator_span:           # "Translated by Y", with or without a byline
        start, end = head.translator_span
        for name, role in head.roles.items():
            if role == "translator" and name not in (head.authors or ()):
                article.author_roles.setdefault(name, role)
                article.author_role_spans[name] = Span(start, end)
    if head.date and head.date.iso:
        article.date = Extracted(head.date.iso, "printed", Span(head.date.start, head.date.end),
                                 head.date_method)
        article.date_as_printed = head.date.as_printed
        article.date_precision = head.date.precision
    elif head.date:        # printed, but it reads two ways: kept as printed, never guessed
        article.date_as_printed = head.date.as_printed
        article.needs_review.append("date ambiguous")
    if head.outlet:
        article.outlet = Extracted(head.outlet.value, "printed",
                                   Span(head.outlet.start, head.outlet.end), head.outlet.method)
    if head.place:          # a wire dateline's place, read later, stands before this one
        article.dateline_place = Extracted(head.place.value, "printed",
                                           Span(head.place.start, head.place.end), head.place.method)
    if head.standfirst:
        article.standfirst = head.standfirst.value
        article.links = head.standfirst_links + article.links
    article.site_sections = dict(head.site_sections)


_MOJIBAKE = re.compile("[ÃÂâÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _unmangled(value: str, method: str) -> tuple[str, str]:
    """A value whose UTF-8 was read as Windows-1252 somewhere upstream ("CafÃ©") is repaired
    with ftfy; the source text itself is never touched, and the method says it was repaired."""
    if not _MOJIBAKE.search(value):
        return value, method
    import ftfy

    fixed = ftfy.fix_text(value, uncurl_quotes=False)
    return (fixed, method + "+ftfy") if fixed != value else (value, method)


def _signature(article: ParsedArticle, line: Line | None) -> None:
    if line is None:
        return
    name = strip_markup(line.text).lstrip("—–- ").strip()
    article.signature = Extracted(name, "printed", Span(line.start, line.end), "generic:signature")
    key = normalise_name(name).replace(" ", "").replace(".", "")
    for author in article.authors.value or []:
        if author != name and normalise_name(author).replace(" ", "").replace(".", "") == key:
            article.author_aliases.setdefault(author, []).append(name)


def _languages(article: ParsedArticle, head: Header, text: str, lines: list[Line],
               site: set[int], footer: list[int]) -> None:
    article.body_language = detect_language(article.body)
    words = list(head.site_words)
    words.extend(strip_markup(lines[i].text) for i in footer)
    words.extend(lines[i].text for i in sorted(site))
    site_text = " ".join(words)
    if len(site_text) >= 40:
        article.site_language = detect_language(site_text)


def _outlet_from_footer(article: ParsedArticle, rules: Rules) -> None:
    """A footer clause only one outlet prints names the outlet of this copy (inferred)."""
    if article.outlet.status != "missing":
        return
    for statement in article.rights:
        if statement.method.startswith("outlet:") and statement.span is not None:
            outlet = rules.outlet_named(statement.method.split(":")[1])
            if outlet:
                article.outlet = Extracted(outlet.name, "inferred", statement.span, statement.method)
                return


def _regions(text, lines, site, head, tail, body_indices, captions, early, thread, rights,
             forced=None) -> list[Region]:
    marks: list[tuple[int, int, str]] = [(s, e, k) for k, s, e in head.regions]
    for index in site:
        marks.append((lines[index].start, lines[index].end, "site_text"))
    for index in body_indices:
        kind = "caption" if index in captions else "body"
        marks.append((lines[index].start, lines[index].end, kind))
    for index in head.captions:
        marks.append((lines[index].start, lines[index].end, "caption"))
    for index in tail.footnotes:
        marks.append((lines[index].start, lines[index].end, "footnotes"))
    for index in early + tail.footer:
        line = lines[index]
        in_rights = any(line.start < span.end and span.start < line.end for span in rights)
        marks.append((line.start, line.end, "rights" if in_rights else "footer"))
    if tail.signature is not None:
        marks.append((tail.signature.start, tail.signature.end, "signature"))
    if thread is not None:
        first, stop = thread
        marks.extend((lines[i].start, lines[i].end, "comments") for i in range(first, stop) if i not in site)
    return _merge(text, clip_marks(sorted(marks), lines, forced or {}))


def _merge(text: str, marks: list[tuple[int, int, str]]) -> list[Region]:
    """Stretches of one kind with only blank space between them become one region."""
    runs: list[list] = []
    for start, end, kind in marks:
        if runs and runs[-1][2] == kind and (start <= runs[-1][1] or text[runs[-1][1]:start].isspace()):
            runs[-1][1] = max(end, runs[-1][1])
        else:
            runs.append([start, end, kind])
    return [Region(kind, Span(start, end)) for start, end, kind in runs]


def _review(article: ParsedArticle, head: Header) -> None:
    review = article.needs_review
    if article.title.status == "missing":
        review.append("title")
        article.title = Extracted(_provisional_title(article, head), "provisional", None,
                                  "generic:provisional-title")
    for name in ("authors", "outlet", "date"):
        if getattr(article, name).status == "missing":
            review.append(name)
    originals = [hop for hop in article.republications if hop.is_original]
    if originals and originals[0].from_date is None:
        review.append("original date")
    if any(c.truncated for c in article.captions):
        review.append("caption truncated")
    if article.footnote_markers and not any(e.resolved for e in article.footnote_entries):
        review.append("footnotes unresolved")


def _provisional_title(article: ParsedArticle, head: Header) -> str:
    words = article.body.split()
    if words:
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    if head.section:
        return f"Untitled — {head.section.value}"
    return "Untitled"
