"""CSL-JSON: the citation data Zotero, pandoc and every CSL processor read.

One item per article, cited as the copy that was read (its outlet, its date). Where it first
appeared is the sentence "First published by Y on D" in ``medium``: rendered with pandoc's
citeproc, CSL's ``original-publisher``/``original-date`` give wrong sentences for a web page in
the shipped styles (Chicago "Mondialisation.ca, Moon of Alabama, March 28, March 31.", APA
"(Original work published The Saker)", Harvard nothing), while ``medium`` is printed as a
reader expects in all four: after the copy (Chicago, MLA) or in brackets after the title (APA,
Harvard). The original's outlet and date stay machine-readable under ``custom``
(``palmyra-original-publisher``/``palmyra-original-date``) and in ``note``. Pseudonymous and organisational
authors are ``{"literal": …}``. Nothing the archive does not know is filled in: a missing title,
author or date is left out, and the styles print "n.d." or move the title up as they should.

A *provisional* title (the page's headline was lost and the importer used a stand-in) is put in
square brackets, the usual mark of a title supplied by the cataloguer, and the ``note`` says
so; a corrected title is the user's and is printed as is. Everything that is ours and not a CSL
variable (source hash, copy id) goes under ``custom``, which the CSL schema allows.

A PDF copy (#10) gives ``page``: the PDF pages its text stands on ("1-3"); the page of each
quoted passage is a cite's locator, so it is listed under ``custom`` as
``palmyra-quoted-passages`` (``locator``, ``label: page``, ``exact``) for a citing tool to use.
"""

from __future__ import annotations

import re

from ..annotate.pages import pages_of_body
from .citekeys import is_literal, split_name
from .collect import ArticleRecord

CSL_TYPE = "webpage"   # a copy read on a website; styles print its site as the container


def date_parts(iso: str | None) -> dict | None:
    """``2016-03-31`` -> ``{"date-parts": [[2016, 3, 31]]}``; partial dates stay partial."""
    if not iso:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
    if not match:
        return None
    return {"date-parts": [[int(p) for p in match.groups() if p]]}


def csl_name(name: str, outlets: frozenset[str] = frozenset()) -> dict:
    if is_literal(name, outlets):
        return {"literal": name}
    given, family = split_name(name)
    return {"family": family, "given": given} if given else {"family": family}


def display_title(article: ArticleRecord) -> str | None:
    """The title as cited: provisional ones in square brackets, missing ones absent."""
    if not article.title or article.title_status == "missing":
        return None
    if article.title_status == "provisional":
        return f"[{article.title}]"
    return article.title


def provenance_line(article: ArticleRecord) -> str:
    """"Read in X (2016-03-31); first published by Y (2016-03-28)", for notes and quotes."""
    copy = article.primary
    read = f"Read in {copy.outlet or 'an unnamed outlet'}"
    if copy.date:
        read += f" ({copy.date})"
    original = article.original
    if original and original.outlet and original.outlet != copy.outlet:
        read += f"; first published by {original.outlet}"
        if original.date:
            read += f" ({original.date})"
    elif original and original.date:
        read += f"; first published {original.date}"
    return read


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def reading_date(iso: str | None) -> str | None:
    """``2016-03-28`` -> "28 March 2016", at the date's own precision ("March 2016", "2016")."""
    parts = (date_parts(iso) or {}).get("date-parts", [[]])[0]
    if not parts:
        return None
    words = [str(parts[2])] if len(parts) > 2 else []
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        words.append(MONTHS[parts[1] - 1])
    return " ".join(words + [str(parts[0])])


def first_published(article: ArticleRecord) -> str | None:
    """"First published by Moon of Alabama on 28 March 2016": the original of a copy read
    elsewhere, as the sentence every shipped style prints after the copy's own details."""
    original, copy = article.original, article.primary
    if not original:
        return None
    by = original.outlet if original.outlet and original.outlet != copy.outlet else None
    when = reading_date(original.date)
    if not (by or when):
        return None
    text = "First published" + (f" by {by}" if by else "")
    if when:
        text += (" on " if len(when.split()) == 3 else " in ") + when
    return text


def csl_item(article: ArticleRecord, outlets: frozenset[str] = frozenset()) -> dict:
    copy = article.primary
    item: dict = {"id": article.key, "type": CSL_TYPE, "citation-key": article.key}
    title = display_title(article)
    if title:
        item["title"] = title
    if article.authors:
        item["author"] = [csl_name(n, outlets) for n in article.authors]
    if copy.translators:   # CSL's own variable: styles print "Translated by …"
        item["translator"] = [csl_name(n, outlets) for n in copy.translators]
    if copy.outlet:
        item["container-title"] = copy.outlet
    for key, value in (("issued", date_parts(copy.date)),
                       ("accessed", date_parts(copy.accessed or copy.imported_at))):
        if value:
            item[key] = value
    first = first_published(article)
    if first:
        item["medium"] = first
    if copy.section:
        item["section"] = copy.section
    if copy.language:
        item["language"] = copy.language
    if copy.url:
        item["URL"] = copy.url
    body_pages = pages_of_body(copy.pages)
    if body_pages:
        item["page"] = body_pages.replace("–", "-")
    if article.doi:
        item["DOI"] = article.doi
    notes = [provenance_line(article)]
    if copy.archived_url:
        notes.append(f"Archived at {copy.archived_url}.")
    if article.title_status == "provisional":
        notes.append("Title provisional: the source does not print one.")
    item["note"] = " ".join(notes)
    item["custom"] = {"palmyra-source-sha256": copy.sha256, "palmyra-source-file": copy.filename,
                      "palmyra-title-status": article.title_status}
    if copy.archived_url:
        item["custom"]["archived-url"] = copy.archived_url
    quoted = quoted_pages(article)
    if quoted:
        item["custom"]["palmyra-quoted-passages"] = quoted
    original = article.original
    if original and original.outlet and original.outlet != copy.outlet:
        item["custom"]["palmyra-original-publisher"] = original.outlet
    if original and original.date and date_parts(original.date):
        item["custom"]["palmyra-original-date"] = original.date[:10]
    return item


def quoted_pages(article: ArticleRecord) -> list[dict]:
    """Each annotated passage that stands on a known PDF page, as a CSL cite's locator
    (``{"locator": "4", "label": "page", "exact": …}``), in the order of the text."""
    return [{"locator": page.replace("–", "-"), "label": "page", "exact": a.exact}
            for a in article.annotations if (page := getattr(a, "page", None))]


def csl_items(articles: list[ArticleRecord], outlets: frozenset[str] = frozenset()) -> list[dict]:
    return [csl_item(a, outlets) for a in articles]
