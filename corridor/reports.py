"""Route-length and connectivity reports, scenario comparison, and their four formats.

:func:`build` computes a :class:`Report` — for each scenario the routes of the OD pairs and
the connectivity measures of :mod:`corridor.analysis`, and optionally the comparison of two
scenarios — and :func:`write` renders it as Markdown, self-contained HTML, CSV (one file per
table) and JSON. Rendering is pure: the same report gives byte-identical files; all files
are rendered in memory, then written into a temporary folder that replaces the output folder
in one step, so a failed run leaves the old report as it was.

Data never becomes code: the HTML and Markdown come from the templates in
``corridor/templates`` (jinja2, HTML autoescaped), with the data passed only as variables;
Markdown escapes HTML and table characters of the data; CSV cells that a spreadsheet would
run as formulas get a leading ``'`` (:func:`corridor._io.csv_cell`).

Examples
--------
>>> from corridor import reports
>>> rep = reports.build(["today"], compare="tripp")          # doctest: +SKIP
>>> reports.write(rep, "corridor-report", formats=("md",))   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from corridor import analysis, geodata, routing, settings
from corridor import scenarios as scenario_mod
from corridor._errors import AmbiguousPlace, NoRoute, PlaceNotFound, ReportError
from corridor._io import atomic_write_folder, csv_text

#: File of the default origin–destination pairs in a geodata folder.
OD_PAIRS_FILE = "od_pairs.csv"
#: Output formats and the files each writes.
FORMATS = ("md", "html", "csv", "json")
#: Default output folder of ``corridor report``.
DEFAULT_OUT = "corridor-report"
#: Version of the JSON layout (bumped on incompatible changes).
SCHEMA = "corridor-report/1"
#: Most scenario maps in one HTML report (the base and compared scenarios come first).
MAX_MAPS = 3
#: How many links the criticality tables of the Markdown and HTML reports show.
TOP_CRITICAL = 10
#: Separators accepted in the ``modes`` column of a pairs file.
_MODE_SEPARATORS = ("+", ";", "|", " ", "/")
#: Longest cell of a pairs file (place names and ids are far shorter).
MAX_PAIRS_CELL = 200
#: Columns of a pairs file, in order (``modes`` is optional).
PAIRS_COLUMNS = ("origin", "destination", "modes")


# --------------------------------------------------------------------------- OD pairs


@dataclass(frozen=True)
class OdPair:
    """One origin–destination pair of the report.

    Attributes
    ----------
    origin, destination
        Place names or ids as written in the pairs file.
    modes
        Modes allowed (``rail``, ``road``, ``ferry``), or ``None`` for all.
    """

    origin: str
    destination: str
    modes: tuple[str, ...] | None = None
    #: Line of the pairs file it was read from (for error messages; not compared).
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def modes_label(self) -> str:
        """``all`` or the modes joined with ``+`` (e.g. ``rail+ferry``)."""
        return "all" if self.modes is None else "+".join(self.modes)

    @property
    def label(self) -> str:
        """``Origin – Destination`` plus the modes when not all."""
        text = f"{self.origin} – {self.destination}"
        return text if self.modes is None else f"{text} ({self.modes_label})"


def parse_modes(text: str | None) -> tuple[str, ...] | None:
    """Parse a modes cell (``rail+ferry``, ``road``, empty or ``all``) into a tuple or None."""
    raw = (text or "").strip().lower()
    if raw in ("", "all", "*", "multimodal"):
        return None
    for sep in _MODE_SEPARATORS[1:]:
        raw = raw.replace(sep, "+")
    modes = tuple(m for m in raw.split("+") if m)
    bad = [m for m in modes if m not in geodata.MODES]
    if bad:
        raise ReportError(f"unknown mode(s) {bad}; expected from {list(geodata.MODES)}")
    return tuple(m for m in geodata.MODES if m in modes)


def read_pairs(path: str | os.PathLike[str]) -> list[OdPair]:
    """Read OD pairs from a UTF-8 CSV file with columns ``origin,destination[,modes]``.

    A header row is optional (recognised by ``origin`` in its first cell; it must then name
    the columns in that order); blank lines and lines starting with ``#`` are skipped; a
    byte-order mark and CRLF line ends are fine.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    list of OdPair
        In file order, each with the line it came from.

    Raises
    ------
    ReportError
        When the file cannot be read, is not UTF-8, is empty or a row is malformed; the
        message names the file and the line.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ReportError(f"{p}: cannot read the pairs file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReportError(f"{p}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the "
                          "pairs file as UTF-8") from None
    pairs = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header_allowed = True
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ReportError(f"{p}:{reader.line_num}: unreadable CSV row ({exc})") from None
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        _check_cells(p, line, cells)
        if header_allowed and cells[0].lower() == "origin":
            header_allowed = False
            names = tuple(c.lower() for c in cells)
            if names not in (PAIRS_COLUMNS[:2], PAIRS_COLUMNS):
                raise ReportError(f"{p}:{line}: header must be origin,destination[,modes], "
                                  f"got {','.join(cells)}")
            continue
        header_allowed = False
        if len(cells) < 2 or not cells[0] or not cells[1] or len(cells) > 3:
            raise ReportError(f"{p}:{line}: expected origin,destination[,modes], got "
                              f"{len(cells)} cell(s): {','.join(cells)}")
        try:
            modes = parse_modes(cells[2] if len(cells) == 3 else None)
        except ReportError as exc:
            raise ReportError(f"{p}:{line}: {exc}") from exc
        pairs.append(OdPair(cells[0], cells[1], modes, line=line))
    if not pairs:
        raise ReportError(f"{p}: no origin,destination pairs found")
    return pairs


