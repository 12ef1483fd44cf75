"""What the Trash costs the library (#20): ids and count at 100,000 articles with the Trash's
condition (``library_query.NOT_TRASHED``) against the same statements without it, with the
Trash empty and holding 1,000 articles.

The archive: ``--archive PATH`` (a copy is used), else a synthetic one grown in /tmp from the
corpus by copying article and copy rows in SQL (fast; the rows are real imported rows repeated,
enough for query plans and row counts, not for search quality).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.search import library_query  # noqa: E402
from palmyra_archive.core.store.records import LibraryQuery  # noqa: E402


def synthetic(path: Path, n: int) -> None:
    with Archive.open(path) as a:
        a.importer.import_paths([HERE.parent / "corpus"])
        db = a.db
        base = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        db.execute("PRAGMA foreign_keys = OFF")
        with a.write("growing"):
            while db.execute("SELECT count(*) FROM articles").fetchone()[0] < n:
                top = db.execute("SELECT max(id) FROM articles").fetchone()[0]
                ctop = db.execute("SELECT max(id) FROM copies").fetchone()[0]
                want = min(top, n - top)
                cols = [r[1] for r in db.execute("PRAGMA table_info(copies)") if r[1] not in ("id", "article_id")]
                acols = [r[1] for r in db.execute("PRAGMA table_info(articles)") if r[1] not in ("id", "primary_copy_id")]
                db.execute(f"INSERT INTO articles (id, primary_copy_id, {', '.join(acols)}) SELECT id + ?,"
                           f" primary_copy_id + ?, {', '.join(acols)} FROM articles WHERE id <= ?",
                           [top, ctop, want])
                db.execute(f"INSERT INTO copies (id, article_id, {', '.join(cols)}) SELECT id + ?, article_id + ?,"
                           f" {', '.join(cols)} FROM copies WHERE article_id <= ?", [ctop, top, want])
        print(f"synthetic archive: {n} articles grown from {base}", file=sys.stderr)


def timed(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(a: Archive) -> dict[str, float]:
    out = {}
    for sort in ("id", "title", "date", "needs_review"):
        out[f"ids by {sort}"] = timed(lambda: a.articles.ids(LibraryQuery(sort=sort)))
    out["count"] = timed(lambda: a.articles.count(LibraryQuery()))
    out["needs review count"] = timed(lambda: a.articles.needs_review_count())
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="palmyra-trash-"))
    path = work / "bench.palmyra.sqlite"
    if args.archive:
        shutil.copy(args.archive, path)
    else:
        synthetic(path, args.size)
    with Archive.open(path) as a:
        n = a.articles.total_count()
        results = {"with trash condition, trash empty": measure(a)}
        saved = library_query.NOT_TRASHED
        library_query.NOT_TRASHED = "1"
        try:
            results["without the condition (before #20)"] = measure(a)
        finally:
            library_query.NOT_TRASHED = saved
        a.trash.trash(range(1, 1001))
        results["with trash condition, 1,000 in the Trash"] = measure(a)
    shutil.rmtree(work)
    load = os.getloadavg()[0]
    for label, values in results.items():
        print(f"{label}: " + ", ".join(f"{k} {v:.1f} ms" for k, v in values.items()))
    print(f"{n} articles; load average {load:.2f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
