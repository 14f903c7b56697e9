"""The vocabulary of the layered graph: a node's place and mode, an edge's link, the endpoint rule.

Every module that reads the layered graph of :func:`corridor.network.build` (or a subgraph,
view or routing view of it) asks these functions, so that "the place of a node", "the link
an edge carries", "may this edge be used with these modes" and "where may a route start at a
place" mean one thing everywhere.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import networkx as nx

#: Modes of the geodata links.
MODES = ("rail", "road", "ferry")


def place_of(graph: nx.Graph, node: Hashable) -> str:
    """Return the place id of a layer node (its ``place`` attribute, else ``node[0]``)."""
    data = graph.nodes[node]
    place = data.get("place")
    if place is not None:
        return str(place)
    if isinstance(node, tuple):
        return str(node[0])
    return str(node)


def layer_mode(graph: nx.Graph, node: Hashable) -> str:
    """Return the mode of a layer node: ``rail``, ``road`` or ``ferry`` (or the raw layer)."""
    data = graph.nodes[node]
    mode = data.get("mode")
    if mode is None:
        layer = node[1] if isinstance(node, tuple) and len(node) > 1 else data.get("layer", "")
        mode = str(layer)
    text = str(mode)
    for known in MODES:
        if text == known or text.startswith(known + "_") or text.startswith(known + ":"):
            return known
    return text


def node_country(graph: nx.Graph, node: Hashable) -> str | None:
    """Return the country (ISO3) of a node, ``None`` when it has none."""
    value = graph.nodes[node].get("country")
    return None if value is None else str(value)


def edge_items(graph: nx.Graph) -> Iterable[tuple[Hashable, Hashable, dict[str, Any]]]:
    """Yield ``(u, v, data)`` for every edge, parallel edges of a multigraph included."""
    if graph.is_multigraph():
        for u, v, _k, data in graph.edges(keys=True, data=True):
            yield u, v, data
    else:
        yield from graph.edges(data=True)


def link_id(data: dict[str, Any]) -> str | None:
    """Return the link id an edge carries, or ``None`` for a transfer edge."""
    value = data.get("link_id")
    return None if value is None else str(value)


def edge_link_ids(data: dict[str, Any]) -> tuple[str, ...]:
    """Return the links an edge carries: its ``link_ids`` (a collapsed edge), else its link."""
    if "link_ids" in data:
        return tuple(data["link_ids"])
    lid = link_id(data)
    return () if lid is None else (lid,)


def link_ids(graph: nx.Graph) -> list[str]:
    """Return the sorted ids of the links of a graph."""
    return sorted({lid for _, _, d in edge_items(graph) for lid in edge_link_ids(d)})


def allowed(graph: nx.Graph, u: Hashable, v: Hashable, data: dict[str, Any],
            modes: set[str] | None) -> bool:
    """Return whether an edge may be used with ``modes`` (``None``: all).

    A link edge by its ``mode``; a transfer edge when both its ends are layers of ``modes``.
    """
    if modes is None:
        return True
    if data.get("link_id") is not None:
        return str(data.get("mode")) in modes
    return layer_mode(graph, u) in modes and layer_mode(graph, v) in modes


def cut_link(graph: nx.Graph, lid: str) -> nx.Graph:
    """Return a copy of ``graph`` without link ``lid``: the graph measure of losing a link.

    Edges carrying only ``lid`` go; an edge of a collapsed graph (``link_ids``, see
    :func:`corridor.analysis.restrict`) carrying other links too keeps them. Nodes and transfer
    edges stay; :class:`corridor.analysis.ScenarioCuts` gives the network as a scenario
    closing the link builds it.
    """
    cut = graph.copy()
    keyed = graph.is_multigraph()
    items = (graph.edges(keys=True, data=True) if keyed
             else ((u, v, None, d) for u, v, d in graph.edges(data=True)))
    for u, v, k, data in list(items):
        ids = edge_link_ids(data)
        if lid not in ids:
            continue
        rest = tuple(x for x in ids if x != lid)
        edge = (u, v, k) if keyed else (u, v)
        if rest:
            cut.edges[edge]["link_ids"] = rest
        else:
            cut.remove_edge(*edge)
    return cut


# --------------------------------------------------------------------------- endpoint rule


def endpoints(graph: nx.Graph, nodes: Iterable[Hashable]) -> list[Hashable]:
    """Apply the endpoint rule to the nodes of one place, keeping their order.

    A route starts and ends on a land layer (rail or road) where the place has one, so that
    boarding a ferry pays its transfer; a place with only a ferry node starts at that node.
    The one statement of this rule: routing, OD times and criticality all use it.
    """
    nodes = list(nodes)
    land = [n for n in nodes if layer_mode(graph, n) != "ferry"]
    return land or nodes


#: Per immutable graph: place id -> its nodes (sorted by ``str``). Held by a weak reference to
#: the graph (the entry goes with it), so a copy or a view never sees another graph's index.
_PLACE_INDEX: weakref.WeakKeyDictionary[nx.Graph, dict[str, list[Hashable]]] = (
    weakref.WeakKeyDictionary())
_PLACE_INDEX_LOCK = threading.Lock()


def _immutable(graph: nx.Graph) -> bool:
    """Return whether ``graph`` cannot change: frozen, and so is every graph it is a view of.

    A subgraph or restricted view is frozen itself but changes with the graph under it.
    """
    seen = graph
    while True:
        if not nx.is_frozen(seen):
            return False
        under = getattr(seen, "_graph", None)
        if under is None or under is seen:
            return True
        seen = under


def _scan_places(graph: nx.Graph) -> dict[str, list[Hashable]]:
    """Return place id -> its nodes, each list sorted by ``str`` (one pass over the graph)."""
    found: dict[str, list[Hashable]] = {}
    for n in graph.nodes:
        found.setdefault(place_of(graph, n), []).append(n)
    for nodes in found.values():
        nodes.sort(key=str)
    return found


def place_index(graph: nx.Graph) -> dict[str, list[Hashable]]:
    """Return place id -> the nodes of that place (sorted by ``str``); treat it as read-only.

    On an immutable graph (frozen, as :func:`corridor.routing.graph_for` returns them, or a
    view of one) the index is built once and kept while the graph lives; a graph that may
    still change is scanned on every call, so an edited graph never answers from a stale
    index.
    """
    if not _immutable(graph):
        return _scan_places(graph)
    with _PLACE_INDEX_LOCK:
        found = _PLACE_INDEX.get(graph)
        if found is None:
            found = _PLACE_INDEX[graph] = _scan_places(graph)
        return found


def place_endpoints(graph: nx.Graph, places: Sequence[str],
                    modes: Iterable[str] | None = None) -> list[list[Hashable]]:
    """Return, per place id, the nodes of ``modes`` an OD path may start or end at.

    Each list sorted by ``str`` (see :func:`endpoints`). Looked up in :func:`place_index`
    (built once per immutable graph), not by a scan of the graph per call.
    """
    mode_set = None if modes is None else set(modes)
    index = place_index(graph)
    out = []
    for p in places:
        nodes = index.get(p, [])
        if mode_set is not None:
            nodes = [n for n in nodes if layer_mode(graph, n) in mode_set]
        out.append(endpoints(graph, nodes))
    return out


def endpoint_nodes(graph: nx.Graph, place: str, modes: Iterable[str] | None = None
                   ) -> list[Hashable]:
    """Return the nodes of ``modes`` a route may start or end at in ``place`` (sorted)."""
    return place_endpoints(graph, [place], modes)[0]
