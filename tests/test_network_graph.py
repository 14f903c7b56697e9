"""The layered graph as documented in `corridor.network`: every node and edge kind of a tiny net.

West (AZE) has rail and road to the Gate crossing (AZE|GEO, rail dwell 3 h, road dwell by
default) and on to East (GEO); a port 2.2 km from West is served only by two ferries to Papa
(KAZ), one with its own sailing and headway, one with neither. Expected attributes come from
the module docstring and the defaults; lengths are pyproj geodesics of the coordinates below.
Written against surviving mutants of ``scripts/mutation.py network``.
"""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest
from conftest import line, point, write_geodata
from pyproj import Geod

from corridor import geodata, network, settings
from corridor.scenarios import Scenario

GEOD = Geod(ellps="WGS84")
D = settings.Defaults()
WEST, GATE, EAST = (48.0, 40.0), (47.0, 40.5), (46.0, 41.0)
PORT, PAPA = (48.0, 40.02), (51.0, 43.0)


def km(*points: tuple[float, float]) -> float:
    lons, lats = zip(*points, strict=True)
    return float(GEOD.line_length(lons, lats)) / 1000.0


@pytest.fixture
def graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiGraph:
    road = {"mode": "road", "gauge_mm": None}
    ferry = {"mode": "ferry", "gauge_mm": None, "country": None}
    places = [
        point("west", *WEST, name="West"),
        point("gate", *GATE, name="Gate", kind="border_crossing", countries=["AZE", "GEO"],
              crossing_modes=["rail", "road"], status="open", rail_dwell_h=3.0),
        point("east", *EAST, name="East", country="GEO"),
        point("port", *PORT, name="Port", kind="port"),
        point("papa", *PAPA, name="Papa", kind="port", country="KAZ"),
    ]
    links = [
        line("r_west_gate", "west", "gate", [WEST, GATE], name="Line A", opened=1990,
             corridors=["tripp", "middle"]),
        line("d_west_gate", "west", "gate", [WEST, GATE], **road),
        line("r_gate_east", "gate", "east", [GATE, EAST], country="GEO", speed_kmh=60.0),
        line("d_gate_east", "gate", "east", [GATE, EAST], country="GEO", expected=2027, **road),
        line("f_port_papa", "port", "papa", [PORT, PAPA], sailing_h=20.0, headway_h=36.0,
             **ferry),
        line("f_port_papa_2", "port", "papa", [PORT, (49.5, 42.0), PAPA], **ferry),
    ]
    data = geodata.load(write_geodata(tmp_path_factory.mktemp("net"), places, links))
    return network.build(data)


def edge(graph: nx.MultiGraph, u: tuple[str, ...], v: tuple[str, ...], key: str) -> dict:
    return graph.edges[u, v, key]


def test_nodes_carry_place_layer_mode_gauge_country_and_position(graph: nx.MultiGraph) -> None:
    rail = graph.nodes["west", "rail_1520"]
    assert {k: rail[k] for k in ("place", "layer", "mode", "gauge_mm", "country", "name",
                                 "kind", "x", "y")} == {
        "place": "west", "layer": "rail_1520", "mode": "rail", "gauge_mm": 1520,
        "country": "AZE", "name": "West", "kind": "city", "x": 48.0, "y": 40.0}
    assert graph.nodes["west", "road"]["gauge_mm"] is None
    # each side of a crossing is its own node, of its own country
    assert graph.nodes["gate", "rail_1520", "AZE"]["country"] == "AZE"
    assert graph.nodes["gate", "rail_1520", "GEO"]["country"] == "GEO"
    assert graph.nodes["gate", "road", "GEO"]["kind"] == "border_crossing"


