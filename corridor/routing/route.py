"""Routing itself: :func:`route` (best and alternative routes, via places) and :func:`od_matrix`."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, overload

import networkx as nx
import numpy as np
import pandas as pd

from corridor import geodata, network, paths, settings
from corridor._errors import InvalidArgument, NoRoute
from corridor.routing import cache
from corridor.routing.cache import default_data, graph_for
from corridor.routing.explain import why_no_route
from corridor.routing.legs import Leg, Route, _path_legs
from corridor.routing.places import country_code, find_place
from corridor.routing.snap import (
    MAX_ACCESS_KM,
    MAX_ALTERNATIVES,
    _check_access_km,
    _check_alternatives,
    _check_point,
    _joins,
    _Snap,
    _snap,
)
from corridor.routing.view import (
    ALL_MODES,
    WEIGHTS,
    Node,
    _overlay,
    parse_modes,
    routing_view,
    weight_value,
)
from corridor.scenarios import Scenario, get

__all__ = ["MAX_ACCESS_KM", "MAX_ALTERNATIVES", "Leg", "Route", "od_matrix", "route"]

_SRC: Node = ("__origin__",)
_DST: Node = ("__destination__",)


# --------------------------------------------------------------------------- searching


@dataclass
class _Endpoint:
    label: str
    nodes: list[Node]
    snap: _Snap | None = None


def _endpoint(spec: str | tuple[float, float], data: geodata.GeoData, view: nx.Graph,
              weight: str, tag: str, defaults: dict[str, Any],
              avoid: tuple[str, ...] = (), max_access_km: float = MAX_ACCESS_KM,
              modes: tuple[str, ...] = ALL_MODES) -> _Endpoint:
    if isinstance(spec, tuple | list):
        lon, lat = _check_point(spec)
        snap = _snap(view, lon, lat, weight, tag, defaults, max_access_km=max_access_km)
        return _Endpoint(f"{lon:g},{lat:g}", [snap.anchor], snap)
    pid = find_place(spec, data)
    nodes = list(cache.place_nodes(view).get(pid, []))  # built once per view, not per query
    off_network = (pid not in cache.linked_places(data)
                   and data.places.at[pid, "country"] not in avoid)
    if not nodes and off_network:  # a place without links is reached by an access leg
        geom = data.places.at[pid, "geometry"]
        # a place of the geodata is a valid end however far from the links it lies: the cap
        # is for points a user types
        snap = _snap(view, float(geom.x), float(geom.y), weight, tag, defaults, label=pid,
                     max_access_km=math.inf)
        return _Endpoint(pid, [snap.anchor], snap)
    # the place's own modes are looked up only when it has no node (a column scan per call)
    own_modes = set() if nodes else set(
        data.links.loc[(data.links["from"] == pid) | (data.links["to"] == pid), "mode"])
    if not nodes and own_modes and not own_modes & set(modes) \
            and data.places.at[pid, "country"] not in avoid:
        # the place's own links are all of modes the query leaves out: a link of the allowed
        # modes on the same site (within LOCAL_LINK_KM, e.g. the Port of Aktau's railway for
        # Aktau city by rail) is reached by an access leg; farther away the route is cut by
        # the mode restriction (explained). A place whose links a scenario cuts stays cut.
        geom = data.places.at[pid, "geometry"]
        try:
            snap = _snap(view, float(geom.x), float(geom.y), weight, tag, defaults, label=pid,
                         max_access_km=network.LOCAL_LINK_KM)
        except (NoRoute, InvalidArgument):  # nothing of the allowed modes on the same site
            return _Endpoint(pid, [])
        return _Endpoint(pid, [snap.anchor], snap)
    # a route starts and ends on land where it can, so boarding a ferry pays its transfer
    return _Endpoint(pid, cast(list[Node], network.endpoints(view, nodes)))


def _staged(view: nx.Graph, stages: list[list[Node]],
            temp: Sequence[tuple[Node, Node, float, dict[str, Any]]] = ()) -> list[Node] | None:
    """Return the shortest path visiting one node of each stage in order.

    It stays on the node it
    arrived at between stages (so a via place never changes layer for free); ``temp`` are
    the temporary edges of snapped points (on a private overlay of ``view``).
    """
    best: dict[Node, tuple[float, list[Node]]] = {n: (0.0, [n]) for n in stages[0]}
    for k, targets in enumerate(stages[1:], 2):
        if not best:
            return None
        starts = {n: c for n, (c, _) in best.items()}
        stage = _overlay(view, [*temp, *((_SRC, n, c, {"kind": "virtual"})
                                         for n, c in starts.items())])
        if k == len(stages):  # the last stage: only the nearest target's path is wanted
            hit = paths.nearest_target_path(stage, _SRC, targets, weight="w")
            if hit is None:
                return None
            p = cast(list[Node], hit[1])
            return best[p[1]][1] + p[2:]
        # issue 7: compiled on views prepared by paths.attach, else networkx
        dist, found = paths.single_source_dijkstra(stage, _SRC, targets, weight="w")
        nxt: dict[Node, tuple[float, list[Node]]] = {}
        for t in targets:
            if t in dist:
                p = cast(list[Node], found[t])
                nxt[t] = (dist[t], best[p[1]][1] + p[2:])
        best = nxt
    if not best:
        return None
    node = min(best, key=lambda n: best[n][0])
    return best[node][1]


def _temporary(ends: list[_Endpoint]) -> list[tuple[Node, Node, float, dict[str, Any]]]:
    snaps = [end.snap for end in ends if end.snap is not None]
    return [e for snap in snaps for e in snap.edges] + _joins(snaps)


def _search(view: nx.Graph, ends: list[_Endpoint], alternatives: int) -> list[list[Node]]:
    temp = _temporary(ends)
    if alternatives <= 1 or len(ends) > 2:
        path = _staged(view, [e.nodes for e in ends], temp)
        return [path] if path else []
    src, dst = ends[0].nodes, ends[1].nodes
    graph = _overlay(view, temp + [(_SRC, n, 0.0, {"kind": "virtual"}) for n in src]
                     + [(n, _DST, 0.0, {"kind": "virtual"}) for n in dst])
    found: list[list[Node]] = []
    seen: set[tuple[str, ...]] = set()
    try:
        for examined, path in enumerate(nx.shortest_simple_paths(graph, _SRC, _DST,
                                                                 weight="w")):
            inner = path[1:-1]
            sig = tuple(str(graph.edges[a, b]["data"].get("link_id"))
                        for a, b in itertools.pairwise(inner)
                        if graph.edges[a, b]["data"]["kind"] in ("link", "link_part"))
            if sig not in seen:
                seen.add(sig)
                found.append(inner)
            if len(found) >= alternatives or examined > 50 * alternatives:
                break
    except nx.NetworkXNoPath:
        pass
    return found


@overload
def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = ...,
    modes: str | Iterable[str] = ...,
    weight: str = ...,
    via: Sequence[str] = ...,
    avoid_countries: Iterable[str] = ...,
    alternatives: Literal[1] = ...,
    data: geodata.GeoData | None = ...,
    graph: nx.MultiGraph | None = ...,
    explain: bool = ...,
    max_access_km: float = ...,
    profile: str = ...,
) -> Route: ...


@overload
def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = ...,
    modes: str | Iterable[str] = ...,
    weight: str = ...,
    via: Sequence[str] = ...,
    avoid_countries: Iterable[str] = ...,
    alternatives: int,
    data: geodata.GeoData | None = ...,
    graph: nx.MultiGraph | None = ...,
    explain: bool = ...,
    max_access_km: float = ...,
    profile: str = ...,
) -> Route | list[Route]: ...


def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = "today",
    modes: str | Iterable[str] = "multimodal",
    weight: str = "time",
    via: Sequence[str] = (),
    avoid_countries: Iterable[str] = (),
    alternatives: int = 1,
    data: geodata.GeoData | None = None,
    graph: nx.MultiGraph | None = None,
    explain: bool = True,
    max_access_km: float = MAX_ACCESS_KM,
    profile: str = settings.DEFAULT_PROFILE,
) -> Route | list[Route]:
    """Find the best route (or the ``alternatives`` best routes) between two places.

    Parameters
    ----------
    origin, destination
        Place id, name or alternative name (case and diacritics ignored), or a
        ``(lon, lat)`` point in degrees (finite, longitude in [-180, 180], latitude in
        [-90, 90]), snapped to the nearest rail/road link with an access leg (at
        ``access_speed_kmh``) of at most ``max_access_km``.
    scenario
        Scenario name or :class:`corridor.scenarios.Scenario` (default ``"today"``).
    modes
        ``"rail"``, ``"road"``, ``"ferry"``, ``"multimodal"`` (default) or a list of modes.
    weight
        ``"time"`` (hours, default), ``"length"`` (km), ``"cost"`` (US$ per tonne),
        ``"co2"`` (kg CO2e per tonne) or ``"generalised"`` (US$ per tonne plus the value of
        time x hours): what the route minimises.
    via
        Places the route must pass, in order.
    avoid_countries
        Countries (ISO3 codes or names) the route must not enter.
    alternatives
        Number of routes wanted, 1 to :data:`MAX_ALTERNATIVES` (50); with more than 1 a list
        of distinct routes (different link sequences) sorted by ``weight`` is returned
        (possibly fewer when fewer exist, or when the search gives up: it looks at the
        paths in order, those repeating a route's links too, and stops after
        ``50 * alternatives + 2`` of them).
    data
        Geodata (default: ``$CORRIDOR_GEODATA`` or the shipped data).
    graph
        A prebuilt graph of the scenario (default: built and cached); its profile wins
        over ``profile``.
    explain
        When there is no route, find the restriction that cuts the places for the
        :class:`NoRoute` message (re-routes in relaxed scenarios); ``False`` for a bare
        message (faster in loops).
    max_access_km
        Longest access leg (km, default :data:`MAX_ACCESS_KM`) from a ``(lon, lat)`` point
        to the nearest rail or road link (a place of the geodata without links is reached
        however far it lies).
    profile
        ``"freight"`` (default) or ``"passenger"``: the speeds, border dwell and transfers
        of that traffic (:mod:`corridor.network.timing`).

    Returns
    -------
    Route or list of Route
        A :class:`Route` when ``alternatives == 1``, else a list.

    Raises
    ------
    PlaceNotFound, AmbiguousPlace
        An origin, destination or via name matches no place or several.
    CountryNotFound
        An avoided country is neither a known code or name nor a country of the data.
    NoRoute
        No route exists; the message names the scenario and the restriction that cuts the
        places apart.
    InvalidArgument
        (a ``ValueError``) For a bad ``weight``, ``modes``, ``alternatives`` or
        ``max_access_km``, ``via`` with alternatives, a point off the globe, or a point
        farther than ``max_access_km`` from every link (the message gives the distance, and
        the swapped point when ``lat, lon`` seems to have been given).

    Notes
    -----
    Safe to call from several threads (see the module docstring).
    """
    return _route(origin, destination, scenario=scenario, modes=modes, weight=weight, via=via,
                  avoid_countries=avoid_countries, alternatives=alternatives, data=data,
                  graph=graph, explain=explain, max_access_km=max_access_km, profile=profile)


def _route(origin: Any, destination: Any, *, scenario: str | Scenario, modes: Any, weight: str,
           via: Sequence[Any], avoid_countries: Iterable[str], alternatives: int,
           data: geodata.GeoData | None, graph: nx.MultiGraph | None,
           explain: bool, max_access_km: float = MAX_ACCESS_KM,
           profile: str = settings.DEFAULT_PROFILE) -> Route | list[Route]:
    if weight not in WEIGHTS:
        raise InvalidArgument(f"unknown weight {weight!r}; expected one of {WEIGHTS}")
    _check_alternatives(alternatives)
    if via and alternatives > 1:
        raise InvalidArgument("alternatives cannot be combined with via places")
    max_access_km = _check_access_km(max_access_km)
    specs = [_check_point(s) if isinstance(s, tuple | list) else s
             for s in (origin, *via, destination)]
    data = data if data is not None else default_data()
    scen = get(scenario, geodata_dir=data.path) if graph is None else graph.graph["scenario_obj"]
    mode_tuple = parse_modes(modes)
    avoid = tuple(sorted({country_code(c, data) for c in avoid_countries}))
    if graph is None:
        graph = graph_for(data, scen, profile)
    profile = graph.graph.get("profile", profile)
    view = routing_view(graph, mode_tuple, avoid, weight)
    defaults = graph.graph["defaults"]
    ends = [_endpoint(s, data, view, weight, f"{i}", defaults, avoid, max_access_km,
                      mode_tuple) for i, s in enumerate(specs)]
    found_paths = _search(view, ends, alternatives) if all(e.nodes for e in ends) else []
    if not found_paths:
        raise NoRoute(why_no_route(_route, data, scen, specs, mode_tuple, avoid, weight,
                                   explain, max_access_km, profile))
    out = []
    snapped = _overlay(view, _temporary(ends))
    for path in found_paths:
        legs = _path_legs(snapped, path)
        out.append(Route(origin=ends[0].label, destination=ends[-1].label, scenario=scen.name,
                         weight=weight, modes=mode_tuple, legs=tuple(legs),
                         via=tuple(e.label for e in ends[1:-1]), profile=profile))
    if len(out) > 1:
        out.sort(key=lambda r: r.total(weight))
    return out[0] if alternatives == 1 else out


# --------------------------------------------------------------------------- matrices


def od_matrix(
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    scenario: str | Scenario = "today",
    modes: str | Iterable[str] = "multimodal",
    weight: str = "time",
    avoid_countries: Iterable[str] = (),
    data: geodata.GeoData | None = None,
    profile: str = settings.DEFAULT_PROFILE,
    value: str | None = None,
) -> Any:
    """Return the origin-destination matrix of best routes (one Dijkstra per origin).

    On a big network (an OSM extract: :meth:`corridor.paths.CSRGraph.use_ch`) the cells of
    the weight routed by come from the contraction hierarchy instead (``value`` unset or
    equal to ``weight``): the least sums, within the hierarchy's rounding (a second or so)
    and the view's tie-breaking term of the Dijkstra route's (:mod:`corridor.paths.ch`).

    Parameters
    ----------
    origins, destinations
        Place ids or names (default: every place of kind ``city`` or ``port``).
    scenario, modes, weight, avoid_countries, data, profile
        As for :func:`route`.
    value
        One of the weights: what the cells hold, summed along the route that is best
        by ``weight`` (default: ``weight`` itself), e.g. the km of the fastest route.

    Returns
    -------
    pandas.DataFrame
        Hours (``"time"``), km (``"length"``), US$/t, kg CO2e/t ... of the best route, origins as
        rows and destinations as columns; NaN where there is no route, 0 on the diagonal.
        Each cell is what :func:`route` gives for the pair: a place without a link of the
        allowed modes is reached by an access leg as there (a place without links however
        far from the links, unless it lies in an avoided country).
    """
    if weight not in WEIGHTS:
        raise InvalidArgument(f"unknown weight {weight!r}; expected one of {WEIGHTS}")
    if value is not None and value not in WEIGHTS:
        raise InvalidArgument(f"unknown value {value!r}; expected one of {WEIGHTS}")
    data = data if data is not None else default_data()
    if origins is None or destinations is None:
        kinds = data.places["kind"].isin(["city", "port"])
        default = list(data.places.index[kinds])
    ids_o = [find_place(o, data) for o in origins] if origins is not None else default
    ids_d = [find_place(d, data) for d in destinations] if destinations is not None else default
    graph = graph_for(data, scenario, profile)
    avoid = tuple(sorted({country_code(c, data) for c in avoid_countries}))
    mode_tuple = parse_modes(modes)
    view = routing_view(graph, mode_tuple, avoid, weight)
    attr = weight
    shown = value or weight
    nodes_of = cache.place_nodes(view)  # once per view, not per call
    end_of = {p: cast(list[Node], network.endpoints(view, nodes_of.get(p, [])))
              for p in {*ids_o, *ids_d}}
    # a place without a node of the view is reached by an access leg, as route reaches it
    snapped = _snapped_places(data, view, weight, graph.graph["defaults"], avoid, mode_tuple,
                              [p for p in dict.fromkeys([*ids_o, *ids_d]) if not end_of[p]])
    keys = (attr, shown)
    entry = {p: _entries(end.snap, keys) for p, end in snapped.items() if end.snap}
    for p, found in entry.items():  # a destination: entered from the snapped links' ends
        end_of[p] = list(found)
    wanted = [t for dest in ids_d for t in end_of[dest]]
    compiled = _compiled_od(view, ids_o, ids_d, end_of, wanted, attr, shown,
                            sources={p: [] for p in snapped}, entry=entry)
    if compiled is not None:
        out = pd.DataFrame(compiled, index=pd.Index(ids_o, name="origin"),
                           columns=pd.Index(ids_d, name="destination"))
        _snapped_rows(out, view, snapped, end_of, entry, wanted, keys)
        return out

    def ends(pid: str) -> list[Node]:
        return end_of[pid]

    out = pd.DataFrame(math.nan, index=pd.Index(ids_o, name="origin"),
                       columns=pd.Index(ids_d, name="destination"))
    for o in ids_o:
        sources = ends(o) if o not in snapped else []
        if not sources:
            continue
        # issue 7: compiled on views prepared by paths.attach, else networkx
        _, reached_paths = paths.multi_source_dijkstra(view, sources, wanted, weight="w")
        _fill_row(out, o, view, reached_paths, end_of, entry, keys)
    _snapped_rows(out, view, snapped, end_of, entry, wanted, keys)
    return out


def _snapped_places(data: geodata.GeoData, view: nx.Graph, weight: str,
                    defaults: dict[str, Any], avoid: tuple[str, ...], modes: tuple[str, ...],
                    places: list[str]) -> dict[str, _Endpoint]:
    """Return the places of ``places`` that :func:`route` reaches by an access leg.

    As :func:`_endpoint` resolves them (a place without links, or whose links are all of
    modes left out, off a link of the allowed modes on its site); each with its own tag.
    """
    out = {}
    for i, pid in enumerate(places):
        end = _endpoint(pid, data, view, weight, f"od{i}", defaults, avoid, modes=modes)
        if end.snap is not None:
            out[pid] = end
    return out


def _entries(snap: _Snap, keys: tuple[str, str]) -> dict[Node, tuple[float, float]]:
    """Return the link-end nodes a snapped place is entered from, with the sums to reach it.

    Per node, the least ``keys`` sums (lexicographic) over the snapped links it ends: the
    link part from the node to the snap plus the access leg to the place.
    """
    access = {v: d for u, v, _, d in snap.edges if u == snap.anchor}
    out: dict[Node, tuple[float, float]] = {}
    for u, v, _, d in snap.edges:
        if u in access:
            sums = (weight_value(d, keys[0]) + weight_value(access[u], keys[0]),
                    weight_value(d, keys[1]) + weight_value(access[u], keys[1]))
            out[v] = min(out.get(v, sums), sums)
    return out


def _fill_row(out: pd.DataFrame, o: str, graph: nx.Graph, reached_paths: Any,
              end_of: dict[str, list[Node]], entry: dict[str, dict[Node, tuple[float, float]]],
              keys: tuple[str, str]) -> None:
    """Fill the row of origin ``o`` from the paths of its search (least ``keys`` sums)."""
    for dest in out.columns:
        if dest == o:
            out.at[o, dest] = 0.0
            continue
        extra = entry.get(dest, {})
        totals = [tuple(math.fsum(weight_value(graph.edges[a, b]["data"], key)
                                  for a, b in itertools.pairwise(reached_paths[t]))
                        + extra.get(t, (0.0, 0.0))[i]
                        for i, key in enumerate(keys))
                  for t in end_of[dest] if t in reached_paths]
        if totals:
            out.at[o, dest] = min(totals)[1]


def _snapped_rows(out: pd.DataFrame, view: nx.Graph, snapped: dict[str, _Endpoint],
                  end_of: dict[str, list[Node]],
                  entry: dict[str, dict[Node, tuple[float, float]]], wanted: list[Node],
                  keys: tuple[str, str]) -> None:
    """Fill the rows of the origins reached by an access leg, and their cells to each other.

    One search per such origin from its point (on an overlay of its temporary edges); two
    such places are routed as :func:`route` routes them (along a link they share).
    """
    for o in (p for p in out.index if p in snapped):
        end = snapped[o]
        graph = _overlay(view, _temporary([end]))
        # issue 7: compiled on views prepared by paths.attach, else networkx
        _, reached_paths = paths.single_source_dijkstra(graph, end.nodes[0], wanted,
                                                        weight="w")
        _fill_row(out, o, graph, reached_paths, end_of, entry, keys)
        for dest in (p for p in out.columns if p in snapped and p != o):
            pair = [end, snapped[dest]]
            found = _search(view, pair, 1)
            snapped_view = _overlay(view, _temporary(pair))
            out.at[o, dest] = math.fsum(
                weight_value(snapped_view.edges[a, b]["data"], keys[1])
                for a, b in itertools.pairwise(found[0])) if found else math.nan


def _compiled_od(view: nx.Graph, ids_o: list[str], ids_d: list[str],
                 end_of: dict[str, list[Node]], wanted: list[Node], attr: str, shown: str,
                 sources: dict[str, list[Node]] | None = None,
                 entry: dict[str, dict[Node, tuple[float, float]]] | None = None) -> Any:
    """Return the cells of :func:`od_matrix` from the compiled CSR (``None``: not compiled).

    The same searches as the networkx-or-compiled loop (one multi-source Dijkstra per
    origin, same paths), with the ``attr`` and ``shown`` sums along the paths climbed in
    vectorised batches (:func:`corridor.paths.group_path_sums`) instead of per pair. When
    the cells hold the weight routed by (``attr == shown``) on a view big enough for the
    contraction hierarchy (:meth:`corridor.paths.CSRGraph.use_ch`), its least sums come
    from the hierarchy instead (:func:`corridor.paths.group_least_sums`): equal to the
    Dijkstra paths' sums up to the view's tie-breaking term and the hierarchy's rounding.
    ``sources`` replaces the source nodes of some origins (an origin reached by an access
    leg is searched apart: no sources here); ``entry`` adds, per destination node, the sums
    from it to a destination reached by an access leg.
    """
    sources = sources or {}
    entry = entry or {}
    keys = (attr,) if attr == shown else (attr, shown)

    def values(key: str) -> Any:
        return cache.ARC_VALUES.get_or_build(
            view, key, lambda: paths.arc_values(view, "w",
                                                lambda d: weight_value(d["data"], key)))

    arcs = [values(k) for k in keys]
    if any(a is None for a in arcs):
        return None
    groups = [sources.get(o, end_of[o]) for o in ids_o]
    # cells of the weight routed by: its least sums, on the hierarchy of a big view
    least = paths.group_least_sums(view, groups, wanted, arcs[0], weight="w") \
        if attr == shown else None
    sums = [least] if least is not None else \
        paths.group_path_sums(view, groups, wanted, arcs, weight="w")
    if sums is None:
        return None
    extra = np.array([entry.get(dest, {}).get(t, (0.0, 0.0)) for dest in ids_d
                      for t in end_of[dest]], dtype=float).reshape(-1, 2)
    first, second = sums[0] + extra[:, 0], sums[-1] + extra[:, 1]
    out = np.full((len(ids_o), len(ids_d)), math.nan)
    col = 0
    for j, dest in enumerate(ids_d):
        k = len(end_of[dest])
        if k:
            # the least (attr, shown) pair over the destination's reached nodes
            a = np.where(np.isnan(first[:, col:col + k]), np.inf, first[:, col:col + k])
            least = a.min(axis=1)
            b = np.where(a == least[:, None], second[:, col:col + k], np.inf)
            best = b.min(axis=1)
            out[:, j] = np.where(np.isfinite(least), best, math.nan)
        col += k
    for i, o in enumerate(ids_o):
        if sources.get(o, end_of[o]):
            out[i, [j for j, dest in enumerate(ids_d) if dest == o]] = 0.0
    return out
