"""The saved map in a real browser: headless Chromium, network off, file:// page.

Checks what a person would see: Leaflet's map, one SVG path per link and per region polygon,
a marker per place, the layer control, the legend, no JavaScript errors, no request to the
network, and the XSS place name shown as text without any dialog. Screenshots go to
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, artifact_path, browser_session
from map_data import TEMPLATE_NAME, TEST_REGIONS, XSS_NAME, write_map_data

from corridor import geodata, maps, scenarios, settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    with browser_session() as b:
        yield b


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_map_data(tmp_path_factory.mktemp("browserdata"))


@pytest.fixture(scope="module")
def data(folder: Path) -> geodata.GeoData:
    return geodata.load(folder)


@pytest.fixture(scope="module")
def offline_page(data: geodata.GeoData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    m = maps.network_map(data, tiles="none")
    return maps.save_map(m, tmp_path_factory.mktemp("page") / "map.html",
                         self_contained=True).path


def _open(chrome: Browser, page: Path, links: int) -> None:
    chrome.open(page, wait_for=".leaflet-container")
    chrome.wait_for("path.corridor-link", count=links)


def test_offline_map_renders_everything(chrome: Browser, offline_page: Path,
                                        data: geodata.GeoData) -> None:
    _open(chrome, offline_page, len(data.links))
    assert chrome.count(".leaflet-container") == 1
    assert chrome.count("svg path.corridor-link") == len(data.links)
    assert chrome.count("svg path.corridor-region") == len(TEST_REGIONS)
    tripp = sum(isinstance(t, list) and "tripp" in t for t in data.links["corridors"])
    assert chrome.count("svg path.corridor-tripp") == tripp
    assert chrome.count(".leaflet-marker-icon.corridor-place") == len(data.places)
    assert chrome.count(".leaflet-control-layers") == 1
    overlays = chrome.texts(".leaflet-control-layers-overlays label")
    assert any("Rail · operating" in o for o in overlays)
    assert any("Regions" in o for o in overlays)
    labels = " ".join(chrome.texts(".corridor-label"))
    assert "Nakhchivan" in labels and "Syunik" in labels and "ARMENIA" in labels
    assert chrome.count(".corridor-zoomed-out") == 0  # the toy network fits at a close zoom
    assert all(chrome.run("return Array.from(document.querySelectorAll('.corridor-label'),"
                          " e => e.offsetParent !== null);"))
    assert chrome.count(".corridor-legend") == 1
    assert chrome.count(".leaflet-control-scale") == 1
    assert chrome.count(".leaflet-control-measure") == 1
    assert chrome.count(".leaflet-control-zoom-fullscreen") == 1
    assert chrome.network_requests() == []
    assert chrome.console_errors() == []
    shot = chrome.screenshot(artifact_path("map-offline.png"))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_link_path_is_visible_on_screen(chrome: Browser, offline_page: Path,
                                              data: geodata.GeoData) -> None:
    _open(chrome, offline_page, len(data.links))
    # the map opens on the TRIPP area; its "Whole corridor" button shows the whole network:
    # then each link path has a non-empty outline inside the map
    chrome.run("document.querySelector('.corridor-view-all').click();")
    time.sleep(0.5)
    boxes = chrome.run("""
        const map = document.querySelector('.leaflet-container').getBoundingClientRect();
        return Array.from(document.querySelectorAll('path.corridor-link'), p => {
            const b = p.getBoundingClientRect();
            return [b.width + b.height > 0, b.left >= map.left - 1 && b.right <= map.right + 1
                    && b.top >= map.top - 1 && b.bottom <= map.bottom + 1];
        });""")
    assert len(boxes) == len(data.links)
    assert all(drawn and inside for drawn, inside in boxes)


def test_markers_sit_on_their_places(chrome: Browser, offline_page: Path, folder: Path) -> None:
    # lon/lat read from the file with json (not through corridor); Leaflet says where that
    # point is on screen, and the marker's centre must be there
    doc = json.loads((folder / geodata.PLACES_FILE).read_text(encoding="utf-8"))
    places = [(f["properties"]["id"], *f["geometry"]["coordinates"]) for f in doc["features"]]
    _open(chrome, offline_page, len(places))
    found = chrome.run("""
        const map = window[document.querySelector('.folium-map').id];
        const frame = map.getContainer().getBoundingClientRect();
        return arguments[0].map(([pid, lon, lat]) => {
            const icon = document.querySelector('.corridor-place-' + pid);
            const box = icon.getBoundingClientRect();
            const want = map.latLngToContainerPoint([lat, lon]);
            return [pid, box.left + box.width / 2 - frame.left,
                    box.top + box.height / 2 - frame.top, want.x, want.y];
        });""", places)
    assert len(found) == len(places) > 10
    for pid, x, y, want_x, want_y in found:
        assert abs(x - want_x) <= 2 and abs(y - want_y) <= 2, (pid, x, y, want_x, want_y)
    # the places are spread over the map (not all in one spot)
    xs = [f[1] for f in found]
    assert max(xs) - min(xs) > 300


def test_hostile_names_show_as_text_and_run_nothing(chrome: Browser, offline_page: Path,
                                                    data: geodata.GeoData) -> None:
    _open(chrome, offline_page, len(data.links))
    # open the popup of the place named <script>alert(1)</script>
    chrome.run("document.querySelector('.corridor-place-ordubad').click();")
    chrome.wait_for(".leaflet-popup-content")
    popup_text = " ".join(chrome.texts(".leaflet-popup-content"))
    assert XSS_NAME in popup_text
    assert chrome.count(".leaflet-popup-content script") == 0
    # hover it: the tooltip shows the name as text too
    chrome.run("""document.querySelector('.corridor-place-ordubad')
                  .dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));""")
    chrome.wait_for(".leaflet-tooltip")
    assert any(XSS_NAME in t for t in chrome.texts(".leaflet-tooltip"))
    # the link whose name is JavaScript template syntax: its tooltip shows it verbatim
    chrome.run("""const p = document.querySelector('path.corridor-link-r_meghri_ordubad');
                  const b = p.getBoundingClientRect();
                  p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true,
                      clientX: b.left + b.width / 2, clientY: b.top + b.height / 2}));""")
    chrome.wait_for(".leaflet-tooltip", count=1)
    assert any(TEMPLATE_NAME in t for t in chrome.texts(".leaflet-tooltip"))
    assert chrome.dialogs() == []
    assert chrome.console_errors() == []
    chrome.screenshot(artifact_path("map-xss-popup.png"))


def test_route_comparison_in_the_browser(chrome: Browser, data: geodata.GeoData,
                                         tmp_path: Path) -> None:
    m = maps.route_map("baku", "nakhchivan", scenario="today", compare="tripp", data=data,
                       tiles="none")
    page = maps.save_map(m, tmp_path / "route.html", self_contained=True).path
    _open(chrome, page, len(data.links))
    assert chrome.count("svg path.corridor-route") == 2
    summary = " ".join(chrome.texts(".corridor-route-summary"))
    assert "(today)" in summary and "(tripp)" in summary
    # the map opens on its routes: both ends inside the view (not the TRIPP default view)
    the_map = "window[document.querySelector('.folium-map').id]"
    view = chrome.run(f"const b = {the_map}.getBounds(); return [b.getSouth(), b.getWest(),"
                      " b.getNorth(), b.getEast()];")
    for pid in ("baku", "nakhchivan"):
        pt = data.places.at[pid, "geometry"]
        assert view[0] <= pt.y <= view[2] and view[1] <= pt.x <= view[3], pid
    tripp = [round(v, 2) for p in maps.tripp_bounds(data) or [] for v in p]
    assert [round(v, 2) for v in view] != tripp
    assert chrome.console_errors() == []
    assert chrome.network_requests() == []
    chrome.screenshot(artifact_path("map-route-compare.png"))


def test_shipped_network_offline(chrome: Browser, tmp_path: Path) -> None:
    data = geodata.load(settings.SHIPPED_GEODATA)
    page = maps.save_map(maps.network_map(data, tiles="none"), tmp_path / "shipped.html",
                         self_contained=True).path
    _open(chrome, page, len(data.links))
    assert chrome.count("svg path.corridor-link") == len(data.links)
    assert chrome.count(".leaflet-marker-icon.corridor-place") == len(data.places)
    if data.regions is not None:
        assert chrome.count("svg path.corridor-region") == len(data.regions)
    assert chrome.console_errors() == []
    assert chrome.network_requests() == []
    chrome.screenshot(artifact_path("map-shipped-offline.png"))
    the_map = "window[document.querySelector('.folium-map').id]"
    # it opens on the TRIPP area (the TRIPP links, padded): the area labels show there
    tripp = maps.tripp_bounds(data)
    assert tripp is not None
    shown = chrome.run(f"const b = {the_map}.getBounds(); return [b.getSouth(), b.getWest(),"
                       " b.getNorth(), b.getEast()];")
    (s, w), (n, e) = tripp
    assert shown[0] <= s + 0.01 and shown[1] <= w + 0.01
    assert shown[2] >= n - 0.01 and shown[3] >= e - 0.01
    assert shown[3] - shown[1] < 3 * (e - w)  # not the whole 24-90 E box
    labels_shown = ("return Array.from(document.querySelectorAll('.corridor-label'),"
                    " e => e.offsetParent !== null);")
    assert chrome.count(".corridor-label") >= 3 and all(chrome.run(labels_shown))
    labels = " ".join(chrome.texts(".corridor-label"))
    assert "Nakhchivan" in labels and "Syunik" in labels and "ARMENIA" in labels
    # permanent names: the countries and the main cities, none overlapping another
    names = chrome.run("return Array.from(document.querySelectorAll('.corridor-name'))"
                       ".filter(e => !e.classList.contains('corridor-name-hidden'))"
                       ".map(e => { const r = e.getBoundingClientRect();"
                       " return [e.textContent, r.left, r.top, r.right, r.bottom]; });")
    texts = {t for t, *_ in names}
    assert {"Azerbaijan", "Iran"} <= texts and {"Yerevan", "Tabriz"} <= texts, texts
    for i, (t1, *a) in enumerate(names):
        for t2, *b in names[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (t1, t2)
    # the legend folds and unfolds
    assert chrome.run("return document.querySelector('.corridor-legend-fold').open;")
    chrome.run("document.querySelector('.corridor-legend-fold summary').click();")
    assert not chrome.run("return document.querySelector('.corridor-legend-fold').open;")
    height = chrome.run("return document.querySelector('.corridor-legend-fold')"
                        ".getBoundingClientRect().height;")
    assert height < 40
    chrome.run("document.querySelector('.corridor-legend-fold summary').click();")
    assert chrome.run("return document.querySelector('.corridor-legend-fold').open;")
    # the year slider: today's network at the first stop, each year's as the dated scenario
    # defines it, every link at the end
    stops = maps.year_stops(data)
    assert [label for label, _ in stops][:2] == ["today", stops[1][0]] and len(stops) >= 3
    visible = ("return Array.from(document.querySelectorAll('path.corridor-link'))"
               ".filter(p => p.style.display !== 'none').map(p => Array.from(p.classList)"
               ".find(c => c.startsWith('corridor-link-')).slice(14));")
    slide = ("const s = document.querySelector('.corridor-year-input'); s.value = arguments[0];"
             " s.dispatchEvent(new Event('input'));")
    assert len(chrome.run(visible)) == len(data.links)
    for i, (label, links) in enumerate(stops):
        chrome.run(slide, i)
        assert sorted(chrome.run(visible)) == sorted(links), label
        assert label in chrome.texts(".corridor-year-label")[0]
    assert stops[0][1] == scenarios.select(data, scenarios.get("today")).links
    assert stops[0][1] < stops[-1][1]  # the network grows
    chrome.run(slide, len(stops))
    assert len(chrome.run(visible)) == len(data.links)
    # the whole corridor is one click away; there the area labels hide
    chrome.run("document.querySelector('.corridor-view-all').click();")
    time.sleep(0.5)
    shown = chrome.run(f"const b = {the_map}.getBounds(); return [b.getWest(), b.getEast()];")
    west, _, east, _ = data.links.total_bounds
    assert shown[0] <= west and shown[1] >= east
    assert not any(chrome.run(labels_shown))
    chrome.run(f"{the_map}.setView([39.2, 46.0], 8);")
    deadline = time.monotonic() + 10
    while chrome.run(f"return {the_map}.getZoom();") != 8 and time.monotonic() < deadline:
        time.sleep(0.1)  # the zoom animation
    time.sleep(1.0)  # let the SVG renderer redraw before the screenshot
    assert all(chrome.run(labels_shown))
    chrome.screenshot(artifact_path("map-shipped-tripp.png"))


def test_shipped_map_draws_the_syunik_polygon_and_label(
        chrome: Browser, tmp_path_factory: pytest.TempPathFactory) -> None:
    from corridor.maps.layers import REGION_FILLS

    shipped = geodata.load(settings.SHIPPED_GEODATA)
    m = maps.network_map(shipped, tiles="none")
    page = maps.save_map(m, tmp_path_factory.mktemp("shipped") / "map.html",
                         self_contained=True).path
    _open(chrome, page, len(shipped.links))
    assert chrome.count("svg path.corridor-region-arm_syunik") == 1
    assert chrome.count("svg path.corridor-region-aze_nakhchivan") == 1
    fill = chrome.run("return document.querySelector('path.corridor-region-arm_syunik')"
                      ".getAttribute('fill');")
    assert fill == REGION_FILLS["region"]
    labels = " ".join(chrome.texts(".corridor-label"))
    assert "Syunik" in labels and "Nakhchivan" in labels
    assert chrome.console_errors() == []
