"""The calibration record (geodata/published_figures.csv) and its comparison with the model."""

from __future__ import annotations

import json
import math
from pathlib import Path

import mini_corridor
import pytest
from pyproj import Geod

from corridor import calibration, cli, geodata, routing, settings
from corridor._errors import GeodataError

HEADER = ",".join(calibration.COLUMNS)
GEOD = Geod(ellps="WGS84")


def row(fid: str, quantity: str, mode: str, frm: str, to: str, value: float, *,
        via: str = "", links: str = "", unit: str | None = None) -> str:
    unit = unit or ("km" if quantity == "length" else "h")
    return (f"{fid},{quantity},{mode},,{frm},{to},{via},{links},{value},{unit},published,2025,"
            "https://example.org/figure,Example,")


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def file_length_km(data: geodata.GeoData, link_id: str) -> float:
    """Geodesic length of a link computed straight from the GeoJSON file (not via corridor)."""
    assert data.path is not None
    doc = json.loads((data.path / "links.geojson").read_text(encoding="utf-8"))
    coords = next(f["geometry"]["coordinates"] for f in doc["features"]
                  if f["properties"]["id"] == link_id)
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000.0


def figures(tmp_path: Path, *rows: str) -> list[calibration.PublishedFigure]:
    path = tmp_path / calibration.FIGURES_FILE
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return calibration.load_figures(tmp_path)


def test_link_length_is_the_geodesic_of_its_geometry(mini: geodata.GeoData,
                                                     tmp_path: Path) -> None:
    expected = file_length_km(mini, "r_ab") + file_length_km(mini, "r_bx")
    (c,) = calibration.compare(figures(tmp_path, row("ab", "length", "rail", "a", "x", 200.0,
                                                     links="r_ab;r_bx")), mini)
    assert c.model == pytest.approx(expected, rel=1e-9)
    assert c.error == pytest.approx((expected - 200.0) / 200.0, rel=1e-9)


def test_route_figures_use_the_shortest_or_fastest_route(mini: geodata.GeoData,
                                                          tmp_path: Path) -> None:
    rows = figures(tmp_path, row("len", "length", "rail", "a", "c", 400.0),
                   row("time", "time", "multimodal", "a", "ir_y", 10.0),
                   row("via", "length", "road", "a", "c", 900.0, via="t"))
    length, time, via = calibration.compare(rows, mini, scenarios=("today",))
    rail_km = sum(file_length_km(mini, lid) for lid in ("r_ab", "r_bx", "r_xc"))
    assert length.model == pytest.approx(rail_km, rel=1e-9)
    fastest = routing.route("a", "ir_y", scenario="today", data=mini)
    shortest = routing.route("a", "ir_y", scenario="today", weight="length", data=mini)
    assert shortest.time_h > fastest.time_h + 0.5  # the two differ on this pair
    assert time.model == pytest.approx(fastest.time_h)
    assert "t" in routing.route("a", "c", modes="road", weight="length", via=["t"],
                                data=mini).places
    detour_km = sum(file_length_km(mini, lid) for lid in ("d_a_irx", "d_irx_t", "d_t_iry",
                                                           "d_iry_n", "d_n_c"))
    assert via.model == pytest.approx(detour_km, rel=1e-9)


def test_a_figure_at_a_crossing_is_its_dwell(mini: geodata.GeoData, tmp_path: Path) -> None:
    rail, road = calibration.compare(figures(tmp_path, row("xr", "time", "rail", "x", "x", 2.0),
                                             row("xd", "time", "road", "x", "x", 12.0)),
                                     mini, scenarios=("today",))
    assert rail.model == 2.5  # x's own rail_dwell_h in mini_corridor
    assert road.model == settings.Defaults().road_border_dwell_h


def test_unmatched_rows_stay_with_a_reason(mini: geodata.GeoData, tmp_path: Path) -> None:
    rows = figures(tmp_path, row("ghost", "length", "rail", "a", "b", 10.0, links="nope"),
                   row("cut", "length", "rail", "a", "p", 10.0),
                   row("ok", "length", "rail", "a", "b", 10.0, links="r_ab"))
    ghost, cut, ok = calibration.compare(rows, mini, scenarios=("today", "future"))
    assert ghost.model is None and "nope" in ghost.reason
    assert cut.model is None and "today" in cut.reason and "future" in cut.reason
    (lengths, _) = calibration.summarise([ghost, cut, ok])
    assert (lengths.rows, lengths.matched) == (3, 1)


