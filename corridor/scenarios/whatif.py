"""What-ifs: a scenario derived from another by closing or opening links, places, countries.

``corridor route|report|map|od|export --close X --open Y`` build one with :func:`derive`;
``corridor scenarios --show S`` prints :func:`rules`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from corridor import geodata
from corridor._errors import ScenarioError
from corridor.scenarios.model import Scenario
from corridor.scenarios.selection import _names_in
from corridor.scenarios.validation import PAIR_FIELDS, hint

#: Suffix of the name of a derived scenario (``today+what-if``).
WHATIF_SUFFIX = "+what-if"


def _unknown(kind: str, name: str, choices: Iterable[str]) -> ScenarioError:
    return ScenarioError(f"unknown {kind} {name!r}{hint(name, choices)}")


def _links_at(data: geodata.GeoData, place: str) -> list[str]:
    links = data.links
    return sorted(links.index[(links["from"] == place) | (links["to"] == place)])


def _closing(data: geodata.GeoData, name: str) -> dict[str, list[str]]:
    """Return the scenario fields (and values) that close ``name``: a link, place or country."""
    known = _names_in(data)
    places = data.places
    if name in known["link"]:
        return {"closed_links": [name]}
    if name in places.index:
        if places.at[name, "kind"] == "border_crossing":
            return {"closed_crossings": [name]}
        return {"closed_links": _links_at(data, name)}  # every link ending at the place
    if name.upper() in known["country"] and len(name) == 3:
        return {"closed_countries": [name.upper()]}
    choices = [*known["link"], *places.index, *known["country"]]
    raise ScenarioError(f"{_unknown('link, place or country', name, choices)} "
                        "(expected a link id, a place id or an ISO3 country code)")


def _opening(data: geodata.GeoData, name: str) -> dict[str, list[str]]:
    """Return the scenario fields (and values) that open ``name``: a link or border crossing."""
    known = _names_in(data)
    if name in known["link"]:
        return {"open_links": [name]}
    if name in known["border crossing"]:
        return {"open_crossings": [name]}
    raise _unknown("link or border crossing", name, [*known["link"], *known["border crossing"]])


def derive(base: Scenario, data: geodata.GeoData, close: Iterable[str] = (),
           open_: Iterable[str] = ()) -> Scenario:
    """Return ``base`` with links, places or countries closed and links or crossings opened.

    Parameters
    ----------
    base
        The scenario to start from.
    data
        The geodata the names refer to.
    close
        Link ids (the link is removed), place ids (a border crossing closes; any other
        place loses every link ending at it) or ISO3 country codes (closed to all traffic).
    open_
        Link ids (usable whatever their status, as ``open_links``) or border-crossing ids
        (forced open, as ``open_crossings``).

    Returns
    -------
    Scenario
        Named ``BASE+what-if`` (``base`` itself when nothing is closed or opened); its
        description lists the changes. Closing wins over opening, as in scenario files.

    Raises
    ------
    ScenarioError
        For a name the geodata lacks; the message names the closest ones.
    """
    close, open_ = list(close), list(open_)
    if not close and not open_:
        return base
    added: dict[str, list[str]] = {}
    for name in close:
        for key, values in _closing(data, name).items():
            added.setdefault(key, []).extend(values)
    for name in open_:
        for key, values in _opening(data, name).items():
            added.setdefault(key, []).extend(values)
    changes: dict[str, Any] = {
        key: tuple(dict.fromkeys([*getattr(base, key), *values])) for key, values in added.items()
    }
    what = "; ".join(f"{verb} {', '.join(names)}"
                     for verb, names in (("closed", close), ("opened", open_)) if names)
    # ``strict`` is kept: a what-if on a user file's scenario still checks its names
    return dataclasses.replace(base, name=f"{base.name}{WHATIF_SUFFIX}",
                               description=f"{base.description} -- what-if: {what}",
                               **changes)


#: Characters TOML allows neither in a basic string nor in a comment (all controls but tab).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
#: ... and in a path, lone surrogates too: the undecodable bytes of a file name (``\xff``
#: is ``\udcff`` in Python), which neither TOML nor any UTF-8 output can hold.
_PATH_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")


def _controls(text: str, unsafe: re.Pattern[str] = _CONTROL) -> str:
    r"""Return ``text`` with each ``unsafe`` character (default: controls but tab) as ``\uXXXX``."""
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _toml(value: Any) -> str:
    """Return ``value`` (a string, number, list or table of a scenario) as a TOML value.

    Strings become basic strings with backslash, quote and control characters escaped, so
    no name read from a file can end the string and write TOML of its own. No scenario
    value is a bool (``as_of`` and the overrides refuse them), so none is handled.
    """
    if isinstance(value, str):
        return '"' + _controls(value.replace("\\", "\\\\").replace('"', '\\"')) + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _key(name: str) -> str:
    """Return ``name`` as a TOML key: bare when TOML allows it, else a quoted string."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml(name)


def rules(scenario: Scenario) -> list[str]:
    """Return the resolved rules of a scenario as TOML lines (``extends`` already applied).

    Empty lists and a missing year are left out; the lines read back as the same scenario.
    """
    lines = [f"[{_key(scenario.name)}]"]
    if scenario.source:
        # a path may hold a newline, or bytes that are not UTF-8
        lines.insert(0, f"# from {_controls(scenario.source, _PATH_UNSAFE)}")
    skip = {"name", "source", "strict", "overrides"}
    for f in dataclasses.fields(scenario):
        if f.name in skip:
            continue
        value = getattr(scenario, f.name)
        if value is None or value == ():
            continue
        if f.name in PAIR_FIELDS:
            value = [list(p) for p in value]
        lines.append(f"{f.name} = {_toml(value)}")
    if scenario.overrides:
        lines.append(f"[{_key(scenario.name)}.overrides]")
        lines.extend(f"{_key(k)} = {_toml(v)}" for k, v in scenario.overrides)
    return lines
