"""Find where the article ends: footer clauses, a footnote listing, a signature.

Why scan backwards: the end of a scraped page is a run of lines that are not article text
(source lines, copyright, disclaimers, menus, "1. ?" listings); walking back from the end until
a line reads as prose finds the body's last line without guessing what prose looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .markup import strip_markup
from .provenance import match_provenance
from .rights import match_rights
from .rules import Rules

FOOTNOTE_ENTRY = re.compile(r"^(?:\[(?P<a>\d{1,3})\]|(?P<b>\d{1,3})\.)\s*(?P<text>.*)$")
REFERENCE_LIKE = re.compile(r"https?://|www\.|\bibid\b|\bop\. cit\b|\bp\. ?\d", re.I)
_LONGEST_FOOTER_LINE = 5000   # footers are clauses; a longer line is article prose
_MAX_UNKNOWN_FURNITURE = 3
_SIGNATURE = re.compile(r"^(?:[—–-]\s*)?(?P<name>[^\W\d_][\w.'’ -]{1,60})$")


@dataclass
class Tail:
    body_end: int                                     # index after the body's last line
    footer: list[int] = field(default_factory=list)   # provenance, rights, contact lines
    footnotes: list[int] = field(default_factory=list)
    signature: Line | None = None
    furniture: list[int] = field(default_factory=list)   # short unknown lines among the footer


def read_tail(text: str, lines: list[Line], body_start: int, stop: int,
              site: set[int], rules: Rules) -> Tail:
    """Classify lines backwards from ``stop`` (comments or end) until article prose."""
    tail = Tail(body_end=stop)
    index = stop - 1
    # lines not yet known to be footer/furniture or article: (index, "furniture" | "footer")
    pending: list[tuple[int, str]] = []
    body_text_end = lines[body_start].start if body_start < len(lines) else 0
    while index >= body_start:
        line = lines[index]
        if index in site:
            index -= 1
            continue
        if len(line.text) > _LONGEST_FOOTER_LINE:
            break
        plain = strip_markup(line.text)
        if is_footer_line(plain, rules):
            tail.footer.append(index)
        elif _is_footnote_entry(text, line, body_text_end):
            tail.footnotes.append(index)
        elif len(pending) < _MAX_UNKNOWN_FURNITURE and _short_label(plain):
            pending.append((index, "furniture"))
            index -= 1
            continue
        elif len(pending) < _MAX_UNKNOWN_FURNITURE and tail.footer and rules.footer_words.search(plain):
            pending.append((index, "footer"))   # e.g. a garbled disclaimer between two clauses
            index -= 1
            continue
        else:
            break
        for held, kind in pending:       # a footer line above them: they were not article text
            (tail.footer if kind == "footer" else tail.furniture).append(held)
        pending.clear()
        index -= 1
    if pending:
        index = pending[0][0]            # no footer above: they belong to the article again
    tail.footer.sort()
    tail.footnotes.sort()
    if index >= body_start and _is_signature(lines[index], rules):
        tail.signature = lines[index]
        index -= 1
    tail.body_end = index + 1
    return tail


def _short_label(plain: str) -> bool:
    """A menu item or counter ("Back to Top 5", "Older posts"): few words, no sentence end."""
    return len(plain) <= 60 and len(plain.split()) <= 6 and not plain.endswith((".", "?", "!", ":"))


def is_footer_line(plain: str, rules: Rules) -> bool:
    """A provenance line, a rights statement, a contact line or a reprint's "otherwise" clause."""
    return (match_provenance(plain, rules) is not None or match_rights(plain, rules) is not None
            or bool(rules.contact_line.match(plain)) or bool(rules.otherwise_opens.match(plain)))


def _is_footnote_entry(text: str, line: Line, body_text_start: int) -> bool:
    """A listing entry: its marker occurs in the text above, or it reads as a reference."""
    match = FOOTNOTE_ENTRY.match(line.text)
    if not match or line.indent > 0:
        return False
    label = match.group("a") or match.group("b")
    entry = match.group("text").strip()
    if REFERENCE_LIKE.search(entry):
        return True
    cited_above = text.find(f"[{label}]", body_text_start, line.start) >= 0
    return cited_above and len(entry) < 300


def _is_signature(line: Line, rules: Rules) -> bool:
    """A short name alone on the last line ("O Mouggos", "— The Editors")."""
    if len(line.text) > 120:
        return False
    plain = strip_markup(line.text)
    words = plain.split()
    if not 1 <= len(words) <= rules.signature_max_words or plain.endswith((".", ":", ";", ",", "?", "!")):
        return False
    match = _SIGNATURE.match(plain)
    return bool(match) and all(w[:1].isupper() or w in "—–-" for w in words)