def _check_cells(path: Path, line: int, cells: Sequence[str]) -> None:
    """Reject over-long cells and control characters in a row of a pairs file."""
    for cell in cells:
        if len(cell) > MAX_PAIRS_CELL:
            raise ReportError(f"{path}:{line}: a cell of {len(cell):,} characters (place "
                              f"names and modes have at most {MAX_PAIRS_CELL})")
        bad = next((ch for ch in cell if ord(ch) < 32 or ord(ch) == 127), None)
        if bad is not None:
            raise ReportError(f"{path}:{line}: control character {bad!r} in {cell!r}")


def default_pairs_path(data: geodata.GeoData | None = None) -> Path:
    """Return ``od_pairs.csv`` of the data's folder if it has one, else the shipped one."""
    if data is not None and data.path is not None:
        own = Path(data.path) / OD_PAIRS_FILE
        if own.exists():
            return own
    return settings.SHIPPED_GEODATA / OD_PAIRS_FILE


# --------------------------------------------------------------------------- report types


@dataclass(frozen=True)
class RouteRow:
    """The route of one OD pair in one scenario (lengths in km, times in hours).

    ``connected`` is false when no route exists; the numbers are then ``None`` / empty.
    ``km_by_country`` lists countries in the order the route enters them.
    ``not_operating_km`` is the length on links whose status is not ``operating``.
    """

    scenario: str
    pair: OdPair
    origin_id: str
    destination_id: str
    connected: bool
    length_km: float | None = None
    time_h: float | None = None
    km_by_mode: tuple[tuple[str, float], ...] = ()
    km_by_country: tuple[tuple[str, float], ...] = ()
    border_crossings: int | None = None
    gauge_breaks: int | None = None
    transfers: int | None = None
    not_operating_km: float | None = None
    links: tuple[str, ...] = ()
    message: str = ""

    @property
    def not_operating_share(self) -> float | None:
        """Share (0–1) of the route's km on links not yet (or no longer) operating."""
        if not self.connected or not self.length_km:
            return None
        return (self.not_operating_km or 0.0) / self.length_km


@dataclass(frozen=True)
class Connectivity:
    """The connectivity measures of one scenario (see :mod:`corridor.analysis`)."""

    components: dict[str, list[list[str]]]
    nakhchivan: dict[str, bool]
    bridges: dict[str, list[analysis.FailurePoint]]
    articulation_points: dict[str, list[analysis.FailurePoint]]
    disjoint_paths: dict[str, int]
    betweenness: list[analysis.Centrality]
    criticality: list[analysis.Criticality]
    od_time_h: list[float | None]


@dataclass(frozen=True)
class ScenarioReport:
    """Routes and connectivity of one scenario."""

    name: str
    description: str
    routes: list[RouteRow]
    connectivity: Connectivity


@dataclass(frozen=True)
class PairChange:
    """How one OD pair changes from the base scenario to the other (saved = before - after)."""

    pair: OdPair
    before: RouteRow
    after: RouteRow

    @property
    def change(self) -> str:
        """``newly connected``, ``newly disconnected``, ``connected`` or ``not connected``."""
        a, b = self.before.connected, self.after.connected
        if a and b:
            return "connected"
        if b:
            return "newly connected"
        if a:
            return "newly disconnected"
        return "not connected"

    @property
    def km_saved(self) -> float | None:
        """Kilometres saved (negative: longer), when connected in both."""
        if self.before.length_km is None or self.after.length_km is None:
            return None
        return self.before.length_km - self.after.length_km

    @property
    def hours_saved(self) -> float | None:
        """Hours saved (negative: slower), when connected in both."""
        if self.before.time_h is None or self.after.time_h is None:
            return None
        return self.before.time_h - self.after.time_h


@dataclass(frozen=True)
class Comparison:
    """The comparison of scenario ``base`` with scenario ``other``."""

    base: str
    other: str
    pairs: list[PairChange]


@dataclass(frozen=True)
class LinkInfo:
    """What the report shows about a link besides its id."""

    name: str
    mode: str
    country: str
    status: str


@dataclass
class Report:
    """Everything a report shows; render it with :func:`render` or :func:`write`."""

    scenarios: list[ScenarioReport]
    pairs: list[OdPair]
    pairs_source: str
    comparison: Comparison | None
    geodata_summary: str
    links: dict[str, LinkInfo]
    places: dict[str, str]
    maps: dict[str, str] = field(default_factory=dict)

    def scenario(self, name: str) -> ScenarioReport:
        """Return the part of the report of scenario ``name``."""
        for sc in self.scenarios:
            if sc.name == name:
                return sc
        raise KeyError(name)


# --------------------------------------------------------------------------- building


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
        links=tuple(route.link_ids),
    )


def _routes(data: geodata.GeoData, scenario: str, graph: nx.MultiGraph,
            pairs: Sequence[OdPair], ids: Sequence[tuple[str, str]]) -> list[RouteRow]:
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


