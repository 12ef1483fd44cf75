"""Rights statements are classified with their terms; provenance lines become a chain."""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest.parse import parse_document

HEAD = "A Title\n\nBy Ann Lee, 3 May 2017\n\nThe article text, long enough to be prose, ends here.\n\n"


def parse(footer: str):
    return parse_document("f.txt", (HEAD + footer).encode()).articles[0]


@pytest.mark.parametrize("line, kind, language", [
    ("Copyright © Ann Lee, The Daily, 2017. All rights reserved.", "copyright", None),
    ("Disclaimer: the views expressed are the author's own.", "disclaimer", "en"),
    ("Avis de non-responsabilité : les opinions n'engagent que l'auteur.", "disclaimer", "fr"),
    ("Editor's note: this piece was updated on May 4.", "editor_note", "en"),
    ("Note de la rédaction : article mis à jour.", "editor_note", "fr"),
    ("This site contains copyrighted material used under the fair use provision.", "fair_use_notice", None),
])
def test_statement_kinds(line, kind, language):
    art = parse(line + "\n")
    (statement,) = art.rights
    assert statement.kind == kind and statement.text == line
    if language:
        assert statement.language == language
    assert art.body.endswith("ends here.")


def test_copyright_holder_and_year():
    (statement,) = parse("Copyright © Ann Lee, The Daily, 2017. All rights reserved.\n").rights
    assert (statement.holder, statement.year) == ("Ann Lee", 2017)


def test_generic_reprint_terms_read_their_requirements():
    art = parse("This article may be republished by non-commercial websites provided the author's "
                "name, the source and a link back to the original article are kept.\n"
                "For print or commercial use, contact: rights@daily.example\n")
    (terms,) = art.rights
    assert terms.kind == "reprint_terms" and terms.method == "generic:rights-reprint-terms"
    assert terms.requires == ["author's name", "source of the article", "hyperlink to the original article"]
    assert terms.allowed_for == "non-commercial use"
    assert terms.otherwise == "ask permission: rights@daily.example (print, commercial sites)"
    assert terms.contact == "rights@daily.example"
    assert "rights@daily.example" in art.contacts


@pytest.mark.parametrize("line, outlet, relation, date", [
    ("The original source of this article is Consortium News", "Consortium News", "original_source", None),
    ("La source originale de cet article est Moon of Alabama", "Moon of Alabama", "original_source", None),
    ("Originally published by The Intercept on May 1, 2017.", "The Intercept", "first_published", "2017-05-01"),
    ("This article was first published in The Nation.", "The Nation", "first_published", None),
    ("Republished with permission from Syria Deeply.", "Syria Deeply", "republished_with_permission", None),
    ("Courtesy of The Saker", "The Saker", "courtesy", None),
    ("Publié initialement par Le Devoir, le 2 mai 2017", "Le Devoir", "first_published", "2017-05-02"),
    ("Cet article a été publié en premier par Orient XXI.", "Orient XXI", "first_published", None),
    ("Source: Sputnik", "Sputnik", "source", None),
    ("via Antiwar.com", "Antiwar.com", "via", None),
])
def test_provenance_phrasings(line, outlet, relation, date):
    art = parse(line + "\n")
    (hop,) = art.republications
    assert (hop.from_outlet, hop.relation, hop.from_date, hop.is_original) == (outlet, relation, date, True)
    assert hop.evidence == line
    assert hop.method.startswith("generic:provenance-")
    assert line not in art.body


def test_known_outlet_aliases_are_canonical_and_chains_order_by_distance():
    art = parse("Courtesy of the Saker blog\nThe original source of this article is Moon of Alabama\n")
    assert [(h.hop, h.from_outlet, h.is_original) for h in art.republications] == [
        (1, "The Saker", False), (2, "Moon of Alabama", True)]


def test_prose_mentioning_a_source_is_not_provenance():
    art = parse("He said the source of the leak was never found, and the matter rested there.\n")
    assert art.republications == [] and art.rights == []
    assert art.body.endswith("rested there.")


def test_an_unrecognised_clause_between_two_footer_clauses_stays_out_of_the_body():
    art = parse("Copyright © Ann Lee, 2017\n\n"
                "Avis de non-heritageé : Les opinions exprimées dans cet article n'engagent que l'auteur.\n\n"
                "Contact média: press@daily.example\n")
    assert art.body.endswith("ends here.")
    assert [r.kind for r in art.rights] == ["copyright"]
    assert art.contacts == ["press@daily.example"]
    assert [r.kind for r in art.regions][-2:] == ["rights", "footer"]


def test_a_link_whose_address_has_spaces_is_still_a_link():
    art = parse("[The Daily](http://The Daily) contains copyrighted material used under fair use.\n")
    (statement,) = art.rights
    assert statement.text.startswith("The Daily contains")