def test_a_link_edge_carries_its_link(graph: nx.MultiGraph) -> None:
    e = edge(graph, ("west", "rail_1520"), ("gate", "rail_1520", "AZE"), "r_west_gate")
    length = km(WEST, GATE)
    assert {k: e[k] for k in ("kind", "link_id", "name", "mode", "layer", "status", "gauge_mm",
                              "country", "corridors", "speed_kmh", "opened", "expected",
                              "from_place", "to_place")} == {
        "kind": "link", "link_id": "r_west_gate", "name": "Line A", "mode": "rail",
        "layer": "rail_1520", "status": "operating", "gauge_mm": 1520, "country": "AZE",
        "corridors": ["tripp", "middle"], "speed_kmh": D.rail_speed_kmh, "opened": 1990,
        "expected": None, "from_place": "west", "to_place": "gate"}
    # no published length: the geodesic km times the rail detour factor (docs: Lengths)
    routed = length * D.detour_factors["rail"]
    assert (e["geometry_km"], e["length_basis"]) == (pytest.approx(length, rel=1e-9),
                                                     "estimated")
    assert e["length_km"] == pytest.approx(routed, rel=1e-9)
    assert e["time_h"] == pytest.approx(routed / D.rail_speed_kmh, rel=1e-9)
    road = edge(graph, ("gate", "road", "GEO"), ("east", "road"), "d_gate_east")
    assert (road["expected"], road["opened"], road["speed_kmh"]) == (2027, None,
                                                                     D.road_speed_kmh)
    own = edge(graph, ("gate", "rail_1520", "GEO"), ("east", "rail_1520"), "r_gate_east")
    assert own["time_h"] == pytest.approx(km(GATE, EAST) * D.detour_factors["rail"] / 60.0,
                                          rel=1e-9)


def test_ferries_wait_half_the_headway_then_sail(graph: nx.MultiGraph) -> None:
    # Port (AZE) and Papa (KAZ) lie in two countries: each sailing also pays the customs of
    # both ports (no border_times.csv rows here, so the default port_customs_h)
    customs = D.port_customs_h
    ferry_km = D.detour_factors["ferry"]
    own = edge(graph, ("port", "ferry"), ("papa", "ferry"), "f_port_papa")
    assert (own["wait_h"], own["sailing_h"], own["time_h"]) == (18.0, 20.0, 38.0 + customs)
    assert own["speed_kmh"] == pytest.approx(km(PORT, PAPA) * ferry_km / 20.0, rel=1e-9)
    assert own["country"] is None and own["gauge_mm"] is None
    default = edge(graph, ("port", "ferry"), ("papa", "ferry"), "f_port_papa_2")
    sail = km(PORT, (49.5, 42.0), PAPA) * ferry_km / D.ferry_speed_kmh
    assert default["wait_h"] == D.ferry_headway_h / 2
    assert default["sailing_h"] == pytest.approx(sail, rel=1e-9)
    assert default["time_h"] == pytest.approx(D.ferry_headway_h / 2 + sail + customs,
                                              rel=1e-9)
    assert default["speed_kmh"] == pytest.approx(D.ferry_speed_kmh, rel=1e-9)


def test_a_ferry_only_port_is_joined_to_the_nearby_city_on_each_land_layer(
        graph: nx.MultiGraph) -> None:
    gap = km(WEST, PORT)
    assert gap < network.LOCAL_LINK_KM
    for layer, mode in (("rail_1520", "rail"), ("road", "road")):
        e = edge(graph, ("west", layer), ("port", layer), f"local:{layer}")
        assert {k: e[k] for k in ("kind", "place", "from_place", "to_place", "mode", "layer",
                                  "country")} == {
            "kind": "local", "place": "port", "from_place": "west", "to_place": "port",
            "mode": mode, "layer": layer, "country": "AZE"}
        assert e["length_km"] == pytest.approx(gap, rel=1e-9)
        assert e["time_h"] == pytest.approx(gap / D.access_speed_kmh, rel=1e-9)
        assert list(e["geometry"].coords) == [WEST, PORT]
    # Papa, alone by its sea, gets no local link
    assert sorted(graph.nodes[n]["layer"] for n in graph if n[0] == "papa") == ["ferry"]


