"""The GUI on real sources: a WARC imported through File › Import, its page shown as text
(the Source tab holds the markup as plain text, never rendered) and its capture in Provenance."""

from __future__ import annotations

import pytest

from palmyra_archive.gui.common import file_dialogs
from tests.support.gui_support import open_window, record_blocking_dialogs

from . import builders
from .pages import PAGES, STORY

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    record_blocking_dialogs(monkeypatch)
    yield from open_window(qtbot, tmp_path / "gui.palmyra.sqlite")


def test_warc_through_file_import_shows_page_as_text_and_its_capture(window, qtbot, tmp_path, monkeypatch):
    story = STORY["vignes"]
    url = f"https://{story.domain}/{story.slug}"
    path = builders.warc(tmp_path / "crawl.warc.gz", [(url, PAGES[("news", "vignes")].encode())])
    monkeypatch.setattr(file_dialogs, "getOpenFileNames",
                        lambda parent, caption, directory, name_filter: ([str(path)], ""))
    with qtbot.waitSignal(window.importer.import_did_finish, timeout=60000) as blocker:
        window.actions_by_name["import_files"].trigger()
    report = blocker.args[0]
    assert report.failed == 0 and len(report.article_ids) == 1
    article_id = report.article_ids[0]
    window.show_article(article_id)
    window.reader.set_tab("source")
    shown = window.reader.source_tab.text.toPlainText()
    assert "<h1>" in shown and "<script" in shown          # the markup, as text
    assert window.reader.source_tab.region_kind_at(shown.index(story.paragraphs[0][:30]) + 2) == "body"
    window.reader.set_tab("provenance")
    text = window.reader.provenance_tab.rights.toPlainText()
    assert f"Captured from {url} on 2024-03-12T10:00:00Z by Webrecorder ArchiveWeb.page 0.11." in text
    assert "verified at import" in text


def test_import_summary_groups_a_warcs_records_under_its_row(qtbot, tmp_path):
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.gui.dialogs.import_summary import ImportSummary

    pages = [(f"https://{STORY[k].domain}/{STORY[k].slug}", PAGES[("news", k)].encode())
             for k in ("harbour", "bahn")]
    path = builders.warc(tmp_path / "two.warc.gz", pages)
    (tmp_path / "one.html").write_bytes(PAGES[("wordpress", "most")].encode())
    archive = Archive.open(tmp_path / "s.palmyra.sqlite")
    try:
        report = archive.importer.import_paths([path, tmp_path / "one.html"])
    finally:
        archive.close()
    dialog = ImportSummary(report)
    qtbot.addWidget(dialog)
    tops = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    warc_row = next(t for t in tops if t.text(0) == "two.warc.gz")
    assert warc_row.text(1) == "Read" and "2 article(s)" in warc_row.text(2)
    children = [warc_row.child(i).text(0) for i in range(warc_row.childCount())]
    assert pages[0][0] in children and pages[1][0] in children
    html_row = next(t for t in tops if t.text(0) == "one.html")
    assert html_row.text(1) == "Imported" and "read as HTML" in html_row.text(2)
