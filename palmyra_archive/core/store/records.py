"""Plain records the service API returns: what the CLI prints and the GUI shows.

They are dataclasses, not loose dicts, so a typo is an error and a view can rely on a field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SortKey = Literal["id", "title", "authors", "outlet", "date", "original_outlet", "words",
                  "tags", "annotations", "needs_review"]


@dataclass(frozen=True)
class LibraryQuery:
    """Which articles a view shows and in what order; the archive filters and sorts."""

    text: str = ""                       # full-text search, user syntax (escaped by default)
    tag_ids: tuple[int, ...] = ()        # every one must apply (descendant tags count)
    collection_id: int | None = None
    outlet_id: int | None = None
    needs_review: bool | None = None
    date_from: str | None = None         # ISO, inclusive
    date_to: str | None = None
    sort: SortKey = "id"
    descending: bool = False
    trash: bool = False                  # the Trash instead of the library (#20)


@dataclass(frozen=True)
class LibraryPage:
    """One page of the library in its order (issue #19): the ids, and the key of the last one
    (``(sort key, article id)``) to ask for the page after it; ``done`` when nothing follows."""

    ids: list[int]
    last: tuple | None
    done: bool


@dataclass(frozen=True)
class ArticleSummary:
    """One library row: cheap to fetch, no body."""

    id: int
    title: str
    title_status: str                    # printed | provisional | missing | corrected | inferred
    authors: list[str]
    outlet: str | None
    date: str | None
    original_outlet: str | None
    word_count: int
    tags: list[str]
    annotation_count: int
    needs_review: bool
    copy_count: int = 1


@dataclass(frozen=True)
class ChainHop:
    """One outlet of the chain the reader draws: original first, this copy last."""

    outlet: str | None
    date: str | None


@dataclass(frozen=True)
class CommentLine:
    """A reader comment kept with the copy, with its place in the thread."""

    id: int
    parent_id: int | None        # the comment it answers (None: a thread's first)
    depth: int
    text: str
    author: str | None
    date: str | None             # ISO
    date_as_printed: str | None


@dataclass(frozen=True)
class CaptionSpan:
    """A caption with where it stood: ``body_offset`` is the ``body`` offset it was lifted out
    at (None when not known); ``truncated``: cut off in the source."""

    text: str
    body_offset: int | None
    truncated: bool


@dataclass(frozen=True)
class BodyLink:
    """A link of the text; offsets in the body (or in the standfirst, by ``location``)."""

    text: str
    target: str | None
    body_start: int | None
    body_end: int | None
    location: str | None         # body | standfirst


@dataclass(frozen=True)
class FootnoteCounts:
    markers: int                 # note markers in the text
    distinct_markers: int
    listed: int                  # entries of the notes list
    resolved: int                # entries whose marker was found


@dataclass(frozen=True)
class SourceFile:
    """The imported file a copy was read from."""

    filename: str
    sha256: str
    id: int
    encoding: str | None
    size_bytes: int
    imported_at: str
    original_path: str | None
    previous_version_id: int | None


@dataclass(frozen=True)
class CopyLine:
    """One copy of the work (another outlet's reprint, a new version); ``in_trash``: trashed on
    its own (#20), kept until purged."""

    copy_id: int
    outlet: str | None
    date: str | None
    source: str                  # its file's name
    superseded_by_id: int | None
    in_trash: bool


@dataclass(frozen=True)
class PageSpan:
    """PDF: the stretch of the body on one page."""

    page: int
    body_start: int
    body_end: int


@dataclass(frozen=True)
class Attachment:
    """A saved page's local file kept with its source."""

    path: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class FileMetadataEntry:
    """What the file says of itself (a PDF's Info and XMP), as written."""

    scheme: str
    key: str
    value: str


@dataclass(frozen=True)
class Evidence:
    """The stretch of the source a value was read from."""

    start: int | None
    end: int | None


@dataclass(frozen=True)
class AuthorRole:
    """An author's role as printed ("Foreign Editor"), with where it was read (#12)."""

    author: str
    role: str
    evidence: Evidence
    method: str | None


@dataclass(frozen=True)
class Dateline:
    """Where the story was filed: a wire dateline "BEIRUT (Reuters) -" or a byline's "in
    Beirut" (#12)."""

    place: str | None
    agency: str | None
    evidence: Evidence
    method: str | None


@dataclass(frozen=True)
class RightsLine:
    """A copyright, reprint or disclaimer statement found under the copy, as classified at import
    (``requires``: what a reprint must carry; ``allowed_for``, ``otherwise``, ``contact``, the
    licence: only where the statement says so, and only then in ``show --json``)."""

    kind: str                    # copyright | disclaimer | editor_note | reprint_terms | fair_use_notice
    language: str | None
    text: str                    # verbatim
    holder: str | None
    year: int | None
    requires: list[str]
    allowed_for: str | None = None
    otherwise: str | None = None
    contact: str | None = None
    licence: str | None = None
    licence_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The statement as ``show --json`` prints it: a clause it does not state is left out."""
        out = asdict(self)
        for key in ("allowed_for", "otherwise", "contact", "licence", "licence_url"):
            if out[key] is None:
                del out[key]
        return out


@dataclass(frozen=True)
class Capture:
    """How a page was captured (#10): the main capture of a copy's source, or another one of
    the same page (``relation``: capture | revisit | redirect | duplicate)."""

    relation: str
    url: str | None
    captured_at: str | None
    tool: str | None
    payload_digest: str | None
    digest_ok: bool | None       # None: not checked
    record_id: str | None
    container: str | None        # the WARC/WACZ file it was read from
    package_digest_ok: bool | None   # a WACZ's datapackage.json hash of that WARC; None: none

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Languages:
    """The body's language, and the site text's where it is another one."""

    body: str | None
    site_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"body": self.body} if self.site_text is None else asdict(self)


@dataclass(frozen=True)
class FirstAppearance:
    """Where the work first appeared (``library.article_detail.first_appearance``, the one rule):
    the outlet and date of the chain's far end, with the sentence that says so (``evidence``),
    or the user's correction of them (``corrected``: then ``evidence`` is the chain's, if any)."""

    outlet: str | None
    date: str | None
    evidence: str | None
    corrected: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{outlet, date, evidence}``, with ``corrected: true`` only where the user set them."""
        out: dict[str, Any] = {"outlet": self.outlet, "date": self.date, "evidence": self.evidence}
        if self.corrected:
            out["corrected"] = True
        return out


@dataclass
class ArticleDetail:
    """Everything ``show ID --json`` prints, as documented in the README."""

    id: int
    title: str | None
    title_status: str
    authors: list[str]
    outlet: str | None
    date: str | None
    date_as_printed: str | None
    section: str | None
    original: FirstAppearance | None
    chain: list[ChainHop]                # original first, this copy last
    rights: list[RightsLine]
    captions: list[str]
    comments: list[CommentLine]
    footnotes: FootnoteCounts
    links: list[BodyLink]
    languages: Languages
    source: SourceFile
    body: str
    needs_review: list[str]
    copy_id: int = 0
    standfirst: str | None = None
    byline_as_printed: str | None = None
    signature: str | None = None
    site_sections: dict = field(default_factory=dict)
    author_aliases: dict = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    copies: list[CopyLine] = field(default_factory=list)   # every copy of this work
    extracted: dict = field(default_factory=dict)      # field -> value as extracted, where corrected
    note: str | None = None
    title_as_printed: str | None = None  # None when the text prints no headline
    date_status: str | None = None       # printed | inferred | missing | corrected
    outlet_status: str | None = None     # printed | inferred | missing | corrected
    #: captions with where they stood
    caption_spans: list[CaptionSpan] = field(default_factory=list)
    #: which reader read the source (text, html, mhtml, pdf, email; #10)
    format: str = "text"
    #: how the page was captured, where it was; None for a file with no capture
    capture: Capture | None = None
    #: every capture of the copy's source (revisits, redirects, duplicates), oldest first
    captures: list[Capture] = field(default_factory=list)
    #: PDF: which stretch of the body is on which page
    pages: list[PageSpan] = field(default_factory=list)
    #: a saved page's local files kept with its source
    attachments: list[Attachment] = field(default_factory=list)
    #: what the file says of itself (a PDF's Info and XMP), as written
    file_metadata: list[FileMetadataEntry] = field(default_factory=list)
    #: the date's precision: day | month | year (a corrected date's is the correction's); None
    #: when there is no date or the copy was imported before 0.1 kept it (#12)
    date_precision: str | None = None
    #: each author's role as printed, with the source stretch it was read from (#12)
    author_roles: list[AuthorRole] = field(default_factory=list)
    #: where the story was filed; None when none is printed (#12)
    dateline: Dateline | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["rights"] = [r.to_json() for r in self.rights]     # leaves out what a statement does not state
        out["languages"] = self.languages.to_json()
        out["original"] = None if self.original is None else self.original.to_json()
        if self.capture is not None:    # the main capture: its relation goes without saying
            out["capture"] = {k: v for k, v in self.capture.to_json().items() if k != "relation"}
        return out


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str
    kind: str                            # title | author | note | body | comment | caption | annotation
    snippet: str                         # hit wrapped in [[ ]] markers (see search.HIGHLIGHT)
    rank: float
    ref_id: int | None = None            # the comment/caption/annotation/note row
    capped: bool = False                 # ranked among the most recent matches only (search.DEFAULT_CAP)


@dataclass(frozen=True)
class RegionView:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceView:
    """The imported file as decoded, with what the importer decided each stretch is."""

    filename: str
    sha256: str
    encoding: str
    text: str
    regions: list[RegionView]
    #: the user's corrections of the split (issue #3), kept beside the regions found
    corrections: list[RegionView] = field(default_factory=list)


@dataclass(frozen=True)
class EventRecord:
    id: int
    at: str
    actor: str
    action: str
    entity: str | None
    entity_id: int | None
    before: Any
    after: Any
    details: Any


# -- annotations, tags, notes, collections, saved searches (core/annotate/annotations.py and friends) --

class _Unset:
    """The value of an argument the caller did not pass (``None`` may mean "clear it")."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


@dataclass(frozen=True)
class AnnotationView:
    """One annotation as a view shows it: offsets into the copy shown (``shown_copy_id``)."""

    id: int
    article_id: int
    copy_id: int                         # the copy it was made on
    shown_copy_id: int                   # the copy start/end point into
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    note: str
    tags: list[str]
    anchor_status: str                   # anchored | moved | fuzzy | orphan
    created_at: str
    updated_at: str
    from_other_copy: bool = False        # made on another copy of the same work
    article_title: str | None = None
    outlet: str | None = None
    deleted_at: str | None = None
    #: the PDF page(s) the passage stands on in the shown copy ("4", "4–5"; #10), else None
    page: str | None = None


@dataclass(frozen=True)
class AnnotationFilter:
    """Which annotations the archive-wide view lists; every field narrows."""

    tag: str | None = None               # a tag path; its descendants count
    color: str | None = None
    outlet_id: int | None = None
    article_id: int | None = None
    text: str = ""                       # substring of the quote or the note (case-insensitive)
    anchor_status: str | None = None
    include_deleted: bool = False
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False


@dataclass(frozen=True)
class TagInfo:
    id: int
    path: str
    color: str | None
    namespace: str                       # user | site
    article_count: int = 0
    annotation_count: int = 0

    @property
    def name(self) -> str:
        """The last segment ("liberation" of "framing/liberation")."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None


@dataclass(frozen=True)
class NoteInfo:
    """A free-standing research note and what it links to."""

    id: int
    title: str
    body: str
    created_at: str
    updated_at: str
    article_ids: list[int] = field(default_factory=list)
    annotation_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class CollectionInfo:
    id: int
    name: str
    count: int
    created_at: str = ""


@dataclass(frozen=True)
class SavedSearchInfo:
    id: int
    name: str
    query: LibraryQuery
    created_at: str = ""
