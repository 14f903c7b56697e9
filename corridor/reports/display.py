"""The sections as a reader sees them: names instead of ids, readable headers with units."""

from __future__ import annotations

from corridor import analysis
from corridor.reports.model import Report, Table
from corridor.reports.ranking import critical_groups
from corridor.reports.tables import TOP_CRITICAL, sections

#: Rows of the connectivity comparison whose cells are link ids.
_LINK_ROWS = ("critical link #", "central link #")


def _link_name(report: Report, lid: str) -> str:
    info = report.links.get(lid)
    return info.name if info is not None else lid


def _place_name(report: Report, pid: str) -> str:
    return report.places.get(pid, pid)


def _drop(table: Table, name: str) -> Table:
    header, rows = table
    if name not in header:
        return table
    i = header.index(name)
    return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]


def _failures(report: Report) -> Table:
    """One row per scenario and mode set: bridges and articulation points, by name."""
    header = ["scenario", "modes", "bridges (links)", "articulation points (places)"]
    rows = []
    for sc in report.scenarios:
        for modes in analysis.MODE_SETS:
            link_cells = [f"{_link_name(report, f.id)} ({len(f.separated)})"
                          for f in sc.connectivity.bridges[modes]]
            place_cells = [f"{_place_name(report, f.id)} ({len(f.separated)})"
                           for f in sc.connectivity.articulation_points[modes]]
            rows.append([sc.name, modes, "; ".join(link_cells) or "none",
                         "; ".join(place_cells) or "none"])
    return header, rows


def _components(report: Report, table: Table) -> Table:
    """Return the components table with the places of the smaller components by name."""
    header, rows = table
    if "others" not in header:
        return table
    i = header.index("others")
    out: list[list[str]] = []
    for sc in report.scenarios:
        for comps in sc.connectivity.components.values():
            others = "; ".join(", ".join(_place_name(report, p) for p in c) for c in comps[1:])
            row = list(rows[len(out)])
            row[i] = others
            out.append(row)
    return header, out


def _connectivity_comparison(report: Report, table: Table) -> Table:
    header, rows = table
    out = []
    for row in rows:
        if row and row[0].startswith(_LINK_ROWS):
            row = [row[0], *("; ".join(_link_name(report, lid) for lid in c.split("; "))
                             if c else "" for c in row[1:])]
        out.append(row)
    return header, out


def _criticality(report: Report, top: int) -> Table:
    """Return the ``top`` ranks per scenario; tied links (e.g. of one line) in one row."""
    header = ["scenario", "rank", "links", "lost_weight", "disconnected", "rise_h", "spur"]
    rows = []
    for sc in report.scenarios:
        for rank, group in critical_groups(sc.connectivity.criticality, top):
            first = group[0]
            names = "; ".join(_link_name(report, c.link_id) for c in group)
            rows.append([sc.name, str(rank), names, f"{first.lost_weight:.2f}",
                         "; ".join(report.pairs[j].label for j in first.disconnected),
                         f"{first.rise_h:.2f}", "yes" if first.spur else "no"])
    return header, rows


def shown_sections(report: Report) -> list[tuple[str, str, Table]]:
    """Return the sections of the Markdown and HTML reports as shown to a reader.

    The tables of :func:`corridor.reports.tables.sections` with place and link names in place
    of ids (the CSV and JSON keep the ids); the headers stay keys (the templates show
    :func:`corridor.reports.labels.header_label` of them).

    Parameters
    ----------
    report
        A built report.

    Returns
    -------
    list of tuple
        ``(anchor, title, (header, rows))`` per section.
    """
    out = []
    for anchor, title, table in sections(report):
        if anchor == "failure":
            table = _failures(report)
        elif anchor == "components":
            table = _components(report, table)
        elif anchor == "connectivity-comparison":
            table = _connectivity_comparison(report, table)
        elif anchor == "criticality":
            table = _criticality(report, TOP_CRITICAL)
        elif anchor == "betweenness":
            table = _drop(table, "link_id")
        out.append((anchor, title, table))
    return out
