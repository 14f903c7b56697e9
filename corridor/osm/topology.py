"""Topology as osmnx builds it: ways split at shared nodes, degree-2 chains merged."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    #: Each link's place in the build's order: rows of (ring, way id, segment number,
    #: backwards) of the segment it starts with; sorting them gives the order of the
    #: links of one topology over all the ways (links of pieces joined, in that order).
    start: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), dtype=np.int64))
    #: (way id, segment number, backwards) of the segment each link ends with.
    end: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.int64))


@dataclass
class _Border:
    """Nodes a piece of a partitioned build shares with other pieces (its topology's extras).

    ``keys``: ``node id * 4 + mode`` of the nodes a way of that mode uses in two pieces or
    more (split there, as the union splits a node two ways of a mode share); ``hubs``: the
    ferry ends among the shared nodes (split every way, as the union does); ``nodes``: every
    node used by the ways of two pieces or more (no chain merges through them: a piece
    does not see the other pieces' segments ending there).
    """

    keys: np.ndarray
    hubs: np.ndarray
    nodes: np.ndarray


@dataclass
class _Segments:
    """Pieces of ways between split nodes (``i``: occurrences ``start[i]..end[i]``)."""

    start: np.ndarray
    end: np.ndarray
    cut: np.ndarray
    same: np.ndarray
    way: np.ndarray
    attr: np.ndarray
    node_refs: np.ndarray
    su: np.ndarray
    sv: np.ndarray


@dataclass
class _Chains:
    """Segments in link order (``segs``, reversed or not) and each link's end nodes."""

    segs: np.ndarray
    rev: np.ndarray
    link_of: np.ndarray
    u: np.ndarray
    v: np.ndarray


def _split(ways: _Ways, protected: np.ndarray, report: BuildReport,
           border: _Border | None = None) -> _Segments:
    """Split the ways at nodes they share with a way of the same mode, ferry ends, places.

    ``border``: also where the union of the pieces splits (nodes shared with other pieces).
    """
    way_of = ways.way_of
    modes = np.array([MODES.index(a.mode) for a in ways.attrs], dtype=np.int64)
    occ_mode = modes[ways.attr][way_of]
    is_end = np.zeros(len(ways.ref), dtype=bool)
    is_end[ways.offsets[:-1]] = True
    is_end[ways.offsets[1:] - 1] = True
    # a node splits the ways of one mode that share it (a level crossing joins nothing)
    node = ways.node_index()
    split = is_end | (_shared(ways.ref * 4 + occ_mode) if node is None
                      else _shared_node(node, occ_mode))
    if border is not None and len(border.keys):
        split |= np.isin(ways.ref * 4 + occ_mode, border.keys)
    # ferry ends and curated places split every way through them
    ferry_code = MODES.index("ferry")
    extra = [border.hubs] if border is not None else []
    hubs = np.unique(np.concatenate([ways.ref[is_end & (occ_mode == ferry_code)], protected,
                                     *extra]))
    if len(hubs):
        split |= np.isin(ways.ref, hubs)
    cut = np.flatnonzero(split)
    same = way_of[cut[:-1]] == way_of[cut[1:]]
    s_start, s_end = cut[:-1][same], cut[1:][same]
    n_seg = len(s_start)
    report.segments = n_seg
    node_refs, ends = np.unique(np.concatenate([ways.ref[s_start], ways.ref[s_end]]),
                                return_inverse=True)
    return _Segments(start=s_start, end=s_end, cut=cut, same=same, way=way_of[s_start],
                     attr=ways.attr[way_of[s_start]], node_refs=node_refs,
                     su=ends[:n_seg], sv=ends[n_seg:])


def _shared(keys: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once (``np.unique``'s counts, without its extras)."""
    order = np.argsort(keys)
    ordered = keys[order]
    dup = np.zeros(len(keys), dtype=bool)
    if len(keys) > 1:
        same = ordered[1:] == ordered[:-1]
        dup_sorted = np.zeros(len(keys), dtype=bool)
        dup_sorted[1:] |= same
        dup_sorted[:-1] |= same
        dup[order] = dup_sorted
    return dup


def _shared_node(node: np.ndarray, occ_mode: np.ndarray) -> np.ndarray:
    """Whether each occurrence's node occurs more than once in its mode (nodes indexed)."""
    dup = np.zeros(len(node), dtype=bool)
    if not len(node):
        return dup
    n_nodes = int(node.max()) + 1
    for mode in np.unique(occ_mode).tolist():
        sel = occ_mode == mode
        counts = np.bincount(node[sel], minlength=n_nodes)
        dup[sel] = counts[node[sel]] >= 2
    return dup


def _mergeable(seg: _Segments, protected: np.ndarray,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the two segments at each node of degree 2, and whether they merge there.

    No chain merges through a node of ``protected``.
    """
    n_seg, n_nodes = len(seg.start), len(seg.node_refs)
    ends = np.concatenate([seg.su, seg.sv])
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
    mergeable[mergeable] &= seg.attr[seg_a[mergeable]] == seg.attr[seg_b[mergeable]]
    if len(protected):
        mergeable &= ~np.isin(seg.node_refs, protected)
    return seg_a, seg_b, mergeable


def _walk_chains(seg: _Segments, seg_a: np.ndarray, seg_b: np.ndarray,
                 mergeable: np.ndarray) -> _Chains:
    """Walk the chains of segments through mergeable nodes: each chain becomes a link.

    A segment is walked forwards (state ``2 s``, from ``su`` to ``sv``) or backwards
    (``2 s + 1``); each state leads to at most one next state, through the mergeable node
    it exits by. A chain starts at a node that does not merge, from the lower-numbered of
    its two end segments (forwards when both its ends stop it); chains are numbered by
    that segment. Their states are ranked by pointer jumping (no Python loop per
    segment). Rings of mergeable nodes only are then broken at their lowest segment's
    ``su`` (:func:`_walk_rings`).
    """
    n_seg = len(seg.su)
    su, sv = seg.su, seg.sv
    state = np.arange(2 * n_seg)
    s_of, backwards = state >> 1, (state & 1).astype(bool)
    entry = np.where(backwards, sv[s_of], su[s_of])
    exit_ = np.where(backwards, su[s_of], sv[s_of])
    goes_on = mergeable[exit_]
    nxt = np.full(2 * n_seg, -1, dtype=np.int64)
    at = exit_[goes_on]
    t = np.where(seg_a[at] == s_of[goes_on], seg_b[at], seg_a[at])
    nxt[goes_on] = 2 * t + (su[t] != at)
    # rank every state by its distance to the end of its chain (states on rings never
    # reach an end: after the jumps their pointer is not an end)
    last = np.where(nxt < 0, state, nxt)
    dist = (nxt >= 0).astype(np.int64)
    for _ in range(max(1, int(2 * n_seg).bit_length())):
        further = last[last]
        if np.array_equal(further, last):
            break
        dist += dist[last]
        last = further
    reaches_end = nxt[last] < 0
    starts = np.flatnonzero(~mergeable[entry] & reaches_end)
    # each chain has a start state at both ends: keep the one of the lower segment
    other = last[starts] ^ 1  # the chain walked the other way starts here
    chosen = starts[(s_of[starts] < s_of[other])
                    | ((s_of[starts] == s_of[other]) & ~backwards[starts])]
    n_paths = len(chosen)
    link_of_last = np.full(2 * n_seg, -1, dtype=np.int64)
    link_of_last[last[chosen]] = np.arange(n_paths)
    link_of_state = np.where(reaches_end, link_of_last[last], -1)
    on_path = np.flatnonzero(link_of_state >= 0)
    order = on_path[np.lexsort((-dist[on_path], link_of_state[on_path]))]
    chains = _Chains(segs=s_of[order], rev=backwards[order], link_of=link_of_state[order],
                     u=entry[chosen], v=exit_[last[chosen]])
    visited = np.zeros(n_seg, dtype=bool)
    visited[chains.segs] = True
    if not visited.all():
        chains = _walk_rings(seg, seg_a, seg_b, chains, visited)
    return chains


def _walk_rings(seg: _Segments, seg_a: np.ndarray, seg_b: np.ndarray, chains: _Chains,
                visited: np.ndarray) -> _Chains:
    """Append the rings (segments not visited): each from its lowest segment's ``su``."""
    su_l, sv_l = seg.su.tolist(), seg.sv.tolist()
    sa_l, sb_l = seg_a.tolist(), seg_b.tolist()
    seen = bytearray(visited.tobytes())
    segs: list[int] = []
    rev: list[bool] = []
    link_of: list[int] = []
    u: list[int] = []
    v: list[int] = []
    link = len(chains.u)
    for first in np.flatnonzero(~visited).tolist():
        if seen[first]:
            continue
        s, node = first, su_l[first]
        u.append(node)
        while not seen[s]:  # every node of a ring merges
            seen[s] = 1
            backwards = su_l[s] != node
            segs.append(s)
            rev.append(backwards)
            link_of.append(link)
            node = su_l[s] if backwards else sv_l[s]
            s = sb_l[node] if sa_l[node] == s else sa_l[node]
        v.append(node)
        link += 1
    return _Chains(
        segs=np.concatenate([chains.segs, np.asarray(segs, dtype=np.int64)]),
        rev=np.concatenate([chains.rev, np.asarray(rev, dtype=bool)]),
        link_of=np.concatenate([chains.link_of, np.asarray(link_of, dtype=np.int64)]),
        u=np.concatenate([chains.u, np.asarray(u, dtype=np.int64)]),
        v=np.concatenate([chains.v, np.asarray(v, dtype=np.int64)]),
    )


def _link_vertices(ways: _Ways, seg: _Segments, chains: _Chains,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the vertices of each link in order (lon, lat, link) and the first segments.

    The vertex two segments share is written once; coordinates are rounded to the
    geodata's decimals and vertices repeated by the rounding dropped.
    """
    segs = np.asarray(chains.segs, dtype=np.int64)
    rev = np.asarray(chains.rev, dtype=bool)
    link_of = np.asarray(chains.link_of, dtype=np.int64)
    starts, stops = seg.start[segs], seg.end[segs]
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
    return lon[~dup], lat[~dup], vertex_link[~dup], segs[new_link]


def _link_geometry(lon: np.ndarray, lat: np.ndarray, vertex_link: np.ndarray, n_links: int,
                   report: BuildReport) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the lines of the links with 2 vertices or more, every link's km, and the mask."""
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
    return geometry, length, good


def _seg_numbers(ways: _Ways, seg: _Segments) -> np.ndarray:
    """Return each segment's number in its way (0 for the first)."""
    first_in_way = np.searchsorted(seg.cut, ways.offsets[:-1])  # index in ``cut`` of way start
    seg_cut_index = np.flatnonzero(seg.same)  # index in ``cut`` of each segment's start
    return seg_cut_index - first_in_way[seg.way]


def _ways_of_links(ways: _Ways, seg: _Segments, chains: _Chains, n_links: int,
                   seg_number: np.ndarray,
                   ) -> tuple[list[list[int]], list[tuple[int, int] | None]]:
    """Return each link's way ids (in order) and its first (way id, segment number)."""
    segs = np.asarray(chains.segs, dtype=np.int64)
    if not len(segs):
        return [[] for _ in range(n_links)], [None] * n_links
    link = np.asarray(chains.link_of, dtype=np.int64)
    wid = ways.way_id[seg.way[segs]]
    num = seg_number[segs]
    # a way's id once per run of its segments along the link
    new_run = np.ones(len(segs), dtype=bool)
    new_run[1:] = (link[1:] != link[:-1]) | (wid[1:] != wid[:-1])
    # chains are walked link after link: each link's runs are contiguous
    run_link, run_wid = link[new_run], wid[new_run].tolist()
    bounds = np.flatnonzero(np.diff(run_link)) + 1
    starts = np.concatenate([[0], bounds]).tolist()
    stops = np.concatenate([bounds, [len(run_wid)]]).tolist()
    ways_of_link: list[list[int]] = [run_wid[a:b] for a, b in zip(starts, stops, strict=True)]
    # the least (way id, segment number) of each link
    order = np.lexsort((num, wid, link))
    head = np.ones(len(order), dtype=bool)
    head[1:] = link[order][1:] != link[order][:-1]
    first_seg: list[tuple[int, int] | None] = list(zip(wid[order][head].tolist(),
                                                        num[order][head].tolist(), strict=True))
    return ways_of_link, first_seg


def _topology(ways: _Ways, protected: np.ndarray, report: BuildReport,
              border: _Border | None = None, keep_degenerate: bool = False) -> _Links:
    """Split ways at shared nodes, then merge degree-2 chains of equal attributes.

    ``border``: the nodes this piece of a partitioned build shares with the others
    (:class:`_Border`); the links are then those of the union of the pieces, but for the
    chains the union merges through a shared node, which are merged when the pieces'
    links are joined (:mod:`corridor.osm.seams`). ``keep_degenerate``: keep the links
    shorter than the coordinate grid, without geometry (``None``), for that join.
    """
    seg = _split(ways, protected, report, border)
    no_merge = protected if border is None else np.union1d(protected, border.nodes)
    seg_a, seg_b, mergeable = _mergeable(seg, no_merge)
    chains = _walk_chains(seg, seg_a, seg_b, mergeable)
    n_links = len(chains.u)
    lon, lat, vertex_link, first_segs = _link_vertices(ways, seg, chains)
    geometry, length, good = _link_geometry(lon, lat, vertex_link, n_links, report)
    seg_number = _seg_numbers(ways, seg)
    ways_of_link, first_seg = _ways_of_links(ways, seg, chains, n_links, seg_number)
    # the order of the links: chains by the state they start with (segment, direction),
    # then rings (whose every node merges) by their lowest segment
    new_link = np.ones(len(chains.segs), dtype=bool)
    new_link[1:] = chains.link_of[1:] != chains.link_of[:-1]
    start = np.column_stack([mergeable[chains.u].astype(np.int64),
                             ways.way_id[seg.way[first_segs]], seg_number[first_segs],
                             chains.rev[new_link].astype(np.int64)])
    last = np.ones(len(chains.segs), dtype=bool)
    last[:-1] = new_link[1:]
    last_segs = chains.segs[last]
    end = np.column_stack([ways.way_id[seg.way[last_segs]], seg_number[last_segs],
                           chains.rev[last].astype(np.int64)])
    u = seg.node_refs[np.asarray(chains.u, dtype=np.int64)]
    v = seg.node_refs[np.asarray(chains.v, dtype=np.int64)]
    if keep_degenerate:
        lines = np.full(n_links, None, dtype=object)
        lines[good] = geometry
        geometry, good = lines, np.ones(n_links, dtype=bool)
    good_l = good.tolist()
    return _Links(
        u=u[good],
        v=v[good],
        attr=seg.attr[first_segs][good],
        ways=[w for w, g in zip(ways_of_link, good_l, strict=True) if g],
        first_seg=[f for f, g in zip(first_seg, good_l, strict=True) if g and f is not None],
        geometry=geometry,
        length_km=length[good],
        start=start[good],
        end=end[good],
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
