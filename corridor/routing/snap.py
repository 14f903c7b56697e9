"""Free points and places off the network: argument checks and snapping to the nearest links."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from corridor import network
from corridor._errors import InvalidArgument, NoRoute
from corridor._geo import distance_km, geodesic_length_km
from corridor.routing import cache
from corridor.routing.view import Node, _weight_of

#: Most alternatives :func:`route` lists (Yen's algorithm grows fast with their number).
MAX_ALTERNATIVES = 50
#: Default longest access leg (km) from a free ``(lon, lat)`` point to a link.
MAX_ACCESS_KM = 50.0


# --------------------------------------------------------------------------- arguments


def _check_alternatives(alternatives: Any) -> None:
    if (isinstance(alternatives, bool) or not isinstance(alternatives, int)
            or not 1 <= alternatives <= MAX_ALTERNATIVES):
        raise InvalidArgument(f"alternatives must be a whole number from 1 to "
                              f"{MAX_ALTERNATIVES} (at most {MAX_ALTERNATIVES}), got "
                              f"{alternatives!r}")


def _check_access_km(value: Any) -> float:
    try:
        km = float(value)
    except (TypeError, ValueError):
        km = math.nan
    if not math.isfinite(km) or km <= 0:
        raise InvalidArgument(f"max_access_km must be a positive number of km, got {value!r}")
    return km


def _on_globe(lon: float, lat: float) -> bool:
    return -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0


def _check_point(spec: Sequence[Any]) -> tuple[float, float]:
    """Return a ``(lon, lat)`` point as floats, or raise :class:`InvalidArgument`."""
    try:
        lon, lat = (float(v) for v in spec)
    except (TypeError, ValueError, OverflowError):
        raise InvalidArgument(f"a point must be two numbers (lon, lat), got {spec!r}") from None
    text = f"point ({lon:g}, {lat:g})"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise InvalidArgument(f"{text}: coordinates must be finite numbers (lon, lat in "
                              f"degrees)")
    problems = []
    if not -180.0 <= lon <= 180.0:
        problems.append(f"longitude {lon:g} is outside [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        problems.append(f"latitude {lat:g} is outside [-90, 90]")
    if problems:
        hint = (f"; lon,lat swapped? did you mean {lat:g},{lon:g}" if _on_globe(lat, lon)
                else "")
        raise InvalidArgument(f"{text}: {' and '.join(problems)}{hint}")
    return lon, lat


# --------------------------------------------------------------------------- snapping


def _local(lon0: float, lat0: float) -> tuple[Any, Any]:
    k = math.cos(math.radians(lat0))

    def fwd(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - lon0) * k
        out[:, 1] = coords[:, 1] - lat0
        return out

    def back(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = coords[:, 0] / k + lon0
        out[:, 1] = coords[:, 1] + lat0
        return out

    return fwd, back


@dataclass
class _Snap:
    """A point joined to the network: ``anchor`` is its node, ``edges`` its temporary edges.

    ``on`` lists, for each link it is snapped to, the node of the snap on that link (the
    link parts to the link's ends start there), the link's data and the snapped point, so
    two points on one link can be joined along it (:func:`_joins`); ``weight`` is what the
    edges' ``w`` holds.
    """

    point: tuple[float, float]
    anchor: Node
    edges: list[tuple[Node, Node, float, dict[str, Any]]]
    on: list[tuple[Node, dict[str, Any], tuple[float, float]]] = field(default_factory=list)
    weight: str = "time"


#: A free point is joined to this many nearest rail/road links (each by its own access leg),
#: so a nearest link on a dead end does not cut the point off; the router picks the best.
SNAP_CANDIDATES = 5


def _view_links(view: nx.Graph
                ) -> tuple[list[tuple[str, Node, Node, dict[str, Any]]], Any, Any, Any]:
    """Return the rail and road links of a routing view (parallel ones too), once each.

    As rows ``(link id, u, v, edge data)`` plus arrays of their ids and geometries and a
    spatial index of these (lon/lat); built once per view (:mod:`corridor.routing.cache`),
    not per snapped point.
    """
    def build() -> tuple[list[tuple[str, Node, Node, dict[str, Any]]], Any, Any, Any]:
        rows: list[tuple[str, Node, Node, dict[str, Any]]] = []
        seen: set[str] = set()
        every = view.graph.get("links")  # with the parallel links the view collapsed
        arcs = every if every is not None else [
            (e["data"].get("link_id"), u, v, e["data"]) for u, v, e in view.edges(data=True)]
        for link_id, u, v, d in arcs:
            if d["kind"] != "link" or d["mode"] == "ferry" or link_id in seen:
                continue
            seen.add(link_id)
            rows.append((link_id, u, v, d))
        ids = np.array([r[0] for r in rows], dtype=object)
        geoms = np.array([r[3]["geometry"] for r in rows], dtype=object)
        return rows, ids, geoms, shapely.STRtree(geoms)

    return cache.LINK_LINES.get_or_build(view, None, build)


def _link_candidates(view: nx.Graph, lon: float, lat: float, limit: int | None = None
                     ) -> list[tuple[float, str, Node, Node, dict[str, Any], LineString]]:
    """Return the rail and road links of ``view`` by (planar local) distance, nearest first.

    Each as (distance, link id, u, v, edge data, geometry in the local frame); the
    ``limit`` nearest only when given. Distances are computed for all links at once
    (vectorised shapely), ties broken by link id.
    """
    rows, ids, geoms, tree = _view_links(view)
    if not rows:
        return []
    fwd, _ = _local(lon, lat)
    near: Any = np.arange(len(rows))
    if limit is not None and limit < len(rows):
        near = _near(tree, geoms, fwd, lon, lat, limit)
    local = shapely.transform(geoms[near], fwd)
    dist = shapely.distance(local, Point(0.0, 0.0))
    pool: Any = range(len(near))
    if limit is not None and limit < len(near):  # only links as near as the limit-th
        kth = np.partition(dist, limit - 1)[limit - 1]
        pool = np.flatnonzero(dist <= kth).tolist()
    order = sorted(pool, key=lambda k: (dist[k], ids[near[k]]))[:limit]
    out = []
    for k in order:
        link_id, u, v, d = rows[near[k]]
        out.append((float(dist[k]), link_id, u, v, d, local[k]))
    return out


def _near(tree: Any, geoms: Any, fwd: Any, lon: float, lat: float, limit: int) -> Any:
    """Return positions of links that include the ``limit`` nearest in the local frame.

    The local frame shrinks longitude by ``k = cos(lat)``, so a link at local distance
    ``d`` lies within ``d / k`` degrees. Links within ``r`` degrees are taken, ``r``
    doubling until the ``limit``-th nearest of them (local) is within ``r * k``: every
    link left out is then farther than it.
    """
    k = max(math.cos(math.radians(lat)), 1e-9)
    origin, here = Point(0.0, 0.0), Point(lon, lat)
    radius = 0.05
    while True:
        near = np.sort(tree.query(here, predicate="dwithin", distance=radius))
        if len(near) >= limit:
            dist = shapely.distance(shapely.transform(geoms[near], fwd), origin)
            if np.partition(dist, limit - 1)[limit - 1] < radius * k:
                return near
        if radius > 400.0:  # the whole globe: every link
            return np.arange(len(geoms))
        radius *= 2.0


def _nearest_km(view: nx.Graph, lon: float, lat: float) -> float:
    """Geodesic km from the point to the nearest rail or road link of ``view`` (inf: none)."""
    _, back = _local(lon, lat)
    origin = Point(0.0, 0.0)
    best = math.inf
    for *_, local in _link_candidates(view, lon, lat, SNAP_CANDIDATES):
        snap = shapely.transform(local.interpolate(local.project(origin)), back)
        best = min(best, distance_km(lon, lat, float(snap.x), float(snap.y)))
    return best


def _too_far(view: nx.Graph, lon: float, lat: float, km: float, limit: float,
             label: str) -> InvalidArgument:
    what = f"the point ({lon:g}, {lat:g})" if label == "point" else f"place {label}"
    hint = ""
    if label == "point" and _on_globe(lat, lon) and (lat, lon) != (lon, lat):
        swapped = _nearest_km(view, lat, lon)
        if swapped <= limit:
            hint = (f"; lon,lat swapped? did you mean {lat:g},{lon:g} ({swapped:,.1f} km "
                    f"from the network)")
    return InvalidArgument(
        f"{what} is {km:,.0f} km from the nearest rail or road link; access legs are limited "
        f"to {limit:g} km (max_access_km, --max-access-km){hint}")


def _snap(view: nx.Graph, lon: float, lat: float, weight: str, tag: str,
          defaults: dict[str, Any], label: str = "point",
          max_access_km: float = MAX_ACCESS_KM) -> _Snap:
    _, back = _local(lon, lat)
    origin = Point(0.0, 0.0)
    candidates = _link_candidates(view, lon, lat, SNAP_CANDIDATES)
    if not candidates:
        raise NoRoute(f"no link to snap the point ({lon:g}, {lat:g}) to in this network")
    pt: Node = (f"__point_{tag}__",)
    edges: list[tuple[Node, Node, float, dict[str, Any]]] = []
    on: list[tuple[Node, dict[str, Any], tuple[float, float]]] = []
    first: tuple[float, float] | None = None
    nearest = math.inf
    for i, (_, _, u, v, d, local) in enumerate(candidates[:SNAP_CANDIDATES]):
        at = local.project(origin)
        snap = shapely.transform(local.interpolate(at), back)
        sx, sy = float(snap.x), float(snap.y)
        access_km = distance_km(lon, lat, sx, sy)
        nearest = min(nearest, access_km)
        if access_km > max_access_km:
            continue
        first = first or (sx, sy)
        anchor: Node = (f"__snap_{tag}_{i}__",)
        access = {"kind": "access", "mode": "access", "length_km": access_km,
                  "time_h": access_km / float(defaults["access_speed_kmh"]),
                  "geometry": LineString([(lon, lat), (sx, sy)]),
                  "country": d.get("country"), "label": label}
        access["cost_usd_t"], access["co2_kg_t"] = network.edge_cost(access)
        edges.append((pt, anchor, _weight_of(access, weight), access))
        on.append((anchor, d, (sx, sy)))
        total = local.length
        from_node, to_node = (u, v) if view.nodes[u]["place"] == d["from_place"] else (v, u)
        for end, part in ((from_node, substring(local, 0, at)),
                          (to_node, substring(local, at, total))):
            geom = shapely.transform(part, back)
            if geom.geom_type != "LineString" or geom.is_empty or len(geom.coords) < 2:
                geom = LineString([(sx, sy), (sx, sy)])
            whole = float(d.get("geometry_km", d["length_km"]))
            frac = geodesic_length_km(geom) / whole if whole > 0 else 0.0
            part_d = dict(d)  # the link's km (published or estimated) shared out by geometry
            part_d.update(kind="link_part", length_km=d["length_km"] * frac,
                          time_h=d["time_h"] * frac,
                          cost_usd_t=d["cost_usd_t"] * frac, co2_kg_t=d["co2_kg_t"] * frac,
                          geometry=geom, fraction=frac,
                          part_from="point" if end is to_node else d["from_place"],
                          part_to=d["to_place"] if end is to_node else "point")
            edges.append((anchor, end, _weight_of(part_d, weight), part_d))
    if first is None:
        raise _too_far(view, lon, lat, nearest, max_access_km, label)
    return _Snap(first, pt, edges, on, weight)


def _joins(snaps: Sequence[_Snap]) -> list[tuple[Node, Node, float, dict[str, Any]]]:
    """Return the link parts joining snapped points that lie on the same link, along it.

    Without them two points on one link would meet only through the link's end places.
    Each part runs from the earlier snap to the later one (``part_start`` names the node
    it starts at, so a leg travelled the other way reverses its geometry) and carries its
    share of the link's km, time, cost and emissions, as the parts to the link's ends do.
    """
    out: list[tuple[Node, Node, float, dict[str, Any]]] = []
    for i, a in enumerate(snaps):
        for b in snaps[i + 1:]:
            for anchor_a, d, at_a in a.on:
                for anchor_b, d_b, at_b in b.on:
                    if d_b["link_id"] != d["link_id"]:
                        continue
                    line = d["geometry"]
                    part = substring(line, line.project(Point(at_a)), line.project(Point(at_b)))
                    if part.geom_type == "Point":  # both at the same place on the link
                        part = LineString([at_a, at_b])
                    frac = geodesic_length_km(part) / float(d["geometry_km"])
                    part_d = dict(d)
                    part_d.update(kind="link_part", length_km=d["length_km"] * frac,
                                  time_h=d["time_h"] * frac,
                                  cost_usd_t=d["cost_usd_t"] * frac,
                                  co2_kg_t=d["co2_kg_t"] * frac, geometry=part,
                                  fraction=frac, part_start=anchor_a)
                    out.append((anchor_a, anchor_b, _weight_of(part_d, a.weight), part_d))
    return out
