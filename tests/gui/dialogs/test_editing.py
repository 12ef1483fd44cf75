"""Metadata corrections through the editor, undo and redo, each logged by the core."""

from __future__ import annotations

from palmyra_archive.gui.models.library_model import COLUMNS
from tests.conftest import article_id_for


def _editor(window, filename):
    article_id = article_id_for(window.archive, filename)
    window.show_article(article_id)
    window.actions_by_name["edit_metadata"].trigger()
    return article_id, window.metadata_editor


def _events(archive, article_id):
    return [e for e in archive.events.list(entity="article", entity_id=article_id)
            if e.action == "correct"]


def test_correct_the_title_then_undo_and_redo(corpus_window, qtbot):
    archive = corpus_window.archive
    article_id, editor = _editor(corpus_window, "002_eeff659715a18b85.txt")
    extracted = archive.articles.get(article_id).title
    assert editor.edits["title"].text() == ""                 # no correction yet
    assert editor.edits["title"].placeholderText() == extracted
    editor.edits["title"].setText("ISIS retakes Palmyra")
    editor.edits["authors"].setText("Inside Syria Media Center; A. N. Other")
    editor.save()
    assert not editor.isVisible()
    detail = archive.articles.get(article_id)
    assert detail.title == "ISIS retakes Palmyra"
    assert detail.authors == ["Inside Syria Media Center", "A. N. Other"]
    assert corpus_window.reader.article_view.toPlainText().startswith("ISIS retakes Palmyra")
    row = corpus_window.model.row_of(article_id)
    assert corpus_window.model.index(row, 0).data() == "ISIS retakes Palmyra"
    assert len(_events(archive, article_id)) == 2

    corpus_window.actions_by_name["undo"].trigger()
    detail = archive.articles.get(article_id)
    assert detail.title == extracted
    assert detail.authors == ["Inside Syria Media Center"]
    assert archive.articles.corrections(article_id) == {}
    assert len(_events(archive, article_id)) == 4              # the undo is logged too
    assert corpus_window.model.index(row, 0).data() == f"⟨no title⟩ {extracted}"  # a stand-in again

    corpus_window.actions_by_name["redo"].trigger()
    assert archive.articles.get(article_id).title == "ISIS retakes Palmyra"
    assert corpus_window.undo_stack.undoText() == "Correct title, authors"


def test_a_refused_value_shows_inline_and_changes_nothing(corpus_window, qtbot):
    archive = corpus_window.archive
    article_id, editor = _editor(corpus_window, "000_75c112bd7e1fc9de.txt")
    editor.edits["date"].setText("2016-02-31")
    editor.save()
    assert editor.isVisible()
    assert "2016-02-31" in editor.message.text()
    assert archive.articles.get(article_id).date == "2016-03-31"
    assert corpus_window.undo_stack.count() == 0
    editor.reject()


def test_the_editor_shows_the_extracted_value_beside_a_correction(corpus_window, qtbot):
    archive = corpus_window.archive
    article_id = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    archive.articles.correct(article_id, outlet="Global Research")
    _, editor = _editor(corpus_window, "000_75c112bd7e1fc9de.txt")
    assert editor.edits["outlet"].text() == "Global Research"
    assert editor.extracted["outlet"] == "Mondialisation.ca"
    editor.edits["outlet"].clear()                              # back to the extracted value
    editor.save()
    assert archive.articles.get(article_id).outlet == "Mondialisation.ca"
    corpus_window.undo_stack.undo()
    assert archive.articles.get(article_id).outlet == "Global Research"


def test_the_editor_takes_march_2016_and_shows_it_without_a_day(corpus_window, qtbot):
    """#16: "March 2016" was refused; it is kept as 2016-03 and no day is invented anywhere."""
    archive = corpus_window.archive
    article_id, editor = _editor(corpus_window, "000_75c112bd7e1fc9de.txt")
    assert "31 mars 2016" in corpus_window.reader.article_view.toPlainText()  # as printed
    editor.edits["date"].setText("March 2016")
    editor.edits["original_date"].setText("mars 2016")
    editor.save()
    assert not editor.isVisible() and editor.message.text() == ""
    detail = archive.articles.get(article_id)
    assert (detail.date, detail.original.date) == ("2016-03", "2016-03")
    row = corpus_window.model.row_of(article_id)
    date_column = [c.sort for c in COLUMNS].index("date")
    # shown at its precision everywhere: the library column, the reader, the editor
    assert corpus_window.model.index(row, date_column).data() == "March 2016"
    text = corpus_window.reader.article_view.toPlainText()
    assert "March 2016  ·  Mondialisation.ca" in text and "31 mars 2016" not in text
    assert "First published by Moon of Alabama, March 2016" in text
    corpus_window.reader.set_tab("provenance")
    assert "first published by <b>Moon of Alabama</b> in March 2016" in (
        corpus_window.reader.provenance_tab.summary.text())

    _, again = _editor(corpus_window, "000_75c112bd7e1fc9de.txt")
    assert again.edits["date"].text() == "March 2016"           # the correction, as shown
    assert again.pending() == ({}, {})                          # reopening changes nothing
    again.edits["date"].setText("2016")
    assert again.pending() == ({"date": "2016-03"}, {"date": "2016"})
    again.save()
    assert corpus_window.model.index(row, date_column).data() == "2016"
    assert archive.articles.get(article_id).date == "2016"
    corpus_window.undo_stack.undo()
    _, again = _editor(corpus_window, "000_75c112bd7e1fc9de.txt")
    again.reject()
    corpus_window.undo_stack.undo()
    assert archive.articles.get(article_id).date == "2016-03-31"
