"""The report's assumptions: every default with its source, scenario definitions, data vintage."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from corridor import _meta, geodata, settings
from corridor._cells import as_text
from corridor.scenarios import Scenario

#: Units of the fields of :class:`corridor.settings.Defaults`, by the end of their name.
_UNITS = {"_kmh": "km/h", "_h": "h"}
#: Scenario fields shown in a definition, in order, with their label.
_SCENARIO_FIELDS = (
    ("as_of", "as of year"), ("link_statuses", "link statuses used"),
    ("crossing_statuses", "crossing statuses open"), ("open_corridors", "corridors opened"),
    ("except_corridors", "corridors excepted"), ("open_links", "links opened"),
    ("open_crossings", "crossings opened"), ("closed_crossings", "crossings closed"),
    ("open_borders", "borders opened"), ("closed_borders", "borders closed"),
    ("closed_links", "links closed"), ("closed_corridors", "corridors closed"),
    ("closed_countries", "countries closed"),
)


@dataclass(frozen=True)
class Assumptions:
    """What the report's numbers rest on (all values as text, ready to show).

    Attributes
    ----------
    defaults
        ``(field, value with unit, source)`` per field of :class:`corridor.settings.Defaults`.
    scenarios
        ``(name, description, definition, overrides)`` per scenario; the overrides as
        ``field = value`` texts (empty: none).
    vintage
        ``(what, text)`` rows dating the data.
    sources
        ``(url, number of links citing it)`` of the links the report's routes use.
    """

    defaults: list[tuple[str, str, str]]
    scenarios: list[tuple[str, str, str, list[str]]]
    vintage: list[tuple[str, str]]
    sources: list[tuple[str, int]] = field(default_factory=list)


def _value_text(name: str, value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v:g} km/h" for k, v in sorted(value.items())) or "none"
    unit = next((u for end, u in _UNITS.items() if name.endswith(end)), "")
    return f"{value:g} {unit}".strip() if isinstance(value, int | float) else str(value)


def _join(value: Any) -> str:
    items = value if isinstance(value, tuple | list) else (value,)
    return ", ".join("–".join(v) if isinstance(v, tuple | list) else str(v) for v in items)


def scenario_definition(scenario: Scenario) -> str:
    """Return what a scenario selects, as ``label: values`` parts joined by ``; ``.

    Parameters
    ----------
    scenario
        A scenario.

    Returns
    -------
    str
        Every selecting field that is set, e.g. ``link statuses used: operating; ...``.
    """
    parts = []
    for key, label in _SCENARIO_FIELDS:
        value = getattr(scenario, key)
        if value in (None, (), []):
            continue
        parts.append(f"{label}: {_join(value)}")
    return "; ".join(parts)


def _vintage(data: geodata.GeoData, scens: Sequence[Scenario]) -> list[tuple[str, str]]:
    links = data.links
    opened = [int(v) for v in links.get("opened", []) if as_text(v)]
    expected = [int(v) for v in links.get("expected", []) if as_text(v)]
    rows = [("corridor version", _meta.version()),
            ("geodata", geodata.summary(data)),
            ("data fingerprint", f"sha256 {_meta.data_vintage(data.path) or 'n/a'} of "
                                 f"{', '.join(_meta.VINTAGE_FILES)}")]
    if opened:
        rows.append(("newest opening year in the data", str(max(opened))))
    if expected:
        rows.append(("expected years of links not yet operating",
                     f"{min(expected)}–{max(expected)}"))
    years = sorted({s.as_of for s in scens if s.as_of is not None})
    if years:
        rows.append(("scenario years (as_of)", ", ".join(str(y) for y in years)))
    return rows


def _sources(data: geodata.GeoData, link_ids: Iterable[str]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for lid in dict.fromkeys(link_ids):
        if lid not in data.links.index:
            continue
        for url in str(as_text(data.links.at[lid, "source"]) or "").split():
            if url.startswith(("https://", "http://")):
                counts[url] = counts.get(url, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def assumptions(data: geodata.GeoData, scens: Sequence[Scenario],
                link_ids: Iterable[str] = ()) -> Assumptions:
    """Return what the report's numbers rest on.

    Parameters
    ----------
    data
        The loaded geodata.
    scens
        The report's scenarios.
    link_ids
        Links used by the report's routes (their sources are listed).

    Returns
    -------
    Assumptions
        Every default of :class:`corridor.settings.Defaults` with its value and source
        (:data:`corridor.settings.DEFAULT_SOURCES`), each scenario's definition and
        overrides, the data vintage and the sources of the links routed over.
    """
    defaults = [(f.name, _value_text(f.name, getattr(settings.DEFAULTS, f.name)),
                 settings.DEFAULT_SOURCES.get(f.name, "no source given"))
                for f in dataclasses.fields(settings.Defaults)]
    scen_rows = [(s.name, s.description, scenario_definition(s),
                  [f"{k} = {_value_text(k, v)}" for k, v in s.overrides]) for s in scens]
    return Assumptions(defaults, scen_rows, _vintage(data, scens), _sources(data, link_ids))
