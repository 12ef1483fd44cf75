"""MHTML (Chrome's "Web page, single file"): a MIME multipart/related message (stdlib ``email``).

The HTML part is read by the HTML reader; the stored spans index that part as decoded (what the
Source tab shows); the other parts (images, stylesheets) are attachments of the same source,
each hashed. The snapshot's address and date are its capture provenance.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from collections.abc import Sequence
from email.message import Message
from email.utils import parsedate_to_datetime

from ...store.errors import ImportFailed
from ..model import Attachment, Capture, ParsedDocument
from .base import Reader
from .html import read_markup

_MIME_HEAD = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*){1,40}", re.S)


def _message(filename: str, data: bytes):
    try:
        return email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on broken input
        raise ImportFailed(f"{filename} is not a readable MHTML file ({exc}).", path=filename) from None


def html_part(filename: str, message) -> tuple[str, str, Message]:
    """(markup, charset, part) of a message's HTML part, or ImportFailed."""
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                markup = part.get_content()
            except (LookupError, UnicodeError, ValueError, AssertionError):
                payload = part.get_payload(decode=True) or b""
                markup = payload.decode("utf-8", errors="replace")
            return markup, part.get_content_charset() or "utf-8", part
    raise ImportFailed(f"{filename} holds no HTML page to read.", path=filename)


def captured_at(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


class MhtmlReader(Reader):
    name = "mhtml"
    label = "Web pages, single file (MHTML)"
    suffixes = (".mhtml", ".mht")

    def sniff(self, head: bytes, suffix: str) -> bool:
        top = head[:2048].lower()
        return (b"multipart/related" in top and (suffix in self.suffixes or b"snapshot-content-location" in top
                                                 or b"saved by blink" in top)) and _MIME_HEAD.match(head) is not None

    def read(self, filename: str, data: bytes, *, overrides: Sequence = ()) -> ParsedDocument:
        message = _message(filename, data)
        markup, charset, main = html_part(filename, message)
        url = message.get("Snapshot-Content-Location") or main.get("Content-Location")
        tool = "Chrome (MHTML)" if "blink" in str(message.get("From", "")).lower() else "MHTML"
        doc = read_markup(filename, markup, charset, 1.0, fmt="mhtml")
        doc.capture = Capture(url=url, captured_at=captured_at(message.get("Date")), tool=tool)
        doc.capture_url = doc.capture_url or url
        for index, part in enumerate(p for p in message.walk() if not p.is_multipart() and p is not main):
            payload = part.get_payload(decode=True) or b""
            where = part.get("Content-Location") or f"part-{index + 1}"
            doc.attachments.append(Attachment(where[:500], hashlib.sha256(payload).hexdigest(),
                                              len(payload), payload))
        return doc

    def source_text(self, filename: str, data: bytes) -> str:
        return html_part(filename, _message(filename, data))[0]
