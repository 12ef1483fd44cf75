"""What goes under a bundle's ``data/``: each chosen format written from one ``ExportData``.

Sources are streamed out of SQLite in 1 MiB pieces (``blobopen``), never loaded whole, and
named by their SHA-256. Passage-only bundles hold, per source, the annotated passages with
their context instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..markup import escape_markdown
from ..paths import resource
from ..tasks import CancelToken, Progress
from ..annotations_w3c import export_collection, source_lookup
from . import bibliography, bibtex, csl_json, quotes, rights_md, ris
from . import prov as provmod
from .collect import ExportData
from .palmyra_json import palmyra_document
from .readme import readme_text
from .safe_names import SafeNamer

ALL_FORMATS = ("csl", "bibtex", "ris", "bibliography", "quotes", "annotations", "prov", "rights",
               "sources")
CHUNK = 1 << 20
#: the W3C annotation context, shipped so ``annotations.jsonld`` expands offline from the bag
CONTEXT_FILE = "contexts/anno.jsonld"


@dataclass(frozen=True)
class ExportOptions:
    style: str = bibliography.DEFAULT_STYLE
    formats: tuple[str, ...] = ALL_FORMATS
    passages_only: bool = False
    include_private_notes: bool = True


def _write(root: Path, rel: str, text: str, written: list[str]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    written.append(rel)


def source_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".txt"


def stream_source(conn, source_id: int, dest: Path, cancel: CancelToken) -> None:
    with conn.blobopen("sources", "content", source_id, readonly=True) as blob, open(dest, "wb") as out:
        while chunk := blob.read(CHUNK):
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
    formats, written = set(options.formats), []
    items = csl_json.csl_items(data.articles, outlets)
    cache: list[list[str]] = []

    def rendered() -> list[str]:
        if not cache:
            cache.append(bibliography.render_html_entries(items, options.style))
        return cache[0]

    steps = [
        ("csl", "citations/references.json", lambda: json.dumps(items, ensure_ascii=False, indent=2)),
        ("bibtex", "citations/references.bib", lambda: bibtex.bibtex(data.articles, outlets)),
        ("ris", "citations/references.ris", lambda: ris.ris(data.articles, outlets)),
        ("bibliography", "citations/bibliography.html",
         lambda: bibliography.bibliography_html(items, options.style, entries=rendered())),
        ("bibliography", "citations/bibliography.md",
         lambda: bibliography.bibliography_markdown(items, options.style, entries=rendered())),
        ("quotes", "quotes.md", lambda: quotes.quotes_markdown(data.articles)),
        ("quotes", "quotes.html", lambda: quotes.quotes_html(data.articles)),
        ("annotations", "annotations.jsonld", lambda: json.dumps(export_collection(
            data, source_lookup(conn), collection_id=f"urn:palmyra:bundle:{exported_at}/annotations"),
            ensure_ascii=False, indent=2)),
        ("annotations", CONTEXT_FILE, lambda: resource("jsonld", "anno.jsonld").read_text(encoding="utf-8")),
        ("prov", "provenance.json", lambda: provmod.prov_json(data)),
        ("rights", "RIGHTS.md", lambda: rights_md.rights_markdown(data.articles)),
    ]
    sources = _source_files(data) if "sources" in formats and not options.passages_only else {}
    total = len(steps) + len(sources) + 2
    for n, (fmt, rel, render) in enumerate(steps, 1):
        cancel.raise_if_cancelled()
        if fmt in formats:
            _write(root, rel, render(), written)
        progress(n, total, f"Writing {rel}")
    if options.passages_only and "sources" in formats:
        for rel, text in _passages(data).items():
            _write(root, rel, text, written)
    for n, (sha, (source_id, rel)) in enumerate(sources.items(), len(steps) + 1):
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
        sources=len(sources)), written)
    progress(total, total, "Payload written")
    return written


def _source_files(data: ExportData) -> dict[str, tuple[int, str]]:
    files: dict[str, tuple[int, str]] = {}
    for copy in data.copies:
        if copy.sha256 not in files and re.fullmatch(r"[0-9a-f]{64}", copy.sha256):
            files[copy.sha256] = (copy.source_id, f"sources/{copy.sha256}{source_suffix(copy.filename)}")
    return files
