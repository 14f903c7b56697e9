"""Routing as an analyst uses it: names, routes, transfers, restrictions, the real corridor."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import mini_corridor
import pytest
from pyproj import Geod

from corridor import geodata, network, routing, scenarios, settings
from corridor._errors import (
    AmbiguousPlace,
    CorridorError,
    CountryNotFound,
    InvalidArgument,
    NoRoute,
    PlaceNotFound,
)
from corridor.routing import Route
from corridor.scenarios import Scenario

GEOD = Geod(ellps="WGS84")
SHIPPED_PLACES = settings.SHIPPED_GEODATA / geodata.PLACES_FILE


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def one(result: Route | list[Route]) -> Route:
    assert isinstance(result, Route)
    return result


def link_km(data: geodata.GeoData, lid: str) -> float:
    """The km of a link by the length model: published, else geodesic x the mode's factor."""
    row = data.links.loc[lid]
    published = row.get("length_km_published")
    if published is not None and not (isinstance(published, float) and math.isnan(published)):
        return float(published)
    lons, lats = row.geometry.xy
    factor = settings.DEFAULTS.detour_factors.get(row["mode"], 1.0)
    return float(GEOD.line_length(list(lons), list(lats))) / 1000.0 * factor


# --------------------------------------------------------------------------- finding places


def test_places_are_found_by_id_name_or_alt_name_ignoring_case_and_accents(
        mini: geodata.GeoData) -> None:
    for query in ("a", "Alpha", "ALPHA", "alfa", "Älfa", "ÄLFA", "  alpha "):
        assert routing.find_place(query, mini) == "a"
    assert routing.find_place("bravo port", mini) == "b"
    assert routing.find_place("Bravo-Port", mini) == "b"


def test_a_name_shared_by_two_places_lists_the_candidates(mini: geodata.GeoData) -> None:
    with pytest.raises(AmbiguousPlace) as info:
        routing.find_place("Astara", mini)
    assert {c.split()[0] for c in info.value.candidates} == {"ir_x", "ir_y"}
    # a country after the name picks one
    assert routing.find_place("Astara (Iran)", mini) == "ir_y"
    assert routing.find_place("astara, AZE", mini) == "ir_x"


def test_an_unknown_name_suggests_the_closest(mini: geodata.GeoData) -> None:
    with pytest.raises(PlaceNotFound) as info:
        routing.find_place("Charlei", mini)
    assert any("(c)" in s for s in info.value.suggestions)


def test_countries_by_code_or_name() -> None:
    assert routing.country_code("irn") == "IRN"
    assert routing.country_code("Iran") == "IRN"
    assert routing.country_code("türkiye") == "TUR"
    with pytest.raises(CountryNotFound):
        routing.country_code("Atlantis")


# --------------------------------------------------------------------------- routes


def test_route_totals_are_the_sums_of_its_legs(mini: geodata.GeoData) -> None:
    r = one(routing.route("a", "k", data=mini, modes="rail"))
    assert r.length_km == pytest.approx(sum(leg.length_km for leg in r.legs))
    assert r.time_h == pytest.approx(sum(leg.time_h for leg in r.legs))
    assert sum(v["time_h"] for v in r.by_mode.values()) == pytest.approx(r.time_h)
    assert sum(v["time_h"] for v in r.by_country.values()) == pytest.approx(r.time_h)
    assert sum(v["length_km"] for v in r.by_country.values()) == pytest.approx(r.length_km)


def test_rail_route_pays_border_dwell_and_gauge_break(mini: geodata.GeoData) -> None:
    r = one(routing.route("a", "k", data=mini, modes="rail"))
    assert r.link_ids == ["r_ab", "r_bx", "r_xc", "r_cg", "s_gk"]
    assert r.border_crossings == ["x"]
    assert r.gauge_breaks == ["g"]
    d = settings.DEFAULTS
    expected_h = (sum(link_km(mini, lid) for lid in ("r_ab", "r_bx", "r_cg", "s_gk"))
                  / d.rail_speed_kmh + link_km(mini, "r_xc") / 80.0 + 2.5 + d.gauge_break_h)
    assert r.time_h == pytest.approx(expected_h, rel=1e-6)
    assert r.length_km == pytest.approx(sum(link_km(mini, lid) for lid in r.link_ids))


