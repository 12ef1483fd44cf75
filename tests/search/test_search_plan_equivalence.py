"""The flat search of issue #19 answers what main 4519722's plan answered.

Why: the new plan ranks a capped word's rows by recency, looks authors and notes up in their
own index (migration 0030), excludes NOT words by walking their recent rows and looking the
found articles' older rows up, and makes snippets by rowid. Each is a different route to the
same rows, so on a generated archive, for every query shape the benchmarks time, the frozen
old plan (``tests/support/search_before_19.py``) is the oracle: where the cap does not apply
the hits are the same (article, where the hit stands, its rank, its snippet; an author's or
an article note's rank now comes from their own index, see ``OWN_INDEX``); where it does, the
same articles are found and the answer says it is capped, as before.
"""

from __future__ import annotations

import random

import pytest

from palmyra_archive.core.ingest.model import Comment
from palmyra_archive.core.search import matching
from tests.support.parsed_docs import install, make_article, make_doc
from tests.support.search_before_19 import old_search

#: frequent words first: the first few stand in most articles, the last in a handful
TOPIC = ("palmyra army museum ruins victory convoy citadel theatre heritage ceasefire tribe "
         "governor unesco zeugma saker").split()
NAMES = ("Nadia Haddad", "Omar Saleh", "Lina Khoury", "Sami Aziz")

SHAPES = ["palmyra", "zeugma", "saker", "zenobia", "zenobia OR palmyra", "museum ruins", "convoy citadel theatre",
          "palmyra zeugma", "saker army palmyra", "zenobia palmyra", "zenobia OR tribe", '"palmyra museum"', '"the convoy"',
          "pal*", "gov*", "cita* army", "palmyra OR zeugma", "saker OR tribe",
          "army NOT palmyra", "palmyra NOT zeugma", "museum NOT saker NOT tribe",
          "ruins army OR saker", "haddad", "khoury palmyra", "memo", "memo OR saker",
          "nothinghere", "palmyra NOT nothinghere"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(TOPIC[min(int(rng.expovariate(0.4)), len(TOPIC) - 1)] for _ in range(n))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from palmyra_archive.core.archive import Archive

    rng = random.Random(19)
    docs = {}
    for n in range(1, 71):
        comments = [Comment(index=i, parent_index=None, depth=0, text=f"The {_words(rng, 6)}.")
                    for i in range(rng.choice((0, 0, 1, 2)))]
        captions = [f"Pictured: {_words(rng, 4)}"] if n % 4 == 0 else []
        rare = " Zenobia's road." if n in (7, 50) else ""
        body = f"The convoy reached the {_words(rng, 3)}.{rare} " + ". ".join(
            _words(rng, 8).capitalize() for _ in range(rng.randint(3, 8))) + "."
        docs[f"doc{n}".encode()] = make_doc(make_article(
            title=f"{_words(rng, 3).title()} report {n}", body=body, comments=comments,
            captions=captions, authors=(NAMES[n % 4],), outlet="Site A",
            date=f"2016-{1 + n % 12:02d}-{1 + n % 28:02d}"))
    with Archive.open(tmp_path_factory.mktemp("equivalence") / "gen.palmyra.sqlite") as archive:
        install(archive, docs)
        for n in range(1, 71):
            assert archive.importer.import_bytes(f"doc{n}.txt", f"doc{n}".encode()).status == "imported"
        for article_id in (3, 9, 27, 40, 66):
            archive.notes.set_article_note(article_id, f"memo on {_words(rng, 3)}")
        for article_id in (5, 12, 33):
            archive.annotations.create_from_quote(article_id, "The convoy reached", note="saker?")
        yield archive


def _new(archive, text: str, cap: int) -> list[tuple]:
    return [(h.article_id, h.kind, h.ref_id, h.rank, h.snippet, h.capped)
            for h in archive.search.search(text, cap=cap, limit=1000)]


#: where a hit stands whose bm25 is now taken over authors and notes alone (migration 0030),
#: not over the whole article row beside its title: its rank, and so its place, may differ
OWN_INDEX = ("author", "note")


def _same_index(hits: list[tuple], other: list[tuple]) -> list[tuple]:
    moved = {h[0] for h in hits + other if h[1] in OWN_INDEX}
    return [h for h in hits if h[0] not in moved]


@pytest.mark.parametrize("walk_rows", [10_000, 2])
@pytest.mark.parametrize("text", SHAPES)
def test_uncapped_answers_are_the_old_plans(generated, text, walk_rows, monkeypatch):
    """``walk_rows`` 2: NOT's and AND's older rows are looked up one by one, not walked."""
    monkeypatch.setattr(matching, "WALK_ROWS", walk_rows)
    old, new = old_search(generated, text, cap=10_000), _new(generated, text, 10_000)
    assert sorted(h[0] for h in new) == sorted(h[0] for h in old)
    assert not any(h[5] for h in new + old)
    kept, was = _same_index(new, old), _same_index(old, new)
    assert [h[:3] for h in kept] == [h[:3] for h in was]
    for hit, before in zip(kept, was, strict=True):
        assert hit[3] == pytest.approx(before[3]) and hit[4] == before[4]
    by_article = {h[0]: h for h in old}
    for aid, kind, ref_id, _rank, snippet, _capped in new:
        if kind in OWN_INDEX and by_article[aid][1] == kind:
            assert (ref_id, snippet) == by_article[aid][2:5:2]
    if "nothinghere" not in text or "NOT" in text:
        assert new or "NOT" in text


@pytest.mark.parametrize("text", SHAPES)
@pytest.mark.parametrize("cap", [3, 8])
def test_capped_answers_find_the_old_plans_articles_and_say_so(generated, text, cap):
    old, new = old_search(generated, text, cap=cap), _new(generated, text, cap)
    assert {h[0] for h in new} == {h[0] for h in old}
    assert {h[5] for h in new} == {h[5] for h in old}
    info = generated.search.search_info(text, cap=cap)
    assert info["capped"] is any(h[5] for h in old) or not old
    ranked_by_bm25 = [h for h in new if h[3] <= -1e-7]
    assert new[:len(ranked_by_bm25)] == ranked_by_bm25      # exact ranks before recency
    old_hits = {h[0]: h for h in old}
    for aid, kind, ref_id, _rank, snippet, _capped in new:   # the same row, the same snippet
        if old_hits[aid][1:3] == (kind, ref_id):
            assert snippet == old_hits[aid][4], (aid, kind)
    old_ranks = {h[0]: h[3] for h in old}
    for aid, kind, _ref, rank, _snippet, _capped in ranked_by_bm25:
        if kind not in ("author", "note"):
            assert rank == pytest.approx(old_ranks[aid]) or rank > old_ranks[aid]


def test_the_shapes_cover_capped_and_uncapped_answers(generated):
    capped = [text for text in SHAPES if generated.search.search_info(text, cap=3)["capped"]]
    assert "palmyra" in capped and "army NOT palmyra" in capped and "pal*" in capped
    assert "zenobia" not in capped and "zenobia palmyra" not in capped and "memo" in capped
