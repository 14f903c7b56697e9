"""Build a detailed network from an OpenStreetMap extract (``.osm.pbf`` / ``.osm``) with pyosmium.

The result is written in the ordinary geodata format (see ``geodata/README.md``), so every
command (``validate``, ``route``, ``report``, ``map``) works on it unchanged.

Steps
-----
1. **Stream** the extract with :class:`osmium.FileProcessor` (node locations in a compact
   index, ways filtered in C++; only the kept ways' node ids and coordinates are held, in
   flat arrays, never Python objects per node). Kept: ``railway=rail|construction|proposed|
   disused|abandoned`` (the status comes from the tag), ``route=ferry`` and
   ``railway=ferry``, and ``highway`` down to a chosen class (default motorway–secondary,
   with their ``*_link`` roads). Carried: gauge, electrified, maxspeed, tracks, usage,
   name, ref.
2. **Conflate** with curated places: stations, ports, border crossings and cities snap to
   the nearest OSM vertex of a mode they serve within a radius; that vertex becomes the
   place (its id, name and facts are kept), so scenarios and names keep working.
3. **Topology**, as osmnx does it: split ways where they share nodes (per mode; a level
   crossing does not join a road to a railway), then merge chains of degree-2 nodes whose
   two links carry the same attributes, keeping the full geometry. Graph nodes that are
   not curated places become places of kind ``junction`` (id ``osm_n<node id>``, source the
   node's URL); links get ids ``osm_w<way id>_<n>``, the URLs of their ways as source and
   confidence ``high``. Disconnected pieces shorter than ``min_piece_km`` are dropped
   (pieces holding a curated place are kept) and counted.

The public entry points are :func:`build` (in memory) and :func:`build_folder` (writes a
geodata folder). :func:`simplify_for_display` thins link geometries for maps of big
networks.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from corridor import geodata, settings
from corridor._errors import OsmError

#: Highway classes from the most to the least important; ``highway=`` keeps a prefix.
HIGHWAY_CLASSES: tuple[str, ...] = (
    "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
)
#: ``railway=*`` values kept and the link status each stands for.
RAIL_STATUSES: dict[str, str] = {
    "rail": "operating",
    "construction": "under_construction",
    "proposed": "planned",
    "disused": "closed",
    "abandoned": "dismantled",
}
#: ``highway=*`` lifecycle values and the link status each stands for (the class is read
#: from the tag of the same name, e.g. ``construction=primary``).
ROAD_LIFECYCLE: dict[str, str] = {"construction": "under_construction", "proposed": "planned"}
#: Modes a curated place of each kind snaps to (border crossings: their ``crossing_modes``).
SNAP_MODES: dict[str, tuple[str, ...]] = {
    "station": ("rail",),
    "port": ("ferry", "rail", "road"),
    "city": ("rail", "road"),
    "junction": ("rail", "road", "ferry"),
}
#: Gauge assumed for a rail way without a ``gauge`` tag, by country (default 1520 mm).
DEFAULT_GAUGE_MM: dict[str, int] = {"TUR": 1435, "IRN": 1435, "BGR": 1435, "ROU": 1435,
                                    "GRC": 1435, "CHN": 1435}
#: Base URL of OSM objects, used as the ``source`` of what is built.
OSM_URL = "https://www.openstreetmap.org"

_MODES = ("rail", "road", "ferry")
_UNDEFINED = 2147483647  # libosmium's undefined coordinate
_EARTH_KM = 6371.0088
_ELECTRIFIED = {"contact_line", "rail", "yes", "4th_rail", "ground-level_power_supply"}


@dataclass(frozen=True)
class _Attr:
    """The attributes a link carries; two ways merge only when theirs are equal."""

    mode: str
    status: str
    gauge_mm: int | None = None
    electrified: bool | None = None
    speed_kmh: float | None = None
    tracks: int | None = None
    usage: str | None = None
    name: str | None = None
    ref: str | None = None
    highway: str | None = None
    sailing_h: float | None = None


@dataclass
class BuildReport:
    """What :func:`build` read, kept, merged, dropped and snapped.

    Attributes
    ----------
    ways_read, ways_kept
        Ways passing the tag pre-filter (any kept highway class, railway or ferry tag;
        other ways are skipped in C++ and not counted), and ways kept.
    skipped
        Ways dropped after matching the filter, by reason (``service`` track, unknown
        ``gauge``, ``missing_nodes``).
    segments
        Pieces of ways after splitting at shared nodes.
    links, junctions
        Links and junction places written.
    pieces_dropped, links_dropped
        Disconnected pieces shorter than ``min_piece_km``, and their links.
    loops_dropped, degenerate_dropped
        Links that start and end at the same place, and links shorter than the 1 m grid.
    snapped
        Curated place id -> list of ``(mode, OSM node id, distance km)`` it snapped to.
    unsnapped
        Curated places (of a snapping kind) with no OSM vertex within the radius.
    seconds, read_seconds, read_cpu_seconds
        Wall time of the whole build and of reading the extract; CPU time of reading
        (all threads).
    """

    ways_read: int = 0
    ways_kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    segments: int = 0
    links: int = 0
    junctions: int = 0
    pieces_dropped: int = 0
    links_dropped: int = 0
    loops_dropped: int = 0
    degenerate_dropped: int = 0
    snapped: dict[str, list[tuple[str, int, float]]] = field(default_factory=dict)
    unsnapped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    read_seconds: float = 0.0
    read_cpu_seconds: float = 0.0

    @property
    def ways_per_s(self) -> float:
        """Ingest throughput: ways read per second of reading."""
        return self.ways_read / self.read_seconds if self.read_seconds > 0 else math.nan

    def __str__(self) -> str:
        skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(self.skipped.items())) or "none"
        unsnapped = ", ".join(self.unsnapped[:10]) or "none"
        if len(self.unsnapped) > 10:
            unsnapped += f" … and {len(self.unsnapped) - 10} more"
        return "\n".join([
            f"read {self.ways_read:,} road/rail/ferry ways in {self.read_seconds:.1f} s "
            f"({self.ways_per_s:,.0f} ways/s); kept {self.ways_kept:,} (skipped: {skipped})",
            f"{self.segments:,} segments -> {self.links:,} links, {self.junctions:,} junctions",
            f"dropped {self.pieces_dropped:,} disconnected piece(s) ({self.links_dropped:,} "
            f"links), {self.loops_dropped:,} loop(s), {self.degenerate_dropped:,} "
            "degenerate link(s)",
            f"snapped {len(self.snapped):,} curated place(s); not snapped: {unsnapped}",
        ])


# --------------------------------------------------------------------------- tags


def _first_number(text: str | None) -> float | None:
    if not text:
        return None
    match = re.match(r"\s*(\d+(?:\.\d+)?)", text)
    return float(match.group(1)) if match else None


def _speed(text: str | None) -> float | None:
    value = _first_number(text)
    if value is None or value <= 0:
        return None
    return round(value * 1.609344, 1) if text and "mph" in text else value


def _gauge(text: str | None) -> int | bool | None:
    """Return 1520 / 1435, ``None`` when untagged, ``False`` for any other gauge."""
    if not text:
        return None
    value = _first_number(text.split(";")[0])
    if value in (1520, 1524):
        return 1520
    if value == 1435:
        return 1435
    return False


def _duration_h(text: str | None) -> float | None:
    """Parse an OSM ``duration`` (``HH:MM``, ``HH:MM:SS`` or minutes) into hours."""
    if not text:
        return None
    parts = text.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) == 1:
        hours = numbers[0] / 60.0
    else:
        hours = numbers[0] + numbers[1] / 60.0 + (numbers[2] / 3600.0 if len(numbers) > 2 else 0)
    return round(hours, 3) if hours > 0 else None


def _electrified(text: str | None) -> bool | None:
    if text == "no":
        return False
    return True if text in _ELECTRIFIED else None


def _tracks(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) >= 1 else None


class _Classifier:
    """Turns a way's tags into an :class:`_Attr` (or a reason to skip it)."""

    def __init__(self, highway: str, include_service: bool) -> None:
        if highway not in HIGHWAY_CLASSES:
            raise OsmError(f"unknown highway class {highway!r}; expected one of "
                           f"{list(HIGHWAY_CLASSES)}")
        keep = HIGHWAY_CLASSES[: HIGHWAY_CLASSES.index(highway) + 1]
        self.roads = set(keep) | {f"{c}_link" for c in keep}
        self.include_service = include_service

    def prefilter(self) -> osmium.filter.TagFilter:
        """A C++ filter passing only ways with a tag this classifier may keep, so that
        buildings, landuse, minor roads … never reach Python."""
        tags = [("highway", c) for c in (*sorted(self.roads), *ROAD_LIFECYCLE)]
        tags += [("railway", r) for r in (*RAIL_STATUSES, "ferry")]
        tags.append(("route", "ferry"))
        return osmium.filter.TagFilter(*tags)

    def __call__(self, tags: Any) -> _Attr | str | None:
        """Return the attributes, a skip reason (str) or ``None`` (not a way we want)."""
        name = tags.get("name:en") or tags.get("name")
        ref = tags.get("ref")
        if tags.get("route") == "ferry" or tags.get("railway") == "ferry":
            return _Attr("ferry", "operating", name=name, ref=ref,
                         sailing_h=_duration_h(tags.get("duration")))
        highway = tags.get("highway")
        if highway is not None:
            status = "operating"
            cls = highway
            if highway in ROAD_LIFECYCLE:
                status = ROAD_LIFECYCLE[highway]
                cls = tags.get(highway) or ""
            if cls not in self.roads:
                return None
            return _Attr("road", status, speed_kmh=_speed(tags.get("maxspeed")), name=name,
                         ref=ref, highway=cls)
        railway = tags.get("railway")
        if railway is None or railway not in RAIL_STATUSES:
            return None
        if railway != "rail":
            kind = tags.get(railway) or tags.get(f"{railway}:railway")
            if kind is not None and kind != "rail":
                return None
        if tags.get("service") is not None and not self.include_service:
            return "service"
        gauge = _gauge(tags.get("gauge"))
        if gauge is False:
            return "gauge"
        return _Attr(
            "rail", RAIL_STATUSES[railway], gauge_mm=gauge or None,
            electrified=_electrified(tags.get("electrified")),
            speed_kmh=_speed(tags.get("maxspeed")), tracks=_tracks(tags.get("tracks")),
            usage=tags.get("usage"), name=name, ref=ref,
        )


