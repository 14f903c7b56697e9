"""The map's opening view (the TRIPP area), its view buttons and permanent name labels.

:func:`tripp_bounds` is the TRIPP area of the data (its ``tripp`` / ``tripp_access`` links,
padded); :class:`ViewButtons` are the "TRIPP area" / "whole corridor" buttons;
:func:`add_name_labels` writes the names of the main cities (the places with the most links)
and of the countries on the map, shown from a zoom level on and hidden where they would
overlap a more important label.
"""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template

from corridor import geodata
from corridor.maps.safe import VerbatimMacroElement, js_json
from corridor.maps.style import escape, missing

#: Corridor tags of the links that make up the TRIPP area.
TRIPP_TAGS = ("tripp", "tripp_access")
#: Degrees added on each side of the TRIPP links' bounds.
TRIPP_PAD_DEG = 1.0
#: Zoom from which country names show, and from which city names show.
COUNTRY_LABEL_ZOOM = 4.0
CITY_LABEL_ZOOM = 6.0
#: Most city labels drawn (the places with the most links first).
MAX_CITY_LABELS = 40
#: CSS of the view buttons, the name labels and the folding legend.
VIEW_CSS = """<style>
.corridor-view-buttons button { display: block; width: 100%; margin: 0 0 2px; padding: 3px 7px;
  font: 12px sans-serif; background: #fff; border: 1px solid #bbb; border-radius: 3px;
  cursor: pointer; text-align: left; }
.corridor-view-buttons button:hover { background: #f0f0f0; }
.corridor-name { font: 11px/1.1 sans-serif; color: #222; white-space: nowrap;
  transform: translate(8px, -50%); text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;
  pointer-events: none; display: inline-block; }
.corridor-name.corridor-name-country { font: 600 13px/1.1 sans-serif; color: #6b6355;
  letter-spacing: .12em; text-transform: uppercase; transform: translate(-50%, -50%); }
.corridor-name-hidden { visibility: hidden; }
details.corridor-legend-fold > summary { cursor: pointer; font-weight: 600; }
details.corridor-legend-fold:not([open]) { padding: 0; }
</style>"""


def tripp_bounds(data: geodata.GeoData, pad: float = TRIPP_PAD_DEG
                 ) -> list[list[float]] | None:
    """Return ``[[south, west], [north, east]]`` of the TRIPP links, padded; ``None`` if none.

    Parameters
    ----------
    data
        Loaded geodata.
    pad
        Degrees added on each side.

    Returns
    -------
    list or None
        Leaflet bounds of the links tagged ``tripp`` or ``tripp_access``.
    """
    links = data.links
    if "corridors" not in links or not len(links):
        return None
    tagged = links[links["corridors"].apply(
        lambda tags: isinstance(tags, list | tuple) and any(t in TRIPP_TAGS for t in tags))]
    if not len(tagged):
        return None
    west, south, east, north = (float(v) for v in tagged.total_bounds)
    return [[round(south - pad, 4), round(west - pad, 4)],
            [round(north + pad, 4), round(east + pad, 4)]]


