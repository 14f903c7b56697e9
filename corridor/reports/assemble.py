"""Building a report: routes and connectivity of each scenario, the comparison, names."""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from corridor import _meta, analysis, calibration, geodata, routing
from corridor import scenarios as scenario_mod
from corridor._cells import as_text
from corridor._errors import AmbiguousPlace, NoRoute, PlaceNotFound, ReportError
from corridor.reports.assumptions import assumptions
from corridor.reports.model import (
    CalibrationRecord,
    Comparison,
    Connectivity,
    LinkInfo,
    OdPair,
    PairChange,
    Report,
    RouteRow,
    ScenarioReport,
)
from corridor.reports.overlay import criticality_map_html
from corridor.reports.pairs import default_pairs_path, read_pairs

#: Most scenarios whose criticality the HTML report's map shows as layers (the base and
#: compared scenarios come first).
MAX_MAPS = 3


def _route_row(scenario: str, pair: OdPair, origin_id: str, destination_id: str,
               route: Any) -> RouteRow:
    """Turn a :class:`corridor.routing.Route` into a report row."""
    by_mode = route.by_mode
    km_by_country = tuple((str(c), float(v["length_km"])) for c, v in route.by_country.items()
                          if v["length_km"] > 0)
    not_operating = math.fsum(km for status, km in route.by_status.items()
                              if status != "operating")
    return RouteRow(
        scenario=scenario, pair=pair, origin_id=origin_id, destination_id=destination_id,
        connected=True, length_km=float(route.length_km), time_h=float(route.time_h),
        km_by_mode=tuple((m, float(by_mode[m]["length_km"])) for m in geodata.MODES
                         if m in by_mode),
        km_by_country=km_by_country,
        border_crossings=len(route.border_crossings), gauge_breaks=len(route.gauge_breaks),
        transfers=len(route.mode_changes), not_operating_km=not_operating,
        links=tuple(route.link_ids), published_km=float(route.published_km),
        cost_usd_t=float(route.cost_usd_t), co2_kg_t=float(route.co2_kg_t),
    )


def _routes(data: geodata.GeoData, scenario: str, graph: nx.MultiGraph,
            pairs: Sequence[OdPair], ids: Sequence[tuple[str, str]]) -> list[RouteRow]:
    """Route each pair in the scenario's graph; a pair without a route gets an empty row."""
    rows = []
    for pair, (o, d) in zip(pairs, ids, strict=True):
        try:
            found = routing.route(o, d, modes=pair.modes or "multimodal", data=data,
                                  graph=graph)
        except NoRoute as exc:
            rows.append(RouteRow(scenario, pair, o, d, connected=False, message=str(exc)))
            continue
        rows.append(_route_row(scenario, pair, o, d, found))
    return rows


def connectivity(cuts: analysis.ScenarioCuts, od: Sequence[analysis.OdSpec],
                 weights: Sequence[float] | None = None) -> Connectivity:
    """Compute the connectivity measures of one scenario.

    Parameters
    ----------
    cuts
        The scenario's network (and its networks with links closed).
    od
        ``(origin id, destination id, modes)`` of the pairs whose total travel time the
        criticality ranking measures.
    weights
        What each pair stands for in the ranking (default
        :func:`corridor.analysis.pair_weights`).

    Returns
    -------
    Connectivity
        Components per mode, Nakhchivan–mainland links, corridor bridges, articulation
        points and link-disjoint paths per mode set, the ten most central links and the
        criticality ranking.
    """
    graph = cuts.graph
    base, critical = analysis.criticality(cuts, od, weights=weights)
    return Connectivity(
        components={m: analysis.components(graph, m) for m in analysis.MODES},
        nakhchivan={m: analysis.nakhchivan_connected(graph, m) for m in ("rail", "road")},
        bridges={k: analysis.corridor_bridges(graph, v) for k, v in analysis.MODE_SETS.items()},
        articulation_points={k: analysis.corridor_articulation_points(graph, v)
                             for k, v in analysis.MODE_SETS.items()},
        disjoint_paths={k: analysis.link_disjoint_paths(graph, modes=v)
                        for k, v in analysis.MODE_SETS.items()},
        betweenness=analysis.link_betweenness(graph, top=10),
        criticality=critical,
        od_time_h=base,
    )


