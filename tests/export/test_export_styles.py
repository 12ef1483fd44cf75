"""Citation styles: the four we ship, a style the user adds, a ``.csl`` named by its path."""

from __future__ import annotations

import zipfile

import pytest

from palmyra_archive.cli import main
from palmyra_archive.core.export import bibliography, csl_json
from palmyra_archive.core.store.errors import ValidationError
from palmyra_archive.core.store.paths import resource, user_styles_dir

SHIPPED = ("chicago-author-date", "apa", "mla", "harvard")



def _items(archive) -> list[dict]:
    from palmyra_archive.core.export.citekeys import assign_keys
    from palmyra_archive.core.export.collect import collect
    with archive.exports._snapshot() as db:
        ids = archive.exports.resolve("all")
        data = collect(db, ids, include_notes=False)
        outlets = frozenset(r[0].casefold() for r in db.execute("SELECT name FROM outlets"))
        assign_keys(data.articles, outlets)
    return csl_json.csl_items(data.articles, outlets)


def bibliography_html(zip_path) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        return next(zf.read(n) for n in zf.namelist() if n.endswith("bibliography.html")).decode()


@pytest.mark.parametrize("style", SHIPPED)
def test_each_shipped_style_renders_the_corpus_bibliography(corpus_archive, style):
    assert resource("csl", f"{style}.csl").is_file()
    items = _items(corpus_archive)
    entries = bibliography.render_html_entries(items, style)
    assert len(entries) == len(items) == 5
    assert all(entry.strip() for entry in entries)
    assert any("Moon of Alabama" in entry for entry in entries)


def test_styles_differ_where_they_should(corpus_archive):
    items = _items(corpus_archive)
    rendered = {style: bibliography.render_html_entries(items, style) for style in SHIPPED}
    assert len({tuple(entries) for entries in rendered.values()}) == 4
    mla = " ".join(rendered["mla"])
    harvard = " ".join(rendered["harvard"])
    assert "Accessed" in mla            # MLA 9: "Accessed 1 May 2026."
    assert "(no date)" in harvard       # Cite Them Right writes out what others shorten to "n.d."


@pytest.mark.parametrize("style", SHIPPED)
def test_the_cli_exports_with_each_style(corpus_archive, tmp_path, capsys, style):
    out = tmp_path / f"{style}.zip"
    code = main(["--archive", str(corpus_archive.path), "export", "--scope", "all", "--out",
                 str(out), "--style", style, "--formats", "bibliography", "--quiet"])
    assert code == 0, capsys.readouterr().err
    html = bibliography_html(out)
    assert f'data-style="{style}"' in html
    assert html.count('class="csl-entry"') == 5


def test_the_cli_takes_a_csl_file_by_its_path(corpus_archive, tmp_path, capsys):
    mine = tmp_path / "my-harvard.csl"
    mine.write_bytes(resource("csl", "harvard.csl").read_bytes())
    out = tmp_path / "mine.zip"
    code = main(["--archive", str(corpus_archive.path), "export", "--scope", "all", "--out",
                 str(out), "--style", str(mine), "--formats", "bibliography", "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert bibliography_html(out).count('class="csl-entry"') == 5


def test_an_unknown_style_or_a_missing_file_is_a_sentence(corpus_archive, tmp_path, capsys):
    source = str(corpus_archive.path)
    assert main(["--archive", source, "export", "--scope", "all", "--out",
                 str(tmp_path / "x.zip"), "--style", "vancouver"]) == 1
    err = capsys.readouterr().err
    assert "'vancouver' is not a citation style here" in err and "mla, harvard" in err
    assert main(["--archive", source, "export", "--scope", "all", "--out",
                 str(tmp_path / "x.zip"), "--style", str(tmp_path / "gone.csl")]) == 1
    assert "gone.csl does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_an_added_style_is_copied_listed_and_usable(corpus_archive, tmp_path):
    mine = tmp_path / "Our Journal.csl"
    mine.write_bytes(resource("csl", "apa.csl").read_bytes())
    name = bibliography.add_user_style(mine)
    assert name == "Our-Journal"
    assert (user_styles_dir() / "Our-Journal.csl").read_bytes() == mine.read_bytes()
    mine.unlink()   # the copy is what is used
    assert bibliography.available_styles()["Our-Journal"] == "APA Style 7th edition"
    assert len(bibliography.render_html_entries(_items(corpus_archive), "Our-Journal")) == 5


@pytest.mark.parametrize("content, reason", [
    ("this is not XML at all", "is not a CSL style: it is not well-formed XML"),
    ('<?xml version="1.0"?><html><body>hello</body></html>', "its root element is not a CSL <style>"),
    ('<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" '
     'class="in-text"><info><title>Citations only</title></info><citation><layout>'
     '<text variable="title"/></layout></citation></style>', "has no bibliography section"),
])
def test_adding_a_bad_csl_file_says_why_and_copies_nothing(tmp_path, content, reason):
    bad = tmp_path / "bad.csl"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=reason) as caught:
        bibliography.add_user_style(bad)
    assert str(caught.value).startswith("bad.csl ")
    assert not (user_styles_dir() / "bad.csl").exists()
    assert "bad" not in bibliography.available_styles()
