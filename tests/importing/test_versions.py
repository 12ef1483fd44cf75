"""A file is a new version only when it is the same document changed, not because of its name (#18)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS_DIR

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.importing.versions import LEGACY_EVIDENCE, VersionReview, text_share
from palmyra_archive.core.store.errors import PalmyraError

WORDS = sorted({w.strip('.,;:()"\'*[]').lower() for f in CORPUS_DIR.glob("*.txt")
                for w in f.read_text("utf-8").split() if w.isalpha() and len(w) > 3})
CORPUS_000 = CORPUS_DIR / "000_75c112bd7e1fc9de.txt"


def paragraphs(seed: int, count: int = 6) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(count)]


def article(seed: int, paras: list[str] | None = None) -> str:
    """A plain-text scrape of an article no other seed shares a sentence with."""
    return "By Ann Author\n\n28 March 2016\n\n" + "\n\n".join(paras or paragraphs(seed)) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def count(archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_two_folders_with_the_same_names_and_other_texts_are_new_sources(archive, tmp_path):
    for i in range(5):
        write(tmp_path / "run1", f"gen_{i:06d}.txt", article(i))
        write(tmp_path / "run2", f"gen_{i:06d}.txt", article(100 + i))
    first = archive.importer.import_paths([tmp_path / "run1"])
    second = archive.importer.import_paths([tmp_path / "run2"])
    assert (first.imported, second.imported, second.new_versions, second.proposed_versions) == (5, 5, 0, 0)
    assert count(archive, "articles") == 10
    assert archive.db.execute("SELECT count(*) FROM copies WHERE superseded_by_id IS NOT NULL").fetchone()[0] == 0
    assert archive.db.execute("SELECT count(*) FROM sources WHERE previous_version_id IS NOT NULL").fetchone()[0] == 0
    paths = {r[0] for r in archive.db.execute("SELECT original_path FROM sources")}
    assert str((tmp_path / "run2" / "gen_000003.txt").resolve()) in paths and len(paths) == 10
    assert all(e.details["version_evidence"] is None for e in archive.events.list(action="import"))


def test_the_same_folder_imported_again_after_edits_finds_its_versions(archive, tmp_path):
    folder = tmp_path / "scrapes"
    for i in range(4):
        write(folder, f"{i}.txt", article(i))
    ids = archive.importer.import_paths([folder]).article_ids
    write(folder, "1.txt", article(1).replace("By Ann Author", "By Ann Author (updated)"))
    write(folder, "2.txt", article(2000))                  # rewritten from top to bottom
    again = archive.importer.import_paths([folder])
    assert (again.unchanged, again.new_versions, again.imported, again.proposed_versions) == (2, 2, 0, 0)
    versions = [o for o in again.outcomes if o.status == "new_version"]
    assert {o.version_evidence for o in versions} == {"same file path imported again"}
    assert "(same file path imported again)" in versions[0].message
    assert again.article_ids == ids and count(archive, "articles") == 4
    events = archive.events.list(action="new_version")
    assert {e.details["version_evidence"] for e in events} == {"same file path imported again"}


def test_same_name_title_and_text_from_another_folder_is_a_new_version(archive, tmp_path):
    text = CORPUS_000.read_text("utf-8")
    archive.importer.import_paths([write(tmp_path / "a", "story.txt", text)])
    edited = text.replace("The Syrian government is no longer", "Today the Syrian government is no longer")
    outcome = archive.importer.import_paths([write(tmp_path / "b", "story.txt", edited)]).outcomes[0]
    assert outcome.status == "new_version"
    assert outcome.version_evidence.startswith("same file name, title and text (")


def test_same_name_with_text_half_alike_is_proposed_then_confirmed(archive, tmp_path):
    old = paragraphs(7)
    half = old[:3] + paragraphs(70)[:3]
    assert 0.4 <= text_share(article(7, old), article(7, half)) < 0.7
    first = archive.importer.import_paths([write(tmp_path / "a", "article.txt", article(7, old))])
    art = first.article_ids[0]
    quote = old[0][:40]
    annotation = archive.annotations.create_from_quote(art, quote).created_id
    report = archive.importer.import_paths([write(tmp_path / "b", "article.txt", article(7, half))])
    [outcome] = report.outcomes
    assert outcome.status == "imported" and report.proposed_versions == 1
    assert outcome.version_evidence.startswith("same file name elsewhere, text only ")
    assert "perhaps a new version of " + str((tmp_path / "a" / "article.txt").resolve()) in outcome.message
    assert count(archive, "articles") == 2 and archive.articles.get(art).copy_id == 1   # nothing applied
    review = VersionReview(archive)
    [proposal] = review.list()
    assert (proposal.source_id, proposal.candidate_source_id, proposal.linked) == (2, 1, False)
    assert proposal.id == outcome.proposal_ids[0] and 0.4 <= proposal.similarity < 0.7
    assert archive.events.list(action="version_proposed")[0].entity_id == proposal.id
    changes = review.confirm(proposal.id)
    assert "now a new version of article.txt" in changes.message
    assert count(archive, "articles") == 1
    detail = archive.articles.get(art)
    assert detail.copy_id == 2 and detail.body.startswith(half[0][:30])
    assert archive.db.execute("SELECT previous_version_id FROM sources WHERE id = 2").fetchone()[0] == 1
    [view] = archive.annotations.for_article(art)
    assert view.id == annotation and view.copy_id == 2 and view.exact == quote
    assert review.list() == [] and review.list(status="confirmed")[0].id == proposal.id
    assert archive.events.list(action="version_confirmed")[0].details["superseded"] == [[1, 2]]
    with pytest.raises(PalmyraError, match="already confirmed"):
        review.reject(proposal.id)


def test_a_rejected_proposal_keeps_the_files_apart(archive, tmp_path):
    old = paragraphs(8)
    archive.importer.import_paths([write(tmp_path / "a", "article.txt", article(8, old))])
    archive.importer.import_paths([write(tmp_path / "b", "article.txt",
                                         article(8, old[:3] + paragraphs(80)[:3]))])
    review = VersionReview(archive)
    [proposal] = review.list()
    before = archive.db.execute("SELECT id, article_id, superseded_by_id FROM copies").fetchall()
    assert "kept apart" in review.reject(proposal.id).message
    assert archive.db.execute("SELECT id, article_id, superseded_by_id FROM copies").fetchall() == before
    assert review.pending_count() == 0 and review.get(proposal.id).status == "rejected"
    assert archive.events.list(action="version_rejected")[0].entity_id == proposal.id


def test_index_html_saved_from_five_sites_is_five_sources(archive):
    for site in range(5):
        outcome = archive.importer.import_bytes(
            "index.html", article(300 + site).encode(), original_path=f"/saves/site{site}/index.html",
            capture_url=f"https://site{site}.example/2016/palmyra")
        assert outcome.status == "imported" and outcome.proposal_ids == []
    assert count(archive, "articles") == 5 and count(archive, "version_proposals") == 0
    urls = [r[0] for r in archive.db.execute("SELECT capture_url FROM sources ORDER BY id")]
    assert urls[2] == "https://site2.example/2016/palmyra"
    # the same page saved again later, into another folder: the URL says it is site 2's page
    again = archive.importer.import_bytes(
        "index.html", article(302).replace("28 March", "29 March").encode(),
        original_path="/downloads/index.html", capture_url="https://site2.example/2016/palmyra")
    assert again.status == "new_version" and again.version_evidence == "same capture URL"
    assert archive.db.execute("SELECT previous_version_id FROM sources WHERE id = 6").fetchone()[0] == 3
    # a page much like site 1's but captured from another address is another document
    other = archive.importer.import_bytes(
        "index.html", article(301).replace("Ann Author", "Bob Writer").encode(),
        original_path="/downloads/b/index.html", capture_url="https://mirror.example/palmyra")
    assert other.status == "imported" and other.proposal_ids == []


def test_a_warc_with_two_captures_of_one_url(archive):
    """What a WARC reader will hand the importer: records without file names of their own."""
    url = "https://www.example.org/palmyra-liberated"
    first = archive.importer.import_bytes("crawl.warc.gz", article(400).encode(),
                                          original_path="/crawls/crawl.warc.gz#1", capture_url=url)
    later = article(400).replace("28 March 2016", "28 March 2016, updated 30 March").encode()
    second = archive.importer.import_bytes("crawl.warc.gz", later,
                                           original_path="/crawls/crawl.warc.gz#2", capture_url=url)
    third = archive.importer.import_bytes("crawl.warc.gz", article(401).encode(),
                                          original_path="/crawls/crawl.warc.gz#3",
                                          capture_url="https://www.example.org/another-story")
    assert (first.status, second.status, third.status) == ("imported", "new_version", "imported")
    assert second.version_evidence == "same capture URL" and second.article_ids == first.article_ids
    assert count(archive, "articles") == 2


def _as_before_0_2(path: Path) -> None:
    """Put an archive back as 0.1 left it: no capture_url, no proposals, migration 0011 unapplied."""
    conn = sqlite3.connect(path)
    for statement in ("DROP INDEX sources_capture_url", "ALTER TABLE sources DROP COLUMN capture_url",
                      "DROP TABLE version_proposals",
                      "DELETE FROM _sqlite_migrations WHERE name = '0011_version_evidence'",
                      "PRAGMA user_version = 10"):
        conn.execute(statement)
    conn.commit()
    conn.close()


def _rows(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("articles", "copies", "annotations")} | {
            "sources": conn.execute("SELECT id, filename, previous_version_id FROM sources").fetchall()}
    finally:
        conn.close()


@pytest.fixture
def legacy_archive(tmp_path):
    """An 0.1 archive where story.txt from two folders was linked as versions by its name."""
    path = tmp_path / "old.palmyra.sqlite"
    with Archive.open(path) as archive:
        archive.importer.import_bytes("story.txt", article(500).encode(), original_path="/a/story.txt")
        archive.importer.import_bytes("story.txt", article(501).encode(), original_path="/a/story.txt")
        archive.importer.import_bytes("other.txt", article(502).encode(), original_path="/a/other.txt")
        archive.db.execute("UPDATE sources SET original_path = NULL")   # as 0.1 kept for byte imports
    _as_before_0_2(path)
    return path


def test_the_upgrade_lists_name_only_versions_and_changes_nothing(legacy_archive):
    before = _rows(legacy_archive)
    with Archive.open(legacy_archive) as archive:
        assert _rows(legacy_archive) == before
        [proposal] = VersionReview(archive).list()
        assert (proposal.source_id, proposal.candidate_source_id) == (2, 1)
        assert proposal.linked and proposal.evidence == LEGACY_EVIDENCE
        assert archive.events.list(action="versions_listed_for_review")[0].details == {"links": 1}


def test_confirming_a_name_only_version_keeps_it_and_rejecting_separates_it(legacy_archive):
    with Archive.open(legacy_archive) as archive:
        review = VersionReview(archive)
        [proposal] = review.list()
        before = _rows(legacy_archive)
        review.confirm(proposal.id)
        assert _rows(legacy_archive) == before and review.pending_count() == 0
    _as_before_0_2(legacy_archive)
    with Archive.open(legacy_archive) as archive:
        review = VersionReview(archive)
        [proposal] = review.list()
        [art] = proposal.candidate_article_ids
        archive.annotations.create_from_quote(art, paragraphs(501)[0][:30])
        review.reject(proposal.id)
        assert count(archive, "articles") == 3
        assert archive.articles.get(art).copy_id == 1     # the earlier file is shown again
        [moved] = archive.db.execute("SELECT article_id FROM copies WHERE source_id = 2").fetchall()
        assert moved[0] != art and archive.articles.get(moved[0]).copy_id == 2
        assert archive.db.execute("SELECT previous_version_id FROM sources WHERE id = 2").fetchone()[0] is None
        assert archive.db.execute("SELECT count(*) FROM copies WHERE superseded_by_id IS NOT NULL").fetchone()[0] == 0
        # its words are not in the earlier text: it stays on the newer one, with that article
        assert archive.annotations.orphans() == []
        [view] = archive.annotations.for_article(moved[0])
        assert view.copy_id == 2 and view.anchor_status == "anchored"


def test_the_command_line_imports_proposes_and_reviews(tmp_path, capsys):
    import json as jsonlib

    from palmyra_archive.cli import main

    path = tmp_path / "cli.palmyra.sqlite"
    old = paragraphs(9)
    write(tmp_path / "a", "article.txt", article(9, old))
    write(tmp_path / "b", "article.txt", article(9, old[:3] + paragraphs(90)[:3]))
    assert main(["--archive", str(path), "import", str(tmp_path / "a")]) == 0
    assert main(["--archive", str(path), "import", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "Imported 1, unchanged 0, new versions 0" in out and "versions --review" in out
    assert main(["--archive", str(path), "versions", "--review", "--json"]) == 0
    [listed] = jsonlib.loads(capsys.readouterr().out)
    assert listed["new"]["path"] == str((tmp_path / "b" / "article.txt").resolve())
    assert listed["earlier"]["filename"] == "article.txt" and listed["status"] == "proposed"
    assert listed["evidence"].startswith("same file name elsewhere")
    assert main(["--archive", str(path), "versions", "--confirm", str(listed["id"])]) == 0
    assert "now a new version" in capsys.readouterr().out
    assert main(["--archive", str(path), "versions", "--review"]) == 0
    assert "No proposed versions" in capsys.readouterr().out
    assert main(["--archive", str(path), "versions", "--reject", str(listed["id"])]) == 1
    assert "already confirmed" in capsys.readouterr().err
