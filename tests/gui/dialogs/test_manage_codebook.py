"""Annotate › Codebook through the real widgets (#20)."""

from __future__ import annotations

import csv

from palmyra_archive.gui.common import file_dialogs
from tests.conftest import CORPUS_FILES, article_id_for


def _code(archive, article_id, nth_word, tags):
    body = archive.articles.get(article_id).body
    word = body.split()[nth_word]
    start = body.index(word)
    archive.annotations.create(article_id, start, start + len(word), tags=tags)


def test_codebook_tree_passages_matrix_and_export(corpus_window, monkeypatch, tmp_path):
    window = corpus_window
    archive = window.archive
    first, second = (article_id_for(archive, f.name) for f in CORPUS_FILES[:2])
    _code(archive, first, 3, ["framing/liberation"])
    _code(archive, second, 5, ["framing/siege"])
    window.codebook_action.trigger()
    dialog = window.codebook_dialog
    top = [dialog.codes.topLevelItem(i) for i in range(dialog.codes.topLevelItemCount())]
    framing = next(i for i in top if i.text(0) == "framing")
    assert [framing.text(c) for c in range(1, 5)] == ["0", "2", "0", "2"]
    assert sorted(framing.child(i).text(0) for i in range(framing.childCount())) == ["liberation", "siege"]
    dialog.codes.setCurrentItem(framing)
    assert dialog.passages.topLevelItemCount() == 2
    row = dialog.passages.topLevelItem(0)
    assert "[" in row.text(0) and row.text(1)
    dialog._open(row)
    assert window.reader.article_id in (first, second)
    assert dialog.matrix.rowCount() == len(dialog.last_matrix.codes)
    r = dialog.last_matrix.codes.index("framing")
    assert sum(int(dialog.matrix.item(r, c).text()) for c in range(dialog.matrix.columnCount())) == 2
    dialog.by.setCurrentIndex(1)
    assert dialog.last_matrix.by == "month"

    out = tmp_path / "coded"
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    path = dialog.export("csv")
    assert path == tmp_path / "coded.csv"
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    assert len(rows) == 3 and "exported 2" in dialog.status.text().lower()
    monkeypatch.setattr(file_dialogs, "getSaveFileName", lambda *a, **k: (str(tmp_path / "c.xlsx"), ""))
    assert dialog.export("xlsx").is_file()

    # an article moved to the Trash leaves the counts: the view follows the archive
    window.managing.trash([second])
    top = [dialog.codes.topLevelItem(i) for i in range(dialog.codes.topLevelItemCount())]
    framing = next(i for i in top if i.text(0) == "framing")
    assert framing.text(2) == "1"
