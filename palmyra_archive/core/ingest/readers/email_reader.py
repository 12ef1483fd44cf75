"""Newsletters by e-mail: ``.eml`` (one message) and ``.mbox`` (many; stdlib email/mailbox).

One article per message. The subject is the title, the Date header the date, the list
(``List-Id``) or the sender the outlet, the sender's name the author where the page names none:
each with the header it came from as its method. The HTML part is read by the HTML reader (its
unsubscribe and footer lines are site text, not article), a plain-text message by the text
parser. The text every span indexes (what the Source tab shows) is the message's From, Date,
Subject and List-Id headers as lines, a blank line, then the part that was read, as decoded:
so the sender, date, subject and list values keep their evidence spans like a text file's.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
import mailbox
import re
from collections.abc import Iterator, Sequence
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from ...store.errors import ImportFailed
from ..article import parse_article
from ..model import Extracted, ParsedDocument, Region, Span
from .base import Entry, Reader
from .html import read_markup

_HEADERS = re.compile(rb"^(?:(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|"
                      rb"Delivered-To|List-Id|X-[A-Za-z-]+|Reply-To|DKIM-Signature|Content-Type):)",
                      re.I)
_FOOTER = re.compile(r"unsubscribe|manage (?:your )?(?:subscription|preferences)|"
                     r"you (?:are )?receiv(?:e|ing) this|se désinscrire|abbestellen|darse de baja|"
                     r"отписаться|view (?:this email )?in (?:your|a) browser", re.I)


def _message(filename: str, data: bytes):
    try:
        return email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on broken input
        raise ImportFailed(f"{filename} is not a readable e-mail ({exc}).", path=filename) from None


def _part(message, kind: str):
    for part in message.walk():
        if part.get_content_type() == kind and not part.is_attachment():
            try:
                return part.get_content()
            except (LookupError, UnicodeError, ValueError, AssertionError):
                return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    return None


def _header(message, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a malformed header fails in its parser's own ways: no value
        return None
    return " ".join(str(value).split()) if value else None


#: the headers shown above the part read, in this order, each on its own line
SHOWN_HEADERS = ("From", "Date", "Subject", "List-Id")


def _head(message) -> tuple[str, dict[str, Span]]:
    """The shown headers as text ("From: …\nDate: …\n\n") and the span of each value."""
    lines, spans, at = [], {}, 0
    for name in SHOWN_HEADERS:
        value = _header(message, name)
        if not value:
            continue
        line = f"{name}: {value}"
        spans[name] = Span(at + len(name) + 2, at + len(line))
        lines.append(line)
        at += len(line) + 1
    return ("\n".join(lines) + "\n\n") if lines else "", spans


def _part_text(message) -> tuple[str | None, str | None]:
    markup = _part(message, "text/html")
    if markup is not None:
        return markup, "html"
    plain = _part(message, "text/plain")
    return (plain, "plain") if plain is not None else (None, None)


def read_message(filename: str, data: bytes) -> ParsedDocument:
    message = _message(filename, data)
    if message.defects and not message.keys():
        raise ImportFailed(f"{filename} is not a readable e-mail: it has no headers.", path=filename)
    body, kind = _part_text(message)
    if kind == "html" and body is not None:
        doc = read_markup(filename, body, "utf-8", 1.0, fmt="email")
        article = doc.articles[0]
        _footer_as_site(article, doc.text)
    elif kind == "plain" and body is not None:
        article = parse_article(body)
        doc = ParsedDocument(text=body, encoding="utf-8", encoding_confidence=1.0,
                             articles=[article], format="email")
    else:
        raise ImportFailed(f"{filename} is an e-mail with no text or HTML part to read.",
                           path=filename)
    head, spans = _head(message)
    if head:
        doc.articles = [_shifted(a, len(head)) for a in doc.articles]
        article = doc.articles[0]
        doc.text = head + doc.text
        article.regions.insert(0, Region("header", Span(0, len(head) - 2)))
        if article.span is not None:
            article.span = Span(0, article.span.end)
    _header_values(message, article, doc.text, spans)
    return doc


def _shifted(value, by: int):
    """``value`` with every ``Span`` in it moved ``by`` characters (the headers put above)."""
    if isinstance(value, Span):
        return Span(value.start + by, value.end + by)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shifted(getattr(value, f.name), by) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_shifted(v, by) for v in value]
    if isinstance(value, tuple):
        return tuple(_shifted(v, by) for v in value)
    if isinstance(value, dict):
        return {k: _shifted(v, by) for k, v in value.items()}
    return value


def _footer_as_site(article, text: str) -> None:
    """Unsubscribe and footer lines of a newsletter: site text, never article."""
    paragraphs = article.body.split("\n\n")
    kept = [p for p in paragraphs if not (_FOOTER.search(p) and len(p) < 400)]
    if len(kept) != len(paragraphs):
        article.body = "\n\n".join(kept)
        article.links = []   # offsets moved; the links of the kept text are read again below
    for match in _FOOTER.finditer(text):
        start = text.rfind(">", 0, match.start()) + 1
        article.regions.append(Region("site_text", type(article.span)(start, match.end())))


def _header_values(message, article, text: str, spans: dict[str, Span] | None = None) -> None:
    spans = spans or {}
    subject, date, sender = _header(message, "Subject"), _header(message, "Date"), _header(message, "From")
    list_id = _header(message, "List-Id")
    if subject:
        article.title = Extracted(subject, "printed", spans.get("Subject"), "email:subject")
        article.needs_review = [f for f in article.needs_review if f != "title"]
    if date:
        try:
            iso = parsedate_to_datetime(date).date().isoformat()
        except (TypeError, ValueError, IndexError):
            iso = None
        if iso:
            article.date = Extracted(iso, "printed", spans.get("Date"), "email:date")
            article.date_as_printed = date
            article.needs_review = [f for f in article.needs_review if f != "date"]
    name = getaddresses([sender])[0][0] if sender else ""
    outlet, where = None, None
    if list_id:
        described = re.match(r'\s*"?([^"<]+?)"?\s*<', list_id)
        outlet = described.group(1).strip() if described else list_id.strip("<> ")
        method, where = "email:list-id", _within(text, spans.get("List-Id"), outlet)
    elif name:
        outlet, method, where = name, "email:sender", _within(text, spans.get("From"), name)
    if outlet and article.outlet.status in ("missing", "inferred"):
        article.outlet = Extracted(outlet, "printed", where, method)
        article.needs_review = [f for f in article.needs_review if f != "outlet"]
    if name and article.authors.status == "missing":
        article.authors = Extracted([name], "printed", _within(text, spans.get("From"), name),
                                    "email:from")
        article.needs_review = [f for f in article.needs_review if f != "authors"]


def _within(text: str, span: Span | None, value: str | None) -> Span | None:
    """The span of ``value`` inside a header's value (the name in "Mara <m@x>"), else the whole."""
    if span is None:
        return None
    if value:
        at = text.find(value, span.start, span.end)
        if at >= 0:
            return Span(at, at + len(value))
    return span


