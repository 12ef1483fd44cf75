"""A WACZ's datapackage.json hashes are checked against its files at import (#10): a file changed
after packaging is recorded on each capture and said in the import summary, never accepted
silently."""

from __future__ import annotations

from . import builders
from .pages import PAGES, STORY


def _pages(n=2):
    return [(f"https://{STORY[k].domain}/{STORY[k].slug}", PAGES[("news", k)].encode("utf-8"))
            for k in ("harbour", "vignes")[:n]]


def test_a_wacz_whose_files_match_their_hashes_records_that(archive, tmp_path):
    warc = builders.warc(tmp_path / "data.warc.gz", _pages(1), css=False)
    path = builders.wacz(tmp_path / "good.wacz", warc, hashes=True)
    report = archive.importer.import_paths([path])
    assert report.failed == 0 and report.imported == 1
    article_id = next(o for o in report.outcomes if o.article_ids).article_ids[0]
    capture = archive.articles.get(article_id).to_json()["capture"]
    assert capture["package_digest_ok"] is True and capture["digest_ok"] is True


def test_a_tampered_warc_in_a_wacz_is_recorded_and_said(archive, tmp_path):
    original = builders.warc(tmp_path / "data.warc.gz", _pages(1), css=False)
    packaged = original.read_bytes()
    # the WARC was replaced after packaging by one with a second, well-formed record
    builders.warc(tmp_path / "data.warc.gz", _pages(2), css=False)
    path = builders.wacz(tmp_path / "tampered.wacz", original,
                         hashes=True, listed={"archive/data.warc.gz": packaged})
    report = archive.importer.import_paths([path])
    [failure] = report.failures
    assert failure.path == "tampered.wacz › archive/data.warc.gz"
    assert failure.message == ("tampered.wacz › archive/data.warc.gz: its sha256 hash does not "
                               "match the one datapackage.json lists (changed after the WACZ was "
                               "made); its records were read and each capture from it records "
                               "the mismatch.")
    imported = [o for o in report.outcomes if o.article_ids]
    assert len(imported) == 2
    for outcome in imported:
        capture = archive.articles.get(outcome.article_ids[0]).to_json()["capture"]
        assert capture["package_digest_ok"] is False
        assert capture["digest_ok"] is True          # each record's own digest still holds
    rows = archive.db.execute("SELECT package_digest_ok FROM source_captures").fetchall()
    assert rows and {r[0] for r in rows} == {0}


def test_a_listed_file_missing_or_changed_besides_the_warc_is_said(archive, tmp_path):
    warc = builders.warc(tmp_path / "data.warc.gz", _pages(1), css=False)
    path = builders.wacz(tmp_path / "odd.wacz", warc, hashes=True,
                         listed={"pages/pages.jsonl": b'{"format": "json-pages-1.0", "x": 1}\n',
                                 "indexes/index.cdx": b"cdx"})
    report = archive.importer.import_paths([path])
    messages = sorted(o.message for o in report.failures)
    assert messages == [
        "odd.wacz › indexes/index.cdx: datapackage.json lists this file with its hash, but the "
        "WACZ does not hold it (removed after packaging).",
        "odd.wacz › pages/pages.jsonl: its sha256 hash does not match the one datapackage.json "
        "lists (changed after the WACZ was made); it is not read as an article."]
    article_id = next(o for o in report.outcomes if o.article_ids).article_ids[0]
    assert archive.articles.get(article_id).to_json()["capture"]["package_digest_ok"] is True


def test_the_provenance_tab_says_a_wacz_did_not_match():
    from dataclasses import replace

    from palmyra_archive.core.store.records import Capture
    from palmyra_archive.gui.reader.provenance_tab import capture_html
    capture = Capture(relation="capture", url="https://a.example/x", captured_at="2024-03-12T10:00:00Z",
                      tool=None, payload_digest=None, digest_ok=None, record_id=None, container="t.wacz",
                      package_digest_ok=False)
    assert "DOES NOT MATCH the hash its datapackage.json lists" in capture_html(capture, [capture])
    capture = replace(capture, package_digest_ok=None)
    assert "datapackage" not in capture_html(capture, [capture])
