"""The regions layer (Natural Earth countries, Nakhchivan split out) and the country checks.

* The build script re-creates ``geodata/regions.geojson`` byte for byte (skipped when the
  pinned npm package is not installed: ``npm ci --prefix scripts``).
* The committed layer is checked for what the issue asks: size, CRS, a valid coverage,
  Nakhchivan as its own polygon bordering Turkey, Iran and Armenia.
* ``corridor.regions`` is tested on small synthetic polygons whose expected lengths are
  computed independently with ``pyproj.Geod``.
* On the shipped network (skipped until ``geodata/places.geojson`` exists): the share of
  land-link km inside the declared country, and routes' ``by_country`` against the polygons.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.ops
from conftest import line, point, write_geodata
from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, box

from corridor import cli, geodata, regions, settings

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "build_regions.py"
REGIONS_PATH = settings.SHIPPED_GEODATA / geodata.REGIONS_FILE
GEOD = Geod(ellps="WGS84")


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_regions", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_regions", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def layer() -> gpd.GeoDataFrame:
    if not REGIONS_PATH.exists():
        pytest.fail(f"{REGIONS_PATH} missing: run `python scripts/build_regions.py`")
    return gpd.read_file(REGIONS_PATH)


def _km(*lonlats: tuple[float, float]) -> float:
    """Geodesic length (km) of the polyline through ``lonlats``, computed here with pyproj."""
    lons, lats = zip(*lonlats, strict=True)
    return float(GEOD.line_length(lons, lats)) / 1000.0


# --------------------------------------------------------------------------- the build


def test_build_reproduces_committed_file(build: ModuleType) -> None:
    for path, package in ((build.DEFAULT_SOURCE, build.SOURCE_PACKAGE),
                          (build.DEFAULT_ADMIN1, build.ADMIN1_PACKAGE)):
        if not path.exists():
            pytest.skip(f"{package} {build.pinned_version(package)} is not installed at "
                        f"{path}; install it with `npm ci --prefix scripts`")
        assert build.installed_version(path) == build.pinned_version(package)
    if shapely.geos_version_string != build.BUILT_WITH_GEOS:
        pytest.skip(f"regions.geojson was built with GEOS {build.BUILT_WITH_GEOS}, this machine "
                    f"has {shapely.geos_version_string}: its simplification may differ")
    assert build.build_text(build.DEFAULT_SOURCE).encode("utf-8") == REGIONS_PATH.read_bytes(), (
        "geodata/regions.geojson differs from a fresh build: run `python scripts/build_regions.py`"
    )


def test_pinned_versions_are_exact(build: ModuleType) -> None:
    lock = json.loads((REPO / "scripts" / "package-lock.json").read_text(encoding="utf-8"))
    for package in (build.SOURCE_PACKAGE, build.ADMIN1_PACKAGE):
        pinned = build.pinned_version(package)
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"pin an exact version, not {pinned!r}"
        assert lock["packages"][f"node_modules/{package}"]["version"] == pinned
        assert lock["packages"][""]["dependencies"][package] == pinned


def test_clip_box_covers_the_validation_boxes(build: ModuleType) -> None:
    cx0, cy0, cx1, cy1 = build.CLIP_BOX
    for x0, y0, x1, y1 in settings.REGION_BOXES:
        assert cx0 <= x0 and cy0 <= y0 and x1 <= cx1 and y1 <= cy1, (x0, y0, x1, y1)


def test_nakhchivan_rule_picks_the_part_bordering_turkey(build: ModuleType) -> None:
    # Three unit squares side by side: "turkey" touches only the first Azerbaijani part.
    turkey, iran, armenia = box(0, 0, 1, 1), box(1, -1, 2, 0), box(2, 0, 3, 1)
    exclave, mainland = box(1, 0, 2, 1), box(5, 0, 6, 1)
    nakh, rest = build.split_nakhchivan([mainland, exclave], turkey, iran, armenia)
    assert nakh.equals(exclave) and [r.equals(mainland) for r in rest] == [True]
    with pytest.raises(build.BuildError, match="found 0"):
        build.split_nakhchivan([mainland], turkey, iran, armenia)
    with pytest.raises(build.BuildError, match="Iran"):
        build.split_nakhchivan([exclave], turkey, box(9, 9, 10, 10), armenia)


def test_admin1_cut_follows_the_inner_border_and_keeps_outer_vertices(build: ModuleType
                                                                       ) -> None:
    # A 4x2 "country" with a vertex every unit; admin-1 says its east half (x > 2) is the
    # unit, with outlines off by 0.003 (as admin-0 and admin-1 differ by quantization).
    ring = [(x, 0.0) for x in range(5)] + [(4.0, 1.0)] + [(x, 2.0) for x in range(4, -1, -1)] \
        + [(0.0, 1.0)]
    country = shapely.Polygon(ring)
    unit = box(2.003, -0.003, 4.003, 2.003)  # overshoots the country's outline
    neighbour = box(-0.003, -0.003, 2.003, 2.003)
    inner_line = unit.boundary.intersection(neighbour.boundary)
    assert inner_line.length == pytest.approx(2.006)
    taken, rest = build.split_admin1([country, box(9, 9, 10, 10)], unit, neighbour)
    assert taken.equals(box(2, 0, 4, 2)) and len(rest) == 2
    assert rest[0].equals(box(9, 9, 10, 10)) and rest[1].equals(box(0, 0, 2, 2))
    # The cut ends on the country's own vertices: no vertex added to its outer border.
    outer = {tuple(c) for c in ring}
    assert {tuple(c) for c in taken.exterior.coords} <= outer
    assert shapely.coverage_is_valid(np.array([taken, rest[1]], dtype=object))
    # An admin-1 unit that does not match the country is refused.
    with pytest.raises(build.BuildError, match="differ"):
        build.split_admin1([country], box(2.003, -0.003, 4.5, 2.003), neighbour)


def test_admin1_units_of_armenia_and_nakhchivan(build: ModuleType) -> None:
    if not build.DEFAULT_ADMIN1.exists():
        pytest.skip(f"{build.ADMIN1_PACKAGE} is not installed: `npm ci --prefix scripts`")
    syunik, nakh = build.admin1_units(build.read_admin1(build.DEFAULT_ADMIN1))
    assert nakh["units"] == ["AZ-BAB", "AZ-CUL", "AZ-KAN", "AZ-NX", "AZ-ORD", "AZ-SAD",
                             "AZ-SAH", "AZ-SAR"]
    assert nakh["geometry"].geom_type == "Polygon"  # the eight dissolve into one area
    assert "Սյունիք" in syunik["alt_names"] and "Naxçıvan" in nakh["alt_names"]


# --------------------------------------------------------------------------- the committed layer


def test_layer_size_crs_and_schema(layer: gpd.GeoDataFrame) -> None:
    assert REGIONS_PATH.stat().st_size < 1_000_000
    assert layer.crs is not None and layer.crs.to_epsg() == 4326
    assert layer["id"].is_unique and list(layer["id"]) == sorted(layer["id"])
    assert set(layer.geom_type) == {"MultiPolygon"}
    assert layer.is_valid.all()
    countries = layer["country"].dropna()
    assert countries.map(lambda c: bool(re.fullmatch(r"[A-Z]{3}", c))).all()
    assert {"AZE", "ARM", "GEO", "TUR", "IRN", "KAZ", "TKM", "RUS", "UZB", "CHN",
            "BGR", "ROU", "UKR"} <= set(countries)


def test_layer_is_a_coverage_within_the_clip_box(layer: gpd.GeoDataFrame,
                                                 build: ModuleType) -> None:
    # Neighbours share their borders exactly: no overlaps, no slivers.
    assert shapely.coverage_is_valid(layer.geometry.values)
    x0, y0, x1, y1 = layer.total_bounds
    cx0, cy0, cx1, cy1 = build.CLIP_BOX
    assert cx0 <= x0 and cy0 <= y0 and x1 <= cx1 and y1 <= cy1


def _shared_km(a: Any, b: Any) -> float:
    return float(GEOD.geometry_length(a.boundary.intersection(b.boundary))) / 1000.0


def test_nakhchivan_is_its_own_polygon(layer: gpd.GeoDataFrame) -> None:
    by_id = layer.set_index("id")
    nakh = layer[layer["region"] == "Nakhchivan AR"]
    assert list(nakh["id"]) == ["aze_nakhchivan"]
    row = by_id.loc["aze_nakhchivan"]
    assert row["country"] == "AZE" and len(row.geometry.geoms) == 1
    for neighbour in ("tur", "irn", "arm"):
        assert _shared_km(row.geometry, by_id.loc[neighbour].geometry) > 5, neighbour
    # The rest of Azerbaijan does not touch Turkey, and the two do not touch each other.
    assert _shared_km(by_id.loc["aze"].geometry, by_id.loc["tur"].geometry) == 0
    assert not row.geometry.intersects(by_id.loc["aze"].geometry)
    # Exclaves stay as in the source: more than one part for Azerbaijan and for Armenia.
    assert len(by_id.loc["aze"].geometry.geoms) > 1
    assert len(by_id.loc["arm"].geometry.geoms) > 1


REFERENCE = REPO.parent / "shared" / "validation_reference"


def _reference(name: str) -> gpd.GeoDataFrame:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} not found (independent reference data)")
    return gpd.read_file(path)


def _ne_place(places: gpd.GeoDataFrame, name: str) -> Any:
    return places.loc[places["NAME"] == name].geometry.iloc[0]


def _station(stations: gpd.GeoDataFrame, name: str) -> Any:
    return stations.loc[stations["name"] == name].geometry.iloc[0]


#: Towns Natural Earth's populated places lack (lon, lat; arc-second or arc-minute values of
#: the Wikipedia articles, independent of the polygons and of geodata/places.geojson).
SYUNIK_TOWNS = {
    "Meghri": (46.2333, 38.9000),  # https://en.wikipedia.org/wiki/Meghri (38°54′N 46°14′E)
    "Goris": (46.3333, 39.5000),  # https://de.wikipedia.org/wiki/Goris (39°30′N 46°20′E)
    "Kapan": (46.4000, 39.2000),  # https://en.wikipedia.org/wiki/Kapan (39°12′N 46°24′E)
}
#: Agarak lies on the bank of the Aras, which is the border with Iran: the 1:10m border
#: (generalised, then simplified by at most 0.3 km) runs 0.5 km north of the town's point.
AGARAK = (46.1964, 38.8650)  # https://en.wikipedia.org/wiki/Agarak,_Meghri (38°51′54″N 46°11′47″E)


def test_syunik_polygon_holds_its_towns_and_not_yerevan(layer: gpd.GeoDataFrame) -> None:
    by_id = layer.set_index("id")
    row = by_id.loc["arm_syunik"]
    assert (row["country"], row["region"], row["iso_3166_2"]) == ("ARM", "Syunik", "AM-SU")
    assert "Սյունիք" in row["alt_names"] and "admin-1" in row["source"]
    assert list(layer.loc[layer["region"] == "Syunik", "id"]) == ["arm_syunik"]
    syunik = row.geometry
    ne = _reference("ne10m_populated_places.geojson")
    # Natural Earth's own Kapan point lies 0.7 km inside its Azerbaijan (the reference's
    # README lists the defect): near the polygon, not in it.
    assert syunik.distance(_ne_place(ne, "Kapan")) < 0.01
    for town, (lon, lat) in SYUNIK_TOWNS.items():
        assert syunik.contains(shapely.Point(lon, lat)), town
    agarak = shapely.Point(*AGARAK)
    assert _km(AGARAK, shapely.ops.nearest_points(agarak, syunik)[1].coords[0]) < 1.0
    others = layer[layer["id"] != "arm_syunik"]
    assert not others[others["country"] == "ARM"].intersects(agarak.buffer(0.05)).any()
    for town in ("Yerevan", "Yeghegnadzor", "Naxcivan", "Stepanakert"):
        assert not syunik.contains(_ne_place(ne, town)), town
    # Syunik borders Iran, the Nakhchivan AR and mainland Azerbaijan, and the rest of Armenia.
    for neighbour in ("irn", "aze_nakhchivan", "aze", "arm"):
        assert _shared_km(syunik, by_id.loc[neighbour].geometry) > 20, neighbour
    # About 4,500 km² (Armenia's statistics give 4,506 km²): a geodesic area within 5 %.
    area = abs(GEOD.geometry_area_perimeter(syunik)[0]) / 1e6
    assert 4280 < area < 4730, area


def test_nakhchivan_polygon_holds_its_towns(layer: gpd.GeoDataFrame) -> None:
    by_id = layer.set_index("id")
    nakh = by_id.loc["aze_nakhchivan"]
    assert "Naxçıvan" in nakh["alt_names"] and "admin-1" in nakh["source"]
    ne = _reference("ne10m_populated_places.geojson")
    stations = _reference("osm_rail_stations_overpass.geojson")
    assert nakh.geometry.contains(_ne_place(ne, "Naxcivan"))
    for name in ("Culfa", "Sharur", "Sədərək"):  # OSM stations of the AR
        assert nakh.geometry.contains(_station(stations, name)), name
    # Ordubad town (https://en.wikipedia.org/wiki/Ordubad, 38°54′N 46°01′E); its station
    # lies on the Aras bank, which the 1:10m border follows only within about 2 km.
    assert nakh.geometry.contains(shapely.Point(46.0167, 38.9000))
    for name in ("Yeraskh", "Jolfa", "Zal"):  # across the borders: Armenia, Iran
        assert not nakh.geometry.contains(_station(stations, name)), name
    assert not nakh.geometry.contains(_ne_place(ne, "Kapan"))


def test_country_polygons_merge_nakhchivan(layer: gpd.GeoDataFrame) -> None:
    polygons = regions.country_polygons(layer)
    parts = layer[layer["country"] == "AZE"].geometry
    assert polygons["AZE"].area == pytest.approx(sum(p.area for p in parts))
    assert None not in polygons and "" not in polygons


# --------------------------------------------------------------------------- synthetic checks

# Two neighbouring 1°x1° "countries" and an exclave of the first, near 40° N.
X0, Y0 = 50.0, 40.0
MID = Y0 + 0.5


def _toy_regions() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": ["aaa", "aaa_ex", "bbb", "nocode"], "country": ["AAA", "AAA", "BBB", None]},
        geometry=[MultiPolygon([box(X0, Y0, X0 + 1, Y0 + 1)]),
                  MultiPolygon([box(X0 + 3, Y0, X0 + 4, Y0 + 1)]),
                  MultiPolygon([box(X0 + 1, Y0, X0 + 2, Y0 + 1)]),
                  MultiPolygon([box(X0 + 5, Y0, X0 + 6, Y0 + 1)])],
        crs=settings.CRS,
    )


def _toy_links(rows: dict[str, tuple[str | None, str, list[tuple[float, float]]]]
               ) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"country": [c for c, _, _ in rows.values()], "mode": [m for _, m, _ in rows.values()]},
        geometry=[LineString(coords) for _, _, coords in rows.values()],
        index=list(rows), crs=settings.CRS,
    )


def test_country_share_inside_across_and_exclave() -> None:
    across = [(X0 + 0.2, MID), (X0 + 1.8, MID)]
    links = _toy_links({
        "inside": ("AAA", "rail", [(X0 + 0.2, MID), (X0 + 0.8, MID)]),
        "across": ("AAA", "road", across),
        "exclave": ("AAA", "rail", [(X0 + 3.2, MID), (X0 + 3.8, MID)]),
        "ferry": (None, "ferry", [(X0 + 0.2, MID), (X0 + 3.5, MID)]),
        "unknown": ("CCC", "rail", [(X0 + 5.2, MID), (X0 + 5.8, MID)]),
    })
    shares = regions.country_share(links, _toy_regions(), tolerance_km=0.0)
    assert list(shares.index) == ["inside", "across", "exclave", "unknown"]  # no ferry
    assert shares.loc["inside", "share_inside"] == pytest.approx(1.0)
    assert shares.loc["exclave", "share_inside"] == pytest.approx(1.0)
    expected = _km(across[0], (X0 + 1.0, MID)) / _km(*across)
    assert shares.loc["across", "share_inside"] == pytest.approx(expected, rel=1e-6)
    assert shares.loc["across", "length_km"] == pytest.approx(_km(*across), rel=1e-9)
    assert pd.isna(shares.loc["unknown", "share_inside"])

    assert list(regions.links_outside(shares).index) == ["across"]
    known = ["inside", "across", "exclave"]
    total = sum(shares.loc[k, "length_km"] for k in known)
    inside = sum(shares.loc[k, "length_km"] * shares.loc[k, "share_inside"] for k in known)
    assert regions.overall_share(shares) == pytest.approx(inside / total)

    problems = [str(p) for p in regions.country_problems(shares)]
    assert len(problems) == 2
    assert problems[0].startswith("links.geojson: across: country: ")
    assert "outside AAA" in problems[0]
    assert "no polygon for CCC" in problems[1]


def test_country_share_tolerance_is_in_kilometres() -> None:
    # A line parallel to AAA's eastern border, 2 km inside BBB (offset computed with Geod).
    lon_2km, _, _ = GEOD.fwd(X0 + 1.0, MID, 90.0, 2000.0)
    coords = [(lon_2km, Y0 + 0.2), (lon_2km, Y0 + 0.8)]
    links = _toy_links({"near": ("AAA", "rail", coords)})
    loose = regions.country_share(links, _toy_regions(), tolerance_km=3.0)
    tight = regions.country_share(links, _toy_regions(), tolerance_km=1.0)
    assert loose.loc["near", "share_inside"] == pytest.approx(1.0)
    assert tight.loc["near", "share_inside"] == pytest.approx(0.0, abs=1e-9)
    assert loose.attrs["tolerance_km"] == 3.0


def test_by_country_km_splits_a_line_at_the_borders() -> None:
    pts = [(X0 + 0.2, MID), (X0 + 1, MID), (X0 + 2, MID), (X0 + 3, MID), (X0 + 4, MID),
           (X0 + 4.5, MID)]
    result = regions.by_country_km([LineString([pts[0], pts[-1]]), None], _toy_regions())
    assert set(result) == {"AAA", "BBB", regions.UNASSIGNED}
    assert result["AAA"] == pytest.approx(_km(pts[0], pts[1]) + _km(pts[3], pts[4]), rel=1e-6)
    assert result["BBB"] == pytest.approx(_km(pts[1], pts[2]), rel=1e-6)
    assert result[regions.UNASSIGNED] == pytest.approx(
        _km(pts[2], pts[3]) + _km(pts[4], pts[5]), rel=1e-6)
    # Each piece is measured as its own geodesic, so the pieces add up to a little more
    # than the geodesic of the whole line (about 0.03 % here).
    assert sum(result.values()) == pytest.approx(_km(pts[0], pts[-1]), rel=1e-3)


def test_validate_prints_share_and_warnings(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = (X0 + 0.2, MID), (X0 + 0.8, MID), (X0 + 1.8, MID)
    places = [point("pa", *a), point("pb", *b), point("pc", *c, country="BBB")]
    links = [line("ab", "pa", "pb", [a, b], country="AAA"),
             line("bc", "pb", "pc", [b, c], country="AAA")]
    folder = write_geodata(tmp_path / "g", places, links)
    (folder / geodata.REGIONS_FILE).write_text(_toy_regions().to_json(), encoding="utf-8")
    assert cli.main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^warning: links\.geojson: bc: country: .*outside AAA", out, re.M), out
    assert "warning: links.geojson: ab:" not in out
    data = geodata.load(folder)
    assert data.regions is not None
    share = regions.overall_share(regions.country_share(data.links, data.regions))
    assert f"land links inside their declared country: {share:.1%}" in out


# --------------------------------------------------------------------------- the shipped network


@pytest.fixture(scope="module")
def real() -> geodata.GeoData:
    data = geodata.load(settings.SHIPPED_GEODATA)
    if data.regions is None:
        pytest.fail("geodata/regions.geojson was not loaded with the shipped data")
    return data


def test_shipped_links_lie_in_their_country(real: geodata.GeoData) -> None:
    assert real.regions is not None
    shares = regions.country_share(real.links, real.regions)
    assert len(shares) > 0
    assert shares["share_inside"].notna().all(), regions.country_problems(shares)
    share = regions.overall_share(shares)
    bad = regions.links_outside(shares)
    assert share >= 0.98, f"{share:.1%} inside; outside by more than 5 %:\n{bad}"


#: Land routes that cross borders (origin, destination) by place name; the shipped network
#: routes every one in the default scenario.
ROUTE_PAIRS = [("Baku", "Tbilisi"), ("Baku", "Kars"), ("Baku", "Nakhchivan"),
               ("Tbilisi", "Yerevan"), ("Aktau", "Dostyk")]


def test_route_by_country_matches_polygons(real: geodata.GeoData) -> None:
    from corridor import routing

    assert real.regions is not None
    for origin, destination in ROUTE_PAIRS:
        found = routing.route(origin, destination, data=real)
        assert isinstance(found, routing.Route)
        legs = found.to_geodataframe()
        land = legs[(legs["kind"] == "link") & legs["mode"].isin(geodata.LAND_MODES)]
        # by_country counts each leg's model km (published, or geometry x detour factor):
        # split each leg's drawn line by the polygons and scale the split to the leg's km
        from_polygons: dict[str, float] = {}
        for geom, km in zip(land.geometry, land["length_km"], strict=True):
            split = regions.by_country_km(gpd.GeoSeries([geom], crs=real.regions.crs),
                                          real.regions)
            drawn = sum(split.values())
            for country, part in split.items():
                from_polygons[country] = from_polygons.get(country, 0.0) + (
                    part * km / drawn if drawn > 0 else 0.0)
        declared = {c: v["length_km"] for c, v in found.by_country.items()
                    if re.fullmatch(r"[A-Z]{3}", c)}
        land_km = float(sum(declared.values()))
        # Borders are generalised (1:10m) and links end at crossing places up to 2 km off
        # them; coastal lines may run just "at sea" on the 1:10m coastline.
        for country in sorted(set(declared) | set(from_polygons) - {regions.UNASSIGNED}):
            a, b = declared.get(country, 0.0), from_polygons.get(country, 0.0)
            assert abs(a - b) <= 0.03 * max(a, b) + 6.0, (
                f"{origin}->{destination} {country}: by_country {a:.1f} km, polygons {b:.1f} km")
        assert land_km > 0, f"{origin}->{destination} has no land km"
        assert from_polygons.get(regions.UNASSIGNED, 0.0) <= 0.02 * land_km + 5.0


# --------------------------------------------------------------------------- a broken layer


@pytest.mark.parametrize("text, cause", [
    ("{oops", "not readable JSON"),
    ("", "file is empty"),
    ("[]", "expected a GeoJSON FeatureCollection, got a JSON array"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_a_broken_regions_file_is_a_problem_naming_it(tmp_path: Path, text: str,
                                                      cause: str) -> None:
    from corridor._errors import GeodataError

    folder = tmp_path / "g"
    shutil.copytree(settings.SHIPPED_GEODATA, folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / geodata.REGIONS_FILE).write_text(text, encoding="utf-8")
    report = geodata.validate(folder)
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert problem.file == geodata.REGIONS_FILE and cause in problem.message
    with pytest.raises(GeodataError) as info:
        geodata.load(folder)
    assert info.value.one_line().startswith(f"{folder}/{geodata.REGIONS_FILE}: ")


# --------------------------------------------------------------------------- admin-1 regions


def _region_layer() -> gpd.GeoDataFrame:
    """AAA with a marked region "East" (its eastern half) and a country BBB beside it."""
    return gpd.GeoDataFrame(
        {"id": ["aaa", "aaa_east", "bbb"], "country": ["AAA", "AAA", "BBB"],
         "region": [None, "East", None]},
        geometry=[MultiPolygon([box(X0, Y0, X0 + 0.5, Y0 + 1)]),
                  MultiPolygon([box(X0 + 0.5, Y0, X0 + 1, Y0 + 1)]),
                  MultiPolygon([box(X0 + 1, Y0, X0 + 2, Y0 + 1)])],
        crs=settings.CRS,
    )


def _plain(column: pd.Series) -> dict[str, Any]:
    return {str(k): (None if pd.isna(v) else v) for k, v in column.items()}


def test_assign_regions_by_polygon_country_and_majority_of_length() -> None:
    from corridor.geodata.areas import assign_regions

    lon_1km, _, _ = GEOD.fwd(X0 + 1.0, MID, 90.0, 1000.0)  # 1 km into BBB
    lon_5km, _, _ = GEOD.fwd(X0 + 1.0, MID, 90.0, 5000.0)
    places = gpd.GeoDataFrame(
        {"country": ["AAA", "AAA", "BBB", "AAA", "AAA", "AAA"],
         "region": [None, "Somewhere", None, "East", None, "Westland"]},
        geometry=[shapely.Point(X0 + 0.7, MID), shapely.Point(lon_1km, MID),
                  shapely.Point(lon_1km, MID), shapely.Point(X0 + 0.2, MID),
                  shapely.Point(lon_5km, MID), shapely.Point(X0 + 0.2, MID)],
        index=["inside", "crossing", "other_side", "wrong", "far", "curated"], crs=settings.CRS)
    links = _toy_links({
        "most_east": ("AAA", "rail", [(X0 + 0.4, MID), (X0 + 0.9, MID)]),
        "most_west": ("AAA", "road", [(X0 + 0.1, MID), (X0 + 0.6, MID)]),
        "ferry": (None, "ferry", [(X0 + 0.6, MID), (X0 + 0.9, MID)]),
    })
    warnings = assign_regions(places, links, _region_layer())
    assert _plain(places["region"]) == {
        "inside": "East", "crossing": "East", "other_side": None, "wrong": None,
        "far": None, "curated": "Westland"}
    assert _plain(links["region"]) == {
        "most_east": "East", "most_west": None, "ferry": None}
    assert sorted((w.feature_id, w.field) for w in warnings) == [
        ("crossing", "region"), ("wrong", "region")]


def test_shipped_places_and_links_take_their_region_from_the_polygons(
        real: geodata.GeoData) -> None:
    region = real.places["region"]
    for pid in ("kapan", "meghri", "goris", "agarak_norduz"):
        assert region.loc[pid] == "Syunik", pid
    for pid in ("nakhchivan", "julfa", "ordubad", "sharur"):
        assert region.loc[pid] == "Nakhchivan AR", pid
    assert pd.isna(region.loc["yerevan"])
    assert not [w for w in real.warnings if w.field == "region"], real.warnings
    links = real.links
    assert set(links.loc[links["region"] == "Syunik", "country"]) == {"ARM"}
    assert set(links.loc[links["region"] == "Nakhchivan AR", "country"]) == {"AZE"}
    assert links.loc["road_m2_kapan_meghri", "region"] == "Syunik"
    assert links.loc["rail_julfa_nakhchivan", "region"] == "Nakhchivan AR"
    assert links.loc[links["mode"] == "ferry", "region"].isna().all()
