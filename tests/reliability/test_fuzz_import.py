"""Arbitrary bytes and text into ``import_bytes``: a clear outcome, bounded time, no half article.

An outcome saying "unexpected error" means the importer caught a bug of its own (it logs a
traceback); these tests count that as a failure, so a crash in parsing cannot hide behind the
importer's safety net.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.archive import Archive

from .helpers import assert_archive_whole

#: a single file may cost this much CPU at most (CPU time, so a loaded machine does not trip it)
PER_FILE = timedelta(seconds=3)
TABLES = ("sources", "articles", "copies", "events", "republications", "rights_statements",
          "comments", "footnotes", "captions", "links", "source_regions", "outlets", "tags")

FRAGMENTS = st.sampled_from([
    "# ", "## ", "By ", "Jane Doe", "and", "\n", "\n\n", "\r\n", "\r", "\t", "    ", "—", "–",
    "Published 12 March 2023", "2023-03-12", "01/02/03", "Originally published by", "Courtesy of",
    "© 2024 The Ledger. All rights reserved.", "This article is republished under CC BY 4.0.",
    "[link](http://example.com)", "![x](http://example.com/a.png)", "<img src=http://x/y.png>",
    "[1]", "[^1]", "*", "**bold**", "> quote", "- item", "1.", "Comments", "Reply", "Share",
    "Photo: ", "Caption:", "Source:", "Updated:", "\u00a0", "\u200b", "\ufeff", "é", "ü", "ß",
    "日本語", "العربية", "Ελληνικά", "🙂", "\x00", "\x1b[31m", "\ud7ff", "|", "```", "<!-- -->",
])
ARTICLE_LIKE = st.lists(FRAGMENTS, max_size=120).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1", "cp1252", "utf-32"])


def _counts(archive) -> dict[str, int]:
    return {t: archive.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace") if encoding in ("latin-1", "cp1252") \
        else text.encode(encoding, errors="surrogatepass")


def _check_one(archive, name: str, data: bytes) -> None:
    before = _counts(archive)
    started = time.process_time()
    outcome = archive.importer.import_bytes(name, data)
    assert time.process_time() - started < PER_FILE.total_seconds()
    assert outcome.status in ("imported", "new_version", "unchanged", "failed"), outcome
    assert outcome.message and "unexpected error" not in outcome.message, outcome.message
    after = _counts(archive)
    if outcome.status == "failed":
        assert after == before, f"a failed import changed the archive: {outcome.message}"
        return
    if outcome.status == "unchanged":
        assert {k: v for k, v in after.items() if k != "events"} == \
               {k: v for k, v in before.items() if k != "events"}
        return
    assert after["sources"] == before["sources"] + 1
    assert outcome.article_ids
    for article_id in outcome.article_ids:
        row = archive.db.execute(
            "SELECT c.body, s.sha256 FROM articles a JOIN copies c ON c.id = a.primary_copy_id "
            "JOIN sources s ON s.id = c.source_id WHERE a.id = ?", [article_id]).fetchone()
        assert row is not None and row[0] is not None


def _fuzz_archive(tmp_path) -> Archive:
    return Archive.open(tmp_path / "fuzz.sqlite")


FUZZ = settings(max_examples=300, deadline=None,  # the CPU-time check in _check_one is the deadline
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def test_arbitrary_bytes(tmp_path):
    archive = _fuzz_archive(tmp_path)

    @FUZZ
    @given(name=st.text(min_size=1, max_size=40), data=st.binary(max_size=6000))
    def run(name, data):
        _check_one(archive, name, data)

    try:
        run()
    finally:
        archive.close()
    assert_archive_whole(tmp_path / "fuzz.sqlite")


def test_arbitrary_text_in_any_encoding(tmp_path):
    archive = _fuzz_archive(tmp_path)

    @FUZZ
    @given(text=st.text(max_size=3000), encoding=ENCODINGS)
    def run(text, encoding):
        _check_one(archive, "fuzz.txt", _encode(text, encoding))

    try:
        run()
    finally:
        archive.close()
    assert_archive_whole(tmp_path / "fuzz.sqlite")


def test_article_shaped_text(tmp_path):
    """Fragments of real articles (bylines, dates, rights lines, links) in random order."""
    archive = _fuzz_archive(tmp_path)

    @settings(FUZZ, max_examples=400)
    @given(text=ARTICLE_LIKE, encoding=ENCODINGS, name=st.sampled_from(["a.txt", "b.md", "c", "d.TXT"]))
    def run(text, encoding, name):
        _check_one(archive, name, _encode(text, encoding))

    try:
        run()
    finally:
        archive.close()
    assert_archive_whole(tmp_path / "fuzz.sqlite")


def test_a_failed_file_mid_transaction_leaves_nothing(tmp_path, monkeypatch):
    """A store that fails after the source row is written rolls the whole file back."""
    archive = _fuzz_archive(tmp_path)
    import palmyra_archive.core.importing.importer as importer_module

    def broken_details(conn, copy_id, article):
        conn.execute("INSERT INTO comments (copy_id, depth, position, text) VALUES (?, 0, 0, 'x')", [copy_id])
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(importer_module, "insert_details", broken_details)
    before = _counts(archive)
    outcome = archive.importer.import_bytes("full.txt", b"A title\n\nA body that will not fit.\n")
    assert outcome.status == "failed" and "disk is full" in outcome.message
    assert _counts(archive) == before
    archive.close()
