"""Scenarios: reading TOML, the selection rules, and the shipped scenarios on the real data."""

from __future__ import annotations

from pathlib import Path

import mini_corridor
import pytest

from corridor import geodata, scenarios, settings
from corridor._errors import ScenarioError
from corridor.scenarios import Scenario, select

SHIPPED_PLACES = settings.SHIPPED_GEODATA / geodata.PLACES_FILE
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


# --------------------------------------------------------------------------- shipped, real data

needs_real_data = pytest.mark.skipif(
    not SHIPPED_PLACES.exists(),
    reason=f"the curated geodata has not landed yet ({SHIPPED_PLACES} is absent)",
)


@pytest.fixture(scope="module")
def real() -> geodata.GeoData:
    if not SHIPPED_PLACES.exists():
        pytest.skip(f"the curated geodata has not landed yet ({SHIPPED_PLACES} is absent)")
    return geodata.load(settings.SHIPPED_GEODATA)


def _crossings_between(data: geodata.GeoData, a: str, b: str) -> set[str]:
    places = data.places[data.places["kind"] == "border_crossing"]
    return {pid for pid, c in places["countries"].items() if set(c) == {a, b}}


@needs_real_data
def test_today_keeps_armenia_closed_to_azerbaijan_and_turkey(real: geodata.GeoData) -> None:
    chosen = select(real, scenarios.get("today"))
    for pair in (("ARM", "AZE"), ("ARM", "TUR")):
        assert not _crossings_between(real, *pair) & chosen.crossings


@needs_real_data
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


@needs_real_data
def test_no_iran_and_georgia_disrupted_remove_their_country(real: geodata.GeoData) -> None:
    for name, country in (("no-iran", "IRN"), ("georgia-disrupted", "GEO")):
        chosen = select(real, scenarios.get(name))
        inside = set(real.links.index[real.links["country"] == country])
        assert inside and not inside & chosen.links, name


@needs_real_data
def test_horizon_2030_contains_everything_operating_today(real: geodata.GeoData) -> None:
    today = select(real, scenarios.get("today")).links
    horizon = select(real, scenarios.get("horizon-2030")).links
    assert today <= horizon
    assert len(horizon) > len(today)


@needs_real_data
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


@needs_real_data
def test_georgia_disrupted_leaves_no_rail_route_through_georgia(real: geodata.GeoData) -> None:
    from corridor import routing
    from corridor._errors import NoRoute

    today = routing.route("baku", "kars", scenario="today", modes="rail", data=real)
    assert isinstance(today, routing.Route) and "GEO" in today.countries
    try:
        cut = routing.route("baku", "kars", scenario="georgia-disrupted", modes="rail", data=real)
    except NoRoute as exc:
        assert "georgia-disrupted" in str(exc)
    else:
        assert isinstance(cut, routing.Route) and "GEO" not in cut.countries
