"""The map legend: line styles by mode and status, place markers, routes, overview note."""

from __future__ import annotations

from collections.abc import Sequence

from corridor.maps.style import (
    CLOSED_COLOR,
    CROSSING_COLORS,
    MODE_COLORS,
    STATUS_DASH,
    TRIPP_COLOR,
    escape,
    line_svg,
    marker_html,
)


def legend_html(title: str, scenario: str | None, kinds: Sequence[str],
                 routes: Sequence[tuple[str, str]], note: str | None = None) -> str:
    """Return the legend's HTML.

    Parameters
    ----------
    title
        Heading (escaped here).
    scenario
        Scenario drawn, if any: adds the "not usable" line style and open / closed
        crossings instead of crossing statuses.
    kinds
        Place kinds drawn, in order.
    routes
        ``(label, colour)`` of each route drawn.
    note
        Overview note, already HTML (escaped by the caller).

    Returns
    -------
    str
        The legend's HTML.
    """
    rows = [f"<b>{escape(title)}</b>"]
    if scenario is not None:
        rows.append(f"scenario: <i>{escape(scenario)}</i>")
    rows.append("<b>Links (colour = mode)</b>")
    for mode, color in MODE_COLORS.items():
        rows.append(f"{line_svg(color, None)}{mode}")
    rows.append("<b>Status (line style)</b>")
    rows.append(f"{line_svg('#333', None)}operating")
    rows.append(f"{line_svg('#333', STATUS_DASH['under_construction'])}under construction")
    rows.append(f"{line_svg('#333', STATUS_DASH['planned'])}planned")
    rows.append(f"{line_svg(CLOSED_COLOR, None)}closed")
    rows.append(f"{line_svg(CLOSED_COLOR, STATUS_DASH['dismantled'])}dismantled")
    if scenario is not None:
        rows.append(f"{line_svg(CLOSED_COLOR, '1 4', 2)}not usable in the scenario")
    rows.append(f"{line_svg(MODE_COLORS['rail'], None, 3, TRIPP_COLOR)}TRIPP corridor")
    for i, (label, color) in enumerate(routes):
        rows.append(f"{line_svg(color, None if i == 0 else '10 8', 5)}{escape(label)}")
    rows.append("<b>Places</b>")
    for kind in kinds:
        if kind == "border_crossing":
            continue
        rows.append(f'<span class="corridor-swatch">{marker_html(kind, size=11)}</span>'
                    f"{escape(kind)}")
    if "border_crossing" in kinds:
        rows.append("<b>Border crossings</b>")
        states = (("open", "open"), ("closed", "closed")) if scenario is not None else tuple(
            (s, s.replace("_", " ")) for s in CROSSING_COLORS)
        for state, label in states:
            rows.append(f'<span class="corridor-swatch">'
                        f"{marker_html('border_crossing', CROSSING_COLORS[state], 11)}"
                        f"</span>{escape(label)}")
    if note:  # already HTML (escaped by the caller)
        rows.append("<b>Overview</b>")
        rows.append(f'<span class="corridor-note" style="font-size:11px;color:#444">{note}</span>')
    return "".join(r if r.startswith("<b>") else f"<div>{r}</div>" for r in rows)
