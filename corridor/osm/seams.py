"""Chains of links merged through the border nodes of a partitioned build, as the union merges."""

from __future__ import annotations

import numpy as np
import shapely

from corridor.osm.topology import _Links

#: A link walked in a chain: (link index, walked from its ``u`` end).
_Step = tuple[int, bool]


def _merge_at_borders(links: _Links, border: np.ndarray, protected: np.ndarray,
                      ) -> tuple[_Links, int]:
    """Merge the links through the border nodes where one topology of the union would.

    ``links`` are the pieces' links joined in the union's order, none merged through a
    ``border`` node. The union merges a chain through a node of degree 2 whose two links
    are distinct, of the same attributes, and that is not a curated place
    (``protected``). Such chains are merged here as the union walks them: from the end
    whose end segment comes first (way id, then segment number), the vertices of the
    links in turn (the shared one once), their way ids in runs, the least (way id,
    segment number) naming the link. Links shorter than the coordinate grid (geometry
    ``None``) merge as the others do; a chain of such links only stays without geometry.
    A chain closing on itself through border nodes only becomes a loop, dropped as the
    union's ring is.

    Returns
    -------
    (links, merged)
        The links in the union's order, and the number of border nodes merged through.
    """
    n = len(links.u)
    ends = np.concatenate([links.u, links.v])
    maybe = np.setdiff1d(border, protected)
    at = np.flatnonzero(np.isin(ends, maybe))
    if not len(at):
        return links, 0
    by_node: dict[int, list[tuple[int, int]]] = {}
    for pos, node in zip(at.tolist(), ends[at].tolist(), strict=True):
        by_node.setdefault(node, []).append((pos % n, pos // n))  # (link, side: 0 = u)
    attr = links.attr.tolist()
    nb: dict[tuple[int, int], tuple[int, int]] = {}
    for pair in by_node.values():
        if len(pair) == 2 and pair[0][0] != pair[1][0] and attr[pair[0][0]] == attr[pair[1][0]]:
            nb[pair[0]], nb[pair[1]] = pair[1], pair[0]
    if not nb:
        return links, 0
    done = np.zeros(n, dtype=bool)
    chains: list[list[_Step]] = []
    for first in sorted({link for link, _ in nb}):
        if done[first]:
            continue
        steps = _chain(first, nb)
        for link, _ in steps:
            done[link] = True
        chains.append(_oriented(steps, links))
    return _rebuilt(links, chains, done), len(nb) // 2


def _chain(first: int, nb: dict[tuple[int, int], tuple[int, int]]) -> list[_Step]:
    """Return the links of the chain through ``first``, walked from one of its ends.

    A ring (the chain comes back to ``first``) is walked from ``first``: it becomes a
    loop, which is dropped as the union's ring is.
    """
    link, out = first, 0  # walk out of the u side to the chain's end
    while (link, out) in nb:
        link, side = nb[(link, out)]
        out = 1 - side
        if link == first:  # a ring: walk it from here
            out = 0
            break
    steps = [(link, out == 0)]
    leave = 1 - out
    while (link, leave) in nb:
        link, side = nb[(link, leave)]
        if link == steps[0][0]:  # round a ring
            break
        steps.append((link, side == 0))
        leave = 1 - side
    return steps


def _oriented(steps: list[_Step], links: _Links) -> list[_Step]:
    """Walk the chain from the end whose end segment comes first (the union's start)."""
    head_link, head_fwd = steps[0]
    tail_link, tail_fwd = steps[-1]
    head = links.start[head_link, 1:3] if head_fwd else links.end[head_link, :2]
    tail = links.end[tail_link, :2] if tail_fwd else links.start[tail_link, 1:3]
    if tuple(tail.tolist()) < tuple(head.tolist()):
        return [(link, not fwd) for link, fwd in reversed(steps)]
    return steps


def _start_of(links: _Links, link: int, fwd: bool) -> list[int]:
    """Return the order key of a chain walked from ``link`` (forwards or not)."""
    if fwd:
        return links.start[link].tolist()
    way, num, rev = links.end[link].tolist()
    return [0, way, num, 1 - rev]


def _end_of(links: _Links, link: int, fwd: bool) -> list[int]:
    """Return (way id, segment number, backwards) of the last segment of ``link`` walked."""
    if fwd:
        return links.end[link].tolist()
    _, way, num, rev = links.start[link].tolist()
    return [way, num, 1 - rev]


def _rebuilt(links: _Links, chains: list[list[_Step]], done: np.ndarray,
             ) -> _Links:
    """Return the links not merged and the merged chains, in the union's order."""
    u, v, attr, ways, first_seg, geometry, length, start, end = (
        [], [], [], [], [], [], [], [], [])
    for steps in chains:
        coords: list[np.ndarray] = []
        way_runs: list[int] = []
        for link, fwd in steps:
            xy = shapely.get_coordinates(links.geometry[link])  # none: shorter than the grid
            coords.append(xy if fwd else xy[::-1])
            run = links.ways[link] if fwd else links.ways[link][::-1]
            way_runs.extend(run[1:] if way_runs and run and run[0] == way_runs[-1] else run)
        first, fwd0 = steps[0]
        last, fwd1 = steps[-1]
        u.append(int(links.u[first] if fwd0 else links.v[first]))
        v.append(int(links.v[last] if fwd1 else links.u[last]))
        attr.append(int(links.attr[first]))
        ways.append(way_runs)
        first_seg.append(min(links.first_seg[link] for link, _ in steps))
        xy = np.concatenate(coords)
        repeat = np.zeros(len(xy), dtype=bool)  # the vertex two links share, once
        repeat[1:] = (xy[1:] == xy[:-1]).all(axis=1)
        geometry.append(shapely.linestrings(xy[~repeat]) if len(xy) - repeat.sum() >= 2
                        else None)
        length.append(float(sum(links.length_km[link] for link, _ in steps)))
        start.append(_start_of(links, first, fwd0))
        end.append(_end_of(links, last, fwd1))
    keep = np.flatnonzero(~done)
    all_start = np.concatenate([links.start[keep], np.asarray(start, dtype=np.int64)])
    order = np.lexsort(all_start.T[::-1])
    geoms = np.empty(len(geometry), dtype=object)
    geoms[:] = geometry
    kept, order_l = keep.tolist(), order.tolist()
    all_ways = [links.ways[i] for i in kept] + ways
    all_first = [links.first_seg[i] for i in kept] + first_seg
    return _Links(
        u=np.concatenate([links.u[keep], np.asarray(u, dtype=np.int64)])[order],
        v=np.concatenate([links.v[keep], np.asarray(v, dtype=np.int64)])[order],
        attr=np.concatenate([links.attr[keep], np.asarray(attr, dtype=links.attr.dtype)])[order],
        ways=[all_ways[i] for i in order_l],
        first_seg=[all_first[i] for i in order_l],
        geometry=np.concatenate([links.geometry[keep], geoms])[order],
        length_km=np.concatenate([links.length_km[keep], np.asarray(length)])[order],
        start=all_start[order],
        end=np.concatenate([links.end[keep], np.asarray(end, dtype=np.int64).reshape(-1, 3)],
                           )[order],
    )
