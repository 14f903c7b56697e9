"""corridor.reports and ``corridor report``: numbers against direct computation, formats,
determinism across processes, atomic writing."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import toy_corridor
from adversarial import cases_reports as hostile_names
from map_data import template_ran

from corridor import (
    _errors,
    _io,
    analysis,
    calibration,
    cli,
    geodata,
    network,
    reports,
    routing,
    scenarios,
    settings,
)
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
        # a land crossing, or a ferry joining two countries
        assert row.border_crossings == sum(leg.kind == "border" or len(leg.countries) == 2
                                           for leg in found.legs)
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
    # every pair that changes has its own line, with its change in words (no signed savings)
    for change in comp.pairs:
        own = [ln for ln in lines if ln.startswith(f"  {change.pair.label}: ")]
        moved = change.change != "connected" or abs(change.hours_saved or 0) >= 0.05 or abs(
            change.km_saved or 0) >= 0.5
        assert len(own) == (1 if moved else 0), (change.pair.label, lines)
        if change.change == "connected" and moved:
            assert change.hours_saved is not None
            word = "faster" if change.hours_saved > 0 else "slower"
            assert f"{abs(change.hours_saved):,.1f} h {word}" in own[0]
    unchanged = next(ln for ln in lines if ln.startswith("  unchanged ("))
    assert "Baku – Kars" in unchanged
    assert not any(re.search(r"(saves|adds) -|[+]-|-\d[\d.]* h", ln) for ln in lines), lines


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
        rows = real_report.scenario(name).routes
        # weight: 1 per origin-destination relation, shared among its mode sets
        relations = [frozenset((r.origin_id, r.destination_id)) for r in rows]
        weight = [1 / relations.count(rel) for rel in relations]
        ranks = analysis.criticality_ranks(crit)
        for c in crit:
            assert c.lost_weight == pytest.approx(math.fsum(weight[i] for i in c.disconnected))
            assert c.lost_h == pytest.approx(math.fsum(rows[i].time_h or 0.0
                                                       for i in c.disconnected))
        # ranked as documented: weight of the pairs lost, then rise, then hours lost; links
        # equal in all three share a rank, the next distinct one gets the next rank
        for (ra, a), (rb, b) in itertools.pairwise(zip(ranks, crit, strict=True)):
            key_a = (round(a.lost_weight, 9), round(a.rise_h, 6), round(a.lost_h, 6))
            key_b = (round(b.lost_weight, 9), round(b.rise_h, 6), round(b.lost_h, 6))
            assert key_a >= key_b, (a.link_id, b.link_id)
            assert rb == (ra if key_a == key_b else ra + 1), (a.link_id, b.link_id)


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
    assert set(crit) == {"link_id", "rank", "rise_h", "disconnected_pairs", "lost_weight",
                         "lost_h", "spur"}
    assert doc["findings"] == reports.findings(toy_report)
    assert [d["field"] for d in doc["assumptions"]["defaults"]] == [
        f.name for f in dataclasses.fields(settings.Defaults)]


def test_markdown_and_html_have_the_tables(toy_report: reports.Report) -> None:
    md = reports.to_markdown(toy_report)
    for title in ("## Comparison: today → tripp", "## Routes", "## Criticality ranking",
                  "## Nakhchivan"):
        assert title in md
    page = reports.to_html(toy_report)
    sections = reports._sections(toy_report)
    assert page.count('<table id="table-') == len(sections) + 2  # + defaults, scenarios
    # findings first, then the tables, assumptions, definitions and sources
    assert md.count("\n## ") == len(sections) + 4
    assert md.index("## Findings") < md.index("## Comparison") < md.index("## Assumptions")
    assert md.index("## Assumptions") < md.index("## Definitions") < md.index("## Sources")
    for key in reports.definitions():
        assert f"**{key}**" in md and f"<dt>{key}</dt>" in page
    assert page.count('<iframe class="map"') == 1  # one map, a criticality layer per scenario
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
    assert files == before  # the old report, whole: no new file mixed in, no temp file
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


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


# --------------------------------------------------------------------------- hostile data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> reports.Report:
    """The toy network whose place, link and scenario texts carry template syntax, HTML,
    Markdown and spreadsheet formulas (tests/adversarial/cases_reports.py)."""
    folder = tmp_path_factory.mktemp("hostile")
    data = hostile_names.make_hostile(toy_corridor.write(folder / "geodata"))
    pairs = folder / "pairs.csv"
    pairs.write_text(hostile_names.PAIRS, encoding="utf-8")
    return reports.build(["today"], compare="tripp", pairs=pairs, data=geodata.load(data))


def hostile_texts(report: reports.Report) -> list[str]:
    """The hostile texts every table format must show: place and link names."""
    names = [p.origin for p in report.pairs] + [p.destination for p in report.pairs]
    assert hostile_names.FORMULAS[0] in names and "+1" in names
    links = {report.links[c.link_id].name for sc in report.scenarios
             for c in sc.connectivity.criticality[:reports.TOP_CRITICAL]}
    assert len(links) >= 3
    return [*names, *links]


class _Text(HTMLParser):
    """The text of a page (what a browser shows) and the tags it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_hostile_data_as_text(hostile: reports.Report) -> None:
    page = reports.to_html(hostile)
    assert not template_ran(page) and "LOOPLOOP" not in page  # no template ran on the data
    parsed = _Text()
    parsed.feed(page)
    shown = "".join(parsed.text)
    for text in [*hostile_texts(hostile), hostile_names.DESCRIPTION]:
        assert text in shown, text
    assert hostile_names.SSTI in shown and hostile_names.SCRIPT in shown
    assert "script" not in parsed.tags
    assert parsed.tags.count("b") == len(hostile.scenarios)  # only the scenario names
    # the charts: the pair labels as SVG text, the SVG still valid XML
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    labels = "".join(root.itertext())
    assert hostile_names.FORMULAS[0] in labels and hostile_names.SCRIPT in labels


