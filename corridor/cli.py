"""The ``corridor`` command: argument parsing and printing only, each command one library call."""

from __future__ import annotations

import argparse
import errno
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from corridor import _meta, calibration, geodata, regions, reports, routing, scenarios, settings
from corridor._errors import CorridorError, GeodataError, InvalidArgument, NoRoute
from corridor._io import atomic_write_text
from corridor.routing import MAX_ALTERNATIVES, Route

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that exits with code 2 and a one-line message on bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_geodata_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--geodata",
        metavar="DIR",
        default=None,
        help="geodata folder (default: $CORRIDOR_GEODATA or the shipped data)",
    )


# --------------------------------------------------------------------------- validate


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


# --------------------------------------------------------------------------- route / scenarios


def _add_scenarios_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenarios", metavar="FILE", default=None,
        help="extra scenarios TOML file (added to the shipped ones)",
    )


#: One number of a ``lon,lat`` point: optional sign, decimals (``44``, ``44.5``, ``.5``,
#: ``44.``), an optional exponent.
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
#: Text that is meant as numbers (digits, signs, dots, exponents, nan/inf), not a place name.
_NUMERIC_ISH = r"\s*(?:[+\-.\deE]*\d[+\-.\deE]*|[+-]?(?:nan|inf|infinity))\s*"


