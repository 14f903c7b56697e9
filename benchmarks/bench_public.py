"""Benchmark: the public routing functions against the engine they call, on an OSM-scale network.

Builds the synthetic extract of :mod:`benchmarks.bench_osm` (generated at run time, cached),
then times, on the same routing view:

* ``routing.od_matrix`` between ``--places`` random places of the extract, cold (every cache
  of routing cleared first: graph, view, CSR, name index) and warm (second call);
* the engine it calls: :meth:`corridor.paths.CSRGraph.od_matrix` on the view's CSR from the
  same endpoint nodes (the contraction hierarchy on a big view, built by the public call,
  its preprocessing shown apart; and again with ``backend="dijkstra"``), raw
  :func:`scipy.sparse.csgraph.dijkstra` (one multi-source run per origin) and networkx's
  Dijkstra on the view (a few origins, scaled up);
* ``routing.route`` between ``--routes`` pairs of those places against
  :meth:`~corridor.paths.CSRGraph.shortest_path` and networkx on the same view, warm and
  first, and between as many pairs of other places never routed before (the view warm,
  the memo of built legs emptied before each run: the legs' first build);
* ``analysis.od_time`` on the scenario graph against the engine on its CSR, warm (second
  pass) and first (its CSR view built);
* ``analysis.criticality`` on the scenario graph, over ``--crit-pairs`` of those pairs
  (links cut as edges: the base times, then every link on a quickest path cut) and with a
  :class:`~corridor.analysis.PairTimes` (every link of the graph cut), against the engine
  it calls on the same CSR: :meth:`~corridor.paths.CSRGraph.od_matrix` and
  :meth:`~corridor.paths.CSRGraph.link_cuts`, warm, in turn (``--crit-repeat`` rounds, the
  least kept; ``criticality_sweep`` is an alias).

It prints a table; figures are CPU seconds (robust to a busy machine) with wall seconds; the
warm route and ``od_time`` rows are the least of ``--repeat`` runs (public and engine alike).

Run::

    python benchmarks/bench_public.py --ways 300000 --places 300
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_osm import (  # noqa: E402
    add_extract_arguments,
    ensure_extract,
    write_curated,
)


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """Run ``fn``; return its result, CPU seconds and wall seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.process_time() - cpu, time.perf_counter() - wall


def best_of(repeat: int, fn: Callable[..., Any], *args: Any, **kwargs: Any
            ) -> tuple[Any, float, float]:
    """Run ``fn`` ``repeat`` times; return its last result and the least CPU and wall seconds."""
    runs = [timed(fn, *args, **kwargs) for _ in range(max(repeat, 1))]
    return runs[-1][0], min(r[1] for r in runs), min(r[2] for r in runs)


