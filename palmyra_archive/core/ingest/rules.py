"""Load the data files that hold every phrase the parser looks for, once per process.

Why data files: outlets change their furniture and new outlets appear; adding one must be a
new JSON file under ``resources/outlets/`` (names, aliases, footer and reprint clauses), never
a code change. Generic rules under ``resources/rules/`` handle outlets nobody has described; each language's
phrasings (months and date order, byline openers, role words, source lines, reprint notices,
comment stamps, site furniture) are one file under ``resources/rules/lang/``, so a new language
is a new file there, and news agencies with their dateline shapes are ``resources/rules/wire.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re import _constants as _sre_constants  # type: ignore[attr-defined]  # the regex parser
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import TypeVar, cast

from ..store.paths import resources_dir
from .model import RightsKind

_T = TypeVar("_T")
_MEMO_LIMIT = 20_000
_MEMO_LONGEST_LINE = 1_200


@dataclass(frozen=True)
class RightsRule:
    kind: RightsKind                 # a data file's "kind" (one of model.RightsKind)
    method: str
    opens: re.Pattern | None
    contains: re.Pattern | None
    language: str | None = None
    continues_with: re.Pattern | None = None
    requires: tuple[str, ...] = ()
    allowed_for: str | None = None
    otherwise: str | None = None
    contact_default: str | None = None
    #: words one of which a line must hold (case folded) before ``contains`` is searched: an
    #: unanchored pattern costs a scan of every prose line at the article's end
    needs: tuple[str, ...] = ()
    anchored: bool = False               # every branch of ``opens`` starts with "^"

    def may_contain(self, folded: str) -> bool:
        return not self.needs or any(word in folded for word in self.needs)

    def opens_in(self, plain: str) -> re.Match | None:
        """``opens`` searched in ``plain``; a pattern anchored at the start is matched there
        (``search`` of an anchored pattern still walks the whole line for some scripts)."""
        if self.opens is None:
            return None
        return self.opens.match(plain) if self.anchored else self.opens.search(plain)


@dataclass(frozen=True)
class ProvenanceRule:
    method: str
    relation: str
    language: str
    distance: int
    pattern: re.Pattern


@dataclass(frozen=True)
class HeadRules:
    """What the head of an article is made of, in every language the data files describe."""

    date_prefix: re.Pattern          # "Published on", "Publié le", "Veröffentlicht am" …
    time_tail: re.Pattern            # ", at 9:15 am", "à 18 h 20", "a las 18:20"
    date_joiner: re.Pattern          # "X on DATE", "X le DATE", "X am DATE" …
    author_joiner: re.Pattern        # " and ", " et ", " und ", " и " …
    role_word: re.Pattern            # correspondent, envoyé spécial, Korrespondent, مراسل …
    segment_site: re.Pattern         # "5 min read", "12 comments" inside a head line
    breadcrumb: re.Pattern           # "Home » Analysis » Middle East"
    prefix_language: dict[str, str]
    translator_line: re.Pattern      # "Translated from the French by X", "Traduit par X", "Перевод: X"
    # the same words as sets, for word-by-word tests (an unanchored alternation of a hundred
    # words costs ~50 µs a line; a set lookup per word costs nothing)
    role_words: frozenset[str] = frozenset()
    author_joiners: frozenset[str] = frozenset()
    date_joiners: frozenset[str] = frozenset()
    place_joiners: frozenset[str] = frozenset()   # "By X in Beirut", "Par X à Damas"
    prefix_starts: frozenset[str] = frozenset()   # first words of date prefixes and weekdays


@dataclass(frozen=True)
class WireRules:
    agencies: dict[str, str]         # alias as printed -> agency name
    patterns: tuple[re.Pattern, ...]
    named: re.Pattern | None = None  # any alias, searched: does a line name an agency at all


@dataclass(frozen=True)
class CommentRules:
    says: re.Pattern                 # "Name says:", "Name dit :", "Name dice:"
    reply: re.Pattern                # "Reply", "Répondre", "Antworten"
    ago: re.Pattern                  # "3 hours ago", "il y a 2 jours", "vor 3 Stunden"
    time_tail: re.Pattern
    #: last words of the "says" phrases: ``says`` only runs on a line ending with one (or ":")
    says_last_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CaptionRules:
    """The cues of ``resources/rules/captions.json`` (see ingest/captions.py)."""

    max_words: int                   # a caption is at most this many words
    prefix: re.Pattern               # "PHOTO:", "Map showing" … at the line's start
    contains: re.Pattern             # a credit anywhere in the line ("(Reuters)", "© AFP")
    fragment: re.Pattern             # a label-like line that is not a sentence
    truncated_end: re.Pattern        # a caption cut off in the source ("… (image from")


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    aliases: tuple[str, ...]
    language: str | None


@dataclass
class Rules:
    outlets: dict[str, Outlet]                 # normalised name/alias/domain -> outlet
    site_lines: frozenset[str]
    site_patterns: re.Pattern
    counter_suffix: re.Pattern
    byline_prefixes: dict[str, str]            # prefix -> language
    byline_re: re.Pattern
    section_line: re.Pattern
    section_labels: frozenset[str]
    signature_max_words: int
    provenance: tuple[ProvenanceRule, ...]
    rights: tuple[RightsRule, ...]             # outlet rules first, then generic ones
    requirement_cues: tuple[tuple[re.Pattern, str], ...]
    audience_cues: tuple[tuple[re.Pattern, str], ...]
    otherwise_opens: re.Pattern
    otherwise_media: tuple[tuple[re.Pattern, str], ...]
    contact_line: re.Pattern
    footer_words: re.Pattern
    caption: CaptionRules
    dated_line_prefix: re.Pattern
    dated_line_author: re.Pattern
    menu_max_words: int
    head: HeadRules
    comment_words: CommentRules
    months: dict[str, int] = field(default_factory=dict)
    longest_site_line: int = 200
    #: language -> date orders its numeric dates may use ("DMY"; English: "MDY" or "DMY")
    date_orders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: month names of more than one word ("كانون الأول"), for the date pattern
    multiword_months: tuple[str, ...] = ()
    wire: WireRules | None = None
    #: Creative Commons licence elements as printed in any language -> by / nc / nd / sa
    cc_elements: tuple[tuple[re.Pattern, str], ...] = ()
    #: every rights rule's ``opens`` in one pattern, matched where a sentence starts: one
    #: match says whether any rule opens there (a search with it would be slower than the loop)
    opens_any: re.Pattern | None = None        # lines longer than any furniture are never compared
    #: the same, split by how each rule is tried on a whole line (matched at its start, or
    #: searched): one test says whether any rule's opener is there, before the rules one by one
    opens_anchored_any: re.Pattern | None = None
    opens_search_any: re.Pattern | None = None
    #: every provenance rule's pattern in one (named groups made plain): no match, no rule
    provenance_any: re.Pattern | None = None
    #: the rights rules that recognise a statement inside a line (``contains``), in order: the
    #: only ones to try where no rule's opener is there
    rights_containing: tuple[RightsRule, ...] = ()
    #: answers already computed for a line (articles of one outlet repeat their furniture)
    memo: dict[tuple[Hashable, str], object] = field(default_factory=dict, repr=False)

    def remembered(self, kind: Hashable, line: str, compute: Callable[[str], _T]) -> _T:
        """``compute(line)``, answered from memory when the same line was seen before (only
        short lines are remembered: furniture and clauses repeat, prose does not)."""
        if len(line) > _MEMO_LONGEST_LINE:
            return compute(line)
        key = (kind, line)
        try:
            return cast(_T, self.memo[key])      # stored by this kind's ``compute``
        except KeyError:
            pass
        if len(self.memo) >= _MEMO_LIMIT:
            self.memo.clear()
        value = self.memo[key] = compute(line)
        return value

    def outlet_named(self, name: str | None) -> Outlet | None:
        return self.outlets.get(normalise_name(name)) if name else None

    def canonical_outlet(self, name: str) -> str:
        outlet = self.outlet_named(name)
        return outlet.name if outlet else name


def normalise_name(name: str) -> str:
    """Compare names ignoring case, spacing, no-break spaces and a leading 'www.'/'the '."""
    folded = " ".join(name.replace("\u00a0", " ").split()).casefold().strip(" .")
    for prefix in ("www.", "the "):
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
    return folded


def _load_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=4)
def load_rules(root: str | None = None) -> Rules:
    """Read ``resources/rules`` and ``resources/outlets`` (cached: called on every parse)."""
    base = Path(root) if root else resources_dir()
    generic = {p.stem: _load_json(p) for p in sorted((base / "rules").glob("*.json"))}
    outlet_files = [_load_json(p) for p in sorted((base / "outlets").glob("*.json"))]
    site = generic["site_text"]
    bylines = generic["bylines"]
    site_lines = {_fold_line(line) for line in site["lines"]}
    section_labels: set[str] = set()
    outlets: dict[str, Outlet] = {}
    outlet_rights: list[RightsRule] = []
    for data in outlet_files:
        outlet = Outlet(data["id"], data["name"], tuple(data.get("aliases", ())), data.get("language"))
        for name in (data["name"], *data.get("aliases", ()), *data.get("domains", ())):
            outlets[normalise_name(name)] = outlet
        site_lines.update(_fold_line(line) for line in data.get("site_text", ()))
        section_labels.update(label.rstrip(":").casefold() for label in data.get("section_labels", ()))
        outlet_rights.extend(_rights_rule(rule, f"outlet:{data['id']}:", data.get("contact_default"))
                             for rule in data.get("rights", ()))
    languages = [_load_json(p) for p in sorted((base / "rules" / "lang").glob("*.json"))]
    prefixes = {p: lang for lang, items in bylines["prefixes"].items() for p in items}
    for data in languages:
        for prefix in data.get("byline_prefixes", ()):
            prefixes.setdefault(prefix, data["language"])
        site_lines.update(_fold_line(line) for line in data.get("site_lines", ()))
    site_patterns = list(site["patterns"]) + [p for d in languages for p in d.get("site_patterns", ())]
    provenance = dict(generic["provenance"])
    ahead = [dict(rule, language=d["language"]) for d in languages for rule in d.get("provenance", ())
             if rule.get("before_generic")]
    provenance["rules"] = ahead + list(provenance["rules"]) + [
        dict(rule, language=d["language"]) for d in languages for rule in d.get("provenance", ())
        if not rule.get("before_generic")]
    language_rights = _merged_licence_rules([dict(r, language=r.get("language", d["language"]))
                                             for d in languages for r in d.get("rights", ())])
    prefix_alt = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    rights = generic["rights"]
    all_rights = tuple(outlet_rights) + tuple(_rights_rule(r, "generic:rights-")
                                              for r in list(rights["kinds"]) + language_rights)
    return Rules(
        outlets=outlets,
        site_lines=frozenset(site_lines),
        site_patterns=re.compile("|".join(f"(?:{p})" for p in site_patterns)),
        counter_suffix=re.compile(site["counter_suffix"]),
        byline_prefixes=prefixes,
        byline_re=re.compile(rf"^(?P<prefix>{prefix_alt})\s+(?P<rest>\S.*)$"),
        section_line=re.compile(bylines["section_line"]),
        section_labels=frozenset(section_labels),
        signature_max_words=int(bylines["signature_max_words"]),
        provenance=(provenance_rules := _provenance_rules(provenance)),
        rights=all_rights,
        requirement_cues=_cue_table(rights["requirement_cues"]),
        audience_cues=_cue_table(rights["audience_cues"]),
        otherwise_opens=re.compile(rights["otherwise_opens"], re.I),
        otherwise_media=_cue_table(rights["otherwise_media"]),
        contact_line=re.compile(rights["contact_line"], re.I),
        footer_words=re.compile(rights["footer_words"], re.I),
        caption=_caption_rules(generic["captions"]),
        dated_line_prefix=re.compile(bylines["dated_line_prefix"], re.I),
        dated_line_author=re.compile(bylines["dated_line_author"], re.I),
        menu_max_words=int(site.get("menu_max_words", 3)),
        months=_month_table(generic["months"], languages),
        longest_site_line=max(max(map(len, site_lines), default=0), 120),
        date_orders={d["language"]: tuple(d.get("date_order", ("DMY",))) for d in languages},
        multiword_months=tuple(sorted({n for d in languages for names in d.get("months", ())
                                       for n in names if " " in n}, key=len, reverse=True)),
        head=_head_rules(languages, prefixes),
        wire=_wire_rules(generic.get("wire")),
        comment_words=_comment_rules(languages),
        opens_any=_any_of([r.opens for r in all_rights if r.opens is not None]),
        opens_anchored_any=_any_of([r.opens for r in all_rights if r.opens is not None and r.anchored], plain=True),
        opens_search_any=_any_of([r.opens for r in all_rights if r.opens is not None and not r.anchored], plain=True),
        provenance_any=_any_of([r.pattern for r in provenance_rules], plain=True),
        rights_containing=tuple(r for r in all_rights if r.contains is not None),
        cc_elements=tuple((re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")", re.I), element)
                          for element, names in _cc_names(languages).items()),
    )


def _merged_licence_rules(rules: list[dict]) -> list[dict]:
    """The languages' licence rules ("contains" a licence's name, guarded by ``needs`` words)
    as one rule: every prose line at an article's end is tested against it, and one guarded
    search costs a ninth of nine. The statement's language is then detected from its text."""
    licence = [r for r in rules if r.get("contains") and r.get("needs") and r["kind"] == "reprint_terms"]
    if len(licence) < 2:
        return rules
    merged = {"kind": "reprint_terms", "id": "licence",
              "contains": "|".join(f"(?:{r['contains']})" for r in licence),
              "needs": sorted({w for r in licence for w in r["needs"]})}
    at = rules.index(licence[0])
    rest = [r for r in rules if r not in licence]
    return rest[:at] + [merged] + rest[at:]


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _any_of(patterns: list[re.Pattern], plain: bool = False) -> re.Pattern | None:
    """One pattern matching where any of ``patterns`` does (``plain``: named groups made plain,
    so patterns sharing a group name can be joined); None when they cannot be joined."""
    flags = {p.flags for p in patterns}
    if not patterns or len(flags) != 1:
        return None
    sources = [p.pattern for p in patterns]
    if plain:
        if any("(?P=" in source for source in sources):
            return None
        sources = [_NAMED_GROUP.sub("(?:", source) for source in sources]
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources), flags.pop())
    except re.error:
        return None