def _endpoint(text: str) -> str | tuple[float, float]:
    """Return a place name, or ``lon,lat`` for a free point (checked by :func:`routing.route`).

    Raises
    ------
    InvalidArgument
        When the text is numbers separated by commas but not a ``lon,lat`` pair.
    """
    parts = text.split(",")
    if len(parts) < 2 or not all(re.fullmatch(_NUMERIC_ISH, p, re.IGNORECASE) for p in parts):
        return text  # a place name (``Culfa, IRN`` is one too)
    words = re.compile(r"\s*[+-]?(?:nan|inf|infinity)\s*", re.IGNORECASE)
    if len(parts) == 2 and all(re.fullmatch(rf"\s*{_NUMBER}\s*", p) or words.fullmatch(p)
                               for p in parts):
        return float(parts[0]), float(parts[1])
    raise InvalidArgument(f"{text!r} is not a lon,lat point: expected two decimal numbers "
                          f"separated by a comma, longitude first (e.g. 44.51,40.18)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    if value > MAX_ALTERNATIVES:
        raise argparse.ArgumentTypeError(
            f"at most {MAX_ALTERNATIVES} alternatives are listed, got {value}")
    return value


def _access_km(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of km, got {text!r}")
    return value


def _fmt_split(split: dict[str, dict[str, float]]) -> str:
    return "; ".join(f"{k} {v['length_km']:,.0f} km {v['time_h']:,.1f} h"
                     for k, v in split.items())


def _print_route(r: Route, index: int | None = None) -> None:
    title = f"alternative {index}: " if index is not None else ""
    modes = "multimodal" if len(r.modes) == 3 else "/".join(r.modes)
    print(f"{title}{r.origin} -> {r.destination}  (scenario {r.scenario}, by {r.weight}, {modes})")
    print(f"{'#':>3}  {'from':<16} {'to':<16} {'what':<11} {'link':<28} {'km':>8} {'h':>7}  "
          f"{'ctry':<4} status")
    for i, leg in enumerate(r.legs, 1):
        what = leg.mode if leg.kind == "link" else leg.kind
        if leg.kind == "transfer":
            what = "transfer"
        print(f"{i:>3}  {leg.from_place[:16]:<16} {leg.to_place[:16]:<16} {what or '':<11} "
              f"{(leg.link_id or '')[:28]:<28} {leg.length_km:>8,.1f} {leg.time_h:>7,.1f}  "
              f"{(leg.country or '-'):<4} {leg.status or ''}")
    print(f"total: {r.length_km:,.1f} km, {r.time_h:,.1f} h")
    print(f"freight cost: {r.cost_usd_t:,.2f} US$/t ({r.cost_usd_teu:,.0f} US$/TEU); "
          f"CO2e: {r.co2_kg_t:,.2f} kg/t ({r.co2_kg_teu:,.0f} kg/TEU)")
    print(f"by mode: {_fmt_split(r.by_mode)}")
    print(f"by country: {_fmt_split(r.by_country)}")
    changes = ", ".join(f"{c['place']} {c['from']}>{c['to']}" for c in r.mode_changes)
    print(f"border crossings: {', '.join(r.border_crossings) or '-'}; "
          f"gauge breaks: {', '.join(r.gauge_breaks) or '-'}; mode changes: {changes or '-'}")
    print(f"km on links not yet operating: {100 * r.share_not_operating:.0f} %")
    print(f"km published: {100 * r.published_length_share:.0f} % "
          "(the rest estimated: geometry x detour factor)")


def _routes_geojson(routes: list[Route]) -> str:
    """Return the legs of ``routes`` as one GeoJSON text, each leg numbered by alternative."""
    features = []
    for i, r in enumerate(routes, 1):
        for feature in json.loads(r.to_geojson())["features"]:
            feature["properties"]["alternative"] = i
            features.append(feature)
    doc = {"type": "FeatureCollection", "features": features}
    if len(routes) == 1:
        doc["properties"] = json.loads(routes[0].to_geojson())["properties"]
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _add_profile_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", choices=list(settings.PROFILES), default=settings.DEFAULT_PROFILE,
                   help="time profile: freight (trains, trucks; default) or passenger "
                   "(passenger trains, buses)")


def _cmd_route(args: argparse.Namespace) -> int:
    if args.via and args.alternatives and args.alternatives > 1:
        print("corridor route: error: --alternatives cannot be combined with --via",
              file=sys.stderr)
        return 2
    data = geodata.load(args.geodata)
    scenario = scenarios.get(args.scenario, path=args.scenarios, geodata_dir=data.path)
    k = args.alternatives or 1
    result = routing.route(
        _endpoint(args.origin), _endpoint(args.destination), scenario=scenario,
        modes=args.mode, weight=args.by, via=args.via, avoid_countries=args.avoid,
        alternatives=k, data=data, max_access_km=args.max_access_km, profile=args.profile,
    )
    routes = result if isinstance(result, list) else [result]
    if args.geojson:
        atomic_write_text(args.geojson, _routes_geojson(routes))
    if args.json:
        payload = [r.to_dict() for r in routes] if args.alternatives else routes[0].to_dict()
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for i, r in enumerate(routes, 1):
        if i > 1:
            print()
        _print_route(r, i if args.alternatives else None)
    return 0


def _add_route(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "route", help="shortest route between two places (legs, km, hours, borders)",
        description="Find the fastest (or shortest) route between two places in a scenario. "
        "ORIGIN and DESTINATION are place ids, names or alternative names, or lon,lat points "
        "in degrees, longitude first (e.g. 44.51,40.18; a negative one may be written as is).",
    )
    # a negative lon,lat point (-0.5,51.5) is a positional argument, not an option
    if hasattr(p, "_negative_number_matcher"):
        p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-[\d.]+(?:[eE][+-]?\d+)?,")
    p.add_argument("origin", metavar="ORIGIN")
    p.add_argument("destination", metavar="DESTINATION")
    p.add_argument("--mode", choices=["rail", "road", "ferry", "multimodal"],
                   default="multimodal", help="modes allowed (default: multimodal)")
    p.add_argument("--scenario", default="today", help="scenario name (default: today)")
    _add_profile_option(p)
    p.add_argument("--by", choices=list(routing.WEIGHTS), default="time",
                   help="minimise time (hours), length (km), cost (US$ per tonne), co2 (kg "
                   "CO2e per tonne) or generalised (US$ per tonne plus the value of time x "
                   "hours); default: time")
    p.add_argument("--via", action="append", default=[], metavar="PLACE",
                   help="place to pass (repeatable, in order)")
    p.add_argument("--avoid", action="append", default=[], metavar="COUNTRY",
                   help="country to avoid: ISO 3166 alpha-3 code or name (repeatable)")
    p.add_argument("--alternatives", type=_positive_int, default=None, metavar="K",
                   help="list the K best distinct routes (K from 1 to 50)")
    p.add_argument("--max-access-km", type=_access_km, default=50.0, metavar="KM",
                   help="longest access leg from a lon,lat point to the nearest rail or "
                   "road link, km (default: 50)")
    p.add_argument("--json", action="store_true", help="print one JSON object (a list with "
                   "--alternatives)")
    p.add_argument("--geojson", metavar="FILE", help="write the legs as GeoJSON")
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_route)


