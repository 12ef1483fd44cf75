"""Grow a built archive to ``--articles`` articles in SQL, varied so search stays realistic (#19).

``bench_startup_counts.py --grow`` repeats the article and copy rows exactly: every word then
matches 100x as many rows at 1M as at 10k, no new word ever appears, and every phrase, AND
and NOT finds the same documents 100 times over. A real corpus grows differently: common
words grow with it, its vocabulary keeps growing (Heaps' law, about 10x the distinct terms
for 100x the text) and the long tail stays rare. So each *generation* (one more pass over the
built archive's articles, ids shifted) is varied, seeded and deterministic:

- **vocabulary**: a third of the distinct words of 6 letters or more (chosen by a seeded hash
  of the word) are "inflected" words: in each generation they take one of ten forms (the
  word itself or the word plus one of nine endings), a different one per generation and
  word, so such a word's every form matches about a tenth as many rows as an exact repeat
  and the index holds ~10x their terms; titles (and their title keys) vary the same way;
- **co-occurrence**: about 30 % of each body's paragraphs come from another article (a seeded
  permutation of the built archive's copies) and the paragraphs after the first are shuffled, so
  phrases, AND and NOT queries meet other documents than in the original;
- the rows that hang on an article or copy and drive the library are repeated with it
  (``article_tags``, ``republications``), so tag counts and the original-outlet sort grow too.

- the copies' text-reuse rows are repeated with them (``grow_reuse``): fingerprints, band
  keys (XORed per generation, so as many and as spread, matching nothing of another
  generation) and the links between two copies of a generation, so disk and import count
  text reuse at every size (before 2026-12-06 they held the first 10,000 copies' only).

- since 2026-12-06 the rest of what an import stores for a file is repeated too, so the disk
  measured at a million is what a million imported files take: the source file (its bytes
  with a line naming the generation, so its own SHA-256; compressed as the archive stores
  files), its copies' comments, captions and rights statements, and the import and
  proposal events. Annotations and the researcher's other events are not repeated.

The copy is made with SQLite's backup API, migrated once by ``Archive.open`` (the code on
``PYTHONPATH``), then grown one generation per transaction with the WAL checkpointed after
each; progress goes to stdout (generation, articles, seconds, load, MB).

    nice -n 10 .venv/bin/python benchmarks/grow_archive.py \\
        --source /tmp/palmyra-bench/archive-10000.palmyra.sqlite \\
        --out /tmp/bench1m/archive-1000000.palmyra.sqlite --articles 1000000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.append(str(HERE.parent))

from palmyra_archive.core.archive import Archive  # noqa: E402

ENDINGS = ("", "s", "e", "en", "er", "es", "a", "o", "i", "in")
PIECES = re.compile(r"(\W+)")
WORD = re.compile(r"\w+")
MIXED_SHARE = 0.3


def make_vary(seed: int) -> Callable[[str | None, int], str | None]:
    """``vary(text, generation)``: the text with its inflected words in that generation's form.

    The text is split into words and what lies between them, and each piece is looked up in
    the generation's table (a dict filling itself): one C-level lookup per piece, no Python
    call per word, since this runs on every body of a million-article build."""
    tables: dict[int, dict[str, str]] = {}

    def table(generation: int) -> dict[str, str]:
        found = tables.get(generation)
        if found is None:
            tables.clear()                      # generations come one after the other

            class Forms(dict[str, str]):
                def __missing__(self, piece: str) -> str:
                    form = piece
                    if len(piece) >= 6 and piece.isalpha():
                        h = zlib.crc32(f"{seed}:{piece.casefold()}".encode())
                        if h % 3 == 0:
                            ending = ENDINGS[((h >> 4) % len(ENDINGS) + generation) % len(ENDINGS)]
                            form = piece + (ending.upper() if piece.isupper() else ending)
                    self[piece] = form
                    return form
            found = tables[generation] = Forms()
        return found

    def vary(text: str | None, generation: int) -> str | None:
        if not text or generation == 0:
            return text
        return "".join(map(table(generation).__getitem__, PIECES.split(text)))
    return vary


def make_mix(seed: int, vary: Callable[[str | None, int], str | None]
             ) -> Callable[[str | None, str | None, int, int], str | None]:
    """``mix(body, other, generation, copy_id)``: some of other's paragraphs in, order shuffled, varied."""
    def mix(body: str | None, other: str | None, generation: int, copy_id: int) -> str | None:
        if body is None:
            return None
        rng = random.Random(seed * 1_000_003 + generation * 100_003 + copy_id)
        paras = body.split("\n")
        theirs = [p for p in (other or "").split("\n") if p.strip()]
        if theirs:
            paras = [theirs[rng.randrange(len(theirs))] if i and p.strip() and rng.random() < MIXED_SHARE
                     else p for i, p in enumerate(paras)]
        rest = paras[1:]
        rng.shuffle(rest)
        return vary("\n".join(paras[:1] + rest), generation)
    return mix


