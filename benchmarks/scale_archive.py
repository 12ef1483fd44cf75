"""Grow realistic benchmark archives (10,000 and 100,000 articles) once, in /tmp, and reuse them.

Why a builder of its own: building a 100,000-article archive through the real importer takes
many minutes, so every benchmark that needs one (``bench_scale.py``, ``bench_gui.py``) shares
the same files and archives under ``--work`` (default ``/tmp/palmyra-bench``), never the repo.
Each size is grown from the next smaller one (100k = the 10k archive plus 90k more files), then
given what a researcher adds: tags on about a third of the articles and an annotation on
about one in ten, through the archive's own services.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate_corpus  # noqa: E402
from palmyra_archive.core.archive import Archive  # noqa: E402

DEFAULT_WORK = Path("/tmp/palmyra-bench")
SEED = 7
BUILT_KEY = "bench_built_articles"   # archive_info: the archive is complete for this size
TAG_PATHS = ([f"framing/{w}" for w in ("liberation", "occupation", "heritage", "propaganda", "victory")]
             + [f"actor/{w}" for w in ("army", "isis", "russia", "unesco", "locals")]
             + [f"project/{n:02d}" for n in range(30)])


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def files_for(work: Path, n: int) -> list[Path]:
    """The first ``n`` generated files (generating them once; the same seed gives the same bytes)."""
    folder = work / f"files-seed{SEED}"
    marker = folder / ".count"
    have = int(marker.read_text()) if marker.exists() else 0
    if have < n:
        log(f"generating {n} article files in {folder}")
        generate_corpus(folder, n, SEED)
        marker.write_text(str(n))
    return [folder / f"gen_{i:06d}.txt" for i in range(n)]


def sample_files(work: Path, n: int, seed: int = 99) -> list[Path]:
    """Files not in any benchmark archive: what a timed import at a given size brings in
    (another ``seed`` for a second timed import into an archive that took the first)."""
    folder = work / f"sample-seed{seed}"
    marker = folder / ".count"
    if not marker.exists() or int(marker.read_text()) < n:
        generate_corpus(folder, n, seed=seed)
        for path in sorted(folder.glob("gen_*.txt")):  # names unlike the archive's files
            path.rename(path.with_name("sample_" + path.name))
        marker.write_text(str(n))
    return sorted(folder.glob("sample_gen_*.txt"))[:n]


def archive_path(work: Path, n: int) -> Path:
    return work / f"archive-{n}.palmyra.sqlite"


def is_built(path: Path, n: int) -> bool:
    if not path.exists():
        return False
    with Archive.open(path) as archive:
        row = archive.db.execute("SELECT value FROM archive_info WHERE key = ?", [BUILT_KEY]).fetchone()
    return bool(row) and int(row[0]) == n


def copy_archive(src: Path, dest: Path) -> None:
    """A consistent copy through the backup API (the source may have a WAL beside it)."""
    for leftover in dest.parent.glob(dest.name + "*"):
        leftover.unlink()
    with Archive.open(src) as archive:
        archive.backups.backup(dest)


def build(work: Path, n: int, smaller: list[int]) -> dict:
    """Make archive-{n} (from the largest smaller one already built); returns how long it took."""
    path = archive_path(work, n)
    if is_built(path, n):
        log(f"reusing {path}")
        return {"reused": True}
    files = files_for(work, n)
    base = max((s for s in smaller if s < n and is_built(archive_path(work, s), s)), default=0)
    if base:
        copy_archive(archive_path(work, base), path)
    else:
        for leftover in work.glob(path.name + "*"):
            leftover.unlink()
    log(f"building {path}: importing files {base}..{n}")
    started = time.perf_counter()
    with Archive.open(path) as archive:
        since = archive.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        report = archive.importer.import_paths(files[base:n], progress=_every(5000))
        import_seconds = time.perf_counter() - started
        enrich(archive, seed=n, since_id=since)
        with archive.write("marking the benchmark archive complete"):
            archive.db.execute("INSERT OR REPLACE INTO archive_info (key, value) VALUES (?, ?)",
                               [BUILT_KEY, str(n)])
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"built {path} in {time.perf_counter() - started:.0f} s")
    return {"reused": False, "files": n - base, "imported": report.imported, "failed": report.failed,
            "import_seconds": round(import_seconds, 1),
            "files_per_second": round((n - base) / import_seconds, 1)}


def _every(step: int):
    def progress(done: int, total: int, message: str) -> None:
        if done % step == 0 and done:
            log(f"  {done}/{total}")
    return progress


def enrich(archive: Archive, seed: int, since_id: int = 0) -> None:
    """Tags on about a third of the new articles and an annotation on about one in ten."""
    rng = random.Random(seed)
    untagged = [r[0] for r in archive.db.execute(
        "SELECT id FROM articles WHERE id > ? ORDER BY id", [since_id])]
    chosen = [a for a in untagged if rng.random() < 0.33]
    by_tag: dict[str, list[int]] = {}
    for article_id in chosen:
        for path in rng.sample(TAG_PATHS, rng.randint(1, 3)):
            by_tag.setdefault(path, []).append(article_id)
    log(f"tagging {len(chosen)} articles")
    for path, ids in by_tag.items():
        for start in range(0, len(ids), 2000):
            archive.tags.add_to_articles(ids[start:start + 2000], [path])
    annotated = [a for a in untagged if rng.random() < 0.1]
    log(f"annotating {len(annotated)} articles")
    for article_id in annotated:
        body_length = archive.db.execute(
            "SELECT length(c.body) FROM articles a JOIN copies c ON c.id = a.primary_copy_id "
            "WHERE a.id = ?", [article_id]).fetchone()[0] or 0
        if body_length < 200:
            continue
        start = rng.randrange(0, body_length - 120)
        archive.annotations.create(article_id, start, start + rng.randint(20, 110),
                                   note=rng.choice(["", "check the date", "compare with the original",
                                                    "framing: liberation"]),
                                   tags=[rng.choice(TAG_PATHS)] if rng.random() < 0.5 else ())


def upgrade(path: Path) -> None:
    """Open once so a schema step added since the archive was built runs now, not while timed;
    the copy the upgrade makes first is dropped (these archives can be rebuilt)."""
    with Archive.open(path):
        pass
    backups = path.parent / f"{path.name}.backups"
    if backups.is_dir():
        shutil.rmtree(backups, ignore_errors=True)


def scratch_copy(work: Path, n: int, name: str) -> Path:
    """A throwaway copy of archive-{n} to import into, so the built one stays as it is."""
    dest = work / f"{name}-{n}.palmyra.sqlite"
    copy_archive(archive_path(work, n), dest)
    return dest


def remove(path: Path) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink()
