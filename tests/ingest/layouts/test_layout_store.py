"""What the general rules read is kept: comment stamps and licences reach the archive (migration
0017), ``show --json`` and the reader's Comments tab."""

from __future__ import annotations

import json

import sqlite_utils

from palmyra_archive.cli import main
from palmyra_archive.core.store import migrations

PAGE = """Water Shortages Spread South

By Omar Khalil, March 5, 2017

The ceasefire announced on Monday collapsed within hours, as shelling resumed on the eastern edge of the city and aid convoys waiting at the checkpoint were turned back again by local commanders.

This work is licensed under CC BY-NC-ND 4.0 (https://creativecommons.org/licenses/by-nc-nd/4.0/).

Comments

Jenny Taylor says:
March 5, 2017 at 4:12 pm
This matches what my family told me last week.
Reply

Sam Ortiz · 3 hours ago
Thanks for reporting this.
"""


def test_show_json_gives_comment_stamps_and_the_licence(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    archive = tmp_path / "a.palmyra.sqlite"
    assert main(["--archive", str(archive), "import", str(page)]) == 0
    capsys.readouterr()
    assert main(["--archive", str(archive), "show", "1", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    stamps = [(c["author"], c["date"], c["date_as_printed"]) for c in detail["comments"]]
    assert stamps == [("Jenny Taylor", "2017-03-05", "March 5, 2017 at 4:12 pm"),
                      ("Sam Ortiz", None, "3 hours ago")]
    (terms,) = detail["rights"]
    assert terms["licence"] == "CC BY-NC-ND 4.0"
    assert terms["licence_url"] == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert terms["requires"] == ["attribution", "non-commercial", "no derivatives"]


def test_migration_0017_adds_the_columns_and_keeps_old_rows(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.sqlite")
    migrations.migrations.apply(db, stop_before="0017_comment_dates_and_licences")
    assert "date" not in db["comments"].columns_dict
    migrations.migrations.apply(db)
    assert {"date", "date_as_printed"} <= set(db["comments"].columns_dict)
    assert {"licence", "licence_url"} <= set(db["rights_statements"].columns_dict)


def test_comments_tab_shows_author_and_stamp(qtbot):
    from PySide6.QtCore import Qt

    from palmyra_archive.core.store.records import CommentLine
    from palmyra_archive.gui.reader.comments_tab import AUTHOR_ROLE, CommentsTab

    tab = CommentsTab()
    qtbot.addWidget(tab)
    tab.show_comments([
        CommentLine(id=1, parent_id=None, depth=0, text="First.", author="Jenny Taylor",
                    date="2017-03-05", date_as_printed="March 5, 2017 at 4:12 pm"),
        CommentLine(id=2, parent_id=1, depth=1, text="Reply.", author=None,
                    date=None, date_as_printed="2 hours ago"),
        CommentLine(id=3, parent_id=None, depth=0, text="No stamp.", author="Lina", date=None,
                    date_as_printed=None)])
    first, third = tab.model.item(0), tab.model.item(1)
    assert first.data(AUTHOR_ROLE) == "Jenny Taylor · March 5, 2017 at 4:12 pm"
    assert first.child(0).data(AUTHOR_ROLE) == "2 hours ago"
    assert third.data(AUTHOR_ROLE) == "Lina"
    assert first.index().data(Qt.ItemDataRole.AccessibleTextRole) == "Jenny Taylor · March 5, 2017 at 4:12 pm: First."


HEAD_PAGE = """Convoys Turned Back at the Checkpoint

By Ann Lee, Foreign Editor, and Bob Stone

Translated from the French by Paul Roy

March 2016

BEIRUT (Reuters) - The ceasefire announced on Monday collapsed within hours, as shelling resumed on the eastern edge of the city and aid convoys waiting at the checkpoint were turned back again by local commanders.

Residents who spoke by telephone described long queues for bread and water, and said that the few clinics still open were running out of basic supplies after weeks without a delivery.
"""


def _show(tmp_path, capsys, text=HEAD_PAGE):
    page = tmp_path / "head.txt"
    page.write_text(text, encoding="utf-8")
    archive = tmp_path / "a.palmyra.sqlite"
    assert main(["--archive", str(archive), "import", str(page)]) == 0
    capsys.readouterr()
    assert main(["--archive", str(archive), "show", "1", "--json"]) == 0
    return json.loads(capsys.readouterr().out), archive


def test_show_json_gives_roles_dateline_and_date_precision_with_evidence(tmp_path, capsys):
    detail, _ = _show(tmp_path, capsys)
    assert detail["authors"] == ["Ann Lee", "Bob Stone"]
    roles = {(r["author"], r["role"]) for r in detail["author_roles"]}
    assert roles == {("Ann Lee", "Foreign Editor"), ("Paul Roy", "translator")}
    by_name = {r["author"]: r for r in detail["author_roles"]}
    start, end = by_name["Ann Lee"]["evidence"]["start"], by_name["Ann Lee"]["evidence"]["end"]
    assert HEAD_PAGE[start:end] == "By Ann Lee, Foreign Editor, and Bob Stone"
    t = by_name["Paul Roy"]["evidence"]
    assert HEAD_PAGE[t["start"]:t["end"]] == "Translated from the French by Paul Roy"
    assert detail["date"] == "2016-03" and detail["date_precision"] == "month"
    dateline = detail["dateline"]
    assert (dateline["place"], dateline["agency"]) == ("Beirut", "Reuters")
    assert HEAD_PAGE[dateline["evidence"]["start"]:dateline["evidence"]["end"]] == "BEIRUT"
    assert dateline["method"] == "generic:wire-dateline"


def test_a_corrected_date_has_the_corrections_precision(tmp_path, capsys):
    _, archive = _show(tmp_path, capsys)
    from palmyra_archive.core.archive import Archive

    with Archive.open(archive) as opened:
        opened.articles.correct(1, date="2016")
        detail = opened.articles.get(1)
        assert (detail.date, detail.date_precision) == ("2016", "year")


def test_migration_0021_adds_the_head_columns_and_keeps_old_rows(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.sqlite")
    migrations.migrations.apply(db, stop_before="0021_head_details")
    assert "date_precision" not in db["copies"].columns_dict
    migrations.migrations.apply(db)
    assert {"date_precision", "dateline_place", "dateline_start", "dateline_end", "dateline_method",
            "wire_agency"} <= set(db["copies"].columns_dict)
    assert "author_roles" in db.table_names()


def test_reader_header_and_provenance_tab_show_what_the_head_said(tmp_path, capsys, qtbot):
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.gui.reader.article_document import build_article
    from palmyra_archive.gui.reader.provenance_tab import ProvenanceTab

    _, archive = _show(tmp_path, capsys)
    with Archive.open(archive) as opened:
        detail = opened.articles.get(1)
    header = build_article(detail).document.toPlainText()
    assert "By Ann Lee (Foreign Editor), Bob Stone, translator: Paul Roy" in header
    assert "Beirut  ·  March 2016" in header
    tab = ProvenanceTab()
    qtbot.addWidget(tab)
    tab.show_provenance(detail)
    shown = tab.rights.toPlainText()
    assert "Read from the head" in shown
    assert "Ann Lee: Foreign Editor" in shown and "Paul Roy: translator" in shown
    assert "Filed from Beirut by Reuters (read from a wire dateline)" in shown
    assert "known to the month only" in shown