# --------------------------------------------------------------------------- reading


@dataclass
class _Ways:
    """Kept ways as flat arrays: way ``i`` owns nodes ``offsets[i]:offsets[i+1]``."""

    way_id: np.ndarray
    attr: np.ndarray
    offsets: np.ndarray
    ref: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    attrs: list[_Attr]

    @property
    def way_of(self) -> np.ndarray:
        """Index of the way each node occurrence belongs to."""
        return np.repeat(np.arange(len(self.way_id)), np.diff(self.offsets))


def _read_ways(
    path: str | os.PathLike[str],
    highway: str = "secondary",
    include_service: bool = False,
    progress: bool | None = None,
    report: BuildReport | None = None,
    node_index: str = "flex_mem",
) -> _Ways:
    """Stream an extract and return the kept ways as flat arrays.

    Parameters
    ----------
    path
        ``.osm.pbf``, ``.osm`` (or any format libosmium reads) file.
    highway
        Least important highway class kept (see :data:`HIGHWAY_CLASSES`).
    include_service
        Keep rail service tracks (sidings, yards, spurs); default no.
    progress
        Show a tqdm bar with counts and throughput (``None``: only on a terminal).
    report
        Filled with counts and timings when given.
    node_index
        libosmium node-location index (see :func:`build`).

    Raises
    ------
    OsmError
        When the file is missing, truncated or not an OSM file.
    """
    from tqdm import tqdm

    report = report if report is not None else BuildReport()
    source = Path(path)
    if source.is_dir():
        raise OsmError(f"{source}: is a folder, expected an OSM extract (.osm.pbf or .osm)")
    if not source.is_file():
        raise OsmError(f"{source}: no such OSM extract")
    classify = _Classifier(highway, include_service)
    attr_index: dict[_Attr, int] = {}
    way_ids = array("q")
    way_attr = array("i")
    lengths = array("q")
    refs = array("q")
    xs = array("i")
    ys = array("i")
    skipped: dict[str, int] = {}
    try:
        processor = (
            osmium.FileProcessor(str(source), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations(node_index)
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
            .with_filter(classify.prefilter())
        )
    except RuntimeError as exc:
        raise OsmError(f"cannot use the node-location index {node_index!r} (--node-index): "
                       f"{exc}") from exc
    started, cpu_started = time.perf_counter(), time.process_time()
    read = 0
    bar = tqdm(desc="reading ways", unit=" ways", unit_scale=True, mininterval=0.5,
               disable=None if progress is None else not progress)
    try:
        for obj in processor:
            way = cast(osmium.osm.Way, obj)
            read += 1
            if not read & 0x3FFF:
                bar.update(0x4000)
                bar.set_postfix(kept=len(way_ids), refresh=False)
            found = classify(way.tags)
            if found is None:
                continue
            if isinstance(found, str):
                skipped[found] = skipped.get(found, 0) + 1
                continue
            index = attr_index.get(found)
            if index is None:
                index = attr_index[found] = len(attr_index)
            count = 0
            for node in way.nodes:
                refs.append(node.ref)
                xs.append(node.x)
                ys.append(node.y)
                count += 1
            way_ids.append(way.id)
            way_attr.append(index)
            lengths.append(count)
    except RuntimeError as exc:
        raise OsmError(f"{source}: cannot read as an OSM extract (truncated or not OSM "
                       f"data?): {exc}") from exc
    finally:
        bar.update(read - bar.n)
        bar.close()
    report.read_seconds = time.perf_counter() - started
    report.read_cpu_seconds = time.process_time() - cpu_started
    report.ways_read = read
    report.skipped = skipped

    def flat(buf: array[Any], dtype: type) -> np.ndarray:
        return np.frombuffer(buf, dtype=dtype).copy() if len(buf) else np.zeros(0, dtype)

    x, y = flat(xs, np.int32).astype(np.int64), flat(ys, np.int32).astype(np.int64)
    ways = _Ways(
        way_id=flat(way_ids, np.int64), attr=flat(way_attr, np.int32),
        offsets=np.concatenate([[0], np.cumsum(flat(lengths, np.int64))]),
        ref=flat(refs, np.int64), lon=np.zeros(0), lat=np.zeros(0), attrs=list(attr_index),
    )
    del refs, way_ids, way_attr, lengths
    _check_locations(source, ways, x, y)
    cleaned = _clean(ways, x, y, report)
    if not len(cleaned.way_id):
        raise OsmError(f"{source}: no usable road, rail or ferry way (read {read:,} matching "
                       f"way(s), highway classes down to {highway!r}; skipped: "
                       f"{', '.join(f'{k} {v:,}' for k, v in sorted(skipped.items())) or 'none'})")
    return cleaned


def _check_locations(source: Path, ways: _Ways, x: np.ndarray, y: np.ndarray) -> None:
    """Refuse node locations outside the valid lon/lat range (libosmium stores them as they
    are); undefined locations (nodes missing from the extract) are dropped later."""
    defined = (x != _UNDEFINED) & (y != _UNDEFINED)
    bad = defined & ((np.abs(x) > 1_800_000_000) | (np.abs(y) > 900_000_000))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise OsmError(f"{source}: node {int(ways.ref[i])} has a location outside the valid "
                       f"lon/lat range ({x[i] / 1e7:g}, {y[i] / 1e7:g}); "
                       f"{int(bad.sum()):,} such node occurrence(s)")


def _clean(ways: _Ways, x: np.ndarray, y: np.ndarray, report: BuildReport) -> _Ways:
    """Drop nodes without a location and repeated nodes; drop ways left with < 2 nodes."""
    way_of = ways.way_of
    keep = (x != _UNDEFINED) & (y != _UNDEFINED)
    missing_ways = np.unique(way_of[~keep])
    same_as_prev = np.zeros(len(keep), dtype=bool)
    same_as_prev[1:] = (ways.ref[1:] == ways.ref[:-1]) & (way_of[1:] == way_of[:-1])
    keep &= ~same_as_prev
    counts = np.bincount(way_of[keep], minlength=len(ways.way_id))
    good_way = counts >= 2
    if (~good_way).any():
        keep &= good_way[way_of]
    report.skipped["missing_nodes"] = int(np.count_nonzero(~good_way[missing_ways])) \
        if len(missing_ways) else 0
    if not report.skipped["missing_nodes"]:
        del report.skipped["missing_nodes"]
    offsets = np.concatenate([[0], np.cumsum(counts[good_way])])
    report.ways_kept = int(good_way.sum())
    return _Ways(
        way_id=ways.way_id[good_way], attr=ways.attr[good_way], offsets=offsets,
        ref=ways.ref[keep], lon=x[keep] / 1e7, lat=y[keep] / 1e7, attrs=ways.attrs,
    )


# --------------------------------------------------------------------------- conflation


def _unit_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _snap(ways: _Ways, places: gpd.GeoDataFrame | None, radius_km: float,
          report: BuildReport) -> dict[int, str]:
    """Return OSM node id -> curated place id for the places that snap within ``radius_km``."""
    if places is None or len(places) == 0 or len(ways.ref) == 0:
        return {}
    modes = np.array([_MODES.index(a.mode) for a in ways.attrs], dtype=np.int8)
    occ_mode = modes[ways.attr][ways.way_of]
    chord = 2.0 * math.sin(radius_km / _EARTH_KM / 2.0)
    candidates: list[tuple[float, str, str, int]] = []
    wanted: dict[str, tuple[str, ...]] = {}
    for pid, row in places.iterrows():
        kind = row.get("kind")
        if kind == "border_crossing":
            value = row.get("crossing_modes")
            wanted[str(pid)] = tuple(value) if isinstance(value, list | tuple | np.ndarray) else ()
        elif kind in SNAP_MODES:
            wanted[str(pid)] = SNAP_MODES[kind]
    if not wanted:
        return {}
    ids = list(wanted)
    geoms = places.loc[ids].geometry
    pxyz = _unit_xyz(np.asarray(geoms.x), np.asarray(geoms.y))
    for code, mode in enumerate(_MODES):
        mask = occ_mode == code
        if not mask.any():
            continue
        refs, first = np.unique(ways.ref[mask], return_index=True)
        tree = cKDTree(_unit_xyz(ways.lon[mask][first], ways.lat[mask][first]))
        asking = [i for i, pid in enumerate(ids) if mode in wanted[pid]]
        if not asking:
            continue
        dist, idx = tree.query(pxyz[asking], k=1, distance_upper_bound=chord)
        for i, d, j in zip(asking, dist, idx, strict=True):
            if np.isfinite(d):
                km = 2.0 * math.asin(min(1.0, d / 2.0)) * _EARTH_KM
                candidates.append((km, ids[i], mode, int(refs[j])))
    taken: dict[int, str] = {}
    done: set[tuple[str, str]] = set()
    for km, pid, mode, ref in sorted(candidates):
        if (pid, mode) in done or taken.get(ref, pid) != pid:
            continue
        taken[ref] = pid
        done.add((pid, mode))
        report.snapped.setdefault(pid, []).append((mode, ref, round(km, 3)))
    report.unsnapped = sorted(pid for pid in ids if pid not in report.snapped)
    return taken


# --------------------------------------------------------------------------- topology


@dataclass
class _Links:
    """Simplified links: node ids of the ends, attributes, way ids and geometry."""

    u: np.ndarray
    v: np.ndarray
    attr: np.ndarray
    ways: list[list[int]]
    first_seg: list[tuple[int, int]]
    geometry: np.ndarray
    length_km: np.ndarray


def _haversine_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray,
                  lat2: np.ndarray) -> np.ndarray:
    lo1, la1, lo2, la2 = (np.radians(a) for a in (lon1, lat1, lon2, lat2))
    h = (np.sin((la2 - la1) / 2) ** 2
         + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2)
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def _topology(ways: _Ways, protected: np.ndarray, report: BuildReport) -> _Links:
    """Split ways at shared nodes, then merge degree-2 chains of equal attributes."""
    way_of = ways.way_of
    n_occ = len(ways.ref)
    modes = np.array([_MODES.index(a.mode) for a in ways.attrs], dtype=np.int64)
    occ_mode = modes[ways.attr][way_of]
    is_end = np.zeros(n_occ, dtype=bool)
    is_end[ways.offsets[:-1]] = True
    is_end[ways.offsets[1:] - 1] = True
    # a node splits the ways of one mode that share it (a level crossing joins nothing)
    _, inverse, counts = np.unique(ways.ref * 4 + occ_mode, return_inverse=True,
                                   return_counts=True)
    split = is_end | (counts[inverse] >= 2)
    # ferry ends and curated places split every way through them
    ferry_code = _MODES.index("ferry")
    hubs = np.unique(np.concatenate([ways.ref[is_end & (occ_mode == ferry_code)], protected]))
    if len(hubs):
        split |= np.isin(ways.ref, hubs)
    cut = np.flatnonzero(split)
    same = way_of[cut[:-1]] == way_of[cut[1:]]
    s_start, s_end = cut[:-1][same], cut[1:][same]
    n_seg = len(s_start)
    report.segments = n_seg
    seg_attr = ways.attr[way_of[s_start]]
    node_refs, ends = np.unique(np.concatenate([ways.ref[s_start], ways.ref[s_end]]),
                                return_inverse=True)
    su, sv = ends[:n_seg], ends[n_seg:]
    n_nodes = len(node_refs)
    degree = np.bincount(ends, minlength=n_nodes)
    order = np.argsort(ends, kind="stable")
    first = np.concatenate([[0], np.cumsum(degree)[:-1]])
    occ_seg = np.concatenate([np.arange(n_seg), np.arange(n_seg)])
    two = degree == 2
    seg_a = np.full(n_nodes, -1, dtype=np.int64)
    seg_b = np.full(n_nodes, -1, dtype=np.int64)
    seg_a[two] = occ_seg[order[first[two]]]
    seg_b[two] = occ_seg[order[first[two] + 1]]
    mergeable = two & (seg_a != seg_b)
    mergeable[mergeable] &= seg_attr[seg_a[mergeable]] == seg_attr[seg_b[mergeable]]
    if len(protected):
        mergeable &= ~np.isin(node_refs, protected)

    # walk the chains (plain lists: much faster than numpy scalars in a Python loop)
    su_l, sv_l = su.tolist(), sv.tolist()
    sa_l, sb_l = seg_a.tolist(), seg_b.tolist()
    merge_l = mergeable.tolist()
    visited = bytearray(n_seg)
    chain_segs: list[int] = []
    chain_rev: list[bool] = []
    chain_of: list[int] = []
    link_u: list[int] = []
    link_v: list[int] = []

    def walk(seg: int, start: int) -> None:
        link = len(link_u)
        node = start
        while True:
            visited[seg] = 1
            rev = su_l[seg] != node
            chain_segs.append(seg)
            chain_rev.append(rev)
            chain_of.append(link)
            node = su_l[seg] if rev else sv_l[seg]
            if not merge_l[node]:
                break
            seg = sb_l[node] if sa_l[node] == seg else sa_l[node]
            if visited[seg]:
                break
        link_u.append(start)
        link_v.append(node)

    for seg in range(n_seg):
        if visited[seg]:
            continue
        if not merge_l[su_l[seg]]:
            walk(seg, su_l[seg])
        elif not merge_l[sv_l[seg]]:
            walk(seg, sv_l[seg])
    for seg in range(n_seg):  # rings of mergeable nodes only: break them at one node
        if not visited[seg]:
            walk(seg, su_l[seg])

    segs = np.asarray(chain_segs, dtype=np.int64)
    rev = np.asarray(chain_rev, dtype=bool)
    link_of = np.asarray(chain_of, dtype=np.int64)
    n_links = len(link_u)
    # gather the vertices of each link in order, dropping the vertex segments share
    starts, stops = s_start[segs], s_end[segs]
    sizes = stops - starts + 1
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pos = np.arange(int(sizes.sum())) - np.repeat(offsets, sizes)
    occ = np.where(np.repeat(rev, sizes), np.repeat(stops, sizes) - pos,
                   np.repeat(starts, sizes) + pos)
    new_link = np.ones(len(segs), dtype=bool)
    new_link[1:] = link_of[1:] != link_of[:-1]
    keep = (pos > 0) | np.repeat(new_link, sizes)
    occ = occ[keep]
    vertex_link = np.repeat(link_of, sizes)[keep]
    lon = np.round(ways.lon[occ], settings.COORD_DECIMALS)
    lat = np.round(ways.lat[occ], settings.COORD_DECIMALS)
    dup = np.zeros(len(occ), dtype=bool)
    dup[1:] = (lon[1:] == lon[:-1]) & (lat[1:] == lat[:-1]) & (vertex_link[1:] == vertex_link[:-1])
    lon, lat, vertex_link = lon[~dup], lat[~dup], vertex_link[~dup]
    n_vertices = np.bincount(vertex_link, minlength=n_links)
    step = np.zeros(len(lon))
    same_link = vertex_link[1:] == vertex_link[:-1]
    step[1:][same_link] = _haversine_km(lon[:-1], lat[:-1], lon[1:], lat[1:])[same_link]
    length = np.bincount(vertex_link, weights=step, minlength=n_links)
    good = n_vertices >= 2
    report.degenerate_dropped = int(np.count_nonzero(~good))
    vmask = good[vertex_link]
    renumber = np.cumsum(good) - 1
    geometry = shapely.linestrings(np.column_stack([lon[vmask], lat[vmask]]),
                                   indices=renumber[vertex_link[vmask]])
    way_of_seg = way_of[s_start]
    first_in_way = np.searchsorted(cut, ways.offsets[:-1])  # index in ``cut`` of way start
    seg_cut_index = np.flatnonzero(same)  # index in ``cut`` of each segment's start
    seg_number = seg_cut_index - first_in_way[way_of_seg]
    ways_of_link: list[list[int]] = [[] for _ in range(n_links)]
    first_seg: list[tuple[int, int] | None] = [None] * n_links
    wid = ways.way_id[way_of_seg].tolist()
    num = seg_number.tolist()
    for s, link in zip(chain_segs, chain_of, strict=True):
        lw = ways_of_link[link]
        w = wid[s]
        if not lw or lw[-1] != w:
            lw.append(w)
        key = (w, num[s])
        best = first_seg[link]
        if best is None or key < best:
            first_seg[link] = key
    good_l = good.tolist()
    return _Links(
        u=node_refs[np.asarray(link_u, dtype=np.int64)][good],
        v=node_refs[np.asarray(link_v, dtype=np.int64)][good],
        attr=seg_attr[segs[new_link]][good],
        ways=[w for w, g in zip(ways_of_link, good_l, strict=True) if g],
        first_seg=[f for f, g in zip(first_seg, good_l, strict=True) if g and f is not None],
        geometry=geometry,
        length_km=length[good],
    )


