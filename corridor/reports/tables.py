"""The report's tables (one CSV each) and the compact sections of the Markdown and HTML."""

from __future__ import annotations

import math
from collections.abc import Iterable

from corridor import analysis, geodata
from corridor.reports.model import LinkInfo, Report, Table
from corridor.reports.ranking import critical_groups

#: How many links the criticality tables of the Markdown and HTML reports show.
TOP_CRITICAL = 10
#: Columns that hold numbers (right-aligned in HTML; their number cells kept as-is in CSV).
NUMERIC_COLUMNS = {"length_km", "time_h", "rail_km", "road_km", "ferry_km", "border_crossings",
            "gauge_breaks", "transfers", "not_operating_km", "not_operating_share",
            "length_km_before", "length_km_after", "km_saved", "time_h_before", "time_h_after",
            "hours_saved", "rank", "betweenness", "rise_h", "pairs_disconnected",
            "pairs_separated", "lost_weight", "components", "largest", "places", "component",
            "rail+ferry_paths", "road+ferry_paths", "all_paths", "published_length_share",
            "published", "model", "error", "cost_usd_t", "co2_kg_t", "cost_usd_t_before",
            "cost_usd_t_after", "cost_saved", "co2_kg_t_before", "co2_kg_t_after", "co2_saved"}


def _num(value: float | None, digits: int) -> str:
    """Format a number with ``digits`` decimals; ``None`` is an empty cell."""
    return "" if value is None else f"{value:.{digits}f}"


def _pairs_text(pairs: Iterable[tuple[str, str]]) -> str:
    """Summarise (east, west) pairs as ``a, b ↔ c, d``."""
    pairs = list(pairs)
    east = sorted({e for e, _ in pairs})
    west = sorted({w for _, w in pairs})
    return f"{', '.join(east)} ↔ {', '.join(west)}"


def route_table(report: Report) -> Table:
    """Return the route table: one row per scenario and pair (km, hours, breakdowns)."""
    header = ["scenario", "origin", "destination", "modes", "connected", "length_km",
              "time_h", "rail_km", "road_km", "ferry_km", "km_by_country", "border_crossings",
              "gauge_breaks", "transfers", "not_operating_km", "not_operating_share",
              "published_length_share", "cost_usd_t", "co2_kg_t"]
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
                _num(r.published_length_share, 3), _num(r.cost_usd_t, 2), _num(r.co2_kg_t, 2),
            ])
    return header, rows