def test_a_route_never_changes_layer_without_a_transfer(mini: geodata.GeoData) -> None:
    r = one(routing.route("p", "k", data=mini))
    moving = [(i, leg) for i, leg in enumerate(r.legs) if leg.kind == "link"]
    for (i, a), (j, b) in itertools.pairwise(moving):
        if (a.mode, a.gauge_mm) != (b.mode, b.gauge_mm):
            between = {leg.kind for leg in r.legs[i + 1:j]}
            assert between & {"transfer", "gauge_break"}, (a.link_id, b.link_id)


def test_a_ferry_costs_its_wait_sailing_and_both_transfers(mini: geodata.GeoData) -> None:
    r = one(routing.route("p", "a", data=mini))
    ferry = [leg for leg in r.legs if leg.mode == "ferry"]
    assert [leg.link_id for leg in ferry] == ["f_pb"]
    # p (KAZ) to b (AZE): a ferry joining two countries also pays customs at its ports
    customs = settings.DEFAULTS.port_customs_h
    assert ferry[0].time_h == 48.0 / 2 + 20.0 + customs
    assert ferry[0].countries == ("KAZ", "AZE")
    assert sum(ferry[0].dwell_h) == customs
    assert r.border_crossings[0] == "f_pb"
    # starting at the port p (ferry only) and landing at b: the landing pays a ferry transfer
    assert r.mode_changes[0] == {"place": "b", "from": "ferry", "to": r.mode_changes[0]["to"]}
    transfers = [leg for leg in r.legs if leg.kind == "transfer"]
    assert transfers[0].time_h == settings.DEFAULTS.ferry_transfer_h


def test_weight_length_finds_the_shortest_not_the_fastest(mini: geodata.GeoData) -> None:
    fastest = one(routing.route("a", "c", data=mini, weight="time"))
    shortest = one(routing.route("a", "c", data=mini, weight="length"))
    assert shortest.length_km <= fastest.length_km
    assert fastest.time_h <= shortest.time_h


def test_avoiding_a_country_keeps_the_route_out_of_it(mini: geodata.GeoData) -> None:
    r = one(routing.route("a", "n", data=mini, avoid_countries=["Iran"]))
    assert "IRN" not in r.countries
    r2 = one(routing.route("a", "n", data=mini, avoid_countries=["GEO"]))
    assert "GEO" not in r2.countries and "IRN" in r2.countries


def test_via_places_are_passed_in_order(mini: geodata.GeoData) -> None:
    direct = one(routing.route("a", "c", data=mini))
    via = one(routing.route("a", "c", data=mini, via=["t"]))
    assert "t" in via.places
    assert via.time_h >= direct.time_h


def test_alternatives_are_distinct_and_sorted(mini: geodata.GeoData) -> None:
    routes = routing.route("a", "c", data=mini, alternatives=4)
    assert isinstance(routes, list) and len(routes) >= 2
    sequences = [tuple(r.link_ids) for r in routes]
    assert len(set(sequences)) == len(sequences)
    times = [r.time_h for r in routes]
    assert times == sorted(times)


def test_a_point_is_snapped_with_an_access_leg(mini: geodata.GeoData) -> None:
    # a point 0.1 degree north of the middle vertex of r_xc (x -> c)
    mid = mini.links.loc["r_xc"].geometry.coords[1]
    pt = (mid[0], mid[1] + 0.1)
    to_c = one(routing.route(pt, "c", data=mini, modes="rail"))
    to_x = one(routing.route(pt, "x", data=mini, modes="rail"))
    access = to_c.legs[0]
    assert access.kind == "access"
    # the access leg is no longer than the distance to the vertex it passes near
    assert 0 < access.length_km <= GEOD.inv(pt[0], pt[1], mid[0], mid[1])[2] / 1000 + 1e-6
    part_c = next(leg for leg in to_c.legs if leg.link_id == "r_xc")
    part_x = next(leg for leg in to_x.legs if leg.link_id == "r_xc")
    assert part_c.length_km + part_x.length_km == pytest.approx(link_km(mini, "r_xc"), rel=1e-3)
    assert part_c.fraction + part_x.fraction == pytest.approx(1.0, rel=1e-3)


def test_exports(mini: geodata.GeoData) -> None:
    r = one(routing.route("a", "k", data=mini))
    frame = r.to_geodataframe()
    assert len(frame) == len(r.legs) and frame.crs.to_epsg() == 4326
    doc = json.loads(r.to_geojson())
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(r.legs)
    d = r.to_dict()
    for key in ("length_km", "time_h", "legs", "by_mode", "by_country", "border_crossings",
                "gauge_breaks", "mode_changes", "share_not_operating"):
        assert key in d
    json.dumps(d)


