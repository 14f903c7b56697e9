"""Routes that start or end off the links: free points, places without links, local links.

A straight rail line West-East along 40 N, a village 1 degree north of its middle without any
link, a halt 3 km from East without any link. Every expected figure is a geodesic computed
here with pyproj from the coordinates written below. Written against surviving mutants of
``scripts/mutation.py routing`` and ``network`` (access, local and link-part legs).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from conftest import line, point, write_geodata
from pyproj import Geod
from shapely.geometry import shape

from corridor import analysis, geodata, routing, settings
from corridor._errors import NoRoute
from corridor.paths import csr as csr_module
from corridor.routing import Route

GEOD = Geod(ellps="WGS84")
WEST, EAST = (48.0, 40.0), (49.0, 40.0)
VILLAGE = (48.5, 41.0)  # no link; 1 degree of latitude (111 km) north of the line's middle
HALT = (49.0, 40.027)  # no link; 0.027 degree (3 km) north of East
ACCESS_KMH = settings.Defaults().access_speed_kmh
# a link without a published length counts its geodesic km times its mode's detour factor
# (docs/network-and-routing.md, Lengths); access and local legs stay geodesic
RAIL_DETOUR = settings.Defaults().detour_factors["rail"]
ROAD_DETOUR = settings.Defaults().detour_factors["road"]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


@pytest.fixture
def strip(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    places = [point("west", *WEST, name="West"), point("east", *EAST, name="East"),
              point("village", *VILLAGE, name="Village"), point("halt", *HALT, name="Halt"),
              point("hill", 45.0, 41.5, name="Hill", country="GEO")]
    links = [line("r_west_east", "west", "east", [WEST, (48.5, 40.0), EAST],
                  name="West-East line")]
    return geodata.load(write_geodata(tmp_path_factory.mktemp("strip"), places, links))


def one(result: Route | list[Route]) -> Route:
    assert isinstance(result, Route)
    return result


def coords(geometry: object) -> list[tuple[float, float]]:
    return [(round(x, 6), round(y, 6)) for x, y in geometry.coords]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- a place without links


def test_a_place_without_links_is_reached_by_an_access_leg_however_far(
        strip: geodata.GeoData) -> None:
    r = one(routing.route("village", "east", data=strip))
    assert r.origin == "village" and r.destination == "east"
    access, part = r.legs
    foot = (48.5, 40.0)  # the nearest point of the line, straight south
    assert (access.kind, access.mode, access.from_place, access.to_place) == (
        "access", "access", "village", "point")
    assert access.length_km == pytest.approx(km(VILLAGE, foot), rel=1e-6)  # 111 km > 50 km cap
    assert access.time_h == pytest.approx(access.length_km / ACCESS_KMH, rel=1e-9)
    assert access.country == "AZE"
    assert coords(access.geometry) == [VILLAGE, foot]
    # then the eastern half of the line, from the foot to East
    assert (part.kind, part.mode, part.from_place, part.to_place) == ("link", "rail", "point",
                                                                      "east")
    assert (part.link_id, part.name, part.country, part.status) == (
        "r_west_east", "West-East line", "AZE", "operating")
    assert coords(part.geometry) == [foot, EAST]
    assert part.length_km == pytest.approx(km(foot, EAST) * RAIL_DETOUR, rel=1e-6)
    assert part.published_km == 0.0  # an estimated link, entered at a snapped point
    assert part.time_h == pytest.approx(part.length_km / settings.Defaults().rail_speed_kmh,
                                        rel=1e-6)  # the part's share of the link's time
    assert part.fraction == pytest.approx(km(foot, EAST) / (km(WEST, foot) + km(foot, EAST)),
                                          rel=1e-6)


def test_the_access_leg_into_a_place_runs_towards_it(strip: geodata.GeoData) -> None:
    r = one(routing.route("west", "village", data=strip))
    part, access = r.legs
    assert (part.from_place, part.to_place, coords(part.geometry)) == (
        "west", "point", [WEST, (48.5, 40.0)])
    assert (access.from_place, access.to_place) == ("point", "village")
    assert coords(access.geometry) == [(48.5, 40.0), VILLAGE]
    assert r.places == ["west", "point", "village"]


def test_a_place_without_links_in_an_avoided_country_is_not_reached(
        strip: geodata.GeoData) -> None:
    with pytest.raises(NoRoute):
        routing.route("hill", "east", data=strip, avoid_countries=["GEO"], explain=False)
    # and without the avoidance it is reached by an access leg
    assert one(routing.route("hill", "east", data=strip)).legs[0].kind == "access"


def test_a_free_point_is_named_by_its_coordinates(strip: geodata.GeoData) -> None:
    r = one(routing.route((48.25, 40.1), "east", data=strip))
    assert r.origin == "48.25,40.1"
    access = r.legs[0]
    assert (access.from_place, access.to_place) == ("point", "point")
    assert coords(access.geometry) == [(48.25, 40.1), (48.25, 40.0)]
    assert access.length_km == pytest.approx(km((48.25, 40.1), (48.25, 40.0)), rel=1e-6)


def test_two_free_points_get_their_own_access_legs(strip: geodata.GeoData) -> None:
    r = one(routing.route((48.25, 40.1), (48.75, 39.9), data=strip))
    assert (r.legs[0].kind, r.legs[-1].kind) == ("access", "access")
    assert coords(r.legs[0].geometry) == [(48.25, 40.1), (48.25, 40.0)]
    assert coords(r.legs[-1].geometry) == [(48.75, 40.0), (48.75, 39.9)]
    assert (r.origin, r.destination) == ("48.25,40.1", "48.75,39.9")


@pytest.mark.parametrize("eastwards", [True, False])
def test_two_free_points_on_one_link_travel_along_it_directly(strip: geodata.GeoData,
                                                              eastwards: bool) -> None:
    """Not back to West and on (46 km longer): along the line between the two feet, its
    geometry in the direction travelled, with the share of the link's km and time."""
    a, b = ((48.25, 40.1), (48.75, 39.9)) if eastwards else ((48.75, 39.9), (48.25, 40.1))
    foot_a, foot_b = (a[0], 40.0), (b[0], 40.0)
    r = one(routing.route(a, b, data=strip))
    mid = (48.5, 40.0)  # the line's middle vertex, between the feet
    along = km(foot_a, mid) + km(mid, foot_b)
    direct = km(a, foot_a) + along * RAIL_DETOUR + km(foot_b, b)
    assert r.length_km == pytest.approx(direct, rel=1e-6)
    access_a, part, access_b = r.legs
    assert (part.kind, part.link_id, part.from_place, part.to_place) == (
        "link", "r_west_east", "point", "point")
    assert coords_of(part) == [foot_a, mid, foot_b]  # from the origin's foot, either way
    assert part.fraction == pytest.approx(along / (km(WEST, mid) + km(mid, EAST)), rel=1e-9)
    assert part.time_h == pytest.approx(part.length_km / settings.Defaults().rail_speed_kmh,
                                        rel=1e-9)
    assert coords_of(access_a) == [a, foot_a] and coords_of(access_b) == [foot_b, b]
    rates = settings.COST_RATES  # a link's cost and emissions are per km, so the part's too
    assert part.country == "AZE"  # the strip's line (conftest's default country), at its rate
    assert part.cost_usd_t == pytest.approx(part.length_km * rates.rail_rate("AZE"), rel=1e-9)
    assert part.co2_kg_t == pytest.approx(part.length_km * rates.rail_co2_kg_tkm, rel=1e-9)
    for access in (access_a, access_b):  # from and to a free point by truck
        assert access.cost_usd_t == pytest.approx(access.length_km * rates.road_usd_tkm,
                                                  rel=1e-9)
        assert access.co2_kg_t == pytest.approx(access.length_km * rates.road_co2_kg_tkm,
                                                rel=1e-9)


