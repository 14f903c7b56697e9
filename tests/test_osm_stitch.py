"""Per-country extracts read apart (in-process or on Dask workers) stitch into the union's build."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import point, write_geodata
from geopandas.testing import assert_geodataframe_equal
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from test_osm import LAT, LON, STEP, Extract

from benchmarks import bench_osm, bench_stitch
from corridor import cli, geodata, osm
from corridor._errors import OsmError
from corridor._geo import haversine_km
from corridor.osm.stitch import merge_pieces, read_piece

CUT = 55.0  # the synthetic extract spans 41-69°E


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A synthetic extract, its curated stations, and its two halves cut Geofabrik-style."""
    folder = tmp_path_factory.mktemp("stitch")
    whole = folder / "whole.osm.pbf"
    meta = bench_osm.generate(whole, 3000)
    curated = geodata.load(bench_osm.write_curated(folder / "curated", meta))
    pieces = bench_stitch.split_extract(whole, folder / "pieces", [CUT], overlap=0.2)
    want = osm.build(whole, curated, progress=False)
    return {"whole": whole, "curated": curated, "pieces": pieces, "want": want,
            "folder": folder}


def assert_same_build(got: geodata.GeoData, want: geodata.GeoData) -> None:
    """Same places and links: ids, order, every attribute and the geometry."""
    assert_geodataframe_equal(got.places, want.places)
    assert_geodataframe_equal(got.links, want.links)


def border_nodes(pieces: list[Path]) -> np.ndarray:
    """Node ids used by the kept ways of two pieces or more, found way by way in Python.

    Of a way's copies the one with the most nodes is kept, the first piece's on a tie.
    """
    ways = [read_piece(p)[0] for p in pieces]
    owner: dict[int, tuple[int, int, int]] = {}
    for k, w in enumerate(ways):
        for i, wid in enumerate(w.way_id.tolist()):
            size = int(w.offsets[i + 1] - w.offsets[i])
            if wid not in owner or size > owner[wid][0]:
                owner[wid] = (size, k, i)
    nodes: list[set[int]] = [set() for _ in ways]
    for _, k, i in owner.values():
        nodes[k].update(ways[k].ref[ways[k].offsets[i]:ways[k].offsets[i + 1]].tolist())
    count = Counter(n for piece in nodes for n in piece)
    return np.array(sorted(n for n, c in count.items() if c >= 2), dtype=np.int64)


def link_km(data: geodata.GeoData) -> np.ndarray:
    """Length of each link's geometry, km (great circle between its vertices)."""
    km = []
    for geom in data.links.geometry:
        xy = np.asarray(geom.coords)
        km.append(float(haversine_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1]).sum()))
    return np.array(km)


def distances(data: geodata.GeoData, ids: list[str]) -> np.ndarray:
    """Shortest km between every two of ``ids`` over the links (any mode, both ways)."""
    names = sorted(set(data.links["from"]) | set(data.links["to"]))
    index = {n: i for i, n in enumerate(names)}
    best: dict[tuple[int, int], float] = {}
    for a, b, km in zip(data.links["from"], data.links["to"], link_km(data), strict=True):
        key = (min(index[a], index[b]), max(index[a], index[b]))
        best[key] = min(best.get(key, np.inf), km)
    rows, cols = zip(*best, strict=True)
    graph = csr_matrix((list(best.values()), (rows, cols)), shape=(len(names), len(names)))
    at = [index[i] for i in ids]
    return dijkstra(graph, directed=False, indices=at)[:, at]


