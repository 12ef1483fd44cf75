"""The citation fields in the metadata editor (#20): extracted beside yours, dates as typed,
refusals inline, undo."""

from __future__ import annotations

from tests.conftest import CORPUS_FILES, article_id_for


def _editor(window):
    article_id = article_id_for(window.archive, CORPUS_FILES[0].name)
    window.show_article(article_id)
    window.actions_by_name["edit_metadata"].trigger()
    return article_id, window.metadata_editor


def test_citation_fields_saved_undone_and_refused_inline(corpus_window):
    window = corpus_window
    archive = window.archive
    article_id, editor = _editor(window)
    for field in ("url", "archived_url", "accessed", "doi", "language"):
        assert field in editor.edits
    extracted_language = archive.citation_fields.get(article_id)["language"]["extracted"]
    if extracted_language:
        assert editor.edits["language"].placeholderText() == extracted_language
    editor.edits["accessed"].setText("bad date 12/03/2016")
    editor.save()
    assert editor.isVisible() and "date" in editor.message.text()
    assert archive.citation_fields.get(article_id)["accessed"]["corrected"] is None
    editor.edits["accessed"].setText("27 March 2016")
    editor.edits["doi"].setText("10.1234/abc")
    editor.save()
    assert not editor.isVisible()
    values = archive.citation_fields.get(article_id)
    assert values["accessed"]["corrected"] == "2016-03-27" and values["doi"]["corrected"] == "10.1234/abc"
    window.undo_stack.undo()
    values = archive.citation_fields.get(article_id)
    assert values["accessed"]["corrected"] is None and values["doi"]["corrected"] is None
    window.undo_stack.redo()
    assert archive.citation_fields.get(article_id)["doi"]["corrected"] == "10.1234/abc"
