"""GeoPackage geodata: places, links and regions as layers, to edit in QGIS and load back."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from corridor import settings
from corridor._errors import Problem
from corridor._io import atomic_write_bytes
from corridor.geodata.io import _plain, _properties
from corridor.geodata.model import GeoData
from corridor.geodata.schema import INTEGER_FIELDS, LINK_FIELDS, PLACE_FIELDS

#: File suffix of a GeoPackage geodata file.
GPKG_SUFFIX = ".gpkg"
#: Layer names of a geodata GeoPackage (``regions`` is optional).
PLACES_LAYER, LINKS_LAYER, REGIONS_LAYER = "places", "links", "regions"
#: Layer metadata key listing the fields whose values are JSON lists.
LIST_FIELDS_KEY = "corridor_list_fields"  # no ":" (GDAL reads it as a domain)


def is_gpkg(path: str | os.PathLike[str]) -> bool:
    """Return whether ``path`` names a GeoPackage (by its suffix)."""
    return Path(path).suffix.lower() == GPKG_SUFFIX


def _layer(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> tuple[gpd.GeoDataFrame, str]:
    """Return a frame with list values as JSON text, and the names of those list fields."""
    rows = [_properties(row, fields) for _, row in frame.sort_values("id").iterrows()]
    if "region" not in fields:  # a link's region is derived by load, never stored
        for r in rows:
            r.pop("region", None)
    lists = sorted({k for r in rows for k, v in r.items() if isinstance(v, list)})
    for r in rows:
        for key in lists:
            if key in r:
                r[key] = json.dumps(r[key], ensure_ascii=False)
    columns = list(dict.fromkeys([*fields, *(k for r in rows for k in r)]))
    table = pd.DataFrame.from_records(rows, columns=columns)
    for column in table.columns:  # true/false with gaps: a GeoPackage boolean, not text
        values = table[column].dropna()
        if len(values) and all(isinstance(v, bool) for v in values):
            table[column] = table[column].astype("boolean")
    geometry = list(frame.sort_values("id").geometry)
    return gpd.GeoDataFrame(table, geometry=geometry, crs=settings.CRS), ",".join(lists)


def save_gpkg(data: GeoData, path: str | os.PathLike[str]) -> Path:
    """Write places, links (and regions) as layers of one GeoPackage, atomically.

    List values (``corridors``, ``alt_names``...) are JSON text, named in each layer's
    metadata so :func:`read_gpkg` turns them back into lists.
    """
    import pyogrio  # geopandas' I/O engine

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "geodata.gpkg"
        for name, frame, fields in ((PLACES_LAYER, data.places, PLACE_FIELDS),
                                    (LINKS_LAYER, data.links, LINK_FIELDS)):
            layer, lists = _layer(frame, fields)
            pyogrio.write_dataframe(layer, out, layer=name, driver="GPKG",
                                    layer_metadata={LIST_FIELDS_KEY: lists})
        if data.regions is not None:
            pyogrio.write_dataframe(data.regions, out, layer=REGIONS_LAYER, driver="GPKG")
        return atomic_write_bytes(path, out.read_bytes())


def _features(path: Path, layer: str) -> list[dict[str, Any]]:
    """Return a layer as GeoJSON-like features (lists, integers and missing values restored)."""
    import pyogrio

    frame = pyogrio.read_dataframe(path, layer=layer)
    info = pyogrio.read_info(path, layer=layer)
    meta = info.get("layer_metadata") or {}
    lists = {k for k in str(meta.get(LIST_FIELDS_KEY, "")).split(",") if k}
    booleans = {str(f) for f, sub in zip(info["fields"], info.get("ogr_subtypes", []),
                                         strict=False) if sub == "OFSTBoolean"}
    features = []
    columns = [c for c in frame.columns if c != "geometry"]
    for values, geom in zip(frame[columns].itertuples(index=False), frame.geometry,
                            strict=True):
        props: dict[str, Any] = {}
        for key, value in zip(columns, values, strict=True):
            value = _plain(value)
            if value is None:
                continue
            if key in lists and isinstance(value, str):
                with contextlib.suppress(ValueError):  # else text: validation names it
                    value = json.loads(value)
            if key in booleans and value in (0, 1):
                value = bool(value)
            elif key in INTEGER_FIELDS and isinstance(value, float) and value.is_integer():
                value = int(value)
            props[key] = value
        geometry = json.loads(json.dumps(geom.__geo_interface__)) if geom is not None else None
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return features


def read_gpkg(path: Path, problems: list[Problem]) -> tuple[
        list[dict[str, Any]] | None, list[dict[str, Any]] | None, gpd.GeoDataFrame | None]:
    """Return the place and link features and the regions of a GeoPackage.

    A missing or unreadable file or layer is one problem naming the file (and ``None``).
    """
    import pyogrio

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception as exc:  # pyogrio / GDAL raise their own types for unreadable input
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(Problem(path.name, "-", "-", f"cannot read as GeoPackage: {message}"))
        return None, None, None
    found: list[list[dict[str, Any]] | None] = []
    for layer in (PLACES_LAYER, LINKS_LAYER):
        if layer not in layers:
            problems.append(Problem(path.name, "-", layer, f"no layer {layer!r} "
                                    f"(found: {', '.join(sorted(layers)) or 'none'})"))
            found.append(None)
        else:
            found.append(_features(path, layer))
    regions = (gpd.read_file(path, layer=REGIONS_LAYER) if REGIONS_LAYER in layers else None)
    return found[0], found[1], regions
