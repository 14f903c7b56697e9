"""Checks of a feature's GeoJSON geometry: type, coordinates, validity, region box, axis order."""

from __future__ import annotations

from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from corridor import settings
from corridor._errors import Problem
from corridor.geodata.schema import is_number, json_type


def _position_problem(position: Any) -> str | None:
    """Return why ``position`` is not a GeoJSON position of 2 or 3 finite numbers, or None."""
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        return f"a position must be [lon, lat], got {str(position)[:40]}"
    for value in position:
        if not is_number(value):
            shown = repr(value)[:40]
            if isinstance(value, int) and not isinstance(value, bool) and len(shown) > 20:
                shown = f"a {len(str(abs(value)))}-digit integer"
            return f"coordinates must be finite numbers, got {shown}"
    return None


def _coordinates_problem(raw: Any, expected: str) -> str | None:
    """Return why ``raw`` is not an ``expected`` geometry with numeric coordinates, or None."""
    if not isinstance(raw, dict):
        return f"expected a GeoJSON geometry object, got a JSON {json_type(raw)}"
    if raw.get("type") != expected:
        return f"expected {expected}, got {str(raw.get('type'))[:40]}"
    coords = raw.get("coordinates")
    if coords == []:
        return "empty geometry"
    if expected == "Point":
        return _position_problem(coords)
    if not isinstance(coords, list):
        return f"a {expected} needs a list of positions"
    return next((p for p in map(_position_problem, coords) if p is not None), None)


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


def _shapely_problem(geom: BaseGeometry, expected: str) -> str | None:
    """Return why a parsed geometry is unusable as an ``expected`` geometry, or None."""
    if geom.geom_type != expected:
        return f"expected {expected}, got {geom.geom_type}"
    if geom.is_empty:
        return "empty geometry"
    if expected == "LineString" and len(geom.coords) < 2:
        return "a line needs at least 2 vertices"
    if not geom.is_valid:
        return "invalid geometry"
    return None


def _shape(raw: Any, expected: str) -> tuple[BaseGeometry | None, str]:
    """Return ``(geometry, "")`` for a usable GeoJSON geometry, else ``(None, the problem)``."""
    if raw is None:
        return None, "missing geometry"
    bad = _coordinates_problem(raw, expected)
    if bad is not None:
        return None, bad
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed input
        return None, f"invalid geometry: {exc}"
    bad = _shapely_problem(geom, expected)
    return (None, bad) if bad is not None else (geom, "")


def geometry(
    name: str,
    fid: str,
    feature: dict[str, Any],
    expected: str,
    problems: list[Problem],
    warnings: list[Problem],
    at_sea: bool = False,
) -> BaseGeometry | None:
    """Return the feature's usable ``expected`` geometry, or ``None`` after adding a problem.

    Parameters
    ----------
    name, fid
        File name and feature id the problems name.
    feature
        The GeoJSON feature (a parsed JSON object).
    expected
        ``"Point"`` or ``"LineString"``.
    problems, warnings
        Lists the findings are appended to.
    at_sea
        A ferry: lying outside the region boxes is not worth a warning.

    Returns
    -------
    shapely geometry or None
        ``None`` when the geometry is unusable (one problem added).
    """
    geom, why = _shape(feature.get("geometry"), expected)
    if geom is None:
        problems.append(Problem(name, fid, "geometry", why))
        return None
    if not _check_coords(name, fid, geom, problems, warnings, at_sea):
        return None
    return geom
