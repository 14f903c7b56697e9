"""GraphML of the network graph: a sanitised copy networkx and osmnx read back without loss."""

from __future__ import annotations

import json
import math
from typing import Any

import networkx as nx

from corridor.export.layers import flat, node_key

#: Attributes osmnx reads as numbers (metres, seconds, km/h), added beside corridor's own.
OSMNX_UNITS = {"length": ("length_km", 1000.0), "travel_time": ("time_h", 3600.0)}


def _value(value: Any) -> str | None:
    """Return a value as GraphML text (osmnx's convention) or ``None`` to leave it out.

    Numbers are written with ``repr`` (reading them back with ``float`` gives the same
    number), booleans as ``True``/``False``, geometries as WKT.
    """
    value = flat(value)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if math.isfinite(value) else None
    if hasattr(value, "wkt"):  # a shapely geometry: WKT, as osmnx stores it
        return str(value.wkt)
    return str(value)


def _attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        clean = _value(value)
        if clean is not None:
            out[key] = clean
    return out


def graphml_graph(graph: nx.MultiGraph, metadata: dict[str, Any] | None = None) -> nx.MultiGraph:
    """Return a copy of a network graph that GraphML can hold (the graph is not changed).

    Nodes are numbered ``0..n-1`` (osmnx reads node ids as integers) and keep their text
    id in ``node``. As osmnx saves GraphML, every value is text: numbers by ``repr`` (so
    ``float`` reads back the same number), lists ``;``-separated, geometries WKT; missing
    values are left out. Edges also get osmnx's ``length`` (m) and ``travel_time``
    (s). Graph attributes are the scenario name, the CRS, the defaults as JSON and
    ``metadata`` (see :func:`corridor._meta.provenance`).
    """
    numbers = {n: i for i, n in enumerate(graph.nodes)}
    out = nx.MultiGraph()
    out.graph.update({"scenario": str(graph.graph.get("scenario", "")),
                      "crs": str(graph.graph.get("crs", "")),
                      "defaults": json.dumps(graph.graph.get("defaults", {}), default=str,
                                             sort_keys=True)})
    out.graph.update({k: str(v) for k, v in (metadata or {}).items()})
    for n, attrs in graph.nodes(data=True):
        out.add_node(numbers[n], node=node_key(n), **_attrs(attrs))
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        clean = _attrs(attrs)
        for name, (source, factor) in OSMNX_UNITS.items():
            if source in clean:
                clean[name] = repr(float(clean[source]) * factor)
        out.add_edge(numbers[u], numbers[v], key=k, **clean)
    return out


def graphml_text(graph: nx.MultiGraph, metadata: dict[str, Any] | None = None) -> str:
    """Return the GraphML document of :func:`graphml_graph`."""
    return "\n".join(nx.generate_graphml(graphml_graph(graph, metadata))) + "\n"
