"""The report's texts: the summary ``corridor report`` prints and what each measure means."""

from __future__ import annotations

from collections.abc import Sequence

from corridor import analysis
from corridor.reports.model import PairChange, Report


def summary_lines(report: Report, pairs: Sequence[tuple[str, str]] = (
        ("baku", "nakhchivan"), ("baku", "kars")), top: int = 5) -> list[str]:
    """Return the text ``corridor report`` prints.

    That is the comparison of the chosen pairs and the ``top`` critical links of each
    scenario.

    Parameters
    ----------
    report
        A built report.
    pairs
        ``(origin id, destination id)`` of the pairs to quote (all mode sets given for
        them in the report).
    top
        How many critical links to list per scenario.

    Returns
    -------
    list of str
        The lines, without line ends.
    """
    lines = []
    comp = report.comparison
    if comp is not None:
        lines.append(f"{comp.base} -> {comp.other}:")
        lines += [f"  {c.pair.label}: {_change_text(c)}" for c in comp.pairs
                  if (c.before.origin_id, c.before.destination_id) in pairs]
    for sc in report.scenarios:
        lines.append(f"top {top} critical links in {sc.name} "
                     f"(rise in total OD hours when cut; pairs disconnected):")
        lines += [f"  {i}. {crit.link_id} ({_link_name(report, crit.link_id)}): "
                  f"{_critical_text(report, crit)}"
                  for i, crit in enumerate(sc.connectivity.criticality[:top], start=1)]
        if not sc.connectivity.criticality:
            lines.append("  (none)")
    return lines


def _change_text(c: PairChange) -> str:
    """Describe how a pair changes between the compared scenarios."""
    if c.change == "connected":
        assert c.km_saved is not None and c.hours_saved is not None
        return (f"{c.before.length_km:,.0f} km / {c.before.time_h:,.1f} h -> "
                f"{c.after.length_km:,.0f} km / {c.after.time_h:,.1f} h: "
                f"saves {c.km_saved:,.0f} km and {c.hours_saved:,.1f} h")
    if c.change == "newly connected":
        return f"newly connected: {c.after.length_km:,.0f} km / {c.after.time_h:,.1f} h"
    if c.change == "newly disconnected":
        return "newly disconnected"
    return "not connected in either"


def _link_name(report: Report, link_id: str) -> str:
    """Return the name of a link, or its id when the report does not know it."""
    info = report.links.get(link_id)
    return info.name if info is not None else link_id


def _critical_text(report: Report, crit: analysis.Criticality) -> str:
    """Describe what cutting a critical link does."""
    what = f"+{crit.rise_h:,.1f} h"
    if crit.disconnected:
        cut = "; ".join(report.pairs[j].label for j in crit.disconnected)
        what = f"disconnects {cut}; {what} on the other pairs"
    return what


def definitions() -> dict[str, str]:
    """Return what each measure of the report means (shown in every format).

    Returns
    -------
    dict
        ``{measure: definition}``, in the order the reports show them.
    """
    east, west = ", ".join(analysis.CASPIAN_PORTS), ", ".join(analysis.BLACK_SEA_TURKEY)
    return {
        "routes": "quickest route by time (hours) for each OD pair and mode set; a link's km "
                  "is its published length where the data gives one, else its geodesic "
                  "length times the mode's fitted detour factor; published_length_share is "
                  "the share of a route's km that are published (access legs and parts of "
                  "links count as estimated); km_by_country lists countries in the order "
                  "entered (sea = ferry legs); not_operating_share is the share of km on "
                  "links not operating today (under construction, planned, reopened)",
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
        "calibration": "the appendix compares the model with every published figure of the "
                       "calibration record: error = (model - published) / published; a row "
                       "is in sample when its model value holds published link km or a "
                       "copied dwell (not an independent test), out of sample otherwise",
    }