def test_a_part_between_two_points_on_a_published_link_is_its_share_not_published(
        tmp_path: Path) -> None:
    """A link with a published length of 100 km: the part between two points a quarter of
    the line from either end is half of it, estimated (no published km of its own)."""
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("west", *WEST), point("east", *EAST)],
        [line("r", "west", "east", [WEST, (48.5, 40.0), EAST], length_km_published=100.0)]))
    r = one(routing.route((48.25, 40.1), (48.75, 39.9), data=data))
    part = r.legs[1]
    assert (part.kind, part.link_id) == ("link", "r")
    assert part.length_km == pytest.approx(100.0 * part.fraction, rel=1e-12)
    assert part.fraction == pytest.approx(0.5, rel=1e-5)
    assert (part.published_km, r.published_km) == (0.0, 0.0)


def test_two_points_facing_each_other_across_a_line_meet_at_their_foot(
        strip: geodata.GeoData) -> None:
    a, b, foot = (48.25, 40.1), (48.25, 39.9), (48.25, 40.0)
    r = one(routing.route(a, b, data=strip))
    assert [leg.kind for leg in r.legs] == ["access", "link", "access"]
    assert r.length_km == pytest.approx(km(a, foot) + km(foot, b), rel=1e-9)
    assert coords_of(r.legs[1]) == [foot, foot] and r.legs[1].length_km == 0.0


def test_two_points_join_along_a_link_that_is_not_the_nearest_to_one_of_them(
        tmp_path: Path) -> None:
    """Two lines 0.2 degree apart; B lies nearer the northern line but the southern one,
    nearest to A, joins them faster (shorter access legs)."""
    sw, se, nw, ne = (48.0, 40.0), (49.0, 40.0), (48.0, 40.2), (49.0, 40.2)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point(p, *c) for p, c in
                         (("sw", sw), ("se", se), ("nw", nw), ("ne", ne))],
        [line("south", "sw", "se", [sw, se]), line("north", "nw", "ne", [nw, ne])]))
    a, b = (48.25, 40.05), (48.75, 40.11)
    assert km(b, (48.75, 40.2)) < km(b, (48.75, 40.0))  # the premise
    r = one(routing.route(a, b, data=data))
    assert r.link_ids == ["south"]
    assert r.length_km == pytest.approx(
        km(a, (48.25, 40.0)) + km((48.25, 40.0), (48.75, 40.0)) * RAIL_DETOUR
        + km((48.75, 40.0), b), rel=1e-6)


