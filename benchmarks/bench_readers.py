"""Readers of real sources (#10): a folder of HTML pages and a WARC of them, end to end.

    .venv/bin/python benchmarks/bench_readers.py [--pages 600] [--warc-sizes 300 1200]

Prints pages per second and peak memory (each run in a fresh process, so its peak RSS is its
own) and appends a line to ``benchmarks/results/RESULTS.md``. Targets (issue #10): ≥ 50 HTML
pages per second end to end on the 2-core machine, memory flat in the size of a WARC.
The pages are the test suite's layouts and languages, each made unique (title and a paragraph).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

RESULTS = HERE / "results"


def unique_pages(count: int) -> list[tuple[str, bytes]]:
    from tests.ingest.readers.pages import PAGES, STORY
    keys = sorted(PAGES)
    out = []
    for n in range(count):
        layout, key = keys[n % len(keys)]
        story = STORY[key]
        page = PAGES[(layout, key)].replace(story.title, f"{story.title} ({n})")
        page = page.replace(story.paragraphs[0][:30], f"{story.paragraphs[0][:30]} [{n}]", 1)
        out.append((f"https://{story.domain}/{story.slug}-{n}", page.encode("utf-8")))
    return out


def _run(kind: str, count: int, folder: Path) -> dict:
    """In this (fresh) process: build the input, import it, report rate and peak RSS."""
    from palmyra_archive.core.archive import Archive
    from tests.ingest.readers import builders

    pages = unique_pages(count)
    if kind == "html":
        source = folder / "pages"
        source.mkdir()
        for index, (_url, data) in enumerate(pages):
            (source / f"page-{index:05d}.html").write_bytes(data)
    else:
        source = builders.warc(folder / "crawl.warc.gz", pages)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    archive = Archive.open(folder / "bench.palmyra.sqlite")
    start = time.perf_counter()
    report = archive.importer.import_paths([source])
    seconds = time.perf_counter() - start
    articles = report.imported + report.new_versions if kind == "html" else \
        sum(1 for o in report.outcomes if o.status in ("imported", "new_version"))
    archive.close()
    return {"kind": kind, "pages": count, "articles": articles, "failed": report.failed,
            "seconds": round(seconds, 2), "pages_per_second": round(articles / seconds, 1),
            "input_mb": round((source.stat().st_size if source.is_file() else
                               sum(p.stat().st_size for p in source.iterdir())) / 1048576, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_import_mb": round(before / 1024, 1),
            "workers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def measure(kind: str, count: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(count)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--warc-sizes", type=int, nargs="+", default=[300, 1200])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(_run(args.child[0], int(args.child[1]), Path(folder))))
        return 0
    load = os.getloadavg()[0]
    html = measure("html", args.pages)
    warcs = [measure("warc", n) for n in args.warc_sizes]
    load_after = os.getloadavg()[0]
    print(json.dumps({"html": html, "warc": warcs}, indent=2))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    warc_text = "; ".join(f"WARC of {w['pages']} pages ({w['input_mb']} MB): {w['pages_per_second']} pages/s, "
                          f"peak RSS {w['peak_rss_mb']} MB" for w in warcs)
    line = (f"- {stamp} readers (`benchmarks/bench_readers.py --pages {args.pages} --warc-sizes "
            f"{' '.join(map(str, args.warc_sizes))}`): folder of {html['pages']} HTML pages "
            f"{html['pages_per_second']} pages/s end to end (target 50; parsed in worker processes, "
            f"main peak RSS {html['peak_rss_mb']} MB, workers {html['workers_peak_rss_mb']} MB); "
            f"{warc_text} (streamed in the main process); load average {load:.1f}–{load_after:.1f} on "
            f"{os.cpu_count()} CPUs\n")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as handle:
        handle.write(line)
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
