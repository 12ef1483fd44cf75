"""Turning what a person types into a safe FTS5 query.

Why: FTS5's own syntax treats ``-``, ``^``, ``:``, ``NEAR(`` and unbalanced quotes as
operators or errors, so raw user text would fail or mean something else. Here every bare word
becomes a quoted token, ``"quoted phrases"`` stay phrases, a trailing ``*`` makes a prefix,
and the upper-case keywords ``OR``, ``AND`` and ``NOT`` keep their meaning. What cannot be
made sense of raises ``SearchSyntaxError`` with a sentence saying why.
"""

from __future__ import annotations

import re

from ..store.errors import SearchSyntaxError

OPERATORS = ("OR", "AND", "NOT")
_PIECE = re.compile(r'"([^"]*)("?)|(\S+)')
_HAS_TOKEN = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _word_term(word: str) -> str | None:
    """A bare word as one quoted token; ``word*`` as a prefix; punctuation alone as nothing."""
    prefix = word.endswith("*")
    core = word.rstrip("*").replace('"', " ").strip()
    if not _HAS_TOKEN.search(core):
        return None
    return _quote(core) + ("*" if prefix else "")


def _phrase_term(text: str) -> str | None:
    text = text.strip()
    prefix = text.endswith("*")
    text = text.rstrip("*")
    if not _HAS_TOKEN.search(text):
        return None
    return _quote(text) + ("*" if prefix else "")


def pieces(text: str) -> list[str]:
    """The terms and operators in the order typed (no-break spaces separate words)."""
    text = _CONTROL.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " "))
    out: list[str] = []
    for match in _PIECE.finditer(text):
        phrase, _closed, word = match.groups()
        if word is None:
            term = _phrase_term(phrase)
        elif word in OPERATORS:
            term = word
        else:
            term = _word_term(word)
        if term:
            out.append(term)
    return out


def to_fts_query(text: str) -> str:
    """The FTS5 MATCH expression for the user's text; '' when there is nothing to look for."""
    return " ".join(_checked_items(text))


def to_article_query(text: str) -> tuple[str, list[str]]:
    """(what must match, [what must not]) with NOT applying to the whole article.

    FTS5 evaluates NOT inside one indexed row, so "palmyra NOT army" would still find an
    article whose title says Palmyra and whose body says army; splitting at NOT lets the
    archive exclude articles where the excluded words stand anywhere.
    """
    items = _checked_items(text)
    segments: list[list[str]] = [[]]
    for item in items:
        if item == "NOT":
            segments.append([])
        else:
            segments[-1].append(item)
    return " ".join(segments[0]), [" ".join(seg) for seg in segments[1:] if seg]


def to_article_terms(text: str) -> tuple[list[list[str]], list[str]]:
    """([[terms all of which must match], … one list per OR alternative], [what must not]).

    Why terms apart: FTS5 evaluates AND inside one indexed row, so "palmyra museum" would miss
    an article titled Palmyra whose body says museum. The search matches each term anywhere
    in the article and intersects (``search.matching_sql``). OR binds loosest, as in FTS5:
    ``a b OR c`` is (a AND b) OR c. Excluded parts are as in ``to_article_query``.
    """
    wanted, excluded = to_article_query(text)
    alternatives: list[list[str]] = [[]]
    for item in _checked_items(text):
        if item == "NOT":
            break
        if item == "OR":
            alternatives.append([])
        elif item != "AND":
            alternatives[-1].append(item)
    return [alt for alt in alternatives if alt] if wanted else [], excluded


def _checked_items(text: str) -> list[str]:
    items = pieces(text)
    while items and items[-1] in OPERATORS:
        items.pop()
    while items and items[0] in ("OR", "AND"):
        items.pop(0)
    if not items:
        return []
    if items[0] == "NOT":
        raise SearchSyntaxError("NOT needs a word before it, for example: palmyra NOT museum.")
    for left, right in zip(items, items[1:]):
        if left in OPERATORS and right in OPERATORS:
            raise SearchSyntaxError(
                f"'{left} {right}' cannot be searched: put a word between the two keywords.")
    return items


_WORD = re.compile(r"\w+")


def _fold(word: str) -> str:
    """A word as the search's tokenizer compares it: case and accents ignored."""
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(ch)).casefold()


def highlight_terms(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """What a search looks for, to mark in a text: (folded words of a term or phrase, whether
    its last word is a prefix); NOT parts are left out. A query that cannot be read has none."""
    try:
        alternatives, _excluded = to_article_terms(text)
    except SearchSyntaxError:
        return []
    terms = []
    for term in (t for alt in alternatives for t in alt):
        prefix = term.endswith("*")
        words = tuple(_fold(w) for w in _WORD.findall(term.rstrip("*")[1:-1].replace('""', '"')))
        if words and (words, prefix) not in terms:
            terms.append((words, prefix))
    return terms


def match_spans(query: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` of every word or phrase ``query`` looks for, in order:
    whole words, a ``carav*`` prefix at word starts, case and accents ignored as the search does."""
    terms = highlight_terms(query)
    if not terms:
        return []
    tokens = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
    spans = set()
    for words, prefix in terms:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if all(tokens[i + k][2] == words[k] for k in range(n - 1)) and (
                    tokens[i + n - 1][2].startswith(words[-1]) if prefix
                    else tokens[i + n - 1][2] == words[-1]):
                spans.add((tokens[i][0], tokens[i + n - 1][1]))
    return sorted(spans)
