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

Examples
--------
>>> from corridor import maps
>>> m = maps.network_map(tiles="none")                       # doctest: +SKIP
>>> maps.save_map(m, "corridor-map.html", self_contained=True)  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import shapely
import xyzservices
from branca.element import Figure
from shapely.geometry.base import BaseGeometry

from corridor import geodata, scenarios, settings
from corridor._errors import NoRoute
from corridor._io import atomic_write_text
from corridor._map_assets import inline_assets, normalise_ids
from corridor._map_safe import VerbatimMacroElement, protect
from corridor._map_style import (
    CLOSED_COLOR,
    CROSSING_COLORS,
    CSS,
    KIND_LABELS,
    MODE_COLORS,
    NO_TILES_COLOR,
    ROUTE_COLORS,
    SEA_COLOR,
    STATUS_DASH,
    STATUS_GROUPS,
    TRIPP_COLOR,
    Attribution,
    Control,
    LabelZoom,
    MergedLines,
    css_id,
    escape,
    legend_html,
    link_rows,
    marker_html,
    missing,
    place_rows,
    plain,
    table,
)
from corridor.scenarios import Scenario

__all__ = [
    "CLOSED_COLOR",
    "CROSSING_COLORS",
    "MODE_COLORS",
    "ROUTE_COLORS",
    "STATUS_DASH",
    "TILES",
    "TRIPP_COLOR",
    "CorridorMap",
    "MapFile",
    "Overview",
    "add_route",
    "escape",
    "finish",
    "map_html",
    "network_map",
    "route_map",
    "route_summary",
    "save_map",
    "write_map",
]

Tiles = Literal["osm", "light", "none"]

#: Base tiles by short name: (xyzservices provider name, label in the layer control).
#: ``light`` is Esri's grey canvas: CARTO's light tiles now need an API key.
TILES: dict[str, tuple[str, str]] = {
    "osm": ("OpenStreetMap.Mapnik", "OpenStreetMap"),
    "light": ("Esri.WorldGrayCanvas", "Light grey (Esri)"),
}

#: Area labels (Nakhchivan, Syunik, Armenia, TRIPP) show from this zoom level on.
LABEL_MIN_ZOOM = 5.5

_ROUND = 5  # decimals of lon/lat written for links and places (about 1 m)
_REGION_ROUND = 4  # decimals for region outlines (about 10 m; they are generalised anyway)
_OVERVIEW_ROUND = 4  # decimals of overview geometry (about 10 m)
#: Compact GeoJSON bytes per vertex (``[49.1234,37.1234],``) and per line of an overview
#: layer: used to fit the geometry to its budget (checked on the written text).
_VERTEX_BYTES = 18
_LINE_BYTES = 3
#: Share of ``max_bytes`` an overview map gives to link geometry.
_GEOMETRY_SHARE = 0.8
_EARTH_KM = 6371.0088


# --------------------------------------------------------------------------- geometry


def _latlngs(geom: BaseGeometry, decimals: int = _ROUND) -> list[list[list[float]]]:
    """Line parts of a (multi)line as lists of [lat, lon]."""
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return [[[round(y, decimals), round(x, decimals)] for x, y, *_ in part.coords]
            for part in parts]


