"""``palmyra-archive export`` and ``open-bundle`` from the command line."""

from __future__ import annotations

import zipfile

from palmyra_archive.cli import main


def test_export_then_open_bundle(annotated_archive, tmp_path, capsys):
    source = str(annotated_archive.path)
    out = tmp_path / "paper.zip"
    code = main(["--archive", source, "export", "--scope", "tag:palmyra", "--out", str(out),
                 "--style", "apa", "--no-private-notes", "--quiet"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Exported 2 article(s) and 2 annotation(s) to paper.zip" in printed.out
    with zipfile.ZipFile(out) as zf:
        html = next(zf.read(n) for n in zf.namelist() if n.endswith("bibliography.html")).decode()
        quotes = next(zf.read(n) for n in zf.namelist() if n.endswith("quotes.md")).decode()
    assert 'data-style="apa"' in html
    assert "Framing: *technology* wins." not in quotes

    colleague = str(tmp_path / "colleague.sqlite")
    assert main(["--archive", colleague, "open-bundle", str(out), "--quiet"]) == 0
    assert "Opened the bundle: 2 source(s) imported, 2 annotation(s)" in capsys.readouterr().out
    assert main(["--archive", colleague, "open-bundle", str(out), "--quiet"]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_bad_scope_and_refused_bundle_exit_1_with_a_sentence(annotated_archive, tmp_path, capsys):
    source = str(annotated_archive.path)
    assert main(["--archive", source, "export", "--scope", "everything", "--out",
                 str(tmp_path / "x.zip")]) == 1
    assert "is not a scope" in capsys.readouterr().err
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    assert main(["--archive", source, "open-bundle", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "not a readable zip file" in err and "Traceback" not in err
