"""Comment threads become trees from their printed layout, at any depth."""

from __future__ import annotations

from palmyra_archive.core.ingest.comments import read_thread, thread_start
from palmyra_archive.core.ingest.lines import split_lines
from palmyra_archive.core.ingest.parse import parse_document

ARTICLE = "Title\n\nBy A, 3 May 2017\n\nThe article text ends here.\n\n"


def tree(text: str):
    lines = split_lines(text)
    start = thread_start(lines, 0)
    return [(c.parent_index, c.depth, c.text) for c in read_thread(text, lines, start, len(lines), set())]


def test_numbered_top_level_bullets_reply_deeper_numbers_are_content():
    text = ARTICLE + (
        "  1. First comment\n"
        "    with a second line.\n\n"
        "    • A reply\n\n"
        "      • A reply to the reply\n\n"
        "    • Second reply to the first\n\n"
        "  2. Pick one:\n"
        "    1. this\n"
        "    2. that\n\n"
        "  3. Last\n")
    assert tree(text) == [
        (None, 0, "First comment\nwith a second line."),
        (0, 1, "A reply"),
        (1, 2, "A reply to the reply"),
        (0, 1, "Second reply to the first"),
        (None, 0, "Pick one:\n1. this\n2. that"),
        (None, 0, "Last"),
    ]


def test_numbered_points_at_the_margin_belong_to_the_article():
    text = ARTICLE + "1. A point of the article.\n\n2. Another point.\n\nClosing words.\n"
    art = parse_document("points.txt", text.encode()).articles[0]
    assert art.comments == []
    assert art.body.endswith("2. Another point.\n\nClosing words.")


def test_very_deep_thread_is_linear_and_exact():
    depth = 3000
    text = ARTICLE + "  1. Top\n" + "".join(" " * (i + 3) + f"• reply {i}\n" for i in range(depth))
    art = parse_document("deep.txt", text.encode()).articles[0]
    assert len(art.comments) == depth + 1
    assert [c.depth for c in art.comments] == list(range(depth + 1))
    assert all(c.parent_index == c.index - 1 for c in art.comments[1:])
    assert art.body == "The article text ends here."


def test_says_reply_layout_with_authors():
    text = ARTICLE + ("Ann says:\nGood.\nReply\n\n    Bob says:\n    Not so good.\n    Reply\n\n"
                      "        Ann says:\n        Why?\n        Reply\n\nCid says:\nHello\nReply\n")
    art = parse_document("says.txt", text.encode()).articles[0]
    assert [(c.author, c.parent_index, c.depth, c.text) for c in art.comments] == [
        ("Ann", None, 0, "Good."), ("Bob", 0, 1, "Not so good."), ("Ann", 1, 2, "Why?"),
        ("Cid", None, 0, "Hello")]
    assert any(r.kind == "comments" for r in art.regions)


def test_footer_below_the_thread_is_not_a_comment():
    text = ARTICLE + ("Ann says:\nGood.\nReply\n\nBob says:\nBad.\nReply\n\n"
                      "Copyright © 2017 The Daily. All rights reserved.\nBack to Top\nPrivacy policy\n")
    art = parse_document("after.txt", text.encode()).articles[0]
    assert [c.text for c in art.comments] == ["Good.", "Bad."]
    (statement,) = art.rights
    assert (statement.kind, statement.holder, statement.year) == ("copyright", "The Daily", 2017)
    kinds = [r.kind for r in art.regions]
    assert kinds[-3:] == ["comments", "rights", "site_text"]


def test_indented_thread_ends_at_the_margin():
    text = ARTICLE + "  1. A comment\n\n    • A reply\n\nSource: Reuters\n"
    art = parse_document("margin.txt", text.encode()).articles[0]
    assert [c.text for c in art.comments] == ["A comment", "A reply"]
    assert [h.from_outlet for h in art.republications] == ["Reuters"]


def test_an_indented_list_inside_the_article_is_not_a_thread():
    text = ("Title\n\nBy A, 3 May 2017\n\nThe report lists three demands from the negotiators:\n\n"
            "  • a ceasefire in the east\n  • open roads for convoys\n\n"
            "Neither side has answered the demands so far, and the talks are due to resume in Geneva "
            "next week, diplomats said on Tuesday evening.\n")
    art = parse_document("list.txt", text.encode()).articles[0]
    assert art.comments == []
    assert "• a ceasefire in the east" in art.body
    assert art.body.endswith("diplomats said on Tuesday evening.")


def test_a_sentence_opening_with_by_is_not_a_byline():
    text = "Title\n\nBy the end of 2016, the army had retaken most of the city and its outskirts.\n\nMore text.\n"
    art = parse_document("by.txt", text.encode()).articles[0]
    assert art.byline.status == "missing"
    assert art.body.startswith("By the end of 2016")
