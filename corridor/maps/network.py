"""The network map (:func:`network_map`) and its controls (:func:`finish`)."""

from __future__ import annotations

import os

import folium
import folium.plugins
import xyzservices

from corridor import geodata, scenarios, settings
from corridor.maps.base import TILES, CorridorMap, Tiles, _load, _new_map
from corridor.maps.elements import Control
from corridor.maps.layers import _add_labels, _add_links, _add_places, _add_regions
from corridor.maps.legend import legend_html
from corridor.maps.overview import _add_overview_links
from corridor.maps.style import KIND_LABELS
from corridor.maps.view import add_name_labels, set_view
from corridor.maps.years import add_year_slider
from corridor.scenarios import Scenario


def _scenario_selection(data: geodata.GeoData, scenario: str | Scenario | None,
                        scenarios_file: str | os.PathLike[str] | None = None,
                        ) -> tuple[str | None, scenarios.Selection | None]:
    if scenario is None:
        return None, None
    sc = scenarios.get(scenario, path=scenarios_file, geodata_dir=data.path)
    return sc.name, scenarios.select(data, sc)


def _add_plugins(m: folium.Map, tiles: str) -> None:
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                                  secondary_length_unit="miles",
                                  primary_area_unit="hectares").add_to(m)
    if tiles != "none":  # a minimap needs tiles to show anything
        tile_layer = folium.TileLayer(xyzservices.providers.query_name(TILES[tiles][0]))
        folium.plugins.MiniMap(tile_layer=tile_layer, toggle_display=False,
                               position="bottomright").add_to(m)


def network_map(
    data: geodata.GeoData | str | os.PathLike[str] | None = None,
    *,
    scenario: str | Scenario | None = None,
    tiles: Tiles = "osm",
    self_contained: bool = False,
    regions: bool | None = None,
    controls: bool = True,
    scenarios_file: str | os.PathLike[str] | None = None,
    detail: bool | None = None,
    max_bytes: int | None = None,
    view: str = "tripp",
) -> CorridorMap:
    """Return an interactive map of the whole network.

    A network of up to :data:`corridor.settings.MAP_DETAIL_MAX_LINKS` links is drawn link
    by link (each with its tooltip and popup). A bigger one is drawn as an overview that
    keeps the page under ``max_bytes``: geometry simplified (the finest of
    :data:`corridor.settings.MAP_OVERVIEW_TOLERANCES_KM` that fits) and merged into one
    layer per mode and status, no per-link popups, no junction markers, and if still too
    big, minor road classes and then the shortest links left out; the legend and
    ``m.overview`` say what was simplified and left out.

    Parameters
    ----------
    data
        Loaded geodata, a geodata folder, or ``None`` for ``$CORRIDOR_GEODATA`` / the
        shipped data.
    scenario
        A scenario (name or :class:`corridor.scenarios.Scenario`): links it cannot use are
        drawn grey and dotted in their own layer, and border crossings are coloured open /
        closed as the scenario has them.
    tiles
        ``"osm"`` (OpenStreetMap), ``"light"`` (Esri's light grey canvas) or ``"none"``
        (no base tiles: the regions layer is the basemap).
    self_contained
        Embed Leaflet's and the plugins' JavaScript / CSS when the map is rendered or saved,
        so the HTML needs no internet (with ``tiles="none"``: none at all).
    regions
        Show the regions layer on opening; default: only with ``tiles="none"`` (it is always
        in the layer control when the geodata has regions).
    controls
        Add the layer control, legend, fullscreen, measure tool and minimap; set ``False``
        when adding more layers first (see :func:`finish`).
    scenarios_file
        An extra scenarios TOML file where ``scenario`` is looked up (as ``--scenarios``).
    detail
        ``True`` draws every link with its popup, ``False`` draws the overview; default:
        by the network's size (see above).
    max_bytes
        Size the overview's HTML is kept under, bytes; default
        :data:`corridor.settings.MAP_MAX_BYTES` (link geometry gets 80 % of it).
    view
        ``"tripp"`` opens the map on the TRIPP area (:func:`corridor.maps.view.tripp_bounds`),
        ``"all"`` on the whole network; buttons switch between the two (a route map opens
        on its routes).

    Returns
    -------
    CorridorMap
        A :class:`folium.Map`; ``m.stats`` counts what was drawn (an overview adds
        ``links_left_out``) and ``m.overview`` describes an overview.
    """
    data = _load(data)
    m = _new_map(data, tiles, self_contained)
    scenario_name, selection = _scenario_selection(data, scenario, scenarios_file)
    show_regions = tiles == "none" if regions is None else regions
    m.stats["regions"] = _add_regions(m, data, show_regions, sea=tiles == "none")
    usable = None if selection is None else selection.links
    if detail is None:
        detail = len(data.links) <= settings.MAP_DETAIL_MAX_LINKS
    kinds = tuple(KIND_LABELS) if detail else tuple(k for k in KIND_LABELS if k != "junction")
    if detail:
        m.stats["links"], m.stats["tripp_links"] = _add_links(m, data, usable, scenario_name)
    else:
        m.stats["links"], m.stats["tripp_links"], m.overview = _add_overview_links(
            m, data, usable, scenario_name,
            settings.MAP_MAX_BYTES if max_bytes is None else max_bytes)
        m.stats["links_left_out"] = m.overview.links_total - m.overview.links_drawn
    m.stats["places"] = _add_places(m, data, selection, scenario_name, kinds)
    m.stats["labels"] = _add_labels(m, data)
    m.stats["names"] = add_name_labels(m, data)
    m.stats["year_stops"] = add_year_slider(m, data) if detail else 0
    set_view(m, data, view)
    m.stats["routes"] = 0
    m.place_kinds = [k for k in kinds if (data.places["kind"] == k).any()]
    m.scenario = scenario_name
    m.place_names = {str(k): str(v) for k, v in data.places["name"].items()}
    if controls:
        finish(m)
    return m


def finish(m: CorridorMap) -> CorridorMap:
    """Add the legend, layer control, plugins and route summary (once).

    :func:`network_map` calls this unless ``controls=False``; call it yourself after adding
    your own layers to such a map. When routes were drawn (:func:`add_route`), the map
    opens on them instead of the whole network.

    Parameters
    ----------
    m
        A map made by :func:`network_map`.

    Returns
    -------
    CorridorMap
        The same map.
    """
    if m.finished:
        return m
    if m.route_bounds and m.fit is not None:  # a route map opens on its routes
        lats, lons = zip(*m.route_bounds, strict=True)
        m.fit.bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        # room for the wider legend (left) and the route box (bottom right)
        m.fit.options.update(paddingTopLeft=(240, 20), paddingBottomRight=(20, 110))
    legend = legend_html("corridor", m.scenario, m.place_kinds, m.route_keys,
                         note=None if m.overview is None else m.overview.note())
    # foldable: a click on "Legend" hides it (open on a big screen)
    Control(f'<details class="corridor-legend-fold" open><summary>Legend</summary>{legend}'
            "</details>", "bottomleft", "corridor-legend").add_to(m)
    if m.route_summaries:
        summary = "<b>Routes</b>" + "".join(f"<div>{s}</div>" for s in m.route_summaries)
        Control(summary, "bottomright", "corridor-legend corridor-route-summary").add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    _add_plugins(m, m.tiles)
    m.finished = True
    return m