def connectivity(cuts: analysis.ScenarioCuts, od: Sequence[analysis.OdSpec]) -> Connectivity:
    """Compute the connectivity measures of one scenario.

    Parameters
    ----------
    cuts
        The scenario's network (and its networks with links closed).
    od
        ``(origin id, destination id, modes)`` of the pairs whose total travel time the
        criticality ranking measures.

    Returns
    -------
    Connectivity
        Components per mode, Nakhchivan–mainland links, corridor bridges, articulation
        points and link-disjoint paths per mode set, the ten most central links and the
        criticality ranking.
    """
    graph = cuts.graph
    base, critical = analysis.criticality_ranking(cuts, od)
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
    """Place ids of the pairs; an unknown or ambiguous place of a pairs file ``source`` is a
    :class:`ReportError` naming the file and line."""
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
        Render the scenario maps for the HTML report (at most :data:`MAX_MAPS`: the base
        and compared scenarios first); ``False`` skips them.
    scenarios_file
        Extra scenarios TOML file (see :func:`corridor.scenarios.load`).

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
    source: Path | None = None
    if pairs is None or isinstance(pairs, str | os.PathLike):
        source = Path(pairs) if pairs is not None else default_pairs_path(data)
        pair_list = read_pairs(source)
        pairs_source = source.name
    else:
        pair_list = list(pairs)
        pairs_source = "given"
    available = scenario_mod.load(scenarios_file, geodata_dir=data.path)
    wanted = [n for s in scenarios for n in (available if s == "all" else [s])]
    names = list(dict.fromkeys([*wanted, *([compare] if compare else [])]))
    if not names:
        raise ReportError("no scenario given")
    scens = [scenario_mod.get(n, scenarios_file, geodata_dir=data.path) for n in names]
    ids = _resolve(data, pair_list, source)
    # show the places' names whatever spelling or id the pairs file used
    pair_list = [OdPair(short_name(data.places.at[o, "name"]),
                        short_name(data.places.at[d, "name"]), p.modes)
                 for (o, d), p in zip(ids, pair_list, strict=True)]
    od = [(o, d, p.modes) for (o, d), p in zip(ids, pair_list, strict=True)]
    parts = []
    for sc in scens:
        cuts = analysis.ScenarioCuts(data, sc)
        parts.append(ScenarioReport(
            name=sc.name, description=sc.description,
            routes=_routes(data, sc.name, cuts.graph, pair_list, ids),
            connectivity=connectivity(cuts, od),
        ))
    comparison = None
    if compare:
        before, after = parts[0], parts[names.index(compare)]
        comparison = Comparison(before.name, after.name, [
            PairChange(p, a, b) for p, a, b in zip(pair_list, before.routes, after.routes,
                                                   strict=True)])
    report = Report(
        scenarios=parts, pairs=pair_list, pairs_source=pairs_source, comparison=comparison,
        geodata_summary=geodata.summary(data),
        links={str(lid): LinkInfo(_text(row.get("name")) or str(lid), str(row["mode"]),
                                  _text(row.get("country")), str(row["status"]))
               for lid, row in data.links.iterrows()},
        places={str(pid): str(row["name"]) for pid, row in data.places.iterrows()},
    )
    if maps:
        # each map embeds Leaflet and the network (about 2 MB): the base and compared
        # scenarios first, at most MAX_MAPS of them
        order = list(dict.fromkeys([names[0], *([compare] if compare else []), *names]))
        chosen = set(order[:MAX_MAPS])
        report.maps = {part.name: scenario_map_html(data, scen, part.connectivity.criticality)
                       for scen, part in zip(scens, parts, strict=True) if part.name in chosen}
    return report


def short_name(name: Any) -> str:
    """A place name without its parenthesised or slash-separated details (table labels):
    ``"Khorgos / Altynkol (KZ–CN border)"`` -> ``"Khorgos"``."""
    text = str(name).split(" (")[0].split(" / ")[0].strip()
    return text or str(name)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# --------------------------------------------------------------------------- map


#: Colours of the criticality overlay, from least to most critical (ColorBrewer Purples:
#: apart from the mode colours and the TRIPP halo of the base map).
CRITICALITY_COLORS = ("#cbc9e2", "#9e9ac8", "#6a51a3", "#3f007d")


def criticality_color(item: analysis.Criticality, worst_rise_h: float) -> str:
    """Return the overlay colour of a link: darkest when it disconnects a pair.

    Parameters
    ----------
    item
        The link's criticality.
    worst_rise_h
        The largest rise in the scenario, hours (scales the ramp).
    """
    if item.disconnected:
        return CRITICALITY_COLORS[-1]
    if worst_rise_h <= 0:
        return CRITICALITY_COLORS[0]
    step = min(2, int(3 * item.rise_h / worst_rise_h))
    return CRITICALITY_COLORS[step]


def scenario_map_html(data: geodata.GeoData, scenario: Any,
                      critical: Sequence[analysis.Criticality]) -> str:
    """Return the self-contained HTML of the scenario map with the criticality overlay.

    ``scenario`` is a name or a :class:`corridor.scenarios.Scenario`. The map is
    :func:`corridor.maps.network_map` of the scenario (no base tiles, so it needs
    no network); on top, each link whose cut raises the OD travel time is drawn in a
    colour of :data:`CRITICALITY_COLORS` (darkest: the cut disconnects a pair).
    """
    import folium

    from corridor import maps

    m = maps.network_map(data, scenario=scenario, tiles="none", self_contained=True,
                         controls=False)
    group = folium.FeatureGroup(name="Criticality (rise in OD hours when cut)", show=True)
    worst = max((c.rise_h for c in critical), default=0.0)
    for item in critical:
        if item.link_id not in data.links.index:
            continue
        geom = data.links.at[item.link_id, "geometry"]
        parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
        latlngs = [[[round(y, 5), round(x, 5)] for x, y, *_ in part.coords] for part in parts]
        what = (f"cut disconnects {len(item.disconnected)} pair(s)" if item.disconnected
                else f"cut adds {item.rise_h:,.1f} h to the OD total")
        line = folium.PolyLine(latlngs, color=criticality_color(item, worst), weight=7,
                               opacity=0.85, class_name="corridor-critical")
        folium.Tooltip(maps.escape(f"{item.link_id}: {what}"), sticky=True).add_to(line)
        line.add_to(group)
    group.add_to(m)
    maps.finish(m)
    return maps.map_html(m)


# --------------------------------------------------------------------------- tables


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _pairs_text(pairs: Iterable[tuple[str, str]]) -> str:
    """Summarise (east, west) pairs as ``a, b ↔ c, d``."""
    pairs = list(pairs)
    east = sorted({e for e, _ in pairs})
    west = sorted({w for _, w in pairs})
    return f"{', '.join(east)} ↔ {', '.join(west)}"


Table = tuple[list[str], list[list[str]]]


