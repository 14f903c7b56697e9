"""The files and console summary of ``corridor flows``: CSV, JSON and Markdown tables."""

from __future__ import annotations

import json
from typing import Any

from corridor import _meta, geodata
from corridor._io import csv_text
from corridor.flows.report import (
    BINDING_VC,
    ScenarioFlows,
    bottlenecks,
    demand_rows,
    element_rows,
    method,
    shift_rows,
    unknown_share,
)

ELEMENT_COLUMNS = ("kind", "id", "name", "volume_aon_mt", "volume_mt", "capacity_mt_yr",
                   "capacity_year", "vc", "over_capacity_mt", "capacity_source")
_NUMERIC = ("volume_aon_mt", "volume_mt", "capacity_mt_yr", "capacity_year", "vc",
            "over_capacity_mt", "mt_yr", "time_h_free_flow", "change_mt")


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str],
         volumes: tuple[str, ...] = ()) -> bytes:
    body = [[r.get(c) for c in columns] for r in rows]
    numeric = [c for c in columns if c in _NUMERIC or c in volumes]
    return csv_text(list(columns), body, numeric=numeric).encode("utf-8")


def _md_cell(value: Any) -> str:
    text = "unknown" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _md_table(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    out += ["| " + " | ".join(_md_cell(r.get(c)) for c in columns) + " |" for r in rows]
    return out


def scenario_summary(sf: ScenarioFlows, data: geodata.GeoData) -> dict[str, Any]:
    """Return the JSON-ready summary of one scenario's assignment."""
    rows = element_rows(sf, data)
    unknown, carrying = unknown_share(rows)
    dem = demand_rows(sf)
    return {
        "scenario": sf.scenario,
        "capacity_plan": sf.problem.plan,
        "relative_gap": sf.restrained.gap,
        "iterations": len(sf.restrained.gaps),
        "gaps": sf.restrained.gaps,
        "demand_mt_yr": round(sum(d.mt_yr for d in sf.problem.demand), 3),
        "unserved": [d for d in dem if not d["served"]],
        "binding": [r for r in rows if r["vc"] is not None and r["vc"] >= BINDING_VC],
        "bottlenecks": bottlenecks(rows),
        "links_with_flow": carrying,
        "links_with_flow_capacity_unknown": unknown,
        "demand": dem,
        "elements": rows,
    }


def files(runs: list[ScenarioFlows], data: geodata.GeoData, demand_file: str,
          case: str) -> dict[str, bytes]:
    """Return the output files (name -> bytes) of one or two scenario assignments."""
    out: dict[str, bytes] = {}
    summaries = [scenario_summary(sf, data) for sf in runs]
    for sf, s in zip(runs, summaries, strict=True):
        out[f"flows_{sf.scenario}.csv"] = _csv(s["elements"], ELEMENT_COLUMNS)
        out[f"demand_{sf.scenario}.csv"] = _csv(s["demand"], list(s["demand"][0]))
    shifts = shift_rows(runs[0], runs[1]) if len(runs) == 2 else []
    if len(runs) == 2:
        cols = ["link", runs[0].scenario, runs[1].scenario, "change_mt"]
        out["shift.csv"] = _csv(shifts, cols, volumes=(runs[0].scenario, runs[1].scenario))
    doc = {"corridor_version": _meta.version(), "demand_file": demand_file, "case": case,
           "method": method(), "scenarios": summaries, "shift": shifts}
    out["flows.json"] = (json.dumps(doc, indent=1, ensure_ascii=False, default=str)
                         + "\n").encode("utf-8")
    out["flows.md"] = markdown(runs, summaries, shifts, demand_file, case).encode("utf-8")
    return out


def markdown(runs: list[ScenarioFlows], summaries: list[dict[str, Any]],
             shifts: list[dict[str, Any]], demand_file: str, case: str) -> str:
    """Return the Markdown report."""
    m = method()
    lines = [f"# Freight flows: {' vs '.join(sf.scenario for sf in runs)}", "",
             f"Demand: `{_md_cell(demand_file)}`, case `{_md_cell(case)}`. {m['assignment']}; "
             f"BPR alpha {m['bpr_alpha']}, beta {m['bpr_beta']} ({m['bpr_source']}).", ""]
    for s in summaries:
        lines += [f"## {_md_cell(s['scenario'])}", "",
                  f"Capacity plan `{_md_cell(s['capacity_plan'])}`. "
                  f"Relative gap {s['relative_gap']:.2e} after {s['iterations']} iteration(s); "
                  f"{s['links_with_flow_capacity_unknown']} of {s['links_with_flow']} links "
                  "carrying flow have no published capacity (unknown).", "",
                  "Top volume/capacity:", ""]
        lines += _md_table(s["bottlenecks"], ["kind", "id", "volume_mt", "capacity_mt_yr",
                                              "vc", "capacity_year"])
        lines += ["", "Demand:", ""]
        lines += _md_table(s["demand"], ["origin", "destination", "mt_yr", "served",
                                         "time_h_free_flow"])
        lines.append("")
    if len(runs) == 2:
        lines += [f"## Shift {runs[0].scenario} -> {runs[1].scenario}", ""]
        lines += _md_table(shifts, ["link", runs[0].scenario, runs[1].scenario, "change_mt"])
        lines.append("")
    return "\n".join(lines)


def console(runs: list[ScenarioFlows], data: geodata.GeoData, top: int = 5) -> str:
    """Return the console summary: per scenario gap, bottlenecks, unserved; then the shift."""
    lines = []
    for sf in runs:
        s = scenario_summary(sf, data)
        lines.append(f"{sf.scenario}: {s['demand_mt_yr']:g} Mt/yr assigned (capacities "
                     f"{s['capacity_plan']}), relative gap {s['relative_gap']:.1e} "
                     f"({s['iterations']} iterations); {s['links_with_flow_capacity_unknown']} "
                     f"of {s['links_with_flow']} loaded links have unknown capacity")
        binding = s["binding"]
        lines.append(f"  binding (v/c >= {BINDING_VC:g}): " + (", ".join(
            f"{r['kind']} {r['id']} {r['over_capacity_mt']:g} Mt/yr over" for r in binding)
            or "none"))
        for r in s["bottlenecks"][:top]:
            lines.append(f"  {r['kind']} {r['id']}: {r['volume_mt']:g} of "
                         f"{r['capacity_mt_yr']:g} Mt/yr (v/c {r['vc']:.2f}, "
                         f"capacity {r['capacity_year']})")
        for d in s["unserved"]:
            lines.append(f"  unserved: {d['origin']} -> {d['destination']} {d['mt_yr']:g} Mt/yr"
                         " (no route)")
    if len(runs) == 2:
        shifts = shift_rows(runs[0], runs[1])
        gain = [r for r in shifts if r["change_mt"] > 0]
        loss = [r for r in shifts if r["change_mt"] < 0]
        lines.append(f"shift {runs[0].scenario} -> {runs[1].scenario}: {len(gain)} links "
                     f"gain, {len(loss)} lose (top {top} each)")
        for r in gain[:top] + loss[:top]:
            lines.append(f"  {r['link']}: {r[runs[0].scenario]:g} -> {r[runs[1].scenario]:g} "
                         f"({r['change_mt']:+g} Mt/yr)")
    return "\n".join(lines)
