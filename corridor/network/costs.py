"""Freight cost (US$ per tonne) and emissions (kg CO2e per tonne) of the network's edges."""

from __future__ import annotations

from typing import Any

import networkx as nx

from corridor.settings import COST_RATES, CostRates

#: Edge attributes set by :func:`annotate`.
COST_ATTRS = ("cost_usd_t", "co2_kg_t")


def edge_cost(data: dict[str, Any], rates: CostRates = COST_RATES) -> tuple[float, float]:
    """Return ``(cost_usd_t, co2_kg_t)`` of one edge, per tonne of cargo.

    A link, part of a link or local edge: km x the mode's rate (rail: the rate of the link's
    country where one is published, :meth:`~corridor.settings.CostRates.rail_rate`; ferry:
    the line's published fare where there is one, else the ferry tariff over the sailing,
    :meth:`~corridor.settings.CostRates.ferry_fare`, a part of a link its ``fraction`` of
    the whole fare); a border crossing: the mode's fees; a transfer: the handling (ferry or
    rail-road); a gauge break: its handling; an access leg from a free point: by road.
    Other edges cost nothing.
    """
    kind = data.get("kind")
    mode = data.get("mode")
    if kind in ("link", "link_part", "local") and mode in ("rail", "road", "ferry"):
        return _line_cost(data, rates), float(data["length_km"]) * float(
            getattr(rates, f"{mode}_co2_kg_tkm"))
    if kind == "access":  # from a free point to the network: by truck
        km = float(data["length_km"])
        return km * rates.road_usd_tkm, km * rates.road_co2_kg_tkm
    if kind == "border" and mode in ("rail", "road"):
        return float(getattr(rates, f"{mode}_border_usd_t")), 0.0
    if kind == "transfer":
        ferry = "ferry" in (data.get("from_layer"), data.get("to_layer"))
        return (rates.ferry_transfer_usd_t if ferry else rates.mode_transfer_usd_t), 0.0
    if kind == "gauge_break":
        return rates.gauge_break_usd_t, 0.0
    return 0.0, 0.0


def _line_cost(data: dict[str, Any], rates: CostRates) -> float:
    """Return the US$ per tonne of a rail, road or ferry link, part of a link or local edge."""
    km = float(data["length_km"])
    mode = data["mode"]
    if mode == "rail":
        return km * rates.rail_rate(data.get("country"))
    if mode == "road":
        return km * rates.road_usd_tkm
    link_id = data.get("link_id") if data.get("kind") != "local" else None
    if link_id in rates.ferry_usd_t_by_link:  # a fare for the whole crossing, shared by parts
        return rates.ferry_fare(link_id, km) * float(data.get("fraction", 1.0))
    return rates.ferry_fare(None, km)


def annotate(graph: nx.MultiGraph, rates: CostRates = COST_RATES) -> None:
    """Set ``cost_usd_t`` and ``co2_kg_t`` on every edge of ``graph`` (in place)."""
    for _, _, data in graph.edges(data=True):
        data["cost_usd_t"], data["co2_kg_t"] = edge_cost(data, rates)
