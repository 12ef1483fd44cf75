"""File names that are safe inside a bundle whatever an article's title contains.

A title is user data: it may hold slashes, ``..``, control characters, a Windows device name
or two thousand characters. Every name we write into a bundle goes through ``SafeNamer`` so
it can never leave its folder, never collide with another, and stays short enough for every
file system a colleague might unzip it on.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 80
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
_SPACES = re.compile(r"[\s_]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def safe_stem(text: str, *, fallback: str = "item", limit: int = MAX_NAME_CHARS) -> str:
    """One path component made of ``text``: no separators, no control chars, no leading dots."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("-", text)
    text = _SPACES.sub("-", text).strip("-. ")
    text = re.sub(r"-{2,}", "-", text)
    text = text.lstrip(".")
    if not text or text.lower().split(".")[0] in _WINDOWS_RESERVED:
        text = f"{fallback}-{text}" if text else fallback
    encoded = text.encode("utf-8")[:limit]
    return encoded.decode("utf-8", "ignore").rstrip("-. ") or fallback


class SafeNamer:
    """Hands out unique safe names (case-insensitively unique, for macOS and Windows)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def name(self, text: str, suffix: str = "", *, fallback: str = "item") -> str:
        stem = safe_stem(text, fallback=fallback)
        candidate, n = stem + suffix, 2
        while candidate.casefold() in self._taken:
            candidate = f"{stem}-{n}{suffix}"
            n += 1
        self._taken.add(candidate.casefold())
        return candidate


def is_safe_member(name: str) -> bool:
    """True when a zip member name stays inside the folder it is extracted to."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.replace("\\", "/").split("/")
    return all(part not in ("..",) for part in parts)
