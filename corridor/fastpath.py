"""Compiled shortest paths for big networks: a CSR view of a networkx graph, scipy csgraph.

networkx runs Dijkstra in Python; on networks built from OpenStreetMap extracts (hundreds of
thousands of nodes) an OD matrix or a criticality sweep then takes hours. This module keeps
the networkx graph as the model and adds a read-only compressed-sparse-row view of it
(:class:`CSRGraph`) on which :func:`scipy.sparse.csgraph.dijkstra` (C, Fibonacci heap) does
the work. Answers are the same as networkx's: distances are equal (up to float summation
order); where several shortest paths tie, the path returned may differ.

Why scipy
---------
scipy is already a dependency and its Dijkstra returns plain arrays. On a 61,000-node
layered graph built from the benchmark's synthetic extract, a 20×100 OD matrix took 0.13
CPU seconds with scipy, 0.45 with rustworkx (whose per-source results are Python dicts)
and 6.4 with networkx; igraph was not measured.

How callers use it
------------------
Routing and analysis keep their networkx code and switch when :func:`use_fastpath` says so
(graphs of at least :data:`FASTPATH_MIN_NODES` nodes)::

    from corridor import fastpath
    if fastpath.use_fastpath(graph):
        csr = fastpath.cached(graph, "time_h")       # built once per graph and weight
        hours, path = csr.shortest_path(origin_nodes, destination_nodes)

* A *node* argument is a node of the graph, or a group of nodes given as a ``list``, ``set``
  or ``frozenset`` (e.g. every layer node of a place): a group source starts from all its
  nodes at once, a group target is reached at its nearest node. Tuples are nodes (the
  layered graph's nodes are tuples).
* Routing views (:func:`corridor.routing.routing_view`) call :func:`attach` once when the
  view is built; :func:`single_source_dijkstra` is then a drop-in for
  :func:`networkx.single_source_dijkstra` that also sees the temporary nodes routing adds
  (virtual source, snapped points). Small views stay on networkx.
* Place-level helpers mirror :mod:`corridor.analysis` exactly: :func:`place_groups`
  (= ``analysis.endpoint_nodes``), :func:`od_time`, :class:`PairTimes` (an ``od_times``
  callable for :func:`corridor.analysis.criticality`, which hands the whole sweep to
  :func:`criticality` on big graphs; ``analysis.criticality_sweep`` does the same).

Criticality sweep
-----------------
Cutting a link changes the time of an OD pair only when the pair's shortest path uses the
link (removing edges never shortens a path). :meth:`CSRGraph.criticality` therefore finds
each pair's path once, inverts that into link -> pairs, and for every link cut re-runs
Dijkstra only from the sources of the pairs whose path used it, updating only those pairs.
A link no shortest path uses costs nothing.

Betweenness
-----------
scipy.sparse.csgraph has no betweenness centrality (it returns one predecessor per node and
no path counts, which Brandes' algorithm needs). :meth:`CSRGraph.link_usage` gives the
OD-restricted analogue: how many OD pairs' shortest paths use each link. Full edge
betweenness stays with networkx (:func:`corridor.analysis.link_betweenness`; pass ``k`` to
:func:`networkx.edge_betweenness_centrality` to sample sources on big graphs).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

#: Graphs with at least this many nodes use the compiled backend (below it networkx's
#: early-exit Dijkstra is as fast and building the CSR view is not worth it).
FASTPATH_MIN_NODES = 5_000

#: Key of the CSR views cached in ``graph.graph`` by :func:`cached`.
CACHE_KEY = "_fastpath_cache"
#: Guards the caches of :func:`cached` (several threads may query one graph).
_CACHE_LOCK = threading.RLock()

#: A node, or a group of nodes (list / set / frozenset) standing for one origin/destination.
NodeOrGroup = Hashable | list[Hashable] | set[Hashable] | frozenset[Hashable]

#: ``edge_filter(u, v, data) -> bool``: keep the edge (networkx edge data dict).
EdgeFilter = Callable[[Hashable, Hashable, dict[str, Any]], bool]

_NO_PRED = -9999


def use_fastpath(graph: nx.Graph, min_nodes: int | None = None) -> bool:
    """Return True when ``graph`` is big enough for the compiled backend.

    Parameters
    ----------
    graph
        Any networkx graph.
    min_nodes
        Threshold (default :data:`FASTPATH_MIN_NODES`).
    """
    return graph.number_of_nodes() >= (FASTPATH_MIN_NODES if min_nodes is None else min_nodes)


@dataclass(frozen=True)
class LinkCut:
    """What cutting one link does to a set of OD pairs.

    Attributes
    ----------
    link_id
        The link cut.
    rise
        Rise of the summed OD cost (the weight's unit, e.g. hours) over the pairs that
        stay connected.
    disconnected
        Indices (into the pair list) of pairs connected before the cut and not after.
    """

    link_id: str
    rise: float
    disconnected: tuple[int, ...] = ()


class CSRGraph:
    """A read-only CSR view of a networkx graph for compiled shortest paths.

    Build it with :meth:`from_networkx`. Parallel edges collapse to the least weight (as
    networkx's Dijkstra does on multigraphs); an undirected edge becomes two arcs. Every
    arc remembers the link it belongs to (edge attribute ``link_id``; ``None`` for
    transfers), so links can be cut.

    Attributes
    ----------
    nodes
        The graph's nodes; node ``nodes[i]`` is row ``i``.
    index
        Node -> row.
    matrix
        ``scipy.sparse.csr_matrix`` of arc weights (explicit zeros are arcs).
    link_ids
        Link ids of the graph, sorted; arcs refer to them by position.
    """

    def __init__(self, nodes: list[Hashable], tail: np.ndarray, head: np.ndarray,
                 weight: np.ndarray, link: np.ndarray, link_ids: list[str]) -> None:
        self.nodes = nodes
        self.index: dict[Hashable, int] = {n: i for i, n in enumerate(nodes)}
        self.link_ids = link_ids
        self._link_pos = {lid: i for i, lid in enumerate(link_ids)}
        n = len(nodes)
        # arcs sorted by (tail, head, weight): the first of each (tail, head) run is the
        # least parallel arc, so the CSR matrix keeps it
        order = np.lexsort((weight, head, tail))
        self._tail, self._head = tail[order], head[order]
        self._weight, self._link = weight[order], link[order]
        self._n = n
        self.matrix, self._arc_link = self._reduce(np.ones(len(order), dtype=bool))

    # ----------------------------------------------------------------- construction

    @classmethod
    def from_networkx(
        cls,
        graph: nx.Graph,
        weight: str = "time_h",
        *,
        default_weight: float = 1.0,
        edge_filter: EdgeFilter | None = None,
        link_attr: str = "link_id",
    ) -> CSRGraph:
        """Return the CSR view of ``graph``.

        Parameters
        ----------
        graph
            Graph, DiGraph, MultiGraph or MultiDiGraph.
        weight
            Edge attribute holding the arc cost (e.g. ``time_h`` in hours or ``length_km``).
        default_weight
            Cost of an edge without the attribute (networkx uses 1;
            :mod:`corridor.analysis` uses 0).
        edge_filter
            ``edge_filter(u, v, data)`` returns False for edges to leave out (e.g. other
            modes).
        link_attr
            Edge attribute naming the link an edge belongs to (cut by
            :meth:`criticality`).

        Raises
        ------
        ValueError
            When a weight is negative or not a number.
        """
        nodes = list(graph.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        edges = (graph.edges(keys=True, data=True) if graph.is_multigraph()
                 else ((u, v, None, d) for u, v, d in graph.edges(data=True)))
        tails: list[int] = []
        heads: list[int] = []
        weights: list[float] = []
        links: list[str | None] = []
        for u, v, _k, data in edges:
            if edge_filter is not None and not edge_filter(u, v, data):
                continue
            value = data.get(weight, default_weight)
            tails.append(index[u])
            heads.append(index[v])
            weights.append(default_weight if value is None else float(value))
            lid = data.get(link_attr)
            links.append(None if lid is None else str(lid))
        w = np.asarray(weights, dtype=np.float64)
        if len(w) and (not np.all(np.isfinite(w)) or w.min() < 0):
            raise ValueError(f"edge weights {weight!r} must be finite and non-negative")
        link_ids = sorted({lid for lid in links if lid is not None})
        pos = {lid: i for i, lid in enumerate(link_ids)}
        link = np.fromiter((-1 if lid is None else pos[lid] for lid in links),
                           dtype=np.int64, count=len(links))
        tail = np.asarray(tails, dtype=np.int64)
        head = np.asarray(heads, dtype=np.int64)
        if not graph.is_directed():
            tail, head = np.concatenate([tail, head]), np.concatenate([head, tail])
            w, link = np.concatenate([w, w]), np.concatenate([link, link])
        return cls(nodes, tail, head, w, link, link_ids)

    def _reduce(self, keep: np.ndarray) -> tuple[csr_matrix, np.ndarray]:
        """CSR matrix of the kept arcs (least weight per node pair) and each entry's link."""
        tail, head = self._tail[keep], self._head[keep]
        first = np.ones(len(tail), dtype=bool)
        first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
        tail, head = tail[first], head[first]
        weight, link = self._weight[keep][first], self._link[keep][first]
        indptr = np.zeros(self._n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tail, minlength=self._n), out=indptr[1:])
        matrix = csr_matrix((weight, head.astype(np.int32), indptr), shape=(self._n, self._n))
        return matrix, link

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return self._n

    @property
    def n_arcs(self) -> int:
        """Number of arcs after collapsing parallel edges (an undirected edge counts 2)."""
        return int(self.matrix.nnz)

    def without_links(self, link_ids: Iterable[str]) -> csr_matrix:
        """Return the weight matrix with every arc of ``link_ids`` removed."""
        cut = [self._link_pos[lid] for lid in link_ids if lid in self._link_pos]
        if not cut:
            return self.matrix
        keep = ~np.isin(self._link, np.asarray(cut, dtype=np.int64))
        return self._reduce(keep)[0]

    # ----------------------------------------------------------------- queries

    def rows(self, item: NodeOrGroup) -> np.ndarray:
        """Return the rows of a node or a group of nodes (missing nodes are ignored)."""
        if isinstance(item, list | set | frozenset):
            found = [self.index[n] for n in item if n in self.index]
        else:
            found = [self.index[item]] if item in self.index else []
        return np.asarray(sorted(found), dtype=np.int64)

    def _run(self, matrix: csr_matrix, rows: np.ndarray, predecessors: bool = False
             ) -> tuple[np.ndarray, np.ndarray | None]:
        if len(rows) == 0:
            dist = np.full(self._n, np.inf)
            return dist, (np.full(self._n, _NO_PRED, dtype=np.int32) if predecessors else None)
        if predecessors:
            dist, pred, _src = dijkstra(matrix, directed=True, indices=rows, min_only=True,
                                        return_predecessors=True)
            return dist, pred
        return dijkstra(matrix, directed=True, indices=rows, min_only=True), None

    def distances(self, source: NodeOrGroup) -> np.ndarray:
        """Return the least cost from ``source`` (node or group) to every row."""
        return self._run(self.matrix, self.rows(source))[0]

    def shortest_path(self, source: NodeOrGroup, target: NodeOrGroup
                      ) -> tuple[float, list[Hashable]] | None:
        """Return ``(cost, nodes)`` of a least-cost path, or ``None`` when there is none.

        Parameters
        ----------
        source, target
            A node, or a group of nodes (list/set/frozenset): the path starts at the best
            node of the source group and ends at the nearest node of the target group.
        """
        dist, pred = self._run(self.matrix, self.rows(source), predecessors=True)
        assert pred is not None
        goal = self.rows(target)
        if len(goal) == 0:
            return None
        best = int(goal[np.argmin(dist[goal])])
        if not np.isfinite(dist[best]):
            return None
        path = [best]
        while pred[path[-1]] != _NO_PRED:
            path.append(int(pred[path[-1]]))
        return float(dist[best]), [self.nodes[i] for i in reversed(path)]

    def od_matrix(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup]
                  ) -> np.ndarray:
        """Return the ``len(sources) × len(targets)`` matrix of least costs (``inf``: no path).

        One multi-source Dijkstra per source (or source group); a target group's cost is
        that of its nearest node.
        """
        target_rows = [self.rows(t) for t in targets]
        out = np.full((len(sources), len(targets)), np.inf)
        for i, source in enumerate(sources):
            dist = self._run(self.matrix, self.rows(source))[0]
            for j, rows in enumerate(target_rows):
                if len(rows):
                    out[i, j] = dist[rows].min()
        return out

    # ----------------------------------------------------------------- paths -> links

    def _pair_paths(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                    pairs: Sequence[tuple[int, int]]
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Base cost of every pair, and the (pair, link) incidences of their paths."""
        base = np.full(len(pairs), np.inf)
        by_source: dict[int, list[int]] = {}
        for p, (i, _j) in enumerate(pairs):
            by_source.setdefault(i, []).append(p)
        target_rows = [self.rows(t) for t in targets]
        inc_pair: list[np.ndarray] = []
        inc_link: list[np.ndarray] = []
        indptr, indices = self.matrix.indptr, self.matrix.indices
        for i, plist in by_source.items():
            dist, pred = self._run(self.matrix, self.rows(sources[i]), predecessors=True)
            assert pred is not None
            ends = np.full(len(plist), -1, dtype=np.int64)
            for k, p in enumerate(plist):
                rows = target_rows[pairs[p][1]]
                if len(rows):
                    best = int(rows[np.argmin(dist[rows])])
                    if np.isfinite(dist[best]):
                        base[p] = dist[best]
                        ends[k] = best
            # climb all paths of this source at once, one hop per step
            pair_ids = np.asarray(plist, dtype=np.int64)[ends >= 0]
            node = ends[ends >= 0]
            while len(node):
                prev = pred[node].astype(np.int64)
                step = prev != _NO_PRED
                node, prev, pair_ids = node[step], prev[step], pair_ids[step]
                if not len(node):
                    break
                # the arc prev -> node in the CSR matrix: search the sorted row of prev
                lo, hi = indptr[prev], indptr[prev + 1]
                pos = _search_rows(indices, lo, hi, node)
                link = self._arc_link[pos]
                real = link >= 0
                inc_pair.append(pair_ids[real])
                inc_link.append(link[real])
                node = prev
        if inc_pair:
            pair_arr, link_arr = np.concatenate(inc_pair), np.concatenate(inc_link)
        else:
            pair_arr = link_arr = np.zeros(0, dtype=np.int64)
        return base, pair_arr, link_arr

    def link_usage(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                   pairs: Sequence[tuple[int, int]] | None = None) -> dict[str, int]:
        """Return, per link, how many OD pairs' shortest paths use it.

        The OD-restricted analogue of edge betweenness (one path per pair, ties broken
        arbitrarily); see the module docstring for why full betweenness stays in networkx.
        """
        pairs = _all_pairs(sources, targets) if pairs is None else list(pairs)
        _, pair_arr, link_arr = self._pair_paths(sources, targets, pairs)
        uniq = np.unique(np.column_stack([pair_arr, link_arr]), axis=0) if len(pair_arr) \
            else np.zeros((0, 2), dtype=np.int64)
        counts = np.bincount(uniq[:, 1], minlength=len(self.link_ids))
        return {self.link_ids[k]: int(c) for k, c in enumerate(counts) if c}

    def criticality(
        self,
        sources: Sequence[NodeOrGroup],
        targets: Sequence[NodeOrGroup],
        links: Iterable[str] | None = None,
        pairs: Sequence[tuple[int, int]] | None = None,
    ) -> list[LinkCut]:
        """Cut each link alone and return the rise of the summed OD cost.

        Only the pairs whose shortest path uses the cut link are recomputed, with one
        Dijkstra per affected source (see the module docstring); results equal a full
        recomputation.

        Parameters
        ----------
        sources, targets
            Origins and destinations (nodes or node groups).
        links
            Link ids to cut (default: every link of the graph; links no shortest path
            uses get a zero result at no cost).
        pairs
            ``(source index, target index)`` pairs (default: every source with every
            target).

        Returns
        -------
        list of LinkCut
            One per link, in the order of ``links``. Pairs not connected before the cut
            count in neither ``rise`` nor ``disconnected``.
        """
        pairs = _all_pairs(sources, targets) if pairs is None else list(pairs)
        wanted = self.link_ids if links is None else list(links)
        base, pair_arr, link_arr = self._pair_paths(sources, targets, pairs)
        order = np.argsort(link_arr, kind="stable")
        link_sorted, pair_sorted = link_arr[order], pair_arr[order]
        target_rows = [self.rows(t) for t in targets]
        source_rows = {i: self.rows(sources[i]) for i in {i for i, _ in pairs}}
        out = []
        for lid in wanted:
            pos = self._link_pos.get(lid)
            if pos is None:
                out.append(LinkCut(lid, 0.0))
                continue
            lo, hi = np.searchsorted(link_sorted, [pos, pos + 1])
            hit = np.unique(pair_sorted[lo:hi])
            if not len(hit):
                out.append(LinkCut(lid, 0.0))
                continue
            matrix = self.without_links([lid])
            rise = 0.0
            lost: list[int] = []
            by_source: dict[int, list[int]] = {}
            for p in hit.tolist():
                by_source.setdefault(pairs[p][0], []).append(p)
            for i, plist in by_source.items():
                dist = self._run(matrix, source_rows[i])[0]
                for p in plist:
                    rows = target_rows[pairs[p][1]]
                    after = dist[rows].min()
                    if np.isfinite(after):
                        rise += float(after - base[p])
                    else:
                        lost.append(p)
            out.append(LinkCut(lid, rise, tuple(sorted(lost))))
        return out


def _search_rows(indices: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 col: np.ndarray) -> np.ndarray:
    """Vectorised search of ``col[k]`` in the sorted slice ``indices[lo[k]:hi[k]]``."""
    # rows are short (node degree): a few rounds of vectorised binary search
    left, right = lo.copy(), hi.copy()
    while True:
        active = left < right
        if not active.any():
            break
        mid = (left + right) // 2
        go_right = active & (indices[np.minimum(mid, len(indices) - 1)] < col)
        left = np.where(go_right, mid + 1, left)
        right = np.where(active & ~go_right, mid, right)
    return left


def _all_pairs(sources: Sequence[Any], targets: Sequence[Any]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(sources)) for j in range(len(targets))]


# --------------------------------------------------------------------------- caching


def cached(graph: nx.Graph, weight: str = "time_h", *, default_weight: float = 1.0,
           edge_filter: EdgeFilter | None = None, key: Hashable = None) -> CSRGraph:
    """Return the CSR view of ``graph``, built once and kept in ``graph.graph``.

    The cache is keyed by ``weight``, ``default_weight``, ``key`` (name your
    ``edge_filter`` with it, e.g. the sorted modes) and the node and edge counts. It
    assumes the graph is not edited in place after the first call (copies made by
    ``graph.copy()`` and then cut have other edge counts); call :func:`invalidate` after
    changing weights in place. Safe to call from several threads: a view is built once,
    under a lock, and never changed after (CSR views are read-only).
    """
    ident = (weight, default_weight, key, graph.number_of_nodes(), graph.number_of_edges())
    with _CACHE_LOCK:  # threads share graphs: build each view once, publish it complete
        store = graph.graph.setdefault(CACHE_KEY, {})
        csr = store.get(ident)
        if csr is None:
            csr = CSRGraph.from_networkx(graph, weight, default_weight=default_weight,
                                         edge_filter=edge_filter)
            while len(store) >= 4:  # a few weights / mode sets; oldest out
                store.pop(next(iter(store)))
            store[ident] = csr
        return csr


def invalidate(graph: nx.Graph) -> None:
    """Forget the CSR views cached on ``graph``."""
    with _CACHE_LOCK:
        graph.graph.pop(CACHE_KEY, None)


# --------------------------------------------------------------------------- routing views

#: Key of the base CSR view attached to a routing graph by :func:`attach`.
BASE_KEY = "_fastpath_base"


def attach(graph: nx.Graph, weight: str = "weight") -> bool:
    """Attach a CSR view of ``graph`` (as it is now) for :func:`single_source_dijkstra`.

    Call it once, when a routing graph is complete and before temporary nodes are added
    (e.g. right after building a routing view). Does nothing on small graphs.

    Returns
    -------
    bool
        True when a view was attached.
    """
    if not use_fastpath(graph):
        return False
    csr = CSRGraph.from_networkx(graph, weight)
    graph.graph[BASE_KEY] = (weight, csr, graph.number_of_edges())
    return True


def _extended(graph: nx.Graph, weight: str
              ) -> tuple[csr_matrix, dict[Hashable, int], list[Hashable]] | None:
    """The attached CSR view plus the nodes added since and the edges touching them.

    ``None`` when nothing is attached for ``weight`` or the base graph's edges changed. A
    routing overlay (``overlay_base``: a frozen view, ``overlay_nodes``: its temporary
    nodes; see :func:`corridor.routing.routing_view`) names its new nodes, and its frozen
    base cannot have changed, so neither is searched for.
    """
    found = graph.graph.get(BASE_KEY)
    if found is None or found[0] != weight:
        return None
    _, csr, n_edges = found
    base = getattr(graph, "overlay_base", None)
    trusted = base is not None and nx.is_frozen(base) and base.graph is graph.graph
    extra = (list(graph.overlay_nodes) if trusted
             else [n for n in graph if n not in csr.index])
    directed = graph.is_directed()
    arcs: dict[tuple[Hashable, Hashable], float] = {}
    for x in extra:
        if directed:
            nbrs = [(x, nb, d) for nb, d in graph.succ[x].items()]
            nbrs += [(nb, x, d) for nb, d in graph.pred[x].items()]
        else:
            nbrs = [(x, nb, d) for nb, d in graph.adj[x].items()]
        for u, v, d in nbrs:
            arcs[(u, v)] = float(d.get(weight, 1.0))
            if not directed:
                arcs[(v, u)] = float(d.get(weight, 1.0))
    touching = {k if directed else frozenset(k) for k in arcs}
    if not trusted and (graph.number_of_edges() - len(touching) != n_edges
                        or graph.number_of_nodes() - len(extra) != csr.n_nodes):
        return None
    if not extra:
        return csr.matrix, csr.index, csr.nodes
    index = dict(csr.index)
    for k, x in enumerate(extra):
        index[x] = csr.n_nodes + k
    n = csr.n_nodes + len(extra)
    m = csr.matrix
    tail = np.concatenate([np.repeat(np.arange(csr.n_nodes), np.diff(m.indptr)),
                           np.fromiter((index[u] for u, _ in arcs), np.int64, len(arcs))])
    head = np.concatenate([m.indices.astype(np.int64),
                           np.fromiter((index[v] for _, v in arcs), np.int64, len(arcs))])
    cost = np.concatenate([m.data, np.fromiter(arcs.values(), np.float64, len(arcs))])
    order = np.lexsort((cost, head, tail))
    tail, head, cost = tail[order], head[order], cost[order]
    first = np.ones(len(tail), dtype=bool)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail[first], minlength=n), out=indptr[1:])
    matrix = csr_matrix((cost[first], head[first].astype(np.int32), indptr), shape=(n, n))
    return matrix, index, csr.nodes + extra


def _answers(matrix: csr_matrix, index: dict[Hashable, int], nodes: list[Hashable],
             sources: list[Hashable], targets: Iterable[Hashable]
             ) -> tuple[dict[Hashable, float], dict[Hashable, list[Hashable]]]:
    rows = [index[s] for s in sources]
    dist, pred, _ = dijkstra(matrix, directed=True, indices=rows, min_only=True,
                             return_predecessors=True)
    out_dist: dict[Hashable, float] = {s: 0.0 for s in sources}
    out_path: dict[Hashable, list[Hashable]] = {s: [s] for s in sources}
    for t in targets:
        i = index.get(t)
        if i is None or not np.isfinite(dist[i]):
            continue
        path = [i]
        while pred[path[-1]] != _NO_PRED:
            path.append(int(pred[path[-1]]))
        out_dist[t] = float(dist[i])
        out_path[t] = [nodes[j] for j in reversed(path)]
    return out_dist, out_path


def single_source_dijkstra(graph: nx.Graph, source: Hashable, targets: Iterable[Hashable],
                           weight: str = "weight"
                           ) -> tuple[dict[Hashable, float], dict[Hashable, list[Hashable]]]:
    """Drop-in for :func:`networkx.single_source_dijkstra` answering for ``targets`` only.

    On a graph prepared by :func:`attach` the search runs on the attached CSR view plus the
    nodes added since (temporary nodes such as a virtual source or snapped points) and the
    edges touching them; the base graph's own edges must not have changed (checked by
    count; otherwise, and on graphs without a view, networkx runs).

    Parameters
    ----------
    graph
        Undirected or directed simple graph.
    source
        Start node.
    targets
        Nodes whose distance and path are wanted.
    weight
        Edge attribute holding the cost.

    Returns
    -------
    (dict, dict)
        Distance and path (``source`` first) of every reachable target (networkx's full
        dictionaries when networkx runs).
    """
    found = _extended(graph, weight)
    if found is None:
        return nx.single_source_dijkstra(graph, source, weight=weight)
    return _answers(*found, [source], targets)


def multi_source_dijkstra(graph: nx.Graph, sources: Iterable[Hashable],
                          targets: Iterable[Hashable], weight: str = "weight"
                          ) -> tuple[dict[Hashable, float], dict[Hashable, list[Hashable]]]:
    """Drop-in for :func:`networkx.multi_source_dijkstra` answering for ``targets`` only.

    Same rules as :func:`single_source_dijkstra`; each path starts at its nearest source.
    """
    starts = list(sources)
    found = _extended(graph, weight)
    if found is None:
        return nx.multi_source_dijkstra(graph, set(starts), weight=weight)
    return _answers(*found, starts, targets)


# --------------------------------------------------------------------------- places


def _analysis() -> Any:
    from corridor import analysis  # late import: analysis calls into this module

    return analysis


def place_groups(graph: nx.Graph, places: Sequence[str],
                 modes: Sequence[str] | None = None) -> list[list[Hashable]]:
    """Return, per place id, the nodes an OD path may start or end at.

    The same nodes as :func:`corridor.analysis.endpoint_nodes` (the place's land-layer
    nodes of ``modes``, its ferry node only when it has no other), found in one pass over
    the graph instead of one pass per place.
    """
    analysis = _analysis()
    mode_set = None if modes is None else set(modes)
    wanted = set(places)
    land: dict[str, list[Hashable]] = {}
    other: dict[str, list[Hashable]] = {}
    for n in graph.nodes:
        place = analysis.place_of(graph, n)
        if place not in wanted:
            continue
        mode = analysis.layer_mode(graph, n)
        if mode_set is not None and mode not in mode_set:
            continue
        (other if mode == "ferry" else land).setdefault(place, []).append(n)
    return [sorted(land.get(p) or other.get(p, []), key=str) for p in places]


def _place_csr(graph: nx.Graph, modes: Sequence[str] | None, weight: str) -> CSRGraph:
    analysis = _analysis()
    mode_set = None if modes is None else set(modes)

    def allowed(u: Hashable, v: Hashable, data: dict[str, Any]) -> bool:
        return bool(analysis._allowed(graph, u, v, data, mode_set))

    key = ("modes", None if modes is None else tuple(sorted(mode_set or ())))
    return cached(graph, weight, default_weight=0.0,
                  edge_filter=None if modes is None else allowed, key=key)


def od_time(graph: nx.Graph, origin: str, destination: str, *,
            modes: Sequence[str] | None = None, weight: str = "time_h") -> float | None:
    """Compiled :func:`corridor.analysis.od_time`: least time between two places, or ``None``."""
    csr = _place_csr(graph, modes, weight)
    start, goal = place_groups(graph, [origin, destination], modes)
    if not start or not goal:
        return None
    found = csr.shortest_path(list(start), list(goal))
    return None if found is None else found[0]


@dataclass(frozen=True)
class PairTimes:
    """An ``od_times`` callable for :func:`corridor.analysis.criticality` over place pairs.

    Calling it on a graph returns each pair's least time (hours) or ``None``, like
    ``[analysis.od_time(graph, o, d, modes=modes) for o, d in pairs]``, on the compiled
    backend when the graph is big. Because it names its pairs, ``analysis.criticality``
    can hand the whole sweep to :func:`criticality` on big graphs.

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

    def _groups(self, graph: nx.Graph) -> tuple[list[list[Hashable]], list[list[Hashable]],
                                                 list[tuple[int, int]]]:
        origins = sorted({o for o, _ in self.pairs})
        dests = sorted({d for _, d in self.pairs})
        oi = {p: i for i, p in enumerate(origins)}
        di = {p: i for i, p in enumerate(dests)}
        return (place_groups(graph, origins, self.modes), place_groups(graph, dests, self.modes),
                [(oi[o], di[d]) for o, d in self.pairs])

    def __call__(self, graph: nx.Graph) -> list[float | None]:
        if not use_fastpath(graph):
            analysis = _analysis()
            return [analysis.od_time(graph, o, d, modes=self.modes, weight=self.weight)
                    for o, d in self.pairs]
        csr = _place_csr(graph, self.modes, self.weight)
        sources, targets, idx = self._groups(graph)
        matrix = csr.od_matrix([list(s) for s in sources], [list(t) for t in targets])
        return [float(matrix[i, j]) if np.isfinite(matrix[i, j]) else None for i, j in idx]


