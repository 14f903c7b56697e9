"""The compiled engine: a read-only CSR view of a networkx graph, scipy Dijkstra, link cuts."""

from __future__ import annotations

import threading
import warnings
import weakref
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from corridor import settings

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


def directed_weight(data: dict[str, Any], weight: str, start: Hashable,
                    default_weight: float) -> Any:
    """Return an edge's cost when travelled from node ``start``.

    An edge whose cost differs by direction carries ``<weight>_from``: a mapping of the
    node an edge is entered from to the cost (e.g. ``time_h_from`` on a border crossing
    whose dwell differs by direction); otherwise ``<weight>`` is the cost both ways.
    """
    by_start = data.get(f"{weight}_from")
    if by_start is not None and start in by_start:
        return by_start[start]
    return data.get(weight, default_weight)


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
    coords
        Longitudes and latitudes of the nodes (their ``x`` and ``y``), ``None`` when a node
        has none; the contraction hierarchy orders nodes by them.
    """

    def __init__(self, nodes: list[Hashable], tail: np.ndarray, head: np.ndarray,
                 weight: np.ndarray, link: np.ndarray, link_ids: list[str],
                 coords: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.nodes = nodes
        self.coords = coords
        self._ch: Any = None
        self._ch_lock = threading.Lock()
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

    def __getstate__(self) -> dict[str, Any]:
        """Pickle (and deep-copy) without the lock and the hierarchy (rebuilt on demand)."""
        state = dict(self.__dict__)
        state["_ch"] = None
        del state["_ch_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._ch_lock = threading.Lock()

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
            :meth:`link_cuts`).

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
        back: list[float] = []
        links: list[str | None] = []
        for u, v, _k, data in edges:
            if edge_filter is not None and not edge_filter(u, v, data):
                continue
            tails.append(index[u])
            heads.append(index[v])
            for start, out in ((u, weights), (v, back)):
                value = directed_weight(data, weight, start, default_weight)
                out.append(default_weight if value is None else float(value))
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
            w_back = np.asarray(back, dtype=np.float64)
            if len(w_back) and (not np.all(np.isfinite(w_back)) or w_back.min() < 0):
                raise ValueError(f"edge weights {weight!r} must be finite and non-negative")
            tail, head = np.concatenate([tail, head]), np.concatenate([head, tail])
            w, link = np.concatenate([w, w_back]), np.concatenate([link, link])
        from corridor.paths.ch import node_coords

        return cls(nodes, tail, head, w, link, link_ids, node_coords(nodes, graph.nodes))

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

    def arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return every arc (parallel ones too) as tail rows, head rows, weights, link positions.

        Link positions index :attr:`link_ids` (``-1``: a transfer). Read-only.
        """
        return self._tail, self._head, self._weight, self._link

    def link_position(self, lid: str) -> int | None:
        """Return the position of link ``lid`` in :attr:`link_ids` (``None``: not in the graph)."""
        return self._link_pos.get(lid)

    # ----------------------------------------------------------------- backends

    def contracted(self) -> Any:
        """Return the contraction hierarchy of this view (:class:`corridor.paths.ch.CHGraph`).

        Built on the first call (preprocessing and customization), then kept with the view.

        Raises
        ------
        ImportError
            When ``routingkit-cch`` (the ``scale`` extra) is not installed.
        """
        with self._ch_lock:
            if self._ch is None:
                from corridor.paths.ch import CHGraph

                self._ch = CHGraph(self)
            return self._ch

    def use_ch(self, n_searches: int, backend: str = "auto") -> bool:
        """Return whether a query needing up to ``n_searches`` Dijkstra runs uses the hierarchy.

        ``backend``: ``"ch"`` (always; ImportError without ``routingkit-cch``),
        ``"dijkstra"`` (never) or ``"auto"``: when ``routingkit-cch`` is installed, the view
        has at least :data:`corridor.settings.CH_MIN_NODES` nodes and either its hierarchy
        is built already or the query may need at least
        :data:`corridor.settings.CH_MIN_SOURCES` Dijkstra runs (preprocessing costs about as
        much as that many): an OD one per source, a link-cut sweep up to one per source
        and cut link.
        """
        if backend not in ("auto", "ch", "dijkstra"):
            raise ValueError(f"backend must be auto, ch or dijkstra, not {backend!r}")
        if backend != "auto":
            return backend == "ch"
        from corridor.paths.ch import available

        return (self._n >= settings.CH_MIN_NODES and available()
                and (self._ch is not None or n_searches >= settings.CH_MIN_SOURCES))

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

    def od_matrix(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                  *, backend: str = "auto", values: np.ndarray | None = None) -> np.ndarray:
        """Return the ``len(sources) × len(targets)`` matrix of least costs (``inf``: no path).

        One multi-source Dijkstra per source (or source group); a target group's cost is
        that of its nearest node. On big views (:meth:`use_ch`; ``backend`` forces one)
        the contraction hierarchy answers instead: the same connectivity, costs within its
        :attr:`~corridor.paths.ch.CHGraph.resolution` per arc (:mod:`corridor.paths.ch`).

        ``values``: arc costs to use instead of the view's weights, one per entry of
        :attr:`matrix` (``matrix.data`` order, as :func:`corridor.paths.arc_values` gives;
        finite, non-negative); the hierarchy customizes a metric for them once per array.
        """
        if self.use_ch(len(sources), backend):
            return np.asarray(self.contracted().od_matrix(sources, targets, values))
        matrix = self.matrix
        if values is not None:
            values = np.asarray(values, dtype=np.float64)
            if values.shape != matrix.data.shape:
                raise ValueError(f"values has {len(values)} entries, the matrix {matrix.nnz}")
            if len(values) and (not np.all(np.isfinite(values)) or values.min() < 0):
                raise ValueError("values must be finite and non-negative")
            matrix = csr_matrix((values, matrix.indices, matrix.indptr), shape=matrix.shape)
        target_rows = [self.rows(t) for t in targets]
        out = np.full((len(sources), len(targets)), np.inf)
        for i, source in enumerate(sources):
            dist = self._run(matrix, self.rows(source))[0]
            for j, rows in enumerate(target_rows):
                if len(rows):
                    out[i, j] = dist[rows].min()
        return out

    # ----------------------------------------------------------------- paths -> links

    def _pair_paths(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                    pairs: Sequence[tuple[int, int]]
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the base cost of every pair, and the (pair, link) incidences of their paths."""
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
        """Return :meth:`link_cuts` (deprecated alias)."""
        warnings.warn("CSRGraph.criticality is deprecated; use CSRGraph.link_cuts (or "
                      "corridor.analysis.criticality for places)", DeprecationWarning,
                      stacklevel=2)
        return self.link_cuts(sources, targets, links, pairs)

    def link_cuts(
        self,
        sources: Sequence[NodeOrGroup],
        targets: Sequence[NodeOrGroup],
        links: Iterable[str] | None = None,
        pairs: Sequence[tuple[int, int]] | None = None,
        *,
        backend: str = "auto",
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
        backend
            ``auto``, ``ch`` or ``dijkstra`` (see :meth:`use_ch`): on the contraction
            hierarchy each cut link re-customizes the metric instead of re-running Dijkstra
            (:mod:`corridor.paths.ch`).

        Returns
        -------
        list of LinkCut
            One per link, in the order of ``links``. Pairs not connected before the cut
            count in neither ``rise`` nor ``disconnected``.
        """
        pairs = _all_pairs(sources, targets) if pairs is None else list(pairs)
        wanted = self.link_ids if links is None else list(links)
        if self.use_ch(len({i for i, _ in pairs}) * (1 + len(wanted)), backend):
            return list(self.contracted().link_cuts(sources, targets, wanted, pairs))
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
    ``edge_filter`` with it, e.g. the sorted modes) and the node and edge counts (counted
    once on a frozen graph, which cannot change). It
    assumes the graph is not edited in place after the first call (copies made by
    ``graph.copy()`` and then cut have other edge counts); call :func:`invalidate` after
    changing weights in place. Safe to call from several threads: a view is built once,
    under a lock, and never changed after (CSR views are read-only).
    """
    ident = (weight, default_weight, key, *_counts(graph))
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


#: Node and edge counts of frozen graphs (they cannot change): counted once, not per call
#: (``number_of_edges`` walks every adjacency list).
_COUNTS: weakref.WeakKeyDictionary[nx.Graph, tuple[int, int]] = weakref.WeakKeyDictionary()


def _counts(graph: nx.Graph) -> tuple[int, int]:
    """Return the node and edge counts of ``graph`` (remembered for a frozen graph)."""
    if not nx.is_frozen(graph):
        return graph.number_of_nodes(), graph.number_of_edges()
    with _CACHE_LOCK:
        found = _COUNTS.get(graph)
        if found is None:
            found = _COUNTS[graph] = (graph.number_of_nodes(), graph.number_of_edges())
        return found


def invalidate(graph: nx.Graph) -> None:
    """Forget the CSR views cached on ``graph``."""
    with _CACHE_LOCK:
        graph.graph.pop(CACHE_KEY, None)
