"""The static figures: the network, a route, a scenario comparison, the criticality ranking."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from corridor import analysis, geodata, reports, routing, scenarios
from corridor.maps.style import CLOSED_COLOR, MODE_COLORS, ROUTE_COLORS, TRIPP_COLOR
from corridor.maps.view import tripp_bounds
from corridor.plots.base import finish, new_figure, pyplot

#: Views a figure can open on: the TRIPP area, the corridor area (Black Sea to the
#: Caspian's east shore) or the whole network.
VIEWS = ("tripp", "corridor", "all")
#: Line styles of link statuses (matplotlib dash names).
_DASH = {"operating": "-", "under_construction": "--", "planned": ":", "closed": "-",
         "dismantled": ":"}
#: Colours of the criticality ranks, most critical first (ColorBrewer Purples, darkest first).
RANK_COLORS = ("#3f007d", "#54278f", "#6a51a3", "#807dba", "#9e9ac8")
#: Most cities named on a figure (those with the most links in view first).
MAX_NAMES = 18


def _data(data: geodata.GeoData | str | os.PathLike[str] | None) -> geodata.GeoData:
    return data if isinstance(data, geodata.GeoData) else geodata.load(data)


def view_bounds(data: geodata.GeoData, view: str | Sequence[float]
                ) -> tuple[float, float, float, float]:
    """Return ``(west, south, east, north)`` of a view name or of four numbers.

    Parameters
    ----------
    data
        Geodata.
    view
        ``tripp``, ``corridor``, ``all`` or ``(west, south, east, north)``.

    Returns
    -------
    tuple
        The bounds, degrees.
    """
    if not isinstance(view, str):
        west, south, east, north = (float(v) for v in view)
        return west, south, east, north
    if view == "tripp":
        box = tripp_bounds(data)
        if box is not None:
            (s, w), (n, e) = box
            return w, s, e, n
        view = "all"
    if view == "corridor":
        return reports.REPORT_MAP_BOX
    if view != "all":
        raise ValueError(f"view must be one of {VIEWS} or four numbers, got {view!r}")
    west, south, east, north = (float(v) for v in data.links.total_bounds)
    return west - 0.5, south - 0.5, east + 0.5, north + 0.5


def _coords(geom: Any) -> list[tuple[list[float], list[float]]]:
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return [([c[0] for c in p.coords], [c[1] for c in p.coords]) for p in parts]


def _draw_network(ax: Any, data: geodata.GeoData, usable: frozenset[str] | None,
                  faint: bool = False) -> list[Any]:
    """Draw every link (mode colour, status dash; unusable grey dotted); return legend handles."""
    plt = pyplot()
    alpha = 0.35 if faint else 0.9
    tripp = {lid for lid, tags in data.links.get("corridors", {}).items()
             if isinstance(tags, list) and ("tripp" in tags or "tripp_access" in tags)}
    for lid, row in data.links.sort_index().iterrows():
        status = str(row["status"])
        dimmed = usable is not None and lid not in usable
        color = CLOSED_COLOR if dimmed or status in ("closed", "dismantled") else \
            MODE_COLORS.get(str(row["mode"]), "#333")
        for xs, ys in _coords(row.geometry):
            if lid in tripp and not faint:
                ax.plot(xs, ys, color=TRIPP_COLOR, lw=6, alpha=0.7, zorder=3,
                        solid_capstyle="round")
            ax.plot(xs, ys, color=color, lw=1.0 if dimmed else 1.6, alpha=alpha, zorder=4,
                    linestyle=":" if dimmed else _DASH.get(status, "-"))
    handles = [plt.Line2D([], [], color=c, lw=1.6, label=m) for m, c in MODE_COLORS.items()]
    handles.append(plt.Line2D([], [], color="#333", lw=1.6, linestyle="--",
                              label="under construction / planned (dotted)"))
    if usable is not None:
        handles.append(plt.Line2D([], [], color=CLOSED_COLOR, lw=1, linestyle=":",
                                  label="not usable in the scenario"))
    if tripp and not faint:
        handles.append(plt.Line2D([], [], color=TRIPP_COLOR, lw=6, alpha=0.7,
                                  label="TRIPP corridor"))
    return handles


def _draw_places(ax: Any, data: geodata.GeoData) -> None:
    """Mark the cities and ports and name the most linked of those in view."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    degree: dict[str, int] = {}
    for key in ("from", "to"):
        for pid in data.links[key]:
            degree[str(pid)] = degree.get(str(pid), 0) + 1
    places = data.places[data.places["kind"].isin(("city", "port"))]
    inside = [(pid, row) for pid, row in places.iterrows()
              if west <= row.geometry.x <= east and south <= row.geometry.y <= north]
    inside.sort(key=lambda item: (-degree.get(str(item[0]), 0), str(item[0])))
    for i, (_, row) in enumerate(inside):
        ax.plot(row.geometry.x, row.geometry.y, "o", ms=4, mfc="white", mec="#222", zorder=6)
        if i < MAX_NAMES:
            name = str(row["name"]).split(" (")[0]
            ax.annotate(name, (row.geometry.x, row.geometry.y), xytext=(4, 3),
                        textcoords="offset points", fontsize=7.5, zorder=7,
                        path_effects=_halo())


