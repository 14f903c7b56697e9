"""What a user types: points and their checks, place and country names, OD matrices, defaults.

Expected values are written from the small networks' construction or computed with pyproj.
Written against surviving mutants of ``scripts/mutation.py routing`` (``snap``, ``places``,
``route.od_matrix``, ``cache.default_data``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import mini_corridor
import pandas as pd
import pytest
from conftest import line, point, write_geodata
from pyproj import Geod

from corridor import geodata, routing, settings
from corridor._errors import (
    AmbiguousPlace,
    CountryNotFound,
    InvalidArgument,
    NoRoute,
    PlaceNotFound,
)
from corridor.routing import Route
from corridor.scenarios import Scenario

GEOD = Geod(ellps="WGS84")
WEST, EAST = (48.0, 40.0), (49.0, 40.0)
HALT = (49.0, 40.027)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def one(result: Route | list[Route]) -> Route:
    assert isinstance(result, Route)
    return result


def _strip_folder(folder: Path, west_name: str = "West") -> Path:
    places = [point("west", *WEST, name=west_name), point("east", *EAST, name="East"),
              point("halt", *HALT, name="Halt"), point("hill", 45.0, 41.5, name="Hill",
                                                       country="GEO"),
              point("gate", 46.0, 41.0, name="Gate", kind="border_crossing",
                    countries=["AZE", "XKX"], crossing_modes=["road"], status="open")]
    links = [line("r_west_east", "west", "east", [WEST, (48.5, 40.0), EAST])]
    return write_geodata(folder, places, links)


@pytest.fixture(scope="module")
def strip(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(_strip_folder(tmp_path_factory.mktemp("strip")))


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


# --------------------------------------------------------------------------- points


@pytest.mark.parametrize(("spec", "message"), [
    ((180.5, 0.0), "point (180.5, 0): longitude 180.5 is outside [-180, 180]"),
    ((-180.5, 0.0), "point (-180.5, 0): longitude -180.5 is outside [-180, 180]"),
    ((0.0, 90.5), "point (0, 90.5): latitude 90.5 is outside [-90, 90]; lon,lat swapped? did "
                  "you mean 90.5,0"),
    ((200.0, 100.0), "point (200, 100): longitude 200 is outside [-180, 180] and latitude 100 "
                     "is outside [-90, 90]"),
    # swapped, the point is on the globe: a hint (also exactly on its edges)
    ((40.0, 100.0), "point (40, 100): latitude 100 is outside [-90, 90]; lon,lat swapped? did "
                    "you mean 100,40"),
    ((45.0, -180.0), None),
    ((90.0, 100.0), "point (90, 100): latitude 100 is outside [-90, 90]; lon,lat swapped? did "
                    "you mean 100,90"),
    ((-90.0, 100.0), "point (-90, 100): latitude 100 is outside [-90, 90]; lon,lat swapped? "
                     "did you mean 100,-90"),
    ((45.0, 180.0), None),
    # swapped, still off the globe: no hint
    ((45.0, 180.5), "point (45, 180.5): latitude 180.5 is outside [-90, 90]"),
    ((45.0, -180.5), "point (45, -180.5): latitude -180.5 is outside [-90, 90]"),
    ((90.5, 100.0), "point (90.5, 100): latitude 100 is outside [-90, 90]"),
    ((-90.5, 100.0), "point (-90.5, 100): latitude 100 is outside [-90, 90]"),
])
def test_points_off_the_globe_get_one_exact_line(strip: geodata.GeoData,
                                                  spec: tuple[float, float],
                                                  message: str | None) -> None:
    with pytest.raises(InvalidArgument) as info:
        routing.route(spec, "east", data=strip)
    if message is None:  # on an edge of the globe when swapped
        lat = spec[1]
        assert str(info.value).endswith(f"; lon,lat swapped? did you mean {lat:g},{spec[0]:g}")
    else:
        assert str(info.value) == message


@pytest.mark.parametrize("spec", [(180.0, 0.0), (-180.0, 0.0), (0.0, 90.0), (0.0, -90.0)])
def test_the_edges_of_the_globe_are_valid_points(strip: geodata.GeoData,
                                                 spec: tuple[float, float]) -> None:
    with pytest.raises(InvalidArgument) as info:
        routing.route(spec, "east", data=strip)
    assert str(info.value).startswith(f"the point ({spec[0]:g}, {spec[1]:g}) is ")


def test_a_point_too_far_says_how_far_and_the_cap(strip: geodata.GeoData) -> None:
    far = (48.5, 42.0)  # 2 degrees north of the middle of the line
    gap = km(far, (48.5, 40.0))
    with pytest.raises(InvalidArgument) as info:
        routing.route(far, "east", data=strip, max_access_km=20)
    assert str(info.value) == (
        f"the point (48.5, 42) is {gap:,.0f} km from the nearest rail or road link; access "
        "legs are limited to 20 km (max_access_km, --max-access-km)")
    r = one(routing.route(far, "east", data=strip, max_access_km=300))
    assert r.legs[0].length_km == pytest.approx(gap, rel=1e-6)


def test_a_point_given_lat_lon_gets_the_swapped_distance(strip: geodata.GeoData) -> None:
    with pytest.raises(InvalidArgument) as info:
        routing.route((40.0, 48.25), "east", data=strip)
    assert str(info.value).endswith("; lon,lat swapped? did you mean 48.25,40 (0.0 km from the "
                                    "network)")


def test_a_small_access_cap_is_a_valid_cap(strip: geodata.GeoData) -> None:
    near = (48.5, 40.0027)  # 0.3 km north of the line
    r = one(routing.route(near, "east", data=strip, max_access_km=0.5))
    assert r.legs[0].length_km == pytest.approx(km(near, (48.5, 40.0)), rel=1e-6)
    with pytest.raises(InvalidArgument) as info:
        routing.route(near, "east", data=strip, max_access_km="far")  # type: ignore[arg-type]
    assert str(info.value) == "max_access_km must be a positive number of km, got 'far'"


def test_a_point_is_named_by_its_coordinates_when_there_is_no_route(
        mini: geodata.GeoData) -> None:
    with pytest.raises(NoRoute) as info:
        routing.route((48.5, 40.3), "p", data=mini, modes="rail")
    assert str(info.value) == ("no rail route from (48.5, 40.3) to Papa in scenario 'today': "
                               "cut by the mode restriction (rail only)")


def test_no_link_of_the_mode_near_a_point(strip: geodata.GeoData) -> None:
    with pytest.raises(NoRoute) as info:
        routing.route((48.5, 40.1), "east", data=strip, modes="road")
    assert str(info.value) == "no link to snap the point (48.5, 40.1) to in this network"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("query", "pid"), [
    ("Astara, AZE", "ir_x"), ("Astara (Iran)", "ir_y"), ("Astara (ARM)", "ir_y"),
    ("astara, azerbaijan", "ir_x"),
])
def test_a_country_after_a_name_picks_the_place(mini: geodata.GeoData, query: str,
                                                pid: str) -> None:
    """ir_x lies in AZE (joining AZE and IRN), ir_y in IRN (joining ARM and IRN)."""
    assert routing.find_place(query, mini) == pid


def test_an_ambiguous_name_names_the_query_and_both_places(mini: geodata.GeoData) -> None:
    with pytest.raises(AmbiguousPlace) as info:
        routing.find_place("Astara", mini)
    assert str(info.value) == ("place 'Astara' is ambiguous; candidates: ir_x (Astara, AZE), "
                               "ir_y (Astara, IRN)")


def test_country_codes_of_the_data_only_are_known(strip: geodata.GeoData) -> None:
    """XKX (Kosovo's user-assigned code) is only in a crossing's countries here."""
    assert "XKX" in routing.data_countries(strip)
    assert routing.data_countries(strip) == {"AZE", "GEO", "XKX"}
    assert routing.country_code("xkx", strip) == "XKX"
    with pytest.raises(CountryNotFound) as info:
        routing.country_code("QQQ", strip)
    assert info.value.query == "QQQ"
    assert info.value.suggestions == ["AZE", "GEO", "XKX"]


# --------------------------------------------------------------------------- OD matrix


def test_od_matrix_by_length_with_a_place_without_links_in_between(
        strip: geodata.GeoData) -> None:
    # the link has no published length: geodesic km x the rail detour factor (docs: Lengths);
    # the local leg to the halt stays geodesic; Hill has no link and lies west of the line's
    # west end, so it is reached (as by route) by an access leg straight to West
    line_km = (km(WEST, (48.5, 40.0)) + km((48.5, 40.0), EAST)) \
        * settings.Defaults().detour_factors["rail"]
    local_km = km(EAST, HALT)
    hill_km = km((45.0, 41.5), WEST)
    m = routing.od_matrix(["West", "hill", "east"], ["hill", "halt", "east", "west"],
                          weight="length", data=strip)
    assert (m.index.name, m.columns.name) == ("origin", "destination")
    assert list(m.index) == ["west", "hill", "east"]
    assert list(m.columns) == ["hill", "halt", "east", "west"]
    expected = pd.DataFrame([[hill_km, line_km + local_km, line_km, 0.0],
                             [0.0, hill_km + line_km + local_km, hill_km + line_km, hill_km],
                             [line_km + hill_km, local_km, 0.0, line_km]],
                            index=m.index, columns=m.columns)
    pd.testing.assert_frame_equal(m, expected, rtol=1e-9)
    # a place without links in an avoided country is not reached (as route says NoRoute)
    avoided = routing.od_matrix(["west", "hill"], ["hill", "west"], data=strip,
                                avoid_countries=["GEO"])
    assert avoided.isna().to_numpy().tolist() == [[True, False], [True, True]]


def test_od_matrix_by_time_agrees_with_routes_and_defaults_to_cities(
        strip: geodata.GeoData) -> None:
    m = routing.od_matrix(origins=["west"], data=strip)
    assert list(m.columns) == ["west", "east", "halt", "hill"]  # the cities, in file order
    assert m.at["west", "halt"] == pytest.approx(
        one(routing.route("west", "halt", data=strip)).time_h, rel=1e-9)
    back = routing.od_matrix(destinations=["west"], data=strip)
    assert list(back.index) == ["west", "east", "halt", "hill"]
    assert back.at["halt", "west"] == pytest.approx(
        one(routing.route("halt", "west", data=strip)).time_h, rel=1e-9)


def test_od_matrix_avoiding_a_country_by_name(strip: geodata.GeoData) -> None:
    m = routing.od_matrix(["west"], ["east"], data=strip, avoid_countries=["Azerbaijan"])
    assert math.isnan(m.at["west", "east"])
    # a code only the data uses (XKX, on the gate crossing) is a country to avoid too
    kept = routing.od_matrix(["west"], ["east"], data=strip, avoid_countries=["XKX"])
    assert kept.at["west", "east"] == pytest.approx(
        one(routing.route("west", "east", data=strip)).time_h)
    with pytest.raises(InvalidArgument) as info:
        routing.od_matrix(["west"], ["east"], data=strip, weight="money")
    assert str(info.value) == ("unknown weight 'money'; expected one of "
                               f"{routing.WEIGHTS}")


# --------------------------------------------------------------------------- the default data


def test_the_default_data_is_the_environment_folder_reloaded_when_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _strip_folder(tmp_path / "g")
    monkeypatch.setenv("CORRIDOR_GEODATA", str(folder))
    r = one(routing.route("west", "east"))
    assert r.legs[0].from_place == "west"
    assert routing.find_place("West") == "west"
    assert routing.od_matrix(["west"], ["east"]).at["west", "east"] == pytest.approx(r.time_h)
    assert list(routing.od_matrix(destinations=["east"]).index) == ["west", "east", "halt",
                                                                     "hill"]
    assert routing.graph_for().graph["scenario_obj"].name == "today"
    assert routing.default_data() is routing.default_data()  # cached while unchanged
    # the user renames a place: the next query sees it
    _strip_folder(folder, west_name="Westend")
    later = os.stat(folder / geodata.PLACES_FILE).st_mtime_ns + 10**9
    os.utime(folder / geodata.PLACES_FILE, ns=(later, later))
    assert routing.find_place("Westend") == "west"


# --------------------------------------------------------------------------- stops on the way


def test_border_and_gauge_break_legs_say_where_and_which_country(
        mini: geodata.GeoData) -> None:
    """Rail a-k crosses x (AZE|GEO, 2.5 h dwell) and changes gauge at g (GEO)."""
    r = one(routing.route("a", "k", data=mini, modes="rail"))
    border = next(leg for leg in r.legs if leg.kind == "border")
    assert (border.mode, border.from_place, border.to_place, border.length_km) == (
        "rail", "x", "x", 0.0)
    assert border.countries == ("AZE", "GEO") and border.time_h == 2.5
    assert border.country in ("AZE", "GEO")
    assert (border.geometry.x, border.geometry.y) == (46.0, 41.0)
    gauge = next(leg for leg in r.legs if leg.kind == "gauge_break")
    assert (gauge.from_place, gauge.country, gauge.from_layer, gauge.to_layer) == (
        "g", "GEO", "rail_1520", "rail_1435")
    assert (gauge.geometry.x, gauge.geometry.y) == (44.0, 41.4)
    hours = r.by_country
    assert hours["GEO"]["time_h"] == pytest.approx(
        sum(leg.time_h for leg in r.legs if leg.country == "GEO" and leg.kind != "border")
        + 2.5 / 2)


def test_scenarios_of_the_data_folder_and_of_a_given_graph(mini: geodata.GeoData) -> None:
    """mini's own scenarios.toml closes Iran in "no-iran"; a graph brings its scenario."""
    assert one(routing.route("a", "k", data=mini, scenario="no-iran")).scenario == "no-iran"
    # avoiding Georgia leaves m the only rail way from b to n (without it freight goes by x:
    # the default rail border dwell at m, 10.5 h, outweighs x's own 2.5 h)
    opened = one(routing.route("b", "n", data=mini, modes="rail", scenario="open-m",
                               avoid_countries=["GEO"]))
    assert opened.border_crossings == ["m"]  # "open-m" exists only in mini's own file
    with pytest.raises(NoRoute):  # and m stays closed without it
        routing.route("b", "n", data=mini, modes="rail", avoid_countries=["GEO"], explain=False)
    graph = routing.graph_for(mini, "future")
    assert one(routing.route("a", "k", data=mini, graph=graph)).scenario == "future"


def test_an_id_beats_a_name_and_a_name_beats_another_name(tmp_path: Path) -> None:
    places = [point("east", *EAST, name="East"), point("e2", 49.0, 40.01, name="east"),
              point("jolfa_az", 45.6, 38.95, name="Julfa"),
              point("culfa", 45.62, 38.96, name="Culfa", alt_names=["Julfa"])]
    data = geodata.load(write_geodata(tmp_path / "g", places, []))
    assert routing.find_place("EAST", data) == "east"  # id over the name of e2
    assert routing.find_place("julfa", data) == "jolfa_az"  # a name over an alt name
    assert routing.find_place("Culfa ", data) == "culfa"
    with pytest.raises(PlaceNotFound) as info:
        routing.find_place("Zzyzx, AZE", data)
    assert info.value.query == "Zzyzx, AZE"


def test_codes_used_only_by_links_are_known_and_unknown_codes_get_the_data_codes(
        tmp_path: Path) -> None:
    places = [point("west", *WEST), point("east", *EAST)]
    links = [line("d_we", "west", "east", [WEST, EAST], mode="road", gauge_mm=None,
                  country="TUR")]
    data = geodata.load(write_geodata(tmp_path / "g", places, links))
    assert routing.data_countries(data) == {"AZE", "TUR"}
    with pytest.raises(CountryNotFound) as info:
        routing.country_code("qqq", data)
    assert str(info.value) == ("unknown country 'qqq' (expected an ISO 3166 alpha-3 code or a "
                               "country name). Did you mean: AZE, TUR?")


def test_od_matrix_routes_in_the_scenario_asked(mini: geodata.GeoData) -> None:
    shut = Scenario("x-shut", closed_crossings=("x",))
    m = routing.od_matrix(["a"], ["k"], scenario=shut, data=mini)
    detour = one(routing.route("a", "k", scenario=shut, data=mini))
    assert "x" not in detour.border_crossings
    assert m.at["a", "k"] == pytest.approx(detour.time_h, rel=1e-9)
    assert detour.time_h > one(routing.route("a", "k", data=mini)).time_h


def test_a_route_in_one_line_and_a_misspelt_country(mini: geodata.GeoData) -> None:
    r = one(routing.route("a", "k", data=mini, modes="rail"))
    assert r.summary() == (f"a -> k [today]: {r.length_km:,.0f} km, {r.time_h:,.1f} h, "
                           "via AZE-GEO")
    by_sea = one(routing.route("p", "b", data=mini))  # the ferry alone: no country
    assert by_sea.countries == [] and by_sea.summary().endswith(" h, via -")
    frame = r.to_geodataframe()
    assert list(frame.loc[frame["kind"] == "border", "countries"]) == ["AZE,GEO"]
    with pytest.raises(CountryNotFound) as info:
        routing.country_code("Azerbajan", mini)
    # close spellings of the name, not the data's codes
    assert info.value.suggestions[0] == "Azerbaijan" and "AZE" not in info.value.suggestions


def test_a_default_folder_missing_a_file_is_a_geodata_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _strip_folder(tmp_path / "g")
    (folder / geodata.LINKS_FILE).unlink()
    monkeypatch.setenv("CORRIDOR_GEODATA", str(folder))
    with pytest.raises(geodata.GeodataError) as info:
        routing.default_data()
    assert [str(p) for p in info.value.problems] == [
        f"links.geojson: file missing: {folder / geodata.LINKS_FILE}"]


def test_a_point_at_sea_is_not_snapped_to_a_ferry(mini: geodata.GeoData) -> None:
    """(50.2, 42.2) lies about 13 km off the Papa-Bravo ferry line, far from any land link."""
    with pytest.raises(InvalidArgument) as info:
        routing.route((50.2, 42.2), "a", data=mini)
    assert "km from the nearest rail or road link" in str(info.value)


def test_a_code_only_the_data_uses_picks_a_place(strip: geodata.GeoData) -> None:
    assert routing.find_place("Gate, XKX", strip) == "gate"


def test_an_unknown_name_gets_five_suggestions(tmp_path: Path) -> None:
    places = [point(f"stop_{i}", 48.0 + i / 100, 40.0, name=f"Stopp {i}") for i in range(7)]
    data = geodata.load(write_geodata(tmp_path / "g", places, []))
    with pytest.raises(PlaceNotFound) as info:
        routing.find_place("Stopp", data)
    assert len(info.value.suggestions) == 5


def test_via_places_cannot_have_alternatives(strip: geodata.GeoData) -> None:
    with pytest.raises(InvalidArgument) as info:
        routing.route("west", "east", via=["halt"], alternatives=2, data=strip)
    assert str(info.value) == "alternatives cannot be combined with via places"


# --------------------------------------------------------------------------- written later
# Against the routing survivors left open by the last pass (docs/mutation-report.md).


def test_five_suggestions_when_close_names_are_shared_by_several_places(
        tmp_path: Path) -> None:
    """Four names, each of two places: eight close places, five of them suggested."""
    places = [point(f"stop_{i}", 48.0 + i / 100, 40.0, name=f"Stopp {i // 2}")
              for i in range(8)]
    data = geodata.load(write_geodata(tmp_path / "g", places, []))
    with pytest.raises(PlaceNotFound) as info:
        routing.find_place("Stopp", data)
    labels = {f"Stopp {i // 2} (stop_{i})" for i in range(8)}
    found = info.value.suggestions
    assert len(found) == len(set(found)) == 5 and set(found) <= labels


def test_the_swapped_point_hint_measures_to_the_nearest_point_of_a_slanting_line(
        tmp_path: Path) -> None:
    """A line slanting north-east; the distance in the hint is the geodesic one to its
    nearest point, found here by a fine search along the line."""
    a, b = (47.5, 39.5), (48.5, 40.5)
    data = geodata.load(write_geodata(tmp_path / "g", [point("a", *a), point("b", *b)],
                                      [line("ab", "a", "b", [a, b])]))
    lon, lat = 48.3, 39.8  # given swapped: (39.8, 48.3) lies in Russia, far from the line
    steps = [i / 20000 for i in range(20001)]
    nearest = min(km((lon, lat), (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
                  for t in steps)
    with pytest.raises(InvalidArgument) as info:
        routing.route((lat, lon), "b", data=data)
    text = str(info.value)
    shown = float(text.split("(")[-1].split(" km from the network")[0])
    assert text.endswith(f"did you mean {lon:g},{lat:g} ({shown:,.1f} km from the network)")
    assert shown == pytest.approx(nearest, abs=0.11)


def test_a_query_overlay_reads_like_the_view_with_its_temporary_nodes(
        strip: geodata.GeoData) -> None:
    """The private overlay a query routes on: the view's nodes, then the new ones, counted
    once each (a new arc at an existing node does not add the node again)."""
    from corridor.routing.view import _overlay

    view = routing.routing_view(routing.graph_for(strip))
    west = next(n for n in view if n[0] == "west")
    new = ("__point_x__",)
    overlay = _overlay(view, [(new, west, 1.0, {"kind": "access"})])
    assert list(overlay) == [*view, new] and len(overlay) == len(view) + 1
    assert list(overlay.successors(west)) == [*view.successors(west), new]
    assert len(overlay.adj) == len(view) + 1 and list(overlay.adj) == list(overlay)
    assert len(view) == len(list(view))  # the view itself is unchanged
