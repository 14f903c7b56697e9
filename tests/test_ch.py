"""The contraction-hierarchy backend gives Dijkstra's answers: random graphs, an OSM extract."""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_graphs import graphs, naive_criticality, sources_and_targets

from corridor import analysis, geodata, network, routing
from corridor import paths as engine
from corridor import settings as corridor_settings
from corridor.paths import ch as ch_module
from corridor.scenarios import Scenario

pytest.importorskip("routingkit_cch")


def _tolerance(csr: engine.CSRGraph) -> float:
    """The documented bound: half a step per arc of the longer best path (< nodes arcs)."""
    return csr.contracted().resolution * csr.n_nodes / 2 + 1e-12


def _groups(data: st.DataObject, nodes: list[Hashable], k: int) -> list[object]:
    """Sources or targets: single nodes and groups of nodes (possibly empty)."""
    one = st.sampled_from(nodes)
    group = st.lists(st.sampled_from(nodes), max_size=3)
    return data.draw(st.lists(st.one_of(one, group), min_size=1, max_size=k))


@settings(max_examples=150, deadline=None)
@given(graph=graphs(), data=st.data())
def test_ch_od_matrix_equals_dijkstra(graph: nx.Graph, data: st.DataObject) -> None:
    nodes = list(graph.nodes)
    sources, targets = _groups(data, nodes, 5), _groups(data, nodes, 5)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    got = csr.od_matrix(sources, targets, backend="ch")
    want = csr.od_matrix(sources, targets, backend="dijkstra")
    assert np.array_equal(np.isfinite(got), np.isfinite(want))
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=0, atol=_tolerance(csr))


@settings(max_examples=100, deadline=None)
@given(graph=graphs(), data=st.data())
def test_ch_link_cuts_equal_full_recomputation(graph: nx.Graph, data: st.DataObject) -> None:
    """Re-customizing per cut link gives the networkx recomputation of every pair."""
    sources, targets = sources_and_targets(data, graph, 4)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    cuts = csr.link_cuts(sources, targets, backend="ch")
    assert [c.link_id for c in cuts] == csr.link_ids
    tol = _tolerance(csr) * 2 * len(sources) * len(targets)
    for cut in cuts:
        rise, lost = naive_criticality(graph, sources, targets, cut.link_id)
        assert cut.rise == pytest.approx(rise, abs=tol)
        assert cut.disconnected == lost
    # the metric is put back after every cut: the matrix is the uncut one
    np.testing.assert_allclose(csr.od_matrix(sources, targets, backend="ch"),
                               csr.od_matrix(sources, targets, backend="dijkstra"),
                               rtol=0, atol=_tolerance(csr))


def test_resolution_keeps_long_paths_below_infinity() -> None:
    """A path of big weights stays finite: the step grows with the graph's weights."""
    graph = nx.path_graph(200, create_using=nx.DiGraph)
    nx.set_edge_attributes(graph, 5e6, "w")
    csr = engine.CSRGraph.from_networkx(graph, "w")
    got = csr.od_matrix([0], [199], backend="ch")[0, 0]
    assert got == pytest.approx(199 * 5e6, abs=_tolerance(csr))


@pytest.fixture(scope="module")
def extract(synthetic_extract: geodata.GeoData) -> nx.MultiGraph:
    """The scenario graph of a small synthetic OSM extract (the benchmark's generator)."""
    return routing.graph_for(synthetic_extract,
                             Scenario(name="bench", link_statuses=("operating",)))


def test_ch_on_the_synthetic_extract_equals_dijkstra(extract: nx.MultiGraph) -> None:
    """OD times and link cuts between places, ordered by the nodes' coordinates."""
    csr = engine.CSRGraph.from_networkx(extract, "time_h", default_weight=0.0)
    assert csr.coords is not None  # the inertial (coordinate) order without pymetis
    rng = np.random.default_rng(3)
    places = sorted({analysis.place_of(extract, n) for n in extract})
    chosen = [places[i] for i in rng.choice(len(places), 30, replace=False)]
    groups = network.place_endpoints(extract, chosen)
    got = csr.od_matrix(groups, groups, backend="ch")
    want = csr.od_matrix(groups, groups, backend="dijkstra")
    assert np.isfinite(want).sum() > 100  # connected pairs to compare
    assert np.array_equal(np.isfinite(got), np.isfinite(want))
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=0, atol=_tolerance(csr))
    used = csr.link_usage(groups[:8], groups[8:16])
    links = sorted(used, key=lambda lid: -used[lid])[:25]
    fast = csr.link_cuts(groups[:8], groups[8:16], links, backend="dijkstra")
    via_ch = csr.link_cuts(groups[:8], groups[8:16], links, backend="ch")
    assert any(c.rise > 0 or c.disconnected for c in fast)
    for a, b in zip(fast, via_ch, strict=True):
        assert (a.link_id, a.disconnected) == (b.link_id, b.disconnected)
        assert b.rise == pytest.approx(a.rise, abs=_tolerance(csr) * 2 * 64)


