"""Link markup is resolved for the reader, and every link keeps body and source offsets."""

from __future__ import annotations

from palmyra_archive.core.ingest.markup import resolve, strip_markup
from palmyra_archive.core.ingest.parse import parse_document


def test_lost_and_kept_addresses():
    source = "See [the report](#) and [Mondialisation.ca](http://Mondialisation.ca) now."
    resolved = resolve(source)
    assert resolved.text == "See the report and Mondialisation.ca now."
    lost, kept = resolved.links
    assert (lost.text, lost.target) == ("the report", None)
    assert (kept.text, kept.target) == ("Mondialisation.ca", "http://Mondialisation.ca")
    for link in resolved.links:
        assert resolved.text[link.start:link.end] == link.text
        assert source[link.source_start:link.source_end].startswith(f"[{link.text}](")


def test_emphasis_markers_are_removed_but_not_stars_in_prose():
    assert strip_markup("**Avis** : *italique* and 5 * 3") == "Avis : italique and 5 * 3"
    assert resolve("a *b* c").text == "a b c"


def test_offsets_map_back_through_removed_markup():
    source = "x *The [a](#) b* [1] end"
    resolved = resolve(source)
    index = resolved.text.index("[1]")
    start = resolved.source_offset(index)
    assert source[start:start + 3] == "[1]"


def test_brackets_never_reach_the_body():
    data = (b"Title\n\nBy A, 3 May 2017\n\nOne [lost](#) link, one [kept](https://x.org/a) and "
            b"**bold** text with a note.[2]\n\nSecond paragraph [again](#).\n")
    doc = parse_document("links.txt", data)
    art = doc.articles[0]
    assert art.body == ("One lost link, one kept and bold text with a note.[2]\n\n"
                        "Second paragraph again.")
    assert [(link.text, link.target) for link in art.links] == [("lost", None), ("kept", "https://x.org/a"),
                                                       ("again", None)]
    for link in art.links:
        assert art.body[link.body_start:link.body_end] == link.text
        assert doc.text[link.span.start:link.span.end].startswith(f"[{link.text}]")
    (marker,) = art.footnote_markers
    assert art.body[marker.body_start:marker.body_end] == "[2]"
    assert doc.text[marker.span.start:marker.span.end] == "[2]"


def test_mojibake_in_extracted_values_is_repaired_but_the_source_is_not():
    raw = "# CafÃ© crÃ¨me in Palmyraâ€™s ruins\n\nBy JosÃ© MarÃ­a, 3 May 2017\n\nBody text here is long enough.\n"
    doc = parse_document("mojibake.txt", raw.encode())
    art = doc.articles[0]
    assert art.title.value == "Café crème in Palmyra’s ruins"
    assert art.title.method.endswith("+ftfy")
    assert art.authors.value == ["José María"]
    assert doc.text == raw
