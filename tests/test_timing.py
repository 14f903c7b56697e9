"""The time model: directional border dwell, profiles, freight off high-speed lines, ferries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import line, point, write_geodata

from corridor import geodata, network, routing, settings
from corridor._errors import GeodataError, NoRoute
from corridor._geo import geodesic_length_km

HEADER = "crossing,mode,profile,from_country,to_country,side,hours,year,source_url,note\n"
URL = "https://example.org/cpmm"


def _folder(tmp: Path, border_rows: str | None = None) -> Path:
    """A: AZE city; X: AZE/GEO road crossing; B: GEO city; H-K: a high-speed line beside a
    main line; P (KAZ) - Q (AZE) ferry ports."""
    places = [
        point("a", 45.0, 41.0),
        point("x", 45.2, 41.1, kind="border_crossing", countries=["AZE", "GEO"],
              crossing_modes=["road"], status="open"),
        point("b", 45.4, 41.2, country="GEO"),
        point("h", 46.0, 40.0),
        point("k", 47.0, 40.0),
        point("p", 50.0, 43.0, kind="port", country="KAZ"),
        point("q", 49.5, 41.8, kind="port"),
    ]
    links = [
        line("r_ax", "a", "x", [(45.0, 41.0), (45.2, 41.1)], mode="road", gauge_mm=None),
        line("r_xb", "x", "b", [(45.2, 41.1), (45.4, 41.2)], mode="road", gauge_mm=None,
             country="GEO"),
        line("hsl", "h", "k", [(46.0, 40.0), (47.0, 40.0)], line_class="high_speed",
             speed_kmh=250.0, speed_kind="design"),
        line("old", "h", "k", [(46.0, 40.0), (46.5, 40.3), (47.0, 40.0)], line_class="main"),
        line("f_pq", "p", "q", [(50.0, 43.0), (49.5, 41.8)], mode="ferry", gauge_mm=None,
             country=None, sailing_h=20.0, headway_h=48.0),
    ]
    folder = write_geodata(tmp, places, links)
    if border_rows is not None:
        (folder / "border_times.csv").write_text(HEADER + border_rows, encoding="utf-8")
    return folder


ROWS = (f"x,road,freight,AZE,GEO,AZE,13.6,2022,{URL},exit\n"
        f"x,road,freight,AZE,GEO,GEO,1.8,2022,{URL},entry\n"
        f"x,road,freight,GEO,AZE,GEO,24.2,2022,{URL},exit\n"
        f"x,road,freight,GEO,AZE,AZE,3.1,2022,{URL},entry\n"
        f"f_pq,ferry,freight,KAZ,AZE,KAZ,5.0,2022,{URL},port of p\n")


@pytest.fixture()
def small(tmp_path: Path) -> geodata.GeoData:
    return geodata.load(_folder(tmp_path, ROWS))


def _km(data: geodata.GeoData, lid: str) -> float:
    """Model km of a link without a published length: geodesic km x its mode's detour factor."""
    link = data.links.loc[lid]
    factor = settings.DEFAULTS.detour_factors.get(link["mode"], 1.0)
    return geodesic_length_km(link["geometry"]) * factor


def test_routes_pay_the_dwell_of_the_direction_travelled(small: geodata.GeoData) -> None:
    drive = (_km(small, "r_ax") + _km(small, "r_xb")) / settings.DEFAULTS.road_speed_kmh
    there = routing.route("a", "b", data=small, modes="road")
    back = routing.route("b", "a", data=small, modes="road")
    # by hand: AZE exit 13.6 + GEO entry 1.8; GEO exit 24.2 + AZE entry 3.1
    assert there.time_h == pytest.approx(drive + 15.4)
    assert back.time_h == pytest.approx(drive + 27.3)
    assert there.border_crossings == back.border_crossings == ["x"]
    border = next(leg for leg in back.legs if leg.kind == "border")
    assert border.countries == ("GEO", "AZE") and border.dwell_h == (24.2, 3.1)
    # each post's hours go to its country
    assert back.by_country["GEO"]["time_h"] == pytest.approx(
        _km(small, "r_xb") / settings.DEFAULTS.road_speed_kmh + 24.2)
    # the undirected network keeps the mean of both directions
    graph = network.build(small)
    edge = next(d for *_, d in graph.edges(data=True) if d["kind"] == "border")
    assert edge["time_h"] == pytest.approx((15.4 + 27.3) / 2)


