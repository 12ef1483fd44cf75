"""The text-reuse commands (#11): reuse scan/list/confirm/reject/undo, compare, network."""

from __future__ import annotations

import json

from palmyra_archive.cli import main

from .helpers import copy, import_articles, make


def run(archive_path, capsys, *args) -> tuple[int, str]:
    code = main(["--archive", str(archive_path), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_list_confirm_undo_reject_from_the_command_line(archive, tmp_path, capsys):
    base = make(31)
    ids = import_articles(archive, tmp_path / "files", base, copy(base, "dropped", "a00001c0"))
    path = archive.path
    archive.close()
    code, out = run(path, capsys, "reuse", "list", "--json")
    (link,) = json.loads(out)
    assert code == 0 and link["kind"] == "same_work" and link["passages"]
    assert {link["copy_a"]["copy_id"], link["copy_b"]["copy_id"]} == set(ids.values())
    code, out = run(path, capsys, "reuse", "list")
    assert "same work" in out and "1 to review" in out
    assert run(path, capsys, "reuse", "confirm", str(link["id"]))[0] == 0
    code, out = run(path, capsys, "reuse", "confirm", str(link["id"]))
    assert code == 1 and "already confirmed" in out
    assert json.loads(run(path, capsys, "reuse", "list", "--status", "confirmed", "--json")[1])[0]["id"] == link["id"]
    code, out = run(path, capsys, "reuse", "undo", str(link["id"]))
    assert code == 0 and "proposed again" in out
    assert run(path, capsys, "reuse", "reject", str(link["id"]))[0] == 0
    code, out = run(path, capsys, "reuse", "scan")
    assert code == 0 and "0 new links proposed" in out
    assert "No proposed links" in run(path, capsys, "reuse", "list")[1]


def test_compare_prints_json_and_writes_an_html_report(archive, tmp_path, capsys):
    base = make(32)
    ids = import_articles(archive, tmp_path / "files", base, copy(base, "truncated", "a00001c0"))
    path = archive.path
    archive.close()
    report = tmp_path / "compare.html"
    a, b = ids.values()
    code, out = run(path, capsys, "compare", str(a), str(b), "--json", "--html", str(report))
    data = json.loads(out)
    assert code == 0 and {r["kind"] for r in data["rows"]} >= {"same", "cut"}
    assert report.read_text("utf-8").startswith("<!DOCTYPE html>")
    code, out = run(path, capsys, "compare", "article:1", "nonsense")
    assert code == 1 and "neither a copy id" in out


def test_network_writes_graphml_gexf_and_json(archive, tmp_path, capsys):
    base = make(33)
    import_articles(archive, tmp_path / "files", base, copy(base, "credited", "a00001c0"))
    path = archive.path
    archive.close()
    for fmt, marker in (("graphml", "<graphml"), ("gexf", "<gexf")):
        dest = tmp_path / f"net.{fmt}"
        code, out = run(path, capsys, "network", "--format", fmt, "--output", str(dest))
        assert code == 0 and marker in dest.read_text("utf-8") and "2 outlets" in out
    code, out = run(path, capsys, "network", "--format", "json", "--scope", "ids:1")
    assert code == 0 and json.loads(out)["edges"]
