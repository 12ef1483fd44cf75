"""What text reuse finds, as records: the copies compared, their fingerprints, a verified
finding, a stored link and its wording, a scan's report, a copy in a spread; with the method's
parameters and the two rules that are pure (``classify``: same work or quotes from;
``direction``: who had it first, from the copies' own evidence). No database here: the
service (``service.py``) reads and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import align as alignmod
from . import fingerprint as fp

METHOD = "text-reuse"
METHOD_DETAIL = "minhash-lsh (datasketch) + passage alignment (rapidfuzz)"
#: a pair is a candidate when the two copies share this many band keys
MIN_SHARED_KEYS = 2
#: of the copies holding one band key, only the newest this many are read as candidates: the
#: cost of a key printed in thousands of copies stays flat as the archive grows (#11, #19)
KEY_POSTINGS = 64
#: at most this many candidates are verified for one copy (the most keys shared first)
MAX_VERIFY = 12
#: at import, only this many (the best) are verified; ``reuse scan`` verifies ``MAX_VERIFY``
IMPORT_VERIFY = 3
#: same work: this share of one copy (at least) stands in the other
SAME_WORK_SHARE = 0.6
#: quotes from: at least this many words of aligned passages
QUOTE_MIN_WORDS = 25
#: a paragraph printed on this many of one outlet's copies is its boilerplate, never reuse
BOILERPLATE_COPIES = 5
STATUSES = ("proposed", "confirmed", "rejected")
KINDS = ("same_work", "quotes_from")


def parameters() -> dict:
    return {**fp.DEFAULT.as_json(), "min_shared_keys": MIN_SHARED_KEYS, "key_postings": KEY_POSTINGS,
            "ratio_min": alignmod.RATIO_MIN, "partial_min": alignmod.PARTIAL_MIN,
            "unit_min_words": alignmod.UNIT_MIN_WORDS, "same_work_share": SAME_WORK_SHARE,
            "quote_min_words": QUOTE_MIN_WORDS, "boilerplate_copies": BOILERPLATE_COPIES}


@dataclass(frozen=True)
class CopyInfo:
    id: int
    article_id: int
    source_id: int
    outlet_id: int | None
    outlet: str | None
    date: str | None
    title: str
    body: str
    #: outlets this copy says it was taken from (its printed chain)
    from_outlets: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return ", ".join(v for v in (self.outlet or "outlet unknown", self.date) if v)


@dataclass(frozen=True)
class Prints:
    """A body's fingerprint inputs made ahead of storing (``ReuseManager.prints_of``)."""
    body_length: int
    #: (unit hash or None under UNIT_MIN_WORDS words, the words' hashes) per paragraph, in order
    units: tuple
    #: each passage's band keys over the whole body (``fingerprint.window_keys``), made ahead:
    #: the writer reuses those its outlet's boilerplate leaves whole
    windows: dict | None = None
    #: the band keys of the closing passage of the body cut after each paragraph
    #: (``fingerprint.tail_keys``), made ahead for a footer the outlet's boilerplate leaves out
    tails: dict | None = None

    @property
    def hashes(self) -> frozenset:
        return frozenset(h for h, _w in self.units if h is not None)


@dataclass(frozen=True)
class Finding:
    """What verifying one pair found (not stored yet)."""
    kind: str
    alignment: alignmod.Alignment
    from_copy_id: int | None
    direction: str


@dataclass(frozen=True)
class ReuseLink:
    id: int
    copy_a: int
    copy_b: int
    kind: str
    share_a: float
    share_b: float
    reused_words: int
    passages: tuple[alignmod.AlignedPassage, ...]
    from_copy_id: int | None
    direction: str
    method: str
    parameters: dict
    status: str
    created_at: str
    decided_at: str | None
    article_a: int | None = None
    article_b: int | None = None
    label_a: str = ""
    label_b: str = ""
    title_a: str = ""
    title_b: str = ""

    def other(self, copy_id: int) -> int:
        return self.copy_b if copy_id == self.copy_a else self.copy_a

    def share_of(self, copy_id: int) -> float:
        return self.share_a if copy_id == self.copy_a else self.share_b

    def describe(self) -> str:
        """One sentence a reader can check: what stands where, and who had it first."""
        share = max(self.share_a, self.share_b)
        if self.kind == "same_work":
            what = f"same text ({share:.0%} of one copy stands in the other)"
        else:
            what = f"shared passages ({self.reused_words} words)"
        if self.from_copy_id is None:
            order = "order unknown"
        else:
            first = self.label_a if self.from_copy_id == self.copy_a else self.label_b
            order = f"first in {first} ({self.direction})"
        return f"{what}; {order}".replace("%", " %")

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "status": self.status,
                "copy_a": {"copy_id": self.copy_a, "article_id": self.article_a, "label": self.label_a,
                           "title": self.title_a, "share_reused": round(self.share_a, 3)},
                "copy_b": {"copy_id": self.copy_b, "article_id": self.article_b, "label": self.label_b,
                           "title": self.title_b, "share_reused": round(self.share_b, 3)},
                "reused_words": self.reused_words, "from_copy_id": self.from_copy_id,
                "direction": self.direction, "method": self.method, "parameters": self.parameters,
                "passages": [p.as_json() for p in self.passages],
                "created_at": self.created_at, "decided_at": self.decided_at}


@dataclass
class ScanReport:
    copies: int = 0
    fingerprinted: int = 0
    candidates: int = 0
    proposed: int = 0
    cancelled: bool = False
    seconds: float = 0.0
    kinds: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        if self.cancelled:
            return (f"Scan cancelled after {self.fingerprinted} of {self.copies} copies; "
                    f"{self.proposed} links proposed so far were kept.")
        return (f"Scanned {self.copies} copies: {self.candidates} candidate pairs checked, "
                f"{self.proposed} new links proposed.")


def classify(alignment: alignmod.Alignment) -> str | None:
    """same_work | quotes_from | None (not reuse)."""
    if not alignment.passages:
        return None
    if max(alignment.share_a, alignment.share_b) >= SAME_WORK_SHARE and alignment.reused_words >= 15:
        return "same_work"
    if alignment.reused_words >= QUOTE_MIN_WORDS:
        return "quotes_from"
    return None


def direction(a: CopyInfo, b: CopyInfo) -> tuple[int | None, str]:
    """Who had it first, from the copies' own evidence sentences, then their dates."""
    a_says = b.outlet_id is not None and b.outlet_id in a.from_outlets
    b_says = a.outlet_id is not None and a.outlet_id in b.from_outlets
    if a_says != b_says:
        first, later = (b, a) if a_says else (a, b)
        return first.id, f"{later.outlet or 'the later copy'} says it was taken from {first.outlet}"
    a_date, b_date = a.date or "", b.date or ""
    if a_date and b_date and a_date[:10] != b_date[:10]:
        first, first_date = (a, a_date) if a_date < b_date else (b, b_date)
        return first.id, f"dated {first_date[:10]}, before {max(a_date, b_date)[:10]}"
    return None, "order unknown"


@dataclass(frozen=True)
class SpreadCopy:
    copy_id: int
    article_id: int
    outlet: str | None
    date: str | None
    title: str
    relation: str          # this work | same work (proposed) | same work (confirmed) | quotes (…)
    share: float | None    # of this copy standing in the work's shown copy, when measured
    link_id: int | None
    hop: int | None        # the printed chain's hop count of this copy, when it has one
