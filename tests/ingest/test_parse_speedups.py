"""The parser's shortcuts give exactly what the patterns they stand in for give (#12: speed).

Each shortcut replaces a regex scan that had no prefix to skip text by (so the engine tried it
at every character) with a search for the characters a match must start with; these tests
compare the two on crafted and on random text, so a shortcut that drifts from its pattern fails.
"""

from __future__ import annotations

import random
import re

import pytest

from palmyra_archive.core.ingest import head_line, markup, rights
from palmyra_archive.core.ingest.rules import _required_words, load_rules


def _random_texts(alphabet: list[str], count: int, seed: int, longest: int = 16) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


@pytest.mark.parametrize("text", [
    "Par Jean Dupont | Publié le 5 avril 2016", "December 14, 2016 | Written by X",
    "by Ann Lee · 4 min read", "X — DATE", "a  |  b", "a|b", "a |b| c", " | ", "2016-05-04 - X",
    "Home / About", "a\u00a0|\u00a0b", "— leading", "trailing —",
])
def test_head_line_separators_are_the_patterns_matches(text):
    _same_separators(text)


def test_head_line_separators_on_random_text():
    for text in _random_texts(list("ab |·•—–/-\u00a0\t"), 20_000, seed=5):
        _same_separators(text)


def _same_separators(text: str) -> None:
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        expected = [(m.start(), m.end()) for m in head_line._SEPARATOR.finditer(text, start, end)]
        assert [(m.start(), m.end()) for m in head_line._separators(text, start, end)] == expected, text


@pytest.mark.parametrize("text", [
    "a [link](#) and *italic* and **bold**", "[x](http://example.org/a(b)", "*", "**", "a*b*c",
    "[unclosed](", "[a]([b](#))", "x * y", "*emphasis*.", "[](#)", "[[x](#)]",
])
def test_markup_tokens_are_the_patterns_matches(text):
    _same_tokens(text)


def test_markup_tokens_on_random_text():
    for text in _random_texts(list("ab *[]()#:/h.\n x_") + ["http://", "mailto:", "**"], 20_000, seed=7,
                              longest=30):
        _same_tokens(text)


def _same_tokens(text: str) -> None:
    for start, end in ((0, len(text)), (2, len(text)), (0, max(0, len(text) - 3))):
        expected = [(m.start(), m.end(), m.group(0)) for m in markup._TOKEN.finditer(text, start, end)]
        assert [(m.start(), m.end(), m.group(0)) for m in markup._tokens(text, start, end)] == expected, text


def test_sentence_ends_are_where_the_look_behind_pattern_found_them():
    look_behind = re.compile(r"(?<=[.!?])\s+(?=\S)")
    for text in _random_texts(list(".!? \tab\n"), 20_000, seed=9) + ["© 2017 X. Prohibida su reproducción. "]:
        assert [m.end() for m in rights._SENTENCE.finditer(text)] == [m.end() for m in look_behind.finditer(text)]


@pytest.mark.parametrize("text", [
    "This work is licensed under CC BY-NC-ND 4.0.", "https://creativecommons.org/licenses/by-sa/4.0/",
    "http://creativecommons.org/publicdomain/zero/1.0/", "Creative-Commons-Lizenz", "CREATIVE COMMONS",
    "creat\u0130ve commons", "CC0", "Licence Creative Commons BY 4.0",
])
def test_every_licence_the_patterns_read_passes_the_licence_pre_check(text):
    patterns = (rights._CC_ZERO_URL, rights._CC_URL, rights._CC_CODE, rights._CC_NAMED)
    assert any(p.search(text) for p in patterns)
    assert rights._CC_ANY.search(text)


def test_the_licence_pre_check_misses_no_licence_on_random_text():
    patterns = (rights._CC_ZERO_URL, rights._CC_URL, rights._CC_CODE, rights._CC_NAMED)
    for text in _random_texts(list("cCrReEaAtTiIvVoOmMnNsS\u0130\u0131 -."), 30_000, seed=11, longest=24):
        if any(p.search(text) for p in patterns):
            assert rights._CC_ANY.search(text), text
    assert rights._CC_ANY.search("An ordinary sentence about a CITY.") is None


def test_required_words_are_the_literal_text_each_branch_opens_with():
    assert _required_words(r"(?:\bfair use\b|utilisation équitable|Section 107 of the US Law)") == (
        "fair use", "section 107 of the us law", "utilisation équitable")
    assert _required_words(r"\b(?:abc|def)ghi|jkl") == ("abc", "def", "jkl")
    # a branch that opens with a class, a short literal or a case-insensitive part says nothing
    assert _required_words(r"abc|[Dd]ef") == ()
    assert _required_words(r"ab|cde") == ()
    assert _required_words(r"(?i)fair use") == ()
    assert _required_words(r"(?i:abc)|def") == ()
    assert _required_words(None) == ()
    assert _required_words("(unbalanced") == ()


def test_every_rights_rule_needs_words_its_pattern_holds():
    """A rule's needs words are a pre-check: a line its pattern matches holds one of them."""
    rules = load_rules()
    checked = 0
    for rule in rules.rights:
        if rule.contains is None or not rule.needs:
            continue
        for word in rule.needs:
            assert word == word.casefold()
        samples = ["fair use applies", "Section 107 of the US Copyright Law", "permission to reproduce",
                   "may be freely republished", "Creative Commons", "grants permission",
                   "accorde la permission", "utilisation équitable", "CC BY 4.0", "licensed under"]
        for sample in samples:
            if rule.contains.search(sample):
                assert rule.may_contain(sample.casefold()), (rule.method, sample)
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize("part", [
    "Laura Chen and David Moreno", "Marie Leroy et Sophie Blanc", "Ann Lee", "", "  ", "A & B",
    "Ivan Petrov и Olga Smirnova", "and Bob", "Bob and", "ΣΟΦΙΑ ΚΑΙ ΑΝΝΑ",
])
def test_split_joined_is_the_word_by_word_split(part):
    joiners = load_rules().head.author_joiners
    names, current = [], []
    for word in part.split():
        if word.casefold() in joiners and current:
            names.append(" ".join(current))
            current = []
        else:
            current.append(word)
    if current:
        names.append(" ".join(current))
    assert head_line._split_joined(part, joiners) == names
