"""Decoding: what is accepted (and how), what is refused (and with which sentence)."""

from __future__ import annotations

import codecs

import pytest

from palmyra_archive.core.errors import ImportFailed
from palmyra_archive.core.ingest import reading
from palmyra_archive.core.ingest.parse import MAX_SOURCE_BYTES, parse_document

FRENCH = "Par Jean Dupont, 3 avril 2017\n\nLa reprise de Palmyre a été présentée comme très décisive, à tort.\n"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"   \n\t\r\n  ", "empty"),
    (codecs.BOM_UTF8 + b"  \n ", "blank space"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"%PDF-1.4\n" + bytes(range(1, 9)) * 40, "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid"),
])
def test_refusals_say_why(data, words):
    with pytest.raises(ImportFailed) as caught:
        parse_document("bad.txt", data)
    assert words in caught.value.message
    assert "bad.txt" in caught.value.message
    assert caught.value.path == "bad.txt"


def test_too_large_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SOURCE_BYTES", 1024)
    with pytest.raises(ImportFailed, match="larger than"):
        reading.decode_source("big.txt", b"a" * 2048)
    assert MAX_SOURCE_BYTES == 64 * 1024 * 1024


def test_nul_in_the_middle_of_text_is_refused():
    with pytest.raises(ImportFailed, match="NUL"):
        parse_document("nul.txt", b"Title\n\nSome text" + b"\x00" + b" more text" * 20)


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("utf-32", "utf-32"),
])
def test_unicode_with_and_without_bom(encoding, expected):
    doc = parse_document("a.txt", FRENCH.encode(encoding))
    assert doc.text == FRENCH
    assert doc.encoding.startswith(expected)
    assert doc.articles[0].date.value == "2017-04-03"


def test_latin1_is_decoded_with_a_warning():
    doc = parse_document("latin.txt", FRENCH.encode("latin-1"))
    assert doc.text == FRENCH
    assert doc.encoding == "cp1252"
    assert any("not UTF-8" in w for w in doc.warnings)
    assert doc.articles[0].body.endswith("très décisive, à tort.")


def test_text_is_kept_exactly_as_decoded():
    raw = "Title\r\n\r\nBy A, 3 May 2017\rBody one.\n\r\nBody \u00a0two.\r\n"
    doc = parse_document("mixed.txt", raw.encode())
    assert doc.text == raw
    art = doc.articles[0]
    assert (art.title.value, art.authors.value, art.date.value) == ("Title", ["A"], "2017-05-03")
    assert art.body == "Body one.\n\nBody \u00a0two."
    assert doc.text[art.body_span.start:art.body_span.end].endswith("two.")
