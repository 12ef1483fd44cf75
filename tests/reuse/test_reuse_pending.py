"""Text reuse off the import's write path (#11, import cost): the writer fingerprints a copy and
queues its candidate pairs; they are aligned after the files are stored, in short transactions,
and propose exactly the links that aligning them inside the import did."""

from __future__ import annotations

import json
import sys

import pytest

from benchmarks.reuse_articles import generate
from palmyra_archive.cli import main
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.importing.importer import BULK_FILES, collect_files
from palmyra_archive.core.reuse.links import BOILERPLATE_COPIES
from palmyra_archive.core.store.tasks import CancelToken

from .helpers import copy, make, write

BLURB = ("Harbour Gazette is a reader-funded local newspaper owned by its staff; if you value our "
         "reporting on the council, the port and the schools, please consider a small monthly "
         "donation or tell a friend about our free morning newsletter.")


def _articles():
    """A generated set (copies, quotes, unrelated articles on the beat), and an outlet whose
    blurb becomes boilerplate only after two of its articles that share it were imported: at
    their import the blurb was still text, so what aligning them finds depends on when."""
    arts = generate(150, seed=5).articles
    first = make(500, key="z00001")
    first.outlet, first.footer = "Harbour Gazette", None
    first.paragraphs.append(BLURB)
    again = copy(first, "typos", "z00001c0", seed=3)
    again.outlet, again.footer = "Harbour Gazette", None
    other = make(501, key="z00002")
    other.outlet, other.footer = "Harbour Gazette", None
    other.paragraphs.append(BLURB)
    later = []
    for i in range(BOILERPLATE_COPIES + 1):
        art = make(510 + i, key=f"z{i + 10:05d}")
        art.outlet, art.footer = "Harbour Gazette", None
        art.paragraphs.append(BLURB)
        later.append(art)
    return [first, again, other, *arts, *later]


def _links(archive) -> list[tuple]:
    rows = archive.db.execute(
        "SELECT sa.filename, sb.filename, l.kind, l.share_a, l.share_b, l.reused_words, l.passages,"
        " sf.filename, l.direction, l.status FROM reuse_links l"
        " JOIN copies ca ON ca.id = l.copy_a JOIN sources sa ON sa.id = ca.source_id"
        " JOIN copies cb ON cb.id = l.copy_b JOIN sources sb ON sb.id = cb.source_id"
        " LEFT JOIN copies cf ON cf.id = l.from_copy_id LEFT JOIN sources sf ON sf.id = cf.source_id"
        " ORDER BY l.id").fetchall()
    return [tuple(r) for r in rows]


@pytest.mark.slow
def test_a_bulk_import_proposes_the_links_that_comparing_each_file_at_its_import_did(tmp_path):
    files = write(tmp_path / "files", *_articles())
    assert len(files) >= BULK_FILES
    ordered, _ = collect_files([tmp_path / "files"])

    # the way before: each file's candidates aligned right after it was stored
    with Archive.open(tmp_path / "one-by-one.sqlite") as archive:
        for path in ordered:
            assert archive.importer.import_file(path).status == "imported"
            assert archive.reuse.unverified_count() == 0
        before = _links(archive)
        # the blurb's paragraph changed status during the import, so when a pair is aligned
        # matters: aligned now, with the blurb as boilerplate, some pair comes out otherwise
        conn = archive.db.conn
        differs = 0
        for link in archive.reuse.list(status=None):
            a, b = archive.reuse.copy_info(link.copy_a), archive.reuse.copy_info(link.copy_b)
            now = archive.reuse.verify(conn, a, b)
            if now is None or round(now.alignment.share_a, 4) != link.share_a:
                differs += 1
        assert differs >= 1

    # now: the bulk import queues the pairs in its batches and compares them at its end
    told: list[str] = []
    with Archive.open(tmp_path / "bulk.sqlite") as archive:
        report = archive.importer.import_paths([tmp_path / "files"],
                                               progress=lambda d, t, m: told.append(m))
        assert report.imported == len(files) and not report.cancelled
        assert archive.reuse.unverified_count() == 0
        after = _links(archive)
        assert report.reuse_proposed == len(after)
        since = archive.db.execute("SELECT count(*) FROM reuse_boilerplate WHERE since_copy IS NOT NULL"
                                   ).fetchone()[0]
    assert any(m.startswith("Comparing copies") for m in told)
    assert told.index(next(m for m in told if m.startswith("Comparing copies"))) > \
        told.index(next(m for m in told if m.startswith("Import")))
    assert since >= 1
    assert len(before) >= 100 and {r[2] for r in before} == {"same_work", "quotes_from"}
    assert after == before


def test_cancelled_comparing_keeps_the_pairs_pending_for_the_next_import_or_verify_pending(tmp_path):
    base = make(40)
    arts = [base, copy(base, "intro", "a00001c0"), copy(base, "truncated", "a00001c1", seed=2),
            make(41, key="a00002")]
    write(tmp_path / "files", *arts)
    token = CancelToken()

    def progress(done, total, message):
        if message.startswith("Comparing copies") and done:
            token.cancel()

    path = tmp_path / "a.sqlite"
    with Archive.open(path) as archive:
        archive.reuse.verify_batch = 1     # one pair per transaction: Cancel comes between them
        report = archive.importer.import_paths([tmp_path / "files"], progress=progress, cancel=token)
        assert report.imported == 4 and report.reuse_cancelled and not report.cancelled
        waiting = archive.reuse.unverified_count()
        assert waiting >= 1 and len(archive.reuse.list(status=None)) < 3
    # closed midway: nothing lost, the pairs are still there and compared next time
    with Archive.open(path) as archive:
        assert archive.reuse.unverified_count() == waiting
        extra = make(42, key="a00003")
        write(tmp_path / "more", extra)
        report = archive.importer.import_paths([tmp_path / "more"])
        assert archive.reuse.unverified_count() == 0
        kinds = [link.kind for link in archive.reuse.list(status=None)]
        assert kinds.count("same_work") == 3        # base ~ each copy, and the two copies


