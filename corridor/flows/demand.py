"""Freight demand: origin-destination flows in Mt/yr from ``geodata/demand.csv`` or a user file."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from corridor import geodata, settings
from corridor._errors import GeodataError, Problem
from corridor.flows._csv import check_amount_and_year, open_flow_file
from corridor.geodata.schema import URL_RE
from corridor.routing.view import parse_modes

DEMAND_FILE = "demand.csv"
#: Columns of a demand file, in order (``modes`` may be empty: every mode).
DEMAND_COLUMNS = ("origin", "destination", "mt_yr", "year", "case", "modes", "source_url", "note")
_REQUIRED = ("origin", "destination", "mt_yr", "year", "case")


@dataclass(frozen=True)
class Demand:
    """One origin-destination flow.

    ``modes`` are the modes it may use; ``source_url`` is empty for a stated assumption
    (then ``note`` says so).
    """

    origin: str
    destination: str
    mt_yr: float
    year: int
    case: str
    modes: tuple[str, ...]
    source_url: str
    note: str


def default_path() -> Path:
    """Return the shipped demand file."""
    return settings.default_geodata_dir() / DEMAND_FILE


def _row(name: str, line: int, raw: dict[str, str | None], places: set[str],
         problems: list[Problem]) -> Demand | None:
    where = f"row {line}"
    cell = {k: (raw.get(k) or "").strip() for k in DEMAND_COLUMNS}
    before = len(problems)
    for key in _REQUIRED:
        if not cell[key]:
            problems.append(Problem(name, where, key, "missing value"))
    for key in ("origin", "destination"):
        if cell[key] and cell[key] not in places:
            problems.append(Problem(name, where, key, f"unknown place id {cell[key]!r}"))
    if cell["origin"] and cell["origin"] == cell["destination"]:
        problems.append(Problem(name, where, "destination", "same as the origin"))
    mt = check_amount_and_year(name, where, cell, "mt_yr", "year", problems)
    modes: tuple[str, ...] = ()
    try:
        modes = parse_modes(cell["modes"].split("+")) if cell["modes"] else ("rail", "road",
                                                                            "ferry")
    except ValueError as exc:
        problems.append(Problem(name, where, "modes", str(exc)))
    urls = cell["source_url"].split()
    if any(not URL_RE.match(u) for u in urls):
        problems.append(Problem(name, where, "source_url", "expected http(s) URLs"))
    if not urls and "assumption" not in cell["note"].lower():
        problems.append(Problem(name, where, "source_url",
                                "a row without a source must say in its note that it is an "
                                "assumption"))
    if len(problems) > before:
        return None
    return Demand(cell["origin"], cell["destination"], mt or math.nan, int(cell["year"]),
                  cell["case"], modes, cell["source_url"], cell["note"])


def read_demand(path: str | os.PathLike[str] | None = None,
                data: geodata.GeoData | None = None) -> list[Demand]:
    """Read and check a demand file (default: the shipped ``geodata/demand.csv``).

    Parameters
    ----------
    path
        The CSV file (columns :data:`DEMAND_COLUMNS`; ``modes`` like ``rail+ferry``).
    data
        Geodata whose place ids the origins and destinations must be (default: shipped).

    Returns
    -------
    list of Demand
        Every row, in file order.

    Raises
    ------
    GeodataError
        Naming the file, the row and the field of every problem (exit 2 in the CLI).
    """
    data, name, reader = open_flow_file(path, default_path, _REQUIRED, data)
    places = set(data.places.index)
    problems: list[Problem] = []
    rows = [_row(name, i, raw, places, problems) for i, raw in enumerate(reader, start=2)]
    if problems:
        raise GeodataError(problems)
    out = [r for r in rows if r is not None]
    if not out:
        raise GeodataError([Problem(name, "-", "-", "no demand rows")])
    return out


def cases(rows: list[Demand]) -> list[str]:
    """Return the demand cases of ``rows`` in file order (``today``, ``2030``...)."""
    return list(dict.fromkeys(r.case for r in rows))