def test_markdown_escapes_hostile_data(hostile: reports.Report) -> None:
    md = reports.to_markdown(hostile)
    assert not template_ran(md) and "LOOPLOOP" not in md
    assert "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no link from the data
    assert "\\[x\\](javascript:alert(1))" in md
    assert hostile_names.SSTI in md
    # every table row has its header's number of cells: | in the data is escaped
    width = None
    for line in md.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        width = width or cells
        assert cells == width, line


def test_md_escape_shows_text_literally() -> None:
    assert reports.md_escape("a|b\nc<d>&e [f](g) `h` \\i") == \
        "a\\|b c&lt;d&gt;&amp;e \\[f\\](g) \\`h\\` \\\\i"


def test_csv_cells_are_neutralised_and_numbers_stay(hostile: reports.Report) -> None:
    files = reports.to_csv(hostile)
    seen = set()
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text)))
        header = rows[0]
        for row in rows[1:]:
            for column, cell in zip(header, row, strict=True):
                seen.add(cell)
                if cell[:1] in hostile_names.TRIGGERS:
                    # only a number may start with - : in a column of numbers
                    assert column in reports._NUMERIC and float(cell) < 0, (name, column, cell)
    for text in hostile_texts(hostile):
        if text[:1] in hostile_names.TRIGGERS:
            assert "'" + text in seen, text
    assert "'" + hostile_names.FORMULAS[0] in seen
    assert "'" + hostile_names.FORMULAS[0] in files["routes.csv"].replace('""', '"')


def test_negative_numbers_stay_numbers_in_csv(toy_dir: Path) -> None:
    """tripp compared with today: the pairs TRIPP shortens have negative km saved, written
    as plain numbers (no quote), equal to the difference of the two route lengths."""
    report = reports.build(["tripp"], compare="today", data=geodata.load(toy_dir), maps=False)
    rows = list(csv.DictReader(io.StringIO(reports.to_csv(report)["comparison.csv"])))
    negative = 0
    for row, sc_before, sc_after in zip(rows, report.scenario("tripp").routes,
                                        report.scenario("today").routes, strict=True):
        if sc_before.length_km is None or sc_after.length_km is None:
            assert row["km_saved"] == ""
            continue
        diff = sc_before.length_km - sc_after.length_km
        assert float(row["km_saved"]) == pytest.approx(diff, abs=0.05)
        negative += diff < -0.05
    assert negative >= 1


