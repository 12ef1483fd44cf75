"""A bundle carries the capture of a copy read from a web archive (#10): palmyra.json holds the
record (WARC-Record-ID, target URI, date, payload digest and whether it matched), data/sources/
holds the payload as stored, and the digest is re-checked from the bundle alone."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile

from . import builders
from .pages import PAGES, STORY


def _pages():
    return [(f"https://{STORY[k].domain}/{STORY[k].slug}", PAGES[("news", k)].encode("utf-8"))
            for k in ("harbour", "vignes")]


def _payload_digest(data: bytes, algorithm: str) -> str:
    return base64.b32encode(hashlib.new(algorithm, data).digest()).decode()


def test_the_digest_is_rechecked_from_the_bundle_alone(archive, tmp_path):
    warc = builders.warc(tmp_path / "crawl.warc.gz", _pages(), css=False)
    wacz = builders.wacz(tmp_path / "crawl.wacz", warc, hashes=True)
    report = archive.importer.import_paths([wacz])
    assert report.imported == 2 and report.failed == 0
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    archive.close()              # from here on, the bundle alone

    with zipfile.ZipFile(out) as z:
        names = {n.split("/data/", 1)[-1]: n for n in z.namelist() if "/data/" in n}
        doc = json.loads(z.read(names["palmyra.json"]))
        readme = z.read(next(n for n in z.namelist() if n.endswith("/data/README.md"))).decode()
        checked = 0
        for article in doc["articles"]:
            for copy in article["copies"]:
                [capture] = [c for c in copy["captures"] if c["relation"] == "capture"]
                assert capture["record_id"].startswith("<urn:uuid:")
                assert capture["url"] in dict(_pages())
                assert capture["captured_at"].startswith("2024-03-12T10:")
                assert capture["digest_ok"] is True and capture["digest_of_content"] is True
                assert capture["container"] == "crawl.wacz" and capture["package_digest_ok"] is True
                payload = z.read(names[copy["source_file"]])
                assert payload == dict(_pages())[capture["url"]]      # the payload as stored
                algorithm, _, expected = capture["payload_digest"].partition(":")
                assert _payload_digest(payload, algorithm) == expected
                checked += 1
        assert checked == 2
    assert "2 source(s) were read from a web archive" in readme
    assert "WARC-Record-ID" in readme and "base64.b32encode(hashlib.sha1(" in readme


def test_a_bundle_opens_back_with_the_package_check_and_container(archive, tmp_path):
    from palmyra_archive.core.archive import Archive

    original = builders.warc(tmp_path / "data.warc.gz", _pages()[:1], css=False)
    packaged = original.read_bytes()
    builders.warc(tmp_path / "data.warc.gz", _pages(), css=False)
    wacz = builders.wacz(tmp_path / "t.wacz", original, hashes=True,
                         listed={"archive/data.warc.gz": packaged})
    archive.importer.import_paths([wacz])
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    fresh = Archive.open(tmp_path / "fresh.palmyra.sqlite")
    try:
        assert fresh.exports.open_bundle(out).changed_anything
        rows = lambda a: sorted(tuple(r) for r in a.db.execute(  # noqa: E731
            "SELECT s.sha256, c.url, c.payload_digest, c.digest_ok, c.container, c.package_digest_ok"
            " FROM source_captures c JOIN sources s ON s.id = c.source_id"))
        assert rows(fresh) == rows(archive) and len(rows(fresh)) == 2
        assert {r[5] for r in rows(fresh)} == {0}
    finally:
        fresh.close()
