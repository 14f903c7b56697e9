"""The public routing path on an OSM-built network: same answers as networkx, caches built once."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from corridor import NoRoute, geodata, network, paths, routing, settings
from corridor.paths import csr as csr_module
from corridor.routing import cache as routing_cache
from corridor.scenarios import Scenario

SCENARIO = Scenario(name="bench", link_statuses=("operating",))


def _sample(data: geodata.GeoData, k: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    ids = list(data.places.index)
    return [str(ids[i]) for i in rng.choice(len(ids), k, replace=False)]


def _nx_cell(view: nx.DiGraph, sources: list[object], targets: list[object], attr: str,
             shown: str) -> float:
    """networkx Dijkstra on the view: ``shown`` summed along the best path by ``w``."""
    if not sources:
        return math.nan
    _, found = nx.multi_source_dijkstra(view, set(sources), weight="w")
    totals = [tuple(math.fsum(float(view.edges[a, b]["data"][key])
                              for a, b in itertools.pairwise(found[t]))
                    for key in (attr, shown))
              for t in targets if t in found]
    return min(totals)[1] if totals else math.nan


def _assert_cells_are_networkx_sums(got: pd.DataFrame, view: nx.DiGraph, places: list[str],
                                    attr: str, shown: str, tol: float = 0.0) -> None:
    """Each cell of ``got`` is the ``shown`` sum along networkx's least-``attr`` path."""
    nodes_of: dict[str, list[object]] = {}
    for n, d in view.nodes(data=True):
        nodes_of.setdefault(d["place"], []).append(n)
    reached = 0
    for o in places:
        sources = network.endpoints(view, nodes_of.get(o, []))
        for dest in places:
            want = (0.0 if dest == o and sources else
                    _nx_cell(view, sources, network.endpoints(view, nodes_of.get(dest, [])),
                             attr, shown))
            cell = got.at[o, dest]
            if math.isnan(want):
                assert math.isnan(cell), (o, dest)
            else:
                reached += dest != o
                # ties broken differently move the sum by at most the 1e-7 tie weight
                assert cell == pytest.approx(want, rel=1e-6, abs=tol + 1e-9), (o, dest)
    assert reached > 20  # the sample is connected enough to test something



@pytest.mark.parametrize(("weight", "value"), [("time", None), ("length", None),
                                               ("time", "length"), ("cost", None),
                                               ("co2", "time")])
def test_od_matrix_on_the_compiled_view_equals_networkx(
        synthetic_extract: geodata.GeoData, monkeypatch: pytest.MonkeyPatch, weight: str,
        value: str | None) -> None:
    """routing.od_matrix (compiled view, batched path sums) against networkx's Dijkstra."""
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    routing.clear_cache()
    places = _sample(synthetic_extract, 14, seed=1)
    got = routing.od_matrix(places, places, scenario=SCENARIO, data=synthetic_extract,
                            weight=weight, value=value)
    view = routing.routing_view(routing.graph_for(synthetic_extract, SCENARIO), weight=weight)
    assert paths.BASE_KEY in view.graph  # the compiled backend answered
    attrs = {"time": "time_h", "length": "length_km", "cost": "cost_usd_t", "co2": "co2_kg_t"}
    attr, shown = attrs[weight], attrs[value or weight]
    _assert_cells_are_networkx_sums(got, view, places, attr, shown)
    routing.clear_cache()


@pytest.mark.parametrize(("weight", "value"), [("time", None), ("length", None),
                                               ("cost", None), ("time", "length")])
