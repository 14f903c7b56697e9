"""The fast OSM ingest against slow, obviously correct references computed independently."""

from __future__ import annotations

import dataclasses
import gc
import importlib
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import osmium
import pytest
import shapely
from osmium.osm.mutable import Node, Way
from shapely.geometry import Point, box

from benchmarks import bench_osm
from corridor import osm, settings
from corridor._geo import haversine_km
from corridor.osm import conflate
from corridor.osm.build import _junction_points
from corridor.osm.read import _read_ways, _Ways
from corridor.osm.report import BuildReport
from corridor.osm.tags import _Attr, _Classifier
from corridor.osm.topology import _mergeable, _split, _topology, _walk_chains

# --------------------------------------------------------------------------- reading

NAMES = ["Main, East = West", "50% road", "Սիսիան", "თბილისი", "تبریز", "a b\tc", "",
         "emoji 🚂", "@at#hash"]


def _random_extract(path: Path, seed: int, twice: tuple[int, ...] = ()) -> Path:
    """Ways of every kept and skipped kind, odd names, negative ids and missing nodes."""
    rng = np.random.default_rng(seed)
    node_ids = [int(i) for i in rng.choice(np.arange(-50, 400), 300, replace=False)]
    locations = {n: (44.0 + rng.uniform(0, 2), 39.0 + rng.uniform(0, 2)) for n in node_ids}
    used = [*node_ids, 10_001, 10_002]  # the last two are missing from the file
    kinds = [{"highway": "primary"}, {"highway": "secondary", "maxspeed": "40 mph"},
             {"highway": "construction", "construction": "trunk"}, {"highway": "tertiary"},
             {"railway": "rail", "gauge": "1520", "electrified": "contact_line",
              "tracks": "2"},
             {"railway": "rail", "gauge": "1000"}, {"railway": "rail", "service": "siding"},
             {"railway": "disused", "disused:railway": "rail"},
             {"railway": "abandoned", "abandoned": "tram"},
             {"route": "ferry", "duration": "01:30"}, {"building": "yes"}]
    with osmium.SimpleWriter(str(path), overwrite=True) as writer:
        for nid in sorted(locations):
            writer.add_node(Node(id=nid, location=locations[nid]))
        for nid in twice:  # a second version of these nodes
            writer.add_node(Node(id=nid, location=(46.5, 41.5)))
        for wid in range(-20, 200):
            tags = dict(kinds[int(rng.integers(len(kinds)))])
            if rng.random() < 0.6:
                tags["name"] = NAMES[int(rng.integers(len(NAMES)))]
            if rng.random() < 0.3:
                tags["ref"] = f"M{int(rng.integers(5))}"
            n = int(rng.integers(0, 7))
            nodes = [used[int(k)] for k in rng.integers(0, len(used), n)]
            if n > 2 and rng.random() < 0.2:
                nodes.insert(1, nodes[0])  # a repeated node
            writer.add_way(Way(id=wid, nodes=nodes, tags=tags))
    return path


def _reference_ways(path: Path) -> list[tuple[int, Any, list[int], list[float], list[float]]]:
    """The kept ways read object by object with pyosmium: id, attributes, nodes, lon, lat."""
    classify = _Classifier("secondary", include_service=False)
    out = []
    for way in osmium.FileProcessor(str(path)).with_locations():
        if not way.is_way():
            continue
        found = classify(way.tags)
        if found is None or isinstance(found, str):
            continue
        nodes = [(n.ref, n.location) for n in way.nodes if n.location.valid()]
        nodes = [p for k, p in enumerate(nodes) if k == 0 or p[0] != nodes[k - 1][0]]
        if len(nodes) >= 2:
            out.append((way.id, found, [r for r, _ in nodes], [loc.lon for _, loc in nodes],
                        [loc.lat for _, loc in nodes]))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reading_matches_pyosmium_object_by_object(tmp_path: Path, seed: int) -> None:
    path = _random_extract(tmp_path / "x.osm.pbf", seed)
    ways = _read_ways(path, progress=False)
    expected = _reference_ways(path)
    assert len(expected) > 20
    assert ways.way_id.tolist() == [w[0] for w in expected]
    assert [ways.attrs[a] for a in ways.attr] == [w[1] for w in expected]
    off = ways.offsets
    for i, (_, _, refs, lon, lat) in enumerate(expected):
        assert ways.ref[off[i]:off[i + 1]].tolist() == refs
        assert ways.lon[off[i]:off[i + 1]].tolist() == lon  # to the last bit
        assert ways.lat[off[i]:off[i + 1]].tolist() == lat
    names = {a.name for a in ways.attrs}
    assert {"Main, East = West", "50% road", "თბილისი", "emoji 🚂"} <= names


