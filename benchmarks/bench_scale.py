"""Import rate and search latency at 10,000 and 100,000 articles, each against a bare baseline.

    .venv/bin/python benchmarks/bench_scale.py --size 10000 [--size 100000] [--work /tmp/palmyra-bench]

For each size the archive is built once under ``--work`` (see ``scale_archive.py``) and reused.
Then, on that size:

- **import**: ``--sample`` new generated files (2,000) are imported into a copy of the archive
  through ``archive.importer.import_paths`` (reading, parsing, one transaction per file), and
  the same files are read, parsed by the same parser and inserted by a bare ``sqlite-utils``
  script (``insert_all`` into sources/articles/copies/comments with FTS5 triggers) into a
  database holding the same rows. Ratio = our time / baseline time (both include parsing;
  the store-only ratio leaves the parser out of both, when the import parses in this process;
  a bulk import parses in forked workers on the other core, and then only the end-to-end ratio
  is given).
- **search**: p50/p95 of ``archive.search.search(q, limit=50)`` over ``--queries`` typical
  queries, against the bare FTS5 query
  ``SELECT rowid FROM copies_fts WHERE copies_fts MATCH ? ORDER BY rank LIMIT 50``.
- **library**: ``articles.ids`` (sorted by title), ``count``, ``summaries`` of a screenful.

Results: ``benchmarks/results/scale.json`` (per size, merged) and lines appended to
``benchmarks/results/RESULTS.md``. Targets: ≥ 1,000 articles/s and ≤ 3× the baseline;
search p95 < 50 ms at 100,000 articles; the cost per article flat from 10k to 100k.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import sqlite_utils  # noqa: E402

from benchmarks import scale_archive as sa  # noqa: E402
from benchmarks.queries import percentile, researcher_queries  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402
from palmyra_archive.core.ingest.parse import parse_document  # noqa: E402
from palmyra_archive.core.search.syntax import to_fts_query  # noqa: E402
from palmyra_archive.core.store.migrations import FTS_TOKENIZER  # noqa: E402
from palmyra_archive.core.store.records import LibraryQuery  # noqa: E402

RESULTS = HERE / "results"
TARGETS = {"import_per_second": 1000, "import_ratio": 3.0, "search_p95_ms": 50.0}
QUERY_WORDS = ("palmyra museum theatre citadel army russian victory heritage ruins convoy "
               "ceasefire refugee tribe governor monument unesco assad isis saker").split()
PHRASES = ("syrian arab army", "islamic state", "palmyra museum", "the saker", "world heritage")


def queries(count: int, seed: int = 11) -> list[str]:
    return researcher_queries(QUERY_WORDS, count, seed, PHRASES)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# -- import ------------------------------------------------------------------------------------

def forget_parser_caches() -> None:
    """Empty the parser's memo caches (not its one-off model loaders), so neither the import nor
    the baseline profits from the other having parsed the same files just before."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("palmyra_archive.core.ingest"):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize != 1:
                value.cache_clear()


def measure_import(work: Path, n: int, files: list[Path]) -> dict:
    scratch = sa.scratch_copy(work, n, "import-into")
    forget_parser_caches()
    parse_seconds = 0.0
    try:
        with Archive.open(scratch) as archive:
            real = archive.importer.parser

            def timed_parser(filename, data):
                nonlocal parse_seconds
                start = time.perf_counter()
                try:
                    return real(filename, data)
                finally:
                    parse_seconds += time.perf_counter() - start

            archive.importer.parser = timed_parser
            start = time.perf_counter()
            report = archive.importer.import_paths(files)
            seconds = time.perf_counter() - start
    finally:
        sa.remove(scratch)
    return {"files": len(files), "imported": report.imported, "failed": report.failed,
            "seconds": round(seconds, 2), "parse_seconds": round(parse_seconds, 2),
            "per_second": round(len(files) / seconds, 1),
            "ms_per_article": round(seconds / len(files) * 1000, 2)}


