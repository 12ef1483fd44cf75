"""Hostile shapes of input parse correctly and in linear time (no regex backtracking traps).

These are correctness tests on large inputs; the time they take is measured by
``benchmarks/bench_parse.py --pathological``, never asserted here.
"""

from __future__ import annotations

from palmyra_archive.core.ingest.parse import parse_document


def test_a_single_megabyte_line_of_markup():
    data = b"word [x](#) *y* " * 65536
    art = parse_document("line.txt", data).articles[0]
    assert art.body.startswith("word x y word x y")
    assert len(art.links) == 65536 and all(link.target is None for link in art.links)
    assert "title" in art.needs_review


def test_unclosed_brackets_and_stars_stay_text():
    data = b"Title\n\nBy A, 3 May 2017\n\n" + b"[" * 200_000 + b"](" * 50_000 + b"\n\n" + b"*" * 200_000
    art = parse_document("brackets.txt", data).articles[0]
    assert art.body.startswith("[[[[") and art.links == []


def test_ten_thousand_deep_indentation():
    data = ("Title\n\nBy A, 3 May 2017\n\nText.\n\n"
            + "".join(" " * (i + 1) + "\u2022 r\n" for i in range(10_000))).encode()
    art = parse_document("deep.txt", data).articles[0]
    assert len(art.comments) == 10_000 and art.comments[-1].depth == 9_999


def test_a_line_of_spaces_and_lonely_carriage_returns():
    data = b"Title\r\r" + b" " * 500_000 + b"\rBy A, 3 May 2017\r\rBody.\r"
    doc = parse_document("cr.txt", data)
    art = doc.articles[0]
    assert (art.title.value, art.date.value, art.body) == ("Title", "2017-05-03", "Body.")


def test_provenance_patterns_do_not_backtrack_on_long_lines():
    line = "The original source of this article is " + "x, " * 5000 + "\n"
    art = parse_document("src.txt", ("Title\n\nBody text here.\n\n" + line).encode()).articles[0]
    assert art.republications == []
