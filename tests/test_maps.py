"""Maps as a user makes them: network map, scenario map, route map, saved HTML, the CLI.

The data is the toy corridor with hostile names, a Syunik place and three region polygons
(tests/map_data.py).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import folium
import pytest
from map_data import TEST_REGIONS, XSS_NAME, write_map_data
from pyproj import Geod
from shapely.geometry import Point

from corridor import cli, geodata, maps, routing, scenarios, settings


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_map_data(tmp_path_factory.mktemp("mapdata"))


@pytest.fixture(scope="module")
def data(folder: Path) -> geodata.GeoData:
    return geodata.load(folder)


# --------------------------------------------------------------------------- helpers


def groups(m: folium.Map) -> dict[str, folium.FeatureGroup]:
    return {g.layer_name: g for g in m._children.values() if isinstance(g, folium.FeatureGroup)}


def link_lines(m: folium.Map) -> dict[str, folium.PolyLine]:
    """Link id -> its line, read from the class name the map gives each link."""
    out = {}
    for group in groups(m).values():
        for child in group._children.values():
            if isinstance(child, folium.PolyLine):
                match = re.search(r"corridor-link-(\S+)", child.options.get("className", ""))
                if match:
                    out[match.group(1)] = child
    return out


def popup_html(element: folium.map.Layer) -> str:
    popup = next(c for c in element._children.values() if isinstance(c, folium.Popup))
    return "".join(h.data for h in popup.html._children.values())


def place_markers(m: folium.Map) -> dict[str, folium.Marker]:
    out = {}
    for group in groups(m).values():
        for child in group._children.values():
            if isinstance(child, folium.Marker):
                icon = next(c for c in child._children.values() if isinstance(c, folium.DivIcon))
                match = re.search(r"corridor-place-(\S+)", icon.options.get("class_name", ""))
                if match:
                    out[match.group(1)] = child
    return out


# --------------------------------------------------------------------------- the network map


def test_every_link_and_place_is_drawn_once(data: geodata.GeoData) -> None:
    m = maps.network_map(data, tiles="none")
    assert sorted(link_lines(m)) == sorted(data.links.index)
    assert sorted(place_markers(m)) == sorted(data.places.index)
    html = maps.map_html(m)
    assert len(re.findall(r'"className": "corridor-link ', html)) == len(data.links)
    assert m.stats["links"] == len(data.links) and m.stats["places"] == len(data.places)


def test_layers_by_mode_and_status_in_a_layer_control(data: geodata.GeoData) -> None:
    m = maps.network_map(data, tiles="none")
    names = set(groups(m))
    assert {"Rail · operating", "Rail · under construction / planned",
            "Rail · closed / dismantled", "Road · operating", "Ferry · operating",
            "TRIPP corridor (highlight)", "Cities", "Ports", "Stations", "Border crossings",
            "Labels", "Regions (Natural Earth)"} <= names
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())
    # each link sits in the layer of its mode and status
    for group_name, group in groups(m).items():
        for child in group._children.values():
            cls = child.options.get("className", "") if hasattr(child, "options") else ""
            match = re.search(r"corridor-link-(\S+)", cls)
            if match:
                row = data.links.loc[match.group(1)]
                assert group_name.startswith(row["mode"].title())


def test_line_style_follows_status(data: geodata.GeoData) -> None:
    lines = link_lines(maps.network_map(data))
    for lid, row in data.links.iterrows():
        options = lines[lid].options
        if row["status"] == "operating":
            assert options["color"] == maps.MODE_COLORS[row["mode"]]
            assert options.get("dashArray") is None
        elif row["status"] in ("under_construction", "planned"):
            assert options["color"] == maps.MODE_COLORS[row["mode"]]
            assert options["dashArray"]
        else:  # closed / dismantled
            assert options["color"] == maps.CLOSED_COLOR


def test_tripp_links_are_emphasised(data: geodata.GeoData) -> None:
    m = maps.network_map(data)
    tripp = [lid for lid, tags in data.links["corridors"].items()
             if isinstance(tags, list) and "tripp" in tags]
    assert len(tripp) == 3
    halo = groups(m)["TRIPP corridor (highlight)"]
    halo_lines = [c for c in halo._children.values() if isinstance(c, folium.PolyLine)]
    assert len(halo_lines) == len(tripp)
    assert all(h.options["weight"] > 3 * link_lines(m)[tripp[0]].options["weight"]
               for h in halo_lines)


def test_places_get_a_marker_shape_per_kind_and_crossings_a_colour_per_status(
        data: geodata.GeoData) -> None:
    markers = place_markers(maps.network_map(data))
    for pid, row in data.places.iterrows():
        icon = next(c for c in markers[pid]._children.values() if isinstance(c, folium.DivIcon))
        assert f"corridor-kind-{row['kind']}" in icon.options["html"]
        if row["kind"] == "border_crossing":
            assert maps.CROSSING_COLORS[row["status"]] in icon.options["html"]


def test_link_popup_shows_the_facts_with_geodesic_length(data: geodata.GeoData) -> None:
    lines = link_lines(maps.network_map(data))
    lid = "r_horadiz_aghband"
    row = data.links.loc[lid]
    lons, lats = zip(*row.geometry.coords, strict=True)
    km = Geod(ellps="WGS84").line_length(lons, lats) / 1000
    html = popup_html(lines[lid])
    for expected in ("Horadiz – Aghband", "rail", "under construction", "2026",
                     f"{km:,.1f} km", "1520 mm", "tripp", '<a href="https://example.org/source"'):
        assert expected in html


def test_data_text_is_escaped(data: geodata.GeoData) -> None:
    m = maps.network_map(data)
    marker_popup = popup_html(place_markers(m)["ordubad"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in marker_popup
    html = maps.map_html(m)
    assert XSS_NAME not in html
    assert "${alert(2)}" not in html  # would run inside folium's JS template literals
    assert "&#96;&#36;{alert(2)}&#96;&#92;" in html


def test_escape_makes_text_inert_in_html_and_js_templates() -> None:
    text = maps.escape("<a href='x'>\"&`${1}`\\</a>")
    assert not set("<>\"'`$\\") & set(text)
    assert text.startswith("&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;")


def test_labels_for_nakhchivan_syunik_and_armenia(data: geodata.GeoData) -> None:
    m = maps.network_map(data, tiles="none")
    labels = {}
    for child in groups(m)["Labels"]._children.values():
        icon = next(c for c in child._children.values() if isinstance(c, folium.DivIcon))
        text = re.sub(r"<[^>]+>", "", icon.options["html"])
        labels[text] = Point(child.location[1], child.location[0])
    nakhchivan = next(p for t, p in labels.items() if t.startswith("Nakhchivan"))
    assert TEST_REGIONS["aze_nakhchivan"][3].contains(nakhchivan)
    assert TEST_REGIONS["arm"][3].contains(labels["ARMENIA"])
    syunik = next(p for t, p in labels.items() if t.startswith("Syunik"))
    meghri = data.places.loc["meghri"].geometry  # the only Syunik place of the data
    assert syunik.distance(meghri) < 1e-3


def test_regions_layer_is_on_without_tiles_and_off_with_tiles(data: geodata.GeoData) -> None:
    offline = maps.network_map(data, tiles="none")
    online = maps.network_map(data, tiles="osm")
    assert offline.stats["regions"] == len(TEST_REGIONS) == online.stats["regions"]
    assert groups(offline)["Regions (Natural Earth)"].show is True
    assert groups(online)["Regions (Natural Earth)"].show is False


def test_map_without_regions(tmp_path: Path) -> None:
    data = geodata.load(write_map_data(tmp_path, with_regions=False))
    m = maps.network_map(data, tiles="none")
    assert m.stats["regions"] == 0
    assert "Regions (Natural Earth)" not in groups(m)
    assert m.stats["links"] == len(data.links)


def test_tiles(data: geodata.GeoData) -> None:
    assert "tile.openstreetmap.org" in maps.map_html(maps.network_map(data, tiles="osm"))
    assert "World_Light_Gray_Base" in maps.map_html(maps.network_map(data, tiles="light"))
    html = maps.map_html(maps.network_map(data, tiles="none"))
    assert "tile.openstreetmap.org" not in html and "World_Light_Gray" not in html
    assert "L.tileLayer" not in html
    with pytest.raises(ValueError, match="tiles"):
        maps.network_map(data, tiles="satellite")  # type: ignore[arg-type]


def _opening_bounds(html: str) -> list[list[float]]:
    bounds = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert bounds is not None
    return json.loads(bounds.group(1))


def test_plugins_scale_and_bounds(data: geodata.GeoData) -> None:
    html = maps.map_html(maps.network_map(data, view="all"))
    for needle in ("L.control.fullscreen", "L.Control.Measure", "L.Control.MiniMap",
                   "L.control.scale", "fitBounds", "corridor-legend"):
        assert needle in html
    west, south, east, north = data.links.total_bounds
    (s, w), (n, e) = _opening_bounds(html)
    assert s <= south and w <= west and n >= north and e >= east


def test_map_opens_on_the_tripp_area_with_a_whole_corridor_button(
        data: geodata.GeoData) -> None:
    """By default the map opens on the TRIPP links (padded by 1 degree), and a button
    shows the whole network; ``view="all"`` opens on the whole network."""
    tagged = data.links[data.links["corridors"].apply(
        lambda t: isinstance(t, list) and bool({"tripp", "tripp_access"} & set(t)))]
    assert len(tagged)
    west, south, east, north = tagged.total_bounds
    html = maps.map_html(maps.network_map(data))
    (s, w), (n, e) = _opening_bounds(html)
    assert (s, w, n, e) == pytest.approx((south - 1, west - 1, north + 1, east + 1), abs=1e-3)
    assert "Whole corridor" in html and "TRIPP area" in html
    all_w, all_s, all_e, all_n = data.links.total_bounds
    buttons = re.search(r"var views = (\[.*?\]);", html)
    assert buttons is not None
    views = {key: bounds for key, _, bounds in json.loads(buttons.group(1))}
    (s, w), (n, e) = views["all"]
    assert s <= all_s and w <= all_w and n >= all_n and e >= all_e
    with pytest.raises(ValueError, match="view"):
        maps.network_map(data, view="nowhere")


def test_scenario_greys_links_it_cannot_use(folder: Path, data: geodata.GeoData) -> None:
    m = maps.network_map(data, scenario="today")
    usable = scenarios.select(data, scenarios.get("today", geodata_dir=folder)).links
    unusable = set(data.links.index) - usable
    assert unusable == set(data.links.index[data.links["status"] != "operating"])
    greyed = {lid for lid, line in link_lines(m).items() if line.options.get("dashArray") == "1 4"}
    assert greyed == unusable
    layer = groups(m)["Not usable in scenario: today"]
    assert len([c for c in layer._children.values() if isinstance(c, folium.PolyLine)]) == len(
        unusable)


def test_unknown_scenario_is_an_error(data: geodata.GeoData) -> None:
    with pytest.raises(scenarios.ScenarioError, match="unknown scenario"):
        maps.network_map(data, scenario="no-such-scenario")


# --------------------------------------------------------------------------- routes


def test_route_map_compares_two_scenarios(data: geodata.GeoData) -> None:
    m = maps.route_map("baku", "nakhchivan", scenario="today", compare="tripp", data=data)
    today = routing.route("baku", "nakhchivan", scenario="today", data=data)
    tripp = routing.route("baku", "nakhchivan", scenario="tripp", data=data)
    assert isinstance(today, routing.Route) and isinstance(tripp, routing.Route)
    assert "IRN" in today.countries and "IRN" not in tripp.countries  # via Iran vs TRIPP
    assert m.stats["routes"] == 2
    layers = groups(m)
    first, second = layers["Baku → Nakhchivan (today)"], layers["Baku → Nakhchivan (tripp)"]
    for group, route in ((first, today), (second, tripp)):
        line = next(c for c in group._children.values() if isinstance(c, folium.PolyLine))
        html = popup_html(line)
        assert f"{route.length_km:,.0f} km" in html and f"{route.time_h:,.1f} h" in html
        assert f"<th>border crossings</th><td>{len(route.border_crossings)}" in html
        assert f"<th>gauge breaks</th><td>{len(route.gauge_breaks)}" in html
    lines = [next(c for c in g._children.values() if isinstance(c, folium.PolyLine))
             for g in (first, second)]
    assert lines[0].options["color"] != lines[1].options["color"]
    assert lines[1].options.get("dashArray") and lines[0].options.get("dashArray") is None


def test_route_map_opens_on_the_routes(data: geodata.GeoData) -> None:
    m = maps.route_map("baku", "nakhchivan", scenario="today", compare="tripp", data=data)
    html = maps.map_html(m)
    bounds = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert bounds is not None
    (s, w), (n, e) = json.loads(bounds.group(1))
    legs = [routing.route("baku", "nakhchivan", scenario=sc, data=data) for sc in ("today",
                                                                                 "tripp")]
    lines = [g for r in legs if isinstance(r, routing.Route)
             for g in r.to_geodataframe().geometry if "Line" in g.geom_type]
    west = min(g.bounds[0] for g in lines)
    south = min(g.bounds[1] for g in lines)
    east = max(g.bounds[2] for g in lines)
    north = max(g.bounds[3] for g in lines)
    assert (s, w, n, e) == pytest.approx((south, west, north, east), abs=1e-4)
    assert (e - w) < (data.links.total_bounds[2] - data.links.total_bounds[0])


def test_route_map_draws_the_legs_geometry(data: geodata.GeoData) -> None:
    m = maps.route_map("baku", "nakhchivan", scenario="tripp", data=data)
    route = routing.route("baku", "nakhchivan", scenario="tripp", data=data)
    assert isinstance(route, routing.Route)
    line = next(c for c in groups(m)["Baku → Nakhchivan (tripp)"]._children.values()
                if isinstance(c, folium.PolyLine))
    drawn = [pt for part in line.locations for pt in part]
    for lid in route.link_ids:
        for lon, lat in data.links.loc[lid].geometry.coords:
            assert [round(lat, 5), round(lon, 5)] in drawn


def test_route_that_does_not_exist_in_the_compared_scenario(folder: Path,
                                                             data: geodata.GeoData) -> None:
    extra = folder.parent / "extra_scenarios.toml"
    extra.write_text('[island]\ndescription = "no links"\nclosed_countries = ["AZE"]\n',
                     encoding="utf-8")
    m = maps.route_map("baku", "nakhchivan", scenario="today", compare="island", data=data,
                       scenarios_file=extra)
    assert m.stats["routes"] == 1
    assert any("island: no route" in s for s in m.route_summaries)


# --------------------------------------------------------------------------- saving


def test_self_contained_html_needs_no_network(data: geodata.GeoData, tmp_path: Path) -> None:
    m = maps.network_map(data, tiles="none")
    linked = maps.save_map(m, tmp_path / "linked.html")
    embedded = maps.save_map(m, tmp_path / "embedded.html", self_contained=True)
    linked_html = linked.path.read_text(encoding="utf-8")
    embedded_html = embedded.path.read_text(encoding="utf-8")
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in (
        linked_html)
    assert not re.search(r"<script[^>]+src=", embedded_html)
    assert not re.search(r"<link[^>]+stylesheet", embedded_html)
    assert "Leaflet 1.9.3" in embedded_html and "leaflet-measure" in embedded_html
    assert embedded.self_contained and not linked.self_contained
    assert embedded.size_bytes == embedded.path.stat().st_size > linked.size_bytes
    # Leaflet, jQuery and the plugins (about 0.35 MB) plus at most 5 kB per link or place
    # (popup with sources, line, marker, label): the page grows with the data, never faster
    # (a layer duplicating every link would exceed it)
    budget = 400_000 + 5_000 * (len(data.links) + len(data.places))
    assert embedded.size_bytes < budget, (embedded.size_bytes, budget)


def test_saved_map_is_byte_identical_across_runs(folder: Path, tmp_path: Path) -> None:
    here = maps.save_map(maps.network_map(folder, tiles="none", self_contained=True),
                         tmp_path / "here.html")
    again = maps.save_map(maps.network_map(folder, tiles="none", self_contained=True),
                          tmp_path / "again.html")
    script = textwrap.dedent(f"""
        from corridor import maps
        m = maps.network_map({str(folder)!r}, tiles="none", self_contained=True)
        maps.save_map(m, {str(tmp_path / "other.html")!r})
    """)
    subprocess.run([sys.executable, "-c", script], check=True)
    assert here.path.read_bytes() == again.path.read_bytes()
    assert here.path.read_bytes() == (tmp_path / "other.html").read_bytes()
    assert not re.search(r"_[0-9a-f]{32}(?![0-9a-f])", here.path.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.html", "here.html",
                                                          "other.html"]  # no temp files


def _numbered_ids(page: str) -> str:
    """branca's random 128-bit ids renumbered in order of first appearance."""
    mapping: dict[str, str] = {}
    return re.sub(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])",
                  lambda m: mapping.setdefault(m.group(0), f"{len(mapping) + 1:06d}"), page)


