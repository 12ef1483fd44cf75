"""Search as you type and open a hit; open and create other archives; errors in plain words."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import ValidationError
from palmyra_archive.gui.common import errors as gui_errors
from palmyra_archive.gui.common import file_dialogs
from palmyra_archive.gui.common.settings import recent_archives
from palmyra_archive.gui.widgets.search_panel import snippet_html
from tests.conftest import CORPUS_FILES, article_id_for


def test_search_as_you_type_and_open_a_hit(corpus_window, qtbot):
    window = corpus_window
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(window.search_field, "unesco")
    results = window.search_results
    qtbot.waitUntil(lambda: results.list_widget.count() > 0, timeout=3000)
    assert results.isVisible()
    item = results.list_widget.item(0)
    label = results.list_widget.itemWidget(item)
    assert "<b>UNESCO</b>" in label.text()
    expected = article_id_for(window.archive, "000_75c112bd7e1fc9de.txt")
    assert window.model.rowCount() == 1 and window.model.article_id(0) == expected
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)     # keyboard: into the hits
    assert results.list_widget.currentRow() == 0
    assert results.list_widget.item(0) is item                # the hits were not rebuilt
    results.list_widget.itemActivated.emit(item)
    assert window.reader.article_id == expected
    assert window.library.current_article_id() == expected
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 5, timeout=3000)
    assert not results.isVisible()


def test_snippets_are_escaped():
    assert snippet_html("<script>[[x]]</script>") == "&lt;script&gt;<b>x</b>&lt;/script&gt;"


def test_open_a_second_archive_and_come_back(corpus_window, qtbot, tmp_path, monkeypatch):
    second = tmp_path / "second.palmyra.sqlite"
    with Archive.open(second) as other:
        other.importer.import_paths([CORPUS_FILES[1]])
    first = corpus_window.archive.path
    monkeypatch.setattr(file_dialogs, "getOpenFileName", lambda *a, **k: (str(second), ""))
    corpus_window.actions_by_name["open_archive"].trigger()
    assert corpus_window.archive.path == second
    assert corpus_window.model.rowCount() == 1
    assert str(second) in corpus_window.path_label.text()
    assert corpus_window.windowTitle().startswith("second.palmyra.sqlite")
    assert recent_archives()[:2] == [second, first]
    corpus_window.fill_recent_menu()
    [action] = [a for a in corpus_window.recent_menu.actions() if a.text() == str(first)]
    action.trigger()
    assert corpus_window.archive.path == first and corpus_window.model.rowCount() == 5


def test_new_archive_and_a_missing_one(corpus_window, qtbot, tmp_path, monkeypatch,
                                       _no_blocking_dialogs):
    fresh = tmp_path / "fresh.palmyra.sqlite"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    corpus_window.actions_by_name["new_archive"].trigger()
    assert corpus_window.archive.path == fresh and fresh.exists()
    assert corpus_window.model.rowCount() == 0
    assert corpus_window.reader.currentWidget() is corpus_window.reader.placeholder
    assert not corpus_window.open_archive(tmp_path / "nowhere.sqlite")
    assert corpus_window.archive.path == fresh
    assert any("no archive" in text.lower() for text in _no_blocking_dialogs)


def test_errors_reach_the_user_in_plain_words(qapp, _no_blocking_dialogs, caplog):
    gui_errors.show_error(None, ValidationError("2016-02-31 is not a day on the calendar."))
    assert _no_blocking_dialogs[-1] == "2016-02-31 is not a day on the calendar."
    with caplog.at_level(logging.ERROR, logger="palmyra_archive"):
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            gui_errors._excepthook(type(exc), exc, exc.__traceback__)
    assert "Traceback" not in _no_blocking_dialogs[-1]
    assert "ZeroDivisionError" in _no_blocking_dialogs[-1]
    assert any(r.exc_info for r in caplog.records)


def _open_hit(window, qtbot, text, filename):
    """Search ``text`` and open the hit for ``filename`` as Enter on it does; the hit."""
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(window.search_field, text)
    hits = window.search_results.list_widget
    qtbot.waitUntil(lambda: hits.count() > 0, timeout=3000)
    wanted = article_id_for(window.archive, filename)
    item = next(hits.item(r) for r in range(hits.count())
                if hits.item(r).data(Qt.ItemDataRole.UserRole + 1) == wanted)
    hits.itemActivated.emit(item)
    assert window.reader.article_id == wanted
    return item.data(Qt.ItemDataRole.UserRole + 2)[1]


def test_an_opened_hit_shows_the_searched_words_marked_beside_the_annotations(corpus_window, qtbot):
    window = corpus_window
    article_id = article_id_for(window.archive, "000_75c112bd7e1fc9de.txt")
    window.hub.archive_did_change.emit(
        window.archive.annotations.create_from_quote(article_id, "I concur", note="agreed"))
    window.show_article(article_id)
    view = window.reader.article_view
    assert len(view.highlights()) == 1
    window.show_article(article_id_for(window.archive, "002_eeff659715a18b85.txt"))
    window.resize(1400, 700)
    hit = _open_hit(window, qtbot, "hooray OR palmyr* OR unesco NOT zzzqq", "000_75c112bd7e1fc9de.txt")
    assert window.reader.tabs.currentIndex() == 0             # the Article tab
    marks = view.search_marks()
    text = view.toPlainText()
    assert "Hooray" in marks and "UNESCO" in marks and "Palmyra" in marks
    assert all(m.casefold().startswith("palmyr") or m.casefold() in ("hooray", "unesco") for m in marks)
    assert len(marks) == text.count("Hooray") + text.casefold().count("unesco") + sum(
        1 for w in text.replace("’", " ").split() if w.casefold().strip("“”\"'(").startswith("palmyr"))
    assert len(view.highlights()) == 1                          # the annotation is still drawn
    assert len(view.extraSelections()) == 1 + len(marks)
    # scrolled to the first (in the body, for a hit in the body)
    ends = [end for start, end in view._search_marks
            if hit.kind != "body" or start >= view.text_map.base]
    assert view.textCursor().position() == ends[0]
    window.show_article(article_id_for(window.archive, "002_eeff659715a18b85.txt"))
    assert view.search_marks() == []                           # another article: nothing marked


def test_a_hit_in_a_comment_opens_that_comment(corpus_window, qtbot):
    window = corpus_window
    hit = _open_hit(window, qtbot, "assad", "001_3af5428a403a59eb.txt")
    assert hit.kind == "comment"
    reader = window.reader
    assert reader.tabs.currentWidget() is reader.comments_tab
    current = reader.comments_tab.tree.currentIndex()
    assert current.isValid() and "assad" in current.data().casefold()
    tab = reader.comments_tab
    assert tab.search_marks(hit.ref_id) and all(m.casefold() == "assad" for m in tab.search_marks(hit.ref_id))
    from PySide6.QtGui import QColor

    from palmyra_archive.gui.reader.comments_tab import SEARCH_MARK
    window.resize(1400, 900)
    tab.tree.viewport().repaint()
    image, rect = tab.tree.viewport().grab().toImage(), tab.tree.visualRect(current)
    marked = sum(1 for x in range(max(0, rect.left()), rect.right(), 2)
                 for y in range(max(0, rect.top()), min(rect.bottom(), image.height()), 2)
                 if QColor(image.pixel(x, y)) == SEARCH_MARK)
    assert marked > 10                                          # the word is drawn marked
    reader.set_tab("article")
    assert reader.article_view.search_marks() and all(
        m.casefold() == "assad" for m in reader.article_view.search_marks())


def test_a_hit_in_a_caption_opens_the_article_at_the_caption(corpus_window, qtbot):
    window = corpus_window
    window.reader.set_tab("comments")
    hit = _open_hit(window, qtbot, "photo", "001_3af5428a403a59eb.txt")
    assert hit.kind == "caption"
    view = window.reader.article_view
    assert window.reader.tabs.currentWidget() is view
    assert view.search_marks() and all(m.casefold() == "photo" for m in view.search_marks())
    block = view.textCursor().block().text()
    assert block.startswith("▣  PHOTO: Damage in the Palmyra Museum")
