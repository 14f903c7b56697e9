"""Flow tables of a scenario (volumes, volume/capacity, bottlenecks, unserved) and shifts."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor import geodata
from corridor._errors import InvalidArgument
from corridor.flows.assign import (
    BPR_ALPHA,
    BPR_BETA,
    BPR_SOURCE,
    Problem,
    Result,
    all_or_nothing,
    prepare,
    restrained,
)
from corridor.flows.capacity import (
    BASE_PLAN,
    CAPACITY_FILE,
    Capacity,
    for_plan,
    plans,
    read_capacities,
)
from corridor.flows.demand import Demand
from corridor.routing import cache

#: Volume/capacity from which an element is reported as a binding bottleneck.
BINDING_VC = 1.0


@dataclass
class ScenarioFlows:
    """The all-or-nothing and restrained assignments of one demand case on one scenario."""

    scenario: str
    problem: Problem
    aon: Result
    restrained: Result


def plan_rows(data: geodata.GeoData, plan: str = BASE_PLAN,
              path: str | os.PathLike[str] | None = None) -> list[Capacity]:
    """Return the capacity rows in force in ``plan``.

    From ``path``, else the ``capacities.csv`` of the geodata folder (none if it has none).

    Raises
    ------
    InvalidArgument
        If ``plan`` is neither the base plan nor a plan of the file.
    """
    if path is None:
        folder = getattr(data, "path", None)
        file = Path(folder) / CAPACITY_FILE if folder is not None else None
        path = file if file is not None and file.is_file() else None
    rows = read_capacities(path, data) if path is not None else []
    if plan != BASE_PLAN and plan not in plans(rows):
        raise InvalidArgument(f"{path or CAPACITY_FILE}: no capacity plan {plan!r} (plans: "
                              f"{', '.join(plans(rows)) or 'none'})")
    return for_plan(rows, plan)


def assign(scenario: str, demand: list[Demand], data: geodata.GeoData | None = None,
           plan: str = BASE_PLAN, capacities: list[Capacity] | None = None) -> ScenarioFlows:
    """Assign ``demand`` on ``scenario`` both ways; see :mod:`corridor.flows.assign`.

    ``plan`` names the capacity plan in force (``today``: the published capacities of
    today; ``2030``: with the upgrades announced by then, see :func:`plan_rows`);
    ``capacities`` gives its rows instead of reading them.
    """
    data = data if data is not None else cache.default_data()
    rows = capacities if capacities is not None else plan_rows(data, plan)
    problem = prepare(demand, scenario, data, plan=rows, plan_name=plan)
    return ScenarioFlows(scenario, problem, all_or_nothing(problem), restrained(problem))


def _field(data: geodata.GeoData, kind: str, fid: str, key: str) -> Any:
    if kind not in ("link", "place"):
        return None
    frame = data.links if kind == "link" else data.places
    if key not in frame.columns or fid not in frame.index:
        return None
    value = frame.at[fid, key]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _year(value: Any) -> int | None:
    return None if value is None else int(value)


def element_rows(sf: ScenarioFlows, data: geodata.GeoData) -> list[dict[str, Any]]:
    """Return one row per link and place carrying flow, heaviest first.

    ``capacity_mt_yr`` is ``None`` where no capacity is published (unknown: not
    restrained, and listed as unknown); ``vc`` is volume / capacity of the restrained
    assignment (``None`` when unknown).
    """
    p = sf.problem
    keys = {e for e, v in sf.restrained.element_volume.items() if v > 1e-9}
    keys |= {e for e, v in sf.aon.element_volume.items() if v > 1e-9}
    rows = []
    for kind, fid in keys:
        cap = p.capacity.get((kind, fid))
        vol = sf.restrained.element_volume.get((kind, fid), 0.0)
        meta = p.capacity_meta.get((kind, fid), {})
        rows.append({
            "kind": kind, "id": fid, "name": _field(data, kind, fid, "name") or fid,
            "volume_aon_mt": round(sf.aon.element_volume.get((kind, fid), 0.0), 3),
            "volume_mt": round(vol, 3),
            "capacity_mt_yr": cap,
            "capacity_year": _year(meta.get("capacity_year",
                                            _field(data, kind, fid, "capacity_year"))),
            "capacity_source": meta.get("capacity_source",
                                        _field(data, kind, fid, "capacity_source")),
            "vc": None if cap is None else round(vol / cap, 3),
            "over_capacity_mt": None if cap is None else round(max(0.0, vol - cap), 3),
        })
    rows.sort(key=lambda r: (-r["volume_mt"], r["kind"], r["id"]))
    return rows


def bottlenecks(rows: list[dict[str, Any]], n: int = 5) -> list[dict[str, Any]]:
    """Return the ``n`` rows with the highest volume/capacity (known capacities only)."""
    known = [r for r in rows if r["vc"] is not None]
    return sorted(known, key=lambda r: (-r["vc"], r["id"]))[:n]


def demand_rows(sf: ScenarioFlows) -> list[dict[str, Any]]:
    """Return each demand row with whether it is served and its free-flow route's links."""
    out = []
    for d, path in zip(sf.problem.demand, sf.aon.paths, strict=True):
        links: list[str] = []
        hours = 0.0
        for arc in path or ():
            hours += sf.problem.t0[arc]
            for kind, fid in sf.problem.arc_elements[arc]:
                if kind == "link" and (not links or links[-1] != fid):
                    links.append(fid)
        out.append({"origin": d.origin, "destination": d.destination, "mt_yr": d.mt_yr,
                    "case": d.case, "modes": "+".join(d.modes), "served": path is not None,
                    "time_h_free_flow": None if path is None else round(hours, 2),
                    "links": " ".join(links), "source_url": d.source_url, "note": d.note})
    return out


def shift_rows(a: ScenarioFlows, b: ScenarioFlows) -> list[dict[str, Any]]:
    """Return the link volumes of two scenarios and their difference, biggest change first."""
    va = {fid: v for (k, fid), v in a.restrained.element_volume.items() if k == "link"}
    vb = {fid: v for (k, fid), v in b.restrained.element_volume.items() if k == "link"}
    rows: list[dict[str, Any]] = []
    for fid in set(va) | set(vb):
        x, y = va.get(fid, 0.0), vb.get(fid, 0.0)
        if abs(y - x) > 1e-6:
            rows.append({"link": fid, a.scenario: round(x, 3), b.scenario: round(y, 3),
                         "change_mt": round(y - x, 3)})
    rows.sort(key=lambda r: (-abs(r["change_mt"]), r["link"]))
    return rows


def unknown_share(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Return (links carrying flow with unknown capacity, links carrying flow)."""
    links = [r for r in rows if r["kind"] == "link" and r["volume_mt"] > 0]
    return sum(r["capacity_mt_yr"] is None for r in links), len(links)


def method() -> dict[str, Any]:
    """Return the assignment method and its parameters (for the JSON and Markdown)."""
    return {"assignment": "all-or-nothing on fastest paths (time_h); capacity-restrained "
            "user equilibrium by Frank-Wolfe with a BPR delay on links and places with a "
            "published capacity_mt_yr (both directions of a link summed; unknown "
            "capacity = not restrained, reported as unknown)",
            "bpr_alpha": BPR_ALPHA, "bpr_beta": BPR_BETA, "bpr_source": BPR_SOURCE,
            "binding_vc": BINDING_VC}


