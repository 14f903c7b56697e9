"""Route maps: a route (or two, compared across scenarios) drawn over the network map."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

import folium
import geopandas as gpd

from corridor import geodata, routing, scenarios
from corridor._errors import NoRoute
from corridor.maps.base import CorridorMap, Tiles, _latlngs, _load
from corridor.maps.network import finish, network_map
from corridor.maps.popups import table
from corridor.maps.style import ROUTE_COLORS, escape
from corridor.scenarios import Scenario


class RouteLike(Protocol):
    """What :func:`add_route` needs of a route (``corridor.routing.Route`` has it)."""

    @property
    def length_km(self) -> float:
        """Total length, km."""
        ...

    @property
    def time_h(self) -> float:
        """Total time, hours."""
        ...

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Return the legs with geometry, mode and link id."""
        ...


def _count(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float):
        return int(value)
    return len(value)


def _names(value: Any, place_names: dict[str, str]) -> str:
    """Place ids (or objects with a ``name``) as a comma-separated list of names."""
    if value is None or isinstance(value, int | float):
        return ""
    names = []
    for item in value:
        item = getattr(item, "name", item)
        names.append(place_names.get(str(item), str(item)))
    return ", ".join(names)


def route_summary(route: RouteLike) -> dict[str, Any]:
    """Return the numbers a route popup shows: km, hours, border crossings, gauge breaks.

    Parameters
    ----------
    route
        A route from :func:`corridor.routing.route`.

    Returns
    -------
    dict
        ``length_km``, ``time_h``, ``border_crossings`` (count), ``gauge_breaks`` (count),
        ``km_by_mode`` (geodesic km per mode of the legs).
    """
    by_mode = getattr(route, "by_mode", {})
    km_by_mode = {mode: float(v["length_km"]) for mode, v in by_mode.items()
                  if mode in geodata.MODES and v.get("length_km")}
    return {
        "length_km": float(route.length_km),
        "time_h": float(route.time_h),
        "border_crossings": _count(getattr(route, "border_crossings", None)),
        "gauge_breaks": _count(getattr(route, "gauge_breaks", None)),
        "km_by_mode": km_by_mode,
    }


def add_route(m: CorridorMap, route: RouteLike, *, label: str = "Route",
              color: str | None = None, dashed: bool = False) -> CorridorMap:
    """Draw a route over a map, with a summary popup (km, hours, borders, gauge breaks).

    Parameters
    ----------
    m
        A map from :func:`network_map` (made with ``controls=False``, then :func:`finish`).
    route
        A route from :func:`corridor.routing.route`.
    label
        Layer name and popup title, e.g. ``"Baku → Nakhchivan (today)"``.
    color
        Line colour; default: the next of :data:`ROUTE_COLORS`.
    dashed
        Draw the route dashed (used for the second route of a comparison).

    Returns
    -------
    CorridorMap
        The same map.
    """
    index = len(m.route_keys)
    color = color or ROUTE_COLORS[index % len(ROUTE_COLORS)]
    legs = route.to_geodataframe()
    parts: list[list[list[float]]] = []
    for geom in legs.geometry:
        if geom is not None and not geom.is_empty and "Line" in geom.geom_type:
            parts.extend(_latlngs(geom))
    s = route_summary(route)
    rows = [("length", f"{s['length_km']:,.0f} km"), ("time", f"{s['time_h']:,.1f} h")]
    for key in ("border_crossings", "gauge_breaks"):
        names = _names(getattr(route, key, None), m.place_names)
        rows.append((key.replace("_", " "),
                     f"{s[key]}" + (f" ({escape(names)})" if names else "")))
    rows.append(("legs", str(len(legs))))
    rows += [(f"{mode} km", f"{km:,.0f}") for mode, km in sorted(s["km_by_mode"].items())]
    group = folium.FeatureGroup(name=escape(label), show=True)
    if parts:
        line = folium.PolyLine(parts, color=color, weight=8 if index == 0 else 5,
                               opacity=0.8, dash_array="12 9" if dashed else None,
                               class_name="corridor-route")
        folium.Tooltip(escape(f"{label}: {s['length_km']:,.0f} km, {s['time_h']:,.1f} h"),
                       sticky=True).add_to(line)
        folium.Popup(table(label, rows), max_width=360).add_to(line)
        line.add_to(group)
        for end in (parts[0][0], parts[-1][-1]):
            folium.CircleMarker(end, radius=7, color=color, weight=3, fill=True,
                                fill_color="#fff", fill_opacity=1,
                                class_name="corridor-route-end").add_to(group)
    group.add_to(m)
    if parts:
        lats = [pt[0] for part in parts for pt in part]
        lons = [pt[1] for part in parts for pt in part]
        m.route_bounds.extend([[min(lats), min(lons)], [max(lats), max(lons)]])
    m.route_keys.append((label, color))
    m.route_summaries.append(
        f'<span style="color:{color}">&#9632;</span> {escape(label)}: '
        f"{s['length_km']:,.0f} km, {s['time_h']:,.1f} h, {s['border_crossings']} border(s), "
        f"{s['gauge_breaks']} gauge break(s)")
    m.stats["routes"] = m.stats.get("routes", 0) + 1
    return m


