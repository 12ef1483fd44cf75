"""Issue #13: a passages-only bundle, opened into another archive, loses nothing it carries:
the provisional-title mark, the section and ``site:`` tags, the republication evidence, the
reprint-attribution line in quotes.md, every part of RIGHTS.md, no-break spaces. Each is read
back from the opening archive's own export with the same options."""

from __future__ import annotations

import json
import re

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export.payload import ExportOptions
from tests.export.conftest import unzip

PASSAGES = ExportOptions(passages_only=True)


@pytest.fixture
def both(annotated_archive, tmp_path):
    arch = annotated_archive
    first = arch.annotations.list()[0]
    arch.annotations.update(first.id, note=first.note + "\n\nÀ vérifier\u00a0!")
    arch.notes.create("Bilan\u00a0: les chiffres", "Plus de 4\u00a0000 combattants\u00a0?",
                      article_ids=[first.article_id])
    one = tmp_path / "one.zip"
    arch.exports.export_bundle("all", one, options=PASSAGES)
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(one)
        two = tmp_path / "two.zip"
        other.exports.export_bundle("all", two, options=PASSAGES)
        other.exports.open_bundle(one)               # again: nothing more
        counts = [other.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("rights_statements", "republications")]
    return unzip(one, tmp_path / "u1") / "data", unzip(two, tmp_path / "u2") / "data", counts


def _articles(data) -> dict[str, dict]:
    doc = json.loads((data / "palmyra.json").read_text(encoding="utf-8"))
    return {a["title"]: a for a in doc["articles"]}


def _shared(one, two):
    a, b = _articles(one), _articles(two)
    return [(a[t], b[t]) for t in a if t in b and a[t]["annotations"]]


def test_the_provisional_title_mark_survives(both):
    one, two, _ = both
    pairs = _shared(one, two)
    provisional = [(x, y) for x, y in pairs if x["title_status"] == "provisional"]
    assert provisional, "the corpus has an article with a provisional title"
    for x, y in provisional:
        assert y["title_status"] == "provisional" and y["title"] == x["title"]
    ris = (two / "citations" / "references.ris").read_text(encoding="utf-8")
    assert "N1  - Title provisional: the source does not print one." in ris


def test_the_section_and_the_site_tags_survive(both):
    one, two, _ = both
    for x, y in _shared(one, two):
        assert y["site_tags"] == x["site_tags"]
        assert y["copies"][0]["section"] == x["copies"][0]["section"]
    assert any(x["site_tags"] for x, _ in _shared(one, two))
    assert any(x["copies"][0]["section"] for x, _ in _shared(one, two))
    assert "SE  - Multipolarity" in (two / "citations" / "references.ris").read_text(encoding="utf-8")


def test_the_republication_evidence_survives(both):
    one, two, _ = both
    for x, y in _shared(one, two):
        assert y["original"] == x["original"]
        keep = ("hop", "from_outlet", "from_date", "from_date_as_printed", "relation", "is_original",
                "evidence", "method", "status")
        assert [{k: r[k] for k in keep} for r in y["copies"][0]["republications"]] == \
            [{k: r[k] for k in keep} for r in x["copies"][0]["republications"]]
    ris = (two / "citations" / "references.ris").read_text(encoding="utf-8")
    assert "Evidence of republication, as printed: La source originale de cet article est Moon of Alabama" in ris
    assert "Evidence of republication, as printed: Courtesy The Saker" in ris


def _without_hashes(text: str) -> str:
    """The passages' own text has another hash than the source: the one thing that must differ."""
    return re.sub(r"sha256:[0-9a-f]{64}", "sha256:*", text)


def test_the_reprint_attribution_line_in_quotes_survives(both):
    one, two, _ = both
    line = next(row for row in (one / "quotes.md").read_text(encoding="utf-8").splitlines()
                if row.startswith("**Attribution:**"))
    assert "Mondialisation.ca's reprint terms require" in line
    assert line in (two / "quotes.md").read_text(encoding="utf-8").splitlines()
    assert _without_hashes((two / "quotes.md").read_text(encoding="utf-8")) == \
        _without_hashes((one / "quotes.md").read_text(encoding="utf-8"))


def test_every_part_of_rights_md_survives_for_the_articles_it_carries(both):
    one, two, counts = both
    sections = lambda d: {s.split("\n", 1)[0]: _without_hashes(s) for s in  # noqa: E731
                          (d / "RIGHTS.md").read_text(encoding="utf-8").split("\n## ")[1:]}
    first, second = sections(one), sections(two)
    carried = {t for t, a in _articles(one).items() if a["annotations"]}
    for heading, text in first.items():
        if any(heading.startswith(t) for t in carried):
            again = second[heading]
            # the source file is the passages' own text; everything else is the same
            assert re.sub(r"- Source file: .*\n", "", again) == re.sub(r"- Source file: .*\n", "", text)
    assert "Le Centre de recherche sur la mondialisation (CRM) accorde la permission" in \
        (two / "RIGHTS.md").read_text(encoding="utf-8")
    carried_rows = [sum(len(a["copies"][0][k]) for t, a in _articles(one).items() if t in carried)
                    for k in ("rights", "republications")]
    assert counts == carried_rows and carried_rows[0] >= 4      # opened twice, stored once


FRENCH = ("Palmyre\u00a0: la bataille des chiffres\n\nPar Claire Vautrin\n\nLe 12 décembre 2016\n\n"
          "Selon le ministère, plus de 4\u00a0000 combattants ont pris part à l'offensive\u00a0; les "
          "observateurs parlent de 5\u00a0000 hommes au moins.\n\nLa ville a changé de mains deux fois en "
          "neuf mois, et chaque camp avance ses propres chiffres.\n")


def test_no_break_spaces_are_kept(archive, tmp_path):
    article = archive.importer.import_bytes("chiffres.txt", FRENCH.encode("utf-8")).article_ids[0]
    archive.annotations.create_from_quote(article, "plus de 4\u00a0000 combattants",
                                          note="À vérifier\u00a0!")
    one = tmp_path / "one.zip"
    archive.exports.export_bundle("all", one, options=PASSAGES)
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(one)
        two = tmp_path / "two.zip"
        other.exports.export_bundle("all", two, options=PASSAGES)
    for data in (unzip(one, tmp_path / "u1") / "data", unzip(two, tmp_path / "u2") / "data"):
        [item] = json.loads((data / "palmyra.json").read_text(encoding="utf-8"))["articles"]
        assert item["title"] == "Palmyre\u00a0: la bataille des chiffres"
        assert item["annotations"][0]["exact"] == "plus de 4\u00a0000 combattants"
        assert item["annotations"][0]["note"] == "À vérifier\u00a0!"
        assert "Palmyre\u00a0: la bataille" in (data / "quotes.md").read_text(encoding="utf-8")


def test_a_correction_keeps_its_no_break_spaces_and_tidies_the_rest(archive):
    article = archive.importer.import_bytes("chiffres.txt", FRENCH.encode("utf-8")).article_ids[0]
    archive.articles.correct(article, title="  Palmyre\u00a0:   la bataille\n des chiffres ")
    assert archive.articles.get(article).title == "Palmyre\u00a0: la bataille des chiffres"
