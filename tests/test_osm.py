"""OSM ingest: small extracts written with pyosmium's writer, parsed back by corridor.osm."""

from __future__ import annotations

import contextlib
import itertools
import math
import warnings
from pathlib import Path
from typing import Any

import osmium
import pandas as pd
import pytest
import shapely
from conftest import point, write_geodata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from osmium.osm.mutable import Node, Way

from corridor import cli, geodata, maps, network, osm
from corridor._errors import CorridorError, OsmError
from corridor.scenarios import Scenario

LON, LAT = 45.0, 40.0  # inside the region boxes
STEP = 0.01  # ~0.85 km of longitude at 40°N


class Extract:
    """Collects nodes and ways, writes them with pyosmium's SimpleWriter."""

    def __init__(self) -> None:
        self.nodes: dict[int, tuple[float, float]] = {}
        self.ways: list[tuple[int, list[int], dict[str, str]]] = []

    def node(self, nid: int, lon: float, lat: float) -> int:
        self.nodes[nid] = (lon, lat)
        return nid

    def line(self, first_id: int, n: int, lon: float = LON, lat: float = LAT,
             dlon: float = STEP, dlat: float = 0.0) -> list[int]:
        """Nodes ``first_id .. first_id+n-1`` on a straight line; return their ids."""
        return [self.node(first_id + k, lon + k * dlon, lat + k * dlat) for k in range(n)]

    def way(self, wid: int, nodes: list[int], **tags: str) -> None:
        self.ways.append((wid, nodes, dict(tags)))

    def write(self, path: Path) -> Path:
        with osmium.SimpleWriter(str(path), overwrite=True) as writer:
            for nid in sorted(self.nodes):
                writer.add_node(Node(id=nid, location=self.nodes[nid]))
            for wid, nodes, tags in sorted(self.ways, key=lambda w: w[0]):
                writer.add_way(Way(id=wid, nodes=nodes, tags=tags))
        return path


def build(ext: Extract, tmp_path: Path, curated: geodata.GeoData | None = None,
          name: str = "x.osm", **options: Any) -> tuple[geodata.GeoData, osm.BuildReport]:
    options.setdefault("country", "AZE")
    options.setdefault("min_piece_km", 0.0)
    options.setdefault("progress", False)
    return osm.build(ext.write(tmp_path / name), curated, **options)


def coords(data: geodata.GeoData, lid: str) -> list[tuple[float, float]]:
    return [(round(x, 5), round(y, 5)) for x, y in data.links.loc[lid].geometry.coords]


def node_xy(ext: Extract, nid: int) -> tuple[float, float]:
    x, y = ext.nodes[nid]
    return (round(x, 5), round(y, 5))


# --------------------------------------------------------------------------- topology


def test_ways_split_at_shared_nodes_and_chains_merge(tmp_path: Path) -> None:
    ext = Extract()
    ew = ext.line(1, 11)  # west-east road, nodes 1..11
    ns = ext.line(100, 5, lon=LON + 5 * STEP, lat=LAT - 2 * STEP, dlon=0.0, dlat=STEP)
    ns[2] = 6  # the north-south road crosses at node 6
    ext.way(1, ew[0:3], highway="primary", ref="M1")
    ext.way(2, ew[2:6], highway="primary", ref="M1")
    ext.way(3, ew[5:11], highway="primary", ref="M1")
    ext.way(4, ns, highway="secondary")
    data, report = build(ext, tmp_path)

    links = data.links
    assert report.segments == 5
    assert len(links) == 4 and report.links == 4
    by_ends = {frozenset((r["from"], r["to"])): lid for lid, r in links.iterrows()}
    west = by_ends[frozenset(("osm_n1", "osm_n6"))]
    # ways 1 and 2 merged, keeping every vertex
    assert coords(data, west) in ([node_xy(ext, n) for n in ew[:6]],
                                  [node_xy(ext, n) for n in ew[:6]][::-1])
    assert links.loc[west, "source"].split() == [
        "https://www.openstreetmap.org/way/1", "https://www.openstreetmap.org/way/2"]
    assert set(links["confidence"]) == {"high"}
    junctions = data.places[data.places["kind"] == "junction"]
    assert set(junctions.index) == {"osm_n1", "osm_n6", "osm_n11", "osm_n100", "osm_n104"}
    assert junctions.loc["osm_n6", "source"] == "https://www.openstreetmap.org/node/6"


