"""The report's findings: plain sentences generated from the numbers (and the console lines)."""

from __future__ import annotations

from collections.abc import Sequence

from corridor import analysis
from corridor.reports.model import Connectivity, PairChange, Report
from corridor.reports.ranking import critical_groups

#: Changes smaller than these (the precision the report prints) count as no change.
HOURS_EPS = 0.05
KM_EPS = 0.5


def _names(labels: Sequence[str]) -> str:
    """Join labels as ``a, b and c``."""
    items = list(labels)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _pairs(n: int) -> str:
    return f"{n} pair" if n == 1 else f"{n} pairs"


def change_kind(c: PairChange) -> str:
    """Classify a pair's change.

    One of ``faster``, ``slower``, ``shorter only``, ``longer only``, ``newly connected``,
    ``newly disconnected``, ``unchanged`` or ``not connected``.

    Parameters
    ----------
    c
        The pair's change between the compared scenarios.

    Returns
    -------
    str
        The kind; differences below :data:`HOURS_EPS` / :data:`KM_EPS` are no change.
    """
    if c.change != "connected":
        return c.change
    assert c.hours_saved is not None and c.km_saved is not None
    if c.hours_saved >= HOURS_EPS:
        return "faster"
    if c.hours_saved <= -HOURS_EPS:
        return "slower"
    if c.km_saved >= KM_EPS:
        return "shorter only"
    if c.km_saved <= -KM_EPS:
        return "longer only"
    return "unchanged"


def _delta(c: PairChange) -> str:
    """Describe the time and length difference of a pair connected in both, with words for signs."""
    assert c.hours_saved is not None and c.km_saved is not None
    parts = []
    if abs(c.hours_saved) >= HOURS_EPS:
        parts.append(f"{abs(c.hours_saved):,.1f} h {'faster' if c.hours_saved > 0 else 'slower'}")
    if abs(c.km_saved) >= KM_EPS:
        parts.append(f"{abs(c.km_saved):,.0f} km {'shorter' if c.km_saved > 0 else 'longer'}")
    return ", ".join(parts) or "no change"


def change_text(c: PairChange) -> str:
    """Describe how one pair changes between the compared scenarios (one line, no sign errors).

    Parameters
    ----------
    c
        The pair's change.

    Returns
    -------
    str
        E.g. ``504 km / 29.0 h -> 485 km / 19.6 h: 9.5 h faster, 19 km shorter``.
    """
    if c.change == "connected":
        return (f"{c.before.length_km:,.0f} km / {c.before.time_h:,.1f} h -> "
                f"{c.after.length_km:,.0f} km / {c.after.time_h:,.1f} h: {_delta(c)}")
    if c.change == "newly connected":
        return f"newly connected: {c.after.length_km:,.0f} km / {c.after.time_h:,.1f} h"
    if c.change == "newly disconnected":
        return (f"no longer connected (was {c.before.length_km:,.0f} km / "
                f"{c.before.time_h:,.1f} h)")
    return "not connected in either"


def comparison_lines(report: Report) -> list[str]:
    """Return the console lines of the comparison: every pair that changes, then the others.

    Parameters
    ----------
    report
        A built report with a comparison.

    Returns
    -------
    list of str
        ``base -> other:``, one line per changed pair, one line naming the unchanged pairs.
    """
    comp = report.comparison
    if comp is None:
        return []
    lines = [f"{comp.base} -> {comp.other}:"]
    same = []
    for c in comp.pairs:
        if change_kind(c) in ("unchanged", "not connected"):
            same.append(c.pair.label)
        else:
            lines.append(f"  {c.pair.label}: {change_text(c)}")
    if len(same) == len(comp.pairs):
        lines.append("  no pair changes")
    elif same:
        lines.append(f"  unchanged ({len(same)}): {'; '.join(same)}")
    return lines


def _comparison_findings(report: Report) -> list[str]:
    comp = report.comparison
    assert comp is not None
    groups: dict[str, list[PairChange]] = {}
    for c in comp.pairs:
        groups.setdefault(change_kind(c), []).append(c)
    head = f"Compared with {comp.base}, {comp.other}"
    out = []
    for key, what in (("faster", "faster"), ("slower", "slower"),
                      ("shorter only", "shorter in km at the same time"),
                      ("longer only", "longer in km at the same time")):
        items = groups.get(key, [])
        if items:
            detail = "; ".join(f"{c.pair.label}: {c.before.time_h:,.1f} h → "
                               f"{c.after.time_h:,.1f} h ({_delta(c)})" for c in items)
            out.append(f"{head} makes {_pairs(len(items))} {what}: {detail}.")
    if groups.get("newly connected"):
        detail = "; ".join(f"{c.pair.label} ({c.after.length_km:,.0f} km, "
                           f"{c.after.time_h:,.1f} h)" for c in groups["newly connected"])
        out.append(f"{head} connects {_pairs(len(groups['newly connected']))} that had no "
                   f"route: {detail}.")
    if groups.get("newly disconnected"):
        out.append(f"{head} leaves {_pairs(len(groups['newly disconnected']))} without any "
                   f"route: {_names([c.pair.label for c in groups['newly disconnected']])}.")
    same = groups.get("unchanged", [])
    if not out:
        out.append(f"{comp.other} changes none of the {_pairs(len(comp.pairs))} "
                   f"compared with {comp.base}.")
    elif same:
        out.append(f"It does not change {_pairs(len(same))}: "
                   f"{_names([c.pair.label for c in same])}.")
    if groups.get("not connected"):
        out.append(f"Not connected in either: "
                   f"{_names([c.pair.label for c in groups['not connected']])}.")
    out += _connectivity_findings(comp.base, comp.other,
                                  report.scenario(comp.base).connectivity,
                                  report.scenario(comp.other).connectivity)
    return out