def route_table(report: Report) -> Table:
    """Return the route table: one row per scenario and pair (km, hours, breakdowns)."""
    header = ["scenario", "origin", "destination", "modes", "connected", "length_km",
              "time_h", "rail_km", "road_km", "ferry_km", "km_by_country", "border_crossings",
              "gauge_breaks", "transfers", "not_operating_km", "not_operating_share"]
    rows = []
    for sc in report.scenarios:
        for r in sc.routes:
            by_mode = dict(r.km_by_mode)
            rows.append([
                sc.name, r.pair.origin, r.pair.destination, r.pair.modes_label,
                "yes" if r.connected else "no", _num(r.length_km, 1), _num(r.time_h, 2),
                *(_num(by_mode.get(m, 0.0) if r.connected else None, 1) for m in geodata.MODES),
                " ".join(f"{c}:{km:.1f}" for c, km in r.km_by_country),
                "" if r.border_crossings is None else str(r.border_crossings),
                "" if r.gauge_breaks is None else str(r.gauge_breaks),
                "" if r.transfers is None else str(r.transfers),
                _num(r.not_operating_km, 1), _num(r.not_operating_share, 3),
            ])
    return header, rows


def comparison_table(report: Report) -> Table:
    """Return the comparison table (saved = base minus other; negative: worse)."""
    header = ["origin", "destination", "modes", "change", "length_km_before",
              "length_km_after", "km_saved", "time_h_before", "time_h_after", "hours_saved"]
    rows = []
    if report.comparison is not None:
        for c in report.comparison.pairs:
            rows.append([
                c.pair.origin, c.pair.destination, c.pair.modes_label, c.change,
                _num(c.before.length_km, 1), _num(c.after.length_km, 1), _num(c.km_saved, 1),
                _num(c.before.time_h, 2), _num(c.after.time_h, 2), _num(c.hours_saved, 2),
            ])
    return header, rows


def components_table(report: Report) -> Table:
    """Return one row per scenario, mode and connected component."""
    header = ["scenario", "mode", "component", "places", "members"]
    rows = []
    for sc in report.scenarios:
        for mode, comps in sc.connectivity.components.items():
            for i, comp in enumerate(comps, start=1):
                rows.append([sc.name, mode, str(i), str(len(comp)), " ".join(comp)])
    return header, rows


def nakhchivan_table(report: Report) -> Table:
    """Return whether Nakhchivan reaches the mainland by rail / road without a third country."""
    header = ["scenario", "rail", "road"]
    rows = [[sc.name, *("yes" if sc.connectivity.nakhchivan[m] else "no"
                        for m in ("rail", "road"))] for sc in report.scenarios]
    return header, rows


def failure_points_table(report: Report) -> Table:
    """Return the corridor's bridges (links) and articulation points (places)."""
    header = ["scenario", "modes", "kind", "id", "name", "pairs_separated", "separates"]
    rows = []
    for sc in report.scenarios:
        for modes in analysis.MODE_SETS:
            for kind, items in (("bridge", sc.connectivity.bridges[modes]),
                                ("articulation_point", sc.connectivity.articulation_points[modes])):
                for f in items:
                    name = (report.links[f.id].name if kind == "bridge" and f.id in report.links
                            else report.places.get(f.id, f.id))
                    rows.append([sc.name, modes, kind, f.id, name, str(len(f.separated)),
                                 _pairs_text(f.separated)])
    return header, rows


def disjoint_paths_table(report: Report) -> Table:
    """Return the number of link-disjoint Central Asia – Europe paths per mode set."""
    header = ["scenario", *(f"{k}_paths" for k in analysis.MODE_SETS)]
    rows = [[sc.name, *(str(sc.connectivity.disjoint_paths[k]) for k in analysis.MODE_SETS)]
            for sc in report.scenarios]
    return header, rows


def betweenness_table(report: Report) -> Table:
    """Return the ten most central links per scenario (time-weighted edge betweenness)."""
    header = ["scenario", "rank", "link_id", "name", "mode", "country", "betweenness"]
    rows = []
    for sc in report.scenarios:
        for i, c in enumerate(sc.connectivity.betweenness, start=1):
            info = report.links.get(c.link_id, LinkInfo(c.link_id, "", "", ""))
            rows.append([sc.name, str(i), c.link_id, info.name, info.mode, info.country,
                         f"{c.betweenness:.4f}"])
    return header, rows


def criticality_table(report: Report, top: int | None = None) -> Table:
    """Return the criticality ranking per scenario (``top`` rows each; ``None``: all)."""
    header = ["scenario", "rank", "link_id", "name", "mode", "country", "rise_h",
              "pairs_disconnected", "disconnected"]
    rows = []
    for sc in report.scenarios:
        items = sc.connectivity.criticality
        for i, c in enumerate(items[:top] if top else items, start=1):
            info = report.links.get(c.link_id, LinkInfo(c.link_id, "", "", ""))
            lost = "; ".join(report.pairs[j].label for j in c.disconnected)
            rows.append([sc.name, str(i), c.link_id, info.name, info.mode, info.country,
                         f"{c.rise_h:.2f}", str(len(c.disconnected)), lost])
    return header, rows