def test_attribute_change_stops_the_merge(tmp_path: Path) -> None:
    ext = Extract()
    nodes = ext.line(1, 10)
    ext.way(1, nodes[0:4], highway="primary", maxspeed="90")
    ext.way(2, nodes[3:7], highway="primary", maxspeed="60")
    ext.way(3, nodes[6:10], highway="primary", maxspeed="90")
    data, _ = build(ext, tmp_path)
    assert sorted(data.links["speed_kmh"].tolist()) == [60.0, 90.0, 90.0]


def test_level_crossing_does_not_join_road_and_rail(tmp_path: Path) -> None:
    ext = Extract()
    road = ext.line(1, 5)
    rail = ext.line(10, 5, lon=LON + 2 * STEP, lat=LAT - 2 * STEP, dlon=0.0, dlat=STEP)
    rail[2] = road[2]  # shared node, interior of both
    ext.way(1, road, highway="trunk")
    ext.way(2, rail, railway="rail", gauge="1520")
    data, _ = build(ext, tmp_path)
    assert len(data.links) == 2
    assert "osm_n3" not in data.places.index


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(3, 30), data=st.data())
def test_any_split_of_a_line_merges_back(tmp_path: Path, n: int, data: st.DataObject) -> None:
    """Cut a line into ways at random places, reverse some: one link, every vertex kept."""
    ext = Extract()
    nodes = ext.line(1, n, dlat=0.003)
    cuts = sorted(data.draw(st.sets(st.integers(1, n - 2), max_size=n - 2)))
    bounds = [0, *cuts, n - 1]
    for k, (a, b) in enumerate(itertools.pairwise(bounds)):
        part = nodes[a: b + 1]
        if data.draw(st.booleans()):
            part = part[::-1]
        ext.way(k + 1, part, railway="rail", gauge="1435")
    built, _ = build(ext, tmp_path)
    assert len(built.links) == 1
    expected = [node_xy(ext, nid) for nid in nodes]
    got = coords(built, built.links.index[0])
    assert got in (expected, expected[::-1])
    assert len(built.links.iloc[0]["source"].split()) == len(bounds) - 1


def test_small_disconnected_pieces_are_dropped_and_counted(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(1, 20), highway="primary")  # ~16 km
    ext.way(2, ext.line(100, 3, lat=LAT + 0.2), highway="primary")  # ~1.7 km
    ext.way(3, ext.line(200, 2, lat=LAT + 0.3), highway="primary")  # ~0.9 km
    data, report = build(ext, tmp_path, min_piece_km=5.0)
    assert report.pieces_dropped == 2 and report.links_dropped == 2
    assert len(data.links) == 1


# --------------------------------------------------------------------------- tags


def test_rail_statuses_from_the_railway_tag(tmp_path: Path) -> None:
    ext = Extract()
    statuses = {"rail": "operating", "construction": "under_construction",
                "proposed": "planned", "disused": "closed", "abandoned": "dismantled"}
    for k, value in enumerate(statuses):
        ext.way(k + 1, ext.line(100 * (k + 1), 3, lat=LAT + 0.05 * k), railway=value,
                gauge="1520")
    ext.way(10, ext.line(1000, 3, lat=LAT + 0.4), railway="construction", construction="subway")
    ext.way(11, ext.line(1100, 3, lat=LAT + 0.45), railway="tram")
    data, _ = build(ext, tmp_path)
    got = {r["source"].rsplit("/", 1)[1]: r["status"] for _, r in data.links.iterrows()}
    assert got == {str(k + 1): status for k, status in enumerate(statuses.values())}


