"""Every validation rule, triggered one at a time on a small dataset written by the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import line, point, write_geodata

from corridor import GeodataError, geodata

# Two real towns of the Nakhchivan railway (GeoNames coordinates) and a line between them.
SHARUR = (44.97993, 39.55298)
NAKHCHIVAN = (45.41222, 39.20889)
MIDPOINT = (45.2, 39.4)


def clean_places() -> list[dict[str, Any]]:
    return [point("sharur", *SHARUR), point("nakhchivan", *NAKHCHIVAN)]


def clean_links() -> list[dict[str, Any]]:
    return [line("sharur_nakhchivan", "sharur", "nakhchivan", [SHARUR, MIDPOINT, NAKHCHIVAN])]


def problems_for(tmp_path: Path, places=None, links=None, **extra: Any) -> list[str]:
    folder = write_geodata(
        tmp_path / "g",
        places if places is not None else clean_places(),
        links if links is not None else clean_links(),
        **extra,
    )
    with pytest.raises(GeodataError) as info:
        geodata.load(folder)
    return [str(p) for p in info.value.problems]


def test_clean_dataset_loads(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", clean_places(), clean_links()))
    assert list(data.places.index) == ["sharur", "nakhchivan"]
    assert data.links.loc["sharur_nakhchivan", "from"] == "sharur"
    assert data.places.crs.to_epsg() == 4326


def _only(problems: list[str], *needles: str) -> None:
    assert len(problems) == 1, problems
    for needle in needles:
        assert needle in problems[0], problems[0]


def test_unknown_status(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["status"] = "opened"
    _only(
        problems_for(tmp_path, links=links),
        "links.geojson",
        "sharur_nakhchivan",
        "status",
        "'opened'",
    )


def test_unknown_mode(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["mode"] = "train"
    links[0]["properties"].pop("gauge_mm")
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "mode", "'train'")


def test_unknown_kind(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["properties"]["kind"] = "village"
    _only(problems_for(tmp_path, places=places), "places.geojson", "sharur", "kind")


def test_missing_required_field(tmp_path: Path) -> None:
    places = clean_places()
    del places[1]["properties"]["name"]
    _only(problems_for(tmp_path, places=places), "nakhchivan", "name", "missing")


def test_duplicate_ids(tmp_path: Path) -> None:
    places = [*clean_places(), point("sharur", *SHARUR)]
    _only(problems_for(tmp_path, places=places), "sharur", "id", "duplicate")


def test_endpoint_too_far_from_place(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["geometry"]["coordinates"][-1] = [45.5, 39.2]  # about 7.6 km east of Nakhchivan
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "to", "km from place")


def test_link_names_no_place(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["to"] = "atlantis"
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "to", "'atlantis'")


def test_invalid_geometry(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["geometry"] = {"type": "LineString", "coordinates": [[45.0, "x"]]}
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "geometry")


def test_empty_geometry(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["geometry"] = {"type": "Point", "coordinates": []}
    probs = problems_for(tmp_path, places=places)
    assert any("sharur" in p and "geometry" in p and "empty" in p for p in probs), probs


def test_wrong_geometry_type(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["geometry"] = {"type": "LineString", "coordinates": [list(SHARUR), list(MIDPOINT)]}
    _only(problems_for(tmp_path, places=places), "sharur", "geometry", "expected Point")


def test_coordinates_out_of_range(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["geometry"]["coordinates"] = [200.0, 39.5]
    probs = problems_for(tmp_path, places=places)
    assert any("sharur" in p and "valid lon/lat range" in p for p in probs), probs


def test_crs_other_than_wgs84(tmp_path: Path) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    probs = problems_for(tmp_path, crs=crs)
    assert probs and all("crs" in p for p in probs), probs


def test_swapped_lat_lon(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["geometry"]["coordinates"] = [SHARUR[1], SHARUR[0]]
    probs = problems_for(tmp_path, places=places)
    assert any("sharur" in p and "swapped" in p for p in probs), probs


def test_rail_link_without_gauge(tmp_path: Path) -> None:
    links = clean_links()
    del links[0]["properties"]["gauge_mm"]
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "gauge_mm")


def test_link_without_source(tmp_path: Path) -> None:
    links = clean_links()
    del links[0]["properties"]["source"]
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan", "source", "missing")


def test_border_crossing_needs_modes_status_countries(tmp_path: Path) -> None:
    places = [*clean_places(), point("julfa_jolfa", 45.63, 38.95, kind="border_crossing")]
    probs = problems_for(tmp_path, places=places)
    fields = {p.split(": ")[2] for p in probs}
    assert {"status", "crossing_modes", "countries"} <= fields, probs


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["properties"]["kind"] = "village"
    places[1]["properties"]["country"] = "Azerbaijan"
    links = clean_links()
    links[0]["properties"]["status"] = "?"
    del links[0]["properties"]["source"]
    probs = problems_for(tmp_path, places=places, links=links)
    assert len(probs) == 4, probs


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    data = geodata.load(write_geodata(tmp_path / "g", clean_places(), clean_links()))
    out = geodata.save(data, tmp_path / "out")
    again = geodata.load(out)
    assert list(again.links.index) == list(data.links.index)
    assert again.links.geometry.iloc[0].equals(data.links.geometry.iloc[0])
    # Saving what was loaded gives the same bytes (stable order and rounding).
    first = (out / geodata.LINKS_FILE).read_bytes()
    geodata.save(again, tmp_path / "out2")
    assert (tmp_path / "out2" / geodata.LINKS_FILE).read_bytes() == first
    doc = json.loads(first)
    assert doc["features"][0]["geometry"]["coordinates"][0] == list(SHARUR)


# --------------------------------------------------------------------------- unreadable files


def _file_problems(tmp_path: Path, name: str, raw: bytes) -> list[str]:
    folder = write_geodata(tmp_path / "g", clean_places(), clean_links())
    (folder / name).write_bytes(raw)
    report = geodata.validate(folder)
    assert report.data is None
    return [str(p) for p in report.problems]


@pytest.mark.parametrize("raw, cause", [
    (b"", "places.geojson: file is empty"),
    (b"  \n", "places.geojson: file is empty"),
    (b'{"type": "FeatureCollection", "features": []}', "places.geojson: features: holds no "
                                                       "features"),
    (b'{"type": "FeatureCollection" "features": []}', "places.geojson: not readable JSON: "
                                                      "Expecting ',' delimiter (line 1, "
                                                      "column 30)"),
    (b"[" * 100_000 + b"]" * 100_000, "places.geojson: not readable JSON: nested too deeply"),
    (b'{"type": "FeatureCollection", "features": ["\xff"]}',
     "places.geojson: not UTF-8 text (byte 0xff at offset 44)"),
    (b"[]", "places.geojson: type: expected a GeoJSON FeatureCollection, got a JSON array"),
    (b'{"type": "Feature"}', "places.geojson: type: expected a GeoJSON FeatureCollection, "
                             "got type 'Feature'"),
])
def test_an_unusable_places_file_is_one_root_cause_without_follow_ons(
        tmp_path: Path, raw: bytes, cause: str) -> None:
    # the link's ends cannot be checked against places that could not be read: no
    # "names no place" follow-on errors
    assert _file_problems(tmp_path, geodata.PLACES_FILE, raw) == [cause]


def test_the_root_cause_comes_first(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["status"] = "opened"
    folder = write_geodata(tmp_path / "g", clean_places(), links)
    (folder / geodata.PLACES_FILE).write_text("", encoding="utf-8")
    problems = [str(p) for p in geodata.validate(folder).problems]
    assert problems[0] == "places.geojson: file is empty"
    assert problems[1:] == ["links.geojson: sharur_nakhchivan: status: unknown value 'opened'; "
                            f"expected one of {list(geodata.LINK_STATUSES)}"]


def test_a_places_file_that_is_a_folder(tmp_path: Path) -> None:
    folder = write_geodata(tmp_path / "g", clean_places(), clean_links())
    (folder / geodata.PLACES_FILE).unlink()
    (folder / geodata.PLACES_FILE).mkdir()
    problems = [str(p) for p in geodata.validate(folder).problems]
    assert problems == [f"places.geojson: is a folder, expected a file: "
                        f"{folder / geodata.PLACES_FILE}"]


# --------------------------------------------------------------------------- coordinates


@pytest.mark.parametrize("coords, cause", [
    (["44.97993", "39.55298"], "got '44.97993'"),
    ([True, 39.5], "got True"),
    ([None, 39.5], "got None"),
    ([float("nan"), 39.5], "got nan"),
    ([float("inf"), 39.5], "got inf"),
    ([10**400, 39.5], "got a 401-digit integer"),
    ([44.9], "a position must be [lon, lat]"),
    ([[44.9, 39.5]], "a position must be [lon, lat], got [[44.9, 39.5]]"),
])
def test_coordinates_must_be_finite_numbers(tmp_path: Path, coords: list[Any],
                                            cause: str) -> None:
    places = clean_places()
    places[0]["geometry"]["coordinates"] = coords
    problems = problems_for(tmp_path, places=places)
    assert len(problems) == 1 and problems[0].startswith("places.geojson: sharur: geometry: "), \
        problems
    assert cause in problems[0], problems


def test_a_link_vertex_given_as_strings_is_refused(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["geometry"]["coordinates"][1] = [str(c) for c in MIDPOINT]
    _only(problems_for(tmp_path, links=links), "links.geojson: sharur_nakhchivan: geometry: ",
          "got '45.2'")


def test_a_geometry_that_is_not_an_object(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["geometry"] = "POINT (44.9 39.5)"
    _only(problems_for(tmp_path, places=places), "sharur: geometry: expected a GeoJSON "
          "geometry object, got a JSON string")


def test_a_non_string_id_is_reported_not_a_crash(tmp_path: Path) -> None:
    places = clean_places()
    places[0]["properties"]["id"] = ["sharur"]
    problems = problems_for(tmp_path, places=places)
    assert problems[0] == "places.geojson: #0: id: expected a string id, got ['sharur']"


@pytest.mark.parametrize("value", [True, 0, 1000, 1.5])
def test_tracks_must_be_a_sane_whole_number(tmp_path: Path, value: Any) -> None:
    links = clean_links()
    links[0]["properties"]["tracks"] = value
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan: tracks: expected a whole "
          f"number >= 1, got {value!r}")


def test_a_huge_number_in_a_property_is_reported(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["speed_kmh"] = 10**400
    _only(problems_for(tmp_path, links=links), "sharur_nakhchivan: speed_kmh: expected a "
          "positive number")


# --------------------------------------------------------------------------- the error


def test_geodata_error_is_a_value_error_with_a_one_line_form(tmp_path: Path) -> None:
    links = clean_links()
    links[0]["properties"]["status"] = "opened"
    links[0]["properties"]["mode"] = "train"
    folder = write_geodata(tmp_path / "g", clean_places(), links)
    with pytest.raises(ValueError) as info:
        geodata.load(folder)
    error = info.value
    assert isinstance(error, GeodataError) and len(error.problems) == 3
    line = error.one_line()
    assert "\n" not in line
    assert line.startswith(f"{folder}/links.geojson: 3 problems (run 'corridor validate "
                           f"{folder}' to list them): first: sharur_nakhchivan: ")
    assert line.endswith(str(error.problems[0]).split(": ", 1)[1])


# --------------------------------------------------------------------------- mutation survivors
# Written against surviving mutants of scripts/mutation.py (target ``geodata``): exact problem
# and warning lines for coordinates at the edges of the valid range and of the region boxes.


def _lines(report: geodata.ValidationReport) -> tuple[list[str], list[str]]:
    return [str(p) for p in report.problems], [str(w) for w in report.warnings]


@pytest.mark.parametrize(("lon", "lat"), [(180.0, 0.0), (-180.0, 0.0), (0.0, 90.0),
                                          (0.0, -90.0)])
def test_the_edges_of_the_lon_lat_range_are_valid(tmp_path: Path, lon: float,
                                                  lat: float) -> None:
    write_geodata(tmp_path, [point("far", lon, lat)], [])
    problems, warnings = _lines(geodata.validate(tmp_path))
    assert problems == []
    assert warnings == ["places.geojson: far: geometry: lies outside the region box"]


@pytest.mark.parametrize(("lon", "lat"), [(180.001, 0.0), (-180.001, 0.0), (0.0, 90.001),
                                          (0.0, -90.001)])
def test_beyond_the_lon_lat_range_is_a_problem(tmp_path: Path, lon: float, lat: float) -> None:
    write_geodata(tmp_path, [point("far", lon, lat)], [])
    problems, _ = _lines(geodata.validate(tmp_path))
    assert problems == [
        "places.geojson: far: geometry: coordinates outside the valid lon/lat range"]


def test_swapped_axes_are_named_exactly(tmp_path: Path) -> None:
    write_geodata(tmp_path, [point("baku", 40.4, 49.9)], [])  # Baku is lon 49.9, lat 40.4
    problems, warnings = _lines(geodata.validate(tmp_path))
    assert problems == [
        "places.geojson: baku: geometry: latitude/longitude look swapped (outside the region "
        "box, inside it when swapped); GeoJSON order is [lon, lat]"]
    assert warnings == []


@pytest.mark.parametrize(("mode", "link_warned"), [("ferry", False), ("road", True)])
def test_only_land_links_are_warned_about_outside_the_region(
        tmp_path: Path, mode: str, link_warned: bool) -> None:
    """A ferry runs at sea, outside the boxes that cover the land network: no warning."""
    places = [point("w", 24.0, 38.0, kind="port"), point("e", 27.0, 38.5, kind="port")]
    extra = {"mode": mode, "gauge_mm": None, "country": None if mode == "ferry" else "AZE"}
    links = [line("we", "w", "e", [(24.0, 38.0), (25.5, 38.2), (27.0, 38.5)], **extra)]
    write_geodata(tmp_path, places, links)
    problems, warnings = _lines(geodata.validate(tmp_path))
    assert problems == []
    expected = ["places.geojson: w: geometry: lies outside the region box"]
    if link_warned:
        expected.append("links.geojson: we: geometry: lies outside the region box")
    assert sorted(warnings) == sorted(expected)


def _baku(**props: Any) -> dict[str, Any]:
    feature = point("baku", 49.9, 40.4)
    feature["properties"].update(props)
    return feature


def _without_id() -> dict[str, Any]:
    feature = point("baku", 49.9, 40.4)
    del feature["properties"]["id"]
    return feature


@pytest.mark.parametrize(("feature", "expected"), [
    (_without_id(), "places.geojson: #0: id: missing id"),
    (_baku(id=""), "places.geojson: #0: id: missing id"),
    (_baku(id="Baku"), "places.geojson: Baku: id: expected lower-case letters, digits and _"),
    # `$` in a regex matches before a final newline: the id must end where its letters do,
    # and the problem naming it stays on one line
    (_baku(id="baku\n"),
     "places.geojson: 'baku\\n': id: expected lower-case letters, digits and _"),
    (_baku(id=5), "places.geojson: #0: id: expected a string id, got 5"),
    (_baku(id="x" * 60), None),
])
def test_id_problems_are_named_exactly(tmp_path: Path, feature: dict[str, Any],
                                       expected: str | None) -> None:
    write_geodata(tmp_path, [feature], [])
    problems = [str(p) for p in geodata.validate(tmp_path).problems]
    assert problems == ([expected] if expected else [])


@pytest.mark.parametrize(("crs", "accepted"), [
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, True),
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}, True),
    ({"type": "name", "properties": {"name": "EPSG:4326"}}, True),
    ({"type": "name", "properties": {"name": "EPSG:3857"}}, False),
    ({"type": "name", "properties": {"name": "epsg:4326x"}}, False),
])
def test_only_lon_lat_wgs84_is_accepted(tmp_path: Path, crs: dict[str, Any],
                                        accepted: bool) -> None:
    write_geodata(tmp_path, [_baku()], [], crs=crs)
    problems = [str(p) for p in geodata.validate(tmp_path).problems]
    name = crs["properties"]["name"]
    assert problems == ([] if accepted else [
        f"{f}: crs: expected EPSG:4326 (lon/lat WGS84), got {name!r}"
        for f in ("places.geojson", "links.geojson")])


def test_features_must_be_a_list(tmp_path: Path) -> None:
    write_geodata(tmp_path, [_baku()], [])
    (tmp_path / "places.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": {"a": 1}}), encoding="utf-8")
    problems = [str(p) for p in geodata.validate(tmp_path).problems]
    assert problems == ["places.geojson: features: expected a list of features"]


def test_link_problems_are_named_exactly(tmp_path: Path) -> None:
    places = [point("a", 49.0, 40.0), point("b", 48.0, 40.5)]
    loop = line("loop", "a", "a", [(49.0, 40.0), (48.5, 40.4), (49.0, 40.0)])
    nameless = line("x", "a", "b", [(49.0, 40.0), (48.0, 40.5)])
    del nameless["properties"]["id"]
    write_geodata(tmp_path, places, [loop, nameless])
    problems = [str(p) for p in geodata.validate(tmp_path).problems]
    assert problems == ["links.geojson: loop: to: a link needs two different places",
                        "links.geojson: #1: id: missing id"]


def test_a_capacity_needs_its_year_and_source() -> None:
    from corridor.geodata.validation import LINK_RULES, PLACE_RULES, capacity

    assert ("capacity_mt_yr", capacity) in LINK_RULES
    assert ("capacity_mt_yr", capacity) in PLACE_RULES
    message = capacity({"capacity_mt_yr": 6.5}, "capacity_mt_yr", False)
    assert message is not None
    assert "capacity_year" in message and "capacity_source" in message
    assert capacity({"capacity_teu_yr": 1e5, "capacity_year": 2015}, "capacity_mt_yr",
                    False) is not None
    assert capacity({"capacity_year": 2015}, "capacity_mt_yr", False) is not None
    assert capacity({"capacity_mt_yr": 6.5, "capacity_year": 2017,
                     "capacity_source": "https://example.org"}, "capacity_mt_yr", False) is None
    assert capacity({}, "capacity_mt_yr", False) is None