def test_json_keeps_hostile_data_as_it_is(hostile: reports.Report) -> None:
    doc = json.loads(reports.to_json(hostile))
    assert [(p["origin"], p["destination"]) for p in doc["pairs"]] == [
        (p.origin, p.destination) for p in hostile.pairs]
    assert doc["pairs"][0]["origin"] == hostile_names.FORMULAS[0]
    assert doc["scenarios"][0]["description"] == hostile_names.DESCRIPTION


# --------------------------------------------------------------------------- pairs files 2


@pytest.mark.parametrize("data, where", [
    (b"origin,destination\nbaku,kars\n\xff\xfe,kars\n", r"pairs\.csv:3: not UTF-8"),
    (b"origin,destination\nbaku," + b"k" * 200_000 + b"\n", r"pairs\.csv:2: "),
    (b"origin,destination\nbaku," + b"k" * 1_000 + b"\n", r"pairs\.csv:2: a cell of 1,000"),
    (b"", r"pairs\.csv: no origin"),
    (b"origin,destination,modes\n", r"pairs\.csv: no origin"),
    (b"origin,modes\nbaku,rail\n", r"pairs\.csv:1: header must be"),
    (b"origin,destination\n\"baku\nkars\",kars\n", r"pairs\.csv:3: control character"),
    (b"baku,ka\x00rs\n", r"pairs\.csv:1: control character"),
])
def test_bad_pairs_files_are_report_errors(tmp_path: Path, data: bytes, where: str) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes(data)
    with pytest.raises(reports.ReportError, match=where) as info:
        reports.read_pairs(path)
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


def test_pairs_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"\xef\xbb\xbforigin,destination,modes\r\nBaku,Kars,\r\n\r\n"
                     b"baku,nakhchivan,rail\r\n")
    pairs = reports.read_pairs(path)
    assert pairs == [reports.OdPair("Baku", "Kars"),
                     reports.OdPair("baku", "nakhchivan", ("rail",))]
    assert [p.line for p in pairs] == [2, 4]