def _resolve(data: geodata.GeoData, pairs: Sequence[OdPair],
             source: Path | None = None) -> list[tuple[str, str]]:
    """Return the place ids of the pairs.

    An unknown or ambiguous place of a pairs file ``source`` is a :class:`ReportError`
    naming the file and line.
    """
    ids = []
    for p in pairs:
        try:
            ids.append((routing.find_place(p.origin, data),
                        routing.find_place(p.destination, data)))
        except (PlaceNotFound, AmbiguousPlace) as exc:
            if source is None or p.line is None:
                raise
            raise ReportError(f"{source}:{p.line}: {exc}") from exc
    return ids


def build(
    scenarios: Sequence[str] = ("today",),
    *,
    compare: str | None = None,
    pairs: Sequence[OdPair] | str | os.PathLike[str] | None = None,
    data: geodata.GeoData | None = None,
    maps: bool = True,
    scenarios_file: str | os.PathLike[str] | None = None,
    profile: str = "freight",
    calibrate: bool = True,
) -> Report:
    """Compute the report of one or more scenarios, optionally comparing two.

    Parameters
    ----------
    scenarios
        Scenario names (the first is the base of the comparison); ``"all"`` stands for
        every available scenario.
    compare
        Another scenario to compare the first one with; it is added to the report.
    pairs
        OD pairs, or a CSV file of them (default: ``od_pairs.csv`` of the geodata).
    data
        Loaded geodata (default: ``$CORRIDOR_GEODATA`` or the shipped data).
    maps
        Render the HTML report's map (the criticality of at most :data:`MAX_MAPS`
        scenarios as layers: the base and compared scenarios first); ``False`` skips it.
    scenarios_file
        Extra scenarios TOML file (see :func:`corridor.scenarios.load`).
    profile
        ``freight`` (default) or ``passenger``: the time profile of every route and measure.
    calibrate
        Compare the model with the geodata's calibration record, when it has one, for the
        report's appendix (:func:`calibration_record`); ``False`` leaves it out.

    Returns
    -------
    Report
        Routes and connectivity per scenario, the comparison, link and place names.

    Raises
    ------
    ReportError, ScenarioError, PlaceNotFound, AmbiguousPlace, GeodataError
        On bad inputs; nothing has been written. An unknown or ambiguous place in a pairs
        file is a ReportError naming the file and line.
    """
    if data is None:
        data = geodata.load()
    pair_list, source, pairs_source = _pair_list(pairs, data)
    names = _scenario_names(scenarios, compare, scenario_mod.load(scenarios_file,
                                                                  geodata_dir=data.path))
    scens = [scenario_mod.get(n, scenarios_file, geodata_dir=data.path) for n in names]
    ids = _resolve(data, pair_list, source)
    # show the places' names whatever spelling or id the pairs file used
    pair_list = [OdPair(short_name(data.places.at[o, "name"]),
                        short_name(data.places.at[d, "name"]), p.modes, weight=p.weight)
                 for (o, d), p in zip(ids, pair_list, strict=True)]
    od = [(o, d, p.modes) for (o, d), p in zip(ids, pair_list, strict=True)]
    shares = analysis.pair_weights(od)
    weights = [p.weight if p.weight is not None else w
               for p, w in zip(pair_list, shares, strict=True)]
    parts = []
    for sc in scens:
        cuts = analysis.ScenarioCuts(data, sc, profile=profile)
        parts.append(ScenarioReport(
            name=sc.name, description=sc.description,
            routes=_routes(data, sc.name, cuts.graph, pair_list, ids),
            connectivity=connectivity(cuts, od, weights),
        ))
    comparison = None
    if compare:
        before, after = parts[0], parts[names.index(compare)]
        comparison = Comparison(before.name, after.name, [
            PairChange(p, a, b) for p, a, b in zip(pair_list, before.routes, after.routes,
                                                   strict=True)])
    report = Report(
        scenarios=parts, pairs=pair_list, pairs_source=pairs_source, comparison=comparison,
        geodata_summary=geodata.summary(data), links=_link_infos(data),
        places={str(pid): str(row["name"]) for pid, row in data.places.iterrows()},
        calibration=calibration_record(data) if calibrate else None,
        provenance=_meta.provenance(data.path, ", ".join(p.name for p in parts),
                                    scenarios_file),
    )
    report.assumptions = assumptions(
        data, scens, (lid for part in parts for r in part.routes for lid in r.links))
    if maps:
        # one map (Leaflet and the network embedded once, about 0.8 MB): the compared
        # scenario's network (else the first's) with the criticality of at most MAX_MAPS
        # scenarios as layers, the base and compared ones first
        order = list(dict.fromkeys([names[0], *([compare] if compare else []), *names]))
        chosen = [getattr(n, "name", n) for n in order[:MAX_MAPS]]  # names or Scenarios
        by_name = {part.name: part for part in parts}
        drawn = compare or names[0]
        title = " | ".join(chosen)
        report.maps = {title: criticality_map_html(
            data, scens[names.index(drawn)],
            [(n, by_name[n].connectivity.criticality) for n in chosen],
            shown=getattr(drawn, "name", drawn))}
    return report


