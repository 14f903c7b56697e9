"""Properties of routes on generated networks (hypothesis).

Each example writes a random geodata folder (places scattered over the Caucasus, rail links of
either gauge and road links between random pairs), loads it through the validator and routes
on it. Shortest-route facts that must hold on any network are checked against each other.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import line, point, write_geodata
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pyproj import Geod

from corridor import geodata, routing, settings
from corridor._errors import NoRoute
from corridor.routing import Route
from corridor.scenarios import Scenario

GEOD = Geod(ellps="WGS84")
OPERATING = Scenario("generated")
SETTINGS = hsettings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
# the routing weight carries a 1e-7 tie-break on the other quantity; compare with this slack
SLACK = 1e-3


@st.composite
def networks(draw: st.DrawFn, modes: tuple[str, ...] = ("rail", "road"),
             gauges: tuple[int, ...] = (1520, 1435)) -> dict[str, Any]:
    n = draw(st.integers(min_value=3, max_value=7))
    # lon 40-49.5, lat 38-42.5 (+-0.3 bends): inside corridor.settings.REGION_BOXES
    cells = draw(st.lists(st.tuples(st.integers(0, 19), st.integers(0, 9)), min_size=n,
                          max_size=n, unique=True))
    coords = [(40.0 + 0.5 * cx, 38.0 + 0.5 * cy) for cx, cy in cells]
    count = draw(st.integers(min_value=n - 1, max_value=2 * n + 2))
    links = []
    for i in range(count):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(0, n - 1).filter(lambda x, a=a: x != a))
        mode = draw(st.sampled_from(modes))
        props: dict[str, Any] = {"mode": mode}
        if mode == "rail":
            props["gauge_mm"] = draw(st.sampled_from(gauges))
        else:
            props["gauge_mm"] = None
        speed = draw(st.one_of(st.none(), st.floats(min_value=20, max_value=120)))
        if speed is not None:
            props["speed_kmh"] = speed
        published = draw(st.one_of(st.none(), st.none(), st.floats(min_value=1, max_value=400)))
        if published is not None:
            props["length_km_published"] = published
        bend = draw(st.floats(min_value=-0.3, max_value=0.3))
        (x1, y1), (x2, y2) = coords[a], coords[b]
        path = [(x1, y1), ((x1 + x2) / 2, (y1 + y2) / 2 + bend), (x2, y2)]
        links.append((f"l{i}", f"p{a}", f"p{b}", path, props))
    return {"coords": coords, "links": links}


def load(net: dict[str, Any], folder: Path) -> geodata.GeoData:
    places = [point(f"p{i}", x, y) for i, (x, y) in enumerate(net["coords"])]
    links = [line(lid, a, b, path, **props) for lid, a, b, path, props in net["links"]]
    return geodata.load(write_geodata(folder, places, links))


def best(data: geodata.GeoData, a: str, b: str, weight: str = "time",
         scenario: Scenario = OPERATING) -> Route | None:
    try:
        r = routing.route(a, b, data=data, weight=weight, scenario=scenario)
    except NoRoute:
        return None
    assert isinstance(r, Route)
    return r


def published_km_of(data: geodata.GeoData, link_id: str) -> float | None:
    """The link's length_km_published as written, or None (absent or NaN in the frame)."""
    value = data.links.loc[link_id].get("length_km_published")
    return None if value is None or value != value else float(value)


def cost(r: Route, weight: str) -> float:
    return r.time_h if weight == "time" else r.length_km


def linked_places(net: dict[str, Any]) -> list[str]:
    """Places with at least one link. A place without links is reached by snapping to the
    nearest links, which can enter a link between its ends (a junction the network does not
    have), so shortest-path identities such as the triangle inequality are checked on linked
    places only."""
    return sorted({end for _, a, b, _, _ in net["links"] for end in (a, b)})


def pairs(n: int) -> list[tuple[str, str]]:
    return [(f"p{i}", f"p{j}") for i, j in itertools.permutations(range(n), 2)]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    routing.clear_cache()