def test_a_part_between_two_points_travelled_back_runs_the_way_travelled(
        tmp_path: Path) -> None:
    """Two lines 0.2 degree apart that meet nowhere; the origin lies between them. Via a
    point south of the southern line to a point north of the northern one, the route must
    come back along the southern line to the origin (the reverse of its first part) and
    cross by the origin's access legs: every leg starts where the one before ended."""
    sw, se, nw, ne = (48.0, 40.0), (49.0, 40.0), (48.0, 40.2), (49.0, 40.2)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point(p, *c) for p, c in
                         (("sw", sw), ("se", se), ("nw", nw), ("ne", ne))],
        [line("south", "sw", "se", [sw, se]), line("north", "nw", "ne", [nw, ne])]))
    origin, via, dest = (48.25, 40.1), (48.75, 39.7), (48.75, 40.5)
    r = one(routing.route(origin, dest, via=[via], data=data))
    kinds = [(leg.kind, leg.link_id) for leg in r.legs]
    assert kinds == [("access", None), ("link", "south"), ("access", None),
                     ("access", None), ("link", "south"), ("access", None),
                     ("access", None), ("link", "north"), ("access", None)]
    ends = [coords_of(leg) for leg in r.legs]
    assert all(before[-1] == after[0] for before, after in itertools.pairwise(ends))
    assert ends[4] == [(48.75, 40.0), (48.25, 40.0)]  # back west along the southern line
    expected = (2 * km(via, (48.75, 40.0)) + 2 * km(origin, (48.25, 40.0))
                + km(origin, (48.25, 40.2)) + km((48.75, 40.2), dest)
                + (2 * km((48.25, 40.0), (48.75, 40.0)) + km((48.25, 40.2), (48.75, 40.2)))
                * RAIL_DETOUR)
    assert r.length_km == pytest.approx(expected, rel=1e-6)


def test_every_two_points_of_a_route_on_one_link_are_joined_along_it(tmp_path: Path) -> None:
    """The network of the test above; from the origin between the lines via a point south of
    the southern line and a point north of the northern one to a last point north of it:
    the second stage crosses at the origin and runs along the northern line from the
    origin's foot to the second via point's (the first and the third of four points)."""
    sw, se, nw, ne = (48.0, 40.0), (49.0, 40.0), (48.0, 40.2), (49.0, 40.2)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point(p, *c) for p, c in
                         (("sw", sw), ("se", se), ("nw", nw), ("ne", ne))],
        [line("south", "sw", "se", [sw, se]), line("north", "nw", "ne", [nw, ne])]))
    o, v, w, d = (48.25, 40.1), (48.75, 39.7), (48.6, 40.5), (48.9, 40.5)
    os_, vs, on, wn, dn = (48.25, 40.0), (48.75, 40.0), (48.25, 40.2), (48.6, 40.2), \
        (48.9, 40.2)
    r = one(routing.route(o, d, via=[v, w], data=data))
    assert r.link_ids == ["south", "south", "north", "north"]
    rail = 2 * km(os_, vs) + km(on, wn) + km(wn, dn)
    access = (km(o, os_) + 2 * km(vs, v) + km(os_, o) + km(o, on) + 2 * km(wn, w)
              + km(dn, d))
    assert r.length_km == pytest.approx(access + rail * RAIL_DETOUR, rel=1e-6)


@pytest.mark.parametrize("compiled", [False, True], ids=["networkx", "compiled"])
@pytest.mark.parametrize(("weight", "value"), [("time", None), ("length", None),
                                               ("time", "length"), ("cost", "co2")])
def test_od_matrix_reaches_places_without_links_as_route_does(
        strip: geodata.GeoData, monkeypatch: pytest.MonkeyPatch, weight: str,
        value: str | None, compiled: bool) -> None:
    """Village and Hill have no link (each reached by an access leg, both snapped onto the
    one line), the halt a local leg: every cell is the total of the route between the two
    places (0 on the diagonal), on either search backend."""
    if compiled:
        monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    places = ["west", "east", "village", "halt", "hill"]
    m = routing.od_matrix(places, places, weight=weight, value=value, data=strip)
    for o in places:
        for d in places:
            expected = 0.0 if o == d else one(routing.route(
                o, d, data=strip, weight=weight)).total(value or weight)
            assert m.at[o, d] == pytest.approx(expected, rel=1e-9, abs=1e-12), (o, d)
    # the network measures read the network alone, where Village has no node (documented)
    graph = routing.graph_for(strip)
    assert analysis.od_time(graph, "village", "east") is None
    assert analysis.od_time(graph, "west", "east") == pytest.approx(
        one(routing.route("west", "east", data=strip)).time_h, rel=1e-9)


@pytest.mark.parametrize("compiled", [False, True], ids=["networkx", "compiled"])
@pytest.mark.parametrize(("weight", "value"), [("time", None), ("length", None),
                                               ("time", "length")])
