"""RIGHTS.md: for every source in the bundle, its rights statements verbatim, then in plain
words what the person holding the bundle must do to reuse it.

The verbatim text is the authority (printed in its own language, as a quote); the plain words
are our reading of the classified statement (kind, ``requires``, ``allowed_for``, ``otherwise``,
``contact``) and say so. Where nothing was printed we say that too, and advise the safe default.
"""

from __future__ import annotations

from ..text.markup import code_markdown, escape_markdown
from .collect import ArticleRecord, CopyRecord
from .csl_json import display_title

KIND_HEADINGS = {"reprint_terms": "Reprint terms", "copyright": "Copyright",
                 "disclaimer": "Disclaimer", "fair_use_notice": "Fair-use notice",
                 "editor_note": "Editor's note"}
ORDER = ["reprint_terms", "copyright", "disclaimer", "fair_use_notice", "editor_note"]


def _quote(text: str) -> str:
    return "\n".join("> " + escape_markdown(line) if line.strip() else ">"
                     for line in text.strip().splitlines())


def plain_words(copy: CopyRecord) -> list[str]:
    """What a reuser must do, one sentence per statement kind found (or the default)."""
    outlet = copy.outlet or "the outlet"
    advice = []
    for r in copy.rights:
        if r["kind"] == "reprint_terms":
            line = f"To republish this text you must follow {outlet}'s reprint terms"
            if r["requires"]:
                line += ": include " + "; ".join(r["requires"])
            if r["allowed_for"]:
                line += f". They allow reuse for {r['allowed_for']}"
            if r["otherwise"]:
                line += f"; otherwise {r['otherwise']}"
            if r["contact"]:
                line += f" (contact: {r['contact']})"
            advice.append(line + ".")
        elif r["kind"] == "copyright":
            holder = r["holder"] or "its holder"
            year = f" ({r['year']})" if r["year"] else ""
            advice.append(f"The text is copyright {holder}{year}: quote short passages with "
                          "attribution; republishing more needs the holder's permission unless "
                          "the reprint terms above grant it.")
        elif r["kind"] == "disclaimer":
            advice.append(f"{outlet} disclaims responsibility for the views: attribute claims to "
                          "the author, not to the outlet.")
        elif r["kind"] == "fair_use_notice":
            advice.append(f"{outlet} says it uses some material without the holder's permission "
                          "(fair use): the rights in this text may belong to someone else; check "
                          "the original before reuse.")
    if not any(r["kind"] in ("reprint_terms", "copyright") for r in copy.rights):
        advice.append("No copyright or reprint terms were printed with this copy: assume all "
                      "rights are reserved, quote briefly, and cite the author and outlet.")
    return list(dict.fromkeys(advice))


def rights_markdown(articles: list[ArticleRecord]) -> str:
    out = ["# Rights", "",
           "For each source in this bundle: the rights statements exactly as printed (in their "
           "own language), then what they mean for you in plain words. The printed text is "
           "what counts; the plain words are Palmyra Archive's reading of it.", ""]
    seen: set[str] = set()
    for article in articles:
        for copy in article.copies:
            if copy.sha256 in seen:
                continue
            seen.add(copy.sha256)
            out += [f"## {escape_markdown(display_title(article) or '(untitled)')} [@{article.key}]", "",
                    f"- Read in: {escape_markdown(copy.outlet or 'unknown outlet')}"
                    + (f", {escape_markdown(copy.date)}" if copy.date else ""),
                    f"- Source file: {code_markdown(copy.filename)} (`sha256:{copy.sha256}`)", ""]
            statements = sorted(copy.rights, key=lambda r: ORDER.index(r["kind"]) if r["kind"] in ORDER else 9)
            for r in statements:
                lang = f" ({r['language']})" if r["language"] else ""
                out += [f"### {KIND_HEADINGS.get(r['kind'], r['kind'])}{lang}", "", _quote(r["text"]), ""]
            if not statements:
                out += ["No rights statement was printed with this copy.", ""]
            out += ["**What you must do to reuse it:**", ""]
            out += [f"- {escape_markdown(line)}" for line in plain_words(copy)] + [""]
    return "\n".join(out).rstrip() + "\n"
