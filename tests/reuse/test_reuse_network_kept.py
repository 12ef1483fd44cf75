"""The outlet network read from the outlets each link keeps (#11, migration 0027): the same
graph as counting through the copies' rows, after every write that can change it."""

from __future__ import annotations

import json
import sys

from palmyra_archive.core.reuse.network import OutletGraph, layout, write
from palmyra_archive.core.store import reuse_outlets

from .helpers import copy, import_articles, link_between, make

#: the network's count as it was before the outlets were kept: through both copies' rows
RECOUNT = (
    "SELECT l.status, CASE WHEN l.from_copy_id IS NULL THEN 0 WHEN l.from_copy_id = l.copy_a THEN 1"
    " ELSE 2 END, COALESCE(ca.outlet_corrected_id, ca.outlet_id), COALESCE(cb.outlet_corrected_id, cb.outlet_id),"
    " count(*) FROM reuse_links l JOIN copies ca ON ca.id = l.copy_a JOIN copies cb ON cb.id = l.copy_b"
    " WHERE l.status != 'rejected' GROUP BY 1, 2, 3, 4")


def _edges(graph: OutletGraph) -> dict:
    return {(u, v): (d["printed"], d["confirmed"], d["proposed"], d["order_unknown"])
            for u, v, d in graph.edges(data=True)}


def _recounted(archive) -> dict:
    """The text-found evidence per directed outlet pair, counted through the copies."""
    out: dict = {}
    for status, order, a, b, n in archive.db.execute(RECOUNT):
        ka, kb = (f"outlet:{x}" if x is not None else "outlet:unknown" for x in (a, b))
        if ka == kb:
            continue
        src, dst = sorted([ka, kb]) if order == 0 else ((ka, kb) if order == 1 else (kb, ka))
        out[(src, dst, status)] = out.get((src, dst, status), 0) + n
    return out


def _kept(archive) -> dict:
    out = {}
    for (src, dst), (_printed, confirmed, proposed, _unknown) in _edges(archive.reuse.network()).items():
        for status, n in (("confirmed", confirmed), ("proposed", proposed)):
            if n:
                out[(src, dst, status)] = n
    return out


def _same(archive) -> None:
    assert reuse_outlets.drift(archive.db) == []
    assert _kept(archive) == _recounted(archive)


def test_the_kept_network_equals_a_recount_after_every_decision_and_trash_step(archive, tmp_path):
    base, other = make(31), make(32, key="a00002")
    ids = import_articles(archive, tmp_path, base, copy(base, "dropped", "a00001c0"),
                          copy(base, "intro", "a00001c1", seed=2), other, copy(other, "moved", "a00002c0"))
    archive.reuse.verify_pending()
    assert len(archive.reuse.list(status=None)) >= 3
    _same(archive)
    first = link_between(archive, ids["a00001"], ids["a00001c0"])
    second = link_between(archive, ids["a00001"], ids["a00001c1"])
    third = link_between(archive, ids["a00002"], ids["a00002c0"])
    archive.reuse.confirm(first.id)
    _same(archive)
    assert _kept(archive)
    archive.reuse.reject(second.id)
    _same(archive)
    archive.reuse.reopen(first.id)       # undo the confirm (the works are split again)
    _same(archive)
    archive.reuse.reopen(second.id)      # undo the reject
    _same(archive)
    # a copy's outlet corrected: its links move to the new outlet's edges
    article = archive.db.execute("SELECT article_id FROM copies WHERE id = ?", [ids["a00002c0"]]).fetchone()[0]
    before = _kept(archive)
    archive.articles.correct(article, outlet="The Corrected Courier")
    _same(archive)
    assert _kept(archive) != before
    # a copy moved to the Trash and back keeps its links; emptied from the Trash, they go
    archive.reuse.confirm(third.id)
    archive.reuse.confirm(second.id)     # the copy joins the first work: it can go to the Trash alone
    _same(archive)
    archive.trash.trash_copy(ids["a00001c1"])
    _same(archive)
    archive.trash.restore_copy(ids["a00001c1"])
    _same(archive)
    article = archive.db.execute("SELECT article_id FROM copies WHERE id = ?", [ids["a00002c0"]]).fetchone()[0]
    archive.trash.trash([article])
    _same(archive)
    archive.trash.restore([article])
    _same(archive)
    archive.trash.trash([article])
    archive.trash.empty()
    _same(archive)
    assert all(third.id != link.id for link in archive.reuse.list(status=None))


def test_verify_repairs_outlets_that_drifted(archive, tmp_path):
    base = make(33)
    ids = import_articles(archive, tmp_path, base, copy(base, "typos", "a00001c0"))
    link = link_between(archive, ids["a00001"], ids["a00001c0"])
    good = _kept(archive)
    archive.db.execute("DROP TRIGGER reuse_links_outlets_copies_au")   # as a hand edit in sqlite3 would
    archive.db.execute("UPDATE reuse_links SET outlet_a = NULL, outlet_b = 999 WHERE id = ?", [link.id])
    assert reuse_outlets.drift(archive.db) == [link.id]
    assert _kept(archive) != good
    report = archive.integrity.verify()
    assert report.reuse_outlets_repaired == [link.id]
    assert "kept outlets of 1 text-reuse link" in report.summary()
    assert _kept(archive) == good == _recounted(archive)


def test_the_graph_writes_the_json_networkx_would_and_draws_without_it(archive, tmp_path):
    import networkx as nx
    base = make(34)
    import_articles(archive, tmp_path, base, copy(base, "credited", "a00001c0"), copy(base, "footer", "a00001c1"))
    graph = archive.reuse.network()
    assert graph.number_of_edges() >= 1
    assert json.loads(write(graph, "json")) == nx.node_link_data(graph.to_networkx(), edges="edges")
    positions = layout(graph)
    assert set(positions) == set(graph.nodes) and all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in positions.values())
    assert layout(graph) == positions          # the same drawing every time


def test_the_network_and_its_json_do_not_import_networkx(archive, tmp_path):
    import subprocess
    base = make(35)
    import_articles(archive, tmp_path, base, copy(base, "credited", "a00001c0"))
    path = archive.path
    code = ("import sys; from palmyra_archive.core.archive import Archive\n"
            "from palmyra_archive.core.reuse.network import write, layout\n"
            f"with Archive.open({str(path)!r}) as a:\n"
            "    g = a.reuse.network(); write(g, 'json'); layout(g)\n"
            "print('networkx' in sys.modules, g.number_of_edges())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, edges = out.stdout.split()
    assert loaded == "False" and int(edges) >= 1


def test_an_archive_from_before_0027_gets_the_kept_outlets_after_a_backup(tmp_path):
    import sqlite3

    from palmyra_archive.core.archive import Archive
    from palmyra_archive.core.store import migrations
    path = tmp_path / "old.palmyra.sqlite"
    with Archive.open(path) as archive:
        base = make(36)
        import_articles(archive, tmp_path / "src", base, copy(base, "credited", "a00001c0"))
        expected = _kept(archive)
        assert expected
    conn = sqlite3.connect(path)
    for name, _ in reuse_outlets.TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP INDEX reuse_links_outlets")
    conn.execute("ALTER TABLE reuse_links DROP COLUMN outlet_a")
    conn.execute("ALTER TABLE reuse_links DROP COLUMN outlet_b")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0027_reuse_link_outlets'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total))) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert _kept(archive) == expected and reuse_outlets.drift(archive.db) == []
    assert list((path.parent / f"{path.name}.backups").glob("before-upgrade-*"))
    assert told and told[-1][0] == told[-1][1]
