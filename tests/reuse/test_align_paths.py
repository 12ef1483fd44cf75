"""Aligning two copies (#11): an unchanged paragraph is aligned at once, a changed one by its
shared word triples and ``fuzz.ratio``, a quoted one inside a longer paragraph, and a tie
between two equally good paragraphs always goes to the first (whatever the process)."""

from __future__ import annotations

from palmyra_archive.core.reuse import align

P1 = ("The harbour board met on Tuesday evening to discuss the dredging contract, which has been "
      "delayed twice since the spring because of a dispute over the disposal of silt.")
P2 = ("Council members said the delay had already cost the port two large cargo calls and warned "
      "that a third postponement would put the summer ferry timetable at risk as well.")
P3 = ("Residents of the old quarter have complained for years about the noise of night-time "
      "loading, and a petition with four hundred signatures was handed to the mayor in May.")


def _spans(result, a, b):
    return [(a[p.a_start:p.a_end], b[p.b_start:p.b_end], p.how) for p in result.passages]


def test_unchanged_changed_and_quoted_paragraphs_are_each_aligned():
    changed = P2.replace("two large", "two big").replace("ferry", "ferries")
    quoted = f"As one councillor put it at the meeting, in so many words: {P3} Nobody disagreed."
    a = "\n".join([P1, P2, P3])
    b = "\n".join([changed, P1, quoted])
    result = align.align(a, b)
    spans = _spans(result, a, b)
    assert (P1, P1, "whole") in spans
    assert (P2, changed, "whole") in spans
    inside = [s for s in spans if s[2] == "inside"]
    assert len(inside) == 1 and inside[0][0] == P3 and P3[:40] in inside[0][1]
    assert result.share_a == 1.0 and 0.8 < result.share_b < 1.0     # the quote's frame is not reused
    assert result.reused_words == sum(len(align.words(p)) for p in (P1, P2, P3))


def test_a_paragraph_the_other_copy_does_not_have_is_left_out():
    a, b = "\n".join([P1, P2]), "\n".join([P1, P3])
    spans = _spans(align.align(a, b), a, b)
    assert spans == [(P1, P1, "whole")]


def test_of_two_equally_good_paragraphs_the_first_is_taken():
    changed = P2.replace("cargo", "freight")
    b = "\n".join([P2, P1, P2])                       # the same paragraph twice in b
    a = "\n".join([changed])
    passages = align.align(a, b).passages
    assert len(passages) == 1 and passages[0].b_start == 0
    assert align.align(a, "\n".join([P1, P2, P2])).passages[0].b_start == len(P1) + 1
