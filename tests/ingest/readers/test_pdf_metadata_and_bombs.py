"""A PDF's XMP packet is read beside its Info dictionary (#10), and a stream that inflates past
the limit is refused with one sentence before it fills memory."""

from __future__ import annotations

import tracemalloc

from palmyra_archive.core.ingest.readers import pdf as pdf_reader

from . import builders

BODY = ["The council met on Tuesday and agreed to rebuild the weir before the winter floods.",
        "Residents said the plan came too late for the houses already lost."]


def _count(archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_xmp_metadata_is_kept_as_evidence_and_fills_what_the_text_lacks(archive, tmp_path):
    packet = builders.xmp_packet(title="Weir plan approved", creators=["Ines Roth", "Paul Mer"],
                                 created="2024-02-03T09:15:00Z", producer="LibreOffice 7.6")
    (tmp_path / "weir.pdf").write_bytes(builders.pdf([BODY], xmp=packet))
    report = archive.importer.import_paths([tmp_path / "weir.pdf"])
    assert report.imported == 1, report.outcomes[0].message
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    found = {(m["scheme"], m["key"]): m["value"] for m in detail["file_metadata"]}
    assert found[("xmp", "dc:title")] == "Weir plan approved"
    assert found[("xmp", "pdf:Producer")] == "LibreOffice 7.6"
    assert found[("xmp", "xmp:CreateDate")].startswith("2024-02-03T09:15:00")
    creators = [m["value"] for m in detail["file_metadata"] if m["key"] == "dc:creator"]
    assert creators == ["Ines Roth", "Paul Mer"]
    assert detail["title"] == "Weir plan approved"
    assert detail["authors"] == ["Ines Roth", "Paul Mer"]


def test_the_info_dictionary_comes_first_and_both_are_kept(archive, tmp_path):
    packet = builders.xmp_packet(title="An older working title", producer="Word 16")
    (tmp_path / "weir.pdf").write_bytes(builders.pdf([BODY], title="Weir plan approved",
                                                     author="Ines Roth", xmp=packet))
    report = archive.importer.import_paths([tmp_path / "weir.pdf"])
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    assert detail["title"] == "Weir plan approved"
    found = {(m["scheme"], m["key"]): m["value"] for m in detail["file_metadata"]}
    assert found[("info", "Title")] == "Weir plan approved"
    assert found[("xmp", "dc:title")] == "An older working title"


def test_a_pdf_without_xmp_has_only_its_info(archive, tmp_path):
    (tmp_path / "plain.pdf").write_bytes(builders.pdf([BODY], title="Weir plan approved"))
    report = archive.importer.import_paths([tmp_path / "plain.pdf"])
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    assert {m["scheme"] for m in detail["file_metadata"]} == {"info"}


def test_a_stream_inflating_past_the_limit_is_refused_in_one_sentence(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 2 * 1024 * 1024)
    bomb = builders.deflated_zeros(8 * 1024 * 1024)
    (tmp_path / "bomb.pdf").write_bytes(builders.pdf([BODY], flate_streams=[bomb]))
    (tmp_path / "fine.pdf").write_bytes(builders.pdf([BODY], title="Weir plan approved"))
    report = archive.importer.import_paths([tmp_path])
    assert report.imported == 1
    [failure] = report.failures
    assert failure.message.startswith("bomb.pdf holds a compressed stream that inflates to more "
                                      "than 2 MB"), failure.message
    assert failure.message.count(". ") == 0 and "Traceback" not in failure.message
    assert _count(archive, "sources") == 1


def test_a_bomb_at_the_real_limit_does_not_fill_memory(tmp_path):
    size = 320 * 1024 * 1024       # a third of a gigabyte from a third of a megabyte
    data = builders.pdf([BODY], flate_streams=[builders.deflated_zeros(size)])
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        try:
            pdf_reader.PdfReader().read("bomb.pdf", data)
        except pdf_reader.ImportFailed as exc:
            message = str(exc)
        else:
            raise AssertionError("the bomb was read")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "inflates to more than 64 MB" in message
    # inflating stops at the bound: what is held is the bound's output (and one copy of it),
    # not the half gigabyte the stream would give
    assert peak < 2 * pdf_reader.MAX_STREAM_BYTES + 16 * 1024 * 1024, peak


def test_many_streams_under_the_limit_are_bounded_in_all(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1024 * 1024)
    monkeypatch.setattr(pdf_reader, "MAX_DECODED_BYTES", 3 * 1024 * 1024)
    data = builders.pdf([BODY], flate_streams=[builders.deflated_zeros(900 * 1024)] * 5)
    try:
        pdf_reader.PdfReader().read("many.pdf", data)
    except pdf_reader.ImportFailed as exc:
        assert "inflate to more than 3 MB in all" in str(exc)
    else:
        raise AssertionError("five streams of 900 KB were read under a 3 MB bound")
