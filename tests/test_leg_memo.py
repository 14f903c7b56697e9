"""The per-view memo of built legs: a leg comes from its own view's arc, never a stale one."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from corridor import NoRoute, geodata, paths, routing
from corridor.paths import csr as csr_module
from corridor.routing import cache
from corridor.routing.legs import Route
from corridor.routing.view import _overlay
from corridor.scenarios import Scenario, get


def _cold(origin: object, destination: object, **options: object) -> Route:
    """The route with the memo of built legs empty: every leg built from its arc."""
    cache.LEGS.clear()
    found = routing.route(origin, destination, **options)  # type: ignore[arg-type, call-overload]
    cache.LEGS.clear()
    assert isinstance(found, Route)
    return found


def _warm(origin: object, destination: object, **options: object) -> Route:
    found = routing.route(origin, destination, **options)  # type: ignore[arg-type, call-overload]
    assert isinstance(found, Route)
    return found


def test_each_view_builds_its_own_legs(shipped: geodata.GeoData) -> None:
    """Passenger and freight views share arcs (same nodes) with different times: the legs of
    one must never come from the memo of the other; nor a scenario's from another's."""
    routing.clear_cache()
    freight = _warm("kars", "tbilisi", data=shipped, explain=False)
    passenger = _warm("kars", "tbilisi", data=shipped, explain=False, profile="passenger")
    # the same links, other times: a memo shared by the two views would show here
    assert freight.link_ids == passenger.link_ids
    assert [leg.time_h for leg in freight.legs] != [leg.time_h for leg in passenger.legs]
    assert passenger == _cold("kars", "tbilisi", data=shipped, explain=False,
                              profile="passenger")
    assert freight == _cold("kars", "tbilisi", data=shipped, explain=False)
    freight = _warm("baku", "kars", data=shipped, explain=False)
    # a link of the route closed: another graph and view, its legs its own
    closed = dataclasses.replace(get("today", geodata_dir=shipped.path), name="closed",
                                 closed_links=(freight.link_ids[0],))
    _warm("baku", "kars", data=shipped, explain=False)
    other = _warm("baku", "kars", data=shipped, explain=False, scenario=closed)
    assert freight.link_ids[0] not in other.link_ids
    assert other == _cold("baku", "kars", data=shipped, explain=False, scenario=closed)
    # one memo per view routed over, each the view's own
    _warm("kars", "tbilisi", data=shipped, explain=False)
    _warm("kars", "tbilisi", data=shipped, explain=False, profile="passenger")
    assert len(cache.LEGS) == 2
    routing.clear_cache()
    assert len(cache.LEGS) == 0


def test_temporary_arcs_of_points_are_never_memoized(shipped: geodata.GeoData) -> None:
    """Two points get temporary nodes of the same names: their access legs and link parts
    are each built anew (only arcs of the view itself are kept)."""
    routing.clear_cache()
    points = [(44.51, 40.18), (44.60, 40.25), (44.45, 40.10)]
    for p in points:
        for a, b in ((p, "kars"), ("kars", p)):
            got = _warm(a, b, data=shipped, explain=False)
            assert got == _cold(a, b, data=shipped, explain=False), (a, b)
            access = [leg for leg in got.legs if leg.kind == "access"]
            assert access and all(leg.geometry is not None for leg in access)
    first = _warm(points[0], "kars", data=shipped, explain=False)
    second = _warm(points[1], "kars", data=shipped, explain=False)
    assert first.legs[0] != second.legs[0]  # another point: another access leg


def test_a_shared_leg_cannot_be_changed_through_a_route(shipped: geodata.GeoData) -> None:
    """Routes over the same arcs share their legs (frozen): what a caller does with one
    route's output does not reach the next route."""
    routing.clear_cache()
    one = _warm("aktau", "istanbul", data=shipped, explain=False)
    want = one.to_geojson()
    two = _warm("aktau", "istanbul", data=shipped, explain=False)
    assert any(a is b for a, b in zip(one.legs, two.legs, strict=True))  # from the memo
    leg = two.legs[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        leg.time_h = 0.0  # type: ignore[misc]
    out = leg.to_dict()
    out["countries"].append("XXX")
    out["dwell_h"].append(99.0)
    frame = two.to_geodataframe()
    frame.loc[:, "time_h"] = 0.0
    three = _warm("aktau", "istanbul", data=shipped, explain=False)
    assert three.to_geojson() == want == _cold("aktau", "istanbul", data=shipped,
                                               explain=False).to_geojson()


def test_a_full_memo_starts_over(shipped: geodata.GeoData,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    routing.clear_cache()
    monkeypatch.setattr(cache, "LEG_MEMO_ARCS", 5)
    for a, b in (("baku", "kars"), ("aktau", "istanbul"), ("kars", "baku")):
        got = _warm(a, b, data=shipped, explain=False)
        assert got == _cold(a, b, data=shipped, explain=False)
        assert all(len(memo) <= 5 + len(got.legs) for _, memo in cache.LEGS._items.values())
    routing.clear_cache()


def test_nearest_target_path_is_the_first_nearest_of_the_full_search(
        synthetic_extract: geodata.GeoData, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the compiled view (a virtual source, and a snapped overlay) and on networkx: the
    path single_source_dijkstra gives for the first listed of the nearest targets."""
    scen = Scenario(name="bench", link_statuses=("operating",))
    rng = np.random.default_rng(4)
    for min_nodes in (0, 10**9):
        monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", min_nodes)
        routing.clear_cache()
        view = routing.routing_view(routing.graph_for(synthetic_extract, scen))
        assert (paths.BASE_KEY in view.graph) == (min_nodes == 0)
        nodes = list(view.nodes)
        checked = 0
        for _ in range(12):
            starts = [nodes[i] for i in rng.choice(len(nodes), 3, replace=False)]
            targets = [nodes[i] for i in rng.choice(len(nodes), 4, replace=False)]
            # a repeat, and two starts (distance 0: a tie, the first listed wins)
            targets += [targets[0], starts[2], starts[1]]
            graph = _overlay(view, [(("__origin__",), n, 0.0, {"kind": "virtual"})
                                    for n in starts])
            dist, found = paths.single_source_dijkstra(graph, ("__origin__",), targets,
                                                       weight="w")
            reached = [t for t in targets if t in dist]
            best = min(reached, key=lambda t: dist[t])
            got = paths.nearest_target_path(graph, ("__origin__",), targets, weight="w")
            assert got == (dist[best], found[best])
            # the same without the start among the targets: a real path is climbed
            rest = targets[:-3]
            reached = [t for t in rest if t in dist]
            got = paths.nearest_target_path(graph, ("__origin__",), rest, weight="w")
            if not reached:
                assert got is None
                continue
            best = min(reached, key=lambda t: dist[t])
            assert got == (dist[best], found[best])
            checked += len(found[best]) > 2
        assert checked >= 3
    routing.clear_cache()


def test_routes_on_the_compiled_view_equal_cold_ones(
        synthetic_extract: geodata.GeoData, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the compiled view (the nearest-target search, the memo filled across routes),
    each route is byte for byte the one built with the memo empty."""
    scen = Scenario(name="bench", link_statuses=("operating",))
    ids = [str(p) for p in synthetic_extract.places.index]
    rng = np.random.default_rng(9)
    pairs = [(ids[i], ids[j]) for i, j in rng.choice(len(ids), (14, 2), replace=False)]
    options: dict[str, object] = {"data": synthetic_extract, "scenario": scen,
                                  "explain": False}

    def run(build: object) -> list[str]:
        out = []
        for a, b in itertools.chain(pairs, pairs):  # the second pass from the memo
            try:
                out.append(build(a, b, **options).to_geojson())  # type: ignore[operator]
            except NoRoute:
                out.append("no route")
        return out

    monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    routing.clear_cache()
    view = routing.routing_view(routing.graph_for(synthetic_extract, scen))
    assert paths.BASE_KEY in view.graph
    warm = run(_warm)
    assert len(cache.leg_memo(view)) > 50
    cold = run(_cold)
    routing.clear_cache()
    assert sum(x != "no route" for x in warm) >= 10
    assert warm == cold