def word_count(text: str | None) -> int:
    return len(WORD.findall(text or ""))


def columns(db: sqlite3.Connection, table: str, leave: set[str]) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in leave]


def key_mask(generation: int) -> int:
    """What a generation's band keys are XORed with: a seeded 62-bit value, so a grown copy's
    keys are as many and as spread as its original's (the same rows, index and bytes) without
    matching them, as another text's would not."""
    return random.Random(f"band keys {generation}").getrandbits(62)


def grow_reuse(db: sqlite3.Connection, generation: int, shift: int, link_shift: int, c_top: int,
               last: int) -> None:
    """The text-reuse rows of the generation's copies, as an import would have left them: each
    copy's fingerprint and band keys (XORed with ``key_mask``) and the links between two of
    its copies (ids shifted like the copies'). Without them a grown archive's disk and its
    import's candidate look-ups counted text reuse for the first 10,000 copies only."""
    mask = key_mask(generation)
    in_generation = "(SELECT id FROM copies WHERE id <= ? AND article_id <= ?)"
    db.execute("INSERT INTO reuse_fingerprints (copy_id, outlet_id, keys, parameters, created_at, band_keys)"
               " SELECT copy_id + ?, outlet_id, keys, parameters, created_at, masked(band_keys, ?)"
               f" FROM reuse_fingerprints WHERE copy_id IN {in_generation}", [shift, mask, c_top, last])
    # a ^ m as (a | m) - (a & m): SQLite has no XOR operator; exact for 64-bit signed keys
    # in key order, so each page of the index is written once (1.4 M random inserts a generation)
    db.execute("INSERT INTO reuse_bands (key, copy_id) SELECT (key | ?) - (key & ?) AS k, copy_id + ?"
               f" FROM reuse_bands WHERE copy_id IN {in_generation} ORDER BY k, 2",
               [mask, mask, shift, c_top, last])
    l_cols = columns(db, "reuse_links", {"id", "copy_a", "copy_b", "from_copy_id"})
    # joined, not two IN lists: 0.2 s against 12.5 s for a generation's 30,000 links
    db.execute(f"INSERT INTO reuse_links (id, copy_a, copy_b, from_copy_id, {', '.join(l_cols)})"
               f" SELECT l.id + ?, l.copy_a + ?, l.copy_b + ?, l.from_copy_id + ?,"
               f" {', '.join('l.' + c for c in l_cols)}"
               " FROM reuse_links l JOIN copies ca ON ca.id = l.copy_a JOIN copies cb ON cb.id = l.copy_b"
               " WHERE l.copy_b <= ? AND ca.article_id <= ? AND cb.article_id <= ? ORDER BY l.id",
               [link_shift, shift, shift, shift, c_top, last, last])


#: the rows hanging on a copy that an import writes and a grown generation repeats (id shifted
#: by the source archive's top id, copy id by its top copy id); comments also by parent
PER_COPY = ("comments", "captions", "rights_statements")


def grow_sources(db: sqlite3.Connection, generation: int, shift: int, c_top: int, last: int) -> None:
    """The generation's source files, as an import of that many files would have stored them:
    each original file's bytes with a line naming the generation added, so it is a file of
    its own (its own SHA-256, compressed the archive's way, ``source_bytes.pack``), its name and
    path marked with the generation. A grown archive kept the first 10,000 files only, which
    made both it and its bare baseline short of what 1,000,000 imported files take."""
    import hashlib

    from palmyra_archive.core.store import source_bytes
    cols = columns(db, "sources", {"id", "filename", "original_path", "sha256", "size_bytes", "content",
                                   "previous_version_id"})
    rows = db.execute(f"SELECT id, filename, original_path, size_bytes, content, {', '.join(cols)}"
                      " FROM sources WHERE id IN (SELECT source_id FROM copies WHERE id <= ? AND"
                      " article_id <= ?) ORDER BY id", [c_top, last]).fetchall()
    out = []
    for source_id, filename, original_path, size, content, *rest in rows:
        raw = source_bytes.unpack(content, size) + f"\n[generation {generation}]\n".encode()
        out.append([source_id + shift, f"g{generation}-{filename}",
                    f"{original_path}#g{generation}" if original_path else None,
                    hashlib.sha256(raw).hexdigest(), len(raw), source_bytes.pack(raw), *rest])
    marks = ", ".join("?" * (6 + len(cols)))
    db.executemany(f"INSERT INTO sources (id, filename, original_path, sha256, size_bytes, content,"
                   f" {', '.join(cols)}) VALUES ({marks})", out)


