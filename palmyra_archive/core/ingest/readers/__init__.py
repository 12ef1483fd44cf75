"""The reader layer: one reader per format, one way in (issue #10).

Why a registry: "which kinds of file are importable" has one home. The importer's folder walk,
the GUI's File › Import filter and the CLI all ask ``REGISTRY``; a file's kind is decided by
its content (magic bytes, sniffing) with the extension only as a hint, so an HTML page named
``.txt`` is read as HTML and a gzipped WARC as a WARC.

Every reader turns the stored bytes into the one common document, ``ParsedDocument`` (see
``ingest.model``): clean text with its regions, the extracted values with their evidence and
status, and what the format carries about its capture. Everything after it (provenance,
rights, comments, languages, needs-review, storage, search, anchoring) is unchanged.

Adding a format is adding a reader: a module here with a ``Reader`` subclass (``sniff``,
``read``, ``source_text``; ``entries`` for a container), listed in ``REGISTRY`` below.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ParsedDocument
from .base import Entry, Reader, describe_unknown
from .email_reader import EmlReader, MboxReader
from .html import HtmlReader
from .mhtml import MhtmlReader
from .pdf import PdfReader
from .text import TextReader
from .warc import WaczReader, WarcReader

#: in the order content is sniffed: the most specific magic first, plain text last
REGISTRY: tuple[Reader, ...] = (PdfReader(), WaczReader(), WarcReader(), MhtmlReader(),
                                MboxReader(), EmlReader(), HtmlReader(), TextReader())
_BY_NAME = {reader.name: reader for reader in REGISTRY}

#: how many bytes of a file decide its kind
SNIFF_BYTES = 4096


def importable_suffixes() -> frozenset[str]:
    """Every extension a folder walk imports ('' for files without one)."""
    return frozenset(s for reader in REGISTRY for s in reader.suffixes)


def file_filter() -> str:
    """The import dialog's name filter, one group per reader and one for all of them."""
    every = " ".join(f"*{s}" for s in sorted(importable_suffixes()) if s)
    groups = [f"{r.label} ({' '.join(f'*{s}' for s in r.suffixes if s)})" for r in REGISTRY]
    return ";;".join([f"Importable files ({every})", *groups, "All files (*)"])


def reader_named(name: str) -> Reader:
    return _BY_NAME.get(name or "text", _BY_NAME["text"])


def detect(filename: str, head: bytes) -> Reader | None:
    """The reader for a file whose first bytes are ``head``; None when no reader knows it."""
    suffix = _suffix(filename)
    for reader in REGISTRY:
        if reader.sniff(head, suffix):
            return reader
    return None


def read_document(filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
    """Read one stored file with the reader its content calls for (raises ``ImportFailed``)."""
    reader = detect(filename, data[:SNIFF_BYTES]) or _BY_NAME["text"]
    if reader.container:
        from ...store.errors import ImportFailed
        raise ImportFailed(f"{filename} is a {reader.label} file: it holds many pages and is "
                           "imported record by record, not as one article.", path=filename)
    doc = reader.read(filename, data, overrides=overrides)
    doc.format = doc.format if doc.format != "text" else reader.name
    return doc


def source_text(filename: str, data: bytes, fmt: str | None = None) -> str:
    """The text the stored spans of this source index (what the Source tab shows)."""
    reader = _BY_NAME.get(fmt) if fmt else None
    reader = reader or detect(filename, data[:SNIFF_BYTES]) or _BY_NAME["text"]
    return reader.source_text(filename, data)


def stored_source_text(filename: str, data: bytes, encoding: str) -> str:
    """A stored source's text as its reader reads it (``source_text``), so stored spans index
    into it; ``encoding`` is the codec recorded at import, which still reads the file where the
    rules changed since and the reader now refuses it. Decoding at import is
    ``ingest.reading.decode_source``, which this reaches through the text readers."""
    try:
        return source_text(filename, data)
    except Exception:  # noqa: BLE001 - the rules changed since import: the recorded codec still reads it
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            return data.decode("utf-8", errors="replace")


def skip_reason(filename: str, head: bytes) -> str | None:
    """Why a file found in a folder is not imported, or None when a reader takes it."""
    if detect(filename, head) is not None:
        return None
    return f"skipped: {describe_unknown(filename, head)}; no reader imports it"


def _suffix(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return "." + name.rsplit(".", 1)[1] if "." in name.lstrip(".") else ""


__all__ = ["REGISTRY", "Reader", "Entry", "importable_suffixes", "file_filter", "detect",
           "read_document", "source_text", "skip_reason", "reader_named", "SNIFF_BYTES"]
