"""``archive.reuse``: fingerprints at import, candidates, verification, the links found by text
and the user's decisions on them (issue #11).

The stages, each a function a distributed backend can replace (docs/reuse-at-scale.md):
fingerprint one copy (``fingerprint.band_keys``) -> candidate pairs (copies sharing at least
``MIN_SHARED_KEYS`` band keys, outlet boilerplate left out) -> verify each pair
(``align.align``) -> classify (``classify``) -> store a *proposed* link with its evidence.
Nothing found by text is a fact until the user confirms it.
"""

from __future__ import annotations

import builtins
import json
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..store import band_keys, kept_counts, reuse_methods
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.errors import NotFoundError, ValidationError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from . import align as alignmod
from . import fingerprint as fp
from .decisions import ReuseDecisions
from .links import (
    BOILERPLATE_COPIES,
    IMPORT_VERIFY,
    MAX_VERIFY,
    METHOD,
    METHOD_DETAIL,
    STATUSES,
    CopyInfo,
    Finding,
    Prints,
    ReuseLink,
    ScanReport,
    SpreadCopy,
    direction,
    parameters,
)
from .pairs import BatchReads, align_jobs, finding_of

if TYPE_CHECKING:
    from ..archive import Archive
    from .alongside import ComparingAlongside

#: from this many queued pairs, ``verify_pending`` aligns them in forked worker processes
PARALLEL_MIN_PAIRS = 200


