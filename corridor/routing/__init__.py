"""Routes between places: place lookup, shortest and alternative routes, the Route type.

Modules: :mod:`~corridor.routing.places` (lookup and folding), :mod:`~corridor.routing.route`
(:func:`route`, :func:`od_matrix`), :mod:`~corridor.routing.legs` (:class:`Route`, :class:`Leg`),
:mod:`~corridor.routing.view` (routing views, overlays), :mod:`~corridor.routing.snap` (free
points), :mod:`~corridor.routing.explain` (why no route), :mod:`~corridor.routing.cache` (every
cache, one lock).

>>> from corridor import routing
>>> r = routing.route("Baku", "Nakhchivan", scenario="tripp", modes="rail")  # doctest: +SKIP
>>> r.length_km, r.time_h, r.border_crossings                              # doctest: +SKIP

Routes run on the layered graph of :mod:`corridor.network`, so every change of mode, gauge or
ferry and every border passed costs its time. Graphs are cached per (geodata, scenario) and the
routing views per (graph, modes, avoided countries, weight), so repeated queries are fast.

Threads
-------
:func:`route`, :func:`od_matrix`, :func:`find_place`, :func:`country_code`,
:func:`graph_for` and :func:`routing_view` are safe to call from several threads at once
(tested with 8 threads against serial answers):

* every cache (geodata, graphs, routing views, name index; :mod:`corridor.routing.cache`) is
  filled under one lock, each value built once and published complete, and keyed weakly by
  the geodata or graph it was built from, so it never keeps them alive;
* cached graphs and views are shared and frozen (:func:`networkx.freeze`): nothing changes
  them after publication;
* the temporary nodes of a query (virtual source/target, snapped points) live on a private
  overlay of the view (:func:`corridor.routing.view._overlay`), never on the shared view.

Not thread-safe: changing a :class:`corridor.geodata.GeoData` (its frames) or a graph you
passed in (``graph=``) while queries use it, and :func:`clear_cache` while queries run (they
finish with the objects they hold, but caches refill). See ``docs/threads.md``.
"""

from corridor.routing.cache import clear_cache, default_data, graph_for
from corridor.routing.legs import Leg, Route
from corridor.routing.places import COUNTRIES, country_code, data_countries, find_place, fold
from corridor.routing.route import od_matrix, route
from corridor.routing.snap import MAX_ACCESS_KM, MAX_ALTERNATIVES, SNAP_CANDIDATES
from corridor.routing.view import ALL_MODES, WEIGHTS, Node, parse_modes, routing_view

#: Former private name of :func:`corridor.routing.cache.default_data` (tests use it).
_default_data = default_data

__all__ = [
    "ALL_MODES",
    "COUNTRIES",
    "MAX_ACCESS_KM",
    "MAX_ALTERNATIVES",
    "SNAP_CANDIDATES",
    "WEIGHTS",
    "Leg",
    "Node",
    "Route",
    "clear_cache",
    "country_code",
    "data_countries",
    "find_place",
    "fold",
    "graph_for",
    "od_matrix",
    "parse_modes",
    "route",
    "routing_view",
]
