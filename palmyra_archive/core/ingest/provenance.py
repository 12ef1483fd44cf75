"""Where this copy came from: the republishing chain read off source lines.

Why one rule per phrasing (``resources/rules/provenance.json``): each hop must carry its
evidence sentence verbatim and the rule that read it, so a researcher can check it; ordering
hops by each phrasing's distance ("via" is nearer than "source", which is nearer than "the
original source") turns scattered lines into a chain.
"""

from __future__ import annotations

import re

from .dates import FoundDate, find_date
from .lines import Line
from .markup import resolve
from .model import Republication, Span
from .rules import ProvenanceRule, Rules, normalise_name

_TRAILING_URL = re.compile(r"\s*\(?(?:https?://|www\.)\S*\)?$")
# typographic variants read as their plain forms, one character for one so offsets and the
# verbatim evidence stay those of the printed line: no-break and thin spaces, curly quotes
TYPOGRAPHIC = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
                             "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_TYPOGRAPHIC_CHARS = re.compile("[\u00a0\u202f\u2009\u2007\u2019\u2018\u02bc\u201c\u201d]")


_TYPOGRAPHIC_PAIRS = tuple((chr(code), plain) for code, plain in TYPOGRAPHIC.items())


def plain_typography(text: str) -> str:
    """``text`` with its typographic variants read as plain (``str.translate`` with a table is
    slow, ~40 µs a line: only the characters the line holds are replaced, one for one)."""
    if not _TYPOGRAPHIC_CHARS.search(text):
        return text
    for char, plain in _TYPOGRAPHIC_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


def match_provenance(plain: str, rules: Rules) -> tuple[ProvenanceRule, re.Match] | None:
    if len(plain) > 400:
        return None
    return rules.remembered("provenance", plain, lambda line: _first_provenance(line, rules))


def _first_provenance(plain: str, rules: Rules) -> tuple[ProvenanceRule, re.Match] | None:
    plain = plain_typography(plain)
    if rules.provenance_any is not None and rules.provenance_any.match(plain) is None:
        return None                   # no rule matches: one joined test instead of one per rule
    for rule in rules.provenance:
        match = rule.pattern.match(plain)
        if match:
            return rule, match
    return None


def read_chain(text: str, lines: list[Line], indices: list[int], rules: Rules,
               source_dates: dict[str, FoundDate], this_outlet: str | None = None) -> list[Republication]:
    """Hops from the footer lines at ``indices``, nearest first (hop 1 = where this copy came from).

    A line naming this copy's own outlet as the source ("The original source of this article is
    Global Research" on Global Research) says the copy is the original: it adds no hop.
    """
    hops: list[tuple[int, Republication]] = []
    for index in indices:
        line = lines[index]
        resolved = resolve(text, line.start, line.end)
        found = match_provenance(resolved.text, rules)
        if found:
            hops.extend(_hops(found[0], found[1], resolved.text, line, rules))
    hops.sort(key=lambda pair: pair[0])
    chain: list[Republication] = []
    seen: set[str] = {normalise_name(this_outlet)} if this_outlet else set()
    for _, hop in hops:
        key = normalise_name(hop.from_outlet or "")
        if key in seen:
            continue
        seen.add(key)
        hop.hop = len(chain) + 1
        chain.append(hop)
    if chain:
        chain[-1].is_original = True
        _date_from_head(chain[-1], source_dates, rules)
    return chain


def _hops(rule: ProvenanceRule, match: re.Match, plain: str, line: Line,
          rules: Rules) -> list[tuple[int, Republication]]:
    evidence = plain.strip().rstrip()
    span = Span(line.start, line.end)
    outlet = _clean_outlet(plain[match.start("outlet"):match.end("outlet")], rules)
    date = find_date(match.group("rest")) if "rest" in match.groupdict() and match.group("rest") else None
    hop = Republication(
        from_outlet=outlet, relation=rule.relation, evidence=evidence, span=span, method=rule.method,
        from_date=date.iso if date else None, from_date_as_printed=date.as_printed if date else None)
    hops = [(rule.distance, hop)]
    then = match.groupdict().get("then")
    if then:            # "first appeared in X; republished by Y, from which we took it"
        nearer = _clean_outlet(plain[match.start("then"):match.end("then")], rules)
        hops.append((rule.distance - 1, Republication(
            from_outlet=nearer, relation="republished_from", evidence=evidence, span=span,
            method=rule.method)))
    via = match.groupdict().get("via")
    if via:
        nearer = _clean_outlet(re.sub(r"^,?\s*via\s+", "", via, flags=re.I), rules)
        hops.append((rule.distance - 1, Republication(
            from_outlet=nearer, relation="via", evidence=evidence, span=span, method=rule.method)))
    return hops


def _clean_outlet(raw: str, rules: Rules) -> str:
    name = _TRAILING_URL.sub("", raw.strip()).strip(" .,;:")
    return rules.canonical_outlet(name)


def _date_from_head(hop: Republication, source_dates: dict[str, FoundDate], rules: Rules) -> None:
    """The head's "<source> <date>" line dates the original ("[Moon of Alabama](#) 28 mars 2016")."""
    if hop.from_date or not hop.from_outlet:
        return
    for name, date in source_dates.items():
        if normalise_name(rules.canonical_outlet(name)) == normalise_name(hop.from_outlet):
            hop.from_date, hop.from_date_as_printed = date.iso, date.as_printed
            return