class EmlReader(Reader):
    name = "email"
    label = "E-mails"
    suffixes = (".eml",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        if head.startswith(b"From "):
            return False
        return bool(_HEADERS.match(head)) and (suffix in self.suffixes or b"\nSubject:" in head[:8192])

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        return read_message(filename, data)

    def source_text(self, filename: str, data: bytes) -> str:
        message = _message(filename, data)
        body, _kind = _part_text(message)
        return _head(message)[0] + (body or "")


class MboxReader(Reader):
    name = "mbox"
    label = "Mailboxes"
    suffixes = (".mbox",)
    container = True

    def sniff(self, head: bytes, suffix: str) -> bool:
        return head.startswith(b"From ") and b"\n" in head and bool(
            re.search(rb"^(?:From|Subject|Date):", head, re.M))

    def entries(self, path: Path, cancel=None) -> Iterator[Entry]:
        box = mailbox.mbox(str(path), create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                if cancel is not None and cancel.cancelled:
                    return
                name = f"{path.name} › message {index + 1}"
                try:
                    data = box.get_bytes(key)
                except Exception as exc:  # noqa: BLE001 - a damaged message fails alone, the box goes on
                    yield Entry(name, None, error=f"{name} could not be read ({exc}).")
                    continue
                yield Entry(name, data, reader="email")
        finally:
            box.close()
