"""The year slider of the network map: the network growing from today to the scenarios' year.

Each stop of the slider is a set of usable links: ``today`` (the scenario of that name) and
then each year up to the latest ``as_of`` of the scenarios, as the scenario with that
``as_of`` defines the network of the year (the same scenario with ``as_of`` set to each
year: a link counts from its ``opened`` / ``expected`` year). The last stop shows every link
drawn. Link lines get one class per stop they are usable in; the slider hides the others.
"""

from __future__ import annotations

import math
import re
from typing import Any

from folium.template import Template

from corridor import geodata, scenarios
from corridor.maps.safe import VerbatimMacroElement, js_json
from corridor.maps.style import css_id

#: Class marking a link line usable at slider stop ``i``: ``corridor-at-<i>``.
STOP_CLASS = "corridor-at-{}"
_LINK_CLASS = re.compile(r"corridor-link-(\S+)")


def year_stops(data: geodata.GeoData) -> list[tuple[str, frozenset[str]]]:
    """Return the slider's stops: ``(label, usable link ids)``, from today to the latest year.

    Parameters
    ----------
    data
        Geodata (its scenarios file is read, with the shipped scenarios).

    Returns
    -------
    list of tuple
        ``[("today", links), ("2026", links), ...]``; empty when no scenario has an
        ``as_of`` year or there is no ``today`` scenario.
    """
    available = scenarios.load(geodata_dir=data.path)
    if "today" not in available:
        return []
    dated = [available[n] for n in sorted(available) if available[n].as_of is not None]
    if not dated:
        return []
    # the scenario that defines the growth: the latest year, then the most links
    last = max(sc.as_of or 0 for sc in dated)
    growth = max((sc for sc in dated if sc.as_of == last),
                 key=lambda sc: (len(scenarios.select(data, sc).links), sc.name))
    years = [int(v) for v in data.links.get("expected", []) if isinstance(v, int | float)
             and math.isfinite(v) and int(v) <= last]
    first = min(years, default=last)
    stops = [("today", scenarios.select(data, available["today"]).links)]
    for year in range(first, last + 1):
        stops.append((str(year), scenarios.select(data, growth.replace(as_of=year)).links))
    return stops


def _link_lines(element: Any) -> list[Any]:
    """Return the link lines (``corridor-link-<id>`` class) under a map element."""
    out = []
    for child in element._children.values():
        cls = getattr(child, "options", {}).get("className", "") if hasattr(
            child, "options") else ""
        if isinstance(cls, str) and _LINK_CLASS.search(cls):
            out.append(child)
        out += _link_lines(child)
    return out


class YearSlider(VerbatimMacroElement):
    """A range input hiding the link lines not usable at the chosen stop."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var labels = {{ this.labels_json }};
            var box = L.control({position: "topright"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "corridor-legend corridor-year-slider");
                var title = L.DomUtil.create("div", "corridor-year-label", div);
                var input = L.DomUtil.create("input", "corridor-year-input", div);
                input.type = "range"; input.min = 0; input.max = labels.length;
                input.step = 1; input.value = labels.length;
                input.setAttribute("aria-label", "network by year");
                function show() {
                    var i = parseInt(input.value, 10);
                    var all = i >= labels.length;
                    title.textContent = all ? "Network: every link drawn"
                        : "Network usable " + (labels[i] === "today" ? "today"
                                               : "in " + labels[i]);
                    map.getContainer().querySelectorAll("path.corridor-link")
                        .forEach(function (p) {
                            var on = all || p.classList.contains("corridor-at-" + i);
                            p.style.display = on ? "" : "none";
                        });
                }
                L.DomEvent.on(input, "input change", show);
                L.DomEvent.disableClickPropagation(div);
                map.whenReady(show);
                return div;
            };
            box.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[str]) -> None:
        super().__init__()
        self._name = "CorridorYearSlider"
        self.labels_json = js_json(labels, compact=True)


def add_year_slider(m: Any, data: geodata.GeoData) -> int:
    """Tag the map's link lines by the stops they are usable at and add the slider.

    Only a map drawn link by link gets it (an overview merges links).

    Parameters
    ----------
    m
        A map of :func:`corridor.maps.network_map`.
    data
        Its geodata.

    Returns
    -------
    int
        The number of stops (0: no slider).
    """
    stops = year_stops(data)
    lines = _link_lines(m)
    if len(stops) < 2 or not lines:
        return 0
    by_css = {css_id(lid): str(lid) for lid in data.links.index}
    for line in lines:
        found = _LINK_CLASS.search(line.options["className"])
        lid = by_css.get(found.group(1)) if found else None
        extra = [STOP_CLASS.format(i) for i, (_, links) in enumerate(stops) if lid in links]
        if extra:
            line.options["className"] += " " + " ".join(extra)
    YearSlider([label for label, _ in stops]).add_to(m)
    return len(stops)
