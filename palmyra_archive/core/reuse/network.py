"""Who takes from whom: the outlet network over links found by text and printed chains (networkx).

An edge runs from the outlet that had a text first to the one that printed it later, with the
evidence counted on it: ``printed`` (a copy says so), ``confirmed`` and ``proposed`` (found by
text). Links whose order is unknown count on an edge flagged ``order_unknown`` (drawn without
an arrow), never as a direction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:     # networkx loads when a graph is made (1.2 s of the app's start-up, #19)
    import networkx as nx

FORMATS = ("graphml", "gexf", "json")


def outlet_network(conn, article_ids: list[int] | None = None) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    scope = ""
    params: list = []
    if article_ids is not None:
        ids = list(article_ids) or [-1]
        scope_ids = ",".join(str(int(i)) for i in ids)
        scope = f" AND (ca.article_id IN ({scope_ids}) OR cb.article_id IN ({scope_ids}))"
    outlet_of = "COALESCE(c{0}.outlet_corrected_id, c{0}.outlet_id)"
    # one row per (status, direction, outlet pair), counted by SQLite: the graph is built from
    # outlet pairs, not from every link (100,000 links are a few thousand rows here)
    rows = conn.execute(
        f"SELECT l.status, CASE WHEN l.from_copy_id IS NULL THEN 0 WHEN l.from_copy_id = l.copy_a THEN 1"
        f" ELSE 2 END, {outlet_of.format('a')}, {outlet_of.format('b')}, count(*)"
        " FROM reuse_links l JOIN copies ca ON ca.id = l.copy_a JOIN copies cb ON cb.id = l.copy_b"
        f" WHERE l.status != 'rejected'{scope} GROUP BY 1, 2, 3, 4", params).fetchall()
    names = dict(conn.execute("SELECT id, name FROM outlets").fetchall())

    def node(outlet_id):
        key = f"outlet:{outlet_id}" if outlet_id is not None else "outlet:unknown"
        if key not in graph:
            graph.add_node(key, label=names.get(outlet_id, "outlet unknown"), copies=0)
        return key

    def bump(src, dst, what, n=1, unknown=False):
        if src == dst:
            return
        if not graph.has_edge(src, dst):
            graph.add_edge(src, dst, printed=0, confirmed=0, proposed=0, weight=0, order_unknown=unknown)
        data = graph[src][dst]
        data[what] += n
        data["weight"] += n
        data["order_unknown"] = bool(data["order_unknown"] and unknown)

    for status, order, outlet_a, outlet_b, n in rows:
        if order == 0:
            src, dst = sorted([node(outlet_a), node(outlet_b)])
            bump(src, dst, status, n, unknown=True)
        elif order == 1:
            bump(node(outlet_a), node(outlet_b), status, n)
        else:
            bump(node(outlet_b), node(outlet_a), status, n)
    printed_scope = ""
    if article_ids is not None:
        printed_scope = f" AND c.article_id IN ({','.join(str(int(i)) for i in (list(article_ids) or [-1]))})"
    for src, dst, n in conn.execute(
            "SELECT r.from_outlet_id, COALESCE(c.outlet_corrected_id, c.outlet_id), count(*) FROM republications r"
            " JOIN copies c ON c.id = r.copy_id WHERE r.hop = 1 AND r.rejected = 0 AND r.method != 'text-reuse'"
            f" AND r.from_outlet_id IS NOT NULL{printed_scope} GROUP BY 1, 2"):
        bump(node(src), node(dst), "printed", n)
    counts_scope = printed_scope.replace("c.article_id", "article_id")
    for outlet_id, n in conn.execute(
            "SELECT COALESCE(outlet_corrected_id, outlet_id), count(*) FROM copies WHERE superseded_by_id IS NULL"
            f"{counts_scope} GROUP BY 1"):
        key = f"outlet:{outlet_id}" if outlet_id is not None else "outlet:unknown"
        if key in graph:
            graph.nodes[key]["copies"] = n
    return graph


def write(graph: nx.DiGraph, fmt: str, dest: Path | None = None) -> str:
    """The graph as GraphML, GEXF (Gephi) or node-link JSON; written to ``dest`` when given."""
    import networkx as nx

    if fmt not in FORMATS:
        from ..store.errors import ValidationError
        raise ValidationError(f"Unknown network format {fmt!r}: say graphml, gexf or json.")
    if fmt == "json":
        text = json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=2)
    else:
        import io
        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, buffer)
        text = buffer.getvalue().decode("utf-8")
    if dest is not None:
        Path(dest).write_text(text, encoding="utf-8")
    return text
