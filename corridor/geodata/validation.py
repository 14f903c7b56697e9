"""Validating a geodata folder: a table of field rules per feature kind, link ends, the folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from corridor import settings
from corridor._errors import GeodataError, Problem
from corridor._geo import distance_km
from corridor.geodata.areas import assign_regions
from corridor.geodata.border_times import read_border_times
from corridor.geodata.geometry import geometry
from corridor.geodata.gpkg import is_gpkg, read_gpkg
from corridor.geodata.io import read_collection, read_regions, to_frame
from corridor.geodata.model import GeoData, ValidationReport
from corridor.geodata.schema import (
    CAPACITY_FIELDS,
    CONFIDENCES,
    CROSSING_STATUSES,
    GAUGES_MM,
    ID_RE,
    ISO3_RE,
    LAND_MODES,
    LINK_FIELDS,
    LINK_STATUSES,
    LINKS_FILE,
    MODES,
    PLACE_FIELDS,
    PLACE_KINDS,
    PLACES_FILE,
    REGIONS_FILE,
    REQUIRED_CROSSING_FIELDS,
    REQUIRED_LINK_FIELDS,
    REQUIRED_PLACE_FIELDS,
    SPEED_KINDS,
    URL_RE,
    is_number,
)
from corridor.geodata.sources import source_problems

#: A field rule: ``rule(props, key, required)`` returns the problem with ``props[key]``, or
#: ``None``. ``required`` says whether the schema requires the field.
Rule = Callable[[Mapping[str, Any], str, bool], str | None]
Feature = tuple[dict[str, Any], BaseGeometry]

# --------------------------------------------------------------------------- field rules


def enum(allowed: tuple[Any, ...]) -> Rule:
    """Return a rule: the value is one of ``allowed``."""

    def rule(props: Mapping[str, Any], key: str, required: bool) -> str | None:
        value = props.get(key)
        if value is None:
            return f"missing; expected one of {list(allowed)}" if required else None
        if value not in allowed:
            return f"unknown value {value!r}; expected one of {list(allowed)}"
        return None

    return rule


def str_list(allowed: tuple[str, ...] | None = None) -> Rule:
    """Return a rule: the value is a list of strings (each one of ``allowed``, if given)."""

    def rule(props: Mapping[str, Any], key: str, required: bool) -> str | None:
        value = props.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of strings"
        bad = [v for v in value if allowed is not None and v not in allowed]
        if bad:
            return f"unknown value(s) {bad}; expected from {list(allowed or ())}"
        return None

    return rule


def not_empty(message: str) -> Rule:
    """Return a rule: a required field holds a value that is not empty (else ``message``)."""

    def rule(props: Mapping[str, Any], key: str, required: bool) -> str | None:
        return message if required and not props.get(key) else None

    return rule


def urls(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check whitespace-separated http(s) URLs (a blank text counts as missing)."""
    value = props.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing; expected one or more URLs" if required else None
    if not isinstance(value, str) or not all(URL_RE.match(u) for u in value.split()):
        return f"expected whitespace-separated http(s) URLs, got {value!r}"
    return None


