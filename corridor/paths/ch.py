"""Customizable contraction hierarchies (RoutingKit, ``routingkit-cch``) behind the CSR engine.

:class:`CHGraph` answers the many-to-many questions of :class:`~corridor.paths.CSRGraph`
(:meth:`~corridor.paths.CSRGraph.od_matrix`, :meth:`~corridor.paths.CSRGraph.link_cuts`) on
big graphs, where one Dijkstra per source costs ``sources × network``. It is built once per
CSR view (preprocessing: a nested-dissection node order, METIS's or else one from the nodes'
coordinates, see :func:`node_order`; then the hierarchy; both independent of the weights)
and customized with the weights; a query then settles only a few hundred nodes of the
hierarchy instead of the whole graph.

Integer weights
---------------
RoutingKit sums unsigned 32-bit integers. Each arc weight is stored as
``round(weight / resolution)``, with the resolution chosen per graph so that no simple path
can reach RoutingKit's infinity (``2**31 - 1``): ``resolution = bound / (2**31 - 2 - n)``,
``bound`` the sum over nodes of their largest outgoing weight (a simple path leaves each node
at most once). A distance is therefore within ``hops × resolution / 2`` of Dijkstra's (``hops``
the arcs on the longer of the two best paths); whether a pair is connected is exact.
:attr:`CHGraph.resolution` reports the step (about 5e-6 hours, 0.02 s, on the benchmark's
30,000-node network).

Criticality by re-customization
-------------------------------
Cutting a link sets its arcs to infinity with a *partial* re-customization
(``CCHMetricPartialUpdater``: only the shortcuts above those arcs are recomputed), the pairs
whose best path used the link are re-queried, and the weights are put back. Which pairs used
a link comes from one path query per pair (the arcs of the hierarchy's best path, unpacked);
a pair whose path avoids the link cannot get slower, as in the Dijkstra sweep. Where a pair's
new cost is within rounding of its old one (no more steps apart than its path has arcs:
possibly a tie), both paths are costed with the float weights, so a detour exactly as long
as the cut path rises by nothing rather than by a step.

The package is optional (``pip install corridor[scale]``); :func:`available` says whether it
is installed, and :class:`~corridor.paths.CSRGraph` falls back to Dijkstra without it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor import settings

if TYPE_CHECKING:
    from corridor.paths.csr import CSRGraph, LinkCut, NodeOrGroup

#: RoutingKit's infinite weight: an arc of this weight is absent, a sum reaching it unreached.
INF_WEIGHT = 2**31 - 1


def _module() -> ModuleType | None:
    try:
        import routingkit_cch
    except ImportError:
        return None
    return routingkit_cch


#: Sources a thread answers at least (below it the OD runs in the calling thread).
_MIN_PER_THREAD = 64
#: Threads at most when :data:`corridor.settings.CH_THREADS` is 0 (auto).
_MAX_AUTO_THREADS = 8
#: Sources whose distance rows become one numpy array at a time.
_BLOCK = 256


def threads(n_sources: int) -> int:
    """Return how many threads answer an OD of ``n_sources`` sources on the hierarchy.

    :data:`corridor.settings.CH_THREADS` (0: the CPUs this process may use, at most 8:
    each thread holds a query object of a few arrays over all nodes), fewer when each
    thread would get under 64 sources. RoutingKit's queries release the GIL, so the
    threads run in parallel; the answers do not depend on their number.
    """
    if settings.CH_THREADS:
        wanted = settings.CH_THREADS
    elif hasattr(os, "sched_getaffinity"):
        wanted = min(len(os.sched_getaffinity(0)), _MAX_AUTO_THREADS)
    else:
        wanted = min(os.cpu_count() or 1, _MAX_AUTO_THREADS)
    return max(1, min(wanted, n_sources // _MIN_PER_THREAD))


def available() -> bool:
    """Return whether ``routingkit-cch`` is installed (the optional ``scale`` extra)."""
    return _module() is not None


class CHGraph:
    """A customizable contraction hierarchy over the arcs of a :class:`CSRGraph`.

    Build it with ``CHGraph(csr)`` (or let :meth:`CSRGraph.contracted` build and keep it).
    Parallel arcs are kept (the hierarchy takes the least), loops dropped.

    Attributes
    ----------
    resolution
        Weight of one integer step (the weight's unit, e.g. hours); see the module docstring.
    ordering
        How the node order was computed: ``"metis"``, ``"inertial"`` or ``"degree"``
        (see :func:`node_order`).
    preprocess_s, customize_s
        CPU seconds spent ordering and contracting, and customizing the weights.

    Raises
    ------
    ImportError
        When ``routingkit-cch`` is not installed.
    """

    def __init__(self, csr: CSRGraph) -> None:
        rk = _module()
        if rk is None:
            raise ImportError("the CH backend needs routingkit-cch: pip install corridor[scale]")
        self._rk = rk
        self._csr = csr
        self._lock = threading.RLock()  # cuts re-customize the one metric: one user at a time
        tail, head, weight, link = csr.arcs()
        keep = tail != head
        tail, head, weight, link = tail[keep], head[keep], weight[keep], link[keep]
        n = csr.n_nodes
        self._ends = (tail, head)
        self.resolution = _resolution(tail, weight, n)
        self._weights = np.rint(weight / self.resolution).astype(np.int64)
        self._metrics: dict[int, tuple[np.ndarray, Any, float]] = {}
        self._exact = weight  # the float weights, to cost a path exactly
        self._link = link
        order_ = np.argsort(link, kind="stable")
        self._arcs_by_link = (link[order_], order_)
        start = time.process_time()
        tails, heads = tail.tolist(), head.tolist()
        order, self.ordering = node_order(n, tail, head, csr.coords)
        self._cch = rk.CCH(order, tails, heads, False)
        mid = time.process_time()
        self._metric = rk.CCHMetric(self._cch, self._weights.tolist())
        self._updater = rk.CCHMetricPartialUpdater(self._cch)
        self.preprocess_s = mid - start
        self.customize_s = time.process_time() - mid

    # ----------------------------------------------------------------- distances

    def _to_cost(self, steps: np.ndarray, resolution: float | None = None) -> np.ndarray:
        out = np.where(np.isnan(steps) | (steps >= INF_WEIGHT), np.inf, steps)
        return out * (self.resolution if resolution is None else resolution)

    def _values_metric(self, values: np.ndarray) -> tuple[Any, float]:
        """Return the metric (customized once, kept) of arc weights ``values``, and its step.

        ``values`` has one value per entry of the CSR view's matrix (as
        :func:`corridor.paths.arc_values` gives); an arc takes the value of its node pair's
        entry. The hierarchy (order and contraction) is shared: only customization runs.
        """
        found = self._metrics.get(id(values))
        if found is not None and found[0] is values:
            return found[1], found[2]
        values = np.asarray(values, dtype=np.float64)
        if len(values) != self._csr.matrix.nnz:
            raise ValueError(f"values has {len(values)} entries, the view's matrix "
                             f"{self._csr.matrix.nnz}")
        if len(values) and (not np.all(np.isfinite(values)) or values.min() < 0):
            raise ValueError("values must be finite and non-negative")
        from corridor.paths.csr import _search_rows

        tail, head = self._ends
        m = self._csr.matrix
        entry = _search_rows(m.indices, m.indptr[tail], m.indptr[tail + 1], head)
        arc_values = values[entry]
        step = _resolution(tail, arc_values, self._csr.n_nodes)
        start = time.process_time()
        metric = self._rk.CCHMetric(self._cch, np.rint(arc_values / step).astype(np.int64)
                                    .tolist())
        self.customize_s += time.process_time() - start
        while len(self._metrics) >= 4:  # a few value kinds per view; oldest out
            self._metrics.pop(next(iter(self._metrics)))
        self._metrics[id(values)] = (values, metric, step)  # the array kept: its id stays
        return metric, step

    def _steps_matrix(self, source_rows: Sequence[np.ndarray], target_rows: Sequence[np.ndarray],
                      metric: Any = None) -> np.ndarray:
        """Integer least costs (NaN: unreached) from each source group to each target group.

        The larger side is pinned once per thread (RoutingKit's one-to-many query: each
        source then walks up its elimination tree and sweeps down the pinned targets' part
        of the hierarchy, a part that grows slower than the targets; many-to-one the other
        way round), the other side's groups are queried one by one, in blocks on
        :func:`threads` threads (the queries release the GIL); each block's distance rows
        become one numpy array.
        """
        metric = self._metric if metric is None else metric
        if len(source_rows) > len(target_rows):  # pin the sources, query each target
            return self._pinned(metric, target_rows, source_rows, forward=False).T
        return self._pinned(metric, source_rows, target_rows, forward=True)

    def _pinned(self, metric: Any, free_rows: Sequence[np.ndarray],
                pinned_rows: Sequence[np.ndarray], forward: bool) -> np.ndarray:
        """Integer least costs between each free group and each pinned group (NaN: none).

        ``forward``: from the free groups to the pinned ones (one-to-many), else from the
        pinned groups to the free ones (many-to-one); rows are the free groups either way.
        """
        out = np.full((len(free_rows), len(pinned_rows)), np.nan)
        flat = [r for rows in pinned_rows for r in rows.tolist()]
        todo = [i for i, rows in enumerate(free_rows) if len(rows)]
        if not flat or not todo:
            return out
        uniq, inverse = np.unique(np.asarray(flat, dtype=np.int64), return_inverse=True)
        sizes = np.fromiter((len(r) for r in pinned_rows), np.int64, len(pinned_rows))
        filled = sizes > 0
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[filled]
        pinned = uniq.tolist()
        direct = bool(filled.all()) and len(flat) == len(uniq) == len(pinned_rows) and bool(
            np.array_equal(inverse, np.arange(len(uniq))))  # distinct single nodes, sorted

        def fill(chunk: list[int], found: list[list[int | None]]) -> None:
            dist = np.array(found, dtype=np.float64)  # None (unreached) becomes NaN
            if direct:  # one distinct node per pinned group, in order: the rows as they are
                out[chunk] = dist
                return
            dist = dist[:, inverse]
            dist[np.isnan(dist)] = np.inf
            at = np.ix_(np.asarray(chunk, dtype=np.int64), np.flatnonzero(filled))
            out[at] = np.minimum.reduceat(dist, starts, axis=1)

        def run(part: list[int]) -> None:
            # one query object per thread (they are not sendable)
            if forward:
                many = self._rk.CCHOneToMany(metric, pinned)
                one, multi = many.distances_from, many.distances_from_multi
            else:
                many = self._rk.CCHManyToOne(metric, pinned)
                one, multi = many.distances_to, many.distances_to_multi
            try:
                for k in range(0, len(part), _BLOCK):
                    chunk = part[k:k + _BLOCK]
                    fill(chunk, [one(int(free_rows[i][0])) if len(free_rows[i]) == 1
                                 else multi([(int(r), 0) for r in free_rows[i].tolist()])
                                 for i in chunk])
            finally:
                del one, multi, many  # a live query object forbids re-customizing the metric

        workers = threads(len(todo))
        if workers <= 1:
            run(todo)
        else:
            step = -(-len(todo) // workers)
            with ThreadPoolExecutor(workers) as pool:
                for done in [pool.submit(run, todo[k:k + step])
                             for k in range(0, len(todo), step)]:
                    done.result()
        out[~np.isfinite(out)] = np.nan
        return out

    def resolution_for(self, values: np.ndarray) -> float:
        """Return the step of the metric of ``values`` (customized now if not yet)."""
        with self._lock:
            return self._values_metric(values)[1]

    def od_matrix(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                  values: np.ndarray | None = None) -> np.ndarray:
        """Return the matrix of least costs (``inf``: no path), as :meth:`CSRGraph.od_matrix`.

        ``values``: other arc costs, one per entry of the view's matrix (a metric customized
        for them on the first call with this array, then kept); default the view's weights.
        """
        rows_s = [self._csr.rows(s) for s in sources]
        rows_t = [self._csr.rows(t) for t in targets]
        with self._lock:
            if values is None:
                return self._to_cost(self._steps_matrix(rows_s, rows_t))
            metric, step = self._values_metric(values)
            return self._to_cost(self._steps_matrix(rows_s, rows_t, metric), step)

    # ----------------------------------------------------------------- link cuts

    def _paths(self, rows_s: Sequence[np.ndarray], rows_t: Sequence[np.ndarray],
               pairs: Sequence[tuple[int, int]]) -> list[tuple[np.ndarray, float, int]]:
        """Per pair: the link positions on the hierarchy's best path, its exact cost, its arcs.

        The path is unpacked to original arcs; its cost is the sum of their float weights
        (``inf`` when the pair is not connected).
        """
        query = self._rk.CCHQuery(self._metric)
        out: list[tuple[np.ndarray, float, int]] = []
        empty = np.zeros(0, dtype=np.int64)
        try:
            for i, j in pairs:
                if not len(rows_s[i]) or not len(rows_t[j]):
                    out.append((empty, np.inf, 0))
                    continue
                found = query.run_multi([(int(r), 0) for r in rows_s[i]],
                                        [(int(r), 0) for r in rows_t[j]])
                reached = found.distance is not None
                arcs = np.asarray(found.arc_path, dtype=np.int64)
                del found  # a live result forbids the next run
                links = self._link[arcs] if len(arcs) else empty
                cost = float(np.sum(self._exact[arcs])) if reached else np.inf
                out.append((np.unique(links[links >= 0]), cost, len(arcs)))
        finally:
            del query
        return out

    def _set_link(self, pos: int, cut: bool) -> None:
        link_sorted, arcs = self._arcs_by_link
        lo, hi = np.searchsorted(link_sorted, [pos, pos + 1])
        mine = arcs[lo:hi]
        values = np.full(len(mine), INF_WEIGHT) if cut else self._weights[mine]
        self._updater.apply(self._metric, dict(zip(mine.tolist(), values.tolist(),
                                                   strict=True)))

    def link_cuts(self, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
                  wanted: Sequence[str], pairs: Sequence[tuple[int, int]]) -> list[LinkCut]:
        """Return :meth:`CSRGraph.link_cuts` by re-customizing the metric per cut link."""
        from corridor.paths.csr import LinkCut

        csr = self._csr
        rows_s = [csr.rows(s) for s in sources]
        rows_t = [csr.rows(t) for t in targets]
        with self._lock:
            base_all = self._steps_matrix(rows_s, rows_t)
            base = np.asarray([base_all[i, j] for i, j in pairs], dtype=np.float64)
            connected = [p for p in range(len(pairs)) if np.isfinite(base[p])]
            found = self._paths(rows_s, rows_t, [pairs[p] for p in connected])
            by_link: dict[int, list[int]] = {}
            exact: dict[int, tuple[float, int]] = {}
            for p, (links, cost, hops) in zip(connected, found, strict=True):
                exact[p] = (cost, hops)
                for k in links.tolist():
                    by_link.setdefault(k, []).append(p)
            out = []
            for lid in wanted:
                pos = csr.link_position(lid)
                hit = by_link.get(pos, []) if pos is not None else []
                if not hit:
                    out.append(LinkCut(lid, 0.0))
                    continue
                out.append(self._cut_one(lid, pos, hit, pairs, (base, exact), rows_s, rows_t))
            return out

    def _cut_one(self, lid: str, pos: Any, hit: list[int], pairs: Sequence[tuple[int, int]],
                 before: tuple[np.ndarray, dict[int, tuple[float, int]]],
                 rows_s: Sequence[np.ndarray], rows_t: Sequence[np.ndarray]) -> LinkCut:
        """Cut one link: batched integer costs, near-ties re-costed exactly (see module)."""
        from corridor.paths.csr import LinkCut

        base, exact = before
        srcs = sorted({pairs[p][0] for p in hit})
        tgts = sorted({pairs[p][1] for p in hit})
        si = {s: k for k, s in enumerate(srcs)}
        ti = {t: k for k, t in enumerate(tgts)}
        self._set_link(int(pos), cut=True)
        try:
            after = self._steps_matrix([rows_s[s] for s in srcs], [rows_t[t] for t in tgts])
            rise = 0.0
            lost: list[int] = []
            near: list[int] = []
            for p in hit:
                value = after[si[pairs[p][0]], ti[pairs[p][1]]]
                if np.isnan(value):
                    lost.append(p)
                elif abs(value - base[p]) <= exact[p][1]:
                    near.append(p)  # within rounding of a tie: cost both paths exactly
                else:
                    rise += float(value - base[p]) * self.resolution
            for p, (_, cost, _) in zip(near, self._paths(rows_s, rows_t,
                                                         [pairs[p] for p in near]),
                                       strict=True):
                rise += cost - exact[p][0]
        finally:
            self._set_link(int(pos), cut=False)
        return LinkCut(lid, rise, tuple(sorted(lost)))


def _metis() -> ModuleType | None:
    try:
        import pymetis
    except ImportError:
        return None
    return pymetis


def node_order(n: int, tail: np.ndarray, head: np.ndarray,
               coords: tuple[np.ndarray, np.ndarray] | None) -> tuple[list[int], str]:
    """Return the contraction order of the hierarchy (``order[rank] = node``) and its kind.

    The order decides the hierarchy's shape, so the query time (a one-to-many query sweeps
    the pinned targets' ancestors in the elimination tree), not the answers. In turn:

    * ``"metis"``: METIS's multilevel nested dissection of the undirected graph (``pymetis``,
      part of the ``scale`` extra), the usual order for customizable contraction
      hierarchies; it needs no coordinates;
    * ``"inertial"``: RoutingKit's inertial-flow nested dissection along the nodes'
      coordinates (``coords``: longitudes, latitudes), when ``pymetis`` is missing;
    * ``"degree"``: RoutingKit's degree order, when neither is at hand (far worse on big
      graphs: a deeper tree, many more shortcuts).

    ``tail`` and ``head`` are the arcs, loops already dropped.
    """
    rk = _module()
    if rk is None:
        raise ImportError("the CH backend needs routingkit-cch: pip install corridor[scale]")
    metis = _metis()
    if metis is not None and n > 0:
        from scipy import sparse

        ends = np.concatenate([tail, head]), np.concatenate([head, tail])
        adj = sparse.csr_matrix((np.ones(len(ends[0]), dtype=np.int8), ends), shape=(n, n))
        adj.sum_duplicates()  # one entry per neighbour, both directions
        perm, _ = metis.nested_dissection(adjacency=metis.CSRAdjacency(
            adj.indptr.astype(np.int64), adj.indices.astype(np.int64)))
        return [int(v) for v in perm], "metis"
    tails, heads = tail.tolist(), head.tolist()
    if coords is not None:
        return rk.compute_order_inertial(n, tails, heads, coords[1].tolist(),
                                         coords[0].tolist()), "inertial"
    return rk.compute_order_degree(n, tails, heads), "degree"


def _resolution(tail: np.ndarray, weight: np.ndarray, n: int) -> float:
    """Return the step of the integer weights: no simple path reaches infinity.

    A simple path leaves each node at most once, so it costs at most the sum over nodes of
    their largest outgoing weight.
    """
    largest = np.zeros(n)
    np.maximum.at(largest, tail, weight)
    bound = float(largest.sum())
    return bound / (INF_WEIGHT - 1 - n) if bound > 0 else 1.0


def node_coords(nodes: Sequence[Hashable], attrs: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the ``x`` (longitude) and ``y`` (latitude) of every node, ``None`` if one lacks them.

    ``attrs`` is the graph's node view (``graph.nodes``); the order is that of ``nodes``.
    """
    xs = np.empty(len(nodes))
    ys = np.empty(len(nodes))
    for k, n in enumerate(nodes):
        d = attrs[n]
        x, y = d.get("x"), d.get("y")
        if x is None or y is None:
            return None
        xs[k], ys[k] = x, y
    return xs, ys