def test_a_scan_compares_what_an_import_left_pending(tmp_path):
    base = make(43)
    write(tmp_path / "files", base, copy(base, "footer", "a00001c0"))
    with Archive.open(tmp_path / "a.sqlite") as archive:
        archive.reuse.verify_at_import = 3
        with archive.write("storing without comparing") as db:   # as if the app closed after the batch
            assert db.conn.in_transaction
            for path in sorted((tmp_path / "files").iterdir()):
                archive.importer.import_file(path)
        assert archive.reuse.unverified_count() == 1 and archive.reuse.list(status=None) == []
        report = archive.reuse.scan()
        assert archive.reuse.unverified_count() == 0
        (link,) = archive.reuse.list()
        assert link.kind == "same_work" and report.proposed == 1


def test_reuse_verify_pending_from_the_command_line(tmp_path, capsys):
    base = make(44)
    write(tmp_path / "files", base, copy(base, "dropped", "a00001c0"))
    path = tmp_path / "a.sqlite"
    with Archive.open(path) as archive:
        with archive.write("storing without comparing") as db:
            assert db.conn.in_transaction
            for f in sorted((tmp_path / "files").iterdir()):
                archive.importer.import_file(f)
        assert archive.reuse.unverified_count() == 1
    assert main(["--archive", str(path), "reuse", "verify-pending"]) == 0
    out = capsys.readouterr().out
    assert "Compared 1 pair(s)" in out and "1 link(s) proposed" in out
    assert main(["--archive", str(path), "reuse", "list", "--json"]) == 0
    (link,) = json.loads(capsys.readouterr().out)
    assert link["kind"] == "same_work"
    assert main(["--archive", str(path), "reuse", "verify-pending"]) == 0
    assert "No copies are waiting" in capsys.readouterr().out


@pytest.mark.parametrize("left_out", [(), (0,), (2,), (5,), (1, 4), (0, 5)])
def test_passage_keys_made_ahead_are_reused_only_where_they_are_the_same(left_out):
    """The writer's keys with an outlet's boilerplate paragraphs left out, from the passages
    the parse-ahead worker keyed over the whole body, are those of the shortened text."""
    import numpy as np

    from palmyra_archive.core.reuse import fingerprint as fp
    from palmyra_archive.core.reuse.service import ReuseManager

    body = "\n\n".join(make(70 + i).paragraphs[0] for i in range(6))
    prints = ReuseManager.prints_of(body)
    assert prints.windows and len(prints.units) == 6
    kept = [w for i, (_h, w) in enumerate(prints.units) if i not in left_out]
    words = np.concatenate(kept)
    starts = np.cumsum([0] + [len(w) for _h, w in prints.units])
    origin = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in range(6) if i not in left_out])
    assert fp.band_keys_reusing(words, origin, prints.windows) == fp.band_keys_of_words(words)
    if not left_out:
        assert fp.band_keys_of_words(words) == sorted({k for s in prints.windows.values() for k in s})


def test_the_import_summary_says_what_comparing_found_and_that_it_was_stopped(qtbot):
    from PySide6.QtWidgets import QLabel

    from palmyra_archive.core.importing.importer import ImportReport
    from palmyra_archive.gui.dialogs.import_summary import ImportSummary, summary_sentence

    report = ImportReport(reuse_proposed=2)
    assert "2 copies found by text to review" in summary_sentence(report)
    assert "found by text" not in summary_sentence(ImportReport())
    dialog = ImportSummary(ImportReport(reuse_proposed=1, reuse_cancelled=True))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("1 copy found by text" in t for t in texts)
    assert any("Comparing the copies found by text was stopped" in t for t in texts)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers are Linux-only")
def test_aligning_the_queue_in_worker_processes_proposes_what_aligning_here_does(tmp_path, monkeypatch):
    """A large queue is aligned in forked workers (the pairs read and the findings stored in
    this process, in the batch's transaction): the same links, in the same order, with the
    same evidence as aligning every pair here; and the workers were used."""
    from palmyra_archive.core.reuse import service
    files = write(tmp_path / "files", *_articles())
    used: list[int] = []
    original = service._AlignPool.align

    def spy(self, jobs):
        found = original(self, jobs)
        used.append(0 if found is None else len(found))
        return found

    monkeypatch.setattr(service._AlignPool, "align", spy)
    results = []
    for parallel in (True, False):
        monkeypatch.setattr(service, "PARALLEL_MIN_PAIRS", 1 if parallel else 10 ** 9)
        with Archive.open(tmp_path / f"{parallel}.sqlite") as archive:
            archive.importer.parse_ahead = "in-process"
            report = archive.importer.import_paths([tmp_path / "files"])
            assert report.imported == len(files) and archive.reuse.unverified_count() == 0
            results.append(_links(archive))
        if parallel:
            assert sum(used) >= 20      # most pairs were aligned by the workers
            used.clear()
    assert not used                     # below the threshold, no pool
    assert len(results[0]) >= 100 and results[0] == results[1]
