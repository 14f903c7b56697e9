"""Reading, validating and writing the geodata folder (places, links, regions)."""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from corridor import settings
from corridor._errors import GeodataError, Problem
from corridor._geo import distance_km, geodesic_length_km
from corridor._io import atomic_write_text

PLACES_FILE = "places.geojson"
LINKS_FILE = "links.geojson"
REGIONS_FILE = "regions.geojson"

PLACE_KINDS = ("city", "station", "port", "border_crossing", "junction")
CROSSING_STATUSES = ("open", "closed", "planned", "under_construction")
MODES = ("rail", "road", "ferry")
LAND_MODES = ("rail", "road")
LINK_STATUSES = ("operating", "under_construction", "planned", "closed", "dismantled")
GAUGES_MM = (1435, 1520)
CONFIDENCES = ("high", "medium", "low")

#: Property order on disk (unknown extra properties follow, sorted).
PLACE_FIELDS = (
    "id",
    "name",
    "alt_names",
    "kind",
    "country",
    "countries",
    "region",
    "crossing_modes",
    "status",
    "rail_dwell_h",
    "road_dwell_h",
    "dwell_source",
    "coord_note",
    "note",
    "source",
)
LINK_FIELDS = (
    "id",
    "name",
    "from",
    "to",
    "mode",
    "status",
    "opened",
    "expected",
    "gauge_mm",
    "tracks",
    "electrified",
    "speed_kmh",
    "length_km_published",
    "corridors",
    "country",
    "confidence",
    "confidence_note",
    "sailing_h",
    "headway_h",
    "geometry_source",
    "note",
    "source",
)

#: Fields holding whole numbers (pandas turns them into floats when some features lack them).
INTEGER_FIELDS = frozenset({"opened", "expected", "gauge_mm", "tracks"})

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_URL_RE = re.compile(r"^https?://\S+$")


@dataclass
class GeoData:
    """The network's geodata: places, links and (optionally) region polygons.

    Attributes
    ----------
    places
        Points indexed by place ``id`` (EPSG:4326).
    links
        Lines indexed by link ``id`` with ``from``/``to`` place ids (EPSG:4326).
    regions
        Country / exclave polygons, or ``None`` when the folder has none.
    path
        The folder the data was read from, if any.
    warnings
        Non-fatal findings of validation (e.g. links outside their country).
    """

    places: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame | None = None
    path: Path | None = None
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ValidationReport:
    """Everything validation found in a geodata folder."""

    problems: list[Problem]
    warnings: list[Problem]
    data: GeoData | None

    @property
    def ok(self) -> bool:
        """True when there is no problem (warnings allowed)."""
        return not self.problems


# --------------------------------------------------------------------------- reading


def _read_json(path: Path, problems: list[Problem]) -> Any:
    """Parse a JSON file; on failure append one root-cause problem and return ``None``.

    The causes are told apart: missing, a folder, unreadable, empty, not UTF-8, nested too
    deeply for the parser, not JSON (with line and column).
    """
    name = path.name
    if not path.exists():
        problems.append(Problem(name, "-", "-", f"file missing: {path}"))
        return None
    if path.is_dir():
        problems.append(Problem(name, "-", "-", f"is a folder, expected a file: {path}"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, "-", "-", f"cannot read: {exc.strerror or exc}"))
        return None
    if not raw.strip():
        problems.append(Problem(name, "-", "-", "file is empty"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "-", "-", f"not UTF-8 text (byte {raw[exc.start]:#04x} at "
                                                f"offset {exc.start})"))
        return None
    try:
        return json.loads(text)
    except RecursionError:
        problems.append(Problem(name, "-", "-", "not readable JSON: nested too deeply"))
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, "-", "-", f"not readable JSON: {exc.msg} "
                                                f"(line {exc.lineno}, column {exc.colno})"))
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        problems.append(Problem(name, "-", "-", f"not readable JSON: {exc}"))
    return None


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _read_collection(path: Path, problems: list[Problem],
                     allow_empty: bool = False) -> list[dict[str, Any]] | None:
    """Return the features of a GeoJSON FeatureCollection, or ``None`` (with one problem);
    no features at all is a problem unless ``allow_empty`` (a curated folder may hold
    places and no links)."""
    name = path.name
    doc = _read_json(path, problems)
    if doc is None:
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        got = (f"a JSON {_json_type(doc)}" if not isinstance(doc, dict)
               else f"type {str(doc.get('type'))[:40]!r}")
        problems.append(Problem(name, "-", "type",
                                f"expected a GeoJSON FeatureCollection, got {got}"))
        return None
    crs = doc.get("crs")
    if crs is not None:
        crs_name = (
            str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        )
        if not re.search(r"(EPSG:+4326|CRS84)$", crs_name):
            problems.append(
                Problem(name, "-", "crs", f"expected EPSG:4326 (lon/lat WGS84), got {crs_name!r}")
            )
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(name, "-", "features", "expected a list of features"))
        return None
    if not features and allow_empty is False:
        problems.append(Problem(name, "-", "features", "holds no features"))
    return features


