"""Say in plain words what a rights statement lets a researcher do and what a reprint must carry.

The importer classifies each statement (kind, holder, year, requires, allowed_for, otherwise,
contact); this turns those fields into one sentence, e.g. "Allowed on alternative media
websites; must carry: source of the article, URL, hyperlink to the original article,
copyright notice; otherwise ask media@globalresearch.ca".
"""

from __future__ import annotations

from ...core.store.records import RightsLine

KIND_LABELS = {
    "copyright": "Copyright notice", "disclaimer": "Disclaimer", "editor_note": "Editor's note",
    "reprint_terms": "Reprint terms", "fair_use_notice": "Fair-use notice",
}

#: codes the importer may use in ``requires``, in words
REQUIREMENT_WORDS = {
    "source": "source of the article", "source_of_article": "source of the article",
    "article_source": "source of the article",
    "url": "URL", "address": "URL", "link": "hyperlink to the original article",
    "hyperlink": "hyperlink to the original article",
    "hyperlink_to_original": "hyperlink to the original article",
    "copyright": "copyright notice", "copyright_notice": "copyright notice",
    "author": "the author's name", "attribution": "attribution",
}


def _words(code: str) -> str:
    return REQUIREMENT_WORDS.get(code, code.replace("_", " "))


def plain_words(statement: RightsLine) -> str:
    """One sentence for a person; empty when there is nothing to say beyond the verbatim text."""
    kind = statement.kind
    parts: list[str] = []
    allowed = statement.allowed_for
    requires = [_words(r) for r in statement.requires or []]
    contact = statement.contact
    otherwise = f"ask {contact}" if contact else statement.otherwise
    if allowed:
        parts.append(f"Allowed {allowed}" if allowed.split(" ", 1)[0] in ("on", "in", "for", "with")
                     else f"Allowed on {allowed}")
    if requires:
        parts.append("must carry: " + ", ".join(dict.fromkeys(requires)))
    if otherwise:
        parts.append(f"otherwise {otherwise}")
    if parts:
        sentence = "; ".join(parts)
        return sentence[0].upper() + sentence[1:]
    if kind == "copyright":
        holder, year = statement.holder, statement.year
        if holder:
            return f"Rights belong to {holder}{f' ({year})' if year else ''}; ask them before reprinting."
    if kind == "disclaimer":
        return "The publisher disclaims responsibility for the content; it grants no rights."
    if kind == "fair_use_notice":
        return "The site itself relies on fair use; reusing this material needs the holder's permission."
    if kind == "editor_note":
        return "A note from the editors; it grants no rights."
    return ""
