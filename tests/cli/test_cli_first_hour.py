"""The command line on a first try (#16): a path that never existed says "no such file", and a
front-matter file's metadata is what `show` prints."""

from __future__ import annotations

import json

from palmyra_archive.cli import main
from tests.ingest.test_front_matter import JEKYLL


def _run(tmp_path, capsys, *args):
    code = main(["--archive", str(tmp_path / "cli.palmyra.sqlite"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_importing_a_path_that_never_existed_says_no_such_file(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, "import", str(tmp_path / "nonexistent.txt"))
    assert code == 1
    assert "nonexistent.txt: no such file or folder." in out + err
    assert "no longer there" not in out + err and "moved or deleted" not in out + err


def test_a_front_matter_file_imports_with_its_metadata(tmp_path, capsys):
    note = tmp_path / "note.md"
    note.write_text(JEKYLL, encoding="utf-8")
    code, out, _err = _run(tmp_path, capsys, "import", str(note))
    assert code == 0
    code, out, _err = _run(tmp_path, capsys, "show", "1", "--json")
    detail = json.loads(out)
    assert detail["title"] == "Water rights in the Orontes valley"
    assert detail["authors"] == ["Leila Haddad"] and detail["date"] == "2016-03-14"
    assert detail["original"]["outlet"] == "Levant Weekly"
    assert sorted(detail["tags"]) == ["site:Tags/agriculture", "site:Tags/water"]
    assert not detail["body"].startswith("---") and "title:" not in detail["body"]
