"""Scenario files: reading TOML, resolving ``extends``, the shipped and user files, by name."""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from corridor import settings
from corridor._errors import ScenarioError
from corridor.scenarios.model import Scenario
from corridor.scenarios.validation import KNOWN_KEYS, hint, normalise

#: File name of the scenarios shipped in the geodata folder.
SCENARIOS_FILE = "scenarios.toml"

#: Scenario files already read, by (path, modification time, size).
_READ_CACHE: dict[tuple[str, int, int, bool, int], dict[str, Scenario]] = {}


def _chain_text(chain: list[str]) -> str:
    """Return ``a -> b -> c -> a``, shortened in the middle for a long loop (never empty)."""
    names = [*chain, chain[0]]
    if len(names) > 8:
        names = [*names[:3], f"... ({len(chain) - 5} more)", *names[-3:]]
    return " -> ".join(names)


def _chain(raw: Mapping[str, dict[str, Any]], resolved: Mapping[str, Any],
           start: str) -> list[str]:
    """Return ``start`` and its ancestors up to a resolved or a root scenario (child first)."""
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
        if parent not in raw and parent not in resolved:
            raise ScenarioError(f"scenario {name!r} extends unknown {parent!r}"
                                f"{hint(parent, raw)}")
        if parent in on_chain:
            loop = chain[chain.index(parent):]
            raise ScenarioError(f"scenarios extend each other in a loop: "
                                f"{_chain_text(loop)}")
        name = parent
    return chain


def _merged(name: str, table: Mapping[str, Any],
            resolved: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the values of one scenario table over those of its (resolved) parent."""
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
    return values


def _values(scenario: Scenario) -> dict[str, Any]:
    """Return the field values of a scenario as ``extends`` merges them."""
    values = {f.name: getattr(scenario, f.name) for f in dataclasses.fields(scenario)
              if f.name not in ("name", "source", "strict")}
    values["overrides"] = dict(scenario.overrides)
    return values


def _resolve(raw: Mapping[str, dict[str, Any]],
             base: Mapping[str, Scenario] | None = None) -> dict[str, dict[str, Any]]:
    """Resolve ``extends`` (iteratively: a chain may be thousands long) into plain values.

    ``base`` holds scenarios read before (the shipped ones) that a table may extend; a table
    of the same name in ``raw`` replaces them.
    """
    resolved: dict[str, dict[str, Any]] = {
        name: _values(sc) for name, sc in (base or {}).items() if name not in raw}
    for start in raw:
        for name in reversed(_chain(raw, resolved, start)):
            resolved[name] = _merged(name, raw[name], resolved)
    return {name: values for name, values in resolved.items() if name in raw}


def _from_tables(tables: Mapping[str, Any], source: str, strict: bool,
                 base: Mapping[str, Scenario] | None) -> dict[str, Scenario]:
    """Build the scenarios of one parsed file; every error message starts with ``source``."""
    raw: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ScenarioError(f"{source}: {name!r} is not a table ([{name}])")
        unknown = set(table) - KNOWN_KEYS
        if unknown:
            first = sorted(unknown)[0]
            raise ScenarioError(
                f"{source}: scenario {name!r}: unknown key(s) {sorted(unknown)}"
                f"{hint(first, KNOWN_KEYS)} (expected from {', '.join(sorted(KNOWN_KEYS))})"
            )
        raw[name] = table
    try:
        resolved = _resolve(raw, base)
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None
    scenarios = {}
    for name in raw:
        try:
            values = normalise(resolved[name], name)
        except ScenarioError as exc:
            raise ScenarioError(f"{source}: {exc}") from None
        scenarios[name] = Scenario(name=name, source=source, strict=strict, **values)
    return scenarios


def read(path: str | os.PathLike[str], strict: bool = False,
         base: Mapping[str, Scenario] | None = None) -> dict[str, Scenario]:
    """Read the scenarios of one TOML file.

    Parameters
    ----------
    path
        A scenarios TOML file (one table per scenario).
    strict
        Mark the scenarios :attr:`Scenario.strict`: :func:`select` then refuses names the
        geodata lacks.
    base
        Scenarios read before (e.g. the shipped ones) that a scenario of the file may
        ``extends``.

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
        key = (str(p.resolve()), stat.st_mtime_ns, stat.st_size, strict,
               hash(repr(sorted((base or {}).items()))))
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
    found = _from_tables(tables, str(p), strict, base)
    _READ_CACHE[key] = found
    return dict(found)


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
            found.update(read(file, strict=i > 0, base=found))
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
    did_you_mean = f"; did you mean {', '.join(close)}?" if close else ""
    raise ScenarioError(
        f"unknown scenario {scenario!r}{did_you_mean} (available: {', '.join(available) or 'none'})"
    )