def connectivity_comparison_table(report: Report) -> Table:
    """Return the connectivity measures of the two compared scenarios side by side."""
    comp = report.comparison
    if comp is None:
        return ["measure"], []
    a, b = report.scenario(comp.base).connectivity, report.scenario(comp.other).connectivity
    header = ["measure", comp.base, comp.other]
    rows: list[list[str]] = []

    def yes(value: bool) -> str:
        return "yes" if value else "no"

    for mode in ("rail", "road"):
        rows.append([f"Nakhchivan–mainland by {mode} without a third country",
                     yes(a.nakhchivan[mode]), yes(b.nakhchivan[mode])])
    for mode in analysis.MODES:
        rows.append([f"{mode} components", str(len(a.components[mode])),
                     str(len(b.components[mode]))])
    for key in analysis.MODE_SETS:
        rows.append([f"link-disjoint paths Central Asia → Europe ({key})",
                     str(a.disjoint_paths[key]), str(b.disjoint_paths[key])])
        rows.append([f"corridor bridges ({key})", str(len(a.bridges[key])),
                     str(len(b.bridges[key]))])
        rows.append([f"corridor articulation points ({key})",
                     str(len(a.articulation_points[key])), str(len(b.articulation_points[key]))])
    for i in range(5):
        cells = [c.criticality[i].link_id if i < len(c.criticality) else "" for c in (a, b)]
        rows.append([f"critical link #{i + 1}", *cells])
    for i in range(3):
        cells = [c.betweenness[i].link_id if i < len(c.betweenness) else "" for c in (a, b)]
        rows.append([f"central link #{i + 1}", *cells])
    total = [math.fsum(t for t in c.od_time_h if t is not None) for c in (a, b)]
    connected = [sum(t is not None for t in c.od_time_h) for c in (a, b)]
    rows.append(["OD pairs connected", *(str(n) for n in connected)])
    rows.append(["total OD time of connected pairs (h)", *(f"{t:.2f}" for t in total)])
    return header, rows


#: The CSV tables: file stem -> table function.
TABLES = {
    "routes": route_table,
    "comparison": comparison_table,
    "connectivity_comparison": connectivity_comparison_table,
    "components": components_table,
    "nakhchivan": nakhchivan_table,
    "failure_points": failure_points_table,
    "disjoint_paths": disjoint_paths_table,
    "betweenness": betweenness_table,
    "criticality": criticality_table,
}


# --------------------------------------------------------------------------- summary


def summary_lines(report: Report, pairs: Sequence[tuple[str, str]] = (
        ("baku", "nakhchivan"), ("baku", "kars")), top: int = 5) -> list[str]:
    """Return the text ``corridor report`` prints: the comparison of chosen pairs and the
    ``top`` critical links of each scenario.

    Parameters
    ----------
    report
        A built report.
    pairs
        ``(origin id, destination id)`` of the pairs to quote (all mode sets given for
        them in the report).
    top
        How many critical links to list per scenario.
    """
    lines = []
    comp = report.comparison
    if comp is not None:
        lines.append(f"{comp.base} -> {comp.other}:")
        for c in comp.pairs:
            key = (c.before.origin_id, c.before.destination_id)
            if key not in pairs:
                continue
            if c.change == "connected":
                assert c.km_saved is not None and c.hours_saved is not None
                what = (f"{c.before.length_km:,.0f} km / {c.before.time_h:,.1f} h -> "
                        f"{c.after.length_km:,.0f} km / {c.after.time_h:,.1f} h: "
                        f"saves {c.km_saved:,.0f} km and {c.hours_saved:,.1f} h")
            elif c.change == "newly connected":
                what = (f"newly connected: {c.after.length_km:,.0f} km / "
                        f"{c.after.time_h:,.1f} h")
            elif c.change == "newly disconnected":
                what = "newly disconnected"
            else:
                what = "not connected in either"
            lines.append(f"  {c.pair.label}: {what}")
    for sc in report.scenarios:
        lines.append(f"top {top} critical links in {sc.name} "
                     f"(rise in total OD hours when cut; pairs disconnected):")
        for i, crit in enumerate(sc.connectivity.criticality[:top], start=1):
            info = report.links.get(crit.link_id)
            name = info.name if info is not None else crit.link_id
            what = f"+{crit.rise_h:,.1f} h"
            if crit.disconnected:
                cut = "; ".join(report.pairs[j].label for j in crit.disconnected)
                what = f"disconnects {cut}; {what} on the other pairs"
            lines.append(f"  {i}. {crit.link_id} ({name}): {what}")
        if not sc.connectivity.criticality:
            lines.append("  (none)")
    return lines


# --------------------------------------------------------------------------- JSON


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def _route_json(r: RouteRow) -> dict[str, Any]:
    return {
        "origin": r.pair.origin, "destination": r.pair.destination,
        "origin_id": r.origin_id, "destination_id": r.destination_id,
        "modes": r.pair.modes_label, "connected": r.connected,
        "length_km": _r(r.length_km), "time_h": _r(r.time_h),
        "km_by_mode": {k: _r(v) for k, v in r.km_by_mode},
        "km_by_country": {k: _r(v) for k, v in r.km_by_country},
        "countries": [k for k, _ in r.km_by_country],
        "border_crossings": r.border_crossings, "gauge_breaks": r.gauge_breaks,
        "transfers": r.transfers, "not_operating_km": _r(r.not_operating_km),
        "not_operating_share": _r(r.not_operating_share, 4), "links": list(r.links),
        "message": r.message,
    }


def definitions() -> dict[str, str]:
    """Return what each measure of the report means (shown in every format)."""
    east, west = ", ".join(analysis.CASPIAN_PORTS), ", ".join(analysis.BLACK_SEA_TURKEY)
    return {
        "routes": "quickest route by time (hours) for each OD pair and mode set; lengths "
                  "are geodesic km; km_by_country lists countries in the order entered "
                  "(sea = ferry legs); not_operating_share is the share of km on links not "
                  "operating today (under construction, planned, reopened)",
        "comparison": "saved = base scenario minus compared scenario (negative: worse); "
                      "newly connected / disconnected pairs have a route in only one",
        "nakhchivan_mainland_without_third_country":
            f"{analysis.NAKHCHIVAN} reaches {analysis.MAINLAND} by the mode using only "
            f"links and border crossings in {', '.join(analysis.NAKHCHIVAN_PARTIES)} "
            "(Armenia is a party: the TRIPP route crosses its Syunik province by the "
            "August 2025 agreement; Iran, Georgia or Turkey would be a third country)",
        "components": "connected components of each mode's network (places its links "
                      "touch; a closed border crossing belongs to both sides)",
        "bridges": f"links whose loss alone separates a Caspian port ({east}) from a "
                   f"Black Sea / Turkey place ({west}); the count is of such pairs",
        "articulation_points": "places whose loss alone does so",
        "link_disjoint_paths_central_asia_europe":
            f"number of link-disjoint paths from {', '.join(analysis.CENTRAL_ASIA)} to "
            f"{', '.join(analysis.EUROPE)} (= least number of links whose loss cuts them)",
        "betweenness_top10": "edge betweenness centrality of the links, shortest paths "
                             "weighted by travel time, normalised",
        "criticality": "for each link closed alone (as a scenario closing it would): the "
                       "rise in total OD travel time (hours) over the pairs that stay "
                       "connected, and the pairs that lose all connection; ranked by pairs "
                       "disconnected, then rise",
    }


