"""Text reuse (#11): fingerprints at import, verification, the two kinds, decisions, undo."""

from __future__ import annotations

import json

import pytest
from datasketch import MinHash

from palmyra_archive.core.reuse import align as alignmod
from palmyra_archive.core.reuse import fingerprint as fp
from palmyra_archive.core.reuse.links import BOILERPLATE_COPIES, MIN_SHARED_KEYS
from palmyra_archive.core.store.errors import PalmyraError
from palmyra_archive.core.store.tasks import CancelToken

from .helpers import copy, import_articles, link_between, make, quoting_article


def test_band_keys_are_shared_by_an_edited_copy_and_not_by_another_article_on_the_beat():
    base = make(1, beat="flood")
    other = make(2, key="a00002", beat="flood")
    edited = copy(base, "typos", "a00001c0")
    keys = set(fp.band_keys("\n".join(base.paragraphs)))
    assert len(keys & set(fp.band_keys("\n".join(edited.paragraphs)))) >= 10
    assert len(keys & set(fp.band_keys("\n".join(other.paragraphs)))) < MIN_SHARED_KEYS
    assert fp.band_keys("Too short to say anything.") == []


def test_the_band_values_are_datasketch_minhashes_of_the_passage_shingles():
    words = fp.words("The city council voted on Monday to close the old bridge over the river. " * 3)
    hashes = fp._shingle_hashes(fp._word_hashes(words), fp.SHINGLE_WORDS).tolist()
    mine = MinHash.bulk([hashes], num_perm=fp.BANDS * fp.ROWS, seed=fp.SEED, hashfunc=lambda x: x)[0]
    again = MinHash(num_perm=fp.BANDS * fp.ROWS, seed=fp.SEED, hashfunc=lambda x: x)
    again.update_batch(hashes)
    assert list(mine.hashvalues) == list(again.hashvalues)


def test_minhash_values_are_datasketchs():
    """The passages' MinHash values are computed for the whole text at once (#11's import
    cost); they must be datasketch's ``MinHash.bulk`` values, and the band keys the ones made
    from them, for every length (shorter than a shingle, one passage, many)."""
    import hashlib

    import numpy as np
    rng = np.random.default_rng(5)
    num_perm = fp.BANDS * fp.ROWS
    permutations, scheme = fp._permutations(num_perm, fp.SEED)
    texts = [rng.integers(0, 2 ** 32, n, dtype=np.uint64) for n in (1, 2, 3, 20, 49, 50, 51, 77, 333)]
    texts.append(fp.word_hashes(" ".join(make(3).paragraphs)))
    for hashes in texts:
        spans = fp.passages(len(hashes)) or [(0, len(hashes))]
        shingles = fp._shingle_hashes(hashes, fp.SHINGLE_WORDS)
        bulk = MinHash.bulk([shingles[s:max(s + 1, e - fp.SHINGLE_WORDS + 1)].tolist() for s, e in spans],
                            num_perm=num_perm, seed=fp.SEED, hashfunc=lambda x: x,
                            permutations=permutations, scheme=scheme)
        mine = fp._span_minhashes(shingles, spans, fp.DEFAULT)
        assert [m.hashvalues.tolist() for m in bulk] == [v.tolist() for v in mine]
        expected = []
        for m in bulk:
            keys = []
            for band in range(fp.BANDS):
                chunk = m.hashvalues[band * fp.ROWS:(band + 1) * fp.ROWS].tobytes()
                digest = hashlib.blake2b(chunk, digest_size=8, person=bytes([band]) * 8).digest()
                keys.append(int.from_bytes(digest, "little") & ((1 << 63) - 1))
            expected.append(tuple(keys))
        assert fp._span_keys(hashes, spans, fp.DEFAULT) == expected


def test_alignment_gives_spans_in_both_texts_and_the_share_of_each():
    base = make(3)
    cut = copy(base, "truncated", "c")
    a, b = "\n\n".join(base.paragraphs), "\n\n".join(cut.paragraphs)
    result = alignmod.align(a, b)
    assert len(result.passages) == len(cut.paragraphs)
    for p in result.passages:
        assert fp.words(a[p.a_start:p.a_end]) == fp.words(b[p.b_start:p.b_end])
    assert result.share_b == pytest.approx(1.0, abs=0.01)
    assert 0.3 < result.share_a < 0.9


