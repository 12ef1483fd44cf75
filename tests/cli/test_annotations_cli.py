"""The command line for tags, annotations, notes and collections."""

import json

import pytest

from palmyra_archive.cli import main
from palmyra_archive.core.archive import Archive
from tests.support.annotation_helpers import add_article

BODY = ("The ministry said the operation liberated the town. Residents said the town was "
        "occupied, and the ministry did not reply.")


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "cli.palmyra.sqlite"
    with Archive.open(path) as archive:
        add_article(archive, BODY, title="Liberated or occupied?")
    return path


def run(path, capsys, *argv):
    code = main(["--archive", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_then_list_as_text_and_w3c(path, capsys):
    code, out, _ = run(path, capsys, "annotate", "1", "--quote", "liberated the town",
                       "--note", "claim", "--tag", "framing/liberation", "--color", "red")
    assert code == 0 and "Annotation 1 on article 1" in out
    code, out, _ = run(path, capsys, "annotations", "--tag", "framing")
    assert "“liberated the town”" in out and "#framing/liberation" in out and "[red]" in out
    assert out.strip().endswith("1 annotation(s)")
    code, out, _ = run(path, capsys, "annotations", "--json")
    data = json.loads(out)
    assert data["type"] == "AnnotationCollection" and data["total"] == 1
    assert data["first"]["items"][0]["target"]["selector"][0]["exact"] == "liberated the town"


def test_annotate_refuses_absent_or_ambiguous_quotes(path, capsys):
    code, _, err = run(path, capsys, "annotate", "1", "--quote", "ministry")
    assert code == 1 and "occurs 2 times" in err
    code, _, err = run(path, capsys, "annotate", "1", "--quote", "bombed the bridge")
    assert code == 1 and "is not in the text" in err
    code, out, _ = run(path, capsys, "annotate", "1", "--quote", "ministry", "--occurrence", "2")
    assert code == 0
    code, _, err = run(path, capsys, "annotate", "7", "--quote", "x")
    assert code == 1 and "no article 7" in err


def test_unannotate_and_restore(path, capsys):
    run(path, capsys, "annotate", "1", "--quote", "did not reply")
    assert run(path, capsys, "unannotate", "1")[0] == 0
    assert run(path, capsys, "annotations")[1].strip() == "0 annotation(s)"
    run(path, capsys, "unannotate", "1", "--restore")
    assert "did not reply" in run(path, capsys, "annotations")[1]


def test_tag_untag_and_tree_with_counts(path, capsys):
    code, out, _ = run(path, capsys, "tag", "1", "framing/liberation", "actor/ministry")
    assert code == 0 and "1: actor/ministry, framing/liberation" in out
    out = run(path, capsys, "tags")[1]
    assert "Your tags\n  actor  (0 article(s), 0 annotation(s))\n    ministry  (1 article(s)" in out
    run(path, capsys, "untag", "1", "actor/ministry")
    assert "ministry  (0 article(s)" in run(path, capsys, "tags")[1]
    tags = json.loads(run(path, capsys, "tags", "--json")[1])
    assert {t["path"]: t["articles"] for t in tags}["framing/liberation"] == 1


def test_note_print_set_and_edit(path, capsys, monkeypatch, tmp_path):
    assert "has no note yet" in run(path, capsys, "note", "1")[1]
    run(path, capsys, "note", "1", "--set", "Check **dates**")
    assert run(path, capsys, "note", "1")[1].strip() == "Check **dates**"
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\necho "Appended by editor" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    assert run(path, capsys, "note", "1", "--edit")[0] == 0
    assert run(path, capsys, "note", "1")[1] == "Check **dates**Appended by editor\n\n"


def test_collections_add_and_list(path, capsys):
    assert "No collections yet" in run(path, capsys, "collections")[1]
    assert "Added 1 article(s)" in run(path, capsys, "collections", "add", "Ukraine", "1")[1]
    assert run(path, capsys, "collections")[1] == "Ukraine  (1 article(s))\n"
    code, _, err = run(path, capsys, "collections", "add", "Ukraine")
    assert code == 1 and "Usage" in err


def test_tag_tree_shows_site_tags_apart_under_their_label(path, capsys):
    with Archive.open(path) as archive:   # as the importer writes them: no parent row
        archive.db.execute("INSERT INTO tags (path, namespace, created_at) "
                           "VALUES ('site:Thème/Terrorism', 'site', '2026-01-01T00:00:00Z')")
    run(path, capsys, "tag", "1", "framing/liberation")
    out = run(path, capsys, "tags")[1]
    assert out.index("Your tags") < out.index("Site tags")
    assert "Site tags\n  site:Thème\n    Terrorism  (0 article(s), 0 annotation(s))" in out


def test_tags_rename_move_merge_colour_delete(path, capsys):
    run(path, capsys, "tag", "1", "framing/liberation", "frame/victory")
    run(path, capsys, "annotate", "1", "--quote", "did not reply", "--tag", "framing/liberation")
    code, out, _ = run(path, capsys, "tags", "rename", "framing", "frames")
    assert code == 0 and "Renamed 'framing' to 'frames' (2 tag(s))" in out
    out = run(path, capsys, "tags", "merge", "frames/liberation", "frame/victory")[1]
    assert "(0 article(s), 1 annotation(s) moved)" in out    # the article had both already
    assert "#frame/victory" in run(path, capsys, "annotations")[1]
    run(path, capsys, "tags", "move", "frame/victory", "claims")
    run(path, capsys, "tags", "color", "claims/victory", "red")
    out = run(path, capsys, "tags")[1]
    assert "claims  (0 article(s), 0 annotation(s))\n    victory [red]  (1 article(s), 1 annotation(s))" in out
    assert "Deleted 'frames'" in run(path, capsys, "tags", "delete", "frames")[1]
    code, _, err = run(path, capsys, "tags", "delete", "frames")
    assert code == 1 and "There is no tag 'frames'" in err
    code, _, err = run(path, capsys, "tags", "rename", "claims")
    assert code == 1 and "takes 2 argument(s)" in err