def _drop_small_pieces(links: _Links, keep_nodes: np.ndarray, min_piece_km: float,
                       report: BuildReport) -> np.ndarray:
    """Return a mask of the links to keep: loops and small pieces without a place go."""
    loops = links.u == links.v
    report.loops_dropped = int(np.count_nonzero(loops))
    nodes, ends = np.unique(np.concatenate([links.u, links.v]), return_inverse=True)
    n = len(links.u)
    if n == 0:
        return np.zeros(0, dtype=bool)
    graph = coo_matrix((np.ones(n), (ends[:n], ends[n:])), shape=(len(nodes), len(nodes)))
    n_comp, label = connected_components(graph, directed=False)
    comp_of_link = label[ends[:n]]
    comp_km = np.bincount(comp_of_link, weights=np.where(loops, 0.0, links.length_km),
                          minlength=n_comp)
    has_place = np.zeros(n_comp, dtype=bool)
    if len(keep_nodes):
        has_place[label[np.isin(nodes, keep_nodes)]] = True
    small = (comp_km < min_piece_km) & ~has_place
    report.pieces_dropped = int(np.count_nonzero(small))
    drop = small[comp_of_link]
    report.links_dropped = int(np.count_nonzero(drop & ~loops))
    return ~(drop | loops)


# --------------------------------------------------------------------------- countries


