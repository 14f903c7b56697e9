"""Origin-destination tables: hours and km of the best route between every pair of places."""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from corridor import _meta, geodata, routing
from corridor._errors import InvalidArgument
from corridor._io import atomic_write_bytes, atomic_write_text, csv_text
from corridor.scenarios import Scenario

#: Layouts of an OD table: one row per pair, or one row per origin and measure.
OD_FORMATS = ("long", "wide")
#: File types an OD table is written as (by the output's suffix).
OD_SUFFIXES = (".csv", ".parquet")


def read_place_list(path: str | os.PathLike[str]) -> list[str]:
    """Return the places of a file: one place id or name per line (first CSV field).

    Empty lines, lines starting with ``#`` and a header line ``place`` or ``id`` are skipped.

    Raises
    ------
    InvalidArgument
        When the file names no place.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    names = []
    for row in csv.reader(io.StringIO(text)):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        names.append(row[0].strip())
    if names and names[0].lower() in ("place", "id"):
        names = names[1:]
    if not names:
        raise InvalidArgument(f"{path}: no place in the file (one place id or name per line)")
    return names


def places_of_kinds(data: geodata.GeoData, kinds: Iterable[str]) -> list[str]:
    """Return the ids of the places of the given kinds (``city``, ``port``...), in file order.

    Raises
    ------
    InvalidArgument
        For a kind the geodata schema does not know.
    """
    kinds = list(kinds)
    bad = [k for k in kinds if k not in geodata.PLACE_KINDS]
    if bad:
        raise InvalidArgument(f"unknown place kind(s) {', '.join(map(repr, bad))}; expected "
                              f"from {', '.join(geodata.PLACE_KINDS)}")
    return list(data.places.index[data.places["kind"].isin(kinds)])


def od_table(data: geodata.GeoData, scenario: str | Scenario = "today", *,
             places: Sequence[str] | None = None, modes: str = "multimodal",
             weight: str = "time") -> pd.DataFrame:
    """Return the OD table (long): hours and km of the best route for every ordered pair.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        Scenario (name or object).
    places
        Place ids or names (default: every city and port, as :func:`routing.od_matrix`).
    modes, weight
        As for :func:`corridor.routing.route`; ``weight`` picks the best route, the table
        gives both its hours and its km.

    Returns
    -------
    pandas.DataFrame
        Columns ``origin``, ``origin_name``, ``destination``, ``destination_name``,
        ``hours``, ``km`` (NaN where no route exists); no row for a place to itself.
    """
    kwargs: dict[str, Any] = {"scenario": scenario, "modes": modes, "weight": weight,
                              "data": data}
    hours = routing.od_matrix(places, places, value="time", **kwargs)
    km = routing.od_matrix(places, places, value="length", **kwargs)
    names = data.places["name"]
    rows = [(o, names[o], d, names[d], hours.at[o, d], km.at[o, d])
            for o in hours.index for d in hours.columns if o != d]
    return pd.DataFrame(rows, columns=["origin", "origin_name", "destination",
                                       "destination_name", "hours", "km"])


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """Return a long OD table as one row per origin and measure, destinations as columns."""
    parts = []
    for measure in ("hours", "km"):
        m = table.pivot(index="origin", columns="destination", values=measure)
        m.insert(0, "measure", measure)
        parts.append(m)
    order = list(dict.fromkeys(table["origin"]))
    out = pd.concat(parts).reset_index()
    out["_o"] = out["origin"].map({o: i for i, o in enumerate(order)})
    out = out.sort_values(["_o", "measure"], kind="stable").drop(columns="_o")
    cols = ["origin", "measure", *dict.fromkeys(table["destination"])]
    out.columns.name = None
    return out.reindex(columns=cols).reset_index(drop=True)


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    return value


def write_od(table: pd.DataFrame, out: str | os.PathLike[str], layout: str = "long",
             metadata: dict[str, Any] | None = None) -> Path:
    """Write an OD table as CSV or Parquet (by the suffix of ``out``), atomically.

    CSV cells go through :func:`corridor._io.csv_cell` (no text becomes a formula);
    Parquet carries ``metadata`` (see :func:`corridor._meta.provenance`) in its schema.

    Raises
    ------
    InvalidArgument
        For an unknown layout or suffix.
    """
    if layout not in OD_FORMATS:
        raise InvalidArgument(f"unknown OD layout {layout!r}; expected one of {OD_FORMATS}")
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in OD_SUFFIXES:
        raise InvalidArgument(f"{path}: an OD table is written as .csv or .parquet, "
                              f"not {suffix or 'a file without suffix'!r}")
    frame = wide(table) if layout == "wide" else table
    if suffix == ".csv":
        numeric = [c for c in frame.columns if c not in ("origin", "origin_name", "destination",
                                                          "destination_name", "measure")]
        rows = ([_cell(v) for v in row] for row in frame.itertuples(index=False))
        return atomic_write_text(path, csv_text(list(frame.columns), rows, numeric=numeric))
    return atomic_write_bytes(path, parquet_bytes(frame, metadata or {}))


def has_pyarrow() -> bool:
    """Return whether pyarrow (needed for Parquet only) is installed."""
    return importlib.util.find_spec("pyarrow") is not None


def need_pyarrow() -> None:
    """Raise :class:`InvalidArgument` (how to install it) when pyarrow is missing."""
    if not has_pyarrow():
        raise InvalidArgument("Parquet output needs pyarrow: pip install 'corridor[parquet]'")


def parquet_bytes(frame: pd.DataFrame, metadata: dict[str, Any]) -> bytes:
    """Return a (non-spatial) frame as Parquet bytes with ``metadata`` in the schema."""
    need_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.update({f"corridor:{k}".encode(): str(v).encode() for k, v in metadata.items()})
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()


def provenance(data: geodata.GeoData, scenario: Scenario,
               scenarios_file: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the metadata of an export of ``data`` in ``scenario``."""
    return _meta.provenance(data.path, scenario.name, scenarios_file)
