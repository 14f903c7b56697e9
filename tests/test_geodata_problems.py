"""A user's broken geodata folder, one mistake at a time: the exact lines `validate` prints.

Written against the surviving mutants of ``scripts/mutation.py geodata``: every problem is
compared whole (file, feature id, field, message), every loaded or saved value against the
input written by hand. Rule factories that the module applies at import time are also
called directly, since a mutant of a factory only acts when the factory is called.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from conftest import line, point, write_geodata
from pyproj import Geod

from corridor import GeodataError, geodata
from corridor.geodata import validation

SHARUR = (44.97993, 39.55298)
NAKHCHIVAN = (45.41222, 39.20889)
MIDPOINT = (45.2, 39.4)


def _places() -> list[dict[str, Any]]:
    return [point("sharur", *SHARUR), point("nakhchivan", *NAKHCHIVAN)]


def _link(**props: Any) -> dict[str, Any]:
    return line("sharur_nakhchivan", "sharur", "nakhchivan", [SHARUR, MIDPOINT, NAKHCHIVAN],
                **props)


def _report(folder: Path) -> tuple[list[str], list[str]]:
    report = geodata.validate(folder)
    return [str(p) for p in report.problems], [str(w) for w in report.warnings]


def _problems(tmp_path: Path, places: list[dict[str, Any]] | None = None,
              links: list[dict[str, Any]] | None = None) -> list[str]:
    folder = write_geodata(tmp_path / "g", _places() if places is None else places,
                           [_link()] if links is None else links)
    return _report(folder)[0]


def _place(fid: str = "sharur", **props: Any) -> list[dict[str, Any]]:
    """The two places, the one named ``fid`` changed by ``props`` (None deletes a key)."""
    places = _places()
    for feature in places:
        if feature["properties"]["id"] == fid:
            for key, value in props.items():
                if value is None:
                    feature["properties"].pop(key, None)
                else:
                    feature["properties"][key] = value
    return places


def _link_with(**props: Any) -> list[dict[str, Any]]:
    feature = _link()
    for key, value in props.items():
        if value is None:
            feature["properties"].pop(key, None)
        else:
            feature["properties"][key] = value
    return [feature]


# --------------------------------------------------------------------------- field rules

LINK = "links.geojson: sharur_nakhchivan"
PLACE = "places.geojson: sharur"


@pytest.mark.parametrize(("props", "expected"), [
    ({"opened": 1799}, f"{LINK}: opened: expected a year (1800-2100), got 1799"),
    ({"opened": 1800}, None),
    ({"expected": 2100}, None),
    ({"expected": 2101}, f"{LINK}: expected: expected a year (1800-2100), got 2101"),
    ({"opened": True}, f"{LINK}: opened: expected a year (1800-2100), got True"),
    ({"opened": "1999"}, f"{LINK}: opened: expected a year (1800-2100), got '1999'"),
    ({"tracks": 100}, None),
    ({"tracks": 101}, f"{LINK}: tracks: expected a whole number >= 1, got 101"),
    ({"electrified": "yes"}, f"{LINK}: electrified: expected true/false, got 'yes'"),
    ({"electrified": False}, None),
    ({"speed_kmh": 0}, f"{LINK}: speed_kmh: expected a positive number, got 0"),
    ({"speed_kmh": 0.5}, None),
    ({"speed_kmh": 10**15 - 1}, None),
    ({"speed_kmh": 10**15}, f"{LINK}: speed_kmh: expected a positive number, got {10**15}"),
    ({"speed_kmh": -(10**15)}, f"{LINK}: speed_kmh: expected a positive number, "
                               f"got {-(10**15)}"),
    ({"gauge_mm": 1000}, f"{LINK}: gauge_mm: unknown gauge 1000; expected one of "
                         f"{list(geodata.GAUGES_MM)}"),
    ({"country": None}, f"{LINK}: country: a rail or road link needs its ISO3 country"),
    ({"country": "az"}, f"{LINK}: country: expected an ISO 3166-1 alpha-3 code, got 'az'"),
    ({"country": "AZE\n"},  # `$` would have matched before the newline
     f"{LINK}: country: expected an ISO 3166-1 alpha-3 code, got 'AZE\\n'"),
    ({"mode": "ferry", "gauge_mm": None, "country": "az"},
     f"{LINK}: country: expected an ISO 3166-1 alpha-3 code, got 'az'"),
    ({"mode": "ferry", "gauge_mm": None, "country": None}, None),
    ({"source": 5}, f"{LINK}: source: expected whitespace-separated http(s) URLs, got 5"),
    ({"source": None}, f"{LINK}: source: missing; expected one or more URLs"),
    ({"source": "  "}, f"{LINK}: source: missing; expected one or more URLs"),
    ({"corridors": "TRIPP"}, f"{LINK}: corridors: expected a list of strings"),
])
def test_each_link_field_rule_prints_one_exact_line(tmp_path: Path, props: dict[str, Any],
                                                    expected: str | None) -> None:
    problems = _problems(tmp_path, links=_link_with(**props))
    assert problems == ([expected] if expected else [])


@pytest.mark.parametrize(("props", "expected"), [
    ({"name": 5}, f"{PLACE}: name: missing name"),
    ({"name": ""}, f"{PLACE}: name: missing name"),
    ({"name": None}, f"{PLACE}: name: missing name"),
    ({"kind": None}, f"{PLACE}: kind: missing; expected one of {list(geodata.PLACE_KINDS)}"),
    ({"alt_names": "Şərur"}, f"{PLACE}: alt_names: expected a list of strings"),
    ({"alt_names": ["Şərur", 7]}, f"{PLACE}: alt_names: expected a list of strings"),
    ({"alt_names": ["Şərur", "Шарур"]}, None),
    ({"country": "Azerbaijan"},
     f"{PLACE}: country: expected an ISO 3166-1 alpha-3 code, got 'Azerbaijan'"),
    ({"rail_dwell_h": 0}, f"{PLACE}: rail_dwell_h: expected a positive number, got 0"),
    ({"road_dwell_h": 0.25}, None),
])
def test_each_place_field_rule_prints_one_exact_line(tmp_path: Path, props: dict[str, Any],
                                                     expected: str | None) -> None:
    assert _problems(tmp_path, places=_place(**props)) == ([expected] if expected else [])


def _crossing(**props: Any) -> list[dict[str, Any]]:
    base = {"kind": "border_crossing", "status": "open", "crossing_modes": ["rail"],
            "countries": ["AZE", "ARM"]}
    base.update(props)
    return _place(**base)


@pytest.mark.parametrize(("props", "expected"), [
    ({}, None),
    ({"crossing_modes": ["rail", "air"]},
     f"{PLACE}: crossing_modes: unknown value(s) ['air']; expected from "
     f"{list(geodata.LAND_MODES)}"),
    ({"crossing_modes": []}, f"{PLACE}: crossing_modes: a border crossing needs the modes "
                             "that cross"),
    ({"countries": [5, "ARM"]}, f"{PLACE}: countries: a border crossing needs the two ISO3 "
                                "countries it joins"),
    ({"countries": ["AZE"]}, f"{PLACE}: countries: a border crossing needs the two ISO3 "
                             "countries it joins"),
    ({"countries": "AZE ARM"}, f"{PLACE}: countries: a border crossing needs the two ISO3 "
                               "countries it joins"),
])
def test_border_crossing_rules_print_exact_lines(tmp_path: Path, props: dict[str, Any],
                                                 expected: str | None) -> None:
    assert _problems(tmp_path, places=_crossing(**props)) == ([expected] if expected else [])


def test_rule_factories_say_exactly_what_is_wrong() -> None:
    """The table's rules are built at import; built again here they must behave the same."""
    kinds = validation.enum(("city", "port"))
    assert kinds({}, "kind", True) == "missing; expected one of ['city', 'port']"
    assert kinds({}, "kind", False) is None
    assert kinds({"kind": "village"}, "kind", False) == (
        "unknown value 'village'; expected one of ['city', 'port']")
    assert kinds({"kind": "port"}, "kind", True) is None

    modes = validation.str_list(("rail", "road"))
    assert modes({}, "m", True) is None
    assert modes({"m": "rail"}, "m", False) == "expected a list of strings"
    assert modes({"m": ["rail", 5]}, "m", False) == "expected a list of strings"
    assert modes({"m": ["rail", "air", "sea"]}, "m", False) == (
        "unknown value(s) ['air', 'sea']; expected from ['rail', 'road']")
    assert modes({"m": ["road", "rail"]}, "m", False) is None
    assert validation.str_list()({"m": ["anything"]}, "m", False) is None

    needed = validation.not_empty("say which")
    assert needed({}, "m", True) == "say which"
    assert needed({"m": []}, "m", True) == "say which"
    assert needed({}, "m", False) is None
    assert needed({"m": ["rail"]}, "m", True) is None


