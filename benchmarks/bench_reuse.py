"""Text reuse at scale (issue #11): the added import cost, a full scan, the spread and network.

Generates N realistic articles with their republished copies and quotes
(``benchmarks/reuse_articles.py``), imports them twice into fresh archives, once with the
importer's reuse hook turned off (today's import) and once with it (fingerprint + candidate
lookup in the writer, most queued pairs aligned meanwhile on the parse workers between
batches (``reuse.alongside``), then "Comparing copies…": the pairs left, aligned after the
files are stored, timed apart), then times ``reuse scan`` on the second, the spread of the work with
the most copies and the outlet network; peak memory is the process's maximum RSS.

Run: .venv/bin/python benchmarks/bench_reuse.py [--size 10000] [--log]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datetime import UTC

from benchmarks._common import LoadLog  # noqa: E402
from benchmarks.reuse_articles import generate  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.reuse.service import ReuseManager  # noqa: E402


def _import(folder: Path, src: Path, *, hook: bool) -> tuple[float, float]:
    """(the whole import_paths, of which the comparing of the queued pairs at its end)."""
    original, original_prints = ReuseManager.on_copy_stored, ReuseManager.__dict__["prints_of"]
    original_verify = ReuseManager.verify_pending
    comparing = [0.0]

    def timed_verify(self, **kw):
        started = time.perf_counter()
        try:
            return original_verify(self, **kw)
        finally:
            comparing[0] += time.perf_counter() - started
    if not hook:   # today's import: no fingerprint in the writer, none made ahead in the workers
        ReuseManager.on_copy_stored = lambda self, conn, copy_id, **kw: 0
        ReuseManager.prints_of = staticmethod(lambda body: None)
    ReuseManager.verify_pending = timed_verify
    try:
        with Archive.open(folder / f"{'on' if hook else 'off'}.sqlite") as archive:
            started = time.perf_counter()
            archive.importer.import_paths([src])
            return time.perf_counter() - started, comparing[0]
    finally:
        ReuseManager.on_copy_stored = original
        ReuseManager.prints_of = original_prints
        ReuseManager.verify_pending = original_verify


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--log", action="store_true")
    args = parser.parse_args()
    load = LoadLog()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "src"
        src.mkdir()
        for art in generate(args.size, seed=23).articles:
            (src / f"{art.key}.txt").write_text(art.text(), encoding="utf-8")
        off, _ = _import(folder, src, hook=False)
        load.note()
        on, comparing = _import(folder, src, hook=True)
        stored = on - comparing
        load.note()
        with Archive.open(folder / "on.sqlite") as archive:
            n = archive.db.execute("SELECT count(*) FROM copies").fetchone()[0]
            at_import = archive.reuse.pending_count()
            report = archive.reuse.scan()
            load.note()
            biggest = archive.db.execute(
                "SELECT article_id FROM copies GROUP BY article_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
            started = time.perf_counter()
            spread = archive.reuse.spread(biggest)
            spread_s = time.perf_counter() - started
            started = time.perf_counter()
            graph = archive.reuse.network()
            network_s = time.perf_counter() - started
            size_mb = (folder / "on.sqlite").stat().st_size / 1e6
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = (f"text reuse at {n:,} copies (`benchmarks/bench_reuse.py --size {args.size}`): import "
            f"{off / n * 1000:.2f} ms/file without the reuse hook, {stored / n * 1000:.2f} ms/file with it "
            f"(+{(stored - off) / off:.0%}: fingerprint and candidates in the writer, and most queued pairs "
            f"compared meanwhile on the parse workers), then comparing the pairs left "
            f"after the files were stored {comparing / n * 1000:.2f} ms/file "
            f"({comparing:.1f} s; import and comparing together +{(on - off) / off:.0%}; "
            f"{at_import} links proposed at import); full `reuse scan` "
            f"{report.seconds:.1f} s ({report.candidates} pairs verified, {report.proposed} more proposed); "
            f"spread of the largest work ({len(spread)} copies) {spread_s * 1000:.0f} ms; outlet network "
            f"({graph.number_of_nodes()} outlets, {graph.number_of_edges()} edges) {network_s * 1000:.0f} ms; "
            f"peak RSS {rss:.0f} MB; archive {size_mb:.0f} MB; "
            f"{load.text()}")
    print(line)
    if args.log:
        from datetime import datetime
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with open(ROOT / "benchmarks" / "results" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(f"- {stamp} {line}\n")


if __name__ == "__main__":
    main()
