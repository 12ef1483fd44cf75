"""Anchoring a remembered passage in a text that may have changed (core/annotate/anchoring.py)."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.annotate.anchoring import Selector, anchor, describe, occurrences

TEXT = ("The mayor said on Monday that the bridge would reopen in spring. Critics were not "
        "convinced. “We have heard this before,” said a local shopkeeper, who asked not to be "
        "named. The council will vote on the budget next week, the mayor added.")


def _select(text, quote):
    start = text.index(quote)
    return describe(text, start, start + len(quote))


def test_unchanged_text_keeps_the_exact_span():
    sel = _select(TEXT, "the bridge would reopen in spring")
    placed = anchor(TEXT, sel)
    assert (placed.start, placed.end, placed.status) == (sel.start, sel.end, "anchored")


def test_insertion_before_the_passage_moves_the_anchor():
    sel = _select(TEXT, "Critics were not convinced.")
    edited = "UPDATED: a new first paragraph was added here.\n\n" + TEXT
    placed = anchor(edited, sel)
    assert placed.status == "moved"
    assert edited[placed.start:placed.end] == "Critics were not convinced."


def test_edit_inside_the_passage_anchors_fuzzily_on_the_new_words():
    sel = _select(TEXT, "“We have heard this before,” said a local shopkeeper")
    edited = TEXT.replace("a local shopkeeper", "a local baker")
    placed = anchor(edited, sel)
    assert placed.status == "fuzzy"
    assert edited[placed.start:placed.end] == "“We have heard this before,” said a local baker"


def test_deleted_passage_is_not_placed_anywhere():
    quote = "“We have heard this before,” said a local shopkeeper, who asked not to be named. "
    sel = _select(TEXT, quote)
    assert anchor(TEXT.replace(quote, ""), sel) is None


def test_duplicate_quote_is_disambiguated_by_context():
    text = ("In Kyiv, officials said the strike hit a school. Later, in Kharkiv, officials said "
            "the strike hit a school as well.")
    second = text.index("officials said the strike hit a school", 30)
    sel = describe(text, second, second + len("officials said the strike hit a school"))
    edited = "Breaking. " + text.replace("Later, in Kharkiv", "Hours later, in Kharkiv")
    placed = anchor(edited, sel)
    assert placed.status == "moved"
    assert edited[placed.start - len("in Kharkiv, "):placed.start] == "in Kharkiv, "


def test_no_break_spaces_and_line_breaks_are_matched_as_spaces():
    sel = _select(TEXT, "Critics were not convinced.")
    edited = TEXT.replace("Critics were not", "Critics\u00a0were\n  not")
    placed = anchor(edited, sel)
    assert edited[placed.start:placed.end] == "Critics\u00a0were\n  not convinced."


def test_short_quote_is_never_placed_fuzzily():
    sel = _select(TEXT, "mayor")
    assert anchor(TEXT.replace("mayor", "mayer"), sel) is None


def test_occurrences_counts_every_place():
    assert len(occurrences(TEXT, "mayor")) == 2
    assert len(occurrences(TEXT, "the mayor")) == 1  # matching is case-sensitive
    assert occurrences(TEXT, "no such words") == []


words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "war", "peace", "–",
                                  "\u00a0", "city", "Київ", "said", ",", "."]),
                 min_size=3, max_size=80).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=words, data=st.data())
def test_unchanged_text_anchors_every_span_where_it_was(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = describe(text, start, end)
    placed = anchor(text, sel)
    assert (placed.start, placed.end) == (start, end)


@settings(max_examples=200, deadline=None)
@given(text=words, inserted=words, data=st.data())
def test_insertion_before_a_unique_span_shifts_it(text, inserted, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = describe(text, start, end)
    new_text = inserted + "\n" + text
    assume(sel.exact.strip() and len(occurrences(new_text, sel.exact)) == 1)
    placed = anchor(new_text, sel)
    shift = len(inserted) + 1
    assert placed is not None
    assert new_text[placed.start:placed.end].split() == sel.exact.split()
    assert placed.start >= shift


def test_selector_keeps_32_characters_of_context():
    sel = _select(TEXT, "Critics were not convinced.")
    assert len(sel.prefix) == 32 and len(sel.suffix) == 32
    assert TEXT[sel.start - 32:sel.start] == sel.prefix
    assert isinstance(sel, Selector)


@settings(max_examples=200, deadline=None)
@given(text=words, data=st.data(), shift=st.integers(-500, 500))
def test_stale_positions_on_unchanged_text_find_the_unique_quote(text, data, shift):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = describe(text, start, end)
    assume(sel.exact.strip() and len(occurrences(text, sel.exact)) == 1)
    stale = Selector(sel.exact, sel.prefix, sel.suffix, max(0, start + shift), max(0, end + shift))
    placed = anchor(text, stale)
    assert text[placed.start:placed.end].split() == sel.exact.split()