def assert_same_network(got: geodata.GeoData, want: geodata.GeoData,
                        max_sources: int = 120) -> None:
    """Same total length, and same shortest km between every two nodes both have."""
    assert link_km(got).sum() == pytest.approx(link_km(want).sum(), rel=1e-12)
    ends = [set(d.links["from"]) | set(d.links["to"]) for d in (got, want)]
    common = sorted(ends[0] & ends[1])
    assert len(common) > 0.9 * min(map(len, ends))
    sample = common[:: max(1, len(common) // max_sources)]
    np.testing.assert_allclose(distances(got, sample), distances(want, sample), rtol=1e-9)


def test_the_split_is_geofabrik_like(extracts: dict[str, Any]) -> None:
    """Each half misses ways of the other; ways crossing the cut are whole in both."""
    (west, _), (east, _) = (read_piece(p) for p in extracts["pieces"])
    union, _ = read_piece(extracts["whole"])
    both = np.intersect1d(west.way_id, east.way_id)
    assert 10 < len(both) < len(west.way_id) / 5
    assert len(np.union1d(west.way_id, east.way_id)) == len(union.way_id)
    for piece in (west, east):
        for way in both[:5].tolist():
            i, j = (int(np.flatnonzero(w.way_id == way)[0]) for w in (piece, union))
            a = piece.ref[piece.offsets[i]:piece.offsets[i + 1]]
            b = union.ref[union.offsets[j]:union.offsets[j + 1]]
            assert np.array_equal(a, b)


def test_pieces_built_in_process_equal_the_union_built_without_merging_at_borders(
        extracts: dict[str, Any]) -> None:
    want, want_report = extracts["want"]
    for pieces in (extracts["pieces"], extracts["pieces"][::-1]):
        border = border_nodes(pieces)
        assert 3 <= len(border) < 100
        kept, _ = osm.build(extracts["whole"], extracts["curated"], progress=False,
                            _no_merge=border)
        got, report = osm.build_many(pieces, extracts["curated"])
        # frame for frame: the union's build with no chain merged through a border node
        assert_same_build(got, kept)
        assert report.border_nodes == len(border)
        assert report.pieces_read == 2 and report.duplicate_ways > 10
        assert report.workers == 0
        assert (report.ways_kept, report.snapped, report.unsnapped) == (
            want_report.ways_kept, want_report.snapped, want_report.unsnapped)
        assert report.ways_read == want_report.ways_read + report.duplicate_ways
        # and the union's own build: the same network, a few chains cut at the border
        assert_same_network(got, want)
        assert 0 < len(got.links) - len(want.links) <= len(border)
        assert set(want.places.index) <= set(got.places.index)
    # the network is joined across the cut: links run from one half into the other
    bounds = got.links.geometry.bounds
    assert ((bounds.minx < CUT) & (bounds.maxx > CUT)).sum() >= 5
    # and neither half alone gives it
    for piece in extracts["pieces"]:
        alone, _ = osm.build(piece, extracts["curated"], progress=False)
        assert len(alone.links) < 0.8 * len(want.links)


def test_pieces_gathered_unpartitioned_equal_the_single_build(
        extracts: dict[str, Any]) -> None:
    want, want_report = extracts["want"]
    for pieces in (extracts["pieces"], extracts["pieces"][::-1]):
        got, report = osm.build_many(pieces, extracts["curated"], partitioned=False)
        assert_same_build(got, want)
        assert (report.links, report.junctions, report.ways_kept, report.snapped) == (
            want_report.links, want_report.junctions, want_report.ways_kept,
            want_report.snapped)


def test_pieces_built_on_two_dask_workers_stay_where_they_were_read(
        extracts: dict[str, Any]) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster, get_task_stream

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        with get_task_stream(client) as stream:
            got, report = osm.build_many(extracts["pieces"], extracts["curated"],
                                         client=client)
        tasks = stream.data
        gathered, _ = osm.build_many(extracts["pieces"], extracts["curated"],
                                     client=client, partitioned=False)
    assert report.workers == 2
    want, _ = osm.build_many(extracts["pieces"], extracts["curated"])
    assert_same_build(got, want)
    assert_same_build(gathered, extracts["want"][0])

    def ran(prefix: str) -> Counter[str]:
        return Counter(t["worker"] for t in tasks if t["key"].startswith(prefix))

    # one task per extract and round, each round on the workers that read the pieces
    reads = ran("read_piece")
    assert sum(reads.values()) == 2
    for name in ("_way_sizes", "_owned", "_piece_nodes", "_piece_links"):
        assert ran(name) == reads
    # no piece moved between workers
    assert not [t for t in tasks for s in t["startstops"] if s["action"] == "transfer"]


def border_extracts(tmp_path: Path) -> tuple[list[Path], Path, geodata.GeoData]:
    """Two hand-cut extracts (west, east) whose ways meet at their border, and the union.

    Rail way 1 is in both (equal copies); rail way 2 (east) continues it; road way 4
    (both) ends in the middle of road way 3 (east); ferry 5 (west) leaves from the middle
    of road 3; rail way 6 (west) crosses road 3 at a level crossing; a station is 0.1 km
    from rail node 12 (east), 0.86 km from node 11, the nearest of the west's nodes.
    """
    union = Extract()
    union.way(1, union.line(1, 11), railway="rail", gauge="1520")
    union.way(2, union.line(11, 6, lon=LON + 10 * STEP), railway="rail", gauge="1520")
    road = union.line(100, 11, lon=LON + 5 * STEP, lat=LAT + 0.05)
    union.way(3, road, highway="primary")
    union.way(4, [*union.line(200, 3, lon=LON + 10 * STEP, lat=LAT + 0.02, dlon=0.0,
                              dlat=0.01), 105], highway="primary")
    union.way(5, [107, union.node(300, LON + 12 * STEP, LAT + 0.2),
                  union.node(301, LON + 12 * STEP, LAT + 0.4)], route="ferry")
    union.way(6, [union.node(400, LON + 8 * STEP, LAT + 0.03), 103,
                  union.node(401, LON + 8 * STEP, LAT + 0.07)], railway="rail",
              gauge="1520")
    west, east = Extract(), Extract()
    west.nodes = east.nodes = union.nodes
    by_id = {w[0]: w for w in union.ways}
    west.ways = [by_id[i] for i in (1, 4, 5, 6)]
    east.ways = [by_id[i] for i in (1, 2, 3, 4)]
    paths = [west.write(tmp_path / "west.osm"), east.write(tmp_path / "east.osm")]
    curated = geodata.load(write_geodata(tmp_path / "curated", [
        point("station", LON + 11 * STEP, LAT + 0.0009, kind="station")], []))
    return paths, union.write(tmp_path / "union.osm"), curated


def test_pieces_split_and_snap_at_their_border_as_the_union(tmp_path: Path) -> None:
    """Splits a piece cannot see (a way of the other ending on it, a ferry) and snapping."""
    pieces, union, curated = border_extracts(tmp_path)
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0, "snap_radius_km": 1.5}
    want, want_report = osm.build(union, curated, progress=False, **options)
    assert want_report.snapped["station"] == [("rail", 12, pytest.approx(0.1, abs=0.01))]
    # west first, it keeps the equal copies of ways 1 and 4; east first, the east does
    for order, shared in ((pieces, [11, 103, 105, 107]), (pieces[::-1], [103, 107])):
        border = border_nodes(order)
        assert border.tolist() == shared
        kept, _ = osm.build(union, curated, progress=False, _no_merge=border, **options)
        got, report = osm.build_many(order, curated, **options)
        assert_same_build(got, kept)
        assert report.snapped == want_report.snapped
        assert_same_network(got, want)
        # road 3 is split where road 4 and the ferry end
        road = got.links[got.links["mode"] == "road"]
        assert sorted(map(sorted, zip(road["from"], road["to"], strict=True))) == [
            ["osm_n100", "osm_n105"], ["osm_n105", "osm_n107"], ["osm_n105", "osm_n200"],
            ["osm_n107", "osm_n110"]]
        # rails 1 and 2 stay two links at node 11 when they are built apart
        assert len(got.links) - len(want.links) == (11 in shared)
        assert "osm_n103" not in got.places.index  # the level crossing joins nothing


def test_a_clipped_copy_of_a_way_gives_way_to_the_whole_one(tmp_path: Path) -> None:
    """A way cut short in one extract (its far nodes missing) is taken whole from the other."""
    whole, clipped = Extract(), Extract()
    for ext, n in ((whole, 20), (clipped, 8)):
        ext.way(1, ext.line(1, n), highway="primary")
    whole.way(2, [*whole.line(100, 5, lat=LAT + 0.1), 5], highway="primary")
    clipped.way(3, clipped.line(200, 6, lon=LON - 6 * STEP), highway="trunk")
    clipped.ways[0] = (1, list(range(1, 21)), {"highway": "primary"})  # nodes 9-20 missing
    a, b = whole.write(tmp_path / "a.osm"), clipped.write(tmp_path / "b.osm")
    (wa, _), (wb, _) = read_piece(a), read_piece(b)
    assert len(wb.ref) < len(wa.ref)  # the clipped copy was read (cleaned to 8 nodes)
    for pieces in ([wa, wb], [wb, wa]):
        ways, dropped = merge_pieces(pieces)
        assert dropped == 1
        assert ways.way_id.tolist() == [1, 2, 3]
        assert ways.ref[: ways.offsets[1]].tolist() == list(range(1, 21))
        assert ways.attrs[ways.attr[2]].highway == "trunk"
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0}
    got, _ = osm.build_many([b, a], **options)
    both = Extract()
    both.nodes = {**clipped.nodes, **whole.nodes}
    both.ways = [*whole.ways, clipped.ways[1]]
    want, _ = osm.build(both.write(tmp_path / "both.osm"), progress=False, **options)
    assert_same_build(got, want)


