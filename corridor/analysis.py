"""Connectivity of a scenario's network: components, bridges, disjoint paths, criticality.

Every function takes the layered graph of :func:`corridor.network.build` — nodes are
``(place, layer)`` pairs, *link edges* carry the ``link_id`` of one geodata link, *transfer
edges* (mode change, gauge break, border dwell, ferry wait) carry none — and answers in terms
of places and links, the units an analyst quotes.

Two ways of losing a link:

* the graph measures (components, bridges, articulation points, disjoint paths, betweenness,
  :func:`criticality_sweep`) remove the edges that carry its ``link_id`` (a place: all its
  layer nodes), so they agree with networkx on the mode's graph;
* the criticality ranking of the report (:func:`criticality_ranking`) closes the link as a
  scenario would (:class:`ScenarioCuts`: the network rebuilt where the link was the last of
  its layer at a place) and routes as :func:`corridor.routing.route`, so each figure equals
  the difference of two sums of routed OD times.

Transfer edges are never cut on their own.

Threads: the functions read the graph they are given and build their own subgraphs, so they
are safe to call from several threads on one graph (as long as nobody changes it);
:class:`ScenarioCuts` builds each cut network once, under a lock. See ``docs/threads.md``.
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

#: Modes of the geodata links.
MODES = ("rail", "road", "ferry")

#: Mode sets analysed by the connectivity report: each land mode with the ferries it needs
#: to cross the Caspian and the Black Sea, and all modes together.
MODE_SETS: dict[str, tuple[str, ...]] = {
    "rail+ferry": ("rail", "ferry"),
    "road+ferry": ("road", "ferry"),
    "all": ("rail", "road", "ferry"),
}

#: Caspian ports on the Central Asian shore (east end of the Middle Corridor), place ids.
CENTRAL_ASIA: tuple[str, ...] = ("port_of_aktau", "kuryk", "port_of_turkmenbashi")
#: European ends of the Middle Corridor, place ids.
EUROPE: tuple[str, ...] = ("istanbul", "constanta")
#: Caspian ports (both shores) — east end of the corridor whose single points of failure
#: the report lists.
CASPIAN_PORTS: tuple[str, ...] = (*CENTRAL_ASIA, "port_of_baku")
#: Black Sea ports and Turkey — west end of that corridor.
BLACK_SEA_TURKEY: tuple[str, ...] = ("poti", "batumi", "kars", "istanbul", "constanta")

#: Countries the Nakhchivan–mainland link may cross without counting a "third country":
#: Azerbaijan itself and Armenia, whose Syunik province the TRIPP route crosses by the
#: August 2025 agreement. Any other country (Iran, Georgia, Turkey) is a third country.
NAKHCHIVAN_PARTIES: tuple[str, ...] = ("AZE", "ARM")
#: The place standing for the exclave and the place standing for mainland Azerbaijan.
NAKHCHIVAN = "nakhchivan"
MAINLAND = "baku"


# --------------------------------------------------------------------------- graph access


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


def _edge_items(graph: nx.Graph) -> Iterable[tuple[Hashable, Hashable, dict[str, Any]]]:
    if graph.is_multigraph():
        for u, v, _k, data in graph.edges(keys=True, data=True):
            yield u, v, data
    else:
        yield from graph.edges(data=True)


def link_id(data: dict[str, Any]) -> str | None:
    """Return the link id an edge carries, or ``None`` for a transfer edge."""
    value = data.get("link_id")
    return None if value is None else str(value)


def _node_country(graph: nx.Graph, node: Hashable) -> str | None:
    value = graph.nodes[node].get("country")
    return None if value is None else str(value)


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
    for u, v, data in _edge_items(graph):
        lid = link_id(data)
        if lid is not None:
            if mode_set is not None and str(data.get("mode")) not in mode_set:
                continue
            if country_set is not None and data.get("country") not in country_set:
                continue
        else:
            if mode_set is not None and not (
                layer_mode(graph, u) in mode_set and layer_mode(graph, v) in mode_set
            ):
                continue
            if country_set is not None and not (
                _node_country(graph, u) in country_set and _node_country(graph, v) in country_set
            ):
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


def _links_of(graph: nx.Graph) -> dict[str, list[tuple[Hashable, Hashable]]]:
    """Map each link id of a :func:`restrict` graph to the edges carrying it."""
    links: dict[str, list[tuple[Hashable, Hashable]]] = {}
    for u, v, data in graph.edges(data=True):
        for lid in data["link_ids"]:
            links.setdefault(lid, []).append((u, v))
    return links


def _cut_link(graph: nx.Graph, lid: str) -> nx.Graph:
    """Return a copy of a :func:`restrict` graph without link ``lid``."""
    cut = graph.copy()
    for u, v in _links_of(graph).get(lid, []):
        rest = tuple(x for x in cut.edges[u, v]["link_ids"] if x != lid)
        if rest:
            cut.edges[u, v]["link_ids"] = rest
        else:
            cut.remove_edge(u, v)
    return cut


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
        lost = _separated_pairs(_cut_link(sub, lid), east, west) - base
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
    for u, v, data in _edge_items(graph):
        if simple.has_edge(u, v) and simple.edges[u, v]["time_h"] <= data.get("time_h", 0.0):
            continue
        simple.add_edge(u, v, **data)
    return simple


# --------------------------------------------------------------------------- criticality

#: A function giving the travel time (hours) of each OD pair on a graph, ``None`` when
#: the pair is not connected.
OdTimes = Callable[[nx.Graph], list[float | None]]


@dataclass(frozen=True)
class Criticality:
    """What cutting one link does to the default OD pairs.

    Attributes
    ----------
    link_id
        The link cut.
    rise_h
        Rise of the total travel time over the pairs that stay connected, hours.
    disconnected
        Indices (into the OD pair list) of the pairs that lose all connection.
    """

    link_id: str
    rise_h: float
    disconnected: tuple[int, ...] = field(default=())


def od_time(graph: nx.Graph, origin: str, destination: str, *,
            modes: Sequence[str] | None = None, weight: str = "time_h") -> float | None:
    """Return the least travel time from ``origin`` to ``destination`` in hours (``None``: no path).

    Paths start at any land-layer node of ``origin`` (its ferry node only when it has no
    other) and end at such a node of ``destination``, as in :func:`corridor.routing.route`;
    only link edges of ``modes`` and transfers between their layers are used (see
    :func:`restrict`).

    Parameters
    ----------
    graph
        Layered scenario graph.
    origin, destination
        Place ids.
    modes
        Modes allowed (``None``: all).
    weight
        Edge attribute summed along the path (default ``time_h``, hours).
    """
    best = od_path(graph, origin, destination, modes=modes, weight=weight)
    return None if best is None else best[0]


def od_path(graph: nx.Graph, origin: str, destination: str, *,
            modes: Sequence[str] | None = None, weight: str = "time_h"
            ) -> tuple[float, tuple[str, ...]] | None:
    """Return the least ``weight`` from ``origin`` to ``destination`` and the links used.

    Same rules as :func:`od_time`.

    Returns
    -------
    tuple or None
        ``(total weight, link ids in path order)``, or ``None`` when not connected.
    """
    found = _search(graph, origin, destination, modes, weight)
    return None if found is None else (found[0], found[1])


def _search(graph: nx.Graph, origin: str, destination: str, modes: Sequence[str] | None,
            weight: str) -> tuple[float, tuple[str, ...], list[Hashable]] | None:
    """Dijkstra for :func:`od_path`: (total weight, links, nodes) of the quickest path."""
    mode_set = None if modes is None else set(modes)
    starts = endpoint_nodes(graph, origin, mode_set)
    ends = set(endpoint_nodes(graph, destination, mode_set))
    dist: dict[Hashable, float] = {}
    prev: dict[Hashable, tuple[Hashable, str | None]] = {}
    heap: list[tuple[float, int, Hashable]] = []
    for i, s in enumerate(starts):
        dist[s] = 0.0
        heap.append((0.0, i, s))
    counter = len(heap)
    heapq.heapify(heap)
    done: set[Hashable] = set()
    multi = graph.is_multigraph()
    while heap:
        d, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node in ends:
            links: list[str] = []
            nodes = [node]
            while node in prev:
                node, lid = prev[node]
                nodes.append(node)
                if lid is not None:
                    links.append(lid)
            return d, tuple(reversed(links)), nodes[::-1]
        for nb, edata in graph.adj[node].items():
            options = [edata[k] for k in sorted(edata, key=str)] if multi else [edata]
            w, via = math.inf, None
            for data in options:
                if _allowed(graph, node, nb, data, mode_set):
                    value = float(data.get(weight, 0.0))
                    if value < w:
                        w, via = value, link_id(data)
            if w == math.inf:
                continue
            nd = d + w
            if nd < dist.get(nb, math.inf):
                dist[nb] = nd
                prev[nb] = (node, via)
                heapq.heappush(heap, (nd, counter, nb))
                counter += 1
    return None


def endpoint_nodes(graph: nx.Graph, place: str, modes: set[str] | None = None
                   ) -> list[Hashable]:
    """Nodes a route may start or end at: the place's land layers when it has any (so that
    boarding a ferry pays its transfer), else its ferry layer — as :mod:`corridor.routing`."""
    nodes = [n for n in graph.nodes if place_of(graph, n) == place
             and (modes is None or layer_mode(graph, n) in modes)]
    land = [n for n in nodes if layer_mode(graph, n) != "ferry"]
    return sorted(land or nodes, key=str)


def _allowed(graph: nx.Graph, u: Hashable, v: Hashable, data: dict[str, Any],
             modes: set[str] | None) -> bool:
    if modes is None:
        return True
    if data.get("link_id") is not None:
        return str(data.get("mode")) in modes
    return layer_mode(graph, u) in modes and layer_mode(graph, v) in modes


#: An origin–destination pair for the criticality sweep: origin id, destination id, modes
#: (``None``: all modes).
OdSpec = tuple[str, str, tuple[str, ...] | None]


def criticality_sweep(graph: nx.Graph, pairs: Sequence[OdSpec]
                      ) -> tuple[list[float | None], list[Criticality]]:
    """Cut each link used by a quickest OD path and measure the effect on all pairs.

    Works on the graph alone: a cut removes the link's edges (see :func:`cut_link`; the
    report uses :func:`criticality_ranking`, which closes links as a scenario would). A
    link that no quickest path uses cannot change any OD time when cut (the path survives
    and removing an edge never shortens a path), so only the links on the quickest paths
    are cut, and after each cut only the pairs whose path used it are recomputed. Big
    graphs go to :mod:`corridor.fastpath`.

    Parameters
    ----------
    graph
        Layered scenario graph.
    pairs
        ``(origin, destination, modes)`` place ids and allowed modes.

    Returns
    -------
    tuple
        The base travel time of each pair (hours, ``None`` when not connected) and the
        ranked :class:`Criticality` of every link whose cut changes something.
    """
    from corridor import fastpath

    if fastpath.use_fastpath(graph):
        return _compiled_sweep(graph, pairs)
    base: list[float | None] = []
    users: dict[str, list[int]] = {}
    for i, (o, d, modes) in enumerate(pairs):
        found = od_path(graph, o, d, modes=modes)
        base.append(None if found is None else found[0])
        if found is not None:
            for lid in dict.fromkeys(found[1]):
                users.setdefault(lid, []).append(i)
    out = []
    for lid in sorted(users):
        cut = cut_link(graph, lid)
        rise = 0.0
        lost = []
        for i in users[lid]:
            o, d, modes = pairs[i]
            after = od_time(cut, o, d, modes=modes)
            before = base[i]
            assert before is not None
            if after is None:
                lost.append(i)
            else:
                rise += after - before
        out.append(Criticality(lid, rise, tuple(lost)))
    return base, rank_criticality(c for c in out if c.disconnected or c.rise_h > 1e-9)


def criticality(
    graph: nx.Graph,
    od_times: OdTimes,
    links: Iterable[str] | None = None,
) -> list[Criticality]:
    """Rank links by the rise in total OD travel time when each alone is cut.

    Parameters
    ----------
    graph
        Layered scenario graph.
    od_times
        Function giving the travel time (hours, ``None`` when not connected) of each OD
        pair on a graph; called once on ``graph`` and once per link cut.
    links
        Link ids to cut (default: every link of ``graph``). Cutting a link that no
        shortest OD path uses changes nothing, so callers may pass only those.

    Returns
    -------
    list of Criticality
        Most critical first: by number of pairs disconnected, then rise in hours, then
        link id. Pairs not connected before the cut count in neither.
    """
    from corridor import fastpath

    if isinstance(od_times, fastpath.PairTimes) and fastpath.use_fastpath(graph):
        return fastpath.criticality(graph, od_times, links)
    base = od_times(graph)
    if links is None:
        links = sorted({lid for _, _, d in _edge_items(graph) if (lid := link_id(d))})
    out = []
    for lid in links:
        cut = cut_link(graph, lid)
        times = od_times(cut)
        rise = 0.0
        lost = []
        for i, (before, after) in enumerate(zip(base, times, strict=True)):
            if before is None:
                continue
            if after is None:
                lost.append(i)
            else:
                rise += after - before
        out.append(Criticality(lid, rise, tuple(lost)))
    return rank_criticality(out)


def _compiled_sweep(graph: nx.Graph, pairs: Sequence[OdSpec]
                    ) -> tuple[list[float | None], list[Criticality]]:
    """:func:`criticality_sweep` on :mod:`corridor.fastpath` (big graphs): one compiled
    sweep per set of modes, merged."""
    from corridor import fastpath

    groups: dict[tuple[str, ...] | None, list[int]] = {}
    for i, (_, _, modes) in enumerate(pairs):
        groups.setdefault(None if modes is None else tuple(sorted(modes)), []).append(i)
    base: list[float | None] = [None] * len(pairs)
    rise: dict[str, float] = {}
    lost: dict[str, list[int]] = {}
    for modes, members in groups.items():
        times = fastpath.PairTimes(tuple((pairs[i][0], pairs[i][1]) for i in members), modes)
        for i, t in zip(members, times(graph), strict=True):
            base[i] = t
        for c in fastpath.criticality(graph, times):
            rise[c.link_id] = rise.get(c.link_id, 0.0) + c.rise_h
            lost.setdefault(c.link_id, []).extend(members[j] for j in c.disconnected)
    items = (Criticality(lid, rise[lid], tuple(sorted(lost.get(lid, [])))) for lid in rise)
    return base, rank_criticality(c for c in items if c.disconnected or c.rise_h > 1e-9)


def rank_criticality(items: Iterable[Criticality]) -> list[Criticality]:
    """Sort criticality results: most pairs disconnected, then largest rise, then link id."""
    return sorted(items, key=lambda c: (-len(c.disconnected), -round(c.rise_h, 6), c.link_id))


def cut_link(graph: nx.Graph, lid: str) -> nx.Graph:
    """Return a copy of ``graph`` without the edges carrying link ``lid``.

    The nodes and transfer edges stay; :meth:`ScenarioCuts.without_links` gives the
    network as a scenario closing the link builds it.
    """
    cut = graph.copy()
    drop: list[tuple[Any, ...]]
    if graph.is_multigraph():
        drop = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                if link_id(d) == lid]
    else:
        drop = [(u, v) for u, v, d in graph.edges(data=True) if link_id(d) == lid]
    cut.remove_edges_from(drop)
    return cut


# --------------------------------------------------------------------------- scenario cuts


class ScenarioCuts:
    """The network of a scenario with links or places closed, as the scenario would build it.

    Closing a link in a scenario does more than remove its edge: where it was the last link
    of its layer at a place, :func:`corridor.network.build` makes no node for that layer
    there, so the changes of mode and border passages through it go too. This class builds
    those networks (cached); where no closed link is the last of its layer at either end,
    the result equals the scenario graph without the links' edges, and a view of that
    (no copy, no rebuild) stands in for it.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        Scenario name or :class:`corridor.scenarios.Scenario`.
    graph
        The scenario's network, if already built.
    """

    def __init__(self, data: Any, scenario: Any, graph: nx.MultiGraph | None = None) -> None:
        from corridor import network, scenarios

        self.data = data
        self.scenario = scenarios.get(scenario, geodata_dir=data.path)
        self.graph = graph if graph is not None else network.build(data, self.scenario)
        self._cache: dict[frozenset[str], nx.MultiGraph] = {}
        self._lock = threading.Lock()
        links_at: dict[Hashable, set[str]] = {}
        for u, v, d in _edge_items(self.graph):
            lid = link_id(d)
            if lid is None:
                continue
            for n in (u, v):
                links_at.setdefault(n, set()).add(lid)
        #: link -> places where it is the last link of its layer (side)
        self._structural: dict[str, set[str]] = {}
        for n, lids in links_at.items():
            if len(lids) == 1:
                (lid,) = lids
                self._structural.setdefault(lid, set()).add(place_of(self.graph, n))

    def structural_links(self, places: Iterable[str]) -> set[str]:
        """Links whose closure removes a layer node at one of ``places``."""
        wanted = set(places)
        return {lid for lid, at in self._structural.items() if at & wanted}

    def without_links(self, lids: Iterable[str]) -> nx.MultiGraph:
        """Return the scenario's network with the links ``lids`` closed."""
        key = frozenset(lids)
        with self._lock:  # one build per key even when threads share this object
            if key not in self._cache:
                self._cache[key] = self._build_without(key)
            return self._cache[key]

    def _build_without(self, key: frozenset[str]) -> nx.MultiGraph:
        if not (key & self._structural.keys()):
            # a view without the links' edges: no copy of the graph
            drop = [(u, v, k) for u, v, k, d in self.graph.edges(keys=True, data=True)
                    if link_id(d) in key]
            return nx.restricted_view(self.graph, [], drop)
        from corridor import network

        closed = self.scenario.replace(closed_links=[*self.scenario.closed_links, *sorted(key)])
        return network.build(self.data, closed)


