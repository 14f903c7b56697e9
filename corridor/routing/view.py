"""Routing views of a network (modes, avoided countries, weight) and private per-query overlays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from corridor import network, paths, settings
from corridor._errors import InvalidArgument
from corridor.routing import cache

#: Accepted values of ``weight``: hours, km, US$ per tonne, kg CO2e per tonne, or the
#: generalised cost (US$ per tonne plus the value of time x hours,
#: :data:`corridor.settings.COST_RATES`).
WEIGHTS = ("time", "length", "cost", "co2", "generalised")
#: Edge attribute each weight sums (``generalised`` combines cost and time).
WEIGHT_ATTRS = {"time": "time_h", "length": "length_km", "cost": "cost_usd_t",
                "co2": "co2_kg_t", "generalised": "generalised_usd_t"}
#: Every mode; ``"multimodal"`` stands for all of them.
ALL_MODES = ("rail", "road", "ferry")
#: Tie-break factor: a route by time prefers the shorter of equal-time routes and vice versa.
_TIE = 1e-7

Node = network.Node


def parse_modes(modes: str | Iterable[str]) -> tuple[str, ...]:
    """Return the modes a ``modes`` argument allows (``"multimodal"`` = all).

    Raises
    ------
    ValueError
        For an unknown mode.
    """
    items = [modes] if isinstance(modes, str) else list(modes)
    out: set[str] = set()
    for item in items:
        if item in ("multimodal", "all", "any"):
            out.update(ALL_MODES)
        elif item in ALL_MODES:
            out.add(item)
        else:
            raise InvalidArgument(
                f"unknown mode {item!r}; expected rail, road, ferry or multimodal")
    return tuple(m for m in ALL_MODES if m in out)


def generalised(data: dict[str, Any]) -> float:
    """Return the generalised cost of an edge: US$ per tonne plus the value of time x hours."""
    return (float(data["cost_usd_t"])
            + settings.COST_RATES.value_of_time_usd_th * float(data["time_h"]))


def weight_value(data: dict[str, Any], weight: str) -> float:
    """Return what ``weight`` sums on an edge (hours, km, US$/t, kg CO2e/t or generalised)."""
    if weight == "generalised":
        return generalised(data)
    return float(data[WEIGHT_ATTRS[weight]])


def _weight_of(data: dict[str, Any], weight: str) -> float:
    if weight == "time":
        return float(data["time_h"]) + _TIE * float(data["length_km"])
    if weight == "length":
        return float(data["length_km"]) + _TIE * float(data["time_h"])
    return weight_value(data, weight) + _TIE * float(data["time_h"])


def routing_view(graph: nx.MultiGraph, modes: Sequence[str] = ALL_MODES,
                 avoid_countries: Iterable[str] = (), weight: str = "time") -> nx.DiGraph:
    """Return a simple directed graph for routing.

    Allowed modes only, avoided countries removed; each network edge becomes two arcs, the
    best parallel arc kept per node pair and direction; arc attribute ``w`` is the weight
    and ``data`` the network edge's attributes, with ``time_h`` (and ``countries``) of the
    direction travelled on a border crossing or a ferry joining two countries (their dwell
    differs by direction: :mod:`corridor.network.timing`). Cached per arguments, shared by
    every caller and thread, frozen: a query puts its temporary nodes on a private overlay,
    never on the view.
    """
    avoid = frozenset(avoid_countries)
    return cache.VIEWS.get_or_build(graph, (tuple(modes), avoid, weight),
                                    lambda: _build_view(graph, modes, avoid, weight))


def directed(graph: nx.Graph, u: Node, v: Node, d: dict[str, Any]) -> dict[str, Any]:
    """Return the attributes of edge ``d`` travelled from ``u`` to ``v``.

    Edges with a ``directions`` attribute (border crossings, ferries joining two countries)
    get the dwell of the direction travelled: ``time_h`` (for a ferry: wait, sailing and
    the customs of that direction), ``countries`` in travel order, ``dwell_exit_h`` and
    ``dwell_entry_h`` (hours at each post) and ``dwell_how``; other edges are returned as
    they are.
    """
    directions = d.get("directions")
    if not directions:
        return d
    start = graph.nodes[u]["country"]
    end = graph.nodes[v]["country"]
    if d["kind"] == "link":  # a ferry: its ports' countries, from the port left
        start = d["countries"][0] if u[0] == d["from_place"] else d["countries"][1]
        end = d["countries"][1] if start == d["countries"][0] else d["countries"][0]
    found = next((x for x in directions if x[0] == start and x[1] == end), directions[0])
    hours = found[2] + found[3]
    base = d["time_h"] - d.get("customs_h", 0.0) if d["kind"] == "link" else 0.0
    return d | {"time_h": base + hours, "countries": (found[0], found[1]),
                "dwell_exit_h": found[2], "dwell_entry_h": found[3], "dwell_how": found[4]}


def _build_view(graph: nx.MultiGraph, modes: Sequence[str], avoid: frozenset[str],
                weight: str) -> nx.DiGraph:
    allowed = set(modes)
    view = nx.DiGraph()
    for node, d in graph.nodes(data=True):
        if d["mode"] in allowed and d["country"] not in avoid:
            view.add_node(node, **d)
    links: list[tuple[str, Node, Node, dict[str, Any]]] = []
    for u, v, d in graph.edges(data=True):
        if u not in view or v not in view:
            continue
        if d["kind"] == "link" and d.get("country") in avoid:
            continue
        for a, b in ((u, v), (v, u)):
            arc = directed(graph, a, b, d)
            w = _weight_of(arc, weight)
            old = view.get_edge_data(a, b)
            if old is None or w < old["w"]:
                view.add_edge(a, b, w=w, data=arc)
        if d["kind"] == "link":
            links.append((d["link_id"], u, v, d))
    # every link of the view's modes, parallel ones the view collapsed too: a point snaps to
    # the link nearest to it, whichever of two parallel links is best between their ends
    view.graph["links"] = links
    paths.attach(view, "w")  # issue 7: compiled search on big views (no-op when small)
    return nx.freeze(view)  # shared by every query: temporary nodes go on an overlay


# --------------------------------------------------------------------------- overlays


class _Layer(Mapping[Any, Any]):
    """Read-only mapping: ``base`` (shared, never changed) and a few private ``extra`` keys.

    Iteration gives the base keys first, then the extra ones, as a dict that had them added
    would give.
    """

    __slots__ = ("_base", "_extra")

    def __init__(self, base: Mapping[Any, Any], extra: dict[Any, Any]) -> None:
        self._base = base
        self._extra = extra

    def __getitem__(self, key: Any) -> Any:
        found = self._extra.get(key, _MISSING)
        return self._base[key] if found is _MISSING else found

    def __contains__(self, key: object) -> bool:
        return key in self._extra or key in self._base

    def __iter__(self) -> Iterator[Any]:
        yield from self._base
        yield from (k for k in self._extra if k not in self._base)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for k in self._extra if k not in self._base)


_MISSING = object()


class _Overlay(nx.DiGraph):
    """A routing view plus a few temporary nodes and edges, private to one query.

    Temporary nodes: virtual source and target, snapped points. The shared view is read,
    never changed,
    so queries in other threads do not see these nodes (see :func:`_overlay`).

    ``overlay_base`` is the view and ``overlay_nodes`` the temporary nodes
    (:func:`corridor.paths.single_source_dijkstra` extends its compiled view by them).
    """

    overlay_base: nx.Graph
    overlay_nodes: tuple[Node, ...]


def _overlay(view: nx.DiGraph, edges: list[tuple[Node, Node, float, dict[str, Any]]]
             ) -> nx.DiGraph:
    """Return ``view`` with temporary ``edges`` ``(u, v, w, data)`` added, without changing it.

    Each temporary edge becomes two arcs, except ``kind="virtual"`` ones (a virtual source
    or target), which run from ``u`` to ``v`` only. The result shares the view's node and
    adjacency dicts (read-only) and keeps its own dicts for the new nodes and for the
    neighbours the new arcs give to existing nodes. networkx's algorithms and
    :mod:`corridor.paths` read it like any directed graph.
    """
    if not edges:
        return view
    base_node, base_succ, base_pred = view._node, view._succ, view._pred
    nodes: dict[Node, dict[str, Any]] = {}
    succ: dict[Node, dict[Node, dict[str, Any]]] = {}
    pred: dict[Node, dict[Node, dict[str, Any]]] = {}

    def own(table: dict[Node, dict[Node, dict[str, Any]]], base: Any, n: Node
            ) -> dict[Node, dict[str, Any]]:
        if n not in table:  # an existing node: its neighbours plus the new ones
            table[n] = dict(base[n]) if n in base_node else {}
        return table[n]

    for u, v, w, d in edges:
        for n in (u, v):
            if n not in base_node and n not in nodes:
                nodes[n] = {"place": "point" if n[0].startswith(("__point", "__snap"))
                            else "__virtual__"}
        attr = {"w": w, "data": d}
        arcs = [(u, v)] if d.get("kind") == "virtual" else [(u, v), (v, u)]
        for a, b in arcs:
            own(succ, base_succ, a)[b] = attr
            own(pred, base_pred, b)[a] = attr
    for n in nodes:
        own(succ, base_succ, n)
        own(pred, base_pred, n)
    out = _Overlay()
    out.graph = view.graph
    out.overlay_base, out.overlay_nodes = view, tuple(nodes)
    out._node = _Layer(base_node, nodes)
    out._succ = out._adj = _Layer(base_succ, succ)
    out._pred = _Layer(base_pred, pred)
    return nx.freeze(out)
