"""A hostile article for the markup tests (#21): markup in every text a source or a user gives.

Generated here, never checked in: a source file whose title, byline, caption and comment carry
``<script>``, ``<b>`` and ``<img>`` (remote and local), a corrected outlet with the same, and
notes, an annotation note and a research note in hostile Markdown. ``audit_html`` parses an
HTML text and lists what in it would be live.
"""

from __future__ import annotations

from html.parser import HTMLParser

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>bold</b>"
REMOTE_IMG = '<img src="http://example.invalid/x.png">'
LOCAL_IMG = '<img src="file:///tmp/probe.png">'
HOSTILE = f"{SCRIPT} {BOLD} {REMOTE_IMG} {LOCAL_IMG}"

TITLE = f"Rich {HOSTILE} title"
OUTLET = f"Outlet {BOLD} {REMOTE_IMG}"
HOSTILE_MARKDOWN = ("Note ![x](http://example.invalid/n.png) and " + LOCAL_IMG
                    + " then [passwd](file:///etc/passwd) and [js](javascript:alert(1))"
                    + " and [web](https://example.org/ok) and " + SCRIPT + " *kept*")
TAG = "t<b>x <img src=probe.png>"   # no "/": that would make a tag hierarchy

SOURCE = f"""{TITLE}

By Ann {LOCAL_IMG} Author, 3 May 2017

The article text starts here with a [local link](file:///etc/passwd) and a
[web link](https://example.org/a) and a quoted passage about {BOLD} markup worth annotating.

PHOTO: Caption {HOSTILE}

More article text here, long enough to be the body of a hostile article for the tests.

Ann says:
Comment {HOSTILE}
Reply
"""

#: the passage annotated in the body (it carries markup of its own)
QUOTE = f"a quoted passage about {BOLD} markup"


def make_hostile(archive, tmp_path) -> int:
    """Import the hostile source, correct its outlet, annotate and note it; its article id."""
    path = tmp_path / "hostile.txt"
    path.write_text(SOURCE, encoding="utf-8")
    report = archive.importer.import_paths([path])
    article_id = report.outcomes[0].article_ids[0]
    archive.articles.correct(article_id, outlet=OUTLET)
    archive.annotations.create_from_quote(article_id, QUOTE, note=HOSTILE_MARKDOWN, tags=[TAG])
    archive.notes.set_article_note(article_id, HOSTILE_MARKDOWN)
    archive.notes.create(f"Research {BOLD} {REMOTE_IMG}", HOSTILE_MARKDOWN, article_ids=[article_id])
    return article_id


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [(k, v or "") for k, v in attrs if k in ("src", "href", "srcset", "data",
                                                                 "action", "poster", "background")]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def audit_html(text: str) -> tuple[set[str], list[tuple[str, str]], str]:
    """(tag names, (attribute, address) of src/href…, the visible text) of an HTML text."""
    audit = _Audit()
    audit.feed(text)
    audit.close()
    return set(audit.tags), audit.urls, "".join(audit.text)


def live_markup(text: str, *, allowed_bold: bool = False) -> list[str]:
    """What in an HTML text came from the hostile input as markup rather than as text."""
    tags, urls, _ = audit_html(text)
    problems = [t for t in ("script", "img", "iframe", "object") if t in tags]
    if "b" in tags and not allowed_bold:
        problems.append("b")
    # a resource address anywhere is live; a link is live unless it is a web address
    problems += [f"{k}={v}" for k, v in urls
                 if k != "href" or not v.lower().startswith(("http://", "https://", "mailto:"))]
    return problems