def test_every_node_order_gives_the_same_integer_costs(extract: nx.MultiGraph,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """METIS, inertial-flow and degree orders: other hierarchies, the very same integer steps."""
    csr = engine.CSRGraph.from_networkx(extract, "time_h", default_weight=0.0)
    rows = [csr.rows(n) for n in sorted(extract, key=str)[::7][:60]]
    kinds = {}
    if ch_module._metis() is not None:
        kinds["metis"] = ch_module.CHGraph(csr)
    monkeypatch.setattr(ch_module, "_metis", lambda: None)
    kinds["inertial"] = ch_module.CHGraph(csr)
    monkeypatch.setattr(csr, "coords", None)
    kinds["degree"] = ch_module.CHGraph(csr)
    steps = {}
    for kind, hierarchy in kinds.items():
        assert hierarchy.ordering == kind
        order, _ = ch_module.node_order(csr.n_nodes, *hierarchy._ends, None)
        assert sorted(order) == list(range(csr.n_nodes))  # a permutation of the nodes
        steps[kind] = hierarchy._steps_matrix(rows, rows)
    assert np.isfinite(steps["degree"]).sum() > 1000
    for kind, got in steps.items():
        np.testing.assert_array_equal(got, steps["degree"], err_msg=kind)


def test_metis_orders_when_pymetis_is_installed(extract: nx.MultiGraph) -> None:
    pytest.importorskip("pymetis")
    csr = engine.CSRGraph.from_networkx(extract, "time_h", default_weight=0.0)
    assert ch_module.CHGraph(csr).ordering == "metis"
    assert ch_module.node_order(0, np.zeros(0, np.int64), np.zeros(0, np.int64), None)[0] == []


def test_big_graphs_choose_ch_automatically(extract: nx.MultiGraph,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the thresholds of settings, criticality runs on the hierarchy, same answers."""
    places = sorted({analysis.place_of(extract, n) for n in extract})[:12]
    pairs = tuple((o, d) for o in places[:6] for d in places[6:])
    times = analysis.PairTimes(pairs)
    monkeypatch.setattr(engine.csr, "FASTPATH_MIN_NODES", 0)
    graph = nx.freeze(extract.copy())
    before = times(graph)
    csr = engine.cached(graph, "time_h", default_weight=0.0, key=("modes", None))
    assert csr._ch is None and not csr.use_ch(1000)  # default threshold: a small graph
    monkeypatch.setattr(corridor_settings, "CH_MIN_NODES", 0)
    monkeypatch.setattr(corridor_settings, "CH_MIN_SOURCES", 5)
    assert not csr.use_ch(4) and csr.use_ch(5)
    after = times(graph)
    assert csr._ch is not None  # the OD ran on the hierarchy
    assert csr.use_ch(1)  # once built it answers every query
    for a, b in zip(before, after, strict=True):
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert b == pytest.approx(a, abs=_tolerance(csr))
    # a sweep counts a search per source and cut link: 2 sources, 4 links are 10 searches
    monkeypatch.setattr(corridor_settings, "CH_MIN_SOURCES", 10)
    fresh = engine.CSRGraph.from_networkx(extract, "time_h", default_weight=0.0)
    groups = network.place_endpoints(extract, places[:2] + places[6:8])
    fresh.link_cuts(groups[:2], groups[2:], fresh.link_ids[:3])
    assert fresh._ch is None  # 2 × (1 + 3) = 8 searches
    fresh.link_cuts(groups[:2], groups[2:], fresh.link_ids[:4])
    assert fresh._ch is not None


def test_without_routingkit_dijkstra_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ch_module, "_module", lambda: None)
    monkeypatch.setattr(corridor_settings, "CH_MIN_NODES", 0)
    monkeypatch.setattr(corridor_settings, "CH_MIN_SOURCES", 0)
    graph = nx.path_graph(4)
    nx.set_edge_attributes(graph, 1.5, "w")
    csr = engine.CSRGraph.from_networkx(graph, "w")
    assert not ch_module.available() and not csr.use_ch(100)
    assert csr.od_matrix([0], [3])[0, 0] == 4.5
    with pytest.raises(ImportError, match="scale"):
        csr.od_matrix([0], [3], backend="ch")
    with pytest.raises(ValueError, match="backend"):
        csr.od_matrix([0], [3], backend="fast")
    assert math.isinf(csr.od_matrix([0], [[]])[0, 0])


def test_a_csr_view_pickles_without_its_hierarchy() -> None:
    """Dask sends CSR views to workers: the lock and the hierarchy stay behind, rebuilt there."""
    import copy
    import pickle

    graph = nx.grid_2d_graph(6, 6)
    nx.set_edge_attributes(graph, 0.5, "w")
    csr = engine.CSRGraph.from_networkx(graph, "w")
    csr.contracted()
    for twin in (pickle.loads(pickle.dumps(csr)), copy.deepcopy(csr)):
        assert twin._ch is None
        np.testing.assert_array_equal(twin.od_matrix([(0, 0)], [(5, 5)]),
                                      csr.od_matrix([(0, 0)], [(5, 5)]))
        assert twin.contracted() is not csr.contracted()
        assert twin.od_matrix([(0, 0)], [(5, 5)], backend="ch")[0, 0] == pytest.approx(5.0)


def test_a_tie_within_rounding_rises_by_nothing() -> None:
    """Two equally quick ways whose integer steps differ: cutting one costs (almost) 0 h.

    A far heavy arc makes the step coarse (about 5e-4 h), so the two ways' rounded sums
    differ by steps; the rise is costed with the float weights, as Dijkstra's is.
    """
    graph = nx.DiGraph()
    graph.add_edge("a", "b", w=0.1, link_id="ab")
    graph.add_edge("b", "d", w=0.3, link_id="bd")
    graph.add_edge("a", "c", w=0.2, link_id="ac")
    graph.add_edge("c", "d", w=0.2, link_id="cd")
    graph.add_edge("x", "y", w=1e6, link_id="far")
    csr = engine.CSRGraph.from_networkx(graph, "w")
    want = {c.link_id: c.rise for c in csr.link_cuts(["a"], ["d"], backend="dijkstra")}
    got = {c.link_id: c.rise for c in csr.link_cuts(["a"], ["d"], backend="ch")}
    step = csr.contracted().resolution
    assert round(0.1 / step) + round(0.3 / step) != 2 * round(0.2 / step)  # steps differ
    assert set(got) == set(want)
    for lid, rise in want.items():
        assert got[lid] == pytest.approx(rise, abs=1e-12), lid


@settings(max_examples=100, deadline=None)
@given(graph=graphs(), data=st.data())
def test_threads_and_blocks_give_the_one_thread_matrix(graph: nx.Graph,
                                                       data: st.DataObject) -> None:
    """Sources split over threads and numpy blocks: the same integers, Dijkstra's costs."""
    nodes = list(graph.nodes)
    sources, targets = _groups(data, nodes, 9), _groups(data, nodes, 6)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    want = csr.od_matrix(sources, targets, backend="dijkstra")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corridor_settings, "CH_THREADS", 1)
        one = csr.od_matrix(sources, targets, backend="ch")
        mp.setattr(ch_module, "_MIN_PER_THREAD", 1)
        mp.setattr(ch_module, "_BLOCK", 2)
        mp.setattr(corridor_settings, "CH_THREADS", data.draw(st.integers(2, 4)))
        assert ch_module.threads(len(sources)) == min(corridor_settings.CH_THREADS,
                                                      len(sources))
        split = csr.od_matrix(sources, targets, backend="ch")
    np.testing.assert_array_equal(split, one)
    assert np.array_equal(np.isfinite(split), np.isfinite(want))
    ok = np.isfinite(want)
    np.testing.assert_allclose(split[ok], want[ok], rtol=0, atol=_tolerance(csr))


@settings(max_examples=100, deadline=None)
@given(graph=graphs(), data=st.data())
def test_a_values_metric_gives_dijkstra_on_those_values(graph: nx.Graph,
                                                        data: st.DataObject) -> None:
    """Other arc costs (one per matrix entry) on the same hierarchy: their least sums."""
    nodes = list(graph.nodes)
    sources, targets = _groups(data, nodes, 5), _groups(data, nodes, 5)
    csr = engine.CSRGraph.from_networkx(graph, "w")
    values = np.asarray(data.draw(st.lists(
        st.sampled_from([0.0, 0.25, 1.0, 7.5, 300.0]), min_size=csr.matrix.nnz,
        max_size=csr.matrix.nnz)), dtype=float)
    got = csr.od_matrix(sources, targets, backend="ch", values=values)
    want = csr.od_matrix(sources, targets, backend="dijkstra", values=values)
    assert np.array_equal(np.isfinite(got), np.isfinite(want))
    step = csr.contracted().resolution_for(values)
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=0, atol=step * csr.n_nodes / 2 + 1e-12)
    # the view's own metric is untouched, and a second call reuses the customized metric
    np.testing.assert_allclose(csr.od_matrix(sources, targets, backend="ch"),
                               csr.od_matrix(sources, targets, backend="dijkstra"),
                               rtol=0, atol=_tolerance(csr))
    assert csr.contracted().resolution_for(values) == step
    with pytest.raises(ValueError, match="entries"):
        csr.od_matrix(sources, targets, backend="ch", values=np.ones(csr.matrix.nnz + 1))


