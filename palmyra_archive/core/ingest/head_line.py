"""One line of an article's head, read part by part: bylines and datelines in any order.

Why parts: a head line joins its pieces with whatever the site likes ("Par X | Publié le DATE",
"DATE | Written by X", "X — DATE", "by X · 4 min read", "X, DATE", "Автор: X — DATE"). Cut at
the separators, each part is one of a few kinds (a byline with its opener, a date with its
prefix and time, bare names with their roles, site text such as a reading time); the line is
a byline or dateline only when every part is one of them, so prose is never taken for one.
Every phrase is data (``resources/rules/lang/*.json``); this module only knows the shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import FoundDate, find_date
from .rules import Rules

_SEPARATOR = re.compile(r"\s+[|·•—–/-]\s+|\s+[|·•]\s*|\s*[|·•]\s+")
_SEPARATOR_CHAR = re.compile(r"[|·•—–/-]")     # every separator holds one: none, one piece
_PARTS = re.compile(r"\s*[,،;]\s*")
_PART_CHAR = re.compile(r"[,،;]")
_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "van", "von",
                        "der", "den", "ter", "la", "le", "al", "el", "bin", "ibn", "y", "e", "zu", "st."})
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|@\w+)$")
_DETERMINERS = ("le ", "la ", "les ", "l'", "the ", "el ", "der ", "die ", "das ", "il ")
_DIGIT = re.compile(r"\d")
#: "Par Jean Roux (avec AFP)", "By Ann Lee (with Reuters)": a note on the byline, not the name
_TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()]{1,48})\)$")
_ROLE_STRIP = ".,;:()«»\"'"
#: a head line is at most this long (a longer one is prose)
_LONGEST = 250


@dataclass
class HeadLine:
    """What one head line says; offsets are into the document text."""

    authors: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    date: FoundDate | None = None
    outlet: tuple[str, int, int] | None = None
    place: tuple[str, int, int] | None = None     # "By X in Beirut": where the author filed from
    site: list[tuple[int, int]] = field(default_factory=list)     # spans of site text in the line
    prefix: str | None = None          # the byline opener, when there is one
    language: str | None = None        # the opener's language
    bare: bool = False                 # names with no opener and no date on the line
    byline_end: int = 0                # the byline as printed ends here (site text cut off)


def read_head_line(text: str, start: int, end: int, rules: Rules,
                   languages: tuple[str, ...] | None) -> HeadLine | None:
    """The byline/dateline read off ``text[start:end]``, or None when a part is anything else.

    Answers are remembered per line (an outlet's bylines and datelines repeat), with offsets
    relative to the line and moved to where it stands in this text."""
    if end - start > _LONGEST:
        return None          # prose: not remembered, it never repeats
    line = text[start:end]
    found = rules.remembered(("head-line", languages), line,
                             lambda piece: _read(piece, 0, len(piece), rules, languages))
    return _moved(found, start) if found is not None else None


def _moved(found: HeadLine, delta: int) -> HeadLine:
    date = found.date
    if date is not None:
        date = FoundDate(date.iso, date.as_printed, date.start + delta, date.end + delta,
                         date.precision, date.ambiguous)
    outlet = (found.outlet[0], found.outlet[1] + delta, found.outlet[2] + delta) if found.outlet else None
    place = (found.place[0], found.place[1] + delta, found.place[2] + delta) if found.place else None
    return HeadLine(authors=list(found.authors), roles=dict(found.roles), date=date, outlet=outlet,
                    place=place,
                    site=[(s + delta, e + delta) for s, e in found.site], prefix=found.prefix,
                    language=found.language, bare=found.bare, byline_end=found.byline_end + delta)


def _read(text: str, start: int, end: int, rules: Rules,
          languages: tuple[str, ...] | None) -> HeadLine | None:
    head = rules.head
    if end - start > _LONGEST:
        return None
    if not _DIGIT.search(text, start, end) and len(text[start:end].split()) > 12 \
            and rules.byline_re.match(text[start:end]) is None:
        return None          # a sentence: no date, no opener, more words than names and a role
    found = HeadLine(byline_end=end)
    pieces = _pieces(text, start, end)
    kinds: list[str] = []
    for piece_start, piece_end in pieces:
        piece = text[piece_start:piece_end]
        if head.segment_site.match(piece) or _is_site(piece, rules) or _time_only(piece, rules):
            found.site.append((piece_start, piece_end))
            kinds.append("site")
            continue
        dates: list[FoundDate | None] = []      # the piece's first date, read once for both
        kind = (_date_part(text, piece_start, piece_end, found, rules, languages, dates)
                or _byline_part(text, piece_start, piece_end, found, rules, languages)
                or _names_part(text, piece_start, piece_end, found, rules, languages, dates))
        if kind is None:
            return None
        kinds.append(kind)
    if not any(kind in ("date", "byline", "names") for kind in kinds):
        return None
    if not found.authors and found.date is None:
        return None
    found.bare = "byline" not in kinds and found.date is None
    if found.site:
        last_real = max((e for (s, e), k in zip(pieces, kinds) if k != "site"), default=end)
        found.byline_end = last_real
    return found


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    at = start
    for match in _separators(text, start, end):
        if match.start() > at:
            pieces.append((at, match.start()))
        at = match.end()
    if at < end:
        pieces.append((at, end))
    trimmed = []
    for s, e in pieces:          # each piece without its surrounding blanks; blank ones dropped
        piece = text[s:e]
        kept = piece.strip()
        if kept:
            lead = len(piece) - len(piece.lstrip())
            trimmed.append((s + lead, s + lead + len(kept)))
    return trimmed


def _separators(text: str, start: int, end: int) -> list[re.Match]:
    """``_SEPARATOR.finditer(text, start, end)``, without trying the pattern at every character.

    Every separator is a run of blanks (maybe none) and then a separator character, so it can
    only start where the blanks before such a character start (or at the character itself);
    the pattern is tried there alone. The characters are found by a search that skips in C."""
    found: list[re.Match] = []
    at = start
    for char in _SEPARATOR_CHAR.finditer(text, start, end):
        where = char.start()
        if where < at:
            continue                     # inside the separator just found
        blanks = where
        while blanks > at and text[blanks - 1].isspace():     # str.isspace is the pattern's \s
            blanks -= 1
        match = _SEPARATOR.match(text, blanks, end) if blanks < where else None
        if match is None:
            match = _SEPARATOR.match(text, where, end)
        if match is not None:
            found.append(match)
            at = match.end()
    return found


def _time_only(piece: str, rules: Rules) -> bool:
    """"10:30 h" or "Updated 3 hours ago" beside a date: a time, not a date (never made one)."""
    if len(piece) > 40:
        return False
    if rules.head.time_tail.fullmatch(piece):
        return True
    words = rules.comment_words
    prefix = rules.head.date_prefix.match(piece)
    return bool(words.ago.match(piece[prefix.end():] if prefix else piece))


def _is_site(piece: str, rules: Rules) -> bool:
    folded = " ".join(piece.split()).casefold()
    return folded in rules.site_lines or rules.site_patterns.match(piece) is not None


def _date_part(text: str, start: int, end: int, found: HeadLine, rules: Rules,
               languages: tuple[str, ...] | None, dates: list[FoundDate | None]) -> str | None:
    """"Published on March 3, 2017 at 9:15 am", "Mis à jour le 3 juin 2016 par X", "Mars 2017".

    ``dates`` receives the first date of the whole piece when this reading found it (the names
    reader needs the same one)."""
    piece = text[start:end]
    prefix = rules.head.date_prefix.match(piece) if _first_word(piece) in rules.head.prefix_starts else None
    at = start + (prefix.end() if prefix else 0)
    if at >= end or not (text[at].isdigit() or text[at].isalpha()):
        return None
    date = find_date(text, at, end, languages, month_only=True)
    if at == start:
        # without month_only the same search finds the same date, and none where only the
        # month-and-year reading ("June 2017") found one
        dates.append(date if date is None or date.precision != "month" else None)
    if date is None or text[at:date.start].strip(" ,"):
        return None
    rest_start = date.end
    timed = rules.head.time_tail.match(text[rest_start:end])
    if timed:
        rest_start += timed.end()
    rest = text[rest_start:end]
    if rest.strip(" ,."):
        rest_start += len(rest) - len(rest.lstrip(" ,"))
        by = rules.byline_re.match(text[rest_start:end])
        if by is None or not _take_names(text, rest_start + by.start("rest"), end, found, rules,
                                         languages, allow_outlet=False):
            return None
        found.prefix = found.prefix or by.group("prefix")
    if found.date is None:
        found.date = date
    return "date"


def _byline_part(text: str, start: int, end: int, found: HeadLine, rules: Rules,
                 languages: tuple[str, ...] | None) -> str | None:
    """"By X", "Par X et Y, envoyés spéciaux", "by X on 2017-02-11", "Von X, 02.02.2018"."""
    match = rules.byline_re.match(text[start:end])
    if match is None or found.prefix is not None:
        return None
    rest_start = start + match.start("rest")
    prefix = match.group("prefix")
    language = rules.byline_prefixes.get(prefix)
    hint = (language,) + tuple(other for other in languages or () if other != language) if language else languages
    date = find_date(text, rest_start, end, hint)
    names_end = end
    if date is not None:
        tail = text[date.end:end]
        timed = rules.head.time_tail.match(tail)
        if tail[timed.end() if timed else 0:].strip(" ,."):
            date = None
        else:
            names_end = date.start
    if not _take_names(text, rest_start, names_end, found, rules, languages, allow_outlet=date is not None):
        return None
    found.prefix, found.language = prefix, language
    if date is not None and found.date is None:
        found.date = date
    return "byline"


def _names_part(text: str, start: int, end: int, found: HeadLine, rules: Rules,
                languages: tuple[str, ...] | None, dates: list[FoundDate | None]) -> str | None:
    """Bare names ("Marie Leroy, Paul Girard et Sophie Blanc"), maybe with a date after a
    comma ("Fatima Zahra, 21 September 2017") or a role ("X, Middle East correspondent")."""
    if found.authors:
        piece = text[start:end]
        if found.roles or not _is_role(piece, rules) or any(ch.isdigit() for ch in piece):
            return None
        found.roles = {author: piece for author in found.authors}      # "By X | Staff Writer"
        return "role"
    date = dates[0] if dates else find_date(text, start, end, languages)
    names_end = end
    if date is not None:
        tail = text[date.end:end]
        timed = rules.head.time_tail.match(tail)
        if tail[timed.end() if timed else 0:].strip(" ,.") or not text[start:date.start].rstrip().endswith((",", "،")):
            return None
        names_end = date.start
    if not _take_names(text, start, names_end, found, rules, languages, allow_outlet=False, bare=True):
        return None
    if date is not None and found.date is None:
        found.date = date
    return "names"


def _take_names(text: str, start: int, end: int, found: HeadLine, rules: Rules,
                languages: tuple[str, ...] | None, allow_outlet: bool, bare: bool = False) -> bool:
    raw = text[start:end].rstrip(" ,;-—·|")
    last = raw.rsplit(None, 1)
    if len(last) == 2 and last[1].casefold() in rules.head.date_joiners:     # "X on", "X le"
        raw = last[0]
    raw = raw.strip(" ,;")
    note = _TRAILING_NOTE.search(raw) if raw.endswith(")") else None
    if note is not None and not bare:
        raw = raw[:note.start()].rstrip(" ,;")
    place = _trailing_place(raw, rules) if not bare else None
    if place is not None and not _is_role(_PARTS.split(raw)[-1], rules):
        raw = raw[:place[1]].rstrip(" ,;")      # "X in Beirut"; "X, inviato a Beirut" stays the role
    if not raw or len(raw) > 160:
        return False
    parts = [p for p in _PARTS.split(raw) if p] if _PART_CHAR.search(raw) else [raw]
    if len(parts) == 1 and not _all_names(parts[0], rules):
        return False         # one part, not names: neither an author nor a role with authors
    outlet = None
    if allow_outlet and len(parts) >= 2:
        last_part = parts[-1]
        if rules.outlet_named(last_part) or last_part.casefold().startswith(_DETERMINERS) or "." in last_part:
            outlet = parts.pop()
    authors: list[str] = []
    roles: dict[str, str] = {}
    group: list[str] = []          # the names the role being read belongs to
    role_parts: list[str] = []
    for part in parts:
        if role_parts:             # "X, Middle East correspondent, and Y": Y starts a new group
            joined = part.split(None, 1)
            if len(joined) == 2 and joined[0].casefold() in rules.head.author_joiners:
                names = _split_joined(joined[1], rules.head.author_joiners)
                if names and all(_name_like(n, rules) for n in names):
                    roles.update({name: ", ".join(role_parts) for name in group})
                    group, role_parts = list(names), []
                    authors.extend(names)
                    continue
        if role_parts or _is_role(part, rules):
            role_parts.append(part)
            continue
        names = _split_joined(part, rules.head.author_joiners)
        if not names or not all(_name_like(n, rules) for n in names):    # as _all_names
            if authors and not bare:
                role_parts.append(part)
                continue
            return False
        authors.extend(names)
        group.extend(names)
    if not authors or len(authors) > 8:
        return False
    found.authors = authors
    if note is not None and not bare:
        role_parts.append(note.group("note").strip())
    if role_parts:
        roles.update({name: ", ".join(role_parts) for name in group})
    if roles:
        found.roles = {author: roles[author] for author in authors if author in roles}
    if outlet:
        at = text.find(outlet, start, end)
        found.outlet = (rules.canonical_outlet(outlet), at, at + len(outlet))
    if place is not None:
        found.place = (place[0], start + place[2], start + place[2] + len(place[0]))
    return True


def _trailing_place(raw: str, rules: Rules) -> tuple[str, int, int] | None:
    """"Ann Lee and Bob Stone in Beirut", "envoyé spécial à Damas": (place, where the joiner
    starts, where the place starts) in ``raw``, for one to three capitalised words at its end."""
    joiners = rules.head.place_joiners
    words = raw.split(" ")
    for at in range(len(words) - 2, max(len(words) - 5, 0), -1):
        if words[at].casefold() not in joiners:
            continue
        place_words = words[at + 1:]
        if not all(w[:1].isupper() or (w[:1].isalpha() and w[:1].lower() == w[:1].upper())
                   for w in place_words) or _DIGIT.search(" ".join(place_words)):
            return None
        place = " ".join(place_words).rstrip(" .,")
        joiner_at = len(" ".join(words[:at]))
        return place, joiner_at, len(" ".join(words[:at + 1])) + 1
    return None


def _all_names(part: str, rules: Rules) -> bool:
    names = _split_joined(part, rules.head.author_joiners)
    return bool(names) and all(_name_like(n, rules) for n in names)


def _split_joined(part: str, joiners: frozenset[str]) -> list[str]:
    """"Laura Chen and David Moreno" -> two names (spacing inside a name kept as one space)."""
    words = part.split()
    folded = part.casefold().split()        # casefold works character by character
    if joiners.isdisjoint(folded):
        return [" ".join(words)] if words else []
    names: list[str] = []
    current: list[str] = []
    for word, fold in zip(words, folded):
        if fold in joiners and current:
            names.append(" ".join(current))
            current = []
        else:
            current.append(word)
    if current:
        names.append(" ".join(current))
    return names


def _first_word(piece: str) -> str:
    head = piece.split(None, 1)
    return head[0].casefold().rstrip(":,.") if head else ""


def _is_role(part: str, rules: Rules) -> bool:
    words = rules.head.role_words
    # casefolding the part, then cutting it, gives each word casefolded (no character folds
    # into or out of a blank or the stripped punctuation)
    return any(word.strip(_ROLE_STRIP) in words for word in part.casefold().split())


def _name_like(name: str, rules: Rules) -> bool:
    """A person's name as bylines print it: one to five words, each capitalised (or a particle),
    no digits; in scripts without capitals, few words and no role word."""
    words = name.split()
    if not 1 <= len(words) <= 5 or _DIGIT.search(name) or name.endswith(":"):
        return False
    if rules.site_lines and " ".join(words).casefold() in rules.site_lines:
        return False
    cased = [w for w in words if w[:1].isalpha() and w[:1].lower() != w[:1].upper()]
    if not cased:          # Arabic, Hebrew …: no capitals to go by
        return len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)
    for word in words:
        if not _NAME_WORD.match(word):
            return False
        if word[:1].isupper() or word.startswith("@"):
            continue
        if word.casefold() not in _PARTICLES:
            return False
    return words[0][:1].isupper() or words[0].startswith("@")


def read_translators(line: str, rules: Rules) -> list[str] | None:
    """"Translated from the French by Ann Lee", "Traduit par X et Y", "Перевод: X": the names."""
    if len(line) > 140:
        return None
    match = rules.head.translator_line.match(line)
    if match is None:
        return None
    names = _split_joined(match.group("names").rstrip(" .,"), rules.head.author_joiners)
    names = [n.strip(" ,") for part in names for n in part.split(", ") if n.strip(" ,")]
    return names if names and all(_name_like(n, rules) for n in names) else None