def test_od_matrix_on_the_hierarchy_equals_networkx(
        synthetic_extract: geodata.GeoData, monkeypatch: pytest.MonkeyPatch, weight: str,
        value: str | None) -> None:
    """Big-view rule forced: cells of the routed weight come from the contraction hierarchy.

    They are the least sums, so they may sit below the networkx path's (tie-broken by 1e-7 ×
    another weight per arc) by that term, and within the hierarchy's rounding; a value other
    than the weight still sums along the Dijkstra paths (no hierarchy built).
    """
    pytest.importorskip("routingkit_cch")
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    monkeypatch.setattr(settings, "CH_MIN_NODES", 0)
    monkeypatch.setattr(settings, "CH_MIN_SOURCES", 0)
    routing.clear_cache()
    places = _sample(synthetic_extract, 14, seed=1)
    got = routing.od_matrix(places, places, scenario=SCENARIO, data=synthetic_extract,
                            weight=weight, value=value)
    view = routing.routing_view(routing.graph_for(synthetic_extract, SCENARIO), weight=weight)
    csr = view.graph[paths.BASE_KEY][1]
    attrs = {"time": "time_h", "length": "length_km", "cost": "cost_usd_t"}
    attr, shown = attrs[weight], attrs[value or weight]
    if value is not None:
        assert csr._ch is None  # path sums of another value: Dijkstra
        tol = 0.0
    else:
        values = routing_cache.ARC_VALUES.get_or_build(view, weight, lambda: None)
        assert values is not None and csr._ch is not None  # the hierarchy answered
        tol = csr.contracted().resolution_for(values) * csr.n_nodes / 2
    _assert_cells_are_networkx_sums(got, view, places, attr, shown, tol)
    routing.clear_cache()