_ISO3_COLUMNS = ("iso3", "ISO3", "iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3", "country", "id")


def _countries_at(points: np.ndarray, regions: gpd.GeoDataFrame | None,
                  default: str | None) -> np.ndarray:
    """ISO3 of the region holding each point (the nearest region outside all of them)."""
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
    tree = shapely.STRtree(np.asarray(regions.geometry))
    found = np.full(len(points), -1, dtype=np.int64)
    pt_idx, reg_idx = tree.query(points, predicate="within")
    found[pt_idx] = reg_idx
    missing = np.flatnonzero(found < 0)
    if len(missing):
        if default is not None:
            out[missing] = default
        else:
            pi, ri = tree.query_nearest(points[missing], all_matches=False)
            found[missing[pi]] = ri
    has = found >= 0
    out[has] = codes[found[has]]
    return out


# --------------------------------------------------------------------------- building


def _osm_id(number: int) -> str:
    return str(number) if number >= 0 else f"m{-number}"


def build(
    extract: str | os.PathLike[str],
    curated: geodata.GeoData | None = None,
    *,
    highway: str = "secondary",
    snap_radius_km: float = 1.0,
    min_piece_km: float = 5.0,
    country: str | None = None,
    keep_curated_modes: Sequence[str] = ("ferry",),
    include_service: bool = False,
    progress: bool | None = None,
    node_index: str = "flex_mem",
) -> tuple[geodata.GeoData, BuildReport]:
    """Build geodata (places and links) from an OSM extract.

    Parameters
    ----------
    extract
        Path of an ``.osm.pbf`` or ``.osm`` file.
    curated
        Curated geodata to conflate with (its places are all kept; stations, ports,
        border crossings and cities snap to OSM; its regions give link countries).
        ``None``: no conflation.
    highway
        Least important highway class kept (default ``secondary``).
    snap_radius_km
        Greatest distance, km, at which a curated place snaps to an OSM vertex (at most
        the 2 km endpoint tolerance of the schema).
    min_piece_km
        Disconnected pieces shorter than this, km, are dropped (unless they hold a
        curated place).
    country
        ISO3 country of every link and junction when no region polygon says otherwise
        (needed when ``curated`` has no regions).
    keep_curated_modes
        Modes of curated links carried over when both their ends are kept (default
        ferries, which extracts often lack).
    include_service
        Keep rail service tracks (sidings, yards, spurs).
    progress
        Show a progress bar while reading (``None``: only on a terminal).
    node_index
        Where libosmium keeps node locations while streaming (the one structure that
        grows with the extract): ``flex_mem`` (default, RAM, ~8–16 bytes per node) or a
        file-backed index such as ``sparse_file_array,/tmp/nodes.idx`` for extracts of
        hundreds of millions of nodes.

    Returns
    -------
    (GeoData, BuildReport)
        The network (EPSG:4326, indexed by id, as :func:`corridor.geodata.load` returns
        it) and what the build did.

    Raises
    ------
    OsmError
        The file is missing, truncated or not OSM data; countries cannot be told.
    """
    _check_options(snap_radius_km, min_piece_km, country, keep_curated_modes, node_index)
    started = time.perf_counter()
    report = BuildReport()
    ways = _read_ways(extract, highway, include_service, progress, report, node_index)
    places = curated.places if curated is not None else None
    snapped = _snap(ways, places, snap_radius_km, report)
    protected = np.fromiter(snapped, dtype=np.int64, count=len(snapped))
    links = _topology(ways, protected, report)
    keep = _drop_small_pieces(links, protected, min_piece_km, report)
    regions = curated.regions if curated is not None else None

    # links frame
    geometry = links.geometry[keep]
    mids = shapely.line_interpolate_point(geometry, 0.5, normalized=True)
    attrs = [ways.attrs[i] for i in links.attr[keep]]
    link_country = _countries_at(mids, regions, country) if len(attrs) else np.zeros(0, object)
    u, v = links.u[keep], links.v[keep]
    place_of = {ref: pid for ref, pid in snapped.items()}

    def place_id(ref: int) -> str:
        return place_of.get(ref) or f"osm_n{_osm_id(ref)}"

    kept_ways = [w for w, k in zip(links.ways, keep.tolist(), strict=True) if k]
    first = [f for f, k in zip(links.first_seg, keep.tolist(), strict=True) if k]
    records = []
    for i, a in enumerate(attrs):
        ctry = None if a.mode == "ferry" else link_country[i]
        gauge = a.gauge_mm
        note = None
        if a.mode == "rail" and gauge is None:
            gauge = DEFAULT_GAUGE_MM.get(str(ctry), 1520)
            note = f"gauge not tagged in OSM; {gauge} mm assumed for {ctry}"
        records.append({
            "id": f"osm_w{_osm_id(first[i][0])}_{first[i][1]}",
            "name": a.name or a.ref, "from": place_id(int(u[i])), "to": place_id(int(v[i])),
            "mode": a.mode, "status": a.status, "gauge_mm": gauge, "tracks": a.tracks,
            "electrified": a.electrified, "speed_kmh": a.speed_kmh, "country": ctry,
            "confidence": "high", "confidence_note": note, "sailing_h": a.sailing_h,
            "highway": a.highway, "ref": a.ref, "usage": a.usage,
            "source": " ".join(f"{OSM_URL}/way/{w}" for w in kept_ways[i]),
        })
    link_frame = gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=None if records else ["id"]),
        geometry=list(geometry) if len(geometry) else [], crs=settings.CRS)

    # junction places: every link end that is not a curated place
    ends = np.unique(np.concatenate([u, v]))
    ends = ends[~np.isin(ends, protected)] if len(protected) else ends
    occ_first = {}
    if len(ends):
        refs, first_idx = np.unique(ways.ref, return_index=True)
        pos = np.searchsorted(refs, ends)
        occ_first = {"lon": ways.lon[first_idx[pos]], "lat": ways.lat[first_idx[pos]]}
        points = shapely.points(np.round(occ_first["lon"], settings.COORD_DECIMALS),
                                np.round(occ_first["lat"], settings.COORD_DECIMALS))
        junction_country = _countries_at(points, regions, country)
    else:
        points = np.zeros(0, dtype=object)
        junction_country = np.zeros(0, dtype=object)
    junction_records = [
        {"id": f"osm_n{_osm_id(int(ref))}", "name": f"OSM node {ref}", "kind": "junction",
         "country": junction_country[i], "source": f"{OSM_URL}/node/{ref}"}
        for i, ref in enumerate(ends.tolist())
    ]
    junction_frame = gpd.GeoDataFrame(
        pd.DataFrame.from_records(junction_records, columns=None if junction_records else ["id"]),
        geometry=list(points), crs=settings.CRS)
    report.junctions = len(junction_frame)

    place_frames = [junction_frame]
    link_frames = [link_frame]
    if curated is not None:
        place_frames.insert(0, curated.places)
        kept_places = set(curated.places.index)
        carried = curated.links[curated.links["mode"].isin(list(keep_curated_modes))
                                & curated.links["from"].isin(kept_places)
                                & curated.links["to"].isin(kept_places)]
        if len(carried):
            link_frames.append(carried)
    place_all = pd.concat([f for f in place_frames if len(f)], ignore_index=True) \
        if any(len(f) for f in place_frames) else junction_frame
    link_all = pd.concat([f for f in link_frames if len(f)], ignore_index=True) \
        if any(len(f) for f in link_frames) else link_frame
    report.links = len(link_frame)
    data = geodata.GeoData(
        places=_indexed(gpd.GeoDataFrame(place_all, geometry="geometry", crs=settings.CRS),
                        geodata.PLACE_FIELDS),
        links=_indexed(gpd.GeoDataFrame(link_all, geometry="geometry", crs=settings.CRS),
                       geodata.LINK_FIELDS),
        regions=regions,
    )
    report.seconds = time.perf_counter() - started
    return data, report


