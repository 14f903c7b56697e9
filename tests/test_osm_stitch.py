"""Per-country extracts read apart (in-process or on Dask workers) stitch into the union's build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
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
    """Same places and links: ids, order, every attribute and the geometry."""
    assert_geodataframe_equal(got.places, want.places)
    assert_geodataframe_equal(got.links, want.links)


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


def test_pieces_read_in_process_equal_the_single_build(extracts: dict[str, Any]) -> None:
    want, want_report = extracts["want"]
    for pieces in (extracts["pieces"], extracts["pieces"][::-1]):
        got, report = osm.build_many(pieces, extracts["curated"])
        assert_same_build(got, want)
        assert report.pieces_read == 2 and report.duplicate_ways > 10
        assert report.workers == 0
        assert (report.links, report.junctions, report.ways_kept, report.snapped) == (
            want_report.links, want_report.junctions, want_report.ways_kept,
            want_report.snapped)
        assert report.ways_read == want_report.ways_read + report.duplicate_ways
    # the network is joined across the cut: links run from one half into the other
    bounds = want.links.geometry.bounds
    assert ((bounds.minx < CUT) & (bounds.maxx > CUT)).sum() >= 5
    # and neither half alone gives it
    for piece in extracts["pieces"]:
        alone, _ = osm.build(piece, extracts["curated"], progress=False)
        assert len(alone.links) < 0.8 * len(want.links)


def test_pieces_read_on_two_dask_workers_equal_the_single_build(
        extracts: dict[str, Any]) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster, get_task_stream

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        with get_task_stream(client) as stream:
            got, report = osm.build_many(extracts["pieces"], extracts["curated"],
                                         client=client)
        reads = [t for t in stream.data if t["key"].startswith("read_piece")]
    assert len(reads) == 2  # one task per extract, run by the workers
    assert report.workers == 2
    assert_same_build(got, extracts["want"][0])
    assert report.duplicate_ways > 10


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
