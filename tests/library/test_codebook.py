"""The codebook's queries and exports (#20)."""

from __future__ import annotations

import csv

from conftest import CORPUS_FILES, article_id_for


def _code(archive, article_id, nth_word, tags, note=""):
    detail = archive.articles.get(article_id)
    words = detail.body.split()
    word = words[nth_word]
    start = detail.body.index(word)
    archive.annotations.create(article_id, start, start + len(word), note=note, tags=tags)


def _setup(a):
    first, second = (article_id_for(a, f.name) for f in CORPUS_FILES[:2])
    _code(a, first, 3, ["framing/liberation"], note="=SUM(A1)")
    _code(a, first, 6, ["framing/liberation", "actors/army"])
    _code(a, second, 5, ["framing/siege"])
    a.tags.add_to_articles([second], ["framing"])
    return first, second


def test_codes_count_own_and_with_children_apart(corpus_archive):
    a = corpus_archive
    first, second = _setup(a)
    codes = {c.path: c for c in a.codebook.codes()}
    assert set(codes) == {"framing", "framing/liberation", "framing/siege", "actors", "actors/army"}
    framing = codes["framing"]
    assert (framing.passages, framing.articles) == (0, 1)          # on the article only
    assert (framing.passages_with_children, framing.articles_with_children) == (3, 2)
    lib = codes["framing/liberation"]
    assert (lib.passages, lib.articles, lib.passages_with_children) == (2, 1, 2)
    assert codes["actors/army"].depth == 1 and codes["actors/army"].name == "army"
    a.trash.trash([first])
    codes = {c.path: c for c in a.codebook.codes()}
    assert codes["framing"].passages_with_children == 1 and codes["framing/liberation"].passages == 0


def test_passages_with_context_and_matrix(corpus_archive):
    a = corpus_archive
    first, second = _setup(a)
    framing = a.tags.find("framing").id
    passages = a.codebook.passages(framing)
    assert len(passages) == 3 and {p.article_id for p in passages} == {first, second}
    assert a.codebook.passages(framing, include_children=False) == []
    p = passages[0]
    detail = a.articles.get(p.article_id)
    assert p.quote in detail.body and (p.prefix or p.suffix) and p.title == detail.title
    matrix = a.codebook.matrix("outlet")
    outlet_first = a.articles.get(first).outlet
    assert matrix.count("framing/liberation", outlet_first) == 2
    assert matrix.count("framing", outlet_first) == 2       # children included
    months = a.codebook.matrix("month")
    date = a.articles.get(second).date
    assert months.count("framing/siege", date[:7] if date and len(date) >= 7 else "(no month)") == 1


def test_export_csv_and_xlsx(corpus_archive, tmp_path):
    from openpyxl import load_workbook
    a = corpus_archive
    _setup(a)
    n = a.codebook.export_csv(tmp_path / "coded.csv")
    rows = list(csv.reader(open(tmp_path / "coded.csv", encoding="utf-8-sig")))
    assert n == 3 and rows[0][:5] == ["article_id", "title", "outlet", "date", "quote"]
    notes = [r[7] for r in rows[1:]]
    assert "'=SUM(A1)" in notes                      # a formula stays text
    assert any(r[8] == "framing/liberation; actors/army" or r[8] == "actors/army; framing/liberation"
               for r in rows[1:])
    a.codebook.export_xlsx(tmp_path / "coded.xlsx")
    book = load_workbook(tmp_path / "coded.xlsx")
    sheet = book["Coded passages"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["article_id", "title", "outlet", "date", "quote"] and len(values) == 4
    assert "=SUM(A1)" in [v[7] for v in values[1:]]
    assert sheet.cell(row=[v[7] for v in values].index("=SUM(A1)") + 1, column=8).data_type == "s"
    grid = [[c.value for c in row] for row in book["Codes by outlet"].iter_rows()]
    assert grid[0][0] == "code" and any(r[0] == "framing" for r in grid[1:])