def test_transfers_join_every_pair_of_layers_at_a_place(graph: nx.MultiGraph) -> None:
    at_west = edge(graph, ("west", "rail_1520"), ("west", "road"), "transfer:rail_1520:road")
    assert {k: at_west[k] for k in ("kind", "place", "from_layer", "to_layer", "mode",
                                    "length_km", "time_h", "geometry")} == {
        "kind": "transfer", "place": "west", "from_layer": "rail_1520", "to_layer": "road",
        "mode": None, "length_km": 0.0, "time_h": D.mode_transfer_h, "geometry": None}
    for layer in ("rail_1520", "road"):
        boarding = edge(graph, ("port", "ferry"), ("port", layer), f"transfer:ferry:{layer}")
        assert boarding["time_h"] == D.ferry_transfer_h


def test_a_border_edge_per_mode_with_the_place_dwell_or_the_default(
        graph: nx.MultiGraph) -> None:
    rail = edge(graph, ("gate", "rail_1520", "AZE"), ("gate", "rail_1520", "GEO"),
                "border:rail_1520")
    assert {k: rail[k] for k in ("kind", "place", "mode", "layer", "countries", "length_km",
                                 "time_h", "geometry")} == {
        "kind": "border", "place": "gate", "mode": "rail", "layer": "rail_1520",
        "countries": ("AZE", "GEO"), "length_km": 0.0, "time_h": 3.0, "geometry": None}
    road = edge(graph, ("gate", "road", "AZE"), ("gate", "road", "GEO"), "border:road")
    assert road["time_h"] == D.road_border_dwell_h


def test_the_links_frame_has_one_row_per_link_with_corridors_joined(
        graph: nx.MultiGraph) -> None:
    frame = network.edges_frame(graph)
    assert sorted(frame["link_id"]) == ["d_gate_east", "d_west_gate", "f_port_papa",
                                        "f_port_papa_2", "r_gate_east", "r_west_gate"]
    row = frame.set_index("link_id").loc["r_west_gate"]
    assert row["corridors"] == "tripp,middle"
    assert frame.crs.to_epsg() == 4326
    assert list(row.geometry.coords) == [WEST, GATE]


# --------------------------------------------------------------------------- the vocabulary


def test_the_vocabulary_reads_plain_graphs_too() -> None:
    """Collapsed or exported graphs may lack attributes: the node tuple or layer tells."""
    g = nx.Graph()
    g.add_node(("k", "rail_1435"))
    g.add_node("solo", layer="ferry")
    g.add_node(("x", "road"), mode="road:fast", place="xray", country="GEO")
    g.add_node(("y", "air"))
    assert network.layer_mode(g, ("k", "rail_1435")) == "rail"
    assert network.layer_mode(g, "solo") == "ferry"
    assert network.layer_mode(g, ("x", "road")) == "road"
    assert network.layer_mode(g, ("y", "air")) == "air"
    assert network.place_of(g, ("k", "rail_1435")) == "k"
    assert network.place_of(g, "solo") == "solo"
    assert network.place_of(g, ("x", "road")) == "xray"
    assert network.node_country(g, ("x", "road")) == "GEO"
    assert network.node_country(g, "solo") is None


def test_endpoints_prefer_land_and_can_be_limited_to_modes(graph: nx.MultiGraph) -> None:
    assert network.endpoint_nodes(graph, "port") == [("port", "rail_1520"), ("port", "road")]
    assert network.endpoint_nodes(graph, "port", modes=["ferry"]) == [("port", "ferry")]
    assert network.endpoint_nodes(graph, "papa") == [("papa", "ferry")]
    assert network.endpoint_nodes(graph, "west", modes=["road"]) == [("west", "road")]


