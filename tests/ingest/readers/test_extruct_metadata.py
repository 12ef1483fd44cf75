"""What a page states about itself is read with extruct (#10): JSON-LD, microdata and OpenGraph,
each value with its evidence span and its method; nothing is fetched, not even a JSON-LD
@context given as a URL (checked under the no-network guard)."""

from __future__ import annotations

import json

from palmyra_archive.core.ingest.readers.html import HtmlReader
from tests.reliability.test_no_network import _attempts, _run_python, guarded_env  # noqa: F401

PARAGRAPHS = [
    "The harbour board voted on Monday to close the old fish market after ninety years of trade.",
    "Traders said they had not been told of the plan until the vote, and several asked for a delay.",
    "The board's chair said the building no longer met safety rules and that a new hall would open.",
    "A petition against the closure has gathered more than two thousand names in a week.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)

MICRODATA = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Fish market to close | Coastal Ledger</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Fish market to close after ninety years</h1>
<p>By <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Mara Quint</span></span>,
<time itemprop="datePublished" datetime="2024-03-11T08:30:00Z">11 March 2024</time></p>
<span itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><meta itemprop="name" content="Coastal Ledger"></span>
<div itemprop="articleBody">{BODY}</div></article>
<footer>© Coastal Ledger</footer></body></html>"""

REMOTE_CONTEXT = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Fish market to close</title>
<meta property="og:title" content="Fish market to close after ninety years">
<meta property="og:site_name" content="Coastal Ledger">
<meta property="article:published_time" content="2024-03-11T08:30:00Z">
<script type="application/ld+json">{{"@context": "https://schema.org/docs/jsonldcontext.jsonld",
 "@type": "NewsArticle", "headline": "Fish market to close after ninety years",
 "author": [{{"@type": "Person", "name": "Mara Quint"}}, {{"@type": "Person", "name": "Tom Field"}}],
 "publisher": {{"@type": "Organization", "name": "Coastal Ledger", "@id": "https://coastal-ledger.example/#org"}},
 "datePublished": "2024-03-11T08:30:00Z", "isBasedOn": "https://wire.example/2024/03/fish-market"}}</script>
</head><body><article><h1>Fish market to close after ninety years</h1>{BODY}</article></body></html>"""

OPENGRAPH_ONLY = f"""<!DOCTYPE html><html lang="en" prefix="og: https://ogp.me/ns#"><head><meta charset="utf-8">
<title>Fish market | Coastal Ledger</title>
<meta property="og:title" content="Fish market to close after ninety years">
<meta property="og:site_name" content="Coastal Ledger">
<meta property="article:published_time" content="2024-03-11">
<meta property="article:author" content="Mara Quint">
</head><body><article>{BODY}</article></body></html>"""


def _read(page: str):
    return HtmlReader().read("page.html", page.encode("utf-8")).articles[0], page


def _at(page: str, span) -> str:
    return page[span.start:span.end]


def test_microdata_gives_title_author_date_outlet_with_evidence():
    article, page = _read(MICRODATA)
    assert article.title.value == "Fish market to close after ninety years"
    assert article.title.method == "html:microdata-headline"
    assert _at(page, article.title.span) == "Fish market to close after ninety years"
    assert article.authors.value == ["Mara Quint"] and article.authors.method == "html:microdata-author"
    assert _at(page, article.authors.span) == "Mara Quint"
    assert article.date.value == "2024-03-11" and article.date.method == "html:microdata-datePublished"
    assert _at(page, article.date.span) == "2024-03-11T08:30:00Z"
    assert article.outlet.value == "Coastal Ledger" and article.outlet.status == "printed"
    assert "ninety years of trade" in article.body


def test_json_ld_with_a_remote_context_is_read_and_not_expanded():
    article, page = _read(REMOTE_CONTEXT)
    assert article.title.method == "html:jsonld-headline"
    assert article.authors.value == ["Mara Quint", "Tom Field"]
    assert article.date.value == "2024-03-11" and article.date.method == "html:jsonld-datePublished"
    assert article.outlet.value == "Coastal Ledger"
    [hop] = article.republications
    assert hop.url == "https://wire.example/2024/03/fish-market" and hop.method == "html:jsonld-isBasedOn"
    assert _at(page, hop.span) == hop.url


def test_opengraph_is_read_through_extruct():
    article, page = _read(OPENGRAPH_ONLY)
    assert article.title.value == "Fish market to close after ninety years"
    assert article.title.method == "html:og-title"
    assert article.date.method == "html:article-published_time" and article.date.value == "2024-03-11"
    assert article.outlet.value == "Coastal Ledger"
    assert _at(page, article.title.span) == "Fish market to close after ninety years"


# trafilatura imports urllib3, whose import creates an IPv6 socket to probe for IPv6 support (no
# address is reached: the guard refuses the socket and urllib3 takes it as "no IPv6"); that
# probe is imported first and its log line cleared, so what is checked is reading the pages
READ_UNDER_GUARD = """
import json, os, sys
import trafilatura
open(os.environ["PALMYRA_NETLOG"], "w").close()
from palmyra_archive.core.ingest.readers.html import HtmlReader
article = HtmlReader().read("page.html", open(sys.argv[1], "rb").read()).articles[0]
print(json.dumps({"title": article.title.value, "authors": article.authors.value,
                  "outlet": article.outlet.value, "date": article.date.value}))
"""


def test_nothing_is_fetched_for_a_remote_context(guarded_env, tmp_path):  # noqa: F811
    for name, page in (("remote.html", REMOTE_CONTEXT), ("micro.html", MICRODATA)):
        path = tmp_path / name
        path.write_text(page, encoding="utf-8")
        done = _run_python(guarded_env, READ_UNDER_GUARD, str(path))
        assert done.returncode == 0, done.stderr[-3000:]
        found = json.loads(done.stdout.strip().splitlines()[-1])
        assert found["title"] == "Fish market to close after ninety years"
        assert found["outlet"] == "Coastal Ledger" and found["date"] == "2024-03-11"
    assert _attempts(guarded_env) == []
