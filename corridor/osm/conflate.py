"""Conflation with curated geodata: places snapped to OSM vertices, countries of links."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from corridor._errors import OsmError
from corridor._geo import EARTH_RADIUS_KM
from corridor.geodata import MODES
from corridor.osm.read import _Ways
from corridor.osm.report import BuildReport

#: Modes a curated place of each kind snaps to (border crossings: their ``crossing_modes``).
SNAP_MODES: dict[str, tuple[str, ...]] = {
    "station": ("rail",),
    "port": ("ferry", "rail", "road"),
    "city": ("rail", "road"),
    "junction": ("rail", "road", "ferry"),
}


def _unit_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _wanted_modes(places: gpd.GeoDataFrame) -> dict[str, tuple[str, ...]]:
    """Return place id -> the modes it snaps to, for the places of a snapping kind."""
    wanted: dict[str, tuple[str, ...]] = {}
    for pid, row in places.iterrows():
        kind = row.get("kind")
        if kind == "border_crossing":
            value = row.get("crossing_modes")
            wanted[str(pid)] = tuple(value) if isinstance(value, list | tuple | np.ndarray) else ()
        elif kind in SNAP_MODES:
            wanted[str(pid)] = SNAP_MODES[kind]
    return wanted


#: A snapping candidate: (chord distance on the unit sphere, place id, mode, OSM node id).
_Candidate = tuple[float, str, str, int]


def _snap(ways: _Ways, places: gpd.GeoDataFrame | None, radius_km: float,
          report: BuildReport) -> dict[int, str]:
    """Return OSM node id -> curated place id for the places that snap within ``radius_km``."""
    candidates = _snap_candidates(ways, places, radius_km)
    if candidates is None or places is None:
        return {}
    return _snap_resolve(candidates, places, report)


def _snap_candidates(ways: _Ways, places: gpd.GeoDataFrame | None, radius_km: float,
                     ) -> list[_Candidate] | None:
    """Return each (place, mode)'s nearest node of that mode within ``radius_km``.

    ``None``: nothing to snap (no places of a snapping kind, or no ways). The candidates
    of the pieces of a partitioned build, the nearest of each (place, mode) kept, are those
    of the pieces' union (an exact tie between two nodes of different pieces goes to the
    lower node id, where the union's k-d tree may pick either).
    """
    if places is None or len(places) == 0 or len(ways.ref) == 0:
        return None
    modes = np.array([MODES.index(a.mode) for a in ways.attrs], dtype=np.int8)
    occ_mode = modes[ways.attr][ways.way_of]
    chord = 2.0 * math.sin(radius_km / EARTH_RADIUS_KM / 2.0)
    candidates: list[_Candidate] = []
    wanted = _wanted_modes(places)
    if not wanted:
        return None
    ids = list(wanted)
    geoms = places.loc[ids].geometry
    pxyz = _unit_xyz(np.asarray(geoms.x), np.asarray(geoms.y))
    plon, plat = np.asarray(geoms.x), np.asarray(geoms.y)
    for code, mode in enumerate(MODES):
        mask = occ_mode == code
        asking = [i for i, pid in enumerate(ids) if mode in wanted[pid]]
        if not asking or not mask.any():
            continue
        near = _near_places(ways.lon, ways.lat, plon[asking], plat[asking], radius_km)
        if near is None:
            dist, ref = _nearest_node(ways, mask, pxyz[asking], chord)
        else:  # the nodes near the places only; a tie is decided among all the nodes
            dist, ref, tie = _nearest_node(ways, mask & near, pxyz[asking], chord, ties=True)
            if tie.any():
                dist[tie], ref[tie] = _nearest_node(ways, mask, pxyz[asking][tie], chord)
        for i, d, r in zip(asking, dist.tolist(), ref.tolist(), strict=True):
            if math.isfinite(d):
                candidates.append((d, ids[i], mode, r))
    return candidates


def _snap_resolve(candidates: list[_Candidate], places: gpd.GeoDataFrame,
                  report: BuildReport) -> dict[int, str]:
    """Give each node to the nearest place asking for it, nearest candidates first."""
    # the nearest node of each (place, mode); candidates of several pieces compete
    best: dict[tuple[str, str], tuple[float, int]] = {}
    for d, pid, mode, ref in candidates:
        if (d, ref) < best.get((pid, mode), (math.inf, 0)):
            best[(pid, mode)] = (d, ref)
    ordered = sorted((2.0 * math.asin(min(1.0, d / 2.0)) * EARTH_RADIUS_KM, pid, mode, ref)
                     for (pid, mode), (d, ref) in best.items())
    taken: dict[int, str] = {}
    done: set[tuple[str, str]] = set()
    for km, pid, mode, ref in ordered:
        if (pid, mode) in done or taken.get(ref, pid) != pid:
            continue
        taken[ref] = pid
        done.add((pid, mode))
        report.snapped.setdefault(pid, []).append((mode, ref, round(km, 3)))
    report.unsnapped = sorted(pid for pid in _wanted_modes(places) if pid not in report.snapped)
    return taken


def _nearest_node(ways: _Ways, mask: np.ndarray, xyz: np.ndarray, chord: float,
                  ties: bool = False) -> Any:
    """Return the chord distance and id of the node (of ``mask``) nearest each point.

    ``inf`` and -1 beyond ``chord``. With ``ties``, also whether a second node is exactly
    as near (which of the two a k-d tree returns depends on the nodes it holds).
    """
    refs, first = np.unique(ways.ref[mask], return_index=True)
    n = len(xyz)
    if not len(refs):
        return (np.full(n, np.inf), np.full(n, -1, dtype=np.int64)) + \
            ((np.zeros(n, dtype=bool),) if ties else ())
    tree = cKDTree(_unit_xyz(ways.lon[mask][first], ways.lat[mask][first]))
    dist, idx = tree.query(xyz, k=2 if ties else 1, distance_upper_bound=chord)
    dist, idx = dist.reshape(n, -1), idx.reshape(n, -1)
    found = np.isfinite(dist[:, 0])
    ref = np.where(found, refs[np.minimum(idx[:, 0], len(refs) - 1)], -1)
    if not ties:
        return dist[:, 0], ref
    return dist[:, 0], ref, found & (dist[:, 1] == dist[:, 0])


def _near_places(lon: np.ndarray, lat: np.ndarray, plon: np.ndarray, plat: np.ndarray,
                 radius_km: float) -> np.ndarray | None:
    """Mask of the nodes in the lon/lat grid cells around the places (``None``: not safe).

    Cells are at least the radius high and wide, so every node within the radius of a
    place is in the 3 × 3 cells around it. Near the poles or the antimeridian: ``None``.
    """
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM) * 1.01 + 1e-6
    top = float(np.max(np.abs(plat))) + dlat if len(plat) else 0.0
    if not (np.isfinite(top) and top < 80.0):
        return None
    dlon = dlat / math.cos(math.radians(top))
    if np.any(np.abs(plon) + 2 * dlon >= 180.0) or not np.isfinite(plon).all():
        return None

    def cells(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.floor(x / dlon).astype(np.int64), np.floor(y / dlat).astype(np.int64)

    px, py = cells(plon, plat)
    around = [(py + b) * (1 << 32) + px + a for a in (-1, 0, 1) for b in (-1, 0, 1)]
    wanted = np.unique(np.concatenate(around))
    if not len(wanted):
        return np.zeros(len(lon), dtype=bool)
    nx, ny = cells(lon, lat)
    keys = ny * (1 << 32) + nx
    # a binary search among the few wanted cells (``np.isin`` would sort all the nodes)
    pos = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
    return wanted[pos] == keys


_ISO3_COLUMNS = ("iso3", "ISO3", "iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3", "country", "id")


def _countries_at(points: np.ndarray, regions: gpd.GeoDataFrame | None,
                  default: str | None) -> np.ndarray:
    """ISO3 of the region holding each point (the nearest region outside all of them).

    The answer is that of a ``within`` query of the points against the regions, then
    ``query_nearest`` for the points outside every region (:func:`_countries_at_reference`),
    computed faster: point-in-polygon tests on prepared polygons, and the nearest region
    found among the regions' boundary segments. A point whose answer could depend on the
    order of equal matches (inside two regions of different codes, or about as near to two
    regions) gets the reference's answer.
    """
    out = np.full(len(points), default, dtype=object)
    if regions is None or len(regions) == 0 or len(points) == 0:
        if default is None and len(points):
            raise OsmError("cannot tell the countries of the OSM links: pass a country "
                           "(--country ISO3) or curated geodata with regions.geojson")
        return out
    column = next((c for c in _ISO3_COLUMNS if c in regions.columns), None)
    if column is None:
        raise OsmError(f"regions have no ISO3 column (looked for {list(_ISO3_COLUMNS)})")
    codes = regions[column].astype(str).to_numpy()
    geoms = np.asarray(regions.geometry)
    tree = shapely.STRtree(geoms)
    found = _within(points, geoms, codes, tree)
    missing = np.flatnonzero(found < 0)
    if len(missing):
        if default is not None:
            out[missing] = default
        else:
            found[missing] = _nearest(points[missing], geoms, tree)
    has = found >= 0
    out[has] = codes[found[has]]
    return out


def _countries_at_reference(points: np.ndarray, tree: shapely.STRtree,
                            nearest: bool) -> np.ndarray:
    """Index of the region of each point: last ``within`` match, else the nearest (or -1)."""
    found = np.full(len(points), -1, dtype=np.int64)
    pt_idx, reg_idx = tree.query(points, predicate="within")
    found[pt_idx] = reg_idx
    missing = np.flatnonzero(found < 0)
    if nearest and len(missing):
        pi, ri = tree.query_nearest(points[missing], all_matches=False)
        found[missing[pi]] = ri
    return found


def _within(points: np.ndarray, geoms: np.ndarray, codes: np.ndarray,
            tree: shapely.STRtree) -> np.ndarray:
    """Index of a region holding each point (-1: none), as the ``within`` query answers."""
    found = np.full(len(points), -1, dtype=np.int64)
    simple = (shapely.get_type_id(points) == 0) & ~shapely.is_empty(points)
    odd = np.flatnonzero(~simple)
    if len(odd):  # not plain points: the reference query
        found[odd] = _countries_at_reference(points[odd], tree, nearest=False)
    pt_idx, reg_idx = tree.query(points)  # envelopes only
    keep = simple[pt_idx]
    pt_idx, reg_idx = pt_idx[keep], reg_idx[keep]
    prepared = geoms.copy()
    for g in prepared:
        shapely.prepare(g)
    inside = shapely.contains_xy(prepared[reg_idx], shapely.get_x(points[pt_idx]),
                                 shapely.get_y(points[pt_idx]))
    pt_idx, reg_idx = pt_idx[inside], reg_idx[inside]
    found[pt_idx] = reg_idx
    # inside regions of different codes: which one wins depends on the query's order
    n_match = np.bincount(pt_idx, minlength=len(points))
    several = n_match[pt_idx] > 1
    if several.any():
        code_of, _ = pd.factorize(codes, use_na_sentinel=False)
        pts, c = pt_idx[several], code_of[reg_idx[several]]
        lo = np.full(len(points), np.iinfo(np.int64).max)
        hi = np.full(len(points), -1)
        np.minimum.at(lo, pts, c)
        np.maximum.at(hi, pts, c)
        mixed = np.flatnonzero((n_match > 1) & (lo != hi))
        if len(mixed):
            found[mixed] = _countries_at_reference(points[mixed], tree, nearest=False)
    return found


#: Two regions about this near (degrees) to a point outside both are a tie the exact
#: ``query_nearest`` decides (far above the rounding of a point-to-segment distance).
_NEAR_TIE_DEG = 1e-9


def _nearest(points: np.ndarray, geoms: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
    """Index of the region nearest each point, as ``query_nearest`` answers (-1: none)."""
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, coord_of = shapely.get_coordinates(rings, return_index=True)
    same_ring = coord_of[:-1] == coord_of[1:]
    segments = shapely.linestrings(
        np.stack([coords[:-1][same_ring], coords[1:][same_ring]], axis=1))
    seg_region = part_of[ring_of[coord_of[:-1][same_ring]]]
    found = np.full(len(points), -1, dtype=np.int64)
    simple = (shapely.get_type_id(points) == 0) & ~shapely.is_empty(points)
    if len(segments) == 0 or not simple.all():
        return _countries_at_reference(points, tree, nearest=True)
    seg_tree = shapely.STRtree(segments)
    pi, si = seg_tree.query_nearest(points, all_matches=False)
    best = np.full(len(points), np.inf)
    best[pi] = shapely.distance(points[pi], segments[si])
    found[pi] = seg_region[si]
    # every region with a segment about as near: one region, or a tie the reference decides
    pi, si = seg_tree.query(points, predicate="dwithin", distance=best + _NEAR_TIE_DEG)
    other = seg_region[si] != found[pi]
    tie = np.unique(pi[other])
    unresolved = np.union1d(tie, np.flatnonzero(found < 0))
    if len(unresolved):
        found[unresolved] = _countries_at_reference(points[unresolved], tree, nearest=True)
    return found
