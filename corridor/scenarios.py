"""Named scenarios: which links and border crossings count, as of which year, with which parameters.

A scenario is read from a TOML file (``geodata/scenarios.toml`` is shipped; users add their own
with ``--scenarios FILE`` or ``$CORRIDOR_SCENARIOS``). Each top-level table is one scenario::

    [tripp]
    extends = "today"                  # start from another scenario's settings
    description = "TRIPP built: ..."
    as_of = 2030                       # a link counts when opened / expected <= 2030
    link_statuses = ["operating"]      # statuses usable as such
    open_corridors = ["tripp"]         # links with these tags count whatever their status
    except_corridors = ["kiad"]        # ... unless they also carry one of these tags
    crossing_statuses = ["open"]       # crossing statuses that count as open
    closed_borders = [["ARM", "TUR"]]  # every crossing between two countries closed
    [tripp.overrides]
    rail_speed_kmh = 50                # any field of corridor.settings.Defaults

Selection prefers corridor tags, statuses and countries over ids, so a scenario survives
edits of the geodata. Rules, in order:

1. A link is usable when its status is in ``link_statuses``, or it carries one of
   ``open_corridors`` (and none of ``except_corridors``) or is named in ``open_links`` -- then
   whatever its status, even ``dismantled`` (a line to be rebuilt). With ``as_of``, its year
   (``opened`` for operating links, ``expected`` otherwise) must be at most ``as_of``; an
   operating link without a year counts, other links without a year count only when opened
   by tag or id.
2. A border crossing is open when its status is in ``crossing_statuses``, or it is an end of a
   link opened by tag or id, or it is named in ``open_crossings`` or joins a pair of
   ``open_borders``; it is closed when named in ``closed_crossings``, when it joins a pair of
   ``closed_borders`` or touches a closed country. Closing wins.
3. Opening a crossing explicitly (``open_crossings`` / ``open_borders``) also reopens the links
   ending at it whose status is ``closed`` (closed because of the border), not dismantled ones.
4. ``closed_links``, links tagged with ``closed_corridors`` and every link and place in
   ``closed_countries`` are removed.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from corridor import geodata, settings
from corridor._errors import ScenarioError

#: File name of the scenarios shipped in the geodata folder.
SCENARIOS_FILE = "scenarios.toml"

_LIST_FIELDS = (
    "link_statuses", "crossing_statuses", "open_corridors", "except_corridors", "open_links",
    "open_crossings",
    "closed_crossings", "closed_links", "closed_corridors", "closed_countries",
)
_PAIR_FIELDS = ("open_borders", "closed_borders")
_KNOWN_KEYS = {"extends", "description", "as_of", "overrides", *_LIST_FIELDS, *_PAIR_FIELDS}


@dataclass(frozen=True)
class Scenario:
    """What counts in the network: usable link statuses, open crossings, closures, parameters.

    Attributes
    ----------
    name
        Scenario name, e.g. ``"today"``.
    description
        One line shown by ``corridor scenarios``.
    link_statuses
        Link statuses usable as such (``operating``, ``under_construction``, ``planned``,
        ``closed``, ``dismantled``).
    as_of
        Year: a link counts when its ``opened`` / ``expected`` year is at most this; ``None``
        disables the year check.
    crossing_statuses
        Border-crossing statuses that count as open.
    open_corridors, open_links
        Corridor tags and link ids whose links count whatever their status (subject to
        ``as_of``); the border crossings at their ends open too.
    except_corridors
        Tags that keep a link out of ``open_corridors`` (e.g. a line tagged both ``tripp`` and
        ``kiad`` is not opened by ``tripp`` alone).
    open_crossings, closed_crossings
        Border-crossing place ids forced open / closed.
    open_borders, closed_borders
        Pairs of ISO3 countries: every crossing between the two is opened / closed.
    closed_links, closed_corridors
        Link ids and corridor tags removed.
    closed_countries
        ISO3 codes of countries closed to all traffic (their places and links are removed).
    overrides
        ``(field, value)`` pairs replacing fields of :class:`corridor.settings.Defaults`.
    source
        The file the scenario was read from (``""`` when built in code); error messages
        start with it.
    strict
        Whether :func:`select` refuses link ids, corridor tags, crossings and countries the
        geodata lacks (set for scenarios of a user file: ``--scenarios`` or
        ``$CORRIDOR_SCENARIOS``); see :func:`check_names`.
    """

    name: str
    description: str = ""
    link_statuses: tuple[str, ...] = ("operating",)
    as_of: int | None = None
    crossing_statuses: tuple[str, ...] = ("open",)
    open_corridors: tuple[str, ...] = ()
    except_corridors: tuple[str, ...] = ()
    open_links: tuple[str, ...] = ()
    open_crossings: tuple[str, ...] = ()
    closed_crossings: tuple[str, ...] = ()
    open_borders: tuple[tuple[str, str], ...] = ()
    closed_borders: tuple[tuple[str, str], ...] = ()
    closed_links: tuple[str, ...] = ()
    closed_corridors: tuple[str, ...] = ()
    closed_countries: tuple[str, ...] = ()
    overrides: tuple[tuple[str, Any], ...] = field(default=())
    source: str = field(default="", compare=False)
    strict: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for key in _PAIR_FIELDS:  # a border is the same whichever country comes first
            object.__setattr__(self, key, tuple(tuple(sorted(p)) for p in getattr(self, key)))
        where = f"{self.source}: " if self.source else ""
        try:
            self._check()
        except ScenarioError as exc:
            raise ScenarioError(f"{where}scenario {self.name!r}: {exc}") from None

    def _check(self) -> None:
        """Raise :class:`ScenarioError` (without the scenario name) for an invalid field."""
        if not isinstance(self.description, str):
            raise ScenarioError(f"description must be a string, got {self.description!r}")
        if self.as_of is not None and (not isinstance(self.as_of, int)
                                       or isinstance(self.as_of, bool)
                                       or not 1800 <= self.as_of <= 2200):
            raise ScenarioError(f"as_of must be a year (1800-2200), got {self.as_of!r}")
        for key, value in self.overrides:
            _check_override(key, value)
        bad = set(self.link_statuses) - set(geodata.LINK_STATUSES)
        if bad:
            raise ScenarioError(f"unknown link status(es) {sorted(bad)}; expected from "
                                f"{list(geodata.LINK_STATUSES)}")
        bad = set(self.crossing_statuses) - set(geodata.CROSSING_STATUSES)
        if bad:
            raise ScenarioError(f"unknown crossing status(es) {sorted(bad)}; expected from "
                                f"{list(geodata.CROSSING_STATUSES)}")

    @property
    def defaults(self) -> settings.Defaults:
        """The defaults (speeds km/h, penalties h) with this scenario's overrides applied."""
        values = dict(self.overrides)
        return dataclasses.replace(settings.DEFAULTS, **values)

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with some fields changed (lists may be given as lists)."""
        return dataclasses.replace(self, **_normalise(changes))

    def summary(self) -> str:
        """One line: name, description and the year the scenario looks at."""
        year = f" (as of {self.as_of})" if self.as_of is not None else ""
        return f"{self.name}: {self.description}{year}"


_DEFAULT_FIELDS = {f.name: f for f in dataclasses.fields(settings.Defaults)}


def _hint(value: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'a', 'b'?"`` with the closest of ``choices`` (or ``""``)."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _finite(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) < 1e12)


def _check_override(key: str, value: Any) -> None:
    """Raise :class:`ScenarioError` when ``value`` cannot replace ``Defaults.<key>``.

    Speeds must be positive numbers (a zero speed divides by zero); times (transfers,
    dwells, headways) numbers >= 0 (a negative time is a negative edge weight);
    ``speed_by_status`` a table of link status -> positive speed.
    """
    if key not in _DEFAULT_FIELDS:
        raise ScenarioError(f"unknown override {key!r}{_hint(key, _DEFAULT_FIELDS)} "
                            f"(expected one of {', '.join(sorted(_DEFAULT_FIELDS))})")
    if key == "speed_by_status":
        if not isinstance(value, Mapping):
            raise ScenarioError(f"override {key!r} must be a table of link status -> km/h, "
                                f"got {value!r}")
        for status, speed in value.items():
            if status not in geodata.LINK_STATUSES:
                raise ScenarioError(
                    f"override {key!r}: unknown link status {status!r}"
                    f"{_hint(str(status), geodata.LINK_STATUSES)} (expected from "
                    f"{', '.join(geodata.LINK_STATUSES)})")
            if not _finite(speed) or speed <= 0:
                raise ScenarioError(f"override {key!r}: speed of {status!r} must be a positive "
                                    f"number, got {speed!r}")
        return
    if key.endswith("_kmh"):
        if not _finite(value) or value <= 0:
            raise ScenarioError(f"override {key!r} must be a positive number, got {value!r}")
    elif not _finite(value) or value < 0:
        raise ScenarioError(f"override {key!r} must be a number >= 0 (hours), got {value!r}")


def _pairs(value: Any, name: str, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list | tuple):
        raise ScenarioError(f"scenario {name!r}: {key} must be a list of [ISO3, ISO3] pairs")
    out = []
    for pair in value:
        if (not isinstance(pair, list | tuple) or len(pair) != 2
                or not all(isinstance(c, str) for c in pair)):
            raise ScenarioError(f"scenario {name!r}: {key} must be a list of [ISO3, ISO3] pairs")
        a, b = sorted(pair)
        out.append((a, b))
    return tuple(out)


def _normalise(values: Mapping[str, Any], name: str = "?") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _LIST_FIELDS:
            if isinstance(value, str) or not isinstance(value, Iterable):
                raise ScenarioError(f"scenario {name!r}: {key} must be a list of strings")
            items = tuple(value)
            if not all(isinstance(v, str) for v in items):
                bad = next(v for v in items if not isinstance(v, str))
                raise ScenarioError(f"scenario {name!r}: {key} must be a list of strings, "
                                    f"got {repr(bad)[:40]} in it")
            out[key] = items
        elif key in _PAIR_FIELDS:
            out[key] = _pairs(value, name, key)
        elif key == "overrides":
            if isinstance(value, Mapping):
                value = tuple(sorted(value.items()))
            elif isinstance(value, str) or not isinstance(value, Iterable):
                raise ScenarioError(f"scenario {name!r}: overrides must be a table "
                                    f"([{name}.overrides]), got {value!r}")
            out[key] = tuple((str(k), v) for k, v in value)
        elif key == "as_of":
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ScenarioError(f"scenario {name!r}: as_of must be a year, got {value!r}")
            out[key] = value
        else:
            out[key] = value
    return out


def _chain_text(chain: list[str]) -> str:
    """``a -> b -> c -> a``, shortened in the middle for a long loop."""
    names = [*chain, chain[0]] if chain else []
    if len(names) > 8:
        names = [*names[:3], f"... ({len(chain) - 5} more)", *names[-3:]]
    return " -> ".join(names)


def _resolve(raw: Mapping[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Resolve ``extends`` (iteratively: a chain may be thousands long) into plain values."""
    resolved: dict[str, dict[str, Any]] = {}
    for start in raw:
        chain: list[str] = []
        on_chain: set[str] = set()
        name = start
        while name not in resolved:  # walk up to a resolved or a root scenario
            chain.append(name)
            on_chain.add(name)
            parent = raw[name].get("extends")
            if parent is None:
                break
            if not isinstance(parent, str):
                raise ScenarioError(f"scenario {name!r}: extends must be a scenario name, "
                                    f"got {parent!r}")
            if parent not in raw:
                raise ScenarioError(f"scenario {name!r} extends unknown {parent!r}"
                                    f"{_hint(parent, raw)}")
            if parent in on_chain:
                loop = chain[chain.index(parent):]
                raise ScenarioError(f"scenarios extend each other in a loop: "
                                    f"{_chain_text(loop)}")
            name = parent
        for name in reversed(chain):
            table = raw[name]
            parent = table.get("extends")
            values: dict[str, Any] = {}
            if parent is not None:
                values.update(resolved[parent])
                values.pop("description", None)
            overrides = table.get("overrides")
            if overrides is not None and not isinstance(overrides, Mapping):
                raise ScenarioError(f"scenario {name!r}: overrides must be a table "
                                    f"([{name}.overrides]), got {overrides!r}")
            for key, value in table.items():
                if key == "extends":
                    continue
                if key == "overrides":
                    merged = dict(values.get("overrides", {}))
                    merged.update(value)
                    values["overrides"] = merged
                else:
                    values[key] = value
            resolved[name] = values
    return resolved


