"""Topology as osmnx builds it: ways split at shared nodes, degree-2 chains merged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from corridor import settings
from corridor._geo import haversine_km
from corridor.geodata import MODES
from corridor.osm.read import _Ways
from corridor.osm.report import BuildReport


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


def _topology(ways: _Ways, protected: np.ndarray, report: BuildReport) -> _Links:
    """Split ways at shared nodes, then merge degree-2 chains of equal attributes."""
    way_of = ways.way_of
    n_occ = len(ways.ref)
    modes = np.array([MODES.index(a.mode) for a in ways.attrs], dtype=np.int64)
    occ_mode = modes[ways.attr][way_of]
    is_end = np.zeros(n_occ, dtype=bool)
    is_end[ways.offsets[:-1]] = True
    is_end[ways.offsets[1:] - 1] = True
    # a node splits the ways of one mode that share it (a level crossing joins nothing)
    _, inverse, counts = np.unique(ways.ref * 4 + occ_mode, return_inverse=True,
                                   return_counts=True)
    split = is_end | (counts[inverse] >= 2)
    # ferry ends and curated places split every way through them
    ferry_code = MODES.index("ferry")
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
    step[1:][same_link] = haversine_km(lon[:-1], lat[:-1], lon[1:], lat[1:])[same_link]
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
