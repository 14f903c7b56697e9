"""Data never becomes code in a map (issue #11 item 1, issue #19's popup mutants).

Every text field of places, links, regions and scenarios carries a payload: Jinja template
syntax (which branca would compile and run), an RCE payload that would create a canary
folder, HTML and JavaScript. The map must render (exit 0), create nothing, and show every
payload literally: in the page on disk (JSON strings decoded, HTML parsed with the standard
library) and in headless Chromium (text content, no dialog, no console error).

Expected texts are built here from the values written, with the popup's documented layout
(row label, value; lists joined with ", "), never read from the code under test.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import os
import pickle
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pytest
from branca.element import Element, Figure, MacroElement
from browser import Browser, browser_session
from conftest import line, point, write_geodata
from folium.template import Template
from map_data import template_ran
from shapely.geometry import box, mapping

from corridor import cli, geodata, maps
from corridor.maps import safe, style
from corridor.maps.safe import Verbatim, js_json, protect

CANARY = "pwned"
PAYLOADS = (
    "{{ 7*191 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "stray {{ open",
    "stray {% block",
    "stray {# comment",
    "{{ lipsum.__globals__.os.mkdir('" + CANARY + "') }}",
    "{{ lipsum.__globals__.os.mkdir(dict(" + CANARY + "=1)|first) }}",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)//",
    "${alert(1)}",
    "back`tick\\slash'quote\"",
    "line\u2028sep\u2029para",
)
#: All payloads in one text (the scenario name, which is one per map).
ALL = " ".join(PAYLOADS)


def _text(i: int, field: str) -> str:
    """The hostile text of feature ``i``'s ``field`` (the field name keeps them apart)."""
    return f"{PAYLOADS[i]}|{field}"


def _crossing(i: int) -> bool:
    return i % 2 == 1


# --------------------------------------------------------------------------- the data


def _write(folder: Path) -> Path:
    """Geodata whose free-text fields (the ones validation lets through) are all payloads."""
    places, links, regions = [], [], []
    for i in range(len(PAYLOADS)):
        lon, lat = 44.0 + 0.25 * i, 39.5 + 0.05 * (i % 3)
        props: dict[str, Any] = {
            "name": _text(i, "name"), "alt_names": [_text(i, "alt")],
            "region": _text(i, "region"), "coord_note": _text(i, "coord_note"),
            "note": _text(i, "note"),
            "source": "https://example.org/" + re.sub(r"\s", "", PAYLOADS[i]),
        }
        if _crossing(i):
            props.update(kind="border_crossing", countries=["ARM", "AZE"],
                         crossing_modes=["rail"], status="open")
        places.append(point(f"p{i}", lon, lat, **props))
        if i:
            links.append(line(f"l{i}", f"p{i - 1}", f"p{i}",
                              [(lon - 0.25, 39.5 + 0.05 * ((i - 1) % 3)), (lon, lat)],
                              name=_text(i, "link"), corridors=[_text(i, "corridor")],
                              confidence_note=_text(i, "confidence_note"),
                              note=_text(i, "link_note")))
        region = {"name": _text(i, "rname"), "country": _text(i, "rcountry")}
        if i % 2:
            region["region"] = _text(i, "rregion")
        regions.append({"type": "Feature", "properties": region,
                        "geometry": mapping(box(lon - 0.12, 39.3, lon + 0.12, 39.9))})
    write_geodata(folder, places, links)
    (folder / geodata.REGIONS_FILE).write_text(
        json.dumps({"type": "FeatureCollection", "features": regions}), encoding="utf-8")
    return folder


def _scenarios(path: Path) -> Path:
    name = json.dumps(ALL)  # a TOML basic string is a JSON string
    path.write_text(f"[{name}]\ndescription = {name}\nclosed_links = [\"l1\"]\n",
                    encoding="utf-8")
    return path


#: Columns filled with payloads after loading (validation would refuse most of them).
PLACE_COLUMNS = ("country", "region", "alt_names", "coord_note", "note", "source",
                 "countries", "status", "crossing_modes", "rail_dwell_h", "road_dwell_h")
