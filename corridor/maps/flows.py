"""Map layer of assigned freight flows: line width by volume, colour by volume/capacity."""

from __future__ import annotations

from typing import Any

import folium

from corridor import geodata
from corridor.flows.report import ScenarioFlows, element_rows
from corridor.maps.base import CorridorMap, _latlngs
from corridor.maps.network import finish, network_map
from corridor.maps.popups import table
from corridor.maps.style import escape

#: Line width in pixels: MIN + volume (Mt/yr) x PER_MT, capped at MAX.
MIN_WEIGHT, PER_MT, MAX_WEIGHT = 2.0, 1.5, 18.0
#: Colours by volume/capacity band; grey where the capacity is unknown.
VC_COLOURS = ((0.5, "#1a9850"), (0.8, "#fee08b"), (1.0, "#fc8d59"), (float("inf"), "#d73027"))
UNKNOWN_COLOUR = "#555555"


def vc_colour(vc: float | None) -> str:
    """Return the colour of a volume/capacity ratio (``None``: unknown capacity)."""
    if vc is None:
        return UNKNOWN_COLOUR
    return next(c for limit, c in VC_COLOURS if vc < limit)


def _groups_of_links(sf: ScenarioFlows, rows: list[dict[str, Any]]
                     ) -> dict[str, dict[str, Any]]:
    """Return, for each link in a capacity group, the group's row (its shared v/c)."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["kind"] == "group":
            for lid in sf.problem.capacity_meta.get(("group", row["id"]), {}).get("links", []):
                out[lid] = row
    return out


def add_flows(m: folium.Map, sf: ScenarioFlows, data: geodata.GeoData, *,
              show: bool = True) -> int:
    """Add one layer of the restrained link volumes of ``sf``; return the lines drawn.

    A link without a capacity of its own but in a capacity group (a ferry fleet) is
    coloured by the group's volume/capacity, and its popup names the group.
    """
    group = folium.FeatureGroup(name=escape(f"flows: {sf.scenario}"), show=show)
    drawn = 0
    all_rows = element_rows(sf, data)
    in_group = _groups_of_links(sf, all_rows)
    for row in all_rows:
        if row["kind"] != "link" or row["volume_mt"] <= 0 or row["id"] not in data.links.index:
            continue
        geom = data.links.at[row["id"], "geometry"]
        weight = min(MAX_WEIGHT, MIN_WEIGHT + PER_MT * row["volume_mt"])
        shared = in_group.get(row["id"]) if row["vc"] is None else None
        cap_row = shared or row
        cap = ("unknown" if cap_row["capacity_mt_yr"] is None
               else f"{cap_row['capacity_mt_yr']:g}")
        vc = "unknown" if cap_row["vc"] is None else f"{cap_row['vc']:.2f}"
        rows = [("Mt/yr", escape(f"{row['volume_mt']:g}")),
                ("all-or-nothing Mt/yr", escape(f"{row['volume_aon_mt']:g}")),
                ("capacity Mt/yr", escape(cap)), ("volume/capacity", escape(vc)),
                ("capacity year", escape(str(cap_row["capacity_year"] or "")))]
        if shared is not None:
            rows.append(("capacity shared by", escape(f"{shared['id']} "
                                                      f"({shared['volume_mt']:g} Mt/yr)")))
        for part in _latlngs(geom):
            line = folium.PolyLine(part, color=vc_colour(cap_row["vc"]), weight=weight,
                                   opacity=0.85, class_name="corridor-flow")
            folium.Tooltip(escape(f"{row['name']}: {row['volume_mt']:g} Mt/yr, v/c {vc}"),
                           sticky=True).add_to(line)
            folium.Popup(table(str(row["name"]), rows), max_width=360).add_to(line)
            line.add_to(group)
            drawn += 1
    group.add_to(m)
    return drawn


def flows_map(runs: list[ScenarioFlows], data: geodata.GeoData) -> CorridorMap:
    """Return the network map of the first run's scenario with one flow layer per run."""
    m = network_map(data, scenario=runs[0].scenario, controls=False, view="all")
    for i, sf in enumerate(runs):
        m.stats[f"flows_{sf.scenario}"] = add_flows(m, sf, data, show=i == 0)
    return finish(m)