def to_dict(report: Report) -> dict[str, Any]:
    """Return the whole report as plain JSON values (keys carry units: ``_km``, ``_h``)."""
    scenarios = []
    for sc in report.scenarios:
        c = sc.connectivity
        scenarios.append({
            "name": sc.name, "description": sc.description,
            "routes": [_route_json(r) for r in sc.routes],
            "connectivity": {
                "components": c.components,
                "nakhchivan_mainland_without_third_country": c.nakhchivan,
                "bridges": {k: [{"link_id": f.id, "separates": [list(p) for p in f.separated]}
                                for f in v] for k, v in c.bridges.items()},
                "articulation_points": {
                    k: [{"place_id": f.id, "separates": [list(p) for p in f.separated]}
                        for f in v] for k, v in c.articulation_points.items()},
                "link_disjoint_paths_central_asia_europe": c.disjoint_paths,
                "betweenness_top10": [{"link_id": b.link_id, "betweenness": b.betweenness}
                                      for b in c.betweenness],
                "criticality": [{"link_id": x.link_id, "rise_h": _r(x.rise_h),
                                 "disconnected_pairs": list(x.disconnected)}
                                for x in c.criticality],
                "od_time_h": [_r(t) for t in c.od_time_h],
            },
        })
    comparison = None
    if report.comparison is not None:
        comparison = {
            "base": report.comparison.base, "other": report.comparison.other,
            "pairs": [{"origin": p.pair.origin, "destination": p.pair.destination,
                       "modes": p.pair.modes_label, "change": p.change,
                       "length_km_before": _r(p.before.length_km),
                       "length_km_after": _r(p.after.length_km), "km_saved": _r(p.km_saved),
                       "time_h_before": _r(p.before.time_h), "time_h_after": _r(p.after.time_h),
                       "hours_saved": _r(p.hours_saved)} for p in report.comparison.pairs],
        }
    return {
        "schema": SCHEMA,
        "units": {"_km": "kilometres (geodesic)", "_h": "hours",
                  "_share": "fraction 0-1 of the route's km"},
        "definitions": definitions(),
        "geodata": report.geodata_summary,
        "pairs_source": report.pairs_source,
        "pairs": [{"origin": p.origin, "destination": p.destination, "modes": p.modes_label}
                  for p in report.pairs],
        "scenarios": scenarios,
        "comparison": comparison,
    }


def to_json(report: Report) -> str:
    """Return the report as JSON text (deterministic: fixed key order and rounding)."""
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- CSV


def to_csv(report: Report) -> dict[str, str]:
    """Return ``{file name: CSV text}``, one file per table (the comparison only with one).

    Text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...)
    get a leading ``'``; numbers stay numbers (see :func:`corridor._io.csv_cell`).
    """
    out = {}
    for stem, fn in TABLES.items():
        if stem in ("comparison", "connectivity_comparison") and report.comparison is None:
            continue
        header, rows = fn(report)
        out[f"{stem}.csv"] = csv_text(header, rows, numeric=_NUMERIC)
    return out


# --------------------------------------------------------------------------- Markdown


#: Characters of the data that Markdown would read as markup: backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`|\[\]])")


def md_escape(value: Any) -> str:
    """Return ``value`` as Markdown text that shows it literally (inline or in a table cell).

    ``&``, ``<`` and ``>`` become entities (Markdown renderers pass HTML through), ``\\``,
    `````, ``|``, ``[`` and ``]`` are backslash-escaped (code spans, table cells, links) and
    line breaks and tabs become spaces.
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"[\r\n\t]+", " ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _sections(report: Report) -> list[tuple[str, str, Table]]:
    """(anchor, title, table) of the report's sections, in order."""
    out: list[tuple[str, str, Table]] = []
    if report.comparison is not None:
        comp = report.comparison
        out.append(("comparison", f"Comparison: {comp.base} → {comp.other}",
                    comparison_table(report)))
        out.append(("connectivity-comparison",
                    f"Connectivity side by side: {comp.base} | {comp.other}",
                    connectivity_comparison_table(report)))
    out += [
        ("routes", "Routes", _compact_routes(report)),
        ("nakhchivan", "Nakhchivan ↔ mainland Azerbaijan without a third country",
         nakhchivan_table(report)),
        ("components", "Connected components per mode", _component_counts(report)),
        ("disjoint", "Link-disjoint paths Central Asia → Europe", disjoint_paths_table(report)),
        ("failure", "Single points of failure between the Caspian ports and the Black Sea / "
         "Turkey (pairs separated)", _compact_failures(report)),
        ("betweenness", "Most central links (time-weighted edge betweenness)",
         _drop_column(betweenness_table(report), "country")),
        ("criticality", f"Criticality ranking (top {TOP_CRITICAL} per scenario)",
         criticality_table(report, TOP_CRITICAL)),
    ]
    return out


def _drop_column(table: Table, name: str) -> Table:
    header, rows = table
    i = header.index(name)
    return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]


