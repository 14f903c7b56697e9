"""The spur test of criticality: the smaller side of a cut pair, found without copying the graph."""

from __future__ import annotations

import importlib

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.network import allowed, cut_link, edge_link_ids, place_endpoints

# the module (corridor.analysis.criticality is also the name of its function)
crit = importlib.import_module("corridor.analysis.criticality")

MODES = ("rail", "road")


@st.composite
def layered(draw: st.DrawFn) -> nx.MultiGraph:
    """A small layered network: nodes (place, mode), several per place, parallel links,
    links of several ids on one edge (a collapsed graph), transfers between layers."""
    graph = nx.MultiGraph()
    n_places = draw(st.integers(2, 9))
    for p in range(n_places):
        for mode in draw(st.sets(st.sampled_from(MODES), min_size=1)):
            graph.add_node((f"p{p}", mode), place=f"p{p}", mode=mode)
    nodes = sorted(graph.nodes)
    for p in range(n_places):  # transfers join the layers of a place
        layers = [n for n in nodes if n[0] == f"p{p}"]
        if len(layers) == 2 and draw(st.booleans()):
            graph.add_edge(*layers, kind="transfer")
    for k in range(draw(st.integers(0, 14))):
        mode = draw(st.sampled_from(MODES))
        ends = [n for n in nodes if n[1] == mode]
        if len(ends) < 2:
            continue
        u, v = draw(st.sampled_from(ends)), draw(st.sampled_from(ends))
        lid = f"l{draw(st.integers(0, k))}"  # ids repeat: a link of several edges
        attrs: dict[str, object] = {"link_id": lid, "mode": mode, "kind": "link"}
        if draw(st.integers(0, 5)) == 0:
            attrs["link_ids"] = (lid, f"l{k + 100}")
        graph.add_edge(u, v, **attrs)
    return graph


def _side(graph: nx.Graph, starts: list[object], modes: set[str] | None) -> set[str]:
    """Reference: the places networkx finds reachable over the edges ``modes`` allows."""
    keep = nx.MultiGraph()
    keep.add_nodes_from(graph.nodes(data=True))
    keep.add_edges_from((u, v) for u, v, d in graph.edges(data=True)
                        if allowed(graph, u, v, d, modes))
    found: set[object] = set()
    for s in starts:
        found |= nx.node_connected_component(keep, s)
    return {graph.nodes[n]["place"] for n in found}


@settings(max_examples=300, deadline=None)
@given(graph=layered(), data=st.data())
def test_the_smaller_side_is_the_one_a_copy_of_the_cut_graph_gives(
        graph: nx.MultiGraph, data: st.DataObject) -> None:
    lids = sorted({lid for _, _, d in graph.edges(data=True)
                   for lid in edge_link_ids(d)} | {"absent"})
    lid = data.draw(st.sampled_from(lids))
    places = sorted({graph.nodes[n]["place"] for n in graph})
    o, d = data.draw(st.sampled_from(places)), data.draw(st.sampled_from(places))
    modes = data.draw(st.sampled_from([None, {"rail"}, {"road"}, {"rail", "road"}]))
    cut = cut_link(graph, lid)
    starts = place_endpoints(cut, [o, d], modes)
    want = sorted((_side(cut, s, modes) if s else {end}
                   for s, end in zip(starts, (o, d), strict=True)), key=len)[0]
    assert crit._smaller_side(graph, starts, (o, d), modes, lid) == want
    assert crit._smaller_side(cut, starts, (o, d), modes, None) == want


def test_a_spur_is_told_from_a_cut_through_the_middle() -> None:
    # a - b - c - d on one line, e hanging off d: cutting d-e cuts off e alone (a spur);
    # cutting b-c splits the line in two sides that both hold pair ends
    graph = nx.MultiGraph()
    for p in "abcde":
        graph.add_node((p, "rail"), place=p, mode="rail")
    for u, v in ("ab", "bc", "cd", "de"):
        graph.add_edge((u, "rail"), (v, "rail"), link_id=u + v, mode="rail", kind="link")
    pairs = [("a", "e", None), ("a", "d", None), ("b", "c", None)]
    base = [4.0, 3.0, 1.0]
    assert crit._is_spur(graph, pairs, base, [0], without="de")
    assert not crit._is_spur(graph, pairs, base, [1, 2], without="bc")
    assert crit._is_spur(cut_link(graph, "de"), pairs, base, [0])
