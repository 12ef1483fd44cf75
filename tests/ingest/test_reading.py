"""Decoding: what is accepted (and how), what is refused (and with which sentence)."""

from __future__ import annotations

import codecs

import pytest

from palmyra_archive.core.ingest import reading
from palmyra_archive.core.ingest.parse import MAX_SOURCE_BYTES, parse_document
from palmyra_archive.core.store.errors import ImportFailed

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


# -- guessed and damaged decodings (#21) ------------------------------------------------------

INVALID_UTF8_ZOO = [
    b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xe2\x82\x28\xf0\x28\x8c\xbc\xf0\x90\x28\xbc",
    b"\x80\x81\xc0\xaf\xed\xa0\x80\xed\xbf\xbf\xc0\x80\xe0\x80\xaf\xf4\x90\x80\x80",
    b"\xed\xa0\x80",                                  # a lone surrogate, nothing else
    b"Title\n\n" + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xe2\x82\x28\xf0\x28\x8c\xbc\xf8\xa1" * 30,
]


@pytest.mark.parametrize("data", INVALID_UTF8_ZOO)
def test_mostly_invalid_bytes_are_refused_not_read_as_a_code_page(data):
    with pytest.raises(ImportFailed) as caught:
        reading.decode_source("zoo.txt", data)
    assert "could not be decoded" in caught.value.message or "not valid" in caught.value.message


@pytest.mark.parametrize("text, encoding", [
    ("café", "cp1252"), ("São Paulo", "cp1252"), (FRENCH, "cp1252"),
    ("Пальмира стоит в пустыне. Это длинный текст о городе.", "cp1251"),
    ("Пальмира стоит в пустыне. Это длинный текст о городе.", "koi8-r"),
    ("Η Παλμύρα βρίσκεται στην έρημο της Συρίας.", "cp1253"),
    ("Prix : 5 €, © 2017, 20 °C", "cp1252"),
])
def test_a_guessed_code_page_is_kept_and_flagged_for_review(text, encoding):
    decoded = reading.decode_source("legacy.txt", text.encode(encoding))
    assert decoded.text == text
    assert decoded.review == (f"encoding guessed ({decoded.encoding})",)
    doc = parse_document("legacy.txt", text.encode(encoding))
    assert f"encoding guessed ({decoded.encoding})" in doc.articles[0].needs_review


def test_utf8_and_a_declared_encoding_are_not_guesses():
    assert reading.decode_source("a.txt", FRENCH.encode()).review == ()
    html = (b'<html><head><meta charset="windows-1251"></head><body>'
            + "Пальмира стоит".encode("cp1251") + b"</body></html>")
    decoded = reading.decode_source("a.html", html)
    assert decoded.encoding == "cp1251" and decoded.review == () and "Пальмира" in decoded.text


def test_utf8_with_a_lone_surrogate_is_read_as_utf8_and_flagged():
    data = "Title\n\nLa reprise a été présentée, mais \udc80 ici.".encode("utf-8", "surrogatepass")
    decoded = reading.decode_source("s.txt", data)
    assert decoded.encoding == "utf-8" and "été" in decoded.text and "\ufffd" in decoded.text
    assert decoded.review == ("encoding: 3 invalid UTF-8 sequences replaced",)
