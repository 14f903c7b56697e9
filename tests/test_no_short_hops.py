"""Routes never hop between modes for a few km: every OD pair, every scenario, both profiles."""

from __future__ import annotations

import csv
import itertools

import pytest

from corridor import geodata, routing, scenarios, settings
from corridor._errors import NoRoute

#: The shortest rail or road run allowed between two changes of mode, km (issue 13).
MIN_RUN_KM = 25.0


def _pairs() -> list[tuple[str, str, str]]:
    path = settings.SHIPPED_GEODATA / "od_pairs.csv"
    with path.open(encoding="utf-8") as f:
        return [(r["origin"], r["destination"], r["modes"] or "multimodal")
                for r in csv.DictReader(f)]


def short_runs(route: routing.Route) -> list[tuple[float, list[str]]]:
    """Rail or road runs between two changes of mode shorter than MIN_RUN_KM.

    A run is the link legs between two consecutive transfer legs (a change of mode).
    """
    out = []
    changes = [i for i, leg in enumerate(route.legs) if leg.kind == "transfer"]
    for a, b in itertools.pairwise(changes):
        legs = [leg for leg in route.legs[a + 1:b] if leg.kind == "link"]
        if legs and all(leg.mode in ("rail", "road") for leg in legs):
            km = sum(leg.length_km for leg in legs)
            if km < MIN_RUN_KM:
                out.append((km, [str(leg.link_id) for leg in legs]))
    return out


@pytest.mark.parametrize("profile", settings.PROFILES)
@pytest.mark.parametrize("scenario", scenarios.names())
def test_no_short_hop_between_mode_changes(shipped: geodata.GeoData, scenario: str,
                                           profile: str) -> None:
    scen = scenarios.get(scenario)
    for origin, destination, modes in _pairs():
        try:
            found = routing.route(origin, destination, scenario=scen, modes=modes,
                                  data=shipped, profile=profile, explain=False)
        except NoRoute:
            continue
        for _km, links in short_runs(found):
            # allowed only when the place has no other way on: without the hop's links the
            # same pair has no route at all in this scenario and profile
            closed = scen.replace(closed_links=[*scen.closed_links, *links])
            with pytest.raises(NoRoute):
                routing.route(origin, destination, scenario=closed, modes=modes,
                              data=shipped, profile=profile, explain=False)