def test_od_matrix_agrees_with_route_among_places_off_several_links(
        two_ways: geodata.GeoData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        weight: str, value: str | None, compiled: bool) -> None:
    """Places without links between the rail lines and the roads of ``two_ways`` (each
    within reach of several links of different speeds, two of them on the middle of the
    straight line) and one near a separate line: every cell is the total of the route (NaN
    where there is none)."""
    if compiled:
        monkeypatch.setattr(csr_module, "FASTPATH_MIN_NODES", 0)
    folder = two_ways.path
    off = [point("inner", 48.6, 40.25), point("mid_a", 48.4, 40.05),
           point("mid_b", 48.7, 39.97), point("low", 48.2, 39.65),
           point("isle", 52.0, 40.1)]
    links = json.loads((folder / "links.geojson").read_text(encoding="utf-8"))["features"]
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))["features"]
    # an island: a line of five links, the five links nearest to Isle (so Isle, though
    # joined however far, is cut off from the rest)
    isle_ends = [point(f"i{k}", 51.8 + k / 10, 40.0) for k in range(6)]
    island = [line(f"island_{k}", f"i{k}", f"i{k + 1}",
                   [(51.8 + k / 10, 40.0), (51.9 + k / 10, 40.0)]) for k in range(5)]
    data = geodata.load(write_geodata(tmp_path / "g", places + off + isle_ends,
                                      [*links, *island]))
    ids = ["west", "east", "inner", "mid_a", "mid_b", "low", "isle"]
    m = routing.od_matrix(ids, ids, weight=weight, value=value, data=data)
    assert math.isnan(m.at["isle", "inner"]) and math.isnan(m.at["west", "isle"])
    for o in ids:
        for d in ids:
            try:
                expected = 0.0 if o == d else one(routing.route(
                    o, d, data=data, weight=weight, explain=False)).total(value or weight)
            except NoRoute:
                expected = math.nan
            assert m.at[o, d] == pytest.approx(expected, rel=1e-9, abs=1e-12, nan_ok=True), \
                (o, d)


# --------------------------------------------------------------------------- local links


def test_a_place_3_km_from_a_station_is_joined_by_a_local_leg(strip: geodata.GeoData) -> None:
    r = one(routing.route("west", "halt", data=strip))
    link, local = r.legs
    assert (link.kind, link.link_id, link.to_place) == ("link", "r_west_east", "east")
    assert link.fraction == 1.0  # the whole link
    assert (local.kind, local.mode, local.from_place, local.to_place) == (
        "local", "rail", "east", "halt")
    assert local.country == "AZE"
    assert local.length_km == pytest.approx(km(EAST, HALT), rel=1e-9)
    assert local.time_h == pytest.approx(km(EAST, HALT) / ACCESS_KMH, rel=1e-9)
    assert coords(local.geometry) == [EAST, HALT]
    assert r.by_mode["local"]["time_h"] == pytest.approx(local.time_h)
    rates = settings.COST_RATES  # by rail, at the rate of the local place's country
    assert local.cost_usd_t == pytest.approx(local.length_km * rates.rail_rate("AZE"), rel=1e-9)
    assert local.co2_kg_t == pytest.approx(local.length_km * rates.rail_co2_kg_tkm, rel=1e-9)


def test_leaving_a_local_place_runs_the_leg_from_it(strip: geodata.GeoData) -> None:
    r = one(routing.route("halt", "west", data=strip))
    local = r.legs[0]
    assert (local.kind, local.from_place, local.to_place) == ("local", "halt", "east")
    assert coords(local.geometry) == [HALT, EAST]


# --------------------------------------------------------------------------- exports


def test_exports_carry_every_leg_with_its_sequence_and_geometry(strip: geodata.GeoData,
                                                                 tmp_path: Path) -> None:
    r = one(routing.route("village", "halt", data=strip))
    path = tmp_path / "route.geojson"
    text = r.to_geojson(path)
    assert path.read_text(encoding="utf-8") == text + "\n"
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert doc["properties"] == {k: v for k, v in json.loads(json.dumps(r.to_dict())).items()
                                 if k != "legs"}
    assert [f["type"] for f in doc["features"]] == ["Feature"] * len(r.legs)
    assert [f["properties"]["seq"] for f in doc["features"]] == list(range(len(r.legs)))
    assert [f["properties"]["kind"] for f in doc["features"]] == ["access", "link", "local"]
    for feature, leg in zip(doc["features"], r.legs, strict=True):
        assert shape(feature["geometry"]).equals_exact(leg.geometry, 1e-9)
    frame = r.to_geodataframe()
    assert list(frame["seq"]) == [0, 1, 2]
    assert frame.geometry.name == "geometry" and frame.crs.to_epsg() == 4326
    assert list(frame["countries"]) == ["", "", ""]