def _check_options(snap_radius_km: float, min_piece_km: float, country: str | None,
                   keep_curated_modes: Sequence[str], node_index: str) -> None:
    """Raise :class:`OsmError` for a build option out of range or not one of its values."""
    if not 0 <= snap_radius_km <= settings.ENDPOINT_TOLERANCE_KM:
        raise OsmError(f"snap radius must be between 0 and "
                       f"{settings.ENDPOINT_TOLERANCE_KM:g} km, got {snap_radius_km}")
    if not (isinstance(min_piece_km, int | float) and 0 <= min_piece_km < math.inf):
        raise OsmError(f"min-piece length must be a number of km >= 0, got {min_piece_km}")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        raise OsmError(f"country must be an ISO 3166-1 alpha-3 code such as AZE, "
                       f"got {country!r}")
    if isinstance(keep_curated_modes, str):
        raise OsmError(f"keep_curated_modes must be a list of modes, got {keep_curated_modes!r}")
    bad = [m for m in keep_curated_modes if m not in _MODES]
    if bad:
        raise OsmError(f"unknown mode(s) {', '.join(map(repr, bad))} to keep from the curated "
                       f"links; expected from {', '.join(_MODES)}")
    kind = str(node_index).split(",", 1)[0]
    if kind not in osmium.index.map_types():
        raise OsmError(f"unknown node-location index {kind!r} (--node-index); expected one "
                       f"of {', '.join(sorted(osmium.index.map_types()))}")


