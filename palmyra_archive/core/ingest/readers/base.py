"""What every reader is: a name, the extensions it hints at, a content sniff and a read.

A *container* reader (WARC, WACZ, mbox) holds many documents: ``entries`` streams them one by
one as ``Entry`` (a name, the bytes stored as that entry's source, its capture), and each is
then read by the reader its bytes call for and stored atomically, like a file of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Capture, ParsedDocument


@dataclass
class Entry:
    name: str                   # shown in the import summary, e.g. "crawl.warc.gz › https://…"
    data: bytes | None          # the bytes stored as this entry's source (None: failed)
    capture: Capture | None = None
    error: str | None = None    # one sentence when the entry cannot be imported
    #: the reader its bytes call for (None: decided by content)
    reader: str | None = None
    extra: dict = field(default_factory=dict)


class Reader:
    name = "text"
    label = "Text"
    suffixes: tuple[str, ...] = ()
    container = False

    def sniff(self, head: bytes, suffix: str) -> bool:
        raise NotImplementedError

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        raise NotImplementedError

    def source_text(self, filename: str, data: bytes) -> str:
        raise NotImplementedError

    def entries(self, path: Path, cancel=None) -> Iterator[Entry]:
        raise NotImplementedError


_MAGIC = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"RIFF", "a RIFF (WebP/WAV/AVI) file"), (b"PK\x03\x04", "a ZIP archive"),
          (b"\x1f\x8b", "a gzip file that is not a web archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
          (b"\x00\x00\x00", "a binary (media) file"), (b"ID3", "an MP3 file"),
          (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"), (b"SQLite format 3", "an SQLite database"))


def describe_unknown(filename: str, head: bytes) -> str:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"'{filename}' is {what}"
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else ""
    return f"'.{suffix}' files are not a kind Palmyra reads" if suffix else \
        f"'{filename}' is not a kind Palmyra reads"


def looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head[:1024]:
        even, odd = head[0:1024:2], head[1:1024:2]
        return not (even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd))
    controls = sum(1 for b in head[:1024] if b < 32 and b not in (9, 10, 11, 12, 13, 27))
    return controls > max(8, len(head[:1024]) // 20)
