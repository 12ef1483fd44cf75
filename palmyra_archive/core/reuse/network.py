"""Who takes from whom: the outlet network over links found by text and printed chains.

An edge runs from the outlet that had a text first to the one that printed it later, with the
evidence counted on it: ``printed`` (a copy says so), ``confirmed`` and ``proposed`` (found by
text). Links whose order is unknown count on an edge flagged ``order_unknown`` (drawn without
an arrow), never as a direction.

The graph is plain dicts (``OutletGraph``): drawing it in the app and writing JSON import no
networkx; GraphML and GEXF are written by networkx, imported only then.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMATS = ("graphml", "gexf", "json")


class _Nodes(dict):
    """The nodes and their data: ``graph.nodes[key]``, ``graph.nodes(data=True)`` as networkx."""

    def __call__(self, data: bool = False) -> Any:
        return list(self.items()) if data else list(self)


class OutletGraph:
    """The directed outlet graph, held in plain dicts: the in-app drawing and the JSON need no
    networkx (importing it costs 1–2 s); ``to_networkx`` makes one for GraphML/GEXF. Reads as
    a ``networkx.DiGraph`` does where the app reads it (``nodes``, ``graph[src][dst]``,
    ``edges(data=True)``), in the same order."""

    def __init__(self) -> None:
        self.nodes: _Nodes = _Nodes()
        self._succ: dict[str, dict[str, dict]] = {}

    def add_node(self, key: str, **data: Any) -> None:
        self.nodes.setdefault(key, {}).update(data)
        self._succ.setdefault(key, {})

    def add_edge(self, src: str, dst: str, **data: Any) -> None:
        for key in (src, dst):
            if key not in self.nodes:
                self.add_node(key)
        self._succ[src].setdefault(dst, {}).update(data)

    def has_edge(self, src: str, dst: str) -> bool:
        return dst in self._succ.get(src, {})

    def __contains__(self, key: object) -> bool:
        return key in self.nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __getitem__(self, src: str) -> dict[str, dict]:
        return self._succ[src]

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return sum(len(v) for v in self._succ.values())

    def edges(self, data: bool = False) -> list:
        return [(u, v, d) if data else (u, v) for u, nbrs in self._succ.items() for v, d in nbrs.items()]

    def node_link_data(self) -> dict:
        """What ``networkx.node_link_data(graph, edges="edges")`` says of the same graph."""
        return {"directed": True, "multigraph": False, "graph": {},
                "nodes": [{**d, "id": n} for n, d in self.nodes.items()],
                "edges": [{**d, "source": u, "target": v} for u, v, d in self.edges(data=True)]}

    def to_networkx(self) -> Any:
        import networkx as nx
        graph = nx.DiGraph()
        for n, d in self.nodes.items():
            graph.add_node(n, **d)
        for u, v, d in self.edges(data=True):
            graph.add_edge(u, v, **d)
        return graph


def outlet_network(conn, article_ids: list[int] | None = None) -> OutletGraph:
    graph = OutletGraph()
    scope = ""
    params: list = []
    if article_ids is not None:
        ids = list(article_ids) or [-1]
        scope_ids = ",".join(str(int(i)) for i in ids)
        scope = (f" AND (l.copy_a IN (SELECT id FROM copies WHERE article_id IN ({scope_ids}))"
                 f" OR l.copy_b IN (SELECT id FROM copies WHERE article_id IN ({scope_ids})))")
    # one row per (status, outlet pair), counted by SQLite in the order of the index
    # ``reuse_links_outlets`` (each link keeps its copies' outlets: store/reuse_outlets.py), so
    # neither the copies' rows nor a sort are needed: 128,857 links are one walk of that index;
    # split here by direction (0: order unknown, 1: a had it first, 2: b did)
    rows = []
    for status, outlet_a, outlet_b, total, unknown, a_first in conn.execute(
            "SELECT l.status, l.outlet_a, l.outlet_b, count(*), sum(l.from_copy_id IS NULL),"
            " sum(l.from_copy_id = l.copy_a) FROM reuse_links l"
            f" WHERE l.status IN ('proposed', 'confirmed'){scope} GROUP BY 1, 2, 3", params):
        a_first = a_first or 0
        for order, n in ((0, unknown), (1, a_first), (2, total - unknown - a_first)):
            if n:
                rows.append((status, order, outlet_a, outlet_b, n))
    rows.sort(key=lambda r: (r[0], r[1], r[2] is not None, r[2] or 0, r[3] is not None, r[3] or 0))
    names = dict(conn.execute("SELECT id, name FROM outlets").fetchall())

    made: dict[int | None, str] = {}

    def node(outlet_id: int | None) -> str:
        key = made.get(outlet_id)
        if key is None:
            key = made[outlet_id] = f"outlet:{outlet_id}" if outlet_id is not None else "outlet:unknown"
            if key not in graph.nodes:
                graph.add_node(key, label=names.get(outlet_id, "outlet unknown"), copies=0)
        return key

    succ = graph._succ

    def bump(src: str, dst: str, what: str, n: int = 1, unknown: bool = False) -> None:
        if src == dst:
            return
        data = succ[src].get(dst)
        if data is None:
            data = succ[src][dst] = {"printed": 0, "confirmed": 0, "proposed": 0, "weight": 0,
                                     "order_unknown": unknown}
        data[what] += n
        data["weight"] += n
        if data["order_unknown"] and not unknown:
            data["order_unknown"] = False

    for status, order, outlet_a, outlet_b, n in rows:
        if order == 0:
            ka, kb = node(outlet_a), node(outlet_b)
            if ka > kb:
                ka, kb = kb, ka
            bump(ka, kb, status, n, unknown=True)
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
            "SELECT COALESCE(outlet_corrected_id, outlet_id), count(*) FROM copies"
            # over the whole archive, the covering index (the planner picks copies_outlet, whose
            # walk reads every copy row: 0.5 s at 100,000 copies, 0.1 s this way)
            f"{'' if counts_scope else ' INDEXED BY copies_library'} WHERE superseded_by_id IS NULL"
            f"{counts_scope} GROUP BY 1"):
        key = f"outlet:{outlet_id}" if outlet_id is not None else "outlet:unknown"
        if key in graph:
            graph.nodes[key]["copies"] = n
    return graph


def layout(graph: OutletGraph, *, seed: int = 11, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1] for drawing: a force-directed (Fruchterman–Reingold) layout in
    numpy, the method of networkx's ``spring_layout``, without importing networkx in the app;
    one or two outlets on a circle. Deterministic for a seed."""
    import numpy as np
    keys = list(graph.nodes)
    n = len(keys)
    if n == 0:
        return {}
    if n <= 2:
        return {k: (float(np.cos(2 * np.pi * i / n)), float(np.sin(2 * np.pi * i / n))) for i, k in enumerate(keys)}
    index = {k: i for i, k in enumerate(keys)}
    adjacency = np.zeros((n, n))
    for u, v, _d in graph.edges(data=True):
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / np.sqrt(n)
    t = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / distance ** 2 - adjacency * distance / k
        shift = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(shift, axis=1), 1e-9)
        pos += shift * (np.minimum(length, t) / length)[:, None]
        t -= 0.1 / (iterations + 1)
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {key: (float(pos[i, 0]), float(pos[i, 1])) for key, i in index.items()}


def write(graph: OutletGraph, fmt: str, dest: Path | None = None) -> str:
    """The graph as GraphML, GEXF (Gephi) or node-link JSON; written to ``dest`` when given."""
    if fmt not in FORMATS:
        from ..store.errors import ValidationError
        raise ValidationError(f"Unknown network format {fmt!r}: say graphml, gexf or json.")
    if fmt == "json":
        text = json.dumps(graph.node_link_data(), ensure_ascii=False, indent=2)
    else:
        import io

        import networkx as nx  # only here: GraphML and GEXF are networkx's writers
        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph.to_networkx(), buffer)
        text = buffer.getvalue().decode("utf-8")
    if dest is not None:
        Path(dest).write_text(text, encoding="utf-8")
    return text