def test_od_matrix_compiled_equals_plain(synthetic_extract: geodata.GeoData,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Same cells with the compiled backend and with the networkx loop (same NaNs)."""
    places = _sample(synthetic_extract, 20, seed=2)
    kw = {"scenario": SCENARIO, "data": synthetic_extract, "value": "length"}
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 10**9)
    routing.clear_cache()
    plain = routing.od_matrix(places, places[:7], **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    routing.clear_cache()
    compiled = routing.od_matrix(places, places[:7], **kw)  # type: ignore[arg-type]
    routing.clear_cache()
    assert list(plain.index) == list(compiled.index)
    assert list(plain.columns) == list(compiled.columns)
    assert (plain.isna() == compiled.isna()).all().all()
    assert np.allclose(plain.to_numpy(), compiled.to_numpy(), equal_nan=True, rtol=1e-9)


def test_routes_on_the_extract_equal_networkx(synthetic_extract: geodata.GeoData,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """routing.route between places and from a lon/lat point (a snapped overlay) on the
    compiled view: the time networkx finds on the same overlay."""
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    routing.clear_cache()
    places = _sample(synthetic_extract, 16, seed=3)
    view = routing.routing_view(routing.graph_for(synthetic_extract, SCENARIO))
    nodes_of: dict[str, list[object]] = {}
    for n, d in view.nodes(data=True):
        nodes_of.setdefault(d["place"], []).append(n)
    checked = 0
    for a, b in itertools.pairwise(places):
        src = network.endpoints(view, nodes_of.get(a, []))
        dst = network.endpoints(view, nodes_of.get(b, []))
        if not src or not dst:
            continue
        dist = nx.multi_source_dijkstra_path_length(view, set(src), weight="w")
        best = min((dist[t] for t in dst if t in dist), default=None)
        if best is None:
            with pytest.raises(NoRoute):
                routing.route(a, b, scenario=SCENARIO, data=synthetic_extract, explain=False)
            continue
        r = routing.route(a, b, scenario=SCENARIO, data=synthetic_extract, explain=False)
        assert isinstance(r, routing.Route)
        # w = time_h + 1e-7 length_km
        assert r.time_h + 1e-7 * r.length_km == pytest.approx(best, rel=1e-9)
        checked += 1
    assert checked >= 5
    # a point: snapped on a private overlay, whose compiled matrix grows by its arcs
    x, y = synthetic_extract.places.geometry.iloc[0].x, synthetic_extract.places.geometry.iloc[0].y
    point = (float(x) + 0.01, float(y) + 0.01)
    ends = [(point, places[1]), (places[1], point)]  # from it, and to it (arcs into it)
    got = [routing.route(a, b, scenario=SCENARIO, data=synthetic_extract, explain=False)
           for a, b in ends]
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 10**9)
    routing.clear_cache()
    plain = [routing.route(a, b, scenario=SCENARIO, data=synthetic_extract, explain=False)
             for a, b in ends]
    routing.clear_cache()
    for r, p in zip(got, plain, strict=True):
        assert r.time_h == pytest.approx(p.time_h, rel=1e-9)
        assert r.length_km == pytest.approx(p.length_km, rel=1e-9)


def test_place_nodes_and_name_index_are_built_once(synthetic_extract: geodata.GeoData,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-view place index and the name index are built once, not per call."""
    calls = {"index": 0}
    from corridor.routing import places as places_module

    real = places_module._build_index

    def counting(data: geodata.GeoData) -> object:
        calls["index"] += 1
        return real(data)

    monkeypatch.setattr(places_module, "_build_index", counting)
    routing.clear_cache()
    sample = _sample(synthetic_extract, 6, seed=4)
    routing.od_matrix(sample, sample, scenario=SCENARIO, data=synthetic_extract)
    routing.od_matrix(sample, sample, scenario=SCENARIO, data=synthetic_extract)
    assert calls["index"] == 1
    view = routing.routing_view(routing.graph_for(synthetic_extract, SCENARIO))
    assert routing_cache.place_nodes(view) is routing_cache.place_nodes(view)
    routing.clear_cache()


def test_frozen_view_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen view with a compiled base is not re-scanned per search (edge count once)."""
    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    g = nx.DiGraph()
    nx.add_path(g, range(6), w=1.0)
    assert paths.attach(g, "w")
    view = nx.freeze(g)
    counted = {"n": 0}
    real = nx.DiGraph.number_of_edges

    def counting(self: nx.DiGraph, *args: object) -> int:
        counted["n"] += 1
        return real(self, *args)

    monkeypatch.setattr(nx.DiGraph, "number_of_edges", counting)
    for _ in range(5):
        dist, _ = paths.multi_source_dijkstra(view, [0], [5], weight="w")
        assert dist[5] == 5.0
    assert counted["n"] == 1


def test_cached_counts_a_frozen_graph_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """paths.cached keys its views by the edge count: counted once on a frozen graph, on
    every call on a graph that may change."""
    g = nx.MultiGraph()
    nx.add_path(g, range(8), time_h=1.0)
    counted = {"n": 0}
    real = nx.MultiGraph.number_of_edges

    def counting(self: nx.MultiGraph, *args: object) -> int:
        counted["n"] += 1
        return real(self, *args)

    monkeypatch.setattr(nx.MultiGraph, "number_of_edges", counting)
    frozen = nx.freeze(g.copy())
    views = {id(paths.cached(frozen, "time_h")) for _ in range(5)}
    assert len(views) == 1 and counted["n"] == 1
    paths.cached(g, "time_h")
    g.remove_edge(3, 4)  # an edited graph gets a fresh view
    assert paths.cached(g, "time_h").shortest_path(0, 7) is None
    assert counted["n"] == 3


def test_nearest_links_from_the_spatial_index_equal_a_full_scan(
        synthetic_extract: geodata.GeoData) -> None:
    """The links a point snaps to (spatial index, growing radius) are the nearest of all."""
    from corridor.routing.snap import SNAP_CANDIDATES, _link_candidates

    routing.clear_cache()
    view = routing.routing_view(routing.graph_for(synthetic_extract, SCENARIO))
    rng = np.random.default_rng(6)
    x0, y0, x1, y1 = synthetic_extract.links.total_bounds
    points = [(float(rng.uniform(x0 - 1, x1 + 1)), float(rng.uniform(y0 - 1, y1 + 1)))
              for _ in range(40)]
    for lon, lat in points:
        fast = _link_candidates(view, lon, lat, SNAP_CANDIDATES)
        full = _link_candidates(view, lon, lat)[:SNAP_CANDIDATES]
        assert [(d, lid) for d, lid, *_ in fast] == [(d, lid) for d, lid, *_ in full]
    routing.clear_cache()



@pytest.mark.parametrize("min_nodes", [0, 10**9])
def test_the_public_benchmark_runs_with_and_without_a_compiled_base(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        min_nodes: int) -> None:
    """A view below the fast-path size has no compiled base: the benchmark builds one."""
    from benchmarks import bench_public

    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", min_nodes)
    assert bench_public.main(["--ways", "1500", "--places", "6", "--routes", "2",
                              "--nx-sources", "1", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert ("below paths.FASTPATH_MIN_NODES" in out) == (min_nodes > 0)
    assert "| od_matrix 6×6, warm" in out and "| route, 2 queries, warm" in out