def test_no_extract_or_a_bad_one_raises_osm_error(extracts: dict[str, Any],
                                                  tmp_path: Path) -> None:
    with pytest.raises(OsmError, match="no OSM extract"):
        osm.build_many([])
    with pytest.raises(OsmError, match=r"nowhere\.osm\.pbf: no such OSM extract"):
        osm.build_many([extracts["pieces"][0], tmp_path / "nowhere.osm.pbf"])
    with pytest.raises(OsmError, match="snap radius"):
        osm.build_many(extracts["pieces"], snap_radius_km=9.0)


def test_cli_builds_several_extracts_into_one_folder(extracts: dict[str, Any],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = extracts["folder"]
    args = ["--no-conflate", "--country", "AZE", "--no-progress"]
    assert cli.main(["osm", "build", *map(str, extracts["pieces"]), "--out",
                     str(folder / "many"), *args]) == 0
    assert "stitched 2 extracts" in capsys.readouterr().out
    assert cli.main(["osm", "build", str(extracts["whole"]), "--out", str(folder / "one"),
                     *args]) == 0
    for name in (geodata.PLACES_FILE, geodata.LINKS_FILE):
        assert (folder / "many" / name).read_bytes() == (folder / "one" / name).read_bytes()
    assert geodata.validate(folder / "many").ok
    with pytest.raises(SystemExit) as exited:
        cli.main(["osm", "build", str(extracts["whole"]), "--out", str(folder / "x"),
                  "--workers", "-1"])
    assert exited.value.code == 2
    assert "--workers: expected a number >= 0" in capsys.readouterr().err


def test_dask_stays_optional() -> None:
    """corridor.osm and the CLI import neither dask nor distributed (only --workers does)."""
    code = ("import sys, corridor.osm, corridor.osm.stitch, corridor.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_cli_workers_read_on_a_local_cluster(extracts: dict[str, Any],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    folder = extracts["folder"]
    args = ["--no-conflate", "--country", "AZE", "--no-progress"]
    assert cli.main(["osm", "build", *map(str, extracts["pieces"]), "--out",
                     str(folder / "workers"), "--workers", "2", *args]) == 0
    assert "stitched 2 extracts read on 2 Dask worker(s)" in capsys.readouterr().out
    assert cli.main(["osm", "build", str(extracts["whole"]), "--out", str(folder / "whole"),
                     *args]) == 0
    for name in (geodata.PLACES_FILE, geodata.LINKS_FILE):
        assert (folder / "workers" / name).read_bytes() == (folder / "whole" / name).read_bytes()
