"""Capacity plans: published capacities of groups of links and of planned upgrades, by plan."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor import geodata, settings
from corridor._errors import GeodataError, Problem
from corridor.flows._csv import check_amount_and_year, open_flow_file
from corridor.geodata.schema import URL_RE

CAPACITY_FILE = "capacities.csv"
#: Columns of a capacity file, in order.
CAPACITY_COLUMNS = ("plan", "kind", "id", "links", "capacity_mt_yr", "capacity_year",
                    "source_url", "note")
#: The plan whose rows always apply (published capacities of today not held by one feature).
BASE_PLAN = "today"
KINDS = ("link", "place", "group")


@dataclass(frozen=True)
class Capacity:
    """One published capacity of a plan.

    ``kind`` ``link`` or ``place``: the capacity of that feature in the plan (replacing
    the figure of the geodata); ``group``: one capacity shared by ``links`` (e.g. a ferry
    operator's fleet across its lines), a new element ``("group", id)``.
    """

    plan: str
    kind: str
    id: str
    links: tuple[str, ...]
    capacity_mt_yr: float
    capacity_year: int
    source_url: str
    note: str

    @property
    def element(self) -> tuple[str, str]:
        """The capacity element, ``(kind, id)``."""
        return (self.kind, self.id)


def default_path() -> Path:
    """Return the shipped capacity file."""
    return settings.default_geodata_dir() / CAPACITY_FILE


def _check_ids(name: str, where: str, kind: str, fid: str, links: tuple[str, ...],
               data: geodata.GeoData) -> list[Problem]:
    out = []
    if kind and kind not in KINDS:
        out.append(Problem(name, where, "kind", f"expected one of {', '.join(KINDS)}"))
    known = {"link": set(data.links.index), "place": set(data.places.index)}
    if kind in known and fid and fid not in known[kind]:
        out.append(Problem(name, where, "id", f"unknown {kind} id {fid!r}"))
    if kind == "group" and not links:
        out.append(Problem(name, where, "links", "a group needs its link ids"))
    if kind != "group" and links:
        out.append(Problem(name, where, "links", "only a group lists links"))
    out += [Problem(name, where, "links", f"unknown link id {lid!r}")
            for lid in links if lid not in known["link"]]
    return out


def _row(name: str, line: int, raw: dict[str, str | None], data: geodata.GeoData,
         problems: list[Problem]) -> Capacity | None:
    where = f"row {line}"
    cell = {k: (raw.get(k) or "").strip() for k in CAPACITY_COLUMNS}
    before = len(problems)
    for key in ("plan", "kind", "id", "capacity_mt_yr", "capacity_year", "source_url"):
        if not cell[key]:
            problems.append(Problem(name, where, key, "missing value"))
    links = tuple(cell["links"].split())
    problems += _check_ids(name, where, cell["kind"], cell["id"], links, data)
    mt = check_amount_and_year(name, where, cell, "capacity_mt_yr", "capacity_year", problems)
    if cell["source_url"] and any(not URL_RE.match(u) for u in cell["source_url"].split()):
        problems.append(Problem(name, where, "source_url", "expected http(s) URLs"))
    if len(problems) > before:
        return None
    return Capacity(cell["plan"], cell["kind"], cell["id"], links, mt or math.nan,
                    int(cell["capacity_year"]), cell["source_url"], cell["note"])


def read_capacities(path: str | os.PathLike[str] | None = None,
                    data: geodata.GeoData | None = None) -> list[Capacity]:
    """Read and check a capacity file (default: the shipped ``geodata/capacities.csv``).

    Every row needs a source URL: a capacity is published or absent (unknown), never
    assumed.

    Raises
    ------
    GeodataError
        Naming the file, the row and the field of every problem (exit 2 in the CLI).
    """
    data, name, reader = open_flow_file(path, default_path, CAPACITY_COLUMNS, data)
    problems: list[Problem] = []
    rows = [_row(name, i, raw, data, problems) for i, raw in enumerate(reader, start=2)]
    seen: set[tuple[str, str, str]] = set()
    for i, r in enumerate(rows, start=2):
        if r is not None and (r.plan, r.kind, r.id) in seen:
            problems.append(Problem(name, f"row {i}", "id", f"{r.kind} {r.id!r} twice in "
                                    f"plan {r.plan!r}"))
        elif r is not None:
            seen.add((r.plan, r.kind, r.id))
    if problems:
        raise GeodataError(problems)
    return [r for r in rows if r is not None]


def plans(rows: Iterable[Capacity]) -> list[str]:
    """Return the plans of ``rows`` in file order (``today`` first when present)."""
    names = list(dict.fromkeys(r.plan for r in rows))
    return sorted(names, key=lambda p: p != BASE_PLAN)


def for_plan(rows: Iterable[Capacity], plan: str = BASE_PLAN) -> list[Capacity]:
    """Return the rows in force in ``plan``: the base plan's, replaced by the plan's own."""
    rows = list(rows)
    chosen = {r.element: r for r in rows if r.plan == BASE_PLAN}
    chosen.update({r.element: r for r in rows if r.plan == plan})
    return list(chosen.values())


def meta(row: Capacity) -> dict[str, Any]:
    """Return the year, source and note of a row, as the flow tables show them."""
    return {"capacity_year": row.capacity_year, "capacity_source": row.source_url,
            "capacity_note": row.note, "plan": row.plan, "links": list(row.links)}