@SETTINGS
@given(net=networks())
def test_route_length_and_time_are_the_sums_of_the_legs(net: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        for a, b in pairs(len(net["coords"]))[:6]:
            r = best(data, a, b)
            if r is None:
                continue
            assert r.length_km == pytest.approx(sum(leg.length_km for leg in r.legs))
            assert r.time_h == pytest.approx(sum(leg.time_h for leg in r.legs))
            # and each whole-link leg is its link's published length, else the geodesic length
            # of its geometry (pyproj, independently) x the mode's detour factor; a place
            # without links is reached by an access leg and part of a link
            for leg in r.legs:
                if leg.kind == "link" and leg.fraction == 1.0:
                    row = data.links.loc[leg.link_id]
                    lons, lats = row.geometry.xy
                    geodesic = GEOD.line_length(list(lons), list(lats)) / 1000.0
                    published = published_km_of(data, leg.link_id)
                    snapped = "point" in (leg.from_place, leg.to_place)  # counts as estimated
                    if published is not None:
                        assert leg.length_km == pytest.approx(published)
                        assert leg.published_km == (0.0 if snapped else leg.length_km)
                    else:
                        factor = settings.DEFAULTS.detour_factors.get(row["mode"], 1.0)
                        assert leg.length_km == pytest.approx(geodesic * factor)
                        assert leg.published_km == 0.0


@SETTINGS
@given(net=networks())
def test_published_km_are_a_share_of_the_route(net: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        for a, b in pairs(len(net["coords"]))[:6]:
            r = best(data, a, b, weight="length")
            if r is None:
                continue
            assert 0.0 <= r.published_length_share <= 1.0
            assert r.published_km <= r.length_km + 1e-9
            assert r.published_km == pytest.approx(sum(leg.published_km for leg in r.legs))
            published = sum(leg.length_km for leg in r.legs
                            if leg.kind == "link" and "point" not in (leg.from_place, leg.to_place)
                            and published_km_of(data, leg.link_id) is not None)
            assert r.published_km == pytest.approx(published)
            if r.length_km > 0:
                assert r.published_length_share == pytest.approx(published / r.length_km)
            assert r.to_dict()["published_length_share"] == r.published_length_share


@SETTINGS
@given(net=networks())
def test_a_route_changes_mode_or_gauge_only_through_a_paid_transfer(
        net: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        for a, b in pairs(len(net["coords"]))[:6]:
            r = best(data, a, b)
            if r is None:
                continue
            last = None
            paid = False
            for leg in r.legs:
                if leg.kind in ("transfer", "gauge_break"):
                    assert leg.time_h > 0
                    paid = True
                elif leg.kind == "link":
                    layer = (leg.mode, leg.gauge_mm)
                    assert last is None or layer == last or paid
                    last, paid = layer, False


@SETTINGS
@given(net=networks())
def test_undirected_routes_are_symmetric(net: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        for a, b in pairs(len(net["coords"]))[:6]:
            there, back = best(data, a, b), best(data, b, a)
            assert (there is None) == (back is None)
            if there is not None and back is not None:
                assert there.time_h == pytest.approx(back.time_h, abs=SLACK)


def _assert_triangle_inequality(net: dict[str, Any], weight: str, total: str) -> None:
    """Shortest routes by ``weight`` satisfy d(a, c) <= d(a, b) + d(b, c) on ``total``."""
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        n = len(net["coords"])
        d = {(a, b): best(data, a, b, weight) for a, b in pairs(n)}
        for a, b, c in itertools.permutations(linked_places(net), 3):
            ab, bc, ac = d[(a, b)], d[(b, c)], d[(a, c)]
            if ab is not None and bc is not None:
                assert ac is not None
                assert getattr(ac, total) <= getattr(ab, total) + getattr(bc, total) + SLACK


@SETTINGS
@given(net=networks())
def test_triangle_inequality_for_length_on_multimodal_networks(net: dict[str, Any]) -> None:
    # transfers cost time but no distance, so shortest lengths obey the triangle inequality
    _assert_triangle_inequality(net, "length", "length_km")


@SETTINGS
@given(net=networks(modes=("rail",), gauges=(1520,)))
def test_triangle_inequality_for_time_on_one_layer(net: dict[str, Any]) -> None:
    # with one mode and one gauge there is nothing to transfer, so times obey it too
    _assert_triangle_inequality(net, "time", "time_h")


@SETTINGS
@given(net=networks(), k=st.integers(min_value=2, max_value=4),
       weight=st.sampled_from(["time", "length"]))
def test_alternatives_are_distinct_and_in_order(net: dict[str, Any], k: int,
                                                weight: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        a, b = "p0", "p1"
        try:
            routes = routing.route(a, b, data=data, weight=weight, alternatives=k,
                                   scenario=OPERATING)
        except NoRoute:
            assume(False)
            return
        assert isinstance(routes, list) and 1 <= len(routes) <= k
        seqs = [tuple(r.link_ids) for r in routes]
        assert len(set(seqs)) == len(seqs)
        costs = [cost(r, weight) for r in routes]
        assert all(x <= y + SLACK for x, y in itertools.pairwise(costs))
        single = best(data, a, b, weight)
        assert single is not None and cost(routes[0], weight) == pytest.approx(
            cost(single, weight), abs=SLACK)


@SETTINGS
@given(net=networks(), pick=st.integers(min_value=0, max_value=100),
       weight=st.sampled_from(["time", "length"]))
def test_closing_a_link_never_makes_a_route_shorter(net: dict[str, Any], pick: int,
                                                   weight: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = load(net, Path(tmp))
        closed_id = net["links"][pick % len(net["links"])][0]
        closed = OPERATING.replace(name="closed-one", closed_links=[closed_id])
        # places without links are snapped to the nearest links, which closing one may move:
        # the property is about the network, so only linked places are compared
        linked = set(linked_places(net))
        for a, b in [(a, b) for a, b in pairs(len(net["coords"])) if {a, b} <= linked][:6]:
            before = best(data, a, b, weight)
            after = best(data, a, b, weight, closed)
            if after is None:
                continue
            assert before is not None
            assert cost(after, weight) >= cost(before, weight) - SLACK
            assert closed_id not in after.link_ids
