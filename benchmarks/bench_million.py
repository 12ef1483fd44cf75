"""Every #19 target on one archive in one run, each beside its raw baseline, with the load (#19).

On ``--archive`` (measured where it is: pass a copy you own; a pending migration runs first,
its backup too, and its time is ``open_s``; the backup is removed afterwards to spare the
disk): the library's first screenful and a page from the middle for every sort and filter
(``bench_library_paging.measure``), the start-up reads and counts
(``bench_startup_counts.measure``), search p50/p95 per query shape beside the bare FTS5 query
on the same archive (``bench_search.measure_search``), this process's peak RSS after all of
that, the app's first paint and peak RSS (``bench_gui.run_once``, a fresh offscreen process),
and disk per article beside a bare sqlite-utils + FTS5 database of the same rows
(``bench_scale.BASELINE_TABLES``, built from the archive into ``--baseline`` when missing;
its build time is reported), and last, with ``--import-sample N``, the import rate of N new
generated files into the archive beside the same files parsed and inserted into the baseline
(``bench_scale``'s baseline; both files keep them). The load average is logged before and
after each part.

Runs on whatever code ``PYTHONPATH`` names first (the benchmark modules are this folder's), so
the same command times main (``git archive`` to /tmp) and a branch on copies of one file:

    PYTHONPATH=/tmp/bench1m/base .venv/bin/python benchmarks/bench_million.py \\
        --archive /tmp/bench1m/archive-1000000.palmyra.sqlite \\
        --baseline /tmp/bench1m/baseline-1000000.sqlite --label main-4519722
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.append(str(HERE.parent))

from palmyra_archive.core.archive import Archive  # noqa: E402  (first: PYTHONPATH's code)

TARGETS = {"search_p95_ms": 50, "first_screenful_ms": 100, "count_ms": 50, "first_paint_s": 1.0,
           "peak_rss_mb": 300, "disk_ratio": 1.5, "import_files_per_s": 1200}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def part(result: dict, name: str, fn: Callable[[], Any]) -> None:
    started, at_start = time.perf_counter(), load()
    try:
        result[name] = fn()
    except Exception as exc:  # noqa: BLE001 - a benchmark part that fails is reported, the rest still run
        result[name] = {"error": f"{type(exc).__name__}: {exc}"}
    result.setdefault("parts", {})[name] = {"s": round(time.perf_counter() - started, 1),
                                            "load": [at_start, load()]}
    print(json.dumps({name: result["parts"][name]}), file=sys.stderr, flush=True)


def build_baseline(archive: Path, path: Path) -> dict:
    """The same rows in a bare sqlite-utils database with FTS5 kept by triggers (bench_scale's)."""
    import sqlite_utils

    from benchmarks.bench_scale import BASELINE_FTS, BASELINE_TABLES, FTS_TOKENIZER, attach_archive
    started = time.perf_counter()
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    attach_archive(db, archive)
    for table, (cols, select) in BASELINE_TABLES.items():
        db.execute(f"CREATE TABLE {table} ({cols})")
        source = ("arch.copies c LEFT JOIN arch.outlets o ON o.id = c.outlet_id" if table == "copies"
                  else f"arch.{table}")
        db.execute(f"INSERT INTO {table} SELECT {select} FROM {source}")
    db.conn.commit()
    db.execute("DETACH DATABASE arch")
    for table, fts_cols in BASELINE_FTS.items():
        db[table].enable_fts(fts_cols, fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZER)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"built_s": round(time.perf_counter() - started, 1)}


def _built(baseline: Path) -> bool:
    """The baseline exists and holds the tables (an earlier run stopped before building it
    may have left an empty file: measured, it divided by zero)."""
    import sqlite3
    if not baseline.exists() or baseline.stat().st_size == 0:
        return False
    conn = sqlite3.connect(baseline)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sources'").fetchone() is not None
    finally:
        conn.close()


