"""Text reuse read at 100,000 articles (issue #11): the outlet network, the spread of a work
with 200 copies, memory.

The archive: ``--seed-size`` generated articles (``benchmarks/reuse_articles.py``) imported
through the importer with the reuse hook (so its links are real: found at import), then grown
in SQL to ``--size`` articles the way ``bench_startup_counts.py --grow`` does (article and
copy rows repeated, ids shifted), each repeat under outlets of its own (so the network has
``size / seed-size`` times the outlets, as a larger archive would) and with its links
repeated between its own copies. One work is then given 200 copies, each linked by text to
its first (proposed), as a story republished 200 times. The full ``reuse scan`` is not timed
here: the repeated copies' texts are the same, which no scan should be timed on (see
``bench_reuse.py`` for the scan on generated copies).

Run: .venv/bin/python benchmarks/bench_reuse_scale.py [--size 100000] [--seed-size 2000] [--log]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datetime import UTC  # noqa: E402

from benchmarks._common import LoadLog  # noqa: E402
from benchmarks.reuse_articles import generate  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402


def grow(archive: Archive, n: int) -> None:
    db = archive.db
    db.execute("PRAGMA foreign_keys = OFF")
    base_articles = db.execute("SELECT max(id) FROM articles").fetchone()[0]
    base_copies = db.execute("SELECT max(id) FROM copies").fetchone()[0]
    base_outlets = db.execute("SELECT max(id) FROM outlets").fetchone()[0]
    cols = [r[1] for r in db.execute("PRAGMA table_info(copies)")
            if r[1] not in ("id", "article_id", "outlet_id", "outlet_corrected_id")]
    acols = [r[1] for r in db.execute("PRAGMA table_info(articles)") if r[1] not in ("id", "primary_copy_id")]
    ocols = [r[1] for r in db.execute("PRAGMA table_info(outlets)") if r[1] not in ("id", "name")]
    lcols = [r[1] for r in db.execute("PRAGMA table_info(reuse_links)")
             if r[1] not in ("id", "copy_a", "copy_b", "from_copy_id")]
    block = 0
    with archive.write("growing"):
        while db.execute("SELECT count(*) FROM articles").fetchone()[0] < n:
            block += 1
            a_off, c_off, o_off = block * base_articles, block * base_copies, block * base_outlets
            db.execute(f"INSERT INTO outlets (id, name, {', '.join(ocols)}) SELECT id + ?, name || ' ' || ?,"
                       f" {', '.join(ocols)} FROM outlets WHERE id <= ?", [o_off, block, base_outlets])
            db.execute(f"INSERT INTO articles (id, primary_copy_id, {', '.join(acols)}) SELECT id + ?,"
                       f" primary_copy_id + ?, {', '.join(acols)} FROM articles WHERE id <= ?",
                       [a_off, c_off, base_articles])
            db.execute(f"INSERT INTO copies (id, article_id, outlet_id, outlet_corrected_id, {', '.join(cols)})"
                       f" SELECT id + ?, article_id + ?, outlet_id + ?, outlet_corrected_id + ?, {', '.join(cols)}"
                       " FROM copies WHERE id <= ?", [c_off, a_off, o_off, o_off, base_copies])
            db.execute(f"INSERT INTO reuse_links (copy_a, copy_b, from_copy_id, {', '.join(lcols)})"
                       f" SELECT copy_a + ?, copy_b + ?, from_copy_id + ?, {', '.join(lcols)} FROM reuse_links"
                       " WHERE copy_b <= ?", [c_off, c_off, c_off, base_copies])
        extra = db.execute("SELECT count(*) FROM articles").fetchone()[0] - n
        if extra > 0:
            db.execute("DELETE FROM copies WHERE article_id IN (SELECT id FROM articles ORDER BY id DESC LIMIT ?)",
                       [extra])
            db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM articles ORDER BY id DESC LIMIT ?)", [extra])
            db.execute("DELETE FROM reuse_links WHERE copy_a NOT IN (SELECT id FROM copies)"
                       " OR copy_b NOT IN (SELECT id FROM copies)")


def work_with_copies(archive: Archive, count: int) -> int:
    """A work given ``count`` copies (copies of other works moved into it, as confirmed
    republications would be), each linked by text to its first copy."""
    db = archive.db
    target, first = db.execute("SELECT id, primary_copy_id FROM articles ORDER BY id LIMIT 1").fetchone()
    have = db.execute("SELECT count(*) FROM copies WHERE article_id = ?", [target]).fetchone()[0]
    others = [r[0] for r in db.execute(
        "SELECT id FROM copies WHERE article_id != ? AND id NOT IN (SELECT primary_copy_id FROM articles)"
        " ORDER BY id DESC LIMIT ?", [target, count - have])]
    with archive.write("a work with many copies"):
        marks = ",".join("?" * len(others))
        db.execute(f"UPDATE copies SET article_id = ? WHERE id IN ({marks})", [target, *others])
        for other in others:
            db.execute("INSERT OR IGNORE INTO reuse_links (copy_a, copy_b, kind, share_a, share_b, reused_words,"
                       " passages, from_copy_id, direction, created_at) VALUES"
                       " (?,?,'same_work',0.9,0.9,400,'[[0,100,0,100,100.0,\"whole\"]]',?,'dates',"
                       "'2026-12-03T00:00:00+00:00')", [min(first, other), max(first, other), first])
    return target


CHILD = """
import sys, time, resource
started = time.perf_counter()
from palmyra_archive.core.archive import Archive
with Archive.open(sys.argv[1]) as a:
    opened = time.perf_counter()
    t = time.perf_counter(); g = a.reuse.network(); cold = time.perf_counter() - t
    t = time.perf_counter(); g = a.reuse.network(); warm = time.perf_counter() - t
    t = time.perf_counter(); s = a.reuse.spread(int(sys.argv[2])); spread = time.perf_counter() - t
    t = time.perf_counter(); s = a.reuse.spread(int(sys.argv[2])); spread2 = time.perf_counter() - t
    links = a.db.execute("SELECT count(*) FROM reuse_links").fetchone()[0]
    n = a.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    own = a.db.execute("SELECT count(*) FROM copies WHERE article_id = ?", [int(sys.argv[2])]).fetchone()[0]