def test_directed_dwell_gives_each_post_and_where_its_hours_come_from() -> None:
    key = ("x", "road", "freight", "AZE", "GEO")
    def dwell(found: dict[str, float] | None) -> tuple[float, float, str]:
        table = {} if found is None else {key: found}
        return network.timing.directed_dwell(table, *key, 6.0)
    # the default (6 h) and a row without side are split evenly between the two posts
    assert dwell(None) == (3.0, 3.0, "default")
    assert dwell({"": 5.0}) == (2.5, 2.5, "published")
    assert dwell({"AZE": 1.0, "GEO": 4.0}) == (1.0, 4.0, "published")
    # a post without a row gets half the default
    assert dwell({"AZE": 1.0}) == (1.0, 3.0, "partly published")
    assert dwell({"GEO": 4.0}) == (3.0, 4.0, "partly published")


def test_the_network_keeps_each_directions_time_by_the_node_entered_from(
        small: geodata.GeoData) -> None:
    graph = network.build(small)
    border = next(d for *_, d in graph.edges(data=True) if d["kind"] == "border")
    # by hand: AZE exit 13.6 + GEO entry 1.8; GEO exit 24.2 + AZE entry 3.1
    assert {n[2]: h for n, h in border["time_h_from"].items()} == pytest.approx(
        {"AZE": 15.4, "GEO": 27.3})
    ferry = next(d for *_, d in graph.edges(data=True) if d.get("link_id") == "f_pq")
    port = settings.DEFAULTS.port_customs_h
    # KAZ -> AZE: 5.0 h published at p, half the default at q; AZE -> KAZ: the default
    assert ferry["customs_h"] == pytest.approx((5.0 + port / 2 + port) / 2)
    moving = 48.0 / 2 + 20.0
    assert ferry["time_h"] == pytest.approx(moving + ferry["customs_h"])
    assert {n[0]: h for n, h in ferry["time_h_from"].items()} == pytest.approx(
        {"p": moving + 5.0 + port / 2, "q": moving + port})


def test_a_route_on_a_built_network_takes_the_profile_it_was_built_for(
        small: geodata.GeoData) -> None:
    graph = network.build(small, profile="passenger")
    assert graph.graph["profile"] == "passenger"
    assert routing.route("a", "b", data=small, graph=graph).profile == "passenger"


def test_a_link_without_class_has_none_in_the_network(
        small: geodata.GeoData) -> None:
    graph = network.build(small)
    classes = {d["link_id"]: d["line_class"] for *_, d in graph.edges(data=True)
               if d["kind"] == "link"}
    # only "old" and "hsl" give a class; freight keeps off the high-speed line
    assert classes == {"old": "main", "r_ax": None, "r_xb": None, "f_pq": None}


def test_a_freight_cell_read_as_nan_counts_as_unset() -> None:
    usable = network.timing.usable
    # a missing cell of a float column is NaN in pandas: the class decides, as without a cell
    assert usable("rail", "high_speed", "freight", float("nan")) is False
    for line_class in ("high_speed", "main", None):
        assert usable("rail", line_class, "freight", float("nan")) == usable(
            "rail", line_class, "freight")