def _rounded_geojson(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """The geometry as a GeoJSON mapping with coordinates rounded to ``decimals``."""

    def rnd(coords: Any) -> Any:
        if coords and isinstance(coords[0], int | float):
            return [round(float(c), decimals) for c in coords[:2]]
        return [rnd(c) for c in coords]

    geo = geom.__geo_interface__
    return {"type": geo["type"], "coordinates": rnd(geo["coordinates"])}


def _bounds(data: geodata.GeoData) -> list[list[float]]:
    frames = [f for f in (data.links, data.places) if len(f)]
    if not frames:
        return [[38.0, 44.0], [41.0, 48.0]]  # the TRIPP area, for an empty network
    xs0, ys0, xs1, ys1 = zip(*(f.total_bounds for f in frames), strict=True)
    return [[min(ys0), min(xs0)], [max(ys1), max(xs1)]]


# --------------------------------------------------------------------------- the map


class CorridorMap(folium.Map, VerbatimMacroElement):
    """A :class:`folium.Map` that can embed its JavaScript / CSS and reports what it drew.

    Rendering it renders its whole figure verbatim (:func:`corridor._map_safe.protect`):
    text from the data is never evaluated as a template, wherever the map is shown.

    Attributes
    ----------
    self_contained
        When true, rendering (``save``, notebooks, :func:`map_html`) embeds Leaflet's and
        the plugins' JavaScript and CSS instead of linking them.
    stats
        Counts of what was drawn: ``links``, ``places``, ``regions``, ``labels``,
        ``routes``, ``tripp_links``.
    scenario
        Name of the scenario drawn, if any.
    tiles
        The base tiles (``osm``, ``light`` or ``none``).
    route_summaries
        One line of HTML per route drawn (shown in the route box by :func:`finish`).
    overview
        How a big network was simplified (:class:`Overview`), or ``None`` when every link
        was drawn with its popup.
    """

    # Leaflet and jQuery (folium's popups use it); folium's Bootstrap, Font Awesome and
    # awesome-markers are left out: these maps draw their markers with CSS.
    default_js = [  # noqa: RUF012  (folium declares it as a plain list)
        (n, u) for n, u in folium.Map.default_js if n in ("leaflet", "jquery")]
    default_css = [  # noqa: RUF012
        (n, u) for n, u in folium.Map.default_css if n == "leaflet_css"]

    def __init__(self, *args: Any, self_contained: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.self_contained = self_contained
        self.stats: dict[str, int] = {}
        self.scenario: str | None = None
        self.tiles: str = "none"
        self.place_kinds: list[str] = []
        self.route_keys: list[tuple[str, str]] = []
        self.route_summaries: list[str] = []
        self.place_names: dict[str, str] = {}
        self.finished = False
        self.fit: folium.FitBounds | None = None
        self.route_bounds: list[list[float]] = []
        self.overview: Overview | None = None

    def render(self, **kwargs: Any) -> Any:
        """Render into the parent figure, every element verbatim (assets inlined if
        self-contained)."""
        figure = protect(self.get_root())
        out = super().render(**kwargs)
        if self.self_contained and isinstance(figure, Figure):
            inline_assets(figure)
        return out

    def _repr_html_(self, **kwargs: Any) -> str:
        """Notebook display of a copy (folium adds elements while rendering)."""
        if self._parent is None:
            Figure().add_child(self)
        figure = copy.deepcopy(self.get_root())
        assert isinstance(figure, Figure)
        return str(figure._repr_html_(**kwargs))


def _load(data: geodata.GeoData | str | os.PathLike[str] | None) -> geodata.GeoData:
    if isinstance(data, geodata.GeoData):
        return data
    return geodata.load(data)


def _new_map(data: geodata.GeoData, tiles: str, self_contained: bool) -> CorridorMap:
    if tiles not in (*TILES, "none"):
        raise ValueError(f"tiles must be one of {[*TILES, 'none']}, got {tiles!r}")
    m = CorridorMap(location=None, tiles=None, control_scale=True, prefer_canvas=False,
                    self_contained=self_contained, zoom_start=6, zoom_snap=0.25,
                    zoom_delta=0.5)
    m.tiles = tiles
    if tiles != "none":
        provider, label = TILES[tiles]
        folium.TileLayer(xyzservices.providers.query_name(provider), name=label,
                         control=True).add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(CSS), name="corridor_css")
    if tiles == "none":  # neutral grey outside the regions' frame
        root.header.add_child(folium.Element(
            f"<style>.folium-map.leaflet-container {{ background: {NO_TILES_COLOR}; }}</style>"),
            name="corridor_css_no_tiles")
    # keep the left side free for the legend; no zoom animation on opening (a view change
    # asked for during that animation would be dropped by Leaflet)
    fit = folium.FitBounds(_bounds(data), padding_top_left=(175, 20),
                           padding_bottom_right=(50, 20))
    fit.options["animate"] = False
    fit.add_to(m)
    m.fit = fit
    return m


def _scenario_selection(data: geodata.GeoData, scenario: str | Scenario | None,
                        scenarios_file: str | os.PathLike[str] | None = None,
                        ) -> tuple[str | None, scenarios.Selection | None]:
    if scenario is None:
        return None, None
    sc = scenarios.get(scenario, path=scenarios_file, geodata_dir=data.path)
    return sc.name, scenarios.select(data, sc)


def _add_regions(m: folium.Map, data: geodata.GeoData, show: bool, sea: bool) -> int:
    regions = data.regions
    if regions is None or not len(regions):
        return 0
    group = folium.FeatureGroup(name="Regions (Natural Earth)", show=show)
    if sea:  # the regions' frame in sea blue: water is where no region is
        west, south, east, north = (float(v) for v in regions.total_bounds)
        folium.Rectangle([[south, west], [north, east]], stroke=False, fill=True,
                         fill_color=SEA_COLOR, fill_opacity=1, interactive=False,
                         class_name="corridor-sea").add_to(group)
    count = 0
    for rid, row in regions.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty or "Polygon" not in geom.geom_type:
            continue
        label = _region_label(row)
        is_exclave = "nakhchivan" in label.lower()
        feature = {"type": "Feature", "id": str(rid), "properties": {},
                   "geometry": _rounded_geojson(geom, _REGION_ROUND)}
        # One GeoJson layer per region: one SVG path each, with an escaped tooltip
        # (folium's GeoJsonTooltip would insert property values unescaped).
        layer = folium.GeoJson(
            feature, name=None, control=False, className="corridor-region",
            color="#9a8f7a", weight=1, fillColor="#f3e3bd" if is_exclave else "#f4f2ee",
            fillOpacity=0.9 if show else 0.5, fill=True,
        )
        folium.Tooltip(escape(label), sticky=True).add_to(layer)
        layer.add_to(group)
        count += 1
    group.add_to(m)
    Attribution("Boundaries: Natural Earth (public domain)").add_to(m)
    return count


def _region_label(row: Any) -> str:
    for key in ("region", "name", "NAME", "admin", "country"):
        value = row.get(key) if hasattr(row, "get") else None
        if not missing(value):
            if key == "region" and not missing(row.get("country")):
                return f"{value} ({row.get('country')})"
            return str(value)
    return "region"


def _add_links(m: folium.Map, data: geodata.GeoData, usable: frozenset[str] | None,
               scenario_name: str | None) -> tuple[int, int]:
    links = data.links
    lengths = geodata.link_lengths_km(links)
    names = {str(k): str(v) for k, v in data.places["name"].items()}
    groups: dict[str, folium.FeatureGroup] = {}

    def group(label: str) -> folium.FeatureGroup:
        if label not in groups:
            groups[label] = folium.FeatureGroup(name=label, show=True)
        return groups[label]

    # TRIPP halo first, so it lies under the links.
    tripp_ids = [lid for lid, tags in links.get("corridors", {}).items()
                 if not missing(tags) and "tripp" in plain(tags)]
    if tripp_ids:
        halo = folium.FeatureGroup(name="TRIPP corridor (highlight)", show=True)
        for lid in sorted(tripp_ids):
            folium.PolyLine(_latlngs(links.at[lid, "geometry"]), color=TRIPP_COLOR, weight=13,
                            opacity=0.75, class_name="corridor-tripp",
                            interactive=False).add_to(halo)
        halo.add_to(m)

    drawn = 0
    for mode in geodata.MODES:
        for label, statuses in STATUS_GROUPS:
            selected = links[(links["mode"] == mode) & links["status"].isin(statuses)]
            for lid, row in selected.sort_index().iterrows():
                status = str(row["status"])
                dimmed = usable is not None and lid not in usable
                closed = status in ("closed", "dismantled")
                color = CLOSED_COLOR if closed or dimmed else MODE_COLORS[mode]
                dash = "1 4" if dimmed else STATUS_DASH.get(status)
                name = row.get("name")
                title = str(name) if not missing(name) else str(lid)
                layer_label = (f"Not usable in scenario: {escape(scenario_name)}" if dimmed
                               else f"{mode.title()} · {label}")
                line = folium.PolyLine(
                    _latlngs(row.geometry), color=color, weight=2 if dimmed else 3.5,
                    opacity=0.6 if dimmed else 0.9, dash_array=dash,
                    class_name=(f"corridor-link corridor-link-{css_id(lid)} "
                                f"corridor-mode-{mode} corridor-status-{css_id(status)}"),
                )
                tip = f"{title} — {mode}, {status.replace('_', ' ')}, {lengths[lid]:,.0f} km"
                folium.Tooltip(escape(tip), sticky=True).add_to(line)
                folium.Popup(table(title, link_rows(row, float(lengths[lid]), names)),
                             max_width=360).add_to(line)
                line.add_to(group(layer_label))
                drawn += 1
    for g in groups.values():
        g.add_to(m)
    return drawn, len(tripp_ids)


# --------------------------------------------------------------------------- big networks


@dataclass(frozen=True)
class Overview:
    """How :func:`network_map` drew a big network (``m.overview``).

    Attributes
    ----------
    links_total
        Links in the network.
    links_drawn
        Links drawn (the others were left out to keep the page small).
    tolerance_km
        Greatest distance, km, between a drawn line and the link's geometry.
    vertices_in
        Vertices of the drawn links in the data.
    vertices_out
        Vertices written to the page.
    layers
        Merged line layers (one per mode and status, plus the scenario's unusable links).
    geometry_bytes
        Bytes of line geometry written to the page.
    left_out
        What was left out, e.g. ``("tertiary roads (1,234)", "secondary roads up to
        2.1 km long (567)")``.
    junctions_hidden
        Junction markers not drawn.
    """

    links_total: int
    links_drawn: int
    tolerance_km: float
    vertices_in: int
    vertices_out: int
    layers: int
    geometry_bytes: int
    left_out: tuple[str, ...]
    junctions_hidden: int

    def note(self) -> str:
        """The legend's note (HTML): what the overview simplified and left out."""
        parts = [f"{self.links_total:,} links: geometry simplified (within "
                 f"{self.tolerance_km * 1000:,.0f} m) and merged by mode and status; "
                 "no popups per link."]
        if self.left_out:
            parts.append("Left out: " + "; ".join(self.left_out) + ".")
        if self.junctions_hidden:
            parts.append(f"{self.junctions_hidden:,} junctions not shown.")
        parts.append(f"Networks up to {settings.MAP_DETAIL_MAX_LINKS:,} links are drawn "
                     "link by link.")
        return escape(" ".join(parts))


def _lengths_km(geoms: np.ndarray) -> np.ndarray:
    """Great-circle length of every line, km (vectorised; for ranking, not analysis)."""
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    lon, lat = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    a = (np.sin(np.diff(lat) / 2) ** 2
         + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2)
    seg = 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    seg[index[1:] != index[:-1]] = 0.0  # no segment between two lines
    return np.bincount(index[:-1], weights=seg, minlength=len(geoms))[: len(geoms)]


def _drop_ranks(links: gpd.GeoDataFrame) -> tuple[np.ndarray, list[str]]:
    """Rank of every link for leaving links out (highest first) and the label of each rank.

    Rank 0: rail, ferry and roads without an OSM class (curated links); then the road
    classes of :data:`corridor.osm.HIGHWAY_CLASSES` from motorway (1) down; then roads of
    any other class.
    """
    from corridor.osm import HIGHWAY_CLASSES  # here: pyosmium is only needed for big maps

    rank = np.zeros(len(links), dtype=np.int64)
    has_class = "highway" in links.columns
    labels = ["rail, ferry and unclassified links" if has_class else "links",
              *(f"{c} roads" for c in HIGHWAY_CLASSES), "roads of other classes"]
    if has_class:
        order = {c: i + 1 for i, c in enumerate(HIGHWAY_CLASSES)}
        cls = links["highway"]
        road = ((links["mode"] == "road") & cls.notna()
                & (cls.astype(str).str.strip() != "")).to_numpy()
        rank[road] = cls[road].astype(str).map(order).fillna(len(labels) - 1).to_numpy(int)
    return rank, labels


def _fit(cost: np.ndarray, rank: np.ndarray, length: np.ndarray, budget: float,
         labels: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Leave out links, least important and shortest first, until ``cost`` fits ``budget``.

    Returns the mask of links kept and a description of those left out.
    """
    keep = np.ones(len(cost), dtype=bool)
    total = float(cost.sum())
    if total <= budget:
        return keep, ()
    order = np.lexsort((length, -rank))  # highest rank first, shortest first within a rank
    cum = np.cumsum(cost[order])
    n_drop = min(int(np.searchsorted(cum, total - budget, side="left")) + 1, len(order))
    dropped = order[:n_drop]
    keep[dropped] = False
    left_out = []
    for r in sorted(set(rank[dropped].tolist()), reverse=True):
        in_rank = rank == r
        gone = in_rank & ~keep
        n = int(gone.sum())
        if n == int(in_rank.sum()):
            left_out.append(f"{labels[r]} ({n:,})")
        else:
            cut = float(length[gone].max())
            left_out.append(f"{labels[r]} up to {cut:,.1f} km long ({n:,})")
    return keep, tuple(left_out)


def _chain(coords: np.ndarray, first: np.ndarray) -> list[np.ndarray]:
    """Join lines that meet end to end into longer lines (each joint vertex written once).

    ``coords`` holds the lines one after the other, line ``i`` starting at ``first[i]``. A
    greedy walk over the graph of line ends (odd-degree ends first, as in Hierholzer's
    algorithm) uses every line exactly once, reversed where needed.
    """
    n = len(first)
    if n == 0:
        return []
    last = np.append(first[1:], len(coords)) - 1
    _, node = np.unique(np.concatenate([coords[first], coords[last]]), axis=0,
                        return_inverse=True)
    node = node.ravel()
    a, b = node[:n], node[n:]
    not_loop = a != b
    edge = np.concatenate([np.arange(n), np.flatnonzero(not_loop)])
    at = np.concatenate([a, b[not_loop]])
    incident = edge[np.argsort(at, kind="stable")].tolist()
    degree = np.bincount(at, minlength=int(node.max()) + 1)
    ends = np.cumsum(degree)  # the lines at node v: incident[ends[v] - degree[v]:ends[v]]
    cursor, stop = (ends - degree).tolist(), ends.tolist()
    a_list, b_list = a.tolist(), b.tolist()
    used = bytearray(n)
    out: list[np.ndarray] = []
    for start in (*np.flatnonzero(degree % 2).tolist(), *range(len(degree))):
        while True:
            v, pieces = start, list[np.ndarray]()
            while True:  # walk on along unused lines
                k = cursor[v]
                while k < stop[v] and used[incident[k]]:
                    k += 1
                cursor[v] = k
                if k == stop[v]:
                    break
                e = incident[k]
                used[e] = 1
                line = coords[first[e]:last[e] + 1]
                if a_list[e] == v:
                    v = b_list[e]
                else:
                    line, v = line[::-1], a_list[e]
                pieces.append(line if not pieces else line[1:])
            if not pieces:
                break
            out.append(np.concatenate(pieces) if len(pieces) > 1 else pieces[0])
    return out


def _line_parts(geoms: np.ndarray) -> list[list[list[float]]]:
    """Lines as lists of rounded ``[lon, lat]``: vertices repeated by rounding removed,
    lines meeting end to end joined."""
    if not len(geoms):
        return []
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    coords = np.round(coords, _OVERVIEW_ROUND)
    new_line = np.ones(len(coords), dtype=bool)
    new_line[1:] = index[1:] != index[:-1]
    last = np.roll(new_line, -1)  # the last vertex of each line (always kept)
    moved = np.ones(len(coords), dtype=bool)
    moved[1:] = (coords[1:] != coords[:-1]).any(axis=1)
    kept = new_line | last | moved
    coords, new_line = coords[kept], new_line[kept]
    return [part.tolist() for part in _chain(coords, np.flatnonzero(new_line))]


def _add_overview_links(m: CorridorMap, data: geodata.GeoData, usable: frozenset[str] | None,
                        scenario_name: str | None, max_bytes: int) -> tuple[int, int]:
    """Draw a big network's links merged by mode and status; set ``m.overview``."""
    links = data.links
    geoms_in = np.asarray(links.geometry)
    vertices_in = shapely.get_num_coordinates(geoms_in)
    length = _lengths_km(geoms_in)
    rank, labels = _drop_ranks(links)
    budget = _GEOMETRY_SHARE * max_bytes
    # Douglas-Peucker in degrees (tolerance converted at the mean latitude); the ends of
    # every line are kept, so lines still meet. Display only: topology is not preserved.
    lat = float(np.nanmean(shapely.bounds(geoms_in)[:, [1, 3]])) if len(links) else 0.0
    km_per_degree = _EARTH_KM * np.pi / 180.0 * max(np.cos(np.radians(lat)), 0.1)
    cache: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def attempt(tolerance: float) -> tuple[np.ndarray, np.ndarray]:
        """Simplified lines and the estimated bytes of each."""
        if tolerance not in cache:
            simple = shapely.simplify(geoms_in, tolerance / km_per_degree,
                                      preserve_topology=False)
            # joined lines share their end vertices: about one vertex per line less
            cost = (shapely.get_num_coordinates(simple) - 1) * _VERTEX_BYTES + _LINE_BYTES
            cache[tolerance] = simple, cost.astype(float)
        return cache[tolerance]

    def choose(factor: float) -> float:
        """The finest tolerance that fits, else the coarsest (tried second)."""
        tolerances = sorted(settings.MAP_OVERVIEW_TOLERANCES_KM)
        if attempt(tolerances[0])[1].sum() * factor <= budget or len(tolerances) == 1:
            return tolerances[0]
        if attempt(tolerances[-1])[1].sum() * factor > budget:
            return tolerances[-1]
        return next(t for t in tolerances[1:] if attempt(t)[1].sum() * factor <= budget)

    dimmed = (np.zeros(len(links), dtype=bool) if usable is None
              else ~links.index.isin(list(usable)))
    modes = links["mode"].to_numpy()
    statuses = links["status"].astype(str).to_numpy()
    layers: list[tuple[str, MergedLines]] = []
    factor = 1.0  # written bytes / estimated bytes, learnt when the estimate was low
    for _ in range(6):  # the byte estimate is checked on the text written
        tolerance = choose(factor)
        simple, cost = attempt(tolerance)
        keep, left_out = _fit(cost * factor, rank, length, budget, labels)
        layers = []
        for mode in geodata.MODES:
            for label, group_statuses in STATUS_GROUPS:
                for status in group_statuses:
                    mask = keep & ~dimmed & (modes == mode) & (statuses == status)
                    if not mask.any():
                        continue
                    closed = status in ("closed", "dismantled")
                    options = {
                        "color": CLOSED_COLOR if closed else MODE_COLORS[mode],
                        "weight": 2.5, "opacity": 0.9,
                        "dashArray": STATUS_DASH.get(status),
                        "className": (f"corridor-overview-lines corridor-mode-{mode} "
                                      f"corridor-status-{css_id(status)}"),
                    }
                    tip = (f"{mode.title()} · {status.replace('_', ' ')}: "
                           f"{int(mask.sum()):,} links (overview, no popups)")
                    layers.append((f"{mode.title()} · {label}",
                                   MergedLines(_line_parts(simple[mask]), options, escape(tip))))
        mask = keep & dimmed
        if mask.any():
            options = {"color": CLOSED_COLOR, "weight": 1.5, "opacity": 0.6, "dashArray": "1 4",
                       "className": "corridor-overview-lines corridor-unusable"}
            tip = f"Not usable in scenario {scenario_name}: {int(mask.sum()):,} links"
            layers.append((f"Not usable in scenario: {escape(scenario_name)}",
                           MergedLines(_line_parts(simple[mask]), options, escape(tip))))
        written = sum(len(layer.geojson_json) for _, layer in layers)
        if written <= budget:
            break
        factor *= 1.02 * written / max(float(cost[keep].sum()) * factor, 1.0)

    tripp = np.array([not missing(t) and "tripp" in plain(t)
                      for t in links.get("corridors", [None] * len(links))], dtype=bool)
    if tripp.any():  # the TRIPP halo first, so it lies under the links
        halo = folium.FeatureGroup(name="TRIPP corridor (highlight)", show=True)
        MergedLines(_line_parts(simple[tripp]),
                    {"color": TRIPP_COLOR, "weight": 13, "opacity": 0.75,
                     "className": "corridor-tripp", "interactive": False}).add_to(halo)
        halo.add_to(m)
    groups: dict[str, folium.FeatureGroup] = {}
    for label, layer in layers:
        if label not in groups:
            groups[label] = folium.FeatureGroup(name=label, show=True)
        layer.add_to(groups[label])
    for g in groups.values():
        g.add_to(m)
    m.overview = Overview(
        links_total=len(links), links_drawn=int(keep.sum()), tolerance_km=float(tolerance),
        vertices_in=int(vertices_in[keep].sum()),
        vertices_out=sum(len(p) for _, layer in layers for p in layer.geometry["coordinates"]),
        layers=len(layers), geometry_bytes=int(written), left_out=left_out,
        junctions_hidden=int((data.places["kind"] == "junction").sum()))
    return int(keep.sum()), int(tripp.sum())


def _add_places(m: folium.Map, data: geodata.GeoData, selection: scenarios.Selection | None,
                scenario_name: str | None, kinds: Sequence[str] = tuple(KIND_LABELS)) -> int:
    places = data.places
    count = 0
    for kind, label in KIND_LABELS.items():
        if kind not in kinds:
            continue
        selected = places[places["kind"] == kind].sort_index()
        if not len(selected):
            continue
        group = folium.FeatureGroup(name=label, show=True)
        for pid, row in selected.iterrows():
            state = None
            if kind == "border_crossing":
                if selection is not None:
                    state = "open" if pid in selection.crossings else "closed"
                    color = CROSSING_COLORS[state]
                else:
                    color = CROSSING_COLORS.get(str(row.get("status")), "#999")
                size = 14
            else:
                color, size = None, {"city": 13, "port": 15}.get(kind, 9)
            icon = folium.DivIcon(
                html=marker_html(kind, color, size), icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name=f"corridor-place corridor-place-{css_id(pid)}",
            )
            marker = folium.Marker([round(row.geometry.y, _ROUND), round(row.geometry.x, _ROUND)],
                                   icon=icon)
            status = row.get("status")
            detail = str(kind).replace("_", " ")
            if kind == "border_crossing":
                detail += f", {state or status}"
            folium.Tooltip(escape(f"{row['name']} ({detail})"), sticky=False).add_to(marker)
            folium.Popup(table(str(row["name"]), place_rows(row, state)),
                         max_width=360).add_to(marker)
            marker.add_to(group)
            count += 1
        group.add_to(m)
    return count


def _label_points(data: geodata.GeoData) -> list[tuple[str, str, float, float]]:
    """(text, css class, lat, lon) of the area labels, positioned from the data."""
    out: list[tuple[str, str, float, float]] = []
    regions = data.regions
    places = data.places

    def from_regions(mask: Any) -> tuple[float, float] | None:
        if regions is None or not len(regions) or not mask.any():
            return None
        geom = regions[mask].geometry.union_all()
        point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        return point.y, point.x

    def from_places(mask: Any) -> tuple[float, float] | None:
        if not mask.any():
            return None
        pts = places[mask].geometry
        return float(pts.y.mean()), float(pts.x.mean())

    def region_mask(word: str) -> Any:
        assert regions is not None
        texts = regions.apply(_region_label, axis=1).str.lower()
        return texts.str.contains(word.lower(), regex=False)

    has_regions = regions is not None and len(regions) > 0
    region_col = places.get("region")
    for text, word, css in (("Nakhchivan AR\nAzerbaijani exclave", "Nakhchivan",
                             "corridor-label-exclave"),
                            ("Syunik\nArmenia", "Syunik", "")):
        pos = from_regions(region_mask(word)) if has_regions else None
        if pos is None and region_col is not None:
            # no polygon: beside the mean of the region's places (not on top of them)
            pos = from_places(region_col.fillna("").str.contains(word, regex=False))
            css += " corridor-label-beside"
        if pos is not None:
            out.append((text, css.strip(), *pos))
    if has_regions and regions is not None:
        country = regions.get("country")
        if country is not None:
            mask = (country == "ARM") & ~region_mask("Syunik")
            pos = from_regions(mask)
            if pos is not None:
                out.append(("ARMENIA", "", *pos))
    links = data.links
    if "corridors" in links:
        tripp = links[links["corridors"].apply(lambda t: not missing(t) and "tripp" in plain(t))]
        # TRIPP proper is the crossing of southern Armenia: label its Armenian links if any
        in_armenia = tripp[tripp["country"] == "ARM"] if "country" in tripp else tripp[:0]
        chosen = in_armenia if len(in_armenia) else tripp
        if len(chosen):
            c = chosen.geometry.union_all().centroid
            out.append(("TRIPP", "corridor-label-tripp", c.y, c.x))
    return out


def _lines(text: str) -> str:
    """Escaped label text; the first line in full size, the others smaller."""
    first, *rest = text.split("\n")
    return escape(first) + "".join(f"<br><small>{escape(r)}</small>" for r in rest)


def _add_labels(m: folium.Map, data: geodata.GeoData) -> int:
    points = _label_points(data)
    if not points:
        return 0
    # Labels in their own pane: above the lines, below the place markers.
    folium.map.CustomPane("corridor-labels", z_index=450, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name="Labels", show=True)
    for text, css, lat, lon in points:
        folium.Marker(
            [round(lat, 4), round(lon, 4)], interactive=False, pane="corridor-labels",
            icon=folium.DivIcon(html=f'<span class="corridor-label-text {css}">{_lines(text)}'
                                "</span>", icon_size=(0, 0), class_name="corridor-label"),
        ).add_to(group)
    group.add_to(m)
    LabelZoom(LABEL_MIN_ZOOM).add_to(m)
    return len(points)


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
        m.stats["links"], m.stats["tripp_links"] = _add_overview_links(
            m, data, usable, scenario_name,
            settings.MAP_MAX_BYTES if max_bytes is None else max_bytes)
        assert m.overview is not None
        m.stats["links_left_out"] = m.overview.links_total - m.overview.links_drawn
    m.stats["places"] = _add_places(m, data, selection, scenario_name, kinds)
    m.stats["labels"] = _add_labels(m, data)
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
    Control(legend, "bottomleft", "corridor-legend").add_to(m)
    if m.route_summaries:
        summary = "<b>Routes</b>" + "".join(f"<div>{s}</div>" for s in m.route_summaries)
        Control(summary, "bottomright", "corridor-legend corridor-route-summary").add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    _add_plugins(m, m.tiles)
    m.finished = True
    return m


# --------------------------------------------------------------------------- routes


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
        """The legs with geometry, mode and link id."""
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
    from corridor import routing  # imported here: maps works without routing

    data = _load(data)
    first_sc = scenarios.get(scenario, path=scenarios_file, geodata_dir=data.path)
    m = network_map(data, scenario=first_sc, tiles=tiles, self_contained=self_contained,
                    controls=False)
    kwargs: dict[str, Any] = {"data": data}
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


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class MapFile:
    """A map written to disk.

    Attributes
    ----------
    path
        The HTML file.
    size_bytes
        Its size in bytes.
    self_contained
        Whether Leaflet and the plugins are embedded.
    stats
        What was drawn (see :attr:`CorridorMap.stats`).
    """

    path: Path
    size_bytes: int
    self_contained: bool
    stats: dict[str, int]

    def describe(self) -> str:
        """One line for the command line: path, size, what is drawn."""
        mb = self.size_bytes / 1e6
        what = ", ".join(f"{self.stats.get(k, 0)} {k}"
                         for k in ("links", "places", "regions", "routes"))
        mode = "self-contained" if self.self_contained else "needs internet for Leaflet"
        if "links_left_out" in self.stats:
            what += f"; overview of a big network, {self.stats['links_left_out']} links left out"
        return f"wrote {self.path} ({mb:.2f} MB, {mode}; {what})"


def map_html(m: folium.Map, *, self_contained: bool | None = None) -> str:
    """Return the map's full HTML page.

    Parameters
    ----------
    m
        A map from this module (any folium map works, without the corridor extras).
    self_contained
        Embed the JavaScript / CSS; default: as the map was made.

    Returns
    -------
    str
        The HTML; the same map gives the same text.
    """
    previous = getattr(m, "self_contained", False)
    if self_contained is not None:
        m.self_contained = self_contained  # type: ignore[attr-defined]
    try:
        # Render a copy: folium adds elements while rendering, so rendering the same
        # figure twice would not give the same page.
        root = copy.deepcopy(m.get_root())
        return normalise_ids(str(root.render()), root)
    finally:
        if self_contained is not None:
            m.self_contained = previous  # type: ignore[attr-defined]


def save_map(m: folium.Map, path: str | os.PathLike[str], *,
             self_contained: bool | None = None) -> MapFile:
    """Write the map as one HTML file (atomically).

    Parameters
    ----------
    m
        The map.
    path
        Destination file (``.html``); its folder is created if missing.
    self_contained
        Embed the JavaScript / CSS; default: as the map was made.

    Returns
    -------
    MapFile
        Path, size in bytes and what was drawn.
    """
    text = map_html(m, self_contained=self_contained)
    dest = atomic_write_text(path, text)
    embedded = bool(getattr(m, "self_contained", False) if self_contained is None
                    else self_contained)
    stats = dict(getattr(m, "stats", {}))
    return MapFile(dest, len(text.encode("utf-8")), embedded, stats)


def write_map(
    path: str | os.PathLike[str] = "corridor-map.html",
    *,
    data: geodata.GeoData | str | os.PathLike[str] | None = None,
    scenario: str | None = None,
    route: tuple[str, str] | None = None,
    compare: str | None = None,
    modes: str | Sequence[str] | None = None,
    tiles: Tiles = "osm",
    self_contained: bool = False,
    scenarios_file: str | os.PathLike[str] | None = None,
) -> MapFile:
    """Make the network map (or a route map when ``route`` is given) and save it.

    This is what ``corridor map`` runs.

    Parameters
    ----------
    path
        Destination HTML file.
    data
        Geodata, a geodata folder or ``None`` for the default.
    scenario
        Scenario of the network / route (a route defaults to ``"today"``).
    route
        ``(origin, destination)`` to draw a route.
    compare
        Second scenario for the route (needs ``route``).
    modes
        Modes the route may use.
    tiles, self_contained, scenarios_file
        As for :func:`network_map`.

    Returns
    -------
    MapFile
        Path, size and counts.
    """
    if route is not None:
        m = route_map(route[0], route[1], scenario=scenario or "today", compare=compare,
                      modes=modes, data=data, tiles=tiles, self_contained=self_contained,
                      scenarios_file=scenarios_file)
    else:
        if compare is not None:
            raise ValueError("compare needs a route (origin and destination)")
        m = network_map(data, scenario=scenario, tiles=tiles, self_contained=self_contained,
                        scenarios_file=scenarios_file)
    return save_map(m, path)
