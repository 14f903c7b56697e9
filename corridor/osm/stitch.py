"""Several extracts read in parallel (optionally on Dask workers) and stitched into one network."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from corridor import geodata
from corridor._errors import OsmError
from corridor.osm.build import _assemble, _check_options, _gc_paused
from corridor.osm.partition import build_partitioned
from corridor.osm.read import _read_ways, _Ways
from corridor.osm.report import BuildReport
from corridor.osm.tags import _Attr


def read_piece(
    extract: str | os.PathLike[str],
    highway: str = "secondary",
    include_service: bool = False,
    node_index: str | None = None,
) -> tuple[_Ways, BuildReport]:
    """Read one extract's kept ways into flat arrays (one task: runs on a worker).

    Parameters
    ----------
    extract
        ``.osm.pbf`` or ``.osm`` file, readable where this runs (on a Dask worker: a path
        the worker sees).
    highway, include_service, node_index
        As for :func:`corridor.osm.build`.

    Returns
    -------
    (ways, BuildReport)
        The kept ways (way ids, attributes, node ids, their index and coordinates, about 32
        bytes per node of a way and 20 per way) and the reading counts and times.

    Raises
    ------
    OsmError
        The file is missing, truncated, not OSM data or has no usable way.
    """
    report = BuildReport()
    ways = _read_ways(extract, highway, include_service, False, report, node_index)
    return ways, report


def merge_pieces(pieces: Sequence[_Ways]) -> tuple[_Ways, int]:
    """Return the union of the pieces' ways in way id order, each way once.

    A way in several pieces (a way crossing a border is in the extract of each country it
    touches, with all its nodes) is kept once: the copy with the most nodes, so a way
    clipped in one piece and whole in another is kept whole. Ways are put in id order,
    the order of a sorted extract (as Geofabrik and ``osmium`` write them), so the result
    is the ways :func:`corridor.osm.build` reads from the union file.

    Parameters
    ----------
    pieces
        The ways of each extract, as :func:`read_piece` returns them.

    Returns
    -------
    (ways, duplicates)
        The union, and the number of way copies dropped.
    """
    if not pieces:
        raise OsmError("no OSM extract given")
    attr_index: dict[_Attr, int] = {}
    way_id, attr, sizes, starts, piece_of = [], [], [], [], []
    for k, piece in enumerate(pieces):
        remap = np.array([attr_index.setdefault(a, len(attr_index)) for a in piece.attrs]
                         + [0], dtype=np.int32)
        way_id.append(piece.way_id)
        attr.append(remap[piece.attr])
        sizes.append(np.diff(piece.offsets))
        starts.append(piece.offsets[:-1])
        piece_of.append(np.full(len(piece.way_id), k, dtype=np.int32))
    ids, size = np.concatenate(way_id), np.concatenate(sizes)
    # by id, then the longest copy first: the first of each id is the one kept
    order = np.lexsort((-size, ids))
    first = np.ones(len(order), dtype=bool)
    first[1:] = ids[order][1:] != ids[order][:-1]
    keep = order[first]
    start, source = np.concatenate(starts)[keep], np.concatenate(piece_of)[keep]
    kept_size = size[keep]
    offsets = np.concatenate([[0], np.cumsum(kept_size)])
    # node occurrences of each kept way, gathered from its piece
    ref = np.empty(int(offsets[-1]), dtype=np.int64)
    lon, lat = np.empty(len(ref)), np.empty(len(ref))
    pos = np.arange(len(ref)) - np.repeat(offsets[:-1], kept_size)
    occ = np.repeat(start, kept_size) + pos
    occ_piece = np.repeat(source, kept_size)
    for k, piece in enumerate(pieces):
        mask = occ_piece == k
        ref[mask], lon[mask], lat[mask] = (piece.ref[occ[mask]], piece.lon[occ[mask]],
                                           piece.lat[occ[mask]])
    ways = _Ways(way_id=ids[keep], attr=np.concatenate(attr)[keep], offsets=offsets,
                 ref=ref, lon=lon, lat=lat, attrs=list(attr_index))
    return ways, len(order) - len(keep)


def _merge_reports(reports: Sequence[BuildReport], ways: _Ways, duplicates: int,
                   ) -> BuildReport:
    """One report for the stitched build: the pieces' reading counts and times summed."""
    report = BuildReport()
    report.add_reading(reports)
    report.ways_kept = len(ways.way_id)
    report.pieces_read = len(reports)
    report.duplicate_ways = duplicates
    return report


