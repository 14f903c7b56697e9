"""The compiled backend gives networkx's answers: random graphs (hypothesis), the toy corridor."""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_graphs import graphs, naive_criticality, sources_and_targets

from corridor import analysis, geodata, network
from corridor import paths as engine
from corridor.paths import csr as csr_module


def nx_dist(graph: nx.Graph, sources: list[Hashable], target: Hashable) -> float:
    dist = nx.multi_source_dijkstra_path_length(graph, set(sources), weight="w")
    return dist.get(target, math.inf)


@settings(max_examples=150, deadline=None)
@given(graph=graphs(), data=st.data())
def test_od_matrix_equals_networkx(graph: nx.Graph, data: st.DataObject) -> None:
    sources, targets = sources_and_targets(data, graph, 5)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    got = csr.od_matrix(sources, targets)
    expected = engine.nx_od_matrix(graph, sources, targets, "w")
    np.testing.assert_allclose(got, expected)


@settings(max_examples=150, deadline=None)
@given(graph=graphs(), data=st.data())
def test_shortest_path_between_groups_equals_networkx(graph: nx.Graph,
                                                     data: st.DataObject) -> None:
    source, target = sources_and_targets(data, graph, 3, unique=True)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    found = csr.shortest_path(source, target)
    best = min(nx_dist(graph, source, t) for t in target)
    if math.isinf(best):
        assert found is None
        return
    assert found is not None
    cost, path = found
    assert cost == pytest.approx(best)
    assert path[0] in source and path[-1] in target
    # the path is real and costs what it says
    total = 0.0
    for u, v in itertools.pairwise(path):
        options = graph[u][v].values() if graph.is_multigraph() else [graph[u][v]]
        total += min(d.get("w", 1.0) for d in options)
    assert total == pytest.approx(cost)


@settings(max_examples=100, deadline=None)
@given(graph=graphs(), data=st.data())
def test_criticality_equals_full_recomputation(graph: nx.Graph, data: st.DataObject) -> None:
    sources, targets = sources_and_targets(data, graph, 4)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    cuts = csr.link_cuts(sources, targets)
    assert [c.link_id for c in cuts] == csr.link_ids
    for cut in cuts:
        rise, lost = naive_criticality(graph, sources, targets, cut.link_id)
        assert cut.rise == pytest.approx(rise, abs=1e-9)
        assert cut.disconnected == lost


@settings(max_examples=60, deadline=None)
@given(graph=graphs(continuous=True), data=st.data())
def test_link_usage_counts_the_pairs_whose_path_uses_a_link(graph: nx.Graph,
                                                             data: st.DataObject) -> None:
    """With continuous weights shortest paths are unique, so networkx's paths are ours."""
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, d in graph.edges(data=True):  # keep the quickest parallel edge, whole
        if not simple.has_edge(u, v) or d["w"] < simple[u][v]["w"]:
            simple.add_edge(u, v)
            simple[u][v].clear()
            simple[u][v].update(d)
    sources, targets = sources_and_targets(data, graph, 4, unique=True)
    expected: dict[str, int] = {}
    for s in sources:
        paths = nx.single_source_dijkstra_path(simple, s, weight="w")
        for t in targets:
            used = {simple[a][b].get("link_id") for a, b in zip(paths.get(t, []),
                                                                paths.get(t, [])[1:],
                                                                strict=False)}
            for lid in used - {None}:
                expected[lid] = expected.get(lid, 0) + 1
    csr = engine.CSRGraph.from_networkx(graph, "w")
    assert csr.link_usage(sources, targets) == expected


