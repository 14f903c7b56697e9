"""Applying a scenario to geodata: usable links, open and closed crossings, names it uses.

The rules are listed in the docstring of :mod:`corridor.scenarios`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from corridor import geodata
from corridor._errors import ScenarioError
from corridor.scenarios.files import load
from corridor.scenarios.model import Scenario
from corridor.scenarios.validation import PAIR_FIELDS, hint


def records(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Return the rows of a frame as plain dicts keyed by the index (fast, geometry kept)."""
    columns = {c: (frame[c].tolist() if c != "geometry" else list(frame[c].array))
               for c in frame.columns}
    names = list(columns)
    return {idx: dict(zip(names, values, strict=True))
            for idx, values in zip(frame.index, zip(*columns.values(), strict=True),
                                   strict=True)}


def _tags(value: Any) -> set[str]:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return {str(v) for v in (value.tolist() if hasattr(value, "tolist") else value)}
    return set()


def _year(value: Any) -> int | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    return int(value)


def _countries(value: Any) -> tuple[str, ...]:
    return tuple(sorted(_tags(value)))


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    """Return the values of an optional column, none when ``frame`` lacks it."""
    return frame[name].tolist() if name in frame.columns else []


def _names_in(data: geodata.GeoData) -> dict[str, set[str]]:
    """Return the link ids, corridor tags, border-crossing ids and countries ``data`` holds.

    ``countries`` (of crossings) and ``corridors`` (of links) are optional columns, as
    :func:`select` reads them: geodata built in code without them holds none.
    """
    places, links = data.places, data.links
    countries = {c for c in places["country"] if isinstance(c, str)}
    countries |= {c for c in _column(links, "country") if isinstance(c, str)}
    for pair in _column(places, "countries"):
        countries |= _tags(pair)
    if data.regions is not None:
        countries |= {c for c in _column(data.regions, "country") if isinstance(c, str)}
    tags: set[str] = set()
    for value in _column(links, "corridors"):
        tags |= _tags(value)
    crossings = set(places.index[places["kind"] == "border_crossing"])
    return {"link": set(links.index), "corridor tag": tags, "border crossing": crossings,
            "country": countries}


#: Scenario fields naming things in the geodata, and the kind of thing each names.
_NAME_FIELDS = {
    "open_links": "link", "closed_links": "link",
    "open_corridors": "corridor tag", "except_corridors": "corridor tag",
    "closed_corridors": "corridor tag",
    "open_crossings": "border crossing", "closed_crossings": "border crossing",
    "closed_countries": "country", "open_borders": "country", "closed_borders": "country",
}


def check_names(scenario: Scenario, data: geodata.GeoData) -> None:
    """Refuse a scenario naming links, tags, crossings or countries ``data`` does not hold.

    A misspelt name would otherwise be ignored silently (the scenario would quietly equal
    its base). :func:`select` calls this for :attr:`Scenario.strict` scenarios.

    Raises
    ------
    ScenarioError
        ``FILE: scenario 'x': FIELD: unknown KIND 'name'; did you mean ...?``
    """
    known = _names_in(data)
    where = f"{scenario.source}: " if scenario.source else ""
    for key, kind in _NAME_FIELDS.items():
        value = getattr(scenario, key)
        names = [c for pair in value for c in pair] if key in PAIR_FIELDS else list(value)
        for name in names:
            if name not in known[kind]:
                raise ScenarioError(
                    f"{where}scenario {scenario.name!r}: {key}: unknown {kind} {name!r}"
                    f"{hint(name, known[kind])} (the geodata"
                    f"{' in ' + str(data.path) if data.path else ''} has no such {kind})")


@dataclass(frozen=True)
class Selection:
    """The outcome of applying a scenario to geodata.

    Attributes
    ----------
    links
        Ids of the usable links.
    crossings
        Ids of the open border crossings.
    closed_crossings
        Ids of the border crossings that are closed.
    places
        Ids of the places still present (not in a closed country).
    """

    links: frozenset[str]
    crossings: frozenset[str]
    closed_crossings: frozenset[str]
    places: frozenset[str]


def _link_years_ok(row: dict[str, Any], scenario: Scenario) -> tuple[bool, bool]:
    """Return (within ``as_of`` when opened by name or tag, usable by status and year)."""
    status = row["status"]
    year = _year(row.get("opened")) if status == "operating" else _year(row.get("expected"))
    forced_ok = scenario.as_of is None or year is None or year <= scenario.as_of
    if status not in scenario.link_statuses:
        return forced_ok, False
    if scenario.as_of is not None:
        if year is None and status != "operating":
            return forced_ok, False
        if year is not None and year > scenario.as_of:
            return forced_ok, False
    return forced_ok, True