def test_a_paragraph_quoted_inside_a_longer_one_is_found_with_its_span():
    quoted = ("Engineers found cracks in three of the supporting pillars during an inspection in "
              "March, the mayor said at a crowded news conference on Tuesday evening.")
    host = ("Our reporter spent the week on the river. " + "As the Gazette reported, " + quoted
            + " Nobody here was surprised, and the ferry is busier than it has been for years, "
            "with queues along the quay every morning and the café owners delighted by the crowds.")
    result = alignmod.align(quoted + "\n\nAnother paragraph about something else entirely, the weather.", host)
    (p,) = result.passages
    assert p.how == "inside" and host[p.b_start:p.b_end].startswith("Engineers")


def test_import_proposes_a_retitled_copy_with_an_intro_as_the_same_work(archive, tmp_path):
    base = make(4)
    ids = import_articles(archive, tmp_path, base, copy(base, "intro", "a00001c0"),
                          make(5, key="a00002", beat=base.beat))
    link = link_between(archive, ids["a00001"], ids["a00001c0"])
    assert link is not None and link.status == "proposed" and link.kind == "same_work"
    assert link.passages and link.share_a > 0.9 and link.method.startswith("text-reuse")
    assert link.parameters["bands"] == fp.BANDS
    assert link_between(archive, ids["a00001"], ids["a00002"]) is None
    event = archive.events.list(action="reuse_proposed")[0]
    assert event.entity_id == link.id and event.actor == "importer"
    assert archive.reuse.pending_count() == 1


def test_confirm_joins_the_works_with_a_text_reuse_hop_and_undo_separates_them(archive, tmp_path):
    base = make(6)
    later = copy(base, "retitled", "a00001c0")
    ids = import_articles(archive, tmp_path, base, later)
    link = link_between(archive, ids["a00001"], ids["a00001c0"])
    archive.tags.add_to_articles([link.article_b], ["beat/floods"])
    articles_before = archive.articles.total_count()
    changes = archive.reuse.confirm(link.id)
    assert "Confirmed" in changes.message
    assert archive.articles.total_count() == articles_before - 1
    work = {r[0] for r in archive.db.execute("SELECT article_id FROM copies")}
    assert len(work) == 1
    hop = archive.db.execute("SELECT copy_id, from_copy_id, method, relation, status FROM republications"
                             " WHERE method = 'text-reuse'").fetchone()
    assert hop == (ids["a00001c0"], ids["a00001"], "text-reuse", "text_reuse", "inferred")
    assert archive.reuse.get(link.id).status == "confirmed"
    assert "beat/floods" in archive.tags.for_article(link.article_a)
    with pytest.raises(PalmyraError):
        archive.reuse.confirm(link.id)
    archive.reuse.reopen(link.id)
    assert archive.articles.total_count() == articles_before
    assert archive.reuse.get(link.id).status == "proposed"
    assert archive.db.execute("SELECT count(*) FROM republications WHERE method = 'text-reuse'").fetchone()[0] == 0
    assert archive.tags.for_article(link.article_b) == ["beat/floods"]
    assert "beat/floods" not in archive.tags.for_article(link.article_a)
    actions = [e.action for e in archive.events.list(entity="reuse_link")]
    assert actions[:2] == ["reuse_reopened", "reuse_confirmed"]


def test_a_rejected_pair_is_never_proposed_again(archive, tmp_path):
    base = make(7)
    ids = import_articles(archive, tmp_path, base, copy(base, "dropped", "a00001c0"))
    link = link_between(archive, ids["a00001"], ids["a00001c0"])
    archive.reuse.reject(link.id)
    report = archive.reuse.scan()
    assert report.proposed == 0
    assert [x.status for x in archive.reuse.list(status=None)] == ["rejected"]
    assert archive.events.list(action="reuse_rejected")[0].entity_id == link.id


