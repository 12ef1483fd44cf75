"""How long the desktop app takes to open, and how the library behaves on a big archive.

Measures, in a fresh interpreter each time (offscreen Qt), from process start to the main
window shown and painted on an archive: the corpus archive by default, or one you pass.
Also times scrolling the library to its end (rows fetched lazily). Target: under 2 s.

    python benchmarks/bench_gui_startup.py [--archive PATH] [--runs 3]

Results go to benchmarks/results/gui_startup.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "gui_startup.txt"

CHILD = r"""
import time, json, sys
t0 = time.perf_counter()
from pathlib import Path
from palmyra_archive.gui.app import application
from palmyra_archive.gui.main_window import MainWindow
from palmyra_archive.core.archive import Archive
app = application()
window = MainWindow(Archive.open(Path(sys.argv[1])))
window.show()
app.processEvents()
window.library.viewport().repaint()
shown = time.perf_counter() - t0
rows = window.model.rowCount()
t1 = time.perf_counter()
window.library.scrollToBottom()
app.processEvents()
window.library.viewport().repaint()
scrolled = time.perf_counter() - t1
from PySide6.QtCore import Qt
from palmyra_archive.core.store.changes import Changes
def timed(fn):
    t = time.perf_counter(); fn(); app.processEvents(); return (time.perf_counter() - t) * 1000
def answered(text):  # search runs on a worker: time until its answer is shown
    t = time.perf_counter(); window.search_field.setText(text); window._on_search(text)
    while getattr(window, "searcher", None) is not None and window.searcher.pending:
        app.processEvents(); time.sleep(0.002)
    return (time.perf_counter() - t) * 1000
ms = {
    "sort_title_ms": timed(lambda: window.model.sort(0, Qt.SortOrder.DescendingOrder)),
    "select_article_ms": timed(lambda: window.library.selectRow(rows // 2)),
    "search_ms": timed(lambda: (window.search_field.setText("palmyra"), window._on_search("palmyra"))),
    "search_answered_ms": answered("syria"),
    "clear_search_ms": timed(lambda: (window.search_field.setText(""), window._on_search(""))),
    "refresh_after_write_ms": timed(lambda: window.hub.archive_did_change.emit(Changes(articles=True))),
}
print(json.dumps({"shown_s": shown, "rows": rows, "scroll_to_end_s": scrolled,
                  "rows_fetched": window.model.fetched_rows, **ms}))
window.close()
"""


def corpus_archive(folder: Path) -> Path:
    from palmyra_archive.core.archive import Archive
    path = folder / "corpus.palmyra.sqlite"
    with Archive.open(path) as archive:
        archive.importer.import_paths([ROOT / "corpus"])
    return path


def measure(archive: Path, runs: int, start_wall: float | None = None) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    results = []
    for _ in range(runs):
        import time
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(archive)], env=env, check=True,
                             capture_output=True, text=True).stdout
        data = json.loads(out.strip().splitlines()[-1])
        data["process_s"] = time.perf_counter() - t0
        results.append(data)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or corpus_archive(Path(tmp))
        results = measure(archive, args.runs)
    best = min(results, key=lambda r: r["shown_s"])
    line = (f"{archive.name if args.archive else 'corpus (5 articles)'}: rows={best['rows']} "
            f"window shown in {best['shown_s']:.2f} s (best of {args.runs}; whole process "
            f"{best['process_s']:.2f} s incl. interpreter), scroll to end "
            f"{best['scroll_to_end_s'] * 1000:.0f} ms, rows fetched {best['rows_fetched']}; "
            + ", ".join(f"{k[:-3].replace('_', ' ')} {best[k]:.0f} ms" for k in best if k.endswith("_ms"))
            + f" [{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python benchmarks/bench_gui_startup.py`]")
    print(line)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