def test_share_not_operating_counts_planned_km(mini: geodata.GeoData) -> None:
    r = one(routing.route("c", "g", data=mini, modes="rail",
                          scenario=Scenario("only-new", link_statuses=("planned",))))
    assert r.link_ids == ["r_cg2"] and r.share_not_operating == 1.0
    assert one(routing.route("c", "g", data=mini, modes="rail")).share_not_operating == 0.0


def test_scenario_overrides_apply_to_routes(mini: geodata.GeoData) -> None:
    base = one(routing.route("c", "g", data=mini, modes="rail",
                             scenario=Scenario("both", link_statuses=("operating", "planned"))))
    capped = one(routing.route("c", "g", data=mini, modes="rail", scenario=Scenario(
        "capped", link_statuses=("operating", "planned"),
        overrides=(("speed_by_status", {"operating": 10.0}),))))
    # with operating links slowed to 10 km/h only the planned twin r_cg2 keeps full speed
    assert base.time_h == pytest.approx(capped.time_h)
    assert capped.link_ids == ["r_cg2"]
    assert capped.time_h == pytest.approx(link_km(mini, "r_cg2") / settings.DEFAULTS.rail_speed_kmh)


def test_graphs_are_cached_per_data_and_scenario(mini: geodata.GeoData) -> None:
    assert routing.graph_for(mini, "today") is routing.graph_for(mini, "today")
    assert routing.graph_for(mini, "today") is not routing.graph_for(mini, "future")
    graph = network.build(mini, "today")
    assert one(routing.route("a", "k", data=mini, graph=graph)).time_h == pytest.approx(
        one(routing.route("a", "k", data=mini)).time_h)


# --------------------------------------------------------------------------- no route


def test_no_route_names_a_closed_crossing(mini: geodata.GeoData) -> None:
    closed = Scenario("x-shut", closed_crossings=("x",))
    with pytest.raises(NoRoute, match="x-shut") as info:
        routing.route("a", "k", data=mini, modes="rail", scenario=closed)
    assert "closed border crossings" in str(info.value) and "x (Xray" in str(info.value)
    # and the message is right: reopening it restores the route
    one(routing.route("a", "k", data=mini, modes="rail"))


def test_no_route_names_the_avoided_country(mini: geodata.GeoData) -> None:
    with pytest.raises(NoRoute, match="avoiding GEO"):
        routing.route("a", "k", data=mini, avoid_countries=["GEO"])


def test_no_route_names_the_mode(mini: geodata.GeoData) -> None:
    with pytest.raises(NoRoute, match=r"mode restriction \(rail only\)"):
        routing.route("a", "p", data=mini, modes="rail")


def test_no_route_names_the_closed_country(mini: geodata.GeoData) -> None:
    closed = Scenario("no-geo", closed_countries=("GEO",))
    with pytest.raises(NoRoute, match="GEO closed to transit"):
        routing.route("a", "g", data=mini, scenario=closed)


def test_no_route_names_unusable_links(mini: geodata.GeoData) -> None:
    without_cg = Scenario("no-cg", closed_links=("r_cg",))
    with pytest.raises(NoRoute, match=r"links not usable .*\(e\.g\. r_cg2?\)"):
        routing.route("c", "g", data=mini, modes="rail", scenario=without_cg)


def test_no_route_without_explanation_is_a_bare_message(mini: geodata.GeoData) -> None:
    with pytest.raises(NoRoute) as info:
        routing.route("a", "p", data=mini, modes="rail", explain=False)
    assert str(info.value) == "no rail route from Alpha to Papa in scenario 'today'"


def test_bad_arguments(mini: geodata.GeoData) -> None:
    with pytest.raises(ValueError, match="weight"):
        routing.route("a", "k", data=mini, weight="money")
    with pytest.raises(ValueError, match="mode"):
        routing.route("a", "k", data=mini, modes="air")
    with pytest.raises(ValueError, match="via"):
        routing.route("a", "k", data=mini, via=["c"], alternatives=2)


# --------------------------------------------------------------------------- the real corridor

#: Every status but dismantled, every crossing open, no year: all routes the data allows
#: (used to enumerate the alternatives to TRIPP; TRIPP itself is excluded by avoiding Armenia).
EVERYTHING = Scenario(
    "everything",
    link_statuses=("operating", "under_construction", "planned", "closed"),
    crossing_statuses=("open", "closed", "planned", "under_construction"),
)


