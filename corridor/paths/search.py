"""One search entry point (networkx on small graphs, the CSR engine on big ones) and drop-ins."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, cast

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from corridor.paths.csr import (
    _NO_PRED,
    CSRGraph,
    EdgeFilter,
    _search_rows,
    cached,
    directed_weight,
    use_fastpath,
)

# --------------------------------------------------------------------------- the entry point


def _cost_function(graph: nx.Graph, weight: str, default_weight: float,
                   edge_filter: EdgeFilter | None) -> Any:
    """Networkx weight function: least kept parallel edge, ``None`` (hidden) when none kept."""
    multi = graph.is_multigraph()

    def cost(u: Hashable, v: Hashable, found: dict[Any, Any]) -> float | None:
        best: float | None = None
        for data in (found.values() if multi else (found,)):
            if edge_filter is not None and not edge_filter(u, v, data):
                continue
            value = directed_weight(data, weight, u, default_weight)
            value = default_weight if value is None else float(value)
            if best is None or value < best:
                best = value
        return best

    return cost


def shortest_path(graph: nx.Graph, sources: Sequence[Hashable], targets: Sequence[Hashable],
                  *, weight: str = "time_h", default_weight: float = 1.0,
                  edge_filter: EdgeFilter | None = None, key: Hashable = None
                  ) -> tuple[float, list[Hashable]] | None:
    """Return ``(cost, nodes)`` of a least-cost path from ``sources`` to ``targets``, or ``None``.

    The one shortest-path search of the package: networkx's Dijkstra on graphs smaller than
    :data:`~corridor.paths.FASTPATH_MIN_NODES`, the compiled CSR engine (built once per graph,
    weight and ``key``, see :func:`~corridor.paths.cached`) on bigger ones.

    Parameters
    ----------
    graph
        Any networkx graph (multigraphs: the least kept parallel edge counts).
    sources, targets
        Nodes; the path starts at the best source and ends at the nearest target (the first
        listed among targets at equal cost).
    weight, default_weight
        Edge attribute summed, and the cost of an edge without it.
    edge_filter
        ``edge_filter(u, v, data)`` returns False for edges not to use.
    key
        Names ``edge_filter`` for the CSR cache (e.g. the sorted modes).

    Returns
    -------
    tuple or None
        The least cost and the nodes of the path (source first).
    """
    sources, targets = list(sources), list(targets)
    if not sources or not targets:
        return None
    if use_fastpath(graph):
        csr = cached(graph, weight, default_weight=default_weight, edge_filter=edge_filter,
                     key=key)
        return csr.shortest_path(sources, targets)
    cost = _cost_function(graph, weight, default_weight, edge_filter)
    if len(targets) > 1:
        dist = nx.multi_source_dijkstra_path_length(graph, sources, weight=cost)
        reached = [t for t in targets if t in dist]
        if not reached:
            return None
        targets = [min(reached, key=lambda t: dist[t])]
    try:
        total, path = nx.multi_source_dijkstra(graph, sources, target=targets[0], weight=cost)
    except nx.NetworkXNoPath:
        return None
    return float(total), list(path)


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


#: Marks a frozen graph whose attached CSR view was checked against it (same nodes and
#: edges): a frozen graph cannot change after, so the check is not repeated per search.
_CHECKED_KEY = "_fastpath_base_checked"


def _attached(graph: nx.Graph, weight: str) -> CSRGraph | None:
    """Return the CSR view :func:`attach` put on ``graph`` for ``weight``, or ``None``."""
    found = graph.graph.get(BASE_KEY)
    if found is None or found[0] != weight:
        return None
    return cast(CSRGraph, found[1])


def _extended(graph: nx.Graph, weight: str
              ) -> tuple[csr_matrix, dict[Hashable, int], list[Hashable]] | None:
    """Return the attached CSR view plus the nodes added since and the edges touching them.

    ``None`` when nothing is attached for ``weight`` or the base graph's edges changed. A
    routing overlay (``overlay_base``: a frozen view, ``overlay_nodes``: its temporary
    nodes; see :func:`corridor.routing.routing_view`) names its new nodes, and its frozen
    base cannot have changed, so neither is searched for; a frozen graph is checked once.
    The base matrix is not copied arc by arc: the new arcs are inserted into it in one
    vectorised pass (each new arc touches a new node, so none replaces a base arc).
    """
    found = graph.graph.get(BASE_KEY)
    if found is None or found[0] != weight:
        return None
    _, csr, n_edges = found
    base = getattr(graph, "overlay_base", None)
    trusted = base is not None and nx.is_frozen(base) and base.graph is graph.graph
    if not trusted and nx.is_frozen(graph) and graph.graph.get(_CHECKED_KEY) is csr:
        return csr.matrix, csr.index, csr.nodes  # a checked frozen view: nothing added
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
        if nx.is_frozen(graph):
            graph.graph[_CHECKED_KEY] = csr
        return csr.matrix, csr.index, csr.nodes
    index = dict(csr.index)
    for k, x in enumerate(extra):
        index[x] = csr.n_nodes + k
    return _with_arcs(csr, index, arcs), index, csr.nodes + extra


def _with_arcs(csr: CSRGraph, index: dict[Hashable, int],
               arcs: dict[tuple[Hashable, Hashable], float]) -> csr_matrix:
    """Return the attached matrix grown by the new nodes' rows and ``arcs`` (one new end each).

    Each row keeps its columns sorted, as a matrix built from all arcs at once would.
    """
    n0 = csr.n_nodes
    n = len(index)
    m = csr.matrix
    tail = np.fromiter((index[u] for u, _ in arcs), np.int64, len(arcs))
    head = np.fromiter((index[v] for _, v in arcs), np.int64, len(arcs))
    cost = np.fromiter(arcs.values(), np.float64, len(arcs))
    order = np.lexsort((head, tail))
    tail, head, cost = tail[order], head[order], cost[order]
    old = tail < n0
    # arcs from base nodes go into their rows, at the sorted place of their (new) column
    pos = _search_rows(m.indices, m.indptr[tail[old]], m.indptr[tail[old] + 1], head[old])
    indices = np.insert(m.indices.astype(np.int64), pos, head[old])
    data = np.insert(m.data, pos, cost[old])
    counts = np.bincount(tail, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:n0 + 1] = m.indptr[1:] + np.cumsum(counts[:n0])
    # rows of the new nodes follow, in node order
    indptr[n0 + 1:] = indptr[n0] + np.cumsum(counts[n0:])
    indices = np.concatenate([indices, head[~old]]).astype(np.int32)
    data = np.concatenate([data, cost[~old]])
    return csr_matrix((data, indices, indptr), shape=(n, n))


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
    starts = _virtual_starts(graph, source, weight)
    if starts is not None:  # a free virtual source: a multi-source search on the base view
        csr = cast(CSRGraph, graph.graph[BASE_KEY][1])
        dist, found_paths = _answers(csr.matrix, csr.index, csr.nodes, starts, targets)
        dist[source] = 0.0
        return dist, {source: [source]} | {t: [source, *p] for t, p in found_paths.items()}
    found = _extended(graph, weight)
    if found is None:
        return nx.single_source_dijkstra(graph, source, weight=weight)
    return _answers(*found, [source], targets)


def nearest_target_path(graph: nx.Graph, source: Hashable, targets: Sequence[Hashable],
                        weight: str = "weight") -> tuple[float, list[Hashable]] | None:
    """Return the distance and path to the nearest reached target, or ``None``.

    What :func:`single_source_dijkstra` gives for the first listed of the targets at the
    least distance (same search, same path), without climbing the paths of the other
    targets: one path instead of one per target.

    Parameters
    ----------
    graph, source, weight
        As for :func:`single_source_dijkstra`.
    targets
        Nodes, in order of preference at equal distance.

    Returns
    -------
    tuple or None
        The distance and the path (``source`` first); ``None`` when no target is reached.
    """
    starts = _virtual_starts(graph, source, weight)
    found = None if starts is not None else _extended(graph, weight)
    if starts is None and found is None:
        dist, paths = nx.single_source_dijkstra(graph, source, weight=weight)
        reached = [t for t in targets if t in dist]
        if not reached:
            return None
        best = min(reached, key=lambda t: dist[t])
        return dist[best], paths[best]
    if starts is not None:  # a free virtual source: a multi-source search on the base view
        csr = cast(CSRGraph, graph.graph[BASE_KEY][1])
        matrix, index, nodes = csr.matrix, csr.index, csr.nodes
        rows = [index[s] for s in starts]
    else:
        matrix, index, nodes = cast(tuple[csr_matrix, dict[Hashable, int], list[Hashable]],
                                    found)
        rows = [index[source]]
    dist, pred, _ = dijkstra(matrix, directed=True, indices=rows, min_only=True,
                             return_predecessors=True)
    cols = [i for i in (index.get(t) for t in targets) if i is not None]
    if not cols:
        return None
    at = np.asarray(cols, dtype=np.int64)
    k = int(np.argmin(dist[at]))  # the first listed at the least distance
    i = cols[k]
    if not np.isfinite(dist[i]):
        return None
    path = [i]
    step = pred.item(i)
    while step != _NO_PRED:
        path.append(step)
        step = pred.item(step)
    head = [source] if starts is not None else []  # the virtual source, then the path
    return float(dist[i]), head + [nodes[j] for j in reversed(path)]


def _virtual_starts(graph: nx.Graph, source: Hashable, weight: str) -> list[Hashable] | None:
    """Return the nodes a free virtual ``source`` leads to, when that is all an overlay adds.

    A routing overlay whose only temporary node is ``source``, with arcs of cost 0 to nodes
    of the attached view and none into it, is searched as a multi-source search from those
    nodes on the attached matrix itself (same distances, no grown copy of the matrix).
    """
    found = graph.graph.get(BASE_KEY)
    base = getattr(graph, "overlay_base", None)
    if (found is None or found[0] != weight or base is None or not nx.is_frozen(base)
            or base.graph is not graph.graph
            or tuple(getattr(graph, "overlay_nodes", ())) != (source,)
            or not graph.is_directed() or len(graph.pred[source])):
        return None
    index = found[1].index
    starts = []
    for n, d in graph.succ[source].items():
        if n not in index or float(d.get(weight, 1.0)) != 0.0:
            return None
        starts.append(n)
    return starts or None


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


def nx_od_matrix(graph: nx.Graph, sources: Sequence[Hashable], targets: Sequence[Hashable],
                 weight: str = "time_h") -> np.ndarray:
    """Plain-networkx OD matrix (node to node), the reference the benchmark and tests use."""
    out = np.full((len(sources), len(targets)), np.inf)
    for i, s in enumerate(sources):
        dist = nx.single_source_dijkstra_path_length(graph, s, weight=weight)
        for j, t in enumerate(targets):
            out[i, j] = dist.get(t, math.inf)
    return out


# --------------------------------------------------------------------------- OD path sums


def arc_values(graph: nx.Graph, weight: str, value: Callable[[dict[str, Any]], float]
               ) -> np.ndarray | None:
    """Return ``value(edge data)`` of every arc of the CSR view attached for ``weight``.

    In the order of the view's matrix (``matrix.data``), for :func:`group_path_sums`; ``None``
    when no view is attached (small graphs). A simple graph is assumed (one arc per node
    pair and direction, as in a routing view).
    """
    csr = _attached(graph, weight)
    if csr is None:
        return None
    m = csr.matrix
    nodes, adj = csr.nodes, graph.adj
    out = np.empty(m.nnz, dtype=np.float64)
    indptr, indices = m.indptr.tolist(), m.indices.tolist()
    for i, u in enumerate(nodes):
        nbrs = adj[u]
        for k in range(indptr[i], indptr[i + 1]):
            out[k] = value(nbrs[nodes[indices[k]]])
    return out


def group_path_sums(graph: nx.Graph, sources: Sequence[Sequence[Hashable]],
                    targets: Sequence[Hashable], values: Sequence[np.ndarray],
                    weight: str = "weight") -> list[np.ndarray] | None:
    """Sum per-arc ``values`` along the paths :func:`multi_source_dijkstra` would return.

    For each source group (a multi-source search from its nodes, in the given order) and
    each target node, the path found is the one :func:`multi_source_dijkstra` gives for
    the same arguments (the same search on the same matrix); the sums run over its arcs.
    Paths are climbed for a batch of sources at once, one hop per vectorised step, so the
    cost beyond the searches themselves is small.

    Parameters
    ----------
    graph
        A frozen graph with a CSR view attached for ``weight`` (:func:`attach`) and no
        node added since.
    sources
        Groups of nodes; an empty group reaches nothing.
    targets
        Nodes of the graph.
    values
        Arrays from :func:`arc_values` (one value per arc of the attached view).
    weight
        The weight the view was attached for.

    Returns
    -------
    list of numpy.ndarray or None
        Per array of ``values``, a ``len(sources) × len(targets)`` matrix of sums (0 when the
        target is a source, NaN when not reached); ``None`` when the compiled view cannot
        answer (nothing attached, or the graph has changed or is not frozen).
    """
    found = _extended(graph, weight) if nx.is_frozen(graph) else None
    csr = _attached(graph, weight)
    if found is None or csr is None or found[2] is not csr.nodes:
        return None
    m = csr.matrix
    n_src, n_tgt = len(sources), len(targets)
    out = [np.full((n_src, n_tgt), np.nan) for _ in values]
    tcol = np.fromiter((csr.index[t] for t in targets), np.int64, n_tgt)
    batch = max(1, min(64, 20_000_000 // max(csr.n_nodes, 1)))
    todo = [i for i, g in enumerate(sources) if len(g)]
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        preds = np.empty((len(chunk), csr.n_nodes), dtype=np.int64)
        reached = np.zeros((len(chunk), n_tgt), dtype=bool)
        for b, i in enumerate(chunk):
            rows = [csr.index[s] for s in sources[i]]
            dist, pred, _ = dijkstra(m, directed=True, indices=rows, min_only=True,
                                     return_predecessors=True)
            preds[b] = pred
            reached[b] = np.isfinite(dist[tcol])
        pair_b, pair_t = np.nonzero(reached)
        sums = [np.zeros(len(pair_b)) for _ in values]
        alive = np.arange(len(pair_b))
        node = tcol[pair_t]
        while len(alive):
            prev = preds[pair_b[alive], node]
            step = prev != _NO_PRED
            alive, node, prev = alive[step], node[step], prev[step]
            if not len(alive):
                break
            pos = _search_rows(m.indices, m.indptr[prev], m.indptr[prev + 1], node)
            for acc, arc in zip(sums, values, strict=True):
                acc[alive] += arc[pos]
            node = prev
        rows_out = np.asarray(chunk, dtype=np.int64)[pair_b]
        for res, acc in zip(out, sums, strict=True):
            res[rows_out, pair_t] = acc
    return out


def group_least_sums(graph: nx.Graph, sources: Sequence[Sequence[Hashable]],
                     targets: Sequence[Hashable], values: np.ndarray,
                     weight: str = "weight", *, backend: str = "auto") -> np.ndarray | None:
    """Least sums of per-arc ``values`` from each source group to each target node, on a CH.

    Where :func:`group_path_sums` sums ``values`` along the paths best by ``weight``, this
    returns the least ``values`` sums themselves, answered by the contraction hierarchy of
    the attached view with a metric customized for ``values``
    (:meth:`corridor.paths.CSRGraph.od_matrix`). The two agree when ``values`` is the
    weight, or differs from it by a tie-breaking term, up to that term and the hierarchy's
    rounding (:mod:`corridor.paths.ch`).

    Parameters
    ----------
    graph, sources, targets, weight
        As for :func:`group_path_sums`.
    values
        An array from :func:`arc_values`.
    backend
        ``auto``: the hierarchy when :meth:`~corridor.paths.CSRGraph.use_ch` chooses it for
        ``len(sources)`` searches, else ``None``; ``ch``: always.

    Returns
    -------
    numpy.ndarray or None
        The ``len(sources) × len(targets)`` matrix (0 when the target is a source, NaN when
        not reached); ``None`` when the compiled view cannot answer or Dijkstra is chosen.
    """
    found = _extended(graph, weight) if nx.is_frozen(graph) else None
    csr = _attached(graph, weight)
    if found is None or csr is None or found[2] is not csr.nodes:
        return None
    if backend not in ("auto", "ch"):
        raise ValueError(f"backend must be auto or ch, not {backend!r}")
    if not csr.use_ch(sum(1 for g in sources if len(g)), backend):
        return None
    out = csr.od_matrix([list(g) for g in sources], list(targets), backend="ch",
                        values=values)
    out[~np.isfinite(out)] = np.nan
    return out
