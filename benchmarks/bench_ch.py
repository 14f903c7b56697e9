"""Benchmark: contraction hierarchies against scipy's Dijkstra and networkx on a synthetic extract.

Builds the synthetic extract of :mod:`benchmarks.bench_osm` (generated once, cached), its
layered graph and CSR view, then on the same graph:

* preprocessing of the hierarchy (node order + contraction) and its customization, apart;
* an ``--od`` × ``--od`` OD matrix between road nodes of the biggest road component: the
  hierarchy (:class:`corridor.paths.ch.CHGraph`), the scipy engine
  (:meth:`corridor.paths.CSRGraph.od_matrix` with ``backend="dijkstra"``; ``--scipy-sources``
  measured, scaled up) and networkx (``--nx-sources`` measured, scaled up);
* a criticality sweep: the ``--sweep-links`` links most used by ``--sweep-od`` ×
  ``--sweep-od`` pairs cut one by one, by re-customizing the hierarchy and by today's fast
  path (one Dijkstra per affected source), networkx on ``--nx-sweep-links`` links (scaled up);

and checks the answers agree (same connectivity; costs within the hierarchy's resolution).
Figures are CPU seconds (robust to a busy machine) with wall seconds.

Run::

    python benchmarks/run.py ch --ways 300000 --od 1000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_osm import (  # noqa: E402
    Clock,
    add_extract_arguments,
    ensure_extract,
    peak_mb,
    scaled,
    timed,
    write_curated,
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extract_arguments(parser, default_ways=300_000)
    parser.add_argument("--od", type=int, default=1000, help="OD matrix is OD×OD nodes")
    parser.add_argument("--scipy-sources", type=int, default=200,
                        help="sources the scipy engine runs (its OD time is scaled up)")
    parser.add_argument("--nx-sources", type=int, default=3,
                        help="sources networkx runs (its OD time is scaled up)")
    parser.add_argument("--sweep-od", type=int, default=20,
                        help="criticality sweep pairs: SWEEP_OD × SWEEP_OD nodes")
    parser.add_argument("--sweep-links", type=int, default=100, help="links cut in the sweep")
    parser.add_argument("--nx-sweep-links", type=int, default=1,
                        help="links networkx cuts (its sweep time is scaled up)")
    args = parser.parse_args(argv)

    extract, meta = ensure_extract(args.ways, args.cache)

    import networkx as nx

    from corridor import geodata, network, osm, paths
    from corridor.paths.ch import CHGraph
    from corridor.scenarios import Scenario

    curated = geodata.load(write_curated(args.cache / "curated", meta))
    data, _ = osm.build(extract, curated, progress=False)
    graph = network.build(data, Scenario(name="bench", link_statuses=("operating",)))
    csr, t_csr = timed(paths.CSRGraph.from_networkx, graph, "time_h")
    mem0 = peak_mb()
    print(f"extract: {meta['ways']:,} ways; graph {graph.number_of_nodes():,} nodes, "
          f"{csr.n_arcs:,} arcs; CSR view {t_csr}", flush=True)

    rows: list[tuple[str, str, str, str, str]] = []

    def row(step: str, ch: Clock | None, sp: Clock | None, nxc: Clock | None,
            note: str = "") -> None:
        def cell(c: Clock | None) -> str:
            return "" if c is None else str(c)
        ratio = f"{sp.cpu / max(ch.cpu, 1e-9):.1f}×" if ch and sp else ""
        rows.append((step, cell(ch), cell(sp), cell(nxc) + note, ratio))

    rss0 = _rss_mb()
    ch, t_pre = timed(CHGraph, csr)
    ch_mb = _rss_mb() - rss0
    csr._ch = ch  # kept with the view, as CSRGraph.contracted() would
    pre, cust = Clock(), Clock()
    pre.cpu, cust.cpu = ch.preprocess_s, ch.customize_s
    pre.wall, cust.wall = t_pre.wall * ch.preprocess_s / max(t_pre.cpu, 1e-9), 0.0
    row("preprocessing: order + contraction (once per graph)", pre, None, None)
    row("customization: the weights (once per metric)", cust, None, None)
    mem_ch = peak_mb()

    road = graph.subgraph([n for n in graph if n[1] == "road"])
    giant = max(nx.connected_components(road), key=len)
    pool = sorted(giant)
    rng = np.random.default_rng(3)
    n_od = min(args.od, len(pool) // 2)
    picks = [pool[i] for i in rng.choice(len(pool), 2 * n_od, replace=False)]
    sources, targets = picks[:n_od], picks[n_od:]

    from corridor import settings
    from corridor.paths.ch import threads

    n_threads = threads(len(sources))
    od_ch, t_ch = timed(csr.od_matrix, sources, targets, backend="ch")
    saved, settings.CH_THREADS = settings.CH_THREADS, 1
    try:
        od_one, t_one = timed(csr.od_matrix, sources, targets, backend="ch")
    finally:
        settings.CH_THREADS = saved
    assert np.array_equal(od_one, od_ch, equal_nan=True)
    k = min(args.scipy_sources, n_od)
    od_sp, t_sp = timed(csr.od_matrix, sources[:k], targets, backend="dijkstra")
    n_nx = min(args.nx_sources, n_od)
    od_nx, t_nx = timed(paths.nx_od_matrix, graph, sources[:n_nx], targets, "time_h")
    same = np.array_equal(np.isfinite(od_ch[:k]), np.isfinite(od_sp))
    ok = np.isfinite(od_sp)
    diff = float(np.abs(od_ch[:k][ok] - od_sp[ok]).max()) if ok.any() else 0.0
    bound = ch.resolution * csr.n_nodes / 2  # the documented bound (hops < nodes)
    assert same and diff <= bound, (same, diff, bound)
    assert np.allclose(od_nx, od_sp[:n_nx])
    row(f"OD {n_od}×{n_od} (preprocessing excluded), {n_threads} thread(s)", t_ch,
        scaled(t_sp, n_od / k), scaled(t_nx, n_od / n_nx),
        f" (scipy from {k}, networkx from {n_nx} sources, scaled)")
    row(f"OD {n_od}×{n_od} (preprocessing excluded), 1 thread", t_one, scaled(t_sp, n_od / k),
        None)
    row(f"OD {n_od}×{n_od} (preprocessing included)",
        _sum(t_ch, t_pre), scaled(t_sp, n_od / k), None)

    s_src, s_tgt = sources[: args.sweep_od], targets[: args.sweep_od]
    usage = csr.link_usage(s_src, s_tgt)
    links = [lid for lid, _ in sorted(usage.items(), key=lambda t: (-t[1], t[0]))]
    links = links[: args.sweep_links]
    cuts_ch, t_sw_ch = timed(csr.link_cuts, s_src, s_tgt, links, backend="ch")
    cuts_sp, t_sw_sp = timed(csr.link_cuts, s_src, s_tgt, links, backend="dijkstra")
    rise_diff = 0.0
    for a, b in zip(cuts_ch, cuts_sp, strict=True):
        assert a.disconnected == b.disconnected, (a, b)
        rise_diff = max(rise_diff, abs(a.rise - b.rise))
    n_cut = min(args.nx_sweep_links, len(links))

    def nx_cuts() -> None:
        paths.nx_od_matrix(graph, s_src, s_tgt, "time_h")
        for lid in links[:n_cut]:
            paths.nx_od_matrix(network.cut_link(graph, lid), s_src, s_tgt, "time_h")

    _, t_sw_nx = timed(nx_cuts)
    row(f"criticality sweep: {len(links)} links, {len(s_src)}×{len(s_tgt)} pairs", t_sw_ch,
        t_sw_sp, scaled(t_sw_nx, len(links) / max(n_cut, 1)),
        f" (est. from {n_cut} cut)")

    width = max(len(r[0]) for r in rows)
    print()
    print(f"{meta['ways']:,}-way extract: {graph.number_of_nodes():,} nodes, {csr.n_arcs:,} "
          f"arcs; CH node order {ch.ordering}, resolution {ch.resolution:.2g} h; "
          f"CH vs Dijkstra max |diff| {diff:.2g} h "
          f"on {int(ok.sum()):,} connected pairs; sweep max |rise diff| {rise_diff:.2g} h; "
          f"peak memory {mem0:,.0f} MB before the CH, "
          f"{mem_ch:,.0f} MB after, {peak_mb():,.0f} MB at the end; the hierarchy added "
          f"{ch_mb:,.0f} MB resident")
    print(f"| {'step':<{width}} | CH (wall, cpu) | scipy Dijkstra (engine) | networkx "
          f"| scipy/CH (cpu) |")
    print(f"|{'-' * (width + 2)}|----|-------|----------|------|")
    for step, a, b, c, ratio in rows:
        print(f"| {step:<{width}} | {a} | {b} | {c} | {ratio} |")
    return 0


def _rss_mb() -> float:
    """Resident memory of this process now, MB (Linux; NaN elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _sum(a: Clock, b: Clock) -> Clock:
    out = Clock()
    out.wall, out.cpu = a.wall + b.wall, a.cpu + b.cpu
    return out


if __name__ == "__main__":
    sys.exit(main())