@settings(max_examples=100, deadline=None)
@given(graph=graphs(continuous=True), data=st.data())
def test_least_sums_on_the_hierarchy_equal_the_dijkstra_path_sums(
        graph: nx.Graph, data: st.DataObject) -> None:
    """A routing-like view (weight = value + 1e-7 × a tie-breaker): the CH's least value sums
    are the value summed along Dijkstra's paths, up to the tie term and the rounding."""
    view = nx.DiGraph()
    view.add_nodes_from(graph)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    for u, v in graph.edges():
        for a, b in ((u, v), (v, u)) if not graph.is_directed() else ((u, v),):
            value, tie = float(rng.uniform(0, 5)), float(rng.uniform(0, 1e4))
            if view.has_edge(a, b) and view[a][b]["w"] <= value + 1e-7 * tie:
                continue
            view.add_edge(a, b, w=value + 1e-7 * tie, value=value)
    nodes = list(view.nodes)
    sources = data.draw(st.lists(st.lists(st.sampled_from(nodes), max_size=3), min_size=1,
                                 max_size=5))
    targets = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=6))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.csr, "FASTPATH_MIN_NODES", 0)
        assert engine.attach(view, "w")
    view = nx.freeze(view)
    values = engine.arc_values(view, "w", lambda d: d["value"])
    assert values is not None
    path_sums = engine.group_path_sums(view, sources, targets, [values], weight="w")
    least = engine.group_least_sums(view, sources, targets, values, weight="w", backend="ch")
    assert path_sums is not None and least is not None
    assert engine.group_least_sums(view, sources, targets, values, weight="w") is None  # small
    want = path_sums[0]
    assert np.array_equal(np.isnan(least), np.isnan(want))
    csr = view.graph[engine.BASE_KEY][1]
    step = csr.contracted().resolution_for(values)
    ok = ~np.isnan(want)
    assert np.all(least[ok] <= want[ok] + step * csr.n_nodes / 2 + 1e-12)  # least sums ...
    # ... and Dijkstra's path is at most the tie term (1e-7 × 1e4 per arc) above them
    atol = step * csr.n_nodes / 2 + 1e-3 * csr.n_nodes + 1e-12
    np.testing.assert_allclose(least[ok], want[ok], rtol=0, atol=atol)


def test_thread_count_follows_the_setting_the_cpus_and_the_sources(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corridor_settings, "CH_THREADS", 0)
    monkeypatch.setattr(ch_module.os, "sched_getaffinity", lambda _pid: set(range(32)),
                        raising=False)
    assert ch_module.threads(10_000) == 8  # auto: the CPUs, at most 8
    assert ch_module.threads(64 * 3) == 3  # at least 64 sources per thread
    assert ch_module.threads(10) == 1
    monkeypatch.setattr(ch_module.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert ch_module.threads(10_000) == 2
    monkeypatch.setattr(corridor_settings, "CH_THREADS", 12)
    assert ch_module.threads(10_000) == 12  # set: as many as asked
