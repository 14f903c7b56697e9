"""The multimodal network of a scenario: a layered networkx graph with explicit transfers.

:mod:`corridor.network.build` builds it (for a profile, ``freight`` or ``passenger``);
:mod:`corridor.network.timing` is the time model (speeds by line class and profile, ferries,
directional border dwell); :mod:`corridor.network.graph` is the vocabulary every other module
reads it with (a node's place and mode, an edge's link, the endpoint rule).

Nodes
-----
A node is a tuple ``(place_id, layer)`` where ``layer`` is ``"road"``, ``"ferry"``,
``"rail_1520"`` or ``"rail_1435"``. At a border crossing each side has its own node,
``(place_id, layer, ISO3)``, and a ``border`` edge between the two sides carries the dwell;
a closed crossing has no such edge. Node attributes: ``place``, ``layer``, ``mode``,
``gauge_mm`` (rail layers), ``country`` (of the place, or of the side), ``x``/``y`` (lon/lat).

Edges
-----
The graph is an undirected :class:`networkx.MultiGraph`; the key of a link edge is the link id.
Every edge has ``kind``, ``length_km`` (the km routing and reports use), ``time_h`` and
``mode``:

``kind="link"``
    A rail, road or ferry link: ``link_id``, ``name``, ``mode``, ``layer``, ``status``,
    ``gauge_mm``, ``country`` (``None`` for ferries), ``corridors``, ``speed_kmh``,
    ``opened``/``expected``, ``geometry`` (shapely LineString oriented from ``from_place`` to
    ``to_place``), ``from_place``, ``to_place``, ``line_class``; ``length_km`` is the link's
    ``length_km_published`` where the data gives one, else the geodesic length of its
    geometry times the mode's detour factor (:mod:`corridor.network.lengths`), with
    ``geometry_km`` (the geodesic length) and ``length_basis`` (``"published"`` or
    ``"estimated"``). ``time_h`` = length / speed (of the link's class and the profile); for
    a ferry ``time_h`` = half the headway (wait) + ``sailing_h`` (or length / ferry speed),
    with ``wait_h`` and ``sailing_h`` recorded separately. A ferry whose ports lie in two
    countries is a border crossing: ``countries`` (of ``from_place``, of ``to_place``),
    ``directions`` and ``time_h_from`` as for a border edge, ``customs_h`` (mean of both
    directions, included in ``time_h``). Links the profile does not use (freight on
    high-speed lines) are left out.
``kind="transfer"``
    A change of mode at a place (rail<->road: ``mode_transfer_h``; to or from a ferry:
    ``ferry_transfer_h``); ``place``, ``from_layer``, ``to_layer``; 0 km.
``kind="gauge_break"``
    A change between the 1520 mm and 1435 mm rail layers at a place (``gauge_break_h``); 0 km.
``kind="border"``
    Passing an open border crossing in one mode: ``place`` (the crossing), ``countries``,
    ``mode``; 0 km. The dwell differs by direction (``border_times.csv``, else the place's
    ``rail_dwell_h``/``road_dwell_h``, else the default): ``directions`` holds, per
    direction, ``(from ISO3, to ISO3, hours at the exit post, hours at the entry post,
    how)``; ``time_h_from`` maps the node an edge is entered from to its time (shortest
    paths honour it, :mod:`corridor.paths`); ``time_h`` is the mean of both directions.

``kind="local"``
    Joins a place without land links (a port served only by ferries, or a place without any
    link in the geodata) to the nearest place (not a crossing) with land links within
    ``LOCAL_LINK_KM`` (the place gets that place's land layers): ``from_place``,
    ``to_place``, ``mode``, geodesic ``length_km``, ``time_h`` at ``access_speed_kmh``.

Every edge also carries ``cost_usd_t`` (US$ per tonne) and ``co2_kg_t`` (kg CO2e per tonne)
(:mod:`corridor.network.costs`: km x the mode's rate on links and local edges, the fees on
borders, the handling on transfers and gauge breaks; :data:`corridor.settings.COST_RATES`).

Transfer edges exist only at places where both layers have links, so a route can never change
mode, gauge or board a ferry without paying for it. At an open crossing a layer that reaches
only one side is mirrored to the other side (the border edge is in that layer), where the
change of gauge or mode is then paid.

Graph attributes: ``scenario`` (name), ``scenario_obj``, ``profile``, ``crs``, ``defaults``
(dict of the :class:`corridor.settings.Defaults` used), ``geodata_path``.
"""

from corridor.network.build import (
    LAYERS,
    LOCAL_LINK_KM,
    Node,
    build,
    edges_frame,
    layer_of,
    mode_of,
    place_nodes,
)
from corridor.network.costs import COST_ATTRS, edge_cost
from corridor.network.graph import (
    MODES,
    allowed,
    cut_link,
    edge_items,
    edge_link_ids,
    endpoint_nodes,
    endpoints,
    layer_mode,
    link_id,
    link_ids,
    node_country,
    place_endpoints,
    place_index,
    place_of,
)
from corridor.network.lengths import ESTIMATED, PUBLISHED, fit_detour, link_km
from corridor.network.timing import link_time_h

__all__ = [
    "COST_ATTRS",
    "ESTIMATED",
    "LAYERS",
    "LOCAL_LINK_KM",
    "MODES",
    "PUBLISHED",
    "Node",
    "allowed",
    "build",
    "cut_link",
    "edge_cost",
    "edge_items",
    "edge_link_ids",
    "edges_frame",
    "endpoint_nodes",
    "endpoints",
    "fit_detour",
    "layer_mode",
    "layer_of",
    "link_id",
    "link_ids",
    "link_km",
    "link_time_h",
    "mode_of",
    "node_country",
    "place_endpoints",
    "place_index",
    "place_nodes",
    "place_of",
]
