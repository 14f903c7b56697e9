"""Scenarios: reading TOML, the selection rules, and the shipped scenarios on the real data."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import geopandas as gpd
import mini_corridor
import numpy as np
import pandas as pd
import pytest
from conftest import line

from corridor import geodata, scenarios, settings
from corridor._errors import ScenarioError
from corridor.scenarios import Scenario, select

ISSUE_SCENARIOS = ("today", "tripp", "tripp-kars", "armenia-turkey-open", "no-iran",
                   "georgia-disrupted", "horizon-2030")


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "extra.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- reading


def test_the_shipped_file_has_every_scenario_the_issue_names() -> None:
    found = scenarios.load(geodata_dir=settings.SHIPPED_GEODATA)
    assert set(ISSUE_SCENARIOS) <= set(found)
    assert all(found[name].description for name in ISSUE_SCENARIOS)


def test_extends_inherits_and_overrides_merge(tmp_path: Path) -> None:
    path = write_toml(tmp_path, """
[base]
description = "base"
as_of = 2027
closed_countries = ["IRN"]
[base.overrides]
rail_speed_kmh = 50.0

[child]
extends = "base"
description = "child"
closed_countries = ["GEO"]
[child.overrides]
gauge_break_h = 2.0
""")
    child = scenarios.read(path)["child"]
    assert child.as_of == 2027
    assert child.closed_countries == ("GEO",)
    assert child.defaults.rail_speed_kmh == 50.0
    assert child.defaults.gauge_break_h == 2.0
    assert child.defaults.road_speed_kmh == settings.DEFAULTS.road_speed_kmh


def test_a_user_file_adds_to_the_shipped_scenarios(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[mine]\ndescription = "my scenario"\nextends_not = 1\n')
    with pytest.raises(ScenarioError, match="unknown key"):
        scenarios.load(path)
    path = write_toml(tmp_path, '[mine]\ndescription = "my scenario"\n')
    found = scenarios.load(path, settings.SHIPPED_GEODATA)
    assert "mine" in found and "today" in found


@pytest.mark.parametrize("text, message", [
    ('[a]\n[a.overrides]\nwarp_speed = 9\n', "unknown override"),
    ('[a]\nlink_statuses = ["open"]\n', "unknown link status"),
    ('[a]\nextends = "b"\n[b]\nextends = "a"\n', "loop"),
    ('[a]\nextends = "nowhere"\n', "unknown"),
    ('[a]\nas_of = "soon"\n', "as_of"),
    ('[a]\nclosed_borders = [["ARM"]]\n', "pairs"),
    ('[a\n', "not valid TOML"),
])
def test_invalid_scenario_files_raise_scenario_error(tmp_path: Path, text: str,
                                                     message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        scenarios.read(write_toml(tmp_path, text))


def test_an_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(ScenarioError, match="did you mean tripp"):
        scenarios.get("trip", geodata_dir=settings.SHIPPED_GEODATA)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("key, value, cause", [
    ("rail_speed_kmh", "-5", "must be a positive number, got -5"),
    ("rail_speed_kmh", "0", "must be a positive number, got 0"),
    ("road_speed_kmh", "nan", "must be a positive number, got nan"),
    ("ferry_speed_kmh", '"fast"', "must be a positive number, got 'fast'"),
    ("access_speed_kmh", "true", "must be a positive number, got True"),
    ("rail_border_dwell_h", "-1", "must be a number >= 0 (hours), got -1"),
    ("gauge_break_h", "inf", "must be a number >= 0 (hours), got inf"),
    ("speed_by_status", "50", "must be a table of link status"),
    ("speed_by_status", "{planned = 0}", "speed of 'planned' must be a positive number"),
    ("speed_by_status", "{planed = 60}", "unknown link status 'planed'; did you mean 'planned'"),
    ("rail_sped_kmh", "50", "unknown override 'rail_sped_kmh'; did you mean 'rail_speed_kmh'"),
])
def test_bad_overrides_name_file_scenario_and_cause(tmp_path: Path, key: str, value: str,
                                                      cause: str) -> None:
    path = write_toml(tmp_path, f'[x]\n[x.overrides]\n{key} = {value}\n')
    with pytest.raises(ScenarioError) as info:
        scenarios.read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: scenario 'x': ") and cause in message, message
    assert "\n" not in str(info.value)


def test_zero_times_are_allowed_and_used(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[x]\n[x.overrides]\nrail_border_dwell_h = 0\n'
                                'mode_transfer_h = 0.0\n')
    defaults = scenarios.read(path)["x"].defaults
    assert defaults.rail_border_dwell_h == 0 and defaults.mode_transfer_h == 0.0


@pytest.mark.parametrize("text, cause", [
    ("[x]\ndescription = 5\n", "scenario 'x': description must be a string, got 5"),
    ('[x]\nextends = ["y"]\n[y]\n', "scenario 'x': extends must be a scenario name"),
    ("[x]\noverrides = 5\n", "scenario 'x': overrides must be a table"),
    ("[x]\nas_of = 20300\n", "scenario 'x': as_of must be a year"),
    ("[x]\nopen_links = [1]\n", "scenario 'x': open_links must be a list of strings, got 1"),
    ('[x]\nextends = "tody"\n[today]\n', "extends unknown 'tody'; did you mean 'today'"),
    ("[x]\nopen_links = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
])
def test_invalid_values_are_refused_with_their_cause(tmp_path: Path, text: str,
                                                     cause: str) -> None:
    path = write_toml(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        scenarios.read(path)
    assert str(info.value).startswith(f"{path}: ") and cause in str(info.value), str(info.value)


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'[x]\ndescription = "caf\xe9"\n')  # Latin-1
    with pytest.raises(ScenarioError, match=r"bad.toml: not UTF-8 text \(byte 0xe9"):
        scenarios.read(path)


def test_a_3000_long_extends_chain_resolves_and_a_3000_loop_is_named(tmp_path: Path) -> None:
    n = 3000
    chain = '[s0]\nas_of = 2027\n' + "".join(f'[s{i}]\nextends = "s{i - 1}"\n'
                                              for i in range(1, n))
    found = scenarios.read(write_toml(tmp_path, chain))
    assert found[f"s{n - 1}"].as_of == 2027  # inherited through every link of the chain
    loop = chain.replace("as_of = 2027", f'extends = "s{n - 1}"')
    with pytest.raises(ScenarioError, match="loop: s0 -> s2999 -> s2998 -> "):
        scenarios.read(write_toml(tmp_path, loop))


def test_scenario_errors_are_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        scenarios.read(write_toml(tmp_path, "[x]\n[x.overrides]\nrail_speed_kmh = -1\n"))
    with pytest.raises(ValueError):
        Scenario("s", overrides=(("ferry_speed_kmh", 0),))


def test_a_user_file_naming_unknown_things_is_refused_with_suggestions(
        tmp_path: Path, mini: geodata.GeoData) -> None:
    cases = {
        "open_links": ('["r_abb"]', "unknown link 'r_abb'; did you mean 'r_ab'"),
        "closed_corridors": ('["newlin"]', "unknown corridor tag 'newlin'; did you mean "
                                           "'newline'"),
        "closed_countries": ('["IRQ"]', "unknown country 'IRQ'"),
        "open_crossings": ('["a"]', "unknown border crossing 'a'"),
        "closed_borders": ('[["AZE", "GEOO"]]', "unknown country 'GEOO'; did you mean 'GEO'"),
    }
    for key, (value, cause) in cases.items():
        path = write_toml(tmp_path, f"[x]\n{key} = {value}\n")
        user = scenarios.load(path, tmp_path / "no-geodata-here")["x"]
        assert user.strict
        with pytest.raises(ScenarioError) as info:
            select(mini, user)
        assert str(info.value).startswith(f"{path}: scenario 'x': {key}: {cause}"), info.value
    # the same names in code (or in a geodata folder's own file) are not checked
    assert select(mini, Scenario("x", open_links=("r_abb",))).links == select(
        mini, Scenario("x")).links
    # names that exist pass
    path = write_toml(tmp_path, '[x]\nopen_links = ["r_ab"]\nclosed_countries = ["IRN"]\n')
    select(mini, scenarios.load(path, tmp_path / "no-geodata-here")["x"])


# --------------------------------------------------------------------------- rules


def test_only_usable_statuses_count(mini: geodata.GeoData) -> None:
    today = select(mini, Scenario("t"))
    assert "r_cg2" not in today.links  # planned
    assert "r_m_n" not in today.links  # closed
    assert "r_cg" in today.links


def test_as_of_year_counts_expected_links_up_to_that_year(mini: geodata.GeoData) -> None:
    statuses = ("operating", "planned")
    assert "r_cg2" in select(mini, Scenario("s", link_statuses=statuses, as_of=2029)).links
    assert "r_cg2" not in select(mini, Scenario("s", link_statuses=statuses, as_of=2028)).links
    # operating links without a year always count
    assert "r_ab" in select(mini, Scenario("s", as_of=1900)).links


def test_opening_a_corridor_tag_opens_its_links(mini: geodata.GeoData) -> None:
    chosen = select(mini, Scenario("s", open_corridors=("newline",), as_of=2030))
    assert "r_cg2" in chosen.links
    assert "r_cg2" not in select(mini, Scenario("s", open_corridors=("newline",),
                                                as_of=2028)).links


def test_except_corridors_keeps_a_tagged_link_closed(mini: geodata.GeoData) -> None:
    opened = select(mini, Scenario("s", open_corridors=("newline",)))
    kept = select(mini, Scenario("s", open_corridors=("newline",),
                                 except_corridors=("branch",)))
    assert "r_cg2" in opened.links and "r_cg2" not in kept.links


def test_opening_a_crossing_reopens_links_closed_at_it(mini: geodata.GeoData) -> None:
    assert "m" in select(mini, Scenario("t")).closed_crossings
    opened = select(mini, Scenario("s", open_crossings=("m",)))
    assert "m" in opened.crossings
    assert "r_m_n" in opened.links
    by_pair = select(mini, Scenario("s", open_borders=(("ARM", "AZE"),)))
    assert "m" in by_pair.crossings and "r_m_n" in by_pair.links


def test_closing_wins_over_opening(mini: geodata.GeoData) -> None:
    chosen = select(mini, Scenario("s", open_crossings=("m",), closed_borders=(("ARM", "AZE"),)))
    assert "m" in chosen.closed_crossings


def test_closed_borders_close_every_crossing_between_two_countries(
        mini: geodata.GeoData) -> None:
    chosen = select(mini, Scenario("s", closed_borders=(("GEO", "AZE"),)))
    assert "x" in chosen.closed_crossings
    assert "ir_x" in chosen.crossings


def test_a_closed_country_loses_its_links_places_and_crossings(mini: geodata.GeoData) -> None:
    chosen = select(mini, Scenario("s", closed_countries=("IRN",)))
    iranian = set(mini.links.index[mini.links["country"] == "IRN"])
    assert iranian and not iranian & chosen.links
    assert "t" not in chosen.places
    assert {"ir_x", "ir_y"} <= chosen.closed_crossings


def test_closed_links_and_tags_are_removed(mini: geodata.GeoData) -> None:
    chosen = select(mini, Scenario("s", closed_links=("r_ab",), link_statuses=("operating",
                                                                                "planned"),
                                   closed_corridors=("newline",)))
    assert "r_ab" not in chosen.links and "r_cg2" not in chosen.links



def test_a_planned_link_without_a_year_counts_with_as_of_only_when_opened(
        mini: geodata.GeoData) -> None:
    """Rule 1: with ``as_of``, a link that is not operating and has no year is left out."""
    links = mini.links.copy()
    links.loc["r_cg2", "expected"] = None
    undated = dataclasses.replace(mini, links=links)
    statuses = ("operating", "planned")
    assert "r_cg2" in select(undated, Scenario("s", link_statuses=statuses)).links
    assert "r_cg2" not in select(undated, Scenario("s", link_statuses=statuses,
                                                   as_of=2040)).links
    assert "r_cg2" in select(undated, Scenario("s", open_links=("r_cg2",), as_of=2040)).links


def test_closing_a_country_drops_links_into_it_from_outside(mini: geodata.GeoData) -> None:
    """Armenian links ending at Charlie (Georgia) go with Georgia; those inside Armenia stay."""
    chosen = select(mini, Scenario("s", closed_countries=("GEO",)))
    assert "c" not in chosen.places and {"n", "ir_y"} <= chosen.places
    assert {"d_n_c", "r_n_c"}.isdisjoint(chosen.links)
    assert "d_iry_n" in chosen.links


def test_closing_a_country_drops_a_link_through_it_between_places_outside(
        tmp_path: Path) -> None:
    """A road across Armenia from the AZE side of crossing m to the IRN side of crossing ir_y
    (both places outside Armenia) is an Armenian link: closing Armenia removes it."""
    folder = mini_corridor.write(tmp_path / "geo")
    links = json.loads((folder / "links.geojson").read_text(encoding="utf-8"))
    m, iry = mini_corridor.PLACES["m"], mini_corridor.PLACES["ir_y"]
    links["features"].append(line("d_m_iry", "m", "ir_y", [m[:2], (46.2, 40.0), iry[:2]],
                                  mode="road", gauge_mm=None, country="ARM"))
    (folder / "links.geojson").write_text(json.dumps(links), encoding="utf-8")
    data = geodata.load(folder)
    assert "d_m_iry" in select(data, Scenario("s")).links
    no_armenia = select(data, Scenario("s", closed_countries=("ARM",)))
    assert {"m", "ir_y"} <= no_armenia.places
    assert "d_m_iry" not in no_armenia.links


def test_tags_and_crossing_countries_read_back_from_parquet_select_alike(
        mini: geodata.GeoData, tmp_path: Path) -> None:
    """A Parquet round trip gives the list fields back as numpy arrays; they count as lists."""
    mini.places.to_parquet(tmp_path / "places.parquet")
    mini.links.to_parquet(tmp_path / "links.parquet")
    back = geodata.GeoData(gpd.read_parquet(tmp_path / "places.parquet"),
                           gpd.read_parquet(tmp_path / "links.parquet"))
    assert isinstance(back.links.loc["r_cg2", "corridors"], np.ndarray)
    for scen in (Scenario("s", open_corridors=("newline",)),
                 Scenario("s", open_corridors=("newline",), except_corridors=("branch",)),
                 Scenario("s", link_statuses=("operating", "planned"),
                          closed_corridors=("branch",)),
                 Scenario("s", closed_borders=(("AZE", "GEO"),)),
                 Scenario("s", open_borders=(("ARM", "AZE"),))):
        assert select(back, scen) == select(mini, scen), scen
    strict = Scenario("s", closed_corridors=("newline",), closed_countries=("IRN",),
                      strict=True)
    scenarios.check_names(strict, back)


def test_records_are_plain_python_values_as_pandas_gives_them(mini: geodata.GeoData) -> None:
    """``records`` is a fast ``to_dict("index")``: the same plain values, geometry kept."""
    for frame in (mini.places, mini.links):
        rows = scenarios.records(frame)
        expected = frame.to_dict("index")
        assert list(rows) == list(expected)
        for idx, row in rows.items():
            assert list(row) == list(expected[idx])
            for key, value in row.items():
                want = expected[idx][key]
                assert type(value) is type(want), (idx, key, value, want)
                assert value is want or value == want or (pd.isna(value) and pd.isna(want))


def test_a_strict_scenario_on_geodata_without_a_folder(mini: geodata.GeoData) -> None:
    """Geodata built in code (as ``corridor osm build`` does) has no folder to name."""
    unsaved = dataclasses.replace(mini, path=None)
    with pytest.raises(ScenarioError) as info:
        select(unsaved, Scenario("s", closed_links=("r_zz",), strict=True, source="my.toml"))
    assert str(info.value) == ("my.toml: scenario 's': closed_links: unknown link 'r_zz' "
                               "(the geodata has no such link)")


def test_geodata_built_without_optional_columns_holds_no_names_from_them(
        mini: geodata.GeoData) -> None:
    """A link's ``corridors`` and ``country``, a crossing's ``countries`` are optional."""
    bare = dataclasses.replace(mini, places=mini.places.drop(columns="countries"),
                               links=mini.links.drop(columns=["corridors", "country"]))
    scenarios.check_names(Scenario("x", closed_links=("r_cg2",), closed_countries=("IRN",),
                                   open_crossings=("m",)), bare)
    with pytest.raises(ScenarioError, match="unknown corridor tag 'newline'"):
        scenarios.check_names(Scenario("x", open_corridors=("newline",)), bare)
    assert select(bare, Scenario("s", strict=True)) == select(mini, Scenario("s"))


# --------------------------------------------------------------------------- shipped, real data

@pytest.fixture(scope="module")
def real() -> geodata.GeoData:
    return geodata.load(settings.SHIPPED_GEODATA)


def _crossings_between(data: geodata.GeoData, a: str, b: str) -> set[str]:
    places = data.places[data.places["kind"] == "border_crossing"]
    return {pid for pid, c in places["countries"].items() if set(c) == {a, b}}


def test_today_keeps_armenia_closed_to_azerbaijan_and_turkey(real: geodata.GeoData) -> None:
    chosen = select(real, scenarios.get("today"))
    for pair in (("ARM", "AZE"), ("ARM", "TUR")):
        assert not _crossings_between(real, *pair) & chosen.crossings


def test_tripp_opens_the_tripp_links_and_only_in_tripp_scenarios(real: geodata.GeoData) -> None:
    tagged = {lid for lid, tags in real.links["corridors"].items()
              if isinstance(tags, list) and "tripp" in tags}
    assert tagged, "the geodata tags no link with 'tripp'"
    assert not tagged & select(real, scenarios.get("today")).links
    assert tagged & select(real, scenarios.get("tripp")).links
    # TRIPP opens an Armenia-Azerbaijan crossing that is closed today
    opened = select(real, scenarios.get("tripp")).crossings - select(real,
                                                                     scenarios.get("today")).crossings
    assert opened & _crossings_between(real, "ARM", "AZE")


def test_no_iran_and_georgia_disrupted_remove_their_country(real: geodata.GeoData) -> None:
    for name, country in (("no-iran", "IRN"), ("georgia-disrupted", "GEO")):
        chosen = select(real, scenarios.get(name))
        inside = set(real.links.index[real.links["country"] == country])
        assert inside and not inside & chosen.links, name


def test_horizon_2030_contains_everything_operating_today(real: geodata.GeoData) -> None:
    today = select(real, scenarios.get("today")).links
    horizon = select(real, scenarios.get("horizon-2030")).links
    assert today <= horizon
    assert len(horizon) > len(today)


def test_armenia_turkey_open_reopens_gyumri_kars(real: geodata.GeoData) -> None:
    from corridor import routing
    from corridor._errors import NoRoute

    with pytest.raises(NoRoute):
        routing.route("gyumri", "kars", scenario="today", modes="rail",
                      avoid_countries=["GEO"], data=real)
    r = routing.route("gyumri", "kars", scenario="armenia-turkey-open", modes="rail",
                      data=real)
    assert isinstance(r, routing.Route)
    assert r.countries == ["ARM", "TUR"] and len(r.border_crossings) == 1


def test_georgia_disrupted_leaves_no_rail_route_through_georgia(real: geodata.GeoData) -> None:
    from corridor import routing
    from corridor._errors import NoRoute

    today = routing.route("baku", "kars", scenario="today", modes="rail", data=real)
    assert isinstance(today, routing.Route) and "GEO" in today.countries
    # Independently of the router: today's rail links minus everything Georgian leave
    # Baku and Kars in different pieces, so the scenario can only answer "no route" ...
    import networkx as nx

    chosen = select(real, scenarios.get("today")).links
    georgian = set(real.places.index[real.places["country"] == "GEO"])
    graph = nx.Graph()
    for lid in chosen:
        row = real.links.loc[lid]
        if row["mode"] == "rail" and row["country"] != "GEO" and not {
                row["from"], row["to"]} & georgian:
            graph.add_edge(row["from"], row["to"])
    assert "baku" in graph and not (
        "kars" in graph and nx.has_path(graph, "baku", "kars"))
    # ... and the reason it gives is the closure of Georgia, not some other cut
    with pytest.raises(NoRoute) as info:
        routing.route("baku", "kars", scenario="georgia-disrupted", modes="rail", data=real)
    assert "GEO closed" in str(info.value)


# --------------------------------------------------------------------------- mutation survivors
# Written against surviving mutants of scripts/mutation.py (target ``scenarios``).


def _with_extra_crossing_and_region(folder: Path) -> geodata.GeoData:
    """The mini data plus a crossing to a country named nowhere else (TUR) and a region
    polygon of another (UZB): countries a scenario may name come from places, links,
    crossings and regions alike."""
    import json

    mini_corridor.write(folder)
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    places["features"].append({"type": "Feature", "geometry": {"type": "Point",
                                                               "coordinates": [44.5, 40.9]},
                               "properties": {"id": "q", "name": "Quebec", "kind":
                                              "border_crossing", "country": "GEO",
                                              "countries": ["GEO", "TUR"],
                                              "crossing_modes": ["road"], "status": "open",
                                              "source": "https://www.geonames.org/"}})
    (folder / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    ring = [[60.0, 40.0], [61.0, 40.0], [61.0, 41.0], [60.0, 41.0], [60.0, 40.0]]
    regions = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
         "properties": {"id": "uzb", "name": "Uzbekistan", "country": "UZB"}}]}
    (folder / "regions.geojson").write_text(json.dumps(regions), encoding="utf-8")
    return geodata.load(folder)


@pytest.mark.parametrize("country", ["AZE", "KAZ", "TUR", "UZB", "IRN"])
def test_countries_known_from_places_links_crossings_and_regions(tmp_path: Path,
                                                                 country: str) -> None:
    data = _with_extra_crossing_and_region(tmp_path / "geo")
    scenarios.check_names(Scenario("x", closed_countries=(country,)), data)


def test_a_country_named_nowhere_is_refused(tmp_path: Path) -> None:
    data = _with_extra_crossing_and_region(tmp_path / "geo")
    with pytest.raises(ScenarioError, match="unknown country 'UZX'; did you mean 'UZB'"):
        scenarios.check_names(Scenario("x", closed_countries=("UZX",)), data)


def test_only_border_crossings_can_be_opened(mini: geodata.GeoData) -> None:
    scenarios.check_names(Scenario("x", open_crossings=("m", "x")), mini)
    with pytest.raises(ScenarioError, match="unknown border crossing 'a'"):
        scenarios.check_names(Scenario("x", open_crossings=("a",)), mini)


def test_operating_links_count_from_their_opening_year(tmp_path: Path) -> None:
    """An operating link opened after ``as_of`` is not there yet; one opened that year is."""
    import json

    folder = mini_corridor.write(tmp_path / "geo")
    links = json.loads((folder / "links.geojson").read_text(encoding="utf-8"))
    for feat in links["features"]:
        if feat["properties"]["id"] == "r_ab":
            feat["properties"]["opened"] = 2025
    (folder / "links.geojson").write_text(json.dumps(links), encoding="utf-8")
    data = geodata.load(folder)
    assert "r_ab" not in select(data, Scenario("s", as_of=2024)).links
    assert "r_ab" in select(data, Scenario("s", as_of=2025)).links
    assert "r_ab" in select(data, Scenario("s", open_links=("r_ab",), as_of=2025)).links
    assert "r_ab" not in select(data, Scenario("s", open_links=("r_ab",), as_of=2024)).links


def test_an_opened_link_counts_from_its_expected_year(mini: geodata.GeoData) -> None:
    """r_cg2 is planned for 2029: opened by name, it counts from 2029 on, not before."""
    assert "r_cg2" in select(mini, Scenario("s", open_links=("r_cg2",), as_of=2029)).links
    assert "r_cg2" not in select(mini, Scenario("s", open_links=("r_cg2",), as_of=2028)).links


def test_unknown_scenario_message_suggests_and_lists(mini: geodata.GeoData) -> None:
    with pytest.raises(ScenarioError) as info:
        scenarios.get("todya", geodata_dir=mini.path)
    assert str(info.value) == ("unknown scenario 'todya'; did you mean today? (available: "
                               "today, future, open-m, no-iran)")
    with pytest.raises(ScenarioError) as info:
        scenarios.get("zzzzzz", geodata_dir=mini.path)
    assert str(info.value) == ("unknown scenario 'zzzzzz' (available: today, future, open-m, "
                               "no-iran)")


def test_get_reads_the_user_file_and_the_geodata_folder(mini: geodata.GeoData,
                                                        tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[mine]\nas_of = 2031\ndescription = "mine"\n')
    assert scenarios.get("mine", path, mini.path).as_of == 2031
    assert scenarios.get("future", geodata_dir=mini.path).name == "future"
    with pytest.raises(ScenarioError):
        scenarios.get("future", geodata_dir=settings.SHIPPED_GEODATA)


def test_load_checked_checks_the_names_of_user_files_only(mini: geodata.GeoData,
                                                          tmp_path: Path) -> None:
    assert set(scenarios.load_checked(None, mini.path)) == {"today", "future", "open-m",
                                                            "no-iran"}
    good = write_toml(tmp_path, '[x]\nopen_links = ["r_ab"]\n')
    assert "x" in scenarios.load_checked(good, mini.path)
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\nopen_links = ["r_abb"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.toml: scenario 'x': open_links: unknown"):
        scenarios.load_checked(bad, mini.path)