def _cmd_scenarios(args: argparse.Namespace) -> int:
    for scenario in scenarios.load_checked(args.scenarios, args.geodata).values():
        print(scenario.summary())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    comparisons, summaries = calibration.check(args.geodata, args.figures)
    if args.json:
        print(json.dumps({"rows": [c.to_dict() for c in comparisons],
                          "summary": [s.to_dict() for s in summaries if s.sample == "all"],
                          "summary_out_of_sample": [s.to_dict() for s in summaries
                                                    if s.sample != "all"]},
                         ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    for text in calibration.table_lines(comparisons):
        print(text)
    for summary in summaries:
        print(summary.line())
    return 0


def _add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="compare the model with published lengths and times",
        description="Compare every row of the calibration record (published_figures.csv in "
        "the geodata folder) with the model: a section's km (the km of its links), or the "
        "route's length or time; print each error and the median absolute error and shares "
        "within 5 %% and 10 %% for lengths and for times, over all rows and over the rows out "
        "of sample (whose model value holds no published link length or copied dwell). "
        "Unmatched rows stay in, with the reason.")
    p.add_argument("--figures", metavar="FILE", default=None,
                   help="calibration CSV (default: published_figures.csv in the geodata folder)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_check)


def _add_scenarios(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenarios", help="list the scenarios, one line each")
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_scenarios)


# --------------------------------------------------------------------------- map


def _cmd_map(args: argparse.Namespace) -> int:
    from corridor import maps  # late import: folium is only needed here (keeps --help fast)

    if args.compare and not args.route:
        print("corridor map: error: --compare needs --route ORIGIN DESTINATION", file=sys.stderr)
        return 2
    written = maps.write_map(
        args.out, data=args.geodata, scenario=args.scenario,
        route=tuple(args.route) if args.route else None, compare=args.compare,
        modes=args.mode, profile=args.profile, tiles=args.tiles, self_contained=args.self_contained,
        scenarios_file=args.scenarios,
    )
    print(written.describe())
    return 0


def _add_map(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map", help="interactive HTML map of the network, a route or two scenarios",
        description="Write an interactive map (Leaflet, via folium) of the network; with "
        "--route, the route drawn over it; with --compare, the same route in a second "
        "scenario. --tiles none --self-contained gives a file that needs no internet.",
    )
    p.add_argument("--scenario", default=None,
                   help="scenario to draw (links it cannot use are greyed; a route defaults "
                   "to 'today')")
    p.add_argument("--route", nargs=2, metavar=("ORIGIN", "DESTINATION"), default=None,
                   help="draw the route between two places")
    _add_profile_option(p)
    p.add_argument("--mode", choices=["rail", "road", "ferry", "multimodal"],
                   default="multimodal", help="modes the route may use (default: multimodal)")
    p.add_argument("--compare", metavar="SCENARIO", default=None,
                   help="also draw the route in this scenario (needs --route)")
    p.add_argument("--out", default="corridor-map.html", metavar="FILE",
                   help="HTML file to write (default: corridor-map.html)")
    p.add_argument("--tiles", choices=["osm", "light", "none"], default="osm",
                   help="base tiles: OpenStreetMap, Esri's light grey map, or none (the regions "
                   "layer is the basemap); default: osm")
    p.add_argument("--self-contained", action="store_true",
                   help="embed Leaflet and the plugins' JavaScript/CSS in the file")
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_map)


# --------------------------------------------------------------------------- plot


def _cmd_plot(args: argparse.Namespace) -> int:
    from corridor import plots  # late import: matplotlib is optional (the [plot] extra)

    if args.kind == "route" and not args.route:
        print("corridor plot: error: route needs --route ORIGIN DESTINATION", file=sys.stderr)
        return 2
    if args.kind == "comparison" and not args.compare:
        print("corridor plot: error: comparison needs --compare SCENARIO", file=sys.stderr)
        return 2
    plots.pyplot()  # a missing matplotlib is one line before any work
    plots.check_out(args.out)
    data = geodata.load(args.geodata)
    view = args.view or ("tripp" if args.kind == "network" else "corridor")
    if args.kind == "network":
        fig = plots.network_figure(data, scenario=args.scenario, view=view)
    elif args.kind == "route":
        fig = plots.route_figure(*args.route, scenario=args.scenario or "today",
                                 compare=args.compare, modes=args.mode, data=data)
    elif args.kind == "comparison":
        fig = plots.comparison_figure(args.scenario or "today", args.compare, data=data,
                                      view=view)
    else:
        fig = plots.criticality_figure(args.scenario or "today", top=args.top, data=data,
                                       view=view)
    out = plots.save(fig, args.out)
    print(f"wrote {out} ({out.stat().st_size / 1e3:,.0f} kB)")
    return 0


def _add_plot(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "plot", help="static figure (PNG or SVG) of the network, a route, a comparison or "
        "the criticality ranking",
        description="Draw a static figure with matplotlib over the regions layer, offline, "
        "with legend, scale bar, north arrow and source line. Needs matplotlib "
        "(pip install 'corridor[plot]').",
    )
    p.add_argument("kind", choices=["network", "route", "comparison", "criticality"],
                   help="what to draw")
    p.add_argument("--scenario", default=None,
                   help="scenario (the base of a comparison; default: today; a network "
                   "figure greys the links it cannot use)")
    p.add_argument("--compare", metavar="SCENARIO", default=None,
                   help="the other scenario (comparison; a route drawn in both)")
    p.add_argument("--route", nargs=2, metavar=("ORIGIN", "DESTINATION"), default=None,
                   help="the route to draw (route)")
    p.add_argument("--mode", choices=["rail", "road", "ferry", "multimodal"],
                   default="multimodal", help="modes the route may use")
    p.add_argument("--view", choices=["tripp", "corridor", "all"], default=None,
                   help="area shown (default: tripp for network, corridor otherwise; a "
                   "route figure frames its route)")
    p.add_argument("--top", type=int, default=5, help="criticality ranks drawn (default 5)")
    p.add_argument("--out", default="corridor-figure.png", metavar="FILE",
                   help="PNG or SVG file to write (default: corridor-figure.png)")
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_plot)