def test_exports_keep_non_ascii_names_readable(strip: geodata.GeoData, tmp_path: Path) -> None:
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("west", *WEST, name="Şərq"), point("east", *EAST)],
        [line("r_west_east", "west", "east", [WEST, EAST], name="Bakı–Şərq")]))
    text = one(routing.route("west", "east", data=data)).to_geojson()
    assert '"name": "Bakı–Şərq"' in text


# --------------------------------------------------------------------------- time or length

SOUTH, NORTH = (48.5, 39.5), (48.5, 41.0)


@pytest.fixture
def two_ways(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    """West-East by rail straight at 20 km/h (about 4.3 h) or round by the north at 120 km/h
    (about 2 h), or by road round by the south at the default 42 km/h (about 3.3 h)."""
    places = [point("west", *WEST), point("east", *EAST), point("north", *NORTH),
              point("south", *SOUTH)]
    links = [line("slow", "west", "east", [WEST, EAST], speed_kmh=20.0),
             line("fast_1", "west", "north", [WEST, NORTH], speed_kmh=120.0),
             line("fast_2", "north", "east", [NORTH, EAST], speed_kmh=120.0),
             line("road_1", "west", "south", [WEST, SOUTH], mode="road", gauge_mm=None),
             line("road_2", "south", "east", [SOUTH, EAST], mode="road", gauge_mm=None)]
    return geodata.load(write_geodata(tmp_path_factory.mktemp("two"), places, links))


def test_time_takes_the_fast_detour_and_length_the_straight_line(
        two_ways: geodata.GeoData) -> None:
    straight = km(WEST, EAST) * RAIL_DETOUR
    detour = (km(WEST, NORTH) + km(NORTH, EAST)) * RAIL_DETOUR
    assert straight / 20.0 > detour / 120.0 and straight < detour  # the premise
    fast = one(routing.route("west", "east", data=two_ways, modes="rail"))
    short = one(routing.route("west", "east", data=two_ways, modes="rail", weight="length"))
    assert fast.link_ids == ["fast_1", "fast_2"]
    assert fast.time_h == pytest.approx(detour / 120.0, rel=1e-9)
    assert short.link_ids == ["slow"]
    assert short.length_km == pytest.approx(straight, rel=1e-9)
    by_time = routing.od_matrix(["west"], ["east"], modes="rail", data=two_ways)
    assert by_time.at["west", "east"] == pytest.approx(detour / 120.0, rel=1e-9)
    by_km = routing.od_matrix(["west"], ["east"], modes="rail", weight="length", data=two_ways)
    assert by_km.at["west", "east"] == pytest.approx(straight, rel=1e-9)
    # "all" and "any" mean every mode, like "multimodal"
    for word in ("all", "any"):
        assert routing.parse_modes(word) == routing.ALL_MODES


def test_avoiding_a_country_drops_only_its_links(tmp_path: Path) -> None:
    """The northern detour is moved to Georgia; avoiding Georgia leaves the straight line."""
    places = [point("west", *WEST), point("east", *EAST),
              point("north", *NORTH, country="GEO")]
    links = [line("slow", "west", "east", [WEST, EAST], speed_kmh=20.0),
             line("fast_1", "west", "north", [WEST, NORTH], speed_kmh=120.0, country="GEO"),
             line("fast_2", "north", "east", [NORTH, EAST], speed_kmh=120.0, country="GEO")]
    data = geodata.load(write_geodata(tmp_path / "g", places, links))
    assert one(routing.route("west", "east", data=data)).link_ids == ["fast_1", "fast_2"]
    assert one(routing.route("west", "east", data=data, avoid_countries=["GEO"])).link_ids \
        == ["slow"]
    m = routing.od_matrix(["west"], ["east"], data=data, avoid_countries=["GEO"])
    assert m.at["west", "east"] == pytest.approx(km(WEST, EAST) * RAIL_DETOUR / 20.0,
                                                 rel=1e-9)


# --------------------------------------------------------------------------- leg records


def test_the_json_of_a_route_has_the_documented_keys(strip: geodata.GeoData) -> None:
    r = one(routing.route("village", "halt", data=strip))
    d = r.to_dict()
    assert list(d) == ["origin", "destination", "scenario", "weight", "profile", "modes", "via",
                       "length_km", "published_km", "published_length_share", "time_h",
                       "cost_usd_t", "co2_kg_t", "cost_usd_teu", "co2_kg_teu",
                       "generalised_usd_t", "places", "countries", "legs", "by_mode",
                       "by_country", "by_status_km", "border_crossings", "mode_changes",
                       "gauge_breaks", "share_not_operating"]
    assert (d["origin"], d["destination"], d["scenario"]) == ("village", "halt", "today")
    assert d["profile"] == "freight"  # the default profile
    # no link of the strip has a published length
    assert (d["published_km"], d["published_length_share"]) == (0.0, 0.0)
    assert d["modes"] == ["rail", "road", "ferry"] and d["via"] == []
    assert d["countries"] == ["AZE"]
    assert d["by_status_km"] == {"operating": pytest.approx(r.legs[1].length_km)}
    assert list(d["legs"][0]) == ["kind", "mode", "from_place", "to_place", "length_km",
                                  "time_h", "link_id", "name", "status", "gauge_mm", "country",
                                  "fraction", "countries", "from_layer", "to_layer",
                                  "dwell_h", "published_km", "cost_usd_t", "co2_kg_t"]
    assert d["legs"][0]["countries"] == []


def test_alternatives_are_the_best_distinct_routes_by_time(two_ways: geodata.GeoData) -> None:
    rail_north = (km(WEST, NORTH) + km(NORTH, EAST)) * RAIL_DETOUR / 120.0
    road_south = ((km(WEST, SOUTH) + km(SOUTH, EAST)) * ROAD_DETOUR
                  / settings.Defaults().road_speed_kmh)
    straight = km(WEST, EAST) * RAIL_DETOUR / 20.0
    assert rail_north < road_south < straight  # the premise
    found = routing.route("west", "east", data=two_ways, alternatives=2)
    assert isinstance(found, list)
    assert [r.link_ids for r in found] == [["fast_1", "fast_2"], ["road_1", "road_2"]]
    assert [r.places for r in found] == [["west", "north", "east"], ["west", "south", "east"]]
    assert found[1].time_h == pytest.approx(road_south, rel=1e-9)
    three = routing.route("west", "east", data=two_ways, alternatives=5)
    assert isinstance(three, list)
    assert [r.link_ids for r in three] == [["fast_1", "fast_2"], ["road_1", "road_2"],
                                           ["slow"]]


@pytest.mark.parametrize("fast_first", [True, False])
def test_of_two_parallel_links_the_faster_is_taken(tmp_path: Path, fast_first: bool) -> None:
    fast = line("fast", "west", "east", [WEST, EAST], speed_kmh=100.0)
    slow = line("slow", "west", "east", [WEST, EAST], speed_kmh=10.0)
    data = geodata.load(write_geodata(tmp_path / "g", [point("west", *WEST),
                                                       point("east", *EAST)],
                                      [fast, slow] if fast_first else [slow, fast]))
    assert one(routing.route("west", "east", data=data)).link_ids == ["fast"]
    view = routing.routing_view(routing.graph_for(data))  # by time unless told otherwise
    # the view is a DiGraph with one arc each way; both carry the faster link only
    arcs = sorted((u[0], v[0], d["data"]["link_id"], d["w"])
                  for u, v, d in view.edges(data=True))
    assert [a[:3] for a in arcs] == [("east", "west", "fast"), ("west", "east", "fast")]
    for *_, w in arcs:  # hours (+ a km tie-break)
        assert w == pytest.approx(km(WEST, EAST) * RAIL_DETOUR / 100.0, rel=1e-4)


def test_avoiding_a_country_drops_a_link_through_it_between_two_other_places(
        tmp_path: Path) -> None:
    """A fast link recorded in Georgia joins two Azerbaijani places (like a road through a
    neighbour's territory): avoiding Georgia drops it though neither end lies there."""
    data = geodata.load(write_geodata(tmp_path / "g", [point("west", *WEST),
                                                       point("east", *EAST)],
                                      [line("fast", "west", "east", [WEST, EAST],
                                            speed_kmh=100.0, country="GEO"),
                                       line("slow", "west", "east", [WEST, EAST],
                                            speed_kmh=10.0)]))
    assert one(routing.route("west", "east", data=data)).link_ids == ["fast"]
    assert one(routing.route("west", "east", data=data, avoid_countries=["GEO"])).link_ids \
        == ["slow"]


@pytest.mark.parametrize("drawn_east_to_west", [False, True])
def test_a_link_part_runs_along_the_route_whichever_way_the_link_is_drawn(
        tmp_path: Path, drawn_east_to_west: bool) -> None:
    coords = [WEST, (48.5, 40.0), EAST]
    link = (line("r", "east", "west", coords[::-1]) if drawn_east_to_west
            else line("r", "west", "east", coords))
    data = geodata.load(write_geodata(tmp_path / "g", [point("west", *WEST),
                                                       point("east", *EAST)], [link]))
    r = one(routing.route((48.25, 40.1), "east", data=data))
    part = r.legs[1]
    assert (part.from_place, part.to_place) == ("point", "east")
    assert coords_of(part) == [(48.25, 40.0), (48.5, 40.0), EAST]


def test_a_point_on_a_link_shorter_than_a_km_pays_its_share_of_time(tmp_path: Path) -> None:
    end = (48.006, 40.0)  # 0.5 km east of West
    data = geodata.load(write_geodata(tmp_path / "g", [point("west", *WEST),
                                                       point("end", *end)],
                                      [line("r", "west", "end", [WEST, end])]))
    r = one(routing.route((48.003, 40.001), "end", data=data))
    part = r.legs[1]
    assert part.length_km == pytest.approx(km((48.003, 40.0), end) * RAIL_DETOUR, rel=1e-6)
    assert part.fraction == pytest.approx(0.5, rel=1e-3)
    assert part.time_h == pytest.approx(part.length_km / settings.Defaults().rail_speed_kmh,
                                        rel=1e-6)


def coords_of(leg: object) -> list[tuple[float, float]]:
    return coords(leg.geometry)  # type: ignore[attr-defined]


def test_two_places_without_links_each_get_their_access_leg(strip: geodata.GeoData) -> None:
    r = one(routing.route("village", "hill", data=strip))
    first, last = r.legs[0], r.legs[-1]
    assert (first.kind, first.from_place, last.kind, last.to_place) == (
        "access", "village", "access", "hill")
    assert coords(first.geometry)[0] == VILLAGE and coords(last.geometry)[-1] == (45.0, 41.5)


def test_alternatives_by_length_are_sorted_by_length(two_ways: geodata.GeoData) -> None:
    found = routing.route("west", "east", data=two_ways, alternatives=3, weight="length")
    assert isinstance(found, list)
    lengths = [r.length_km for r in found]
    assert found[0].link_ids == ["slow"] and lengths == sorted(lengths)
    assert [r.time_h for r in found] != sorted(r.time_h for r in found)  # not by time


def test_a_route_records_its_via_places_and_destination(two_ways: geodata.GeoData) -> None:
    r = one(routing.route("west", "east", data=two_ways, via=["north", "east", "south"]))
    assert (r.origin, r.via, r.destination) == ("west", ("north", "east", "south"), "east")
    assert r.to_dict()["via"] == ["north", "east", "south"]


# --------------------------------------------------------------------------- snapping, closer
# Written against the routing survivors left open by the last pass (docs/mutation-report.md).


def test_a_point_on_a_line_routes_by_length_from_there(strip: geodata.GeoData) -> None:
    """The point is the line's middle vertex: its access leg has no length and no time."""
    r = one(routing.route((48.5, 40.0), "east", data=strip, weight="length"))
    access, part = r.legs
    assert (access.kind, access.length_km, access.time_h) == ("access", 0.0, 0.0)
    assert part.length_km == pytest.approx(km((48.5, 40.0), EAST) * RAIL_DETOUR, rel=1e-6)
    assert r.length_km == pytest.approx(part.length_km, rel=1e-12)


def test_a_point_beyond_a_line_end_enters_it_at_that_end(strip: geodata.GeoData) -> None:
    """0.1 degree west of West: the nearest point of the line is its end, so the part of the
    line up to West has no length; every leg still has a line of two positions."""
    here = (47.9, 40.0)
    r = one(routing.route(here, "west", data=strip))
    assert r.length_km == pytest.approx(km(here, WEST), rel=1e-6)  # the access leg alone
    assert coords(r.legs[0].geometry) == [here, WEST]
    assert all(len(f["geometry"]["coordinates"]) >= 2
               for f in json.loads(r.to_geojson())["features"])
    assert coords(r.legs[-1].geometry)[-1] == WEST


MID = (49.0, 40.0)


@pytest.mark.parametrize("dest", ["mid", "east"])
def test_a_link_drawn_towards_a_place_met_before_is_split_at_the_right_ends(
        tmp_path: Path, dest: str) -> None:
    """West-Mid, then a line drawn from East (50 E) towards Mid: the graph meets Mid first,
    so the second link's stored ends are (Mid, East) against its drawing East to Mid."""
    east = (50.0, 40.0)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("west", *WEST), point("mid", *MID), point("east", *east)],
        [line("r1", "west", "mid", [WEST, MID]), line("r2", "east", "mid", [east, MID])]))
    here, foot = (49.25, 40.05), (49.25, 40.0)  # a quarter of the way from Mid to East
    r = one(routing.route(here, dest, data=data))
    part = r.legs[-1]
    end = MID if dest == "mid" else east
    assert (part.link_id, part.to_place) == ("r2", dest)
    assert part.length_km == pytest.approx(km(foot, end) * RAIL_DETOUR, rel=1e-4)
    assert coords_of(part)[-1] == end