def test_a_node_given_twice_takes_its_last_location(tmp_path: Path) -> None:
    once = _read_ways(_random_extract(tmp_path / "a.osm.pbf", 4), progress=False)
    again = tuple(sorted(r for r in set(once.ref.tolist()) if r >= 0)[:5])
    twice = _read_ways(_random_extract(tmp_path / "b.osm.pbf", 4, again), progress=False)
    moved = np.isin(twice.ref, again)
    assert moved.any() and twice.way_id.tolist() == once.way_id.tolist()
    assert (twice.lon[moved] == 46.5).all() and (twice.lat[moved] == 41.5).all()
    assert (twice.lon[~moved] == once.lon[~moved]).all()


# --------------------------------------------------------------------------- countries


def _reference_countries(points: np.ndarray, regions: gpd.GeoDataFrame,
                         ) -> list[set[str]]:
    """Per point, the codes it may get: the regions holding it, else the nearest ones.

    A plain ``within`` test and ``distance`` to every region; where two regions tie (a
    point in two regions, or as near to two), any of them is a right answer.
    """
    codes = regions["country"].astype(object).to_numpy()
    answers = []
    for p in points:
        inside = {str(c) for c in codes[regions.geometry.contains(p).to_numpy()]}
        if inside:
            answers.append(inside)
            continue
        dist = shapely.distance(np.asarray(regions.geometry), p)
        answers.append({str(c) for c in codes[dist <= dist.min() + 1e-9]})
    return answers


def test_country_lookup_matches_within_and_distance_on_the_shipped_regions() -> None:
    regions = gpd.read_file(settings.SHIPPED_GEODATA / "regions.geojson")
    rng = np.random.default_rng(5)
    xy = np.column_stack([rng.uniform(25, 75, 600), rng.uniform(30, 50, 600)])
    border = shapely.get_coordinates(shapely.boundary(np.asarray(regions.geometry)))
    pick = rng.choice(len(border) - 1, 200, replace=False)
    on_border = np.concatenate([border[pick[:100]],  # vertices and mid-segment points
                                (border[pick[100:]] + border[pick[100:] + 1]) / 2])
    points = shapely.points(np.concatenate([xy, on_border]))
    got = conflate._countries_at(points, regions, None)
    expected = _reference_countries(points, regions)
    outside = 0
    for p, g, ok in zip(points, got, expected, strict=True):
        assert str(g) in ok, (p, g, ok)
        outside += not any(regions.geometry.contains(p))
    assert outside > 100  # the nearest-region path is exercised


@pytest.mark.parametrize("seed", range(4))
def test_country_ties_take_the_exact_querys_answer(seed: int) -> None:
    # a chequer of unit squares in random order: points on their edges and corners are in
    # none and as near to two or more; the answer must be the one the exact query gives
    rng = np.random.default_rng(seed)
    cells = [(i, j) for i in range(6) for j in range(6) if rng.random() < 0.5]
    rng.shuffle(cells)
    regions = gpd.GeoDataFrame({"country": [f"C{k}" for k in range(len(cells))]},
                               geometry=[box(i, j, i + 1, j + 1) for i, j in cells],
                               crs=settings.CRS)
    points = np.array([Point(i + dx, j + dy) for i in range(7) for j in range(7)
                       for dx, dy in ((0, 0), (0.5, 0), (0, 0.5), (0.5, 0.5), (-0.5, 0))],
                      dtype=object)
    tree = shapely.STRtree(np.asarray(regions.geometry))
    exact = regions["country"].to_numpy()[conflate._countries_at_reference(points, tree, True)]
    assert conflate._countries_at(points, regions, None).tolist() == exact.tolist()