def test_road_classes_and_lifecycle(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(100, 3), highway="motorway")
    ext.way(2, ext.line(200, 3, lat=LAT + 0.05), highway="secondary_link")
    ext.way(3, ext.line(300, 3, lat=LAT + 0.1), highway="residential")
    ext.way(4, ext.line(400, 3, lat=LAT + 0.15), highway="construction", construction="trunk")
    ext.way(5, ext.line(500, 3, lat=LAT + 0.2), highway="proposed", proposed="primary")
    ext.way(6, ext.line(600, 3, lat=LAT + 0.25), highway="footway")
    data, _ = build(ext, tmp_path)
    got = {r["source"].rsplit("/", 1)[1]: (r["status"], r["highway"])
           for _, r in data.links.iterrows()}
    assert got == {"1": ("operating", "motorway"), "2": ("operating", "secondary_link"),
                   "4": ("under_construction", "trunk"), "5": ("planned", "primary")}
    wider, _ = build(ext, tmp_path, highway="residential")
    assert len(wider.links) == 5
    with pytest.raises(OsmError, match="highway class"):
        build(ext, tmp_path, highway="footway")


def test_gauge_electrification_and_speed(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(100, 3), railway="rail", gauge="1435", electrified="contact_line",
            maxspeed="120", tracks="2", usage="main", name="Kars–Tbilisi")
    ext.way(2, ext.line(200, 3, lat=LAT + 0.05), railway="rail", gauge="1524",
            electrified="no", maxspeed="50 mph")
    ext.way(3, ext.line(300, 3, lat=LAT + 0.1), railway="rail")  # untagged gauge
    ext.way(4, ext.line(400, 3, lat=LAT + 0.15), railway="rail", gauge="1000")
    ext.way(5, ext.line(500, 3, lat=LAT + 0.2), railway="rail", gauge="1520", service="siding")
    data, report = build(ext, tmp_path)
    rows = {r["source"].rsplit("/", 1)[1]: r for _, r in data.links.iterrows()}
    assert set(rows) == {"1", "2", "3"}
    assert (rows["1"]["gauge_mm"], rows["1"]["electrified"], rows["1"]["speed_kmh"],
            rows["1"]["tracks"], rows["1"]["usage"], rows["1"]["name"]) == (
        1435, True, 120.0, 2, "main", "Kars–Tbilisi")
    assert rows["2"]["gauge_mm"] == 1520 and rows["2"]["electrified"] is False
    assert rows["2"]["speed_kmh"] == pytest.approx(80.5, abs=0.1)
    assert rows["3"]["gauge_mm"] == 1520 and "assumed" in rows["3"]["confidence_note"]
    assert report.skipped == {"gauge": 1, "service": 1}
    turkish, _ = build(ext, tmp_path, country="TUR")
    untagged = turkish.links[turkish.links["source"].str.endswith("/3")]
    assert untagged["gauge_mm"].tolist() == [1435]


def test_ferry_links_and_ports(tmp_path: Path) -> None:
    ext = Extract()
    road = ext.line(1, 5)  # the ferry leaves from node 3, in the middle of the road
    sea = [3, ext.node(50, LON + 2 * STEP, LAT - 0.1), ext.node(51, LON + 2 * STEP, LAT - 0.3)]
    ext.way(1, road, highway="primary")
    ext.way(2, sea, route="ferry", duration="02:30", name="Test ferry")
    data, _ = build(ext, tmp_path)
    ferry = data.links[data.links["mode"] == "ferry"].iloc[0]
    assert ferry["sailing_h"] == 2.5 and pd.isna(ferry["country"])
    assert ferry["name"] == "Test ferry"
    assert ferry["from"] == "osm_n3" or ferry["to"] == "osm_n3"
    assert len(data.links[data.links["mode"] == "road"]) == 2  # split at the ferry's end


# --------------------------------------------------------------------------- conflation


def curated_folder(tmp_path: Path, places: list[dict[str, Any]]) -> geodata.GeoData:
    folder = write_geodata(tmp_path / "curated", places, [])
    return geodata.load(folder)


