"""Benchmark of the full default report: every shipped scenario, the default OD pairs, all formats.

Run ``python benchmarks/run.py report [--geodata DIR] [--repeat N]``; it prints the wall time
of the whole report (what ``corridor report --scenario all`` does, written into a temporary
folder) and its parts: per scenario, the routes of the OD pairs and the connectivity measures
(criticality sweep, betweenness, failure points ...); the scenario maps; rendering; writing.
Times are the median of ``--repeat`` runs, in seconds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from typing import Any

from corridor import analysis, geodata, reports, routing, scenarios


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def run_once(data: geodata.GeoData) -> dict[str, Any]:
    """Make the full default report once and time its parts (seconds).

    Returns
    -------
    dict
        ``total_s``, ``build_s`` (the whole :func:`corridor.reports.build`, maps included),
        ``render_s``, ``write_s``, ``files``, ``bytes`` and, per scenario, ``graph_s``,
        ``routes_s`` and ``connectivity_s`` measured separately (caches cleared first).
    """
    routing.clear_cache()
    parts: dict[str, dict[str, float]] = {}
    pairs = reports.read_pairs(reports.default_pairs_path(data))
    ids = [(routing.find_place(p.origin, data), routing.find_place(p.destination, data))
           for p in pairs]
    od = [(o, d, p.modes) for (o, d), p in zip(ids, pairs, strict=True)]
    for name, scen in scenarios.load(geodata_dir=data.path).items():
        cuts, graph_s = _timed(analysis.ScenarioCuts, data, scen)
        _, routes_s = _timed(reports._routes, data, name, cuts.graph, pairs, ids)
        _, conn_s = _timed(reports.connectivity, cuts, od)
        parts[name] = {"graph_s": graph_s, "routes_s": routes_s, "connectivity_s": conn_s}
    routing.clear_cache()
    start = time.perf_counter()
    report, build_s = _timed(reports.build, ["all"], data=data)
    files, render_s = _timed(reports.render, report)
    with tempfile.TemporaryDirectory(prefix="corridor-bench-report-") as tmp:
        _, write_s = _timed(reports.write, report, tmp)
    total = time.perf_counter() - start
    return {"total_s": total, "build_s": build_s, "render_s": render_s, "write_s": write_s,
            "files": len(files), "bytes": sum(len(b) for b in files.values()),
            "pairs": len(pairs), "scenarios": parts}


def run(data: geodata.GeoData | None = None, *, repeat: int = 1) -> dict[str, Any]:
    """Time the full default report ``repeat`` times; return the medians (seconds).

    ``write_s`` times rendering and writing together (:func:`corridor.reports.write`
    renders before it writes).
    """
    data = data if data is not None else geodata.load()
    runs = [run_once(data) for _ in range(max(1, repeat))]
    out: dict[str, Any] = {k: statistics.median(r[k] for r in runs)
                           for k in ("total_s", "build_s", "render_s", "write_s")}
    out.update(files=runs[0]["files"], bytes=runs[0]["bytes"], pairs=runs[0]["pairs"],
               repeat=len(runs), places=len(data.places), links=len(data.links))
    out["scenarios"] = {
        name: {k: statistics.median(r["scenarios"][name][k] for r in runs)
               for k in ("graph_s", "routes_s", "connectivity_s")}
        for name in runs[0]["scenarios"]}
    return out


def format_result(result: dict[str, Any]) -> str:
    """Format the figures of :func:`run` as readable lines."""
    lines = [
        f"full default report: {len(result['scenarios'])} scenarios x {result['pairs']} OD "
        f"pairs, all formats ({result['files']} files, {result['bytes'] / 1e6:.1f} MB) on "
        f"{result['places']} places / {result['links']} links",
        f"  total {result['total_s']:.2f} s  (build with maps {result['build_s']:.2f} s, "
        f"render {result['render_s']:.2f} s, render+write {result['write_s']:.2f} s; "
        f"median of {result['repeat']})",
        "  per scenario (graph / routes / connectivity incl. criticality sweep):",
    ]
    for name, d in result["scenarios"].items():
        lines.append(f"    {name:<22} {d['graph_s']:6.2f} s {d['routes_s']:6.2f} s "
                     f"{d['connectivity_s']:6.2f} s")
    return "\n".join(lines)
