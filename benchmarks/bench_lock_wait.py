"""How long a small write waits for the lock while a bulk import runs in another process.

    .venv/bin/python benchmarks/bench_lock_wait.py [--n 3000] [--interval 0.05]

A command-line import of ``--n`` generated files runs in a subprocess; this process makes a
small write (``BEGIN IMMEDIATE`` + one row in ``archive_info`` + ``COMMIT``, what the app's
smallest change costs) every ``--interval`` seconds and records how long each waited for the
write lock. Prints the waits' p50 / p95 / max and appends a line to
``benchmarks/results/RESULTS.md`` with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate_corpus  # noqa: E402
from benchmarks.queries import percentile  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402

RESULTS = HERE / "results"


def probe(path: Path, interval: float, importer: subprocess.Popen) -> list[float]:
    """Waits (s) of one small write every ``interval`` until the import ends."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    waits = []
    try:
        while importer.poll() is None:
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - started)
            conn.execute("INSERT INTO archive_info (key, value) VALUES ('bench_probe', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [str(started)])
            conn.execute("COMMIT")
            time.sleep(interval)
    finally:
        conn.close()
    return waits


def run(n: int, interval: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        generate_corpus(folder, n)
        path = Path(tmp) / "a.sqlite"
        Archive.open(path).close()
        load_before = os.getloadavg()[0]
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        started = time.perf_counter()
        importer = subprocess.Popen([sys.executable, "-m", "palmyra_archive", "--archive", str(path),
                                     "import", str(folder)], stdout=subprocess.DEVNULL, env=env)
        time.sleep(0.5)                     # the import is under way (parsing the first batch)
        waits = probe(path, interval, importer)
        seconds = time.perf_counter() - started
        return {"files": n, "seconds": round(seconds, 1), "writes": len(waits),
                "p50_ms": round(percentile(waits, 0.5) * 1000, 1),
                "p95_ms": round(percentile(waits, 0.95) * 1000, 1),
                "max_ms": round(max(waits) * 1000, 1),
                "over_half_second": sum(1 for w in waits if w > 0.5),
                "load": f"{load_before:.1f}–{os.getloadavg()[0]:.1f}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("--note", default="", help="appended to the RESULTS.md line")
    args = parser.parse_args(argv)
    result = run(args.n, args.interval)
    print(result)
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    line = (f"- {stamp} lock wait (`benchmarks/bench_lock_wait.py --n {args.n}`): a small write every "
            f"{int(args.interval * 1000)} ms during a CLI import of {result['files']} files "
            f"({result['seconds']} s): {result['writes']} writes waited p50 {result['p50_ms']} ms, "
            f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms, {result['over_half_second']} "
            f"over 0.5 s; load average {result['load']} on {os.cpu_count()} CPUs"
            + (f"; {args.note}" if args.note else ""))
    with open(RESULTS / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