def criticality(graph: nx.Graph, od_times: PairTimes,
                links: Iterable[str] | None = None) -> list[Any]:
    """Compiled :func:`corridor.analysis.criticality` for place pairs.

    Parameters
    ----------
    graph
        Layered scenario graph (:func:`corridor.network.build`).
    od_times
        The pairs, modes and weight (:class:`PairTimes`).
    links
        Link ids to cut (default: every link of the graph).

    Returns
    -------
    list of corridor.analysis.Criticality
        Ranked as :func:`corridor.analysis.rank_criticality` does.
    """
    analysis = _analysis()
    csr = _place_csr(graph, od_times.modes, od_times.weight)
    sources, targets, idx = od_times._groups(graph)
    if links is None:
        links = sorted({lid for _, _, d in analysis._edge_items(graph)
                        if (lid := analysis.link_id(d))})
    cuts = csr.criticality([list(s) for s in sources], [list(t) for t in targets],
                           links=links, pairs=idx)
    return analysis.rank_criticality(
        analysis.Criticality(c.link_id, c.rise, c.disconnected) for c in cuts)


def nx_od_matrix(graph: nx.Graph, sources: Sequence[Hashable], targets: Sequence[Hashable],
                 weight: str = "time_h") -> np.ndarray:
    """Plain-networkx OD matrix (node to node), the reference the benchmark and tests use."""
    out = np.full((len(sources), len(targets)), np.inf)
    for i, s in enumerate(sources):
        dist = nx.single_source_dijkstra_path_length(graph, s, weight=weight)
        for j, t in enumerate(targets):
            out[i, j] = dist.get(t, math.inf)
    return out