@pytest.fixture(scope="module")
def real() -> geodata.GeoData:
    return geodata.load(settings.SHIPPED_GEODATA)


def test_julfa_and_jolfa_are_told_apart_only_when_unambiguous(real: geodata.GeoData) -> None:
    # diacritics and case do not matter: "Naxcivan" is the alt name "Naxçıvan" unaccented
    assert routing.find_place("NAXCIVAN", real) == "nakhchivan"
    assert routing.find_place("istanbul", real) == "istanbul"
    assert routing.find_place("Julfa", real) == "julfa"
    assert routing.find_place("Jolfa", real) == "jolfa"
    assert real.places.at["julfa", "country"] == "AZE"
    assert real.places.at["jolfa", "country"] == "IRN"
    # a spelling both carry at the same rank is ambiguous: the error lists both, and a
    # country picks one
    shared = {routing.fold(n) for n in real.places.at["julfa", "alt_names"]} & {
        routing.fold(n) for n in real.places.at["jolfa", "alt_names"]}
    for spelling in shared:
        with pytest.raises(AmbiguousPlace) as info:
            routing.find_place(spelling, real)
        assert {c.split()[0] for c in info.value.candidates} >= {"julfa", "jolfa"}
        assert routing.find_place(f"{spelling}, Iran", real) == "jolfa"
        assert routing.find_place(f"{spelling} (AZE)", real) == "julfa"


def test_today_no_rail_route_baku_nakhchivan_avoids_iran(real: geodata.GeoData) -> None:
    with pytest.raises(NoRoute, match="today"):
        routing.route("baku", "nakhchivan", scenario="today", modes="rail",
                      avoid_countries=["IRN"], data=real)


def test_tripp_rail_route_baku_nakhchivan_passes_horadiz_aghband_meghri(
        real: geodata.GeoData) -> None:
    r = one(routing.route("baku", "nakhchivan", scenario="tripp", modes="rail",
                          avoid_countries=["IRN"], data=real))
    assert {"horadiz", "aghband", "meghri"} <= set(r.places)
    assert "IRN" not in r.countries
    assert "ARM" in r.countries
    assert r.share_not_operating > 0  # it runs on links that are not yet built


def test_tripp_is_shorter_than_every_route_through_iran_or_georgia_turkey(
        real: geodata.GeoData) -> None:
    tripp = one(routing.route("baku", "nakhchivan", scenario="tripp", modes="rail",
                              weight="length", data=real))
    others = []
    # without Armenia, the exclave is reached only through Iran or through Georgia and Turkey;
    # the shortest such route bounds every one of them from below
    for avoid in (["ARM"], ["ARM", "IRN"], ["ARM", "TUR"]):
        try:
            others.append(one(routing.route("baku", "nakhchivan", scenario=EVERYTHING,
                                            modes="rail", weight="length",
                                            avoid_countries=avoid, data=real)))
        except NoRoute:
            continue
    assert others, "no route through Iran or Georgia-Turkey in the data at all"
    for other in others:
        assert {"IRN", "TUR"} & set(other.countries)
        assert tripp.length_km < other.length_km, other.summary()


@pytest.mark.parametrize("scenario", ["no-iran", "today"])
def test_nakhchivan_unreachable_by_rail_with_a_reason(real: geodata.GeoData,
                                                      scenario: str) -> None:
    with pytest.raises(NoRoute) as info:
        routing.route("baku", "nakhchivan", scenario=scenario, modes="rail", data=real)
    message = str(info.value)
    assert f"scenario {scenario!r}" in message
    assert "cut by" in message
    assert any(reason in message for reason in ("closed border crossings", "closed to transit",
                                                "links not usable"))


def test_btk_baku_kars_pays_exactly_one_gauge_break(real: geodata.GeoData) -> None:
    r = one(routing.route("baku", "kars", scenario="today", modes="rail", data=real))
    assert r.gauge_breaks == ["akhalkalaki"]
    assert "GEO" in r.countries
    gauges = [leg.gauge_mm for leg in r.legs if leg.kind == "link"]
    assert gauges[0] == 1520 and gauges[-1] == 1435


