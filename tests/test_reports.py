"""corridor.reports and ``corridor report``: numbers against direct computation, formats,
determinism across processes, atomic writing."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import toy_corridor

from corridor import _io, analysis, cli, geodata, network, reports, routing, scenarios
from corridor._errors import NoRoute

TOY_PAIRS_CSV = """origin,destination,modes
baku,nakhchivan,
Baku,Nakhchivan,rail
baku,kars,
port_of_aktau,istanbul,
# a comment line
port_of_turkmenbashi,poti,rail+ferry
"""


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = toy_corridor.write(tmp_path_factory.mktemp("toy") / "geodata")
    (folder / reports.OD_PAIRS_FILE).write_text(TOY_PAIRS_CSV, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def toy_report(toy_dir: Path) -> reports.Report:
    return reports.build(["today"], compare="tripp", data=geodata.load(toy_dir))


@pytest.fixture(scope="module")
def real_report(shipped: geodata.GeoData) -> reports.Report:
    return reports.build(["today"], compare="tripp", data=shipped, maps=False)


def direct_route(data: geodata.GeoData, scenario: str, row: reports.RouteRow
                 ) -> routing.Route | None:
    try:
        return routing.route(row.origin_id, row.destination_id, scenario=scenario,
                             modes=row.pair.modes or "multimodal", data=data)
    except NoRoute:
        return None


# --------------------------------------------------------------------------- real numbers


def test_default_pairs_cover_the_issue(shipped: geodata.GeoData) -> None:
    pairs = reports.read_pairs(reports.default_pairs_path(shipped))
    ids = {(routing.find_place(p.origin, shipped), routing.find_place(p.destination, shipped))
           for p in pairs}
    wanted = [("baku", "nakhchivan"), ("baku", "ordubad"), ("baku", "kars"),
              ("baku", "yerevan"), ("yerevan", "meghri"), ("nakhchivan", "kars"),
              ("aktau", "istanbul"), ("kuryk", "kars"), ("turkmenbashi", "poti")]
    for o, d in wanted:
        assert (routing.find_place(o, shipped), routing.find_place(d, shipped)) in ids
    assert (routing.find_place("Khorgos", shipped), "istanbul") in ids


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_route_rows_equal_route(shipped: geodata.GeoData, real_report: reports.Report,
                                scenario: str) -> None:
    for row in real_report.scenario(scenario).routes:
        found = direct_route(shipped, scenario, row)
        if found is None:
            assert not row.connected and row.length_km is None
            continue
        assert row.connected
        assert row.length_km == pytest.approx(found.length_km, abs=1e-6)
        assert row.time_h == pytest.approx(found.time_h, abs=1e-6)
        by_mode = dict(row.km_by_mode)
        for mode in geodata.MODES:
            expected = sum(leg.length_km for leg in found.legs
                           if leg.kind == "link" and leg.mode == mode)
            assert by_mode.get(mode, 0.0) == pytest.approx(expected, abs=1e-6)
        by_country: dict[str, float] = {}
        for leg in found.legs:
            if leg.length_km > 0:
                key = leg.country or "sea"
                by_country[key] = by_country.get(key, 0.0) + leg.length_km
        assert dict(row.km_by_country) == pytest.approx(by_country, abs=1e-6)
        assert row.border_crossings == sum(leg.kind == "border" for leg in found.legs)
        assert row.gauge_breaks == sum(leg.kind == "gauge_break" for leg in found.legs)
        assert row.transfers == sum(leg.kind == "transfer" for leg in found.legs)
        off = sum(leg.length_km for leg in found.legs
                  if leg.kind == "link" and leg.status != "operating")
        assert row.not_operating_km == pytest.approx(off, abs=1e-6)


def test_comparison_is_the_difference_of_routes(shipped: geodata.GeoData,
                                                real_report: reports.Report) -> None:
    comp = real_report.comparison
    assert comp is not None and (comp.base, comp.other) == ("today", "tripp")
    quoted = 0
    for change in comp.pairs:
        before = direct_route(shipped, "today", change.before)
        after = direct_route(shipped, "tripp", change.after)
        if before is not None and after is not None:
            assert change.change == "connected"
            assert change.km_saved == pytest.approx(before.length_km - after.length_km)
            assert change.hours_saved == pytest.approx(before.time_h - after.time_h)
        else:
            assert change.km_saved is None and change.hours_saved is None
            assert change.change == {(False, True): "newly connected",
                                     (True, False): "newly disconnected",
                                     (False, False): "not connected"}[
                (before is not None, after is not None)]
        if change.before.origin_id == "baku" and change.before.destination_id in (
                "nakhchivan", "kars"):
            quoted += 1
    assert quoted >= 2
    lines = reports.summary_lines(real_report)
    assert any("Nakhchivan" in line and "saves" in line for line in lines)
    assert any("Kars" in line for line in lines)


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_report_criticality_is_a_difference_of_routed_sums(
        shipped: geodata.GeoData, real_report: reports.Report, scenario: str) -> None:
    """The quoted critical links: closing one in the scenario and routing every pair with
    ``routing.route`` changes the OD total by the reported hours and cuts the listed pairs."""
    base_scen = scenarios.get(scenario)
    rows = real_report.scenario(scenario).routes

    def times(scen: scenarios.Scenario) -> list[float | None]:
        out = []
        for row in rows:
            try:
                out.append(routing.route(row.origin_id, row.destination_id, scenario=scen,
                                         modes=row.pair.modes or "multimodal",
                                         data=shipped).time_h)
            except NoRoute:
                out.append(None)
        return out

    before = times(base_scen)
    assert [t is None for t in before] == [not r.connected for r in rows]
    for item in real_report.scenario(scenario).connectivity.criticality[:3]:
        after = times(base_scen.replace(closed_links=[*base_scen.closed_links, item.link_id]))
        lost = tuple(i for i, (b, a) in enumerate(zip(before, after, strict=True))
                     if b is not None and a is None)
        rise = math.fsum(a - b for b, a in zip(before, after, strict=True)
                         if a is not None and b is not None)
        assert item.disconnected == lost, item.link_id
        assert item.rise_h == pytest.approx(rise, abs=1e-3), item.link_id


def test_real_connectivity_facts(real_report: reports.Report) -> None:
    assert real_report.scenario("today").connectivity.nakhchivan == {"rail": False,
                                                                      "road": False}
    assert real_report.scenario("tripp").connectivity.nakhchivan["rail"] is True
    for name in ("today", "tripp"):
        crit = real_report.scenario(name).connectivity.criticality
        assert len(crit) >= 5
        assert crit == analysis.rank_criticality(crit)


def test_real_report_connectivity_is_the_analysis_of_the_scenario_graph(
        shipped: geodata.GeoData, real_report: reports.Report) -> None:
    graph = network.build(shipped, "tripp")
    part = real_report.scenario("tripp").connectivity
    assert part.bridges["all"] == analysis.corridor_bridges(graph)
    assert part.articulation_points["all"] == analysis.corridor_articulation_points(graph)
    assert part.disjoint_paths["all"] == analysis.link_disjoint_paths(graph)
    assert part.components["rail"] == analysis.components(graph, "rail")


# --------------------------------------------------------------------------- pairs files


def test_read_pairs(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("Baku,Kars\n\nbaku, nakhchivan , rail;road\n", encoding="utf-8")
    pairs = reports.read_pairs(path)
    assert pairs == [reports.OdPair("Baku", "Kars"),
                     reports.OdPair("baku", "nakhchivan", ("rail", "road"))]
    assert pairs[1].label == "baku – nakhchivan (rail+road)"


@pytest.mark.parametrize("text, where", [
    ("origin,destination\nbaku\n", ":2:"),
    ("baku,kars,boat\n", ":1:"),
    ("# nothing\n", "no origin"),
])
def test_bad_pairs_files_name_the_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(reports.ReportError, match=where):
        reports.read_pairs(path)


def test_unknown_place_in_pairs_raises_before_writing(toy_dir: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("baku,atlantis\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["report", "--geodata", str(toy_dir), "--pairs", str(pairs),
                     "--out", str(out)])
    assert code == 2
    assert not out.exists()


# --------------------------------------------------------------------------- formats


def test_csv_one_file_per_table(toy_report: reports.Report) -> None:
    files = reports.to_csv(toy_report)
    assert set(files) == {f"{stem}.csv" for stem in reports.TABLES}
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        assert all(len(r) == len(header) for r in body), name
    routes = list(csv.DictReader(io.StringIO(files["routes.csv"])))
    assert len(routes) == 2 * len(toy_report.pairs)
    first = toy_report.scenarios[0].routes[0]
    assert float(routes[0]["length_km"]) == pytest.approx(first.length_km, abs=0.05)


def test_json_has_everything_with_units(toy_report: reports.Report) -> None:
    doc = json.loads(reports.to_json(toy_report))
    assert doc["schema"] == reports.SCHEMA
    assert [s["name"] for s in doc["scenarios"]] == ["today", "tripp"]
    route = doc["scenarios"][0]["routes"][0]
    assert route["length_km"] == pytest.approx(toy_report.scenarios[0].routes[0].length_km,
                                               abs=1e-3)
    conn = doc["scenarios"][1]["connectivity"]
    assert conn["nakhchivan_mainland_without_third_country"] == {"rail": True, "road": False}
    assert len(doc["comparison"]["pairs"]) == len(toy_report.pairs)
    crit = conn["criticality"][0]
    assert set(crit) == {"link_id", "rise_h", "disconnected_pairs"}


def test_markdown_and_html_have_the_tables(toy_report: reports.Report) -> None:
    md = reports.to_markdown(toy_report)
    for title in ("## Comparison: today → tripp", "## Routes", "## Criticality ranking",
                  "## Nakhchivan"):
        assert title in md
    page = reports.to_html(toy_report)
    sections = reports._sections(toy_report)
    assert page.count('<table id="table-') == len(sections)
    assert md.count("\n## ") == len(sections) + 1  # and the definitions
    for key in reports.definitions():
        assert f"**{key}**" in md and f"<dt>{key}</dt>" in page
    assert page.count('<iframe class="map"') == 2
    assert page.count("<svg") >= 2


def test_bar_chart_is_valid_svg() -> None:
    svg = reports.bar_chart_svg("t <&>", ["a", "b"], [("x", [1.0, None]), ("y", [2.0, 3.0])],
                                "h")
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 2 + 3  # legend swatches + bars with a value


def test_render_rejects_unknown_format(toy_report: reports.Report) -> None:
    with pytest.raises(reports.ReportError, match="pdf"):
        reports.render(toy_report, ["md", "pdf"])


# --------------------------------------------------------------------------- determinism


def run_cli(toy_dir: Path, out: Path, seed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from corridor import cli; sys.exit(cli.main())",
         "report", "--geodata", str(toy_dir), "--scenario", "today", "--compare", "tripp",
         "--out", str(out)],
        capture_output=True, text=True, env=env, check=False)


def test_same_inputs_give_byte_identical_files(toy_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        done = run_cli(toy_dir, out, seed)
        assert done.returncode == 0, done.stderr
        assert "today -> tripp:" in done.stdout and "top 5 critical links" in done.stdout
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert set(outputs[0]) == {"report.md", "report.html", "report.json",
                               *(f"csv/{s}.csv" for s in reports.TABLES)}
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- atomic writes


def test_failed_render_leaves_nothing(toy_report: reports.Report, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    def boom(report: reports.Report) -> str:
        raise RuntimeError("render failed")

    monkeypatch.setattr(reports, "to_json", boom)
    with pytest.raises(RuntimeError):
        reports.write(toy_report, out)
    assert not out.exists()


def test_failed_write_leaves_no_partial_file(toy_dir: Path, toy_report: reports.Report,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    reports.write(toy_report, out, ["md", "json"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = reports.build(["tripp"], data=geodata.load(toy_dir), maps=False)
    new = reports.render(other, ["md", "json"])
    assert new["report.md"] != before["report.md"]
    real_fsync = os.fsync
    calls: list[int] = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the disk fills up while the second file is written
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(_io.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        reports.write(other, out, ["md", "json"])
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(files) == set(before)  # no temporary file left behind
    for name, data in files.items():  # each file whole: the old one or the new one
        assert data in (before[name], new[name])


def test_cli_default_writes_into_corridor_report(toy_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "--geodata", str(toy_dir), "--format", "md,csv"]) == 0
    out = capsys.readouterr().out
    assert "top 5 critical links in today" in out
    assert "corridor-report/" in out
    written = sorted(p.relative_to(tmp_path / "corridor-report").as_posix()
                     for p in (tmp_path / "corridor-report").rglob("*") if p.is_file())
    # no comparison asked: no comparison tables
    assert written == sorted(["report.md", *(f"csv/{s}.csv" for s in reports.TABLES
                                             if "comparison" not in s)])


def test_cli_rejects_unknown_format(toy_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--geodata", str(toy_dir), "--format", "md,pdf",
                  "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert "pdf" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