# --------------------------------------------------------------------------- report


def _formats(text: str) -> list[str]:
    items = [f.strip().lower() for f in text.split(",") if f.strip()]
    if "all" in items:
        return list(reports.FORMATS)
    bad = [f for f in items if f not in reports.FORMATS]
    if bad or not items:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {bad}; expected a comma list of {', '.join(reports.FORMATS)}")
    return items


def _cmd_report(args: argparse.Namespace) -> int:
    written, summary = reports.run(
        args.scenario, compare=args.compare, pairs=args.pairs, formats=args.format,
        out=args.out, geodata_dir=args.geodata, scenarios_file=args.scenarios,
        profile=args.profile,
    )
    for line in summary:
        print(line)
    print(f"wrote {len(written)} file(s) to {args.out}/: "
          + ", ".join(p.relative_to(args.out).as_posix() for p in written))
    return 0


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="route-length and connectivity report, optionally comparing scenarios",
        description="Write the route-length and connectivity report of one or more scenarios "
        "(routes of the OD pairs; components, Nakhchivan link, single points of failure, "
        "disjoint paths, central and critical links) as Markdown, HTML, CSV and JSON; with "
        "--compare, what a second scenario changes.",
    )
    p.add_argument("--scenario", action="append", default=None, metavar="NAME",
                   help="scenario to report (repeat for several; 'all' for every scenario; "
                   "default: today)")
    p.add_argument("--compare", metavar="SCENARIO", default=None,
                   help="compare the (first) scenario with this one")
    _add_profile_option(p)
    p.add_argument("--pairs", metavar="FILE", default=None,
                   help="CSV of origin,destination[,modes] (default: the shipped od_pairs.csv)")
    p.add_argument("--format", type=_formats, default=None, metavar="md|html|csv|json",
                   help="formats to write, comma separated (default: all four)")
    p.add_argument("--out", metavar="DIR", default="corridor-report",
                   help="output folder (default: ./corridor-report)")
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_report)


# --------------------------------------------------------------------------- osm (issue 7)


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
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
    return value


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
    if args.node_index is not None:
        print("corridor osm build: warning: --node-index is deprecated and ignored (no "
              "node-location index is used); leave it out", file=sys.stderr)
        options["node_index"] = args.node_index
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