def _is_number(value: Any) -> bool:
    """True for an int or float (not a bool) that is finite and of a sane magnitude."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10**15
    return isinstance(value, float) and math.isfinite(value)


def _position_problem(position: Any) -> str | None:
    """Why ``position`` is not a GeoJSON position of two or three finite numbers, or None."""
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        return f"a position must be [lon, lat], got {str(position)[:40]}"
    for value in position:
        if not _is_number(value):
            shown = repr(value)[:40]
            if isinstance(value, int) and not isinstance(value, bool) and len(shown) > 20:
                shown = f"a {len(str(abs(value)))}-digit integer"
            return f"coordinates must be finite numbers, got {shown}"
    return None


def _coordinates_problem(raw: Any, expected: str) -> str | None:
    """Why ``raw`` is not a GeoJSON ``expected`` geometry with numeric coordinates, or None."""
    if not isinstance(raw, dict):
        return f"expected a GeoJSON geometry object, got a JSON {_json_type(raw)}"
    if raw.get("type") != expected:
        return f"expected {expected}, got {str(raw.get('type'))[:40]}"
    coords = raw.get("coordinates")
    if coords == []:
        return "empty geometry"
    if expected == "Point":
        return _position_problem(coords)
    if not isinstance(coords, list):
        return f"a {expected} needs a list of positions"
    for position in coords:
        problem = _position_problem(position)
        if problem is not None:
            return problem
    return None


def _in_region(lon: float, lat: float) -> bool:
    return any(x0 <= lon <= x1 and y0 <= lat <= y1 for x0, y0, x1, y1 in settings.REGION_BOXES)


def _check_coords(
    name: str,
    fid: str,
    geom: BaseGeometry,
    problems: list[Problem],
    warnings: list[Problem],
    at_sea: bool = False,
) -> bool:
    """Check ranges and swapped axes; return True when the coordinates are usable.

    Every vertex is tested against ``settings.REGION_BOXES``; a feature outside them is only
    warned about (ferries, at sea, are not), one that falls inside when swapped is an error.
    """
    # Fast path: a bounding box inside one region box has every vertex inside it (and in
    # the valid lon/lat range), so the per-vertex tests below could only say "usable".
    x_min, y_min, x_max, y_max = geom.bounds
    if any(x0 <= x_min and x_max <= x1 and y0 <= y_min and y_max <= y1
           for x0, y0, x1, y1 in settings.REGION_BOXES):
        return True
    vertices = list(geom.coords)
    if any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y, *_ in vertices):
        problems.append(
            Problem(name, fid, "geometry", "coordinates outside the valid lon/lat range")
        )
        return False
    inside = all(_in_region(x, y) for x, y, *_ in vertices)
    swapped_inside = all(_in_region(y, x) for x, y, *_ in vertices)
    if not inside and swapped_inside:
        problems.append(
            Problem(
                name,
                fid,
                "geometry",
                "latitude/longitude look swapped (outside the region box, inside it when swapped);"
                " GeoJSON order is [lon, lat]",
            )
        )
        return False
    if not inside and not at_sea:
        warnings.append(Problem(name, fid, "geometry", "lies outside the region box"))
    return True


def _geometry(
    name: str,
    fid: str,
    feature: dict[str, Any],
    expected: str,
    problems: list[Problem],
    warnings: list[Problem],
    at_sea: bool = False,
) -> BaseGeometry | None:
    raw = feature.get("geometry")
    if raw is None:
        problems.append(Problem(name, fid, "geometry", "missing geometry"))
        return None
    bad = _coordinates_problem(raw, expected)
    if bad is not None:
        problems.append(Problem(name, fid, "geometry", bad))
        return None
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed input
        problems.append(Problem(name, fid, "geometry", f"invalid geometry: {exc}"))
        return None
    if geom.geom_type != expected:
        problems.append(
            Problem(name, fid, "geometry", f"expected {expected}, got {geom.geom_type}")
        )
        return None
    if geom.is_empty:
        problems.append(Problem(name, fid, "geometry", "empty geometry"))
        return None
    if expected == "LineString" and len(geom.coords) < 2:
        problems.append(Problem(name, fid, "geometry", "a line needs at least 2 vertices"))
        return None
    if not geom.is_valid:
        problems.append(Problem(name, fid, "geometry", "invalid geometry"))
        return None
    if not _check_coords(name, fid, geom, problems, warnings, at_sea):
        return None
    return geom


def _check_enum(
    name: str,
    fid: str,
    props: dict[str, Any],
    key: str,
    allowed: tuple[Any, ...],
    problems: list[Problem],
    required: bool = True,
) -> None:
    value = props.get(key)
    if value is None:
        if required:
            problems.append(Problem(name, fid, key, f"missing; expected one of {list(allowed)}"))
        return
    if value not in allowed:
        problems.append(
            Problem(name, fid, key, f"unknown value {value!r}; expected one of {list(allowed)}")
        )


def _check_source(
    name: str,
    fid: str,
    props: dict[str, Any],
    key: str,
    problems: list[Problem],
    required: bool = True,
) -> None:
    value = props.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem(name, fid, key, "missing; expected one or more URLs"))
        return
    if not isinstance(value, str) or not all(_URL_RE.match(u) for u in value.split()):
        problems.append(
            Problem(name, fid, key, f"expected whitespace-separated http(s) URLs, got {value!r}")
        )


def _check_id(
    name: str, index: int, props: dict[str, Any], seen: set[str], problems: list[Problem]
) -> str:
    fid = props.get("id")
    if fid is None or fid == "":
        problems.append(Problem(name, f"#{index}", "id", "missing id"))
        return f"#{index}"
    if not isinstance(fid, str):
        problems.append(Problem(name, f"#{index}", "id",
                                f"expected a string id, got {repr(fid)[:40]}"))
        return f"#{index}"
    if not _ID_RE.match(fid):
        problems.append(Problem(name, fid, "id", "expected lower-case letters, digits and _"))
    if fid in seen:
        problems.append(Problem(name, fid, "id", "duplicate id"))
    seen.add(fid)
    return fid


def _check_str_list(
    name: str,
    fid: str,
    props: dict[str, Any],
    key: str,
    problems: list[Problem],
    allowed: tuple[str, ...] | None = None,
) -> None:
    value = props.get(key)
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(name, fid, key, "expected a list of strings"))
        return
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            problems.append(
                Problem(name, fid, key, f"unknown value(s) {bad}; expected from {list(allowed)}")
            )


def _check_number(
    name: str,
    fid: str,
    props: dict[str, Any],
    key: str,
    problems: list[Problem],
    positive: bool = True,
) -> None:
    value = props.get(key)
    if value is None:
        return
    if not _is_number(value) or (positive and value <= 0):
        problems.append(Problem(name, fid, key, f"expected a positive number, got {value!r}"))


def _check_year(
    name: str, fid: str, props: dict[str, Any], key: str, problems: list[Problem]
) -> None:
    value = props.get(key)
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2100:
        problems.append(Problem(name, fid, key, f"expected a year (1800-2100), got {value!r}"))


def _validate_places(
    features: list[dict[str, Any]], problems: list[Problem], warnings: list[Problem]
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    name = PLACES_FILE
    seen: set[str] = set()
    good: list[tuple[dict[str, Any], BaseGeometry]] = []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(Problem(name, f"#{i}", "properties", "missing properties"))
            continue
        fid = _check_id(name, i, props, seen, problems)
        if not isinstance(props.get("name"), str) or not props.get("name"):
            problems.append(Problem(name, fid, "name", "missing name"))
        _check_str_list(name, fid, props, "alt_names", problems)
        _check_enum(name, fid, props, "kind", PLACE_KINDS, problems)
        country = props.get("country")
        if not isinstance(country, str) or not _ISO3_RE.match(country):
            problems.append(
                Problem(
                    name, fid, "country", f"expected an ISO 3166-1 alpha-3 code, got {country!r}"
                )
            )
        _check_source(name, fid, props, "source", problems)
        _check_source(name, fid, props, "dwell_source", problems, required=False)
        for key in ("rail_dwell_h", "road_dwell_h"):
            _check_number(name, fid, props, key, problems)
        if props.get("kind") == "border_crossing":
            _check_enum(name, fid, props, "status", CROSSING_STATUSES, problems)
            _check_str_list(name, fid, props, "crossing_modes", problems, LAND_MODES)
            if not props.get("crossing_modes"):
                problems.append(
                    Problem(
                        name, fid, "crossing_modes", "a border crossing needs the modes that cross"
                    )
                )
            countries = props.get("countries")
            if (
                not isinstance(countries, list)
                or len(countries) != 2
                or not all(isinstance(c, str) and _ISO3_RE.match(c) for c in countries)
            ):
                problems.append(
                    Problem(
                        name,
                        fid,
                        "countries",
                        "a border crossing needs the two ISO3 countries it joins",
                    )
                )
        geometry = _geometry(name, fid, feature, "Point", problems, warnings)
        if geometry is not None and isinstance(props.get("id"), str):
            good.append((props, geometry))
    return good


def _validate_links(
    features: list[dict[str, Any]],
    places: dict[str, BaseGeometry],
    place_ids: set[str] | None,
    problems: list[Problem],
    warnings: list[Problem],
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    name = LINKS_FILE
    seen: set[str] = set()
    good: list[tuple[dict[str, Any], BaseGeometry]] = []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(Problem(name, f"#{i}", "properties", "missing properties"))
            continue
        fid = _check_id(name, i, props, seen, problems)
        _check_enum(name, fid, props, "mode", MODES, problems)
        _check_enum(name, fid, props, "status", LINK_STATUSES, problems)
        _check_enum(name, fid, props, "confidence", CONFIDENCES, problems)
        _check_source(name, fid, props, "source", problems)
        _check_year(name, fid, props, "opened", problems)
        _check_year(name, fid, props, "expected", problems)
        for key in ("speed_kmh", "length_km_published", "sailing_h", "headway_h"):
            _check_number(name, fid, props, key, problems)
        tracks = props.get("tracks")
        if tracks is not None and (not isinstance(tracks, int) or isinstance(tracks, bool)
                                   or not 1 <= tracks <= 100):
            problems.append(
                Problem(name, fid, "tracks", f"expected a whole number >= 1, got {tracks!r}")
            )
        electrified = props.get("electrified")
        if electrified is not None and not isinstance(electrified, bool):
            problems.append(
                Problem(name, fid, "electrified", f"expected true/false, got {electrified!r}")
            )
        _check_str_list(name, fid, props, "corridors", problems)
        mode = props.get("mode")
        gauge = props.get("gauge_mm")
        if mode == "rail":
            if gauge is None:
                problems.append(
                    Problem(
                        name,
                        fid,
                        "gauge_mm",
                        f"a rail link needs a gauge; expected one of {list(GAUGES_MM)}",
                    )
                )
            elif gauge not in GAUGES_MM:
                problems.append(
                    Problem(
                        name,
                        fid,
                        "gauge_mm",
                        f"unknown gauge {gauge!r}; expected one of {list(GAUGES_MM)}",
                    )
                )
        elif gauge is not None:
            problems.append(
                Problem(name, fid, "gauge_mm", f"only rail links carry a gauge ({mode})")
            )
        country = props.get("country")
        if country is None:
            if mode in LAND_MODES:
                problems.append(
                    Problem(name, fid, "country", "a rail or road link needs its ISO3 country")
                )
        elif not isinstance(country, str) or not _ISO3_RE.match(country):
            problems.append(
                Problem(
                    name, fid, "country", f"expected an ISO 3166-1 alpha-3 code, got {country!r}"
                )
            )
        geometry = _geometry(
            name, fid, feature, "LineString", problems, warnings, at_sea=mode == "ferry"
        )
        ends_ok = True
        for key, vertex in (("from", 0), ("to", -1)):
            ref = props.get(key)
            if not isinstance(ref, str) or not ref:
                problems.append(Problem(name, fid, key, "missing place id"))
                ends_ok = False
                continue
            if place_ids is None:  # places.geojson is unusable, reported already
                ends_ok = False
                continue
            if ref not in place_ids:
                problems.append(Problem(name, fid, key, f"names no place: {ref!r}"))
                ends_ok = False
                continue
            if ref not in places:  # the place itself is broken and reported already
                ends_ok = False
                continue
            if geometry is not None:
                px, py = places[ref].x, places[ref].y
                vx, vy = geometry.coords[vertex][:2]
                gap = distance_km(px, py, vx, vy)
                if gap > settings.ENDPOINT_TOLERANCE_KM:
                    problems.append(
                        Problem(
                            name,
                            fid,
                            key,
                            f"line {'starts' if vertex == 0 else 'ends'} {gap:.1f} km from place "
                            f"{ref!r} (at most {settings.ENDPOINT_TOLERANCE_KM:g} km)",
                        )
                    )
                    ends_ok = False
        if props.get("from") is not None and props.get("from") == props.get("to"):
            problems.append(Problem(name, fid, "to", "a link needs two different places"))
        if geometry is not None and ends_ok:
            good.append((props, geometry))
    return good


def _frame(
    rows: list[tuple[dict[str, Any], BaseGeometry]], fields: tuple[str, ...]
) -> gpd.GeoDataFrame:
    records = []
    for props, _ in rows:
        record = {key: props.get(key) for key in fields}
        record.update({k: v for k, v in props.items() if k not in record})
        records.append(record)
    frame = gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=None if records else list(fields)),
        geometry=[geom for _, geom in rows],
        crs=settings.CRS,
    )
    for key in fields:
        if key not in frame.columns:
            frame[key] = None
    return frame.set_index("id", drop=False).rename_axis(None)


def _read_regions(path: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    """Read the optional regions layer; a broken one is a problem naming the file."""
    if not path.exists():
        return None
    problems_before = len(problems)
    if _read_collection(path, problems) is None or len(problems) > problems_before:
        return None
    try:
        regions = gpd.read_file(path)
    except Exception as exc:  # pyogrio / GDAL raise their own types for unreadable input
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(Problem(path.name, "-", "-", f"cannot read as GeoJSON: {message}"))
        return None
    if regions.crs is not None and regions.crs.to_epsg() != 4326:
        problems.append(Problem(path.name, "-", "crs", "expected EPSG:4326"))
    return regions


def validate(path: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check a geodata folder and report every problem found.

    Parameters
    ----------
    path
        The folder holding ``places.geojson`` and ``links.geojson`` (and optionally
        ``regions.geojson``); default: ``$CORRIDOR_GEODATA`` or the shipped data.

    Returns
    -------
    ValidationReport
        ``problems`` (each with file, feature id, field and message), ``warnings`` and,
        when there is no problem, the loaded ``data``.
    """
    folder = Path(path) if path is not None else settings.default_geodata_dir()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not folder.is_dir():
        problems.append(Problem(str(folder), "-", "-", "not a folder"))
        return ValidationReport(problems, warnings, None)
    place_features = _read_collection(folder / PLACES_FILE, problems)
    link_features = _read_collection(folder / LINKS_FILE, problems, allow_empty=True)
    place_rows = _validate_places(place_features or [], problems, warnings)
    place_geoms = {props["id"]: geom for props, geom in place_rows}
    place_ids: set[str] | None = None
    if place_features:  # else every link end would "name no place": a follow-on error
        place_ids = {
            f["properties"]["id"]
            for f in place_features
            if isinstance(f, dict) and isinstance(f.get("properties"), dict)
            and isinstance(f["properties"].get("id"), str)
        }
    link_rows = _validate_links(link_features or [], place_geoms, place_ids, problems, warnings)
    regions = _read_regions(folder / REGIONS_FILE, problems)
    if problems:
        # root causes (a whole file unusable) first, then the feature-level problems
        problems.sort(key=lambda p: p.feature_id != "-")
        return ValidationReport(problems, warnings, None)
    data = GeoData(
        places=_frame(place_rows, PLACE_FIELDS),
        links=_frame(link_rows, LINK_FIELDS),
        regions=regions,
        path=folder,
        warnings=warnings,
    )
    return ValidationReport(problems, warnings, data)


