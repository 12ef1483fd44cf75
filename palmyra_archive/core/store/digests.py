"""Checking a web archive's payload digest against stored bytes.

Shared by the WARC reader (at import) and the integrity check (at verify): a pure function of
the header and the bytes, so it lives with the store, which every room may use.
"""

from __future__ import annotations

import base64
import hashlib


def payload_digest_ok(header: str | None, payload: bytes) -> bool | None:
    """Whether ``payload`` matches a WARC ``WARC-Payload-Digest`` header such as
    ``sha1:<base32>`` (hex and base64 spellings too); ``None`` when the header names no
    digest this Python knows, so nothing is claimed either way."""
    if not header or ":" not in header:
        return None
    algorithm, _, expected = header.partition(":")
    algorithm = algorithm.lower().replace("-", "")
    try:
        digest = hashlib.new(algorithm, payload).digest()
    except ValueError:
        return None
    expected = expected.strip()
    candidates = {base64.b32encode(digest).decode(), digest.hex(), base64.b64encode(digest).decode()}
    return expected in candidates or expected.upper() in candidates or expected.lower() in candidates