def _check_out(out: Path, overwrite: bool) -> None:
    """Refuse an output path that is a file, or a non-empty folder unless ``overwrite``."""
    if out.exists() and not out.is_dir():
        raise OsmError(f"{out}: exists and is not a folder")
    if out.is_dir() and not overwrite and any(out.iterdir()):
        raise OsmError(f"{out}: folder exists and is not empty; pass --force "
                       "(overwrite=True) to write into it")


def _indexed(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Add missing schema columns and index by id, as :func:`corridor.geodata.load` does."""
    for key in fields:
        if key not in frame.columns:
            frame[key] = None
    return frame.set_index("id", drop=False).rename_axis(None)


def build_folder(
    extract: str | os.PathLike[str],
    out: str | os.PathLike[str],
    curated_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    **options: Any,
) -> BuildReport:
    """Build geodata from an OSM extract and write it to a folder.

    Parameters
    ----------
    extract
        ``.osm.pbf`` or ``.osm`` file.
    out
        Destination folder; ``places.geojson`` and ``links.geojson`` are written with
        :func:`corridor.geodata.save`, and the curated folder's ``scenarios.toml`` and
        ``regions.geojson`` are copied beside them.
    curated_dir
        Curated geodata folder to conflate with (``None``: no conflation).
    overwrite
        Write into ``out`` even when it is a folder that is not empty (its geodata files
        are replaced; other files stay).
    **options
        Passed to :func:`build` (``highway``, ``snap_radius_km``, ``min_piece_km``,
        ``country``, ``keep_curated_modes``, ``include_service``, ``progress``,
        ``node_index``).

    Returns
    -------
    BuildReport
        What the build did.

    Raises
    ------
    OsmError
        See :func:`build`; also when ``out`` is a file, or a folder that is not empty and
        ``overwrite`` is false.
    """
    _check_out(Path(out), overwrite)
    curated = geodata.load(curated_dir) if curated_dir is not None else None
    data, report = build(extract, curated, **options)
    folder = geodata.save(data, out)
    if curated_dir is not None:
        for name in ("scenarios.toml", geodata.REGIONS_FILE):
            src = Path(curated_dir) / name
            if src.is_file() and src.resolve() != (folder / name).resolve():
                shutil.copyfile(src, folder / name)
    return report


# --------------------------------------------------------------------------- display


def simplify_for_display(links: gpd.GeoDataFrame, tolerance_km: float = 0.05,
                         decimals: int | None = 4) -> gpd.GeoDataFrame:
    """Return a copy of ``links`` with geometries thinned for display (not for analysis).

    Douglas–Peucker (:func:`shapely.simplify`, topology preserved) in degrees, with the
    tolerance converted at the frame's mean latitude; the first and last vertex of every
    line are kept, so links still meet their places. Coordinates are then rounded.

    A line keeps at least its two end vertices, so the size of a map of a very big network
    is bounded below by its number of links (about 17 bytes per vertex in GeoJSON at 4
    decimals): beyond some hundred thousand links a map also has to leave minor classes
    out at overview zoom levels.

    Parameters
    ----------
    links
        Link lines in EPSG:4326.
    tolerance_km
        Greatest distance, km, between a simplified line and the original (default
        50 m: invisible at zoom levels below 13).
    decimals
        Decimal places kept (4: about 10 m); ``None`` keeps full precision.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, simpler geometry.
    """
    out = links.copy()
    if len(out) == 0:
        return out
    lat = float(np.nanmean(out.geometry.bounds[["miny", "maxy"]].to_numpy()))
    degrees = tolerance_km / (_EARTH_KM * math.pi / 180.0) / max(math.cos(math.radians(lat)), 0.1)
    geoms = shapely.simplify(np.asarray(out.geometry), degrees, preserve_topology=True)
    if decimals is not None:
        geoms = shapely.set_precision(geoms, 10.0 ** -decimals, mode="pointwise")
    out["geometry"] = geoms
    return out


def default_curated_dir() -> Path | None:
    """Return the default curated folder (``$CORRIDOR_GEODATA`` or the shipped one), if it
    holds places."""
    folder = settings.default_geodata_dir()
    return folder if (folder / geodata.PLACES_FILE).is_file() else None
