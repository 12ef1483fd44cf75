"""How long does the bundle's bibliography take for a large export (#13)?

Renders N generated CSL-JSON webpage items (a few authors with several works, some with the
same year, some with no author, an organisation as author: the collisions citation
disambiguation is for) in each shipped style, once as one pandoc run with the full style (how
every bibliography was rendered before) and once through ``bibliography._render`` (split into
a run without disambiguation and a run of the entries that need it), checks that both give
the same entries, and prints the times.

Run: ``.venv/bin/python benchmarks/bench_bibliography.py [--items 1000] [--style chicago-author-date]``
Appends a line to benchmarks/results/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from palmyra_archive.core.export import bibliography  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
FAMILIES = ["Quint", "Vautrin", "Ebert", "Lucas", "Mirzaei", "Haddad", "Okafor", "Silva", "Novak", "Berg"]


def items(n: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        item = {"id": f"w{i:05d}", "type": "webpage", "title": f"Dispatch {i} on the {rng.choice(['port', 'frost', 'rail'])}",
                "container-title": rng.choice(["The Coastal Ledger", "Le Courrier de l'Est", "Rundschau"]),
                "URL": f"https://news.example/{i}",
                "issued": {"date-parts": [[rng.choice([2015, 2016, 2017]), rng.randint(1, 12), rng.randint(1, 28)]]}}
        roll = rng.random()
        if roll < 0.08:
            pass                                                     # no author
        elif roll < 0.12:
            item["author"] = [{"literal": "Inside Syria Media Center"}]
        elif roll < 0.25:                                            # a regular with many works
            item["author"] = [{"family": rng.choice(FAMILIES), "given": "Mara"}]
        else:
            item["author"] = [{"family": f"{rng.choice(FAMILIES)}-{i}", "given": "Ann"}]
        out.append(item)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--style", action="append")
    args = parser.parse_args()
    styles = args.style or ["chicago-author-date"]
    data = items(args.items)
    clean = [{k: v if k == "id" else bibliography._shielded(v) for k, v in i.items()} for i in data]
    load = os.getloadavg()[0]
    parts = []
    for style in styles:
        started = time.perf_counter()
        before = [b for _, b in bibliography._pandoc(clean, bibliography.style_path(style))]
        one_s = time.perf_counter() - started
        started = time.perf_counter()
        after = bibliography._render(data, style)
        split_s = time.perf_counter() - started
        assert after == before, f"{style}: the split rendering differs from one run"
        parts.append(f"{style} one run {one_s:.1f} s, split {split_s:.1f} s ({one_s / split_s:.1f}×)")
        print(parts[-1])
    line = (f"- {datetime.now(UTC).isoformat(timespec='seconds')} bibliography of {args.items} "
            f"generated items (`benchmarks/bench_bibliography.py --items {args.items}`), pandoc's citeproc: "
            + "; ".join(parts) + f"; same entries in the same order; load average {load:.1f}–"
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