def route_map(
    origin: str,
    destination: str,
    *,
    scenario: str | Scenario = "today",
    compare: str | Scenario | None = None,
    modes: str | Sequence[str] | None = None,
    data: geodata.GeoData | str | os.PathLike[str] | None = None,
    tiles: Tiles = "osm",
    self_contained: bool = False,
    scenarios_file: str | os.PathLike[str] | None = None,
    profile: str = "freight",
) -> CorridorMap:
    """Return the network map with a route drawn over it, optionally in two scenarios.

    Parameters
    ----------
    origin, destination
        Place names or ids, as :func:`corridor.routing.route` takes them.
    scenario
        Scenario of the (first) route; the network is drawn as this scenario has it.
    compare
        A second scenario: the same route in it is drawn in a contrasting colour, dashed
        (e.g. ``scenario="today", compare="tripp"``). When it has no route, the summary
        says so.
    modes
        Modes the route may use: ``"rail"``, ``"road"``, ``"ferry"``, ``"multimodal"``
        (default) or a list of modes.
    data, tiles, self_contained, scenarios_file
        As for :func:`network_map`.
    profile
        Time profile of the routes (``freight`` or ``passenger``).

    Returns
    -------
    CorridorMap
        The map; ``m.stats["routes"]`` counts the routes drawn.

    Raises
    ------
    corridor.NoRoute
        When the first scenario has no route.
    corridor.PlaceNotFound, corridor.AmbiguousPlace
        When a place name matches no place or several.
    """
    data = _load(data)
    first_sc = scenarios.get(scenario, path=scenarios_file, geodata_dir=data.path)
    m = network_map(data, scenario=first_sc, tiles=tiles, self_contained=self_contained,
                    controls=False)
    kwargs: dict[str, Any] = {"data": data, "profile": profile}
    if modes:
        kwargs["modes"] = modes if isinstance(modes, str) else tuple(modes)
    first = routing.route(origin, destination, scenario=first_sc, **kwargs)
    assert isinstance(first, routing.Route)
    add_route(m, first, label=_route_label(m, first, first_sc.name))
    if compare is not None:
        second_sc = scenarios.get(compare, path=scenarios_file, geodata_dir=data.path)
        try:
            second = routing.route(origin, destination, scenario=second_sc, **kwargs)
        except NoRoute as exc:
            m.route_summaries.append(f"{escape(second_sc.name)}: no route ({escape(exc)})")
        else:
            assert isinstance(second, routing.Route)
            add_route(m, second, label=_route_label(m, second, second_sc.name), dashed=True)
    return finish(m)


def _route_label(m: CorridorMap, route: Any, scenario: str) -> str:
    ends = [m.place_names.get(str(p), str(p)) for p in (route.origin, route.destination)]
    return f"{ends[0]} → {ends[1]} ({scenario})"
