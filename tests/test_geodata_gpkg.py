"""Geodata as a GeoPackage (issue 16): save, edit as QGIS would, load back, route on it."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from corridor import _meta, cli, geodata, routing

pyogrio = pytest.importorskip("pyogrio")


def _plain(value: object) -> object:
    return value.tolist() if hasattr(value, "tolist") else value


def test_save_and_load_a_geopackage_loses_nothing(tmp_path: Path,
                                                  shipped: geodata.GeoData) -> None:
    path = geodata.save(shipped, tmp_path / "net.gpkg")
    assert {name for name, _ in pyogrio.list_layers(path)} == {"places", "links", "regions"}
    back = geodata.load(path)
    for before, after in ((shipped.places, back.places), (shipped.links, back.links)):
        assert list(after.columns) == list(before.columns)
        after = after.loc[before.index]
        for column in before.columns:
            if column == "geometry":
                assert all(a.equals_exact(b, 0) for a, b in
                           zip(before.geometry, after.geometry, strict=True))
            else:
                assert [repr(_plain(v)) for v in before[column]] == \
                       [repr(_plain(v)) for v in after[column]], column
    r1 = routing.route("Baku", "Kars", data=shipped)
    r2 = routing.route("Baku", "Kars", data=back)
    assert (r1.length_km, r1.time_h) == (r2.length_km, r2.time_h)


def test_an_edit_in_the_geopackage_reaches_the_model(tmp_path: Path,
                                                     shipped: geodata.GeoData,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = geodata.save(shipped, tmp_path / "net.gpkg")
    edited = tmp_path / "edited.gpkg"
    shutil.copy(path, edited)
    # edit one feature in place, as QGIS saves an attribute edit (a GeoPackage is SQLite)
    with contextlib.closing(sqlite3.connect(edited)) as db, db:
        # GDAL's R-tree triggers name these functions (QGIS provides them); the fid and the
        # geometry are unchanged, so the triggers that use them do not run
        for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            db.create_function(name, 1, lambda _geom: 0)
        db.execute("UPDATE links SET status = 'operating', opened = 2026 "
                   "WHERE id = 'rail_horadiz_aghband'")
    data = geodata.load(edited)
    assert data.links.at["rail_horadiz_aghband", "status"] == "operating"
    assert data.links.at["rail_horadiz_aghband", "corridors"] == \
        shipped.links.at["rail_horadiz_aghband", "corridors"]
    assert _meta.data_vintage(edited) != _meta.data_vintage(path)
    assert cli.main(["validate", str(edited)]) == 0
    assert cli.main(["route", "Baku", "Kars", "--geodata", str(edited), "--json"]) == 0
    assert '"scenario": "today"' in capsys.readouterr().out


def test_a_geopackage_without_links_is_one_problem(tmp_path: Path,
                                                   shipped: geodata.GeoData) -> None:
    path = tmp_path / "places-only.gpkg"
    pyogrio.write_dataframe(shipped.places[["id", "geometry"]], path, layer="places",
                            driver="GPKG")
    report = geodata.validate(path)
    assert not report.ok
    assert any("no layer 'links'" in p.message for p in report.problems)