class _AlignPool:
    """Aligning a batch of queued pairs on both cores (#11's import cost): the pairs are read,
    and their findings stored, in the batch's transaction in this process, as before; only the
    pure alignment runs in forked workers. Only where forking is safe (Linux, one thread: the
    CLI, the benchmarks; the GUI's worker thread aligns in-process); a worker that fails makes
    the batch, and the rest, align here."""

    def __init__(self, pool, workers: int):
        self.pool, self.workers = pool, workers

    @classmethod
    def start(cls) -> _AlignPool | None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        from ..importing.parse_ahead import can_fork, die_with_parent
        workers = min(4, os.cpu_count() or 1)
        if workers < 2 or not can_fork():
            return None
        try:
            return cls(ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                           initializer=die_with_parent, initargs=(os.getpid(),)), workers)
        except (OSError, RuntimeError):
            return None

    def align(self, jobs) -> list[alignmod.Alignment] | None:
        """The jobs' alignments in their order, or None (then the caller aligns them)."""
        if self.pool is None or len(jobs) < 2:
            return None
        texts = [(a.body, b.body, ia, ib) for a, b, ia, ib in jobs]
        size = -(-len(texts) // self.workers)
        try:
            parts = self.pool.map(align_jobs, [texts[i:i + size] for i in range(0, len(texts), size)])
            return [r for part in parts for r in part]
        except Exception:  # noqa: BLE001 - a broken worker: this process aligns from here on
            self.close()
            return None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _as_of(copy_id: int | None) -> tuple[str, list[int]]:
    """The SQL condition (and its parameter) for boilerplate as it stood at a copy's import."""
    if copy_id is None:
        return "", []
    return " AND (since_copy IS NULL OR since_copy <= ?)", [copy_id]


class ReuseManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db
        self.decisions = ReuseDecisions(archive, self)
        #: how many candidates a newly imported copy is verified against (0: fingerprint only)
        self.verify_at_import = IMPORT_VERIFY
        #: pairs aligned per transaction after an import (``verify_pending``)
        self.verify_batch = 50

    # -- the importer's hook ------------------------------------------------------------------

    def on_copy_stored(self, conn, copy_id: int, *, actor: str = "importer",
                       prints: Prints | None = None) -> int:
        """Inside the import's transaction, only what is cheap: fingerprint the copy, look up
        its best candidates and queue them (``reuse_pending``). Aligning them is the costly
        part and runs after the import, in short transactions of its own
        (``verify_pending``). Returns how many pairs were queued.

        ``prints``: the copy body's ``prints_of`` made ahead by the parse-ahead worker (the
        importer hands it over), so the writer only looks up the outlet's boilerplate and
        inserts the keys; without it (or for another body) they are made here."""
        info = self._info(conn, copy_id)
        if info is None:
            return 0
        if prints is not None and prints.body_length != len(info.body):
            prints = None
        keys = self._fingerprint(conn, info, count_boilerplate=True, prints=prints)
        if self.verify_at_import <= 0:
            return 0
        pairs = [(info.id, other) for other, _n in
                 self._candidates(conn, info, keys, older_only=False, limit=self.verify_at_import)]
        if pairs:
            stamp = now_iso()
            conn.executemany("INSERT OR IGNORE INTO reuse_pending (copy_id, other_id, queued_at)"
                             " VALUES (?,?,?)", [(*p, stamp) for p in pairs])
        return len(pairs)

    def compare_alongside(self, lend) -> ComparingAlongside:
        """For a bulk import: its queued pairs compared between its batches on the workers
        ``lend`` reaches (``alongside``); nothing is lent when comparing at import is off."""
        from .alongside import ComparingAlongside
        alongside = ComparingAlongside(self, lend)
        alongside.stopped = self.verify_at_import <= 0
        return alongside

    def unverified_count(self) -> int:
        """Candidate pairs found at import and not aligned yet (``verify_pending`` aligns them)."""
        return self.db.execute("SELECT count(*) FROM reuse_pending").fetchone()[0]

    def verify_pending(self, *, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED,
                       batch: int | None = None, actor: str = "importer") -> int:
        """Align the candidate pairs the imports queued and propose what they are; returns how
        many links were proposed. Each ``batch`` of pairs is one short transaction (the pairs
        leave the queue in the transaction that stores their findings), so Cancel, or the app
        closed midway, leaves the rest pending for the next import, scan or
        ``reuse verify-pending``. A pair is verified as it would have been at its copy's import:
        the boilerplate left out is what the outlet had then (``since_copy``)."""
        batch = batch or self.verify_batch
        total = self.unverified_count()
        done = proposed = 0
        if not total:
            return 0
        progress(0, total, "Comparing copies…")
        pool = _AlignPool.start() if total >= PARALLEL_MIN_PAIRS else None
        try:
            while True:
                cancel.raise_if_cancelled()
                rows = self.db.execute("SELECT id, copy_id, other_id FROM reuse_pending ORDER BY id LIMIT ?",
                                       [batch]).fetchall()
                if not rows:
                    break
                with self.archive.write("comparing copies found at import") as db:
                    conn = db.conn
                    reads = BatchReads()   # each outlet's boilerplate and each copy read once a batch
                    conn.executemany("DELETE FROM reuse_pending WHERE id = ?", [[r[0]] for r in rows])
                    jobs = [job for _id, copy_id, other_id in rows
                            if (job := self._queued_pair(conn, copy_id, other_id, reads)) is not None]
                    results = (pool.align(jobs) if pool is not None else None) or [
                        alignmod.align(a.body, b.body, ignore_a=ia, ignore_b=ib, unit_hash=fp.unit_hash)
                        for a, b, ia, ib in jobs]
                    stored: set[tuple[int, int]] = set()
                    for (a, b, _ia, _ib), result in zip(jobs, results):
                        proposed += self.propose_once(conn, a, b, result, stored, actor)
                done += len(rows)
                progress(min(done, total), total, f"Comparing copies… {min(done, total)} of {total} pairs")
        finally:
            if pool is not None:
                pool.close()
        return proposed

    def propose_once(self, conn, a: CopyInfo, b: CopyInfo, result: alignmod.Alignment,
                     stored: set[tuple[int, int]], actor: str) -> bool:
        """Propose what an aligned queued pair is, unless it is nothing, or the pair is in
        ``stored`` (queued both ways: stored once, as one by one it was) or in ``reuse_links``
        already (decided, or proposed since it was read); True when a link was stored."""
        if (a.id, b.id) in stored or conn.execute(
                "SELECT 1 FROM reuse_links WHERE copy_a = ? AND copy_b = ?", [a.id, b.id]).fetchone():
            return False
        finding = finding_of(a, b, result)
        if finding is None:
            return False
        self._store(conn, a, b, finding, actor)
        stored.add((a.id, b.id))
        return True

    def _queued_pair(self, conn, copy_id: int, other_id: int, reads: BatchReads):
        """A queued pair ready to align, ``(a, b, ignore_a, ignore_b)`` with ``a`` the older
        copy, or ``None``: already decided or proposed, or a copy gone since."""
        pair = (min(copy_id, other_id), max(copy_id, other_id))
        if conn.execute("SELECT 1 FROM reuse_links WHERE copy_a = ? AND copy_b = ?", pair).fetchone():
            return None    # decided (a rejected pair is never proposed again) or already proposed
        infos = reads.copies
        for wanted in (copy_id, other_id):
            if wanted not in infos:
                infos[wanted] = self._info(conn, wanted)
        info, other = infos[copy_id], infos[other_id]
        if info is None or other is None:
            return None    # a copy gone since (emptied from the Trash)
        a, b = (info, other) if info.id == pair[0] else (other, info)
        # the boilerplate left out is what the outlet had at the queuing copy's import
        return (a, b, self._ignored_units(conn, a, None, copy_id, reads),
                self._ignored_units(conn, b, None, copy_id, reads))

    def with_prints(self, parser):
        """The parser, plus each parsed article's text-reuse prints (``prints_of(body)``,
        pure) set as ``article.reuse_prints``: what the importer's parse-ahead workers run, so
        the storing process only looks up boilerplate, inserts band keys and queues candidates
        (#11). A failure there costs nothing but the head start: the writer makes the prints."""
        prints_of = self.prints_of

        def parse(filename: str, data: bytes):
            doc = parser(filename, data)
            for article in doc.articles:
                try:
                    prints = prints_of(article.body or "")
                except Exception:  # noqa: BLE001 — the writer fingerprints it instead
                    prints = None
                if prints is not None:
                    article.reuse_prints = prints
            return doc
        return parse

    @staticmethod
    def prints_of(body: str, *, keys: bool = True) -> Prints:
        """What fingerprinting a body needs that does not depend on the archive (pure, so a
        parse-ahead worker process makes it): each paragraph's hash and its words' hashes,
        and (``keys``) each passage's band keys over the whole body, which the writer reuses
        for the passages that the outlet's boilerplate leaves whole."""
        units = []
        for u in alignmod.units(body):
            units.append((fp.unit_hash(u.text) if u.words >= alignmod.UNIT_MIN_WORDS else None,
                          fp.word_hashes(u.text)))
        windows = tails = None
        if keys:
            words = [w for _h, w in units]
            hashes = np.concatenate(words) if words else np.zeros(0, dtype=np.uint64)
            windows = fp.window_keys(hashes)
            ends = np.cumsum([len(w) for w in words]).tolist()[:-1]
            tails = fp.tail_keys(hashes, ends)
        return Prints(len(body), tuple(units), windows, tails)

    def _fingerprint(self, conn, info: CopyInfo, *, count_boilerplate: bool,
                     prints: Prints | None = None) -> list[int]:
        """The copy's band keys (its outlet's boilerplate paragraphs left out), stored."""
        prints = prints if prints is not None else self.prints_of(info.body, keys=False)
        hashes = sorted(prints.hashes)
        boiler: set[int] = set()
        if info.outlet_id is not None and hashes:
            if count_boilerplate:
                # since_copy: the copy whose import made it boilerplate (verify_pending's as_of)
                first = info.id if BOILERPLATE_COPIES <= 1 else None
                conn.executemany(
                    "INSERT INTO reuse_boilerplate (outlet_id, unit_hash, copies, since_copy) VALUES (?,?,1,?)"
                    " ON CONFLICT (outlet_id, unit_hash) DO UPDATE SET copies = copies + 1,"
                    " since_copy = CASE WHEN copies + 1 = ? THEN ? ELSE since_copy END",
                    [(info.outlet_id, h, first, BOILERPLATE_COPIES, info.id) for h in hashes])
            boiler = self._boilerplate(conn, info.outlet_id, hashes)
        kept = [w for h, w in prints.units if h is None or h not in boiler]
        words = np.concatenate(kept) if kept else np.zeros(0, dtype=np.uint64)
        if prints.windows is None:
            keys = fp.band_keys_of_words(words)
        elif not boiler:        # nothing left out: the keys made ahead
            keys = sorted({k for span in prints.windows.values() for k in span})
        else:                   # only the passages a left-out paragraph cut are hashed here
            starts = np.cumsum([0] + [len(w) for _h, w in prints.units])
            origin = [np.arange(starts[i], starts[i + 1]) for i, (h, _w) in enumerate(prints.units)
                      if h is None or h not in boiler]
            known = {**prints.tails, **prints.windows} if prints.tails else prints.windows
            keys = fp.band_keys_reusing(words, np.concatenate(origin) if origin else np.zeros(0, dtype=np.int64),
                                        known)
        band_keys.remove(conn, [info.id])
        band_keys.put(conn, [(info.id, info.outlet_id, keys)], fp.DEFAULT_JSON, now_iso())
        return keys

    @staticmethod
    def _boilerplate(conn, outlet_id: int | None, hashes, as_of: int | None = None) -> set[int]:
        """Which of ``hashes`` are the outlet's boilerplate (now, or as of copy ``as_of``'s
        import: what became boilerplate with a later copy is not counted)."""
        if outlet_id is None or not hashes:
            return set()
        hashes = list(hashes)
        found: set[int] = set()
        since, extra = _as_of(as_of)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            found.update(r[0] for r in conn.execute(
                f"SELECT unit_hash FROM reuse_boilerplate WHERE outlet_id = ? AND copies >= ?{since}"
                f" AND unit_hash IN ({','.join('?' * len(chunk))})",
                [outlet_id, BOILERPLATE_COPIES, *extra, *chunk]))
        return found

    def _candidates(self, conn, info: CopyInfo, keys: list[int], *, older_only: bool,
                    limit: int = MAX_VERIFY) -> list[tuple[int, int]]:
        from .scan_work import candidates
        return candidates(conn, info, keys, older_only=older_only, limit=limit)

    def _propose_for(self, conn, info: CopyInfo, keys, *, actor: str, older_only: bool,
                     counter: list | None = None, limit: int = MAX_VERIFY,
                     hashes: frozenset | None = None) -> list[int]:
        proposed: builtins.list[int] = []
        if limit <= 0:
            return proposed
        for other_id, _shared in self._candidates(conn, info, keys, older_only=older_only, limit=limit):
            pair = (min(info.id, other_id), max(info.id, other_id))
            if conn.execute("SELECT 1 FROM reuse_links WHERE copy_a = ? AND copy_b = ?", pair).fetchone():
                continue    # decided (a rejected pair is never proposed again) or already proposed
            if counter is not None:
                counter[0] += 1
            other = self._info(conn, other_id)
            if other is None:
                continue    # gone since the candidates were listed
            a, b = (info, other) if info.id == pair[0] else (other, info)
            known = {info.id: hashes} if hashes is not None else {}
            finding = self.verify(conn, a, b, known_hashes=known)
            if finding is None:
                continue
            proposed.append(self._store(conn, a, b, finding, actor))
        return proposed

    def verify(self, conn, a: CopyInfo, b: CopyInfo, *, known_hashes: dict | None = None,
               as_of: int | None = None, boiler: BatchReads | None = None) -> Finding | None:
        """Align two copies (their outlets' boilerplate left out) and say what they are.
        ``known_hashes``: copy id -> its paragraphs' hashes where already made; ``as_of``: the
        boilerplate as it stood when that copy was imported (a pair queued at import);
        ``boiler``: what a run of pairs in one transaction that changes no boilerplate and no
        copy has read already (``BatchReads``)."""
        ignore_a = self._ignored_units(conn, a, (known_hashes or {}).get(a.id), as_of, boiler)
        ignore_b = self._ignored_units(conn, b, (known_hashes or {}).get(b.id), as_of, boiler)
        result = alignmod.align(a.body, b.body, ignore_a=ignore_a, ignore_b=ignore_b,
                                unit_hash=fp.unit_hash)
        return finding_of(a, b, result)

    def _ignored_units(self, conn, info: CopyInfo, hashes, as_of: int | None = None,
                       boiler: BatchReads | None = None) -> frozenset[int]:
        """The copy's paragraphs that are its outlet's boilerplate (as of copy ``as_of``'s
        import when given). An outlet with none yet (one indexed probe) needs no hashing of
        the body at all."""
        if info.outlet_id is not None and boiler is not None:
            rows = boiler.boilerplate.get(info.outlet_id)
            if rows is None:
                rows = boiler.boilerplate[info.outlet_id] = self._outlet_boilerplate(conn, info.outlet_id)
            current = {h for h, since in rows if as_of is None or since is None or since <= as_of}
            if not current:
                return frozenset()
            return frozenset(current & (hashes if hashes is not None else self._unit_hashes(info.body)))
        since, extra = _as_of(as_of)
        if info.outlet_id is None or conn.execute(
                f"SELECT 1 FROM reuse_boilerplate WHERE outlet_id = ? AND copies >= ?{since} LIMIT 1",
                [info.outlet_id, BOILERPLATE_COPIES, *extra]).fetchone() is None:
            return frozenset()
        return frozenset(self._boilerplate(conn, info.outlet_id,
                                           hashes if hashes is not None else self._unit_hashes(info.body),
                                           as_of))

    @staticmethod
    def _outlet_boilerplate(conn, outlet_id: int) -> builtins.list[tuple[int, int | None]]:
        """The outlet's boilerplate paragraphs now, each with the copy whose import made it so
        (``since_copy``; ``_as_of``'s condition is applied to them in Python)."""
        return conn.execute("SELECT unit_hash, since_copy FROM reuse_boilerplate WHERE outlet_id = ?"
                            " AND copies >= ?", [outlet_id, BOILERPLATE_COPIES]).fetchall()

    @staticmethod
    @lru_cache(maxsize=4096)
    def _unit_hashes(body: str) -> frozenset[int]:
        """A body's paragraph hashes; remembered, since an original is verified against each
        of its copies in turn (the text is the key, so an edited body is hashed anew)."""
        return frozenset(fp.unit_hash(u.text) for u in alignmod.units(body)
                         if u.words >= alignmod.UNIT_MIN_WORDS)

    def _store(self, conn, a: CopyInfo, b: CopyInfo, finding: Finding, actor: str) -> int:
        al = finding.alignment
        link_id = inserted_id(conn.execute(
            "INSERT INTO reuse_links (copy_a, copy_b, kind, share_a, share_b, reused_words, passages,"
            " from_copy_id, direction, method_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [a.id, b.id, finding.kind, round(al.share_a, 4), round(al.share_b, 4), al.reused_words,
             alignmod.passages_json(al.passages), finding.from_copy_id, finding.direction,
             reuse_methods.id_for(conn, f"{METHOD}: {METHOD_DETAIL}", parameters()), now_iso()]))
        self.archive.events.record(
            "reuse_proposed", entity="reuse_link", entity_id=link_id, actor=actor,
            details={"copy_a": a.id, "copy_b": b.id, "kind": finding.kind,
                     "share_a": round(al.share_a, 3), "share_b": round(al.share_b, 3),
                     "passages": len(al.passages), "direction": finding.direction})
        return link_id

    def _info(self, conn, copy_id: int) -> CopyInfo | None:
        from .scan_work import read_info
        return read_info(conn, copy_id)

    # -- the full scan ----------------------------------------------------------------------

    def scan(self, *, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED,
             batch: int = 500, workers: int | None = None) -> ScanReport:
        """Rebuild every fingerprint and the boilerplate counts, then propose what is found
        (``reuse.scan``: decided links and proposals stay; every ``batch`` copies commit, so
        Cancel keeps what was done; ``workers`` forked processes where that is safe)."""
        from .scan import run_scan
        return run_scan(self, progress=progress, cancel=cancel, batch=batch, workers=workers)

    # -- reading the links ---------------------------------------------------------------------

    _SELECT = (
        "SELECT l.id, l.copy_a, l.copy_b, l.kind, l.share_a, l.share_b, l.reused_words, l.passages,"
        " l.from_copy_id, l.direction, l.method, l.parameters, l.status, l.created_at, l.decided_at,"
        " ca.article_id, cb.article_id,"
        " COALESCE(oa.name, 'outlet unknown') || COALESCE(', ' || COALESCE(ca.date_corrected, ca.date), ''),"
        " COALESCE(ob.name, 'outlet unknown') || COALESCE(', ' || COALESCE(cb.date_corrected, cb.date), ''),"
        " COALESCE(aa.title_corrected, aa.title), COALESCE(ab.title_corrected, ab.title)"
        " FROM reuse_links_described l JOIN copies ca ON ca.id = l.copy_a JOIN copies cb ON cb.id = l.copy_b"
        " LEFT JOIN outlets oa ON oa.id = COALESCE(ca.outlet_corrected_id, ca.outlet_id)"
        " LEFT JOIN outlets ob ON ob.id = COALESCE(cb.outlet_corrected_id, cb.outlet_id)"
        " LEFT JOIN articles aa ON aa.id = ca.article_id LEFT JOIN articles ab ON ab.id = cb.article_id")

    @staticmethod
    def _link(row) -> ReuseLink:
        passages = tuple(alignmod.AlignedPassage.from_json(p) for p in json.loads(row[7]))
        return ReuseLink(row[0], row[1], row[2], row[3], row[4], row[5], row[6], passages, row[8],
                         row[9], row[10], json.loads(row[11]), row[12], row[13], row[14],
                         row[15], row[16], row[17] or "", row[18] or "", row[19] or "", row[20] or "")

    def list(self, *, status: str | None = "proposed", kind: str | None = None,
             limit: int | None = None) -> builtins.list[ReuseLink]:
        if status is not None and status not in STATUSES:
            raise ValidationError(f"Unknown status {status!r}: say proposed, confirmed or rejected.")
        where, params = [], []
        if status:
            where.append("l.status = ?")
            params.append(status)
        if kind:
            where.append("l.kind = ?")
            params.append(kind)
        sql = self._SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY l.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._link(r) for r in self.db.execute(sql, params)]

    def get(self, link_id: int) -> ReuseLink:
        row = self.db.execute(self._SELECT + " WHERE l.id = ?", [link_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no text-reuse link {link_id} "
                                "(see `palmyra-archive reuse list`).")
        return self._link(row)

    def pending_count(self) -> int:
        """The links awaiting a decision ("Proposed copies (N)"): a total kept at write time
        (``kept_counts``), so start-up reads one row whatever the number of links."""
        return kept_counts.total(self.db, "proposed")

    def for_article(self, article_id: int) -> builtins.list[ReuseLink]:
        """Links touching any copy of this work (not rejected ones), strongest first."""
        copies = [r[0] for r in self.db.execute("SELECT id FROM copies WHERE article_id = ?", [article_id])]
        if not copies:
            return []
        marks = ",".join("?" * len(copies))
        rows = self.db.execute(self._SELECT + f" WHERE (l.copy_a IN ({marks}) OR l.copy_b IN ({marks}))"
                               " AND l.status != 'rejected' ORDER BY max(l.share_a, l.share_b) DESC, l.id",
                               [*copies, *copies])
        return [self._link(r) for r in rows]

    def copy_info(self, copy_id: int) -> CopyInfo:
        return self.copy_info_in(self.db.conn, copy_id)

    def copy_info_in(self, conn, copy_id: int) -> CopyInfo:
        """``copy_info`` read on ``conn`` (inside a write's transaction)."""
        info = self._info(conn, copy_id)
        if info is None:
            raise NotFoundError(f"There is no copy {copy_id} in this archive.")
        return info

    # -- decisions (decisions.py) ----------------------------------------------------------

    def confirm(self, link_id: int) -> Changes:
        """Say the link is right. A same-work link joins the two works into one (the version
        review's way of joining) with a chain hop of method ``text-reuse`` on the later copy."""
        return self.decisions.confirm(link_id)

    def reject(self, link_id: int) -> Changes:
        """Say the link is wrong: the pair is never proposed again."""
        return self.decisions.reject(link_id)

    def reopen(self, link_id: int) -> Changes:
        """Undo a decision: the link is proposed again; a join made by confirming is taken back."""
        return self.decisions.reopen(link_id)

    def restore_confirmed(self, copy_a: int, copy_b: int, link: dict, *, actor: str = "bundle") -> str:
        """A link a bundle says its sender confirmed (see ``ReuseDecisions.restore_confirmed``):
        ``restored``, ``already`` or ``kept``."""
        return self.decisions.restore_confirmed(copy_a, copy_b, link, actor=actor)

    # -- what the CLI and the GUI show: compare, spread, network ----------------------------

    def compare(self, copy_a: int, copy_b: int):
        """The two copies side by side; the stored link's evidence when there is one."""
        from . import compare as comparemod
        if copy_a == copy_b:
            raise ValidationError("Pick two different copies to compare.")
        a, b = self.copy_info(copy_a), self.copy_info(copy_b)
        pair = (min(copy_a, copy_b), max(copy_a, copy_b))
        row = self.db.execute("SELECT id FROM reuse_links WHERE copy_a = ? AND copy_b = ?", pair).fetchone()
        link = self.get(row[0]) if row else None
        result = alignmod.align(a.body, b.body)
        share_a, share_b = result.share_a, result.share_b
        comparison = comparemod.Comparison(a, b, share_a, share_b, comparemod.build(a, b, result),
                                           link.id if link else None, link.kind if link else None,
                                           link.direction if link else direction(a, b)[1])
        return comparison

    def compare_articles(self, article_a: int, article_b: int):
        """Compare the shown copies of two articles (what the library's "Compare with…" passes)."""
        def shown(article_id):
            row = self.db.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None or row[0] is None:
                raise NotFoundError(f"There is no article {article_id} in this archive.")
            return row[0]
        return self.compare(shown(article_a), shown(article_b))

    def spread(self, article_id: int) -> builtins.list[SpreadCopy]:
        """Every copy of a work and every copy linked to it by text, oldest first."""
        rows = self.db.execute(
            "SELECT c.id, c.article_id, o.name, COALESCE(c.date_corrected, c.date),"
            " COALESCE(a.title_corrected, a.title), (SELECT max(hop) FROM republications r WHERE r.copy_id = c.id)"
            " FROM copies c JOIN articles a ON a.id = c.article_id"
            " LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)"
            " WHERE c.article_id = ? AND c.superseded_by_id IS NULL ORDER BY c.id", [article_id]).fetchall()
        if not rows:
            raise NotFoundError(f"There is no article {article_id} in this archive.")
        out = {r[0]: SpreadCopy(r[0], r[1], r[2], r[3], r[4] or "", "this work", None, None, r[5]) for r in rows}
        for link in self.for_article(article_id):
            mine = link.copy_a if link.article_a == article_id else link.copy_b
            other = link.other(mine)
            what = "same work" if link.kind == "same_work" else "quotes"
            if other in out:
                prev = out[other]
                out[other] = SpreadCopy(prev.copy_id, prev.article_id, prev.outlet, prev.date, prev.title,
                                        prev.relation, link.share_of(other), link.id, prev.hop)
                continue
            info = self.copy_info(other)
            out[other] = SpreadCopy(other, info.article_id, info.outlet, info.date, info.title,
                                    f"{what} ({link.status})", link.share_of(other), link.id, None)
        return sorted(out.values(), key=lambda c: (c.date or "9999", c.copy_id))

    def network(self, article_ids: builtins.list[int] | None = None):
        from .network import outlet_network
        return outlet_network(self.db.conn, article_ids)

    #: the Spread view of a search draws at most this many articles' copies
    SPREAD_MAX_ARTICLES = 300

    def spread_many(self, article_ids) -> builtins.list[SpreadCopy]:
        """The spread of several works (a search's articles), each copy once, oldest first."""
        seen: dict[int, SpreadCopy] = {}
        for article_id in list(dict.fromkeys(article_ids))[:self.SPREAD_MAX_ARTICLES]:
            try:
                copies = self.spread(article_id)
            except NotFoundError:
                continue
            for c in copies:
                if c.copy_id not in seen or (seen[c.copy_id].relation != "this work" and c.relation == "this work"):
                    seen[c.copy_id] = c
        return sorted(seen.values(), key=lambda c: (c.date or "9999", c.copy_id))
