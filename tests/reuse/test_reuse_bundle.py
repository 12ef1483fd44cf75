"""Bundles carry the confirmed links found by text (#11): PROV ``wasDerivedFrom`` with method
``text-reuse``, the link and its aligned passages in palmyra.json, a line in the README; opening
the bundle confirms them again, once. Proposed and rejected links are not exported."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile

import pytest

from palmyra_archive.core.archive import Archive
from tests.conftest import SHARED_DIR

from .helpers import copy, import_articles, link_between, make, quoting_article

CHECK_PROV = SHARED_DIR / "tools" / "validators" / "check_prov.py"


@pytest.fixture
def linked(archive, tmp_path):
    """Four kinds of pair: a confirmed same-work link (the copy credits the original), a
    confirmed quote, one only proposed and one rejected; exported whole."""
    base, second, third = make(31), make(32, key="a00002"), make(33, key="a00003")
    credited = copy(base, "credited", "a00001c0")
    host, _para = quoting_article(second, random.Random(5), "a00002q")
    ids = import_articles(archive, tmp_path / "in", base, credited, second, host, third,
                          copy(third, "intro", "a00003c0"), copy(third, "truncated", "a00003c1"))
    same = link_between(archive, ids["a00001"], ids["a00001c0"])
    quote = link_between(archive, ids["a00002"], ids["a00002q"])
    proposed = link_between(archive, ids["a00003"], ids["a00003c0"])
    rejected = link_between(archive, ids["a00003"], ids["a00003c1"])
    assert same.kind == "same_work" and quote.kind == "quotes_from"
    assert proposed.status == "proposed"
    archive.reuse.confirm(same.id)
    archive.reuse.confirm(quote.id)
    archive.reuse.reject(rejected.id)
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    with zipfile.ZipFile(out) as z:
        root = next(n for n in z.namelist() if n.endswith("data/palmyra.json")).rsplit("data/", 1)[0]
        files = {name: z.read(root + "data/" + name).decode("utf-8")
                 for name in ("palmyra.json", "provenance.json")}
        files["README.md"] = z.read(root + "data/README.md").decode("utf-8")
    return archive, ids, out, files, {"same": same, "quote": quote}


def test_palmyra_json_holds_the_confirmed_links_with_their_passages_and_nothing_else(linked):
    archive, ids, _out, files, links = linked
    doc = json.loads(files["palmyra.json"])
    exported = {x["link_id"]: x for x in doc["reuse_links"]}
    assert set(exported) == {links["same"].id, links["quote"].id}    # not the proposed, not the rejected
    same = exported[links["same"].id]
    assert same["status"] == "confirmed" and same["kind"] == "same_work"
    sides = {same["a"]["copy_id"]: same["a"], same["b"]["copy_id"]: same["b"]}
    assert set(sides) == {ids["a00001"], ids["a00001c0"]}
    assert same[same["first"]]["copy_id"] == ids["a00001"]     # the credit says who had it first
    body = archive.reuse.copy_info(same["a"]["copy_id"]).body
    for p in same["passages"]:
        assert body[p["a_span"][0]:p["a_span"][1]] == p["a_text"] and p["a_text"]
    assert len(same["passages"]) == len(links["same"].passages)
    assert "2 link(s) that the user confirmed" in files["README.md"]
    assert "only proposed" in files["README.md"]


def test_prov_says_the_later_copy_was_derived_by_text_reuse_and_the_validator_accepts_it(linked, tmp_path):
    _archive, ids, _out, files, links = linked
    prov = json.loads(files["provenance.json"])
    derived = [d for d in prov["wasDerivedFrom"].values() if d.get("palmyra:method") == "text-reuse"]
    assert len(derived) == 2       # one per confirmed link: the same-work hop is not written twice
    same = next(d for d in derived if d["palmyra:kind"] == "same_work")
    assert same["prov:generatedEntity"] == f"palmyra:copy-{ids['a00001c0']}"
    assert same["prov:usedEntity"] == f"palmyra:copy-{ids['a00001']}"
    assert same["palmyra:status"] == "confirmed" and same["palmyra:order"] == "known"
    spans = json.loads(same["palmyra:passages"])["passages"]
    assert len(spans) == len(links["same"].passages) and all(len(s) == 4 for s in spans)
    assert not any("proposed" in json.dumps(d) or "rejected" in json.dumps(d) for d in derived)
    if not CHECK_PROV.is_file():
        pytest.skip(f"the shared PROV validator is absent ({CHECK_PROV})")
    path = tmp_path / "provenance.json"
    path.write_text(files["provenance.json"], encoding="utf-8")
    result = subprocess.run([sys.executable, str(CHECK_PROV), str(path)], capture_output=True, text=True,
                            cwd=CHECK_PROV.parent, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("verify_at_import", [0, 3], ids=["nothing-proposed-here", "proposed-here"])
def test_opening_the_bundle_confirms_the_links_again_and_twice_changes_nothing(linked, tmp_path,
                                                                               verify_at_import):
    _archive, _ids, out, _files, _links = linked
    with Archive.open(tmp_path / "colleague" / "archive.palmyra.sqlite") as fresh:
        fresh.reuse.verify_at_import = verify_at_import
        report = fresh.exports.open_bundle(out)
        assert report.reuse_links == 2 and report.problems == []
        assert "2 confirmed link(s) found by text restored" in report.message
        confirmed = fresh.reuse.list(status="confirmed")
        assert sorted(x.kind for x in confirmed) == ["quotes_from", "same_work"]
        same = next(x for x in confirmed if x.kind == "same_work")
        assert same.article_a == same.article_b      # one work, as the sender had it
        assert same.passages and same.from_copy_id is not None
        hop = fresh.db.execute("SELECT count(*) FROM republications WHERE method = 'text-reuse'").fetchone()[0]
        assert hop == 1
        assert not [x for x in fresh.reuse.list(status="rejected")]
        counts = fresh.db.execute("SELECT count(*), sum(status = 'confirmed') FROM reuse_links").fetchone()
        articles = fresh.articles.total_count()

        again = fresh.exports.open_bundle(out)
        assert not again.changed_anything and again.reuse_links == 0
        assert fresh.db.execute("SELECT count(*), sum(status = 'confirmed') FROM reuse_links").fetchone() == counts
        assert fresh.articles.total_count() == articles


def test_a_link_this_archive_rejected_stays_rejected(linked, tmp_path):
    _archive, _ids, out, _files, _links = linked
    with Archive.open(tmp_path / "colleague" / "archive.palmyra.sqlite") as fresh:
        for path in (tmp_path / "in").iterdir():      # the same files, imported here first
            fresh.importer.import_file(path)
        mine = next(x for x in fresh.reuse.list() if x.kind == "quotes_from")
        fresh.reuse.reject(mine.id)
        report = fresh.exports.open_bundle(out)
        assert report.reuse_links == 1
        assert fresh.reuse.get(mine.id).status == "rejected"
        assert any("which this archive rejected" in p for p in report.problems)
