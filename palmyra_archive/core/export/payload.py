"""What goes under a bundle's ``data/``: each chosen format written from one ``ExportData``.

Sources are streamed out of SQLite in 1 MiB pieces (``blobopen``), never loaded whole, and
named by their SHA-256. Passage-only bundles hold, per source, the annotated passages with
their context instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..annotate.w3c import export_collection, source_lookup
from ..store import source_bytes
from ..store.paths import resource
from ..store.tasks import CancelToken, Progress
from ..text.markup import escape_markdown
from . import bibliography, bibtex, csl_json, quotes, rights_md, ris
from .collect import ExportData
from .palmyra_json import palmyra_document
from .readme import readme_text
from .safe_names import SafeNamer

CHUNK = 1 << 20
#: the W3C annotation context, shipped so ``annotations.jsonld`` expands offline from the bag
CONTEXT_FILE = "contexts/anno.jsonld"



def _prov_json(data: ExportData) -> str:
    """The PROV document (the ``prov`` library loads when an export asks for it, not with the
    app: #19)."""
    from . import prov
    return prov.prov_json(data)

@dataclass
class WriteContext:
    """What a format's writer may read: the export's data and its CSL items, the options."""
    data: ExportData
    items: list[dict]
    options: ExportOptions
    conn: object
    exported_at: str
    outlets: frozenset[str]
    _entries: list[str] | None = None

    def entries(self) -> list[str]:
        """The bibliography's entries, rendered once for the HTML and the Markdown."""
        if self._entries is None:
            self._entries = bibliography.render_html_entries(self.items, self.options.style)
        return self._entries


@dataclass(frozen=True)
class BundleFile:
    rel: str                                  # path under data/
    description: str                          # its line in the bundle's README
    render: Callable[[WriteContext], str | bytes]


@dataclass(frozen=True)
class ExportFormat:
    """One choice in ``--formats`` and the Export window: its label and the files it writes.
    A new format is one entry of ``FORMATS`` (and its module)."""
    key: str
    label: str
    files: tuple[BundleFile, ...] = ()


def _annotations(ctx: WriteContext) -> str:
    return json.dumps(export_collection(ctx.data, source_lookup(ctx.conn),
                                        collection_id=f"urn:palmyra:bundle:{ctx.exported_at}/annotations"),
                      ensure_ascii=False, indent=2)


def _qdpx(ctx: WriteContext) -> bytes:
    from ..exchange.qdpx import qdpx_bytes
    return qdpx_bytes(ctx.data, archive_id=ctx.data.archive_info.get("uuid") or "",
                      exported_at=ctx.exported_at)


#: every format a bundle can hold, in the order they are offered and written ("sources" is
#: written apart: streamed byte for byte, or the passages of a passages-only bundle)
FORMATS: dict[str, ExportFormat] = {f.key: f for f in (
    ExportFormat("csl", "CSL-JSON", (BundleFile(
        "citations/references.json", "CSL-JSON, for Zotero, pandoc (`--citeproc`) and any CSL processor",
        lambda c: json.dumps(c.items, ensure_ascii=False, indent=2)),)),
    ExportFormat("bibtex", "BibTeX (biblatex)", (BundleFile(
        "citations/references.bib", "biblatex (BibTeX syntax, UTF-8; use biber)",
        lambda c: bibtex.bibtex(c.data.articles, c.outlets)),)),
    ExportFormat("ris", "RIS", (BundleFile(
        "citations/references.ris", "RIS, for EndNote, Zotero, Mendeley",
        lambda c: ris.ris(c.data.articles, c.outlets)),)),
    ExportFormat("bibliography", "Bibliography", (
        BundleFile("citations/bibliography.html", "the formatted bibliography",
                   lambda c: bibliography.bibliography_html(c.items, c.options.style, entries=c.entries())),
        BundleFile("citations/bibliography.md", "the formatted bibliography, Markdown",
                   lambda c: bibliography.bibliography_markdown(c.items, c.options.style,
                                                                entries=c.entries())))),
    ExportFormat("quotes", "Quotes", (
        BundleFile("quotes.md", "every annotated passage with its note, tags, citation key, provenance "
                   "and required attribution", lambda c: quotes.quotes_markdown(c.data.articles)),
        BundleFile("quotes.html", "the same, as a web page", lambda c: quotes.quotes_html(c.data.articles)))),
    ExportFormat("annotations", "W3C annotations", (
        BundleFile("annotations.jsonld", "the annotations as a W3C Web Annotation AnnotationCollection",
                   _annotations),
        BundleFile(CONTEXT_FILE, "the W3C annotation JSON-LD context (`http://www.w3.org/ns/anno.jsonld`), "
                   "so a JSON-LD processor expands the annotations offline: map that URL to this file",
                   lambda c: resource("jsonld", "anno.jsonld").read_text(encoding="utf-8")))),
    ExportFormat("prov", "Provenance (PROV)", (BundleFile(
        "provenance.json", "W3C PROV (PROV-JSON): copies, sources, outlets, republication links, "
        "the copies found by text that you confirmed (`wasDerivedFrom`, method `text-reuse`), "
        "imports and corrections", lambda c: _prov_json(c.data)),)),
    ExportFormat("rights", "Rights (RIGHTS.md)", (BundleFile(
        "RIGHTS.md", "each source's copyright, reprint and disclaimer terms verbatim, and what they "
        "ask of you", lambda c: rights_md.rights_markdown(c.data.articles)),)),
    ExportFormat("qdpx", "QDA project (REFI-QDA)", (BundleFile(
        "exchange/project.qdpx", "REFI-QDA project exchange, for QualCoder, NVivo, ATLAS.ti and MAXQDA: "
        "each article's text, the tag tree as codes, annotations as coded selections with their "
        "notes as memos, article and research notes as memos", _qdpx),)),
    ExportFormat("sources", "Sources"),
)}
ALL_FORMATS = tuple(FORMATS)
FORMAT_LABELS = {f.key: f.label for f in FORMATS.values()}


def file_descriptions() -> dict[str, str]:
    """Each file a bundle may hold -> its README line (palmyra.json's is the README's own)."""
    return {f.rel: f.description for fmt in FORMATS.values() for f in fmt.files}


@dataclass(frozen=True)
class ExportOptions:
    style: str = bibliography.DEFAULT_STYLE
    formats: tuple[str, ...] = ALL_FORMATS
    passages_only: bool = False
    include_private_notes: bool = True


def _write(root: Path, rel: str, content: str | bytes, written: list[str]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")
    written.append(rel)


def source_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".txt"


def stream_source(conn, source_id: int, dest: Path, cancel: CancelToken) -> None:
    """The source's verbatim bytes into ``dest``, in pieces (stored compressed: inflated as read)."""
    with open(dest, "wb") as out:
        for chunk in source_bytes.stream(conn, source_id, CHUNK):
            cancel.raise_if_cancelled()
            out.write(chunk)


def _passages(data: ExportData) -> dict[str, str]:
    """Per source: its annotated passages with context, as Markdown (passage-only bundles)."""
    namer, files = SafeNamer(), {}
    for article in data.articles:
        if not article.annotations:
            continue
        lines = [f"# {escape_markdown(csl_json.display_title(article) or '(untitled)')} [@{article.key}]", "",
                 f"Passages of `sha256:{article.primary.sha256}`; the full source is not in this bundle.", ""]
        for a in article.annotations:
            lines += [f"## Characters {a.start}–{a.end}", "", f"…{escape_markdown(a.prefix)}**"
                      f"{escape_markdown(a.exact)}**{escape_markdown(a.suffix)}…", ""]
        files["passages/" + namer.name(article.key, ".md")] = "\n".join(lines)
    return files


def write_payload(root: Path, data: ExportData, options: ExportOptions, *, conn, scope_text: str,
                  exported_at: str, outlets: frozenset[str], cancel: CancelToken,
                  progress: Progress) -> list[str]:
    """Write every chosen file under ``root``; returns their paths relative to it."""
    formats = set(options.formats)
    written: list[str] = []
    ctx = WriteContext(data, csl_json.csl_items(data.articles, outlets), options, conn, exported_at,
                       outlets)
    steps = [(key, f.rel, f.render) for key, fmt in FORMATS.items() for f in fmt.files]
    sources = _source_files(data) if "sources" in formats and not options.passages_only else {}
    total = len(steps) + len(sources) + 2
    for n, (fmt, rel, render) in enumerate(steps, 1):
        cancel.raise_if_cancelled()
        if fmt in formats:
            _write(root, rel, render(ctx), written)
        progress(n, total, f"Writing {rel}")
    if options.passages_only and "sources" in formats:
        for rel, text in _passages(data).items():
            _write(root, rel, text, written)
    for n, (_sha, (source_id, rel)) in enumerate(sources.items(), len(steps) + 1):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        stream_source(conn, source_id, root / rel, cancel)
        written.append(rel)
        progress(n, total, "Copying sources")
    doc = palmyra_document(
        data, scope=scope_text, exported_at=exported_at,
        options={"style": options.style, "formats": sorted(formats),
                 "passages_only": options.passages_only,
                 "include_private_notes": options.include_private_notes},
        source_files={sha: rel for sha, (_id, rel) in sources.items()})
    # compact: the C encoder is ten times faster than an indented dump of 5,000 annotations
    _write(root, "palmyra.json", json.dumps(doc, ensure_ascii=False, separators=(",", ":")), written)
    _write(root, "README.md", readme_text(
        scope=scope_text, exported_at=exported_at, style=options.style,
        articles=len(data.articles), annotations=data.annotation_count(), files=written,
        passages_only=options.passages_only, private_notes=options.include_private_notes,
        sources=len(sources), descriptions=file_descriptions(),
        captures=len({c.sha256 for c in data.copies if c.sha256 in sources and any(
            k.get("payload_digest") for k in c.captures)}),
        reuse_links=len(data.reuse_links)), written)
    progress(total, total, "Payload written")
    return written


def _source_files(data: ExportData) -> dict[str, tuple[int, str]]:
    files: dict[str, tuple[int, str]] = {}
    for copy in data.copies:
        if copy.sha256 not in files and re.fullmatch(r"[0-9a-f]{64}", copy.sha256):
            files[copy.sha256] = (copy.source_id, f"sources/{copy.sha256}{source_suffix(copy.filename)}")
    return files