def grow_per_copy(db: sqlite3.Connection, generation: int, tops: dict[str, int], shift: int,
                  c_top: int, last: int) -> None:
    """The comments, captions and rights statements of the generation's copies (their full-text
    triggers index them, as an import's would)."""
    for table in PER_COPY:
        cols = columns(db, table, {"id", "copy_id", "parent_id"})
        parent = ", parent_id" if table == "comments" else ""
        parent_value = ", t.parent_id + ?" if table == "comments" else ""
        id_shift = generation * tops[table]
        db.execute(f"INSERT INTO {table} (id, copy_id{parent}, {', '.join(cols)})"
                   f" SELECT t.id + ?, t.copy_id + ?{parent_value}, {', '.join('t.' + c for c in cols)}"
                   f" FROM {table} t JOIN copies c ON c.id = t.copy_id"
                   " WHERE t.copy_id <= ? AND c.article_id <= ? ORDER BY t.id",
                   [id_shift, shift, *([id_shift] if parent else []), c_top, last])


def grow_events(db: sqlite3.Connection, generation: int, tops: dict[str, int]) -> None:
    """The event rows an import of the generation would have written: one per source imported
    and one per link proposed (the other events, a researcher's tags and notes, are not
    repeated)."""
    cols = columns(db, "events", {"id", "entity_id"})
    for action, entity, table in (("import", "source", "sources"),
                                  ("reuse_proposed", "reuse_link", "reuse_links")):
        db.execute(f"INSERT INTO events (entity_id, {', '.join(cols)})"
                   f" SELECT e.entity_id + ?, {', '.join('e.' + c for c in cols)} FROM events e"
                   f" WHERE e.id <= ? AND e.action = ? AND e.entity = ?"
                   f" AND e.entity_id + ? IN (SELECT id FROM {table}) ORDER BY e.id",
                   [generation * tops[table], tops["events"], action, entity, generation * tops[table]])


def masked(blob: bytes | None, mask: int) -> bytes | None:
    """``reuse_fingerprints.band_keys`` with each key XORed with ``mask`` (``grow_reuse``)."""
    import numpy as np
    if blob is None:
        return None
    return (np.frombuffer(blob, dtype="<i8") ^ np.int64(mask)).astype("<i8").tobytes()


