"""What typing a search costs the desktop app's GUI thread, before and after the search worker.

In one offscreen process on the archive you pass, for a few common words, three times each:
*inline* runs on the GUI thread what the window did before the worker (the ranked hits, the
library's matching ids, the status-bar counts); *dispatch* is what the window now does when a
search is asked (hand it to the worker), *apply* what it does when the answer arrives (the
library's ids and the first screenful of hits), *answered* the time until the answer shows.
Same process, same load, so the two are comparable on a shared machine.

    python benchmarks/bench_gui_search.py --archive PATH

Results go to benchmarks/results/gui_search.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "gui_search.txt"
WORDS = ("palmyra", "syria", "museum", "russia")

CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.app import application
from palmyra_archive.gui.main_window import MainWindow
app = application()
window = MainWindow(Archive.open(Path(sys.argv[1])))
window.show(); app.processEvents()
archive, words = window.archive, sys.argv[2].split(",")
apply_ms, inline, dispatch, answered = [], [], [], []
shown = window._on_search_outcome
def timed_apply(outcome):
    t = time.perf_counter(); shown(outcome); apply_ms.append((time.perf_counter() - t) * 1000)
window.searcher.result.disconnect(window._on_search_outcome)
window.searcher.result.connect(timed_apply)
for _ in range(3):
    for word in words:
        t = time.perf_counter()
        archive.search.search(word, limit=50); archive.articles.ids(LibraryQuery(text=word))
        archive.articles.total_count(); archive.articles.needs_review_count()
        inline.append((time.perf_counter() - t) * 1000)
        window.search_field.setText(word)
        t = time.perf_counter(); window._on_search(word); dispatch.append((time.perf_counter() - t) * 1000)
        while window.searcher.pending:
            app.processEvents(); time.sleep(0.001)
        answered.append((time.perf_counter() - t) * 1000)
        window.search_field.setText(""); window._on_search("")
median = lambda xs: round(statistics.median(xs), 1)
print(json.dumps({"articles": archive.articles.total_count(), "inline_ms": median(inline),
                  "inline_max_ms": round(max(inline), 1), "dispatch_ms": median(dispatch),
                  "apply_ms": median(apply_ms), "answered_ms": median(answered)}))
window.close()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, required=True)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(args.archive), ",".join(WORDS)],
                         env=env, check=True, capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    line = (f"{args.archive.name}: {data['articles']} articles; GUI thread per search (median of "
            f"{3 * len(WORDS)}): inline {data['inline_ms']} ms (max {data['inline_max_ms']}) → "
            f"dispatch {data['dispatch_ms']} ms + apply {data['apply_ms']} ms; answer shown after "
            f"{data['answered_ms']} ms; load {load:.1f} "
            f"[{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python benchmarks/bench_gui_search.py`]")
    print(line)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