def _label_point(ax: Any, data: geodata.GeoData, lids: Sequence[str]) -> Any:
    """Return the midpoint of the first of the links that lies in view (else of the first)."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    points = [data.links.at[lid, "geometry"].interpolate(0.5, normalized=True) for lid in lids]
    inside = [p for p in points if west <= p.x <= east and south <= p.y <= north]
    return (inside or points)[0]


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.5, foreground="white")]


def _selection(data: geodata.GeoData, scenario: str | scenarios.Scenario | None
               ) -> tuple[str | None, frozenset[str] | None]:
    if scenario is None:
        return None, None
    sc = scenarios.get(scenario, geodata_dir=data.path)
    return sc.name, scenarios.select(data, sc).links


def network_figure(data: geodata.GeoData | str | os.PathLike[str] | None = None, *,
                   scenario: str | scenarios.Scenario | None = None,
                   view: str | Sequence[float] = "tripp") -> Any:
    """Return a figure of the network over the regions layer.

    Parameters
    ----------
    data
        Geodata, a geodata folder or ``None`` (the shipped data).
    scenario
        Grey out the links this scenario cannot use.
    view
        ``tripp`` (default), ``corridor``, ``all`` or ``(west, south, east, north)``.

    Returns
    -------
    matplotlib.figure.Figure
        With legend, scale bar, north arrow and source line.
    """
    data = _data(data)
    name, usable = _selection(data, scenario)
    title = "Corridor network" + (f" — scenario {name}" if name else "")
    fig, ax = new_figure(data, view_bounds(data, view), title)
    handles = _draw_network(ax, data, usable)
    _draw_places(ax, data)
    finish(fig, ax, handles, f"Scenario: {name}." if name else "")
    return fig


def route_figure(origin: str, destination: str, *, scenario: str = "today",
                 compare: str | None = None, modes: str = "multimodal",
                 data: geodata.GeoData | str | os.PathLike[str] | None = None) -> Any:
    """Return a figure of the quickest route (and of the same route in ``compare``).

    Parameters
    ----------
    origin, destination
        Place names or ids.
    scenario, compare
        The scenario of the route and, optionally, a second one.
    modes
        Modes the route may use.
    data
        Geodata (default: the shipped data).

    Returns
    -------
    matplotlib.figure.Figure
        The network faint, the route(s) bold, framed on the route(s).

    Raises
    ------
    NoRoute, PlaceNotFound, ScenarioError
        As :func:`corridor.routing.route`.
    """
    plt = pyplot()
    data = _data(data)
    found = [(sc, routing.route(origin, destination, scenario=sc, modes=modes, data=data))
             for sc in ([scenario, compare] if compare else [scenario])]
    xs = [x for _, r in found for lid in r.link_ids for part in
          _coords(data.links.at[lid, "geometry"]) for x in part[0]]
    ys = [y for _, r in found for lid in r.link_ids for part in
          _coords(data.links.at[lid, "geometry"]) for y in part[1]]
    pad = max(0.4, 0.12 * max(max(xs) - min(xs), max(ys) - min(ys)))
    bounds = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    first = found[0][1]
    names = data.places["name"]
    title = " – ".join(reports.short_name(names.get(p, p)) for p in (first.origin,
                                                                     first.destination))
    fig, ax = new_figure(data, bounds, title)
    _draw_network(ax, data, None, faint=True)
    handles = []
    for k, (sc, r) in enumerate(found):
        color = ROUTE_COLORS[k % len(ROUTE_COLORS)]
        for lid in r.link_ids:
            for lx, ly in _coords(data.links.at[lid, "geometry"]):
                ax.plot(lx, ly, color=color, lw=4 - k, alpha=0.9, zorder=8,
                        linestyle="-" if k == 0 else "--", solid_capstyle="round")
        handles.append(plt.Line2D([], [], color=color, lw=4 - k,
                                  linestyle="-" if k == 0 else "--",
                                  label=f"{sc}: {r.length_km:,.0f} km, {r.time_h:,.1f} h"))
    _draw_places(ax, data)
    finish(fig, ax, handles, f"Quickest route by modelled time ({modes}).")
    return fig


def comparison_figure(base: str, other: str, *,
                      data: geodata.GeoData | str | os.PathLike[str] | None = None,
                      view: str | Sequence[float] = "corridor") -> Any:
    """Return a figure of what scenario ``other`` changes in the network of ``base``.

    Parameters
    ----------
    base, other
        Scenario names.
    data
        Geodata (default: the shipped data).
    view
        As for :func:`network_figure` (default ``corridor``).

    Returns
    -------
    matplotlib.figure.Figure
        The base network faint; links ``other`` adds bold green, links it loses bold red.
    """
    plt = pyplot()
    data = _data(data)
    _, before = _selection(data, base)
    _, after = _selection(data, other)
    assert before is not None and after is not None
    fig, ax = new_figure(data, view_bounds(data, view), f"What {other} changes against {base}")
    _draw_network(ax, data, before, faint=True)
    added, lost = sorted(after - before), sorted(before - after)
    for lids, color, style in ((added, "#1a9850", "-"), (lost, "#d73027", "--")):
        for lid in lids:
            for xs, ys in _coords(data.links.at[lid, "geometry"]):
                ax.plot(xs, ys, color=color, lw=3.5, zorder=8, linestyle=style)
    _draw_places(ax, data)
    handles = [plt.Line2D([], [], color="#1a9850", lw=3.5,
                          label=f"usable in {other} only ({len(added)} links)"),
               plt.Line2D([], [], color="#d73027", lw=3.5, linestyle="--",
                          label=f"usable in {base} only ({len(lost)} links)"),
               plt.Line2D([], [], color="#777", lw=1.6, alpha=0.5,
                          label=f"network of {base}")]
    finish(fig, ax, handles, f"Scenarios: {base} vs {other}.")
    return fig


def criticality_figure(scenario: str = "today", *, top: int = 5,
                       data: geodata.GeoData | str | os.PathLike[str] | None = None,
                       pairs: str | os.PathLike[str] | None = None,
                       view: str | Sequence[float] = "corridor") -> Any:
    """Return a figure of the ``top`` criticality ranks of a scenario.

    The ranking is :func:`corridor.analysis.criticality` over the OD pairs (of
    ``od_pairs.csv`` or ``pairs``), tied links grouped (:func:`corridor.reports.critical_groups`).

    Parameters
    ----------
    scenario
        Scenario name.
    top
        How many ranks to draw.
    data
        Geodata (default: the shipped data).
    pairs
        A pairs CSV (default: the data's ``od_pairs.csv``).
    view
        As for :func:`network_figure` (default ``corridor``).

    Returns
    -------
    matplotlib.figure.Figure
        The network faint, the links of each rank in its colour, numbered.
    """
    plt = pyplot()
    data = _data(data)
    pair_list = reports.read_pairs(pairs or reports.default_pairs_path(data))
    od = [(routing.find_place(p.origin, data), routing.find_place(p.destination, data),
           p.modes) for p in pair_list]
    sc = scenarios.get(scenario, geodata_dir=data.path)
    _, ranking = analysis.criticality(analysis.ScenarioCuts(data, sc), od)
    groups = reports.critical_groups(ranking, top)
    fig, ax = new_figure(data, view_bounds(data, view),
                         f"Most critical links in {sc.name} (top {top} ranks)")
    _draw_network(ax, data, scenarios.select(data, sc).links, faint=True)
    handles = []
    for rank, group in reversed(groups):
        color = RANK_COLORS[min(rank - 1, len(RANK_COLORS) - 1)]
        for c in group:
            for xs, ys in _coords(data.links.at[c.link_id, "geometry"]):
                ax.plot(xs, ys, color=color, lw=5, zorder=9, solid_capstyle="round")
        geom = _label_point(ax, data, [c.link_id for c in group])
        ax.annotate(str(rank), (geom.x, geom.y), fontsize=9, fontweight="bold", color="white",
                    ha="center", va="center", zorder=11,
                    bbox={"boxstyle": "circle,pad=0.2", "fc": color, "ec": "white"})
        first = group[0]
        name = str(data.links.at[first.link_id, "name"])
        label = name if len(group) == 1 else f"{name} + {len(group) - 1} tied"
        what = (f"cuts {len(first.disconnected)} pair(s)" if first.disconnected
                else f"+{first.rise_h:,.1f} h")
        spur = ", spur" if first.spur else ""
        handles.append(plt.Line2D([], [], color=color, lw=5,
                                  label=f"{rank}. {label}: {what}{spur}"))
    _draw_places(ax, data)
    finish(fig, ax, list(reversed(handles)),
           "Rank by pairs lost (weighted), then rise in OD hours.")
    return fig
