"""The GUI on real sources: a WARC imported through File › Import, its page shown as text
(the Source tab holds the markup as plain text, never rendered) and its capture in Provenance."""

from __future__ import annotations

import pytest

from palmyra_archive.gui import file_dialogs
from tests.gui_support import open_window, record_blocking_dialogs

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
