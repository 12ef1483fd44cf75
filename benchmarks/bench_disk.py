"""The archive's disk use part by part, against a bare sqlite-utils + FTS5 store of the same texts.

Issue #19's disk target: the archive ≤ 1.5× the baseline. The baseline is what a researcher
would get with sqlite-utils alone from the same parsed rows: each source's bytes as imported
(uncompressed), the articles' titles and authors, the copies' standfirsts and bodies, the
comments, with FTS5 indexes made by ``enable_fts`` (external content, the archive's tokenizer)
over the texts the archive indexes (titles and authors, standfirsts and bodies, comments).
The archive is read only (``mode=ro``); the baseline is written to ``--baseline`` (a temporary
file unless given) and removed unless ``--keep``.

    python benchmarks/bench_disk.py --archive /tmp/x/archive-10000.palmyra.sqlite
    python benchmarks/bench_disk.py --archive A --json   # one JSON object on the last line
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from palmyra_archive.core.store import source_bytes  # noqa: E402
from palmyra_archive.core.store.migrations import FTS_TOKENIZER  # noqa: E402

#: the parts the report groups the archive's tables and indexes into, first match wins:
#: (part, name prefixes)
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("copies_fts", ("copies_fts",)),
    ("comments_fts", ("comments_fts",)),
    ("other FTS indexes", ("articles_fts", "captions_fts", "annotations_fts", "notes_fts")),
    ("sources (verbatim files)", ("sources", "sqlite_autoindex_sources")),
    ("copies", ("copies",)),
    ("comments", ("comments",)),
    ("text reuse", ("reuse_",)),
    ("events", ("events",)),
    ("rights", ("rights_",)),
    ("articles (+ library keys)", ("articles", "library_sort", "outlet_counts")),
]

BATCH = 2000


def part_of(name: str) -> str:
    for part, prefixes in PARTS:
        if name.startswith(prefixes):
            return part
    return "everything else"


def dbstat(conn: sqlite3.Connection) -> dict[str, int]:
    """Bytes per table or index (``dbstat``'s pages)."""
    return {name: size for name, size in conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")}


def file_bytes(conn: sqlite3.Connection) -> tuple[int, int]:
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    return (conn.execute("PRAGMA page_count").fetchone()[0] * page,
            conn.execute("PRAGMA freelist_count").fetchone()[0] * page)


def build_baseline(archive: sqlite3.Connection, dest: Path) -> dict[str, float]:
    """The bare store of the archive's texts in ``dest``; returns its build times."""
    if dest.exists():
        dest.unlink()
    db = sqlite_utils.Database(dest)
    started = time.perf_counter()

    def copy(table: str, sql: str, columns: list[str], convert=None) -> None:
        cursor = archive.execute(sql)
        while rows := cursor.fetchmany(BATCH):
            records = [dict(zip(columns, row, strict=True)) for row in rows]
            if convert:
                records = [convert(r) for r in records]
            db[table].insert_all(records, pk="id", batch_size=BATCH)

    def raw(record: dict) -> dict:
        record["content"] = source_bytes.unpack(record["content"], record.pop("size"))
        return record

    copy("sources", "SELECT id, filename, sha256, content, size_bytes FROM sources ORDER BY id",
         ["id", "filename", "sha256", "content", "size"], raw)
    copy("articles", "SELECT id, title, authors FROM articles ORDER BY id", ["id", "title", "authors"])
    copy("copies", "SELECT id, article_id, source_id, standfirst, body FROM copies ORDER BY id",
         ["id", "article_id", "source_id", "standfirst", "body"])
    copy("comments", "SELECT id, copy_id, author, text FROM comments ORDER BY id",
         ["id", "copy_id", "author", "text"])
    rows_done = time.perf_counter()
    db["articles"].enable_fts(["title", "authors"], fts_version="FTS5", tokenize=FTS_TOKENIZER)
    db["copies"].enable_fts(["standfirst", "body"], fts_version="FTS5", tokenize=FTS_TOKENIZER)
    db["comments"].enable_fts(["text"], fts_version="FTS5", tokenize=FTS_TOKENIZER)
    db.close()
    return {"rows_s": rows_done - started, "fts_s": time.perf_counter() - rows_done}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", required=True, type=Path)
    parser.add_argument("--baseline", type=Path, help="where to build the baseline (kept with --keep)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true", help="also print one JSON object")
    args = parser.parse_args(argv)

    archive = sqlite3.connect(f"{args.archive.resolve().as_uri()}?mode=ro", uri=True)
    articles = archive.execute("SELECT count(*) FROM articles").fetchone()[0]
    size, free = file_bytes(archive)
    objects = dbstat(archive)
    parts: dict[str, int] = {}
    for name, used in objects.items():
        parts[part_of(name)] = parts.get(part_of(name), 0) + used
    stored, original = archive.execute(
        "SELECT coalesce(sum(length(content)), 0), coalesce(sum(size_bytes), 0) FROM sources").fetchone()
    text = archive.execute("SELECT coalesce(sum(length(CAST(body AS BLOB))), 0)"
                           " + coalesce(sum(length(CAST(standfirst AS BLOB))), 0) FROM copies").fetchone()[0]

    tmp = None
    if args.baseline is None:
        tmp = tempfile.mkdtemp(prefix="bench-disk-")
        args.baseline = Path(tmp) / "baseline.sqlite"
    times = build_baseline(archive, args.baseline)
    base = sqlite3.connect(args.baseline)
    base_size, _ = file_bytes(base)
    base_parts = dbstat(base)
    base.close()
    load = os.getloadavg()

    mb = 1e6
    print(f"archive {args.archive} : {articles:,} articles, {size / mb:,.1f} MB "
          f"({size / max(articles, 1) / 1000:.1f} KB per article; {free / mb:.1f} MB free pages)")
    print(f"  sources: {original / mb:.1f} MB of verbatim bytes stored in {stored / mb:.1f} MB;"
          f" copies' text {text / mb:.1f} MB")
    for part, used in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {part:<28} {used / mb:8.1f} MB")
    print("  largest objects: " + ", ".join(f"{n} {u / mb:.1f}" for n, u in list(objects.items())[:12]))
    print(f"baseline (sqlite-utils + FTS5, same texts) {base_size / mb:,.1f} MB "
          f"({base_size / max(articles, 1) / 1000:.1f} KB per article; rows {times['rows_s']:.1f} s,"
          f" FTS {times['fts_s']:.1f} s)")
    print("  " + ", ".join(f"{n} {u / mb:.1f}" for n, u in list(base_parts.items())[:10]))
    ratio = size / base_size if base_size else float("nan")
    print(f"ratio archive / baseline: {ratio:.2f}× (target ≤ 1.5×); load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    if args.json:
        print(json.dumps({"archive": str(args.archive), "articles": articles, "bytes": size,
                          "free_bytes": free, "parts": parts, "baseline_bytes": base_size,
                          "ratio": round(ratio, 3), "sources_stored": stored,
                          "sources_original": original, "load": load}))
    if not args.keep:
        args.baseline.unlink(missing_ok=True)
        if tmp:
            os.rmdir(tmp)
    archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
