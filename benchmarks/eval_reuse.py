"""Precision and recall of text-reuse detection on a generated set of copies (issue #11).

The set (``benchmarks/reuse_articles.py``): originals, the copies republishers make of them
(retitled, truncated, paragraphs dropped or moved, an introduction or editor's note, their own
footer, typos, a printed credit), articles quoting one paragraph of another, and unrelated
articles on the same beats. Every article is imported as a file through the importer (which
fingerprints it and verifies its best candidates), then ``reuse scan`` runs. Groups are split
by their number: three quarters were used to tune the parameters, the fourth is held back and
reported on its own.

Run: .venv/bin/python benchmarks/eval_reuse.py [--copies 5000] [--seed 11] [--log]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datetime import UTC

from benchmarks.reuse_articles import generate, pair  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402


def split_of(key: str) -> str:
    return "held-back" if int(key[1:6]) % 4 == 0 else "tuning"


def score(found: set, truth: set) -> tuple[float, float, int, int, int]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    return precision, recall, tp, len(found), len(truth)


def evaluate(copies: int, seed: int, folder: Path) -> dict:
    data = generate(copies, seed=seed)
    src = folder / "src"
    src.mkdir(parents=True)
    for art in data.articles:
        (src / f"{art.key}.txt").write_text(art.text(), encoding="utf-8")
    archive = Archive.open(folder / "eval.sqlite")
    started = time.perf_counter()
    report = archive.importer.import_paths([src])
    imported = time.perf_counter() - started
    key_of = {}
    for copy_id, path in archive.db.execute(
            "SELECT c.id, s.original_path FROM copies c JOIN sources s ON s.id = c.source_id"):
        key_of[copy_id] = Path(path).stem
    at_import = {(r[0], r[1], r[2]) for r in archive.db.execute("SELECT copy_a, copy_b, kind FROM reuse_links")}
    scan = archive.reuse.scan()
    links = archive.db.execute("SELECT copy_a, copy_b, kind FROM reuse_links").fetchall()
    # copies the importer's matcher already made one work (same printed title, >= 90 % alike)
    # are the same work as far as the archive is concerned: counted as found, and told apart
    works: dict[int, list[int]] = {}
    for copy_id, article_id in archive.db.execute("SELECT id, article_id FROM copies"):
        works.setdefault(article_id, []).append(copy_id)
    joined = {pair(key_of[a], key_of[b]) for members in works.values()
              for i, a in enumerate(members) for b in members[i + 1:]}
    out = {"articles": len(data.articles), "imported": report.imported, "import_s": imported,
           "scan_s": scan.seconds, "links": len(links), "links_at_import": len(at_import)}
    for split in ("tuning", "held-back"):
        out[split] = {}

        def keep(p, split=split):
            return split_of(p[0]) == split or split_of(p[1]) == split
        truth_same = {p for p in data.same_work if keep(p)}
        truth_quotes = {p for p in data.quotes if keep(p)}
        by_text = {pair(key_of[a], key_of[b]) for a, b, k in links if k == "same_work"}
        found_same = by_text | joined
        out[split]["by_text_only"] = score({p for p in by_text if keep(p)}, {p for p in truth_same - joined})
        found_quotes = {pair(key_of[a], key_of[b]) for a, b, k in links if k == "quotes_from"}
        out[split].update({"same_work": score({p for p in found_same if keep(p)}, truth_same),
                      "quotes_from": score({p for p in found_quotes if keep(p)}, truth_quotes)})
    archive.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--log", action="store_true", help="append the result to benchmarks/results/RESULTS.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(args.copies, args.seed, Path(tmp))
    load_after = os.getloadavg()[0]
    lines = []
    for split in ("tuning", "held-back"):
        for kind in ("same_work", "by_text_only", "quotes_from"):
            p, r, tp, found, truth = result[split][kind]
            lines.append(f"{split:9} {kind:11} precision {p:.3f} recall {r:.3f} "
                         f"({tp} right of {found} found, {truth} true pairs)")
    print(f"{result['articles']} articles imported in {result['import_s']:.1f} s, scan {result['scan_s']:.1f} s, "
          f"{result['links']} links ({result['links_at_import']} proposed at import)")
    print("\n".join(lines))
    if args.log:
        from datetime import datetime
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        held = result["held-back"]
        tune = result["tuning"]
        entry = (f"- {stamp} text reuse (`benchmarks/eval_reuse.py --copies {args.copies} --seed {args.seed}`): "
                 f"{result['articles']} generated articles; held-back quarter: same work precision "
                 f"{held['same_work'][0]:.3f} recall {held['same_work'][1]:.3f}, quotes from precision "
                 f"{held['quotes_from'][0]:.3f} recall {held['quotes_from'][1]:.3f}; tuning three quarters: "
                 f"same work {tune['same_work'][0]:.3f}/{tune['same_work'][1]:.3f}, quotes "
                 f"{tune['quotes_from'][0]:.3f}/{tune['quotes_from'][1]:.3f}; import {result['import_s']:.1f} s, "
                 f"scan {result['scan_s']:.1f} s; load average {load_before:.1f}–{load_after:.1f} on "
                 f"{os.cpu_count()} CPUs\n")
        with open(ROOT / "benchmarks" / "results" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(entry)


if __name__ == "__main__":
    main()
