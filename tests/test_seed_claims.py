"""The seed article's claims (seeds/README.md), each reproduced by the model on the shipped data."""

from __future__ import annotations

import pytest

from corridor import NoRoute, analysis, geodata, network, routing

pytestmark = pytest.mark.usefixtures("shipped")


def _tripp_links(shipped: geodata.GeoData):
    links = shipped.links
    return links[links["corridors"].map(lambda tags: isinstance(tags, list) and "tripp" in tags)]


def test_claim_1_tripp_has_road_and_rail(shipped: geodata.GeoData) -> None:
    assert set(_tripp_links(shipped)["mode"]) >= {"rail", "road"}


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_claim_2_tripp_links_mainland_and_nakhchivan(shipped: geodata.GeoData, mode: str) -> None:
    graph = network.build(shipped, "tripp")
    assert analysis.nakhchivan_connected(graph, mode)
    found = routing.route("Baku", "Nakhchivan", scenario="tripp", modes=mode,
                          avoid_countries=["IRN"], data=shipped)
    assert set(found.by_country) <= {"AZE", "ARM"}


def test_claim_3_tripp_crosses_armenia_at_meghri(shipped: geodata.GeoData) -> None:
    tripp_armenia = _tripp_links(shipped).query("country == 'ARM'")
    assert not tripp_armenia.empty
    ends = set(tripp_armenia["from"]) | set(tripp_armenia["to"])
    assert "meghri" in ends
    assert shipped.places.loc["meghri", "region"] == "Syunik"
    found = routing.route("Horadiz", "Ordubad", scenario="tripp", modes="rail", data=shipped)
    assert "meghri" in found.places
    assert found.by_country["ARM"]["length_km"] > 0


def test_claim_4_today_nakhchivan_needs_a_third_country(shipped: geodata.GeoData) -> None:
    graph = network.build(shipped, "today")
    for mode in ("rail", "road"):
        assert not analysis.nakhchivan_connected(graph, mode)
    with pytest.raises(NoRoute):
        routing.route("Baku", "Nakhchivan", scenario="today", modes="road",
                      avoid_countries=["IRN", "TUR", "GEO"], data=shipped)
    # ... but a road route exists, and it crosses a third country.
    today = routing.route("Baku", "Nakhchivan", scenario="today", modes="road", data=shipped)
    assert set(today.by_country) - {"AZE", "ARM"}


def test_claim_5_tripp_joins_the_east_west_route(shipped: geodata.GeoData) -> None:
    """With TRIPP (and KIAD) Central Asian freight can reach Turkey through Nakhchivan."""
    found = routing.route("Aktau", "Kars", scenario="tripp-kars", modes="multimodal",
                          via=["Nakhchivan"], avoid_countries=["IRN", "GEO"], data=shipped)
    assert found.by_mode.get("ferry", {}).get("length_km", 0) > 0
    assert "meghri" in found.places
    assert {"KAZ", "AZE", "ARM", "TUR"} <= set(found.by_country)


def test_claim_6_tripp_is_not_yet_operating(shipped: geodata.GeoData) -> None:
    tripp = _tripp_links(shipped)
    assert not (tripp.query("country == 'ARM'")["status"] == "operating").any()
    with pytest.raises(NoRoute):
        routing.route("Horadiz", "Ordubad", scenario="today", modes="rail",
                      avoid_countries=["IRN"], data=shipped)