def test_summary_statistics(tmp_path: Path) -> None:
    base = figures(tmp_path, *(row(f"f{i}", "length", "rail", "a", "b", 100.0)
                               for i in range(4)))
    models = [102.0, 92.0, 120.0, None]
    comps = [calibration.Comparison(f, m, "test") for f, m in zip(base, models, strict=True)]
    lengths, times = calibration.summarise(comps)
    assert lengths.matched == 3 and lengths.median_abs_error == pytest.approx(0.08)
    assert lengths.within_5 == pytest.approx(1 / 3) and lengths.within_10 == pytest.approx(2 / 3)
    assert times.rows == 0 and math.isnan(times.median_abs_error)


@pytest.mark.parametrize(("bad", "field"), [
    (row("q", "speed", "rail", "a", "b", 1.0, unit="km"), "quantity"),
    (row("u", "length", "rail", "a", "b", 1.0, unit="h"), "unit"),
    (row("m", "length", "plane", "a", "b", 1.0), "mode"),
    (row("v", "length", "rail", "a", "b", -3.0), "value"),
    (row("n", "length", "rail", "a", "b", 1.0).replace(",1.0,", ",many,"), "value"),
])
def test_malformed_rows_name_file_row_and_field(tmp_path: Path, bad: str, field: str) -> None:
    with pytest.raises(GeodataError) as info:
        figures(tmp_path, row("fine", "length", "rail", "a", "b", 1.0), bad)
    message = info.value.one_line()
    assert calibration.FIGURES_FILE in message and f": {bad.split(',')[0]}: {field}:" in message


def test_wrong_header_is_refused(tmp_path: Path) -> None:
    (tmp_path / calibration.FIGURES_FILE).write_text("id,value\nx,1\n", encoding="utf-8")
    with pytest.raises(GeodataError, match="header"):
        calibration.load_figures(tmp_path)


def test_shipped_record_is_complete_and_refers_to_the_data(shipped: geodata.GeoData) -> None:
    rows = calibration.load_figures()
    assert len({r.id for r in rows}) == len(rows)
    assert sum(r.quantity == "length" for r in rows) >= 40
    assert sum(r.quantity == "time" for r in rows) >= 15
    for r in rows:
        assert r.source_url.startswith(("https://", "http://")), r.id
        for pid in (r.origin, r.destination, *r.via):
            assert pid in shipped.places.index, (r.id, pid)
        for lid in r.link_ids:
            assert lid in shipped.links.index, (r.id, lid)
        assert r.status in ("published", "derived"), r.id


def test_check_command_prints_every_row_and_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = mini_corridor.write(tmp_path / "mini")
    rows = [row("ab", "length", "rail", "a", "b", 150.0, links="r_ab"),
            row("ac", "time", "rail", "a", "c", 12.0),
            row("gone", "length", "rail", "a", "p", 10.0)]
    (folder / calibration.FIGURES_FILE).write_text("\n".join([HEADER, *rows]) + "\n",
                                                   encoding="utf-8")
    assert cli.main(["check", "--geodata", str(folder), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in doc["rows"]] == ["ab", "ac", "gone"]
    ab = doc["rows"][0]
    assert ab["model_value"] == pytest.approx(file_length_km(geodata.load(folder), "r_ab"))
    assert ab["error_share"] == pytest.approx((ab["model_value"] - 150.0) / 150.0)
    assert doc["rows"][2]["model_value"] is None and doc["rows"][2]["unmatched_reason"]
    assert [s["quantity"] for s in doc["summary"]] == ["length", "time"]
    assert doc["summary"][0]["matched"] == 1 and doc["summary"][0]["rows"] == 2
    assert cli.main(["check", "--geodata", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + 3 + 2 and out[-2].startswith("length: 1 of 2 rows matched")


def test_check_without_a_record_names_the_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = mini_corridor.write(tmp_path / "mini")
    assert cli.main(["check", "--geodata", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(folder / calibration.FIGURES_FILE) in err[0]
