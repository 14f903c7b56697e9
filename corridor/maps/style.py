"""How the maps look: colours, line styles, marker shapes, the stylesheet, escaping.

Everything here produces HTML text from data and constants; nothing decides *what* is
drawn. Every value that comes from the data passes through :func:`escape` before it
reaches the page.
"""

from __future__ import annotations

import html
import re
from typing import Any

from corridor._cells import is_empty

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


def escape(value: Any) -> str:
    """Return ``value`` as text safe inside HTML (and inside JS template literals).

    ``html.escape`` handles ``< > & " '``. Backticks, ``$`` and backslashes are replaced by
    character references as well: the maps hand HTML to JavaScript as JSON strings
    (:mod:`corridor.maps.safe`), but folium's own templates use template literals, so
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
    """Return whether a cell shows nothing: empty (``None``, NaN), blank text, empty list."""
    if is_empty(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    return bool(hasattr(value, "__len__") and len(value) == 0)


def plain(value: Any) -> Any:
    """Return a numpy value (array or scalar) as the plain Python value; others as they are."""
    return value.tolist() if hasattr(value, "tolist") else value


def is_tripp(corridors: Any) -> bool:
    """Return whether a link's ``corridors`` cell names the TRIPP corridor."""
    return not missing(corridors) and "tripp" in plain(corridors)


def css_id(value: Any) -> str:
    """Return a data id as a CSS class suffix.

    Ids are ``[a-z0-9_]+`` already; anything else is replaced, so that a class attribute
    can never be broken out of.
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(value))


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


def marker_html(kind: str, color: str | None = None, size: int = 12) -> str:
    """Return the HTML of a place marker: its shape by kind (CSS), colour and size in px."""
    style = f"width:{size}px;height:{size}px;"
    if color:
        style += f"background:{color};"
    return f'<div class="corridor-marker corridor-kind-{kind}" style="{style}"></div>'


def line_svg(color: str, dash: str | None, weight: float = 3, halo: str | None = None) -> str:
    """Return a legend swatch: an SVG line of a colour, dash and weight, over an optional halo."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    under = (f'<line x1="2" y1="6" x2="28" y2="6" stroke="{halo}" stroke-width="10" '
             'stroke-linecap="round" opacity="0.7"/>') if halo else ""
    return (f'<svg width="30" height="12">{under}<line x1="2" y1="6" x2="28" y2="6" '
            f'stroke="{color}" stroke-width="{weight}"{dash_attr}/></svg>')
