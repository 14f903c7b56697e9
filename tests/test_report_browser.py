"""The HTML report of the shipped data (today vs tripp) opened in headless Chromium, offline.

It must load with no console error and no network request, and show its tables, its charts
and, inside each scenario's frame, a Leaflet map with the network and the criticality overlay.
A screenshot is kept in ``tests/artifacts/report.png``. A report of data whose names carry
template syntax, a script and formulas shows them as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import toy_corridor
from adversarial import cases_reports as hostile_names
from browser import Browser, artifact_path, browser_session
from map_data import template_ran

from corridor import geodata, reports

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    with browser_session(width=1280, height=1000) as b:
        yield b


@pytest.fixture(scope="module")
def report_file(shipped: geodata.GeoData, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[Path, reports.Report]:
    report = reports.build(["today"], compare="tripp", data=shipped)
    out = tmp_path_factory.mktemp("report")
    reports.write(report, out, ["html"])
    return out / "report.html", report


def test_report_loads_offline_without_errors(chrome: Browser,
                                             report_file: tuple[Path, reports.Report]) -> None:
    path, report = report_file
    chrome.open(path, wait_for="table.report-table")
    chrome.wait_for("iframe.map")
    # findings first, then the tables: one per section, each with rows
    assert chrome.count("ul.findings li") == len(reports.findings(report))
    sections = reports.shown_sections(report)
    assert chrome.count("table.report-table") == len(sections)
    for anchor, _, (_, rows) in sections:
        assert chrome.count(f"#table-{anchor} tbody tr") == max(len(rows), 1), anchor
    assert chrome.count("svg.chart rect") > len(report.pairs)
    nakh = chrome.texts("#table-nakhchivan tbody tr")
    assert any(t.startswith("today") and "no" in t for t in nakh)
    assert chrome.count("#table-defaults tbody tr") == len(report.assumptions.defaults)
    chrome.screenshot(artifact_path("report-first-screen.png"))
    # readable at 1,280 px: no sideways scrolling of the page or of any table
    width = chrome.run("return document.documentElement.clientWidth;")
    assert width <= 1280
    assert chrome.run("return document.documentElement.scrollWidth;") <= width
    overflowing = chrome.run(
        "return [...document.querySelectorAll('table')].filter("
        "t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1"
        ").map(t => t.id);")
    assert overflowing == []
    # one map: the compared scenario's network, a criticality layer per scenario
    frame = chrome.driver.find_element("css selector", "iframe.map")
    chrome.driver.switch_to.frame(frame)
    try:
        chrome.wait_for(".leaflet-container")
        chrome.wait_for("path.corridor-critical")
        shown = chrome.count("path.corridor-critical")
        tripp = report.scenario("tripp").connectivity.criticality
        assert shown == sum(1 for c in tripp if c.link_id in report.links)
        assert chrome.count(".leaflet-control-layers") == 1
        # it opens on the corridor area (the box), not the whole network
        west, south, east, north = reports.REPORT_MAP_BOX
        assert south < 41 < north  # the box holds the Caucasus
        bounds = chrome.run("const m = Object.values(window).find(v => v && v._leaflet_id "
                            "&& v.getBounds); const b = m.getBounds(); return [b.getWest(), "
                            "b.getSouth(), b.getEast(), b.getNorth()];")
        assert bounds[2] < 70 and bounds[2] - bounds[0] < 50, bounds  # not the 24-90 E box
        assert bounds[0] <= west + 3 and bounds[2] >= east - 3, bounds
    finally:
        chrome.driver.switch_to.default_content()
    chrome.run("document.getElementById('maps').scrollIntoView();")
    chrome.screenshot(artifact_path("report.png"))
    # printed: no map frame (a note instead), still no sideways overflow
    chrome.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        display = chrome.run("return getComputedStyle(document.querySelector('iframe.map'))"
                             ".display;")
        assert display == "none"
        assert chrome.run("return document.querySelector('.print-note').offsetParent "
                          "!== null;")
        assert chrome.run("return document.documentElement.scrollWidth;") <= width
    finally:
        chrome.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert chrome.console_errors() == []
    assert chrome.network_requests() == []
    assert chrome.dialogs() == []


def test_hostile_names_are_shown_as_text(chrome: Browser, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Place, link and scenario texts carrying template syntax, a script and formulas: the
    page shows them literally, runs no script of theirs and evaluates no template."""
    monkeypatch.chdir(tmp_path)  # where a {{ ...os.system('touch pwned') }} would land
    data = hostile_names.make_hostile(toy_corridor.write(tmp_path / "geodata"))
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(hostile_names.PAIRS, encoding="utf-8")
    report = reports.build(["today"], compare="tripp", pairs=pairs, data=geodata.load(data))
    reports.write(report, tmp_path / "out", ["html"])
    chrome.open(tmp_path / "out" / "report.html", wait_for="table.report-table")
    body = chrome.run("return document.body.innerText;")
    assert not template_ran(body) and "LOOPLOOP" not in body
    routes = chrome.texts("#table-routes tbody td")
    for pair in report.pairs:
        assert pair.origin in routes and pair.destination in routes, pair
    assert hostile_names.FORMULAS[0] in routes and "+1" in routes
    assert any(hostile_names.SCRIPT in t and hostile_names.SSTI in t for t in routes)
    assert hostile_names.DESCRIPTION in chrome.texts("ul li")[0]
    labels = chrome.texts("svg.chart text")
    assert any(hostile_names.SCRIPT in t for t in labels)
    assert chrome.count("script") == 0 and chrome.count("b") == len(report.scenarios)
    assert chrome.dialogs() == []
    assert chrome.console_errors() == []
    assert not (tmp_path / hostile_names.CANARY).exists()