# --------------------------------------------------------------------------- features and ids


def test_features_without_properties_are_each_named(tmp_path: Path) -> None:
    geometry = {"type": "Point", "coordinates": list(SHARUR)}
    places = [{"type": "Feature", "geometry": geometry}, "sharur", *_places()]
    links = [{"type": "Feature", "properties": None}, _link()]
    assert _problems(tmp_path, places=places, links=links) == [
        "places.geojson: #0: properties: missing properties",
        "places.geojson: #1: properties: missing properties",
        "links.geojson: #0: properties: missing properties",
    ]


def test_a_duplicate_id_is_named_once(tmp_path: Path) -> None:
    places = [*_places(), point("sharur", *SHARUR)]
    assert _problems(tmp_path, places=places) == ["places.geojson: sharur: id: duplicate id"]


def test_a_long_non_string_id_is_cut_to_40_characters(tmp_path: Path) -> None:
    places = _place(id=["a_place_with_a_rather_long_name", "and_another"])
    assert _problems(tmp_path, places=places)[0] == (
        "places.geojson: #0: id: expected a string id, got "
        "['a_place_with_a_rather_long_name', 'and")


@pytest.mark.parametrize("end", [None, "", 5])
def test_a_link_end_that_is_not_a_place_id(tmp_path: Path, end: Any) -> None:
    links = _link_with(to=end) if end is not None else _link_with(to=None)
    assert _problems(tmp_path, links=links) == [f"{LINK}: to: missing place id"]