def grow(path: Path, articles: int, seed: int, log: Callable[[dict], None], source: Path) -> None:
    """Add generations until ``path`` holds ``articles``; resumes after the last whole one."""
    built = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    a_top, c_top, r_top, base = built.execute(
        "SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM copies),"
        " (SELECT coalesce(max(id), 0) FROM republications), (SELECT count(*) FROM articles)").fetchone()
    tops = {table: built.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in (*PER_COPY, "sources", "reuse_links", "events")}
    built.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA cache_size = -400000")       # 400 MB: the secondary indexes stay cached
    db.execute("PRAGMA synchronous = OFF")          # a benchmark build: rerun it if it crashes
    vary = make_vary(seed)
    db.create_function("vary", 2, vary, deterministic=True)
    db.create_function("mix", 4, make_mix(seed, vary), deterministic=True)
    db.create_function("wc", 1, word_count, deterministic=True)
    db.create_function("masked", 2, masked, deterministic=True)
    have = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    a_cols = columns(db, "articles", {"id", "primary_copy_id", "title", "title_key"})
    c_cols = columns(db, "copies", {"id", "article_id", "superseded_by_id", "standfirst", "body",
                                    "word_count", "source_id"})
    r_cols = columns(db, "republications", {"id", "copy_id", "from_copy_id"})
    started = time.perf_counter()
    g = db.execute("SELECT max(id) FROM articles").fetchone()[0] // a_top - 1   # whole generations done
    while have < articles:
        g += 1
        want = min(base, articles - have)
        last = db.execute("SELECT id FROM articles WHERE id <= ? ORDER BY id LIMIT 1 OFFSET ?",
                          [a_top, want - 1]).fetchone()[0]
        sa, sc, sr = g * a_top, g * c_top, g * r_top
        db.execute("BEGIN IMMEDIATE")
        # The copied rows carry their originals' review_open, which is right for them (same
        # flags, no decisions): the triggers that would recompute it (and, through the articles
        # FTS update trigger, re-index each title twice) are set aside inside the transaction,
        # and so is the one that reads each new link's outlets (copied with it: a grown copy
        # keeps its original's outlet).
        redundant = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN"
                               " ('articles_review_open_ai', 'copies_review_open_ai',"
                               " 'reuse_links_outlets_ai')").fetchall()
        for name, _ in redundant:
            db.execute(f"DROP TRIGGER {name}")
        db.execute(f"INSERT INTO articles (id, primary_copy_id, title, title_key, {', '.join(a_cols)})"
                   f" SELECT id + ?, primary_copy_id + ?, vary(title, ?), vary(title_key, ?),"
                   f" {', '.join(a_cols)} FROM articles WHERE id <= ?", [sa, sc, g, g, last])
        db.execute(f"WITH m AS MATERIALIZED (SELECT c.*, mix(c.body, o.body, ?, c.id) AS mixed"
                   f" FROM copies c LEFT JOIN copies o ON o.id = (c.id * 7919 + ? * 104729) % ? + 1"
                   f" WHERE c.id <= ? AND c.article_id <= ?)"
                   f" INSERT INTO copies (id, article_id, superseded_by_id, source_id, standfirst, body,"
                   f" word_count, {', '.join(c_cols)}) SELECT id + ?, article_id + ?, superseded_by_id + ?,"
                   f" source_id + ?, vary(standfirst, ?), mixed, wc(mixed), {', '.join(c_cols)} FROM m",
                   [g, g, c_top, c_top, last, sc, sa, sc, g * tops["sources"], g])
        db.execute("INSERT INTO article_tags (article_id, tag_id) SELECT article_id + ?, tag_id"
                   " FROM article_tags WHERE article_id <= ?", [sa, last])
        db.execute(f"INSERT INTO republications (id, copy_id, from_copy_id, {', '.join(r_cols)})"
                   f" SELECT r.id + ?, r.copy_id + ?, r.from_copy_id + ?, {', '.join('r.' + c for c in r_cols)}"
                   " FROM republications r JOIN copies c ON c.id = r.copy_id"
                   " WHERE r.id <= ? AND c.article_id <= ?", [sr, sc, sc, r_top, last])
        grow_sources(db, g, g * tops["sources"], c_top, last)
        grow_per_copy(db, g, tops, sc, c_top, last)
        grow_reuse(db, g, sc, g * tops["reuse_links"], c_top, last)
        grow_events(db, g, tops)
        for _, sql in redundant:
            db.execute(sql)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        have = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        log({"generation": g, "articles": have, "s": round(time.perf_counter() - started, 1),
             "load": round(os.getloadavg()[0], 2), "mb": round(path.stat().st_size / 1e6)})
    db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="a built archive, copied, never changed")
    parser.add_argument("--out", type=Path, required=True, help="the grown archive (must not exist)")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resume", action="store_true", help="go on growing --out (each generation commits)")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.resume:
        parser.error(f"{args.out} exists: remove it first, or --resume it")
    started = time.perf_counter()
    if not args.resume:
        source, dest = sqlite3.connect(args.source), sqlite3.connect(args.out)
        source.backup(dest)
        source.close(), dest.close()
    with Archive.open(args.out) as a:          # migrated once, by the code on PYTHONPATH
        schema = a.schema_version
    for backup in args.out.parent.glob(f"{args.out.name}.backups/*"):
        backup.unlink()

    def log(row: dict) -> None:
        print(json.dumps(row), flush=True)
    grow(args.out, args.articles, args.seed, log, args.source)
    print(json.dumps({"done": str(args.out), "articles": args.articles, "seed": args.seed, "schema": schema,
                      "s": round(time.perf_counter() - started, 1), "mb": round(args.out.stat().st_size / 1e6),
                      "load": round(os.getloadavg()[0], 2)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
