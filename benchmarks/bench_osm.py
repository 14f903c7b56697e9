"""Benchmark: OSM ingest and the compiled fast path against plain networkx on a big network.

Generates (once, cached) a synthetic but realistic OSM extract with pyosmium's writer: a
jittered grid of towns across the region joined by roads of every class (each road drawn as
several ways of 4–11 nodes, bridges and speed changes splitting it as in OSM), rail lines
with their own station nodes, sidings and lifecycle statuses, dead-end spurs, ferries, small
isolated pieces, and minor roads the default filter drops. Then it runs, in this process:

1. ``corridor.osm.build`` (ingest, conflation with synthetic curated stations, topology):
   ways/s and peak memory, and a bare pyosmium pass over the same file (node locations, one
   tag test per way) with the share of its throughput the ingest reaches (``--ingest-only``
   stops there);
2. ``corridor.network.build`` (the layered graph) and the CSR view;
3. one-to-one route, a 100×100 OD matrix and a criticality sweep, each with the fast
   backend and with networkx on the same graph, with the ratio.

Slow networkx parts can be measured on a subset (``--nx-sources``, ``--nx-sweep-links``)
and scaled up linearly; such figures are marked "est." in the table.

Run::

    python benchmarks/bench_osm.py --ways 1000000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

LON0, LON1, LAT0, LAT1 = 41.0, 69.0, 37.0, 43.5


def peak_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- generator


def generate(path: Path, n_ways: int, seed: int = 7) -> dict[str, int]:
    """Write a synthetic OSM extract with about ``n_ways`` ways; return counts."""
    import osmium
    from osmium.osm.mutable import Node, Way

    rng = np.random.default_rng(seed)
    # a road edge brings ~4 road ways + spurs + minor roads + rail share: ~6.1 ways
    n_edges = max(4, int(n_ways / 6.1))
    nx_ = max(2, int(math.sqrt(n_edges / 2 * (LON1 - LON0) / (LAT1 - LAT0))))
    ny_ = max(2, int(n_edges / 2 / nx_))
    lons = np.linspace(LON0, LON1, nx_)
    lats = np.linspace(LAT0, LAT1, ny_)
    dx, dy = lons[1] - lons[0], lats[1] - lats[0]
    gx, gy = np.meshgrid(lons, lats, indexing="ij")
    town_lon = (gx + rng.uniform(-0.25, 0.25, gx.shape) * dx).ravel()
    town_lat = (gy + rng.uniform(-0.25, 0.25, gy.shape) * dy).ravel()
    n_towns = town_lon.size
    node_lon: list[np.ndarray] = [town_lon]
    node_lat: list[np.ndarray] = [town_lat]
    next_node = n_towns + 1  # ids start at 1
    town_id = np.arange(1, n_towns + 1).reshape(nx_, ny_)
    # rail station nodes: ~300 m east of the town
    station_id = np.arange(next_node, next_node + n_towns).reshape(nx_, ny_)
    node_lon.append(town_lon + 0.0035)
    node_lat.append(town_lat.copy())
    next_node += n_towns
    ways: list[tuple[np.ndarray, int]] = []
    templates: list[dict[str, str]] = []
    template_ix: dict[tuple[tuple[str, str], ...], int] = {}

    def tag(**tags: str) -> int:
        key = tuple(sorted(tags.items()))
        if key not in template_ix:
            template_ix[key] = len(templates)
            templates.append(dict(key))
        return template_ix[key]

    def new_node(lon: float, lat: float) -> int:
        nonlocal next_node
        node_lon.append(np.array([lon]))
        node_lat.append(np.array([lat]))
        next_node += 1
        return next_node - 1

    last: dict[int, tuple[float, float]] = {}

    def polyline(a: int, b: int, alon: float, alat: float, blon: float, blat: float,
                 n_parts: int, wiggle: float) -> list[np.ndarray]:
        """New interior nodes from a to b, cut into ``n_parts`` ways; return node id arrays."""
        nonlocal next_node
        sizes = rng.integers(3, 11, n_parts)  # interior nodes per way
        n_int = int(sizes.sum() + n_parts - 1)
        t = np.linspace(0, 1, n_int + 2)[1:-1]
        bend = np.sin(np.pi * t * rng.integers(1, 4)) * wiggle * rng.uniform(-1, 1)
        lon = alon + (blon - alon) * t - (blat - alat) * bend
        lat = alat + (blat - alat) * t + (blon - alon) * bend
        ids = np.arange(next_node, next_node + n_int)
        next_node += n_int
        node_lon.append(lon)
        node_lat.append(lat)
        mid = len(ids) // 2
        last.clear()
        last[int(ids[mid])] = (float(lon[mid]), float(lat[mid]))
        full = np.concatenate([[a], ids, [b]])
        cuts = np.concatenate([[0], np.cumsum(sizes + 1)])
        cuts[-1] = len(full) - 1
        return [full[cuts[k]: cuts[k + 1] + 1] for k in range(n_parts)]

    road_classes = np.array(["motorway", "trunk", "primary", "secondary"])
    road_p = np.array([0.05, 0.15, 0.35, 0.45])
    counts = {"road": 0, "rail": 0, "minor": 0, "ferry": 0, "siding": 0, "spur": 0,
              "isolated": 0}
    for i in range(nx_):
        for j in range(ny_):
            for di, dj in ((1, 0), (0, 1)):
                i2, j2 = i + di, j + dj
                if i2 >= nx_ or j2 >= ny_:
                    continue
                a, b = town_id[i, j], town_id[i2, j2]
                alon, alat = town_lon[a - 1], town_lat[a - 1]
                blon, blat = town_lon[b - 1], town_lat[b - 1]
                cls = str(rng.choice(road_classes, p=road_p))
                speed = {"motorway": "110", "trunk": "90", "primary": "80",
                         "secondary": "60"}[cls]
                ref = f"R{i}-{j}-{di}"
                parts = polyline(a, b, alon, alat, blon, blat, int(rng.integers(2, 7)), 0.08)
                for nodes in parts:
                    tags = {"highway": cls, "ref": ref, "maxspeed": speed}
                    if rng.random() < 0.12:
                        tags["bridge"] = "yes"
                    if rng.random() < 0.08:
                        tags["maxspeed"] = str(int(speed) - 20)
                    ways.append((nodes, tag(**tags)))
                    counts["road"] += 1
                # a dead-end spur from an interior node
                if rng.random() < 0.35:
                    ((start, (slon, slat)),) = last.items()
                    end_lon, end_lat = slon + rng.uniform(-0.1, 0.1), slat + rng.uniform(-0.1, 0.1)
                    end = new_node(end_lon, end_lat)
                    (spur,) = polyline(start, end, slon, slat, end_lon, end_lat, 1, 0.02)
                    ways.append((spur, tag(highway="secondary")))
                    counts["spur"] += 1
                # minor roads the default filter drops
                for _ in range(int(rng.integers(0, 3))):
                    mlon, mlat = alon + rng.uniform(-0.05, 0.05), alat + rng.uniform(-0.05, 0.05)
                    m0, m1 = new_node(mlon, mlat), new_node(mlon + 0.02, mlat + 0.01)
                    (minor,) = polyline(m0, m1, mlon, mlat, mlon + 0.02, mlat + 0.01, 1, 0.01)
                    kind = str(rng.choice(["tertiary", "residential", "unclassified", "track"]))
                    ways.append((minor, tag(highway=kind)))
                    counts["minor"] += 1
                # rail on every third row / column, between station nodes
                if (dj == 0 and j % 3 == 0) or (di == 0 and i % 3 == 0):
                    sa, sb = station_id[i, j], station_id[i2, j2]
                    gauge = "1435" if alon < 44.0 else "1520"
                    roll = rng.random()
                    status = ("rail" if roll < 0.9 else "construction" if roll < 0.93 else
                              "proposed" if roll < 0.95 else "disused" if roll < 0.98 else
                              "abandoned")
                    electrified = "contact_line" if rng.random() < 0.5 else "no"
                    for nodes in polyline(sa, sb, alon + 0.0035, alat, blon + 0.0035, blat,
                                          int(rng.integers(1, 4)), 0.04):
                        tags = {"railway": status, "usage": "main", "electrified": electrified}
                        if rng.random() < 0.9:
                            tags["gauge"] = gauge
                        ways.append((nodes, tag(**tags)))
                        counts["rail"] += 1
                    if rng.random() < 0.5:  # a siding at the station
                        end = new_node(alon + 0.01, alat + 0.003)
                        (sd,) = polyline(sa, end, alon + 0.0035, alat, alon + 0.01,
                                         alat + 0.003, 1, 0.0)
                        ways.append((sd, tag(railway="rail", service="siding")))
                        counts["siding"] += 1
    # small isolated pieces and ferries
    for _ in range(max(1, n_towns // 200)):
        lon, lat = rng.uniform(LON0, LON1), rng.uniform(LAT0, LAT1)
        p0, p1 = new_node(lon, lat), new_node(lon + 0.01, lat + 0.005)
        (piece,) = polyline(p0, p1, lon, lat, lon + 0.01, lat + 0.005, 1, 0.0)
        ways.append((piece, tag(highway="secondary")))
        counts["isolated"] += 1
    for _ in range(max(1, n_towns // 2000)):
        a, b = rng.integers(1, n_towns + 1, 2)
        (ferry,) = polyline(int(a), int(b), town_lon[a - 1], town_lat[a - 1],
                            town_lon[b - 1], town_lat[b - 1], 1, 0.05)
        ways.append((ferry, tag(route="ferry", duration="12:30")))
        counts["ferry"] += 1

    lon_all = np.concatenate(node_lon)
    lat_all = np.concatenate(node_lat)
    assert len(lon_all) == next_node - 1
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.pbf")
    order = rng.permutation(len(ways))  # ways of one road are not adjacent in real files
    with osmium.SimpleWriter(str(tmp), overwrite=True) as writer:
        node = Node(id=1, location=(0.0, 0.0))
        for k, (lo, la) in enumerate(zip(lon_all.tolist(), lat_all.tolist(), strict=True)):
            node.id = k + 1
            node.location = (lo, la)
            writer.add_node(node)
        way = Way(id=1, nodes=[], tags={})
        for w, k in enumerate(order.tolist()):
            nodes, t = ways[k]
            way.id = w + 1
            way.nodes = nodes.tolist()
            way.tags = templates[t]
            writer.add_way(way)
    os.replace(tmp, path)
    counts["ways"] = len(ways)
    counts["nodes"] = len(lon_all)
    counts["towns"] = int(n_towns)
    counts["grid"] = [int(nx_), int(ny_)]  # type: ignore[assignment]
    # curated stations: ~200 m off random rail station nodes (rail runs on every third column)
    cols = np.arange(0, nx_, 3)
    pick_i = rng.choice(cols, 60)
    pick_j = rng.integers(0, ny_, 60)
    ids = station_id[pick_i, pick_j] - 1
    counts["stations"] = [[float(lon_all[k]) + 0.002, float(lat_all[k]) + 0.001]  # type: ignore[misc]
                          for k in ids.tolist()]
    return counts


def ensure_extract(ways: int, cache: Path) -> tuple[Path, dict[str, int]]:
    """Return the synthetic extract of ``ways`` ways and its counts, generating it if missing.

    Generated in a separate process, so its memory never counts in a benchmark's figures.
    """
    extract = cache / f"synthetic_{ways}.osm.pbf"
    meta_file = extract.with_suffix(".json")
    if not extract.exists() or not meta_file.exists():
        print(f"generating {extract} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "bench_osm.py"), "--generate-only",
                        "--ways", str(ways), "--cache", str(cache)], check=True)
    return extract, json.loads(meta_file.read_text())


def add_extract_arguments(parser: argparse.ArgumentParser, default_ways: int) -> None:
    """Add the ``--ways`` and ``--cache`` options of :func:`ensure_extract` to ``parser``.

    Parameters
    ----------
    parser
        The benchmark's argument parser.
    default_ways
        Default of ``--ways``, the number of ways in the synthetic extract.
    """
    parser.add_argument("--ways", type=int, default=default_ways, help="ways in the extract")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "corridor-bench",
                        help="folder of the generated extract (reused when present)")


def write_curated(folder: Path, extract_meta: dict[str, object]) -> Path:
    """A curated geodata folder: stations near rail station nodes, the shipped regions."""
    import shutil

    from corridor import settings

    feats = []
    for k, (lon, lat) in enumerate(extract_meta["stations"]):  # type: ignore[arg-type]
        feats.append({"type": "Feature", "properties": {
            "id": f"station_{k}", "name": f"Station {k}", "kind": "station", "country": "AZE",
            "source": "https://example.org/synthetic"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "places.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": feats}))
    (folder / "links.geojson").write_text('{"type":"FeatureCollection","features":[]}')
    regions = settings.SHIPPED_GEODATA / "regions.geojson"
    if regions.exists():
        shutil.copyfile(regions, folder / "regions.geojson")
    return folder


# --------------------------------------------------------------------------- timing


def bare_pass(extract: Path) -> int:
    """A bare pyosmium pass over ``extract``: node locations, one tag test per way.

    The floor any Python ingest of the file is measured against; returns the node
    references of the ways with a ``highway`` or ``railway`` tag.
    """
    import osmium

    class Handler(osmium.SimpleHandler):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.refs = 0

        def way(self, way: osmium.osm.Way) -> None:
            if "highway" in way.tags or "railway" in way.tags:
                self.refs += len(way.nodes)

    handler = Handler()
    handler.apply_file(str(extract), locations=True)
    return handler.refs


class Clock:
    """Wall and CPU seconds of one step (CPU time is robust to a busy machine)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __str__(self) -> str:
        return f"{_fmt(self.wall)} (cpu {_fmt(self.cpu)})"


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run ``fn`` and return its result and a :class:`Clock`."""
    clock = Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    clock.wall, clock.cpu = time.perf_counter() - wall, time.process_time() - cpu
    return out, clock


def scaled(clock: Clock, factor: float) -> Clock:
    out = Clock()
    out.wall, out.cpu = clock.wall * factor, clock.cpu * factor
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extract_arguments(parser, default_ways=1_000_000)
    parser.add_argument("--od", type=int, default=100, help="OD matrix is OD×OD places")
    parser.add_argument("--nx-sources", type=int, default=100,
                        help="sources networkx runs for the OD matrix (rest scaled up)")
    parser.add_argument("--sweep-od", type=int, default=10,
                        help="criticality sweep pairs: SWEEP_OD × SWEEP_OD places")
    parser.add_argument("--sweep-links", type=int, default=100,
                        help="links cut in the sweep (the most used by the OD paths)")
    parser.add_argument("--nx-sweep-links", type=int, default=3,
                        help="links networkx cuts (its sweep time is scaled up)")
    parser.add_argument("--save", action="store_true", help="also time geodata.save")
    parser.add_argument("--ingest-only", action="store_true",
                        help="stop after the ingest (and the bare pyosmium pass)")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    extract = args.cache / f"synthetic_{args.ways}.osm.pbf"
    meta_file = extract.with_suffix(".json")
    if args.generate_only:
        counts, secs = timed(generate, extract, args.ways)
        counts["seconds"] = round(secs.wall, 1)
        meta_file.write_text(json.dumps(counts))
        return 0
    if not extract.exists() or not meta_file.exists():
        print(f"generating {extract} (separate process, not in the memory figures) ...",
              flush=True)
        subprocess.run([sys.executable, __file__, "--generate-only", "--ways", str(args.ways),
                        "--cache", str(args.cache)], check=True)
    meta = json.loads(meta_file.read_text())
    print(f"extract: {extract} ({extract.stat().st_size / 1e6:.0f} MB, {meta['ways']:,} ways, "
          f"{meta['nodes']:,} nodes; generated in {meta.get('seconds', '?')} s)", flush=True)

    import networkx as nx

    from corridor import geodata, network, osm, paths
    from corridor.scenarios import Scenario

    rows: list[tuple[str, str, str, str]] = []

    def compare(step: str, fast: Clock, slow: Clock, note: str = "") -> None:
        ratio = slow.cpu / max(fast.cpu, 1e-9)
        rows.append((step, str(fast), f"{slow}{note}",
                     f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"))

    curated = geodata.load(write_curated(args.cache / "curated", meta))
    (data, report), t_ingest = timed(osm.build, extract, curated, progress=False)
    mem_ingest = peak_mb()
    print(report, flush=True)
    _, t_bare = timed(bare_pass, extract)
    rows.append(("ingest: read the extract",
                 f"{_fmt(report.read_seconds)} (cpu {_fmt(report.read_cpu_seconds)})",
                 f"{meta['ways'] / report.read_seconds:,.0f} ways/s wall, "
                 f"{meta['ways'] / report.read_cpu_seconds:,.0f} ways/cpu-s (all "
                 f"{meta['ways']:,} ways of the file; {report.ways_read:,} pass the tag filter)",
                 ""))
    rows.append(("ingest: read + conflate + topology", str(t_ingest),
                 f"{meta['ways'] / t_ingest.wall:,.0f} ways/s; {report.links:,} links, "
                 f"{report.junctions:,} junctions", ""))
    rows.append(("bare pyosmium pass (locations, a tag test per way)", str(t_bare),
                 f"osm.build runs at {t_bare.cpu / t_ingest.cpu:.0%} of its throughput "
                 f"(cpu)", ""))
    rows.append(("peak memory after ingest", f"{mem_ingest:,.0f} MB", "", ""))
    if args.ingest_only:
        _print_rows(rows)
        return 0
    if args.save:
        _, t_save = timed(geodata.save, data, args.cache / "out")
        rows.append(("geodata.save (places + links GeoJSON)", str(t_save), "", ""))

    scenario = Scenario(name="bench", link_statuses=("operating",))
    graph, t_graph = timed(network.build, data, scenario)
    rows.append(("network.build (networkx graph)", str(t_graph),
                 f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges", ""))
    csr, t_csr = timed(paths.CSRGraph.from_networkx, graph, "time_h")
    rows.append(("CSR view (paths.CSRGraph.from_networkx)", str(t_csr),
                 f"{csr.n_arcs:,} arcs", ""))
    print("graph built", flush=True)

    # nodes to route between: road nodes of the biggest road component
    road = graph.subgraph([n for n in graph if n[1] == "road"])
    giant = max(nx.connected_components(road), key=len)
    rng = np.random.default_rng(3)
    pool = sorted(giant)
    picks = [pool[i] for i in rng.choice(len(pool), 2 * args.od, replace=False)]
    sources, targets = picks[: args.od], picks[args.od:]

    # one-to-one route between the two farthest-apart (by id order) road nodes
    far_s, far_t = pool[0], pool[-1]
    fast_route, t_fast1 = timed(csr.shortest_path, far_s, far_t)
    nx_len, t_nx1 = timed(nx.dijkstra_path_length, graph, far_s, far_t, weight="time_h")
    assert fast_route is not None and math.isclose(fast_route[0], nx_len, rel_tol=1e-9)
    compare("one-to-one route", t_fast1, t_nx1)

    # OD matrix
    od_fast, t_od = timed(csr.od_matrix, sources, targets, backend="dijkstra")
    n_nx = min(args.nx_sources, args.od)
    od_nx, t_od_nx = timed(paths.nx_od_matrix, graph, sources[:n_nx], targets, "time_h")
    assert np.allclose(od_fast[:n_nx], od_nx)
    compare(f"OD matrix {args.od}×{args.od}", t_od, scaled(t_od_nx, args.od / n_nx),
            f" (est. from {n_nx} sources)" if n_nx < args.od else "")
    print("OD done", flush=True)

    # criticality sweep: cut the links most used by the OD paths of SWEEP_OD × SWEEP_OD pairs
    s_src, s_tgt = sources[: args.sweep_od], targets[: args.sweep_od]
    usage = csr.link_usage(s_src, s_tgt)
    links = [lid for lid, _ in sorted(usage.items(), key=lambda t: (-t[1], t[0]))]
    links = links[: args.sweep_links]
    cuts, t_sweep = timed(csr.criticality, s_src, s_tgt, links)
    n_cut = min(args.nx_sweep_links, len(links))

    base, t_nx_base = timed(paths.nx_od_matrix, graph, s_src, s_tgt, "time_h")

    def nx_cuts() -> None:
        """networkx's sweep as analysis.criticality does it: cut, recompute every pair."""
        for cut in cuts[:n_cut]:
            drop = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                    if d.get("link_id") == cut.link_id]
            removed = [(u, v, k, graph.edges[u, v, k]) for u, v, k in drop]
            graph.remove_edges_from(drop)
            after = paths.nx_od_matrix(graph, s_src, s_tgt, "time_h")
            for u, v, k, d in removed:
                graph.add_edge(u, v, key=k, **d)
            ok = np.isfinite(base) & np.isfinite(after)
            assert math.isclose(float((after[ok] - base[ok]).sum()), cut.rise, rel_tol=1e-6,
                                abs_tol=1e-6)

    _, t_nx_cuts = timed(nx_cuts)
    t_nx_sweep = scaled(t_nx_cuts, len(links) / max(n_cut, 1))
    t_nx_sweep.wall += t_nx_base.wall
    t_nx_sweep.cpu += t_nx_base.cpu
    compare(f"criticality sweep ({len(links)} links, {len(s_src)}×{len(s_tgt)} pairs)",
            t_sweep, t_nx_sweep, f" (base OD + {n_cut} cuts measured, scaled to {len(links)})")
    rows.append(("peak memory (whole run)", f"{peak_mb():,.0f} MB", "", ""))

    _print_rows(rows)
    return 0


def _print_rows(rows: list[tuple[str, str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print()
    print(f"| {'step':<{width}} | fast (wall, cpu) | networkx (wall, cpu) | ratio (cpu) |")
    print(f"|{'-' * (width + 2)}|------|----------|-------|")
    for step, fast, slow, ratio in rows:
        print(f"| {step:<{width}} | {fast} | {slow} | {ratio} |")


if __name__ == "__main__":
    sys.exit(main())
