"""Routes an analyst expects once Armenia, Türkiye to the EU border and Iran are covered (#14)."""

from __future__ import annotations

import pytest
from pyproj import Geod

from corridor import geodata, routing
from corridor._errors import NoRoute
from corridor.routing import Route

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def shipped() -> geodata.GeoData:
    return geodata.load()


def one(result: Route | list[Route]) -> Route:
    assert isinstance(result, Route)
    return result


def crow_km(data: geodata.GeoData, a: str, b: str) -> float:
    """Great-circle distance between two places, computed independently of the router."""
    pa, pb = data.places.geometry[a], data.places.geometry[b]
    return float(GEOD.inv(pa.x, pa.y, pb.x, pb.y)[2]) / 1000


def test_tbilisi_yerevan_by_road_stays_in_georgia_and_armenia(shipped: geodata.GeoData) -> None:
    r = one(routing.route("Tbilisi", "Yerevan", modes="road", data=shipped))
    assert set(r.by_country) == {"GEO", "ARM"}, r.by_country
    assert r.border_crossings == ["sadakhlo_ayrum"]
    # a road detour factor of 1.6 covers the mountain roads; the old detour was 5.8
    assert r.length_km < 1.6 * crow_km(shipped, "tbilisi", "yerevan"), r.length_km


def test_istanbul_reaches_the_eu_border_by_road_and_by_rail(shipped: geodata.GeoData) -> None:
    crow = crow_km(shipped, "istanbul", "kapikule")
    for modes in ("multimodal", "road", "rail"):
        r = one(routing.route("Istanbul", "Kapikule", modes=modes, data=shipped))
        assert set(r.by_country) == {"TUR"}, (modes, r.by_country)
        assert crow < r.length_km < 1.5 * crow, (modes, r.length_km)
    # and on into Bulgaria (the EU) without going back east
    r = one(routing.route("Istanbul", "Svilengrad", modes="rail", data=shipped))
    assert list(r.by_country) == ["TUR", "BGR"] and r.border_crossings == ["kapikule"]


def test_aktau_reaches_tehran_by_rail_across_turkmenistan(shipped: geodata.GeoData) -> None:
    r = one(routing.route("Port of Aktau", "Tehran", modes="rail", data=shipped))
    assert list(r.by_country) == ["KAZ", "TKM", "IRN"], r.by_country
    assert r.border_crossings == ["bolashak_serhetyaka", "incheh_borun"]
    # Kazakh and Turkmen track is 1520 mm, Iranian 1435 mm
    assert r.gauge_breaks == ["incheh_borun"]
    # the KTI railway is 908-934 km from Uzen to Gorgan (tass.com, railturkey.org, tmcell.tm)
    uzen_gorgan = sum(leg.length_km for leg in r.legs
                      if leg.link_id in {"rail_zhanaozen_bolashak", "rail_bereket_serhetyaka",
                                         "rail_etrek_bereket", "rail_incheh_borun_etrek",
                                         "rail_gorgan_incheh_borun"})
    # drawn through towns, the line is shorter than the track, not by more than a fifth
    assert 0.8 * 908 < uzen_gorgan < 1.1 * 934, uzen_gorgan


def test_tabriz_reaches_the_turkish_network_by_rail_and_the_lake_van_ferry(
        shipped: geodata.GeoData) -> None:
    r = one(routing.route("Tabriz", "Sivas", modes=["rail", "ferry"], data=shipped))
    assert r.border_crossings == ["kapikoy_razi"]
    assert "ferry_tatvan_van" in r.link_ids
    # both sides are standard gauge: no break at the Iran-Türkiye border
    assert r.gauge_breaks == []


def test_no_iran_cuts_the_caspian_east_shore_rail_route(shipped: geodata.GeoData) -> None:
    with pytest.raises(NoRoute):
        routing.route("Port of Aktau", "Gorgan", modes="rail", scenario="no-iran", data=shipped)


def test_iran_transit_reaches_the_eu_border_without_the_south_caucasus(
        shipped: geodata.GeoData) -> None:
    # iran-transit closes Azerbaijan and Georgia: the route must go round them through Iran,
    # and closing countries can never make the fastest trip faster than today's
    today = one(routing.route("port_of_turkmenbashi", "Kapikule", data=shipped))
    r = one(routing.route("port_of_turkmenbashi", "Kapikule", scenario="iran-transit",
                          data=shipped))
    assert {"TKM", "IRN", "TUR"} <= set(r.by_country)
    assert not {"AZE", "GEO", "ARM", "sea"} & set(r.by_country), r.by_country
    assert r.time_h >= today.time_h - 1e-9
    # from Baku, today's route crosses the South Caucasus; iran-transit cannot start there
    baku = one(routing.route("Baku", "Kapikule", data=shipped))
    assert {"AZE", "TUR"} <= set(baku.by_country), baku.by_country


@pytest.mark.parametrize("port", ["Constanta", "Burgas", "Chornomorsk"])
def test_black_sea_ferries_closed_leaves_the_eu_border_overland_only(
        shipped: geodata.GeoData, port: str) -> None:
    one(routing.route("Baku", port, data=shipped))  # by ferry today
    with pytest.raises(NoRoute):
        routing.route("Baku", port, scenario="black-sea-ferries-closed", data=shipped)
    r = one(routing.route("Baku", "Kapikule", scenario="black-sea-ferries-closed", data=shipped))
    assert "sea" not in r.by_country and "TUR" in r.by_country, r.by_country


def test_aktau_city_by_rail_starts_at_the_railway_on_the_same_site(
        shipped: geodata.GeoData) -> None:
    # `corridor route Aktau Tehran --mode rail`: the city has a road link only; the Port of
    # Aktau's railway lies on the same site, so the route starts there by a short access leg
    r = one(routing.route("Aktau", "Tehran", modes="rail", data=shipped))
    first, rest = r.legs[0], r.legs[1:]
    assert first.kind == "access" and first.length_km <= 5.0
    assert all(leg.mode == "rail" for leg in rest if leg.kind == "link")
    port = one(routing.route("Port of Aktau", "Tehran", modes="rail", data=shipped))
    assert r.length_km == pytest.approx(port.length_km, abs=15.0)
    # a place with no railway on its site is still cut by the mode restriction
    with pytest.raises(NoRoute, match="mode restriction"):
        routing.route("Kulevi", "Tehran", modes="rail", data=shipped)
