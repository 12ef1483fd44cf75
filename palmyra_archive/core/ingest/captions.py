"""Tell an image caption from article text (cues in ``resources/rules/captions.json``).

Why heuristics on one line: scraped copies keep the caption text but lose the image, so a
caption is a short standalone line that reads as a label ("PHOTO: …", "Map showing …",
"Ancient amphitheater of Palmyra, where …") or is printed twice in a row (alt text + caption).
"""

from __future__ import annotations

from .rules import Rules


def caption_kind(plain: str, rules: Rules) -> str | None:
    """The cue that marks ``plain`` (one line, markup resolved) as a caption, or None."""
    if len(plain) > 300:
        return None
    return rules.remembered("caption", plain, lambda line: _caption_cue(line, rules))


def _caption_cue(plain: str, rules: Rules) -> str | None:
    cues = rules.caption
    if len(plain) > 300 or len(plain.split()) > cues.max_words:
        return None
    if cues.prefix.match(plain):
        return "prefix"
    if cues.contains.search(plain):
        return "credit"
    if cues.fragment.match(plain) and plain.count(".") <= 1:
        return "fragment"
    return None


def is_truncated(plain: str, rules: Rules) -> bool:
    """A caption cut off in the source ("… (image from"): kept as printed and flagged."""
    stripped = plain.rstrip()
    if stripped.endswith((".", "!", "?", ")", "\"", "”", "»")):
        return False
    return bool(rules.caption.truncated_end.search(stripped))
