"""Rights statements kept verbatim and classified: copyright, disclaimer, editor's note,
reprint terms (what a reprint must carry, for whom, and what to do otherwise), fair use.

Why classify: a researcher deciding whether a copy may be quoted or republished needs the
terms, not just the words; outlet files state exactly what each clause requires, and generic
cue tables read the terms of outlets nobody has described yet.
"""

from __future__ import annotations

import re

from .lines import Line
from .markup import resolve
from .model import RightsStatement, Span
from .provenance import plain_typography
from .rules import RightsRule, Rules

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COPYRIGHT_WORDS = re.compile(r"^\W*(?:Copyright|©|\(c\))\W*(?:©\s*)?", re.I)
_RESERVED = re.compile(r"\b(?:All rights reserved|Tous droits réservés)\.?", re.I)
#: the blanks after a sentence's end ("[.!?]" first: a pattern opening with a look-behind has
#: no prefix to skip text by); only ``end()`` is used
_SENTENCE = re.compile(r"[.!?]\s+(?=\S)")
# Creative Commons licences in the forms they are printed: the address, "CC BY-NC-ND 4.0",
# "Creative Commons BY-SA 4.0", or the licence's name in the page's language (data)
_CC_URL = re.compile(r"(?:https?://)?(?:www\.)?creativecommons\.org/(?:licenses|licences)/(?P<code>[a-z]{2}(?:-[a-z]{2}){0,2})/(?P<version>\d\.\d)\b[^\s)]*", re.I)
_CC_ZERO_URL = re.compile(r"(?:https?://)?(?:www\.)?creativecommons\.org/publicdomain/zero/(?P<version>\d\.\d)\b[^\s)]*", re.I)
_CC_CODE = re.compile(r"(?:\bCC|Creative Commons(?: licen[cs]e| licencia| Lizenz| licence| licenza| licença)?)[ -]?(?P<code>BY(?:[ -](?:NC|ND|SA)){0,2}|0)\b(?:[ -]?(?P<version>\d\.\d))?")
_CC_NAMED = re.compile(r"Creative[ -]Commons", re.I)
_VERSION = re.compile(r"(?<![\d.])(?P<version>[1-4]\.0)(?![\d])")
#: every licence pattern above holds "CC" or, in any case, "creative" (the letters as the
#: case-insensitive patterns match them, spelt out so the search skips text by its first letter)
_CC_ANY = re.compile("[Cc](?:(?<=C)C|[Rr][Ee][Aa][Tt][Ii\u0130\u0131][Vv][Ee])")
_CC_REQUIRES = (("by", "attribution"), ("nc", "non-commercial"), ("nd", "no derivatives"), ("sa", "share-alike"))


def match_rights(plain: str, rules: Rules) -> RightsRule | None:
    """The first rule (outlet rules before generic ones) that recognises ``plain``."""
    return rules.remembered("rights", plain, lambda line: _first_rights_rule(line, rules))


def _first_rights_rule(plain: str, rules: Rules) -> RightsRule | None:
    plain = plain_typography(plain)
    folded = plain.casefold()
    anchored, searched = _openers_present(plain, rules)
    for rule in rules.rights if anchored or searched else rules.rights_containing:
        if rule.opens is not None and (searched if not rule.anchored else anchored) and rule.opens_in(plain):
            return rule
        if rule.contains is not None and rule.may_contain(folded) and rule.contains.search(plain):
            return rule
    return None


def _openers_present(plain: str, rules: Rules) -> tuple[bool, bool]:
    """Whether any anchored rule's opener matches at the start, and any other's anywhere: one
    joined pattern each, so a line that opens no statement skips the rules one by one."""
    anchored = rules.opens_anchored_any.match(plain) is not None if rules.opens_anchored_any else True
    searched = rules.opens_search_any.search(plain) is not None if rules.opens_search_any else True
    return anchored, searched


