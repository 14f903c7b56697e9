"""Popup tables of links and places: rows of escaped HTML, links to the sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corridor._cells import as_list
from corridor.maps.style import escape, missing, plain


def links_html(urls: str) -> str:
    """Source URLs as links; anything that is not http(s) is shown as text."""
    parts = []
    for url in str(urls).split():
        if url.startswith(("https://", "http://")):
            host = url.split("/")[2]
            parts.append(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
                         f"{escape(host)}</a>")
        else:
            parts.append(escape(url))
    return " ".join(parts)



def table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """A popup: an escaped title and rows of (label, already-escaped HTML value)."""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<div class="corridor-popup"><b>{escape(title)}</b><table>{body}</table></div>'



def link_rows(row: Any, length_km: float,
              place_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Popup rows of a link (``row`` from the links frame; ``length_km`` geodesic)."""
    names = place_names or {}
    ends = [names.get(str(row[k]), str(row[k])) for k in ("from", "to")]
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("between", escape(f"{ends[0]} – {ends[1]}"))]
    rows.append(("mode", escape(row["mode"])))
    rows.append(("status", escape(str(row["status"]).replace("_", " "))))
    for key, label in (("opened", "opened"), ("expected", "expected")):
        value = row.get(key)
        if not missing(value):
            rows.append((label, escape(int(value))))
    rows.append(("length", f"{length_km:,.1f} km (geodesic)"))
    published = row.get("length_km_published")
    if not missing(published):
        rows.append(("published length", f"{escape(published)} km"))
    gauge = row.get("gauge_mm")
    if not missing(gauge):
        rows.append(("gauge", f"{escape(int(gauge))} mm"))
    for key in ("tracks", "electrified", "country", "confidence"):
        value = row.get(key)
        if not missing(value):
            rows.append((key, escape(plain(value))))
    corridors = row.get("corridors")
    if not missing(corridors):
        rows.append(("corridors", escape(", ".join(as_list(corridors)))))
    for key in ("sailing_h", "headway_h"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_h", " (h)"), escape(value)))
    for key in ("confidence_note", "note"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_", " "), escape(value)))
    if not missing(row.get("source")):
        rows.append(("source", links_html(row["source"])))
    if not missing(row.get("geometry_source")):
        rows.append(("geometry source", links_html(row["geometry_source"])))
    return rows



def place_rows(row: Any, scenario_state: str | None) -> list[tuple[str, str]]:
    """Popup rows of a place (``scenario_state``: open / closed in the scenario drawn)."""
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("kind", escape(str(row["kind"]).replace("_", " ")))]
    alt = row.get("alt_names")
    if not missing(alt):
        rows.append(("also", escape(", ".join(as_list(alt)))))
    for key in ("country", "region"):
        value = row.get(key)
        if not missing(value):
            rows.append((key, escape(value)))
    if row["kind"] == "border_crossing":
        countries = row.get("countries")
        if not missing(countries):
            rows.append(("joins", escape(" – ".join(as_list(countries)))))
        if not missing(row.get("status")):
            rows.append(("status", escape(str(row["status"]).replace("_", " "))))
        if scenario_state is not None:
            rows.append(("in scenario", escape(scenario_state)))
        modes = row.get("crossing_modes")
        if not missing(modes):
            rows.append(("modes", escape(", ".join(as_list(modes)))))
        for key in ("rail_dwell_h", "road_dwell_h"):
            value = row.get(key)
            if not missing(value):
                rows.append((key.replace("_h", " (h)").replace("_", " "), escape(value)))
    for key in ("coord_note", "note"):
        value = row.get(key)
        if not missing(value):
            rows.append((key.replace("_", " "), escape(value)))
    if not missing(row.get("source")):
        rows.append(("source", links_html(row["source"])))
    return rows
