"""Articles written for the text-reuse tests, and writing them as files to import."""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.reuse_articles import Article, article, copy_of, quoting_article  # noqa: E402,F401


def make(seed: int, key: str = "a00001", beat: str | None = None) -> Article:
    return article(random.Random(seed), key, beat=beat)


def copy(base: Article, edit: str, key: str, seed: int = 1, *, title: str | None = None) -> Article:
    """A republisher's copy; under its own headline unless ``title`` says otherwise (the same
    printed title and text are joined by the importer's matcher, not found by text)."""
    made = copy_of(base, random.Random(seed), key, edit)
    made.title = title or f"Another headline for {key}"
    return made


def write(folder: Path, *articles: Article) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for art in articles:
        path = folder / f"{art.key}.txt"
        path.write_text(art.text(), encoding="utf-8")
        paths.append(path)
    return paths


def import_articles(archive, folder: Path, *articles: Article) -> dict[str, int]:
    """Import each as a file; returns key -> copy id."""
    out = {}
    for path in write(folder, *articles):
        outcome = archive.importer.import_file(path)
        assert outcome.status == "imported", outcome.message
        out[path.stem] = archive.db.execute(
            "SELECT c.id FROM copies c JOIN sources s ON s.id = c.source_id WHERE s.original_path = ?",
            [str(path.resolve())]).fetchone()[0]
    return out


def link_between(archive, a: int, b: int):
    row = archive.db.execute("SELECT id FROM reuse_links WHERE copy_a = ? AND copy_b = ?",
                             [min(a, b), max(a, b)]).fetchone()
    return archive.reuse.get(row[0]) if row else None
