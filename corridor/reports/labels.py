"""Readable column headers (with units) for the Markdown and HTML tables; CSV keeps the keys."""

from __future__ import annotations

#: Column key -> header shown to a reader.
HEADERS: dict[str, str] = {
    "scenario": "Scenario", "origin": "From", "destination": "To", "modes": "Modes",
    "connected": "Connected", "length_km": "Length (km)", "time_h": "Time (h)",
    "rail_km": "Rail (km)", "road_km": "Road (km)", "ferry_km": "Ferry (km)",
    "km_by_country": "Km by country (in order)", "border_crossings": "Border crossings",
    "gauge_breaks": "Gauge breaks", "transfers": "Mode transfers",
    "not_operating_km": "Not yet operating (km)",
    "not_operating_share": "Share not yet operating",
    "change": "Change", "length_km_before": "Length before (km)",
    "length_km_after": "Length after (km)", "km_saved": "Km saved",
    "time_h_before": "Time before (h)", "time_h_after": "Time after (h)",
    "hours_saved": "Hours saved",
    "cost_usd_t": "Cost (US$/t)", "co2_kg_t": "CO2e (kg/t)",
    "cost_usd_t_before": "Cost before (US$/t)", "cost_usd_t_after": "Cost after (US$/t)",
    "cost_saved": "US$/t saved", "co2_kg_t_before": "CO2e before (kg/t)",
    "co2_kg_t_after": "CO2e after (kg/t)", "co2_saved": "CO2e saved (kg/t)",
    "mode": "Mode", "component": "Component",
    "places": "Places", "members": "Members", "components": "Components",
    "largest": "Places in largest", "others": "Other components",
    "rail": "By rail", "road": "By road", "kind": "Kind", "id": "Id", "name": "Name",
    "pairs_separated": "Pairs separated", "separates": "Separates", "rank": "Rank",
    "link_id": "Link id", "country": "Country", "betweenness": "Betweenness (0–1)",
    "rise_h": "Rise in OD hours (h)", "pairs_disconnected": "Pairs cut",
    "disconnected": "Pairs left without a route", "lost_weight": "Weighted pairs cut",
    "spur": "Dead-end spur", "links": "Links (tied links together)", "measure": "Measure",
    "rail+ferry_paths": "Rail + ferry paths", "road+ferry_paths": "Road + ferry paths",
    "all_paths": "All-mode paths",
    "published_length_share": "Share of km published", "what": "Quantity",
    "published": "Published", "unit": "Unit", "model": "Model", "error": "Error (%)",
    "sample": "Sample (in / out)", "how": "How the model value is computed",
}


def header_label(key: str) -> str:
    """Return the reader's header of column ``key`` (the key itself when not known).

    Parameters
    ----------
    key
        A column key of :mod:`corridor.reports.tables` (e.g. ``length_km``).

    Returns
    -------
    str
        E.g. ``Length (km)``.
    """
    return HEADERS.get(key, key)