BASELINE_TABLES = {
    # the original bytes, as a bare store keeps them: the archive's ``content`` is compressed
    # since migration 0029 (``sqlar_uncompress``, registered by ``attach_archive``), and
    # copying it as stored made the bare store 40 MB smaller at 10,000 and the ratio 1.90×
    # where it is 1.43×
    "sources": ("id INTEGER PRIMARY KEY, filename TEXT, sha256 TEXT, size_bytes INTEGER, "
                "encoding TEXT, content BLOB",
                "id, filename, sha256, size_bytes, encoding, sqlar_uncompress(content, size_bytes)"),
    "articles": ("id INTEGER PRIMARY KEY, title TEXT, authors TEXT", "id, title, authors"),
    "copies": ("id INTEGER PRIMARY KEY, article_id INTEGER, source_id INTEGER, outlet TEXT, "
               "date TEXT, standfirst TEXT, body TEXT",
               "c.id, c.article_id, c.source_id, o.name, c.date, c.standfirst, c.body"),
    "comments": ("id INTEGER PRIMARY KEY, copy_id INTEGER, depth INTEGER, author TEXT, text TEXT",
                 "id, copy_id, depth, author, text"),
}
BASELINE_FTS = {"articles": ["title"], "copies": ["standfirst", "body"], "comments": ["text"]}


def attach_archive(db: sqlite_utils.Database, archive: Path) -> None:
    """``archive`` attached as ``arch`` to the bare store being built, with the function that
    reads its sources' original bytes back."""
    from palmyra_archive.core.store import source_bytes
    source_bytes.register(db.conn)
    db.execute("ATTACH DATABASE ? AS arch", [str(archive)])


def baseline_db(work: Path, n: int) -> Path:
    """A bare sqlite-utils database holding the same rows as archive-{n}, with FTS5 (built once)."""
    path = work / f"baseline-{n}.sqlite"
    marker = work / f"baseline-{n}.done"
    if marker.exists() and path.exists():
        return path
    sa.remove(path)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    attach_archive(db, sa.archive_path(work, n))
    for table, (columns, select) in BASELINE_TABLES.items():
        db.execute(f"CREATE TABLE {table} ({columns})")
        source = ("arch.copies c LEFT JOIN arch.outlets o ON o.id = c.outlet_id" if table == "copies"
                  else f"arch.{table}")
        db.execute(f"INSERT INTO {table} SELECT {select} FROM {source}")
    db.conn.commit()
    db.execute("DETACH DATABASE arch")
    for table, columns in BASELINE_FTS.items():
        db[table].enable_fts(columns, fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZER)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    marker.write_text("ok")
    return path


def baseline_rows(files: list[Path], first_ids: dict[str, int]) -> tuple[dict[str, list[dict]], float]:
    """Read and parse every file (the same parser), returning rows and the parse time."""
    import hashlib
    rows: dict[str, list[dict]] = {t: [] for t in BASELINE_TABLES}
    ids = dict(first_ids)
    parse_seconds = 0.0
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        doc = parse_document(path.name, data)
        parse_seconds += time.perf_counter() - start
        ids["sources"] += 1
        rows["sources"].append({"id": ids["sources"], "filename": path.name, "size_bytes": len(data),
                                "sha256": hashlib.sha256(data).hexdigest(), "encoding": doc.encoding,
                                "content": data})
        for article in doc.articles:
            ids["articles"] += 1
            ids["copies"] += 1
            rows["articles"].append({"id": ids["articles"], "title": article.title.value,
                                     "authors": json.dumps(article.authors.value or [])})
            rows["copies"].append({"id": ids["copies"], "article_id": ids["articles"],
                                   "source_id": ids["sources"], "outlet": article.outlet.value,
                                   "date": article.date.value, "standfirst": article.standfirst,
                                   "body": article.body})
            for comment in article.comments:
                ids["comments"] += 1
                rows["comments"].append({"id": ids["comments"], "copy_id": ids["copies"],
                                         "depth": comment.depth, "author": comment.author,
                                         "text": comment.text})
    return rows, parse_seconds


