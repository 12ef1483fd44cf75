"""Shared by the reliability tests: distinct article files, the CLI in a subprocess, and the
checks that say an archive is whole (nothing half-written, nothing orphaned)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

WORDS = ("ministry report election harbour council protest archive witness budget river "
         "minister spokesperson village drought vaccine court ruling agency satellite border "
         "factory strike union teachers hospital bridge mayor festival museum province").split()

OUTLETS = ("Daily Ledger", "Coastal Herald", "Northern Wire", "Metro Observer", "Valley Times")


def article_text(index: int, rng: random.Random, paragraphs: int = 6) -> str:
    """A plausible scraped article whose title and body no other index shares."""
    title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} story number {index}"
    lines = [f"# {title}", "", f"By Reporter {index % 37}", f"{rng.choice(OUTLETS)} — 2024-0{1 + index % 9}-1{index % 10}", ""]
    for p in range(paragraphs):
        sentence = " ".join(rng.choice(WORDS) for _ in range(40))
        lines.append(f"Paragraph {p} of article {index}: {sentence}.")
        lines.append("")
    return "\n".join(lines)


def write_articles(folder: Path, count: int, *, seed: int = 6, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(start, start + count):
        path = folder / f"article_{index:05d}.txt"
        path.write_text(article_text(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def cli(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "palmyra_archive", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


def cli_popen(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "palmyra_archive", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env or os.environ.copy())


def scalar(conn: sqlite3.Connection, sql: str) -> int:
    return conn.execute(sql).fetchone()[0]


def assert_archive_whole(path: Path) -> dict[str, int]:
    """Every article all there or not at all; returns the row counts for further checks."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in ("copies_fts", "articles_fts"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        problems = {
            "articles without their primary copy": """
                SELECT count(*) FROM articles a LEFT JOIN copies c ON c.id = a.primary_copy_id
                WHERE c.id IS NULL OR c.article_id != a.id""",
            "copies without their source": """
                SELECT count(*) FROM copies c LEFT JOIN sources s ON s.id = c.source_id WHERE s.id IS NULL""",
            "sources without a copy": """
                SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM copies c WHERE c.source_id = s.id)""",
            "copies without a body": "SELECT count(*) FROM copies WHERE body IS NULL",
            "articles without a copy": """
                SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM copies c WHERE c.article_id = a.id)""",
            "sources without their import event": """
                SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM events e
                WHERE e.entity = 'source' AND e.entity_id = s.id AND e.action IN ('import', 'new_version'))""",
            "duplicate sources": "SELECT count(*) - count(DISTINCT sha256) FROM sources",
        }
        found = {name: scalar(conn, sql) for name, sql in problems.items()}
        assert found == {name: 0 for name in problems}, found
        return {t: scalar(conn, f"SELECT count(*) FROM {t}") for t in ("articles", "copies", "sources", "events")}
    finally:
        conn.close()
