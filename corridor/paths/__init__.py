"""Shortest paths on any networkx graph: networkx below a size, a compiled CSR engine above.

A leaf: it knows nodes, edges and weights, nothing of places, scenarios or reports.
:mod:`corridor.paths.csr` holds the engine (:class:`CSRGraph`, its cache),
:mod:`corridor.paths.search` the one search entry point (:func:`shortest_path`) and the
routing drop-ins. (Formerly ``corridor.fastpath``, which stays as a deprecated alias.)

networkx runs Dijkstra in Python; on networks built from OpenStreetMap extracts (hundreds of
thousands of nodes) an OD matrix or a criticality sweep then takes hours. This package keeps
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
Routing and analysis call :func:`shortest_path`, which switches when :func:`use_fastpath` says
so (graphs of at least :data:`FASTPATH_MIN_NODES` nodes)::

    from corridor import paths
    found = paths.shortest_path(graph, origin_nodes, destination_nodes, weight="time_h")
    # or, on the engine directly:
    csr = paths.cached(graph, "time_h")             # built once per graph and weight
    hours, path = csr.shortest_path(origin_nodes, destination_nodes)

* A *node* argument is a node of the graph, or a group of nodes given as a ``list``, ``set``
  or ``frozenset`` (e.g. every layer node of a place): a group source starts from all its
  nodes at once, a group target is reached at its nearest node. Tuples are nodes (the
  layered graph's nodes are tuples).
* Routing views (:func:`corridor.routing.routing_view`) call :func:`attach` once when the
  view is built; :func:`single_source_dijkstra` is then a drop-in for
  :func:`networkx.single_source_dijkstra` that also sees the temporary nodes routing adds
  (virtual source, snapped points). Small views stay on networkx. A frozen view is checked
  against its CSR once; an overlay's temporary arcs are inserted into a copy of the matrix in
  one vectorised pass, and a free virtual source alone needs no copy (a multi-source search).
* :func:`group_path_sums` sums per-arc values (:func:`arc_values`) along the paths of many
  multi-source searches at once, climbing them in vectorised batches:
  :func:`corridor.routing.od_matrix` reports the hours or km of each best path with it.
  :func:`group_least_sums` gives the least sums themselves on the contraction hierarchy
  (big views): routing's OD when the cells hold the weight routed by.
* Place-level questions (OD times between places, criticality) live in
  :mod:`corridor.analysis`, which asks this package.

Criticality sweep
-----------------
Cutting a link changes the time of an OD pair only when the pair's shortest path uses the
link (removing edges never shortens a path). :meth:`CSRGraph.link_cuts` therefore finds
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

from corridor.paths.csr import (
    CACHE_KEY,
    FASTPATH_MIN_NODES,
    CSRGraph,
    EdgeFilter,
    LinkCut,
    NodeOrGroup,
    cached,
    invalidate,
    use_fastpath,
)
from corridor.paths.search import (
    BASE_KEY,
    arc_values,
    attach,
    group_least_sums,
    group_path_sums,
    multi_source_dijkstra,
    nearest_target_path,
    nx_od_matrix,
    shortest_path,
    single_source_dijkstra,
)

__all__ = [
    "BASE_KEY",
    "CACHE_KEY",
    "FASTPATH_MIN_NODES",
    "CSRGraph",
    "EdgeFilter",
    "LinkCut",
    "NodeOrGroup",
    "arc_values",
    "attach",
    "cached",
    "group_least_sums",
    "group_path_sums",
    "invalidate",
    "multi_source_dijkstra",
    "nearest_target_path",
    "nx_od_matrix",
    "shortest_path",
    "single_source_dijkstra",
    "use_fastpath",
]