def _connectivity_findings(base: str, other: str, a: Connectivity, b: Connectivity
                           ) -> list[str]:
    out = []
    for mode in ("rail", "road"):
        if a.nakhchivan[mode] != b.nakhchivan[mode]:
            verb = "reaches" if b.nakhchivan[mode] else "no longer reaches"
            out.append(f"In {other}, Nakhchivan {verb} mainland Azerbaijan by {mode} without "
                       f"a third country ({base}: {'yes' if a.nakhchivan[mode] else 'no'}).")
    changed = [f"{key}: {a.disjoint_paths[key]} → {b.disjoint_paths[key]}"
               for key in a.disjoint_paths if a.disjoint_paths[key] != b.disjoint_paths.get(key)]
    if changed:
        out.append("Independent (link-disjoint) Central Asia → Europe paths change: "
                   f"{'; '.join(changed)}.")
    return out


def _scenario_findings(report: Report) -> list[str]:
    out = []
    for sc in report.scenarios:
        connected = [r for r in sc.routes if r.connected]
        line = f"In {sc.name}, {len(connected)} of {_pairs(len(sc.routes))} have a route"
        missing = [r.pair.label for r in sc.routes if not r.connected]
        out.append(f"{line}; none for {_names(missing)}." if missing else f"{line}.")
    return out


def _loss_text(report: Report, c: analysis.Criticality) -> str:
    """Describe what losing a link does (words for signs)."""
    if c.disconnected:
        what = (f"leaves {_names([report.pairs[i].label for i in c.disconnected])} "
                "without a route")
        if c.rise_h >= HOURS_EPS:
            what += f" and adds {c.rise_h:,.1f} h to the other pairs"
        return what
    if c.rise_h >= 0:
        return f"adds {c.rise_h:,.1f} h to the pairs' total travel time"
    return f"saves {-c.rise_h:,.1f} h on the pairs' total travel time"


def _group_names(report: Report, group: list[analysis.Criticality], most: int = 3) -> str:
    """Name the links of a group (the first ``most``; the tables list them all)."""
    names = [report.links[c.link_id].name if c.link_id in report.links else c.link_id
             for c in group]
    if len(names) > most:
        names = [*names[:most], f"{len(names) - most} more (see the criticality table)"]
    return _names(names) if len(group) == 1 else f"{len(group)} links tied ({_names(names)})"


def _critical_findings(report: Report) -> list[str]:
    out = []
    for sc in report.scenarios:
        groups = critical_groups(sc.connectivity.criticality)
        if not groups:
            continue
        group = groups[0][1]
        subject = f"Most critical in {sc.name}: {_group_names(report, group)}"
        pronoun = "any of them" if len(group) > 1 else "it"
        spur = " (a dead-end spur: only that end is cut off)" if group[0].spur else ""
        out.append(f"{subject}; losing {pronoun} {_loss_text(report, group[0])}{spur}.")
        trunk = next((g for _, g in groups if not g[0].spur), None)
        if trunk is not None and trunk[0].link_id != group[0].link_id:
            pronoun = "any of them" if len(trunk) > 1 else "it"
            out.append(f"Most critical in {sc.name} that is not a dead-end spur: "
                       f"{_group_names(report, trunk)}; losing {pronoun} "
                       f"{_loss_text(report, trunk[0])}.")
    return out


def findings(report: Report) -> list[str]:
    """Return the report's findings as plain sentences, generated from its numbers.

    What the compared scenario changes (faster, slower, newly connected or disconnected
    pairs, by how much), what it does not change, the Nakhchivan link and independent paths
    when they change, and the most critical link of each scenario. Without a comparison,
    how many pairs each scenario connects.

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    list of str
        Sentences; signs are words (``faster`` / ``slower``), never negative savings.
    """
    out = (_comparison_findings(report) if report.comparison is not None
           else _scenario_findings(report))
    return out + _critical_findings(report)
