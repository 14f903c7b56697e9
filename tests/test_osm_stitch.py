"""Per-country extracts read apart (in-process or on Dask workers) stitch into the union's build."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from conftest import point, write_geodata
from geopandas.testing import assert_geodataframe_equal
from test_osm import LAT, LON, STEP, Extract

from benchmarks import bench_osm, bench_stitch
from corridor import cli, geodata, osm
from corridor._errors import OsmError
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
    """Same places and links: ids, order, every attribute and the geometry, vertex for vertex."""
    assert_geodataframe_equal(got.places, want.places)
    assert_geodataframe_equal(got.links, want.links)
    for a, b in ((got.places, want.places), (got.links, want.links)):
        assert shapely.equals_exact(np.asarray(a.geometry), np.asarray(b.geometry), 0.0).all()


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


def test_pieces_built_where_read_equal_the_single_build(extracts: dict[str, Any]) -> None:
    want, want_report = extracts["want"]
    for pieces in (extracts["pieces"], extracts["pieces"][::-1]):
        got, report = osm.build_many(pieces, extracts["curated"])
        assert_same_build(got, want)
        assert report.border_nodes == len(border_nodes(pieces))
        assert 0 < report.border_merges < report.border_nodes  # chains the cut split
        assert report.pieces_read == 2 and report.duplicate_ways > 10
        assert report.workers == 0
        assert (report.links, report.junctions, report.ways_kept, report.snapped,
                report.unsnapped, report.segments, report.loops_dropped) == (
            want_report.links, want_report.junctions, want_report.ways_kept,
            want_report.snapped, want_report.unsnapped, want_report.segments,
            want_report.loops_dropped)
        assert report.ways_read == want_report.ways_read + report.duplicate_ways
    # the network is joined across the cut: links run from one half into the other
    bounds = want.links.geometry.bounds
    assert ((bounds.minx < CUT) & (bounds.maxx > CUT)).sum() >= 5
    # and neither half alone gives it
    for piece in extracts["pieces"]:
        alone, _ = osm.build(piece, extracts["curated"], progress=False)
        assert len(alone.links) < 0.8 * len(want.links)


def test_three_tiles_with_other_cuts_equal_the_single_build(extracts: dict[str, Any]) -> None:
    """Narrow tiles with their own overlap: ways in three files, nodes shared three ways."""
    folder = extracts["folder"] / "three"
    pieces = bench_stitch.split_extract(extracts["whole"], folder, [50.0, 51.5], overlap=0.6)
    got, report = osm.build_many(pieces[::-1], extracts["curated"])
    assert_same_build(got, extracts["want"][0])
    copies = Counter(w for p in pieces for w in read_piece(p)[0].way_id.tolist())
    assert max(copies.values()) == 3
    assert report.border_merges > 0


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
    assert report.workers == 2 and report.border_merges > 0
    assert_same_build(got, extracts["want"][0])
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
    Ways 7 (west) and 8 (east) close a ring; ways 12 and 14 (west) and 13 (east) are one
    chain, walked from way 12's end (way 14 against its direction). Way 20 (west), shorter
    than the coordinate grid, continues as way 21 (east); ways 22 (west) and 23 (east) are
    both that short.
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
    ring = union.line(500, 10, lat=LAT - 0.1)
    union.way(7, ring[:6], highway="secondary")
    union.way(8, [*ring[5:], 500], highway="secondary")
    north = LAT + 0.3
    union.way(12, [union.node(632, LON, north + 0.03), union.node(631, LON, north + 0.02),
                   union.node(630, LON, north + 0.01), union.node(610, LON, north)],
              highway="trunk")
    union.way(13, [610, union.node(603, LON + STEP, north), union.node(600, LON + 2 * STEP,
                                                                        north)],
              highway="trunk")
    union.way(14, [union.node(640, LON + 2 * STEP, north + 0.02),
                   union.node(641, LON + 2 * STEP, north + 0.01), 600], highway="trunk")
    # a way shorter than the 1e-5° grid, continued across the border; then two such ways
    tiny = 1e-6
    union.way(20, [union.node(700, LON + 0.5, LAT - 0.3),
                   union.node(701, LON + 0.5 + tiny, LAT - 0.3 + tiny)], highway="secondary")
    union.way(21, [701, union.node(702, LON + 0.51, LAT - 0.3)], highway="secondary")
    union.way(22, [union.node(710, LON + 0.6, LAT - 0.3),
                   union.node(711, LON + 0.6 + tiny, LAT - 0.3 + tiny)], highway="secondary")
    union.way(23, [711, union.node(712, LON + 0.6 + 2 * tiny, LAT - 0.3)],
              highway="secondary")
    west, east = Extract(), Extract()
    west.nodes = east.nodes = union.nodes
    by_id = {w[0]: w for w in union.ways}
    west.ways = [by_id[i] for i in (1, 4, 5, 6, 7, 12, 14, 20, 22)]
    east.ways = [by_id[i] for i in (1, 2, 3, 4, 8, 13, 21, 23)]
    paths = [west.write(tmp_path / "west.osm"), east.write(tmp_path / "east.osm")]
    curated = geodata.load(write_geodata(tmp_path / "curated", [
        point("station", LON + 11 * STEP, LAT + 0.0009, kind="station")], []))
    return paths, union.write(tmp_path / "union.osm"), curated


def test_pieces_split_merge_and_snap_at_their_border_as_the_union(tmp_path: Path) -> None:
    """Splits a piece cannot see, chains and a ring across the border, snapping."""
    pieces, union, curated = border_extracts(tmp_path)
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0, "snap_radius_km": 1.5}
    want, want_report = osm.build(union, curated, progress=False, **options)
    assert want_report.snapped["station"] == [("rail", 12, pytest.approx(0.1, abs=0.01))]
    assert want_report.loops_dropped == 1  # the ring of ways 7 and 8
    assert want_report.degenerate_dropped == 1  # ways 22 and 23, one link without length
    # west first, it keeps the equal copies of ways 1 and 4; east first, the east does
    ring, chain, short = [500, 505], [600, 610], [701, 711]
    for order, shared in ((pieces, [11, 103, 105, 107, *ring, *chain, *short]),
                          (pieces[::-1], [103, 107, *ring, *chain, *short])):
        assert border_nodes(order).tolist() == shared
        got, report = osm.build_many(order, curated, **options)
        assert_same_build(got, want)
        assert (report.snapped, report.loops_dropped, report.degenerate_dropped) == (
            want_report.snapped, 1, 1)
        assert report.border_nodes == len(shared)
        assert report.border_merges == len(ring + chain + short) + (11 in shared)
    # road 3 is split where road 4 and the ferry end; the level crossing joins nothing
    road = want.links[want.links["mode"] == "road"]
    assert {"osm_n105", "osm_n107"} <= set(road["from"]) | set(road["to"])
    assert "osm_n103" not in want.places.index
    # ways 12, 13 and 14 are one link, walked from way 12's end
    (link,) = [lid for lid, src in want.links["source"].items() if "/way/13" in src]
    assert link == "osm_w12_0"
    assert want.links.loc[link, "source"].split() == [
        f"https://www.openstreetmap.org/way/{w}" for w in (12, 13, 14)]
    assert (want.links.loc[link, "from"], want.links.loc[link, "to"]) == ("osm_n632", "osm_n640")
    # the short way 20 and way 21 are one link of two vertices
    assert want.links.loc["osm_w20_0", "source"].split()[1].endswith("/way/21")
    assert len(want.links.loc["osm_w20_0"].geometry.coords) == 2


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


# --------------------------------------------------------------------------- mutation survivors
# Written against surviving mutants of scripts/mutation.py (target ``osm-stitch``).


def test_a_piece_owning_no_ways_changes_nothing(tmp_path: Path) -> None:
    """An extract read twice: the second copy owns none of its ways and adds nothing."""
    _, union, curated = border_extracts(tmp_path)
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0, "snap_radius_km": 1.5}
    want, want_report = osm.build(union, curated, progress=False, **options)
    copy = tmp_path / "copy.osm"
    copy.write_bytes(union.read_bytes())
    ways = len(read_piece(union)[0].way_id)
    for order in ([union, copy], [copy, union]):
        got, report = osm.build_many(order, curated, **options)
        assert_same_build(got, want)
        assert (report.links, report.snapped) == (want_report.links, want_report.snapped)
        assert report.duplicate_ways == ways and report.border_merges == 0


def test_a_ferry_ending_on_a_way_of_another_piece_splits_it_as_the_union(
        tmp_path: Path) -> None:
    """A ferry's last node on a road of the other piece splits the road; its middle does not.

    The union splits every way at a ferry's ends (the road at node 6) and a way of another
    mode at no node the ferry passes (node 4), whichever piece the ferry is read in.
    """
    union = Extract()
    road = union.line(1, 11)
    union.way(1, road, highway="primary")
    union.way(2, [union.node(900, LON + 5 * STEP, LAT + 0.3),
                  union.node(901, LON + 5 * STEP, LAT + 0.1), 6], route="ferry")
    union.way(3, [union.node(910, LON + 3 * STEP, LAT - 0.3), 4,
                  union.node(911, LON + 3 * STEP, LAT + 0.3)], route="ferry")
    west, east = Extract(), Extract()
    west.nodes = east.nodes = union.nodes
    west.ways, east.ways = union.ways[:1], union.ways[1:]
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0}
    want, _ = osm.build(union.write(tmp_path / "union.osm"), progress=False, **options)
    roads = want.links[want.links["mode"] == "road"]
    ends = set(roads["from"]) | set(roads["to"])
    assert "osm_n6" in ends and "osm_n4" not in ends  # the union's splits, as documented
    pieces = [west.write(tmp_path / "west.osm"), east.write(tmp_path / "east.osm")]
    for order in (pieces, pieces[::-1]):
        got, report = osm.build_many(order, **options)
        assert_same_build(got, want)
        assert report.border_nodes == 2  # nodes 4 and 6
        assert report.border_merges == 0  # three link ends at node 6, two at node 4


def test_reading_options_reach_every_piece(tmp_path: Path) -> None:
    """Highway classes down to ``primary``: the secondary roads are left out of each piece."""
    pieces, union, curated = border_extracts(tmp_path)
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0, "highway": "primary"}
    want, _ = osm.build(union, curated, progress=False, **options)
    every, _ = osm.build(union, curated, progress=False, country="AZE", min_piece_km=0.0)
    assert len(want.links) < len(every.links)  # ways 7, 8 and 20-23 are secondary
    got, _ = osm.build_many(pieces, curated, **options)
    assert_same_build(got, want)


@pytest.mark.parametrize(("ways", "west", "borders"), [
    # ways 60 and 30 are one link of the west; each piece of the road runs against its
    # neighbour's direction, so the chain turns at every border node (3, 5 and 7); the union
    # walks it from node 1 (way 60 before way 70)
    ({60: [1, 20], 30: [3, 2, 20], 40: [5, 4, 3], 15: [5, 6, 7], 70: [9, 8, 7]}, (30, 15, 60),
     3),
    # ways 20 and 40 are one link of the east, met last and walked against its direction;
    # the union starts at its far end (way 20), though its border end (way 40) comes after
    # the other end (way 30)
    ({30: [1, 2, 3], 10: [3, 4, 5], 40: [6, 5], 20: [8, 7, 6]}, (10,), 2),
])
def test_a_chain_of_links_across_borders_merges_as_the_union(
        tmp_path: Path, ways: dict[int, list[int]], west: tuple[int, ...], borders: int,
) -> None:
    """One road read in pieces in two extracts is one link, named and walked as the union's."""
    union = Extract()
    for nid in range(1, 10):
        union.node(nid, LON + nid * STEP, LAT)
    union.node(20, LON + 2.5 * STEP, LAT + 0.002)
    for wid, nodes in ways.items():
        union.way(wid, nodes, highway="primary")
    halves = Extract(), Extract()
    halves[0].nodes = halves[1].nodes = union.nodes
    for way in union.ways:
        halves[way[0] not in west].ways.append(way)
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0}
    want, _ = osm.build(union.write(tmp_path / "union.osm"), progress=False, **options)
    assert len(want.links) == 1  # one road
    pieces = [halves[0].write(tmp_path / "west.osm"), halves[1].write(tmp_path / "east.osm")]
    for order in (pieces, pieces[::-1]):
        got, report = osm.build_many(order, **options)
        assert report.border_merges == report.border_nodes == borders
        assert type(report.border_merges) is int  # a count of nodes
        assert_same_build(got, want)