def test_place_index_is_built_once_per_frozen_graph(graph: nx.MultiGraph,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen graph (and a view of it) is scanned once; answers equal a scan per call."""
    from corridor.network import graph as graph_module

    frozen = nx.freeze(graph.copy())
    want = {p: sorted((n for n in frozen if network.place_of(frozen, n) == p), key=str)
            for p in ("west", "port", "papa", "nowhere")}
    scans: list[int] = []
    real = graph_module._scan_places
    monkeypatch.setattr(graph_module, "_scan_places",
                        lambda g: scans.append(1) or real(g))
    for _ in range(3):
        found = network.place_endpoints(frozen, list(want))
        assert found == [network.endpoints(frozen, want[p]) for p in want]
        assert network.place_index(frozen)["port"] == want["port"]
    assert len(scans) == 1
    view = nx.restricted_view(frozen, [("port", "road")], [])
    assert network.endpoint_nodes(view, "port") == [("port", "rail_1520")]
    assert network.endpoint_nodes(view, "port") == [("port", "rail_1520")]
    assert len(scans) == 2  # the view has its own index, built once


def test_place_index_follows_a_graph_that_changes(graph: nx.MultiGraph) -> None:
    """An unfrozen graph, and a view of one, never answer from a stale index."""
    g = graph.copy()
    view = nx.restricted_view(g, [], [])  # frozen itself, but g under it may change
    assert network.endpoint_nodes(g, "west", modes=["road"]) == [("west", "road")]
    assert network.endpoint_nodes(view, "west", modes=["road"]) == [("west", "road")]
    g.remove_node(("west", "road"))
    g.add_node(("west", "road_2"), place="west", mode="road")
    assert network.endpoint_nodes(g, "west", modes=["road"]) == [("west", "road_2")]
    assert network.endpoint_nodes(view, "west", modes=["road"]) == [("west", "road_2")]
    copy = nx.freeze(g.copy())  # a frozen copy carries no index of the graph it came from
    assert network.endpoint_nodes(copy, "west", modes=["road"]) == [("west", "road_2")]
    g.add_node(("west", "road_3"), place="west", mode="road")
    assert network.endpoint_nodes(copy, "west", modes=["road"]) == [("west", "road_2")]


def test_cutting_a_link_keeps_the_other_links_of_a_collapsed_edge() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", link_ids=("l1", "l2"), mode="rail")
    g.add_edge("b", "c", link_id="l1", mode="rail")
    g.add_edge("c", "d", link_id="l3", mode="road")
    cut = network.cut_link(g, "l1")
    assert cut.edges["a", "b"]["link_ids"] == ("l2",)
    assert not cut.has_edge("b", "c") and cut.has_edge("c", "d")
    assert g.edges["a", "b"]["link_ids"] == ("l1", "l2")  # the original is untouched
    assert network.link_ids(cut) == ["l2", "l3"]
    assert network.allowed(g, "c", "d", g.edges["c", "d"], {"rail"}) is False
    assert network.allowed(g, "c", "d", g.edges["c", "d"], None) is True


@pytest.fixture
def crossings(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiGraph:
    """Three open AZE|GEO crossings: a_dead has links on the Georgian side only; gate lets
    only roads through though rails reach it; mix meets 1520 mm (AZE) and 1435 mm (GEO)."""
    road = {"mode": "road", "gauge_mm": None}
    crossing = {"kind": "border_crossing", "countries": ["AZE", "GEO"], "status": "open"}
    places = [
        point("west", 48.0, 40.0), point("east", 46.0, 41.0, country="GEO"),
        point("far", 47.0, 42.0, country="GEO"), point("south", 47.5, 39.8),
        point("sw", 45.5, 40.5, country="GEO"),
        point("a_dead", 47.5, 41.5, crossing_modes=["rail"], **crossing),
        point("gate", 47.0, 40.5, crossing_modes=["road"], **crossing),
        point("mix", 46.5, 40.0, crossing_modes=["rail"], **crossing),
    ]
    links = [
        line("r_far_dead", "far", "a_dead", [(47.0, 42.0), (47.5, 41.5)], country="GEO"),
        line("r_west_gate", "west", "gate", [(48.0, 40.0), (47.0, 40.5)]),
        line("r_gate_east", "gate", "east", [(47.0, 40.5), (46.0, 41.0)], country="GEO",
             gauge_mm=1435),
        line("d_west_gate", "west", "gate", [(48.0, 40.0), (47.0, 40.5)], **road),
        line("d_gate_east", "gate", "east", [(47.0, 40.5), (46.0, 41.0)], country="GEO",
             **road),
        line("r_south_mix", "south", "mix", [(47.5, 39.8), (46.5, 40.0)]),
        line("s_mix_sw", "mix", "sw", [(46.5, 40.0), (45.5, 40.5)], country="GEO",
             gauge_mm=1435),
    ]
    data = geodata.load(write_geodata(tmp_path_factory.mktemp("crossings"), places, links))
    return network.build(data)


def borders_at(graph: nx.MultiGraph, place: str) -> list[str]:
    return sorted(k for _, _, k, d in graph.edges(keys=True, data=True)
                  if d["kind"] == "border" and d["place"] == place)


def test_only_crossing_modes_cross_and_only_where_both_sides_are_linked(
        crossings: nx.MultiGraph) -> None:
    assert borders_at(crossings, "a_dead") == []
    assert borders_at(crossings, "gate") == ["border:road"]
    # a layer met on one side is mirrored to the other, then the gauge break is paid there
    assert borders_at(crossings, "mix") == ["border:rail_1435", "border:rail_1520"]
    assert crossings.has_edge(("mix", "rail_1435", "AZE"), ("mix", "rail_1520", "AZE"),
                              "gauge_break:rail_1435:rail_1520")


def test_a_scenario_speed_override_reaches_only_its_mode(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    places = [point("west", *WEST), point("gate", *GATE, kind="city")]
    links = [line("r", "west", "gate", [WEST, GATE]),
             line("d", "west", "gate", [WEST, GATE], mode="road", gauge_mm=None)]
    data = geodata.load(write_geodata(tmp_path_factory.mktemp("speeds"), places, links))
    g = network.build(data, Scenario("fast-roads", overrides=(("road_speed_kmh", 60.0),)))
    rail = edge(g, ("west", "rail_1520"), ("gate", "rail_1520"), "r")
    road = edge(g, ("west", "road"), ("gate", "road"), "d")
    assert (rail["speed_kmh"], road["speed_kmh"]) == (D.rail_speed_kmh, 60.0)
    assert road["time_h"] == pytest.approx(km(WEST, GATE) * D.detour_factors["road"] / 60.0,
                                           rel=1e-9)


def test_layers_modes_and_the_graph_record(tmp_path_factory: pytest.TempPathFactory,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert network.layer_of("rail") == "rail_1520"  # the gauge of the region by default
    assert network.layer_of("rail", 1435.0) == "rail_1435"
    assert network.layer_of("road", 1520) == "road"
    assert network.mode_of("rail_1435") == "rail" and network.mode_of("tram") == "tram"
    # a place 1.1 km from West and 2.2 km from Near is joined to the nearer one only;
    # a border crossing without links is not joined to anything
    places = [point("west", *WEST), point("gate", *GATE), point("near", 48.0, 40.03),
              point("stop", 48.0, 40.01),
              point("xing", 48.01, 40.0, kind="border_crossing", countries=["AZE", "GEO"],
                    crossing_modes=["road"], status="open")]
    links = [line("r", "west", "gate", [WEST, GATE]),
             line("r2", "near", "gate", [(48.0, 40.03), GATE])]
    folder = write_geodata(tmp_path_factory.mktemp("near"), places, links)
    monkeypatch.setenv("CORRIDOR_GEODATA", str(folder))
    g = network.build()  # the folder of $CORRIDOR_GEODATA, scenario "today"
    assert g.graph["geodata_path"] == str(folder)
    local = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["kind"] == "local"]
    assert local == [(("west", "rail_1520"), ("stop", "rail_1520"), "local:rail_1520")]
    assert not any(n[0] == "xing" for n in g)


def test_cutting_a_link_of_a_multigraph_removes_that_very_edge() -> None:
    g = nx.MultiGraph()
    g.add_edge("a", "b", key="l1", link_id="l1", mode="rail")
    g.add_edge("a", "b", key="l2", link_id="l2", mode="road")
    cut = network.cut_link(g, "l1")
    assert list(cut.edges(keys=True)) == [("a", "b", "l2")]


def test_a_link_is_allowed_by_its_mode_a_transfer_by_both_its_layers() -> None:
    g = nx.Graph()
    g.add_edge(("p", "rail_1520"), ("p", "road"), kind="transfer")
    g.add_edge(("p", "road"), ("q", "road"), link_id="l", mode="rail")  # the mode decides
    transfer = g.edges[("p", "rail_1520"), ("p", "road")]
    link = g.edges[("p", "road"), ("q", "road")]
    assert not network.allowed(g, ("p", "rail_1520"), ("p", "road"), transfer, {"rail"})
    assert network.allowed(g, ("p", "rail_1520"), ("p", "road"), transfer, {"rail", "road"})
    assert network.allowed(g, ("p", "road"), ("q", "road"), link, {"rail"})
    assert not network.allowed(g, ("p", "road"), ("q", "road"), link, {"road"})


# --------------------------------------------------------------------------- rarer cases


def test_the_vocabulary_of_nodes_without_mode_or_layer() -> None:
    """A one-element tuple reads its layer attribute; a node with neither mode nor layer
    has no mode (the empty text), which no mode filter lets through."""
    g = nx.Graph()
    g.add_node(("k",), layer="rail_1435")
    g.add_node(("j",))
    g.add_node("bare", place="b")
    assert network.layer_mode(g, ("k",)) == "rail"
    assert network.layer_mode(g, ("j",)) == ""
    assert network.layer_mode(g, "bare") == ""
    assert network.endpoint_nodes(g, "b") == ["bare"]
    assert network.endpoint_nodes(g, "b", modes=network.MODES) == []


def test_endpoints_are_ordered_by_their_text_whatever_the_node_types() -> None:
    """Nodes of one place in a relabelled graph may mix texts and tuples, which Python
    cannot compare: the endpoints still come in one order, that of their text."""
    nodes = [("a", "road"), "a:rail", ("a", "rail_1520")]
    for order in (nodes, nodes[::-1]):
        g = nx.Graph()
        for n in order:
            g.add_node(n, place="a", mode="road" if "road" in str(n) else "rail")
        assert network.place_endpoints(g, ["a"]) == [
            [("a", "rail_1520"), ("a", "road"), "a:rail"]]  # "(" sorts before "a"


def test_a_ferry_sailing_under_an_hour_has_the_speed_of_its_sailing(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    isle = (48.1, 40.0)
    places = [point("west", *WEST), point("isle", *isle, kind="port")]
    links = [line("f_short", "west", "isle", [WEST, isle], mode="ferry", gauge_mm=None,
                  country=None, sailing_h=0.75, headway_h=2.0)]
    g = network.build(geodata.load(write_geodata(tmp_path_factory.mktemp("short"), places,
                                                 links)))
    e = edge(g, ("west", "ferry"), ("isle", "ferry"), "f_short")
    sailed_km = km(WEST, isle) * D.detour_factors["ferry"]
    assert (e["sailing_h"], e["wait_h"]) == (0.75, 1.0)
    assert e["speed_kmh"] == pytest.approx(sailed_km / 0.75, rel=1e-9)


def test_a_link_of_a_third_country_joins_the_crossing_on_its_own_country_side(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A link at a crossing whose country is neither of the two it joins attaches to the
    side of the crossing's own country (``country``)."""
    places = [point("gate", *GATE, kind="border_crossing", country="GEO",
                    countries=["AZE", "GEO"], crossing_modes=["rail"], status="open"),
              point("east", *EAST, country="GEO")]
    links = [line("d_odd", "gate", "east", [GATE, EAST], mode="road", gauge_mm=None,
                  country="TUR")]
    g = network.build(geodata.load(write_geodata(tmp_path_factory.mktemp("odd"), places,
                                                 links)))
    assert sorted(n for n in g if n[0] == "gate") == [("gate", "road", "GEO")]
    assert g.nodes["gate", "road", "GEO"]["country"] == "GEO"


def test_a_crossing_side_served_only_by_ferry_is_joined_locally_on_that_side(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A closed crossing whose AZE side is a ferry terminal (the ferry has no country, so it
    takes the crossing's own side) and whose GEO side has rail: the AZE side is joined to
    the town 2.2 km away on the town's road, as that side's own node."""
    town = (47.0, 40.52)
    places = [point("gate", *GATE, kind="border_crossing", countries=["AZE", "GEO"],
                    crossing_modes=["rail", "road"], status="closed"),
              point("east", *EAST, country="GEO"), point("town", *town),
              point("papa", *PAPA, kind="port", country="KAZ")]
    links = [line("r_gate_east", "gate", "east", [GATE, EAST], country="GEO"),
             line("d_town_east", "town", "east", [town, EAST], mode="road", gauge_mm=None),
             line("f_gate_papa", "gate", "papa", [GATE, PAPA], mode="ferry", gauge_mm=None,
                  country=None)]
    g = network.build(geodata.load(write_geodata(tmp_path_factory.mktemp("side"), places,
                                                 links)))
    local = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["kind"] == "local"]
    assert local == [(("town", "road"), ("gate", "road", "AZE"), "local:road")]
    assert g.nodes["gate", "road", "AZE"]["country"] == "AZE"
    assert g.has_edge(("gate", "ferry", "AZE"), ("gate", "road", "AZE"))


def test_a_port_is_joined_to_a_nearby_port_city_by_land_only(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """West has rail, road and a ferry of its own; the ferry-only port 2.2 km away is joined
    to it on rail and road, never by a 'local' ferry."""
    places = [point("west", *WEST), point("gate", *GATE, kind="city"),
              point("port", *PORT, kind="port"), point("papa", *PAPA, kind="port",
                                                         country="KAZ")]
    ferry = {"mode": "ferry", "gauge_mm": None, "country": None}
    links = [line("r", "west", "gate", [WEST, GATE]),
             line("d", "west", "gate", [WEST, GATE], mode="road", gauge_mm=None),
             line("f_west", "west", "papa", [WEST, PAPA], **ferry),
             line("f_port", "port", "papa", [PORT, PAPA], **ferry)]
    g = network.build(geodata.load(write_geodata(tmp_path_factory.mktemp("ports"), places,
                                                 links)))
    local = sorted(k for _, _, k, d in g.edges(keys=True, data=True) if d["kind"] == "local")
    assert local == ["local:rail_1520", "local:road"]


def test_geodata_made_in_memory_has_no_folder_in_the_graph_record(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    places = [point("west", *WEST), point("gate", *GATE, kind="city")]
    links = [line("r", "west", "gate", [WEST, GATE])]
    data = geodata.load(write_geodata(tmp_path_factory.mktemp("mem"), places, links))
    g = network.build(dataclasses.replace(data, path=None))
    assert g.graph["geodata_path"] is None
    assert network.build(data).graph["geodata_path"] == str(data.path)


def test_a_rail_port_gets_only_a_local_road_to_the_nearby_road_place(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The port (rail and ferry, no road) 2.2 km from West (rail and road) is joined to West
    by road alone: its rail is already a link of its own."""
    places = [point("west", *WEST), point("gate", *GATE, kind="city"),
              point("port", *PORT, kind="port"), point("papa", *PAPA, kind="port",
                                                         country="KAZ")]
    links = [line("r", "west", "gate", [WEST, GATE]),
             line("d", "west", "gate", [WEST, GATE], mode="road", gauge_mm=None),
             line("r_port", "port", "gate", [PORT, GATE]),
             line("f_port", "port", "papa", [PORT, PAPA], mode="ferry", gauge_mm=None,
                  country=None)]
    g = network.build(geodata.load(write_geodata(tmp_path_factory.mktemp("railport"), places,
                                                 links)))
    local = [(sorted((u, v)), k) for u, v, k, d in g.edges(keys=True, data=True)
             if d["kind"] == "local"]
    assert local == [([("port", "road"), ("west", "road")], "local:road")]
