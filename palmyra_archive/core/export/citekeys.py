"""Author names as citation styles need them, and stable, unique citation keys.

A person's name is split into given and family names; an organisation or a pseudonym
("Moon of Alabama", "Inside Syria Media Center", "omouggos") is kept whole as a literal name,
because splitting it would print "Alabama, Moon of". Which is which is decided by the word
list in ``resources/csl/organisation-words.json`` plus a few generic rules (see ``is_literal``).

Keys look like ``mirzaei2016second``: the first author's family name (or the first word of a
literal name, or of the outlet), the year, the first significant title word, ASCII only; a
letter is appended when two works would share one. They depend only on the exported values,
so the same archive exports the same keys every time.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..store.paths import resource

STOPWORDS = {"a", "an", "the", "of", "on", "in", "and", "or", "to", "for", "how", "why", "what",
             "is", "are", "le", "la", "les", "un", "une", "des", "du", "de", "et", "der", "die",
             "das", "el", "los", "al"}


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(resource("csl", "organisation-words.json").read_text(encoding="utf-8"))
    return frozenset(data["words"]), frozenset(data["particles_that_stay_in_a_personal_name"])


def is_literal(name: str, outlets: frozenset[str] = frozenset()) -> bool:
    """True for organisations and pseudonyms, which must not be split into given/family."""
    words = name.split()
    org_words, particles = _word_lists()
    if len(words) < 2 or len(words) > 4 or name.casefold() in outlets:
        return True
    if any(w.casefold().strip(".,") in org_words for w in words):
        return True
    inner = words[1:-1]
    return any(w.islower() and w not in particles for w in inner) or not all(
        w[:1].isupper() or w in particles for w in words)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a personal name; particles ("van", "al") stay with the family name."""
    _, particles = _word_lists()
    words = name.split()
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in particles:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def key_stem(authors: list[str], outlet: str | None, date: str | None, title: str | None,
             outlets: frozenset[str] = frozenset()) -> str:
    """The key before de-duplication: name + year + title word."""
    name = ""
    if authors:
        first = authors[0]
        words = first.split() if is_literal(first, outlets) else split_name(first)[1].split()
        name = next((ascii_word(w) for w in words if ascii_word(w) and w.casefold() not in STOPWORDS), "")
    if not name and outlet:
        name = next((ascii_word(w) for w in re.split(r"[\s.]+", outlet) if ascii_word(w)), "")
    year = date[:4] if date and re.match(r"\d{4}", date) else "nd"
    word = ""
    for w in re.findall(r"[\w’']+", title or ""):
        if w.casefold() not in STOPWORDS and ascii_word(w):
            word = ascii_word(w)
            break
    return (name or "anon") + year + word


def assign_keys(articles, outlets: frozenset[str] = frozenset()) -> None:
    """Give each ``ArticleRecord`` a unique ``key`` (a, b, c … appended on a clash)."""
    seen: dict[str, int] = {}
    stems = [key_stem(a.authors, a.primary.outlet, a.primary.date, a.title, outlets) for a in articles]
    clashes = {s for s, n in Counter(stems).items() if n > 1}
    for article, stem in zip(articles, stems):
        if stem in clashes:
            n = seen.get(stem, 0)
            seen[stem] = n + 1
            article.key = stem + _letters(n)
        else:
            article.key = stem
    _break_remaining_ties(articles)


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _break_remaining_ties(articles) -> None:
    """A stem plus a letter may equal another stem ("x2016a"): number those, rarely needed."""
    taken: set[str] = set()
    for article in articles:
        key, n = article.key, 2
        while key in taken:
            key = f"{article.key}-{n}"
            n += 1
        article.key = key
        taken.add(key)