def test_a_station_at_a_border_node_ends_the_links_there(tmp_path: Path) -> None:
    """A curated station snapped to a border node keeps the line split there, as the union."""
    union = Extract()
    line = union.line(1, 9)
    union.way(1, line[:5], railway="rail", gauge="1520")
    union.way(2, line[4:], railway="rail", gauge="1520")
    west, east = Extract(), Extract()
    west.nodes = east.nodes = union.nodes
    west.ways, east.ways = union.ways[:1], union.ways[1:]
    curated = geodata.load(write_geodata(tmp_path / "curated", [
        point("station", LON + 4 * STEP, LAT, kind="station")], []))
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 0.0}
    want, want_report = osm.build(union.write(tmp_path / "union.osm"), curated,
                                  progress=False, **options)
    assert want_report.snapped["station"] == [("rail", 5, pytest.approx(0.0, abs=1e-6))]
    assert len(want.links) == 2  # split at the station
    pieces = [west.write(tmp_path / "west.osm"), east.write(tmp_path / "east.osm")]
    for order in (pieces, pieces[::-1]):
        got, report = osm.build_many(order, curated, **options)
        assert (report.border_nodes, report.border_merges) == (1, 0)
        assert report.degenerate_dropped == want_report.degenerate_dropped == 0
        assert_same_build(got, want)


