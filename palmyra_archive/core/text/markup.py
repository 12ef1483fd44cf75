"""Text from a source or a user, made inert for every HTML and Markdown file the app writes.

A scraped title can carry ``<script>``, ``<img src="http://…">`` or ``<b>``; a note can carry
``![x](http://…)`` or ``[x](file:///etc/passwd)``. Whoever opens a bundle in a browser or a
Markdown viewer, and every view of the app, must see those characters as text. One way to do
it, here: ``escape_html`` for HTML writers, ``escape_markdown`` for a source's text in a
Markdown file, ``defang_markdown`` for a user's Markdown note copied into one, ``note_html`` for
a note shown rendered (no raw HTML, no images, only web links), ``is_web_link`` for which
addresses may be offered as links at all. No Qt here: the GUI builds on these.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

#: the only schemes offered as links; file:, data:, javascript:, qrc: … are shown as text
WEB_SCHEMES = frozenset({"http", "https", "mailto"})

_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_MD_ACTIVE = re.compile(r"([\\<>\[\]])|&(?=#?\w+;)")
_MD_IMAGE = re.compile(r"!(?=\[)")
_MD_LINK_DEST = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.\-]*):")


def escape_html(text, *, quote: bool = True) -> str:
    """``text`` as HTML text (and, with ``quote``, safe inside an attribute value)."""
    return html.escape("" if text is None else str(text), quote=quote)


def is_web_link(target: str | None) -> bool:
    """Whether ``target`` is an absolute http(s) or mailto address (browsers and Qt drop
    whitespace and control characters inside a scheme, so they are dropped before looking)."""
    if not target:
        return False
    cleaned = _INVISIBLE.sub("", target)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    if parts.scheme.lower() not in WEB_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


def escape_markdown(text) -> str:
    """A source's text for a Markdown file: no raw HTML, autolink, link or image can start in it
    (``<``, ``>``, ``[``, ``]``, ``\\`` and entity references are backslash-escaped), while
    emphasis characters stay as printed so the text still reads."""
    return _MD_ACTIVE.sub(lambda m: "\\" + (m.group(1) or "&"), "" if text is None else str(text))


def code_markdown(text) -> str:
    """``text`` as a Markdown code span (a tag, a file name), or escaped text when a backtick in
    it would end the span early and let the rest be read as markup."""
    text = "" if text is None else str(text)
    return f"`{text}`" if "`" not in text and "\n" not in text else \
        escape_markdown(text).replace("`", "\\`")


def defang_markdown(text) -> str:
    """A user's Markdown note for a Markdown file: emphasis, lists and web links keep working;
    raw HTML is escaped, images become their ``!`` and link text, and links to file:, data:,
    javascript: and other non-web schemes become plain text."""
    text = "" if text is None else str(text)
    text = text.replace("\\<", "<").replace("<", "\\<")
    text = _MD_IMAGE.sub("\\!", text)
    return _MD_LINK_DEST.sub(lambda m: m.group(0) if m.group(1).lower() in WEB_SCHEMES
                             else "]\\(" + m.group(0)[2:], text)


@lru_cache(maxsize=1)
def _note_renderer():
    """Built on first use: importing markdown-it costs ~0.1 s of the GUI's startup otherwise."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    md.validateLink = is_web_link

    def image(_renderer, tokens, idx, _options, _env):
        token = tokens[idx]
        alt = "".join(child.content for child in token.children or []) or token.content
        src = token.attrGet("src") or ""
        return escape_html(f"[image: {alt} — {src}]" if alt else f"[image: {src}]")

    def link_open(renderer, tokens, idx, options, env):
        tokens[idx].attrs.pop("title", None)   # Qt would show it as a rich-text tooltip
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    return md


def note_html(markdown: str | None) -> str:
    """A Markdown note as HTML that is safe to show: raw HTML is text, an image is the words
    "[image: alt — address]", and only http(s)/mailto links are links (without a title, which
    a view would show as a tooltip)."""
    return _note_renderer().render(markdown or "")


def note_plain(markdown: str | None) -> str:
    """A Markdown note as the words a reader sees, for one line of a list: "**Who** won?" is
    "Who won?", an image is "[image: alt]", raw HTML stays the characters it is (#16)."""
    words: list[str] = []
    for block in _note_renderer().parse(markdown or ""):
        if block.type != "inline":
            if block.type.endswith("_close") and words and words[-1] != " ":
                words.append(" ")
            continue
        for token in block.children or []:
            if token.type in ("text", "code_inline", "html_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif token.type == "image":
                alt = "".join(child.content for child in token.children or [])
                words.append(f"[image: {alt}]" if alt else "[image]")
    return " ".join("".join(words).split())
