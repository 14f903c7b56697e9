"""Why there is no route, told whole: the `NoRoute` lines a user reads, on two small networks.

Each scenario below cuts the places in one known way (a closed crossing, a closed border, a
dismantled or future link, a closed corridor, two restrictions together); the expected line
is written from that construction. Written against surviving mutants of
``scripts/mutation.py routing`` (``corridor.routing.explain``).
"""

from __future__ import annotations

import mini_corridor
import pytest
from conftest import line, point, write_geodata

from corridor import geodata, routing
from corridor._errors import NoRoute
from corridor.scenarios import Scenario

CROSSINGS = "closed border crossings"
LINKS = "links not usable in this scenario (status, year or closure)"

#: id -> (lon, lat, country, kind, extra)
TINY = {
    "west": (47.0, 40.0, "AZE", "city", {"name": "West"}),
    "gate": (46.0, 41.0, "AZE", "border_crossing",
             {"name": "Gate", "countries": ["AZE", "GEO"], "crossing_modes": ["rail", "road"],
              "status": "closed"}),
    "east": (45.0, 41.5, "GEO", "city", {"name": "East"}),
    "far": (44.0, 41.4, "GEO", "city", {"name": "Far"}),
    "old": (48.0, 40.5, "AZE", "city", {"name": "Old"}),
    "new": (47.5, 39.5, "AZE", "city", {"name": "New"}),
}
#: id -> (from, to, extra)
TINY_LINKS = {
    "r_west_gate": ("west", "gate", {}),
    "r_gate_east": ("gate", "east", {"country": "GEO"}),
    "r_east_far": ("east", "far", {"country": "GEO"}),
    "r_west_old": ("west", "old", {"status": "dismantled"}),
    "r_west_new": ("west", "new", {"status": "planned", "expected": 2030,
                                   "corridors": ["newline"]}),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    places = [point(pid, lon, lat, country=c, kind=k, **extra)
              for pid, (lon, lat, c, k, extra) in TINY.items()]
    links = []
    for lid, (a, b, extra) in TINY_LINKS.items():
        ends = [(TINY[a][0], TINY[a][1]), (TINY[b][0], TINY[b][1])]
        links.append(line(lid, a, b, ends, **extra))
    return geodata.load(write_geodata(tmp_path_factory.mktemp("tiny"), places, links))


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def why(data: geodata.GeoData, origin: str | tuple[float, float], destination: str,
        **kwargs: object) -> str:
    with pytest.raises(NoRoute) as info:
        routing.route(origin, destination, data=data, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


def gate(tiny: geodata.GeoData) -> str:
    """The crossing as messages describe it (id and name, as for every place)."""
    label = why(tiny, "west", "east", explain=True)
    return label[label.index("(") + 1: label.rindex(")")]


# --------------------------------------------------------------------------- one cut


def test_a_crossing_closed_by_its_status_is_the_cut(tiny: geodata.GeoData) -> None:
    text = why(tiny, "west", "east")
    assert text == (f"no multimodal route from West to East in scenario 'today': cut by "
                    f"{CROSSINGS} ({gate(tiny)})")
    assert gate(tiny).startswith("gate") and "Gate" in gate(tiny)
    # the explanation is right: opening the crossing gives the route
    routing.route("west", "east", data=tiny, scenario=Scenario("o", open_crossings=("gate",)))


def test_a_closed_border_is_cut_like_its_crossings(tiny: geodata.GeoData) -> None:
    shut = Scenario("shut", open_crossings=("gate",), closed_borders=(("AZE", "GEO"),))
    assert why(tiny, "west", "east", scenario=shut) == (
        f"no multimodal route from West to East in scenario 'shut': cut by {CROSSINGS} "
        f"({gate(tiny)})")


def test_a_dismantled_link_is_no_connection_at_all(tiny: geodata.GeoData) -> None:
    assert why(tiny, "west", "old") == (
        "no multimodal route from West to Old in scenario 'today': the places are not "
        "connected in the geodata at all")


@pytest.mark.parametrize("scen", [
    Scenario("y2025", as_of=2025, link_statuses=("operating", "planned")),
    Scenario("shut-line", link_statuses=("operating", "planned"), closed_links=("r_west_new",)),
    Scenario("shut-corridor", link_statuses=("operating", "planned"),
             closed_corridors=("newline",)),
    Scenario("today"),
], ids=["year", "closed link", "closed corridor", "status"])
def test_a_link_not_usable_in_the_scenario_is_named(tiny: geodata.GeoData,
                                                    scen: Scenario) -> None:
    assert why(tiny, "west", "new", scenario=scen) == (
        f"no multimodal route from West to New in scenario {scen.name!r}: cut by {LINKS} "
        "(e.g. r_west_new)")


@pytest.mark.parametrize("scen", [
    Scenario("both", closed_links=("r_east_far",)),
    Scenario("border-and-link", open_crossings=("gate",), closed_borders=(("AZE", "GEO"),),
             closed_links=("r_east_far",)),
    Scenario("named-and-link", closed_crossings=("gate",), closed_links=("r_east_far",)),
], ids=["closed crossing + closed link", "closed border + closed link",
        "crossing closed by name + closed link"])
def test_two_cuts_together_are_named_as_a_combination(tiny: geodata.GeoData,
                                                      scen: Scenario) -> None:
    """Neither reopening the crossing nor the link alone restores the route; both do."""
    assert why(tiny, "west", "far", scenario=scen, modes="rail") == (
        f"no rail route from West to Far in scenario {scen.name!r}: cut only by the "
        f"combination of {CROSSINGS}; the mode restriction (rail only); {LINKS} "
        f"({gate(tiny)}) (e.g. r_east_far)")


def test_a_closed_country_and_a_closed_link_are_a_combination(tiny: geodata.GeoData) -> None:
    scen = Scenario("geo-shut", open_crossings=("gate",), closed_countries=("GEO",),
                    closed_links=("r_east_far",))
    assert why(tiny, "west", "far", scenario=scen) == (
        "no multimodal route from West to Far in scenario 'geo-shut': cut only by the "
        f"combination of GEO closed to transit in this scenario; {CROSSINGS}; {LINKS} "
        f"({gate(tiny)}) (e.g. r_gate_east, r_east_far)")  # both links lie in Georgia


# --------------------------------------------------------------------------- on the mini network


def test_two_reasons_and_two_via_places_are_all_named(mini: geodata.GeoData) -> None:
    shut = Scenario("x-shut", closed_crossings=("x",))
    text = why(mini, "a", "k", scenario=shut, modes="rail", via=["c", "g"])
    head = "no rail route from Alpha to Kilo via Charlie, Golf in scenario 'x-shut'"
    assert text.startswith(head + f": cut by {CROSSINGS} (x ")
    assert text.endswith("; or by the mode restriction (rail only)")
    one_via = why(mini, "a", "k", scenario=shut, modes="rail", via=["c"])
    assert one_via.startswith(
        f"no rail route from Alpha to Kilo via Charlie in scenario 'x-shut': cut by {CROSSINGS}")


def test_a_via_place_is_not_taken_for_the_destination(mini: geodata.GeoData) -> None:
    """Alpha to Charlie by rail exists; Alpha to Papa (across the sea) by rail does not."""
    assert why(mini, "a", "p", modes="rail", via=["c"]) == (
        "no rail route from Alpha to Papa via Charlie in scenario 'today': cut by the mode "
        "restriction (rail only)")


def test_every_avoided_and_closed_country_is_listed(mini: geodata.GeoData) -> None:
    assert why(mini, "a", "k", avoid_countries=["GEO", "IRN"]) == (
        "no multimodal route from Alpha to Kilo in scenario 'today': cut by avoiding GEO, IRN")
    closed = Scenario("shut", closed_countries=("GEO", "IRN"))
    assert why(mini, "a", "g", scenario=closed).startswith(
        "no multimodal route from Alpha to Golf in scenario 'shut': cut by GEO, IRN closed to "
        "transit in this scenario")


def test_at_most_four_unusable_links_are_named(mini: geodata.GeoData) -> None:
    """With only closed links usable, all five links Alpha-Kilo by rail are unusable."""
    only_closed = Scenario("closed-only", link_statuses=("closed",))
    text = why(mini, "a", "k", scenario=only_closed, modes="rail")
    prefix = f"no rail route from Alpha to Kilo in scenario 'closed-only': cut by {LINKS} (e.g. "
    assert text.startswith(prefix) and text.endswith(")")
    named = text[len(prefix):-1].split(", ")
    assert named[:3] == ["r_ab", "r_bx", "r_xc"] and named[3] in ("r_cg", "r_cg2")
    assert len(named) == 4


def test_the_access_cap_holds_while_explaining(mini: geodata.GeoData) -> None:
    """A point about 1.5 degrees from Alpha, allowed a long access leg, has no rail route to
    Papa across the sea: explaining re-routes with the same cap (not the 50 km default)."""
    far = (50.5, 41.0)
    first = routing.route(far, "k", data=mini, max_access_km=300)
    assert isinstance(first, routing.Route) and first.legs[0].length_km > 50
    assert why(mini, far, "p", modes="rail", max_access_km=300) == (
        "no rail route from (50.5, 41) to Papa in scenario 'today': cut by the mode "
        "restriction (rail only)")


def test_every_closed_crossing_on_the_way_is_named(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    crossing = {"kind": "border_crossing", "crossing_modes": ["rail"], "status": "closed"}
    places = [point("west", 47.0, 40.0, name="West"),
              point("one", 46.0, 40.5, name="One", countries=["AZE", "GEO"], **crossing),
              point("mid", 45.5, 40.8, name="Mid", country="GEO"),
              point("two", 45.0, 41.0, name="Two", country="GEO", countries=["ARM", "GEO"],
                    **crossing),
              point("far", 44.5, 41.0, name="Far", country="ARM")]
    links = [line("r1", "west", "one", [(47.0, 40.0), (46.0, 40.5)]),
             line("r2", "one", "mid", [(46.0, 40.5), (45.5, 40.8)], country="GEO"),
             line("r3", "mid", "two", [(45.5, 40.8), (45.0, 41.0)], country="GEO"),
             line("r4", "two", "far", [(45.0, 41.0), (44.5, 41.0)], country="ARM")]
    data = geodata.load(write_geodata(tmp_path_factory.mktemp("two"), places, links))
    assert why(data, "west", "far") == (
        f"no multimodal route from West to Far in scenario 'today': cut by {CROSSINGS} "
        "(one (One, AZE), two (Two, GEO))")


def test_a_via_place_cut_off_is_kept_while_explaining(tiny: geodata.GeoData) -> None:
    """Old is reached only by a dismantled link: no relaxation helps while the route must
    pass it (dropping the via would let reopening the crossing reach East)."""
    assert why(tiny, "west", "east", via=["old"]) == (
        "no multimodal route from West to East via Old in scenario 'today': the places are "
        "not connected in the geodata at all")
    assert why(tiny, "west", "new", modes=["rail", "road"]).startswith(
        "no rail/road route from West to New in scenario 'today': cut by ")


def test_the_access_cap_holds_in_the_last_combined_re_route(tiny: geodata.GeoData) -> None:
    """A point about 128 km east of New, allowed a 300 km access leg: only reopening both
    the crossing and the link reaches Far, and that combined re-route keeps the cap too
    (with the 50 km default it would refuse the point instead of explaining)."""
    far_point = (49.0, 39.5)
    scen = Scenario("both", closed_links=("r_east_far",))
    text = why(tiny, far_point, "far", scenario=scen, modes="rail", max_access_km=300)
    assert text.startswith(
        "no rail route from (49, 39.5) to Far in scenario 'both': cut only by the combination "
        f"of {CROSSINGS}; the mode restriction (rail only); {LINKS} ({gate(tiny)}) (e.g. ")
    assert "r_east_far" in text
