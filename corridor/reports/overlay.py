"""The scenario maps of the HTML report: the network map with the criticality overlay."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corridor import analysis, geodata

#: Colours of the criticality overlay, from least to most critical (ColorBrewer Purples:
#: apart from the mode colours and the TRIPP halo of the base map).
CRITICALITY_COLORS = ("#cbc9e2", "#9e9ac8", "#6a51a3", "#3f007d")


def criticality_color(item: analysis.Criticality, worst_rise_h: float) -> str:
    """Return the overlay colour of a link: darkest when it disconnects a pair.

    Parameters
    ----------
    item
        The link's criticality.
    worst_rise_h
        The largest rise in the scenario, hours (scales the ramp).

    Returns
    -------
    str
        A colour of :data:`CRITICALITY_COLORS`.
    """
    if item.disconnected:
        return CRITICALITY_COLORS[-1]
    if worst_rise_h <= 0:
        return CRITICALITY_COLORS[0]
    step = min(2, int(3 * item.rise_h / worst_rise_h))
    return CRITICALITY_COLORS[step]


def scenario_map_html(data: geodata.GeoData, scenario: Any,
                      critical: Sequence[analysis.Criticality]) -> str:
    """Return the self-contained HTML of the scenario map with the criticality overlay.

    ``scenario`` is a name or a :class:`corridor.scenarios.Scenario`. The map is
    :func:`corridor.maps.network_map` of the scenario (no base tiles, so it needs
    no network); on top, each link whose cut raises the OD travel time is drawn in a
    colour of :data:`CRITICALITY_COLORS` (darkest: the cut disconnects a pair).

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        A scenario name or :class:`corridor.scenarios.Scenario`.
    critical
        The scenario's criticality ranking (:attr:`Connectivity.criticality`).

    Returns
    -------
    str
        The map page (about 2 MB: it embeds Leaflet and the network).
    """
    # lazy, as before the split: corridor.maps imports folium at its top (about 0.3 s more
    # on every ``import corridor``, which imports reports) and only the HTML maps need it
    import folium

    from corridor import maps

    m = maps.network_map(data, scenario=scenario, tiles="none", self_contained=True,
                         controls=False)
    group = folium.FeatureGroup(name="Criticality (rise in OD hours when cut)", show=True)
    worst = max((c.rise_h for c in critical), default=0.0)
    for item in critical:
        if item.link_id not in data.links.index:
            continue
        geom = data.links.at[item.link_id, "geometry"]
        parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
        latlngs = [[[round(y, 5), round(x, 5)] for x, y, *_ in part.coords] for part in parts]
        what = (f"cut disconnects {len(item.disconnected)} pair(s)" if item.disconnected
                else f"cut adds {item.rise_h:,.1f} h to the OD total")
        line = folium.PolyLine(latlngs, color=criticality_color(item, worst), weight=7,
                               opacity=0.85, class_name="corridor-critical")
        folium.Tooltip(maps.escape(f"{item.link_id}: {what}"), sticky=True).add_to(line)
        line.add_to(group)
    group.add_to(m)
    maps.finish(m)
    return maps.map_html(m)


#: The area the report's map shows (lon_min, lat_min, lon_max, lat_max): the Black Sea to the
#: Caspian's east shore; regions are clipped to it (links beyond it are still drawn).
REPORT_MAP_BOX = (26.0, 35.0, 62.0, 47.5)
#: Simplification of the region outlines of the report's map, degrees (about 1 km).
REPORT_REGION_TOLERANCE = 0.01


def _corridor_area(data: geodata.GeoData) -> geodata.GeoData:
    """Return the data with its regions clipped to :data:`REPORT_MAP_BOX` and simplified."""
    import dataclasses

    import shapely

    if data.regions is None or not len(data.regions):
        return data
    regions = data.regions.copy()
    clipped = regions.geometry.intersection(shapely.box(*REPORT_MAP_BOX))
    regions["geometry"] = clipped.simplify(REPORT_REGION_TOLERANCE, preserve_topology=True)
    regions = regions[~regions.geometry.is_empty]
    return dataclasses.replace(data, regions=regions)


def criticality_map_html(data: geodata.GeoData, scenario: Any,
                         overlays: Sequence[tuple[str, Sequence[analysis.Criticality]]],
                         shown: str | None = None) -> str:
    """Return the report's map: one network, one criticality layer per scenario.

    The network is :func:`corridor.maps.network_map` of ``scenario`` drawn as an overview
    (no per-link popups), with the regions clipped to the corridor area
    (:data:`REPORT_MAP_BOX`), which the map opens on; each ``(name, ranking)`` of
    ``overlays`` is a layer of the criticality colours (:data:`CRITICALITY_COLORS`), only
    ``shown`` (default: the last) switched on. About 0.7 MB.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        The scenario whose network is drawn (name or :class:`corridor.scenarios.Scenario`).
    overlays
        ``(scenario name, criticality ranking)`` per layer.
    shown
        The layer switched on when the map opens.

    Returns
    -------
    str
        The self-contained map page.
    """
    import folium

    from corridor import maps

    m = maps.network_map(_corridor_area(data), scenario=scenario, tiles="none",
                         self_contained=True, controls=False, detail=False)
    shown = shown if shown is not None else (overlays[-1][0] if overlays else None)
    for name, critical in overlays:
        group = folium.FeatureGroup(name=f"Criticality in {name}", show=name == shown)
        worst = max((c.rise_h for c in critical), default=0.0)
        for item in critical:
            if item.link_id not in data.links.index:
                continue
            geom = data.links.at[item.link_id, "geometry"]
            parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
            latlngs = [[[round(y, 4), round(x, 4)] for x, y, *_ in part.coords]
                       for part in parts]
            what = (f"its loss leaves {len(item.disconnected)} pair(s) without a route"
                    if item.disconnected else f"its loss adds {item.rise_h:,.1f} h")
            line = folium.PolyLine(latlngs, color=criticality_color(item, worst), weight=7,
                                   opacity=0.85, class_name="corridor-critical")
            name_text = str(data.links.at[item.link_id, "name"])
            folium.Tooltip(maps.escape(f"{name_text}: {what}"), sticky=True).add_to(line)
            line.add_to(group)
        group.add_to(m)
    if m.fit is not None:
        west, south, east, north = REPORT_MAP_BOX
        m.fit.bounds = [[south, west], [north, east]]
    maps.finish(m)
    return maps.map_html(m)
