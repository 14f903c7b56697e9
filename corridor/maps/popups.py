"""Popup tables of links and places: rows of escaped HTML, links to the sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corridor._cells import as_list
from corridor.geodata.sources import host_of
from corridor.maps.style import escape, missing, plain


def links_html(urls: str) -> str:
    """Source URLs as links named by their domain; anything else is shown as text.

    The link text is the URL's real host (``urllib`` parsing, so ``https://a.org@b.net/``
    shows ``b.net``) without ``www.``, never the path, whose slug may carry loaded wording;
    the ``href`` keeps the whole URL, escaped.
    """
    parts = []
    for url in str(urls).split():
        host = host_of(url) if url.lower().startswith(("https://", "http://")) else None
        if host:
            parts.append(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
                         f"{escape(host)}</a>")
        else:
            parts.append(escape(url))
    return " ".join(parts)


def table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """Return a popup: an escaped title and rows of (label, already-escaped HTML value)."""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<div class="corridor-popup"><b>{escape(title)}</b><table>{body}</table></div>'


def _present(row: Any, keys: Iterable[str]) -> list[tuple[str, Any]]:
    """Return ``(key, value)`` of the fields of ``row`` that hold something, in order."""
    return [(key, row.get(key)) for key in keys if not missing(row.get(key))]


def _source_rows(row: Any, keys: Iterable[str]) -> list[tuple[str, str]]:
    """Return the rows linking a feature's sources (``source``, ``geometry_source``)."""
    return [(key.replace("_", " "), links_html(value)) for key, value in _present(row, keys)]


#: How the popups name the research notes of a feature.
_NOTE_LABELS = {"confidence_note": "on the confidence", "coord_note": "on the position",
                "note": "note"}


def notes_rows(row: Any, keys: Iterable[str]) -> list[tuple[str, str]]:
    """Return one row folding a feature's research notes (``confidence_note``...) away.

    The notes are in a ``<details>`` element, closed: the popup reads in plain words and a
    click shows the notes, each escaped and labelled.
    """
    present = _present(row, keys)
    if not present:
        return []
    body = "".join(f"<p><i>{escape(_NOTE_LABELS.get(k, k.replace('_', ' ')))}:</i> "
                   f"{escape(v)}</p>" for k, v in present)
    return [("notes", f'<details class="corridor-notes"><summary>research notes</summary>'
                      f"{body}</details>")]


def link_rows(row: Any, length_km: float,
              place_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Return the popup rows of a link (``row`` from the links frame; ``length_km`` geodesic)."""
    names = place_names or {}
    ends = [names.get(str(row[k]), str(row[k])) for k in ("from", "to")]
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("between", escape(f"{ends[0]} – {ends[1]}"))]
    rows.append(("mode", escape(row["mode"])))
    rows.append(("status", escape(str(row["status"]).replace("_", " "))))
    rows += [(key, escape(int(value))) for key, value in _present(row, ("opened", "expected"))]
    rows.append(("length", f"{length_km:,.1f} km (geodesic)"))
    rows += [("published length", f"{escape(value)} km")
             for _, value in _present(row, ("length_km_published",))]
    rows += [("gauge", f"{escape(int(value))} mm") for _, value in _present(row, ("gauge_mm",))]
    rows += [(key, escape(plain(value)))
             for key, value in _present(row, ("tracks", "electrified", "country", "region",
                                                        "confidence"))]
    rows += [(key, escape(", ".join(as_list(value))))
             for key, value in _present(row, ("corridors",))]
    rows += [(key.replace("_h", " (h)"), escape(value))
             for key, value in _present(row, ("sailing_h", "headway_h"))]
    rows += notes_rows(row, ("confidence_note", "note"))
    return rows + _source_rows(row, ("source", "geometry_source"))


def _crossing_rows(row: Any, scenario_state: str | None) -> list[tuple[str, str]]:
    """Return the popup rows only a border crossing has."""
    rows = [("joins", escape(" – ".join(as_list(value))))
            for _, value in _present(row, ("countries",))]
    if not missing(row.get("status")):
        rows.append(("status", escape(str(row["status"]).replace("_", " "))))
    if scenario_state is not None:
        rows.append(("in scenario", escape(scenario_state)))
    rows += [("modes", escape(", ".join(as_list(value))))
             for _, value in _present(row, ("crossing_modes",))]
    rows += [(key.replace("_h", " (h)").replace("_", " "), escape(value))
             for key, value in _present(row, ("rail_dwell_h", "road_dwell_h"))]
    return rows


def place_rows(row: Any, scenario_state: str | None) -> list[tuple[str, str]]:
    """Return the popup rows of a place (``scenario_state``: open / closed in the scenario)."""
    rows: list[tuple[str, str]] = [("id", escape(row.name)),
                                   ("kind", escape(str(row["kind"]).replace("_", " ")))]
    rows += [("also", escape(", ".join(as_list(value))))
             for _, value in _present(row, ("alt_names",))]
    rows += [(key, escape(value)) for key, value in _present(row, ("country", "region"))]
    if row["kind"] == "border_crossing":
        rows += _crossing_rows(row, scenario_state)
    rows += notes_rows(row, ("coord_note", "note"))
    return rows + _source_rows(row, ("source",))
