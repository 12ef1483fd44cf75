"""PDF articles and reports (pdfminer.six, MIT): text with page numbers, metadata from the info.

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


def _pages(filename: str, data: bytes) -> tuple[list[str], dict]:
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
    return pages, info


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
        pages, info = _pages(filename, data)
        text, spans = self._join(pages)
        article = parse_article(text, overrides=overrides)
        title, author = (info.get("Title") or "").strip(), (info.get("Author") or "").strip()
        if title and article.title.status in ("missing", "provisional"):
            article.title = Extracted(title, "printed", None, "pdf:info-title")
            article.needs_review = [f for f in article.needs_review if f != "title"]
        if author and article.authors.status == "missing":
            names = [a.strip() for a in author.replace(";", ",").split(",") if a.strip()]
            article.authors = Extracted(names, "printed", None, "pdf:info-author")
            article.needs_review = [f for f in article.needs_review if f != "authors"]
        return ParsedDocument(text=text, encoding="pdf-text", encoding_confidence=None,
                              articles=[article], format="pdf", pages=body_pages(article.body, text, spans))

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
