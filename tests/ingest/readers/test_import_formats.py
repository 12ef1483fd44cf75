"""Every format through the archive: stored byte for byte, read by its reader, shown with its
capture; bad input of each kind gets one sentence and the rest of the folder imports."""

from __future__ import annotations

import hashlib
import json

from palmyra_archive.core.ingest.readers import detect, skip_reason

from . import builders
from .pages import NO_ARTICLE, PAGES, STORY


def _count(archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _page(layout="news", key="harbour") -> bytes:
    return PAGES[(layout, key)].encode("utf-8")


# -- detection -----------------------------------------------------------------------------

def test_kinds_are_decided_by_content(tmp_path):
    warc = builders.warc(tmp_path / "c.warc.gz", [("https://a.example/x", _page())])
    head = warc.read_bytes()[:4096]
    assert detect("c.warc.gz", head).name == "warc"
    assert detect("renamed.bin", head).name == "warc"            # a gzipped WARC by its bytes
    assert detect("x.pdf", builders.pdf([["Hello"]])[:4096]).name == "pdf"
    assert detect("x.txt", _page()[:4096]).name == "html"
    assert detect("x.eml", builders.newsletter("S", "a@b.example", "<p>x</p>")[:4096]).name == "email"
    assert detect("x.mhtml", builders.mhtml("https://a.example/", PAGES[("news", "harbour")])[:4096]).name == "mhtml"
    assert detect("a.mbox", b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nSubject: x\n\nhi\n").name == "mbox"
    assert detect("x.txt", b"# Title\n\nJust text.\n").name == "text"
    assert skip_reason("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00") == \
        "skipped: 'logo.png' is a PNG image; no reader imports it"


# -- HTML with its saved files ---------------------------------------------------------------

def test_saved_page_with_files_folder_keeps_each_file_hashed(archive, tmp_path):
    folder = tmp_path / "saved"
    (folder / "Harbour_files").mkdir(parents=True)
    (folder / "Harbour.html").write_bytes(_page())
    (folder / "Harbour_files" / "style.css").write_bytes(b"body{}")
    (folder / "Harbour_files" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0fakejpeg")
    report = archive.importer.import_paths([folder])
    assert report.imported == 1 and report.failed == 0 and report.skipped == 0
    outcome = report.outcomes[0]
    assert outcome.reader == "html" and "read as HTML" in outcome.message
    rows = archive.db.execute("SELECT path, sha256, size_bytes FROM source_attachments ORDER BY path").fetchall()
    assert [r[0] for r in rows] == ["Harbour_files/photo.jpg", "Harbour_files/style.css"]
    assert rows[1][1] == hashlib.sha256(b"body{}").hexdigest()
    stored = archive.db.execute("SELECT sqlar_uncompress(content, size_bytes), sha256, format FROM sources").fetchone()
    assert bytes(stored[0]) == _page() and stored[1] == hashlib.sha256(_page()).hexdigest()
    assert stored[2] == "html"
    article_id = outcome.article_ids[0]
    detail = archive.articles.get(article_id).to_json()
    assert detail["format"] == "html" and detail["title"] == STORY["harbour"].title
    assert len(detail["attachments"]) == 2
    view = archive.articles.source_view(article_id)
    assert view.text == PAGES[("news", "harbour")]      # the markup as text, never rendered
    assert any(view.text[r.start:r.end] == STORY["harbour"].comment for r in view.regions)


def test_folder_imports_every_kind_and_says_why_others_are_skipped(archive, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.html").write_bytes(_page("wordpress", "vignes"))
    (folder / "b.txt").write_text("# A plain article\n\nBy Ann Other\n\n" + "Text of the story. " * 30)
    (folder / "c.pdf").write_bytes(builders.pdf([["Report on river levels", "By Tom Field",
                                                  "The river rose by two metres overnight."]]))
    (folder / "d.eml").write_bytes(builders.newsletter("Weekly digest", "Editor <ed@news.example>",
                                                       "<html><body><p>" + "A newsletter paragraph with news. " * 10 + "</p></body></html>"))
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "page.data").write_bytes(_page("substack", "bahn"))  # unknown extension, HTML content
    report = archive.importer.import_paths([folder])
    readers = sorted(o.reader for o in report.outcomes if o.status == "imported")
    assert readers == ["email", "html", "html", "pdf", "text"]
    skipped = [o for o in report.outcomes if o.status == "skipped"]
    assert [o.path.rsplit("/", 1)[-1] for o in skipped] == ["logo.png"]
    assert "PNG image" in skipped[0].message


def test_page_with_no_article_text_says_so(archive, tmp_path):
    path = tmp_path / "signin.html"
    path.write_text(NO_ARTICLE)
    report = archive.importer.import_paths([path])
    detail = archive.articles.get(report.outcomes[0].article_ids[0])
    assert detail.body == ""
    assert "no article text found" in detail.needs_review


# -- MHTML ----------------------------------------------------------------------------------

def test_mhtml_page_is_read_with_its_capture(archive, tmp_path):
    url = "https://volga-news.example/gorod/most-remont"
    path = tmp_path / "most.mhtml"
    path.write_bytes(builders.mhtml(url, PAGES[("news", "most")]))
    report = archive.importer.import_paths([path])
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    assert detail["format"] == "mhtml" and detail["title"] == STORY["most"].title
    assert detail["capture"]["url"] == url and detail["capture"]["tool"] == "Chrome (MHTML)"
    assert detail["capture"]["captured_at"].startswith("2024-03-12T10:11:12")
    assert [a["path"] for a in detail["attachments"]] == [url + "/logo.png"]
    view = archive.articles.source_view(detail["id"])
    assert "<h1>" in view.text


# -- WARC / WACZ ------------------------------------------------------------------------------

def _record_pages():
    return [(f"https://{STORY[k].domain}/{STORY[k].slug}", PAGES[("news", k)].encode()) for k in
            ("harbour", "vignes", "bahn")]


def test_warc_records_become_copies_with_capture_provenance(archive, tmp_path):
    pages = _record_pages()
    path = builders.warc(tmp_path / "crawl.warc.gz", pages, revisit_of=pages[0][0],
                         duplicate=pages[1][0], redirect=("http://coastal-ledger.example/s", pages[0][0]))
    report = archive.importer.import_paths([path])
    assert report.failed == 0
    summary = report.outcomes[0]
    assert summary.status == "container" and "3 article(s)" in summary.message
    assert _count(archive, "articles") == 3 and _count(archive, "sources") == 3
    first = next(o for o in report.outcomes if o.path.endswith(pages[0][0]) and o.article_ids)
    detail = archive.articles.get(first.article_ids[0]).to_json()
    assert detail["format"] == "html"
    capture = detail["capture"]
    assert capture["url"] == pages[0][0] and capture["captured_at"] == "2024-03-12T10:00:00Z"
    assert capture["tool"] == "Webrecorder ArchiveWeb.page 0.11"
    assert capture["payload_digest"].startswith("sha1:") and capture["digest_ok"] is True
    relations = sorted(c["relation"] for c in detail["captures"])
    assert relations == ["capture", "redirect 301", "revisit"]
    second = next(o for o in report.outcomes if o.path.endswith(pages[1][0]) and o.article_ids)
    relations = sorted(c["relation"] for c in archive.articles.get(second.article_ids[0]).to_json()["captures"])
    assert relations == ["capture", "duplicate"]
    # CSS records are counted, not imported as articles
    assert any("non-article record" in o.message for o in report.outcomes)
    # the version code sees the capture URL
    assert archive.db.execute("SELECT capture_url FROM sources ORDER BY id").fetchone()[0] == pages[0][0]
    assert archive.integrity.verify().ok if hasattr(archive, "integrity") else True


def test_warc_with_a_wrong_digest_is_reported_and_not_stored(archive, tmp_path):
    pages = _record_pages()[:2]
    path = builders.warc(tmp_path / "bad.warc", pages, gzip=False, css=False)
    data = path.read_bytes()
    marker = STORY["harbour"].paragraphs[0][:20].encode()
    path.write_bytes(data.replace(marker, marker.upper(), 1))     # same length, other bytes
    report = archive.importer.import_paths([path])
    failed = report.failures
    assert len(failed) == 1 and "payload digest does not match" in failed[0].message
    assert _count(archive, "sources") == 1


def test_truncated_warc_gz_keeps_the_records_before_the_cut(archive, tmp_path):
    pages = _record_pages()
    path = builders.warc(tmp_path / "cut.warc.gz", pages, css=False)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])
    report = archive.importer.import_paths([path])
    assert _count(archive, "sources") >= 1
    assert any("truncated or damaged" in o.message for o in report.failures)
    assert "Traceback" not in " ".join(o.message for o in report.outcomes)


def test_wacz_is_read_and_zip_slip_refused(archive, tmp_path):
    warc = builders.warc(tmp_path / "data.warc.gz", _record_pages()[:1], css=False)
    good = builders.wacz(tmp_path / "good.wacz", warc)
    report = archive.importer.import_paths([good])
    assert _count(archive, "articles") == 1 and report.failed == 0
    bad = builders.wacz(tmp_path / "bad.wacz", warc, names={"../../evil.txt": b"x"})
    report = archive.importer.import_paths([bad])
    assert report.failed == 1 and "not a safe WACZ" in report.failures[0].message
    assert not (tmp_path.parent / "evil.txt").exists()


def test_verify_rechecks_the_payload_digest(archive, tmp_path):
    path = builders.warc(tmp_path / "v.warc", _record_pages()[:1], gzip=False, css=False)
    archive.importer.import_paths([path])
    from palmyra_archive.core.store.integrity import IntegrityChecker
    assert IntegrityChecker(archive).verify().ok
    # damage the stored bytes and their recorded hash alike: only the capture digest tells
    content = bytes(archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources").fetchone()[0]).replace(b"Dock", b"Dick", 1)
    archive.db.execute("UPDATE sources SET content = ?, sha256 = ?", [content, hashlib.sha256(content).hexdigest()])
    report = IntegrityChecker(archive).verify()
    assert not report.ok and "payload digest" in report.summary()


# -- PDF ------------------------------------------------------------------------------------

def test_pdf_pages_are_cited(archive, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(builders.pdf([["Flood report for the lower valley", "By Tom Field",
                                    "The river rose by two metres overnight and the bridge closed."],
                                   ["On the second day the water fell again and roads reopened."]],
                                  title="Flood report for the lower valley", author="Tom Field"))
    report = archive.importer.import_paths([path])
    assert report.imported == 1, report.outcomes[0].message
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    assert detail["format"] == "pdf"
    assert detail["title"] == "Flood report for the lower valley"
    assert [p["page"] for p in detail["pages"]] == [1, 2]
    second = detail["pages"][1]
    assert "second day" in detail["body"][second["body_start"]:second["body_end"]]


def test_scanned_and_encrypted_pdfs_say_which_and_store_nothing(archive, tmp_path):
    (tmp_path / "scan.pdf").write_bytes(builders.pdf([[]], image_only=True))
    (tmp_path / "locked.pdf").write_bytes(builders.pdf([["Secret"]], encrypt=True))
    report = archive.importer.import_paths([tmp_path / "scan.pdf", tmp_path / "locked.pdf"])
    messages = [o.message for o in report.failures]
    assert "no text layer" in messages[0]
    assert "encrypted PDF" in messages[1]
    assert _count(archive, "sources") == 0


# -- e-mail ---------------------------------------------------------------------------------

NEWSLETTER_HTML = ("<html><body><h1>Notes from the valley</h1>"
                   + "".join(f"<p>{p}</p>" for p in STORY["harbour"].paragraphs)
                   + '<p>You are receiving this because you subscribed. <a href="https://mail.example/unsub">'
                     "Unsubscribe</a></p></body></html>")


def test_newsletter_eml_gives_title_date_outlet_author(archive, tmp_path):
    path = tmp_path / "issue.eml"
    path.write_bytes(builders.newsletter("Notes from the valley", "Mara Quint <mara@valley.example>",
                                         NEWSLETTER_HTML, list_id='"Valley Notes" <valley.list.example>'))
    report = archive.importer.import_paths([path])
    detail = archive.articles.get(report.outcomes[0].article_ids[0]).to_json()
    assert detail["format"] == "email"
    assert detail["title"] == "Notes from the valley"
    assert detail["date"] == "2024-05-06"
    assert detail["outlet"] == "Valley Notes"
    assert detail["authors"] == ["Mara Quint"]
    assert STORY["harbour"].paragraphs[1][:50] in detail["body"]
    assert "Unsubscribe" not in detail["body"] and "receiving this" not in detail["body"]


def test_mbox_with_a_broken_message_imports_the_rest(archive, tmp_path):
    good = builders.newsletter("Issue one", "Ed <ed@news.example>", NEWSLETTER_HTML)
    good2 = builders.newsletter("Issue two", "Ed <ed@news.example>", None,
                                text_body="# Issue two\n\n" + "A plain newsletter story. " * 30)
    broken = b"this is not a message at all \x00\x01\x02"
    box = b"".join(b"From ed@news.example Mon May  6 07:00:00 2024\n" + m.replace(b"\nFrom ", b"\n>From ") + b"\n"
                   for m in (good, broken, good2))
    path = tmp_path / "news.mbox"
    path.write_bytes(box)
    report = archive.importer.import_paths([path])
    titles = sorted(archive.articles.get(i).title for i in report.article_ids)
    assert titles == ["Issue one", "Issue two"]
    assert len(report.failures) == 1
    assert "message 2" in report.failures[0].path


# -- bundles --------------------------------------------------------------------------------

def test_a_bundle_carries_web_archive_sources_and_opens_back(archive, tmp_path):
    from palmyra_archive.core.archive import Archive
    path = builders.warc(tmp_path / "b.warc.gz", _record_pages()[:2], revisit_of=_record_pages()[0][0])
    (tmp_path / "r.pdf").write_bytes(builders.pdf([["Flood report", "By Tom Field",
                                                    "The river rose by two metres overnight."]]))
    archive.importer.import_paths([path, tmp_path / "r.pdf"])
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    fresh = Archive.open(tmp_path / "fresh.palmyra.sqlite")
    try:
        report = fresh.exports.open_bundle(out)
        assert report.changed_anything
        before = {r[0]: r[1:] for r in archive.db.execute(
            "SELECT sha256, format, filename FROM sources")}
        after = {r[0]: r[1:] for r in fresh.db.execute("SELECT sha256, format, filename FROM sources")}
        assert after == before
        captures = lambda a: sorted(tuple(r) for r in a.db.execute(  # noqa: E731
            "SELECT s.sha256, c.relation, c.url, c.captured_at, c.payload_digest FROM source_captures c"
            " JOIN sources s ON s.id = c.source_id"))
        assert captures(fresh) == captures(archive) and len(captures(archive)) == 3
    finally:
        fresh.close()


def test_a_warc_import_reports_progress_and_cancels_between_records(archive, tmp_path):
    from palmyra_archive.core.store.tasks import CancelToken
    path = builders.warc(tmp_path / "p.warc.gz", _record_pages())
    seen, token = [], CancelToken()

    def progress(done, total, message):
        seen.append((done, total))
        if len([s for s in seen if s[1]]) == 1:
            token.cancel()
    report = archive.importer.import_paths([path], progress=progress, cancel=token)
    assert report.cancelled
    assert any(total == path.stat().st_size // 1024 for _d, total in seen)
    assert 1 <= _count(archive, "sources") < 3      # the records done are kept, whole
    assert "cancelled" in report.outcomes[0].message


# -- the command line and the remaining bad input ------------------------------------------------

def test_cli_import_and_show_json_give_format_capture_and_page(tmp_path, capsys):
    from palmyra_archive.cli import main
    archive_path = str(tmp_path / "cli.palmyra.sqlite")
    warc = builders.warc(tmp_path / "c.warc.gz", _record_pages()[:1])
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(builders.pdf([["Flood report", "By Tom Field", "The river rose overnight."],
                                  ["The water fell on the second day."]]))
    assert main(["--archive", archive_path, "import", str(warc), str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "READ" in out and "c.warc.gz (read as Web archives (WARC)): 1 article(s)" in out
    assert "r.pdf (read as PDF)" in out
    assert main(["--archive", archive_path, "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["format"] == "html"
    assert set(shown["capture"]) >= {"url", "captured_at", "tool", "payload_digest", "digest_ok"}
    assert main(["--archive", archive_path, "show", "2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["format"] == "pdf" and shown["capture"] is None
    assert [p["page"] for p in shown["pages"]] == [1, 2]


def test_a_50_mb_page_is_refused_unread_and_the_folder_goes_on(archive, tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    with open(folder / "huge.html", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)          # sparse: nothing is written
    (folder / "ok.html").write_bytes(_page("news", "bahn"))
    report = archive.importer.import_paths([folder])
    assert report.imported == 1
    assert "50.0 MB" in report.failures[0].message and "not imported" in report.failures[0].message


def test_a_pdf_bomb_of_pages_is_refused(archive, tmp_path, monkeypatch):
    from palmyra_archive.core.ingest.readers import pdf as pdf_reader
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    (tmp_path / "bomb.pdf").write_bytes(builders.pdf([["page"]] * 5))
    report = archive.importer.import_paths([tmp_path / "bomb.pdf"])
    assert "more than 3 pages" in report.failures[0].message
    assert _count(archive, "sources") == 0