def criticality_ranking(cuts: ScenarioCuts, pairs: Sequence[OdSpec]
                        ) -> tuple[list[float | None], list[Criticality]]:
    """Rank links by what closing each alone does to the OD pairs, routing as
    :func:`corridor.routing.route` does.

    Closing a link changes a pair's route only when the route uses the link or passes a
    place where the link is the last of its layer (:meth:`ScenarioCuts.structural_links`),
    so only those links are closed, and only the pairs concerned are routed again. Pairs
    with both ends on the network are searched here (the same quickest-time search as
    :func:`od_time`); a pair with an end off the network (reached by an access leg) is
    routed by :func:`corridor.routing.route`.

    Parameters
    ----------
    cuts
        The scenario (and its networks with links closed).
    pairs
        ``(origin, destination, modes)``: place ids (or names) and allowed modes.

    Returns
    -------
    tuple
        The travel time of each pair (hours, ``None`` when not connected) and the ranked
        :class:`Criticality` of every link whose closure changes something.
    """
    from corridor import routing
    from corridor._errors import NoRoute

    on_network: dict[int, tuple[nx.MultiGraph, set[str]]] = {}

    def route(o: str, d: str, modes: tuple[str, ...] | None, graph: nx.MultiGraph
              ) -> tuple[float, set[str], set[str]] | None:
        """(hours, links used, places passed) of the quickest route, or None."""
        if id(graph) not in on_network:
            on_network[id(graph)] = (graph, {place_of(graph, n) for n in graph.nodes})
        places = on_network[id(graph)][1]
        if o in places and d in places:
            # both ends on the network: the same search as routing.route, without building
            # its routing view for every graph
            found = _search(graph, o, d, modes, "time_h")
            if found is None:
                return None
            return found[0], set(found[1]), {place_of(graph, n) for n in found[2]}
        # an end off the network is reached by an access leg: leave it to routing.route,
        # without the explanation it computes for a missing route (several network builds)
        try:
            r = routing.route(o, d, scenario=cuts.scenario, modes=modes or "multimodal",
                              weight="time", data=cuts.data, graph=graph, explain=False)
        except NoRoute:
            return None
        assert isinstance(r, routing.Route)
        return float(r.time_h), set(r.link_ids), set(r.places)

    base: list[float | None] = []
    users: dict[str, list[int]] = {}
    for i, (o, d, modes) in enumerate(pairs):
        found = route(o, d, modes, cuts.graph)
        base.append(None if found is None else found[0])
        if found is None:
            continue
        touched = found[1] | cuts.structural_links(found[2])
        for lid in sorted(touched):
            users.setdefault(lid, []).append(i)
    out = []
    for lid in sorted(users):
        graph = cuts.without_links([lid])
        rise = 0.0
        lost = []
        for i in users[lid]:
            o, d, modes = pairs[i]
            after = route(o, d, modes, graph)
            before = base[i]
            assert before is not None
            if after is None:
                lost.append(i)
            else:
                rise += after[0] - before
        out.append(Criticality(lid, rise, tuple(lost)))
    return base, rank_criticality(c for c in out if c.disconnected or abs(c.rise_h) > 1e-9)
