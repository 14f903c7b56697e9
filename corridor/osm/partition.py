"""Partitioned build: each extract's topology built where it was read, links joined at borders."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from corridor import geodata
from corridor.geodata import MODES
from corridor.osm.build import _frames, _junction_points
from corridor.osm.conflate import _Candidate, _snap_candidates, _snap_resolve
from corridor.osm.read import _Ways
from corridor.osm.report import BuildReport
from corridor.osm.seams import _merge_at_borders
from corridor.osm.tags import _Attr
from corridor.osm.topology import _Border, _drop_small_pieces, _Links, _topology


@dataclass
class _PieceNodes:
    """What the driver needs of a piece's owned ways to find borders and snap places."""

    keys: np.ndarray  # sorted unique ``node id * 4 + mode`` of its ways' nodes
    ferry_ends: np.ndarray  # node ids ending one of its ferry ways
    candidates: list[_Candidate] | None  # nearest node of each (place, mode), see _snap


@dataclass
class _PieceLinks:
    """A piece's links (its topology, nothing dropped yet) and junctions, as flat arrays.

    Flat arrays pickle as a few buffers and unpickle without a Python object per link.
    """

    u: np.ndarray
    v: np.ndarray
    attr: np.ndarray
    length_km: np.ndarray
    start: np.ndarray
    end: np.ndarray
    first_seg: np.ndarray  # (way id, segment number) naming each link
    way_ids: np.ndarray  # the ways of each link in turn, ``way_counts`` of them
    way_counts: np.ndarray
    coords: np.ndarray  # the vertices of each link in turn, ``vertex_counts`` of them
    vertex_counts: np.ndarray  # 0: shorter than the coordinate grid
    attrs: list[_Attr]
    ends: np.ndarray  # link ends that are not curated places, sorted
    end_xy: np.ndarray  # their coordinates
    segments: int

    @classmethod
    def of(cls, links: _Links, attrs: list[_Attr], ends: np.ndarray, points: np.ndarray,
           report: BuildReport) -> _PieceLinks:
        """Return the flat form of a piece's links and junctions."""
        return cls(
            u=links.u, v=links.v, attr=links.attr, length_km=links.length_km,
            start=links.start, end=links.end,
            first_seg=np.asarray(links.first_seg, dtype=np.int64).reshape(-1, 2),
            way_ids=np.fromiter(itertools.chain.from_iterable(links.ways), dtype=np.int64),
            way_counts=np.fromiter(map(len, links.ways), dtype=np.int64, count=len(links.ways)),
            coords=shapely.get_coordinates(links.geometry),
            vertex_counts=shapely.get_num_coordinates(links.geometry).astype(np.int64),
            attrs=attrs, ends=ends, end_xy=shapely.get_coordinates(points),
            segments=report.segments)


def _way_sizes(piece: tuple[_Ways, BuildReport]) -> tuple[np.ndarray, np.ndarray, BuildReport]:
    """Return a piece's way ids, their numbers of nodes, and its reading report."""
    ways, report = piece
    return ways.way_id, np.diff(ways.offsets), report


def _owned(piece: tuple[_Ways, BuildReport], keep: np.ndarray) -> _Ways:
    """Return the ways of a piece that ``keep`` marks, in way id order."""
    ways = piece[0]
    idx = np.flatnonzero(keep)
    idx = idx[np.argsort(ways.way_id[idx], kind="stable")]
    sizes = np.diff(ways.offsets)[idx]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    occ = np.repeat(ways.offsets[:-1][idx], sizes) + (
        np.arange(int(offsets[-1])) - np.repeat(offsets[:-1], sizes))
    return _Ways(way_id=ways.way_id[idx], attr=ways.attr[idx], offsets=offsets,
                 ref=ways.ref[occ], lon=ways.lon[occ], lat=ways.lat[occ], attrs=ways.attrs,
                 node=None if ways.node is None else ways.node[occ])


def _occurrence_modes(ways: _Ways) -> np.ndarray:
    modes = np.array([MODES.index(a.mode) for a in ways.attrs], dtype=np.int64)
    return modes[ways.attr][ways.way_of]


def _piece_nodes(ways: _Ways, places: gpd.GeoDataFrame | None, radius_km: float,
                 ) -> _PieceNodes:
    """Return a piece's node keys, ferry ends and snapping candidates (one task)."""
    occ_mode = _occurrence_modes(ways)
    ferry_end = np.zeros(len(ways.ref), dtype=bool)
    ferry_end[ways.offsets[:-1][np.diff(ways.offsets) > 0]] = True
    ferry_end[ways.offsets[1:][np.diff(ways.offsets) > 0] - 1] = True
    ferry_end &= occ_mode == MODES.index("ferry")
    return _PieceNodes(keys=_sorted_unique(ways.ref * 4 + occ_mode),
                       ferry_ends=_sorted_unique(ways.ref[ferry_end]),
                       candidates=_snap_candidates(ways, places, radius_km))


