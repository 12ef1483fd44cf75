"""Citation metadata (#20): URL, archived URL, accessed, DOI, language beside the extracted
values, through the importer's date reading, exported in CSL-JSON, biblatex and RIS."""

from __future__ import annotations

import pytest
from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.core.store.errors import ValidationError


def _exported(archive, article_id):
    from palmyra_archive.core.export import bibtex, csl_json, ris
    from palmyra_archive.core.export.scope import Scope
    service = archive.exports
    with service._snapshot() as db:
        data, outlets = service._collect(db, Scope("ids", ids=(article_id,)), include_notes=False)
    article = data.articles[0]
    _type, fields = bibtex.bib_fields(article, outlets)
    return csl_json.csl_item(article, outlets), dict(fields), ris.ris_record(article, outlets)


def test_values_beside_extracted_with_events_and_exports(corpus_archive):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[0].name)
    shown = a.citation_fields.get(article_id)
    extracted_language = shown["language"]["extracted"]
    a.citation_fields.set(article_id, url="https://example.org/2016/03/palmyra",
                          archived_url="https://web.archive.org/web/2016/https://example.org/2016/03/palmyra",
                          accessed="27 March 2016", doi="https://doi.org/10.1234/Palmyra.2016",
                          language="FR")
    shown = a.citation_fields.get(article_id)
    assert shown["accessed"]["corrected"] == "2016-03-27"
    assert shown["doi"]["corrected"] == "10.1234/Palmyra.2016"
    assert shown["language"] == {"extracted": extracted_language, "corrected": "fr", "value": "fr"}
    assert shown["url"]["value"] == "https://example.org/2016/03/palmyra"
    events = [e for e in a.articles.history(article_id) if e.action == "correct"]
    assert {next(iter(e.after)) for e in events} == {"url", "archived_url", "accessed", "doi", "language"}

    csl, bib, ris_text = _exported(a, article_id)
    assert csl["URL"] == "https://example.org/2016/03/palmyra" and csl["DOI"] == "10.1234/Palmyra.2016"
    assert csl["accessed"] == {"date-parts": [[2016, 3, 27]]} and csl["language"] == "fr"
    assert "web.archive.org" in csl["note"]
    assert bib["url"] == "https://example.org/2016/03/palmyra" and bib["doi"] == "10.1234/Palmyra.2016"
    assert bib["urldate"] == "2016-03-27" and "web.archive.org" in bib["addendum"]
    assert "UR  - https://example.org/2016/03/palmyra" in ris_text and "DO  - 10.1234/Palmyra.2016" in ris_text
    assert "Y2  - 2016/03/27/" in ris_text and "LA  - fr" in ris_text

    a.citation_fields.set(article_id, accessed="mars 2016")
    assert a.citation_fields.get(article_id)["accessed"]["corrected"] == "2016-03"
    a.citation_fields.set(article_id, accessed="2016", language=None)
    shown = a.citation_fields.get(article_id)
    assert shown["accessed"]["corrected"] == "2016" and shown["language"]["value"] == extracted_language
    assert _exported(a, article_id)[0]["accessed"] == {"date-parts": [[2016]]}


@pytest.mark.parametrize("field, value, words", [
    ("url", "example.org/page", "web address"),
    ("archived_url", "ftp://x/y", "web address"),
    ("accessed", "12/03/2016", "date"),
    ("doi", "1234/abc", "not a DOI"),
    ("language", "French!", "language code"),
])
def test_bad_values_are_refused_in_one_sentence_and_nothing_is_written(corpus_archive, field, value, words):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[0].name)
    events = len(a.events.list(limit=10_000))
    with pytest.raises(ValidationError, match=words):
        a.citation_fields.set(article_id, doi="10.1234/ok-not-written", **{field: value}) \
            if field != "doi" else a.citation_fields.set(article_id, url="https://ok.example", doi=value)
    assert len(a.events.list(limit=10_000)) == events
    assert all(d["corrected"] is None for d in a.citation_fields.get(article_id).values())


def test_cli_citation_and_cite(tmp_path, capsys, _corpus_template):
    import shutil

    from palmyra_archive.cli import main
    path = tmp_path / "cli.palmyra.sqlite"
    shutil.copy(_corpus_template, path)

    def run(*args):
        code = main(["--archive", str(path), *args])
        return code, capsys.readouterr()

    code, (out, _) = run("citation", "1", "--doi", "10.5555/xyz", "--accessed", "27 March 2016")
    assert code == 0 and "Corrected the accessed date, DOI." in out and "(yours: 2016-03-27)" in out
    code, (_out, err) = run("citation", "1", "--url", "not a url")
    assert code == 1 and "not a web address" in err
    code, (out, _) = run("cite", "1", "2", "--style", "apa")
    assert code == 0 and "[@" in out and "\\cite{" in out and "<" not in out.splitlines()[0]
