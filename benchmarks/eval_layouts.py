"""Per-field accuracy of the text parser on the hand-written layout cases (#12).

    .venv/bin/python benchmarks/eval_layouts.py [--cases] [--log]

Scores the worked set (tests/ingest/layouts/cases, the rules were written against it) and the
held-out set (tests/ingest/layouts/heldout, written at the same time, kept out of sight while
the rules were written) and the fresh set (tests/ingest/layouts/fresh, written after the rules
were frozen, never tuned on; its misses were fixed in session 25) and the second fresh set
(tests/ingest/layouts/fresh2, written after the rules were frozen again) separately. ``--cases`` lists every wrong field; ``--log`` appends the
totals to benchmarks/results/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.ingest.layouts.scoring import FRESH, FRESH2, HELDOUT, WORKED, score  # noqa: E402


def _report(label: str, folder: Path, show_cases: bool) -> tuple[int, int, int, int]:
    per_field, per_case = score(folder)
    right = sum(r for r, _ in per_field.values())
    checked = sum(n for _, n in per_field.values())
    perfect = sum(all(result.values()) for result in per_case.values())
    print(f"{label}: {len(per_case)} layouts, {perfect} read perfectly; fields {right}/{checked}"
          f" = {right / checked:.1%}")
    for name in sorted(per_field):
        r, n = per_field[name]
        print(f"  {name:16} {r:3}/{n:<3} {r / n:6.1%}")
    if show_cases:
        for case, result in per_case.items():
            wrong = [name for name, ok in result.items() if not ok]
            if wrong:
                print(f"    {case}: {', '.join(wrong)}")
    return right, checked, perfect, len(per_case)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", action="store_true", help="list the wrong fields of each case")
    parser.add_argument("--log", action="store_true", help="append the totals to RESULTS.md")
    parser.add_argument("--worked-only", action="store_true", help="do not score the held-out set")
    args = parser.parse_args()
    worked = _report("worked", WORKED, args.cases)
    held = None if args.worked_only else _report("held-out", HELDOUT, args.cases)
    fresh = None if args.worked_only else _report("fresh", FRESH, args.cases)
    fresh2 = None if args.worked_only else _report("fresh2", FRESH2, args.cases)
    if args.log:
        load = os.getloadavg()[0]
        line = (f"- {datetime.now(UTC).isoformat(timespec='seconds')} layouts "
                f"(`benchmarks/eval_layouts.py`): worked {worked[3]} layouts, fields "
                f"{worked[0]}/{worked[1]} = {worked[0] / worked[1]:.1%}, {worked[2]} perfect")
        if held:
            line += (f"; held-out {held[3]} layouts, fields {held[0]}/{held[1]} = "
                     f"{held[0] / held[1]:.1%}, {held[2]} perfect")
        if fresh:
            line += (f"; fresh (written after the rules) {fresh[3]} layouts, fields {fresh[0]}/{fresh[1]}"
                     f" = {fresh[0] / fresh[1]:.1%}, {fresh[2]} perfect")
        if fresh2:
            line += (f"; fresh2 (written after the rules were frozen again) {fresh2[3]} layouts, fields "
                     f"{fresh2[0]}/{fresh2[1]} = {fresh2[0] / fresh2[1]:.1%}, {fresh2[2]} perfect")
        line += f"; load average {load:.2f} on 2 CPUs\n"
        with (HERE / "results" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(line)


if __name__ == "__main__":
    main()