# --------------------------------------------------------------------------- toolbox (issue 16)
# what-ifs on every scenario-taking command, ``scenarios --show``, ``od``, ``export``


def _add_whatif_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--close", action="append", default=[], metavar="LINK|PLACE|COUNTRY",
                        help="what-if: close a link, a place (a border crossing, or every "
                        "link ending at it) or a country (ISO3); repeatable")
    parser.add_argument("--open", action="append", default=[], metavar="LINK|CROSSING",
                        help="what-if: open a link (whatever its status) or a border "
                        "crossing; repeatable")


def _whatif(scenario: str | scenarios.Scenario, args: argparse.Namespace,
            data: geodata.GeoData) -> scenarios.Scenario:
    """Return the named scenario with the ``--close`` / ``--open`` what-ifs applied."""
    base = scenarios.get(scenario, path=args.scenarios, geodata_dir=data.path)
    return scenarios.derive(base, data, close=args.close, open_=args.open)


def _with_whatifs(handler: Handler, many: bool) -> Handler:
    """Return ``handler`` run on the what-if scenario derived from ``args.scenario``.

    With ``many``, ``args.scenario`` is a list and each is derived; none means ``today``.
    """
    def run(args: argparse.Namespace) -> int:
        if args.close or args.open:
            data = geodata.load(args.geodata)
            if many:
                args.scenario = [_whatif(n, args, data) for n in args.scenario or ["today"]]
            else:
                args.scenario = _whatif(args.scenario or "today", args, data)
        return handler(args)
    return run


def _cmd_scenarios_show(args: argparse.Namespace) -> int:
    if args.show is None:
        if args.close or args.open:
            print("corridor scenarios: error: --close and --open need --show SCENARIO",
                  file=sys.stderr)
            return 2
        return _cmd_scenarios(args)
    data = geodata.load(args.geodata)
    for text in scenarios.rules(_whatif(args.show, args, data)):
        print(text)
    return 0


def _kinds(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _cmd_od(args: argparse.Namespace) -> int:
    from corridor import export  # late import: pyarrow and GDAL only when exporting

    data = geodata.load(args.geodata)
    scenario = _whatif(args.scenario, args, data)
    places = (export.read_place_list(args.places) if args.places
              else export.places_of_kinds(data, _kinds(args.kind)) if args.kind else None)
    table = export.od_table(data, scenario, places=places, modes=args.mode, weight=args.by)
    meta = export.od.provenance(data, scenario, args.scenarios)
    export.write_od(table, args.out, args.format, meta)
    routed = int(table["hours"].notna().sum())
    print(f"wrote {args.out}: {len(table)} pairs ({routed} with a route) of "
          f"{table['origin'].nunique()} places, scenario {scenario.name}, by {args.by}, "
          f"{args.format}")
    print(_provenance_line(meta))
    return 0


def _provenance_line(meta: dict[str, str]) -> str:
    return (f"corridor {meta['corridor_version']}, geodata {meta['geodata_vintage']}"
            + (f", scenarios {meta['scenarios_file']}" if meta["scenarios_file"] else ""))


def _cmd_export(args: argparse.Namespace) -> int:
    from corridor import export  # late import: pyarrow and GDAL only when exporting

    data = geodata.load(args.geodata)
    scenario = _whatif(args.scenario, args, data)
    written = export.export(data, scenario, args.format, args.out, args.scenarios)
    meta = export.od.provenance(data, scenario, args.scenarios)
    print(f"wrote {args.out} ({args.format}, scenario {scenario.name}): "
          + ", ".join(p.name for p in written))
    print(_provenance_line(meta))
    return 0


def _add_toolbox(sub: argparse._SubParsersAction) -> None:
    """Add ``od`` and ``export``, what-ifs on the scenario-taking commands, ``--show``."""
    for name in ("route", "map", "report"):
        p = sub.choices[name]
        _add_whatif_options(p)
        p.set_defaults(handler=_with_whatifs(p.get_default("handler"), name == "report"))
    p = sub.choices["scenarios"]
    p.add_argument("--show", metavar="SCENARIO", default=None,
                   help="print the resolved rules of one scenario (extends applied) as TOML")
    _add_whatif_options(p)
    p.set_defaults(handler=_cmd_scenarios_show)

    p = sub.add_parser(
        "od", help="origin-destination table: hours and km of the best route of every pair",
        description="Write the OD table of a scenario: for every ordered pair of places the "
        "hours and km of the best route (by time or length), as CSV or Parquet (by the "
        "suffix of --out), one row per pair (long) or per origin and measure (wide).")
    p.add_argument("--scenario", default="today", help="scenario name (default: today)")
    p.add_argument("--mode", choices=["rail", "road", "ferry", "multimodal"],
                   default="multimodal", help="modes allowed (default: multimodal)")
    p.add_argument("--by", choices=["time", "length"], default="time",
                   help="the best route minimises time or length (default: time)")
    places = p.add_mutually_exclusive_group()
    places.add_argument("--places", metavar="FILE", default=None,
                        help="file of place ids or names, one a line")
    places.add_argument("--kind", metavar="KINDS", default=None,
                        help="place kinds, comma separated (default: city,port)")
    p.add_argument("--out", metavar="FILE", required=True, help="FILE.csv or FILE.parquet")
    p.add_argument("--format", choices=["long", "wide"], default="long",
                   help="long: one row per pair; wide: one row per origin and measure "
                   "(default: long)")
    _add_whatif_options(p)
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_od)

    p = sub.add_parser(
        "export", help="places, links, graph nodes and edges for GIS and network tools",
        description="Export the network of a scenario: places, links (every attribute, and "
        "whether the scenario can use it), graph nodes and edges with geometry. gpkg: one "
        "GeoPackage (a layer each); geoparquet, csv: a folder (a file per layer, geometry "
        "as WKT in CSV, metadata.json); graphml: the graph, readable by networkx and osmnx.")
    p.add_argument("--scenario", default="today", help="scenario name (default: today)")
    p.add_argument("--format", required=True, choices=["gpkg", "geoparquet", "graphml", "csv"])
    p.add_argument("--out", metavar="PATH", required=True, help="file (gpkg, graphml) or "
                   "folder (geoparquet, csv) to write")
    _add_whatif_options(p)
    _add_scenarios_option(p)
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_export)


