"""Building the layered network: geodesic lengths, times, transfers, gauge breaks, borders."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import mini_corridor
import networkx as nx
import pytest

from corridor import geodata, network, settings
from corridor.scenarios import Scenario

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_path_km(coords: list[tuple[float, float]]) -> float:
    """Length of a lon/lat polyline on a sphere: an independent check of the geodesic length."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
    return total


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    folder = mini_corridor.write(tmp_path_factory.mktemp("mini"))
    return geodata.load(folder)


def link_edges(graph: nx.MultiGraph) -> dict[str, dict]:
    return {d["link_id"]: d for _, _, d in graph.edges(data=True) if d["kind"] == "link"}


def test_graph_records_its_scenario_crs_and_defaults(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "today")
    assert graph.graph["scenario"] == "today"
    assert graph.graph["crs"] == "EPSG:4326"
    assert graph.graph["defaults"]["rail_speed_kmh"] == settings.DEFAULTS.rail_speed_kmh


def test_link_lengths_are_geodesic_not_degrees(mini: geodata.GeoData) -> None:
    edges = link_edges(network.build(mini, "today"))
    for lid, d in edges.items():
        coords = list(mini.links.loc[lid].geometry.coords)
        sphere = haversine_path_km(coords)
        # the ellipsoid and the sphere agree within 0.5 %; degrees-as-km would be off by ~100x
        assert d["geometry_km"] == pytest.approx(sphere, rel=0.005), lid


def test_link_time_is_length_over_the_link_or_default_speed(mini: geodata.GeoData) -> None:
    edges = link_edges(network.build(mini, "today"))
    d = settings.DEFAULTS
    assert edges["r_ab"]["time_h"] == pytest.approx(edges["r_ab"]["length_km"] / d.rail_speed_kmh)
    assert edges["d_ab"]["time_h"] == pytest.approx(edges["d_ab"]["length_km"] / d.road_speed_kmh)
    assert edges["r_xc"]["time_h"] == pytest.approx(edges["r_xc"]["length_km"] / 80.0)


def test_ferry_time_is_half_the_headway_plus_sailing(mini: geodata.GeoData) -> None:
    ferry = link_edges(network.build(mini, "today"))["f_pb"]
    assert ferry["wait_h"] == 24.0
    assert ferry["sailing_h"] == 20.0
    # p (KAZ) and b (AZE): the ferry joins two countries and pays customs at its ports
    customs = settings.DEFAULTS.port_customs_h
    assert ferry["time_h"] == 44.0 + customs
    assert set(ferry["time_h_from"].values()) == {44.0 + customs}


def test_ferry_without_times_uses_default_speed_and_headway(tmp_path: Path) -> None:
    from conftest import line, point, write_geodata

    places = [point("p", 50.0, 42.0, kind="port"), point("q", 51.0, 42.5, kind="port")]
    links = [line("f", "p", "q", [(50.0, 42.0), (51.0, 42.5)], mode="ferry", gauge_mm=None,
                  country=None)]
    data = geodata.load(write_geodata(tmp_path, places, links))
    ferry = link_edges(network.build(data, Scenario("plain")))["f"]
    d = settings.DEFAULTS
    assert ferry["time_h"] == pytest.approx(d.ferry_headway_h / 2
                                            + ferry["length_km"] / d.ferry_speed_kmh)


def test_transfers_exist_only_where_both_layers_have_links(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "today")
    transfers = {(d["place"], frozenset((d["from_layer"], d["to_layer"]))): d
                 for _, _, d in graph.edges(data=True) if d["kind"] in ("transfer", "gauge_break")}
    # the port b has rail, road and ferry: three pairs
    at_b = {layers for place, layers in transfers if place == "b"}
    assert at_b == {frozenset(("rail_1520", "road")), frozenset(("ferry", "road")),
                    frozenset(("ferry", "rail_1520"))}
    # k has only 1435 mm rail, p only the ferry: nothing to change there
    assert not any(place in ("k", "p") for place, _ in transfers)
    # the gauge break sits at g, where 1520 and 1435 mm meet, and nowhere else
    breaks = [place for (place, _), d in transfers.items() if d["kind"] == "gauge_break"]
    assert breaks == ["g"]


def test_transfer_costs_come_from_the_defaults(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "today")
    d = settings.DEFAULTS
    for _, _, e in graph.edges(data=True):
        if e["kind"] == "gauge_break":
            assert e["time_h"] == d.gauge_break_h
        elif e["kind"] == "transfer":
            ferry = "ferry" in (e["from_layer"], e["to_layer"])
            assert e["time_h"] == (d.ferry_transfer_h if ferry else d.mode_transfer_h)
            assert e["length_km"] == 0.0


def test_border_dwell_from_the_place_else_the_default(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "today")
    borders = {(e["place"], e["mode"]): e for _, _, e in graph.edges(data=True)
               if e["kind"] == "border"}
    assert borders[("x", "rail")]["time_h"] == 2.5  # rail_dwell_h of the place
    assert borders[("x", "road")]["time_h"] == settings.DEFAULTS.road_border_dwell_h
    assert set(borders[("x", "rail")]["countries"]) == {"AZE", "GEO"}
    # the closed crossing m has no border edge
    assert not any(place == "m" for place, _ in borders)