def test_curated_places_snap_and_split_lines(tmp_path: Path) -> None:
    ext = Extract()
    rail = ext.line(1, 21)  # ~17 km of rail
    road = ext.line(100, 21, lat=LAT + 0.02)  # a road ~2.2 km north
    ext.way(1, rail, railway="rail", gauge="1520")
    ext.way(2, road, highway="primary")
    places = [
        # 200 m from rail node 11 (interior): the line splits there
        point("ganja_station", LON + 10 * STEP, LAT + 0.0018, kind="station", name="Ganja"),
        # a crossing for road only: snaps to the road even though the rail is nearer
        point("border_x", LON + 5 * STEP, LAT + 0.009, kind="border_crossing",
              countries=["AZE", "GEO"], crossing_modes=["road"], status="open"),
        point("far_station", LON + 1.0, LAT + 1.0, kind="station"),
    ]
    curated = curated_folder(tmp_path, places)
    data, report = build(ext, tmp_path, curated, snap_radius_km=1.5)

    rail_links = data.links[data.links["mode"] == "rail"]
    assert len(rail_links) == 2
    assert all("ganja_station" in (r["from"], r["to"]) for _, r in rail_links.iterrows())
    assert data.places.loc["ganja_station", "name"] == "Ganja"
    assert data.places.loc["ganja_station", "kind"] == "station"
    (mode, ref, km), = report.snapped["ganja_station"]
    assert (mode, ref) == ("rail", 11) and km == pytest.approx(0.2, abs=0.01)
    assert [m for m, _, _ in report.snapped["border_x"]] == ["road"]
    road_links = data.links[data.links["mode"] == "road"]
    assert len(road_links) == 2
    assert "far_station" in report.unsnapped and "far_station" in data.places.index


def test_curated_piece_is_kept_even_when_small(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(1, 3), railway="rail", gauge="1520")  # ~1.7 km
    curated = curated_folder(tmp_path, [point("halt", LON + STEP, LAT + 0.001, kind="station")])
    data, report = build(ext, tmp_path, curated, min_piece_km=5.0)
    assert report.pieces_dropped == 0 and len(data.links) == 2


def test_snap_radius_beyond_the_schema_tolerance_is_refused(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(1, 3), highway="primary")
    with pytest.raises(OsmError, match="snap radius"):
        build(ext, tmp_path, snap_radius_km=5.0)


# --------------------------------------------------------------------------- output


def small_network(tmp_path: Path) -> Path:
    ext = Extract()
    ew = ext.line(1, 30)
    ns = ext.line(100, 30, lon=LON + 15 * STEP, lat=LAT - 0.1, dlon=0.0, dlat=0.007)
    ns[14] = 16
    ext.way(1, ew[:16], highway="primary")
    ext.way(2, ew[15:], highway="primary")
    ext.way(3, ns, railway="rail", gauge="1520")
    ext.way(4, [*ns[:14], ext.node(300, LON + 0.3, LAT + 0.2)], highway="secondary")
    return ext.write(tmp_path / "small.osm.pbf")


