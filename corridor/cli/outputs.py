"""The ``map``, ``plot``, ``report`` and ``flows`` commands: files that show the network."""

from __future__ import annotations

import argparse
import sys

from corridor import geodata, reports
from corridor._errors import InvalidArgument
from corridor.cli.options import _add_geodata_option, _add_profile_option, _add_scenarios_option


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

