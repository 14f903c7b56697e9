"""Criticality: what cutting one link does to OD pairs (one API), and OD times between places."""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import threading
import warnings
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import networkx as nx
import numpy as np

from corridor import network, paths, routing
from corridor._errors import NoRoute
from corridor.geodata import GeoData
from corridor.network.graph import (
    allowed,
    cut_link,
    edge_items,
    edge_link_ids,
    link_id,
    link_ids,
    place_endpoints,
    place_of,
)
from corridor.routing import cache as routing_cache
from corridor.scenarios import Scenario, get

__all__ = [
    "Criticality",
    "OdSpec",
    "OdTimes",
    "PairTimes",
    "ScenarioCuts",
    "criticality",
    "criticality_ranking",
    "criticality_ranks",
    "criticality_sweep",
    "od_path",
    "od_time",
    "pair_weights",
    "rank_criticality",
]

#: A function giving the travel time (hours) of each OD pair on a graph, ``None`` when
#: the pair is not connected.
OdTimes = Callable[[nx.Graph], list[float | None]]

#: An origin–destination pair: origin id, destination id, modes (``None``: all modes).
OdSpec = tuple[str, str, tuple[str, ...] | None]

#: Least rise (hours) for a link to count as critical when nothing is disconnected.
RISE_EPS_H = 1e-9

