"""The report as JSON, CSV, Markdown and HTML text (pure: the same report, the same text)."""

from __future__ import annotations

import json
from typing import Any

from corridor._io import csv_text
from corridor.analysis import criticality_ranks
from corridor.reports.charts import report_charts
from corridor.reports.display import shown_sections
from corridor.reports.findings import findings
from corridor.reports.labels import header_label
from corridor.reports.model import Connectivity, Report, RouteRow
from corridor.reports.overlay import CRITICALITY_COLORS
from corridor.reports.tables import NUMERIC_COLUMNS, TABLES
from corridor.reports.templates import environment
from corridor.reports.texts import definitions

#: Version of the JSON layout (bumped on incompatible changes).
SCHEMA = "corridor-report/1"


def _r(value: float | None, digits: int = 3) -> float | None:
    """Round a number for the JSON (``None`` stays ``None``)."""
    return None if value is None else round(float(value), digits)


def _route_json(r: RouteRow) -> dict[str, Any]:
    """Return a route row as JSON values."""
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
        "not_operating_share": _r(r.not_operating_share, 4),
        "published_length_share": _r(r.published_length_share, 4),
        "cost_usd_t": _r(r.cost_usd_t), "co2_kg_t": _r(r.co2_kg_t), "links": list(r.links),
        "message": r.message,
    }


def _connectivity_json(c: Connectivity) -> dict[str, Any]:
    """Return the connectivity measures of a scenario as JSON values."""
    return {
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
        "criticality": [{"link_id": x.link_id, "rank": rank, "rise_h": _r(x.rise_h),
                         "disconnected_pairs": list(x.disconnected),
                         "lost_weight": _r(x.lost_weight), "lost_h": _r(x.lost_h),
                         "spur": x.spur}
                        for rank, x in zip(criticality_ranks(c.criticality), c.criticality,
                                           strict=True)],
        "od_time_h": [_r(t) for t in c.od_time_h],
    }


def _comparison_json(report: Report) -> dict[str, Any] | None:
    """Return the comparison as JSON values (``None`` without one)."""
    if report.comparison is None:
        return None
    return {
        "base": report.comparison.base, "other": report.comparison.other,
        "pairs": [{"origin": p.pair.origin, "destination": p.pair.destination,
                   "modes": p.pair.modes_label, "change": p.change,
                   "length_km_before": _r(p.before.length_km),
                   "length_km_after": _r(p.after.length_km), "km_saved": _r(p.km_saved),
                   "time_h_before": _r(p.before.time_h), "time_h_after": _r(p.after.time_h),
                   "hours_saved": _r(p.hours_saved),
                   "cost_usd_t_before": _r(p.before.cost_usd_t),
                   "cost_usd_t_after": _r(p.after.cost_usd_t), "cost_saved": _r(p.cost_saved),
                   "co2_kg_t_before": _r(p.before.co2_kg_t),
                   "co2_kg_t_after": _r(p.after.co2_kg_t), "co2_saved": _r(p.co2_saved)}
                  for p in report.comparison.pairs],
    }


def _calibration_json(report: Report) -> dict[str, Any] | None:
    """Return the calibration appendix as JSON values (``None`` without a record)."""
    record = report.calibration
    if record is None:
        return None
    return {"source": record.source,
            "summary": [s.to_dict() for s in record.summaries if s.sample == "all"],
            "summary_out_of_sample": [s.to_dict() for s in record.summaries
                                      if s.sample != "all"],
            "rows": [c.to_dict() for c in record.comparisons]}


def _assumptions_json(report: Report) -> dict[str, Any] | None:
    """Return the assumptions (defaults and sources, scenario definitions, vintage) as JSON."""
    a = report.assumptions
    if a is None:
        return None
    return {
        "defaults": [{"field": k, "value": v, "source": src} for k, v, src in a.defaults],
        "scenarios": [{"name": n, "description": d, "definition": dfn, "overrides": o}
                      for n, d, dfn, o in a.scenarios],
        "vintage": dict(a.vintage),
        "sources": [{"url": u, "links": n} for u, n in a.sources],
    }