def comparison_table(report: Report) -> Table:
    """Return the comparison table (saved = base minus other; negative: worse)."""
    header = ["origin", "destination", "modes", "change", "length_km_before",
              "length_km_after", "km_saved", "time_h_before", "time_h_after", "hours_saved",
              "cost_usd_t_before", "cost_usd_t_after", "cost_saved", "co2_kg_t_before",
              "co2_kg_t_after", "co2_saved"]
    rows = []
    if report.comparison is not None:
        for c in report.comparison.pairs:
            rows.append([
                c.pair.origin, c.pair.destination, c.pair.modes_label, c.change,
                _num(c.before.length_km, 1), _num(c.after.length_km, 1), _num(c.km_saved, 1),
                _num(c.before.time_h, 2), _num(c.after.time_h, 2), _num(c.hours_saved, 2),
                _num(c.before.cost_usd_t, 2), _num(c.after.cost_usd_t, 2),
                _num(c.cost_saved, 2), _num(c.before.co2_kg_t, 2), _num(c.after.co2_kg_t, 2),
                _num(c.co2_saved, 2),
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
    """Return the criticality ranking per scenario (``top`` rows each; ``None``: all).

    Ranked by what is lost (:func:`corridor.analysis.rank_criticality`); tied links share a
    rank; ``spur`` marks links whose loss only cuts off a dead-end spur.
    """
    header = ["scenario", "rank", "link_id", "name", "mode", "country", "lost_weight",
              "pairs_disconnected", "disconnected", "rise_h", "spur"]
    rows = []
    for sc in report.scenarios:
        items = sc.connectivity.criticality
        ranks = analysis.criticality_ranks(items)
        for rank, c in list(zip(ranks, items, strict=True))[:top]:
            info = report.links.get(c.link_id, LinkInfo(c.link_id, "", "", ""))
            lost = "; ".join(report.pairs[j].label for j in c.disconnected)
            rows.append([sc.name, str(rank), c.link_id, info.name, info.mode, info.country,
                         f"{c.lost_weight:.2f}", str(len(c.disconnected)), lost,
                         f"{c.rise_h:.2f}", "yes" if c.spur else "no"])
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
    ranked = [critical_groups(c.criticality, 5) for c in (a, b)]
    for i in range(5):
        cells = ["; ".join(x.link_id for x in groups[i][1]) if i < len(groups) else ""
                 for groups in ranked]
        rows.append([f"critical link #{i + 1} (tied links together)", *cells])
    for i in range(3):
        cells = [c.betweenness[i].link_id if i < len(c.betweenness) else "" for c in (a, b)]
        rows.append([f"central link #{i + 1}", *cells])
    total = [math.fsum(t for t in c.od_time_h if t is not None) for c in (a, b)]
    connected = [sum(t is not None for t in c.od_time_h) for c in (a, b)]
    rows.append(["OD pairs connected", *(str(n) for n in connected)])
    rows.append(["total OD time of connected pairs (h)", *(f"{t:.2f}" for t in total)])
    return header, rows


def calibration_table(report: Report) -> Table:
    """Return the model against every row of the calibration record (empty without one).

    ``error`` is (model - published) / published in %; ``sample`` is ``in`` for a row whose
    model value holds published link lengths or a copied dwell, else ``out``.
    """
    header = ["id", "what", "mode", "published", "unit", "model", "error", "sample", "how"]
    rows = []
    record = report.calibration
    for c in record.comparisons if record is not None else []:
        f = c.figure
        rows.append([f.id, f.quantity, f.mode, f"{f.value:.1f}", f.unit, _num(c.model, 1),
                     "" if c.error is None else f"{c.error * 100:.1f}",
                     "in" if c.in_sample else "out",
                     c.how if c.model is not None else f"unmatched: {c.reason}"])
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
    "calibration": calibration_table,
}


# --------------------------------------------------------------------------- sections


def sections(report: Report) -> list[tuple[str, str, Table]]:
    """Return the sections of the Markdown and HTML reports, in order.

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    list of tuple
        ``(anchor, title, table)`` per section; the comparison ones only with a comparison.
    """
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
        ("criticality", f"Criticality ranking (top {TOP_CRITICAL} ranks per scenario; tied "
         "links share a rank)",
         criticality_table(report, TOP_CRITICAL)),
    ]
    if report.calibration is not None:
        out.append(("calibration", "Appendix: Calibration against published figures",
                    calibration_table(report)))
    return out


def _drop_column(table: Table, name: str) -> Table:
    """Return the table without its column ``name``."""
    header, rows = table
    i = header.index(name)
    return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]


def _compact_routes(report: Report) -> Table:
    """Return the route table without ``connected`` and ``not_operating_km``.

    A pair without a route shows "no route" as its length.
    """
    header, rows = route_table(report)
    keep = ["scenario", "origin", "destination", "modes", "length_km", "time_h", "rail_km",
            "road_km", "ferry_km", "km_by_country", "border_crossings", "gauge_breaks",
            "transfers", "not_operating_share", "published_length_share"]
    idx = [header.index(k) for k in keep]
    out = []
    for row in rows:
        cells = [row[i] for i in idx]
        if row[header.index("connected")] == "no":
            cells[keep.index("length_km")] = "no route"
        out.append(cells)
    return keep, out


def _component_counts(report: Report) -> Table:
    """Return the number and sizes of the components per scenario and mode."""
    header = ["scenario", "mode", "components", "largest", "others"]
    rows = []
    for sc in report.scenarios:
        for mode, comps in sc.connectivity.components.items():
            others = "; ".join(", ".join(c) for c in comps[1:])
            rows.append([sc.name, mode, str(len(comps)), str(len(comps[0]) if comps else 0),
                         others])
    return header, rows


def _compact_failures(report: Report) -> Table:
    """Return one row per scenario and mode set: bridges and articulation points.

    Each bridge link and articulation place comes with the number of (Caspian port,
    Black Sea / Turkey place) pairs it separates.
    """
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
