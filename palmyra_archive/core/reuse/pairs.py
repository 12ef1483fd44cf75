"""Verifying one queued pair, shared by the import's comparing (``service.verify_pending``)
and the comparing lent to the import's workers (``alongside``): what a batch reads once, the
pure alignment a worker runs, and what an alignment says the pair is."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import align as alignmod
from . import fingerprint as fp
from .links import CopyInfo, Finding, classify, direction


@dataclass
class BatchReads:
    """What one batch of ``verify_pending`` has read, so each is read once: each outlet's
    boilerplate rows (``_outlet_boilerplate``) and each copy (``_info``; None: gone). Safe
    because aligning and storing findings change neither."""
    boilerplate: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    copies: dict[int, CopyInfo | None] = field(default_factory=dict)


def finding_of(a: CopyInfo, b: CopyInfo, result: alignmod.Alignment) -> Finding | None:
    """What an alignment of ``a`` and ``b`` says they are, with who had it first."""
    kind = classify(result)
    if kind is None:
        return None
    first, why = direction(a, b)
    return Finding(kind, result, first, why)


def align_jobs(jobs: list[tuple[str, str, frozenset[int], frozenset[int]]]) -> list[alignmod.Alignment]:
    """In a worker process: align each pair (pure)."""
    return [alignmod.align(a, b, ignore_a=ia, ignore_b=ib, unit_hash=fp.unit_hash) for a, b, ia, ib in jobs]
