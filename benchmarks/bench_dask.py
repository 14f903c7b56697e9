"""Benchmark: OD on Dask workers (1 vs 2) against one process, and the memory model.

On the synthetic extract of :mod:`benchmarks.bench_osm` (generated once, cached):

* memory: bytes allocated (tracemalloc) by the ingested geodata and by the networkx graph,
  per way of the extract and per graph node; the CSR view's pickled size (what each worker
  receives) per node and per arc;
* an ``--od`` × ``--od`` OD matrix (Dijkstra) in this process, then with
  :func:`corridor.paths.distributed.od_matrix` on a ``LocalCluster`` of 1 and of 2 worker
  processes (one thread each); wall seconds, the view's scatter included.

Run::

    python benchmarks/run.py dask --ways 100000 --od 400
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_osm import add_extract_arguments, ensure_extract, timed, write_curated  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extract_arguments(parser, default_ways=100_000)
    parser.add_argument("--od", type=int, default=400, help="OD matrix is OD×OD nodes")
    parser.add_argument("--processes", action=argparse.BooleanOptionalAction, default=True,
                        help="worker processes (default) or threads in this process")
    args = parser.parse_args(argv)

    extract, meta = ensure_extract(args.ways, args.cache)

    import psutil
    from distributed import Client, LocalCluster

    from corridor import geodata, network, osm, paths
    from corridor.paths import distributed as dist
    from corridor.scenarios import Scenario

    curated = geodata.load(write_curated(args.cache / "curated", meta))
    proc = psutil.Process()
    gc.collect()
    rss0 = proc.memory_info().rss
    tracemalloc.start()
    data, _ = osm.build(extract, curated, progress=False)
    gc.collect()
    data_bytes = tracemalloc.get_traced_memory()[0]
    rss1 = proc.memory_info().rss
    graph = network.build(data, Scenario(name="bench", link_statuses=("operating",)))
    gc.collect()
    graph_bytes = tracemalloc.get_traced_memory()[0] - data_bytes
    rss2 = proc.memory_info().rss
    tracemalloc.stop()
    csr = paths.CSRGraph.from_networkx(graph, "time_h")
    csr_bytes = len(pickle.dumps(csr))
    ways, nodes, arcs = meta["ways"], graph.number_of_nodes(), csr.n_arcs
    print(f"extract: {ways:,} ways ({meta['nodes']:,} OSM nodes); {len(data.links):,} links; "
          f"graph {nodes:,} nodes, {graph.number_of_edges():,} edges; CSR {arcs:,} arcs",
          flush=True)

    rng = np.random.default_rng(3)
    pool = list(csr.nodes)
    picks = [pool[i] for i in rng.choice(len(pool), 2 * args.od, replace=False)]
    sources, targets = picks[: args.od], picks[args.od:]
    want, t_one = timed(csr.od_matrix, sources, targets, backend="dijkstra")
    rows = [("one process (no Dask)", t_one.wall, t_one.cpu)]
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=args.processes,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            dist.od_matrix(client, csr, sources[:4], targets, backend="dijkstra")  # warm up
            got, t = timed(dist.od_matrix, client, csr, sources, targets,
                           backend="dijkstra")
            assert np.array_equal(got, want)
            rows.append((f"Dask LocalCluster, {workers} worker(s)", t.wall, None))

    print()
    print("| memory | bytes | per way | per graph node | per arc |")
    print("|--------|-------|---------|----------------|---------|")
    print(f"| geodata from the extract (tracemalloc: Python + numpy) | "
          f"{data_bytes / 1e6:,.0f} MB | {data_bytes / ways:,.0f} | | |")
    print(f"| geodata from the extract (RSS growth: + GEOS geometries) | "
          f"{(rss1 - rss0) / 1e6:,.0f} MB | {(rss1 - rss0) / ways:,.0f} | | |")
    print(f"| networkx layered graph (tracemalloc) | {graph_bytes / 1e6:,.0f} MB | "
          f"{graph_bytes / ways:,.0f} | {graph_bytes / nodes:,.0f} | |")
    print(f"| networkx layered graph (RSS growth) | {(rss2 - rss1) / 1e6:,.0f} MB | "
          f"{(rss2 - rss1) / ways:,.0f} | {(rss2 - rss1) / nodes:,.0f} | |")
    print(f"| CSR view, pickled (sent to each worker) | {csr_bytes / 1e6:,.1f} MB | "
          f"{csr_bytes / ways:,.0f} | {csr_bytes / nodes:,.0f} | {csr_bytes / arcs:,.0f} |")
    print()
    kind = "processes" if args.processes else "threads"
    print(f"| OD {args.od}×{args.od}, Dijkstra ({kind}) | wall | speed-up vs 1 worker |")
    print("|------|------|------|")
    one_worker = rows[1][1]
    for step, wall, cpu in rows:
        extra = f" (cpu {cpu:.2f} s)" if cpu is not None else ""
        print(f"| {step} | {wall:.2f} s{extra} | {one_worker / wall:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
