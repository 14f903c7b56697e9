"""The report's texts: the summary ``corridor report`` prints and what each measure means."""

from __future__ import annotations

from collections.abc import Sequence

from corridor import analysis
from corridor.reports.findings import change_text, comparison_lines
from corridor.reports.model import Report
from corridor.reports.ranking import critical_groups


def summary_lines(report: Report, pairs: Sequence[tuple[str, str]] = (), top: int = 5
                  ) -> list[str]:
    """Return the text ``corridor report`` prints.

    That is every pair the comparison changes (and the unchanged ones named on one line)
    and the ``top`` critical links of each scenario.

    Parameters
    ----------
    report
        A built report.
    pairs
        ``(origin id, destination id)`` of pairs to quote even when unchanged (all mode
        sets given for them in the report).
    top
        How many critical links to list per scenario.

    Returns
    -------
    list of str
        The lines, without line ends.
    """
    lines = comparison_lines(report)
    comp = report.comparison
    if comp is not None and pairs:
        quoted = [f"  {c.pair.label}: {change_text(c)}" for c in comp.pairs
                  if (c.before.origin_id, c.before.destination_id) in pairs]
        lines[1:1] = [q for q in quoted if q not in lines]
    for sc in report.scenarios:
        lines.append(f"top {top} critical links in {sc.name} "
                     f"(what is lost when the link is cut; tied links share a rank):")
        for rank, group in critical_groups(sc.connectivity.criticality, top):
            names = "; ".join(_link_name(report, c.link_id) for c in group[:3])
            if len(group) > 3:
                names += f"; and {len(group) - 3} more"
            if len(group) > 1:
                names = f"{len(group)} links tied ({names})"
            lines.append(f"  {rank}. {names}: {_critical_text(report, group[0])}")
        if not sc.connectivity.criticality:
            lines.append("  (none)")
    return lines


def _link_name(report: Report, link_id: str) -> str:
    """Return the name of a link, or its id when the report does not know it."""
    info = report.links.get(link_id)
    return info.name if info is not None else link_id


def _critical_text(report: Report, crit: analysis.Criticality) -> str:
    """Describe what cutting a critical link does (no signed savings: words)."""
    if crit.disconnected:
        cut = "; ".join(report.pairs[j].label for j in crit.disconnected)
        what = f"leaves {cut} without a route"
        if abs(crit.rise_h) >= 0.05:
            verb = "adds" if crit.rise_h > 0 else "saves"
            what += f"; {verb} {abs(crit.rise_h):,.1f} h on the other pairs"
        if crit.spur:
            what += " (dead-end spur)"
        return what
    if crit.rise_h >= 0:
        return f"adds {crit.rise_h:,.1f} h to the pairs' total"
    return f"saves {-crit.rise_h:,.1f} h on the pairs' total"


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
                       "OD pairs that lose all connection and the rise in total OD travel "
                       "time (hours) over the pairs that stay connected. Ranked by what is "
                       "lost: first the weight of the pairs disconnected (the weight column "
                       "of the pairs file, else 1 per origin-destination relation, shared "
                       "among its mode sets: losing Baku-Nakhchivan by road only weighs "
                       "1/3), then the rise in hours, then "
                       "the hours of the trips lost; links equal in all three share a rank "
                       "(never ordered by name). spur = the cut only cuts off a dead-end "
                       "branch: the smaller side holds one end of the lost pairs and no end of a "
                       "pair that stays connected",
        "calibration": "the appendix compares the model with every published figure of the "
                       "calibration record: error = (model - published) / published; a row "
                       "is in sample when its model value holds published link km or a "
                       "copied dwell (not an independent test), out of sample otherwise",
    }