def build_many(
    extracts: Sequence[str | os.PathLike[str]],
    curated: geodata.GeoData | None = None,
    *,
    client: Any = None,
    highway: str = "secondary",
    snap_radius_km: float = 1.0,
    min_piece_km: float = 5.0,
    country: str | None = None,
    keep_curated_modes: Sequence[str] = ("ferry",),
    include_service: bool = False,
    progress: bool | None = None,
    node_index: str | None = None,
    partitioned: bool = True,
) -> tuple[geodata.GeoData, BuildReport]:
    """Build one network from several extracts (per country or per tile), stitched at borders.

    Each extract is read on its own (:func:`read_piece`: one task per file on a Dask
    worker when ``client`` is given, else one after the other in this process). A way in
    several extracts is kept once (the copy with the most nodes, as :func:`merge_pieces`
    keeps it). Pieces share the nodes of the ways that cross between them (the border
    nodes), where the network is joined.

    Partitioned (the default), each piece's ways stay where they were read: its topology
    is built there, and only the links and junctions come back, to be joined at the
    border nodes and merged there where one topology of the union merges
    (:mod:`corridor.osm.partition`, :mod:`corridor.osm.seams`), so no process holds all
    the ways. Not partitioned, the ways are gathered here, merged in way id order, and
    conflation, topology and frames run once on the union (this process holds every
    way). Either way the result equals ``build`` of the union file (same ids, geometry,
    attributes and places) when the extracts keep whole ways, as Geofabrik's do.

    Parameters
    ----------
    extracts
        ``.osm.pbf`` / ``.osm`` files; on Dask, paths the workers can read.
    curated
        Curated geodata to conflate with (see :func:`corridor.osm.build`).
    client
        A ``distributed.Client``: the extracts are read on its workers. ``None``: read
        in this process (same result).
    highway, snap_radius_km, min_piece_km, country
        As for :func:`corridor.osm.build`.
    keep_curated_modes, include_service, node_index
        As for :func:`corridor.osm.build`.
    partitioned
        Build each piece's topology where it was read (default); ``False``: gather the
        ways and build the union's topology in this process.
    progress
        Accepted for the signature of :func:`corridor.osm.build`; pieces are read
        without a progress bar.

    Returns
    -------
    (GeoData, BuildReport)
        The network, and what the build did (reading counts and times summed over the
        pieces: a way in two extracts is read twice; ``duplicate_ways`` counts the
        copies dropped).

    Raises
    ------
    OsmError
        No extract given; one is missing, truncated, not OSM data or has no usable way.
    """
    del progress  # pieces are read quietly (on workers a bar would go nowhere)
    _check_options(snap_radius_km, min_piece_km, country, keep_curated_modes, node_index)
    paths = [Path(e) for e in extracts]
    if not paths:
        raise OsmError("no OSM extract given")
    started = time.perf_counter()
    if partitioned:
        report = BuildReport()
        with _gc_paused():
            data = build_partitioned(
                [str(p) for p in paths], curated, client, report, read=read_piece,
                read_options={"highway": highway, "include_service": include_service,
                              "node_index": node_index},
                snap_radius_km=snap_radius_km, min_piece_km=min_piece_km, country=country,
                keep_curated_modes=keep_curated_modes)
        report.workers = 0 if client is None else len(client.nthreads())
        report.seconds = time.perf_counter() - started
        return data, report
    if client is None:
        results = [read_piece(p, highway, include_service, node_index) for p in paths]
    else:
        futures = client.map(read_piece, [str(p) for p in paths], highway=highway,
                             include_service=include_service, node_index=node_index,
                             pure=False)
        results = client.gather(futures)
    ways, duplicates = merge_pieces([w for w, _ in results])
    report = _merge_reports([r for _, r in results], ways, duplicates)
    report.workers = 0 if client is None else len(client.nthreads())
    del results
    data = _assemble(ways, report, curated, snap_radius_km=snap_radius_km,
                     min_piece_km=min_piece_km, country=country,
                     keep_curated_modes=keep_curated_modes)
    report.seconds = time.perf_counter() - started
    return data, report