@pytest.mark.parametrize("seed", range(4))
def test_points_inside_regions_of_different_codes_keep_the_querys_order(seed: int) -> None:
    # overlapping boxes of different codes: the within query's last match wins
    rng = np.random.default_rng(seed)
    corners = rng.uniform(0, 8, (12, 2))
    sizes = rng.uniform(1, 4, (12, 2))
    regions = gpd.GeoDataFrame({"country": [f"C{k % 4}" for k in range(12)]},
                               geometry=[box(x, y, x + w, y + h)
                                         for (x, y), (w, h) in zip(corners, sizes, strict=True)],
                               crs=settings.CRS)
    points = shapely.points(rng.uniform(0, 12, (400, 2)))
    tree = shapely.STRtree(np.asarray(regions.geometry))
    exact = regions["country"].to_numpy()[conflate._countries_at_reference(points, tree, True)]
    assert conflate._countries_at(points, regions, None).tolist() == exact.tolist()


# --------------------------------------------------------------------------- snapping


def _ways_of(lon: np.ndarray, lat: np.ndarray, refs: np.ndarray, mode: str) -> _Ways:
    """Two-node ways through the given nodes, all of one mode."""
    n = len(refs) // 2 * 2
    return _Ways(way_id=np.arange(n // 2), attr=np.zeros(n // 2, dtype=np.int32),
                 offsets=np.arange(0, n + 1, 2), ref=refs[:n], lon=lon[:n], lat=lat[:n],
                 attrs=[_Attr(mode, "operating")])


@pytest.mark.parametrize("seed", range(3))
def test_snapping_finds_the_nearest_node_as_a_search_over_all_nodes(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lon = np.round(rng.uniform(44.0, 44.2, 4000), 4)  # rounded: many nodes share a spot
    lat = np.round(rng.uniform(40.0, 40.2, 4000), 4)
    refs = rng.permutation(10_000)[:4000].astype(np.int64)
    ways = _ways_of(lon, lat, refs, "rail")
    stations = rng.choice(4000, 40, replace=False)
    places = gpd.GeoDataFrame(
        {"kind": "station", "crossing_modes": None},
        geometry=shapely.points(lon[stations] + rng.normal(0, 0.004, 40),
                                lat[stations] + rng.normal(0, 0.004, 40)),
        index=[f"s{k}" for k in range(40)], crs=settings.CRS)
    got = conflate._snap(ways, places, 0.5, BuildReport())
    # the same with the k-d tree over all the nodes (no grid prefilter)
    original = conflate._near_places
    try:
        conflate._near_places = lambda *args: None  # type: ignore[assignment]
        slow_report = BuildReport()
        slow = conflate._snap(ways, places, 0.5, slow_report)
    finally:
        conflate._near_places = original
    assert got == slow and len(got) > 10
    # and each snapped node is one of the nearest by brute force, within the radius
    for ref, pid in got.items():
        p = places.geometry[pid]
        km = haversine_km(p.x, p.y, ways.lon, ways.lat)
        k = int(np.flatnonzero(ways.ref == ref)[0])
        assert km[k] <= 0.5 + 1e-9 and km[k] <= km.min() + 1e-9


# --------------------------------------------------------------------------- node index


def test_topology_and_junctions_agree_with_and_without_the_node_index(tmp_path: Path) -> None:
    # ways read from a file carry each node's index; ways built elsewhere may not
    ext = tmp_path / "x.osm.pbf"
    bench_osm.generate(ext, 1500, seed=3)
    ways = _read_ways(ext, progress=False)
    assert ways.node_index() is not None
    bare = dataclasses.replace(ways, node=None)
    # an index that does not fit the node ids (ways combined elsewhere) is not used
    for wrong in (ways.node[::-1], ways.node[:-1], np.argsort(np.argsort(-ways.ref)),
                  np.where(ways.node == 1, 0, ways.node)):
        assert dataclasses.replace(ways, node=wrong).node_index() is None
    fast, slow = (_topology(w, np.zeros(0, np.int64), BuildReport()) for w in (ways, bare))
    assert fast.u.tolist() == slow.u.tolist() and fast.v.tolist() == slow.v.tolist()
    assert fast.ways == slow.ways and fast.first_seg == slow.first_seg
    assert shapely.equals_exact(fast.geometry, slow.geometry, tolerance=0).all()
    ends = np.concatenate([fast.u, fast.v])
    (ids_a, pts_a), (ids_b, pts_b) = (_junction_points(w, ends, fast.u[:5])
                                      for w in (ways, bare))
    assert ids_a.tolist() == ids_b.tolist() and len(ids_a) > 100
    assert shapely.equals_exact(pts_a, pts_b, tolerance=0).all()


# --------------------------------------------------------------------------- chain walk


def _walk_one_by_one(su: list[int], sv: list[int], seg_a: list[int], seg_b: list[int],
                     merge: list[bool]) -> list[tuple[list[int], list[bool], int, int]]:
    """Chains walked a segment at a step: from each stopping end in segment order, then rings."""
    seen = [False] * len(su)
    chains = []

    def walk(s: int, node: int) -> None:
        start, segs, rev = node, [], []
        while not seen[s]:
            seen[s] = True
            segs.append(s)
            rev.append(su[s] != node)
            node = su[s] if rev[-1] else sv[s]
            if not merge[node]:
                break
            s = seg_b[node] if seg_a[node] == s else seg_a[node]
        chains.append((segs, rev, start, node))

    for s in range(len(su)):
        if not seen[s] and not merge[su[s]]:
            walk(s, su[s])
        elif not seen[s] and not merge[sv[s]]:
            walk(s, sv[s])
    for s in range(len(su)):
        if not seen[s]:
            walk(s, su[s])
    return chains


@pytest.mark.parametrize("seed", range(4))
def test_chain_walk_matches_a_walk_segment_by_segment(seed: int) -> None:
    rng = np.random.default_rng(seed)
    refs: list[int] = []
    offsets = [0]
    for _ in range(300):  # ways over few nodes: many shared, chains and rings
        n = int(rng.integers(2, 5))
        nodes = [int(k) for k in rng.integers(0, 250, n)]
        if rng.random() < 0.1:  # a closed way
            nodes.append(nodes[0])
        refs += nodes
        offsets.append(len(refs))
    for first in range(1000, 1040, 4):  # rings of two ways
        refs += [first, first + 1, first + 2, first + 2, first + 3, first]
        offsets += [offsets[-1] + 3, offsets[-1] + 6]
    for first in range(2000, 2050, 10):  # chains of four ways, the third one reversed
        refs += [first, first + 1, first + 2, first + 2, first + 3,
                 first + 5, first + 4, first + 3, first + 5, first + 6]
        offsets += [offsets[-1] + k for k in (3, 5, 8, 10)]
    n_ways = len(offsets) - 1
    ref = np.asarray(refs, dtype=np.int64)
    attr = np.zeros(n_ways, dtype=np.int32)  # the rings and chains added: one attribute
    attr[:300] = rng.integers(0, 2, 300)
    ways = _Ways(way_id=np.arange(n_ways), attr=attr,
                 offsets=np.asarray(offsets), ref=ref, lon=44 + ref / 1e4, lat=40 + ref / 1e4,
                 attrs=[_Attr("rail", "operating"), _Attr("rail", "disused")])
    for protected in (np.zeros(0, np.int64), np.asarray([3, 1001, 1013], dtype=np.int64)):
        seg = _split(ways, protected, BuildReport())
        seg_a, seg_b, merge = _mergeable(seg, protected)
        got = _walk_chains(seg, seg_a, seg_b, merge)
        expected = _walk_one_by_one(seg.su.tolist(), seg.sv.tolist(), seg_a.tolist(),
                                    seg_b.tolist(), merge.tolist())
        links = got.link_of.tolist()
        assert links == sorted(links)
        assert [(got.segs[got.link_of == k].tolist(), got.rev[got.link_of == k].tolist(),
                 int(got.u[k]), int(got.v[k])) for k in range(len(got.u))] == expected
        assert sum(u == v for *_, u, v in expected) >= 10  # rings walked
        assert max(len(segs) for segs, *_ in expected) >= 3  # chains merged


# --------------------------------------------------------------------------- garbage collector


def test_a_build_pauses_the_garbage_collector_and_restores_its_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ext = tmp_path / "x.osm.pbf"
    bench_osm.generate(ext, 300, seed=2)
    build_module = importlib.import_module("corridor.osm.build")
    during: list[bool] = []
    assemble = build_module._assemble

    def spy(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.isenabled())
        return assemble(*args, **kwargs)

    monkeypatch.setattr(build_module, "_assemble", spy)
    after = []
    try:
        for enabled in (True, False):
            if enabled:
                gc.enable()
            else:
                gc.disable()
            osm.build(ext, country="ARM", progress=False)
            after.append(gc.isenabled())
    finally:
        gc.enable()
    assert during == [False, False]
    assert after == [True, False]
