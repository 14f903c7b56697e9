"""Building the layered multimodal graph of a scenario from the geodata (model: see the package)."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from typing import Any

import geopandas as gpd
import networkx as nx
from shapely.geometry import LineString

from corridor import geodata, settings
from corridor._cells import as_list, as_number, is_empty
from corridor._geo import distance_km, geodesic_length_km
from corridor.scenarios import Scenario, get, records, select

#: Node of the graph: ``(place, layer)`` or ``(place, layer, side ISO3)`` at a crossing.
Node = tuple[str, ...]

#: A place without land links is joined to the nearest place with land links within this
#: distance (km) by a ``local`` edge at ``access_speed_kmh``.
LOCAL_LINK_KM = 5.0

#: Layers of the graph and their mode.
LAYERS = {"road": "road", "ferry": "ferry", "rail_1520": "rail", "rail_1435": "rail"}


def layer_of(mode: str, gauge_mm: Any = None) -> str:
    """Return the layer of a link: ``road``, ``ferry`` or ``rail_<gauge>``."""
    if mode == "rail":
        gauge = 1520 if is_empty(gauge_mm) else int(gauge_mm)
        return f"rail_{gauge}"
    return mode


def mode_of(layer: str) -> str:
    """Return the mode (``rail``, ``road``, ``ferry``) of a layer."""
    return LAYERS.get(layer, layer)


def link_time_h(mode: str, length_km: float, speed_kmh: float | None, status: str,
                defaults: settings.Defaults, sailing_h: float | None = None,
                headway_h: float | None = None) -> dict[str, float]:
    """Return the time of a link in hours and its parts.

    Parameters
    ----------
    mode
        ``rail``, ``road`` or ``ferry``.
    length_km
        Geodesic length, km.
    speed_kmh
        The link's own speed, km/h, or ``None`` for the mode's default.
    status
        Link status (``defaults.speed_by_status`` may cap the speed).
    defaults
        Speeds and penalties.
    sailing_h, headway_h
        Ferry crossing time and time between departures, hours.

    Returns
    -------
    dict
        ``time_h`` and ``speed_kmh``; for ferries also ``wait_h`` and ``sailing_h``.
    """
    if mode == "ferry":
        speed = speed_kmh or defaults.ferry_speed_kmh
        sail = sailing_h if sailing_h is not None else length_km / speed
        headway = headway_h if headway_h is not None else defaults.ferry_headway_h
        wait = headway / 2.0
        return {"time_h": wait + sail, "wait_h": wait, "sailing_h": sail,
                "speed_kmh": length_km / sail if sail > 0 else speed}
    default = defaults.rail_speed_kmh if mode == "rail" else defaults.road_speed_kmh
    speed = speed_kmh or default
    cap = defaults.speed_by_status.get(status)
    if cap is not None:
        speed = min(speed, cap)
    return {"time_h": length_km / speed, "speed_kmh": speed}


def _side(place_row: Any, crossing: bool, link_country: Any) -> str | None:
    """Return the side of a crossing a link attaches to (its country), or None for a plain place."""
    if not crossing:
        return None
    countries = as_list(place_row.get("countries"))
    if isinstance(link_country, str) and link_country in countries:
        return link_country
    return str(place_row["country"])


def _node(place: str, layer: str, side: str | None) -> Node:
    return (place, layer) if side is None else (place, layer, side)


def build(data: geodata.GeoData | None = None, scenario: str | Scenario = "today") -> nx.MultiGraph:
    """Build the multimodal network of a scenario.

    Parameters
    ----------
    data
        Loaded geodata (default: :func:`corridor.geodata.load`).
    scenario
        A scenario name or :class:`corridor.scenarios.Scenario` (default ``"today"``).

    Returns
    -------
    networkx.MultiGraph
        Layered graph; node and edge attributes as described in this module's docstring
        (lengths in km, times in hours).
    """
    if data is None:
        data = geodata.load()
    scen = get(scenario, geodata_dir=data.path)
    defaults = scen.defaults
    chosen = select(data, scen)
    places = data.places
    graph = nx.MultiGraph()
    graph.graph.update({
        "scenario": scen.name,
        "scenario_obj": scen,
        "crs": settings.CRS,
        "defaults": dataclasses.asdict(defaults),
        "geodata_path": str(data.path) if data.path is not None else None,
    })
    crossing_ids = set(places.index[places["kind"] == "border_crossing"])

    place_rows = records(places)

    def add_node(node: Node) -> None:
        if node in graph:
            return
        place = node[0]
        row = place_rows[place]
        layer = node[1]
        graph.add_node(
            node, place=place, layer=layer, mode=mode_of(layer),
            gauge_mm=int(layer.split("_")[1]) if layer.startswith("rail_") else None,
            country=node[2] if len(node) == 3 else row["country"],
            name=row["name"], kind=row["kind"],
            x=float(row["geometry"].x), y=float(row["geometry"].y),
        )

    layers_at: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    link_rows = records(data.links)
    for lid in sorted(chosen.links):
        row = link_rows[lid]
        mode = row["mode"]
        layer = layer_of(mode, row.get("gauge_mm"))
        geom: LineString = row["geometry"]
        length = geodesic_length_km(geom)
        timing = link_time_h(
            mode, length, as_number(row.get("speed_kmh")), row["status"], defaults,
            as_number(row.get("sailing_h")), as_number(row.get("headway_h")))
        ends = []
        for place in (row["from"], row["to"]):
            side = _side(place_rows[place], place in crossing_ids, row.get("country"))
            node = _node(place, layer, side)
            add_node(node)
            layers_at[(place, side)].add(layer)
            ends.append(node)
        gauge = as_number(row.get("gauge_mm"))
        country = row.get("country")
        graph.add_edge(
            ends[0], ends[1], key=lid, kind="link", link_id=lid, name=row.get("name"),
            mode=mode, layer=layer, status=row["status"],
            gauge_mm=int(gauge) if gauge is not None else None,
            country=country if isinstance(country, str) else None,
            corridors=as_list(row.get("corridors")),
            opened=as_number(row.get("opened")), expected=as_number(row.get("expected")),
            from_place=row["from"], to_place=row["to"], geometry=geom,
            length_km=length, **timing,
        )

    # An open crossing lets each crossing mode's layers through: a layer present on one side
    # only is mirrored to the other, where the gauge break or mode change is then paid (e.g.
    # 1435 mm from Turkey meeting 1520 mm in Nakhchivan at Dilucu-Sadarak).
    borders: list[tuple[str, list[str], str, float]] = []
    for place in sorted(chosen.crossings):
        row = place_rows[place]
        countries = as_list(row.get("countries"))
        if len(countries) != 2:
            continue
        sides = [layers_at.get((place, c), set()) for c in countries]
        if not sides[0] or not sides[1]:
            continue
        modes = set(as_list(row.get("crossing_modes")))
        for layer in sorted(sides[0] | sides[1]):
            mode = mode_of(layer)
            if mode not in modes:
                continue
            for c in countries:
                add_node((place, layer, c))
                layers_at[(place, c)].add(layer)
            own = as_number(row.get(f"{mode}_dwell_h"))
            dwell = own if own is not None else (
                defaults.rail_border_dwell_h if mode == "rail" else defaults.road_border_dwell_h)
            borders.append((place, countries, layer, dwell))

    # A place without land links (a port served only by ferries, or a city without links) is
    # joined to the nearest place with land links within LOCAL_LINK_KM (e.g. the Port of Baku
    # and the Alat junction, 3 km apart; Aktau city and its port).
    ferry_only = [key for key, layers in layers_at.items() if layers == {"ferry"}]
    linked = set(data.links["from"]) | set(data.links["to"])
    ferry_only += [(place, None) for place in sorted(chosen.places - linked)
                   if place not in crossing_ids]
    land_places = {place: side for (place, side), layers in layers_at.items()
                   if layers - {"ferry"} and place not in crossing_ids}
    for place, side in ferry_only:
        here = place_rows[place]["geometry"]
        best: tuple[float, str] | None = None
        for other in land_places:
            there = place_rows[other]["geometry"]
            km = distance_km(here.x, here.y, there.x, there.y)
            if km <= LOCAL_LINK_KM and (best is None or km < best[0]):
                best = (km, other)
        if best is None:
            continue
        km, other = best
        other_side = land_places[other]
        for layer in sorted(layers_at[(other, other_side)] - {"ferry"}):
            node = _node(place, layer, side)
            add_node(node)
            layers_at[(place, side)].add(layer)
            graph.add_edge(
                _node(other, layer, other_side), node, key=f"local:{layer}", kind="local",
                place=place, from_place=other, to_place=place, mode=mode_of(layer),
                layer=layer, country=place_rows[place]["country"], length_km=km,
                time_h=km / defaults.access_speed_kmh,
                geometry=LineString([(place_rows[other]["geometry"].x,
                                      place_rows[other]["geometry"].y), (here.x, here.y)]),
            )

    for (place, side), layers in layers_at.items():
        for a, b in itertools.combinations(sorted(layers), 2):
            ma, mb = mode_of(a), mode_of(b)
            if ma == mb == "rail":
                kind, hours = "gauge_break", defaults.gauge_break_h
            elif "ferry" in (ma, mb):
                kind, hours = "transfer", defaults.ferry_transfer_h
            else:
                kind, hours = "transfer", defaults.mode_transfer_h
            graph.add_edge(
                _node(place, a, side), _node(place, b, side), key=f"{kind}:{a}:{b}",
                kind=kind, place=place, from_layer=a, to_layer=b, mode=None,
                length_km=0.0, time_h=hours, geometry=None,
            )

    for place, countries, layer, dwell in borders:
        graph.add_edge(
            (place, layer, countries[0]), (place, layer, countries[1]),
            key=f"border:{layer}", kind="border", place=place, mode=mode_of(layer),
            layer=layer, countries=tuple(countries), length_km=0.0, time_h=dwell,
            geometry=None,
        )
    return graph


def place_nodes(graph: nx.MultiGraph, place: str) -> list[Node]:
    """Return every node of a place (all layers and, at a crossing, both sides)."""
    return [n for n, d in graph.nodes(data=True) if d["place"] == place]


def edges_frame(graph: nx.MultiGraph) -> Any:
    """Return the link edges of a graph as a GeoDataFrame (EPSG:4326), one row per link."""
    rows = []
    for _, _, d in graph.edges(data=True):
        if d["kind"] != "link":
            continue
        rows.append({k: v for k, v in d.items() if k != "corridors"} | {
            "corridors": ",".join(d["corridors"])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS)