def read_rights(text: str, lines: list[Line], indices: list[int], rules: Rules,
                language_of) -> tuple[list[RightsStatement], list[str]]:
    """Statements and contact addresses from the footer lines at ``indices``."""
    statements: list[RightsStatement] = []
    contacts: list[str] = []
    skip: set[int] = set()
    for position, index in enumerate(indices):
        if index in skip:
            continue
        line = lines[index]
        resolved = resolve(text, line.start, line.end)
        plain = resolved.text
        if rules.contact_line.match(plain):
            contacts.extend(e for e in _emails(plain) if e not in contacts)
            continue
        segments = _segments(plain, rules)
        for number, (start, end, rule) in enumerate(segments):
            statement = _statement(resolved, start, end, rule, language_of)
            last = number == len(segments) - 1
            if rule.kind == "reprint_terms":
                follow = indices[position + 1] if last and position + 1 < len(indices) else None
                if follow is not None and _continues(rule, lines[follow], text, rules):
                    skip.add(follow)
                    _extend(statement, text, lines[follow])
                _reprint(statement, rule, rules)
                _licence(statement, rules)
                contacts.extend(e for e in _emails(statement.text) if e not in contacts)
            statements.append(statement)
    return statements, contacts


def _emails(text: str) -> list[str]:
    """The addresses in ``text`` (the pattern backtracks through every word: none without "@")."""
    return _EMAIL.findall(text) if "@" in text else []


def _segments(plain: str, rules: Rules) -> list[tuple[int, int, RightsRule]]:
    return rules.remembered("rights-segments", plain, lambda line: _cut_segments(line, rules))


def _cut_segments(plain: str, rules: Rules) -> list[tuple[int, int, RightsRule]]:
    """Split one printed paragraph where another kind of statement starts (a disclaimer and
    reprint terms often share a paragraph); each part keeps the rule that recognised it."""
    starts: dict[int, RightsRule] = {}
    # no rule recognising the line (the answer is remembered) is no rule matching anywhere in it
    rules_to_try: tuple[RightsRule, ...] | None = () if match_rights(plain, rules) is None else None
    plain = plain_typography(plain)
    folded = plain.casefold()
    anchored, searched = _openers_present(plain, rules) if rules_to_try is None else (False, False)
    if rules_to_try is None:
        rules_to_try = rules.rights if anchored or searched else rules.rights_containing
    for rule in rules_to_try:
        opens = (searched if not rule.anchored else anchored) and rule.opens is not None
        for match in (rule.opens_in(plain) if opens else None,
                      rule.contains.search(plain) if rule.contains is not None and rule.may_contain(folded) else None):
            if match:
                starts.setdefault(_sentence_start(plain, match.start()), rule)
    for sentence in _SENTENCE.finditer(plain):     # "© 2017 X. Prohibida su reproducción …"
        piece = plain[sentence.end():]
        if rules.opens_any is not None and rules.opens_any.match(piece) is None:
            continue
        for rule in rules.rights:
            if rule.opens is not None and rule.opens.match(piece):
                starts.setdefault(sentence.end(), rule)
                break
    ordered: list[tuple[int, RightsRule]] = []
    for start, rule in sorted(starts.items()):
        if not ordered or ordered[-1][1].kind != rule.kind:   # one statement per kind in a row
            ordered.append((start, rule))
    return [(start, ordered[i + 1][0] if i + 1 < len(ordered) else len(plain), rule)
            for i, (start, rule) in enumerate(ordered)]


def _sentence_start(plain: str, position: int) -> int:
    cut = max(plain.rfind(". ", 0, position), plain.rfind(".) ", 0, position))
    return 0 if cut < 0 else cut + 2 + (plain[cut + 1] == ")")


def _statement(resolved, start: int, end: int, rule: RightsRule, language_of) -> RightsStatement:
    piece = resolved.text[start:end].rstrip()
    source_start = resolved.source_offset(start)
    source_end = resolved.source_offset(max(start, start + len(piece) - 1)) + 1
    statement = RightsStatement(kind=rule.kind, text=piece, span=Span(source_start, source_end),
                                language=rule.language or language_of(piece), method=rule.method)
    if rule.kind == "copyright":
        _copyright(statement)
    return statement