def load(path: str | os.PathLike[str] | None = None) -> GeoData:
    """Load and validate a geodata folder.

    Parameters
    ----------
    path
        Folder with ``places.geojson``, ``links.geojson`` (and optionally
        ``regions.geojson``); default: ``$CORRIDOR_GEODATA`` or the shipped data.

    Returns
    -------
    GeoData
        Places and links as GeoDataFrames in EPSG:4326, indexed by id.

    Raises
    ------
    GeodataError
        Listing every problem found (file, feature id, field, message).
    """
    report = validate(path)
    if report.data is None:
        folder = Path(path) if path is not None else settings.default_geodata_dir()
        raise GeodataError(report.problems, folder=str(folder))
    return report.data


# --------------------------------------------------------------------------- summary


def link_lengths_km(links: gpd.GeoDataFrame) -> pd.Series:
    """Return the geodesic length of every link in kilometres, indexed like ``links``."""
    return pd.Series(
        [geodesic_length_km(g) for g in links.geometry], index=links.index, dtype=float
    )


def summary(data: GeoData) -> str:
    """Return a one-line summary: counts by mode and status and total km."""
    links = data.links
    km = link_lengths_km(links)
    by_mode = Counter(links["mode"])
    by_status = Counter(links["status"])
    modes = ", ".join(f"{m} {by_mode[m]}" for m in MODES if by_mode[m])
    statuses = ", ".join(f"{s} {by_status[s]}" for s in LINK_STATUSES if by_status[s])
    return (
        f"{len(data.places)} places, {len(links)} links ({modes}; {statuses}), {km.sum():,.0f} km"
    )


