"""Benchmark: ingest of per-country extracts on Dask workers, stitched, against one build.

The synthetic extract of :mod:`benchmarks.bench_osm` (generated once, cached) is split into
``--pieces`` longitude bands as Geofabrik cuts countries (:func:`split_extract`: a way is
in every band one of its nodes lies in, with all its nodes; bands overlap by
``--overlap`` degrees, as Geofabrik's polygons do). Then, each in a fresh process so that
peak memory is its own:

* ``osm.build`` of the whole extract (one process);
* ``osm.build_many`` of the pieces read one after the other in the same process;
* ``osm.build_many`` on a ``LocalCluster`` of 1 and of 2 worker processes (one thread each);
* the same, ``-gathered``: ``partitioned=False`` (the ways gathered into this process and
  the topology built there once, as before the partitioned build).

Printed: wall and CPU seconds of the stitching process (the cluster's start excluded), the
summed CPU seconds of the reads, peak resident memory of the stitching process and of each
worker (and their resident memory before the build, imports and cluster included), the
pickled size of the pieces' ways (what a worker sends back when gathered) per way, and of what
a partitioned build sends back per piece (way ids and sizes, node keys and snapping candidates,
links and junctions), and whether every build equals the single one.

Run::

    python benchmarks/run.py stitch --ways 100000 --pieces 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_osm import (  # noqa: E402,F401
    LAT0,
    LON0,
    LON1,
    add_extract_arguments,
    ensure_extract,
    write_curated,
)

MODES = ("single", "serial", "dask1", "dask2", "serial-gathered", "dask2-gathered")


def split_extract(source: Path, out_dir: Path, cuts: list[float], overlap: float = 0.0,
                  ) -> list[Path]:
    """Split an extract into longitude bands as Geofabrik cuts countries; return the files.

    Band ``k`` runs from ``cuts[k-1] - overlap`` to ``cuts[k] + overlap`` (the first and
    last are open). A way goes into every band holding one of its nodes, written whole
    with all its nodes (``osmium.BackReferenceWriter``), so a way crossing a cut is in
    both extracts.
    """
    import osmium

    edges = [-math.inf, *cuts, math.inf]
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = source.name.removesuffix(".osm.pbf").removesuffix(".osm")
    paths = [out_dir / f"{stem}.part{k + 1}of{len(edges) - 1}.osm.pbf"
             for k in range(len(edges) - 1)]
    writers = [osmium.BackReferenceWriter(str(p), ref_src=str(source), overwrite=True,
                                          remove_tags=False) for p in paths]
    try:
        processor = (osmium.FileProcessor(str(source), osmium.osm.NODE | osmium.osm.WAY)
                     .with_locations().with_filter(osmium.filter.EntityFilter(osmium.osm.WAY)))
        for obj in processor:
            lons = [n.lon for n in obj.nodes if n.location.valid()]
            if not lons:
                continue
            lo, hi = min(lons), max(lons)
            for k, writer in enumerate(writers):
                if lo < edges[k + 1] + overlap and hi >= edges[k] - overlap:
                    writer.add_way(obj)
    finally:
        for writer in writers:
            writer.close()
    return paths


def digest(data: Any) -> str:
    """A hash of the built places and links: attributes, and geometry as WKB."""
    h = hashlib.sha256()
    for frame in (data.places, data.links):
        h.update(frame.drop(columns="geometry").to_csv().encode())
        for geom in frame.geometry:
            h.update(geom.wkb)
    return h.hexdigest()[:16]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def run_mode(mode: str, extract: Path, pieces: list[Path], curated_dir: Path) -> dict[str, Any]:
    """Build in one mode (in this process) and return its figures."""
    from corridor import geodata, osm

    curated = geodata.load(curated_dir)
    out: dict[str, Any] = {"mode": mode}
    partitioned = not mode.endswith("-gathered")
    if mode.startswith("dask"):
        from distributed import Client, LocalCluster

        workers = int(mode.removeprefix("dask").removesuffix("-gathered"))
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(lambda: __import__("corridor.osm.stitch"))  # imports: not timed
            before = client.run(_rss_mb)
            out["rss_before_mb"] = _rss_mb()
            wall, cpu = time.perf_counter(), time.process_time()
            data, report = osm.build_many(pieces, curated, client=client, progress=False,
                                          partitioned=partitioned)
            out["wall"], out["cpu"] = time.perf_counter() - wall, time.process_time() - cpu
            out["worker_rss_before_mb"] = sorted(before.values())
            out["worker_peak_mb"] = sorted(client.run(_peak_mb).values())
    else:
        out["rss_before_mb"] = _rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        if mode == "single":
            data, report = osm.build(extract, curated, progress=False)
        else:
            data, report = osm.build_many(pieces, curated, progress=False,
                                          partitioned=partitioned)
        out["wall"], out["cpu"] = time.perf_counter() - wall, time.process_time() - cpu
    out["peak_mb"] = _peak_mb()
    out["read_cpu"] = report.read_cpu_seconds
    out["links"], out["junctions"] = report.links, report.junctions
    out["duplicates"] = report.duplicate_ways
    out["border_nodes"], out["border_merges"] = report.border_nodes, report.border_merges
    out["digest"] = digest(data)
    return out


def partition_bytes(pieces: list[Path], curated_dir: Path) -> list[int]:
    """Pickled bytes a partitioned build gathers, per round: sizes, nodes, links."""
    import numpy as np

    from corridor import geodata
    from corridor.osm import partition
    from corridor.osm.report import BuildReport
    from corridor.osm.stitch import read_piece

    places = geodata.load(curated_dir).places
    read = [read_piece(p) for p in pieces]
    sizes = [partition._way_sizes(r) for r in read]
    masks = partition._ownership([(w, s) for w, s, _ in sizes])
    owned = [partition._owned(r, m) for r, m in zip(read, masks, strict=True)]
    nodes = [partition._piece_nodes(o, places, 1.0) for o in owned]
    border = partition._borders(nodes)
    snapped = partition._snapped(nodes, places, BuildReport())
    protected = np.array(sorted(snapped), dtype=np.int64)
    links = [partition._piece_links(o, protected, border) for o in owned]
    return [sum(len(pickle.dumps(x)) for x in r) for r in (sizes, nodes, links)]


def piece_bytes(pieces: list[Path]) -> tuple[int, int]:
    """Pickled bytes of the pieces' kept ways and their number of ways."""
    from corridor.osm.stitch import read_piece

    size = ways = 0
    for path in pieces:
        piece, _ = read_piece(path)
        size += len(pickle.dumps(piece))
        ways += len(piece.way_id)
    return size, ways


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extract_arguments(parser, default_ways=100_000)
    parser.add_argument("--pieces", type=int, default=2, help="longitude bands")
    parser.add_argument("--overlap", type=float, default=0.1,
                        help="degrees of longitude two neighbouring bands share")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"comma list of {', '.join(MODES)}")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # one, in-process
    args = parser.parse_args(argv)

    extract, meta = ensure_extract(args.ways, args.cache)
    curated_dir = write_curated(args.cache / "curated", meta)
    cuts = [LON0 + (LON1 - LON0) * k / args.pieces for k in range(1, args.pieces)]
    pieces = sorted((args.cache / "pieces").glob(
        f"synthetic_{args.ways}.part*of{args.pieces}.osm.pbf"))
    if len(pieces) != args.pieces:
        print(f"splitting {extract} into {args.pieces} bands ...", flush=True)
        pieces = split_extract(extract, args.cache / "pieces", cuts, args.overlap)
    if args.mode:
        print(json.dumps(run_mode(args.mode, extract, pieces, curated_dir)))
        return 0

    results = []
    for mode in args.modes.split(","):
        done = subprocess.run([sys.executable, __file__, "--mode", mode, "--ways",
                               str(args.ways), "--cache", str(args.cache), "--pieces",
                               str(args.pieces), "--overlap", str(args.overlap)],
                              check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    size, kept = piece_bytes(pieces)
    want = next((r["digest"] for r in results if r["mode"] == "single"), None)
    rounds = partition_bytes(pieces, curated_dir)
    names = {"single": "osm.build, whole extract", "serial": "build_many, pieces in-process",
             "dask1": "build_many, Dask 1 worker", "dask2": "build_many, Dask 2 workers",
             "serial-gathered": "build_many gathered, in-process",
             "dask2-gathered": "build_many gathered, Dask 2 workers"}
    print()
    border = max(r["border_nodes"] for r in results)
    merges = max(r["border_merges"] for r in results)
    print(f"{meta['ways']:,} ways in {args.pieces} pieces ({results[-1]['duplicates']:,} ways "
          f"in two; {border:,} border nodes, merged through {merges:,}); pieces' kept ways "
          f"pickled: {size / 1e6:,.1f} "
          f"MB, {size / kept:,.0f} B per kept way ({kept:,} incl. duplicates); partitioned "
          f"rounds gathered: " + ", ".join(f"{b / 1e6:,.1f} MB ({b / kept:,.0f} B/way)"
                                           for b in rounds) + " (sizes, nodes, links)")
    print()
    print("| build | wall | CPU (this process) | reads' CPU | peak RSS (before build) | "
          "worker peak RSS (before task) | equal to single |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        workers = ", ".join(f"{p:,.0f}" for p in r.get("worker_peak_mb", [])) or "–"
        if "worker_rss_before_mb" in r:
            workers += " (" + ", ".join(f"{p:,.0f}" for p in r["worker_rss_before_mb"]) + ")"
        print(f"| {names[r['mode']]} | {r['wall']:.1f} s | {r['cpu']:.1f} s | "
              f"{r['read_cpu']:.1f} s | {r['peak_mb']:,.0f} ({r['rss_before_mb']:,.0f}) MB | "
              f"{workers} MB | "
              f"{'yes' if r['digest'] == want else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
