"""The calibration record (geodata/published_figures.csv) and its comparison with the model."""

from __future__ import annotations

import csv
import json
import math
import statistics
from pathlib import Path

import mini_corridor
import pytest
from conftest import line, point, write_geodata
from pyproj import Geod

from corridor import calibration, cli, geodata, routing, settings
from corridor._errors import GeodataError

HEADER = ",".join(calibration.COLUMNS)
GEOD = Geod(ellps="WGS84")


def row(fid: str, quantity: str, mode: str, frm: str, to: str, value: float, *,
        via: str = "", links: str = "", unit: str | None = None, scope: str = "",
        direction: str = "", post: str = "", used_for: str = "") -> str:
    unit = unit or ("km" if quantity == "length" else "h")
    return (f"{fid},{quantity},{mode},,{frm},{to},{via},{links},{value},{unit},published,2025,"
            f"https://example.org/figure,Example,,{scope},{direction},{post},{used_for}")


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def file_length_km(data: geodata.GeoData, link_id: str) -> float:
    """A link's km read straight from the GeoJSON file (not via corridor): its published
    length, else the geodesic length of its line x the mode's detour factor."""
    assert data.path is not None
    doc = json.loads((data.path / "links.geojson").read_text(encoding="utf-8"))
    feature = next(f for f in doc["features"] if f["properties"]["id"] == link_id)
    props = feature["properties"]
    if props.get("length_km_published") is not None:
        return float(props["length_km_published"])
    lons, lats = zip(*feature["geometry"]["coordinates"], strict=True)
    factor = settings.DEFAULTS.detour_factors.get(props["mode"], 1.0)
    return GEOD.line_length(lons, lats) / 1000.0 * factor


def figures(tmp_path: Path, *rows: str) -> list[calibration.PublishedFigure]:
    path = tmp_path / calibration.FIGURES_FILE
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return calibration.load_figures(tmp_path)