def disk(archive: Path, articles: int, baseline: Path | None) -> dict:
    out: dict[str, Any] = {"file_mb": round(archive.stat().st_size / 1e6, 1),
                           "kb_per_article": round(archive.stat().st_size / 1e3 / articles, 2)}
    if baseline is not None:
        if not _built(baseline):
            out["baseline"] = build_baseline(archive, baseline)
        size = baseline.stat().st_size
        out["baseline_mb"] = round(size / 1e6, 1)
        out["ratio"] = round(archive.stat().st_size / size, 2)
    return out


def import_rate(archive: Path, baseline: Path | None, files: list[Path]) -> dict:
    """``files`` imported into the archive (in place: this is the run's last step) through
    ``importer.import_paths``, and the same files parsed and inserted into the baseline."""
    import sqlite_utils

    from benchmarks.bench_scale import BASELINE_TABLES, baseline_rows, forget_parser_caches
    out: dict[str, Any] = {}
    if baseline is not None and not _built(baseline):   # the same rows as the archive, first
        out["baseline"] = build_baseline(archive, baseline)
    forget_parser_caches()
    with Archive.open(archive) as a:
        started = time.perf_counter()
        report = a.importer.import_paths(files)
        ours = time.perf_counter() - started
    out.update({"files": len(files), "imported": report.imported, "failed": report.failed,
                "seconds": round(ours, 2), "per_second": round(len(files) / ours, 1)})
    if baseline is not None:
        db = sqlite_utils.Database(baseline)
        db.execute("PRAGMA synchronous = NORMAL")
        first = {t: db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in BASELINE_TABLES}
        forget_parser_caches()
        started = time.perf_counter()
        rows, _ = baseline_rows(files, first)
        for table in ("sources", "articles", "copies", "comments"):
            db[table].insert_all(rows[table], batch_size=500)
        bare = time.perf_counter() - started
        db.close()
        out.update({"baseline_seconds": round(bare, 2), "baseline_per_second": round(len(files) / bare, 1),
                    "ratio": round(ours / bare, 2)})
    return out


def _worst(table: dict) -> tuple[float, str]:
    if not table:
        return float("nan"), ""
    name = max(table, key=lambda k: table[k])
    return table[name], name


def summary(r: dict) -> dict[str, str]:
    """One cell per #19 target, from one run's JSON (a missing part reads "–")."""
    out: dict[str, str] = {}
    search = r.get("search", {})
    if "all" in search:
        shapes = {k: v["p95_ms"] for k, v in search.items() if k != "all"}
        worst, name = _worst(shapes)
        out["search"] = (f"{search['all']['p95_ms']:.0f} ms (worst {name} {worst:.0f}; bare FTS5 "
                         f"{search['all']['baseline_p95_ms']:.0f})")
    library = r.get("library", {})
    if "first screenful" in library:
        worst, name = _worst(library["first screenful"])
        out["sorts"] = f"{worst:.0f} ms (worst: {name})"
        if library.get("page from the middle"):
            worst, name = _worst(library["page from the middle"])
            out["paging"] = f"{worst:.0f} ms (worst: {name})"
    startup = r.get("startup", {})
    if startup and "error" not in startup:
        counts = {"counts": startup.get("counts (all, needs review, trash)", 0),
                  "needs review": startup.get("needs review count", 0),
                  "outlets": startup.get("outlets with counts", 0),
                  "tags": startup.get("tags with counts", 0)}
        worst, name = _worst(counts)
        out["counts"] = f"{worst:.0f} ms (worst: {name})"
        out["startup"] = f"{startup['start-up total']:.0f} ms"
    gui = r.get("gui", {})
    if "first_paint_s" in gui:
        out["first paint"] = f"{gui['first_paint_s']:.2f} s"
        own = r.get("rss_mb_in_process", r.get("rss_mb_after_search", 0))
        out["rss"] = f"{gui['peak_rss_mb']:.0f} MB (benchmark process {own:.0f})"
    d = r.get("disk", {})
    if "ratio" in d:
        out["disk"] = f"{d['ratio']}× ({d['kb_per_article']} KB/article; {d['file_mb'] / 1e3:.2f} GB)"
    imp = r.get("import", {})
    if "per_second" in imp:
        out["import"] = f"{imp['per_second']:.0f}/s (bare {imp.get('baseline_per_second', 0):.0f}/s, {imp.get('ratio')}×)"
    loads = [r.get("load_start"), r.get("load_end")] + [v for p in r.get("parts", {}).values() for v in p["load"]]
    loads = [x for x in loads if x is not None]
    out["load"] = f"{min(loads):.1f}–{max(loads):.1f}" if loads else ""
    return out