def text(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a text that is not empty."""
    value = props.get(key)
    if value is None and not required:
        return None
    return f"missing {key}" if not isinstance(value, str) or not value else None


def iso3(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check an ISO 3166-1 alpha-3 code."""
    value = props.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not ISO3_RE.match(value):
        return f"expected an ISO 3166-1 alpha-3 code, got {value!r}"
    return None


def iso3_pair(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check the two ISO3 countries a border crossing joins."""
    value = props.get(key)
    if value is None and not required:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(c, str) and ISO3_RE.match(c) for c in value)):
        return "a border crossing needs the two ISO3 countries it joins"
    return None


def positive(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a positive number."""
    value = props.get(key)
    if value is None:
        return None
    if not is_number(value) or value <= 0:
        return f"expected a positive number, got {value!r}"
    return None


def year(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a year from 1800 to 2100."""
    value = props.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2100:
        return f"expected a year (1800-2100), got {value!r}"
    return None


def track_count(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a whole number of tracks from 1 to 100."""
    value = props.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                              or not 1 <= value <= 100):
        return f"expected a whole number >= 1, got {value!r}"
    return None


def boolean(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check true or false."""
    value = props.get(key)
    if value is not None and not isinstance(value, bool):
        return f"expected true/false, got {value!r}"
    return None


def rail_gauge(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check the gauge: a known one on a rail link, none on other links."""
    mode, gauge = props.get("mode"), props.get(key)
    if mode != "rail":
        return f"only rail links carry a gauge ({mode})" if gauge is not None else None
    if gauge is None:
        return f"a rail link needs a gauge; expected one of {list(GAUGES_MM)}"
    if gauge not in GAUGES_MM:
        return f"unknown gauge {gauge!r}; expected one of {list(GAUGES_MM)}"
    return None


def line_class(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a line class: one of the classes of the link's mode."""
    value = props.get(key)
    if value is None:
        return None
    allowed = settings.LINE_CLASSES.get(str(props.get("mode")), ())
    if value not in allowed:
        return (f"unknown value {value!r} for a {props.get('mode')} link; expected one of "
                f"{list(allowed)}")
    return None


def length_source(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check the URL(s) of a published length; a source without a length is a problem.

    A published length without ``length_source`` is sourced by the link's ``source``.
    """
    if props.get(key) is not None and props.get("length_km_published") is None:
        return "a length source needs a length_km_published"
    return urls(props, key, False)


def link_country(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check a link's country: an ISO3 code, required for rail and road links."""
    if props.get(key) is None and props.get("mode") in LAND_MODES:
        return "a rail or road link needs its ISO3 country"
    return iso3(props, key, False)


def capacity(props: Mapping[str, Any], key: str, required: bool) -> str | None:
    """Check that a published capacity figure comes with its year and its source."""
    given = [f for f in CAPACITY_FIELDS if props.get(f) is not None]
    if not given:
        for extra in ("capacity_year", "capacity_source"):
            if props.get(extra) is not None:
                return f"{extra} without a capacity figure ({', '.join(CAPACITY_FIELDS)})"
        return None
    if props.get("capacity_year") is None or props.get("capacity_source") is None:
        return f"{given[0]} needs capacity_year and capacity_source"
    return None


#: Rules of a published capacity, shared by places (ports, crossings) and links.
CAPACITY_RULES: tuple[tuple[str, Rule], ...] = (
    ("capacity_mt_yr", positive),
    ("capacity_teu_yr", positive),
    ("capacity_trains_day", positive),
    ("capacity_year", year),
    ("capacity_source", urls),
    ("capacity_note", text),
    ("capacity_mt_yr", capacity),
)
#: Rules of every place, in the order their problems are listed.
PLACE_RULES: tuple[tuple[str, Rule], ...] = (
    ("name", text),
    ("alt_names", str_list()),
    ("kind", enum(PLACE_KINDS)),
    ("country", iso3),
    ("source", urls),
    ("dwell_source", urls),
    ("rail_dwell_h", positive),
    ("road_dwell_h", positive),
    *CAPACITY_RULES,
)
#: Rules of a place of kind ``border_crossing`` (after :data:`PLACE_RULES`).
CROSSING_RULES: tuple[tuple[str, Rule], ...] = (
    ("status", enum(CROSSING_STATUSES)),
    ("crossing_modes", str_list(LAND_MODES)),
    ("crossing_modes", not_empty("a border crossing needs the modes that cross")),
    ("countries", iso3_pair),
)
#: Rules of every link, in the order their problems are listed.
LINK_RULES: tuple[tuple[str, Rule], ...] = (
    ("mode", enum(MODES)),
    ("status", enum(LINK_STATUSES)),
    ("confidence", enum(CONFIDENCES)),
    ("source", urls),
    ("opened", year),
    ("expected", year),
    ("speed_kmh", positive),
    ("line_class", line_class),
    ("speed_kind", enum(SPEED_KINDS)),
    ("speed_source", urls),
    ("freight", boolean),
    ("length_km_published", positive),
    ("length_source", length_source),
    ("sailing_h", positive),
    ("headway_h", positive),
    ("tracks", track_count),
    ("electrified", boolean),
    ("corridors", str_list()),
    ("gauge_mm", rail_gauge),
    ("country", link_country),
    *CAPACITY_RULES,
)


def apply_rules(
    name: str,
    fid: str,
    props: Mapping[str, Any],
    rules: tuple[tuple[str, Rule], ...],
    required: frozenset[str],
    problems: list[Problem],
) -> None:
    """Append a problem for every rule of ``rules`` that ``props`` breaks, in table order."""
    for key, rule in rules:
        message = rule(props, key, key in required)
        if message is not None:
            problems.append(Problem(name, fid, key, message))


# --------------------------------------------------------------------------- features


def _check_id(
    name: str, index: int, props: dict[str, Any], seen: set[str], problems: list[Problem]
) -> str:
    """Return the feature's id (``#index`` when it has none), adding problems for a bad one."""
    fid = props.get("id")
    if fid is None or fid == "":
        problems.append(Problem(name, f"#{index}", "id", "missing id"))
        return f"#{index}"
    if not isinstance(fid, str):
        problems.append(Problem(name, f"#{index}", "id",
                                f"expected a string id, got {repr(fid)[:40]}"))
        return f"#{index}"
    if not ID_RE.match(fid):
        shown = fid if fid.isprintable() else repr(fid)[:40]  # a problem stays one line
        problems.append(Problem(name, shown, "id", "expected lower-case letters, digits and _"))
    if fid in seen:
        problems.append(Problem(name, fid, "id", "duplicate id"))
    seen.add(fid)
    return fid


def _properties(
    name: str, features: list[dict[str, Any]], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """Yield ``(index, feature, properties)``; a feature without properties is a problem."""
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(Problem(name, f"#{i}", "properties", "missing properties"))
            continue
        yield i, feature, props


def _validate_places(
    features: list[dict[str, Any]], problems: list[Problem], warnings: list[Problem]
) -> list[Feature]:
    """Check every place; return the usable ones with their geometry."""
    name = PLACES_FILE
    seen: set[str] = set()
    good: list[Feature] = []
    for i, feature, props in _properties(name, features, problems):
        fid = _check_id(name, i, props, seen, problems)
        apply_rules(name, fid, props, PLACE_RULES, REQUIRED_PLACE_FIELDS, problems)
        if props.get("kind") == "border_crossing":
            apply_rules(name, fid, props, CROSSING_RULES, REQUIRED_CROSSING_FIELDS, problems)
        problems += source_problems(name, fid, props)
        point = geometry(name, fid, feature, "Point", problems, warnings)
        if point is not None and isinstance(props.get("id"), str):
            good.append((props, point))
    return good


def _end_place(
    fid: str,
    props: dict[str, Any],
    key: str,
    places: dict[str, BaseGeometry],
    place_ids: set[str] | None,
    problems: list[Problem],
) -> str | None:
    """Return the usable place a link end (``from`` or ``to``) names, or ``None``."""
    ref = props.get(key)
    if not isinstance(ref, str) or not ref:
        problems.append(Problem(LINKS_FILE, fid, key, "missing place id"))
        return None
    if place_ids is None:  # places.geojson is unusable, reported already
        return None
    if ref not in place_ids:
        problems.append(Problem(LINKS_FILE, fid, key, f"names no place: {ref!r}"))
        return None
    if ref not in places:  # the place itself is broken and reported already
        return None
    return ref


def _end_ok(
    fid: str,
    props: dict[str, Any],
    key: str,
    line: BaseGeometry | None,
    places: dict[str, BaseGeometry],
    place_ids: set[str] | None,
    problems: list[Problem],
) -> bool:
    """Check one end (``from`` or ``to``) of a link: a known place the line starts or ends at."""
    ref = _end_place(fid, props, key, places, place_ids, problems)
    if ref is None:
        return False
    if line is None:
        return True
    vertex = 0 if key == "from" else -1
    px, py = places[ref].x, places[ref].y
    vx, vy = line.coords[vertex][:2]
    gap = distance_km(px, py, vx, vy)
    if gap <= settings.ENDPOINT_TOLERANCE_KM:
        return True
    problems.append(Problem(
        LINKS_FILE, fid, key,
        f"line {'starts' if vertex == 0 else 'ends'} {gap:.1f} km from place "
        f"{ref!r} (at most {settings.ENDPOINT_TOLERANCE_KM:g} km)",
    ))
    return False


def _validate_links(
    features: list[dict[str, Any]],
    places: dict[str, BaseGeometry],
    place_ids: set[str] | None,
    problems: list[Problem],
    warnings: list[Problem],
) -> list[Feature]:
    """Check every link against the rules and the usable places; return the usable links."""
    name = LINKS_FILE
    seen: set[str] = set()
    good: list[Feature] = []
    for i, feature, props in _properties(name, features, problems):
        fid = _check_id(name, i, props, seen, problems)
        apply_rules(name, fid, props, LINK_RULES, REQUIRED_LINK_FIELDS, problems)
        problems += source_problems(name, fid, props)
        line = geometry(name, fid, feature, "LineString", problems, warnings,
                        at_sea=props.get("mode") == "ferry")
        ends_ok = [_end_ok(fid, props, key, line, places, place_ids, problems)
                   for key in ("from", "to")]
        if props.get("from") is not None and props.get("from") == props.get("to"):
            problems.append(Problem(name, fid, "to", "a link needs two different places"))
        if line is not None and all(ends_ok):
            good.append((props, line))
    return good


# --------------------------------------------------------------------------- the folder


def _place_ids(features: list[dict[str, Any]] | None) -> set[str] | None:
    """Return the ids of the places, or ``None`` when there are none to name."""
    if not features:  # else every link end would "name no place": a follow-on error
        return None
    return {
        f["properties"]["id"]
        for f in features
        if isinstance(f, dict) and isinstance(f.get("properties"), dict)
        and isinstance(f["properties"].get("id"), str)
    }


def validate(path: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check a geodata folder and report every problem found.

    Parameters
    ----------
    path
        The folder holding ``places.geojson`` and ``links.geojson`` (and optionally
        ``regions.geojson``), or a GeoPackage with ``places`` and ``links`` layers (and
        optionally ``regions``, see :func:`corridor.geodata.save`); default:
        ``$CORRIDOR_GEODATA`` or the shipped data.

    Returns
    -------
    ValidationReport
        ``problems`` (each with file, feature id, field and message), ``warnings`` and,
        when there is no problem, the loaded ``data``.
    """
    folder = Path(path) if path is not None else settings.default_geodata_dir()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if is_gpkg(folder) and folder.is_file():  # places and links as GeoPackage layers
        place_features, link_features, regions = read_gpkg(folder, problems)
    elif not folder.is_dir():
        problems.append(Problem(str(folder), "-", "-", "not a folder"))
        return ValidationReport(problems, warnings, None)
    else:
        place_features = read_collection(folder / PLACES_FILE, problems)
        link_features = read_collection(folder / LINKS_FILE, problems, allow_empty=True)
        regions = None
    place_rows = _validate_places(place_features or [], problems, warnings)
    place_geoms = {props["id"]: geom for props, geom in place_rows}
    link_rows = _validate_links(link_features or [], place_geoms, _place_ids(place_features),
                                problems, warnings)
    if not is_gpkg(folder):
        regions = read_regions(folder / REGIONS_FILE, problems)
    border_times = (read_border_times(folder, _crossings(place_rows, link_rows), problems)
                    if not problems else None)
    if problems:
        # root causes (a whole file unusable) first, then the feature-level problems
        problems.sort(key=lambda p: p.feature_id != "-")
        return ValidationReport(problems, warnings, None)
    places, links = to_frame(place_rows, PLACE_FIELDS), to_frame(link_rows, LINK_FIELDS)
    warnings += assign_regions(places, links, regions)
    data = GeoData(
        places=places,
        links=links,
        regions=regions,
        path=folder,
        warnings=warnings,
        border_times=border_times,
    )
    return ValidationReport(problems, warnings, data)


def _crossings(place_rows: list[Feature], link_rows: list[Feature]
               ) -> dict[str, tuple[str, set[str]]]:
    """Border-crossing places and ferry links that join two countries, with the countries."""
    out: dict[str, tuple[str, set[str]]] = {}
    country = {props["id"]: props.get("country") for props, _ in place_rows}
    for props, _ in place_rows:
        if props.get("kind") == "border_crossing":
            out[props["id"]] = ("land", set(props.get("countries") or ()))
    for props, _ in link_rows:
        ends = {country.get(props.get("from")), country.get(props.get("to"))}
        if props.get("mode") == "ferry" and len(ends) == 2 and None not in ends:
            out[props["id"]] = ("ferry", {str(c) for c in ends})
    return out


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