def test_link_length_is_the_km_of_its_links(mini: geodata.GeoData,
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
    rail, road = calibration.compare(
        figures(tmp_path, row("xr", "time", "rail", "x", "x", 2.0,
                              used_for="place:x.rail_dwell_h"),
                row("xd", "time", "road", "x", "x", 12.0, scope="crossing")),
        mini, scenarios=("today",))
    assert rail.figure.scope == road.figure.scope == "crossing"  # from == to: a crossing
    assert rail.model == 2.5  # x's own rail_dwell_h in mini_corridor, both directions
    assert road.model == settings.Defaults().road_border_dwell_h
    # a row whose value set a parameter (used_for) is no test of the model; a default is
    assert rail.in_sample and not road.in_sample


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    """mini with published post times: road at x (AZE|GEO) and the AZE port of ferry f_pb."""
    folder = mini_corridor.write(tmp_path_factory.mktemp("posts"))
    (folder / "border_times.csv").write_text(
        "crossing,mode,profile,from_country,to_country,side,hours,year,source_url,note\n"
        "x,road,freight,AZE,GEO,AZE,13.0,2022,https://example.org/b,exit\n"
        "x,road,freight,AZE,GEO,GEO,2.0,2022,https://example.org/b,entry\n"
        "x,road,freight,GEO,AZE,GEO,30.0,2022,https://example.org/b,exit\n"
        "f_pb,ferry,freight,KAZ,AZE,AZE,0.5,2022,https://example.org/b,port\n",
        encoding="utf-8")
    return geodata.load(folder)


def test_a_post_figure_is_the_model_hours_at_that_post_and_direction(
        posts: geodata.GeoData, tmp_path: Path) -> None:
    rows = figures(tmp_path,
                   row("exit", "time", "road", "x", "x", 13.0, scope="post",
                       direction="AZE>GEO", post="AZE"),
                   row("entry", "time", "road", "x", "x", 2.0, scope="post",
                       direction="AZE>GEO", post="GEO"),
                   row("back", "time", "road", "x", "x", 30.0, scope="post",
                       direction="GEO>AZE", post="GEO"),
                   row("one_way", "time", "road", "x", "x", 15.0, scope="crossing",
                       direction="AZE>GEO"),
                   row("both", "time", "road", "x", "x", 15.0, scope="crossing"),
                   row("port", "time", "road", "b", "b", 0.5, links="f_pb", scope="post",
                       direction="KAZ>AZE", post="AZE"))
    exit_, entry, back, one_way, both, port = calibration.compare(rows, posts,
                                                                  scenarios=("today",))
    assert (exit_.model, entry.model, back.model) == (13.0, 2.0, 30.0)
    assert one_way.model == 15.0
    # GEO>AZE: 30 h at the GEO post, the AZE post without a row gets half the default
    half = settings.Defaults().road_border_dwell_h / 2.0
    assert both.model == pytest.approx((15.0 + 30.0 + half) / 2.0)
    assert port.model == 0.5 and "f_pb" in port.how
    # nothing here names used_for: every row is out of sample
    assert not any(c.in_sample for c in (exit_, entry, back, one_way, both, port))


def test_a_sailing_figure_is_the_ferry_time_at_sea(mini: geodata.GeoData,
                                                   tmp_path: Path) -> None:
    (sail, trip) = calibration.compare(
        figures(tmp_path, row("sail", "time", "ferry", "p", "b", 20.0, links="f_pb",
                              scope="sailing", used_for="link:f_pb.sailing_h"),
                row("trip", "time", "ferry", "p", "b", 20.0)), mini, scenarios=("today",))
    assert sail.model == 20.0  # the link's sailing_h, without the wait for a departure
    assert trip.model is not None and trip.model >= 20.0 + 48.0 / 2.0  # the route waits
    assert sail.in_sample and not trip.in_sample


@pytest.mark.parametrize(("bad", "field"), [
    (row("s", "time", "rail", "a", "b", 1.0, scope="port"), "scope"),
    (row("s", "length", "rail", "x", "x", 1.0, scope="post", direction="AZE>GEO",
         post="AZE"), "scope"),
    (row("s", "time", "rail", "x", "x", 1.0, scope="trip"), "scope"),
    (row("s", "time", "rail", "a", "b", 1.0, scope="sailing"), "scope"),
    (row("d", "time", "road", "x", "x", 1.0, scope="post", direction="AZE-GEO",
         post="AZE"), "direction"),
    (row("d", "time", "road", "a", "b", 1.0, direction="AZE>GEO"), "direction"),
    (row("p", "time", "road", "x", "x", 1.0, scope="post", direction="AZE>GEO",
         post="IRN"), "post"),
    (row("p", "time", "road", "x", "x", 1.0, scope="crossing", post="AZE"), "post"),
    (row("u", "time", "road", "a", "b", 1.0, used_for="guess"), "used_for"),
    (row("u", "time", "road", "a", "b", 1.0, used_for="table:x"), "used_for"),
])
def test_malformed_scopes_name_file_row_and_field(tmp_path: Path, bad: str, field: str) -> None:
    with pytest.raises(GeodataError) as info:
        figures(tmp_path, bad)
    message = info.value.one_line()
    assert calibration.FIGURES_FILE in message and f": {bad.split(',')[0]}: {field}:" in message


def test_a_record_without_the_scope_columns_is_read_as_trips(tmp_path: Path) -> None:
    short = ",".join(calibration.COLUMNS[:calibration.COLUMNS.index("scope")])
    (tmp_path / calibration.FIGURES_FILE).write_text(
        f"{short}\nab,length,rail,,a,b,,,1.0,km,published,,https://example.org/f,E,\n",
        encoding="utf-8")
    (ab,) = calibration.load_figures(tmp_path)
    assert (ab.scope, ab.direction, ab.post, ab.used_for) == ("trip", None, "", ())


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
    assert len(out) == 1 + 3 + 4 and out[-4].startswith("length: 1 of 2 rows matched")
    assert out[-2].startswith("length (out of sample): 1 of 2 rows matched")


def test_check_without_a_record_names_the_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = mini_corridor.write(tmp_path / "mini")
    assert cli.main(["check", "--geodata", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(folder / calibration.FIGURES_FILE) in err[0]


@pytest.fixture(scope="module")
def section(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    """a -(rail, published 120 km)- b -(rail, closed: in no scenario)- c, and a road a - c."""
    folder = tmp_path_factory.mktemp("section")
    places = [point("a", 45.0, 40.0), point("b", 46.0, 40.0), point("c", 47.0, 40.2)]
    links = [line("l_ab", "a", "b", [(45.0, 40.0), (45.5, 40.1), (46.0, 40.0)],
                  length_km_published=120.0),
             line("l_bc", "b", "c", [(46.0, 40.0), (46.5, 40.0), (47.0, 40.2)],
                  status="closed"),
             line("d_ac", "a", "c", [(45.0, 40.0), (46.0, 40.3), (47.0, 40.2)],
                  mode="road", gauge_mm=None)]
    return geodata.load(write_geodata(folder, places, links))


def test_a_section_is_the_km_of_its_links_in_any_scenario(section: geodata.GeoData,
                                                          tmp_path: Path) -> None:
    rows = figures(tmp_path, row("sec", "length", "rail", "a", "c", 230.0, links="l_ab;l_bc"),
                   row("est", "length", "rail", "b", "c", 90.0, links="l_bc"),
                   row("pub", "length", "rail", "a", "b", 125.0, links="l_ab"),
                   row("road", "length", "road", "a", "c", 200.0))
    sec, est, pub, road = calibration.compare(rows, section, scenarios=("today",))
    bc = file_length_km(section, "l_bc")
    assert bc > 0 and file_length_km(section, "l_ab") == 120.0
    # l_bc is closed, so no route runs a-b-c; the section is still the sum of its links
    assert sec.model == pytest.approx(120.0 + bc, rel=1e-9)
    assert sec.published_share == pytest.approx(120.0 / (120.0 + bc))
    assert est.model == pytest.approx(bc, rel=1e-9) and est.published_share == 0.0
    assert pub.model == 120.0 and pub.published_share == 1.0
    # rows whose model km hold a published link length (copied chainage, a fit point) are
    # in sample; the estimated link and the road route (no published km) are not
    assert [c.in_sample for c in (sec, est, pub, road)] == [True, False, True, False]
    assert road.model is not None and road.published_share == 0.0


def test_check_summarises_all_rows_and_the_rows_out_of_sample(
        section: geodata.GeoData, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert section.path is not None
    rows = [row("pub", "length", "rail", "a", "b", 100.0, links="l_ab"),
            row("est", "length", "rail", "b", "c", 90.0, links="l_bc")]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    comparisons, summaries = calibration.check(section.path, path)
    everything, _, outside, _ = summaries
    assert (everything.sample, everything.matched) == ("all", 2)
    assert (outside.sample, outside.matched) == ("out_of_sample", 1)
    est = comparisons[1]
    assert outside.median_abs_error == pytest.approx(abs(est.model - 90.0) / 90.0)
    assert everything.median_abs_error == pytest.approx(
        statistics.median([0.2, abs(est.model - 90.0) / 90.0]))
    assert cli.main(["check", "--geodata", str(section.path), "--figures", str(path),
                     "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["in_sample"] for r in doc["rows"]] == [True, False]
    assert doc["rows"][0]["published_length_share"] == 1.0
    assert doc["summary_out_of_sample"][0]["matched"] == 1
    assert doc["summary"][0]["matched"] == 2


# --------------------------------------------------------------------------- the shipped record


@pytest.fixture(scope="module")
def shipped_check() -> tuple[list[calibration.Comparison], list[calibration.Summary]]:
    return calibration.check()


def _errors(comparisons: list[calibration.Comparison], quantity: str) -> list[float]:
    """Absolute relative errors recomputed from the model and published values."""
    return [abs(c.model - c.figure.value) / c.figure.value for c in comparisons
            if c.figure.quantity == quantity and c.model is not None]


def test_shipped_summaries_are_reported_truthfully(
        shipped_check: tuple[list[calibration.Comparison], list[calibration.Summary]]) -> None:
    comparisons, summaries = shipped_check
    outside = [c for c in comparisons if not c.in_sample]
    for summary in summaries:
        rows = comparisons if summary.sample == "all" else outside
        errors = _errors(rows, summary.quantity)
        assert summary.rows == sum(c.figure.quantity == summary.quantity for c in rows)
        assert summary.matched == len(errors) > 0
        assert summary.median_abs_error == pytest.approx(statistics.median(errors))
        assert summary.within_10 == pytest.approx(sum(e <= 0.10 for e in errors) / len(errors))
        assert summary.within_5 == pytest.approx(sum(e <= 0.05 for e in errors) / len(errors))
    # in sample = the row set a parameter (used_for), or its model km hold published km
    for c in comparisons:
        if c.figure.quantity == "length" and c.model is not None:
            assert c.published_share is not None and 0.0 <= c.published_share <= 1.0
            assert c.in_sample == (c.published_share > 0 or bool(c.figure.used_for)), \
                c.figure.id
        elif c.figure.quantity == "time":
            assert c.in_sample == bool(c.figure.used_for), c.figure.id


def _summary(summaries: list[calibration.Summary], quantity: str) -> calibration.Summary:
    return next(s for s in summaries if s.quantity == quantity and s.sample == "all")


def test_shipped_lengths_meet_the_issue_targets(
        shipped_check: tuple[list[calibration.Comparison], list[calibration.Summary]]) -> None:
    comparisons, summaries = shipped_check
    errors = _errors(comparisons, "length")
    assert statistics.median(errors) <= 0.05
    assert sum(e <= 0.10 for e in errors) / len(errors) >= 0.80
    assert _summary(summaries, "length").median_abs_error <= 0.05


def test_shipped_times_meet_the_issue_target(
        shipped_check: tuple[list[calibration.Comparison], list[calibration.Summary]]) -> None:
    comparisons, _ = shipped_check
    assert statistics.median(_errors(comparisons, "time")) <= 0.15


@pytest.mark.xfail(strict=True, reason="out of sample the issue 13 targets are not reached yet: "
                   "lengths median 7.7 % (target 5 %), times median 26.5 % (target 15 %) on the "
                   "rows that set no parameter; remove this mark when the model gets there")
def test_shipped_rows_out_of_sample_meet_the_issue_targets(
        shipped_check: tuple[list[calibration.Comparison], list[calibration.Summary]]) -> None:
    comparisons, _ = shipped_check
    outside = [c for c in comparisons if not c.in_sample]
    assert statistics.median(_errors(outside, "length")) <= 0.05
    assert statistics.median(_errors(outside, "time")) <= 0.15


def test_within_counts_an_error_of_exactly_the_bound(tmp_path: Path) -> None:
    base = figures(tmp_path, row("f5", "length", "rail", "a", "b", 100.0),
                   row("f10", "length", "rail", "a", "b", 100.0))
    comps = [calibration.Comparison(base[0], 105.0, "test"),
             calibration.Comparison(base[1], 90.0, "test")]
    (lengths, _) = calibration.summarise(comps)
    assert lengths.within_5 == 0.5 and lengths.within_10 == 1.0


def _used_for_value(ref: str, shipped: geodata.GeoData, border_rows: list[dict[str, str]]
                    ) -> object:
    """What a ``used_for`` reference names in the shipped model (``None``: nothing)."""
    kind, _, name = ref.partition(":")
    if kind in ("link", "place"):
        frame = shipped.links if kind == "link" else shipped.places
        fid, _, fieldname = name.partition(".")
        if fid not in frame.index or fieldname not in frame.columns:
            return None
        value = frame.loc[fid, fieldname]
        return None if value is None or (isinstance(value, float) and math.isnan(value)) \
            else value
    if kind == "border_times":
        crossing, mode, profile, direction, side = name.split("/")
        frm, to = direction.split(">")
        found = [r for r in border_rows if (r["crossing"], r["mode"], r["profile"],
                 r["from_country"], r["to_country"], r["side"]) ==
                 (crossing, mode, profile, frm, to, side)]
        return float(found[0]["hours"]) if found else None
    if kind == "setting":
        profile, _, fieldname = name.rpartition(".")
        if profile:
            return settings.PROFILE_DEFAULTS.get(profile, {}).get(fieldname)
        return getattr(settings.DEFAULTS, fieldname, None)
    key = tuple(name.split("/"))
    return settings.LINE_SPEEDS.get(key, "unset") if key in settings.LINE_SPEEDS else None


def _border_rows() -> list[dict[str, str]]:
    path = settings.SHIPPED_GEODATA / "border_times.csv"
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_shipped_used_for_names_parameters_the_model_has(shipped: geodata.GeoData) -> None:
    border_rows = _border_rows()
    for r in calibration.load_figures():
        for ref in r.used_for:
            value = _used_for_value(ref, shipped, border_rows)
            assert value is not None, (r.id, ref)
            if ref.startswith("border_times:"):  # a post time copied from this row
                assert value == r.value, (r.id, ref)


def test_shipped_rows_copied_into_the_model_say_so(shipped: geodata.GeoData) -> None:
    """A row whose value is a border_times.csv row's hours (same post, direction, source) or
    a link's published length must name it in used_for: it is then in sample."""
    rows = calibration.load_figures()
    for b in _border_rows():
        for r in rows:
            if (r.scope == "post" and r.direction == (b["from_country"], b["to_country"])
                    and r.post == b["side"] and r.value == float(b["hours"])
                    and r.source_url == b["source_url"]):
                ref = (f"border_times:{b['crossing']}/{b['mode']}/{b['profile']}/"
                       f"{b['from_country']}>{b['to_country']}/{b['side']}")
                assert ref in r.used_for, (r.id, ref)
    published = shipped.links["length_km_published"].dropna()
    for r in rows:
        if r.quantity == "length" and len(r.link_ids) == 1 and r.link_ids[0] in published \
                and float(published[r.link_ids[0]]) == r.value:
            assert f"link:{r.link_ids[0]}.length_km_published" in r.used_for, r.id


def test_settings_hold_the_line_speeds_fitted_on_the_rows_that_set_them(
        shipped: geodata.GeoData) -> None:
    fits = calibration.fit_line_speeds(shipped)
    assert fits, "no row sets a line speed"
    for key, fit in fits.items():
        expected = statistics.median(
            sum(leg.length_km for leg in routing.route(
                r.origin, r.destination, modes=key[0], via=list(r.via), profile=key[2],
                data=shipped).legs) / r.value
            for r in calibration.load_figures() if f"line_speed:{'/'.join(key)}" in r.used_for)
        assert fit.speed_kmh == pytest.approx(expected)
        assert settings.LINE_SPEEDS[key] == pytest.approx(fit.speed_kmh, abs=0.05), key


def test_a_row_that_stops_on_the_way_cannot_set_a_line_speed(mini: geodata.GeoData,
                                                              tmp_path: Path) -> None:
    rows = figures(tmp_path, row("r", "time", "rail", "a", "c", 5.0,
                                 used_for="line_speed:rail/main/freight"))
    with pytest.raises(GeodataError, match="cannot set"):
        calibration.fit_line_speeds(mini, rows)
