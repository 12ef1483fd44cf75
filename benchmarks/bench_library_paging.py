"""The library's first screenful and its paging, for every sort, and the sidebar's outlet counts (#19).

For each sort the library offers (both directions): the time to the first screenful (what the
model reads before the table paints: with keyset paging the count and ``articles.page``; on a
checkout without it, every id of the query sorted), then a page of 100 from the middle of the
order (after the key of row n/2: one index seek; without keyset paging the model already held
every id, so nothing is read then), plus the Needs review and outlet filters and the sidebar's
outlet counts. Best of ``--repeat`` wall times in ms with the load average, on a copy of
``--archive`` (SQLite's backup API: the source is never migrated; a pending migration runs on
the copy and its time, backup first, is ``open_s``); then every filter (the smallest and the
largest outlet, the most used tag, Needs review) × every sort. Runs on whatever code ``PYTHONPATH``
names first, so the same script times an older checkout (``git archive`` to /tmp) against
this one on copies of the same file: same-run pairs while the machine's load varies.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_library_paging.py --archive /tmp/palmyra-bench/startup-100000-archive-10000.palmyra.sqlite
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

SORTS = ("id", "title", "authors", "outlet", "date", "original_outlet", "words", "tags",
         "annotations", "needs_review")
SCREEN = 100


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 2)


def first_screen(a: Archive, query: LibraryQuery) -> None:
    """What the library model reads before its first paint for ``query``."""
    if hasattr(a.articles, "page"):
        first = a.articles.page(query, limit=SCREEN)
        if not first.done:
            a.articles.count(query)
        ids = first.ids
    else:
        ids = a.articles.ids(query)
    a.articles.summaries(ids[:SCREEN])


def filters(a: Archive) -> dict[str, dict]:
    """The sidebar's filters at their extremes: the outlets with the fewest and the most shown
    copies, the most used tag, Needs review (the same on any checkout: counted from the rows)."""
    outlets = a.db.execute(
        "SELECT COALESCE(c.outlet_corrected_id, c.outlet_id) AS o, count(*) FROM articles x"
        " JOIN copies c ON c.id = x.primary_copy_id WHERE o IS NOT NULL GROUP BY o ORDER BY 2, 1").fetchall()
    tag = a.db.execute("SELECT tag_id FROM article_tags GROUP BY tag_id ORDER BY count(*) DESC, tag_id"
                       " LIMIT 1").fetchone()
    out: dict[str, dict] = {}
    if outlets:
        out[f"smallest outlet ({outlets[0][1]})"] = {"outlet_id": outlets[0][0]}
        out[f"largest outlet ({outlets[-1][1]})"] = {"outlet_id": outlets[-1][0]}
    if tag:
        out["most used tag"] = {"tag_ids": (tag[0],)}
    out["needs review"] = {"needs_review": True}
    return out


def measure(a: Archive, repeat: int) -> dict:
    outlet = a.db.execute("SELECT outlet_id FROM copies WHERE outlet_id IS NOT NULL LIMIT 1").fetchone()[0]
    queries = {f"{sort}{' desc' if d else ''}": LibraryQuery(sort=sort, descending=d)
               for sort in SORTS for d in (False, True)}
    queries["needs review (by date)"] = LibraryQuery(needs_review=True, sort="date")
    queries["outlet filter (by title)"] = LibraryQuery(outlet_id=outlet, sort="title")
    for name, kw in filters(a).items():      # every filter × sort (#19)
        for sort in SORTS:
            queries[f"{name} × {sort}"] = LibraryQuery(sort=sort, **kw)
    out: dict = {"first screenful": {}, "page from the middle": {}}
    for name, query in queries.items():
        out["first screenful"][name] = best(lambda q=query: first_screen(a, q), repeat)
        if hasattr(a.articles, "page"):
            half = a.articles.count(query) // 2
            middle = a.articles.page(query, limit=half).last if half else None
            out["page from the middle"][name] = best(
                lambda q=query, m=middle: a.articles.summaries(a.articles.page(q, after=m, limit=SCREEN).ids),
                repeat)
    out["outlet counts"] = best(lambda: a.outlets.counts(), repeat)
    out["total count"] = best(lambda: a.articles.total_count(), repeat)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="a copy is measured, not this file")
    parser.add_argument("--copy", type=Path, help="where the copy goes (replaced)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    copy = args.copy or args.archive.with_name(f"paging-{args.archive.name}")
    for leftover in copy.parent.glob(copy.name + "*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    copy_archive(args.archive, copy)
    started = time.perf_counter()
    with Archive.open(copy) as a:           # a pending migration runs here (its backup too)
        opened = round(time.perf_counter() - started, 2)
        result = {"archive": str(args.archive), "articles": a.articles.total_count(),
                  "schema": a.schema_version, "keyset": hasattr(a.articles, "page"), "open_s": opened,
                  "load_start": load_average(), "ms": measure(a, args.repeat),
                  "load_end": load_average(), "file_mb": round(copy.stat().st_size / 1e6, 1)}
    for leftover in copy.parent.glob(copy.name + "*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
