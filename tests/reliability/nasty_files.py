"""The nasty-file corpus, generated at test time (no big files in the repository).

Each entry is a file name, how to make its bytes, and what the importer must say about it:
``imported`` (with a fact the stored text must show) or ``failed`` / ``skipped`` with words
the message must contain. A file's outcome is its own: one bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
ARTICLE = "A headline worth keeping\n\nBy Jane Doe\n\nThe first paragraph of the body.\n"


@dataclass(frozen=True)
class Nasty:
    name: str
    make: Callable[[], bytes]
    status: str                 # imported | failed | skipped
    says: tuple[str, ...] = ()  # words the outcome message contains (case-insensitive)
    body_has: str | None = None  # for imported files: text the stored body contains


def _deep_quotes() -> bytes:
    return ("Deeply quoted\n\n" + "> " * 10_000 + "the innermost words\n").encode()


def _deep_indent() -> bytes:
    lines = ["Deeply indented", ""]
    lines += [" " * depth + f"- level {depth}" for depth in range(0, 10_000, 10)]
    lines.append(" " * 10_000 + "the deepest line")
    return "\n".join(lines).encode()


def _long_line() -> bytes:
    return b"One very long line\n\n" + b"word " * (5 * MB // 5) + b"\nend of the long line\n"


def _fifty_megabytes() -> bytes:
    paragraph = b"A paragraph of an impossibly long text, repeated to fill fifty megabytes.\n\n"
    return b"Fifty megabytes\n\n" + paragraph * (50 * MB // len(paragraph))


NASTY: list[Nasty] = [
    Nasty("empty.txt", lambda: b"", "failed", ("empty",)),
    Nasty("whitespace.txt", lambda: b"  \n\t\r\n   \n", "failed", ("empty",)),
    Nasty("binary.txt", lambda: bytes(range(256)) * 64, "failed", ("binary",)),
    Nasty("png-renamed.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2048), "failed", ("binary",)),
    Nasty("nul-bytes.txt", lambda: ARTICLE.encode().replace(b"first", b"fi\x00rst"), "failed", ("binary",)),
    Nasty("utf16-bom.txt", lambda: ("Ünïcödé title\n\nZürich café naïve body.\n").encode("utf-16"),
          "imported", body_has="Zürich café naïve"),
    Nasty("utf8-bom.txt", lambda: b"\xef\xbb\xbf" + "BOM title\n\nBody with a BOM — fine.\n".encode(),
          "imported", body_has="Body with a BOM"),
    Nasty("latin1.txt", lambda: "Café title\n\nLe café était fermé à Noël, déjà.\n".encode("latin-1"),
          "imported", body_has="était fermé à Noël"),
    Nasty("mixed-endings.txt", lambda: b"Mixed endings\r\n\r\nline one\nline two\r\nline three\rline four\n",
          "imported", body_has="line three"),
    Nasty("long-line.txt", _long_line, "imported", body_has="end of the long line"),
    Nasty("deep-quotes.txt", _deep_quotes, "imported", body_has="the innermost words"),
    Nasty("deep-indent.txt", _deep_indent, "imported", body_has="the deepest line"),
    Nasty("fifty-megabytes.txt", _fifty_megabytes, "failed", ("MB",)),
    Nasty("name\nwith newline.txt", lambda: b"Newline in the name\n\nBody.\n", "imported", body_has="Body."),
    Nasty("dots..in..name.txt", lambda: b"Dots in the name\n\nStill an article.\n", "imported",
          body_has="Still an article."),
    Nasty("...txt", lambda: b"Only dots\n\nA hidden file by its name.\n", "skipped", ("hidden",)),
    Nasty("photo.jpg", lambda: b"\xff\xd8\xff\xe0" + os.urandom(1024), "skipped", (".jpg",)),
]


def write_nasty(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for nasty in NASTY:
        path = folder / nasty.name
        path.write_bytes(nasty.make())
        written[nasty.name] = path
    return written
