"""Why there is no route: the restriction (closure, avoided country, mode, status) that cuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corridor import geodata, settings
from corridor._errors import NoRoute
from corridor.routing.cache import graph_for
from corridor.routing.legs import Route
from corridor.routing.places import _describe, _label
from corridor.routing.snap import MAX_ACCESS_KM
from corridor.routing.view import ALL_MODES
from corridor.scenarios import Scenario, select

#: The routing worker re-run in relaxed scenarios (``corridor.routing.route._route``).
Router = Callable[..., Any]


def _connected(router: Router, data: geodata.GeoData, scen: Scenario, specs: list[Any],
               modes: tuple[str, ...], avoid: tuple[str, ...], weight: str,
               max_access_km: float = MAX_ACCESS_KM,
               profile: str = settings.DEFAULT_PROFILE) -> Route | None:
    try:
        result = router(specs[0], specs[-1], scenario=scen, modes=modes, weight=weight,
                        via=specs[1:-1], avoid_countries=avoid, alternatives=1, data=data,
                        graph=graph_for(data, scen, profile), explain=False,
                        max_access_km=max_access_km)
    except NoRoute:
        return None
    assert isinstance(result, Route)
    return result


def why_no_route(router: Router, data: geodata.GeoData, scen: Scenario, specs: list[Any],
                 modes: tuple[str, ...], avoid: tuple[str, ...], weight: str,
                 explain: bool = True, max_access_km: float = MAX_ACCESS_KM,
                 profile: str = settings.DEFAULT_PROFILE) -> str:
    """Return the message of a missing route: what was asked and, with ``explain``, what cut it.

    Re-routes (with ``router``, :func:`corridor.routing.route`'s worker) in scenarios relaxed
    one restriction at a time: closed countries, avoided countries, closed crossings, the
    mode restriction, unusable links.
    """
    labels = [_label(data, s) for s in specs]
    mode_text = "/".join(modes) if modes != ALL_MODES else "multimodal"
    head = (f"no {mode_text} route from {labels[0]} to {labels[-1]}"
            f"{' via ' + ', '.join(labels[1:-1]) if len(labels) > 2 else ''} "
            f"in scenario {scen.name!r}")
    if not explain:
        return head
    every_status = geodata.CROSSING_STATUSES
    all_open = scen.replace(crossing_statuses=list(every_status), closed_crossings=[],
                            closed_borders=[], open_borders=[],
                            open_crossings=_all_crossings(data))
    all_links = scen.replace(link_statuses=[s for s in geodata.LINK_STATUSES
                                            if s != "dismantled"],
                             as_of=None, closed_links=[], closed_corridors=[])
    relaxations: list[tuple[str, Scenario, tuple[str, ...], tuple[str, ...]]] = []
    if scen.closed_countries:
        relaxations.append((
            f"{', '.join(scen.closed_countries)} closed to transit in this scenario",
            scen.replace(closed_countries=[]), modes, avoid))
    if avoid:
        relaxations.append((f"avoiding {', '.join(avoid)}", scen, modes, ()))
    relaxations.append((_CROSSINGS, all_open, modes, avoid))
    if modes != ALL_MODES:
        relaxations.append((f"the mode restriction ({mode_text} only)", scen, ALL_MODES, avoid))
    relaxations.append((_LINKS, all_links, modes, avoid))
    reasons = []
    for text, relaxed, m, a in relaxations:
        found = _connected(router, data, relaxed, specs, m, a, weight, max_access_km,
                           profile)
        if found is not None:
            reasons.append(text + _detail(text, found, scen, data))
    if reasons:
        return head + ": cut by " + "; or by ".join(reasons)
    everything = all_links.replace(crossing_statuses=list(every_status), closed_crossings=[],
                                   closed_borders=[], open_crossings=_all_crossings(data),
                                   closed_countries=[])
    found = _connected(router, data, everything, specs, ALL_MODES, (), weight, max_access_km,
                       profile)
    if found is None:
        return head + ": the places are not connected in the geodata at all"
    names = "; ".join(t for t, *_ in relaxations)
    return (head + ": cut only by the combination of " + names
            + _detail(_CROSSINGS, found, scen, data) + _detail(_LINKS, found, scen, data))


_CROSSINGS = "closed border crossings"
_LINKS = "links not usable in this scenario (status, year or closure)"


def _all_crossings(data: geodata.GeoData) -> list[str]:
    return list(data.places.index[data.places["kind"] == "border_crossing"])


def _detail(text: str, found: Route, scen: Scenario, data: geodata.GeoData) -> str:
    if text == _CROSSINGS:
        sel = _selection(data, scen)
        # land crossings only (a ferry joining two countries is listed by its link id)
        shut = [c for c in found.border_crossings
                if c in data.places.index and c not in sel.crossings]
        if shut:
            return " (" + ", ".join(_describe(data, c) for c in dict.fromkeys(shut)) + ")"
    if text == _LINKS:
        sel = _selection(data, scen)
        missing = [lid for lid in found.link_ids if lid not in sel.links]
        if missing:
            return " (e.g. " + ", ".join(list(dict.fromkeys(missing))[:4]) + ")"
    return ""


def _selection(data: geodata.GeoData, scen: Scenario) -> Any:
    return select(data, scen)