def table(paths: list[Path]) -> str:
    runs = [json.loads(p.read_text()) for p in paths]
    cells = [summary(r) for r in runs]
    rows = ["search", "sorts", "paging", "counts", "startup", "first paint", "rss", "disk", "import", "load"]
    head = "| measure | " + " | ".join(f"{r['articles']:,} ({r['label']})" for r in runs) + " |"
    lines = [head, "|---" * (len(runs) + 1) + "|"]
    lines += ["| " + row + " | " + " | ".join(c.get(row, "–") for c in cells) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, help="measured (and migrated) in place")
    parser.add_argument("--table", type=Path, nargs="+", help="print a Markdown table of these runs' JSON and stop")
    parser.add_argument("--baseline", type=Path, help="the bare sqlite-utils + FTS5 database (built if missing)")
    parser.add_argument("--label", default="", help="what code this is (a commit)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-shape", type=int, default=20)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--parts", default="library,startup,search,gui,disk,import",
                        help="which parts to run (comma-separated; import needs --import-sample)")
    parser.add_argument("--import-seed", type=int, default=99,
                        help="the generated files' seed (another one for an archive that took a run's files)")
    parser.add_argument("--import-sample", type=int, default=0,
                        help="last, time an import of this many new generated files (changes both files)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench1m"),
                        help="where scale_archive keeps the generated sample files")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    if args.table:
        print(table(args.table))
        return 0
    if args.archive is None:
        parser.error("--archive is required")

    from benchmarks import bench_gui, bench_library_paging, bench_search, bench_startup_counts
    result: dict[str, Any] = {"label": args.label, "archive": str(args.archive),
                              "at": datetime.now(UTC).isoformat(timespec="seconds"),
                              "code": str(Path(sys.modules["palmyra_archive"].__file__ or "").parent)}
    try:
        result["benchmarks_commit"] = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                                          capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        pass
    started, result["load_start"] = time.perf_counter(), load()
    with Archive.open(args.archive) as a:      # a pending migration runs here, backup first
        result["open_s"] = round(time.perf_counter() - started, 1)
        result["schema"] = a.schema_version
        result["articles"] = a.articles.total_count()
        backups = args.archive.parent / f"{args.archive.name}.backups"
        if backups.exists():
            result["migration_backup_mb"] = round(sum(f.stat().st_size for f in backups.iterdir()) / 1e6)
            shutil.rmtree(backups, ignore_errors=True)
        if "library" in parts:
            part(result, "library", lambda: bench_library_paging.measure(a, args.repeat))
        if "startup" in parts:
            part(result, "startup", lambda: bench_startup_counts.measure(a, args.repeat))
        if "search" in parts:
            part(result, "search", lambda: bench_search.measure_search(a, args.per_shape))
        result["rss_mb_in_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if "gui" in parts and not args.no_gui:
        part(result, "gui", lambda: (bench_gui.warm_up(args.archive), bench_gui.run_once(args.archive))[1])
    if "disk" in parts:
        part(result, "disk", lambda: disk(args.archive, result["articles"], args.baseline))
    if args.import_sample and "import" in parts:
        from benchmarks import scale_archive
        files = scale_archive.sample_files(args.work, args.import_sample, args.import_seed)
        part(result, "import", lambda: import_rate(args.archive, args.baseline, files))
    result["load_end"] = load()
    result["targets"] = TARGETS
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
