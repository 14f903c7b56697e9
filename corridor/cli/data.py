"""The ``validate`` and ``osm build`` commands: checking and building geodata folders."""

from __future__ import annotations

import argparse
import math
import re
import sys
from typing import Any

from corridor import geodata, regions
from corridor.cli.options import _add_geodata_option, _Parser, _whole_number


def _cmd_validate(args: argparse.Namespace) -> int:
    report = geodata.validate(args.dir or args.geodata)
    for warning in report.warnings:
        print(f"warning: {warning}")
    if not report.ok:
        for problem in report.problems:
            print(problem)
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return 1
    assert report.data is not None
    print(geodata.summary(report.data))
    if report.data.regions is not None:
        shares = regions.country_share(report.data.links, report.data.regions)
        for warning in regions.country_problems(shares):
            print(f"warning: {warning}")
        print(regions.share_summary(shares))
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a geodata folder and list every problem")
    p.add_argument("dir", nargs="?", default=None, help="geodata folder to check")
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_validate)


def _modes(text: str) -> tuple[str, ...]:
    """Return a comma list of link modes (``rail,road,ferry``); an empty list is allowed."""
    items = tuple(m.strip() for m in text.split(",") if m.strip())
    bad = [m for m in items if m not in geodata.MODES]
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown mode(s) {', '.join(map(repr, bad))}; expected a comma list of "
            f"{', '.join(geodata.MODES)}")
    return items


def _km(text: str) -> float:
    """Return a finite distance in km, >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of km, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of km >= 0, got {text!r}")
    return value


def _iso3(text: str) -> str:
    """Return an ISO 3166-1 alpha-3 country code (upper case)."""
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise argparse.ArgumentTypeError(
            f"expected an ISO 3166-1 alpha-3 code such as AZE, got {text!r}")
    return text


def _workers(text: str) -> int:
    """Return a number of Dask workers (0: none)."""
    return _whole_number(text, 0)


def _cmd_osm_build(args: argparse.Namespace) -> int:
    from corridor import osm  # late import: pyosmium is only needed here

    if args.highway not in osm.HIGHWAY_CLASSES:
        print(f"corridor osm build: error: argument --highway: unknown highway class "
              f"{args.highway!r}; expected one of {', '.join(osm.HIGHWAY_CLASSES)}",
              file=sys.stderr)
        return 2
    curated = None if args.no_conflate else (args.curated or osm.default_curated_dir())
    options: dict[str, Any] = {
        "overwrite": args.force, "highway": args.highway, "snap_radius_km": args.snap_km,
        "min_piece_km": args.min_piece_km, "country": args.country,
        "include_service": args.include_service, "keep_curated_modes": args.keep_curated,
        "progress": False if args.no_progress else None,
    }
    if args.node_index is not None:  # warned about once the build succeeded: an error
        options["node_index"] = args.node_index  # stays the one line on stderr
    if args.workers:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("corridor osm build: error: --workers needs dask distributed "
                  "(pip install corridor[distributed])", file=sys.stderr)
            return 2
        with LocalCluster(n_workers=args.workers, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            report = osm.build_folder(args.extract, args.out, curated, client=client,
                                      **options)
    else:
        extract = args.extract[0] if len(args.extract) == 1 else args.extract
        report = osm.build_folder(extract, args.out, curated, **options)
    if args.node_index is not None:
        print("corridor osm build: warning: --node-index is deprecated and ignored (no "
              "node-location index is used); leave it out", file=sys.stderr)
    print(report)
    print(f"wrote {args.out} (conflated with {curated or 'nothing'})")
    return 0


def _add_osm(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("osm", help="build a detailed network from an OpenStreetMap extract")
    osm_sub = p.add_subparsers(dest="osm_command", metavar="COMMAND", parser_class=_Parser)
    b = osm_sub.add_parser(
        "build", help="EXTRACT.osm.pbf|.osm ... -> a geodata folder (places, links)")
    b.add_argument("extract", nargs="+",
                   help="OpenStreetMap extract (.osm.pbf or .osm); several (per-country or "
                   "per-tile, keeping whole ways as Geofabrik's do) are stitched into one "
                   "network")
    b.add_argument("--workers", type=_workers, default=0, metavar="N",
                   help="read the extracts on a local Dask cluster of N worker processes "
                   "(needs the distributed extra; default: in this process)")
    b.add_argument("--out", metavar="DIR", required=True,
                   help="geodata folder to write (new or empty, unless --force)")
    b.add_argument("--force", action="store_true",
                   help="write into --out even when it is a folder that is not empty")
    b.add_argument("--curated", metavar="DIR", default=None,
                   help="curated geodata to conflate with (default: $CORRIDOR_GEODATA or "
                   "the shipped data)")
    b.add_argument("--no-conflate", action="store_true", help="do not snap curated places")
    b.add_argument("--highway", default="secondary",
                   help="least important highway class kept (default: secondary)")
    b.add_argument("--snap-km", type=_km, default=1.0,
                   help="snap radius of curated places, km (default: 1)")
    b.add_argument("--min-piece-km", type=_km, default=5.0,
                   help="drop disconnected pieces shorter than this, km (default: 5)")
    b.add_argument("--country", metavar="ISO3", type=_iso3, default=None,
                   help="country of links no region polygon covers")
    b.add_argument("--keep-curated", metavar="MODES", type=_modes, default=("ferry",),
                   help="curated link modes carried over, comma separated (default: ferry)")
    b.add_argument("--include-service", action="store_true",
                   help="keep rail service tracks (sidings, yards, spurs)")
    b.add_argument("--node-index", default=None,
                   help="deprecated and ignored (no node-location index is used: the kept "
                   "ways' nodes are looked up by id in a second pass); checked when given")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(handler=_cmd_osm_build)
    p.set_defaults(handler=lambda _args: (p.print_help(), 2)[1])