def _compact_routes(report: Report) -> Table:
    header, rows = route_table(report)
    keep = ["scenario", "origin", "destination", "modes", "length_km", "time_h", "rail_km",
            "road_km", "ferry_km", "km_by_country", "border_crossings", "gauge_breaks",
            "transfers", "not_operating_share"]
    idx = [header.index(k) for k in keep]
    out = []
    for row in rows:
        cells = [row[i] for i in idx]
        if row[header.index("connected")] == "no":
            cells[keep.index("length_km")] = "no route"
        out.append(cells)
    return keep, out


def _component_counts(report: Report) -> Table:
    header = ["scenario", "mode", "components", "largest", "others"]
    rows = []
    for sc in report.scenarios:
        for mode, comps in sc.connectivity.components.items():
            others = "; ".join(", ".join(c) for c in comps[1:])
            rows.append([sc.name, mode, str(len(comps)), str(len(comps[0]) if comps else 0),
                         others])
    return header, rows


def _compact_failures(report: Report) -> Table:
    """One row per scenario and mode set: bridge links and articulation places, each with
    the number of (Caspian port, Black Sea / Turkey place) pairs it separates."""
    header = ["scenario", "modes", "bridges (links)", "articulation points (places)"]
    rows = []
    for sc in report.scenarios:
        for modes in analysis.MODE_SETS:
            cells = []
            for items in (sc.connectivity.bridges[modes],
                          sc.connectivity.articulation_points[modes]):
                cells.append(", ".join(f"{f.id} ({len(f.separated)})" for f in items) or "none")
            rows.append([sc.name, modes, *cells])
    return header, rows


def _template_vars(report: Report) -> dict[str, Any]:
    """The variables the Markdown and HTML templates share (all of them data)."""
    return {
        "names": ", ".join(sc.name for sc in report.scenarios),
        "n_pairs": len(report.pairs),
        "pairs_source": report.pairs_source,
        "geodata": report.geodata_summary,
        "scenarios": [{"name": sc.name, "description": sc.description}
                      for sc in report.scenarios],
        "definitions": list(definitions().items()),
    }


@functools.cache
def _templates(kind: str) -> jinja2.Environment:
    """The jinja2 environment of the ``html`` (autoescaped) or ``md`` templates.

    The templates are package files; data only ever reaches them as variables. Undefined
    variables are errors. In the Markdown one every ``{{ value }}`` goes through
    :func:`md_escape`.
    """
    loader = jinja2.PackageLoader("corridor", "templates")
    if kind == "html":
        return jinja2.Environment(loader=loader, autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True, keep_trailing_newline=True)
    return jinja2.Environment(loader=loader, autoescape=False, finalize=md_escape,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


def to_markdown(report: Report) -> str:
    """Return the report as Markdown (GitHub-flavoured tables; data escaped by
    :func:`md_escape`)."""
    sections = [{"title": title, "header": header, "rows": rows}
                for _, title, (header, rows) in _sections(report)]
    return _templates("md").get_template("report.md.j2").render(
        sections=sections, **_template_vars(report))


# --------------------------------------------------------------------------- HTML

_NUMERIC = {"length_km", "time_h", "rail_km", "road_km", "ferry_km", "border_crossings",
            "gauge_breaks", "transfers", "not_operating_km", "not_operating_share",
            "length_km_before", "length_km_after", "km_saved", "time_h_before", "time_h_after",
            "hours_saved", "rank", "betweenness", "rise_h", "pairs_disconnected",
            "pairs_separated", "components", "largest", "places", "component",
            "rail+ferry_paths", "road+ferry_paths", "all_paths"}


_SERIES_COLORS = ("#4575b4", "#d73027", "#1a9850", "#984ea3", "#ff7f00", "#a65628", "#f781bf",
                  "#999999")


def chart_data(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[
        float | None]]], unit: str) -> dict[str, Any]:
    """Return the layout of a horizontal grouped bar chart (what ``chart.svg.j2`` draws).

    Parameters are those of :func:`bar_chart_svg`; coordinates and numbers come back as
    formatted text, the title, labels and series names as given (the template escapes them).
    """
    bar_h, gap, left, right, top = 11, 9, 230, 90, 44
    width = 900
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(labels) + 10
    values = [v for _, vs in series for v in vs if v is not None]
    vmax = max(values, default=1.0) or 1.0
    scale = (width - left - right) / vmax
    legend = []
    x = left
    for k, (name, _) in enumerate(series):
        legend.append({"x": x, "text_x": x + 16, "name": name,
                       "color": _SERIES_COLORS[k % len(_SERIES_COLORS)]})
        x += 24 + 7 * len(name)
    groups = []
    for i, label in enumerate(labels):
        y0 = top + i * group_h
        bars = []
        for k, (_, vs) in enumerate(series):
            v, y = vs[i], y0 + k * bar_h
            bar: dict[str, Any] = {"y": y, "text_y": y + bar_h - 2, "width": None}
            if v is not None:
                w = max(v * scale, 0.5)
                bar.update(width=f"{w:.1f}", text_x=f"{left + w + 4:.1f}", text=f"{v:,.1f}",
                           tip=f"{v:,.1f} {unit}",
                           color=_SERIES_COLORS[k % len(_SERIES_COLORS)])
            bars.append(bar)
        groups.append({"y": f"{y0 + group_h / 2:.1f}", "label": label, "bars": bars})
    return {"title": title, "width": width, "height": height, "left": left,
            "label_x": left - 6, "none_x": left + 3, "bar_height": bar_h - 2,
            "legend": legend, "groups": groups}


