"""The ``route``, ``scenarios`` and ``check`` commands: routes and the calibration check."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys

from corridor import calibration, geodata, routing, scenarios
from corridor._errors import InvalidArgument
from corridor._io import atomic_write_text
from corridor.cli.options import (
    _add_geodata_option,
    _add_profile_option,
    _add_scenarios_option,
    _whole_number,
)
from corridor.routing import MAX_ALTERNATIVES, Route

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
    value = _whole_number(text, 1)
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

