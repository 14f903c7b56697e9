"""Connectivity of a scenario's network: components, bridges, disjoint paths, criticality.

:mod:`~corridor.analysis.connectivity` holds the graph measures,
:mod:`~corridor.analysis.criticality` the one criticality function (:func:`criticality`) and
OD times between places.

Every function takes the layered graph of :func:`corridor.network.build` — nodes are
``(place, layer)`` pairs, *link edges* carry the ``link_id`` of one geodata link, *transfer
edges* (mode change, gauge break, border dwell, ferry wait) carry none — and answers in terms
of places and links, the units an analyst quotes.

Two ways of losing a link:

* the graph measures (components, bridges, articulation points, disjoint paths, betweenness,
  :func:`criticality` on a graph) remove the edges that carry its ``link_id``
  (:func:`corridor.network.cut_link`; a place: all its layer nodes), so they agree with
  networkx on the mode's graph;
* the criticality ranking of the report (:func:`criticality` on a :class:`ScenarioCuts`)
  closes the link as a scenario would (the network rebuilt where the link was the last of
  its layer at a place) and routes as :func:`corridor.routing.route`, so each figure equals
  the difference of two sums of routed OD times.

Transfer edges are never cut on their own.

Threads: the functions read the graph they are given and build their own subgraphs, so they
are safe to call from several threads on one graph (as long as nobody changes it);
:class:`ScenarioCuts` builds each cut network once, under a lock. See ``docs/threads.md``.
"""

from corridor.analysis.connectivity import (
    BLACK_SEA_TURKEY,
    CASPIAN_PORTS,
    CENTRAL_ASIA,
    EUROPE,
    MAINLAND,
    MODE_SETS,
    MODES,
    NAKHCHIVAN,
    NAKHCHIVAN_PARTIES,
    Centrality,
    FailurePoint,
    components,
    connected,
    corridor_articulation_points,
    corridor_bridges,
    link_betweenness,
    link_disjoint_paths,
    nakhchivan_connected,
    restrict,
)
from corridor.analysis.criticality import (
    Criticality,
    OdSpec,
    OdTimes,
    PairTimes,
    ScenarioCuts,
    _compiled_sweep,
    criticality,
    criticality_ranking,
    criticality_ranks,
    criticality_sweep,
    od_path,
    od_time,
    pair_weights,
    rank_criticality,
)
from corridor.network.graph import cut_link, endpoint_nodes, layer_mode, link_id, place_of

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
    "Criticality",
    "FailurePoint",
    "OdSpec",
    "OdTimes",
    "PairTimes",
    "ScenarioCuts",
    "_compiled_sweep",
    "components",
    "connected",
    "corridor_articulation_points",
    "corridor_bridges",
    "criticality",
    "criticality_ranking",
    "criticality_ranks",
    "criticality_sweep",
    "cut_link",
    "endpoint_nodes",
    "layer_mode",
    "link_betweenness",
    "link_disjoint_paths",
    "link_id",
    "nakhchivan_connected",
    "od_path",
    "od_time",
    "pair_weights",
    "place_of",
    "rank_criticality",
    "restrict",
]