def test_the_two_sides_of_a_closed_crossing_are_not_connected(mini: geodata.GeoData) -> None:
    graph = network.build(mini, Scenario("x-closed", closed_crossings=("x",)))
    sides = network.place_nodes(graph, "x")
    assert {n[2] for n in sides} == {"AZE", "GEO"}
    aze = [n for n in sides if n[2] == "AZE"]
    geo = [n for n in sides if n[2] == "GEO"]
    sub = graph.subgraph(n for n in graph if n[0] == "x")
    assert not any(nx.has_path(sub, u, v) for u in aze for v in geo)


def test_parallel_links_between_two_places_are_kept(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "future")
    keys = set(graph[("c", "rail_1520")][("g", "rail_1520")])
    assert keys == {"r_cg", "r_cg2"}


def test_scenario_overrides_change_times(mini: geodata.GeoData) -> None:
    fast = network.build(mini, Scenario("fast", overrides=(("rail_speed_kmh", 100.0),
                                                           ("gauge_break_h", 1.0))))
    edges = link_edges(fast)
    assert edges["r_ab"]["time_h"] == pytest.approx(edges["r_ab"]["length_km"] / 100.0)
    assert [e["time_h"] for _, _, e in fast.edges(data=True) if e["kind"] == "gauge_break"] == [1.0]


def test_speed_by_status_caps_speed(mini: geodata.GeoData) -> None:
    slow = network.build(mini, Scenario("cap", link_statuses=("operating", "planned"),
                                        overrides=(("speed_by_status", {"planned": 10.0}),)))
    edges = link_edges(slow)
    assert edges["r_cg2"]["time_h"] == pytest.approx(edges["r_cg2"]["length_km"] / 10.0)
    assert edges["r_cg"]["time_h"] < edges["r_cg2"]["time_h"]


def test_link_edges_carry_the_documented_attributes(mini: geodata.GeoData) -> None:
    edges = link_edges(network.build(mini, "today"))
    d = edges["s_gk"]
    for key in ("length_km", "time_h", "mode", "status", "gauge_mm", "country", "link_id",
                "geometry", "layer", "from_place", "to_place"):
        assert key in d
    assert (d["mode"], d["gauge_mm"], d["layer"], d["country"]) == ("rail", 1435, "rail_1435",
                                                                    "GEO")
    assert edges["f_pb"]["country"] is None


def test_edges_frame_has_one_row_per_usable_link(mini: geodata.GeoData) -> None:
    graph = network.build(mini, "today")
    frame = network.edges_frame(graph)
    assert set(frame["link_id"]) == set(link_edges(graph))
    assert frame.crs.to_epsg() == 4326


def _gauge_border_data(tmp_path: Path) -> geodata.GeoData:
    from conftest import line, point, write_geodata

    places = [
        point("s", 44.9, 39.6, country="AZE"),
        point("d", 44.7, 39.7, kind="border_crossing", country="TUR",
              countries=["AZE", "TUR"], crossing_modes=["rail"], status="open"),
        point("i", 44.0, 39.9, country="TUR"),
        point("q", 45.0, 41.0, kind="port", country="GEO"),
        point("near", 45.02, 41.01, country="GEO"),
        point("far", 46.0, 41.5, country="GEO"),
        point("o", 43.0, 41.5, kind="port", country="GEO"),
    ]
    links = [
        line("r_sd", "s", "d", [(44.9, 39.6), (44.7, 39.7)], gauge_mm=1520),
        line("r_di", "d", "i", [(44.7, 39.7), (44.0, 39.9)], gauge_mm=1435, country="TUR"),
        line("r_nf", "near", "far", [(45.02, 41.01), (46.0, 41.5)], country="GEO"),
        line("f_oq", "o", "q", [(43.0, 41.5), (45.0, 41.0)], mode="ferry", gauge_mm=None,
             country=None, sailing_h=10.0, headway_h=12.0),
    ]
    return geodata.load(write_geodata(tmp_path, places, links))


def test_a_gauge_change_at_a_border_is_crossed_and_paid(tmp_path: Path) -> None:
    from corridor import routing

    data = _gauge_border_data(tmp_path)
    r = routing.route("s", "i", data=data, scenario=Scenario("plain"))
    assert isinstance(r, routing.Route)
    kinds = [leg.kind for leg in r.legs]
    assert kinds.count("border") == 1 and r.gauge_breaks == ["d"]
    d = settings.DEFAULTS
    expected = (r.legs[0].length_km + r.legs[-1].length_km) / d.rail_speed_kmh
    assert r.time_h == pytest.approx(expected + d.rail_border_dwell_h + d.gauge_break_h)


def test_a_ferry_only_port_is_joined_to_the_nearest_land_place(tmp_path: Path) -> None:
    from corridor import routing

    data = _gauge_border_data(tmp_path)
    graph = network.build(data, Scenario("plain"))
    local = [e for _, _, e in graph.edges(data=True) if e["kind"] == "local"]
    assert len(local) == 1 and {local[0]["from_place"], local[0]["to_place"]} == {"near", "q"}
    gq = data.places.loc["q"].geometry
    gn = data.places.loc["near"].geometry
    assert local[0]["length_km"] == pytest.approx(
        haversine_path_km([(gq.x, gq.y), (gn.x, gn.y)]), rel=0.005)
    r = routing.route("o", "far", data=data, scenario=Scenario("plain"))
    assert isinstance(r, routing.Route)
    assert [leg.kind for leg in r.legs] == ["link", "transfer", "local", "link"]
    # the far port o stays unjoined: nothing with land links lies within reach
    assert not any(e["place"] == "o" for _, _, e in graph.edges(data=True)
                   if e["kind"] == "local")
