"""The benchmark's generated articles: deterministic, importable, some copies of one work."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_corpus  # noqa: E402


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = _contents_of(generate_corpus(tmp_path / "a", 12, seed=3))
    b = _contents_of(generate_corpus(tmp_path / "b", 12, seed=3))
    c = _contents_of(generate_corpus(tmp_path / "c", 12, seed=4))
    assert a == b and a != c and len(set(a)) == 12


def _contents_of(paths):
    return [p.read_bytes() for p in paths]


def test_generated_articles_import_and_republished_ones_join_their_work(archive, tmp_path):
    generate_corpus(tmp_path / "gen", 60, seed=7)
    report = archive.importer.import_paths([tmp_path / "gen"])
    assert report.failed == 0 and report.imported == 60
    copies = archive.db.execute("SELECT count(*) FROM copies").fetchone()[0]
    assert copies == 60 and archive.articles.total_count() < 60
    shared = archive.db.execute("SELECT count(*) FROM (SELECT article_id FROM copies GROUP BY article_id"
                                " HAVING count(*) > 1)").fetchone()[0]
    assert shared >= 1