def test_unknown_place_names_the_line_and_suggests(toy_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("origin,destination\nbaku,kars\n# note\nbaku,Tbilsi\n", encoding="utf-8")
    with pytest.raises(reports.ReportError,
                       match=r"pairs\.csv:4: unknown place 'Tbilsi'\. Did you mean: Tbilisi"):
        reports.build(["today"], pairs=path, data=geodata.load(toy_dir), maps=False)


def test_report_error_lives_in_errors() -> None:
    assert reports.ReportError is _errors.ReportError
    assert issubclass(reports.ReportError, _errors.CorridorError)


# --------------------------------------------------------------------------- output folder


def test_write_replaces_the_whole_folder(toy_report: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "out"
    reports.write(toy_report, out)
    assert (out / "report.html").exists()
    reports.write(toy_report, out, ["md"])
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["report.md"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failed_swap_keeps_the_old_report(toy_report: reports.Report, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    reports.write(toy_report, out, ["md", "csv"])
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
              if p.is_file()}
    real = os.replace
    moves: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.endswith(".tmp"):  # new content moving in: the folder, or a file
            moves.append(str(src))
            if Path(src).is_dir() or len(moves) == 2:
                raise OSError("rename failed")
        real(src, dst)

    monkeypatch.setattr(_io.os, "replace", replace)
    with pytest.raises(OSError, match="rename failed"):
        reports.write(toy_report, out, ["md", "json", "html"])
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
             if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_folder_with_other_files_is_refused(toy_report: reports.Report,
                                           tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_bytes(b"years of work\n")
    with pytest.raises(reports.ReportError, match=r"thesis\.tex"):
        reports.write(toy_report, tmp_path, ["md"])
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(reports.ReportError, match="not a folder"):
        reports.write(toy_report, tmp_path / "file", ["md"])


def test_current_folder_is_refused(toy_report: reports.Report, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Swapping the current folder (or one holding it) would pull it from under the user."""
    inner = tmp_path / "work"
    inner.mkdir()
    monkeypatch.chdir(inner)
    for out in (".", str(inner), str(tmp_path)):
        with pytest.raises(reports.ReportError, match="current folder"):
            reports.write(toy_report, out, ["md"])
    assert list(inner.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["work"]
    assert reports.write(toy_report, "sub/r", ["md"]) == [Path("sub/r/report.md")]


# --------------------------------------------------------------------------- calibration appendix


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> reports.Report:
    """The hostile toy network with a calibration record whose ids, places and notes are
    hostile too (an unknown place comes back in the row's reason)."""
    folder = tmp_path_factory.mktemp("calibrated")
    data = hostile_names.make_hostile(toy_corridor.write(folder / "geodata"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(calibration.COLUMNS)
    base = ["published", "2025", "https://example.org/f", hostile_names.SCRIPT,
            hostile_names.SSTI]
    writer.writerow([hostile_names.FORMULAS[0], "length", "rail", "", "baku", "kars", "", "",
                     "800", "km", *base])
    writer.writerow([hostile_names.SCRIPT, "length", "rail", "", "baku",
                     hostile_names.SSTI + hostile_names.SCRIPT, "", "", "10", "km", *base])
    (data / calibration.FIGURES_FILE).write_text(out.getvalue(), encoding="utf-8")
    pairs = folder / "pairs.csv"
    pairs.write_text(hostile_names.PAIRS, encoding="utf-8")
    return reports.build(["today"], pairs=pairs, data=geodata.load(data), maps=False)


def test_the_appendix_compares_every_row_of_the_record(calibrated: reports.Report) -> None:
    record = calibrated.calibration
    assert record is not None and len(record.comparisons) == 2
    routed, unknown = record.comparisons
    assert routed.model is not None and unknown.model is None
    header, rows = reports.TABLES["calibration"](calibrated)
    assert header[:7] == ["id", "what", "mode", "published", "unit", "model", "error"]
    assert float(rows[0][header.index("error")]) == pytest.approx(routed.error * 100, abs=0.05)
    md = reports.to_markdown(calibrated)
    assert "## Appendix: Calibration against published figures" in md
    for summary in record.summaries:
        assert summary.line() in md
    doc = json.loads(reports.to_json(calibrated))
    assert [r["id"] for r in doc["calibration"]["rows"]] == [hostile_names.FORMULAS[0],
                                                            hostile_names.SCRIPT]
    assert doc["calibration"]["summary_out_of_sample"][0]["sample"] == "out_of_sample"


def test_the_appendix_shows_hostile_rows_as_text(calibrated: reports.Report) -> None:
    page = reports.to_html(calibrated)
    assert not template_ran(page)
    parsed = _Text()
    parsed.feed(page)
    assert "script" not in parsed.tags
    shown = "".join(parsed.text)
    assert hostile_names.FORMULAS[0] in shown and hostile_names.SCRIPT in shown
    assert hostile_names.SSTI in shown  # in the unmatched row's reason, as text
    md = reports.to_markdown(calibrated)
    assert not template_ran(md) and "<script" not in md
    table = reports.to_csv(calibrated)["calibration.csv"]
    ids = [row[0] for row in csv.reader(io.StringIO(table))][1:]
    assert ids == ["'" + hostile_names.FORMULAS[0], hostile_names.SCRIPT]


def test_route_rows_say_what_share_of_their_km_is_published(
        shipped: geodata.GeoData, real_report: reports.Report) -> None:
    rows = [r for sc in real_report.scenarios for r in sc.routes if r.connected]
    assert rows
    for row in rows:
        found = routing.route(row.origin_id, row.destination_id, scenario=row.scenario,
                              modes=row.pair.modes or "multimodal", data=shipped)
        assert not isinstance(found, list)
        assert row.published_length_share == pytest.approx(found.published_length_share)
    header, cells = reports.TABLES["routes"](real_report)
    shares = [c[header.index("published_length_share")] for c in cells if c[4] == "yes"]
    assert all(0.0 <= float(s) <= 1.0 for s in shares)
    assert any(float(s) > 0 for s in shares)  # Baku - Kars runs on published Kartsakhi - Kars