def test_aktau_istanbul_uses_a_caspian_ferry_and_pays_its_transfers(
        real: geodata.GeoData) -> None:
    # the Middle Corridor proper: with Iran open, the model's fastest way is overland through
    # Turkmenistan and Iran (the Kazakhstan-Turkmenistan-Iran railway), which has no ferry
    r = one(routing.route("aktau", "istanbul", scenario="no-iran", data=real))
    ferries = [i for i, leg in enumerate(r.legs) if leg.mode == "ferry"]
    assert ferries, r.summary()
    caspian = {"port_of_aktau", "kuryk", "port_of_turkmenbashi", "port_of_baku", "alat",
               "aktau", "turkmenbashi"}
    first = r.legs[ferries[0]]
    assert {first.from_place, first.to_place} <= caspian
    for i in ferries:
        before = r.legs[i - 1] if i > 0 else None
        after = r.legs[i + 1] if i + 1 < len(r.legs) else None
        assert before is not None and before.kind == "transfer" and before.to_layer == "ferry"
        assert after is not None and after.kind == "transfer" and after.from_layer == "ferry"
        assert before.time_h == after.time_h == settings.DEFAULTS.ferry_transfer_h
    assert r.time_h == pytest.approx(math.fsum(leg.time_h for leg in r.legs))


def test_every_shipped_scenario_builds_the_links_it_selects_where_they_are(
        real: geodata.GeoData) -> None:
    # read independently of corridor: the places' coordinates as written in the file
    features = json.loads(SHIPPED_PLACES.read_text(encoding="utf-8"))["features"]
    coords = {f["properties"]["id"]: tuple(f["geometry"]["coordinates"]) for f in features}
    high_speed = set(real.links.index[real.links["line_class"] == "high_speed"])
    assert high_speed  # the Ankara-Istanbul line
    for name in scenarios.names():
        graph = routing.graph_for(real, name)
        chosen = scenarios.select(real, scenarios.get(name)).links
        links = {k for _, _, k, d in graph.edges(keys=True, data=True) if d["kind"] == "link"}
        # freight keeps off high-speed passenger lines; passengers use every selected link
        assert links == set(chosen) - high_speed, name
        passenger = routing.graph_for(real, name, "passenger")
        assert {k for _, _, k, d in passenger.edges(keys=True, data=True)
                if d["kind"] == "link"} == set(chosen), name
        for u, v, k, d in graph.edges(keys=True, data=True):
            pu, pv = graph.nodes[u]["place"], graph.nodes[v]["place"]
            if d["kind"] == "link":
                row = real.links.loc[k]
                assert {pu, pv} == {row["from"], row["to"]}, (name, k)
                assert d["length_km"] == pytest.approx(link_km(real, k), rel=1e-9), (name, k)
            elif d["kind"] in ("transfer", "gauge_break", "border"):
                assert pu == pv == d["place"], (name, k)
        for node, d in graph.nodes(data=True):
            assert (d["x"], d["y"]) == coords[d["place"]], (name, node)


# --------------------------------------------------------------------------- matrices, bench


def test_od_matrix_agrees_with_single_routes(mini: geodata.GeoData) -> None:
    matrix = routing.od_matrix(data=mini)
    ends = list(mini.places.index[mini.places["kind"].isin(["city", "port"])])
    assert list(matrix.index) == ends and list(matrix.columns) == ends
    for a in ends:
        for b in ends:
            if a == b:
                assert matrix.at[a, b] == 0.0
                continue
            try:
                expected = one(routing.route(a, b, data=mini)).time_h
            except NoRoute:
                assert math.isnan(matrix.at[a, b])
                continue
            assert matrix.at[a, b] == pytest.approx(expected, abs=1e-6)


def test_bench_reports_every_scenario_and_the_od_matrix(mini: geodata.GeoData) -> None:
    from benchmarks import bench_network as bench

    result = bench.run(mini, queries=5, repeat=1)
    assert set(result["scenarios"]) == set(scenarios.load(geodata_dir=mini.path))
    assert result["od_places"] == int(mini.places["kind"].isin(["city", "port"]).sum())
    text = bench.report(result)
    assert "graph build" in text and "OD matrix" in text


# --------------------------------------------------------------------------- issue #19