def _fold_line(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split()).casefold()


def _rights_rule(raw: dict, prefix: str, contact: str | None = None) -> RightsRule:
    def rx(key: str) -> re.Pattern | None:
        return re.compile(raw[key]) if raw.get(key) else None

    return RightsRule(
        kind=raw["kind"], method=prefix + raw["id"], opens=rx("opens"), contains=rx("contains"),
        language=raw.get("language"), continues_with=rx("continues_with"),
        requires=tuple(raw.get("requires", ())), allowed_for=raw.get("allowed_for"),
        otherwise=raw.get("otherwise"), contact_default=contact,
        needs=tuple(word.casefold() for word in raw.get("needs", ())) or _required_words(raw.get("contains")),
        anchored=bool(raw.get("opens")) and _anchored(raw["opens"]))


def _required_words(source: str | None) -> tuple[str, ...]:
    """Words (case folded) one of which every match of ``source`` holds, read off the pattern
    itself: the literal text each of its branches starts with. A rule without ``needs`` in its
    data file gets these, so its pattern is searched only in lines holding one of them. ()
    when the pattern does not say (a branch opening with a class, a case-insensitive part)."""
    if not source:
        return ()
    try:
        parsed = _sre_parser.parse(source)
    except (re.error, RecursionError, ValueError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    words = _leading_words(list(parsed))
    return tuple(sorted({word.casefold() for word in words})) if words else ()


def _leading_words(items: list) -> set[str] | None:
    """The literal texts one of which a match of the sequence ``items`` starts with."""
    codes = _sre_constants
    index = 0
    while index < len(items) and items[index][0] is codes.AT:      # "\b", "^": zero width
        index += 1
    if index == len(items):
        return None
    op, argument = items[index]
    if op is codes.LITERAL:
        text = ""
        while index < len(items) and items[index][0] is codes.LITERAL:
            text += chr(items[index][1])
            index += 1
        return {text} if len(text) >= 3 else None
    if op is codes.SUBPATTERN:
        _group, add_flags, _del_flags, inner = argument
        return None if add_flags & re.IGNORECASE else _leading_words(list(inner))
    if op is codes.BRANCH:
        words: set[str] = set()
        for branch in argument[1]:
            found = _leading_words(list(branch))
            if not found:
                return None
            words |= found
        return words
    return None


def _anchored(pattern: str) -> bool:
    """Does every top-level branch of ``pattern`` start with "^"?"""
    branches, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return all(branch.startswith("^") for branch in branches)


def _provenance_rules(raw: dict) -> tuple[ProvenanceRule, ...]:
    groups = {"{outlet}": raw["outlet_group"], "{rest}": raw["rest_group"]}
    return tuple(
        ProvenanceRule(method=f"generic:provenance-{r['id']}", relation=r["relation"],
                       language=r["language"], distance=int(r["distance"]),
                       pattern=re.compile(_fill(r["pattern"], groups), re.I))
        for r in raw["rules"])


def _fill(pattern: str, groups: dict[str, str]) -> str:
    for placeholder, group in groups.items():
        pattern = pattern.replace(placeholder, group)
    return pattern


def _cue_table(rows: list[list[str]]) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern, re.I), value) for pattern, value in rows)