def test_direction_comes_from_the_printed_credit_else_the_dates_else_order_unknown(archive, tmp_path):
    base = make(8)
    credited = copy(base, "credited", "a00001c0")
    credited.date = base.date          # same day: only the credit tells
    same_day = copy(base, "footer", "a00001c1")
    same_day.date = base.date
    ids = import_articles(archive, tmp_path, base, credited, same_day)
    by_credit = link_between(archive, ids["a00001"], ids["a00001c0"])
    assert by_credit.from_copy_id == ids["a00001"] and "says it was taken from" in by_credit.direction
    unknown = link_between(archive, ids["a00001"], ids["a00001c1"])
    assert unknown.from_copy_id is None and unknown.direction == "order unknown"
    assert "order unknown" in unknown.describe()


def test_an_outlets_boilerplate_is_not_reuse(archive, tmp_path):
    blurb = ("Harbour Gazette is a reader-funded local newspaper owned by its staff; if you value our "
             "reporting on the council, the port and the schools, please consider a small monthly "
             "donation or tell a friend about our free morning newsletter.")
    arts = []
    for i in range(BOILERPLATE_COPIES + 3):
        art = make(20 + i, key=f"a{i:05d}")
        art.outlet = "Harbour Gazette"
        art.footer = None
        art.paragraphs.append(blurb)
        arts.append(art)
    import_articles(archive, tmp_path, *arts)
    archive.reuse.scan()
    assert archive.reuse.list(status=None) == []


def test_a_quoted_paragraph_is_proposed_as_quotes_from(archive, tmp_path):
    import random
    base = make(9)
    host, _para = quoting_article(base, random.Random(3), "a00002q")
    ids = import_articles(archive, tmp_path, base, host)
    link = link_between(archive, ids["a00001"], ids["a00002q"])
    assert link is not None and link.kind == "quotes_from" and link.reused_words >= 25
    archive.reuse.confirm(link.id)    # confirming a quote joins nothing
    assert len({r[0] for r in archive.db.execute("SELECT article_id FROM copies")}) == 2


def test_scan_rebuilds_the_fingerprints_with_progress_and_can_be_cancelled(archive, tmp_path):
    base = make(10)
    import_articles(archive, tmp_path, base, copy(base, "moved", "a00001c0"), make(11, key="a00002"))
    archive.db.execute("DELETE FROM reuse_bands")
    archive.db.execute("DELETE FROM reuse_links")
    seen = []
    report = archive.reuse.scan(progress=lambda d, t, m: seen.append((d, t)))
    assert report.proposed == 1 and report.fingerprinted == 3 and seen[-1][0] == seen[-1][1]
    assert archive.db.execute("SELECT count(DISTINCT copy_id) FROM reuse_bands").fetchone()[0] == 3
    token = CancelToken()
    token.cancel()
    assert archive.reuse.scan(cancel=token).cancelled
    assert archive.reuse.list()[0].kind == "same_work"    # the proposal made before stays


def test_compare_marks_cut_added_and_changed_passages_and_the_report_escapes_text(archive, tmp_path):
    from palmyra_archive.core.reuse.compare import html_report
    base = make(12)
    base.paragraphs[0] += " <script>alert(1)</script>"
    edited = copy(base, "typos", "a00001c0", seed=4)
    edited.paragraphs = edited.paragraphs[:-1] + ["A paragraph only the republisher printed, about the local "
                                                   "football club and its new stadium plans for next season."]
    ids = import_articles(archive, tmp_path, base, edited)
    comparison = archive.reuse.compare(ids["a00001"], ids["a00001c0"])
    kinds = [r.kind for r in comparison.rows]
    assert "cut" in kinds and "added" in kinds and "changed" in kinds
    changed = next(r for r in comparison.rows if r.kind == "changed")
    assert any(op == "replace" for op, _a, _b in changed.diff)
    page = html_report(comparison)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert json.loads(json.dumps(comparison.as_json()))["rows"]


