"""Leaflet elements of the maps: controls, attribution, label zoom, merged lines.

Each renders verbatim (:class:`corridor.maps.safe.VerbatimMacroElement`): data reaches the
page only as JSON strings made by :func:`corridor.maps.safe.js_json`.
"""

from __future__ import annotations

import json
from typing import Any

from folium.template import Template

from corridor.maps.safe import VerbatimMacroElement, js_json


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
