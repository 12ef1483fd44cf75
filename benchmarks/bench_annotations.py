"""How fast are annotations to show and to list?

Measures, on a synthetic archive built in a temporary folder:
- opening an article with 500 annotations (``annotations.for_article``), on the copy they were
  made on, and on a republished copy where all 500 are anchored on the fly;
- listing and counting 50,000 annotations across the archive (``annotations.list``/``count``),
  whole and filtered by tag, as the archive-wide annotations view does;
- the W3C export of one article's 500 annotations and of all of them (``to_w3c``).

Run: ``.venv/bin/python benchmarks/bench_annotations.py [--annotations 50000]``
Writes benchmarks/results/annotations.json and a line in benchmarks/results/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.records import AnnotationFilter

RESULTS = Path(__file__).resolve().parent / "results"
NOW = "2026-01-01T00:00:00Z"
WORDS = ("the ministry said operation liberated town residents occupied army city council "
         "mayor bridge budget report claimed officials strike school forces region").split()


def _body(rng: random.Random, words: int) -> str:
    sentences, out = [], []
    for i in range(words):
        out.append(rng.choice(WORDS) + str(rng.randrange(1000)))
        if i % 14 == 13:
            sentences.append(" ".join(out).capitalize() + ".")
            out = []
    return " ".join(sentences)


def _insert_article(db, body: str, title: str, source_tag: str) -> tuple[int, int]:
    article_id = db.execute("INSERT INTO articles (title, title_status, authors_status, created_at, "
                            "updated_at) VALUES (?, 'printed', 'missing', ?, ?)",
                            [title, NOW, NOW]).lastrowid
    copy_id = _insert_copy(db, article_id, body, source_tag)
    db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [copy_id, article_id])
    return article_id, copy_id


def _insert_copy(db, article_id: int, body: str, source_tag: str) -> int:
    data = (body + source_tag).encode()
    source_id = db.execute("INSERT INTO sources (filename, sha256, size_bytes, encoding, content, "
                           "imported_at) VALUES (?, ?, ?, 'utf-8', ?, ?)",
                           [source_tag, hashlib.sha256(data).hexdigest(), len(data), data,
                            NOW]).lastrowid
    return db.execute("INSERT INTO copies (article_id, source_id, span_start, span_end, "
                      "outlet_status, date_status, section_status, body, imported_at) VALUES "
                      "(?, ?, 0, ?, 'missing', 'missing', 'missing', ?, ?)",
                      [article_id, source_id, len(body), body, NOW]).lastrowid


def build(archive: Archive, total: int, per_article: int, rng: random.Random) -> dict:
    """One article with ``per_article`` annotations made through the API; the rest in bulk."""
    db = archive.db
    with archive.write():
        big_body = _body(rng, 12_000)
        big, _ = _insert_article(db, big_body, "Heavily annotated", "big.txt")
        republished = _insert_copy(db, big, "Republished with permission.\n\n" + big_body,
                                   "big-republished.txt")
    tags = [f"framing/f{i}" for i in range(20)] + [f"actor/a{i}" for i in range(20)]
    step = len(big_body) // per_article
    for i in range(per_article):
        start = i * step + rng.randrange(step // 2)
        archive.annotations.create(big, start, start + rng.randrange(15, step // 2),
                                   note=f"note {i}", tags=[rng.choice(tags)])
    tag_ids = archive.tags.ensure(tags)
    remaining, articles = total - per_article, max(1, (total - per_article) // 50)
    with archive.write():
        for n in range(articles):
            body = _body(rng, 600)
            article_id, copy_id = _insert_article(db, body, f"Article {n}", f"a{n}.txt")
            rows = []
            for k in range(remaining // articles):
                start = rng.randrange(len(body) - 80)
                end = start + rng.randrange(20, 80)
                rows.append((copy_id, article_id, body[start:end], body[max(0, start - 32):start],
                             body[end:end + 32], start, end, rng.choice(("yellow", "green", "red")),
                             f"note {n}.{k}", NOW, NOW))
            db.conn.executemany(
                'INSERT INTO annotations (copy_id, article_id, exact, prefix, suffix, start, "end", '
                "color, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            first = db.execute("SELECT max(id) FROM annotations").fetchone()[0] - len(rows) + 1
            db.conn.executemany("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
                                [(first + k, rng.choice(tag_ids)) for k in range(len(rows))])
    return {"article_id": big, "republished_copy_id": republished}


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 1), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=50_000)
    parser.add_argument("--per-article", type=int, default=500)
    args = parser.parse_args(argv)
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp, Archive.open(Path(tmp) / "bench.sqlite") as archive:
        t0 = time.perf_counter()
        ids = build(archive, args.annotations, args.per_article, rng)
        build_s = round(time.perf_counter() - t0, 1)
        total = archive.annotations.count()
        art, other = ids["article_id"], ids["republished_copy_id"]
        ms = {}
        ms["for_article_500_own_copy"], views = timed(lambda: archive.annotations.for_article(art))
        ms["for_article_500_other_copy"], other_views = timed(
            lambda: archive.annotations.for_article(art, copy_id=other), repeat=3)
        ms["count_all"], _ = timed(lambda: archive.annotations.count())
        ms["list_first_page_200"], _ = timed(
            lambda: archive.annotations.list(AnnotationFilter(limit=200)))
        ms["list_all"], listed = timed(lambda: archive.annotations.list(), repeat=3)
        ms["count_tag_framing"], tagged = timed(
            lambda: archive.annotations.count(AnnotationFilter(tag="framing")))
        ms["list_tag_framing_page_200"], _ = timed(
            lambda: archive.annotations.list(AnnotationFilter(tag="framing", limit=200)))
        ms["list_text_filter_page_200"], _ = timed(
            lambda: archive.annotations.list(AnnotationFilter(text="note 7", limit=200)))
        ms["to_w3c_500_one_article"], _ = timed(
            lambda: archive.annotations.to_w3c([v.id for v in views]), repeat=3)
        ms["to_w3c_all"], exported = timed(lambda: archive.annotations.to_w3c(), repeat=1)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_implementation()} "
                   f"{platform.python_version()}",
        "annotations": total, "per_article": len(views), "placed_on_other_copy": len(other_views),
        "listed": len(listed), "tagged_framing": tagged, "exported": exported["total"], "build_seconds": build_s,
        "milliseconds_median": ms,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "annotations.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    line = (f"- {result['when']} annotations ({total:,}): for_article 500 own copy "
            f"{ms['for_article_500_own_copy']} ms, other copy {ms['for_article_500_other_copy']} ms; "
            f"count {ms['count_all']} ms; list page 200 {ms['list_first_page_200']} ms; "
            f"list all {ms['list_all']} ms; tag count {ms['count_tag_framing']} ms; "
            f"W3C export all {ms['to_w3c_all']} ms "
            f"(`benchmarks/bench_annotations.py`)\n")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(line)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
