"""Benchmark: graph build time per scenario, route query time, a full OD matrix.

Run ``python -m corridor.bench [--geodata DIR] [--queries N]``; it prints:

* the build time of the network of each scenario (median of ``--repeat`` builds, ms);
* the median time of one route query (random city/port pairs, graph cached, ms);
* the time of a full origin-destination matrix over every place of kind city or port in the
  ``today`` scenario (one Dijkstra per origin) and how many pairs are connected.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

from corridor import geodata, routing, scenarios
from corridor._errors import CorridorError, NoRoute


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def run(data: geodata.GeoData | None = None, *, queries: int = 50, repeat: int = 3,
        seed: int = 0) -> dict[str, Any]:
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

    Returns
    -------
    dict
        ``nodes``/``edges`` and ``build_s`` per scenario, ``query_median_s``,
        ``queries_routed``, ``od_s``, ``od_places`` and ``od_connected_pairs``; times in s.
    """
    from corridor import network

    data = data if data is not None else geodata.load()
    result: dict[str, Any] = {"places": len(data.places), "links": len(data.links),
                              "scenarios": {}}
    for name, scen in scenarios.load(geodata_dir=data.path).items():
        times = []
        graph = None
        for _ in range(repeat):
            start = time.perf_counter()
            graph = network.build(data, scen)
            times.append(time.perf_counter() - start)
        assert graph is not None
        result["scenarios"][name] = {"build_s": statistics.median(times),
                                     "nodes": graph.number_of_nodes(),
                                     "edges": graph.number_of_edges()}
    ends = list(data.places.index[data.places["kind"].isin(["city", "port"])])
    rng = random.Random(seed)
    routing.route(ends[0], ends[-1], data=data) if len(ends) > 1 else None  # warm the caches
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
    result["query_median_s"] = statistics.median(times) if times else float("nan")
    result["queries"] = queries
    result["queries_routed"] = routed
    start = time.perf_counter()
    matrix = routing.od_matrix(data=data, scenario="today")
    result["od_s"] = time.perf_counter() - start
    result["od_places"] = len(matrix)
    off_diagonal = matrix.notna().to_numpy().sum() - len(matrix)
    result["od_connected_pairs"] = int(off_diagonal)
    result["od_pairs"] = len(matrix) * (len(matrix) - 1)
    return result


def report(result: dict[str, Any]) -> str:
    """Format the figures of :func:`run` as readable lines."""
    lines = [f"geodata: {result['places']} places, {result['links']} links", "",
             "graph build (median):"]
    for name, d in result["scenarios"].items():
        lines.append(f"  {name:<22} {_ms(d['build_s']):>12}   "
                     f"{d['nodes']:>5} nodes {d['edges']:>5} edges")
    lines += ["", f"route query (today, cached graph): median {_ms(result['query_median_s'])} "
              f"over {result['queries']} random city/port pairs "
              f"({result['queries_routed']} routed)",
              f"OD matrix (today, {result['od_places']} cities/ports, multimodal, hours): "
              f"{_ms(result['od_s'])}, {result['od_connected_pairs']} of {result['od_pairs']} "
              f"pairs connected"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m corridor.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--geodata", metavar="DIR", default=None)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        data = geodata.load(args.geodata)
        print(report(run(data, queries=args.queries, repeat=args.repeat)))
    except CorridorError as exc:
        print(f"corridor.bench: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
