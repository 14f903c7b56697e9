"""Maps of big networks: the overview drawn above ``settings.MAP_DETAIL_MAX_LINKS`` links.

The network is a synthetic grid of a few thousand wiggly links (roads of three OSM classes
and rail of several statuses) written with the helpers of conftest.py; the threshold is
lowered so that it counts as big.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import folium
import numpy as np
import pytest
import shapely
from conftest import line, point, write_geodata

from corridor import geodata, maps, settings
from corridor.maps.elements import MergedLines

N = 36  # grid of N x N places: 2 * N * (N - 1) = 2,520 links
LON0, LAT0, STEP = 45.0, 38.5, 0.1
VERTICES = 15  # per link, before simplification
CLASSES = ("primary", "secondary", "tertiary")
RAIL_STATUSES = ("operating", "closed", "planned")


def _wiggle(a: tuple[float, float], b: tuple[float, float], seed: int) -> list[tuple[float, float]]:
    """A line from a to b with small sideways wiggles (about 50 m) between its ends."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, VERTICES)
    off = rng.normal(0.0, 0.0005, VERTICES)
    off[[0, -1]] = 0.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = math.hypot(dx, dy)
    xs = a[0] + t * dx - off * dy / norm
    ys = a[1] + t * dy + off * dx / norm
    return [(round(float(x), 6), round(float(y), 6)) for x, y in zip(xs, ys, strict=True)]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    places, links = [], []
    for i, j in itertools.product(range(N), range(N)):
        kind = "city" if (i, j) in ((0, 0), (N - 1, N - 1), (N // 2, N // 2)) else "junction"
        places.append(point(f"p_{i}_{j}", LON0 + i * STEP, LAT0 + j * STEP, kind=kind))
    k = 0
    for i, j in itertools.product(range(N), range(N)):
        for di, dj in ((1, 0), (0, 1)):
            if i + di >= N or j + dj >= N:
                continue
            a = (LON0 + i * STEP, LAT0 + j * STEP)
            b = (LON0 + (i + di) * STEP, LAT0 + (j + dj) * STEP)
            coords = _wiggle(a, b, k)
            ends = (f"p_{i}_{j}", f"p_{i + di}_{j + dj}")
            if j % 6 == 0 and dj == 0:  # every 6th row is a railway
                status = RAIL_STATUSES[(i // 3) % len(RAIL_STATUSES)]
                links.append(line(f"l{k}", *ends, coords, status=status))
            else:
                links.append(line(f"l{k}", *ends, coords, mode="road", gauge_mm=None,
                                  highway=CLASSES[(i + j) % len(CLASSES)]))
            k += 1
    folder = write_geodata(tmp_path_factory.mktemp("big"), places, links)
    return geodata.load(folder)


@pytest.fixture()
def low_threshold(monkeypatch: pytest.MonkeyPatch, big: geodata.GeoData) -> None:
    """Make the synthetic network count as big (the default threshold is higher)."""
    assert len(big.links) > 1000
    monkeypatch.setattr(settings, "MAP_DETAIL_MAX_LINKS", 1000)


def merged_layers(m: folium.Map) -> dict[str, list[MergedLines]]:
    """Layer name -> the merged line layers in it (the TRIPP halo left aside)."""
    out: dict[str, list[MergedLines]] = {}
    for g in m._children.values():
        if isinstance(g, folium.FeatureGroup):
            found = [c for c in g._children.values() if isinstance(c, MergedLines)
                     and "corridor-overview-lines" in c.options_json]
            if found:
                out[g.layer_name] = found
    return out


def vertices(layer: MergedLines) -> list[list[float]]:
    return [v for part in layer.geometry["coordinates"] for v in part]


# --------------------------------------------------------------------------- tests


def test_big_network_is_merged_per_mode_and_status(big: geodata.GeoData,
                                                   low_threshold: None) -> None:
    m = maps.network_map(big, tiles="none")
    assert m.overview is not None
    layers = merged_layers(m)
    combos = {(mode, status) for mode, status in zip(big.links["mode"], big.links["status"],
                                                     strict=True)}
    drawn = [layer for group in layers.values() for layer in group]
    assert len(drawn) == len(combos)  # one merged layer per mode x status
    assert {f"{mode.title()} · {label}" for mode, status in combos
            for label, statuses in maps.STATUS_GROUPS if status in statuses} == set(layers)
    for layer in drawn:
        assert layer.geometry["type"] == "MultiLineString"
        match = re.search(r"corridor-mode-(\w+) corridor-status-(\w+)", layer.options_json)
        assert match is not None
        mode, status = match.groups()
        n_links = int(((big.links["mode"] == mode) & (big.links["status"] == status)).sum())
        # lines meeting end to end are joined: fewer lines than links
        assert 0 < len(layer.geometry["coordinates"]) < n_links
    # no per-link lines or popups; every link is drawn when the budget allows
    html = maps.map_html(m)
    assert '"className": "corridor-link ' not in html
    assert m.stats["links"] == len(big.links) == m.overview.links_drawn
    assert m.overview.left_out == ()


def test_overview_vertices_are_fewer_and_from_the_data(big: geodata.GeoData,
                                                       low_threshold: None) -> None:
    m = maps.network_map(big, tiles="none")
    assert m.overview is not None
    total_in = int(shapely.get_num_coordinates(np.asarray(big.links.geometry)).sum())
    drawn = [v for group in merged_layers(m).values() for layer in group
             for v in vertices(layer)]
    assert m.overview.vertices_out == len(drawn)
    assert m.overview.vertices_in == total_in
    assert len(drawn) < total_in / 2  # the wiggles are far below the tolerance
    # simplification only keeps vertices of the data (rounded to 4 decimals)
    data_vertices = {tuple(v) for v in np.round(
        shapely.get_coordinates(np.asarray(big.links.geometry)), 4).tolist()}
    assert all(tuple(v) in data_vertices for v in drawn)


def test_overview_places_leave_out_junctions(big: geodata.GeoData,
                                             low_threshold: None) -> None:
    m = maps.network_map(big, tiles="none")
    assert m.overview is not None
    cities = int((big.places["kind"] == "city").sum())
    assert m.stats["places"] == cities
    assert m.overview.junctions_hidden == int((big.places["kind"] == "junction").sum())
    html = maps.map_html(m)
    assert len(re.findall(r"corridor-place corridor-place-", html)) == cities
    assert "junctions not shown" in html


def test_overview_html_size_follows_the_vertices(big: geodata.GeoData, low_threshold: None,
                                                 tmp_path: Path) -> None:
    m = maps.network_map(big, tiles="none", self_contained=True)
    assert m.overview is not None
    written = maps.save_map(m, tmp_path / "big.html")
    # the same page without links: what the geometry adds is bounded per vertex / line
    bare = maps.save_map(maps.network_map(big, tiles="none", self_contained=True,
                                          max_bytes=0), tmp_path / "bare.html")
    n_lines = sum(len(layer.geometry["coordinates"]) for group in merged_layers(m).values()
                  for layer in group)
    assert bare.stats["links"] == 0
    extra = written.size_bytes - bare.size_bytes
    assert extra <= 18 * m.overview.vertices_out + 3 * n_lines + 2000 * m.overview.layers
    assert m.overview.geometry_bytes <= 0.8 * settings.MAP_MAX_BYTES


def test_overview_leaves_out_minor_links_to_fit(big: geodata.GeoData, low_threshold: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    coarsest = max(settings.MAP_OVERVIEW_TOLERANCES_KM)
    with monkeypatch.context() as patch:
        patch.setattr(settings, "MAP_OVERVIEW_TOLERANCES_KM", (coarsest,))
        full = maps.network_map(big, tiles="none")
    assert full.overview is not None and not full.overview.left_out
    # a budget of half the geometry at the coarsest tolerance: that tolerance, and the
    # least important class, shortest first, is left out
    max_bytes = int(full.overview.geometry_bytes / 0.8 / 2)
    m = maps.network_map(big, tiles="none", max_bytes=max_bytes)
    assert m.overview is not None
    assert m.overview.geometry_bytes <= 0.8 * max_bytes
    assert m.overview.tolerance_km == coarsest
    assert 0 < m.overview.links_drawn < len(big.links)
    assert m.stats["links_left_out"] == len(big.links) - m.overview.links_drawn
    assert m.overview.left_out and "tertiary roads" in m.overview.left_out[0]
    assert all(" roads" in what for what in m.overview.left_out)  # rail ranks above roads
    html = maps.map_html(m)
    assert "Left out: tertiary roads" in html


def test_detail_is_kept_up_to_the_threshold(big: geodata.GeoData,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAP_DETAIL_MAX_LINKS", len(big.links))
    m = maps.network_map(big, tiles="none")
    assert m.overview is None and "links_left_out" not in m.stats
    assert not merged_layers(m)
    assert len(re.findall(r'"className": "corridor-link ', maps.map_html(m))) == len(big.links)


def test_overview_can_be_forced_and_opens_in_the_saved_page(big: geodata.GeoData,
                                                             tmp_path: Path) -> None:
    m = maps.network_map(big, tiles="none", detail=False, self_contained=True)
    assert m.overview is not None
    page = maps.save_map(m, tmp_path / "o.html")
    text = page.path.read_text(encoding="utf-8")
    # the embedded GeoJSON parses back to the layers drawn
    found = re.findall(r"L\.geoJSON\((\{.*?\}), \{", text)
    geoms = [json.loads(g) for g in found]
    assert sum(g["type"] == "MultiLineString" for g in geoms) == m.overview.layers
    assert "overview of a big network" in page.describe()


@pytest.mark.browser
def test_overview_opens_in_the_browser(big: geodata.GeoData, low_threshold: None,
                                       tmp_path: Path) -> None:
    from browser import artifact_path, browser_session

    m = maps.network_map(big, tiles="none", self_contained=True)
    assert m.overview is not None
    page = maps.save_map(m, tmp_path / "overview.html").path
    with browser_session() as chrome:
        chrome.open(page, wait_for=".leaflet-container")
        chrome.wait_for("path.corridor-overview-lines", count=m.overview.layers)
        # one SVG path per merged layer, none per link; cities drawn, junctions not
        assert chrome.count("svg path.corridor-overview-lines") == m.overview.layers
        assert chrome.count("svg path.corridor-link") == 0
        assert chrome.count(".leaflet-marker-icon.corridor-place") == m.stats["places"]
        boxes = chrome.run("""
            return Array.from(document.querySelectorAll('path.corridor-overview-lines'),
                              p => { const b = p.getBoundingClientRect();
                                     return b.width > 100 && b.height > 100; });""")
        assert boxes and all(boxes)  # each layer spans the grid on screen
        assert "junctions not shown" in " ".join(chrome.texts(".corridor-legend"))
        assert chrome.console_errors() == []
        assert chrome.network_requests() == []
        chrome.screenshot(artifact_path("map-overview.png"))


def test_joined_lines_keep_every_segment_once() -> None:
    # random lines between the nodes of a small lattice (loops and repeats included)
    rng = np.random.default_rng(3)
    nodes = rng.integers(0, 6, size=(400, 2)).astype(float)
    lines = []
    for _ in range(300):
        i, j = rng.integers(0, len(nodes), size=2)
        middle = rng.uniform(0, 6, size=(int(rng.integers(0, 3)), 2)).round(3)
        lines.append(np.vstack([nodes[i], middle, nodes[j]]))
    first = np.cumsum([0] + [len(ln) for ln in lines[:-1]])
    joined = maps._chain(np.vstack(lines), first)

    def segments(parts: list[np.ndarray]) -> list[list[list[float]]]:
        """Every segment, undirected, as a sorted pair of vertices."""
        return sorted(sorted([p[k].tolist(), p[k + 1].tolist()])
                      for p in parts for k in range(len(p) - 1))

    assert segments(joined) == segments(lines)
    assert len(joined) < len(lines)
    assert sum(len(p) for p in joined) == sum(len(ln) for ln in lines) - (len(lines) - len(joined))


def test_overview_of_a_scenario_dims_unusable_links(big: geodata.GeoData,
                                                    low_threshold: None) -> None:
    from corridor.scenarios import Scenario

    m = maps.network_map(big, tiles="none", scenario=Scenario(name="operating <only>"))
    assert m.overview is not None
    layers = merged_layers(m)
    dimmed = [name for name in layers if name.startswith("Not usable in scenario")]
    assert dimmed == ["Not usable in scenario: operating &lt;only&gt;"]
    (layer,) = layers[dimmed[0]]
    n_unusable = int((big.links["status"] != "operating").sum())
    assert 0 < len(layer.geometry["coordinates"]) <= n_unusable
    # usable links keep their mode x status layers; the unusable ones are not in them
    assert not any("status-planned" in g.options_json or "status-closed" in g.options_json
                   for name, group in layers.items() if name not in dimmed for g in group)


def test_route_over_an_overview(big: geodata.GeoData, low_threshold: None) -> None:
    m = maps.route_map("p_0_0", "p_35_35", data=big, tiles="none")
    assert m.overview is not None and m.stats["routes"] == 1
    html = maps.map_html(m)
    assert html.count('"className": "corridor-route"') == 1
    assert "corridor-overview-lines" in html