def bar_chart_svg(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[
        float | None]]], unit: str) -> str:
    """Return a horizontal grouped bar chart as inline SVG text.

    Parameters
    ----------
    title
        Chart title.
    labels
        One label per group (e.g. per OD pair).
    series
        ``(name, values)`` per bar of a group (e.g. per scenario); ``None`` draws
        "no route".
    unit
        Unit shown after the values (e.g. ``h``).

    Returns
    -------
    str
        An ``<svg>`` element (from the autoescaped ``chart.svg.j2``); the same inputs give
        the same text.
    """
    macro = _templates("html").get_template("chart.svg.j2").module.bar_chart  # type: ignore[attr-defined]
    return str(macro(chart_data(title, labels, series, unit)))


def _charts(report: Report) -> list[dict[str, Any]]:
    labels = [p.label for p in report.pairs]
    charts = []
    for attr, title, unit in (("time_h", "Hours per route", "h"),
                              ("length_km", "Kilometres per route", "km")):
        series = [(sc.name, [getattr(r, attr) for r in sc.routes]) for sc in report.scenarios]
        charts.append(chart_data(f"{title} per scenario", labels, series, unit))
    return charts


def to_html(report: Report) -> str:
    """Return the report as one self-contained HTML page (tables, charts, scenario maps).

    Rendered from the autoescaped template ``report.html.j2``: every text of the data is
    escaped; a scenario map is the ``srcdoc`` of an ``iframe`` (escaped as an attribute).
    """
    sections = [{"anchor": anchor, "title": title, "header": header,
                 "rows": [[(c, h in _NUMERIC) for h, c in zip(header, row, strict=True)]
                          for row in rows]}
                for anchor, title, (header, rows) in _sections(report)]
    others = [sc.name for sc in report.scenarios if sc.name not in report.maps]
    legend = list(zip(CRITICALITY_COLORS, ("small rise", "medium rise", "large rise",
                                           "cut disconnects a pair"), strict=True))
    return _templates("html").get_template("report.html.j2").render(
        sections=sections, charts=_charts(report), maps=list(report.maps.items()),
        other_maps=", ".join(others), legend=legend, **_template_vars(report))


# --------------------------------------------------------------------------- writing


def render(report: Report, formats: Iterable[str] = FORMATS) -> dict[str, bytes]:
    """Render the report in ``formats``; return ``{relative path: bytes}`` (nothing written).

    Files: ``report.md``, ``report.html``, ``report.json`` and ``csv/<table>.csv``.
    """
    chosen = list(dict.fromkeys(formats))
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise ReportError(f"unknown format(s) {bad}; expected from {list(FORMATS)}")
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        if fmt not in chosen:
            continue
        if fmt == "md":
            files["report.md"] = to_markdown(report).encode("utf-8")
        elif fmt == "html":
            files["report.html"] = to_html(report).encode("utf-8")
        elif fmt == "json":
            files["report.json"] = to_json(report).encode("utf-8")
        else:
            for name, text in to_csv(report).items():
                files[f"csv/{name}"] = text.encode("utf-8")
    return files


#: Files a report folder may hold (anything else there is the user's: never replaced).
_REPORT_FILE = re.compile(r"report\.(md|html|json)|csv/[^/]+\.csv|(csv/)?\.[^/]+\.tmp")


def _check_out(folder: Path) -> None:
    """Refuse an output folder that is a file or holds files that are not a report's."""
    here = Path.cwd().resolve()
    if folder.resolve() in (here, *here.parents):
        raise ReportError(f"{folder}: the output folder is the current folder or holds it; "
                          "choose a new folder for --out")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ReportError(f"{folder}: exists and is not a folder (--out names a folder)")
    foreign = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                     if not p.is_dir() and not _REPORT_FILE.fullmatch(
                         p.relative_to(folder).as_posix()))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3
                                          else "")
        raise ReportError(f"{folder}: the output folder holds files that are not part of a "
                          f"report ({shown}); choose another --out or move them away")


def write(report: Report, out: str | os.PathLike[str] = DEFAULT_OUT,
          formats: Iterable[str] = FORMATS) -> list[Path]:
    """Render the report and make ``out`` hold its files, all at once.

    Everything is rendered first, then written into a temporary folder beside ``out``
    that replaces ``out`` in one step (:func:`corridor._io.atomic_write_folder`): on any
    failure ``out`` keeps the old report, byte for byte, and no temporary file stays. The
    new folder holds only the new report (files of another format from an earlier run are
    gone). ``out`` must not hold files that are not a report's.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    ReportError
        When a format is unknown, or ``out`` is a file or holds other files.
    """
    folder = Path(out)
    _check_out(folder)
    files = render(report, formats)
    return atomic_write_folder(folder, files)


def run(scenarios: Sequence[str] | None = None, *, compare: str | None = None,
        pairs: str | os.PathLike[str] | None = None, formats: Iterable[str] | None = None,
        out: str | os.PathLike[str] = DEFAULT_OUT,
        geodata_dir: str | os.PathLike[str] | None = None,
        scenarios_file: str | os.PathLike[str] | None = None) -> tuple[list[Path], list[str]]:
    """Build, write and summarise a report (what ``corridor report`` does).

    Parameters
    ----------
    scenarios
        Scenario names; ``["all"]`` means every available scenario (default ``["today"]``).
    compare, pairs, scenarios_file
        As for :func:`build`.
    formats
        Formats to write (default: all of :data:`FORMATS`).
    out
        Output folder.
    geodata_dir
        Geodata folder (default: ``$CORRIDOR_GEODATA`` or the shipped data).

    Returns
    -------
    tuple
        The files written and the summary lines to print (:func:`summary_lines`).
    """
    chosen = list(formats) if formats is not None else list(FORMATS)
    _check_out(Path(out))  # before the work: a folder that cannot take the report
    data = geodata.load(geodata_dir)
    report = build(scenarios or ("today",), compare=compare, pairs=pairs, data=data,
                   maps="html" in chosen, scenarios_file=scenarios_file)
    return write(report, out, chosen), summary_lines(report)
