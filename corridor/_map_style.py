"""How the maps look: colours, line styles, marker shapes, CSS, legend, popups, escaping.

Everything here produces HTML text or Leaflet elements from data and constants; nothing
decides *what* is drawn (that is :mod:`corridor.maps`). Every value that comes from the
data passes through :func:`escape` before it reaches the page.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from folium.template import Template

from corridor._map_safe import VerbatimMacroElement, js_json

#: Line colour by mode.
MODE_COLORS = {"rail": "#b2182b", "road": "#2166ac", "ferry": "#1b9e77"}
#: Colour of closed and dismantled links.
CLOSED_COLOR = "#8c8c8c"
#: Dash pattern (SVG ``stroke-dasharray``) by link status; ``None`` draws a solid line.
STATUS_DASH: dict[str, str | None] = {
    "operating": None,
    "under_construction": "10 6",
    "planned": "4 6",
    "closed": None,
    "dismantled": "2 5",
}
#: Colour of a border crossing by status.
CROSSING_COLORS = {
    "open": "#1a9850",
    "under_construction": "#fdae61",
    "planned": "#fee08b",
    "closed": "#d73027",
}
#: Water inside the regions' frame, and the background outside it (maps without tiles).
SEA_COLOR = "#d5e5ef"
NO_TILES_COLOR = "#eceeef"
#: Halo under the TRIPP links.
TRIPP_COLOR = "#ffcc00"
#: Colours of a route and of the route it is compared with.
ROUTE_COLORS = ("#6a3d9a", "#e7298a")
#: Marker shape by place kind (CSS class suffix; shapes defined in the map's stylesheet).
KIND_LABELS = {
    "city": "Cities",
    "port": "Ports",
    "station": "Stations",
    "junction": "Junctions",
    "border_crossing": "Border crossings",
}
#: Status groups drawn as separate layers (layer label, statuses).
STATUS_GROUPS = (
    ("operating", ("operating",)),
    ("under construction / planned", ("under_construction", "planned")),
    ("closed / dismantled", ("closed", "dismantled")),
)


# --------------------------------------------------------------------------- escaping


def escape(value: Any) -> str:
    """Return ``value`` as text safe inside HTML (and inside JS template literals).

    ``html.escape`` handles ``< > & " '``. Backticks, ``$`` and backslashes are replaced by
    character references as well: the maps hand HTML to JavaScript as JSON strings
    (:mod:`corridor._map_safe`), but folium's own templates use template literals, so
    escaped text stays inert there too.

    Parameters
    ----------
    value
        Any value; ``str(value)`` is escaped.

    Returns
    -------
    str
        The escaped text.
    """
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, list | tuple) and not value:
        return True
    return bool(hasattr(value, "__len__") and not isinstance(value, str) and len(value) == 0)


def plain(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") else value


def css_id(value: Any) -> str:
    """A data id as a CSS class suffix (ids are ``[a-z0-9_]+`` already; anything else is
    replaced, so a class attribute can never be broken out of)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(value))


def links_html(urls: str) -> str:
    """Source URLs as links; anything that is not http(s) is shown as text."""
    parts = []
    for url in str(urls).split():
        if url.startswith(("https://", "http://")):
            host = url.split("/")[2]
            parts.append(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
                         f"{escape(host)}</a>")
        else:
            parts.append(escape(url))
    return " ".join(parts)


def table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """A popup: an escaped title and rows of (label, already-escaped HTML value)."""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<div class="corridor-popup"><b>{escape(title)}</b><table>{body}</table></div>'


# --------------------------------------------------------------------------- popups