class ViewButtons(VerbatimMacroElement):
    """A control with one button per named view (e.g. "TRIPP area", "Whole corridor")."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var views = {{ this.views_json }};
            var box = L.control({position: "topright"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "leaflet-bar corridor-view-buttons");
                views.forEach(function (v) {
                    var b = L.DomUtil.create("button", "corridor-view-" + v[0], div);
                    b.type = "button";
                    b.textContent = v[1];
                    b.title = "Show " + v[1].toLowerCase();
                    L.DomEvent.on(b, "click", function (e) {
                        L.DomEvent.stop(e);
                        map.fitBounds(v[2], {animate: false});
                    });
                });
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            box.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, views: list[tuple[str, str, list[list[float]]]]) -> None:
        super().__init__()
        self._name = "CorridorViewButtons"
        self.views_json = js_json([list(v) for v in views], compact=True)


class NameLabels(VerbatimMacroElement):
    """Shows each name label from its zoom on; hides one overlapping a label drawn first."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function place() {
                var z = map.getZoom(), kept = [];
                var labels = map.getContainer().querySelectorAll(".corridor-name");
                labels.forEach(function (el) {
                    var show = z >= parseFloat(el.dataset.minZoom);
                    el.classList.toggle("corridor-name-hidden", !show);
                    if (!show) { return; }
                    var r = el.getBoundingClientRect();
                    var clash = kept.some(function (k) {
                        return r.left < k.right + 2 && r.right > k.left - 2 &&
                               r.top < k.bottom + 1 && r.bottom > k.top - 1;
                    });
                    el.classList.toggle("corridor-name-hidden", clash);
                    if (!clash) { kept.push(r); }
                });
            }
            map.on("zoomend moveend", place);
            map.whenReady(function () { setTimeout(place, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CorridorNameLabels"


def _country_points(data: geodata.GeoData) -> list[tuple[str, float, float]]:
    """Return (name, lat, lon) of each country of the regions with a place of the network."""
    regions = data.regions
    if regions is None or not len(regions) or "country" not in regions:
        return []
    used = set(data.places.get("country", []))
    # countries the area labels of corridor.maps.layers already name (e.g. ARMENIA)
    from corridor.maps.layers import _label_points

    named = {text.split("\n")[0].lower() for text, *_ in _label_points(data)}
    out = []
    for iso, part in regions[regions["country"].isin(used)].groupby("country", sort=True):
        main = part[part["region"].isna()] if "region" in part else part
        geom = (main if len(main) else part).geometry.union_all()
        point = geom.representative_point()
        name = str(main["name"].iloc[0]) if len(main) else str(iso)
        if name.lower() not in named:
            out.append((name, point.y, point.x))
    return out


def _city_points(data: geodata.GeoData) -> list[tuple[str, float, float]]:
    """Return (name, lat, lon) of the cities and ports, the most linked first."""
    places = data.places
    links = data.links
    degree: dict[str, int] = {}
    for key in ("from", "to"):
        for pid in links.get(key, []):
            degree[str(pid)] = degree.get(str(pid), 0) + 1
    chosen = places[places["kind"].isin(("city", "port"))]
    order = sorted(chosen.index, key=lambda pid: (-degree.get(str(pid), 0), str(pid)))
    out = []
    for pid in order[:MAX_CITY_LABELS]:
        row = chosen.loc[pid]
        name = row["name"]
        text = str(name).split(" (")[0] if not missing(name) else str(pid)
        out.append((text, float(row.geometry.y), float(row.geometry.x)))
    return out


def add_name_labels(m: folium.Map, data: geodata.GeoData) -> int:
    """Write the country names and the main cities' names on the map (permanent labels).

    Country names (of the countries the network's places are in) show from
    :data:`COUNTRY_LABEL_ZOOM`, city and port names (the :data:`MAX_CITY_LABELS` places with
    the most links, most linked first) from :data:`CITY_LABEL_ZOOM`; a label that would
    overlap one drawn before it is hidden (countries first, then cities by links).

    Parameters
    ----------
    m
        A map of :func:`corridor.maps.network_map`.
    data
        Its geodata.

    Returns
    -------
    int
        The number of labels written.
    """
    points: list[tuple[str, str, float, float, float]] = [
        (name, "corridor-name corridor-name-country", COUNTRY_LABEL_ZOOM, lat, lon)
        for name, lat, lon in _country_points(data)]
    points += [(name, "corridor-name corridor-name-city", CITY_LABEL_ZOOM, lat, lon)
               for name, lat, lon in _city_points(data)]
    if not points:
        return 0
    folium.map.CustomPane("corridor-names", z_index=640, pointer_events=False).add_to(m)
    group = folium.FeatureGroup(name="Names of cities and countries", show=True)
    for text, css, zoom, lat, lon in points:
        html = f'<span class="{css}" data-min-zoom="{zoom:g}">{escape(text)}</span>'
        folium.Marker([round(lat, 4), round(lon, 4)], interactive=False, pane="corridor-names",
                      icon=folium.DivIcon(html=html, icon_size=(0, 0),
                                          class_name="corridor-name-icon")).add_to(group)
    group.add_to(m)
    NameLabels().add_to(m)
    return len(points)


def set_view(m: Any, data: geodata.GeoData, view: str) -> None:
    """Open the map on the TRIPP area (``view="tripp"``) or the whole network (``"all"``).

    Adds the buttons to switch between the two. A map without TRIPP links opens on the
    whole network whatever ``view`` says.

    Parameters
    ----------
    m
        A :class:`corridor.maps.base.CorridorMap`.
    data
        Its geodata.
    view
        ``"tripp"`` or ``"all"``.
    """
    if view not in ("tripp", "all"):
        raise ValueError(f"view must be 'tripp' or 'all', got {view!r}")
    root = m.get_root()
    root.header.add_child(folium.Element(VIEW_CSS), name="corridor_view_css")
    whole = m.fit.bounds if m.fit is not None else None
    tripp = tripp_bounds(data)
    views: list[tuple[str, str, list[list[float]]]] = []
    if tripp is not None:
        views.append(("tripp", "TRIPP area", tripp))
    if whole is not None:
        views.append(("all", "Whole corridor", [list(map(float, p)) for p in whole]))
    if view == "tripp" and tripp is not None and m.fit is not None:
        m.fit.bounds = tripp
    if len(views) > 1:
        ViewButtons(views).add_to(m)
