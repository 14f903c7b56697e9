"""Checking and normalising scenario values: field kinds, overrides, lists, pairs, hints."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from corridor import geodata, settings
from corridor._errors import ScenarioError

LIST_FIELDS = (
    "link_statuses", "crossing_statuses", "open_corridors", "except_corridors", "open_links",
    "open_crossings",
    "closed_crossings", "closed_links", "closed_corridors", "closed_countries",
)
PAIR_FIELDS = ("open_borders", "closed_borders")
KNOWN_KEYS = {"extends", "description", "as_of", "overrides", *LIST_FIELDS, *PAIR_FIELDS}

_DEFAULT_FIELDS = {f.name: f for f in dataclasses.fields(settings.Defaults)}


def hint(value: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'a', 'b'?"`` with the closest of ``choices`` (or ``""``)."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _finite(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) < 1e12)


def _check_speeds(key: str, value: Any) -> None:
    """Raise :class:`ScenarioError` unless ``value`` maps link statuses to positive speeds."""
    if not isinstance(value, Mapping):
        raise ScenarioError(f"override {key!r} must be a table of link status -> km/h, "
                            f"got {value!r}")
    for status, speed in value.items():
        if status not in geodata.LINK_STATUSES:
            raise ScenarioError(
                f"override {key!r}: unknown link status {status!r}"
                f"{hint(str(status), geodata.LINK_STATUSES)} (expected from "
                f"{', '.join(geodata.LINK_STATUSES)})")
        if not _finite(speed) or speed <= 0:
            raise ScenarioError(f"override {key!r}: speed of {status!r} must be a positive "
                                f"number, got {speed!r}")


def _check_factors(key: str, value: Any) -> None:
    """Raise :class:`ScenarioError` unless ``value`` maps modes to positive factors."""
    if not isinstance(value, Mapping):
        raise ScenarioError(f"override {key!r} must be a table of mode -> factor, got {value!r}")
    for mode, factor in value.items():
        if mode not in geodata.MODES:
            raise ScenarioError(
                f"override {key!r}: unknown mode {mode!r}{hint(str(mode), geodata.MODES)} "
                f"(expected from {', '.join(geodata.MODES)})")
        if not _finite(factor) or factor <= 0:
            raise ScenarioError(f"override {key!r}: factor of {mode!r} must be a positive "
                                f"number, got {factor!r}")


def check_override(key: str, value: Any) -> None:
    """Raise :class:`ScenarioError` when ``value`` cannot replace ``Defaults.<key>``.

    Speeds must be positive numbers (a zero speed divides by zero); times (transfers,
    dwells, headways) numbers >= 0 (a negative time is a negative edge weight);
    ``speed_by_status`` a table of link status -> positive speed; ``detour_factors`` a
    table of mode -> positive factor (``{}`` switches the correction off).
    """
    if key in settings.PROFILES:
        if not isinstance(value, Mapping):
            raise ScenarioError(f"override {key!r} must be a table of overrides for the "
                                f"{key} profile, got {value!r}")
        for inner, item in value.items():
            if inner in settings.PROFILES:
                raise ScenarioError(f"override {key!r}: profiles do not nest ({inner!r})")
            check_override(str(inner), item)
        return
    if key not in _DEFAULT_FIELDS:
        raise ScenarioError(f"unknown override {key!r}{hint(key, _DEFAULT_FIELDS)} "
                            f"(expected one of {', '.join(sorted(_DEFAULT_FIELDS))})")
    if key == "speed_by_status":
        _check_speeds(key, value)
        return
    if key == "detour_factors":
        _check_factors(key, value)
        return
    if key.endswith("_kmh"):
        if not _finite(value) or value <= 0:
            raise ScenarioError(f"override {key!r} must be a positive number, got {value!r}")
    elif not _finite(value) or value < 0:
        raise ScenarioError(f"override {key!r} must be a number >= 0 (hours), got {value!r}")


def check_statuses(link_statuses: Iterable[str], crossing_statuses: Iterable[str]) -> None:
    """Raise :class:`ScenarioError` for a link or crossing status the geodata schema lacks."""
    bad = set(link_statuses) - set(geodata.LINK_STATUSES)
    if bad:
        raise ScenarioError(f"unknown link status(es) {sorted(bad)}; expected from "
                            f"{list(geodata.LINK_STATUSES)}")
    bad = set(crossing_statuses) - set(geodata.CROSSING_STATUSES)
    if bad:
        raise ScenarioError(f"unknown crossing status(es) {sorted(bad)}; expected from "
                            f"{list(geodata.CROSSING_STATUSES)}")


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


def _strings(value: Any, name: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ScenarioError(f"scenario {name!r}: {key} must be a list of strings")
    items = tuple(value)
    if not all(isinstance(v, str) for v in items):
        bad = next(v for v in items if not isinstance(v, str))
        raise ScenarioError(f"scenario {name!r}: {key} must be a list of strings, "
                            f"got {repr(bad)[:40]} in it")
    return items


def _overrides(value: Any, name: str) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        value = tuple(sorted(value.items()))
    elif isinstance(value, str) or not isinstance(value, Iterable):
        raise ScenarioError(f"scenario {name!r}: overrides must be a table "
                            f"([{name}.overrides]), got {value!r}")
    return tuple((str(k), v) for k, v in value)


def normalise(values: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Return scenario field values in their stored form (tuples, sorted pairs).

    ``name`` (the scenario's) starts the messages. ``as_of`` and the other plain fields are
    checked by :class:`corridor.scenarios.Scenario` itself.

    Raises
    ------
    ScenarioError
        ``scenario 'name': FIELD ...`` when a value has the wrong shape.
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in LIST_FIELDS:
            out[key] = _strings(value, name, key)
        elif key in PAIR_FIELDS:
            out[key] = _pairs(value, name, key)
        elif key == "overrides":
            out[key] = _overrides(value, name)
        else:
            out[key] = value
    return out
