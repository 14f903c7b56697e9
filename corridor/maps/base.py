"""The map object (:class:`CorridorMap`), base tiles and the geometry written to the page."""

from __future__ import annotations

import copy
import os
from typing import Any, Literal

import folium
import xyzservices
from branca.element import Figure
from shapely.geometry.base import BaseGeometry

from corridor import geodata
from corridor.maps.assets import inline_assets
from corridor.maps.overview import Overview
from corridor.maps.safe import VerbatimMacroElement, protect
from corridor.maps.style import CSS, NO_TILES_COLOR

Tiles = Literal["osm", "light", "none"]

#: Base tiles by short name: (xyzservices provider name, label in the layer control).
#: ``light`` is Esri's grey canvas: CARTO's light tiles now need an API key.
TILES: dict[str, tuple[str, str]] = {
    "osm": ("OpenStreetMap.Mapnik", "OpenStreetMap"),
    "light": ("Esri.WorldGrayCanvas", "Light grey (Esri)"),
}

_ROUND = 5  # decimals of lon/lat written for links and places (about 1 m)

_REGION_ROUND = 4  # decimals for region outlines (about 10 m; they are generalised anyway)


def _latlngs(geom: BaseGeometry, decimals: int = _ROUND) -> list[list[list[float]]]:
    """Line parts of a (multi)line as lists of [lat, lon]."""
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return [[[round(y, decimals), round(x, decimals)] for x, y, *_ in part.coords]
            for part in parts]


def _rounded_geojson(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """Return the geometry as a GeoJSON mapping with coordinates rounded to ``decimals``."""

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


class CorridorMap(folium.Map, VerbatimMacroElement):
    """A :class:`folium.Map` that can embed its JavaScript / CSS and reports what it drew.

    Rendering it renders its whole figure verbatim (:func:`corridor.maps.safe.protect`):
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
        """Render into the parent figure, every element verbatim.

        Leaflet's and the plugins' assets are inlined when the map is self-contained.
        """
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
