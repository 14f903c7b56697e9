"""Random graphs (hypothesis) and their reference answers, shared by the fastpath and CH tests."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
from hypothesis import strategies as st

from corridor import analysis
from corridor import paths as engine

GRAPH_TYPES = (nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph)


@st.composite
def graphs(draw: st.DrawFn, continuous: bool = False) -> nx.Graph:
    """Random graphs of every networkx type: parallel edges, zero weights, isolated nodes,
    edges without the weight attribute, transfer edges without a link id."""
    kind = draw(st.sampled_from(GRAPH_TYPES))
    n = draw(st.integers(1, 25))
    graph = kind()
    graph.add_nodes_from(range(n))
    m = draw(st.integers(0, 3 * n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    for k in range(m):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        attrs: dict[str, object] = {}
        if continuous:
            attrs["w"] = float(rng.uniform(0.1, 10.0))
        elif draw(st.integers(0, 9)):  # one edge in ten has no weight (networkx: 1)
            attrs["w"] = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 10.0]))
        if draw(st.integers(0, 4)):  # one edge in five is a transfer (no link id)
            attrs["link_id"] = f"l{k}"
        graph.add_edge(u, v, **attrs)
    return graph


def sources_and_targets(data: st.DataObject, graph: nx.Graph, max_size: int,
                        unique: bool = False) -> tuple[list[Hashable], list[Hashable]]:
    """Draw sources, then targets: 1 to ``max_size`` nodes of ``graph`` each."""
    nodes = list(graph.nodes)
    ends = st.lists(st.sampled_from(nodes), min_size=1, max_size=max_size, unique=unique)
    return data.draw(ends), data.draw(ends)


def naive_criticality(graph: nx.Graph, sources: list[Hashable], targets: list[Hashable],
                      lid: str) -> tuple[float, tuple[int, ...]]:
    """Cut a link in networkx and recompute every pair: the definition, slowly."""
    base = engine.nx_od_matrix(graph, sources, targets, "w").ravel()
    cut = analysis.cut_link(graph, lid)
    after = engine.nx_od_matrix(cut, sources, targets, "w").ravel()
    ok = np.isfinite(base) & np.isfinite(after)
    lost = tuple(int(p) for p in np.flatnonzero(np.isfinite(base) & ~np.isfinite(after)))
    return float((after[ok] - base[ok]).sum()), lost
