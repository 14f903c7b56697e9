"""GIS and network exports and OD tables (issue 16): read back with independent readers."""

from __future__ import annotations

import csv
import importlib.metadata
import json
import math
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from corridor import _meta, cli, geodata, network, routing, scenarios, settings
from corridor.export import LAYERS, graphml_graph

pyogrio = pytest.importorskip("pyogrio")


@pytest.fixture(scope="module")
def tripp() -> scenarios.Scenario:
    return scenarios.get("tripp")


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == \
        f"corridor {importlib.metadata.version('corridor')}"


def test_data_vintage_follows_the_file_contents(tmp_path: Path) -> None:
    copy = shutil.copytree(settings.SHIPPED_GEODATA, tmp_path / "g")
    shipped = _meta.data_vintage(settings.SHIPPED_GEODATA)
    assert len(shipped) == 12
    assert _meta.data_vintage(copy) == shipped  # same bytes, other path and mtime
    od = copy / "od_pairs.csv"
    od.write_text(od.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _meta.data_vintage(copy) != shipped


def test_every_shipped_data_file_takes_part_in_the_data_vintage(tmp_path: Path) -> None:
    """Editing any data file of the shipped folder (not its README) changes the fingerprint."""
    shipped = _meta.data_vintage(settings.SHIPPED_GEODATA)
    data_files = sorted(p.name for p in Path(settings.SHIPPED_GEODATA).iterdir()
                        if p.is_file() and p.suffix != ".md")
    assert len(data_files) >= 9
    for name in data_files:
        copy = shutil.copytree(settings.SHIPPED_GEODATA, tmp_path / name)
        edited = copy / name
        edited.write_bytes(edited.read_bytes() + b"\n")
        assert _meta.data_vintage(copy) != shipped, name


def test_gpkg_layers_read_back_with_pyogrio(tmp_path: Path, shipped: geodata.GeoData,
                                            tripp: scenarios.Scenario) -> None:
    out = tmp_path / "net.gpkg"
    assert cli.main(["export", "--scenario", "tripp", "--format", "gpkg",
                     "--out", str(out)]) == 0
    assert [name for name, _ in pyogrio.list_layers(out)] == list(LAYERS)
    links = pyogrio.read_dataframe(out, layer="links")
    assert sorted(links["id"]) == sorted(shipped.links.index)
    usable = set(links.loc[links["usable"].astype(bool), "id"])
    assert usable == set(scenarios.select(shipped, tripp).links)
    # every attribute of the geodata is kept
    assert set(shipped.links.columns) - {"geometry"} <= set(links.columns)
    # betweenness: the analysis measure, on usable links only
    from corridor import analysis

    expected = {c.link_id: c.betweenness for c in analysis.link_betweenness(
        network.build(shipped, tripp), top=len(shipped.links))}
    got = {k: v for k, v in zip(links["id"], links["betweenness"], strict=True)
           if not pd.isna(v)}
    assert got == pytest.approx(expected) and set(got) <= usable
    row = links.set_index("id").loc["agstafa_boyuk_kasik_rail"]
    assert row["corridors"] == "btk;middle_corridor"
    assert row.geometry.equals_exact(shipped.links.geometry["agstafa_boyuk_kasik_rail"], 1e-9)
    places = pyogrio.read_dataframe(out, layer="places")
    assert sorted(places["id"]) == sorted(shipped.places.index)
    graph = network.build(shipped, tripp)
    assert len(pyogrio.read_dataframe(out, layer="nodes")) == graph.number_of_nodes()
    edges = pyogrio.read_dataframe(out, layer="edges")
    assert len(edges) == graph.number_of_edges()
    assert math.isclose(edges["time_h"].sum(),
                        math.fsum(d["time_h"] for *_, d in graph.edges(data=True)))
    meta = pyogrio.read_info(out, layer="links")["layer_metadata"]
    assert meta["corridor_version"] == _meta.version()
    assert meta["geodata_vintage"] == _meta.data_vintage(settings.SHIPPED_GEODATA)
    assert meta["scenario"] == "tripp"


def test_gpkg_opens_with_ogrinfo(tmp_path: Path) -> None:
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.skip("GDAL's ogrinfo is not installed")
    out = tmp_path / "net.gpkg"
    assert cli.main(["export", "--format", "gpkg", "--out", str(out)]) == 0
    text = subprocess.run([ogrinfo, "-ro", "-so", str(out)], capture_output=True, text=True,
                          check=True).stdout
    for name in LAYERS:
        assert name in text


def _edges_by_key(g: nx.MultiGraph) -> dict[tuple[frozenset[str], str], dict]:
    label = nx.get_node_attributes(g, "node")
    return {(frozenset((str(label.get(u, u)), str(label.get(v, v)))), str(k)): d
            for u, v, k, d in g.edges(keys=True, data=True)}


def test_graphml_round_trips_through_networkx_and_osmnx(
        tmp_path: Path, shipped: geodata.GeoData, tripp: scenarios.Scenario) -> None:
    ox = pytest.importorskip("osmnx")
    graph = network.build(shipped, tripp)
    out = tmp_path / "net.graphml"
    assert cli.main(["export", "--scenario", "tripp", "--format", "graphml",
                     "--out", str(out)]) == 0
    # the network in memory keeps its Python objects (the export is a sanitised copy)
    assert isinstance(graph.graph["scenario_obj"], scenarios.Scenario)
    from corridor.export.layers import node_key

    original = {(frozenset((node_key(u), node_key(v))), str(k)): d
                for u, v, k, d in graph.edges(keys=True, data=True)}
    plain = nx.read_graphml(out)  # a Graph (no parallel edges), the edge key in ``id``
    assert plain.number_of_edges() == graph.number_of_edges()
    for loaded in (nx.read_graphml(out, force_multigraph=True), ox.load_graphml(out)):
        assert loaded.number_of_nodes() == graph.number_of_nodes()
        edges = _edges_by_key(loaded)
        assert edges.keys() == original.keys()
        for key, d in original.items():
            e = edges[key]
            assert float(e["length_km"]) == d["length_km"]  # bit for bit
            assert float(e["time_h"]) == d["time_h"]
            assert (e.get("mode") or None) == d.get("mode")
            assert math.isclose(float(e["length"]), 1000 * d["length_km"])
        assert loaded.graph["corridor_version"] == _meta.version()
    # osmnx parses geometries and its own units
    o = ox.load_graphml(out)
    some = next(d for *_, d in o.edges(data=True) if "geometry" in d)
    assert some["geometry"].geom_type == "LineString"
    assert isinstance(some["travel_time"], float)


def test_writing_the_raw_graph_fails_but_the_copy_does_not(
        shipped: geodata.GeoData, tripp: scenarios.Scenario) -> None:
    graph = network.build(shipped, tripp)
    with pytest.raises(nx.NetworkXError):
        "\n".join(nx.generate_graphml(graph))
    assert "\n".join(nx.generate_graphml(graphml_graph(graph)))


def test_geoparquet_and_csv_folders(tmp_path: Path, shipped: geodata.GeoData) -> None:
    pytest.importorskip("pyarrow")
    import geopandas as gpd

    pq = tmp_path / "pq"
    assert cli.main(["export", "--format", "geoparquet", "--out", str(pq)]) == 0
    links = gpd.read_parquet(pq / "links.parquet")
    assert links.crs.to_epsg() == 4326
    assert sorted(links["id"]) == sorted(shipped.links.index)
    meta = json.loads((pq / "metadata.json").read_text(encoding="utf-8"))
    assert meta["corridor_version"] == _meta.version() and meta["scenario"] == "today"
    folder = tmp_path / "csv"
    assert cli.main(["export", "--format", "csv", "--out", str(folder)]) == 0
    with (folder / "links.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(shipped.links)
    assert all(r["geometry_wkt"].startswith("LINESTRING") for r in rows)


def _pick(shipped: geodata.GeoData) -> list[str]:
    return ["baku", "kars", "nakhchivan", "tbilisi", "aktau"]


def test_od_hours_and_km_are_those_of_the_best_route(
        tmp_path: Path, shipped: geodata.GeoData, capsys: pytest.CaptureFixture[str]) -> None:
    places = tmp_path / "places.txt"
    places.write_text("place\n" + "\n".join(_pick(shipped)) + "\n", encoding="utf-8")
    out = tmp_path / "od.csv"
    assert cli.main(["od", "--scenario", "tripp", "--places", str(places),
                     "--out", str(out)]) == 0
    assert "20 pairs" in capsys.readouterr().out
    table = pd.read_csv(out)
    assert len(table) == 20
    for row in table.itertuples():
        r = routing.route(row.origin, row.destination, scenario="tripp", data=shipped)
        assert math.isclose(row.hours, r.time_h, abs_tol=1e-3)
        assert math.isclose(row.km, r.length_km, abs_tol=1e-3)


def test_od_wide_and_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "od.parquet"
    assert cli.main(["od", "--kind", "port", "--by", "length", "--mode", "road",
                     "--format", "wide", "--out", str(out)]) == 0
    frame = pd.read_parquet(out)
    ports = frame["origin"].unique()
    assert list(frame.columns[:2]) == ["origin", "measure"]
    assert len(frame) == 2 * len(ports) and set(frame.columns[2:]) == set(ports)
    meta = pq.read_schema(out).metadata
    assert meta[b"corridor:corridor_version"].decode() == _meta.version()


def test_od_csv_never_holds_a_formula(tmp_path: Path) -> None:
    folder = shutil.copytree(settings.SHIPPED_GEODATA, tmp_path / "g")
    places = folder / "places.geojson"
    text = places.read_text(encoding="utf-8")
    assert '"name":"Kars"' in text
    places.write_text(text.replace('"name":"Kars"', '"name":"=HYPERLINK(1)"'),
                      encoding="utf-8")
    names = tmp_path / "places.txt"
    names.write_text("kars\nbaku\n", encoding="utf-8")
    out = tmp_path / "od.csv"
    assert cli.main(["od", "--geodata", str(folder), "--places", str(names),
                     "--out", str(out)]) == 0
    cells = [c for row in csv.reader(out.open(encoding="utf-8")) for c in row]
    assert "'=HYPERLINK(1)" in cells and "=HYPERLINK(1)" not in cells


@pytest.mark.parametrize(("argv", "message"), [
    (["od", "--kind", "town", "--out", "x.csv"], "unknown place kind(s) 'town'"),
    (["od", "--out", "x.xlsx"], "written as .csv or .parquet"),
    (["export", "--format", "gpkg", "--out", "x.gpkg", "--close", "bakuu"],
     "did you mean 'baku'"),
])
def test_bad_arguments_exit_2_in_one_line(argv: list[str], message: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not list(tmp_path.iterdir())  # nothing written


def test_parquet_without_pyarrow_says_how_to_install(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from corridor.export import od

    monkeypatch.setattr(od, "has_pyarrow", lambda: False)
    out = tmp_path / "net"
    assert cli.main(["export", "--format", "geoparquet", "--out", str(out)]) == 2
    assert "pip install 'corridor[parquet]'" in capsys.readouterr().err
    assert not out.exists()


def test_edges_layer_gives_each_direction_its_border_time() -> None:
    """A border edge costs a different time each way: both reach the GIS layer."""
    from corridor.export.layers import graph_layers

    data = geodata.load()
    rows = list(csv.DictReader((data.path / "border_times.csv").open(encoding="utf-8")))
    hours = {}
    for r in rows:  # the CPMM posts of each direction, summed by hand from the CSV
        if r["crossing"] == "red_bridge" and r["profile"] == "freight":
            key = (r["from_country"], r["to_country"])
            hours[key] = hours.get(key, 0.0) + float(r["hours"])
    edges = graph_layers(network.build(data, "today"))["edges"]
    border = edges[(edges["kind"] == "border") & (edges["place"] == "red_bridge")].iloc[0]
    u_country, v_country = border["u"].split("|")[2], border["v"].split("|")[2]
    assert border["time_h_uv"] == pytest.approx(hours[(u_country, v_country)])
    assert border["time_h_vu"] == pytest.approx(hours[(v_country, u_country)])
    assert json.loads(border["directions"])[0][:2] in (["AZE", "GEO"], ["GEO", "AZE"])
