"""What the importer finds in one file: the contract between ``ingest`` and the archive.

Offsets (``Span``) are character offsets into ``ParsedDocument.text``, the decoded file
exactly as decoded (no newline or Unicode normalisation), so the Source view can tint them and a
researcher can check every extracted value against the bytes it came from. Offsets called
``body_*`` are into ``ParsedArticle.body`` instead.

Every value carries a status: ``printed`` (read off the text), ``inferred`` (deduced, e.g. an
outlet from a copyright line), ``missing`` (the text does not say), or for titles
``provisional`` (a stand-in shown as such). Nothing missing is ever filled with a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
Status = Literal["printed", "inferred", "missing", "provisional"]
RightsKind = Literal["copyright", "disclaimer", "editor_note", "reprint_terms", "fair_use_notice"]
RegionKind = Literal[
    "site_text", "header", "title", "byline", "dateline", "standfirst", "body", "caption",
    "footnotes", "signature", "footer", "rights", "comments",
]


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass
class Extracted(Generic[T]):
    """One extracted value with its evidence and how it was found."""

    value: T | None = None
    status: Status = "missing"
    span: Span | None = None
    #: the rule that produced it, e.g. "generic:byline-by" or "outlet:mondialisation.ca:dateline"
    method: str = ""

    @classmethod
    def missing(cls) -> Extracted[T]:
        return cls()


@dataclass
class Link:
    text: str
    target: str | None          # None: the address was lost ("[text](#)")
    body_start: int
    body_end: int
    span: Span | None = None
    #: "body", or "standfirst" when the link sits in the standfirst (offsets then index it)
    where: str = "body"


@dataclass
class Caption:
    text: str
    span: Span | None = None
    truncated: bool = False     # cut off in the source, kept as printed
    body_offset: int | None = None


@dataclass
class FootnoteMarker:
    label: str
    body_start: int
    body_end: int
    span: Span | None = None


@dataclass
class FootnoteEntry:
    label: str
    text: str                   # as printed: "?" or "," when the list was lost
    resolved: bool = False      # True only when the entry says where it points
    span: Span | None = None


@dataclass
class Republication:
    """One hop of the chain: this copy (or the hop below) was taken from ``from_outlet``."""

    from_outlet: str | None
    #: original_source | courtesy | republished_with_permission | first_published | source | via
    #: | republished_from ("republished from X") | syndicated (a syndication service or a
    #: Creative Commons republisher) | wire (the news agency of a wire dateline)
    relation: str
    is_original: bool = False
    from_date: str | None = None            # ISO
    from_date_as_printed: str | None = None
    evidence: str | None = None             # the sentence that says so, verbatim
    span: Span | None = None
    method: str = ""
    hop: int = 1
    #: the address the page links to for this hop ("originally published at <link>")
    url: str | None = None


@dataclass
class RightsStatement:
    kind: RightsKind
    text: str                   # verbatim
    language: str | None = None
    span: Span | None = None
    holder: str | None = None
    year: int | None = None
    requires: list[str] = field(default_factory=list)
    allowed_for: str | None = None
    otherwise: str | None = None
    contact: str | None = None
    method: str = ""
    #: a Creative Commons (or other named) licence as normalised, e.g. "CC BY-NC-ND 4.0"
    licence: str | None = None
    licence_url: str | None = None          # printed, or the licence's canonical address


@dataclass
class Comment:
    index: int                  # position in the thread as printed, from 0
    parent_index: int | None
    depth: int
    text: str
    span: Span | None = None
    author: str | None = None
    date: str | None = None                 # ISO, only when the stamp gives a calendar date
    date_as_printed: str | None = None      # "March 5, 2017 at 4:12 pm", "3 hours ago"


@dataclass
class Region:
    kind: RegionKind
    span: Span


@dataclass
class ParsedArticle:
    title: Extracted[str] = field(default_factory=Extracted)
    authors: Extracted[list[str]] = field(default_factory=Extracted)
    author_aliases: dict[str, list[str]] = field(default_factory=dict)
    byline: Extracted[str] = field(default_factory=Extracted)      # as printed
    outlet: Extracted[str] = field(default_factory=Extracted)      # the outlet of this copy
    date: Extracted[str] = field(default_factory=Extracted)        # ISO date of this copy
    date_as_printed: str | None = None
    #: how much of the date the page states: "day", "month" or "year" (None: no date)
    date_precision: str | None = None
    #: author -> role as printed ("Middle East correspondent")
    author_roles: dict[str, str] = field(default_factory=dict)
    #: where a role not read from the byline was printed ("Translated by Y" on its own line)
    author_role_spans: dict[str, Span] = field(default_factory=dict)
    #: a wire dateline ("BEIRUT (Reuters) -"): the place as printed in title case, the agency
    dateline_place: Extracted[str] = field(default_factory=Extracted)
    wire_agency: Extracted[str] = field(default_factory=Extracted)
    section: Extracted[str] = field(default_factory=Extracted)
    site_sections: dict[str, str | list[str]] = field(default_factory=dict)   # front matter: lists
    standfirst: str | None = None
    body: str = ""
    body_span: Span | None = None
    signature: Extracted[str] = field(default_factory=Extracted)
    links: list[Link] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    footnote_markers: list[FootnoteMarker] = field(default_factory=list)
    footnote_entries: list[FootnoteEntry] = field(default_factory=list)
    republications: list[Republication] = field(default_factory=list)   # hop 1 first
    rights: list[RightsStatement] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    body_language: str | None = None
    site_language: str | None = None
    regions: list[Region] = field(default_factory=list)
    span: Span | None = None            # the article's extent in the file
    needs_review: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    text: str                   # the decoded file; every Span indexes into it
    encoding: str
    encoding_confidence: float | None
    articles: list[ParsedArticle]
    warnings: list[str] = field(default_factory=list)
    #: the page's address for a capture (WARC record, saved page): evidence of a new version
    capture_url: str | None = None
    #: which reader read it (``core.ingest.readers``): text | html | mhtml | warc | pdf | email
    format: str = "text"
    #: how the page was captured, where the format says so (WARC record, SingleFile, MHTML)
    capture: Capture | None = None
    #: files stored with the source (a saved page's ``_files/`` folder), each hashed
    attachments: list[Attachment] = field(default_factory=list)
    #: PDF pages: (page number, body_start, body_end), offsets into the article's body
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    #: what the file says of itself (a PDF's Info dictionary and XMP packet): (scheme, key,
    #: value) as written, e.g. ("xmp", "pdf:Producer", "LibreOffice 7.6"); evidence, not fact
    metadata: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Capture:
    """Capture provenance: "captured from URL on DATE by TOOL" (issue #10)."""

    url: str | None = None
    captured_at: str | None = None          # ISO 8601, as the capture states it
    tool: str | None = None                 # the capturing software (warcinfo, SingleFile …)
    payload_digest: str | None = None       # as recorded, e.g. "sha1:BASE32…"
    digest_ok: bool | None = None           # None: nothing to verify
    #: False when the stored bytes are the payload decompressed (the digest is of the transfer)
    digest_of_content: bool = True
    record_id: str | None = None            # WARC-Record-ID
    container: str | None = None            # the WARC/WACZ/MHTML file it came from
    #: earlier/later captures of the same URL (revisits, redirects, duplicates): dicts
    history: list[dict] = field(default_factory=list)
    #: a WACZ's WARC against the hash its datapackage.json lists: True matched, False did
    #: not (changed after packaging), None not listed or not a WACZ
    package_digest_ok: bool | None = None


@dataclass
class Attachment:
    path: str                               # relative to the page's folder, "page_files/a.css"
    sha256: str
    size_bytes: int
    content: bytes = field(repr=False, default=b"")