def test_the_outlet_network_counts_evidence_and_exports(archive, tmp_path):
    from palmyra_archive.core.reuse.network import write
    base = make(13)
    credited = copy(base, "credited", "a00001c0")
    ids = import_articles(archive, tmp_path, base, credited)
    graph = archive.reuse.network()
    names = {data["label"]: node for node, data in graph.nodes(data=True)}
    edge = graph[names[base.outlet]][names[credited.outlet]]
    assert edge["proposed"] == 1 and edge["printed"] == 1 and edge["weight"] == 2
    assert "<graphml" in write(graph, "graphml") and "<gexf" in write(graph, "gexf")
    assert json.loads(write(graph, "json"))["edges"]
    spread = archive.reuse.spread(link_between(archive, *ids.values()).article_a)
    assert {s.copy_id for s in spread} == set(ids.values())


def test_band_keys_made_ahead_in_the_parse_workers_are_the_ones_the_writer_makes(tmp_path):
    """A bulk import hands the workers' prints to the writer (#11, import cost); an import that
    parses in this process makes them in the writer: the same keys, the same proposals."""
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.core.importing.importer import BULK_FILES
    from palmyra_archive.core.reuse.service import ReuseManager

    arts = []
    for i in range(BULK_FILES // 2 + 1):
        base = make(100 + i, key=f"b{i:05d}")
        arts += [base, copy(base, "footer" if i % 2 else "intro", f"b{i:05d}c0", seed=i)]
    seen = []
    original = ReuseManager.on_copy_stored

    def spy(self, conn, copy_id, **kw):
        seen.append(kw.get("prints") is not None)
        return original(self, conn, copy_id, **kw)

    results = []
    for mode in ("fork", "in-process"):
        with Archive.open(tmp_path / f"{mode}.sqlite") as archive:
            archive.importer.parse_ahead = mode
            ReuseManager.on_copy_stored = spy
            try:
                archive.importer.import_paths(import_folder(tmp_path / "files", arts))
            finally:
                ReuseManager.on_copy_stored = original
            bands = archive.db.execute(
                "SELECT s.filename, b.key FROM reuse_bands b JOIN copies c ON c.id = b.copy_id"
                " JOIN sources s ON s.id = c.source_id ORDER BY 1, 2").fetchall()
            links = archive.db.execute(
                "SELECT sa.filename, sb.filename, l.kind FROM reuse_links l"
                " JOIN copies ca ON ca.id = l.copy_a JOIN sources sa ON sa.id = ca.source_id"
                " JOIN copies cb ON cb.id = l.copy_b JOIN sources sb ON sb.id = cb.source_id"
                " ORDER BY 1, 2").fetchall()
            results.append((bands, links))
        if mode == "fork":
            assert all(seen) and len(seen) == len(arts)
            seen.clear()
    assert not any(seen)                       # in-process: the writer made them
    assert results[0] == results[1] and results[0][0] and len(results[0][1]) >= len(arts) // 2


def import_folder(folder, arts):
    from .helpers import write
    return [p.parent for p in write(folder, *arts)][:1]


def test_a_body_with_its_footer_left_out_needs_no_hashing_in_the_writer(monkeypatch):
    """The parse-ahead worker makes the keys of the closing passage of the body cut after each
    paragraph (``Prints.tails``): leaving out an outlet's footer, the writer hashes nothing,
    and the keys are the ones a fresh fingerprint of the shortened body gives."""
    import numpy as np

    from palmyra_archive.core.reuse.service import ReuseManager
    base = make(7)
    body = "\n".join(base.paragraphs + ["Subscribe to our newsletter for the week's best stories, "
                                        "delivered every Friday to your inbox by our editors."])
    prints = ReuseManager.prints_of(body)
    assert prints.tails
    made: list = []
    original = fp._span_keys
    for cut in (1, 2):
        kept = prints.units[:-cut]
        words = np.concatenate([w for _h, w in kept])
        origin = np.arange(len(words))
        expected = fp.band_keys_of_words(words)
        made.clear()
        monkeypatch.setattr(fp, "_span_keys", lambda h, spans, p: made.append(spans) or original(h, spans, p))
        assert fp.band_keys_reusing(words, origin, {**prints.tails, **prints.windows}) == expected
        assert made == [[]]       # every passage's keys were made ahead
        monkeypatch.undo()
