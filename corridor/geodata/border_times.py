"""Published border dwell per crossing, mode, profile and direction: ``border_times.csv``."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from corridor import settings
from corridor._errors import Problem
from corridor.geodata.schema import ISO3_RE, URL_RE

#: The file inside a geodata folder (optional: without it every crossing uses the defaults).
BORDER_TIMES_FILE = "border_times.csv"

#: Columns, in order. ``crossing`` is a border-crossing place (modes rail, road) or a ferry
#: link joining two countries (mode ferry: the customs at its two ports); ``side`` is the
#: country whose post the hours were measured at (empty: the whole crossing).
BORDER_TIME_COLUMNS = ("crossing", "mode", "profile", "from_country", "to_country", "side",
                       "hours", "year", "source_url", "note")


def _direction_problems(row: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return the problems of a row's direction and side."""
    out = []
    if row["from_country"] == row["to_country"]:
        out.append(("to_country", "a direction needs two different countries"))
    if row["side"] and row["side"] not in (row["from_country"], row["to_country"]):
        out.append(("side", f"expected empty, {row['from_country']} or {row['to_country']}, "
                            f"got {row['side']!r}"))
    return out


def _row_problems(row: Mapping[str, str], crossings: Mapping[str, tuple[str, set[str]]]
                  ) -> list[tuple[str, str]]:
    """Return ``(field, message)`` for every problem of one row."""
    out: list[tuple[str, str]] = []
    known = crossings.get(row["crossing"])
    if known is None:
        out.append(("crossing", f"names no border crossing or ferry link: {row['crossing']!r}"))
    modes = ("rail", "road") if known is None or known[0] != "ferry" else ("ferry",)
    if row["mode"] not in modes:
        out.append(("mode", f"expected one of {list(modes)}, got {row['mode']!r}"))
    if row["profile"] not in settings.PROFILES:
        out.append(("profile", f"expected one of {list(settings.PROFILES)}, "
                               f"got {row['profile']!r}"))
    countries = known[1] if known is not None else set()
    for key in ("from_country", "to_country"):
        value = row[key]
        if not ISO3_RE.match(value):
            out.append((key, f"expected an ISO3 code, got {value!r}"))
        elif known is not None and value not in countries:
            out.append((key, f"{value} is not a country of {row['crossing']} "
                             f"({', '.join(sorted(countries))})"))
    out += _direction_problems(row)
    try:
        hours = float(row["hours"])
    except ValueError:
        hours = math.nan
    if not math.isfinite(hours) or hours < 0:
        out.append(("hours", f"expected a number of hours >= 0, got {row['hours']!r}"))
    if row["year"] and not (row["year"].isdigit() and 1900 <= int(row["year"]) <= 2100):
        out.append(("year", f"expected a year, got {row['year']!r}"))
    if not all(URL_RE.match(u) for u in row["source_url"].split()) or not row["source_url"]:
        out.append(("source_url", "expected one or more http(s) URLs"))
    return out


def read_border_times(folder: Path, crossings: Mapping[str, tuple[str, set[str]]],
                      problems: list[Problem]) -> pd.DataFrame | None:
    """Read and check ``border_times.csv`` of a folder; ``None`` when the folder has none.

    Parameters
    ----------
    folder
        The geodata folder.
    crossings
        Border-crossing place ids and ferry link ids -> (``"land"`` or ``"ferry"``, the
        countries joined).
    problems
        Problems are appended here, each naming the file, the row (``crossing@line``) and
        the field.
    """
    path = folder / BORDER_TIMES_FILE
    if not path.exists():
        return None
    name = BORDER_TIMES_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, "-", "-", f"cannot read: {exc}"))
        return None
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != BORDER_TIME_COLUMNS:
        problems.append(Problem(name, "-", "header",
                                f"expected columns {','.join(BORDER_TIME_COLUMNS)}"))
        return None
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    before = len(problems)
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items()}
        rid = f"{row['crossing'] or '?'}@line{reader.line_num}"
        for field, message in _row_problems(row, crossings):
            problems.append(Problem(name, rid, field, message))
        key = tuple(row[k] for k in ("crossing", "mode", "profile", "from_country",
                                     "to_country", "side"))
        if key in seen:
            problems.append(Problem(name, rid, "side", "duplicate row for this crossing, "
                                                       "mode, profile, direction and side"))
        seen.add(key)
        rows.append(row)
    if len(problems) > before:
        return None
    frame = pd.DataFrame(rows, columns=list(BORDER_TIME_COLUMNS))
    frame["hours"] = frame["hours"].astype(float)
    return frame