def test_edge_filter_default_weight_and_negative_weights() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", mode="rail", link_id="ab")  # no weight
    graph.add_edge("b", "c", w=2.0, mode="road", link_id="bc")
    graph.add_edge("a", "c", w=5.0, mode="rail", link_id="ac")
    csr = engine.CSRGraph.from_networkx(graph, "w", default_weight=0.0)
    assert csr.od_matrix(["a"], ["c"])[0, 0] == 2.0
    rail = engine.CSRGraph.from_networkx(graph, "w",
                                           edge_filter=lambda u, v, d: d["mode"] == "rail")
    assert rail.od_matrix(["a"], ["c"])[0, 0] == 5.0
    graph.add_edge("c", "d", w=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        engine.CSRGraph.from_networkx(graph, "w")


def test_cache_is_rebuilt_when_the_graph_changes() -> None:
    graph = nx.path_graph(4)
    nx.set_edge_attributes(graph, 1.0, "w")
    first = engine.cached(graph, "w")
    assert engine.cached(graph, "w") is first
    graph.add_edge(0, 3, w=0.5)
    assert engine.cached(graph, "w") is not first
    engine.invalidate(graph)
    assert engine.CACHE_KEY not in graph.graph
    assert engine.use_fastpath(graph, min_nodes=4) and not engine.use_fastpath(graph)


# --------------------------------------------------------------------------- the layered graph


@pytest.fixture(scope="module")
def toy_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiGraph:
    import toy_corridor

    folder = toy_corridor.write(Path(tmp_path_factory.mktemp("toy")))
    return network.build(geodata.load(folder), "today")


@pytest.mark.parametrize("modes", [None, ("rail", "ferry"), ("road",)])
def test_place_times_and_criticality_equal_analysis(
        toy_graph: nx.MultiGraph, modes: tuple[str, ...] | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    places = sorted({analysis.place_of(toy_graph, n) for n in toy_graph})
    pairs = tuple((o, d) for o in places[::3] for d in places[1::3] if o != d)

    def slow(graph: nx.Graph) -> list[float | None]:
        return [analysis.od_time(graph, o, d, modes=modes) for o, d in pairs]

    expected_times = slow(toy_graph)
    expected = analysis.criticality(toy_graph, slow)
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)  # force the compiled backend
    times = analysis.PairTimes(pairs, modes)
    got_times = times(toy_graph)
    assert [t is None for t in got_times] == [t is None for t in expected_times]
    assert [t for t in got_times if t is not None] == pytest.approx(
        [t for t in expected_times if t is not None])
    for (o, d), t in zip(pairs, expected_times, strict=True):
        fast = analysis.od_time(toy_graph, o, d, modes=modes)
        assert (fast is None and t is None) or fast == pytest.approx(t)
    got = analysis.criticality(toy_graph, times)
    assert [(c.link_id, c.disconnected) for c in got] == [
        (c.link_id, c.disconnected) for c in expected]
    assert [c.rise_h for c in got] == pytest.approx([c.rise_h for c in expected])


def test_analysis_sweep_is_the_same_on_both_backends(
        toy_graph: nx.MultiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    places = sorted({analysis.place_of(toy_graph, n) for n in toy_graph})
    pairs = [(o, d, m) for o in places[::2] for d in places[1::2] if o != d
             for m in (None, ("rail", "ferry"))]
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 10**9)
    base_nx, crit_nx = analysis.criticality(toy_graph, pairs)
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    base_fast, crit_fast = analysis.criticality(toy_graph, pairs)
    assert [b is None for b in base_fast] == [b is None for b in base_nx]
    assert [b for b in base_fast if b is not None] == pytest.approx(
        [b for b in base_nx if b is not None])
    assert [(c.link_id, c.disconnected) for c in crit_fast] == [
        (c.link_id, c.disconnected) for c in crit_nx]
    assert [c.rise_h for c in crit_fast] == pytest.approx([c.rise_h for c in crit_nx])


def _simple_view(graph: nx.Graph) -> nx.Graph:
    """A simple (di)graph of ``graph`` keeping the lightest ``w`` of parallel edges."""
    view = nx.DiGraph() if graph.is_directed() else nx.Graph()
    view.add_nodes_from(graph)
    for u, v, d in graph.edges(data=True):
        w = float(d.get("w", 1.0))
        if not view.has_edge(u, v) or w < view[u][v]["w"]:
            view.add_edge(u, v, w=w)
    return view


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs(), data=st.data())
def test_single_source_dijkstra_with_temporary_nodes(
        graph: nx.Graph, data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    """A routing view: attach the CSR view, add a virtual source and a snapped point, search."""
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    view = _simple_view(graph)
    assert engine.attach(view, "w")
    nodes = list(view.nodes)
    starts = data.draw(st.dictionaries(st.sampled_from(nodes), st.sampled_from([0.0, 1.0, 2.5]),
                                       min_size=1, max_size=3))
    snap = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2, unique=True))
    for n, c in starts.items():
        view.add_edge(("__origin__",), n, w=c)
    for n in snap:
        view.add_edge(("__snap__",), n, w=0.75)
    targets = [*nodes, ("__snap__",)]
    dist, paths = engine.single_source_dijkstra(view, ("__origin__",), targets, weight="w")
    ref = nx.single_source_dijkstra_path_length(view, ("__origin__",), weight="w")
    assert set(dist) == {t for t in [("__origin__",), *targets] if t in ref}
    for t, d in dist.items():
        assert d == pytest.approx(ref[t])
        path = paths[t]
        assert path[0] == ("__origin__",) and path[-1] == t
        assert sum(view[a][b]["w"] for a, b in itertools.pairwise(path)) == pytest.approx(d)
    # a new edge between base nodes is noticed (by the edge count): the answer stays right
    free = [(a, b) for a, b in itertools.combinations(nodes, 2) if not view.has_edge(a, b)]
    if free:
        view.add_edge(*free[0], w=0.0)
        dist2, _ = engine.single_source_dijkstra(view, ("__origin__",), targets, weight="w")
        ref2 = nx.single_source_dijkstra_path_length(view, ("__origin__",), weight="w")
        assert {t: dist2[t] for t in targets if t in dist2} == pytest.approx(
            {t: ref2[t] for t in targets if t in ref2})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs(), data=st.data())