def measure_baseline(work: Path, n: int, files: list[Path]) -> dict:
    source = baseline_db(work, n)
    scratch = work / f"baseline-into-{n}.sqlite"
    sa.remove(scratch)
    shutil.copy(source, scratch)
    db = sqlite_utils.Database(scratch)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    first_ids = {t: db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in BASELINE_TABLES}
    forget_parser_caches()
    start = time.perf_counter()
    rows, parse_seconds = baseline_rows(files, first_ids)
    for table in ("sources", "articles", "copies", "comments"):
        db[table].insert_all(rows[table], batch_size=500)
    seconds = time.perf_counter() - start
    db.close()
    sa.remove(scratch)
    return {"files": len(files), "seconds": round(seconds, 2), "parse_seconds": round(parse_seconds, 2),
            "per_second": round(len(files) / seconds, 1)}


# -- search and library ------------------------------------------------------------------------

def measure_search(work: Path, n: int, count: int) -> dict:
    texts = queries(count)
    ours, bare, hits = [], [], []
    with Archive.open(sa.archive_path(work, n)) as archive:
        for text in texts[:3]:  # warm the page cache once, as a running app has it
            archive.search.search(text, limit=50)
        for text in texts:
            start = time.perf_counter()
            hits.append(len(archive.search.search(text, limit=50)))
            ours.append(time.perf_counter() - start)
            fts = to_fts_query(text)
            start = time.perf_counter()
            archive.db.execute("SELECT rowid FROM copies_fts WHERE copies_fts MATCH ? ORDER BY rank "
                               "LIMIT 50", [fts]).fetchall()
            bare.append(time.perf_counter() - start)
    return {"queries": len(texts), "p50_ms": ms(percentile(ours, 0.5)), "p95_ms": ms(percentile(ours, 0.95)),
            "max_ms": ms(max(ours)), "baseline_p50_ms": ms(percentile(bare, 0.5)),
            "baseline_p95_ms": ms(percentile(bare, 0.95)), "mean_hits": round(statistics.mean(hits), 1),
            "slowest": sorted(zip(ours, texts), reverse=True)[0][1]}


