"""A new outlet is a data file, not a code change; the shipped data files are well-formed."""

from __future__ import annotations

import json
import shutil

from palmyra_archive.core.ingest.article import parse_article
from palmyra_archive.core.ingest.rules import load_rules
from palmyra_archive.core.store.paths import resources_dir

ARTICLE = ("Ten Years On\n\nBy Sam Roe, 2 June 2017\n\nThe article text, long enough to be prose, ends here.\n\n"
           "Les blogs citoyens peuvent reprendre ce texte avec mention du Courrier du Levant et lien actif.\n")


def test_a_new_outlet_file_teaches_the_parser_its_footer(tmp_path):
    before = parse_article(ARTICLE)
    assert before.rights == [] and before.outlet.status == "missing"
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "rules", root / "rules")
    shutil.copytree(resources_dir() / "outlets", root / "outlets")
    (root / "outlets" / "courrier-du-levant.json").write_text(json.dumps({
        "id": "courrierdulevant.example", "name": "Le Courrier du Levant", "aliases": ["CDL"],
        "domains": ["courrierdulevant.example"], "language": "fr",
        "rights": [{"kind": "reprint_terms", "id": "reprint", "language": "fr",
                    "opens": "^Les blogs citoyens peuvent reprendre",
                    "requires": ["source of the article", "hyperlink to the original article"],
                    "allowed_for": "citizen blogs"}],
    }), encoding="utf-8")
    after = parse_article(ARTICLE, load_rules(str(root)))
    (terms,) = after.rights
    assert (terms.kind, terms.language, terms.allowed_for) == ("reprint_terms", "fr", "citizen blogs")
    assert terms.requires == ["source of the article", "hyperlink to the original article"]
    assert terms.method == "outlet:courrierdulevant.example:reprint"
    assert (after.outlet.value, after.outlet.status) == ("Le Courrier du Levant", "inferred")
    assert after.body.endswith("ends here.")


def test_shipped_outlet_files_are_complete():
    files = sorted((resources_dir() / "outlets").glob("*.json"))
    assert len(files) >= 4
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["id"] and data["name"], path.name
        for rule in data.get("rights", []):
            assert rule["kind"] in {"copyright", "disclaimer", "editor_note", "reprint_terms", "fair_use_notice"}
            assert rule.get("opens") or rule.get("contains"), (path.name, rule["id"])


def test_rules_are_loaded_once():
    assert load_rules() is load_rules()
    rules = load_rules()
    assert rules.canonical_outlet("www.mondialisation.ca") == "Mondialisation.ca"
    assert rules.canonical_outlet("the Saker blog") == "The Saker"
    assert rules.canonical_outlet("Unknown Gazette") == "Unknown Gazette"
