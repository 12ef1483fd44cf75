"""Bytes to text: the one place that decides how a file is decoded, or refuses it.

Why a module of its own: every ``Span`` the importer records indexes the decoded text, so the
decoding must be decided once, recorded (``encoding``, ``confidence``) and never redone
differently. The text is returned exactly as decoded: no newline or Unicode normalisation.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..store.errors import ImportFailed
from ..text.display import has_visible_text
from .encoding_checks import implausible_share, sample_of, utf8_shape

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
    #: needs-review flags: a guessed code page, damaged UTF-8 (the reader is told to check)
    review: tuple[str, ...] = ()


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
    declared = _declared(data)
    if declared is not None:
        return _checked(filename, declared)
    if utf8_shape(data).looks_like_utf8:
        return _checked(filename, _damaged_utf8(filename, data))
    return _checked(filename, _detect(filename, data))


#: an HTML or XML file may say its encoding; a declared encoding is not a guess
_DECLARATIONS = (re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I),
                 re.compile(rb"<\?xml[^>]{0,100}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{2,40})", re.I))


def _declared(data: bytes) -> DecodedText | None:
    head = data[:4096]
    for pattern in _DECLARATIONS:
        found = pattern.search(head)
        if not found:
            continue
        try:
            name = codecs.lookup(found.group(1).decode("ascii")).name
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            return None          # a wrong declaration: decided as if there were none
        if name.replace("-", "_") in ("utf_8", "utf_16", "utf_32"):
            return None          # declared UTF-8 that is not valid UTF-8: damaged, see below
        return DecodedText(text, name, 1.0, (f"Decoded as {name}, as the file declares.",))
    return None


#: damaged UTF-8 is refused when more than this share of its visible characters would be "\ufffd"
_MAX_REPLACED_SHARE = 0.2


def _damaged_utf8(filename: str, data: bytes) -> DecodedText:
    """UTF-8 with a few invalid sequences (a lone surrogate, a stray byte): replaced and flagged."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    visible = sum(1 for c in text if not c.isspace())
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        first = err.start
    if replaced > _MAX_REPLACED_SHARE * visible:
        raise ImportFailed(
            f"{filename} could not be decoded: it looks like UTF-8 but most of it is invalid "
            f"UTF-8 (damaged or not text; the first bad byte is at offset {first}).", path=filename)
    noun = "sequence" if replaced == 1 else "sequences"
    return DecodedText(
        text, "utf-8", round(1.0 - replaced / max(visible, 1), 3),
        (f"{replaced} invalid UTF-8 {noun} (first at byte {first}) shown as \ufffd.",),
        (f"encoding: {replaced} invalid UTF-8 {noun} replaced",))


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
            if encoding != "utf-8" and implausible_share(text) > _MAX_IMPLAUSIBLE_SHARE:
                raise ImportFailed(   # \xff\xfe followed by invalid UTF-8 "decodes" as UTF-16
                    f"{filename} could not be decoded: it starts with a {encoding.upper()} "
                    f"byte-order mark, but read as {encoding.upper()} it does not look like text "
                    f"in any language (it would begin “{sample_of(text)}”).", path=filename)
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

    best = _prefer_common(from_bytes(data[:1_000_000] if len(data) > 1_000_000 else data),
                          wide_possible=b"\x00" in data)
    if best is None or best.encoding is None:
        raise ImportFailed(
            f"{filename} could not be decoded: it is neither UTF-8 nor any text encoding "
            "that could be recognised.", path=filename)
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise ImportFailed(
            f"{filename} could not be decoded as {best.encoding}.", path=filename) from err
    encoding, share = best.encoding, implausible_share(text)
    if share > _DOUBTFUL_SHARE:
        # on a few words the detector's pick is often an odd code page ("café" as cp1006):
        # the common code pages of scraped text get a try, the one reading best wins
        share, text, encoding = min([(share, text, encoding)] + _common_readings(data),
                                    key=lambda reading: reading[0])
    if share > _MAX_IMPLAUSIBLE_SHARE:
        raise ImportFailed(
            f"{filename} could not be decoded: it is not UTF-8, and read as {best.encoding} "
            f"(the best guess) it does not look like text in any language "
            f"(it would begin “{sample_of(text)}”).", path=filename)
    confidence = round(1.0 - float(best.chaos), 3) if encoding == best.encoding else None
    warning = f"Decoded as {encoding} (not UTF-8); check accented letters."
    return DecodedText(text, encoding, confidence, (warning,), (f"encoding guessed ({encoding})",))


#: tried in turn when the detector's pick does not read as language
_FALLBACKS = ("cp1252", "cp1251", "koi8_r")


def _common_readings(data: bytes) -> list[tuple[float, str, str]]:
    readings = []
    for encoding in _FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((implausible_share(text), text, encoding))
    return readings


#: a guessed decoding is refused when more of its non-ASCII words than this are not words
_MAX_IMPLAUSIBLE_SHARE = 0.25
#: above this share the common code pages are tried too
_DOUBTFUL_SHARE = 0.05


#: on short texts charset-normalizer scores rare code pages (mac_latin2) a little better than
#: Windows-1252, the legacy encoding scraped Western text is almost always in; within this
#: margin of "chaos" the common one wins (a French Latin-1 article otherwise reads "cafť").
_COMMON_ENCODINGS = ("cp1252",)
#: Windows-1251 likewise over the other Cyrillic code pages (mac_cyrillic reads its "П" as "ѕ")
_CYRILLIC = ("mac_cyrillic", "cp866", "cp855", "iso8859_5", "ptcp154", "kz1048", "cp1125", "koi8_u")
_COMMON_MARGIN = 0.03


def _prefer_common(matches, *, wide_possible: bool = True):
    if not wide_possible:   # UTF-16/32 text without a BOM has NUL bytes; "café" is not "捡曩"
        matches = [m for m in matches if not m.encoding.startswith(("utf_16", "utf_32"))]
    matches = list(matches)
    best = matches[0] if matches else None
    if best is None:
        return None
    common_ones = _COMMON_ENCODINGS + (("cp1251",) if best.encoding in _CYRILLIC else ())
    for common in common_ones:
        for match in matches:
            if match.encoding == common and match.chaos <= best.chaos + _COMMON_MARGIN:
                return match
    return best


def _checked(filename: str, decoded: DecodedText) -> DecodedText:
    if not decoded.text.strip():
        raise ImportFailed(f"{filename} contains only blank space: there is no text to import.",
                           path=filename)
    if not has_visible_text(decoded.text):
        raise ImportFailed(
            f"{filename} has no visible text (only blank space and invisible characters such "
            "as zero-width spaces): there is no text to import.", path=filename)
    if "\x00" in decoded.text:
        raise ImportFailed(
            f"{filename} contains NUL characters, which no article text has; it is probably "
            "binary or damaged.", path=filename)
    return decoded