def test_a_place_with_road_links_only_takes_the_railway_on_its_site_by_rail(
        strip: geodata.GeoData, tmp_path: Path) -> None:
    """A town 3 km north of the line's middle has a road to East only: by rail it starts on
    the railway by an access leg to the nearest point of the line."""
    town = (48.5, 40.027)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("west", *WEST), point("east", *EAST), point("town", *town)],
        [line("r_west_east", "west", "east", [WEST, (48.5, 40.0), EAST]),
         line("road", "town", "east", [town, EAST], mode="road", gauge_mm=None)]))
    r = one(routing.route("town", "west", data=data, modes="rail"))
    access, part = r.legs
    assert (access.kind, access.from_place, part.link_id, part.to_place) == (
        "access", "town", "r_west_east", "west")
    assert access.length_km == pytest.approx(km(town, (48.5, 40.0)), rel=1e-6)
    assert part.length_km == pytest.approx(km((48.5, 40.0), WEST) * RAIL_DETOUR, rel=1e-6)
    assert one(routing.route("town", "east", data=data)).link_ids == ["road"]  # multimodal
    m = routing.od_matrix(["town", "west"], ["west", "town"], modes="rail", data=data)
    assert m.at["town", "west"] == pytest.approx(r.time_h, rel=1e-9)
    assert m.at["west", "town"] == pytest.approx(
        one(routing.route("west", "town", data=data, modes="rail")).time_h, rel=1e-9)