def test_links_are_put_in_the_unions_order_segment_by_segment(tmp_path: Path) -> None:
    """Two links of way 50: the one walked backwards from its first segment comes first.

    Way 50 (west) is split at node 4, where way 60 (east) ends; its first segment joins
    way 70 at node 1 and that link starts at node 4 (way 50 before way 70), walked back.
    A clipped copy of way 50 in a third extract owns nothing (the whole copy is longer).
    Way 55 is a piece of its own, 4.3 km long: kept with pieces under 3 km dropped.
    """
    union = Extract()
    union.line(1, 7)
    union.way(50, list(range(1, 8)), highway="primary")
    union.way(60, [4, union.node(40, LON + 3 * STEP, LAT + 0.02)], highway="secondary")
    union.way(70, [union.node(90, LON, LAT - 0.02), 1], highway="primary")
    union.way(55, union.line(100, 6, lat=LAT + 0.5), highway="primary")  # 4.3 km apart
    west, east, clipped = Extract(), Extract(), Extract()
    west.nodes = east.nodes = clipped.nodes = union.nodes
    west.ways = [w for w in union.ways if w[0] != 60]
    east.ways = [w for w in union.ways if w[0] == 60]
    clipped.ways = [(50, [1, 2, 3], {"highway": "primary"})]
    options: dict[str, Any] = {"country": "AZE", "min_piece_km": 3.0}
    want, _ = osm.build(union.write(tmp_path / "union.osm"), progress=False, **options)
    assert list(want.links.index[:2]) == ["osm_w50_0", "osm_w50_1"]
    assert "osm_w55_0" in want.links.index
    assert (want.links.loc["osm_w50_0", "from"], want.links.loc["osm_w50_0", "to"]) == (
        "osm_n4", "osm_n90")
    pieces = [clipped.write(tmp_path / "clipped.osm"), west.write(tmp_path / "west.osm"),
              east.write(tmp_path / "east.osm")]
    for order in (pieces, pieces[::-1]):
        got, report = osm.build_many(order, **options)
        assert report.duplicate_ways == 1
        assert_same_build(got, want)