LINK_COLUMNS = ("country", "confidence", "tracks", "electrified", "corridors",
                "length_km_published", "sailing_h", "headway_h", "confidence_note", "note",
                "source", "geometry_source")
_LISTS = {"alt_names", "crossing_modes", "corridors"}


def _hostile_url(i: int) -> str:
    """An http(s) URL (no whitespace) that breaks out of an attribute if not escaped."""
    return f"https://example.org/{i}\"><img/src=x/onerror=alert({i})>`${{{i}}}"


def _hostile_frames(data: geodata.GeoData) -> geodata.GeoData:
    """``data`` with a payload in every text field a popup shows (as a notebook user could)."""
    def column(frame: gpd.GeoDataFrame, col: str, crossing_only: bool) -> pd.Series:
        values: list[Any] = []
        for fid in frame.index:
            i = int(fid[1:])
            text = _text(i, col)
            if crossing_only and not _crossing(i):
                values.append(None)
            elif col == "countries":
                values.append([text, text + "2"])
            elif col in _LISTS:
                values.append([text])
            elif col in ("source", "geometry_source"):  # text, and URLs with hostile parts
                values.append(f"{text} {_hostile_url(i)} https://h{i}\"><i>x</i>.org/p")
            else:
                values.append(text)
        return pd.Series(values, index=frame.index, dtype=object)

    places, links = data.places.copy(), data.links.copy()
    for col in PLACE_COLUMNS:
        crossing_only = col in ("countries", "status", "crossing_modes", "rail_dwell_h",
                                "road_dwell_h")
        places[col] = column(places, col, crossing_only)
    for col in LINK_COLUMNS:
        links[col] = column(links, col, False)
    return dataclasses.replace(data, places=places, links=links)


# --------------------------------------------------------------------------- expected text


def _source(value: str) -> str:
    """Sources are whitespace-separated: URLs shown as their host (a link), others as text."""
    return " ".join(u.split("/")[2] if u.startswith(("https://", "http://")) else u
                    for u in value.split())


def _urls(*values: str) -> list[str]:
    """The links (hrefs) a popup has for these source fields, in order."""
    return [u for v in values for u in v.split() if u.startswith(("https://", "http://"))]


def _notes(*pairs: tuple[str, Any]) -> str:
    """Text of the folded research notes row: its summary, then each note with its label."""
    return "research notes" + "".join(f"{label}: {value}" for label, value in pairs)


def expected_place(row: pd.Series) -> tuple[str, dict[str, Any]]:
    """Popup title and rows (label -> text) of a place, from the values themselves; the
    links under ``"hrefs"``."""
    rows = {"also": ", ".join(row["alt_names"]), "country": row["country"],
            "region": row["region"],
            "notes": _notes(("on the position", row["coord_note"]), ("note", row["note"])),
            "source": _source(row["source"]), "hrefs": _urls(row["source"])}
    if row["kind"] == "border_crossing":
        rows.update({"joins": " – ".join(row["countries"]),
                     "status": row["status"].replace("_", " "),  # a status word, spaced
                     "modes": ", ".join(row["crossing_modes"]),
                     "rail dwell (h)": row["rail_dwell_h"], "road dwell (h)": row["road_dwell_h"]})
    return row["name"], rows