def test_border_dwell_is_split_evenly_between_the_two_countries(tmp_path: Path) -> None:
    """West (GEO) - Post (the GEO/AZE crossing, rail dwell 3 h) - East (AZE), 60 km/h links:
    each country gets its own link's hours and half the dwell, worked out by hand."""
    from conftest import line, point, write_geodata

    west, post, east = (44.0, 41.0), (45.0, 41.2), (46.0, 41.0)
    places = [
        point("west", *west, country="GEO"),
        point("post", *post, country="GEO", kind="border_crossing", countries=["GEO", "AZE"],
              crossing_modes=["rail"], status="open", rail_dwell_h=3.0,
              dwell_source="https://example.org/dwell"),
        point("east", *east, country="AZE"),
    ]
    links = [line("w_p", "west", "post", [west, post], country="GEO", speed_kmh=60.0),
             line("p_e", "post", "east", [post, east], country="AZE", speed_kmh=60.0)]
    data = geodata.load(write_geodata(tmp_path / "geo", places, links))
    r = one(routing.route("west", "east", modes="rail", data=data, explain=False))

    def hours(a: tuple[float, float], b: tuple[float, float]) -> float:
        km = GEOD.line_length([a[0], b[0]], [a[1], b[1]]) / 1000.0
        return km * settings.DEFAULTS.detour_factors["rail"] / 60.0

    split = r.by_country
    assert r.border_crossings == ["post"]
    assert split["GEO"]["time_h"] == pytest.approx(hours(west, post) + 1.5)
    assert split["AZE"]["time_h"] == pytest.approx(hours(post, east) + 1.5)
    assert math.fsum(v["time_h"] for v in split.values()) == pytest.approx(r.time_h)


# --------------------------------------------------------------------------- issue #11 item 4


def test_alternatives_are_bounded(mini: geodata.GeoData) -> None:
    assert len(routing.route("a", "k", data=mini, alternatives=routing.MAX_ALTERNATIVES)) >= 1
    for bad in (0, routing.MAX_ALTERNATIVES + 1, 10_000, 2.5, True):
        with pytest.raises(InvalidArgument, match="alternatives"):
            routing.route("a", "k", data=mini, alternatives=bad)  # type: ignore[call-overload]
    assert issubclass(InvalidArgument, ValueError) and issubclass(InvalidArgument, CorridorError)


@pytest.mark.parametrize("point, message", [
    ((math.nan, 40.0), "finite"),
    ((45.0, math.inf), "finite"),
    ((float("1" * 400), 40.0), "finite"),
    ((999.0, 999.0), "longitude 999"),
    ((45.0, -90.5), "latitude -90.5"),
    (("x", 40.0), "two numbers"),
    ((1.0, 2.0, 3.0), "two numbers"),
])
def test_points_off_the_globe_are_refused(mini: geodata.GeoData, point: tuple[float, float],
                                          message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        routing.route(point, "k", data=mini)


def test_access_legs_are_capped_with_the_distance_in_the_message(
        mini: geodata.GeoData) -> None:
    # place a is the east end of the network (its links run west): a point 1 degree east of
    # it is nearest to a itself
    lon, lat = mini.places.at["a", "geometry"].x, mini.places.at["a", "geometry"].y
    far = (lon + 1.0, lat)
    km = GEOD.inv(lon + 1.0, lat, lon, lat)[2] / 1000.0
    with pytest.raises(InvalidArgument) as info:
        routing.route(far, "k", data=mini, max_access_km=km - 1.0)
    assert f"{km:,.0f} km from the nearest" in str(info.value)
    r = one(routing.route(far, "k", data=mini, max_access_km=km + 1.0))
    assert r.legs[0].kind == "access" and r.legs[0].length_km <= km + 1.0
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(InvalidArgument, match="max_access_km"):
            routing.route("a", "k", data=mini, max_access_km=bad)


def test_a_swapped_point_gets_a_hint(mini: geodata.GeoData) -> None:
    # place c written lat,lon: far from everything, while lon,lat is on the network
    lon, lat = mini.places.at["c", "geometry"].x, mini.places.at["c", "geometry"].y
    with pytest.raises(InvalidArgument, match=f"did you mean {lon:g},{lat:g}"):
        routing.route((lat, lon), "k", data=mini)


def test_an_unknown_country_code_is_refused_with_the_data_codes(mini: geodata.GeoData) -> None:
    with pytest.raises(CountryNotFound) as info:
        routing.route("a", "k", data=mini, avoid_countries=["XYZ"])
    used = set(mini.places["country"]) | set(mini.links["country"].dropna())
    assert set(info.value.suggestions) >= used - {None}
    assert routing.country_code("geo", mini) == "GEO"