print(n, links, own, g.number_of_nodes(), g.number_of_edges(), cold, warm, len(s), spread, spread2,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "networkx" in sys.modules)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed-size", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    parser.add_argument("--log", action="store_true")
    args = parser.parse_args()
    load = LoadLog()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = args.keep or folder / "reuse-scale.sqlite"
        if not path.exists():
            src = folder / "src"
            src.mkdir()
            for art in generate(args.seed_size, seed=23).articles:
                (src / f"{art.key}.txt").write_text(art.text(), encoding="utf-8")
            with Archive.open(path) as archive:
                archive.importer.import_paths([src])
                grow(archive, args.size)
                work_with_copies(archive, 200)
                archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        load.note()
        with Archive.open(path) as archive:
            target = archive.db.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(target)], capture_output=True,
                             text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        load.note()
        n, links, own, nodes, edges, cold, warm, copies, spread, spread2, rss, nx_loaded = out.stdout.split()
    line = (f"text reuse read at {int(n):,} articles (`benchmarks/bench_reuse_scale.py --size {args.size} "
            f"--seed-size {args.seed_size}`: {args.seed_size} generated articles imported, grown in SQL, "
            f"{int(links):,} links): outlet network ({nodes} outlets, {edges} edges) "
            f"{float(cold) * 1000:.0f} ms in a fresh process (networkx "
            f"{'imported' if nx_loaded == 'True' else 'not imported'}), "
            f"{float(warm) * 1000:.0f} ms again; spread of a work with {own} copies ({copies} rows with the "
            f"copies linked to them) "
            f"{float(spread) * 1000:.0f} ms ({float(spread2) * 1000:.0f} ms again); peak RSS of that "
            f"process {float(rss):.0f} MB (the builder's {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB); "
            f"{load.text()}")
    print(line)
    if args.log:
        from datetime import datetime
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with open(ROOT / "benchmarks" / "results" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(f"- {stamp} {line}\n")


if __name__ == "__main__":
    main()
