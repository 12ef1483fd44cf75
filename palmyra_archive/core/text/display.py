"""Characters that print nothing or reorder a line: found, stripped or made visible (pure).

Why: a file of zero-width spaces imported as an article with an invisible title, and
right-to-left overrides (U+202E …) in a title or file name reordered the terminal line that
``list`` and the import summary printed. The stored source always stays byte for byte; only
derived values (the title) and what is displayed pass through here.
"""

from __future__ import annotations

import re
import unicodedata

#: embeddings, overrides and isolates: they reorder the text around them until a terminator
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: letters that draw nothing though they are not format characters
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def strip_bidi(text: str) -> str:
    return _BIDI.sub("", text)


def mark_bidi(text: str, *, json_escape: bool = False) -> str:
    """Each control as ``[U+202E]`` (or ``\\u202e``, which is the same JSON string)."""
    if json_escape:
        return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def is_invisible(char: str) -> bool:
    return (char.isspace() or char in _BLANK_LETTERS
            or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp"))


def has_visible_text(text: str) -> bool:
    return not all(is_invisible(c) for c in text)


class BidiSafeStream:
    """A text stream that prints bidi controls as visible marks (the CLI's stdout and stderr)."""

    def __init__(self, stream, *, json_escape: bool = False):
        self._stream = stream
        self._json = json_escape

    def write(self, text: str) -> int:
        self._stream.write(mark_bidi(text, json_escape=self._json))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)
