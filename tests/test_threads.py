"""Routing from many threads gives the same answers as routing from one (issue #11 item 2).

A few hundred mixed queries (place names, lon/lat points, via places, alternatives, avoided
countries, scenarios, weights) run once serially and once on 8 threads with cold caches;
every answer (each leg, its numbers and geometry) or error must be identical.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import networkx as nx
import pytest

from corridor import analysis, geodata, routing

THREADS = 8


@contextmanager
def busy_switching() -> Iterator[None]:
    """Switch threads very often, so interleavings that corrupt shared state show up."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def signature(result: Any) -> Any:
    """Everything a caller can see of a route (or list of routes): legs, numbers, geometry."""
    if isinstance(result, list):
        return [signature(r) for r in result]
    assert isinstance(result, routing.Route)
    legs = tuple((tuple(sorted((k, repr(v)) for k, v in leg.to_dict().items())),
                  None if leg.geometry is None else leg.geometry.wkb_hex) for leg in result.legs)
    return (result.origin, result.destination, result.via, repr(result.length_km),
            repr(result.time_h), legs)


def outcome(call: Callable[[], Any]) -> Any:
    """The signature of a call's result, or its error type and message."""
    try:
        return ("ok", signature(call()))
    except Exception as exc:  # the error itself is the answer compared
        return ("error", type(exc).__name__, str(exc))


def queries(data: geodata.GeoData, n: int, seed: int = 11) -> list[Callable[[], Any]]:
    """``n`` mixed route queries on ``data`` (deterministic)."""
    rng = random.Random(seed)
    places = data.places
    ends = sorted(places.index[places["kind"].isin(["city", "port"])])
    out: list[Callable[[], Any]] = []
    for i in range(n):
        o, d = rng.sample(ends, 2)
        kw: dict[str, Any] = {"data": data, "scenario": rng.choice(["today", "tripp"]),
                              "weight": rng.choice(["time", "length"])}
        origin: Any = places.at[o, "name"] if i % 2 else o
        dest: Any = d
        kind = i % 6
        if kind == 1:  # free points near places
            g = places.at[o, "geometry"]
            origin = (float(g.x) + rng.uniform(-0.1, 0.1), float(g.y) + rng.uniform(-0.1, 0.1))
        elif kind == 2:
            kw["via"] = [rng.choice(ends)]
        elif kind == 3:
            kw["alternatives"] = rng.randint(2, 4)
        elif kind == 4:
            kw["avoid_countries"] = [rng.choice(["ARM", "IRN", "GEO", "Georgia"])]
        elif kind == 5:
            g = places.at[d, "geometry"]
            dest = (float(g.x) + 0.05, float(g.y) - 0.05)
            kw["modes"] = rng.choice(["rail", "road", "multimodal"])
        kw["explain"] = i % 5 == 0

        def call(origin: Any = origin, dest: Any = dest, kw: dict[str, Any] = kw) -> Any:
            return routing.route(origin, dest, **kw)

        out.append(call)
    return out


def run_both(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[Any]]:
    """Serial answers (cold caches) and threaded answers (cold caches again)."""
    routing.clear_cache()
    serial = [outcome(c) for c in calls]
    routing.clear_cache()
    with busy_switching(), ThreadPoolExecutor(THREADS) as pool:
        threaded = list(pool.map(outcome, calls))
    return serial, threaded


def test_routes_from_8_threads_equal_serial_routes(shipped: geodata.GeoData) -> None:
    calls = queries(shipped, 300)
    serial, threaded = run_both(calls)
    ok = sum(1 for s in serial if s[0] == "ok")
    assert ok > 200  # the queries mostly route: the comparison is not of error messages
    wrong = [i for i, (s, t) in enumerate(zip(serial, threaded, strict=True)) if s != t]
    assert not wrong, (f"{len(wrong)} of {len(calls)} answers differ under threads; first: "
                       f"{threaded[wrong[0]]!r:.500} vs serial {serial[wrong[0]]!r:.500}")


def test_default_data_and_graph_caches_fill_once_under_threads() -> None:
    routing.clear_cache()
    with busy_switching(), ThreadPoolExecutor(THREADS) as pool:
        datas = list(pool.map(lambda _: routing._default_data(), range(32)))
        graphs = list(pool.map(lambda _: routing.graph_for(None, "today"), range(32)))
    # every caller gets the one published object: nothing is built twice and then swapped
    assert all(d is datas[0] for d in datas)
    assert all(g is graphs[0] for g in graphs)


def test_od_matrix_and_analysis_under_threads(shipped: geodata.GeoData) -> None:
    ids = ["baku", "tbilisi", "kars", "nakhchivan", "port_of_aktau", "poti"]

    def matrix(i: int) -> Any:
        scen = ("today", "tripp")[i % 2]
        return ("m", scen, routing.od_matrix(ids, ids, scenario=scen, data=shipped).to_json())

    def graph_measures(i: int) -> Any:
        graph = routing.graph_for(shipped, ("today", "tripp")[i % 2])
        return ("a", analysis.components(graph, "rail"),
                analysis.od_time(graph, "baku", "kars"),
                analysis.nakhchivan_connected(graph, "rail"))

    jobs = [(matrix if i % 2 else graph_measures, i) for i in range(48)]
    routing.clear_cache()
    serial = [f(i) for f, i in jobs]
    routing.clear_cache()
    with busy_switching(), ThreadPoolExecutor(THREADS) as pool:
        threaded = list(pool.map(lambda job: job[0](job[1]), jobs))
    assert threaded == serial


@pytest.mark.parametrize("weight", ["time", "length"])
def test_the_cached_routing_view_is_never_changed_by_a_query(shipped: geodata.GeoData,
                                                            weight: str) -> None:
    # the view all callers share is frozen when published (networkx raises on any change),
    # and queries with snapped points, via and alternatives leave it exactly as built
    graph = routing.graph_for(shipped, "today")
    view = routing.routing_view(graph, routing.ALL_MODES, (), weight)
    assert nx.is_frozen(view)
    nodes, edges = set(view.nodes), {frozenset(e) for e in view.edges}
    routing.route((44.6, 40.1), "Kars", data=shipped, weight=weight)
    routing.route("Baku", "Kars", data=shipped, weight=weight, alternatives=3)
    routing.route("Baku", (43.0, 41.6), data=shipped, weight=weight, via=["Tbilisi"])
    assert routing.routing_view(graph, routing.ALL_MODES, (), weight) is view
    assert set(view.nodes) == nodes
    assert {frozenset(e) for e in view.edges} == edges
