"""Parser CPU, A/B in one process: a baseline tree's parser against this one, doc by doc.

    .venv/bin/python benchmarks/ab_parse.py BASELINE_TREE [--n 2000] [--log]

Why in one process and interleaved: on a shared machine the load drifts between two runs (by
20-50 % here), which swamps a 10 % difference; parsing each generated article with both
parsers in turn (alternating which goes first) and summing each one's CPU time cancels the
drift. BASELINE_TREE is a source tree of an earlier commit (``git archive COMMIT | tar -x -C
DIR``); its package is copied in as ``palmyra_base`` (its imports are relative). Both parse the
same fresh articles from benchmarks/generate.py after the same warm-up.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _baseline(tree: Path, into: Path):
    shutil.copytree(tree / "palmyra_archive", into / "palmyra_base")
    shutil.copytree(tree / "resources", into / "resources")
    sys.path.insert(0, str(into))
    return importlib.import_module("palmyra_base.core.ingest.parse").parse_document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--log", action="store_true")
    args = parser.parse_args()
    from generate import generate_corpus

    from palmyra_archive.core.ingest.parse import parse_document as ours

    tmp = tempfile.mkdtemp()       # kept while parsing: the baseline loads its rules from it
    try:
        return _run(args, Path(tmp), ours, generate_corpus)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(args, tmp: Path, ours, generate_corpus) -> int:
    base = _baseline(args.baseline.resolve(), tmp / "base")
    generate_corpus(tmp / "docs", args.n + 200, seed=11)
    docs = [(p.name, p.read_bytes()) for p in sorted((tmp / "docs").rglob("*.txt"))]
    warm, docs = docs[:200], docs[200:]
    for name, data in warm:
        base(name, data)
        ours(name, data)
    spent = {"base": 0.0, "ours": 0.0}
    load = os.getloadavg()[0]
    for number, (name, data) in enumerate(docs):
        order = (("base", base), ("ours", ours)) if number % 2 else (("ours", ours), ("base", base))
        for label, parse in order:
            started = time.process_time()
            parse(name, data)
            spent[label] += time.process_time() - started
    load = f"{load:.2f} → {os.getloadavg()[0]:.2f}"
    per = {k: v / len(docs) * 1000 for k, v in spent.items()}
    change = per["ours"] / per["base"] - 1
    line = (f"parser CPU A/B in one process (`benchmarks/ab_parse.py {args.baseline}`, {len(docs)} generated "
            f"articles, interleaved): baseline {per['base']:.3f} ms/doc, this tree {per['ours']:.3f} ms/doc "
            f"({change:+.1%}); load average {load} on 2 CPUs")
    print(line)
    if args.log:
        with (HERE / "results" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(f"- {datetime.now(UTC).isoformat(timespec='seconds')} {line}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
