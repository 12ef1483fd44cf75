"""Bytes to text: the one place that decides how a file is decoded, or refuses it.

Why a module of its own: every ``Span`` the importer records indexes the decoded text, so the
decoding must be decided once, recorded (``encoding``, ``confidence``) and never redone
differently. The text is returned exactly as decoded: no newline or Unicode normalisation.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ...core.errors import ImportFailed

#: Files larger than this are refused before decoding (the store may read it to warn early).
MAX_SOURCE_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Control characters that never occur in a text file (TAB, LF, VT, FF, CR, ESC excluded).
_BINARY_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    confidence: float | None
    warnings: tuple[str, ...] = ()


def decode_source(filename: str, data: bytes) -> DecodedText:
    """Decode a source file, or raise ``ImportFailed`` saying why it is not importable text."""
    if len(data) > MAX_SOURCE_BYTES:
        raise ImportFailed(
            f"{filename} is {len(data) / 1048576:.1f} MiB; files larger than "
            f"{MAX_SOURCE_BYTES // 1048576} MiB are not imported.", path=filename)
    bom = _decode_with_bom(filename, data)
    if bom is not None:
        return _checked(filename, bom)
    if not data.strip():
        raise ImportFailed(f"{filename} is empty: there is no text to import.", path=filename)
    _refuse_binary(filename, data)
    try:
        return _checked(filename, DecodedText(data.decode("utf-8"), "utf-8", 1.0))
    except UnicodeDecodeError:
        pass
    return _checked(filename, _detect(filename, data))


def _decode_with_bom(filename: str, data: bytes) -> DecodedText | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise ImportFailed(
                    f"{filename} starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (bad bytes at offset {err.start + len(bom)}).",
                    path=filename) from err
            return DecodedText(text, encoding, 1.0)
    return None


def _refuse_binary(filename: str, data: bytes) -> None:
    """NUL bytes or many control bytes mean a binary file (image, PDF, archive, UTF-16 w/o BOM)."""
    head = data[:_SNIFF_BYTES]
    nul = head.count(0)
    if nul:
        if _looks_like_bomless_utf16(head):
            return
        raise ImportFailed(
            f"{filename} looks like a binary file, not text (it contains NUL bytes); "
            "only plain-text articles can be imported.", path=filename)
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > max(8, len(head) // 20):
        raise ImportFailed(
            f"{filename} looks like a binary file, not text (it is full of control bytes); "
            "only plain-text articles can be imported.", path=filename)


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a BOM has a NUL in every other byte."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)


def _detect(filename: str, data: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    best = _prefer_common(from_bytes(data[:1_000_000] if len(data) > 1_000_000 else data))
    if best is None or best.encoding is None:
        raise ImportFailed(
            f"{filename} could not be decoded: it is neither UTF-8 nor any text encoding "
            "that could be recognised.", path=filename)
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise ImportFailed(
            f"{filename} could not be decoded as {best.encoding}.", path=filename) from err
    confidence = round(1.0 - float(best.chaos), 3)
    warning = f"Decoded as {best.encoding} (not UTF-8); check accented letters."
    return DecodedText(text, best.encoding, confidence, (warning,))


#: on short texts charset-normalizer scores rare code pages (mac_latin2) a little better than
#: Windows-1252, the legacy encoding scraped Western text is almost always in; within this
#: margin of "chaos" the common one wins (a French Latin-1 article otherwise reads "cafť").
_COMMON_ENCODINGS = ("cp1252",)
_COMMON_MARGIN = 0.03


def _prefer_common(matches):
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding in _COMMON_ENCODINGS and match.chaos <= best.chaos + _COMMON_MARGIN:
            return match
    return best


def _checked(filename: str, decoded: DecodedText) -> DecodedText:
    if not decoded.text.strip():
        raise ImportFailed(f"{filename} contains only blank space: there is no text to import.",
                           path=filename)
    if "\x00" in decoded.text:
        raise ImportFailed(
            f"{filename} contains NUL characters, which no article text has; it is probably "
            "binary or damaged.", path=filename)
    return decoded