def to_dict(report: Report) -> dict[str, Any]:
    """Return the whole report as plain JSON values (keys carry units: ``_km``, ``_h``).

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    dict
        Schema, units, definitions, pairs, per scenario its routes and connectivity, and
        the comparison (``None`` without one).
    """
    scenarios = [{"name": sc.name, "description": sc.description,
                  "routes": [_route_json(r) for r in sc.routes],
                  "connectivity": _connectivity_json(sc.connectivity)}
                 for sc in report.scenarios]
    comparison = _comparison_json(report)
    return {
        "schema": SCHEMA,
        "units": {"_km": "kilometres (published, else geodesic x detour factor)", "_h": "hours",
                  "_share": "fraction 0-1 of the route's km"},
        "definitions": definitions(),
        "geodata": report.geodata_summary,
        "provenance": report.provenance,
        "pairs_source": report.pairs_source,
        "pairs": [{"origin": p.origin, "destination": p.destination, "modes": p.modes_label}
                  for p in report.pairs],
        "scenarios": scenarios,
        "comparison": comparison,
        "calibration": _calibration_json(report),
        "findings": findings(report),
        "assumptions": _assumptions_json(report),
    }


def to_json(report: Report) -> str:
    """Return the report as JSON text (deterministic: fixed key order and rounding).

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    str
        :func:`to_dict` as indented JSON, UTF-8 characters kept, with a final newline.
    """
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- CSV


def to_csv(report: Report) -> dict[str, str]:
    """Return ``{file name: CSV text}``, one file per table (the comparison only with one).

    Text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...)
    get a leading ``'``; numbers stay numbers (see :func:`corridor._io.csv_cell`).

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    dict
        ``{"<table>.csv": text}`` in the order of :data:`corridor.reports.tables.TABLES`.
    """
    out = {}
    for stem, fn in TABLES.items():
        if stem in ("comparison", "connectivity_comparison") and report.comparison is None:
            continue
        header, rows = fn(report)
        out[f"{stem}.csv"] = csv_text(header, rows, numeric=NUMERIC_COLUMNS)
    return out


def _template_vars(report: Report) -> dict[str, Any]:
    """Return the variables the Markdown and HTML templates share (all of them data)."""
    return {
        "names": ", ".join(sc.name for sc in report.scenarios),
        "n_pairs": len(report.pairs),
        "pairs_source": report.pairs_source,
        "geodata": report.geodata_summary,
        "scenarios": [{"name": sc.name, "description": sc.description}
                      for sc in report.scenarios],
        "definitions": list(definitions().items()),
        "calibration_source": report.calibration.source if report.calibration else "",
        "calibration_lines": [s.line() for s in report.calibration.summaries]
        if report.calibration else [],
        "findings": findings(report),
        "assumptions": report.assumptions,
    }


def to_markdown(report: Report) -> str:
    """Return the report as Markdown (GitHub-flavoured tables).

    Rendered from ``report.md.j2``; every value of the data goes through
    :func:`corridor.reports.templates.md_escape`.

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    str
        The Markdown text.
    """
    shown = [{"anchor": anchor, "title": title, "header": [header_label(h) for h in header],
              "rows": rows}
             for anchor, title, (header, rows) in shown_sections(report)]
    return environment("md").get_template("report.md.j2").render(
        sections=shown, **_template_vars(report))


def to_html(report: Report) -> str:
    """Return the report as one self-contained HTML page (tables, charts, scenario maps).

    Rendered from the autoescaped template ``report.html.j2``: every text of the data is
    escaped; a scenario map is the ``srcdoc`` of an ``iframe`` (escaped as an attribute).

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    str
        The HTML page.
    """
    shown = [{"anchor": anchor, "title": title, "header": [header_label(h) for h in header],
              "rows": [[(c, h in NUMERIC_COLUMNS) for h, c in zip(header, row, strict=True)]
                       for row in rows]}
             for anchor, title, (header, rows) in shown_sections(report)]
    layered = {name for key in report.maps for name in key.split(" | ")}
    others = [sc.name for sc in report.scenarios if sc.name not in layered]
    legend = list(zip(CRITICALITY_COLORS, ("small rise", "medium rise", "large rise",
                                           "cut disconnects a pair"), strict=True))
    return environment("html").get_template("report.html.j2").render(
        sections=shown, charts=report_charts(report), maps=list(report.maps.items()),
        other_maps=", ".join(others), legend=legend, **_template_vars(report))
