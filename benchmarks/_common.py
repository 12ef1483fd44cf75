"""What the benchmark scripts share (#19): the machine's load, logged beside every figure, and
a copy of an archive taken with SQLite's backup API (so the source file is never migrated,
even while another process has it open)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def load_average() -> float:
    """The one-minute load average, rounded as the logs give it."""
    return round(os.getloadavg()[0], 2)


class LoadLog:
    """The load average noted at each step of a run, said as one range for the log."""

    def __init__(self) -> None:
        self.seen: list[float] = [os.getloadavg()[0]]

    def note(self) -> float:
        self.seen.append(os.getloadavg()[0])
        return self.seen[-1]

    def text(self) -> str:
        """"load average 4.2–6.1 on 2 CPUs"."""
        return f"load average {min(self.seen):.1f}–{max(self.seen):.1f} on {os.cpu_count()} CPUs"


def copy_archive(source: Path, dest: Path) -> Path:
    """A copy of ``source`` at ``dest`` through SQLite's backup API (never ``Archive.open``:
    a pending migration would change the source)."""
    src, out = sqlite3.connect(source), sqlite3.connect(dest)
    try:
        src.backup(out)
    finally:
        src.close()
        out.close()
    return dest


__all__ = ["load_average", "LoadLog", "copy_archive"]
