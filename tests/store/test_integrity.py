"""verify: every source's SHA-256 recomputed, SQLite's integrity check, the mismatch named."""

from __future__ import annotations

import pytest

from palmyra_archive.core.store.errors import Cancelled
from palmyra_archive.core.store.tasks import CancelToken
from tests.support.parsed_docs import body_text, install, make_article, make_doc


def _two_sources(archive):
    install(archive, {b"one": make_doc(make_article(title="One", body=body_text(1))),
                      b"two": make_doc(make_article(title="Two", body=body_text(2)))})
    archive.importer.import_bytes("one.txt", b"one")
    archive.importer.import_bytes("two.txt", b"two")


def test_untouched_archive_verifies(archive):
    _two_sources(archive)
    report = archive.integrity.verify()
    assert report.ok and report.integrity_check == ["ok"] and report.sources_checked == 2
    assert "All sources match" in report.summary()


def test_tampered_bytes_are_detected_and_named(archive):
    _two_sources(archive)
    archive.db.execute("UPDATE sources SET content = ? WHERE filename = 'two.txt'", [b"tw0"])
    report = archive.integrity.verify()
    assert not report.ok
    assert [(m["source_id"], m["filename"]) for m in report.mismatches] == [(2, "two.txt")]
    assert report.mismatches[0]["actual"] != report.mismatches[0]["expected"]
    assert "two.txt" in report.summary() and "one.txt" not in report.summary()


def test_verify_reports_progress_and_can_be_cancelled(archive):
    _two_sources(archive)
    seen = []
    archive.integrity.verify(progress=lambda d, t, m: seen.append((d, t)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):   # a cancelled verify must stop
        archive.integrity.verify(cancel=token)
