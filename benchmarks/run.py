"""Run the benchmarks: ``python benchmarks/run.py graph|route|od|report|all`` or ``osm ...``.

* ``graph``, ``route``, ``od``: graph build per scenario, one route query, the full OD matrix
  on the shipped data (:mod:`bench_network`); several may be named at once;
* ``report``: the full default report for all scenarios (:mod:`bench_report`);
* ``all``: ``graph route od report``;
* ``osm [OPTIONS]``: OSM ingest and the fast backend on a synthetic extract
  (:mod:`bench_osm`; its options follow, e.g. ``osm --ways 100000``; needs pyosmium);
* ``public [OPTIONS]``: the public functions (``routing.od_matrix``, ``route``,
  ``analysis.od_time``, ``analysis.criticality``) against the engine they call and networkx
  on a synthetic extract
  (:mod:`bench_public`, e.g. ``public --ways 300000 --places 300``; needs pyosmium);
* ``ch [OPTIONS]``: contraction hierarchies against scipy's Dijkstra and networkx, OD and a
  criticality sweep (:mod:`bench_ch`, e.g. ``ch --ways 300000 --od 1000``; needs pyosmium
  and ``routingkit-cch``, the ``scale`` extra);
* ``dask [OPTIONS]``: OD on 1 and 2 Dask workers against one process, and the memory model
  (:mod:`bench_dask`, e.g. ``dask --ways 100000 --od 400``; needs the ``distributed`` extra);
* ``stitch [OPTIONS]``: per-country extracts read on 1 and 2 Dask workers and stitched,
  against one build of the whole extract (:mod:`bench_stitch`, e.g. ``stitch --ways 100000
  --pieces 2``; needs the ``distributed`` extra).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bench_network, bench_report
from corridor import geodata
from corridor._errors import CorridorError

#: Sub-benchmarks on the shipped (or ``--geodata``) data, in the order ``all`` runs them.
CHOICES = (*bench_network.PARTS, "report", "all")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python benchmarks/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="+", choices=CHOICES, metavar="BENCHMARK",
                        help=f"one or more of {', '.join(CHOICES)} (or: osm [OPTIONS])")
    parser.add_argument("--geodata", metavar="DIR", default=None)
    parser.add_argument("--queries", type=int, default=50, help="route queries timed (route)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per figure, the median is shown (default: 3 builds for "
                        "graph, 1 report)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the named benchmarks and print their figures; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["osm"]:
        from benchmarks import bench_osm  # late import: pyosmium is only needed here

        return bench_osm.main(args_list[1:])
    if args_list[:1] == ["ch"]:
        from benchmarks import bench_ch  # late import: pyosmium and routingkit-cch needed

        return bench_ch.main(args_list[1:])
    if args_list[:1] == ["dask"]:
        from benchmarks import bench_dask  # late import: dask and pyosmium needed

        return bench_dask.main(args_list[1:])
    if args_list[:1] == ["stitch"]:
        from benchmarks import bench_stitch  # late import: dask and pyosmium needed

        return bench_stitch.main(args_list[1:])
    if args_list[:1] == ["public"]:
        from benchmarks import bench_public  # late import: pyosmium is only needed here

        return bench_public.main(args_list[1:])
    args = _parser().parse_args(args_list)
    wanted = set(args.what)
    if "all" in wanted:
        wanted = set(CHOICES)
    parts = tuple(p for p in bench_network.PARTS if p in wanted)
    try:
        data = geodata.load(args.geodata)
        if parts:
            repeat = 3 if args.repeat is None else args.repeat
            print(bench_network.report(bench_network.run(
                data, queries=args.queries, repeat=repeat, parts=parts)))
        if "report" in wanted:
            repeat = 1 if args.repeat is None else args.repeat
            print(bench_report.format_result(bench_report.run(data, repeat=repeat)))
    except CorridorError as exc:
        print(f"benchmarks/run.py: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