def _usable_links(link_records: dict[str, dict[str, Any]],
                  scenario: Scenario) -> tuple[set[str], set[str]]:
    """Return (links usable by status and year, links opened by name or tag) -- rule 1."""
    open_tags, except_tags = set(scenario.open_corridors), set(scenario.except_corridors)
    forced: set[str] = set()
    usable: set[str] = set()
    for lid, row in link_records.items():
        tags = _tags(row.get("corridors"))
        by_tag = bool(tags & open_tags) and not tags & except_tags
        by_name = lid in scenario.open_links or by_tag
        forced_ok, usable_ok = _link_years_ok(row, scenario)
        if by_name:
            if forced_ok:
                forced.add(lid)
        elif usable_ok:
            usable.add(lid)
    return usable, forced


def _crossing_states(
    places: pd.DataFrame,
    link_records: dict[str, dict[str, Any]],
    forced: set[str],
    scenario: Scenario,
    present: set[str],
) -> tuple[set[str], set[str], set[str]]:
    """Return (open, closed, explicitly opened) border crossings -- rule 2."""
    forced_ends: set[str] = set()
    for lid in forced:
        forced_ends.update((link_records[lid]["from"], link_records[lid]["to"]))
    closed_countries = set(scenario.closed_countries)
    open_pairs = set(scenario.open_borders)
    closed_pairs = set(scenario.closed_borders)
    open_x: set[str] = set()
    closed_x: set[str] = set()
    explicitly_opened: set[str] = set()
    for pid, row in records(places[places["kind"] == "border_crossing"]).items():
        pair = _countries(row.get("countries"))
        explicit = pid in scenario.open_crossings or pair in open_pairs
        is_open = row.get("status") in scenario.crossing_statuses or explicit or pid in forced_ends
        closing = (pid in scenario.closed_crossings or pair in closed_pairs
                   or bool(set(pair) & closed_countries) or pid not in present)
        if is_open and not closing:
            open_x.add(pid)
            if explicit:
                explicitly_opened.add(pid)
        else:
            closed_x.add(pid)
    return open_x, closed_x, explicitly_opened


def _kept(chosen: set[str], link_records: dict[str, dict[str, Any]], scenario: Scenario,
          present: set[str]) -> set[str]:
    """Return the chosen links not removed by closures -- rule 4."""
    closed_tags = set(scenario.closed_corridors)
    closed_countries = set(scenario.closed_countries)
    result: set[str] = set()
    for lid in chosen:
        row = link_records[lid]
        if lid in scenario.closed_links or _tags(row.get("corridors")) & closed_tags:
            continue
        if row.get("country") in closed_countries:
            continue
        if row["from"] not in present or row["to"] not in present:
            continue
        result.add(lid)
    return result


def select(data: geodata.GeoData, scenario: Scenario) -> Selection:
    """Apply a scenario to geodata: which links are usable and which crossings are open.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        The scenario (see the docstring of :mod:`corridor.scenarios` for the rules).

    Returns
    -------
    Selection
        Usable link ids, open and closed crossing ids, remaining place ids.

    Raises
    ------
    ScenarioError
        A :attr:`Scenario.strict` scenario names something ``data`` lacks
        (see :func:`check_names`).
    """
    if scenario.strict:
        check_names(scenario, data)
    places = data.places
    closed_countries = set(scenario.closed_countries)
    present = {pid for pid, c in zip(places.index, places["country"], strict=True)
               if c not in closed_countries}
    link_records = records(data.links)
    usable, forced = _usable_links(link_records, scenario)
    open_x, closed_x, explicitly_opened = _crossing_states(
        places, link_records, forced, scenario, present)
    for lid, row in link_records.items():  # rule 3: reopened with their crossing
        if row["status"] == "closed" and (
                row["from"] in explicitly_opened or row["to"] in explicitly_opened):
            usable.add(lid)
    result = _kept(usable | forced, link_records, scenario, present)
    return Selection(frozenset(result), frozenset(open_x), frozenset(closed_x),
                     frozenset(present))


def load_checked(path: str | os.PathLike[str] | None = None,
                 geodata_dir: str | os.PathLike[str] | None = None) -> dict[str, Scenario]:
    """Load the scenarios (see :func:`load`) and check the names those of a user file use.

    Parameters
    ----------
    path
        An extra scenarios TOML file.
    geodata_dir
        Geodata folder; its scenarios file is read, and the names of :attr:`Scenario.strict`
        scenarios are checked against its geodata (default: ``$CORRIDOR_GEODATA`` or the
        shipped data for the names, the shipped scenarios file).

    Returns
    -------
    dict
        Scenario name -> :class:`Scenario`, as :func:`load` returns them.

    Raises
    ------
    ScenarioError
        A scenario file is invalid, or a strict scenario names something the geodata lacks.
    GeodataError
        The geodata needed for the check is invalid.
    """
    found = load(path, geodata_dir)
    if any(s.strict for s in found.values()):  # a user file: check the names it uses
        data = geodata.load(geodata_dir)
        for scenario in found.values():
            if scenario.strict:
                check_names(scenario, data)
    return found