def _caption_rules(raw: dict) -> CaptionRules:
    return CaptionRules(max_words=int(raw["max_words"]), prefix=re.compile(raw["prefix"]),
                        contains=re.compile(raw["contains"]), fragment=re.compile(raw["fragment"]),
                        truncated_end=re.compile(raw["truncated_end"]))


def _month_table(raw: dict, languages: Sequence[dict] = ()) -> dict[str, int]:
    table: dict[str, int] = {}
    for names in raw["months"].values():
        for number, name in enumerate(names, start=1):
            table[name] = number
    table.update(raw.get("extra", {}))
    for data in languages:
        for number, names in enumerate(data.get("months", ()), start=1):
            for name in names:
                table.setdefault(name.casefold(), number)
    return table


def _alternation(words, escape: bool = True) -> str:
    items = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in items) or "(?!)"


def _head_rules(languages: list[dict], prefixes: dict[str, str]) -> HeadRules:
    def every(key: str) -> list[str]:
        return [item for data in languages for item in data.get(key, ())]

    times = _alternation(every("time_words"))
    time_tail = (rf"(?:,?\s*(?:{times})?\s*\d{{1,2}}(?:[:.]| ?h ?)\d\d(?:\s?[ap]\.?m\.?)?"
                 r"(?:\s*(?:Uhr|h|GMT|UTC|CET|CEST|EST|ET))?)")
    return HeadRules(
        date_prefix=re.compile(rf"^(?:(?:{_alternation(every('date_prefixes'))})\s?:?\s*)?"
                               rf"(?:(?:{_alternation(every('weekdays'))})\.?,?\s+)?", re.I),
        time_tail=re.compile(rf"^{time_tail}", re.I),
        date_joiner=re.compile(rf"\s+(?:{_alternation(every('date_joiners'))})$", re.I),
        author_joiner=re.compile(rf"\s+(?:{_alternation(every('author_joiners'))})\s+"),
        role_word=re.compile(rf"(?<!\w)(?:{_alternation(every('role_words'))})", re.I),
        segment_site=re.compile(rf"^(?:{_alternation(every('site_segments'), escape=False)})$", re.I),
        breadcrumb=re.compile(
            rf"^(?:(?:{_alternation(every('breadcrumb_home'))})\s*[»›>/|]|[^»›>\n]{{1,40}}\s[»›>]\s[^»›>\n]{{1,40}}\s[»›>]\s)"),
        prefix_language=prefixes,
        translator_line=re.compile(rf"^(?:{_alternation(every('translator_prefixes'), escape=False)})\s*:?\s+(?P<names>\S.{{0,100}}?)\.?$"),
        role_words=frozenset(w.casefold() for w in every("role_words")),
        author_joiners=frozenset(w.casefold() for w in every("author_joiners")),
        date_joiners=frozenset(w.casefold() for w in every("date_joiners")),
        place_joiners=frozenset(w.casefold() for w in every("place_joiners")),
        prefix_starts=frozenset(p.split()[0].casefold().rstrip(":,.") for p in every("date_prefixes") + every("weekdays")))