def _from_tables(tables: Mapping[str, Any], source: str,
                 strict: bool = False) -> dict[str, Scenario]:
    """Build the scenarios of one parsed file; every error message starts with ``source``."""
    raw: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ScenarioError(f"{source}: {name!r} is not a table ([{name}])")
        unknown = set(table) - _KNOWN_KEYS
        if unknown:
            first = sorted(unknown)[0]
            raise ScenarioError(
                f"{source}: scenario {name!r}: unknown key(s) {sorted(unknown)}"
                f"{_hint(first, _KNOWN_KEYS)} (expected from {', '.join(sorted(_KNOWN_KEYS))})"
            )
        raw[name] = table
    try:
        resolved = _resolve(raw)
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None
    scenarios = {}
    for name in raw:
        try:
            values = _normalise(resolved[name], name)
        except ScenarioError as exc:
            raise ScenarioError(f"{source}: {exc}") from None
        scenarios[name] = Scenario(name=name, source=source, strict=strict, **values)
    return scenarios


def read(path: str | os.PathLike[str], strict: bool = False) -> dict[str, Scenario]:
    """Read the scenarios of one TOML file.

    Parameters
    ----------
    path
        A scenarios TOML file (one table per scenario).
    strict
        Mark the scenarios :attr:`Scenario.strict`: :func:`select` then refuses names the
        geodata lacks.

    Returns
    -------
    dict
        Scenario name -> :class:`Scenario`, in file order.

    Raises
    ------
    ScenarioError
        When the file is missing, not TOML, or a scenario is invalid.
    """
    p = Path(path)
    try:
        stat = p.stat()
        key = (str(p.resolve()), stat.st_mtime_ns, stat.st_size, strict)
        cached = _READ_CACHE.get(key)
        if cached is not None:
            return dict(cached)
        if p.is_dir():
            raise ScenarioError(f"{p}: is a folder, expected a scenarios TOML file")
        data = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read scenarios file: {exc.strerror or exc}") from exc
    try:
        tables = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{p}: not UTF-8 text (byte {data[exc.start]:#04x} at offset "
                            f"{exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ScenarioError(f"{p}: not valid TOML: nested too deeply") from None
    found = _from_tables(tables, str(p), strict)
    _READ_CACHE[key] = found
    return dict(found)


#: Scenario files already read, by (path, modification time, size).
_READ_CACHE: dict[tuple[str, int, int, bool], dict[str, Scenario]] = {}


def load(path: str | os.PathLike[str] | None = None,
         geodata_dir: str | os.PathLike[str] | None = None) -> dict[str, Scenario]:
    """Load the available scenarios: shipped ones, then ``$CORRIDOR_SCENARIOS``, then ``path``.

    Parameters
    ----------
    path
        An extra scenarios TOML file; its scenarios replace shipped ones of the same name.
    geodata_dir
        Geodata folder whose ``scenarios.toml`` is read (default: the shipped folder).

    Returns
    -------
    dict
        Scenario name -> :class:`Scenario`. Those of ``path`` and ``$CORRIDOR_SCENARIOS``
        are :attr:`Scenario.strict`.
    """
    found: dict[str, Scenario] = {}
    folder = Path(geodata_dir) if geodata_dir is not None else settings.SHIPPED_GEODATA
    files = [folder / SCENARIOS_FILE]
    if not files[0].exists():
        files = [settings.SHIPPED_GEODATA / SCENARIOS_FILE]
    env = os.environ.get(settings.SCENARIOS_ENV)
    if env:
        files.append(Path(env))
    if path is not None:
        files.append(Path(path))
    for i, file in enumerate(files):
        if file.exists() or i > 0:
            found.update(read(file, strict=i > 0))
    return found


def names(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the names of the available scenarios (see :func:`load`)."""
    return list(load(path))


def get(scenario: str | Scenario, path: str | os.PathLike[str] | None = None,
        geodata_dir: str | os.PathLike[str] | None = None) -> Scenario:
    """Return a scenario by name (a :class:`Scenario` is returned as is).

    Raises
    ------
    ScenarioError
        When no scenario has that name; the message lists the closest names.
    """
    if isinstance(scenario, Scenario):
        return scenario
    available = load(path, geodata_dir)
    if scenario in available:
        return available[scenario]
    close = difflib.get_close_matches(scenario, list(available), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ScenarioError(
        f"unknown scenario {scenario!r}{hint} (available: {', '.join(available) or 'none'})"
    )


# --------------------------------------------------------------------------- applying


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


def _names_in(data: geodata.GeoData) -> dict[str, set[str]]:
    """The link ids, corridor tags, border-crossing ids and countries ``data`` holds."""
    places, links = data.places, data.links
    countries = {c for c in places["country"] if isinstance(c, str)}
    countries |= {c for c in links["country"] if isinstance(c, str)}
    for pair in places["countries"] if "countries" in places.columns else []:
        countries |= _tags(pair)
    if data.regions is not None and "country" in data.regions.columns:
        countries |= {c for c in data.regions["country"] if isinstance(c, str)}
    tags: set[str] = set()
    for value in links["corridors"] if "corridors" in links.columns else []:
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
        names = [c for pair in value for c in pair] if key in _PAIR_FIELDS else list(value)
        for name in names:
            if name not in known[kind]:
                raise ScenarioError(
                    f"{where}scenario {scenario.name!r}: {key}: unknown {kind} {name!r}"
                    f"{_hint(name, known[kind])} (the geodata"
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


def select(data: geodata.GeoData, scenario: Scenario) -> Selection:
    """Apply a scenario to geodata: which links are usable and which crossings are open.

    Parameters
    ----------
    data
        Loaded geodata.
    scenario
        The scenario (see the module docstring for the rules).

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
    links = data.links
    closed_countries = set(scenario.closed_countries)
    present = {pid for pid, c in zip(places.index, places["country"], strict=True)
               if c not in closed_countries}

    link_records = records(links)
    open_tags, except_tags = set(scenario.open_corridors), set(scenario.except_corridors)
    forced: set[str] = set()
    usable: set[str] = set()
    for lid, row in link_records.items():
        tags = _tags(row.get("corridors"))
        status = row["status"]
        by_tag = bool(tags & open_tags) and not tags & except_tags
        by_name = lid in scenario.open_links or by_tag
        year = _year(row.get("opened")) if status == "operating" else _year(row.get("expected"))
        if by_name:
            ok = scenario.as_of is None or year is None or year <= scenario.as_of
            if ok:
                forced.add(lid)
            continue
        if status not in scenario.link_statuses:
            continue
        if scenario.as_of is not None:
            if year is None and status != "operating":
                continue
            if year is not None and year > scenario.as_of:
                continue
        usable.add(lid)

    crossing_rows = places[places["kind"] == "border_crossing"]
    forced_ends: set[str] = set()
    for lid in forced:
        forced_ends.update((link_records[lid]["from"], link_records[lid]["to"]))
    open_pairs = set(scenario.open_borders)
    closed_pairs = set(scenario.closed_borders)
    open_x: set[str] = set()
    closed_x: set[str] = set()
    explicitly_opened: set[str] = set()
    crossing_records = records(crossing_rows)
    for pid, row in crossing_records.items():
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

    for lid, row in link_records.items():
        if row["status"] == "closed" and (
                row["from"] in explicitly_opened or row["to"] in explicitly_opened):
            usable.add(lid)

    chosen = usable | forced
    closed_tags = set(scenario.closed_corridors)
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
    return Selection(frozenset(result), frozenset(open_x), frozenset(closed_x),
                     frozenset(present))