def test_line_ends_far_from_their_places_say_how_far(tmp_path: Path) -> None:
    # 0.1 degree of longitude at 39.55 N is 111.195 km * 0.1 * cos(39.55) = 8.6 km (sphere)
    start = (SHARUR[0] + 0.1, SHARUR[1])
    end = (NAKHCHIVAN[0], NAKHCHIVAN[1] - 0.05)  # 0.05 degree of latitude: 5.6 km
    links = [line("sharur_nakhchivan", "sharur", "nakhchivan", [start, MIDPOINT, end])]
    assert _problems(tmp_path, links=links) == [
        f"{LINK}: from: line starts 8.6 km from place 'sharur' (at most 2 km)",
        f"{LINK}: to: line ends 5.6 km from place 'nakhchivan' (at most 2 km)",
    ]


def test_three_dimensional_positions_are_accepted(tmp_path: Path) -> None:
    """GeoJSON allows [lon, lat, elevation]; the end check looks at lon/lat only."""
    places = [point("sharur", *SHARUR), point("nakhchivan", *NAKHCHIVAN)]
    places[0]["geometry"]["coordinates"] = [*SHARUR, 850.0]
    links = [line("sharur_nakhchivan", "sharur", "nakhchivan",
                  [(*SHARUR, 850.0), (*MIDPOINT, 860.0), (*NAKHCHIVAN, 870.0)])]
    folder = write_geodata(tmp_path / "g", places, links)
    data = geodata.load(folder)
    assert data.links.geometry.iloc[0].coords[2] == (*NAKHCHIVAN, 870.0)


