"""The what-if options (``--close``, ``--open``), ``scenarios --show``, ``od`` and ``export``."""

from __future__ import annotations

import argparse
import sys

from corridor import geodata, scenarios
from corridor.cli.options import Handler, _add_geodata_option, _add_scenarios_option
from corridor.cli.route import _cmd_scenarios


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