#: Per frozen graph: its link ids (:func:`corridor.network.graph.link_ids`), held weakly.
_LINK_IDS: routing_cache.ByObject[tuple[str, ...]] = routing_cache.ByObject(
    routing_cache.CACHE_SIZE * 4)


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
    lost_weight
        What the disconnected pairs stand for: the sum of their weights
        (:func:`pair_weights`); default: their number.
    lost_h
        Travel time (hours) the disconnected pairs had before the cut, summed: the trips
        that can no longer be made.
    spur
        True when the cut only cuts off a dead-end spur: for every disconnected pair the
        smaller side of the cut holds a single end of the pairs and no end of a pair that
        stays connected (e.g. a port access road, or the line to a border at the
        network's edge).
    """

    link_id: str
    rise_h: float
    disconnected: tuple[int, ...] = field(default=())
    lost_weight: float = -1.0
    lost_h: float = 0.0
    spur: bool = False

    def __post_init__(self) -> None:
        if self.lost_weight < 0:
            object.__setattr__(self, "lost_weight", float(len(self.disconnected)))


def _rank_key(c: Criticality) -> tuple[float, float, float]:
    """Return what the ranking compares: weight of pairs lost, then rise, then hours lost."""
    return (-round(c.lost_weight, 9), -round(c.rise_h, 6), -round(c.lost_h, 6))


#: The rank key of an item that changes nothing.
_ZERO_KEY = (0.0, 0.0, 0.0)
_LINK_ID = operator.attrgetter("link_id")
_set = object.__setattr__
_KEY = operator.itemgetter(0)


def rank_criticality(items: Iterable[Criticality]) -> list[Criticality]:
    """Sort criticality results by what is lost.

    Most weight of pairs disconnected first, then the largest rise in hours of the pairs
    that stay connected, then the most hours of trips lost; links equal in all three are
    tied (:func:`criticality_ranks` gives them one rank) and listed by link id only to keep
    the output stable.
    """
    listed = list(items)
    # Most items of a whole-network sweep change nothing: their key is the zero key, so
    # they only sort by link id. Only the others get the full key; the two merge exactly
    # as one sort with the full key would order them (ties in input order: stable sorts).
    tied: list[Criticality] = []
    keyed: list[tuple[tuple[float, float, float], Criticality]] = []
    for c in listed:
        if not (c.lost_weight or c.rise_h or c.lost_h):
            tied.append(c)
            continue
        key = _rank_key(c)
        if any(math.isnan(v) for v in key):  # a NaN: no order to merge by, the one sort decides
            return sorted(listed, key=lambda c: (*_rank_key(c), c.link_id))
        if key == _ZERO_KEY:
            tied.append(c)  # rounds to nothing: ties with the unchanged items
        else:
            keyed.append((key, c))
    keyed.sort(key=lambda kc: (*kc[0], kc[1].link_id))
    tied.sort(key=_LINK_ID)
    split = bisect.bisect_left(keyed, _ZERO_KEY, key=_KEY)
    return [c for _, c in keyed[:split]] + tied + [c for _, c in keyed[split:]]


def criticality_ranks(items: Sequence[Criticality]) -> list[int]:
    """Return the rank of each item of a ranked list; tied items share a rank (1, 2, 2, 3).

    Parameters
    ----------
    items
        Criticality results in the order of :func:`rank_criticality`.

    Returns
    -------
    list of int
        One rank per item (dense: the next distinct item gets the next rank).
    """
    ranks: list[int] = []
    for i, c in enumerate(items):
        tied = i > 0 and _rank_key(c) == _rank_key(items[i - 1])
        ranks.append(ranks[-1] if tied else (ranks[-1] + 1 if ranks else 1))
    return ranks


def pair_weights(pairs: Sequence[OdSpec]) -> list[float]:
    """Return the default weight of each OD pair: 1 per origin–destination relation.

    A relation listed with several mode sets (e.g. Baku–Nakhchivan by any mode, by rail
    and by road) shares its weight among them, so losing every way between two places
    weighs 1 and losing the road variant only weighs a third.

    Parameters
    ----------
    pairs
        ``(origin, destination, modes)``.

    Returns
    -------
    list of float
        One weight per pair.
    """
    counts: dict[frozenset[str], int] = {}
    for o, d, _ in pairs:
        counts[frozenset((o, d))] = counts.get(frozenset((o, d)), 0) + 1
    return [1.0 / counts[frozenset((o, d))] for o, d, _ in pairs]


def _cut_only(data: dict[str, Any], lid: str | None) -> bool:
    """Return whether cutting link ``lid`` removes an edge (it carries no other link).

    As :func:`corridor.network.cut_link` removes edges; ``None`` cuts nothing.
    """
    if lid is None:
        return False
    ids = edge_link_ids(data)
    return lid in ids and all(x == lid for x in ids)


class _Side:
    """The places reachable from ``starts`` over edges allowed for ``modes``, found by steps.

    ``without``: a link whose edges are not crossed, as if :func:`corridor.network.cut_link`
    had cut it (without copying the graph). Each :meth:`step` settles one node; ``places``
    holds the places of the nodes found so far, all of them once ``done``.
    """

    def __init__(self, graph: nx.Graph, starts: Iterable[Hashable], modes: set[str] | None,
                 without: str | None) -> None:
        self.graph, self.modes, self.without = graph, modes, without
        self.seen = set(starts)
        self.todo = list(self.seen)
        self.places = {place_of(graph, n) for n in self.seen}
        self.multi = graph.is_multigraph()

    @property
    def done(self) -> bool:
        """Whether every reachable node was found."""
        return not self.todo

    def step(self) -> None:
        """Settle one node: find its neighbours not seen yet."""
        graph = self.graph
        u = self.todo.pop()
        for v, edata in graph.adj[u].items():
            if v in self.seen:
                continue
            options = edata.values() if self.multi else [edata]
            if any(allowed(graph, u, v, d, self.modes) and not _cut_only(d, self.without)
                   for d in options):
                self.seen.add(v)
                self.todo.append(v)
                self.places.add(place_of(graph, v))


def _smaller_side(graph: nx.Graph, starts: Sequence[list[Hashable]], ends: Sequence[str],
                  modes: set[str] | None, without: str | None) -> set[str]:
    """Return the places of the side of the pair with fewer places (the origin's on a tie).

    A side is what the origin's (destination's) start nodes reach, or the end place alone
    when it has none. Both sides grow a node at a time until one is complete; the other
    then grows until it is complete or has more places: the search costs the smaller side,
    not the network (a spur cut off is small; the rest of the network is not).
    """
    sides = [_Side(graph, s, modes, without) if s else None for s in starts]
    found = [side.places if side is not None else {end}
             for side, end in zip(sides, ends, strict=True)]
    growing = [side for side in sides if side is not None]
    while all(not side.done for side in growing) and len(growing) == 2:
        for side in growing:
            side.step()
    complete = [i for i, side in enumerate(sides) if side is None or side.done]
    if len(complete) == 1:
        (i,) = complete
        other = sides[1 - i]
        assert other is not None
        while not other.done and len(other.places) <= len(found[i]):
            other.step()
        if not other.done:  # more places than the complete side, and more to come
            return found[i]
    return found[0] if len(found[0]) <= len(found[1]) else found[1]


def _is_spur(cut: nx.Graph, pairs: Sequence[OdSpec], base: Sequence[float | None],
             lost: Sequence[int], without: str | None = None) -> bool:
    """Return whether the cut only cuts off a dead end.

    That is: for every lost pair, the smaller side holds one pair end and no end of a pair
    that stays connected. ``cut`` is the network after the cut, or with ``without`` the
    network before it and the link cut as an edge (:class:`_Side`; the nodes are the same).
    """
    kept = {p for i, (o, d, _) in enumerate(pairs)
            if base[i] is not None and i not in lost for p in (o, d)}
    ends = {p for o, d, _ in pairs for p in (o, d)}
    for i in lost:
        o, d, modes = pairs[i]
        mode_set = None if modes is None else set(modes)
        starts = place_endpoints(cut, [o, d], mode_set)
        # an end the closure removed from the network is cut off alone
        small = _smaller_side(cut, starts, (o, d), mode_set, without)
        if len(small & ends) != 1 or small & kept:
            return False
    return bool(lost)


def _with_losses(items: Iterable[Criticality], pairs: Sequence[OdSpec],
                 base: Sequence[float | None], weights: Sequence[float] | None,
                 spur: Callable[[Criticality], bool]) -> list[Criticality]:
    """Add what each cut loses (weight, hours, ``spur(item)``) and rank by it."""
    w = list(weights) if weights is not None else pair_weights(pairs)
    if len(w) != len(pairs):
        raise ValueError(f"{len(w)} weights for {len(pairs)} pairs")
    out = []
    for c in items:
        if not c.disconnected:
            out.append(c)
            continue
        out.append(Criticality(
            c.link_id, c.rise_h, c.disconnected,
            lost_weight=sum(w[i] for i in c.disconnected),
            lost_h=sum(base[i] or 0.0 for i in c.disconnected),
            spur=spur(c)))
    return rank_criticality(out)


# --------------------------------------------------------------------------- OD times


def _mode_filter(graph: nx.Graph, modes: Iterable[str] | None
                 ) -> tuple[paths.EdgeFilter | None, Hashable]:
    """Return the edge filter of ``modes`` (:func:`corridor.network.allowed`), its cache key."""
    if modes is None:
        return None, ("modes", None)
    mode_set = set(modes)

    def keep(u: Hashable, v: Hashable, data: dict[str, Any]) -> bool:
        return allowed(graph, u, v, data, mode_set)

    return keep, ("modes", tuple(sorted(mode_set)))


def _path_links(graph: nx.Graph, nodes: list[Hashable], modes: Iterable[str] | None,
                weight: str) -> tuple[str, ...]:
    """Return the links of a node path: per step the least allowed parallel edge (first by key)."""
    mode_set = None if modes is None else set(modes)
    multi = graph.is_multigraph()
    out: list[str] = []
    for a, b in itertools.pairwise(nodes):
        edata = graph.adj[a][b]
        options = [edata[k] for k in sorted(edata, key=str)] if multi else [edata]
        best, via = float("inf"), None
        for data in options:
            if allowed(graph, a, b, data, mode_set):
                value = float(data.get(weight, 0.0))
                if value < best:
                    best, via = value, link_id(data)
        if via is not None:
            out.append(via)
    return tuple(out)


def _search(graph: nx.Graph, origin: str, destination: str, modes: Sequence[str] | None,
            weight: str) -> tuple[float, tuple[str, ...], list[Hashable]] | None:
    """(total weight, links, nodes) of the quickest path between two places, or ``None``."""
    starts, ends = place_endpoints(graph, [origin, destination], modes)
    keep, key = _mode_filter(graph, modes)
    found = paths.shortest_path(graph, starts, ends, weight=weight, default_weight=0.0,
                                edge_filter=keep, key=key)
    if found is None:
        return None
    cost, nodes = found
    return cost, _path_links(graph, nodes, modes, weight), nodes


def od_time(graph: nx.Graph, origin: str, destination: str, *,
            modes: Sequence[str] | None = None, weight: str = "time_h") -> float | None:
    """Return the least travel time from ``origin`` to ``destination`` in hours (``None``: no path).

    Paths start at any land-layer node of ``origin`` (its ferry node only when it has no
    other) and end at such a node of ``destination`` (:func:`corridor.network.endpoints`),
    as in :func:`corridor.routing.route`; only link edges of ``modes`` and transfers between
    their layers are used (see :func:`corridor.analysis.restrict`). A place without a node
    (no links) has no path here, while :func:`corridor.routing.route` and
    :func:`corridor.routing.od_matrix` reach it by an access leg: this measures the network.
    Searched by :func:`corridor.paths.shortest_path` (networkx on small graphs, compiled on
    big ones).

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


def _place_csr(graph: nx.Graph, modes: Sequence[str] | None, weight: str) -> paths.CSRGraph:
    keep, key = _mode_filter(graph, modes)
    return paths.cached(graph, weight, default_weight=0.0, edge_filter=keep, key=key)


@dataclass(frozen=True)
class PairTimes:
    """An ``od_times`` callable for :func:`criticality` over place pairs.

    Calling it on a graph returns each pair's least time (hours) or ``None``, like
    ``[od_time(graph, o, d, modes=modes) for o, d in pairs]``, on the compiled backend when
    the graph is big. Because it names its pairs, :func:`criticality` hands the whole sweep
    to the compiled engine on big graphs.

    Attributes
    ----------
    pairs
        ``(origin place, destination place)`` pairs.
    modes
        Modes allowed (``None``: all).
    weight
        Edge attribute summed (default ``time_h``).
    """

    pairs: tuple[tuple[str, str], ...]
    modes: tuple[str, ...] | None = None
    weight: str = "time_h"

    def groups(self, graph: nx.Graph) -> tuple[list[list[Hashable]], list[list[Hashable]],
                                                list[tuple[int, int]]]:
        """Endpoint nodes of the origins and destinations, and the pairs as index pairs."""
        origins = sorted({o for o, _ in self.pairs})
        dests = sorted({d for _, d in self.pairs})
        oi = {p: i for i, p in enumerate(origins)}
        di = {p: i for i, p in enumerate(dests)}
        return (place_endpoints(graph, origins, self.modes),
                place_endpoints(graph, dests, self.modes),
                [(oi[o], di[d]) for o, d in self.pairs])

    def __call__(self, graph: nx.Graph) -> list[float | None]:
        """Return each pair's least time on ``graph`` (hours, ``None``: not connected)."""
        if not paths.use_fastpath(graph):
            return [od_time(graph, o, d, modes=self.modes, weight=self.weight)
                    for o, d in self.pairs]
        csr = _place_csr(graph, self.modes, self.weight)
        sources, targets, idx = self.groups(graph)
        matrix = csr.od_matrix(sources, targets)
        return [float(matrix[i, j]) if np.isfinite(matrix[i, j]) else None for i, j in idx]


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
    profile
        ``freight`` (default) or ``passenger`` (see :func:`corridor.network.build`).
    """

    def __init__(self, data: GeoData, scenario: str | Scenario,
                 graph: nx.MultiGraph | None = None, profile: str = "freight") -> None:
        self.data = data
        self.scenario = get(scenario, geodata_dir=data.path)
        self.profile = graph.graph.get("profile", profile) if graph is not None else profile
        self.graph = (graph if graph is not None
                      else network.build(data, self.scenario, self.profile))
        self._cache: dict[frozenset[str], nx.MultiGraph] = {}
        self._lock = threading.Lock()
        links_at: dict[Hashable, set[str]] = {}
        for u, v, d in edge_items(self.graph):
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
        closed = self.scenario.replace(closed_links=[*self.scenario.closed_links, *sorted(key)])
        return network.build(self.data, closed, self.profile)


# --------------------------------------------------------------------------- the sweeps


def _links_of(graph: nx.Graph, links: Iterable[str] | None) -> list[str]:
    """Return ``links`` as a list; ``None``: every link of ``graph`` (once per frozen graph)."""
    if links is not None:
        return list(links)
    if nx.is_frozen(graph):  # a frozen graph's links cannot change: list them once
        return list(_LINK_IDS.get_or_build(graph, "link_ids", lambda: tuple(link_ids(graph))))
    return link_ids(graph)


def _criticality_of(cut: paths.LinkCut) -> Criticality:
    """Return ``Criticality(cut.link_id, cut.rise, cut.disconnected)``, built without ``__init__``.

    A whole-network sweep builds one per link (117,000 at 300,000 ways): the frozen
    dataclass's ``__init__`` and ``__post_init__`` cost half as much again. Same fields,
    same values, set as ``__init__`` sets them (no instance dict materialised: a dict per
    item would double what the garbage collector walks).
    """
    item: Criticality = object.__new__(Criticality)
    _set(item, "link_id", cut.link_id)
    _set(item, "rise_h", cut.rise)
    _set(item, "disconnected", cut.disconnected)
    _set(item, "lost_weight", float(len(cut.disconnected)))
    _set(item, "lost_h", 0.0)
    _set(item, "spur", False)
    return item


def _generic(graph: nx.Graph, od_times: OdTimes, links: Iterable[str] | None
             ) -> list[Criticality]:
    """Every link of ``links`` cut alone, ``od_times`` run on each cut graph."""
    if isinstance(od_times, PairTimes) and paths.use_fastpath(graph):
        return _compiled_pairs(graph, od_times, links)
    base = od_times(graph)
    out = []
    for lid in _links_of(graph, links):
        times = od_times(cut_link(graph, lid))
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


def _compiled_pairs(graph: nx.Graph, od_times: PairTimes, links: Iterable[str] | None
                    ) -> list[Criticality]:
    """:func:`_generic` for place pairs on the compiled engine (:meth:`CSRGraph.link_cuts`)."""
    cuts = _compiled_cuts(graph, od_times, _links_of(graph, links))
    return rank_criticality([_criticality_of(c) for c in cuts])


def _compiled_cuts(graph: nx.Graph, od_times: PairTimes, links: list[str] | None
                   ) -> list[paths.LinkCut]:
    """Return :meth:`CSRGraph.link_cuts` over the pairs of ``od_times``.

    ``links`` ``None``: every link the compiled view knows (a link it does not know carries
    no arc of the view: cutting it changes nothing).
    """
    csr = _place_csr(graph, od_times.modes, od_times.weight)
    sources, targets, idx = od_times.groups(graph)
    return csr.link_cuts(sources, targets, links=links, pairs=idx)


def _changed(items: Iterable[Criticality], *, either_way: bool = False) -> list[Criticality]:
    """Rank the items that change something (a scenario closure may also shorten a time)."""
    return rank_criticality(
        c for c in items
        if c.disconnected or (abs(c.rise_h) if either_way else c.rise_h) > RISE_EPS_H)


def _sweep(graph: nx.Graph, pairs: Sequence[OdSpec]
           ) -> tuple[list[float | None], list[Criticality]]:
    """Edge cuts on the graph: only links on a quickest path cut, only their pairs redone."""
    if paths.use_fastpath(graph):
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
    return base, _changed(out)


def _compiled_sweep(graph: nx.Graph, pairs: Sequence[OdSpec]
                    ) -> tuple[list[float | None], list[Criticality]]:
    """:func:`_sweep` on the compiled engine: one sweep per set of modes, merged."""
    groups: dict[tuple[str, ...] | None, list[int]] = {}
    for i, (_, _, modes) in enumerate(pairs):
        groups.setdefault(None if modes is None else tuple(sorted(modes)), []).append(i)
    base: list[float | None] = [None] * len(pairs)
    rise: dict[str, float] = {}
    lost: dict[str, list[int]] = {}
    for modes, members in groups.items():
        times = PairTimes(tuple((pairs[i][0], pairs[i][1]) for i in members), modes)
        for i, t in zip(members, times(graph), strict=True):
            base[i] = t
        # the engine's cuts as they come: a link that changes nothing (most links of a big
        # network) is left out here rather than built, ranked and dropped by _changed
        for c in _compiled_cuts(graph, times, None):
            if not c.rise and not c.disconnected:
                continue
            rise[c.link_id] = rise.get(c.link_id, 0.0) + c.rise
            lost.setdefault(c.link_id, []).extend(members[j] for j in c.disconnected)
    items = (Criticality(lid, rise[lid], tuple(sorted(lost.get(lid, [])))) for lid in rise)
    return base, _changed(items)


class _Router:
    """The quickest route of a pair on a graph, as :func:`corridor.routing.route` finds it.

    Called, it returns (hours, links used, places passed), or ``None``.
    """

    def __init__(self, cuts: ScenarioCuts) -> None:
        self.cuts = cuts
        self._places: dict[int, tuple[nx.MultiGraph, set[str]]] = {}

    def __call__(self, o: str, d: str, modes: tuple[str, ...] | None, graph: nx.MultiGraph
                 ) -> tuple[float, set[str], set[str]] | None:
        if id(graph) not in self._places:
            self._places[id(graph)] = (graph, {place_of(graph, n) for n in graph.nodes})
        places = self._places[id(graph)][1]
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
            r = routing.route(o, d, scenario=self.cuts.scenario, modes=modes or "multimodal",
                              weight="time", data=self.cuts.data, graph=graph, explain=False)
        except NoRoute:
            return None
        return float(r.time_h), set(r.link_ids), set(r.places)


def _scenario_sweep(cuts: ScenarioCuts, pairs: Sequence[OdSpec]
                    ) -> tuple[list[float | None], list[Criticality]]:
    """Scenario closures: each link closed as the scenario would, pairs routed as routing."""
    route = _Router(cuts)
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
    return base, _changed(out, either_way=True)


# --------------------------------------------------------------------------- the API


@overload
def criticality(graph: nx.Graph | ScenarioCuts, pairs: Sequence[OdSpec],
                links: None = None, *, weights: Sequence[float] | None = None
                ) -> tuple[list[float | None], list[Criticality]]: ...


@overload
def criticality(graph: nx.Graph, pairs: OdTimes, links: Iterable[str] | None = None, *,
                weights: None = None) -> list[Criticality]: ...


def criticality(graph: nx.Graph | ScenarioCuts, pairs: Sequence[OdSpec] | OdTimes,
                links: Iterable[str] | None = None, *, weights: Sequence[float] | None = None
                ) -> tuple[list[float | None], list[Criticality]] | list[Criticality]:
    """Rank links by what cutting each alone does to OD travel times.

    The one criticality function. A link is cut in one of two senses, chosen by ``graph``:

    * a :class:`ScenarioCuts` closes the link as a scenario would (the network rebuilt where
      the link was the last of its layer at a place) and routes as
      :func:`corridor.routing.route`, so each rise equals the difference of two sums of routed
      OD times (the report's ranking);
    * a graph loses the link's edges (:func:`corridor.network.cut_link`), the graph measure.

    Only links on a quickest path (or, for scenario closures, whose closure removes a node a
    quickest path passes) can change anything, so only those are cut and only the pairs
    concerned are searched again; shortest paths come from :mod:`corridor.paths` (networkx on
    small graphs, the compiled engine with its incremental link cuts on big ones).

    Parameters
    ----------
    graph
        Layered scenario graph, or the :class:`ScenarioCuts` of a scenario.
    pairs
        ``(origin, destination, modes)`` place ids (or, with :class:`ScenarioCuts`, names)
        and allowed modes. For a graph, also an ``od_times`` function giving each pair's time
        on a graph (e.g. :class:`PairTimes`), run on ``graph`` and on every cut of ``links``.
    links
        With ``od_times`` only: the link ids to cut (default: every link of ``graph``).
    weights
        With pairs only: what each pair stands for (default :func:`pair_weights`: 1 per
        origin–destination relation, shared among its mode sets).

    Returns
    -------
    tuple or list
        For pairs: the time of each pair (hours, ``None`` when not connected) and the ranked
        :class:`Criticality` of every link whose cut changes something, with the weight and
        hours of the pairs it disconnects and whether it only cuts off a dead-end spur. For
        ``od_times``: the ranked :class:`Criticality` of every link of ``links`` (weight =
        number of pairs). Most critical first (:func:`rank_criticality`): by weight of the
        pairs disconnected, then rise in hours, then hours of the trips lost; pairs not
        connected before the cut count in none.
    """
    if isinstance(graph, ScenarioCuts):
        if callable(pairs):
            raise TypeError("criticality over ScenarioCuts takes (origin, destination, modes) "
                            "pairs, not an od_times function")
        cuts = graph
        base, items = _scenario_sweep(cuts, pairs)
        return base, _with_losses(
            items, pairs, base, weights,
            lambda c: _is_spur(cuts.without_links([c.link_id]), pairs, base, c.disconnected))
    if callable(pairs):
        return _generic(graph, pairs, links)
    plain = graph
    base, items = _sweep(plain, pairs)
    # the link cut as an edge while searching the sides: no copy of the graph per link
    return base, _with_losses(
        items, pairs, base, weights,
        lambda c: _is_spur(plain, pairs, base, c.disconnected, without=c.link_id))


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


def criticality_sweep(graph: nx.Graph, pairs: Sequence[OdSpec]
                      ) -> tuple[list[float | None], list[Criticality]]:
    """Return ``criticality(graph, pairs)`` (deprecated alias; links cut as edges)."""
    _deprecated("corridor.analysis.criticality_sweep",
                "corridor.analysis.criticality(graph, pairs)")
    return criticality(graph, pairs)


def criticality_ranking(cuts: ScenarioCuts, pairs: Sequence[OdSpec]
                        ) -> tuple[list[float | None], list[Criticality]]:
    """Return ``criticality(cuts, pairs)`` (deprecated alias; scenario closures)."""
    _deprecated("corridor.analysis.criticality_ranking",
                "corridor.analysis.criticality(cuts, pairs)")
    return criticality(cuts, pairs)
