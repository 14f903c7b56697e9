"""The criticality ranking as a reader sees it: tied links grouped under one rank."""

from __future__ import annotations

from collections.abc import Sequence

from corridor import analysis


def critical_groups(items: Sequence[analysis.Criticality], top: int | None = None
                    ) -> list[tuple[int, list[analysis.Criticality]]]:
    """Return the ranked links grouped by rank (tied links, e.g. links of one line, together).

    Parameters
    ----------
    items
        A ranking (:func:`corridor.analysis.criticality`).
    top
        How many groups to return (``None``: all).

    Returns
    -------
    list of tuple
        ``(rank, links of that rank)``, most critical first.
    """
    groups: list[tuple[int, list[analysis.Criticality]]] = []
    for rank, item in zip(analysis.criticality_ranks(items), items, strict=True):
        if groups and groups[-1][0] == rank:
            groups[-1][1].append(item)
        elif top is not None and len(groups) == top:
            break
        else:
            groups.append((rank, [item]))
    return groups
