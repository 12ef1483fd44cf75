"""Correcting a copy's split in the archive (issue #3): stored beside the regions found, the
copy re-read with it, annotations re-anchored, search and undo following."""

from __future__ import annotations

import pytest
from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.core.store.errors import NotFoundError, ValidationError

FILE_002 = next(p.name for p in CORPUS_FILES if p.name.startswith("002_"))
FILE_004 = next(p.name for p in CORPUS_FILES if p.name.startswith("004_"))
FIRST_004 = "The month of March has been sullied by numerous worldwide terrorist attacks."


def _stretch(archive, article_id: int, needle: str) -> tuple[int, int]:
    text = archive.articles.source_view(article_id).text
    start = text.index(needle)
    return start, start + len(needle)


def _body_hits(archive, article_id: int, word: str) -> list:
    return [h for h in archive.search.search(word) if h.kind == "body" and h.article_id == article_id]


def test_site_text_marked_as_body_joins_the_article(corpus_archive):
    arch = corpus_archive
    article_id = article_id_for(arch, FILE_002)
    before = arch.articles.get(article_id)
    copy_id = before.copy_id
    source_before = arch.db.execute("SELECT sha256, content FROM sources s JOIN copies c ON"
                                    " c.source_id = s.id WHERE c.id = ?", [copy_id]).fetchone()
    start, end = _stretch(arch, article_id, "Recent Posts\nContact Us")
    changes = arch.articles.correct_regions(article_id, [(start, end, "body")])
    after = arch.articles.get(article_id)
    assert changes.articles and article_id in changes.article_ids
    assert "Recent Posts" not in before.body and "Recent Posts\nContact Us" in after.body
    assert after.copy_id == copy_id
    assert arch.db.execute("SELECT sha256, content FROM sources s JOIN copies c ON"
                           " c.source_id = s.id WHERE c.id = ?", [copy_id]).fetchone() == source_before
    view = arch.articles.source_view(article_id)
    assert [(c.kind, c.start, c.end) for c in view.corrections] == [("body", start, end)]
    assert any(r.kind == "body" and r.start <= start < r.end for r in view.regions)
    word_count = arch.db.execute("SELECT word_count FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
    assert word_count == len(after.body.split())


def test_body_marked_as_site_text_leaves_body_and_search_and_comes_back(corpus_archive):
    arch = corpus_archive
    article_id = article_id_for(arch, FILE_004)
    start, end = _stretch(arch, article_id, FIRST_004)
    assert _body_hits(arch, article_id, "sullied")
    arch.articles.correct_regions(article_id, [(start, end, "site_text")])
    assert FIRST_004 not in arch.articles.get(article_id).body
    assert not _body_hits(arch, article_id, "sullied")
    events = arch.events.list(entity="article", entity_id=article_id, action="correct_regions")
    assert events and events[0].after == [{"start": start, "end": end, "kind": "site_text"}]
    arch.articles.clear_region_corrections(article_id)
    assert FIRST_004 in arch.articles.get(article_id).body
    assert arch.articles.source_view(article_id).corrections == []
    assert _body_hits(arch, article_id, "sullied")


def test_annotations_are_reanchored_and_orphans_kept(corpus_archive):
    arch = corpus_archive
    article_id = article_id_for(arch, FILE_004)
    body = arch.articles.get(article_id).body
    later = body.index("Palmyra", len(body) // 2)
    gone_at = body.index(FIRST_004[:40])
    kept_id = arch.annotations.create(article_id, later, later + len("Palmyra"), note="kept").created_id
    gone_id = arch.annotations.create(article_id, gone_at, gone_at + 40, note="gone").created_id
    start, end = _stretch(arch, article_id, FIRST_004)
    arch.articles.correct_regions(article_id, [(start, end, "site_text")])
    new_body = arch.articles.get(article_id).body
    kept = arch.annotations.get(kept_id)
    assert kept.anchor_status in ("anchored", "moved", "fuzzy")
    assert new_body[kept.start:kept.end] == "Palmyra"
    gone = arch.annotations.get(gone_id)
    assert gone.anchor_status == "orphan" and gone.note == "gone"


def test_set_restores_a_previous_set(corpus_archive):
    arch = corpus_archive
    article_id = article_id_for(arch, FILE_002)
    start, end = _stretch(arch, article_id, "Recent Posts")
    arch.articles.correct_regions(article_id, [(start, end, "body")])
    first = arch.articles.region_corrections(article_id)
    arch.articles.correct_regions(article_id, [(start, end, "caption")])
    assert [c.kind for c in arch.articles.region_corrections(article_id)] == ["body", "caption"]
    assert "Recent Posts" in arch.articles.get(article_id).captions
    arch.articles.set_region_corrections(article_id, first)
    assert arch.articles.region_corrections(article_id) == first
    assert "Recent Posts" not in arch.articles.get(article_id).captions


def test_bad_corrections_are_refused_and_change_nothing(corpus_archive):
    arch = corpus_archive
    article_id = article_id_for(arch, FILE_002)
    body = arch.articles.get(article_id).body
    with pytest.raises(ValidationError, match="not a kind"):
        arch.articles.correct_regions(article_id, [(0, 10, "advert")])
    with pytest.raises(ValidationError, match="empty"):
        arch.articles.correct_regions(article_id, [(10, 10, "body")])
    with pytest.raises(ValidationError, match="past the end"):
        arch.articles.correct_regions(article_id, [(0, 10_000_000, "body")])
    with pytest.raises(NotFoundError):
        arch.articles.correct_regions(999_999, [(0, 10, "body")])
    assert arch.articles.get(article_id).body == body
    assert arch.articles.region_corrections(article_id) == []