def _wire_rules(raw: dict | None) -> WireRules | None:
    if not raw:
        return None
    agencies = {alias: name for name, aliases in raw["agencies"].items() for alias in aliases}
    names = _alternation(agencies)
    return WireRules(agencies, tuple(re.compile(p.replace("{agency}", names)) for p in raw["patterns"]),
                     re.compile(names))


def _comment_rules(languages: list[dict]) -> CommentRules:
    def every(key: str) -> list[str]:
        return [item for data in languages for item in data.get("comments", {}).get(key, ())]

    times = _alternation([w for d in languages for w in d.get("time_words", ())])
    return CommentRules(
        says=re.compile(rf"^(?P<author>[^\s].{{0,60}}?)\s+(?:{_alternation(every('says'))})\s?:?$", re.I),
        reply=re.compile(rf"^(?:{_alternation(every('reply'))})$", re.I),
        ago=re.compile(rf"^(?:{_alternation(every('ago'), escape=False)})$", re.I),
        time_tail=re.compile(rf"^,?\s*(?:{times})?\s*\d{{1,2}}(?:[:.]| ?h ?)\d\d(?:\s?[ap]\.?m\.?)?$", re.I),
        says_last_words=frozenset(w.split()[-1].casefold() for w in every("says")))


def _cc_names(languages: list[dict]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for data in languages:
        for element, printed in data.get("cc_elements", {}).items():
            names.setdefault(element, []).extend(printed)
    return names