def test_a_free_point_takes_the_candidate_link_of_the_fastest_whole_route(
        tmp_path: Path) -> None:
    """A point 1 km from a slow line to X and 33 km from a fast line that reaches X by one
    more link: the fast way wins although its access leg is longer and it has more links."""
    a, x = (48.0, 40.0), (50.0, 40.0)
    b, c = (48.05, 40.3), (49.9, 40.3)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("a", *a), point("x", *x), point("b", *b), point("c", *c)],
        [line("slow", "a", "x", [a, x], speed_kmh=20.0),
         line("fast", "b", "c", [b, c], speed_kmh=120.0),
         line("last", "c", "x", [c, x], speed_kmh=120.0)]))
    here = (48.05, 40.01)
    foot = (48.05, 40.3)
    by_slow = km(here, (48.05, 40.0)) / ACCESS_KMH + km((48.05, 40.0), x) * RAIL_DETOUR / 20.0
    by_fast = (km(here, foot) / ACCESS_KMH
               + (km(foot, c) + km(c, x)) * RAIL_DETOUR / 120.0)
    assert by_fast < by_slow  # the premise
    r = one(routing.route(here, "x", data=data))
    assert r.link_ids == ["fast", "last"]
    assert coords(r.legs[0].geometry) == [here, foot]
    assert r.time_h == pytest.approx(by_fast, rel=1e-6)


