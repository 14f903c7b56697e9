"""Connectivity of a network: components, reachability, bridges, disjoint paths, betweenness."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from corridor.network.graph import (
    MODES,
    cut_link,
    edge_items,
    layer_mode,
    link_id,
    node_country,
    place_of,
)
from corridor.settings import (
    BLACK_SEA_TURKEY,
    CASPIAN_PORTS,
    CENTRAL_ASIA,
    EUROPE,
    MAINLAND,
    NAKHCHIVAN,
    NAKHCHIVAN_PARTIES,
)

__all__ = [
    "BLACK_SEA_TURKEY",
    "CASPIAN_PORTS",
    "CENTRAL_ASIA",
    "EUROPE",
    "MAINLAND",
    "MODES",
    "MODE_SETS",
    "NAKHCHIVAN",
    "NAKHCHIVAN_PARTIES",
    "Centrality",
    "FailurePoint",
    "components",
    "connected",
    "corridor_articulation_points",
    "corridor_bridges",
    "link_betweenness",
    "link_disjoint_paths",
    "nakhchivan_connected",
    "restrict",
]

#: Mode sets analysed by the connectivity report: each land mode with the ferries it needs
#: to cross the Caspian and the Black Sea, and all modes together.
MODE_SETS: dict[str, tuple[str, ...]] = {
    "rail+ferry": ("rail", "ferry"),
    "road+ferry": ("road", "ferry"),
    "all": ("rail", "road", "ferry"),
}


def _kept(graph: nx.Graph, u: Hashable, v: Hashable, data: dict[str, Any],
          modes: set[str] | None, countries: set[str] | None) -> bool:
    """Return whether :func:`restrict` keeps an edge."""
    if link_id(data) is not None:
        if modes is not None and str(data.get("mode")) not in modes:
            return False
        return countries is None or data.get("country") in countries
    if modes is not None and not (layer_mode(graph, u) in modes and layer_mode(graph, v) in modes):
        return False
    return countries is None or (node_country(graph, u) in countries
                                 and node_country(graph, v) in countries)


def restrict(
    graph: nx.Graph,
    modes: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> nx.Graph:
    """Return the undirected subgraph of link and transfer edges within ``modes`` and ``countries``.

    Parameters
    ----------
    graph
        Layered scenario graph.
    modes
        Keep link edges of these modes, and transfer edges whose two ends are layers of
        these modes; ``None`` keeps all.
    countries
        Keep link edges lying in these ISO3 countries (ferries, which lie in none, are
        dropped) and transfer edges at places in these countries; ``None`` keeps all.

    Returns
    -------
    networkx.Graph
        A new undirected simple graph on the kept edges, with the node attributes of
        ``graph`` and per edge ``link_ids`` (sorted tuple), ``time_h`` (the least of the
        parallel edges, hours) and ``length_km`` (its length, km).
    """
    mode_set = None if modes is None else set(modes)
    country_set = None if countries is None else set(countries)
    out = nx.Graph()
    for u, v, data in edge_items(graph):
        lid = link_id(data)
        if not _kept(graph, u, v, data, mode_set, country_set):
            continue
        for n in (u, v):
            if n not in out:
                out.add_node(n, **graph.nodes[n])
        time_h = float(data.get("time_h", 0.0))
        length_km = float(data.get("length_km", 0.0))
        if out.has_edge(u, v):
            cur = out.edges[u, v]
            if lid is not None:
                cur["link_ids"] = tuple(sorted({*cur["link_ids"], lid}))
            if time_h < cur["time_h"]:
                cur["time_h"], cur["length_km"] = time_h, length_km
        else:
            out.add_edge(u, v, link_ids=() if lid is None else (lid,), time_h=time_h,
                         length_km=length_km)
    return out


def _place_nodes(graph: nx.Graph) -> dict[str, list[Hashable]]:
    nodes: dict[str, list[Hashable]] = {}
    for n in graph.nodes:
        nodes.setdefault(place_of(graph, n), []).append(n)
    return nodes


def _reach(graph: nx.Graph, places: dict[str, list[Hashable]], origin: str) -> set[str]:
    """Return the places reachable from any layer node of ``origin``."""
    seen: set[Hashable] = set()
    stack = [n for n in places.get(origin, []) if n in graph]
    seen.update(stack)
    while stack:
        node = stack.pop()
        for nb in graph.adj[node]:
            if nb not in seen:
                seen.add(nb)
                stack.append(nb)
    return {place_of(graph, n) for n in seen}


def _separated_pairs(graph: nx.Graph, east: Sequence[str], west: Sequence[str]
                     ) -> set[tuple[str, str]]:
    places = _place_nodes(graph)
    out: set[tuple[str, str]] = set()
    for e in east:
        reach = _reach(graph, places, e)
        out.update((e, w) for w in west if w not in reach)
    return out


# --------------------------------------------------------------------------- components


def components(graph: nx.Graph, mode: str) -> list[list[str]]:
    """Return the connected components of one mode's network, as sorted lists of place ids.

    Parameters
    ----------
    graph
        Layered scenario graph.
    mode
        ``rail``, ``road`` or ``ferry``; only links of this mode (and transfers between
        its layers, e.g. gauge breaks, and open border passages) count.

    Returns
    -------
    list of list of str
        Components, largest first (ties by first place id); each a sorted list of the
        places that links of ``mode`` touch. A closed border crossing with links on both
        sides belongs to the component of each side.
    """
    sub = restrict(graph, modes=(mode,))
    comps = [sorted({place_of(sub, n) for n in nodes}) for nodes in nx.connected_components(sub)]
    return sorted(comps, key=lambda c: (-len(c), c))


def connected(
    graph: nx.Graph,
    origin: str,
    destination: str,
    modes: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> bool:
    """Return True when ``origin`` reaches ``destination`` within ``modes`` and ``countries``.

    Parameters
    ----------
    graph
        Layered scenario graph.
    origin, destination
        Place ids.
    modes
        Modes allowed (``None``: all).
    countries
        ISO3 countries the path may use (``None``: any); see :func:`restrict`.
    """
    sub = restrict(graph, modes=modes, countries=countries)
    return destination in _reach(sub, _place_nodes(sub), origin)


def nakhchivan_connected(
    graph: nx.Graph, mode: str, countries: Sequence[str] = NAKHCHIVAN_PARTIES
) -> bool:
    """Return True when Nakhchivan reaches mainland Azerbaijan by ``mode`` without a third country.

    Parameters
    ----------
    graph
        Layered scenario graph.
    mode
        ``rail`` or ``road``.
    countries
        Countries the path may cross (default: Azerbaijan and Armenia, see
        :data:`NAKHCHIVAN_PARTIES`).
    """
    return connected(graph, NAKHCHIVAN, MAINLAND, modes=(mode,), countries=countries)


# --------------------------------------------------------------------------- failure points


@dataclass(frozen=True)
class FailurePoint:
    """A link or place whose loss separates corridor ends.

    Attributes
    ----------
    id
        Link id (bridge) or place id (articulation point).
    separated
        The (east, west) terminal pairs it separates, sorted.
    """

    id: str
    separated: tuple[tuple[str, str], ...]


def corridor_bridges(
    graph: nx.Graph,
    modes: Sequence[str] | None = None,
    east: Sequence[str] = CASPIAN_PORTS,
    west: Sequence[str] = BLACK_SEA_TURKEY,
) -> list[FailurePoint]:
    """Return the links whose loss alone separates an ``east`` place from a ``west`` place.

    The graph measure: a link is lost by removing its edges from the mode's network, so
    these are the bridges of that network (:func:`networkx.bridges`) that carry one link
    and lie between the corridor's ends.

    Parameters
    ----------
    graph
        Layered scenario graph.
    modes
        Modes of the network considered (``None``: all).
    east, west
        Place ids of the corridor's two ends (default: Caspian ports; Black Sea ports
        and Turkey).

    Returns
    -------
    list of FailurePoint
        Sorted by number of pairs separated (most first), then link id. Pairs already
        separated before the loss are not counted.
    """
    sub = restrict(graph, modes=modes)
    base = _separated_pairs(sub, east, west)
    # removing an edge separates something only when it is a bridge
    candidates = sorted({sub.edges[u, v]["link_ids"][0] for u, v in nx.bridges(sub)
                         if len(sub.edges[u, v]["link_ids"]) == 1})
    out = []
    for lid in candidates:
        lost = _separated_pairs(cut_link(sub, lid), east, west) - base
        if lost:
            out.append(FailurePoint(lid, tuple(sorted(lost))))
    return sorted(out, key=lambda f: (-len(f.separated), f.id))


def corridor_articulation_points(
    graph: nx.Graph,
    modes: Sequence[str] | None = None,
    east: Sequence[str] = CASPIAN_PORTS,
    west: Sequence[str] = BLACK_SEA_TURKEY,
) -> list[FailurePoint]:
    """Return the places whose loss alone separates an ``east`` place from a ``west`` place.

    A place is lost with all its layer nodes. A terminal itself is never reported for the
    pairs it belongs to. Parameters and order as in :func:`corridor_bridges`.
    """
    sub = restrict(graph, modes=modes)
    places = _place_nodes(sub)
    base = _separated_pairs(sub, east, west)
    # a place separating e from w has a node on every e-w path, so on the first one found
    candidates: set[str] = set()
    for e, w in itertools.product(east, west):
        path = _node_path(sub, places, e, w)
        if path is not None:
            candidates |= {place_of(sub, n) for n in path} - {e, w}
    out = []
    for place in sorted(candidates):
        cut = sub.copy()
        cut.remove_nodes_from(places[place])
        lost = {(e, w) for e, w in _separated_pairs(cut, east, west) - base
                if place not in (e, w)}
        if lost:
            out.append(FailurePoint(place, tuple(sorted(lost))))
    return sorted(out, key=lambda f: (-len(f.separated), f.id))


def _node_path(graph: nx.Graph, places: dict[str, list[Hashable]], origin: str,
               destination: str) -> list[Hashable] | None:
    """Return the nodes of one path from ``origin`` to ``destination`` (BFS), or None."""
    starts = [n for n in places.get(origin, []) if n in graph]
    prev: dict[Hashable, Hashable | None] = dict.fromkeys(starts)
    queue = list(starts)
    for node in queue:
        if place_of(graph, node) == destination:
            out = []
            cur: Hashable | None = node
            while cur is not None:
                out.append(cur)
                cur = prev[cur]
            return out[::-1]
        for nb in graph.adj[node]:
            if nb not in prev:
                prev[nb] = node
                queue.append(nb)
    return None


# --------------------------------------------------------------------------- disjoint paths


def link_disjoint_paths(
    graph: nx.Graph,
    sources: Sequence[str] = CENTRAL_ASIA,
    targets: Sequence[str] = EUROPE,
    modes: Sequence[str] | None = None,
) -> int:
    """Return the number of link-disjoint paths from any of ``sources`` to any of ``targets``.

    Equals the least number of links whose loss cuts every source off from every target
    (Menger): a maximum flow with capacity 1 per link and unbounded transfers.

    Parameters
    ----------
    graph
        Layered scenario graph.
    sources, targets
        Place ids (default: Central Asian Caspian ports; Istanbul and Constanța).
    modes
        Modes of the network considered (``None``: all).
    """
    sub = restrict(graph, modes=modes)
    flow = nx.Graph()
    for u, v, data in sub.edges(data=True):
        if data["link_ids"]:
            flow.add_edge(u, v, capacity=len(data["link_ids"]))
        else:
            flow.add_edge(u, v)  # transfer: no capacity attribute = unbounded
    places = _place_nodes(sub)
    src, dst = ("__source__",), ("__target__",)
    flow.add_node(src)
    flow.add_node(dst)
    for place in sources:
        for n in places.get(place, []):
            flow.add_edge(src, n)
    for place in targets:
        for n in places.get(place, []):
            flow.add_edge(n, dst)
    if not nx.has_path(flow, src, dst):
        return 0
    value = nx.maximum_flow_value(flow, src, dst)
    return round(value)


# --------------------------------------------------------------------------- centrality


@dataclass(frozen=True)
class Centrality:
    """Edge betweenness of one link (sum over the graph edges carrying it, normalised)."""

    link_id: str
    betweenness: float


def link_betweenness(graph: nx.Graph, top: int = 10, weight: str = "time_h") -> list[Centrality]:
    """Return the ``top`` links by edge betweenness centrality weighted by travel time.

    Parameters
    ----------
    graph
        Layered scenario graph (directed or not).
    top
        How many links to return.
    weight
        Edge attribute used as path length (default ``time_h``, hours).

    Returns
    -------
    list of Centrality
        Highest first, ties by link id; values rounded to 9 decimals so that the order is
        stable across platforms.
    """
    simple = _collapse_multi(graph) if graph.is_multigraph() else graph
    scores = nx.edge_betweenness_centrality(simple, weight=weight, normalized=True)
    by_link: dict[str, float] = {}
    for (u, v), value in scores.items():
        lid = link_id(simple.edges[u, v])
        if lid is not None:
            by_link[lid] = by_link.get(lid, 0.0) + float(value)
    ranked = sorted(((round(v, 9), k) for k, v in by_link.items()), key=lambda t: (-t[0], t[1]))
    return [Centrality(k, v) for v, k in ranked[:top]]


def _collapse_multi(graph: nx.Graph) -> nx.Graph:
    """Collapse a multigraph to a simple one keeping the quickest parallel edge."""
    simple: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in edge_items(graph):
        if simple.has_edge(u, v) and simple.edges[u, v]["time_h"] <= data.get("time_h", 0.0):
            continue
        simple.add_edge(u, v, **data)
    return simple