@pytest.mark.parametrize(("geometry", "message"), [
    (None, "missing geometry"),
    ({"type": "Point", "coordinates": []}, "empty geometry"),
    ({"type": "LineString", "coordinates": [list(SHARUR), list(NAKHCHIVAN)]},
     "expected Point, got LineString"),
    ({"type": "P" * 50, "coordinates": list(SHARUR)}, f"expected Point, got {'P' * 40}"),
    ({"type": "Point", "coordinates": [*SHARUR, 0, 0]},
     f"a position must be [lon, lat], got {[*SHARUR, 0, 0]}"),
    ({"type": "Point", "coordinates": ["x" * 50, 39.5]},
     f"coordinates must be finite numbers, got '{'x' * 39}"),
    ({"type": "Point", "coordinates": [10**19, 39.5]},
     "coordinates must be finite numbers, got 10000000000000000000"),
    ({"type": "Point", "coordinates": [10**20, 39.5]},
     "coordinates must be finite numbers, got a 21-digit integer"),
    (True, "expected a GeoJSON geometry object, got a JSON boolean"),
    ([44.9, 39.5], "expected a GeoJSON geometry object, got a JSON array"),
    (None, "missing geometry"),
])
def test_place_geometry_problems_are_named_exactly(tmp_path: Path, geometry: Any,
                                                   message: str) -> None:
    places = _places()
    if geometry is None:
        del places[0]["geometry"]
    else:
        places[0]["geometry"] = geometry
    assert _problems(tmp_path, places=places) == [f"{PLACE}: geometry: {message}"]


def test_a_position_too_long_by_one_is_refused(tmp_path: Path) -> None:
    places = _places()
    places[0]["geometry"]["coordinates"] = [44.123456789, 39.123456789, 1000.1, 2.0]
    assert _problems(tmp_path, places=places) == [
        f"{PLACE}: geometry: a position must be [lon, lat], got [44.123456789, 39.123456789,"
        " 1000.1, 2.0"]  # the first 40 characters of the 41 of the list


def test_a_line_of_two_identical_vertices_is_invalid(tmp_path: Path) -> None:
    links = [line("sharur_nakhchivan", "sharur", "nakhchivan", [SHARUR, SHARUR])]
    problems = _problems(tmp_path, links=links)
    assert problems[0] == f"{LINK}: geometry: invalid geometry"
    # and its ends are not checked against a line that does not exist
    assert problems == [problems[0]]


@pytest.mark.parametrize("coords", [(200.0, 39.5), (39.55298, 44.97993)],
                         ids=["out of range", "swapped"])
def test_a_broken_place_brings_no_follow_on_problem(tmp_path: Path,
                                                    coords: tuple[float, float]) -> None:
    """A place reported broken is not measured against the links that end at it."""
    places = _places()
    places[0]["geometry"]["coordinates"] = list(coords)
    problems = _problems(tmp_path, places=places)
    assert len(problems) == 1 and problems[0].startswith(f"{PLACE}: geometry: "), problems


# The region boxes are closed: a vertex on an edge is inside. Each line joins a vertex on one
# box's edge (and in no other box) to a vertex in another box, so no single box holds the line
# and every vertex is tested on its own.
@pytest.mark.parametrize(("edge", "other"), [
    ((26.0, 36.0), (50.0, 48.0)),   # western edge of the southern box
    ((90.0, 45.0), (30.0, 36.0)),   # eastern edge of the Central Asian box
    ((30.0, 34.0), (50.0, 48.0)),   # southern edge of the southern box
    ((70.0, 50.0), (30.0, 36.0)),   # northern edge of the Central Asian box
])
def test_a_vertex_on_a_region_box_edge_is_inside(tmp_path: Path, edge: tuple[float, float],
                                                 other: tuple[float, float]) -> None:
    places = [point("a", *edge), point("b", *other)]
    links = [line("ab", "a", "b", [edge, other], mode="road", gauge_mm=None)]
    folder = write_geodata(tmp_path / "g", places, links)
    assert _report(folder) == ([], [])