def test_reading_counts_and_times_of_the_pieces_add_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ways read, skipped by reason (metre gauge), and reading times: sums over the pieces."""
    pieces = []
    for k in range(2):
        ext = Extract()
        ext.way(1 + 10 * k, ext.line(100 * k + 1, 4, lat=LAT + k * 0.1), highway="primary")
        ext.way(3 + 10 * k, ext.line(100 * k + 70, 3, lat=LAT + k * 0.1 + 0.07),
                railway="rail", gauge="1000")
        pieces.append(ext.write(tmp_path / f"p{k}.osm"))
    reports: list[osm.BuildReport] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        found = read_piece(*args, **kwargs)
        reports.append(found[1])
        return found

    monkeypatch.setattr("corridor.osm.stitch.read_piece", recording)
    _, report = osm.build_many(pieces, country="AZE", min_piece_km=0.0)
    assert len(reports) == 2 and all(r.read_seconds > 0 for r in reports)
    assert [r.skipped for r in reports] == [{"gauge": 1}] * 2
    assert report.skipped == {"gauge": 2}
    assert report.ways_read == sum(r.ways_read for r in reports)
    assert report.read_seconds == pytest.approx(sum(r.read_seconds for r in reports))
    assert report.read_cpu_seconds == pytest.approx(sum(r.read_cpu_seconds for r in reports))
