"""``show ID --json`` prints what it printed before ArticleDetail's loose dicts became records
(#17): the output of 20 articles of every reader, saved before that change, is the contract."""

from __future__ import annotations

import json

from tests.cli.show_json_cases import EXPECTED, build, show_all


def test_show_json_prints_the_saved_output(tmp_path, capsys):
    archive_path = tmp_path / "golden.palmyra.sqlite"
    ids = build(archive_path, tmp_path / "files")
    expected = json.loads(EXPECTED.read_text("utf-8"))
    shown = show_all(archive_path, ids, capsys)
    assert list(shown) == list(expected)
    for article_id, detail in expected.items():
        # key order too: the JSON a script reads is the same text, not only the same data
        assert json.dumps(shown[article_id]) == json.dumps(detail), article_id