def measure_library(work: Path, n: int) -> dict:
    with Archive.open(sa.archive_path(work, n)) as archive:
        out = {"articles": archive.articles.total_count()}
        for sort in ("title", "date"):
            start = time.perf_counter()
            ids = archive.articles.ids(LibraryQuery(sort=sort))
            out[f"ids_by_{sort}_ms"] = ms(time.perf_counter() - start)
        start = time.perf_counter()
        archive.articles.count(LibraryQuery())
        out["count_ms"] = ms(time.perf_counter() - start)
        start = time.perf_counter()
        archive.articles.summaries(ids[len(ids) // 2: len(ids) // 2 + 60])
        out["summaries_60_ms"] = ms(time.perf_counter() - start)
        start = time.perf_counter()
        archive.articles.get(ids[len(ids) // 2])
        out["get_article_ms"] = ms(time.perf_counter() - start)
    return out


# -- the run -------------------------------------------------------------------------------------

def run_size(work: Path, n: int, built_sizes: list[int], sample: list[Path], query_count: int) -> dict:
    result = {"size": n, "build": sa.build(work, n, built_sizes)}
    sa.upgrade(sa.archive_path(work, n))
    result["load_average_at_start"] = round(os.getloadavg()[0], 1)
    sa.log(f"[{n}] timing an import of {len(sample)} files")
    result["import"] = measure_import(work, n, sample)
    sa.log(f"[{n}] timing the sqlite-utils baseline")
    result["baseline"] = measure_baseline(work, n, sample)
    ours, base = result["import"], result["baseline"]
    result["import_ratio"] = round(ours["seconds"] / base["seconds"], 2)
    # A bulk import may parse in forked worker processes, where this process cannot time the
    # parser: then only the end-to-end ratio means something.
    result["store_ratio"] = (round((ours["seconds"] - ours["parse_seconds"])
                                   / max(base["seconds"] - base["parse_seconds"], 1e-9), 2)
                             if ours["parse_seconds"] > 0 else None)
    sa.log(f"[{n}] timing searches")
    result["search"] = measure_search(work, n, query_count)
    result["library"] = measure_library(work, n)
    result["load_average_at_end"] = round(os.getloadavg()[0], 1)
    return result


def growth(results: dict[str, dict]) -> dict:
    """How the per-article and per-query costs change from the smallest to the largest size."""
    sizes = sorted(results, key=int)
    if len(sizes) < 2:
        return {}
    small, large = results[sizes[0]], results[sizes[-1]]
    return {"from": int(sizes[0]), "to": int(sizes[-1]),
            "import_ms_per_article": [small["import"]["ms_per_article"], large["import"]["ms_per_article"]],
            "search_p95_ms": [small["search"]["p95_ms"], large["search"]["p95_ms"]],
            "ids_by_title_ms": [small["library"]["ids_by_title_ms"], large["library"]["ids_by_title_ms"]]}


def _parse_note(imp: dict) -> str:
    if imp["parse_seconds"] > 0:
        return f", parser {imp['parse_seconds']} s of {imp['seconds']} s"
    return ", parsed in worker processes"


def _store_note(result: dict) -> str:
    return f" (store only {result['store_ratio']}×)" if result["store_ratio"] is not None else ""


def write_results(results: dict[str, dict], command: str) -> dict:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "scale.json"
    stored = json.loads(path.read_text()) if path.exists() else {"sizes": {}}
    stored["sizes"].update(results)
    stored.update({"when": datetime.now(UTC).isoformat(timespec="seconds"), "command": command,
                   "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                              f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}",
                   "targets": TARGETS})
    stored["growth"] = growth(stored["sizes"])
    path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as handle:
        for size, r in sorted(results.items(), key=lambda kv: int(kv[0])):
            imp, base, search = r["import"], r["baseline"], r["search"]
            handle.write(
                f"- {stored['when']} scale {int(size):,} articles (`{command}`): import "
                f"{imp['per_second']}/s ({imp['ms_per_article']} ms/article{_parse_note(imp)}) vs "
                f"sqlite-utils baseline {base['per_second']}/s → ratio {r['import_ratio']}×"
                f"{_store_note(r)}; search p50 {search['p50_ms']} ms, "
                f"p95 {search['p95_ms']} ms (bare FTS5 p50 {search['baseline_p50_ms']} ms, p95 "
                f"{search['baseline_p95_ms']} ms); ids by title {r['library']['ids_by_title_ms']} ms; "
                f"{r['library']['articles']:,} works from {int(size):,} files; load average "
                f"{r['load_average_at_start']}–{r['load_average_at_end']} on {os.cpu_count()} CPUs\n")
    return stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, action="append", help="archive size (repeat; default 10000)")
    parser.add_argument("--work", type=Path, default=sa.DEFAULT_WORK, help="where archives are built and kept")
    parser.add_argument("--sample", type=int, default=2000, help="files in each timed import")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.size or [10_000]))
    args.work.mkdir(parents=True, exist_ok=True)
    sample = sa.sample_files(args.work, args.sample)
    results = {}
    for n in sizes:
        results[str(n)] = run_size(args.work, n, sizes, sample, args.queries)
        print(json.dumps(results[str(n)], indent=2), flush=True)
    if not args.no_write:
        command = "benchmarks/bench_scale.py " + " ".join(f"--size {n}" for n in sizes)
        stored = write_results(results, command)
        print(json.dumps(stored.get("growth", {}), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
