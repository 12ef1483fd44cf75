"""Search and library latency by query shape at 10,000 and 100,000 articles.

Why its own script: ``bench_scale`` times a mix of queries; this one splits them by shape
(1/2/3 words, phrase, prefix, rare and common words, OR, NOT) so the cost of each path of
``core/search/ranking.py`` (capped or exact, AND intersections, NOT) shows, beside the bare FTS5
query over the bodies, and times every library sort and filter (``library_query``). Wall time
and CPU time are both reported: the machine is shared, and the load average is recorded.

Archives are opened where they are (a pending migration backs them up first): pass copies.

    .venv/bin/python benchmarks/bench_search.py --archive /tmp/search100k/a10k.sqlite \\
        --archive /tmp/search100k/a100k.sqlite [--per-shape 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_scale import PHRASES, QUERY_WORDS, ms, percentile  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.search.syntax import to_fts_query  # noqa: E402
from palmyra_archive.core.store.records import LibraryQuery  # noqa: E402

COMMON = ("palmyra", "army", "russian", "assad", "isis")       # in most generated articles
RARE = ("saker",)
SORTS = ("title", "authors", "outlet", "date", "original_outlet", "words", "tags",
         "annotations", "needs_review")


def shapes(rng: random.Random) -> dict:
    word = lambda: rng.choice(QUERY_WORDS)  # noqa: E731
    return {"1 word": word,
            "2 words": lambda: f"{word()} {word()}",
            "3 words": lambda: f"{word()} {word()} {word()}",
            "phrase": lambda: f'"{rng.choice(PHRASES)}"',
            "prefix": lambda: word()[:4] + "*",
            "common word": lambda: rng.choice(COMMON),
            "rare word": lambda: rng.choice(RARE),
            "OR": lambda: f"{word()} OR {word()}",
            "NOT": lambda: f"{word()} NOT {word()}"}


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def summary(walls: list[float], cpus: list[float]) -> dict:
    return {"p50_ms": ms(percentile(walls, 0.5)), "p95_ms": ms(percentile(walls, 0.95)),
            "cpu_p50_ms": ms(percentile(cpus, 0.5)), "cpu_p95_ms": ms(percentile(cpus, 0.95))}


def measure_search(archive, per_shape: int) -> dict:
    rng, out, everything = random.Random(7), {}, ([], [], [], [])
    for text in ("palmyra", "museum citadel", '"islamic state"'):    # warm the page cache
        archive.search.search(text)
    for name, make in shapes(rng).items():
        walls, cpus, bare, capped = [], [], [], 0
        for _ in range(per_shape):
            text = make()
            hits, wall, cpu = timed(lambda: archive.search.search(text, limit=50))
            walls.append(wall), cpus.append(cpu)
            capped += bool(hits and getattr(hits[0], "capped", False))   # older builds: no cap
            _, wall, _ = timed(lambda: archive.db.execute(
                "SELECT rowid FROM copies_fts WHERE copies_fts MATCH ? ORDER BY rank LIMIT 50",
                [to_fts_query(text)]).fetchall())
            bare.append(wall)
        out[name] = {**summary(walls, cpus), "baseline_p50_ms": ms(percentile(bare, 0.5)),
                     "baseline_p95_ms": ms(percentile(bare, 0.95)), "capped": capped,
                     "queries": per_shape}
        everything[0].extend(walls), everything[1].extend(cpus), everything[2].extend(bare)
    out["all"] = {**summary(everything[0], everything[1]),
                  "baseline_p95_ms": ms(percentile(everything[2], 0.95))}
    return out


def library_queries(db) -> dict[str, LibraryQuery]:
    outlet = db.execute("SELECT outlet_id FROM copies GROUP BY outlet_id ORDER BY count(*) DESC"
                        " LIMIT 1").fetchone()
    tag = db.execute("SELECT tag_id FROM article_tags GROUP BY tag_id ORDER BY count(*) DESC"
                     " LIMIT 1").fetchone()
    collection = db.execute("SELECT collection_id FROM collection_articles GROUP BY 1"
                            " ORDER BY count(*) DESC LIMIT 1").fetchone()
    queries = {f"sort {s}": LibraryQuery(sort=s) for s in SORTS}
    queries["sort title descending"] = LibraryQuery(sort="title", descending=True)
    queries["filter needs_review"] = LibraryQuery(needs_review=True, sort="date")
    queries["filter text 'museum'"] = LibraryQuery(text="museum", sort="date")
    if outlet:
        queries["filter outlet"] = LibraryQuery(outlet_id=outlet[0], sort="title")
    if tag:
        queries["filter tag"] = LibraryQuery(tag_ids=(tag[0],), sort="title")
    if collection:
        queries["filter collection"] = LibraryQuery(collection_id=collection[0], sort="title")
    return queries


def measure_library(archive, repeats: int = 3) -> dict:
    out = {}
    for name, query in library_queries(archive.db).items():
        walls, cpus = [], []
        for _ in range(repeats):
            found, wall, cpu = timed(lambda: archive.articles.ids(query))
            walls.append(wall), cpus.append(cpu)
        _, count_wall, _ = timed(lambda: archive.articles.count(query))
        out[name] = {"ids_ms": ms(min(walls)), "ids_cpu_ms": ms(min(cpus)), "rows": len(found),
                     "count_ms": ms(count_wall)}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="append", type=Path, required=True)
    parser.add_argument("--per-shape", type=int, default=20)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search.json")
    args = parser.parse_args(argv)
    results = []
    for path in args.archive:
        with Archive.open(path) as archive:
            n = archive.articles.total_count()
            load = os.getloadavg()[0]
            result = {"archive": str(path), "articles": n, "cap": getattr(archive.search, "cap", None),
                      "load_average_at_start": round(load, 2),
                      "search": measure_search(archive, args.per_shape),
                      "library": measure_library(archive),
                      "load_average_at_end": round(os.getloadavg()[0], 2)}
        results.append(result)
        print(json.dumps({k: result[k] for k in ("articles", "load_average_at_start")}),
              json.dumps(result["search"]["all"]), flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
