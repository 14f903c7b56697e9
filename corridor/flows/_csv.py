"""Reading the flow input files (demand, capacities): the checked CSV and its cells."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from corridor import geodata
from corridor._errors import GeodataError, Problem


def positive_number(text: str) -> float | None:
    """Return the finite positive number ``text`` holds, or None (a CSV cell's check)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def check_amount_and_year(name: str, where: str, cell: dict[str, str], amount: str, year: str,
                          problems: list[Problem]) -> float | None:
    """Check a row's amount (a positive number) and its year, when given.

    Parameters
    ----------
    name, where
        The file and the row (``row 3``) a problem names.
    cell
        The row's stripped cells, by column.
    amount, year
        The columns of the amount and of the year.
    problems
        Each problem found is appended here (the amount's first), naming its column.

    Returns
    -------
    float or None
        The amount, or None when it is empty or not a finite positive number.
    """
    value = positive_number(cell[amount])
    if cell[amount] and value is None:
        problems.append(Problem(name, where, amount,
                                f"expected a positive number, got {cell[amount]!r}"))
    text = cell[year]
    if text and not (text.isdigit() and 1900 <= int(text) <= 2100):
        problems.append(Problem(name, where, year, f"expected a year, got {text!r}"))
    return value


def read_checked_csv(file: Path, required: Iterable[str]) -> csv.DictReader[str]:
    """Open the CSV ``file`` (UTF-8, BOM allowed) and check it has the ``required`` columns.

    Returns
    -------
    csv.DictReader
        A reader over its rows (the header read, the first row is file line 2).

    Raises
    ------
    GeodataError
        Naming the file and every missing column (exit 2 in the CLI).
    """
    reader = csv.DictReader(file.read_text(encoding="utf-8-sig").splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise GeodataError([Problem(str(file), "-", "-",
                                    f"missing columns: {', '.join(missing)}")])
    return reader


def open_flow_file(path: str | os.PathLike[str] | None, default: Callable[[], Path],
                   required: Iterable[str], data: geodata.GeoData | None,
                   ) -> tuple[geodata.GeoData, str, csv.DictReader[str]]:
    """Resolve the geodata and the file of a flow input reader, and open the file checked.

    Parameters
    ----------
    path
        The CSV file, or None for ``default()``.
    default
        Returns the shipped file.
    required
        Columns the file must have (:func:`read_checked_csv`).
    data
        Geodata the rows refer to, or None for the shipped geodata (loaded once).

    Returns
    -------
    tuple
        The geodata, the file's name as problems cite it, and a reader over its rows.

    Raises
    ------
    GeodataError
        Naming the file and every missing column (exit 2 in the CLI).
    """
    from corridor.routing import cache  # the shipped geodata, loaded once

    data = data if data is not None else cache.default_data()
    file = Path(path) if path is not None else default()
    return data, str(file), read_checked_csv(file, required)
