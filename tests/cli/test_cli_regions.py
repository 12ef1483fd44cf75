"""``palmyra-archive regions``: listing the split with offsets, marking and clearing (issue #3)."""

from __future__ import annotations

import json

from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.cli import main

FILE_002 = next(p.name for p in CORPUS_FILES if p.name.startswith("002_"))


def _run(archive, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--archive", str(archive.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_regions_lists_marks_and_clears(corpus_archive, capsys):
    article_id = article_id_for(corpus_archive, FILE_002)
    text = corpus_archive.articles.source_view(article_id).text
    start = text.index("Recent Posts")
    end = start + len("Recent Posts")
    corpus_archive.close()
    code, out, _ = _run(corpus_archive, capsys, "regions", str(article_id))
    assert code == 0 and f"{text.index('Recent Posts')}:" in out and "site_text" in out
    assert "Recent Posts" in out and "(corrected)" not in out

    code, out, err = _run(corpus_archive, capsys, "regions", str(article_id),
                          "--mark", f"{start}:{end}=body")
    assert code == 0, err
    assert "Re-read the article with 1 region correction" in out
    assert f"Corrections: {start}:{end}=body" in out and "(corrected)" in out
    code, out, _ = _run(corpus_archive, capsys, "show", str(article_id), "--json")
    assert "Recent Posts" in json.loads(out)["body"]

    code, out, _ = _run(corpus_archive, capsys, "regions", str(article_id), "--json")
    assert json.loads(out)["corrections"] == [{"kind": "body", "start": start, "end": end}]
    code, out, _ = _run(corpus_archive, capsys, "regions", str(article_id), "--clear")
    assert code == 0 and "Corrections:" not in out
    code, out, _ = _run(corpus_archive, capsys, "show", str(article_id), "--json")
    assert "Recent Posts" not in json.loads(out)["body"]


def test_bad_marks_get_a_sentence_and_exit_1(corpus_archive, capsys):
    article_id = article_id_for(corpus_archive, FILE_002)
    corpus_archive.close()
    code, _out, err = _run(corpus_archive, capsys, "regions", str(article_id), "--mark", "12-40=body")
    assert code == 1 and "START:END=KIND" in err
    code, _out, err = _run(corpus_archive, capsys, "regions", str(article_id), "--mark", "0:40=advert")
    assert code == 1 and "not a kind of region" in err
    code, _out, err = _run(corpus_archive, capsys, "regions", str(article_id), "--clear",
                           "--mark", "0:40=body")
    assert code == 1 and "contradict" in err
