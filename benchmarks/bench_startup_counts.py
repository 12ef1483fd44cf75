"""What the app reads from the archive before its first paint, and the Needs review entry (#19).

For each part the sidebar reads at start-up (counts, outlets, tags, collections, saved
searches, proposed copies) and for the library model's first page, plus the "needs review"
filter, sort and count: the best of ``--repeat`` wall times in ms, on a copy of ``--archive``
(optionally grown in SQL to ``--grow`` articles by repeating its article and copy rows, like
``bench_trash.py``), with the load average. Runs on whatever code ``PYTHONPATH`` names first,
so the same script times an older checkout (``git archive`` to /tmp) against this one on the
same copy: same-run pairs while the machine's load varies.

    .venv/bin/python benchmarks/bench_startup_counts.py --archive /tmp/palmyra-bench/archive-10000.palmyra.sqlite --grow 100000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.append(str(HERE.parent))

from benchmarks._common import copy_archive, load_average  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.store.records import LibraryQuery  # noqa: E402

#: the library model's first read (``gui.models.library_model.PAGE_SIZE``)
FIRST_PAGE = 100


def grow(path: Path, n: int) -> None:
    """Repeat the article and copy rows (ids shifted) until the archive holds ``n`` articles."""
    with Archive.open(path) as a:
        db = a.db
        db.execute("PRAGMA foreign_keys = OFF")
        with a.write("growing"):
            while db.execute("SELECT count(*) FROM articles").fetchone()[0] < n:
                top = db.execute("SELECT max(id) FROM articles").fetchone()[0]
                ctop = db.execute("SELECT max(id) FROM copies").fetchone()[0]
                want = min(top, n - db.execute("SELECT count(*) FROM articles").fetchone()[0])
                cols = [r[1] for r in db.execute("PRAGMA table_info(copies)") if r[1] not in ("id", "article_id")]
                acols = [r[1] for r in db.execute("PRAGMA table_info(articles)")
                         if r[1] not in ("id", "primary_copy_id")]
                db.execute("DROP TABLE IF EXISTS temp.pick")
                db.execute("CREATE TEMP TABLE pick AS SELECT id FROM articles ORDER BY id LIMIT ?", [want])
                db.execute(f"INSERT INTO articles (id, primary_copy_id, {', '.join(acols)}) SELECT id + ?,"
                           f" primary_copy_id + ?, {', '.join(acols)} FROM articles"
                           " WHERE id IN (SELECT id FROM temp.pick)", [top, ctop])
                db.execute(f"INSERT INTO copies (id, article_id, {', '.join(cols)}) SELECT id + ?,"
                           f" article_id + ?, {', '.join(cols)} FROM copies"
                           " WHERE article_id IN (SELECT id FROM temp.pick)", [ctop, top])
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 2)


def measure(a: Archive, repeat: int) -> dict:
    parts = {
        "counts (all, needs review, trash)": lambda: (a.articles.total_count(),
                                                      a.articles.needs_review_count(), a.trash.count()),
        "outlets with counts": lambda: list(a.outlets.counts()),
        "tags with counts": lambda: (list(a.tags.all()), a.tags.subtree_counts()),
        "collections": lambda: list(a.collections.all()),
        "saved searches": lambda: list(a.saved_searches.all()),
        "proposed copies": lambda: a.reuse.pending_count(),
        # the library model's way in since #19 (``LibraryModel``: keyset pages); before
        # 2026-12-06 this row read every id (``articles.ids``), which the app no longer does
        # at start-up: 41 ms at 100,000 articles that no user waited for
        "library first page": lambda: a.articles.page(LibraryQuery(), limit=FIRST_PAGE),
    }
    out = {name: best(fn, repeat) for name, fn in parts.items()}
    out["start-up total"] = round(sum(out.values()), 2)
    review = {"needs review first page (by date)": LibraryQuery(needs_review=True, sort="date"),
              "needs review first page": LibraryQuery(needs_review=True),
              "sort by review first page": LibraryQuery(sort="needs_review")}
    for name, query in review.items():
        out[name] = best(lambda: a.articles.page(query, limit=FIRST_PAGE), repeat)
    out["needs review count"] = best(lambda: a.articles.needs_review_count(), repeat)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="a copy is measured, not this file")
    parser.add_argument("--copy", type=Path, help="where the copy goes (reused when it exists)")
    parser.add_argument("--grow", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    copy = args.copy or args.archive.with_name(f"startup-{args.grow or 'same'}-{args.archive.name}")
    if not copy.exists():     # SQLite's backup API, not Archive.open: the source is not migrated
        copy_archive(args.archive, copy)
        if args.grow:
            grow(copy, args.grow)
    started = time.perf_counter()
    with Archive.open(copy) as a:           # a pending migration runs here (its backup too)
        opened = round(time.perf_counter() - started, 2)
        load = load_average()
        result = {"archive": str(copy), "articles": a.articles.total_count(),
                  "schema": a.schema_version, "open_s": opened, "load_start": load,
                  "ms": measure(a, args.repeat), "load_end": load_average(),
                  "file_mb": round(copy.stat().st_size / 1e6, 1)}
    backups = copy.parent / f"{copy.name}.backups"
    shutil.rmtree(backups, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
