"""The layers of an export: places, links (with the scenario's usability), graph nodes, edges."""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd
from shapely.geometry import Point

from corridor import analysis, geodata, network, scenarios, settings
from corridor._geo import geodesic_length_km
from corridor.scenarios import Scenario

#: Layer names, in the order they are written.
LAYERS = ("places", "links", "nodes", "edges")
#: Separator of list values (corridor tags, alternative names) in one text cell.
LIST_SEP = ";"


def flat(value: Any) -> Any:
    """Return a cell value a GIS format can hold: lists joined with ``;``, NaN as ``None``."""
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        if not isinstance(items, list):  # a numpy scalar
            return flat(items)
        return LIST_SEP.join(str(v) for v in items)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and out[column].dtype == object:
            out[column] = [flat(v) for v in out[column]]
    return out


def node_key(node: Any) -> str:
    """Return the text id of a graph node (``place|layer`` or ``place|layer|country``)."""
    return "|".join(str(part) for part in node) if isinstance(node, tuple) else str(node)


def place_layers(data: geodata.GeoData, scenario: Scenario) -> dict[str, gpd.GeoDataFrame]:
    """Return the places and links of ``data``, each with what ``scenario`` makes of it.

    Places get ``present`` (not in a closed country) and, for border crossings,
    ``crossing_open``; links get ``usable`` (the scenario counts the link) and
    ``geometry_km`` (the geodesic length of the drawn line). Every attribute
    of the geodata is kept; list values become ``;``-separated text.
    """
    chosen = scenarios.select(data, scenario)
    places = _flat_frame(data.places.reset_index(drop=True))
    places["present"] = places["id"].isin(chosen.places)
    crossing = data.places["kind"].to_numpy() == "border_crossing"
    places["crossing_open"] = [bool(pid in chosen.crossings) if c else None
                               for pid, c in zip(places["id"], crossing, strict=True)]
    links = _flat_frame(data.links.reset_index(drop=True))
    links["usable"] = links["id"].isin(chosen.links)
    links["geometry_km"] = [round(geodesic_length_km(g), 3) for g in data.links.geometry]
    return {"places": gpd.GeoDataFrame(places, geometry="geometry", crs=settings.CRS),
            "links": gpd.GeoDataFrame(links, geometry="geometry", crs=settings.CRS)}


#: Edge attributes written in another form: ``time_h_from`` is keyed by graph node and
#: ``directions`` holds tuples (see :func:`directed_times`); ``geometry`` is the column.
_DIRECTED = ("geometry", "time_h_from", "directions")


def directed_times(u: Any, v: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    """Return the hours of an edge in each direction and the dwell of each as plain cells.

    A border edge (or a ferry joining two countries) costs a different time each way
    (:mod:`corridor.network.timing`): ``time_h_uv`` from ``u`` to ``v``, ``time_h_vu`` back,
    and ``directions`` as JSON (from, to, hours at the exit post, at the entry post, how).
    Other edges get nothing (their ``time_h`` holds both ways).
    """
    by_start = attrs.get("time_h_from")
    if not by_start:
        return {}
    return {"time_h_uv": by_start.get(u), "time_h_vu": by_start.get(v),
            "directions": json.dumps([list(d) for d in attrs.get("directions", ())],
                                     ensure_ascii=False)}


def graph_layers(graph: nx.MultiGraph) -> dict[str, gpd.GeoDataFrame]:
    """Return the nodes (points) and edges (lines; none for transfers) of a network graph."""
    nodes = []
    for n, attrs in graph.nodes(data=True):
        row = {"node": node_key(n), **{k: flat(v) for k, v in attrs.items()}}
        row["geometry"] = Point(attrs["x"], attrs["y"]) if "x" in attrs else None
        nodes.append(row)
    edges = []
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        row = {"u": node_key(u), "v": node_key(v), "key": k}
        row.update({a: flat(x) for a, x in attrs.items() if a not in _DIRECTED})
        row.update(directed_times(u, v, attrs))
        row["geometry"] = attrs.get("geometry")
        edges.append(row)
    return {"nodes": gpd.GeoDataFrame(pd.DataFrame(nodes), geometry="geometry",
                                      crs=settings.CRS),
            "edges": gpd.GeoDataFrame(pd.DataFrame(edges), geometry="geometry",
                                      crs=settings.CRS)}


def all_layers(data: geodata.GeoData, scenario: Scenario) -> dict[str, gpd.GeoDataFrame]:
    """Return every layer of an export (:data:`LAYERS`) of ``data`` in ``scenario``.

    Links also get ``betweenness``: the link's edge betweenness in the scenario graph
    (:func:`corridor.analysis.link_betweenness`, weighted by hours; empty for links the
    scenario cannot use), so the report's centrality can be mapped.
    """
    graph = network.build(data, scenario)
    layers = place_layers(data, scenario)
    scores = {c.link_id: c.betweenness
              for c in analysis.link_betweenness(graph, top=len(data.links))}
    links = layers["links"]
    links["betweenness"] = [scores.get(lid) for lid in links["id"]]
    layers.update(graph_layers(graph))
    return layers
