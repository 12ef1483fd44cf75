"""Fixtures for the export tests: the corpus with a few annotations, tags, notes and a correction,
made through the same services a researcher uses."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import article_id_for

QUOTES = {
    "000_75c112bd7e1fc9de.txt": ("One important part of liberating Palmyra was the use of Russian "
                                 "electronic warfare equipment", "Framing: *technology* wins.",
                                 ["framing/liberation"]),
    "003_1d7eb8016ddebaae.txt": ("launched a major offensive in a bid to recapture the ancient city "
                                 "of Palmyra", "", ["events/offensive"]),
    "002_eeff659715a18b85.txt": ("the total number of IS fighters exceeded 4,000",
                                 "Numbers from the Ministry; check.", []),
}


@pytest.fixture
def annotated_archive(corpus_archive):
    return annotate(corpus_archive)


def annotate(arch):
    """The annotations, tags, notes and correction the export tests expect, on the corpus."""
    for filename, (quote, note, tags) in QUOTES.items():
        arch.annotations.create_from_quote(article_id_for(arch, filename), quote, note=note, tags=tags)
    moon = article_id_for(arch, "000_75c112bd7e1fc9de.txt")
    mirzaei = article_id_for(arch, "003_1d7eb8016ddebaae.txt")
    arch.tags.add_to_articles([moon, mirzaei], ["palmyra/2016"])
    arch.notes.set_article_note(moon, "Key source for the *liberation* frame.")
    arch.notes.create("Two falls of Palmyra", "Compare March and December.", article_ids=[moon, mirzaei])
    arch.articles.correct(article_id_for(arch, "001_3af5428a403a59eb.txt"), authors=["Scott Lucas"])
    return arch


def unzip(bundle: Path, dest: Path) -> Path:
    """Extract a bundle (trusted: we wrote it) and return its bag root."""
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(dest)
    roots = [p.parent for p in dest.glob("*/bagit.txt")]
    assert len(roots) == 1, roots
    return roots[0]


@pytest.fixture
def exported(annotated_archive, tmp_path):
    """The annotated corpus exported whole, unzipped: (archive, bundle zip, bag root)."""
    out = tmp_path / "palmyra-bundle.zip"
    annotated_archive.exports.export_bundle("all", out)
    return annotated_archive, out, unzip(out, tmp_path / "unzipped")
