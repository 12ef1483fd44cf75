"""PDF articles and reports (pdfminer.six, MIT): text with page numbers, metadata from the info.

Before pdfminer reads a page, pypdf (BSD-3-Clause) decodes every stream of the file with a
bound on what one stream, and all of them together, may inflate to (``MAX_STREAM_BYTES``,
``MAX_DECODED_BYTES``): pdfminer inflates without a limit, so a "PDF bomb" stream (a few
kilobytes that inflate to gigabytes) is refused with one sentence before it fills memory.
pypdf also reads the XMP metadata packet (``dc:title``, ``dc:creator``, ``xmp:CreateDate``,
``pdf:Producer``): XMP and the Info dictionary are both kept as the source's metadata
(``ParsedDocument.metadata``, shown by ``show --json``), and a title or author the text does
not print is taken from the Info dictionary first, else from XMP, its method saying which.

The document's ``text`` is the extracted text, pages separated by a form feed, and
``ParsedDocument.pages`` says which stretch of the body stands on which page
(``(page, body_start, body_end)``), so a passage or an annotation can cite its page.
The text parser reads the extracted text (head, byline, rights…) as it reads any text. A PDF
with no text layer (a scan) or an encrypted one is refused, saying which; nothing is stored.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from ...store.errors import ImportFailed
from ..article import parse_article
from ..model import Extracted, ParsedDocument
from .base import Reader

#: pages read at most (a PDF bomb of a million empty pages stops here)
MAX_PAGES = 2000
#: what one stream may inflate to, and all the file's streams together
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECODED_BYTES = 256 * 1024 * 1024


def _too_large(filename: str) -> ImportFailed:
    return ImportFailed(
        f"{filename} holds a compressed stream that inflates to more than "
        f"{MAX_STREAM_BYTES // (1024 * 1024)} MB (a PDF bomb, or not an article); it was not "
        "imported.", path=filename)


def _pypdf_pass(filename: str, data: bytes) -> dict:
    """Decode every stream with a bound (see the module doc) and read the XMP packet.

    Returns the XMP values found ({} without a packet). A file pypdf cannot parse is left to
    pdfminer, which says what is wrong with it; only a stream over the bound is refused here.
    """
    import logging

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError
    from pypdf.filters import decode_stream_data
    from pypdf.generic import IndirectObject, StreamObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    limits = dict(zlib_maximum_output_length=MAX_STREAM_BYTES,
                  lzw_maximum_output_length=MAX_STREAM_BYTES,
                  run_length_maximum_output_length=MAX_STREAM_BYTES,
                  brotli_maximum_output_length=MAX_STREAM_BYTES,
                  maximum_declared_stream_length=MAX_STREAM_BYTES,
                  stream_decoding_work_maximum_length=MAX_STREAM_BYTES)
    with apply_configuration(**limits):  # type: ignore[arg-type]  # pypdf's stub names a Configuration; keywords are what it takes
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
        except LimitReachedError:
            raise _too_large(filename) from None
        except Exception:  # noqa: BLE001 -- pypdf on a damaged file raises many kinds; pdfminer reads it next
            return {}
        total = 0
        for generation, numbers in list(reader.xref.items()):
            for number in list(numbers):
                try:
                    obj = reader.get_object(IndirectObject(number, generation, reader))
                except LimitReachedError:
                    raise _too_large(filename) from None
                except Exception:  # noqa: BLE001 -- one unreadable object is skipped, not the file
                    continue
                if not isinstance(obj, StreamObject):
                    continue
                try:
                    total += len(decode_stream_data(obj))
                except LimitReachedError:
                    raise _too_large(filename) from None
                except Exception:  # noqa: BLE001 -- one undecodable stream is skipped, not the file
                    continue
                if total > MAX_DECODED_BYTES:
                    raise ImportFailed(
                        f"{filename}'s streams inflate to more than "
                        f"{MAX_DECODED_BYTES // (1024 * 1024)} MB in all (a PDF bomb, or not an "
                        "article); it was not imported.", path=filename)
        try:
            return _xmp_values(reader.xmp_metadata)
        except Exception:  # noqa: BLE001 -- malformed XMP: the Info dictionary still counts
            return {}


def _xmp_values(xmp) -> dict:
    """dc:title, dc:creator, xmp:CreateDate and pdf:Producer of an XMP packet, as plain text."""
    if xmp is None:
        return {}
    out: dict = {}
    title = xmp.dc_title
    if isinstance(title, dict):
        title = title.get("x-default") or next(iter(title.values()), None)
    if isinstance(title, str) and title.strip():
        out["dc:title"] = " ".join(title.split())
    creators = [" ".join(c.split()) for c in (xmp.dc_creator or []) if isinstance(c, str) and c.strip()]
    if creators:
        out["dc:creator"] = creators
    created = xmp.xmp_create_date
    if created is not None:
        out["xmp:CreateDate"] = created.isoformat()
    producer = xmp.pdf_producer
    if isinstance(producer, str) and producer.strip():
        out["pdf:Producer"] = " ".join(producer.split())
    return out


def _pages(filename: str, data: bytes) -> tuple[list[str], dict, dict]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    info: dict = {}
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
        for entry in document.info[:1]:
            for key, value in entry.items():
                info[key] = _decode(value)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportFailed(f"{filename} is an encrypted PDF; it cannot be read without its "
                           "password and was not imported.", path=filename) from None
    except (PDFSyntaxError, Exception) as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ImportFailed(f"{filename} is an encrypted PDF; it cannot be read without its "
                               "password and was not imported.", path=filename) from None
        raise ImportFailed(f"{filename} is not a readable PDF ({type(exc).__name__}).",
                           path=filename) from None
    xmp = _pypdf_pass(filename, data)
    pages: list[str] = []
    try:
        for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), 1):
            if number > MAX_PAGES:
                raise ImportFailed(f"{filename} has more than {MAX_PAGES} pages; it is not an "
                                   "article and was not imported.", path=filename)
            parts = [el.get_text() for el in layout if isinstance(el, LTTextContainer)]
            pages.append("".join(parts).replace("\x0c", "").strip("\n"))
    except ImportFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds (syntax, type, value, its own) on damaged files
        message = str(exc).lower()
        if "encrypt" in message or "password" in message:
            raise ImportFailed(f"{filename} is an encrypted PDF; it cannot be read without its "
                               "password and was not imported.", path=filename) from None
        raise ImportFailed(f"{filename} is a damaged PDF ({type(exc).__name__}); it was not "
                           "imported.", path=filename) from None
    if not any(p.strip() for p in pages):
        raise ImportFailed(f"{filename} has no text layer (a scan or images only); run OCR on it "
                           "first. Nothing was imported.", path=filename)
    return pages, info, xmp


def _decode(value) -> str | None:
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", errors="replace")
        return value.decode("latin-1")
    if isinstance(value, str):
        return value
    return None


class PdfReader(Reader):
    name = "pdf"
    label = "PDF documents"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        return head[:1024].lstrip().startswith(b"%PDF-")

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        pages, info, xmp = _pages(filename, data)
        text, spans = self._join(pages)
        article = parse_article(text, overrides=overrides)
        title, author = (info.get("Title") or "").strip(), (info.get("Author") or "").strip()
        if title and article.title.status in ("missing", "provisional"):
            article.title = Extracted(title, "printed", None, "pdf:info-title")
            article.needs_review = [f for f in article.needs_review if f != "title"]
        elif xmp.get("dc:title") and article.title.status in ("missing", "provisional"):
            article.title = Extracted(xmp["dc:title"], "printed", None, "pdf:xmp-dc-title")
            article.needs_review = [f for f in article.needs_review if f != "title"]
        if author and article.authors.status == "missing":
            names = [a.strip() for a in author.replace(";", ",").split(",") if a.strip()]
            article.authors = Extracted(names, "printed", None, "pdf:info-author")
            article.needs_review = [f for f in article.needs_review if f != "authors"]
        elif xmp.get("dc:creator") and article.authors.status == "missing":
            article.authors = Extracted(list(xmp["dc:creator"]), "printed", None, "pdf:xmp-dc-creator")
            article.needs_review = [f for f in article.needs_review if f != "authors"]
        metadata = [("info", key, value.strip()) for key, value in info.items()
                    if isinstance(value, str) and value.strip()]
        for key, value in xmp.items():
            for one in (value if isinstance(value, list) else [value]):
                metadata.append(("xmp", key, one))
        return ParsedDocument(text=text, encoding="pdf-text", encoding_confidence=None,
                              articles=[article], format="pdf", pages=body_pages(article.body, text, spans),
                              metadata=metadata)

    @staticmethod
    def _join(pages: list[str]) -> tuple[str, list[tuple[int, int, int]]]:
        parts: list[str] = []
        spans: list[tuple[int, int, int]] = []
        at = 0
        for number, page in enumerate(pages, 1):
            if parts:
                parts.append("\n\x0c\n")
                at += 3
            spans.append((number, at, at + len(page)))
            parts.append(page)
            at += len(page)
        return "".join(parts), spans

    def source_text(self, filename: str, data: bytes) -> str:
        return self._join(_pages(filename, data)[0])[0]


def body_pages(body: str, text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(page, body_start, body_end) for each stretch of the body, so a passage cites its page."""
    import re
    out: list[tuple[int, int, int]] = []
    cursor = 0
    for match in re.finditer(r"[^\n]+", body):
        probe = match.group()[:40]
        at = text.find(probe, cursor)
        if at < 0:
            continue
        cursor = at
        page = page_at(spans, at)
        if page is None:
            continue
        if out and out[-1][0] == page:
            out[-1] = (page, out[-1][1], match.end())
        else:
            out.append((page, match.start(), match.end()))
    return out


def page_at(pages: list[tuple[int, int, int]], offset: int) -> int | None:
    for number, start, end in pages:
        if start <= offset <= end:
            return number
    return None
