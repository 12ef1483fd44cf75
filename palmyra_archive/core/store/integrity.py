"""Checking that the archive still holds what was imported, byte for byte.

Why: a researcher cites a source by its SHA-256; if the stored bytes ever change (a disk error,
someone editing the file in a SQL tool), the archive must say which source no longer matches.
``verify`` recomputes every source's hash and runs SQLite's own ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import band_keys, kept_counts, library_keys, reuse_outlets, sort_keys, source_bytes
from .digests import payload_digest_ok
from .tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from ..archive import Archive


@dataclass
class VerifyReport:
    integrity_check: list[str] = field(default_factory=list)   # ["ok"] when SQLite is content
    mismatches: list[dict] = field(default_factory=list)       # source_id, filename, expected, actual
    sources_checked: int = 0
    #: articles whose kept "needs review" flag (#19) differed from their rows and was recomputed
    keys_repaired: list[int] = field(default_factory=list)
    #: articles whose kept sort keys (``library_sort``, #19) differed and were recomputed
    sort_keys_repaired: list[int] = field(default_factory=list)
    #: text-reuse links whose kept outlets (``reuse_outlets``, #11) differed and were recomputed
    reuse_outlets_repaired: list[int] = field(default_factory=list)
    #: kept counts (``kept_counts``, #19) that differed from a recount and were rebuilt:
    #: ``tags`` (ids) and ``totals`` (names)
    counts_repaired: dict[str, list] = field(default_factory=dict)
    #: text-reuse band key rows made again from the fingerprints (a scan stopped before it
    #: indexed them, #11): how many
    band_keys_repaired: int = 0

    @property
    def ok(self) -> bool:
        return self.integrity_check == ["ok"] and not self.mismatches

    def summary(self) -> str:
        lines = [f"Checked {self.sources_checked} source file(s)."]
        for m in self.mismatches:
            if m.get("record_id") is not None or m.get("actual") == "payload digest differs":
                lines.append(f"MISMATCH: source {m['source_id']} ({m['filename']}) no longer matches "
                             f"its web archive record's payload digest {m['expected']}.")
                continue
            if m.get("actual") == "unreadable":
                lines.append(f"MISMATCH: source {m['source_id']} ({m['filename']}) should have SHA-256 "
                             f"{m['expected']} but its stored bytes cannot be read back ({m['reason']}).")
                continue
            lines.append(f"MISMATCH: source {m['source_id']} ({m['filename']}) should have SHA-256 "
                         f"{m['expected']} but its stored bytes hash to {m['actual']}.")
        if self.keys_repaired:
            lines.append(f"Recomputed the kept 'needs review' flag of {len(self.keys_repaired)} "
                         "article(s) from their rows (nothing imported was changed).")
        if self.sort_keys_repaired:
            lines.append(f"Recomputed the kept sort keys of {len(self.sort_keys_repaired)} "
                         "article(s) from their rows (nothing imported was changed).")
        if self.reuse_outlets_repaired:
            lines.append(f"Recomputed the kept outlets of {len(self.reuse_outlets_repaired)} "
                         "text-reuse link(s) from their copies (nothing imported was changed).")
        if any(self.counts_repaired.values()):
            tags, totals = self.counts_repaired.get("tags", []), self.counts_repaired.get("totals", [])
            lines.append(f"Recounted the kept counts of {len(tags)} tag(s) and {len(totals)} "
                         "total(s) from their rows (nothing imported was changed).")
        if self.band_keys_repaired:
            lines.append(f"Made the text-reuse index again from the copies' fingerprints "
                         f"({self.band_keys_repaired} band keys; nothing imported was changed).")
        if self.integrity_check == ["ok"]:
            lines.append("SQLite integrity check: ok.")
        else:
            lines.append("SQLite integrity check found problems:")
            lines.extend(f"  {line}" for line in self.integrity_check)
        lines.append("All sources match their SHA-256." if not self.mismatches
                     else f"{len(self.mismatches)} source(s) do not match what was imported.")
        return "\n".join(lines)


class IntegrityChecker:
    def __init__(self, archive: Archive):
        self.archive = archive

    def verify(self, *, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> VerifyReport:
        db = self.archive.db
        report = VerifyReport()
        ids = [r[0] for r in db.execute("SELECT id FROM sources ORDER BY id")]
        for done, source_id in enumerate(ids):
            cancel.raise_if_cancelled()
            filename, expected, content, size = db.execute(
                "SELECT filename, sha256, CAST(content AS BLOB), size_bytes FROM sources WHERE id = ?",
                [source_id]).fetchone()
            progress(done, len(ids), f"Checking {filename}")
            try:   # stored compressed (sqlar) or as is: the hash is over the bytes read back
                data = source_bytes.unpack(content, size)
            except source_bytes.DamagedSourceError as exc:
                report.mismatches.append({"source_id": source_id, "filename": filename,
                                          "expected": expected, "actual": "unreadable",
                                          "reason": str(exc)})
                report.sources_checked += 1
                continue
            actual = hashlib.sha256(data).hexdigest()
            if actual != expected:
                report.mismatches.append({"source_id": source_id, "filename": filename,
                                          "expected": expected, "actual": actual})
            report.mismatches.extend(_capture_mismatches(db, source_id, filename, data))
            report.sources_checked += 1
        progress(len(ids), len(ids), "Running SQLite's integrity check")
        report.integrity_check = [r[0] for r in db.execute("PRAGMA integrity_check")]
        report.keys_repaired = self._repair_kept_keys()
        report.sort_keys_repaired = self._repair_sort_keys()
        report.reuse_outlets_repaired = self._repair_reuse_outlets()
        report.counts_repaired = self._repair_counts()
        report.band_keys_repaired = self._repair_band_keys()
        return report

    def _repair_band_keys(self) -> int:
        """The text-reuse index (``reuse_bands``) made again from the fingerprints' packed keys
        when it does not hold them all, with an event saying how many rows."""
        db = self.archive.db
        if band_keys.complete(db.conn):
            return 0
        with self.archive.write("making the text-reuse index again") as write:
            made = band_keys.index_all(write.conn)
            self.archive.events.record("library_keys.repaired", entity="archive",
                                       details={"reuse_band_keys": made})
        return made

    def _repair_reuse_outlets(self) -> list[int]:
        """The outlets each text-reuse link keeps for the network (``reuse_outlets``),
        recomputed where they drifted, with an event saying which links."""
        db = self.archive.db
        if not reuse_outlets.drift(db):
            return []
        with self.archive.write("recomputing the text-reuse links' outlets"):
            wrong = reuse_outlets.drift(db)
            reuse_outlets.repair(db)
            self.archive.events.record("library_keys.repaired", entity="archive",
                                       details={"reuse_link_outlets": wrong})
        return wrong

    def _repair_counts(self) -> dict[str, list]:
        """The sidebar's tag counts and the library's totals (``kept_counts``), rebuilt when a
        recount differs, with an event saying which."""
        db = self.archive.db
        wrong = kept_counts.drift(db)
        if not (wrong["tags"] or wrong["totals"]):
            return wrong
        with self.archive.write("recounting tags and totals"):
            wrong = kept_counts.repair(db)
            self.archive.events.record("library_keys.repaired", entity="archive",
                                       details={"tag_counts": wrong["tags"], "totals": wrong["totals"]})
        return wrong

    def _repair_kept_keys(self) -> list[int]:
        """What the library keeps at write time (``library_keys``), recomputed where it drifted
        (the file edited with the triggers off), with an event saying which articles."""
        db = self.archive.db
        if not library_keys.drift(db):
            return []
        with self.archive.write("recomputing kept library keys"):
            wrong = library_keys.drift(db)
            library_keys.repair(db)
            self.archive.events.record("library_keys.repaired", entity="archive",
                                       details={"review_open": wrong})
        return wrong

    def _repair_sort_keys(self) -> list[int]:
        """The library's kept sort keys (``sort_keys``), recomputed where they drifted, with
        an event saying which articles."""
        db = self.archive.db
        if not sort_keys.drift(db):
            if sort_keys.counts_drift(db):
                with self.archive.write("recounting articles per outlet"):
                    outlets = sort_keys.counts_drift(db)
                    sort_keys.repair_counts(db)
                    self.archive.events.record("library_keys.repaired", entity="archive",
                                               details={"outlet_counts": outlets})
            return []
        with self.archive.write("recomputing kept library sort keys"):
            wrong = sort_keys.drift(db)
            sort_keys.repair(db)
            sort_keys.repair_counts(db)   # the outlet counts follow the keys repaired
            self.archive.events.record("library_keys.repaired", entity="archive",
                                       details={"sort_keys": wrong})
        return wrong


def _capture_mismatches(db, source_id: int, filename: str, data: bytes) -> list[dict]:
    """A web-archive capture's payload digest, checked again against the stored bytes (#10)."""
    found = []
    for digest, record_id in db.execute(
            "SELECT payload_digest, record_id FROM source_captures WHERE source_id = ? AND"
            " relation = 'capture' AND payload_digest IS NOT NULL AND digest_of_content = 1",
            [source_id]).fetchall():
        if payload_digest_ok(digest, data) is False:
            found.append({"source_id": source_id, "filename": filename, "expected": digest,
                          "actual": "payload digest differs", "record_id": record_id})
    return found