def test_rendering_leaves_the_map_as_built(data: geodata.GeoData) -> None:
    m = maps.network_map(data)
    first = maps.map_html(m)
    # an independently built map of the same data gives the same page
    assert maps.map_html(maps.network_map(data)) == first
    # rendering a page does not add to the map
    assert maps.map_html(m) == first
    # every link and place is bound once to its popup and tooltip, every region to its
    # tooltip: nothing doubled or dropped by rendering
    assert data.regions is not None
    assert first.count(".bindPopup(") == len(data.links) + len(data.places)
    assert first.count(".bindTooltip(") == len(data.links) + len(data.places) + len(data.regions)


def test_notebooks_show_the_map_inline(data: geodata.GeoData) -> None:
    m = maps.network_map(data, tiles="none", self_contained=True)
    first, second = m._repr_html_(), m._repr_html_()
    assert first.startswith("<div") and "<iframe" in first
    srcdoc = [re.search(r'srcdoc="([^"]*)"', shown) for shown in (first, second)]
    assert srcdoc[0] is not None and srcdoc[1] is not None
    pages = [_numbered_ids(html_lib.unescape(s.group(1))) for s in srcdoc]
    # the notebook shows exactly the page save_map writes (embedded assets: works offline),
    # however often it is displayed
    assert pages[0] == pages[1] == maps.map_html(m)
    assert "Leaflet 1.9.3" in pages[0]