def _copyright(statement: RightsStatement) -> None:
    body = _RESERVED.sub("", _COPYRIGHT_WORDS.sub("", statement.text))
    years = _YEAR.findall(body)
    statement.year = int(years[-1]) if years else None
    names = [p.strip(" .") for p in _YEAR.sub("", body).split(",")]
    names = [n for n in names if n]
    statement.holder = names[0] if names else None


def _continues(rule: RightsRule, line: Line, text: str, rules: Rules) -> bool:
    plain = resolve(text, line.start, line.end).text
    if rule.continues_with is not None:
        return bool(rule.continues_with.search(plain))
    return bool(rules.otherwise_opens.match(plain))


def _extend(statement: RightsStatement, text: str, line: Line) -> None:
    start = statement.span.start if statement.span else line.start
    gap = text[statement.span.end:line.start] if statement.span else "\n\n"
    statement.text = statement.text + gap + resolve(text, line.start, line.end).text
    statement.span = Span(start, line.end)


def _reprint(statement: RightsStatement, rule: RightsRule, rules: Rules) -> None:
    """What a reprint must carry, who may reprint, and what everyone else must do."""
    emails = _emails(statement.text)
    contact = emails[0] if emails else rule.contact_default
    statement.contact = contact
    statement.requires = list(rule.requires) or _cues(statement.text, rules.requirement_cues)
    audiences = _cues(statement.text, rules.audience_cues)
    statement.allowed_for = rule.allowed_for or (audiences[0] if audiences else None)
    if rule.otherwise:
        statement.otherwise = rule.otherwise.format(contact=contact or "the publisher")
    else:
        last = statement.text.rsplit("\n", 1)[-1]      # the "for anything else, ask" clause
        media = _cues(last, rules.otherwise_media)
        if contact and media and rules.otherwise_opens.search(last):
            statement.otherwise = f"ask permission: {contact} ({', '.join(media)})"


def _licence(statement: RightsStatement, rules: Rules) -> None:
    """A Creative Commons licence: its name, address and what a reuse must do. Only what is
    printed counts: "a Creative Commons license" with no elements requires attribution (every
    CC licence but CC0 does) and has no address, since the version is not stated."""
    text = statement.text
    if _CC_ANY.search(text) is None:
        return
    elements: set[str] | None = None
    version = url = None
    if _CC_ZERO_URL.search(text):
        statement.licence, statement.requires = "CC0", []
        statement.licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
        return
    found = _CC_URL.search(text)
    if found:
        elements = set(found.group("code").lower().split("-"))
        version = found.group("version")
    else:
        code = _CC_CODE.search(text)
        if code and code.group("code") == "0":
            statement.licence, statement.requires = "CC0", []
            return
        if code:
            elements = set(re.split(r"[ -]", code.group("code").lower()))
            version = code.group("version")
        elif named := _CC_NAMED.search(text):
            after = text[named.end():]
            elements = {element for pattern, element in rules.cc_elements if pattern.search(after)} or {"by"}
            number = _VERSION.search(after)
            version = number.group("version") if number else None
    if elements is None:
        return
    elements.add("by")
    order = [e for e, _ in _CC_REQUIRES if e in elements]
    if version:
        url = f"https://creativecommons.org/licenses/{'-'.join(order)}/{version}/"
    statement.licence = "CC " + "-".join(e.upper() for e in order) + (f" {version}" if version else "")
    statement.licence_url = url
    statement.requires = [need for element, need in _CC_REQUIRES if element in elements]


def _cues(text: str, table: tuple[tuple[re.Pattern, str], ...]) -> list[str]:
    """Values whose cue occurs in ``text``, in the order the text states them."""
    found: list[tuple[int, str]] = []
    for pattern, value in table:
        match = pattern.search(text)
        if match and value not in (v for _, v in found):
            found.append((match.start(), value))
    return [value for _, value in sorted(found)]