def _add_flows(sub: argparse._SubParsersAction) -> None:
    """Add ``flows``: assign freight demand to a scenario (and compare with another)."""
    p = sub.add_parser(
        "flows", help="assign freight demand (Mt/yr) to a scenario: volumes, bottlenecks",
        description="Assign the demand table (geodata/demand.csv or --demand) to the freight "
        "network of a scenario, all-or-nothing on fastest paths and capacity-restrained "
        "(Frank-Wolfe, BPR delay where a capacity is published); write CSV, JSON, Markdown "
        "and a map to --out and print the top bottlenecks and, with --compare, what shifts.")
    p.add_argument("--scenario", default="today", help="scenario name (default: today)")
    p.add_argument("--compare", metavar="SCENARIO", default=None,
                   help="a second scenario: report the link volumes that shift")
    p.add_argument("--demand", metavar="FILE", default=None,
                   help="demand CSV (default: the shipped geodata/demand.csv)")
    p.add_argument("--case", default="today",
                   help="demand case to assign (the file's case column; default: today)")
    p.add_argument("--capacities", metavar="PLAN", default="today",
                   help="capacity plan of geodata/capacities.csv: today (published capacities "
                   "of today; default), 2030 (with the upgrades announced by then) or 2016 "
                   "(with the ASCO ferry fleet's 2016 figure)")
    p.add_argument("--capacity-file", metavar="FILE", default=None,
                   help="capacity plans CSV (default: capacities.csv of the geodata)")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write")
    _add_geodata_option(p)
    p.set_defaults(handler=_cmd_flows)


def _cmd_flows(args: argparse.Namespace) -> int:
    from pathlib import Path

    from corridor import flows
    from corridor._io import atomic_write_bytes
    from corridor.flows import output, report
    from corridor.maps.flows import flows_map
    from corridor.maps.output import map_html

    data = geodata.load(args.geodata)
    rows = flows.read_demand(args.demand, data)
    chosen = [r for r in rows if r.case == args.case]
    if not chosen:
        raise InvalidArgument(f"{args.demand or flows.demand.default_path()}: no rows of case "
                              f"{args.case!r} (cases: {', '.join(flows.cases(rows))})")
    names = [args.scenario] + ([args.compare] if args.compare else [])
    plan = report.plan_rows(data, args.capacities, args.capacity_file)
    runs = [report.assign(name, chosen, data, args.capacities, plan) for name in names]
    written = output.files(runs, data, str(args.demand or "geodata/demand.csv"), args.case)
    written["flows_map.html"] = map_html(flows_map(runs, data)).encode("utf-8")
    out = Path(args.out)
    for name, body in sorted(written.items()):
        atomic_write_bytes(out / name, body)
    print(output.console(runs, data))
    print(f"wrote {len(written)} files to {args.out}: {', '.join(sorted(written))}")
    return 0


