"""Reading GeoJSON files (one root-cause problem for an unusable file) and writing geodata."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from corridor import settings
from corridor._errors import Problem
from corridor._io import atomic_write_text
from corridor.geodata.model import GeoData
from corridor.geodata.schema import (
    INTEGER_FIELDS,
    LINK_FIELDS,
    LINKS_FILE,
    PLACE_FIELDS,
    PLACES_FILE,
    json_type,
)

# --------------------------------------------------------------------------- reading


def _read_text(path: Path) -> tuple[str | None, str]:
    """Return ``(text, "")`` of a UTF-8 file, or ``(None, why it cannot be read)``."""
    if not path.exists():
        return None, f"file missing: {path}"
    if path.is_dir():
        return None, f"is a folder, expected a file: {path}"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if not raw.strip():
        return None, "file is empty"
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})"


def _parse_json(text: str) -> tuple[Any, str]:
    """Return ``(document, "")``, or ``(None, why the text is not readable JSON)``."""
    try:
        return json.loads(text), ""
    except RecursionError:
        return None, "not readable JSON: nested too deeply"
    except json.JSONDecodeError as exc:
        return None, f"not readable JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return None, f"not readable JSON: {exc}"


def read_json(path: Path, problems: list[Problem]) -> Any:
    """Parse a JSON file; on failure append one root-cause problem and return ``None``.

    The causes are told apart: missing, a folder, unreadable, empty, not UTF-8, nested too
    deeply for the parser, not JSON (with line and column).
    """
    text, why = _read_text(path)
    if text is not None:
        doc, why = _parse_json(text)
        if not why:
            return doc
    problems.append(Problem(path.name, "-", "-", why))
    return None


def read_collection(path: Path, problems: list[Problem],
                    allow_empty: bool = False) -> list[dict[str, Any]] | None:
    """Return the features of a GeoJSON FeatureCollection, or ``None`` (with one problem).

    No features at all is a problem unless ``allow_empty`` (a curated folder may hold
    places and no links).
    """
    name = path.name
    problems_before = len(problems)
    doc = read_json(path, problems)
    if len(problems) > problems_before:  # unreadable; a JSON ``null`` is read and refused below
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        got = (f"a JSON {json_type(doc)}" if not isinstance(doc, dict)
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


def read_regions(path: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    """Read the optional regions layer; a broken one is a problem naming the file."""
    if not path.exists():
        return None
    problems_before = len(problems)
    if read_collection(path, problems) is None or len(problems) > problems_before:
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


def to_frame(
    rows: list[tuple[dict[str, Any], BaseGeometry]], fields: tuple[str, ...]
) -> gpd.GeoDataFrame:
    """Return validated features as a GeoDataFrame indexed by id, ``fields`` first."""
    records = []
    for props, _ in rows:
        record = {key: props.get(key) for key in fields}
        record.update({k: v for k, v in props.items() if k not in record})
        records.append(record)
    result = gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=None if records else list(fields)),
        geometry=[geom for _, geom in rows],
        crs=settings.CRS,
    )
    for key in fields:
        if key not in result.columns:
            result[key] = None
    return result.set_index("id", drop=False).rename_axis(None)


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


def _properties(row: pd.Series, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the non-empty properties of one row: ``fields`` in order, then extras sorted."""
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
    return props


def feature_collection_text(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> str:
    """Serialise a frame as diff-friendly GeoJSON: sorted by id, one feature per line."""
    lines = []
    ordered = frame.sort_values("id") if "id" in frame.columns else frame
    for _, row in ordered.iterrows():
        geo = row.geometry.__geo_interface__
        geometry = {
            "type": geo["type"],
            "coordinates": _round_coords(geo["coordinates"], settings.COORD_DECIMALS),
        }
        feature = {"type": "Feature", "properties": _properties(row, fields),
                   "geometry": geometry}
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
        Destination folder (created if missing), or a ``.gpkg`` file: one GeoPackage
        with ``places``, ``links`` and ``regions`` layers that QGIS edits and
        :func:`corridor.geodata.load` reads back.

    Returns
    -------
    Path
        The folder (or GeoPackage) written.
    """
    if Path(path).suffix.lower() == ".gpkg":
        from corridor.geodata.gpkg import save_gpkg  # late: gpkg imports this module

        return save_gpkg(data, path)
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / PLACES_FILE, feature_collection_text(data.places, PLACE_FIELDS))
    atomic_write_text(folder / LINKS_FILE, feature_collection_text(data.links, LINK_FIELDS))
    return folder
