"""The command line: import / list / show / search / edit / verify / events, exit codes included."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS_DIR

from palmyra_archive.cli import main
from tests.importing.test_corpus_archive import FILES, check_detail


@pytest.fixture
def run(tmp_path, capsys):
    archive_path = tmp_path / "cli.palmyra.sqlite"

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--archive", str(archive_path), *args])
        out, err = capsys.readouterr()
        return code, out, err
    run.archive_path = archive_path
    return run


def test_import_then_show_json_matches_the_careful_reading(run):
    code, out, _err = run("import", str(CORPUS_DIR))
    assert code == 0
    assert "Imported 5, unchanged 0, new versions 0, failed 0, skipped 1" in out
    code, out, _ = run("list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert set(rows[0]) >= {"id", "title", "outlet", "date", "authors"}
    for row in rows:
        code, out, _ = run("show", str(row["id"]), "--json")
        detail = json.loads(out)
        assert code == 0
        check_detail(detail, detail["source"]["filename"])
    assert json.loads(run("show", "1", "--json")[1])["source"]["filename"] == FILES[0]


def test_import_reports_unchanged_and_failures_with_exit_1(run, tmp_path):
    run("import", str(CORPUS_DIR / FILES[0]))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = run("import", str(CORPUS_DIR / FILES[0]), str(empty))
    assert code == 1
    assert "UNCHANGED" in out and f"FAILED   {empty}: empty.txt is empty" in out
    assert "unchanged 1" in out and "failed 1" in out


def test_show_text_list_and_missing_id(run):
    run("import", str(CORPUS_DIR))
    code, out, _ = run("show", "3")
    assert code == 0 and "[provisional" in out and "outlet   unknown" in out
    code, out, _ = run("list")
    assert code == 0 and "5 articles." in out
    code, _out, err = run("show", "99")
    assert code == 1 and "no article 99" in err


def test_search_ranked_with_snippets_and_clear_errors(run):
    run("import", str(CORPUS_DIR))
    code, out, _ = run("search", "museum", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and "[[" in hits[0]["snippet"]
    code, out, _ = run("search", "palmyra")
    assert code == 0 and "results." in out
    code, _out, err = run("search", "NOT", "palmyra")
    assert code == 1 and "NOT needs a word before it" in err
    code, out, _ = run("search", '"unbalanced')
    assert code == 0


def test_edit_corrects_logs_and_clears(run):
    run("import", str(CORPUS_DIR))
    code, out, _ = run("edit", "2", "--title", "Better", "--author", "Scott Lucas", "--author", "Someone",
                       "--outlet", "EA WorldView", "--date", "2016-03-29")
    assert code == 0 and "Corrected" in out
    detail = json.loads(run("show", "2", "--json")[1])
    assert (detail["title"], detail["title_status"], detail["authors"], detail["outlet"], detail["date"]) == (
        "Better", "corrected", ["Scott Lucas", "Someone"], "EA WorldView", "2016-03-29")
    code, out, _ = run("events", "--json", "--limit", "4")
    events = json.loads(out)
    assert {e["action"] for e in events} == {"correct"}
    assert {"before": {"outlet": None}, "after": {"outlet": "EA WorldView"}}.items() <= \
        [e for e in events if "outlet" in e["after"]][0].items()
    assert run("edit", "2", "--clear", "title")[0] == 0
    assert json.loads(run("show", "2", "--json")[1])["title_status"] == "printed"
    code, _out, err = run("edit", "2", "--date", "31/12/2016")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _out, err = run("edit", "2")
    assert code == 1 and "nothing to change" in err


def test_verify_names_the_tampered_source_and_exits_1(run):
    run("import", str(CORPUS_DIR))
    code, out, _ = run("verify")
    assert code == 0 and "All sources match" in out
    import sqlite3
    conn = sqlite3.connect(run.archive_path)
    conn.execute("UPDATE sources SET content = CAST('tampered' AS BLOB) WHERE filename = ?", [FILES[2]])
    conn.commit()
    conn.close()
    code, out, _ = run("verify")
    assert code == 1 and f"MISMATCH: source 3 ({FILES[2]})" in out


def test_events_lists_imports(run):
    run("import", str(CORPUS_DIR))
    code, out, _ = run("events", "--limit", "2")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert all(" importer " in line and " import " in line and "source " in line for line in lines)


def test_large_imports_list_only_failed_and_skipped_files_unless_verbose(run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(22):
        (folder / f"{i:02d}.txt").write_text(f"# Story {i}\n\nBody number {i} about the oasis.\n",
                                             encoding="utf-8")
    (folder / "zz.txt").write_bytes(b"")
    code, out, _ = run("import", str(folder))
    lines = out.splitlines()
    assert code == 1 and lines[0].startswith("FAILED") and "zz.txt" in lines[0]
    assert "Imported 22," in lines[-1] and len(lines) == 2
    code, out, _ = run("import", "-v", str(folder))
    assert out.count("UNCHANGED") == 22 and "FAILED" in out


def test_edit_takes_month_and_year_dates_at_their_precision(run):
    """#16: `edit --date "March 2016"` was refused."""
    run("import", str(CORPUS_DIR))
    code, out, err = run("edit", "2", "--date", "March 2016", "--original-date", "2016")
    assert code == 0 and "Corrected date, original_date" in out, err
    detail = json.loads(run("show", "2", "--json")[1])
    assert detail["date"] == "2016-03" and detail["original"]["date"] == "2016"
    assert run("edit", "2", "--date", "mars 2016")[1].startswith("Nothing to change")
    code, _out, err = run("edit", "2", "--date", "March")
    assert code == 1 and "'March' is not a date" in err


def test_events_names_the_bundle_a_restore_history_came_from(run, tmp_path, capsys):
    """The one event of an opening that has no row of its own is named by its bundle
    ("bundle sent.zip"), not by a missing id ("bundle None")."""
    run("import", str(CORPUS_DIR))
    bundle = tmp_path / "sent.zip"
    assert run("export", "--scope", "all", "--out", str(bundle), "--quiet")[0] == 0
    other = tmp_path / "other.palmyra.sqlite"
    assert main(["--archive", str(other), "open-bundle", str(bundle), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--archive", str(other), "events", "--limit", "50"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (restore,) = [line for line in lines if " restore_history " in line]
    assert " bundle sent.zip " in restore and "None" not in restore.split("{")[0]
    assert '"sources": 5' in restore
    assert all(" None " not in line.split("{")[0] for line in lines)