def test_a_crossings_own_dwell_is_named_only_where_it_is_used(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "".join(ROWS.splitlines(keepends=True)[:2]))
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    for f in places["features"]:
        if f["properties"]["id"] == "x":
            f["properties"] |= {"road_dwell_h": 6.0, "dwell_source": URL}
    (folder / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    data = geodata.load(folder)

    def hows(profile: str) -> dict[tuple[str, str], tuple[float, float, str]]:
        graph = network.build(data, profile=profile)
        edge = next(d for *_, d in graph.edges(data=True) if d["kind"] == "border")
        return {(d[0], d[1]): (d[2], d[3], d[4]) for d in edge["directions"]}

    # AZE -> GEO has rows; GEO -> AZE has none: the place's own 6 h (freight only)
    assert hows("freight") == {("AZE", "GEO"): (13.6, 1.8, "published"),
                               ("GEO", "AZE"): (3.0, 3.0, "road_dwell_h of the place")}
    assert hows("passenger")[("GEO", "AZE")][2] == "default"


def test_a_direction_without_rows_uses_the_default(tmp_path: Path) -> None:
    data = geodata.load(_folder(tmp_path, f"x,road,freight,AZE,GEO,,6.0,2022,{URL},whole\n"))
    drive = (_km(data, "r_ax") + _km(data, "r_xb")) / settings.DEFAULTS.road_speed_kmh
    assert routing.route("a", "b", data=data, modes="road").time_h == pytest.approx(drive + 6.0)
    assert routing.route("b", "a", data=data, modes="road").time_h == pytest.approx(
        drive + settings.DEFAULTS.road_border_dwell_h)


def test_a_bad_border_row_names_file_row_and_field(tmp_path: Path) -> None:
    folder = _folder(tmp_path, f"nowhere,road,freight,AZE,XXX,,6.0,2022,{URL},bad\n")
    with pytest.raises(GeodataError) as err:
        geodata.load(folder)
    text = str(err.value)
    assert "border_times.csv" in text and "nowhere@line2" in text and "crossing" in text


def test_the_profile_changes_speeds_and_dwell(small: geodata.GeoData) -> None:
    freight = routing.route("a", "b", data=small, modes="road")
    passenger = routing.route("a", "b", data=small, modes="road", profile="passenger")
    p = settings.profile_defaults("passenger")
    km = _km(small, "r_ax") + _km(small, "r_xb")
    assert passenger.profile == "passenger" and freight.profile == "freight"
    # no passenger rows in the table: the passenger default dwell, at the bus speed
    assert passenger.time_h == pytest.approx(km / p.road_speed_kmh + p.road_border_dwell_h)
    assert p.road_speed_kmh != settings.DEFAULTS.road_speed_kmh


def test_freight_keeps_off_high_speed_lines(small: geodata.GeoData) -> None:
    freight = routing.route("h", "k", data=small, modes="rail")
    passenger = routing.route("h", "k", data=small, modes="rail", profile="passenger")
    assert freight.link_ids == ["old"]
    assert passenger.link_ids == ["hsl"]
    # the design speed only caps: passengers run at the class's operating speed
    speed = settings.LINE_SPEEDS[("rail", "high_speed", "passenger")]
    assert passenger.time_h == pytest.approx(_km(small, "hsl") / speed)
    cut = small.links.drop(index="old")
    only_hsl = geodata.GeoData(small.places, cut, path=small.path,
                               border_times=small.border_times)
    with pytest.raises(NoRoute):
        routing.route("h", "k", data=only_hsl, modes="rail")


def test_a_ferry_joining_two_countries_is_a_border_crossing(small: geodata.GeoData) -> None:
    r = routing.route("p", "q", data=small, modes="ferry")
    ferry = next(leg for leg in r.legs if leg.link_id == "f_pq")
    assert r.border_crossings == ["f_pq"]
    assert ferry.countries == ("KAZ", "AZE")
    # KAZ port 5.0 h published; the AZE port has no row: half the default
    assert ferry.dwell_h == (5.0, settings.DEFAULTS.port_customs_h / 2)
    assert ferry.time_h == pytest.approx(48.0 / 2 + 20.0 + 5.0
                                         + settings.DEFAULTS.port_customs_h / 2)


def test_shipped_caspian_ferry_is_listed_as_a_crossing(shipped: geodata.GeoData) -> None:
    r = routing.route("Ashgabat", "Baku", data=shipped)
    assert any(c.endswith("_ferry") for c in r.border_crossings)
    road = routing.route("Baku", "Tbilisi", data=shipped, modes="road")
    assert set(road.countries) == {"AZE", "GEO"}


def test_a_scenario_may_override_one_profile_only(small: geodata.GeoData) -> None:
    from corridor.scenarios import Scenario

    scen = Scenario("fast-buses", overrides=(("passenger", {"road_speed_kmh": 90.0}),))
    assert scen.defaults_for("passenger").road_speed_kmh == 90.0
    assert scen.defaults_for("freight").road_speed_kmh == settings.DEFAULTS.road_speed_kmh
    km = _km(small, "r_ax") + _km(small, "r_xb")
    bus = routing.route("a", "b", data=small, modes="road", profile="passenger", scenario=scen)
    assert bus.time_h == pytest.approx(
        km / 90.0 + settings.profile_defaults("passenger").road_border_dwell_h)


def test_an_unknown_profile_is_refused(small: geodata.GeoData) -> None:
    from corridor._errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="unknown profile"):
        routing.route("a", "b", data=small, profile="cargo")


def test_cli_route_takes_a_profile(small: geodata.GeoData, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    import json

    from corridor import cli

    assert cli.main(["route", "a", "b", "--mode", "road", "--profile", "passenger", "--json",
                     "--geodata", str(small.path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["profile"] == "passenger"
    assert out["border_crossings"] == ["x"]