def test_a_place_outside_the_region_is_kept_with_a_warning(tmp_path: Path) -> None:
    places = [*_places(), point("lisbon", -9.13, 38.72)]
    data = geodata.load(write_geodata(tmp_path / "g", places, [_link()]))
    assert list(data.places.index) == ["sharur", "nakhchivan", "lisbon"]
    assert [str(w) for w in data.warnings] == [
        "places.geojson: lisbon: geometry: lies outside the region box"]


# --------------------------------------------------------------------------- files and folder


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    report = geodata.validate(tmp_path / "nowhere")
    assert [str(p) for p in report.problems] == [f"{tmp_path / 'nowhere'}: not a folder"]
    assert report.warnings == [] and report.data is None


def test_the_default_folder_comes_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    monkeypatch.setenv("CORRIDOR_GEODATA", str(folder))
    assert geodata.validate().data.path == folder  # type: ignore[union-attr]
    assert geodata.load().path == folder
    (folder / geodata.PLACES_FILE).write_text("", encoding="utf-8")
    with pytest.raises(GeodataError) as info:
        geodata.load()
    assert str(folder) in info.value.one_line()


def test_a_file_the_system_refuses_to_read(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == geodata.LINKS_FILE:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert _report(folder)[0] == ["links.geojson: cannot read: Permission denied"]


@pytest.mark.parametrize(("doc", "message"), [
    ("null", "type: expected a GeoJSON FeatureCollection, got a JSON null"),  # was accepted
    ("true", "type: expected a GeoJSON FeatureCollection, got a JSON boolean"),
    ("3", "type: expected a GeoJSON FeatureCollection, got a JSON number"),
    ('"x"', "type: expected a GeoJSON FeatureCollection, got a JSON string"),
    (json.dumps({"type": "C" * 50}),
     f"type: expected a GeoJSON FeatureCollection, got type {'C' * 40!r}"),
    (json.dumps({"type": "FeatureCollection", "crs": "EPSG:4326", "features": []}),
     "crs: expected EPSG:4326 (lon/lat WGS84), got ''"),
    (json.dumps({"type": "FeatureCollection", "crs": {"type": "name"}, "features": []}),
     "crs: expected EPSG:4326 (lon/lat WGS84), got ''"),
])
def test_an_unusable_links_file_is_named_exactly(tmp_path: Path, doc: str, message: str) -> None:
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    (folder / geodata.LINKS_FILE).write_text(doc, encoding="utf-8")
    assert _report(folder)[0] == [f"links.geojson: {message}"]


def test_places_without_links_are_a_valid_folder(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", _places(), []))
    assert len(data.links) == 0
    # the same columns as a folder with links: the fields, the geometry, then the admin-1
    # region that load derives from regions.geojson (corridor.geodata.areas)
    assert list(data.links.columns) == [*geodata.LINK_FIELDS, "geometry", "region"]


def _regions(folder: Path, doc: dict[str, Any] | str) -> None:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    (folder / geodata.REGIONS_FILE).write_text(text, encoding="utf-8")


def _polygon(fid: str, lon: float, lat: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    return {"type": "Feature", "properties": {"id": fid, "name": fid.upper()},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_regions_are_loaded_with_the_data(tmp_path: Path) -> None:
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    _regions(folder, {"type": "FeatureCollection",
                      "features": [_polygon("nak", 45.0, 39.0), _polygon("arm", 44.0, 40.0)]})
    data = geodata.load(folder)
    assert data.regions is not None
    assert list(data.regions["id"]) == ["nak", "arm"]
    assert data.regions.geometry.iloc[0].bounds == (45.0, 39.0, 46.0, 40.0)


@pytest.mark.parametrize(("doc", "expected"), [
    ("", ["regions.geojson: file is empty"]),
    ({"type": "FeatureCollection", "features": []}, ["regions.geojson: features: holds no "
                                                     "features"]),
    ({"type": "FeatureCollection",
      "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
      "features": [_polygon("nak", 45.0, 39.0)]},
     ["regions.geojson: crs: expected EPSG:4326 (lon/lat WGS84), got 'EPSG:3857'"]),
])
def test_a_broken_regions_file_is_one_problem(tmp_path: Path, doc: Any,
                                              expected: list[str]) -> None:
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    _regions(folder, doc)
    assert _report(folder)[0] == expected


@pytest.mark.parametrize(("error", "shown"), [
    (RuntimeError("Failed to read GeoJSON data\nat line 3"), "Failed to read GeoJSON data"),
    (RuntimeError(""), "RuntimeError"),
])
def test_regions_the_reader_refuses_are_named_with_its_first_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, shown: str) -> None:
    """GDAL reads almost any GeoJSON; when it refuses a file, its first line is shown."""
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    _regions(folder, {"type": "FeatureCollection", "features": [_polygon("nak", 45.0, 39.0)]})

    def refuse(*_: Any, **__: Any) -> gpd.GeoDataFrame:
        raise error

    monkeypatch.setattr(gpd, "read_file", refuse)
    assert _report(folder)[0] == [f"regions.geojson: cannot read as GeoJSON: {shown}"]


def test_a_root_cause_in_a_later_file_is_still_listed_first(tmp_path: Path) -> None:
    folder = write_geodata(tmp_path / "g", _place(kind="village"), [_link()])
    _regions(folder, "")
    assert _report(folder)[0] == [
        "regions.geojson: file is empty",
        f"{PLACE}: kind: unknown value 'village'; expected one of {list(geodata.PLACE_KINDS)}",
    ]


# --------------------------------------------------------------------------- what is loaded


def test_the_loaded_frames_keep_the_folder_the_extras_and_the_warnings(tmp_path: Path) -> None:
    places = _place(wikidata="Q1021966")
    folder = write_geodata(tmp_path / "g", places, [_link()])
    data = geodata.load(folder)
    assert data.path == folder
    assert list(data.places.columns)[: len(geodata.PLACE_FIELDS)] == list(geodata.PLACE_FIELDS)
    assert data.places.loc["sharur", "wikidata"] == "Q1021966"
    assert data.places.loc["nakhchivan", "name"] == "Nakhchivan"
    assert data.warnings == []


def test_save_writes_one_compact_utf8_feature_per_line_sorted_by_id(tmp_path: Path) -> None:
    places = _place(alt_names=["Şərur", "Шарур"], wikidata="Q1021966")
    reverse = line("nakhchivan_sharur", "nakhchivan", "sharur",
                   [NAKHCHIVAN, MIDPOINT, SHARUR], length_km_published=48.0)
    links = [_link(tracks=2, speed_kmh=80.5, electrified=True), reverse]
    data = geodata.load(write_geodata(tmp_path / "g", places, links))
    out = geodata.save(data, tmp_path / "a" / "b")  # parents are created
    geodata.save(data, tmp_path / "a" / "b")  # and saving again over it is fine

    def feature(props: dict[str, Any], kind: str, coords: Any) -> str:
        return json.dumps({"type": "Feature", "properties": props,
                           "geometry": {"type": kind, "coordinates": coords}},
                          ensure_ascii=False, separators=(",", ":"))

    base = {"kind": "city", "country": "AZE", "source": "https://www.geonames.org/"}
    expected_places = [
        feature({"id": "nakhchivan", "name": "Nakhchivan", **base}, "Point", list(NAKHCHIVAN)),
        feature({"id": "sharur", "name": "Sharur", "alt_names": ["Şərur", "Шарур"], **base,
                 "wikidata": "Q1021966"}, "Point", list(SHARUR)),
    ]
    link_tail = {"country": "AZE", "confidence": "medium", "source": "https://example.org/source"}
    expected_links = [
        feature({"id": "nakhchivan_sharur", "from": "nakhchivan", "to": "sharur", "mode": "rail",
                 "status": "operating", "gauge_mm": 1520, "length_km_published": 48.0,
                 **link_tail}, "LineString",
                [list(NAKHCHIVAN), list(MIDPOINT), list(SHARUR)]),
        feature({"id": "sharur_nakhchivan", "from": "sharur", "to": "nakhchivan",
                 "mode": "rail", "status": "operating", "gauge_mm": 1520, "tracks": 2,
                 "electrified": True, "speed_kmh": 80.5, **link_tail}, "LineString",
                [list(SHARUR), list(MIDPOINT), list(NAKHCHIVAN)]),
    ]
    for name, lines in ((geodata.PLACES_FILE, expected_places),
                        (geodata.LINKS_FILE, expected_links)):
        text = (out / name).read_text(encoding="utf-8")
        assert text == ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines)
                        + "\n]}\n")


def test_save_tolerates_a_frame_without_optional_columns(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", _places(), [_link()]))
    data.places = data.places.drop(columns=["alt_names", "region"])
    out = geodata.save(data, tmp_path / "out")
    again = geodata.load(out)
    assert again.places.loc["sharur", "source"] == "https://www.geonames.org/"
    assert again.places.loc["sharur", "country"] == "AZE"


def test_summary_counts_modes_and_statuses_and_adds_the_geodesic_km(tmp_path: Path) -> None:
    ferry = line("sharur_ferry", "sharur", "nakhchivan", [SHARUR, NAKHCHIVAN], mode="ferry",
                 status="planned", gauge_mm=None, country=None)
    data = geodata.load(write_geodata(tmp_path / "g", _places(), [_link(), ferry]))
    geod = Geod(ellps="WGS84")  # the oracle: pyproj's own geodesic on the WGS84 ellipsoid
    lons, lats = zip(SHARUR, MIDPOINT, NAKHCHIVAN, strict=True)
    km = geod.line_length(lons, lats) / 1000
    km += geod.line_length([SHARUR[0], NAKHCHIVAN[0]], [SHARUR[1], NAKHCHIVAN[1]]) / 1000
    assert geodata.summary(data) == (
        f"2 places, 2 links (rail 1, ferry 1; operating 1, planned 1), {km:,.0f} km")
    lengths = geodata.link_lengths_km(data.links)
    assert list(lengths.index) == ["sharur_nakhchivan", "sharur_ferry"]
    assert lengths.iloc[1] == pytest.approx(geod.line_length(
        [SHARUR[0], NAKHCHIVAN[0]], [SHARUR[1], NAKHCHIVAN[1]]) / 1000, rel=1e-9)


def test_a_places_file_holding_json_null_is_refused(tmp_path: Path) -> None:
    """``null`` is readable JSON but no FeatureCollection (it once validated as no places)."""
    folder = write_geodata(tmp_path / "g", _places(), [_link()])
    (folder / geodata.PLACES_FILE).write_text("null", encoding="utf-8")
    report = geodata.validate(folder)
    assert [str(p) for p in report.problems] == [
        "places.geojson: type: expected a GeoJSON FeatureCollection, got a JSON null"]
    assert report.data is None


def test_link_lengths_are_floats_even_for_no_links(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", _places(), []))
    lengths = geodata.link_lengths_km(data.links)
    assert lengths.dtype == float and len(lengths) == 0
    assert geodata.summary(data) == "2 places, 0 links (; ), 0 km"


def test_save_writes_numpy_values_a_user_put_in_a_frame_as_plain_json(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", _places(), [_link()]))
    data.places["alt_names"] = pd.Series([np.array(["Şərur", "Sharur"]), None],
                                         index=data.places.index, dtype=object)
    out = geodata.save(data, tmp_path / "out")
    again = geodata.load(out)
    assert again.places.loc["sharur", "alt_names"] == ["Şərur", "Sharur"]