# --------------------------------------------------------------------------- writing


def _plain(value: Any) -> Any:
    """Turn numpy / pandas scalars and NaN into plain JSON values."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _round_coords(coords: Any, decimals: int) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), decimals) for c in coords]
    return [_round_coords(c, decimals) for c in coords]


def feature_collection_text(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> str:
    """Serialise a frame as diff-friendly GeoJSON: sorted by id, one feature per line."""
    lines = []
    ordered = frame.sort_values("id") if "id" in frame.columns else frame
    for _, row in ordered.iterrows():
        props: dict[str, Any] = {}
        extra = sorted(k for k in row.index if k not in fields and k != "geometry")
        for key in (*fields, *extra):
            if key not in row.index:
                continue
            value = _plain(row[key])
            if value is None or value == []:
                continue
            if key in INTEGER_FIELDS and isinstance(value, float) and value.is_integer():
                value = int(value)
            props[key] = value
        geo = row.geometry.__geo_interface__
        geometry = {
            "type": geo["type"],
            "coordinates": _round_coords(geo["coordinates"], settings.COORD_DECIMALS),
        }
        feature = {"type": "Feature", "properties": props, "geometry": geometry}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def save(data: GeoData, path: str | os.PathLike[str]) -> Path:
    """Write places and links to ``path`` (atomically, deterministic and diff-friendly).

    Parameters
    ----------
    data
        The geodata to write.
    path
        Destination folder (created if missing).

    Returns
    -------
    Path
        The folder written.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / PLACES_FILE, feature_collection_text(data.places, PLACE_FIELDS))
    atomic_write_text(folder / LINKS_FILE, feature_collection_text(data.links, LINK_FIELDS))
    return folder