# --------------------------------------------------------------------------- main

#: Functions that add one sub-command each (in the order ``corridor --help`` lists them).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate, _add_route, _add_scenarios, _add_map, _add_report, _add_check,
]
COMMANDS.append(_add_osm)  # issue 7: ``corridor osm build``
COMMANDS.insert(COMMANDS.index(_add_map) + 1, _add_plot)  # issue 15: static figures
COMMANDS.append(_add_toolbox)  # issue 16: ``od``, ``export``, what-ifs, ``scenarios --show``
COMMANDS.append(_add_flows)  # issue 17: freight demand assignment


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``corridor`` command."""
    parser = _Parser(
        prog="corridor",
        description="Model the TRIPP corridor and the Middle Corridor: validate geodata, "
        "route, report, map.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in COMMANDS:
        add(sub)
    return parser


#: Options naming what a command writes (the path an OSError without a file name is about).
_OUTPUT_OPTIONS = ("geojson", "out")


def _os_error_message(exc: OSError, args: argparse.Namespace) -> str | None:
    """Return one line for an OSError about a path (``PATH: what went wrong``), or ``None``.

    ``None`` when the error names no path and the command writes none (then it is not the
    user's doing).
    """
    outputs = [str(v) for k in _OUTPUT_OPTIONS if isinstance(v := getattr(args, k, None), str)]
    path = exc.filename2 if exc.filename2 is not None else exc.filename
    if path is not None:
        path = os.fsdecode(path)
        base = os.path.basename(path)
        if base.startswith(".") and base.endswith(".tmp") and outputs:
            path = outputs[0]  # the temporary file of an atomic write: name the real one
    elif outputs:
        path = outputs[0]
    else:
        return None
    what = exc.strerror or str(exc)
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        what = f"{what} (a file where a folder is needed)"
    elif exc.errno == errno.EISDIR:
        what = f"{what} (a folder where a file is needed)"
    return f"{path}: {what}"


def _user_error(exc: BaseException) -> int:
    """Print the one line of an error the user caused (or an interruption); return the code."""
    if isinstance(exc, GeodataError):  # ``validate`` lists every problem; here, one line
        print(f"corridor: error: {exc.one_line()}", file=sys.stderr)
        return 2
    if isinstance(exc, NoRoute):
        print(f"corridor: no route: {exc}", file=sys.stderr)
        return 1
    if isinstance(exc, BrokenPipeError):  # output piped into e.g. `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    if isinstance(exc, KeyboardInterrupt):
        print("corridor: interrupted", file=sys.stderr)
        return 130
    print(f"corridor: error: {exc}", file=sys.stderr)
    return 2


def _path_error(exc: OSError, args: argparse.Namespace) -> int:
    """Print the one line of an OSError about an input or output path; return 2 (or 3)."""
    message = _os_error_message(exc, args)
    if args.debug:
        raise exc
    if message is None:
        return _internal_error(exc)
    print(f"corridor: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``corridor`` command; return its exit code (no traceback reaches the user).

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when no route exists, 2 for a user error, 3 for an internal error,
        130 when interrupted, 141 on a closed output pipe.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.version:
        print(f"corridor {_meta.version()}")
        return 0
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except (CorridorError, BrokenPipeError, KeyboardInterrupt) as exc:
        return _user_error(exc)
    except OSError as exc:  # an input or output path: unwritable, missing, full disk, ...
        return _path_error(exc, args)
    except Exception as exc:  # last resort: never show a traceback to a CLI user
        if args.debug:
            raise
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    """Print the one-line internal-error message (a bug, not the user's doing); return 3."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    print(f"corridor: internal error: {type(exc).__name__}: {text} "
          "(run with --debug for details)", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
