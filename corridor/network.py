"""The multimodal network of a scenario: a layered networkx graph with explicit transfers.

Nodes
-----
A node is a tuple ``(place_id, layer)`` where ``layer`` is ``"road"``, ``"ferry"``,
``"rail_1520"`` or ``"rail_1435"``. At a border crossing each side has its own node,
``(place_id, layer, ISO3)``, and a ``border`` edge between the two sides carries the dwell;
a closed crossing has no such edge. Node attributes: ``place``, ``layer``, ``mode``,
``gauge_mm`` (rail layers), ``country`` (of the place, or of the side), ``x``/``y`` (lon/lat).

Edges
-----
The graph is an undirected :class:`networkx.MultiGraph`; the key of a link edge is the link id.
Every edge has ``kind``, ``length_km`` (geodesic, from the geometry), ``time_h`` and
``mode``:

``kind="link"``
    A rail, road or ferry link: ``link_id``, ``name``, ``mode``, ``layer``, ``status``,
    ``gauge_mm``, ``country`` (``None`` for ferries), ``corridors``, ``speed_kmh``,
    ``opened``/``expected``, ``geometry`` (shapely LineString oriented from ``from_place`` to
    ``to_place``), ``from_place``, ``to_place``. ``time_h`` = length / speed; for a ferry
    ``time_h`` = half the headway (wait) + ``sailing_h`` (or length / ferry speed), with
    ``wait_h`` and ``sailing_h`` recorded separately.
``kind="transfer"``
    A change of mode at a place (rail<->road: ``mode_transfer_h``; to or from a ferry:
    ``ferry_transfer_h``); ``place``, ``from_layer``, ``to_layer``; 0 km.
``kind="gauge_break"``
    A change between the 1520 mm and 1435 mm rail layers at a place (``gauge_break_h``); 0 km.
``kind="border"``
    Passing an open border crossing in one mode: ``place`` (the crossing), ``countries``,
    ``mode``, ``time_h`` = the place's ``rail_dwell_h``/``road_dwell_h`` or the default; 0 km.

``kind="local"``
    Joins a place without land links (a port served only by ferries, or a place without any
    link in the geodata) to the nearest place (not a crossing) with land links within
    ``LOCAL_LINK_KM`` (the place gets that place's land layers): ``from_place``,
    ``to_place``, ``mode``, geodesic ``length_km``, ``time_h`` at ``access_speed_kmh``.

Transfer edges exist only at places where both layers have links, so a route can never change
mode, gauge or board a ferry without paying for it. At an open crossing a layer that reaches
only one side is mirrored to the other side (the border edge is in that layer), where the
change of gauge or mode is then paid.

Graph attributes: ``scenario`` (name), ``scenario_obj``, ``crs``, ``defaults`` (dict of the
:class:`corridor.settings.Defaults` used), ``geodata_path``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import defaultdict
from typing import Any

import networkx as nx
from shapely.geometry import LineString

from corridor import geodata, settings
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
        gauge = 1520 if gauge_mm is None or _isnan(gauge_mm) else int(gauge_mm)
        return f"rail_{gauge}"
    return mode


def mode_of(layer: str) -> str:
    """Return the mode (``rail``, ``road``, ``ferry``) of a layer."""
    return LAYERS.get(layer, layer)


def _isnan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _num(value: Any) -> float | None:
    if value is None or _isnan(value):
        return None
    return float(value)


def _plain_list(value: Any) -> list[str]:
    if value is None or _isnan(value):
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return [str(v) for v in value]


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
    """The side of a crossing a link attaches to (its country), or None for a plain place."""
    if not crossing:
        return None
    countries = _plain_list(place_row.get("countries"))
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
            mode, length, _num(row.get("speed_kmh")), row["status"], defaults,
            _num(row.get("sailing_h")), _num(row.get("headway_h")))
        ends = []
        for place in (row["from"], row["to"]):
            side = _side(place_rows[place], place in crossing_ids, row.get("country"))
            node = _node(place, layer, side)
            add_node(node)
            layers_at[(place, side)].add(layer)
            ends.append(node)
        gauge = _num(row.get("gauge_mm"))
        country = row.get("country")
        graph.add_edge(
            ends[0], ends[1], key=lid, kind="link", link_id=lid, name=row.get("name"),
            mode=mode, layer=layer, status=row["status"],
            gauge_mm=int(gauge) if gauge is not None else None,
            country=country if isinstance(country, str) else None,
            corridors=_plain_list(row.get("corridors")),
            opened=_num(row.get("opened")), expected=_num(row.get("expected")),
            from_place=row["from"], to_place=row["to"], geometry=geom,
            length_km=length, **timing,
        )

    # An open crossing lets each crossing mode's layers through: a layer present on one side
    # only is mirrored to the other, where the gauge break or mode change is then paid (e.g.
    # 1435 mm from Turkey meeting 1520 mm in Nakhchivan at Dilucu-Sadarak).
    borders: list[tuple[str, list[str], str, float]] = []
    for place in sorted(chosen.crossings):
        row = place_rows[place]
        countries = _plain_list(row.get("countries"))
        if len(countries) != 2:
            continue
        sides = [layers_at.get((place, c), set()) for c in countries]
        if not sides[0] or not sides[1]:
            continue
        modes = set(_plain_list(row.get("crossing_modes")))
        for layer in sorted(sides[0] | sides[1]):
            mode = mode_of(layer)
            if mode not in modes:
                continue
            for c in countries:
                add_node((place, layer, c))
                layers_at[(place, c)].add(layer)
            own = _num(row.get(f"{mode}_dwell_h"))
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
    import geopandas as gpd

    rows = []
    for _, _, d in graph.edges(data=True):
        if d["kind"] != "link":
            continue
        rows.append({k: v for k, v in d.items() if k != "corridors"} | {
            "corridors": ",".join(d["corridors"])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS)
