"""Search latency by query length at 10,000 articles: one word, two words, three words.

Why its own script: typed words are ANDed across an article's fields (``core/search/ranking.py``), so
each word is looked up apart and the sets intersected; this keeps an eye on what that costs
against the target (p95 under 50 ms for typical 1–3 word queries at 10k). It runs on a copy
of the shared 10k benchmark archive (``scale_archive.py``) so the migrations it may apply never
touch the one other benchmarks use.

    .venv/bin/python benchmarks/bench_search_terms.py [--work /tmp/palmyra-bench] [--per-shape 40]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import scale_archive as sa  # noqa: E402
from benchmarks.bench_scale import QUERY_WORDS, ms, percentile  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402

SIZE = 10_000


def shapes(rng: random.Random) -> dict:
    return {"1 word": lambda: rng.choice(QUERY_WORDS),
            "2 words": lambda: f"{rng.choice(QUERY_WORDS)} {rng.choice(QUERY_WORDS)}",
            "3 words": lambda: " ".join(rng.choice(QUERY_WORDS) for _ in range(3))}


def measure(path: Path, per_shape: int) -> dict:
    rng = random.Random(5)
    texts = [(name, make()) for _ in range(per_shape) for name, make in shapes(rng).items()]
    times: dict[str, list[float]] = {}
    with Archive.open(path) as archive:
        for _name, text in texts[:5]:   # warm the page cache once, as a running app has it
            archive.search.search(text, limit=50)
        for name, text in texts:
            start = time.perf_counter()
            archive.search.search(text, limit=50)
            times.setdefault(name, []).append(time.perf_counter() - start)
    return {name: {"queries": len(v), "p50_ms": ms(percentile(v, 0.5)),
                   "p95_ms": ms(percentile(v, 0.95)), "max_ms": ms(max(v))}
            for name, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=sa.DEFAULT_WORK)
    parser.add_argument("--per-shape", type=int, default=40)
    args = parser.parse_args()
    sa.build(args.work, SIZE, [])
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "search.palmyra.sqlite"
        sa.copy_archive(sa.archive_path(args.work, SIZE), copy)
        result = {"size": SIZE, "load_average_at_start": round(os.getloadavg()[0], 1),
                  "by_shape": measure(copy, args.per_shape)}
    out = HERE / "results" / "search_terms.json"
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    line = ", ".join(f"{k} p50 {v['p50_ms']} / p95 {v['p95_ms']} ms" for k, v in result["by_shape"].items())
    with open(HERE / "results" / "RESULTS.md", "a", encoding="utf-8") as log:
        log.write(f"- {time.strftime('%Y-%m-%d %H:%M')} search by query length at {SIZE:,} "
                  f"(load {result['load_average_at_start']}): {line}\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
