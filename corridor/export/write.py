"""Writing an export: GeoPackage, GeoParquet, GraphML or CSV, atomically, with provenance."""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd

from corridor import geodata, network
from corridor._errors import InvalidArgument
from corridor._io import atomic_write_bytes, atomic_write_folder, atomic_write_text, csv_text
from corridor.export.graphml import graphml_text
from corridor.export.layers import LAYERS, all_layers
from corridor.export.od import need_pyarrow, provenance
from corridor.scenarios import Scenario

#: Export formats: one file (gpkg, graphml) or a folder of one file per layer.
EXPORT_FORMATS = ("gpkg", "geoparquet", "graphml", "csv")
#: Name of the metadata file in a folder export.
METADATA_FILE = "metadata.json"


def _gpkg_bytes(layers: dict[str, gpd.GeoDataFrame], metadata: dict[str, Any]) -> bytes:
    """Return a GeoPackage holding every layer, each with ``metadata`` as layer metadata."""
    import pyogrio  # geopandas' default I/O engine

    meta = {k: str(v) for k, v in metadata.items()}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        for name in LAYERS:
            pyogrio.write_dataframe(layers[name], path, layer=name, driver="GPKG",
                                    layer_metadata=meta)
        return path.read_bytes()


def _csv_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """Return a layer as CSV, its geometry as WKT (cells neutralised by ``csv_cell``)."""
    columns = [c for c in frame.columns if c != "geometry"]
    numeric = [c for c in columns if frame[c].dtype.kind in "if"]
    rows = ([*(None if _missing(v) else v for v in row[:-1]),
             row[-1].wkt if row[-1] is not None else None]
            for row in frame[[*columns, "geometry"]].itertuples(index=False))
    return csv_text([*columns, "geometry_wkt"], rows, numeric=numeric).encode()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _parquet_bytes(frame: gpd.GeoDataFrame) -> bytes:
    need_pyarrow()
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def export(data: geodata.GeoData, scenario: Scenario, fmt: str, out: str | os.PathLike[str],
           scenarios_file: str | os.PathLike[str] | None = None) -> list[Path]:
    """Export the places, links, graph nodes and edges of ``data`` in ``scenario``.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        The scenario (links get ``usable``, places ``present``, crossings ``crossing_open``).
    fmt
        ``gpkg`` (one GeoPackage, a layer each), ``geoparquet`` or ``csv`` (a folder with a
        file per layer and ``metadata.json``), ``graphml`` (the graph only, see
        :func:`corridor.export.graphml.graphml_graph`).
    out
        The file or folder written (replaced atomically).
    scenarios_file
        The user scenarios file, recorded in the metadata.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InvalidArgument
        For an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidArgument(f"unknown export format {fmt!r}; expected one of "
                              f"{', '.join(EXPORT_FORMATS)}")
    metadata = provenance(data, scenario, scenarios_file)
    if fmt == "geoparquet":
        need_pyarrow()  # before the work
    if fmt == "graphml":
        return [atomic_write_text(out, graphml_text(network.build(data, scenario), metadata))]
    layers = all_layers(data, scenario)
    if fmt == "gpkg":
        return [atomic_write_bytes(out, _gpkg_bytes(layers, metadata))]
    suffix, encode = (".parquet", _parquet_bytes) if fmt == "geoparquet" else (".csv", _csv_bytes)
    files = {f"{name}{suffix}": encode(layers[name]) for name in LAYERS}
    files[METADATA_FILE] = (json.dumps(metadata, indent=2, sort_keys=True) + "\n").encode()
    return atomic_write_folder(out, files)