def _fmt(seconds: float) -> str:
    if math.isnan(seconds):
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extract_arguments(parser, default_ways=300_000)
    parser.add_argument("--places", type=int, default=300, help="OD matrix is PLACES×PLACES")
    parser.add_argument("--routes", type=int, default=20, help="route queries timed")
    parser.add_argument("--repeat", type=int, default=3,
                        help="warm runs of the route and od_time rows (least kept)")
    parser.add_argument("--crit-pairs", type=int, default=20,
                        help="place pairs of the criticality sweep (0: not timed)")
    parser.add_argument("--crit-repeat", type=int, default=2,
                        help="rounds of the criticality rows, public and engine in turn "
                        "(least kept)")
    parser.add_argument("--nx-sources", type=int, default=5,
                        help="origins networkx runs (its OD time is scaled up)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one warm od_matrix")
    args = parser.parse_args(argv)

    extract, meta = ensure_extract(args.ways, args.cache)

    import networkx as nx
    from scipy.sparse.csgraph import dijkstra

    from corridor import NoRoute, analysis, geodata, network, osm, paths, routing
    from corridor.routing import cache as routing_cache
    from corridor.scenarios import Scenario

    curated = geodata.load(write_curated(args.cache / "curated", meta))
    data, _report = osm.build(extract, curated, progress=False)
    scen = Scenario(name="bench", link_statuses=("operating",))
    print(f"extract: {meta['ways']:,} ways; {len(data.places):,} places, "
          f"{len(data.links):,} links", flush=True)

    rows: list[tuple[str, str, str, str, str]] = []

    def row(step: str, public: tuple[float, float] | None, engine: tuple[float, float] | None,
            nxt: tuple[float, float] | None, note: str = "") -> None:
        def cell(t: tuple[float, float] | None) -> str:
            return "" if t is None else f"{_fmt(t[0])} (wall {_fmt(t[1])})"
        ratio = f"{public[0] / max(engine[0], 1e-9):.2f}×" if public and engine else ""
        rows.append((step, cell(public), cell(engine), cell(nxt) + note, ratio))

    rng = np.random.default_rng(11)
    ids = list(data.places.index)
    places = [str(ids[i]) for i in rng.choice(len(ids), args.places, replace=False)]

    # ---------------------------------------------------------------- od_matrix
    routing.clear_cache()
    od_cold, c_cold, w_cold = timed(routing.od_matrix, places, places, scenario=scen, data=data)
    od_warm, c_warm, w_warm = timed(routing.od_matrix, places, places, scenario=scen, data=data)
    assert od_cold.equals(od_warm)
    graph = routing.graph_for(data, scen)
    view = routing.routing_view(graph)
    attached = view.graph.get(paths.BASE_KEY)
    # a view under FASTPATH_MIN_NODES nodes has no compiled base (routing runs networkx on
    # it): the engine's figures are then those of a CSR view built here
    csr = attached[1] if attached is not None else paths.CSRGraph.from_networkx(view, "w")
    nodes_of: dict[str, list[Any]] = {}
    for n, d in view.nodes(data=True):
        nodes_of.setdefault(d["place"], []).append(n)
    groups = [network.endpoints(view, nodes_of.get(p, [])) for p in places]
    _, c_eng, w_eng = timed(csr.od_matrix, groups, groups)
    _, c_dij, w_dij = timed(csr.od_matrix, groups, groups, backend="dijkstra")
    ch = csr._ch  # the hierarchy, when the big-view rule chose it (built by the public call)
    _, c_build, w_build = timed(paths.CSRGraph.from_networkx, view, "w")
    # the engine cold: its CSR view built, then the same OD
    _, c_graph, w_graph = timed(network.build, data, scen)

    def raw_scipy() -> None:
        for g in groups:
            rows_ = csr.rows(g)
            if len(rows_):
                dijkstra(csr.matrix, directed=True, indices=rows_, min_only=True)

    _, c_raw, w_raw = timed(raw_scipy)
    n_nx = min(args.nx_sources, len(groups))
    starts = [g for g in groups if g][:n_nx]
    _, c_nx, w_nx = timed(lambda: [nx.multi_source_dijkstra_path_length(view, set(g),
                                                                         weight="w")
                                   for g in starts])
    scale = len(groups) / max(len(starts), 1)
    n = args.places
    row(f"od_matrix {n}×{n}, warm ({'hierarchy' if ch is not None else 'Dijkstra'})",
        (c_warm, w_warm), (c_eng, w_eng),
        (c_nx * scale, w_nx * scale), f" (est. from {len(starts)} origins)")
    if ch is not None:
        row(f"  engine on Dijkstra (backend='dijkstra'), {n}×{n}", (c_warm, w_warm),
            (c_dij, w_dij), None)
    c_pre = ch.preprocess_s + ch.customize_s if ch is not None else 0.0
    row(f"od_matrix {n}×{n}, cold (graph, view, CSR, index built)", (c_cold, w_cold),
        (c_graph + c_build + c_pre + c_eng, w_graph + w_build + c_pre + w_eng), None)
    if ch is not None:
        row("  of which CH preprocessing + customization (in the public cold call)", None,
            (c_pre, math.nan), None)
    row("  of which network.build (graph)", None, (c_graph, w_graph), None)
    row("  of which CSR view of the routing view", None, (c_build, w_build), None)
    row(f"raw scipy Dijkstra, {n} origins (same groups)", None, (c_raw, w_raw), None)

    # ---------------------------------------------------------------- route
    pairs = [(places[2 * k], places[2 * k + 1]) for k in range(min(args.routes, n // 2))]
    pairs = [(a, b) for a, b in pairs if nodes_of.get(a) and nodes_of.get(b)]

    def public_routes() -> list[float | None]:
        out: list[float | None] = []
        for a, b in pairs:
            try:
                out.append(routing.route(a, b, scenario=scen, data=data, explain=False).time_h)
            except NoRoute:
                out.append(None)
        return out

    def engine_routes() -> None:
        for a, b in pairs:
            csr.shortest_path(network.endpoints(view, nodes_of[a]),
                              network.endpoints(view, nodes_of[b]))

    def nx_routes() -> None:
        for a, b in pairs[:3]:
            with contextlib.suppress(nx.NetworkXNoPath):
                nx.multi_source_dijkstra(view, set(network.endpoints(view, nodes_of[a])),
                                         target=network.endpoints(view, nodes_of[b])[0],
                                         weight="w")

    _, c_r0, w_r0 = timed(public_routes)  # first: builds the view's link table (snapping)
    _, c_r, w_r = best_of(args.repeat, public_routes)
    _, c_re, w_re = best_of(args.repeat, engine_routes)
    _, c_rn, w_rn = timed(nx_routes)
    k = len(pairs)
    scale = k / 3
    row(f"route, {k} queries, warm (least of {args.repeat})", (c_r, w_r), (c_re, w_re),
        (c_rn * scale, w_rn * scale),
        " (est. from 3)")
    row(f"route, {k} queries, first (snapping table built)", (c_r0, w_r0), (c_re, w_re), None)
    # pairs never routed before, the view warm but the memo of built legs empty (each run
    # starts with it cleared): what a route costs the first time its arcs are used
    used = set(places)
    rest = [str(p) for p in ids if str(p) not in used and nodes_of.get(str(p))]
    fresh_at = rng.choice(len(rest), min(2 * len(pairs), len(rest) // 2 * 2), replace=False)
    fresh = [(rest[fresh_at[2 * q]], rest[fresh_at[2 * q + 1]])
             for q in range(len(fresh_at) // 2)]
    memo = getattr(routing_cache, "LEGS", None)  # absent before the memo existed

    def public_fresh() -> None:
        for a, b in fresh:
            with contextlib.suppress(NoRoute):
                routing.route(a, b, scenario=scen, data=data, explain=False)

    def emptied() -> tuple[None, float, float]:
        if memo is not None:
            memo.clear()  # before the clock starts: what is timed is the legs' first build
        return timed(public_fresh)

    def engine_fresh() -> None:
        for a, b in fresh:
            csr.shortest_path(network.endpoints(view, nodes_of[a]),
                              network.endpoints(view, nodes_of[b]))

    runs = [emptied() for _ in range(max(args.repeat, 1))]
    c_f, w_f = min(r[1] for r in runs), min(r[2] for r in runs)
    _, c_fe, w_fe = best_of(args.repeat, engine_fresh)
    row(f"route, {len(fresh)} fresh pairs, view warm, leg memo empty (least of "
        f"{args.repeat})", (c_f, w_f), (c_fe, w_fe), None)

    # ---------------------------------------------------------------- analysis
    def public_od_time() -> None:
        for a, b in pairs:
            analysis.od_time(graph, a, b)

    p_csr = paths.cached(graph, "time_h", default_weight=0.0)
    ends = network.place_endpoints(graph, [p for ab in pairs for p in ab])

    def engine_od_time() -> None:
        for q in range(len(pairs)):
            p_csr.shortest_path(ends[2 * q], ends[2 * q + 1])

    _, c_a0, w_a0 = timed(public_od_time)  # first: builds its CSR view (mode filter key)
    _, c_a, w_a = best_of(args.repeat, public_od_time)
    _, c_ae, w_ae = best_of(args.repeat, engine_od_time)
    row(f"analysis.od_time, {k} pairs, warm (least of {args.repeat})", (c_a, w_a),
        (c_ae, w_ae), None)
    row(f"analysis.od_time, {k} pairs, first (CSR view built)", (c_a0, w_a0), (c_ae, w_ae),
        None)

    if args.crit_pairs:
        crit = pairs[:args.crit_pairs]
        specs = [(a, b, None) for a, b in crit]
        times = analysis.PairTimes(tuple(crit))
        sweep_csr = paths.cached(graph, "time_h", default_weight=0.0, key=("modes", None))
        sources, targets, idx = times.groups(graph)

        def engine_sweep() -> None:
            sweep_csr.od_matrix(sources, targets)
            sweep_csr.link_cuts(sources, targets, pairs=idx)

        def public_sweep() -> None:
            analysis.criticality(graph, specs)

        def public_times() -> None:
            analysis.criticality(graph, times)

        def engine_cuts() -> None:
            sweep_csr.link_cuts(sources, targets, pairs=idx)

        public_sweep()  # first: builds the CSR (and hierarchy) it uses
        # public and engine in turn, the least of --crit-repeat rounds each: a sweep takes
        # seconds, long enough for the load of a shared machine to change between them
        best: dict[Callable[[], None], tuple[float, float]] = {}
        for _ in range(max(args.crit_repeat, 1)):
            for fn in (public_sweep, engine_sweep, public_times, engine_cuts):
                _, cpu, wall = timed(fn)
                old = best.get(fn, (math.inf, math.inf))
                best[fn] = (min(old[0], cpu), min(old[1], wall))
        (c_c, w_c), (c_ce, w_ce) = best[public_sweep], best[engine_sweep]
        (c_t, w_t), (c_te, w_te) = best[public_times], best[engine_cuts]
        engine = "hierarchy" if sweep_csr.use_ch(len(sources) * 2) else "Dijkstra"
        row(f"analysis.criticality, {len(crit)} pairs, warm ({engine}; least of "
            f"{args.crit_repeat})", (c_c, w_c),
            (c_ce, w_ce), None)
        row(f"analysis.criticality(PairTimes), {len(crit)} pairs, warm (least of "
            f"{args.crit_repeat})", (c_t, w_t),
            (c_te, w_te), None)

    width = max(len(r[0]) for r in rows)
    print()
    print(f"{meta['ways']:,}-way extract: graph {graph.number_of_nodes():,} nodes, routing view "
          f"{view.number_of_nodes():,} nodes / {view.number_of_edges():,} arcs; CPU seconds")
    if attached is None:
        print("(a view below paths.FASTPATH_MIN_NODES: routing searches it with networkx, "
              "not the engine)")
    print(f"| {'step':<{width}} | public | engine | networkx | public/engine |")
    print(f"|{'-' * (width + 2)}|--------|--------|----------|---------------|")
    for step, pub, eng, nxs, ratio in rows:
        print(f"| {step:<{width}} | {pub} | {eng} | {nxs} | {ratio} |")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        routing.od_matrix(places, places, scenario=scen, data=data)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
