"""Plain-text scrapes: today's parser (``ingest.parse``) behind the reader interface."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ParsedDocument
from ..parse import parse_document
from ..reading import decode_source
from .base import Reader, looks_binary


class TextReader(Reader):
    name = "text"
    label = "Text articles"
    suffixes = (".txt", ".text", ".md", ".markdown", "")

    def sniff(self, head: bytes, suffix: str) -> bool:
        return suffix in self.suffixes and not looks_binary(head)

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        doc = parse_document(filename, data, overrides=overrides)
        doc.format = "text"
        return doc

    def source_text(self, filename: str, data: bytes) -> str:
        return decode_source(filename, data).text