def link_rows(row: Any, length_km: float,
              place_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Popup rows of a link (``row`` from the links frame; ``length_km`` geodesic)."""
    names = place_names or {}
    ends = [names.get(str(row[k]), str(row[k])) for k in ("from", "to")]
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("between", escape(f"{ends[0]} – {ends[1]}"))]
    rows.append(("mode", escape(row["mode"])))
    rows.append(("status", escape(str(row["status"]).replace("_", " "))))
    for key, label in (("opened", "opened"), ("expected", "expected")):
        value = row.get(key)
        if not missing(value):
            rows.append((label, escape(int(value))))
    rows.append(("length", f"{length_km:,.1f} km (geodesic)"))
    published = row.get("length_km_published")
    if not missing(published):
        rows.append(("published length", f"{escape(published)} km"))
    gauge = row.get("gauge_mm")
    if not missing(gauge):
        rows.append(("gauge", f"{escape(int(gauge))} mm"))
    for key in ("tracks", "electrified", "country", "confidence"):
        value = row.get(key)
        if not missing(value):
            rows.append((key, escape(plain(value))))
    corridors = row.get("corridors")
    if not missing(corridors):
        rows.append(("corridors", escape(", ".join(map(str, plain(corridors))))))
    for key in ("sailing_h", "headway_h"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_h", " (h)"), escape(value)))
    for key in ("confidence_note", "note"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_", " "), escape(value)))
    if not missing(row.get("source")):
        rows.append(("source", links_html(row["source"])))
    if not missing(row.get("geometry_source")):
        rows.append(("geometry source", links_html(row["geometry_source"])))
    return rows


def place_rows(row: Any, scenario_state: str | None) -> list[tuple[str, str]]:
    """Popup rows of a place (``scenario_state``: open / closed in the scenario drawn)."""
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("kind", escape(str(row["kind"]).replace("_", " ")))]
    alt = row.get("alt_names")
    if not missing(alt):
        rows.append(("also", escape(", ".join(map(str, plain(alt))))))
    for key in ("country", "region"):
        value = row.get(key)
        if not missing(value):
            rows.append((key, escape(value)))
    if row["kind"] == "border_crossing":
        countries = row.get("countries")
        if not missing(countries):
            rows.append(("joins", escape(" – ".join(map(str, plain(countries))))))
        if not missing(row.get("status")):
            rows.append(("status", escape(str(row["status"]).replace("_", " "))))
        if scenario_state is not None:
            rows.append(("in scenario", escape(scenario_state)))
        modes = row.get("crossing_modes")
        if not missing(modes):
            rows.append(("modes", escape(", ".join(map(str, plain(modes))))))
        for key in ("rail_dwell_h", "road_dwell_h"):
            value = row.get(key)
            if not missing(value):
                rows.append((key.replace("_h", " (h)").replace("_", " "), escape(value)))
    for key in ("coord_note", "note"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_", " "), escape(value)))
    if not missing(row.get("source")):
        rows.append(("source", links_html(row["source"])))
    return rows


# --------------------------------------------------------------------------- elements


CSS = """
<style>
.corridor-marker { box-sizing: border-box; border: 1.5px solid #222; }
.corridor-kind-city { border-radius: 50%; background: #fff; border-width: 2.5px; }
.corridor-kind-station { background: #444; }
.corridor-kind-port { background: #137a5c; border: 0;
  clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.corridor-kind-junction { border-radius: 50%; background: #bbb; }
.corridor-kind-border_crossing { border-radius: 2px; transform: rotate(45deg); }
.corridor-label-text { font: 600 12px/1.2 sans-serif; color: #333; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; transform: translate(-50%, -50%);
  display: inline-block; text-align: center; }
.corridor-label-text small { font-size: 10px; font-weight: normal; }
.corridor-label-text.corridor-label-beside { transform: translate(18px, -50%);
  text-align: left; }
.corridor-zoomed-out .corridor-label { display: none; }
.corridor-label-text.corridor-label-exclave { color: #7a4b00; font-size: 13px; }
.corridor-label-text.corridor-label-tripp { color: #8a6d00; font-style: italic;
  margin-top: 22px; }
.corridor-popup table { border-collapse: collapse; font-size: 12px; }
.corridor-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555;
  font-weight: normal; vertical-align: top; }
.corridor-popup td { padding: 1px 0; max-width: 260px; overflow-wrap: anywhere; }
.corridor-legend { background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 5px;
  box-shadow: 0 1px 4px rgba(0,0,0,.35); font: 12px/1.35 sans-serif; max-width: 250px; }
.corridor-legend b { display: block; margin: 3px 0 1px; }
.corridor-legend svg, .corridor-legend .corridor-marker { vertical-align: middle;
  margin-right: 5px; }
.corridor-legend .corridor-marker { display: inline-block; }
.corridor-legend .corridor-swatch { display: inline-block; width: 30px; text-align: center; }
.leaflet-container .leaflet-control-layers label { font: 12px/1.4 sans-serif; margin: 0; }
.corridor-route-summary { max-width: 340px; }
</style>
"""


class Control(VerbatimMacroElement):
    """A Leaflet control holding static HTML (the legend, the route summary)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html_json }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "CorridorControl"
        self.position = position
        self.css_class = css_class
        # a JSON string safe in a <script> element (no "<", ">" or "&" in it)
        self.html_json = js_json(html_text)


class Attribution(VerbatimMacroElement):
    """Adds a line to the map's attribution control (e.g. the source of the regions)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self._name = "CorridorAttribution"
        self.text_json = js_json(html_text)


class LabelZoom(VerbatimMacroElement):
    """Hides the area labels below a zoom level (they would only clutter the overview)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function toggle() {
                map.getContainer().classList.toggle(
                    "corridor-zoomed-out", map.getZoom() < {{ this.min_zoom }});
            }
            map.on("zoomend", toggle);
            map.whenReady(toggle);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, min_zoom: float) -> None:
        super().__init__()
        self._name = "CorridorLabelZoom"
        self.min_zoom = float(min_zoom)


class MergedLines(VerbatimMacroElement):
    """Many lines drawn as one Leaflet layer: a GeoJSON MultiLineString (one SVG path).

    Used by overview maps of big networks, where one layer per link (each with its popup)
    would make the page too big to open. The geometry is embedded as compact JSON.

    Parameters
    ----------
    parts
        The lines, each a list of ``[lon, lat]`` (GeoJSON order), already rounded.
    options
        Leaflet path options (``color``, ``weight``, ``dashArray``, ``className``,
        ``interactive``...).
    tooltip
        Escaped HTML shown when hovering the lines, or ``None``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.geojson_json }}, {{ this.options_json }});
        {%- if this.tooltip_json %}
        {{ this.get_name() }}.bindTooltip({{ this.tooltip_json }}, {sticky: true});
        {%- endif %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, parts: list[Any], options: dict[str, Any],
                 tooltip: str | None = None) -> None:
        super().__init__()
        self._name = "CorridorMergedLines"
        self.geometry = {"type": "MultiLineString", "coordinates": parts}
        self.geojson_json = json.dumps(self.geometry, separators=(",", ":"))
        self.options_json = js_json(options, compact=True)
        self.tooltip_json = js_json(tooltip) if tooltip is not None else None


def marker_html(kind: str, color: str | None = None, size: int = 12) -> str:
    style = f"width:{size}px;height:{size}px;"
    if color:
        style += f"background:{color};"
    return f'<div class="corridor-marker corridor-kind-{kind}" style="{style}"></div>'


def line_svg(color: str, dash: str | None, weight: float = 3, halo: str | None = None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    under = (f'<line x1="2" y1="6" x2="28" y2="6" stroke="{halo}" stroke-width="10" '
             'stroke-linecap="round" opacity="0.7"/>') if halo else ""
    return (f'<svg width="30" height="12">{under}<line x1="2" y1="6" x2="28" y2="6" '
            f'stroke="{color}" stroke-width="{weight}"{dash_attr}/></svg>')


def legend_html(title: str, scenario: str | None, kinds: Sequence[str],
                 routes: Sequence[tuple[str, str]], note: str | None = None) -> str:
    rows = [f"<b>{escape(title)}</b>"]
    if scenario is not None:
        rows.append(f"scenario: <i>{escape(scenario)}</i>")
    rows.append("<b>Links (colour = mode)</b>")
    for mode, color in MODE_COLORS.items():
        rows.append(f"{line_svg(color, None)}{mode}")
    rows.append("<b>Status (line style)</b>")
    rows.append(f"{line_svg('#333', None)}operating")
    rows.append(f"{line_svg('#333', STATUS_DASH['under_construction'])}under construction")
    rows.append(f"{line_svg('#333', STATUS_DASH['planned'])}planned")
    rows.append(f"{line_svg(CLOSED_COLOR, None)}closed")
    rows.append(f"{line_svg(CLOSED_COLOR, STATUS_DASH['dismantled'])}dismantled")
    if scenario is not None:
        rows.append(f"{line_svg(CLOSED_COLOR, '1 4', 2)}not usable in the scenario")
    rows.append(f"{line_svg(MODE_COLORS['rail'], None, 3, TRIPP_COLOR)}TRIPP corridor")
    for i, (label, color) in enumerate(routes):
        rows.append(f"{line_svg(color, None if i == 0 else '10 8', 5)}{escape(label)}")
    rows.append("<b>Places</b>")
    for kind in kinds:
        if kind == "border_crossing":
            continue
        rows.append(f'<span class="corridor-swatch">{marker_html(kind, size=11)}</span>'
                    f"{escape(kind)}")
    if "border_crossing" in kinds:
        rows.append("<b>Border crossings</b>")
        states = (("open", "open"), ("closed", "closed")) if scenario is not None else tuple(
            (s, s.replace("_", " ")) for s in CROSSING_COLORS)
        for state, label in states:
            rows.append(f'<span class="corridor-swatch">'
                        f"{marker_html('border_crossing', CROSSING_COLORS[state], 11)}"
                        f"</span>{escape(label)}")
    if note:  # already HTML (escaped by the caller)
        rows.append("<b>Overview</b>")
        rows.append(f'<span class="corridor-note" style="font-size:11px;color:#444">{note}</span>')
    return "".join(r if r.startswith("<b>") else f"<div>{r}</div>" for r in rows)
