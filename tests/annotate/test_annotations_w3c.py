"""The W3C Web Annotation export, checked against the W3C test suite's MUST assertions."""

import json
import subprocess

import pytest
from conftest import CORPUS_FILES, SHARED_DIR, article_id_for

from tests.support.annotation_helpers import add_article, add_copy

BODY = "The ministry said the operation liberated the town, residents said it was occupied."
VALIDATOR = SHARED_DIR / "tools" / "validators" / "check_w3c_annotations.py"
VENV_PYTHON = __import__("pathlib").Path("/tmp/palmyra-validators-venv/bin/python")


def _collection(archive):
    art = add_article(archive, BODY)
    a1 = archive.annotations.create_from_quote(art, "liberated the town", note="**claim**",
                                               tags=["framing/liberation"]).created_id
    a2 = archive.annotations.create_from_quote(art, "it was occupied").created_id
    return archive.annotations.to_w3c(), (a1, a2)


def test_collection_shape_ids_and_selectors(archive):
    coll, (a1, a2) = _collection(archive)
    uuid = archive.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()[0]
    assert coll["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert coll["type"] == "AnnotationCollection" and coll["total"] == 2
    first = coll["first"]["items"][0]
    assert first["id"] == f"urn:palmyra:annotation:{uuid}:{a1}"
    sha = archive.db.execute("SELECT s.sha256 FROM sources s JOIN copies c ON c.source_id = s.id "
                             "JOIN annotations a ON a.copy_id = c.id WHERE a.id = ?",
                             [a1]).fetchone()[0]
    assert first["target"]["source"] == f"urn:sha256:{sha}"
    quote, position = first["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "liberated the town",
                     "prefix": "The ministry said the operation ", "suffix": ", residents said it was occupied"}
    assert BODY[position["start"]:position["end"]] == "liberated the town"   # source = body + footer
    assert first["body"] == [
        {"type": "TextualBody", "value": "**claim**", "format": "text/markdown",
         "purpose": "commenting"},
        {"type": "TextualBody", "value": "framing/liberation", "purpose": "tagging"}]
    assert "body" not in coll["first"]["items"][1]
    assert archive.annotations.to_w3c([a2])["total"] == 1
    assert archive.annotations.to_w3c()["first"]["items"][0]["id"] == first["id"]  # stable


def test_export_passes_the_w3c_validator(archive, tmp_path):
    if not VALIDATOR.exists():
        pytest.skip(f"the shared validators are absent ({VALIDATOR} not found)")
    if not VENV_PYTHON.exists():
        pytest.skip("the validators' environment is not set up (run tools/validators/setup.sh)")
    coll, _ = _collection(archive)
    out = tmp_path / "annotations.jsonld"
    out.write_text(json.dumps(coll), "utf-8")
    result = subprocess.run([str(VENV_PYTHON), str(VALIDATOR), str(out)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_selectors_describe_the_source_file_the_target_names(archive):
    """The body is cleaned (captions lifted, link markup resolved); W3C offsets are the file's."""
    art = add_article(archive, "placeholder")
    source = ("HEADER OF THE SITE\nThe ministry said the [operation](http://x.example/op) "
              "liberated the town, residents said it was occupied.\nFOOTER")
    body = ("The ministry said the operation liberated the town, residents said it was "
            "occupied.")
    copy = add_copy(archive, art, body, source_text=source, filename="linked.txt")
    verbatim = archive.annotations.create_from_quote(art, "liberated the town", copy_id=copy)
    linked = archive.annotations.create_from_quote(art, "the operation liberated", copy_id=copy)
    items = {i["id"].rsplit(":", 1)[1]: i for i in archive.annotations.to_w3c()["first"]["items"]}
    quote, position = items[str(verbatim.created_id)]["target"]["selector"]
    assert source[position["start"]:position["end"]] == quote["exact"] == "liberated the town"
    assert quote["prefix"] == source[position["start"] - 32:position["start"]]
    (only_quote,) = items[str(linked.created_id)]["target"]["selector"]   # not verbatim in the file
    assert only_quote == {"type": "TextQuoteSelector", "exact": "the operation liberated",
                          "prefix": "The ministry said ", "suffix": " the town, residents said it was"}


def test_corpus_positions_index_the_decoded_source(corpus_archive):
    archive = corpus_archive
    for path in CORPUS_FILES:
        art = article_id_for(archive, path.name)
        body = archive.articles.get(art).body
        start = body.index(" ", len(body) // 2) + 1
        archive.annotations.create(art, start, body.index(" ", start + 30))
    items = archive.annotations.to_w3c()["first"]["items"]
    positions = 0
    for item, path in zip(items, CORPUS_FILES):
        text = archive.articles.source_view(article_id_for(archive, path.name)).text
        selectors = item["target"]["selector"]
        if len(selectors) == 2:
            quote, position = selectors
            assert text[position["start"]:position["end"]] == quote["exact"]
            positions += 1
    assert positions >= 3
