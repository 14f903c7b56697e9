"""Routing views of a network (modes, avoided countries, weight) and private per-query overlays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from corridor import network, paths
from corridor._errors import InvalidArgument
from corridor.routing import cache

#: Accepted values of ``weight``.
WEIGHTS = ("time", "length")
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


def _weight_of(data: dict[str, Any], weight: str) -> float:
    if weight == "time":
        return float(data["time_h"]) + _TIE * float(data["length_km"])
    return float(data["length_km"]) + _TIE * float(data["time_h"])


def routing_view(graph: nx.MultiGraph, modes: Sequence[str] = ALL_MODES,
                 avoid_countries: Iterable[str] = (), weight: str = "time") -> nx.Graph:
    """Return a simple graph for routing.

    Allowed modes only, avoided countries removed, the
    best parallel edge kept per node pair; edge attribute ``w`` is the weight and ``data``
    the network edge's attributes (cached per arguments, shared by every caller and thread,
    frozen: a query puts its temporary nodes on a private overlay, never on the view).
    """
    avoid = frozenset(avoid_countries)
    return cache.VIEWS.get_or_build(graph, (tuple(modes), avoid, weight),
                                    lambda: _build_view(graph, modes, avoid, weight))


def _build_view(graph: nx.MultiGraph, modes: Sequence[str], avoid: frozenset[str],
                weight: str) -> nx.Graph:
    allowed = set(modes)
    view = nx.Graph()
    for node, d in graph.nodes(data=True):
        if d["mode"] in allowed and d["country"] not in avoid:
            view.add_node(node, **d)
    for u, v, d in graph.edges(data=True):
        if u not in view or v not in view:
            continue
        if d["kind"] == "link" and d.get("country") in avoid:
            continue
        w = _weight_of(d, weight)
        old = view.get_edge_data(u, v)
        if old is None or w < old["w"]:
            view.add_edge(u, v, w=w, data=d)
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


class _Overlay(nx.Graph):
    """A routing view plus a few temporary nodes and edges, private to one query.

    Temporary nodes: virtual source, snapped points. The shared view is read, never changed,
    so queries in other threads do not see these nodes (see :func:`_overlay`).

    ``overlay_base`` is the view and ``overlay_nodes`` the temporary nodes
    (:func:`corridor.paths.single_source_dijkstra` extends its compiled view by them).
    """

    overlay_base: nx.Graph
    overlay_nodes: tuple[Node, ...]


def _overlay(view: nx.Graph, edges: list[tuple[Node, Node, float, dict[str, Any]]]
             ) -> nx.Graph:
    """Return ``view`` with temporary ``edges`` ``(u, v, w, data)`` added, without changing it.

    The result shares the view's node and adjacency dicts (read-only) and keeps its own
    dicts for the new nodes and for the neighbours the new edges give to existing nodes.
    networkx's algorithms and :mod:`corridor.paths` read it like any graph.
    """
    if not edges:
        return view
    base_node, base_adj = view._node, view._adj
    nodes: dict[Node, dict[str, Any]] = {}
    adj: dict[Node, dict[Node, dict[str, Any]]] = {}
    for u, v, w, d in edges:
        for n in (u, v):
            if n not in base_node and n not in nodes:
                nodes[n] = {"place": "point" if n[0].startswith(("__point", "__snap"))
                            else "__virtual__"}
                adj[n] = {}
            if n not in adj:  # an existing node: its neighbours plus the new ones
                adj[n] = dict(base_adj[n])
        attr = {"w": w, "data": d}
        adj[u][v] = attr
        adj[v][u] = attr
    out = _Overlay()
    out.graph = view.graph
    out.overlay_base, out.overlay_nodes = view, tuple(nodes)
    out._node = _Layer(base_node, nodes)
    out._adj = _Layer(base_adj, adj)
    return nx.freeze(out)
