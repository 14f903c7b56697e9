"""Benchmark on the shipped data: graph build per scenario, one route query, a full OD matrix.

Run ``python benchmarks/run.py graph route od`` (or any one of them); it prints:

* ``graph``: the build time of the network of each scenario (median of ``--repeat`` builds);
* ``route``: the median time of one route query (random city/port pairs, graph cached);
* ``od``: the time of a full origin-destination matrix over every place of kind city or port
  in the ``today`` scenario (one Dijkstra per origin) and how many pairs are connected.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from corridor import geodata, network, routing, scenarios
from corridor._errors import NoRoute

#: The parts of this benchmark, in the order they run.
PARTS = ("graph", "route", "od")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _ends(data: geodata.GeoData) -> list[str]:
    """Return the ids of the cities and ports (the ends of the timed queries)."""
    return list(data.places.index[data.places["kind"].isin(["city", "port"])])


def _warm(data: geodata.GeoData, ends: list[str]) -> None:
    """Route once so that the timed queries find their graph cached."""
    if len(ends) > 1:
        routing.route(ends[0], ends[-1], data=data)


def time_graphs(data: geodata.GeoData, repeat: int = 3) -> dict[str, dict[str, Any]]:
    """Return, per scenario, the median build time (s) of its network and its size."""
    result: dict[str, dict[str, Any]] = {}
    for name, scen in scenarios.load(geodata_dir=data.path).items():
        times = []
        graph = None
        for _ in range(repeat):
            start = time.perf_counter()
            graph = network.build(data, scen)
            times.append(time.perf_counter() - start)
        assert graph is not None
        result[name] = {"build_s": statistics.median(times),
                        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    return result


def time_routes(data: geodata.GeoData, queries: int = 50, seed: int = 0) -> dict[str, Any]:
    """Return the median time (s) of ``queries`` random city/port route queries."""
    ends = _ends(data)
    rng = random.Random(seed)
    _warm(data, ends)
    times, routed = [], 0
    for _ in range(queries):
        a, b = rng.sample(ends, 2)
        start = time.perf_counter()
        try:
            routing.route(a, b, data=data, scenario="today")
            routed += 1
        except NoRoute:
            pass
        times.append(time.perf_counter() - start)
    return {"query_median_s": statistics.median(times) if times else float("nan"),
            "queries": queries, "queries_routed": routed}


def time_od(data: geodata.GeoData) -> dict[str, Any]:
    """Return the time (s) of the full city/port OD matrix of ``today`` (graph cached)."""
    _warm(data, _ends(data))
    start = time.perf_counter()
    matrix = routing.od_matrix(data=data, scenario="today")
    od_s = time.perf_counter() - start
    off_diagonal = matrix.notna().to_numpy().sum() - len(matrix)
    return {"od_s": od_s, "od_places": len(matrix), "od_connected_pairs": int(off_diagonal),
            "od_pairs": len(matrix) * (len(matrix) - 1)}


def run(data: geodata.GeoData | None = None, *, queries: int = 50, repeat: int = 3,
        seed: int = 0, parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Time graph builds, route queries and an OD matrix on the geodata.

    Parameters
    ----------
    data
        Geodata (default: the shipped data).
    queries
        Number of random route queries timed.
    repeat
        Builds timed per scenario (the median is reported).
    seed
        Seed of the random choice of query pairs.
    parts
        Which of ``graph``, ``route`` and ``od`` to time (in that order).

    Returns
    -------
    dict
        ``nodes``/``edges`` and ``build_s`` per scenario, ``query_median_s``,
        ``queries_routed``, ``od_s``, ``od_places`` and ``od_connected_pairs``; times in s.
    """
    data = data if data is not None else geodata.load()
    result: dict[str, Any] = {"places": len(data.places), "links": len(data.links)}
    if "graph" in parts:
        result["scenarios"] = time_graphs(data, repeat)
    if "route" in parts:
        result.update(time_routes(data, queries, seed))
    if "od" in parts:
        result.update(time_od(data))
    return result


def report(result: dict[str, Any]) -> str:
    """Format the figures of :func:`run` as readable lines."""
    lines = [f"geodata: {result['places']} places, {result['links']} links"]
    if "scenarios" in result:
        lines += ["", "graph build (median):"]
        for name, d in result["scenarios"].items():
            lines.append(f"  {name:<22} {_ms(d['build_s']):>12}   "
                         f"{d['nodes']:>5} nodes {d['edges']:>5} edges")
    tail = []
    if "query_median_s" in result:
        tail.append(f"route query (today, cached graph): median "
                    f"{_ms(result['query_median_s'])} over {result['queries']} random "
                    f"city/port pairs ({result['queries_routed']} routed)")
    if "od_s" in result:
        tail.append(f"OD matrix (today, {result['od_places']} cities/ports, multimodal, hours): "
                    f"{_ms(result['od_s'])}, {result['od_connected_pairs']} of "
                    f"{result['od_pairs']} pairs connected")
    if tail:
        lines += ["", *tail]
    return "\n".join(lines)
