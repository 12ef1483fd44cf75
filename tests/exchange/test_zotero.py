"""import-zotero on a Zotero data directory written from scratch (tests/exchange/zotero_fixture.py)."""

from __future__ import annotations

from palmyra_archive.core.exchange.zotero import import_zotero, read_library
from tests.exchange.zotero_fixture import make_zotero_dir


def _article_by_title(archive, words: str) -> int:
    for (article_id,) in archive.db.execute("SELECT id FROM articles ORDER BY id"):
        if words in (archive.articles.get(article_id).title or ""):
            return article_id
    raise AssertionError(f"no article titled {words!r}")


def test_a_zotero_library_comes_in_with_snapshots_citations_tags_and_notes(archive, tmp_path):
    folder = make_zotero_dir(tmp_path / "Zotero")
    before = (folder / "zotero.sqlite").read_bytes()
    report = import_zotero(archive, folder)
    assert report.items == 3                                   # the trashed item stays out
    assert report.citation_only >= 2, report.reasons           # the PDF stub and the bare item
    water = _article_by_title(archive, "Water talks in Geneva")
    detail = archive.articles.get(water)
    assert "taps had been dry for eleven days" in detail.body or "Citation only" in detail.body
    assert "water" in archive.tags.for_article(water)
    assert any(n.body == "Compare with the OCHA figures." for n in archive.notes.all())
    bare = _article_by_title(archive, "Notes on the Tadmur road")
    assert "Citation only, from a Zotero library (item IJ90KL12): it has no snapshot" in \
        archive.articles.get(bare).body
    museum = _article_by_title(archive, "Palmyra museum reopens")
    museum_detail = archive.articles.get(museum)
    assert "heritage/museums" in archive.tags.for_article(museum)
    assert museum_detail.date == "2019-10" and museum_detail.outlet == "The Desert Review"
    assert (folder / "zotero.sqlite").read_bytes() == before  # the library is only read
    again = import_zotero(archive, folder)
    assert again.message.endswith("are already in this archive; nothing changed."), again.message


def test_zotero_metadata_is_a_correction_beside_what_the_snapshot_says(archive, tmp_path):
    folder = make_zotero_dir(tmp_path / "Zotero")
    report = import_zotero(archive, folder)
    water = _article_by_title(archive, "Water talks in Geneva")
    detail = archive.articles.get(water)
    assert (detail.outlet, detail.date, list(detail.authors)) == ("Levant Ledger", "2024-05-01", ["Lina Haddad"])
    corrections = archive.articles.corrections(water)
    # where the snapshot (or the citation text) says something else, Zotero's value is a
    # correction and what was extracted stays beside it
    assert all("extracted" in c for c in corrections.values())
    museum = _article_by_title(archive, "Palmyra museum reopens")
    pdf = archive.articles.corrections(museum)
    assert all(pdf[k]["corrected"] == v for k, v in {"outlet": "The Desert Review"}.items() if k in pdf)
    if "Citation only" in detail.body:   # the importer cannot read HTML yet: says why
        assert any("water-talks.html" in r for r in report.reasons), report.reasons


def test_not_a_zotero_folder_is_one_sentence(tmp_path):
    import pytest

    from palmyra_archive.core.store.errors import ValidationError
    with pytest.raises(ValidationError, match="is not a Zotero data directory"):
        read_library(tmp_path)


def test_the_cli_imports_a_zotero_folder(archive, tmp_path, capsys):
    from palmyra_archive.cli import main
    folder = make_zotero_dir(tmp_path / "Zotero")
    assert main(["--archive", str(archive.path), "import-zotero", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Imported the Zotero library: 3 item(s)" in out and "it has no snapshot" in out
    assert main(["--archive", str(archive.path), "import-zotero", str(tmp_path)]) != 0
    assert "is not a Zotero data directory" in capsys.readouterr().err
