"""Read the head of an article: title, section, byline, dateline, site sections, standfirst.

Why a walk over the first lines rather than one big pattern: scraped heads come in many orders
("# Title / Par X / Outlet, date", "In Section / By X, date", "Title / by X on date 1 Comment")
and each line is recognised on its own, so a new layout needs a rule, not a rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from .captions import caption_kind
from .dates import FoundDate, find_date
from .head_line import read_head_line, read_translators
from .language import detect_language
from .lines import Line
from .markup import resolve, strip_markup
from .model import Link, Span
from .rules import Rules

_MAX_HEAD_LINES = 14
_LONGEST_HEAD_LINE = 1000    # a longer line is prose: stop before reading it closely
_LABEL_LINE = re.compile(r"^(?P<label>[^\W\d_][\w'’-]{0,20}(?: [\w'’-]+){0,2})\s?:\s?(?P<value>\S.{0,120})$")
_STANDFIRST = re.compile(r"^\*(?!\*)(?P<inner>\S.*\S)\*$")
_NAME_SEPARATORS = re.compile(r",|\s[|·•]\s")
_DETERMINERS = ("le ", "la ", "les ", "l'", "the ", "el ", "der ", "die ", "das ", "il ")
#: a byline's names never start with these (lower case as printed): "By the end of 2016, …"
_SENTENCE_WORDS = frozenset({"the", "a", "an", "and", "this", "that", "then", "now", "le", "la", "les",
                             "der", "die", "das", "el", "los", "las", "il", "lo", "o", "os", "as"})
_NUMERIC_DATE = re.compile(r"\d[./-]\d{1,2}[./-]\d{4}")


@dataclass
class Found:
    value: str
    start: int
    end: int
    method: str
    status: str = "printed"


@dataclass
class Header:
    body_start: int = 0                      # index of the first body line
    title: Found | None = None
    section: Found | None = None
    byline: Found | None = None
    authors: list[str] = field(default_factory=list)
    date: FoundDate | None = None
    date_method: str = ""
    outlet: Found | None = None
    place: Found | None = None               # "By X in Beirut": the byline's place
    translator_span: tuple[int, int] | None = None   # "Translated by Y": the line it stands on
    source_dates: dict[str, FoundDate] = field(default_factory=dict)   # name -> date printed by it
    site_sections: dict[str, str] = field(default_factory=dict)
    standfirst: Found | None = None
    captions: list[int] = field(default_factory=list)
    regions: list[tuple[str, int, int]] = field(default_factory=list)
    site_words: list[str] = field(default_factory=list)
    byline_language: str | None = None
    standfirst_links: list[Link] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    text: str = field(default="", repr=False)
    _languages: tuple[str, ...] | None = field(default=None, repr=False)
    _language_known: bool = field(default=False, repr=False)

    @property
    def languages(self) -> tuple[str, ...] | None:
        """The page's language, which orders its numeric dates ("05/04/2016"); worked out only
        when a line needs it (the byline's opener says it first)."""
        if self.byline_language:
            return (self.byline_language,)
        if not self._language_known:
            language = detect_language(self.text)
            self._languages, self._language_known = ((language,) if language else None), True
        return self._languages

    def languages_for(self, line: str) -> tuple[str, ...] | None:
        return self.languages if _NUMERIC_DATE.search(line) else None


def read_header(text: str, lines: list[Line], site: AbstractSet[int], rules: Rules) -> Header:
    """Walk the first lines until one reads as article text; that one starts the body."""
    head = Header()
    head.text = text
    seen = 0
    for line in lines:
        if line.index in site:
            continue
        seen += 1
        if seen > _MAX_HEAD_LINES or not _head_line(text, line, lines, head, rules, site):
            head.body_start = line.index
            return head
    head.body_start = len(lines)
    return head


def _head_line(text: str, line: Line, lines: list[Line], head: Header, rules: Rules,
               site: AbstractSet[int] = frozenset()) -> bool:
    """Record ``line`` if it belongs to the head; False when it is the body's first line."""
    if len(line.text) > _LONGEST_HEAD_LINE:
        return False
    plain = strip_markup(line.text)
    if head.title is None and head.byline is None and plain.startswith("# "):
        return _set(head, "title", Found(plain[2:].strip(), line.start + 2, line.end, "generic:title-heading"))
    if head.title is not None and _translator_line(line, plain, head, rules):
        return True
    if _general_line(text, line, lines, site, head, rules):
        return True
    if head.byline is None and _byline(text, line, head, rules):
        return True
    if head.section is None and head.byline is None and _section(line, lines, head, rules):
        return True
    if head.outlet is None and _dateline(line, plain, head, rules):
        return True
    if _dated_line(line, plain, head, rules):
        return True
    if head.byline is not None and _source_dated(line, plain, head):
        return True
    if _site_section(line, head, rules):
        return True
    if caption_kind(plain, rules) is not None:
        head.captions.append(line.index)
        return True
    if head.standfirst is None and head.title is not None and _standfirst(text, line, head):
        return True
    if head.title is None and head.byline is None and _title_like(plain) and (
            head.section is None or head.section.method == "generic:section-date-line"):
        return _set(head, "title", Found(line.text, line.start, line.end, "generic:title-first-line"))
    return False


def _general_line(text: str, line: Line, lines: list[Line], site: AbstractSet[int], head: Header,
                  rules: Rules) -> bool:
    """A byline and/or dateline in any order and language (see ``head_line.py``)."""
    if head.byline is not None and head.date is not None:
        return False
    if not _could_be_head_line(line.text, head, rules):
        return False
    found = read_head_line(text, line.start, line.end, rules, head.languages_for(line.text))
    if found is None:
        return False
    takes_byline = bool(found.authors) and head.byline is None
    if found.authors and not takes_byline and (found.prefix is None or found.date is None
                                               or head.date is not None):
        return False      # "Global Research, March 28, 2016" under a byline: the outlet's dateline
    if takes_byline and found.prefix is None and any(rules.outlet_named(a) for a in found.authors):
        return False
    if takes_byline and found.prefix is None and head.title is None and found.date is not None \
            and not found.roles and len(found.authors) == 1 and head.section is None:
        return _section_date(text, line, found, head)    # "Analysis | 14 December 2016" above the title
    if takes_byline and found.prefix is None:
        # names with no opener: only right under a title, and only with a role or a date beside
        # them or on the next head line ("Hassan Idris / Follow / 7 min read · Jan 21, 2019")
        if head.title is None or not (found.roles or found.date or _date_follows(text, lines, line, site, rules, head)):
            return False
    if found.date is not None and head.date is None:
        head.date, head.date_method = found.date, "generic:head-line-date"
    if takes_byline:
        head.authors = found.authors
        head.roles = {**found.roles, **{n: r for n, r in head.roles.items() if n not in found.roles}}
        if found.prefix:
            head.site_words.append(found.prefix)
            head.byline_language = found.language
        _set(head, "byline", Found(text[line.start:found.byline_end].rstrip(), line.start,
                                   found.byline_end, "generic:head-line-byline"))
        if found.outlet and head.outlet is None:
            name, start, end = found.outlet
            head.outlet = Found(name, start, end, "generic:byline-outlet")
        if found.place and head.place is None:
            name, start, end = found.place
            head.place = Found(name, start, end, "generic:byline-place")
    else:
        head.regions.append(("dateline", line.start, line.end))
    head.regions.extend(("site_text", start, end) for start, end in found.site)
    return True


_DIGIT = re.compile(r"\d")


def _translator_line(line: Line, plain: str, head: Header, rules: Rules) -> bool:
    """"Translated from the French by Ann Lee" in the head: a role, not an author."""
    if not plain[:1].isalpha():
        return False
    names = read_translators(plain, rules)
    if not names:
        return False
    for name in names:
        head.roles.setdefault(name, "translator")
    head.translator_span = (line.start, line.end)
    head.regions.append(("byline", line.start, line.end))
    return True


def _section_date(text: str, line: Line, found, head: Header) -> bool:
    """A site's section and the date, printed above the title: the date, and the section."""
    name = found.authors[0]
    at = text.find(name, line.start, line.end)
    head.date, head.date_method = found.date, "generic:section-date-line"
    head.section = Found(name, at, at + len(name), "generic:section-date-line")
    head.regions.append(("header", line.start, line.end))
    return True


def _could_be_head_line(text: str, head: Header, rules: Rules) -> bool:
    """Cheap test before reading the line part by part: with no digit (no date) and no byline
    opener, only bare names under a title can make a byline."""
    if _DIGIT.search(text) or rules.byline_re.match(text):
        return True
    return head.title is not None and head.byline is None and len(text) <= 160


def _date_follows(text: str, lines: list[Line], line: Line, site: AbstractSet[int], rules: Rules,
                  head: Header) -> bool:
    for following in lines[line.index + 1:line.index + 4]:
        if following.index in site:
            continue
        after = read_head_line(text, following.start, following.end, rules,
                               head.languages_for(following.text))
        return after is not None and after.date is not None and not after.authors
    return False


def _set(head: Header, name: str, found: Found, region: str | None = None) -> bool:
    setattr(head, name, found)
    head.regions.append((region or name, found.start, found.end))
    return True


def _title_like(plain: str) -> bool:
    words = plain.split()
    return 0 < len(words) <= 30 and len(plain) <= 300 and not plain.endswith((".", ":", ";", ","))


def _section(line: Line, lines: list[Line], head: Header, rules: Rules) -> bool:
    if len(line.text) > 80:
        return False
    match = rules.section_line.match(strip_markup(line.text))
    if not match or line.index + 1 >= len(lines):
        return False
    following = lines[line.index + 1].text
    if not (rules.byline_re.match(following) or find_date(following)):
        return False
    head.site_words.append(line.text.split()[0])
    value = match.group("section").strip()
    start = line.start + line.text.rfind(value) if value in line.text else line.start
    return _set(head, "section", Found(value, start, start + len(value), "generic:section-line"), "header")


def _byline(text: str, line: Line, head: Header, rules: Rules) -> bool:
    match = rules.byline_re.match(line.text)
    if not match or len(line.text) > 250:
        return False
    end = line.end
    counter = rules.counter_suffix.search(line.text)
    if counter:
        end = line.start + counter.start()
    rest_start = line.start + match.start("rest")
    language = rules.byline_prefixes.get(match.group("prefix"))
    date = find_date(text, rest_start, end, (language,) if language else None)
    names_end = date.start if date else end
    names = strip_markup(text[rest_start:names_end]).strip(" ,;|-—·")
    names = re.sub(r"\s+(?:on|le|am|el|the)$", "", names).strip(" ,")
    authors, outlet = _split_names(names, rules, has_date=date is not None)
    if not authors or len(names) > 120 or any(len(a.split()) > 6 for a in authors):
        return False     # "By the end of 2016, the army…" opens a sentence, not a byline
    if any(a.split()[0] in _SENTENCE_WORDS for a in authors):
        return False
    if counter:
        head.regions.append(("site_text", line.start + counter.start("counter"), line.end))
    if date:
        head.date, head.date_method = date, "generic:byline-date"
    if outlet and head.outlet is None:
        pos = text.find(outlet, rest_start, names_end)
        head.outlet = Found(rules.canonical_outlet(outlet), max(pos, rest_start),
                            max(pos, rest_start) + len(outlet), "generic:byline-outlet")
    head.authors = authors
    head.site_words.append(match.group("prefix"))
    head.byline_language = rules.byline_prefixes.get(match.group("prefix"))
    return _set(head, "byline", Found(text[line.start:end].rstrip(), line.start, end, "generic:byline"))


def _split_names(names: str, rules: Rules, has_date: bool) -> tuple[list[str], str | None]:
    """Authors, and the outlet when the byline names one ("Par X, Le Monde, 3 avril 2017")."""
    parts = [p.strip() for p in _NAME_SEPARATORS.split(names) if p.strip()]
    outlet = None
    if len(parts) >= 2 and has_date:
        last = parts[-1]
        if rules.outlet_named(last) or last.casefold().startswith(_DETERMINERS) or "." in last:
            outlet = parts.pop()
    authors: list[str] = []
    for part in parts:
        authors.extend(a.strip() for a in re.split(r"\s+(?:and|et|und|y|&)\s+", part) if a.strip())
    return authors, outlet


def _dateline(line: Line, plain: str, head: Header, rules: Rules) -> bool:
    """"Mondialisation.ca, 31 mars 2016": the outlet of this copy and its date."""
    if "," not in plain or len(plain) > 120:
        return False
    name, _, rest = plain.partition(",")
    date = find_date(rest)
    if not date or rest[date.end:].strip() or rest[:date.start].strip():
        return False
    if len(name.split()) > 6 or not name[:1].isupper():
        return False
    outlet = rules.outlet_named(name)
    head.outlet = Found(outlet.name if outlet else name.strip(), line.start, line.start + len(name),
                        f"outlet:{outlet.id}:dateline" if outlet else "generic:dateline")
    if head.date is None:
        offset = line.text.rfind(date.as_printed)
        head.date = FoundDate(date.iso, date.as_printed, line.start + offset,
                              line.start + offset + len(date.as_printed))
        head.date_method = "generic:dateline"
    head.regions.append(("dateline", line.start, line.end))
    return True


def _dated_line(line: Line, plain: str, head: Header, rules: Rules) -> bool:
    """"March 3, 2017" or "Posted on March 3, 2017 by admin": the date, maybe the author."""
    if len(plain) > 120:
        return False
    prefix = rules.dated_line_prefix.match(plain)
    rest_at = prefix.end() if prefix else 0
    date = find_date(plain, rest_at)
    if date is None or plain[rest_at:date.start].strip():
        return False
    after = rules.dated_line_author.match(plain[date.end:])
    if after is None or (head.date is not None and not (prefix and prefix.group(0))):
        return False
    if head.date is not None:          # "Mis à jour le …" under "Publié le …": keep the first
        head.regions.append(("dateline", line.start, line.end))
        return True
    offset = line.start + line.text.find(date.as_printed) if date.as_printed in line.text else line.start
    head.date = FoundDate(date.iso, date.as_printed, offset, offset + len(date.as_printed))
    head.date_method = "generic:dated-line"
    author = after.group("author")
    if author and head.byline is None:
        head.authors = [author.strip(" .")]
        head.regions.append(("byline", line.start, line.end))
        head.byline = Found(line.text, line.start, line.end, "generic:dated-line-byline")
    else:
        head.regions.append(("dateline", line.start, line.end))
    return True


def _source_dated(line: Line, plain: str, head: Header) -> bool:
    """"[Moon of Alabama](#) 28 mars 2016" under the byline: the source and the date it printed."""
    if len(plain) > 120 or not plain.rstrip()[-1:].isdigit():
        return False         # it must end with the date, and every date ends with a digit here
    date = find_date(plain)
    if not date or plain[date.end:].strip() or len(plain) > 120:
        return False
    name = plain[:date.start].strip(" ,-—|")
    if not name or len(name.split()) > 8:
        return False
    head.source_dates[name] = date
    head.regions.append(("dateline", line.start, line.end))
    return True


def _site_section(line: Line, head: Header, rules: Rules) -> bool:
    """"Région : [Middle East & North Africa](#)": a site's own filing label and value."""
    colon = line.text.find(":")
    # the label has no colon and the value is at most 121 characters: a longer tail after the
    # first colon cannot match, so the (backtracking) pattern is not tried on it
    match = _LABEL_LINE.match(line.text) if colon >= 0 and len(line.text) - colon <= 123 else None
    if not match:
        return False
    label = match.group("label").strip()
    value_raw = match.group("value").strip()
    is_link = value_raw.startswith("[") and value_raw.endswith(")")
    if label.casefold() not in rules.section_labels and not is_link:
        return False
    head.site_sections[label] = strip_markup(value_raw).strip()
    head.site_words.append(label)
    head.regions.append(("header", line.start, line.end))
    return True


def _standfirst(text: str, line: Line, head: Header) -> bool:
    match = _STANDFIRST.match(line.text)
    if not match or len(match.group("inner")) < 40:
        return False
    resolved = resolve(text, line.start + 1, line.end - 1)
    head.standfirst_links = [Link(link.text, link.target, link.start, link.end,
                                  Span(link.source_start, link.source_end), where="standfirst")
                             for link in resolved.links]
    return _set(head, "standfirst", Found(resolved.text, line.start, line.end, "generic:standfirst-italic"))