def _star(hub: tuple[float, float], name: str) -> tuple[list[dict[str, object]],
                                                         list[dict[str, object]]]:
    """A hub and five short spokes (about 5 km) around it."""
    ends = [(hub[0] + 0.06 * math.cos(t), hub[1] + 0.045 * math.sin(t))
            for t in (0.3, 1.5, 2.7, 3.9, 5.1)]
    places = [point(name, *hub)] + [point(f"{name}_{i}", *e) for i, e in enumerate(ends)]
    links = [line(f"{name}_spoke_{i}", name, f"{name}_{i}", [hub, e])
             for i, e in enumerate(ends)]
    return places, links


def test_a_point_snaps_to_its_nearest_link_among_many(tmp_path: Path) -> None:
    """Eleven links: one 1.7 km east of the point, five spokes of a star 1 degree (85 km)
    east and five of a star 1 degree north; the point is joined to the near line only."""
    here = (48.0, 42.0)
    a, b = (48.02, 41.5), (48.02, 42.5)
    places, links = [point("a", *a), point("b", *b)], [line("ab", "a", "b", [a, b])]
    k = math.cos(math.radians(here[1]))
    for hub, name in (((here[0] + 1.0 / k, here[1]), "e"), ((here[0], here[1] + 1.0), "n")):
        more_places, more_links = _star(hub, name)
        places += more_places
        links += more_links
    data = geodata.load(write_geodata(tmp_path / "g", places, links))
    r = one(routing.route(here, "b", data=data))
    assert r.link_ids == ["ab"]
    assert r.legs[0].length_km == pytest.approx(km(here, (48.02, 42.0)), rel=1e-3)


def test_alternatives_from_a_point_along_two_links_are_two_routes(tmp_path: Path) -> None:
    """Two links end at X; a point between them reaches X along either (each entered at the
    point's snap): two distinct routes, though neither uses a whole link."""
    a, b, x = (48.0, 40.0), (48.0, 40.2), (49.0, 40.0)
    data = geodata.load(write_geodata(
        tmp_path / "g", [point("a", *a), point("b", *b), point("x", *x)],
        [line("l1", "a", "x", [a, x]), line("l2", "b", "x", [b, x])]))
    found = routing.route((48.3, 40.1), "x", data=data, alternatives=2)
    assert isinstance(found, list)
    assert sorted(r.link_ids for r in found) == [["l1"], ["l2"]]
    assert all(leg.fraction < 1.0 for r in found for leg in r.legs if leg.kind == "link")


@pytest.mark.parametrize(("repeats", "routes"), [(100, 2), (101, 1)])
def test_the_search_for_alternatives_gives_up_after_50_paths_per_route(
        two_ways: geodata.GeoData, monkeypatch: pytest.MonkeyPatch, repeats: int,
        routes: int) -> None:
    """Paths that repeat a route's links (as paths differing only in transfers do) are
    looked at, 50 per route asked and one more, before the search gives up: here the best
    path is repeated ``repeats`` times before the second route comes."""
    real = nx.shortest_simple_paths

    def repeating(*args: object, **kwargs: object) -> Iterator[list[object]]:
        paths = real(*args, **kwargs)  # type: ignore[call-overload]
        first = next(paths)
        yield from [first] * (1 + repeats)
        yield from paths

    monkeypatch.setattr(nx, "shortest_simple_paths", repeating)
    found = routing.route("west", "east", data=two_ways, alternatives=2)
    assert isinstance(found, list)
    assert [r.link_ids for r in found] == [["fast_1", "fast_2"], ["road_1", "road_2"]][:routes]
