"""How long does a citation bundle of a real-sized project take?

Builds, in a temporary folder, an archive of N generated articles (``benchmarks/generate.py``,
imported through the importer) with M annotations (inserted in bulk, with notes and tags),
then measures:
- ``exports.export_bundle("all", …)`` with every format and the sources verbatim;
- ``exports.preview(…)`` of a few hundred articles, as the Export window's live preview does;
- ``exports.open_bundle(…)`` of that bundle into a fresh archive.

Run: ``.venv/bin/python benchmarks/bench_export.py [--articles 1000] [--annotations 5000]``
Writes benchmarks/results/export.json and a line in benchmarks/results/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_corpus  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.store.clock import now_iso  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TAGS = [f"framing/f{i}" for i in range(10)] + [f"actor/a{i}" for i in range(10)]


def annotate(archive: Archive, total: int, rng: random.Random) -> int:
    """``total`` annotations spread over the articles' shown copies, with notes and tags."""
    copies = archive.db.execute("SELECT a.id, c.id, c.body FROM articles a JOIN copies c "
                                "ON c.id = a.primary_copy_id WHERE length(c.body) > 200").fetchall()
    tag_ids = archive.tags.ensure(TAGS)
    now = now_iso()
    made = 0
    with archive.write("benchmark annotations") as db:
        for n in range(total):
            article_id, copy_id, body = copies[n % len(copies)]
            start = rng.randrange(0, len(body) - 120)
            end = start + rng.randrange(30, 110)
            cursor = db.execute(
                'INSERT INTO annotations (copy_id, article_id, exact, prefix, suffix, start, "end", '
                "color, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [copy_id, article_id, body[start:end], body[max(0, start - 32):start],
                 body[end:end + 32], start, end, "yellow", f"note {n}", now, now])
            db.execute("INSERT OR IGNORE INTO annotation_tags VALUES (?, ?)",
                       [cursor.lastrowid, rng.choice(tag_ids)])
            made += 1
    return made


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=5000)
    parser.add_argument("--preview", type=int, default=300, help="articles in the previewed scope")
    args = parser.parse_args()
    rng = random.Random(7)
    load_before = os.getloadavg()[0]   # the machine may be shared: say how busy it was
    with tempfile.TemporaryDirectory(prefix="palmyra-bench-export-") as tmp:
        tmp = Path(tmp)
        generate_corpus(tmp / "files", args.articles, seed=7)
        with Archive.open(tmp / "archive.palmyra.sqlite") as archive:
            report, import_s = timed(lambda: archive.importer.import_paths([tmp / "files"]))
            made = annotate(archive, args.annotations, rng)
            articles = archive.articles.total_count()
            export, export_s = timed(lambda: archive.exports.export_bundle("all", tmp / "bundle.zip"))
            ids = archive.articles.ids()[:args.preview]
            scope = "ids:" + ",".join(map(str, ids))
            preview, preview_s = timed(lambda: archive.exports.preview(scope))
        with Archive.open(tmp / "colleague.palmyra.sqlite") as colleague:
            opened, open_s = timed(lambda: colleague.exports.open_bundle(tmp / "bundle.zip"))
    result = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} CPUs",
        "load_average_before": round(load_before, 2),
        "articles": articles, "annotations": made, "sources": export.sources,
        "bundle_bytes": export.size_bytes, "import_setup_s": round(import_s, 2),
        "export_s": round(export_s, 2), "preview_articles": preview.article_count,
        "preview_s": round(preview_s, 2), "open_bundle_s": round(open_s, 2),
        "open_bundle_annotations": opened.annotations, "open_bundle_problems": len(opened.problems),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "export.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    line = (f"- {result['at']} export {articles} articles + {made} annotations: bundle "
            f"{export_s:.1f} s ({export.size_bytes / 1e6:.1f} MB, every format, sources verbatim); "
            f"preview of {preview.article_count} {preview_s:.2f} s; open-bundle into a fresh "
            f"archive {open_s:.1f} s; load average {load_before:.1f} on {os.cpu_count()} CPUs "
            "(`benchmarks/bench_export.py`)\n")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(line)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