def _piece_links(ways: _Ways, protected: np.ndarray, border: _Border) -> _PieceLinks:
    """Return a piece's topology and its junctions (one task, where the piece is held)."""
    report = BuildReport()
    if not len(ways.way_id):
        empty = np.zeros(0, dtype=np.int64)
        links = _Links(u=empty, v=empty, attr=np.zeros(0, dtype=np.int32), ways=[],
                       first_seg=[], geometry=np.zeros(0, dtype=object), length_km=np.zeros(0))
        return _PieceLinks.of(links, ways.attrs, empty, np.zeros(0, dtype=object), report)
    links = _topology(ways, protected, report, border, keep_degenerate=True)
    ends, points = _junction_points(ways, np.concatenate([links.u, links.v]), protected)
    return _PieceLinks.of(links, ways.attrs, ends, points, report)


def _ownership(sizes: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """Mark each piece's ways it owns: of a way's copies the longest, ties the first piece.

    The copies :func:`corridor.osm.stitch.merge_pieces` keeps.
    """
    ids = np.concatenate([w for w, _ in sizes])
    size = np.concatenate([s for _, s in sizes])
    order = np.lexsort((-size, ids))  # stable: equal copies in piece order
    first = np.ones(len(order), dtype=bool)
    first[1:] = ids[order][1:] != ids[order][:-1]
    owned = np.zeros(len(ids), dtype=bool)
    owned[order[first]] = True
    bounds = np.cumsum([0, *(len(w) for w, _ in sizes)])
    return [owned[a:b] for a, b in itertools.pairwise(bounds.tolist())]


def _sorted_unique(values: np.ndarray, is_sorted: bool = False) -> np.ndarray:
    """Return the distinct values in order (by a sort: ``np.unique`` may hash, slower here)."""
    values = values if is_sorted else np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _in_two(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Return the values found in two or more of ``arrays`` (each without repeats), in order."""
    values = np.sort(np.concatenate(arrays))
    return _sorted_unique(values[1:][values[1:] == values[:-1]], is_sorted=True)


def _borders(pieces: Sequence[_PieceNodes]) -> _Border:
    """Return the nodes the pieces' owned ways share (:class:`corridor.osm.topology._Border`)."""
    shared_keys = _in_two([p.keys for p in pieces])
    # keys are node id * 4 + mode, in order: their nodes are in order too
    shared = _in_two([_sorted_unique(p.keys >> 2, is_sorted=True) for p in pieces])
    hubs = np.intersect1d(np.concatenate([p.ferry_ends for p in pieces]), shared)
    return _Border(keys=shared_keys, hubs=hubs, nodes=shared)


def _snapped(pieces: Sequence[_PieceNodes], places: gpd.GeoDataFrame | None,
             report: BuildReport) -> dict[int, str]:
    """Snap the curated places to the nearest of the pieces' candidates (as ``_snap``)."""
    found = [p.candidates for p in pieces if p.candidates is not None]
    if not found or places is None:
        return {}
    return _snap_resolve([c for cands in found for c in cands], places, report)


def _join(pieces: Sequence[_PieceLinks]) -> tuple[_Links, list[_Attr]]:
    """Concatenate the pieces' links in the order one topology of their union gives them."""
    attr_index: dict[_Attr, int] = {}
    attr = []
    for piece in pieces:
        remap = np.array([attr_index.setdefault(a, len(attr_index)) for a in piece.attrs]
                         + [0], dtype=np.int32)
        attr.append(remap[piece.attr])

    def joined(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in pieces])

    start = joined("start")
    order = np.lexsort(start.T[::-1])
    n = len(order)
    vertex_counts = joined("vertex_counts")
    lines = np.flatnonzero(vertex_counts)  # the others are shorter than the grid
    geometry = np.full(n, None, dtype=object)
    if len(lines):
        geometry[lines] = shapely.linestrings(
            joined("coords"), indices=np.repeat(np.arange(len(lines)), vertex_counts[lines]))
    way_ids = joined("way_ids").tolist()
    bounds = np.concatenate([[0], np.cumsum(joined("way_counts"))]).tolist()
    ways = [way_ids[bounds[i]:bounds[i + 1]] for i in order.tolist()]
    first_seg = [tuple(f) for f in joined("first_seg")[order].tolist()]
    links = _Links(
        u=joined("u")[order], v=joined("v")[order], attr=np.concatenate(attr)[order],
        ways=ways, first_seg=first_seg, geometry=geometry[order],
        length_km=joined("length_km")[order], start=start[order], end=joined("end")[order],
    )
    return links, list(attr_index)


def _without_degenerate(links: _Links) -> tuple[_Links, int]:
    """Drop the links shorter than the coordinate grid (no geometry); return how many."""
    good = ~shapely.is_missing(links.geometry)
    if good.all():
        return links, 0
    kept = np.flatnonzero(good).tolist()
    return _Links(u=links.u[good], v=links.v[good], attr=links.attr[good],
                  ways=[links.ways[i] for i in kept],
                  first_seg=[links.first_seg[i] for i in kept],
                  geometry=links.geometry[good], length_km=links.length_km[good],
                  start=links.start[good], end=links.end[good]), int((~good).sum())


def _junction_candidates(pieces: Sequence[_PieceLinks]) -> tuple[np.ndarray, np.ndarray]:
    """Return the pieces' link ends that are not places, once each, and their coordinates."""
    ids, first = np.unique(np.concatenate([p.ends for p in pieces]), return_index=True)
    return ids, np.concatenate([p.end_xy for p in pieces])[first]


def _junctions(ids: np.ndarray, xy: np.ndarray, links: _Links, keep: np.ndarray,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Return the candidates (ids, xy) that end a kept link, and their points."""
    used = np.isin(ids, np.concatenate([links.u[keep], links.v[keep]]))
    return ids[used], shapely.points(xy[used]).reshape(-1)


class _InProcess:
    """The part of ``distributed.Client`` a partitioned build uses, run in this process."""

    @staticmethod
    def submit(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        for option in ("pure", "workers", "allow_other_workers"):
            kwargs.pop(option, None)
        return func(*args, **kwargs)

    @staticmethod
    def gather(futures: list[Any]) -> list[Any]:
        return futures

    @staticmethod
    def who_has(futures: list[Any]) -> dict[Any, list[str]]:
        del futures
        return {}


def _where(run: Any, futures: list[Any]) -> list[dict[str, Any]]:
    """Return, for each future, the ``submit`` options that run its next task where it is.

    Dask runs a task where its largest input is anyway; naming the worker also keeps
    work stealing from moving a piece to an idle worker. If that worker is lost, the
    task may run elsewhere (the piece is then read again there).
    """
    held = run.who_has(futures)
    return [{"workers": list(held[f.key]), "allow_other_workers": True}
            if held.get(getattr(f, "key", None)) else {} for f in futures]


def build_partitioned(
    paths: Sequence[str], curated: geodata.GeoData | None, client: Any, report: BuildReport,
    *, read: Callable[..., tuple[_Ways, BuildReport]], read_options: dict[str, Any],
    snap_radius_km: float, min_piece_km: float, country: str | None,
    keep_curated_modes: Sequence[str],
) -> geodata.GeoData:
    """Build the network of several extracts, each piece's topology where it was read.

    Three rounds of tasks per extract (on ``client``'s workers, each on the worker holding
    the piece; in this process when it is ``None``): read, and send back the way ids and
    sizes; keep the owned copies of the ways, and send back their (node, mode) keys and
    snapping candidates; build the topology with the border nodes kept, and send back the
    links and junctions. The ways never leave the worker that read them. Here: which copy
    of a way is kept, the border nodes, the snapped places; then the pieces' links are put
    in order, joined and merged at the borders (:mod:`corridor.osm.seams`), small pieces
    dropped and the frames built, as :func:`corridor.osm.build` does.
    ``report`` gets the counts (reading reports are merged by the caller).
    """
    run = client if client is not None else _InProcess()
    places = curated.places if curated is not None else None
    read_futures = [run.submit(read, p, pure=False, **read_options) for p in paths]
    sizes = run.gather([run.submit(_way_sizes, f, pure=False) for f in read_futures])
    owned_masks = _ownership([(w, s) for w, s, _ in sizes])
    report.ways_kept = int(sum(m.sum() for m in owned_masks))
    report.duplicate_ways = sum(len(m) for m in owned_masks) - report.ways_kept
    reports = [r for _, _, r in sizes]
    del sizes
    where = _where(run, read_futures)
    owned = [run.submit(_owned, f, m, pure=False, **at)
             for f, m, at in zip(read_futures, owned_masks, where, strict=True)]
    del read_futures, owned_masks  # the workers may free the pieces as read
    nodes = run.gather([run.submit(_piece_nodes, o, places, snap_radius_km, pure=False, **at)
                        for o, at in zip(owned, where, strict=True)])
    border = _borders(nodes)
    snapped = _snapped(nodes, places, report)
    del nodes
    report.border_nodes = len(border.nodes)
    protected = np.array(sorted(snapped), dtype=np.int64)
    pieces = run.gather([run.submit(_piece_links, o, protected, border, pure=False, **at)
                         for o, at in zip(owned, where, strict=True)])
    del owned
    report.segments = sum(p.segments for p in pieces)
    junction_ids, junction_xy = _junction_candidates(pieces)
    links, attrs = _join(pieces)
    del pieces
    links, report.border_merges = _merge_at_borders(links, border.nodes, protected)
    links, report.degenerate_dropped = _without_degenerate(links)
    keep = _drop_small_pieces(links, protected, min_piece_km, report)
    ends, points = _junctions(junction_ids, junction_xy, links, keep)
    data = _frames(links, keep, ends, points, snapped, attrs, report, curated,
                   country=country, keep_curated_modes=keep_curated_modes)
    report.pieces_read = len(reports)
    report.add_reading(reports)
    return data