# --------------------------------------------------------------------------- the command


def test_cli_map_writes_a_self_contained_offline_map(folder: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "offline.html"
    code = cli.main(["map", "--geodata", str(folder), "--tiles", "none", "--self-contained",
                     "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert str(out) in printed and "MB" in printed and "self-contained" in printed
    html = out.read_text(encoding="utf-8")
    assert "Leaflet 1.9.3" in html and "L.tileLayer" not in html


def test_cli_map_route_and_compare(folder: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "route.html"
    code = cli.main(["map", "--geodata", str(folder), "--route", "Baku", "Nakhchivan",
                     "--compare", "tripp", "--out", str(out)])
    assert code == 0
    assert "2 routes" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert "Baku → Nakhchivan (today)" in html and "Baku → Nakhchivan (tripp)" in html


def test_cli_map_default_output_name(folder: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["map", "--geodata", str(folder)]) == 0
    assert (tmp_path / "corridor-map.html").exists()
    assert "corridor-map.html" in capsys.readouterr().out


def test_cli_map_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["map", "--geodata", str(folder), "--compare", "tripp"]) == 2
    assert "--compare needs --route" in capsys.readouterr().err
    assert cli.main(["map", "--geodata", str(folder), "--route", "Baku", "Atlantis"]) == 2
    assert "Atlantis" in capsys.readouterr().err


# --------------------------------------------------------------------------- shipped data


def test_shipped_network_map_stays_small(tmp_path: Path) -> None:
    data = geodata.load(settings.SHIPPED_GEODATA)
    m = maps.network_map(data, tiles="none")
    linked = maps.save_map(m, tmp_path / "shipped.html")
    embedded = maps.save_map(m, tmp_path / "shipped-offline.html", self_contained=True)
    print(f"shipped map: {linked.size_bytes / 1e6:.2f} MB linked, "
          f"{embedded.size_bytes / 1e6:.2f} MB self-contained")
    # Leaflet, jQuery and the plugins (about 0.35 MB) plus at most 5 kB per link or place
    # (popup with sources, line, marker, label): the page grows with the data, never faster
    # (a layer duplicating every link would exceed it)
    budget = 400_000 + 5_000 * (len(data.links) + len(data.places))
    assert embedded.size_bytes < budget, (embedded.size_bytes, budget)
    assert sorted(link_lines(m)) == sorted(data.links.index)


def test_shipped_map_shades_and_labels_syunik_and_nakhchivan() -> None:
    from corridor.maps.layers import REGION_FILLS

    data = geodata.load(settings.SHIPPED_GEODATA)
    assert data.regions is not None
    polygons = data.regions.set_index("id").geometry
    m = maps.network_map(data, tiles="none")
    by_id = {}
    for child in groups(m)["Regions (Natural Earth)"]._children.values():
        if isinstance(child, folium.GeoJson):
            classes = child.options["className"].split()
            rid = next(c for c in classes if c.startswith("corridor-region-"))
            by_id[rid.removeprefix("corridor-region-")] = child.options["fillColor"]
    assert by_id["arm_syunik"] == REGION_FILLS["region"]
    assert by_id["aze_nakhchivan"] == REGION_FILLS["exclave"]
    assert by_id["arm"] == by_id["aze"] == REGION_FILLS["country"]
    labels = {}
    for child in groups(m)["Labels"]._children.values():
        icon = next(c for c in child._children.values() if isinstance(c, folium.DivIcon))
        labels[re.sub(r"<[^>]+>", "", icon.options["html"])] = Point(child.location[1],
                                                                     child.location[0])
    syunik = next(p for t, p in labels.items() if t.startswith("Syunik"))
    nakhchivan = next(p for t, p in labels.items() if t.startswith("Nakhchivan"))
    assert polygons["arm_syunik"].contains(syunik)
    assert polygons["aze_nakhchivan"].contains(nakhchivan)
    assert not polygons["arm_syunik"].contains(labels["ARMENIA"])