def expected_link(row: pd.Series, names: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Popup title and rows of a link."""
    rows = {"between": f"{names[row['from']]} – {names[row['to']]}",
            "tracks": row["tracks"], "electrified": row["electrified"],
            "country": row["country"], "confidence": row["confidence"],
            "corridors": ", ".join(row["corridors"]),
            "published length": f"{row['length_km_published']} km",
            "sailing (h)": row["sailing_h"], "headway (h)": row["headway_h"],
            "notes": _notes(("on the confidence", row["confidence_note"]), ("note", row["note"])),
            "source": _source(row["source"]), "geometry source": _source(row["geometry_source"]),
            "hrefs": _urls(row["source"], row["geometry_source"])}
    return row["name"], rows


def expected_popups(data: geodata.GeoData) -> dict[str, dict[str, Any]]:
    """Popup title -> rows, for every place and link."""
    names = {str(k): str(v) for k, v in data.places["name"].items()}
    out = dict(expected_place(row) for _, row in data.places.iterrows())
    out.update(expected_link(row, names) for _, row in data.links.iterrows())
    return out


# --------------------------------------------------------------------------- reading a page


class _Cells(HTMLParser):
    """Text of the first <b> and of each <th>/<td> of a popup; tags and hrefs seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.cells: list[list[str]] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "b" and self.title is None:
            self._in, self.title = "b", ""
        elif tag in ("th", "td"):
            self._in = tag
            if tag == "th":
                self.cells.append(["", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "th", "td"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "b" and self.title is not None:
            self.title += data
        elif self._in == "th":
            self.cells[-1][0] += data
        elif self._in == "td":
            self.cells[-1][1] += data


def _js_strings(page: str, call: str) -> list[str]:
    """The JSON string literal that follows each ``call`` (e.g. ``.bindTooltip(``)."""
    decoder = json.JSONDecoder()
    out = []
    for match in re.finditer(re.escape(call) + r"\s*", page):
        value, _ = decoder.raw_decode(page, match.end())
        out.append(value)
    return out


def page_popups(page: str) -> dict[str, tuple[dict[str, str], _Cells]]:
    """Popup title -> (rows, parsed popup) of a saved page (linked assets, not inlined)."""
    out = {}
    for content in _js_strings(page, "$("):
        cells = _Cells()
        cells.feed(content)
        assert cells.title is not None
        out[cells.title] = (dict((k, v) for k, v in cells.cells), cells)
    return out


def page_tooltips(page: str) -> list[str]:
    """Text of every tooltip of a saved page."""
    texts = []
    for content in _js_strings(page, ".bindTooltip("):
        cells = _Cells()
        cells.feed(content)
        texts.append(html.unescape(re.sub(r"<[^>]*>", "", content)))
        assert cells.tags in (["div"], []), content  # text only, no element from the data
    return texts


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def scenarios_file(folder: Path) -> Path:
    return _scenarios(folder.parent / "hostile.toml")


@pytest.fixture(scope="module")
def hostile(folder: Path) -> geodata.GeoData:
    return _hostile_frames(geodata.load(folder))


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty folder; afterwards, the canary must not exist there."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / CANARY).exists(), "a payload ran Python"


# --------------------------------------------------------------------------- on disk


def test_cli_map_of_hostile_geodata_and_scenario(folder: Path, scenarios_file: Path,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.html"
    code = cli.main(["map", "--geodata", str(folder), "--scenarios", str(scenarios_file),
                     "--scenario", ALL, "--tiles", "none", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert not (tmp_path / CANARY).exists()
    page = out.read_text(encoding="utf-8")
    assert not template_ran(page)  # nothing in this data is 1337, unless {{ 7*191 }} ran
    data = geodata.load(folder)
    popups = page_popups(page)
    for pid, row in data.places.iterrows():
        rows = popups[row["name"]][0]
        for label, key in (("also", "alt_names"), ("region", "region")):
            value = row[key]
            assert rows[label] == (", ".join(value) if key == "alt_names" else value), pid
        assert rows["notes"] == _notes(("on the position", row["coord_note"]),
                                       ("note", row["note"])), pid
        hrefs = popups[row["name"]][1].hrefs
        assert hrefs == [row["source"]]  # the URL (with its payload) is the link, literally
    for lid, row in data.links.iterrows():
        rows = popups[row["name"]][0]
        assert rows["corridors"] == ", ".join(row["corridors"]), lid
        assert rows["notes"] == _notes(("on the confidence", row["confidence_note"]),
                                       ("note", row["note"])), lid
    tips = page_tooltips(page)
    for name in (*data.places["name"], *data.links["name"]):
        assert sum(t.strip().startswith(name) for t in tips) == 1, name
    assert data.regions is not None
    for _, region in data.regions.iterrows():
        label = (f"{region['region']} ({region['country']})"
                 if isinstance(region.get("region"), str) else region["name"])
        assert label in [t.strip() for t in tips]
    # the scenario's name: legend and layer control, as escaped HTML in JSON strings
    legend = next(s for s in _js_strings(page, "div.innerHTML =") if "scenario:" in s)
    assert f"scenario: {ALL}" in html.unescape(re.sub(r"<[^>]*>", "", legend))
    names = [html.unescape(json.loads(k)) for k in re.findall(
        r'^\s*("(?:[^"\\]|\\.)*")\s*:\s*feature_group_\w+,$', page, re.M)]
    assert f"Not usable in scenario: {ALL}" in names


def test_every_popup_field_shows_its_text_literally(hostile: geodata.GeoData,
                                                    scenarios_file: Path, tmp_path: Path) -> None:
    m = maps.network_map(hostile, scenario=ALL, scenarios_file=scenarios_file, tiles="none")
    page = maps.save_map(m, tmp_path / "fields.html").path.read_text(encoding="utf-8")
    assert not template_ran(page)
    popups = page_popups(page)
    expected = expected_popups(hostile)
    assert set(popups) == set(expected)
    for title, rows in expected.items():
        shown, cells = popups[title]
        assert set(cells.tags) <= {"div", "b", "table", "tr", "th", "td", "a",
                                  "details", "summary", "p", "i"}, title
        assert cells.hrefs == rows.pop("hrefs"), title
        for label, text in rows.items():
            assert shown[label] == text, (title, label)


def test_overview_map_of_hostile_data(hostile: geodata.GeoData, scenarios_file: Path) -> None:
    m = maps.network_map(hostile, scenario=ALL, scenarios_file=scenarios_file, tiles="none",
                         detail=False)
    page = maps.map_html(m)
    assert not template_ran(page)
    tips = page_tooltips(page)
    assert any(t.startswith(f"Not usable in scenario {ALL}:") for t in tips)


def test_route_map_of_hostile_names(folder: Path, scenarios_file: Path) -> None:
    hostile = geodata.load(folder)  # routing needs valid numbers: the file's data
    m = maps.route_map("p0", "p2", scenario="today", compare=ALL, data=hostile,
                       scenarios_file=scenarios_file, tiles="none")
    page = maps.map_html(m)
    assert not template_ran(page)
    summary = next(s for s in _js_strings(page, "div.innerHTML =") if "Routes" in s)
    text = html.unescape(re.sub(r"<[^>]*>", "", summary))
    first, last = hostile.places.loc["p0", "name"], hostile.places.loc["p2", "name"]
    assert f"{first} → {last} (today)" in text
    assert f"{ALL}: no route" in text


def test_notebook_display_is_protected_too(hostile: geodata.GeoData, tmp_path: Path) -> None:
    m = maps.network_map(hostile, tiles="none")
    shown = re.sub(r"[0-9a-f]{32}", "", html.unescape(m._repr_html_()))  # random ids out
    assert not template_ran(shown) and not (tmp_path / CANARY).exists()
    assert "{{ 7*191 }}|name" in shown  # as the place's name, not evaluated


def test_elements_added_by_the_user_are_protected(hostile: geodata.GeoData) -> None:
    m = maps.network_map(hostile, tiles="none", controls=False)
    marker = folium.Marker([40.0, 45.0], tooltip="{{ 7*191 }} ${alert(1)}",
                           popup="{% for x in range(3) %}x{% endfor %} `tick`")
    marker.add_to(m)
    folium.FeatureGroup(name="{{ 7*191 }}").add_to(m)
    maps.finish(m)
    page = maps.map_html(m)
    assert not template_ran(page) and "xxx" not in page
    assert "{{ 7*191 }} ${alert(1)}" in _js_strings(page, ".bindTooltip(")[-1]
    popups = _js_strings(page, "$(")
    assert any("{% for x in range(3) %}x{% endfor %} `tick`" in p for p in popups)


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    with browser_session() as b:
        yield b


_READ_POPUPS = """
const map = window[document.querySelector('.folium-map').id];
const out = [];
map.eachLayer(layer => {
    const popup = layer.getPopup && layer.getPopup();
    if (!popup) return;
    const node = popup.getContent();
    out.push([node.querySelector('b').textContent,
              Array.from(node.querySelectorAll('tr'),
                         tr => [tr.querySelector('th').textContent,
                                tr.querySelector('td').textContent]),
              node.querySelectorAll('*').length - node.querySelectorAll(
                  'div, b, table, tbody, tr, th, td, a, details, summary, p, i').length,
              Array.from(node.querySelectorAll('a'), a => a.getAttribute('href'))]);
});
return out;
"""

_READ_TOOLTIPS = """
const map = window[document.querySelector('.folium-map').id];
const out = [];
map.eachLayer(layer => {
    const tip = layer.getTooltip && layer.getTooltip();
    if (!tip || !(layer.getLatLng || layer.getLatLngs)) return;
    layer.openTooltip(layer.getLatLng ? layer.getLatLng() : layer.getCenter());
    out.push(tip.getElement().textContent.trim());
    layer.closeTooltip();
});
return out;
"""


@pytest.mark.browser
def test_hostile_map_in_the_browser(chrome: Browser, hostile: geodata.GeoData,
                                    scenarios_file: Path, tmp_path: Path) -> None:
    m = maps.network_map(hostile, scenario=ALL, scenarios_file=scenarios_file, tiles="none")
    page = maps.save_map(m, tmp_path / "hostile.html", self_contained=True).path
    chrome.open(page, wait_for=".leaflet-container")
    chrome.wait_for(".corridor-place", count=len(hostile.places))
    expected = expected_popups(hostile)
    popups = chrome.run(_READ_POPUPS)
    assert len(popups) == len(expected)
    for title, rows, extra_elements, hrefs in popups:
        assert extra_elements == 0, title  # no element made from the data
        shown = dict(rows)
        assert hrefs == expected[title].pop("hrefs"), title
        for label, text in expected[title].items():
            assert shown[label] == text, (title, label)
    tips = chrome.run(_READ_TOOLTIPS)
    for name in (*hostile.places["name"], *hostile.links["name"]):
        assert sum(t.startswith(name) for t in tips) == 1, name
    legend = " ".join(chrome.texts(".corridor-legend"))
    assert f"scenario: {ALL}" in legend
    overlays = chrome.texts(".leaflet-control-layers-overlays label")
    assert any(o.strip() == f"Not usable in scenario: {ALL}" for o in overlays)
    assert chrome.dialogs() == []
    assert chrome.console_errors() == []
    assert chrome.network_requests() == []


# --------------------------------------------------------------------------- mutation survivors
# Written against surviving mutants of scripts/mutation.py (target ``map-escaping``).


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!--<script>",
                                   "line\u2028sep\u2029end", {"a": ["</b>", 1.5]},
                                   "Ağstafa “quoted” ${x}"])
def test_js_json_is_json_and_safe_in_a_script_element(value: object) -> None:
    for compact in (False, True):
        text = js_json(value, compact=compact)
        assert json.loads(text) == value
        assert "</" not in text and "<!" not in text
        assert "\u2028" not in text and "\u2029" not in text
    assert js_json({"a": [1, 2]}) == '{"a": [1, 2]}'
    assert js_json({"a": [1, 2]}, compact=True) == '{"a":[1,2]}'
    assert js_json("Ağstafa") == '"Ağstafa"'  # UTF-8 kept, not \\u escapes


def test_protect_guards_a_plain_folium_map() -> None:
    """A map built with folium alone (not corridor's map class): protect() is what keeps
    template syntax in a tooltip, a popup and a layer name from being evaluated."""
    def page(protected: bool) -> str:
        m = folium.Map(location=[40.0, 45.0], zoom_start=6, tiles=None)
        folium.Marker([40.0, 45.0], tooltip='{{ "PW" ~ "NED" }}',
                      popup=folium.Popup("{% for x in range(3) %}Q{% endfor %}")).add_to(m)
        folium.FeatureGroup(name='{{ "ZY" ~ "XW" }}').add_to(m)
        root = m.get_root()
        if protected:
            protect(root)
            protect(root)  # idempotent
        return root.render()

    bare = page(protected=False)  # the payloads do run without protection
    assert "PWNED" in bare and "QQQ" in bare
    safe = page(protected=True)
    assert "PWNED" not in safe and "QQQ" not in safe and "ZYXW" not in safe
    assert '{{ \\"PW\\" ~ \\"NED\\" }}' in safe or '{{ "PW" ~ "NED" }}' in safe
    assert "{% for x in range(3) %}Q{% endfor %}" in safe


def test_escape_quotes_attributes() -> None:
    assert style.escape('say "hi" & \'bye\'') == "say &quot;hi&quot; &amp; &#x27;bye&#x27;"


def test_flows_map_of_hostile_names(folder: Path) -> None:
    from corridor.flows import Demand, report
    from corridor.maps.flows import flows_map

    hostile = geodata.load(folder)  # assignment needs valid numbers: the file's data
    last = f"p{len(PAYLOADS) - 1}"  # the route passes every hostile link name
    demand = [Demand("p0", last, 3.0, 2024, "today", ("rail", "road", "ferry"), "",
                     "assumption")]
    run = report.assign("today", demand, hostile)
    assert run.aon.paths[0] is not None
    page = maps.map_html(flows_map([run], hostile))
    assert not template_ran(page)
    tips = page_tooltips(page)
    names = {str(n) for n in hostile.links["name"]}
    flow_tips = [t for t in tips if "Mt/yr, v/c" in t]
    assert flow_tips
    assert all(t.split(": 3 Mt/yr")[0] in names for t in flow_tips)


# Classes defined inside a test are new to the per-process cache of protected classes
# (``safe._SAFE``): mutmut runs each mutant in a process forked after maps were rendered, so
# folium's own classes were already cached there and the class-making code never ran.

TEMPLATE_PAYLOAD = "{{ 7*191 }} ${alert(1)}"


class _Note(MacroElement):
    """A user's element: its text in the page's html, a language read from the kwargs."""

    _template = Template(
        '{% macro html(this, kwargs) %}<p lang="{{ kwargs.get("lang", "en") }}">'
        "{{ this.text|e }}</p>{% endmacro %}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Note"
        self.text = text


def _plain_map() -> folium.Map:
    return folium.Map(location=[40.0, 45.0], zoom_start=6, tiles=None)


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging) when the block takes longer than ``seconds``."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_subclasses_of_folium_elements_are_protected_too() -> None:
    """A user's own Marker, Popup and Tooltip classes (new to the cache of protected
    classes) get protected classes: their text is shown, not run."""
    class MyMarker(folium.Marker):
        pass

    class MyPopup(folium.Popup):
        pass

    class MyTooltip(folium.Tooltip):
        pass

    m = _plain_map()
    marker = MyMarker([40.0, 45.0], popup=MyPopup(TEMPLATE_PAYLOAD + " popup"),
                      tooltip=MyTooltip(TEMPLATE_PAYLOAD + " tip"))
    marker.add_to(m)
    root = m.get_root()
    protect(root)
    page = root.render()
    assert not template_ran(page)
    assert _js_strings(page, ".bindTooltip(") == [f"<div>{TEMPLATE_PAYLOAD} tip</div>"]
    assert any(f"{TEMPLATE_PAYLOAD} popup" in p for p in _js_strings(page, "$("))
    # each element keeps its own class and gains the protected one
    popup, tip = (next(c for c in marker._children.values() if isinstance(c, cls))
                  for cls in (MyPopup, MyTooltip))
    assert isinstance(marker, MyMarker) and isinstance(marker, safe.VerbatimMacroElement)
    assert isinstance(popup, safe.VerbatimPopup) and isinstance(tip, safe.VerbatimTooltip)


def test_a_protected_class_is_named_documented_and_picklable() -> None:
    """The protected class of a class is ``Verbatim_<module>_<qualname>`` (dots as
    underscores), found under that name in ``corridor.maps.safe`` (so pickle finds it) and
    documented as the original's."""
    class MyMarker(folium.Marker):
        pass

    marker = MyMarker([40.0, 45.0], tooltip="tip")
    protect(marker)
    cls = type(marker)
    name = "Verbatim_" + f"{MyMarker.__module__}.{MyMarker.__qualname__}".replace(".", "_")
    assert (cls.__name__, cls.__qualname__, cls.__module__) == (name, name, safe.__name__)
    assert getattr(safe, name) is cls
    assert cls.__doc__ is not None and MyMarker.__qualname__ in cls.__doc__
    copy = pickle.loads(pickle.dumps(marker))
    assert type(copy) is cls and copy.location == marker.location


def test_a_protected_map_unpickles_in_a_fresh_process(tmp_path: Path) -> None:
    """The protected classes are re-made on unpickling, whatever the process protected."""
    m = _plain_map()
    group = folium.FeatureGroup(name=f"{TEMPLATE_PAYLOAD} group").add_to(m)
    folium.Marker([40.0, 45.0], tooltip=f"{TEMPLATE_PAYLOAD} tip",
                  popup=f"{TEMPLATE_PAYLOAD} popup").add_to(group)
    folium.PolyLine([[40.0, 45.0], [41.0, 46.0]], tooltip="line").add_to(m)
    root = protect(m.get_root())
    (tmp_path / "map.pickle").write_bytes(pickle.dumps(root))
    here = pickle.loads((tmp_path / "map.pickle").read_bytes()).render()
    script = ("import pickle, sys\n"
              "root = pickle.loads(open(sys.argv[1], 'rb').read())\n"
              "m = next(iter(root._children.values()))\n"
              "print(sorted(type(e).__name__ for e in m._children.values()))\n"
              "sys.stdout.write(root.render())\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "map.pickle")],
                          capture_output=True, text=True, check=False, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.returncode == 0, done.stderr
    kinds, page = done.stdout.split("\n", 1)
    assert kinds == "['Verbatim_folium_map_FeatureGroup', 'Verbatim_folium_vector_layers_PolyLine']"
    assert page == here and not template_ran(page) and f"{TEMPLATE_PAYLOAD} popup" in page


def test_leaflet_class_includes_of_a_protected_class_are_kept() -> None:
    """``Class.include`` options set on a class reach the page from its protected class,
    as folium writes them for the class itself."""
    class MyGroup(folium.FeatureGroup):
        pass

    MyGroup.include(zIndexOffset=1234)

    def includes(protected: bool) -> list[str]:
        m = _plain_map()
        MyGroup(name="group").add_to(m)
        root = m.get_root()
        if protected:
            protect(root)
        return re.findall(r"L\.FeatureGroup\.include\(.*?\)", root.render(), re.S)

    folium_includes = includes(protected=False)
    assert len(folium_includes) == 1 and '"zIndexOffset": 1234' in folium_includes[0]
    assert includes(protected=True) == folium_includes


def test_a_protected_element_renders_like_branca_with_the_render_kwargs() -> None:
    """For text without template syntax a protected element gives branca's own page, its
    macros receiving the render's keyword arguments."""
    def page(protected: bool, **kwargs: str) -> str:
        figure = Figure()
        figure.add_child(_Note("Ağstafa & Kars"), name="note")
        if protected:
            protect(figure)
        return figure.render(**kwargs)

    for kwargs, lang in (({}, "en"), ({"lang": "hy"}, "hy")):
        branca_page = page(False, **kwargs)
        assert f'<p lang="{lang}">Ağstafa &amp; Kars</p>' in branca_page
        assert page(True, **kwargs) == branca_page


def test_elements_created_while_rendering_are_protected() -> None:
    """An element whose render adds children (as folium's Marker adds its SetIcon): the new
    children are protected by their parent before they render."""
    class LateMarker(folium.Marker):
        def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as folium
            self.add_child(folium.Tooltip(TEMPLATE_PAYLOAD + " late tip"))
            popup = next(c for c in self._children.values() if isinstance(c, folium.Popup))
            popup.add_child(folium.Tooltip(TEMPLATE_PAYLOAD + " tip in popup"))
            super().render(**kwargs)

    m = _plain_map()
    LateMarker([40.0, 45.0], popup="popup").add_to(m)
    root = m.get_root()
    protect(root)
    page = root.render()
    assert not template_ran(page)
    assert sorted(_js_strings(page, ".bindTooltip(")) == [
        f"<div>{TEMPLATE_PAYLOAD} late tip</div>", f"<div>{TEMPLATE_PAYLOAD} tip in popup</div>"]


def test_rendering_a_protected_map_again_gives_the_same_page() -> None:
    """Each element's output replaces its output of the render before, not added twice."""
    m = _plain_map()
    folium.Marker([40.0, 45.0], tooltip=TEMPLATE_PAYLOAD, popup=TEMPLATE_PAYLOAD).add_to(m)
    root = m.get_root()
    protect(root)
    first = root.render()
    protect(root)
    assert root.render() == first
    assert first.count(".bindTooltip(") == 1 and first.count(".bindPopup(") == 1


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM (POSIX)")
def test_protect_ends_on_a_rendered_map_with_cycles() -> None:
    """folium's render leaves cycles in a map (a GeoJson in a layer keeps its map): the walk
    of protect() ends there, and the map renders again without running its text."""
    m = _plain_map()
    group = folium.FeatureGroup(name="group").add_to(m)
    folium.GeoJson({"type": "Feature", "properties": {},
                    "geometry": {"type": "Point", "coordinates": [45.0, 40.0]}}).add_to(group)
    root = m.get_root()
    protect(root)
    root.render()
    folium.Marker([40.0, 45.0], tooltip=TEMPLATE_PAYLOAD).add_to(group)
    with _time_limit(10):
        protect(root)
    page = root.render()
    assert not template_ran(page)
    assert _js_strings(page, ".bindTooltip(") == [f"<div>{TEMPLATE_PAYLOAD}</div>"]


def test_protect_reaches_every_element_of_a_rendered_figure() -> None:
    """A map added in front of a rendered one: the walk meets the rendered map's shared
    elements (a marker's icon) and still reaches the new map's elements."""
    figure = Figure()
    old = _plain_map()
    folium.Marker([40.0, 45.0], icon=folium.Icon()).add_to(old)
    figure.add_child(old)
    protect(figure)
    figure.render()
    new = _plain_map()
    folium.Marker([41.0, 46.0], tooltip=TEMPLATE_PAYLOAD).add_to(new)
    figure.add_child(new, index=0)
    protect(figure)
    page = figure.render()
    assert not template_ran(page)
    assert f"<div>{TEMPLATE_PAYLOAD}</div>" in _js_strings(page, ".bindTooltip(")


@pytest.mark.parametrize("element", [_Note("x"), folium.Popup("x")],
                         ids=["macro element", "popup"])
def test_a_protected_element_outside_a_figure_says_so(element: MacroElement) -> None:
    protect(element)
    with pytest.raises(AssertionError, match=r"^an element renders only inside a Figure$"):
        element.render()


def test_verbatim_text_is_named_after_its_class_like_branca_elements() -> None:
    """A Verbatim added without a name is keyed like any branca element (by its class name)."""
    figure = Figure()
    text = Verbatim('<meta name="x" content="{{ 7*191 }}">')
    figure.header.add_child(text)
    assert text.to_dict()["name"] == type(text).__name__
    assert Element().to_dict()["name"] == type(Element()).__name__  # branca's convention
    assert list(figure.header._children)[-1] == text.get_name()
    assert text.get_name().startswith(type(text).__name__.lower() + "_")
    assert '<meta name="x" content="{{ 7*191 }}">' in figure.render()
