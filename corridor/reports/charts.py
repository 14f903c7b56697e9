"""The bar charts of the HTML report: their layout and inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corridor.reports.model import Report
from corridor.reports.templates import environment

#: Colours of the series (scenarios), in order; repeated after the eighth.
_SERIES_COLORS = ("#4575b4", "#d73027", "#1a9850", "#984ea3", "#ff7f00", "#a65628", "#f781bf",
                  "#999999")


def chart_data(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[
        float | None]]], unit: str) -> dict[str, Any]:
    """Return the layout of a horizontal grouped bar chart (what ``chart.svg.j2`` draws).

    Parameters
    ----------
    title, labels, series, unit
        As for :func:`bar_chart_svg`.

    Returns
    -------
    dict
        Size, legend and bar groups: coordinates and numbers as formatted text, the title,
        labels and series names as given (the template escapes them).
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
    macro = environment("html").get_template("chart.svg.j2").module.bar_chart  # type: ignore[attr-defined]
    return str(macro(chart_data(title, labels, series, unit)))


def report_charts(report: Report) -> list[dict[str, Any]]:
    """Return the layouts of the report's charts: hours and kilometres per pair and scenario.

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    list of dict
        One :func:`chart_data` layout per chart.
    """
    labels = [p.label for p in report.pairs]
    charts = []
    for attr, title, unit in (("time_h", "Hours per route", "h"),
                              ("length_km", "Kilometres per route", "km")):
        series = [(sc.name, [getattr(r, attr) for r in sc.routes]) for sc in report.scenarios]
        charts.append(chart_data(f"{title} per scenario", labels, series, unit))
    return charts