def test_output_validates_and_builds_a_network(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = osm.build_folder(small_network(tmp_path), out, country="AZE", progress=False,
                              min_piece_km=0.0)
    checked = geodata.validate(out)
    assert checked.ok, checked.problems
    assert checked.data is not None and len(checked.data.links) == report.links
    graph = network.build(checked.data, Scenario(name="t"))
    assert graph.number_of_edges() >= report.links
    # writing is deterministic
    first = (out / geodata.LINKS_FILE).read_bytes()
    osm.build_folder(small_network(tmp_path), tmp_path / "again", country="AZE",
                     progress=False, min_piece_km=0.0)
    assert (tmp_path / "again" / geodata.LINKS_FILE).read_bytes() == first


def test_cli_osm_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    code = cli.main(["osm", "build", str(small_network(tmp_path)), "--out", str(out),
                     "--no-conflate", "--country", "AZE", "--no-progress",
                     "--min-piece-km", "0"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "ways/s" in printed and "junctions" in printed
    assert geodata.validate(out).ok


# --------------------------------------------------------------------------- bad files


def test_truncated_and_non_osm_files_raise_osm_error(tmp_path: Path) -> None:
    good = small_network(tmp_path).read_bytes()
    truncated = tmp_path / "truncated.osm.pbf"
    truncated.write_bytes(good[: len(good) // 2])
    not_osm = tmp_path / "notes.osm"
    not_osm.write_text("these are not OSM data\n")
    bad_xml = tmp_path / "cut.osm"
    bad_xml.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="40" lo')
    for path in (truncated, not_osm, bad_xml, tmp_path / "missing.osm.pbf"):
        with pytest.raises(OsmError) as err:
            osm.build(path, country="AZE", progress=False)
        assert isinstance(err.value, CorridorError)
        assert str(path.name) in str(err.value)


def test_cli_reports_a_bad_file_without_traceback(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"\x00\x01garbage" * 10)
    code = cli.main(["osm", "build", str(bad), "--out", str(tmp_path / "o"), "--no-conflate",
                     "--country", "AZE", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("corridor: error:") and "Traceback" not in err


# --------------------------------------------------------------------------- display


def test_simplify_for_display_keeps_ends_and_stays_close(tmp_path: Path) -> None:
    ext = Extract()
    nodes = [ext.node(k + 1, LON + k * 0.001, LAT + 0.0001 * math.sin(k)) for k in range(200)]
    ext.way(1, nodes, highway="primary")
    data, _ = build(ext, tmp_path)
    thin = maps.simplify_for_display(data.links, tolerance_km=0.05, decimals=None)
    before, after = data.links.geometry.iloc[0], thin.geometry.iloc[0]
    assert len(after.coords) < len(before.coords) / 5
    assert after.coords[0] == before.coords[0] and after.coords[-1] == before.coords[-1]
    # within the tolerance (degrees of latitude ~111 km)
    assert shapely.hausdorff_distance(before, after) * 111.0 < 0.05 * 1.5
    assert data.links.geometry.iloc[0] is before  # the input is untouched
    rounded = maps.simplify_for_display(data.links, tolerance_km=0.05).geometry.iloc[0]
    assert all(round(c, 4) == c for xy in rounded.coords for c in xy)
    assert shapely.hausdorff_distance(after, rounded) <= 1e-4


# --------------------------------------------------------------------------- refused inputs


def test_an_extract_without_usable_ways_is_refused(tmp_path: Path) -> None:
    ext = Extract()
    ext.line(1, 3)
    ext.way(1, [1, 2, 3], building="yes")  # not a road, railway or ferry
    with pytest.raises(OsmError, match=r"x\.osm: no usable road, rail or ferry way"):
        build(ext, tmp_path)
    ext.ways.clear()
    with pytest.raises(OsmError, match=r"x\.osm: no usable road, rail or ferry way"):
        build(ext, tmp_path)


def test_a_node_outside_the_lon_lat_range_is_refused(tmp_path: Path) -> None:
    ext = Extract()
    ids = ext.line(1, 3)
    ext.nodes[2] = (200.0, LAT)
    ext.way(1, ids, highway="primary")
    with pytest.raises(OsmError, match=r"x\.osm: node 2 has a location outside the valid"):
        build(ext, tmp_path)


@pytest.mark.parametrize("options, cause", [
    ({"keep_curated_modes": ("plane",)}, "unknown mode(s) 'plane'"),
    ({"keep_curated_modes": "ferry"}, "must be a list of modes"),
    ({"min_piece_km": -1.0}, "min-piece length must be a number of km >= 0"),
    ({"min_piece_km": math.nan}, "min-piece length must be a number of km >= 0"),
    ({"country": "Azerbaijan"}, "ISO 3166-1 alpha-3"),
    ({"highway": "autobahn"}, "unknown highway class 'autobahn'"),
])
def test_bad_options_raise_osm_error(tmp_path: Path, options: dict[str, Any],
                                     cause: str) -> None:
    ext = Extract()
    ext.way(1, ext.line(1, 3), highway="primary")
    with pytest.raises(OsmError) as info:
        build(ext, tmp_path, **options)
    assert cause in str(info.value) and isinstance(info.value, ValueError)


def test_node_index_is_deprecated_ignored_and_still_checked(tmp_path: Path) -> None:
    ext = Extract()
    ext.way(1, ext.line(1, 6), highway="primary")
    ext.way(2, [3, *ext.line(100, 3, lon=LON + 2 * STEP, lat=LAT + STEP, dlon=0.0,
                              dlat=STEP)], highway="secondary")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # left out: no warning at all
        plain, _ = build(ext, tmp_path)
    with pytest.warns(DeprecationWarning, match=r"node_index \(--node-index\) is deprecated") \
            as caught:
        given, _ = build(ext, tmp_path, node_index="sparse_mem_array")
    assert caught[0].filename == __file__  # points at the caller of osm.build
    pd.testing.assert_frame_equal(given.links, plain.links)
    pd.testing.assert_frame_equal(given.places, plain.places)
    pbf = ext.write(tmp_path / "x.osm")
    with pytest.warns(DeprecationWarning, match="node-index"):
        many, _ = osm.build_many([pbf], country="AZE", min_piece_km=0.0, node_index="flex_mem")
    pd.testing.assert_frame_equal(many.links, plain.links)
    for bad, cause in (("bogus", "unknown node-location index 'bogus'"),
                       ("sparse_file_array,/nonexistent/dir/idx",
                        "cannot use the node-location index")):
        with pytest.warns(DeprecationWarning), pytest.raises(OsmError, match=cause):
            build(ext, tmp_path, node_index=bad)


def test_cli_node_index_warns_on_stderr(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    base = ["osm", "build", str(small_network(tmp_path)), "--no-conflate", "--country", "AZE",
            "--no-progress", "--min-piece-km", "0"]
    assert cli.main([*base, "--out", str(tmp_path / "a")]) == 0
    assert "deprecated" not in capsys.readouterr().err
    with pytest.warns(DeprecationWarning):
        assert cli.main([*base, "--out", str(tmp_path / "b"), "--node-index", "flex_mem"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--node-index is deprecated and ignored" in err, err
    assert ((tmp_path / "a" / geodata.LINKS_FILE).read_bytes()
            == (tmp_path / "b" / geodata.LINKS_FILE).read_bytes())
    with pytest.warns(DeprecationWarning):
        assert cli.main([*base, "--out", str(tmp_path / "c"), "--node-index", "bogus"]) == 2
    assert "unknown node-location index 'bogus'" in capsys.readouterr().err


def test_build_folder_refuses_a_non_empty_or_file_out(tmp_path: Path) -> None:
    extract = small_network(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OsmError, match="folder exists and is not empty; pass --force"):
        osm.build_folder(extract, out, country="AZE", progress=False, min_piece_km=0.0)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    osm.build_folder(extract, out, country="AZE", progress=False, min_piece_km=0.0,
                     overwrite=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert geodata.load(out).links.shape[0] > 0
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(OsmError, match="afile: exists and is not a folder"):
        osm.build_folder(extract, tmp_path / "afile", country="AZE", progress=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    osm.build_folder(extract, empty, country="AZE", progress=False, min_piece_km=0.0)


def test_cli_osm_build_refuses_bad_flags_in_one_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    extract = small_network(tmp_path)
    base = ["osm", "build", str(extract), "--out", str(tmp_path / "o"), "--no-conflate",
            "--no-progress"]
    for extra, cause in ((["--keep-curated", "ferry,plane"], "unknown mode(s) 'plane'"),
                         (["--highway", "autobahn"], "unknown highway class 'autobahn'"),
                         (["--snap-km", "-1"], "--snap-km: expected a number of km >= 0"),
                         (["--min-piece-km", "inf"], "--min-piece-km: expected a number"),
                         (["--country", "aze"], "--country: expected an ISO 3166-1")):
        with pytest.raises(SystemExit) if extra[0] != "--highway" else contextlib.nullcontext():
            assert cli.main([*base, *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and cause in err, err
    assert not (tmp_path / "o").exists()