def calibration_record(data: geodata.GeoData) -> CalibrationRecord | None:
    """Compare the model with the calibration record of a geodata folder.

    Parameters
    ----------
    data
        Loaded geodata; its folder's :data:`corridor.calibration.FIGURES_FILE` is read.

    Returns
    -------
    CalibrationRecord or None
        Every row's comparison and the summaries (all rows, then out of sample); ``None``
        when the folder has no calibration record.
    """
    if data.path is None or not (data.path / calibration.FIGURES_FILE).is_file():
        return None
    comparisons = calibration.compare(calibration.load_figures(data.path), data)
    outside = [c for c in comparisons if not c.in_sample]
    return CalibrationRecord(
        calibration.FIGURES_FILE, comparisons,
        calibration.summarise(comparisons) + calibration.summarise(outside, "out_of_sample"))


def _pair_list(pairs: Sequence[OdPair] | str | os.PathLike[str] | None,
               data: geodata.GeoData) -> tuple[list[OdPair], Path | None, str]:
    """Return the pairs, the file they were read from (if any) and its name for the report."""
    if pairs is None or isinstance(pairs, str | os.PathLike):
        source = Path(pairs) if pairs is not None else default_pairs_path(data)
        return read_pairs(source), source, source.name
    return list(pairs), None, "given"


def _scenario_names(scenarios: Sequence[str], compare: str | None,
                    available: Collection[str]) -> list[str]:
    """Return the scenario names of the report, ``"all"`` expanded, the compared one last."""
    wanted = [n for s in scenarios for n in (available if s == "all" else [s])]
    names = list(dict.fromkeys([*wanted, *([compare] if compare else [])]))
    if not names:
        raise ReportError("no scenario given")
    return names


def _link_infos(data: geodata.GeoData) -> dict[str, LinkInfo]:
    """Return what the report shows of each link (name, mode, country, status) by id."""
    return {str(lid): LinkInfo(as_text(row.get("name")) or str(lid), str(row["mode"]),
                               as_text(row.get("country")), str(row["status"]))
            for lid, row in data.links.iterrows()}


def short_name(name: Any) -> str:
    """Return a place name without its parenthesised or slash-separated details.

    Parameters
    ----------
    name
        A place name, e.g. ``"Khorgos / Altynkol (KZ–CN border)"``.

    Returns
    -------
    str
        The short name for table labels, e.g. ``"Khorgos"`` (the name itself if that
        would be empty).
    """
    text = str(name).split(" (")[0].split(" / ")[0].strip()
    return text or str(name)
