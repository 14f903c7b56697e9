"""Interactive folium maps of the network, routes and scenarios.

Every function returns a :class:`folium.Map`, so a notebook shows it inline; :func:`save_map`
writes it as one HTML file (atomically, byte-identical for the same inputs), optionally
*self-contained*: Leaflet's and the plugins' JavaScript and CSS embedded, so that with
``tiles="none"`` the map renders with no internet at all.

Layers (each toggleable in the layer control):

* links by mode (rail, road, ferry) and status: operating solid, under construction and
  planned dashed, closed and dismantled grey;
* the TRIPP corridor (links tagged ``tripp``) under a wide halo;
* places by kind, each kind with its own marker shape; border crossings coloured by status
  (or, with a scenario, by whether the scenario opens them);
* labels for Nakhchivan, Syunik, Armenia and TRIPP;
* the regions basemap (country / exclave polygons) when the geodata has one: on by default
  with ``tiles="none"``.

Every text that comes from the data is HTML-escaped before it reaches the page, where it
sits in JSON strings; rendering never treats it as template source (see docs/security.md).

A network bigger than :data:`corridor.settings.MAP_DETAIL_MAX_LINKS` links (e.g. one built
from an OpenStreetMap extract) is drawn as an *overview* so that the page stays usable:
geometry simplified and merged into one layer per mode and status (no per-link popups),
junction markers left out, and, when the geometry would still exceed its share of
:data:`corridor.settings.MAP_MAX_BYTES`, the least important links (minor road classes
first, shortest first) left out; the legend says what was simplified and left out.

Modules: :mod:`~corridor.maps.network` (the network map), :mod:`~corridor.maps.overview`
(big networks), :mod:`~corridor.maps.route` (route maps), :mod:`~corridor.maps.output`
(HTML and files), :mod:`~corridor.maps.base` (the map object), :mod:`~corridor.maps.layers`,
:mod:`~corridor.maps.style`, :mod:`~corridor.maps.popups`, :mod:`~corridor.maps.legend`,
:mod:`~corridor.maps.elements`, :mod:`~corridor.maps.safe` (rendering data never as
template source) and :mod:`~corridor.maps.assets` (offline assets, deterministic ids).

Examples
--------
>>> from corridor import maps
>>> m = maps.network_map(tiles="none")                       # doctest: +SKIP
>>> maps.save_map(m, "corridor-map.html", self_contained=True)  # doctest: +SKIP
"""

from __future__ import annotations

from corridor._errors import MissingAsset
from corridor.maps.base import TILES, CorridorMap, Tiles
from corridor.maps.layers import LABEL_MIN_ZOOM
from corridor.maps.network import finish, network_map
from corridor.maps.output import MapFile, map_html, save_map, write_map
from corridor.maps.overview import Overview, simplify_for_display
from corridor.maps.overview import _chain as _chain  # used by the tests
from corridor.maps.route import RouteLike, add_route, route_map, route_summary
from corridor.maps.style import (
    CLOSED_COLOR,
    CROSSING_COLORS,
    KIND_LABELS,
    MODE_COLORS,
    ROUTE_COLORS,
    STATUS_DASH,
    STATUS_GROUPS,
    TRIPP_COLOR,
    escape,
)
from corridor.maps.view import add_name_labels, set_view, tripp_bounds
from corridor.maps.years import add_year_slider, year_stops

__all__ = [
    "CLOSED_COLOR",
    "CROSSING_COLORS",
    "KIND_LABELS",
    "LABEL_MIN_ZOOM",
    "MODE_COLORS",
    "ROUTE_COLORS",
    "STATUS_DASH",
    "STATUS_GROUPS",
    "TILES",
    "TRIPP_COLOR",
    "CorridorMap",
    "MapFile",
    "MissingAsset",
    "Overview",
    "RouteLike",
    "Tiles",
    "add_name_labels",
    "add_route",
    "add_year_slider",
    "escape",
    "finish",
    "map_html",
    "network_map",
    "route_map",
    "route_summary",
    "save_map",
    "set_view",
    "simplify_for_display",
    "tripp_bounds",
    "write_map",
    "year_stops",
]
