"""Run every ``bench_*.py`` in this folder, one after another, and record how each went.

    .venv/bin/python benchmarks/run_all.py [--size 10000] [--only scale,gui] [--timeout 1800]

(``make bench`` runs it with the defaults.) ``--size`` is passed to each benchmark in the
way it accepts one: ``--size N`` where the script has that option, ``--n N`` or
``--articles N`` for those that call it so; scripts that take no size run with their own defaults. Each benchmark writes its
own numbers to ``benchmarks/results/`` (its JSON file and lines appended to ``RESULTS.md``);
this runner appends a summary of the run (which ran, how long, exit status) to ``RESULTS.md``
and writes ``benchmarks/results/run_all.json``. A failing benchmark does not stop the others.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def benchmarks(only: set[str] | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if p.stem.removeprefix("bench_") in only or p.stem in only]
    return found


def size_arguments(script: Path, size: int | None) -> list[str]:
    """How this script wants to be told the archive size (read from its --help)."""
    if size is None:
        return []
    try:
        help_text = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                                   text=True, timeout=120, env=_env(), check=False).stdout
    except subprocess.TimeoutExpired:
        return []
    if re.search(r"--size\b", help_text):
        return ["--size", str(size)]
    for option in ("--n", "--articles"):
        if re.search(rf"{option}\b", help_text):
            return [option, str(size)]
    return []


def _env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH")]))
    return env


def run(script: Path, args: list[str], timeout: float) -> dict:
    command = [sys.executable, str(script), *args]
    print(f"== {script.name} {' '.join(args)}", flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(command, text=True, capture_output=True, timeout=timeout, env=_env(),
                              cwd=HERE.parent, check=False)
        status, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        status, output = "timeout", f"{exc.stdout or ''}{exc.stderr or ''}"
    seconds = round(time.perf_counter() - started, 1)
    tail = "\n".join(str(output).strip().splitlines()[-15:])
    print(tail, flush=True)
    print(f"== {script.name}: {'ok' if status == 0 else f'FAILED ({status})'} in {seconds} s\n", flush=True)
    return {"script": script.name, "args": args, "status": status, "seconds": seconds, "tail": tail}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=None,
                        help="archive size passed to benchmarks that take one (default: their own)")
    parser.add_argument("--only", default="", help="comma-separated names, e.g. scale,gui,import")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per benchmark")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()} or None
    scripts = benchmarks(only)
    if not scripts:
        print("No benchmarks matched.", file=sys.stderr)
        return 1
    runs = [run(script, size_arguments(script, args.size), args.timeout) for script in scripts]
    when = datetime.now(UTC).isoformat(timespec="seconds")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "run_all.json").write_text(json.dumps({"when": when, "size": args.size, "runs": runs},
                                                     indent=2) + "\n", encoding="utf-8")
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as handle:
        summary = ", ".join(f"{r['script']} {'ok' if r['status'] == 0 else 'FAILED'} ({r['seconds']} s)"
                            for r in runs)
        size = f" --size {args.size}" if args.size else ""
        handle.write(f"- {when} `benchmarks/run_all.py{size}`: {summary}\n")
    return 0 if all(r["status"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