def test_multi_source_dijkstra_on_an_attached_view(
        graph: nx.Graph, data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    view = _simple_view(graph)
    engine.attach(view, "w")
    nodes = list(view.nodes)
    sources = data.draw(st.sets(st.sampled_from(nodes), min_size=1, max_size=3))
    dist, paths = engine.multi_source_dijkstra(view, sources, nodes, weight="w")
    ref = nx.multi_source_dijkstra_path_length(view, sources, weight="w")
    assert dist == pytest.approx(ref)
    for t, path in paths.items():
        assert path[0] in sources and path[-1] == t
        assert sum(view[a][b]["w"] for a, b in itertools.pairwise(path)) == pytest.approx(dist[t])


def test_routes_on_the_compiled_backend_equal_networkx_routes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """routing.route on a compiled view (temporary nodes on a private overlay) gives the
    routes networkx gives: free points, via places, alternatives."""
    from corridor import routing

    data = geodata.load()
    queries: list[tuple[object, object, dict[str, object]]] = [
        ("Baku", "Kars", {}),
        ((44.6, 40.1), "Tbilisi", {}),
        ("Baku", (43.1, 40.6), {"via": ["Tbilisi"], "weight": "length"}),
        # a point on the M2 in southern Yerevan: north of the centre the Yerevan-Ashtarak
        # stretch is drawn identically in road_yerevan_gyumri and road_m1_ashtarak_yerevan, an
        # exact tie the two backends may break differently
        ((49.8, 40.4), (44.52, 40.16), {"scenario": "tripp"}),
    ]

    def answers() -> list[tuple[float, float, list[str], list[str]]]:
        routing.clear_cache()
        out = []
        for o, d, kw in queries:
            r = routing.route(o, d, data=data, **kw)  # type: ignore[arg-type]
            assert isinstance(r, routing.Route)
            out.append((r.length_km, r.time_h, r.link_ids, [leg.kind for leg in r.legs]))
        return out

    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 10**9)
    plain = answers()
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    compiled = answers()
    view = routing.routing_view(routing.graph_for(data, "today"))
    assert engine.BASE_KEY in view.graph  # the compiled backend was used
    routing.clear_cache()
    for (km, h, links, kinds), (km2, h2, links2, kinds2) in zip(plain, compiled, strict=True):
        assert (links2, kinds2) == (links, kinds)
        assert km2 == pytest.approx(km) and h2 == pytest.approx(h)


def test_fastpath_is_a_deprecated_alias_of_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.delitem(sys.modules, "corridor.fastpath", raising=False)
    with pytest.warns(DeprecationWarning, match="corridor.paths"):
        fastpath = importlib.import_module("corridor.fastpath")
    assert fastpath.CSRGraph is engine.CSRGraph and fastpath.cached is engine.cached
    assert fastpath.PairTimes is analysis.PairTimes and fastpath.od_time is analysis.od_time
    before = csr_module.FASTPATH_MIN_NODES
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "FASTPATH_MIN_NODES", 7)
        assert csr_module.FASTPATH_MIN_NODES == 7 == fastpath.FASTPATH_MIN_NODES
    assert before == csr_module.FASTPATH_MIN_NODES
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = fastpath.nothing_here
