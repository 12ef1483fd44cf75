"""Reader comments as a tree (index, parent_index, depth) from how the thread was printed.

Why indentation: scraped threads keep no ids, only layout. A numbered item at the thread's
left margin starts a top-level comment; a bullet (or a "Name says:" line) starts a reply to
the nearest comment printed further left; a numbered item deeper in is a list inside the
current comment, not a reply. A stack of open comments makes this one linear pass, whatever
the depth.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import find_date
from .lines import Line
from .model import Comment, Span
from .rules import load_rules

_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\.\s+(?=\S)")
_BULLET = re.compile(r"^[•●◦▪‣]\s+(?=\S)")
SAYS = re.compile(r"^(?P<author>[^\s].{0,60}?)\s+(?:says|said|dit|a dit|писал)\s?:?$", re.I)
_REPLY = re.compile(r"^(?:Reply|Répondre|Log in to Reply|Reply ↓)$", re.I)
_STAMP = re.compile(r"^(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})(?:,? (?:at|à) \d{1,2}[:h]\d\d(?: ?[ap]m)?)?$", re.I)


_STAMPED = re.compile(r"^(?P<author>[^\s·•].{0,60}?)(?:\s+Mod)?(?:\s*>\s*(?P<to>[^·•]{1,60}?))?\s+[·•]\s+(?P<stamp>\S.{0,60})$")


_OLD_SAYS_WORDS = frozenset({"says", "said", "dit", "писал"})


def _says(text: str) -> re.Match[str] | None:
    if not text.endswith(":"):        # the pattern is dear; most lines end with no such word
        last = text.rsplit(None, 1)[-1].casefold() if text.strip() else ""
        if last not in _OLD_SAYS_WORDS:
            words = load_rules().comment_words
            if words is None or last not in words.says_last_words:
                return None
    words = load_rules().comment_words
    return (words.says if words is not None else SAYS).match(text)


@lru_cache(maxsize=4096)
def stamp(text: str) -> tuple[str | None, str] | None:
    """A comment's stamp ("March 5, 2017 at 4:12 pm", "7 mai 2017 à 18 h 20", "3 hours ago"):
    (ISO date or None, as printed), or None when ``text`` is not one."""
    text = text.strip()
    if len(text) > 70:
        return None
    words = load_rules().comment_words
    if words is not None and words.ago.match(text):
        return None, text
    date = find_date(text)
    if date is None or date.start != 0 or not date.iso:
        return None
    rest = text[date.end:]
    if rest.strip() and (words is None or not words.time_tail.match(rest)):
        return None
    return date.iso, text


def _stamped(text: str) -> re.Match[str] | None:
    if len(text) > 140 or ("·" not in text and "•" not in text):
        return None
    match = _STAMPED.match(text)
    return match if match and stamp(match.group("stamp")) is not None else None


def _reply_line(text: str) -> bool:
    if len(text) > 40:        # every reply word is short ("Log in to Reply"): prose skips the patterns
        return False
    words = load_rules().comment_words
    return bool(_REPLY.match(text) or (words is not None and words.reply.match(text)))


def thread_start(lines: list[Line], after: int) -> int | None:
    """Index of the first line of a comment thread below line ``after``, if any."""
    for index in range(after + 1, len(lines)):
        line = lines[index]
        if len(line.text) <= 80 and (_says(line.text) or _stamped(line.text)):
            return index
        if line.indent > 0 and (_NUMBERED.match(line.text) or _BULLET.match(line.text)):
            previous = lines[index - 1]
            if previous.indent == 0 and not _NUMBERED.match(previous.text):
                return index
    return None


def thread_stop(lines: list[Line], start: int | None, site: set[int], is_footer) -> int:
    """Where the thread ends: at a footer line back at its margin, or (for an indented thread)
    at the first line printed left of it."""
    if start is None:
        return len(lines)
    margin = lines[start].indent
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if index in site or line.indent > margin:
            continue
        if (margin > 0 and line.indent < margin) or is_footer(line.text):
            return index
    return len(lines)


def read_thread(text: str, lines: list[Line], start: int, stop: int, site: set[int]) -> list[Comment]:
    """Comments printed in ``lines[start:stop]`` (site-text lines skipped)."""
    comments: list[Comment] = []
    parts: list[list[Line]] = []
    stack: list[tuple[int, int]] = []          # (marker indent, comment index)
    margin = lines[start].indent if start < stop else 0
    for line in lines[start:stop]:
        if line.index in site or _reply_line(line.text):
            continue
        opener = _opener(line, margin)
        if opener is None and not parts:   # a stretch the user marked as comments, unmarked
            opener = "plain"
        if opener is None:
            if parts:
                parts[-1].append(line)
            continue
        while stack and stack[-1][0] >= line.indent and opener != "top":
            stack.pop()
        if opener == "top":
            stack.clear()
        parent = stack[-1][1] if stack else None
        author, date, printed = None, None, None
        if opener == "says" and (said := _says(line.text)) is not None:
            author, date, printed = _author_and_stamp(said.group("author"))
        elif opener == "stamped" and (match := _stamped(line.text)) is not None:
            author = match.group("author").strip()
            date, printed = stamp(match.group("stamp")) or (None, None)   # _stamped read one
            to = match.group("to") or (author[1:] if author.startswith("@") else None)
            if author.startswith("@"):
                author = None
            if to:          # "@Name" / "> Name": a reply to Name's latest comment
                named = [c.index for c in comments if c.author and c.author.casefold() == to.strip().casefold()]
                if named:
                    parent = named[-1]
        depth = comments[parent].depth + 1 if parent is not None else 0
        comments.append(Comment(len(comments), parent, depth, "", author=author, date=date,
                                date_as_printed=printed))
        parts.append([line])
        stack.append((line.indent, len(comments) - 1))
    for comment, members in zip(comments, parts):
        _fill(comment, members, text)
    return comments


def _author_and_stamp(author: str) -> tuple[str, str | None, str | None]:
    """"Maria Gomez on June 3, 2017 at 6:10 pm" (WordPress's "… said:"): the name and the stamp."""
    joiners = load_rules().head.date_joiners
    words = author.split(" ")
    for at in range(1, len(words) - 1):
        if words[at].casefold() in joiners:
            stamped = stamp(" ".join(words[at + 1:]))
            if stamped is not None:
                return " ".join(words[:at]), stamped[0], stamped[1]
    return author, None, None


def _opener(line: Line, margin: int) -> str | None:
    if len(line.text) <= 80 and _says(line.text):
        return "says"
    if _stamped(line.text):
        return "stamped"
    if _BULLET.match(line.text):
        return "reply"
    if _NUMBERED.match(line.text) and line.indent <= margin:
        return "top"
    return None


def _fill(comment: Comment, members: list[Line], text: str) -> None:
    first = members[0]
    pieces: list[str] = []
    previous_block = first.block
    opened_by_name = comment.author is not None or comment.date_as_printed is not None
    for position, line in enumerate(members):
        if position == 0 and opened_by_name:
            continue
        content = line.text
        if position == 0:
            content = _BULLET.sub("", _NUMBERED.sub("", content, count=1), count=1)
        stamped = stamp(content) if position <= 2 else None
        if stamped is not None and comment.date_as_printed is None:
            comment.date, comment.date_as_printed = stamped
            continue
        if _STAMP.match(content):
            continue
        if pieces:
            pieces.append("\n\n" if line.block != previous_block else "\n")
        pieces.append(content)
        previous_block = line.block
    comment.text = "".join(pieces)
    comment.span = Span(first.start, members[-1].end)
