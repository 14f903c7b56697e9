"""A small made-up corridor network (geodata folder + scenarios) for analysis and report tests.

It mimics the real topology in miniature: mainland Azerbaijan and its Nakhchivan exclave
separated by Armenia's Meghri strip (a closed "tripp" rail line opened by the ``tripp``
scenario), a road detour through Iran, a rail route through Georgia to Kars with a gauge
break, Caspian ferries from three Central Asian ports to Alat and a Black Sea ferry from Poti
to Constanța, and a rail line from Yerevan to Nakhchivan cut by the closed Yeraskh crossing.
Coordinates are rough; only the structure matters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import line, point, write_geodata

#: id -> (lon, lat, country, kind, extra properties)
PLACES: dict[str, tuple[float, float, str, str, dict[str, Any]]] = {
    "baku": (49.89, 40.38, "AZE", "city", {}),
    "port_of_baku": (49.41, 39.95, "AZE", "port", {}),
    "horadiz": (47.05, 39.45, "AZE", "city", {}),
    "aghband": (46.65, 38.87, "AZE", "border_crossing",
                {"countries": ["ARM", "AZE"], "crossing_modes": ["rail", "road"],
                 "status": "closed"}),
    "meghri": (46.24, 38.90, "ARM", "city", {}),
    "ordubad": (46.02, 38.91, "AZE", "border_crossing",
                {"countries": ["ARM", "AZE"], "crossing_modes": ["rail", "road"],
                 "status": "closed"}),
    "nakhchivan": (45.41, 39.21, "AZE", "city", {"region": "Nakhchivan AR"}),
    "kalaleh": (46.90, 38.95, "AZE", "border_crossing",
                {"countries": ["AZE", "IRN"], "crossing_modes": ["road"], "status": "open"}),
    "jolfa": (45.63, 38.95, "AZE", "border_crossing",
              {"countries": ["AZE", "IRN"], "crossing_modes": ["road"], "status": "open"}),
    "ganja": (46.36, 40.68, "AZE", "city", {}),
    "yerevan": (44.51, 40.18, "ARM", "city", {}),
    "yeraskh": (44.98, 39.77, "ARM", "border_crossing",
                {"countries": ["ARM", "AZE"], "crossing_modes": ["rail"], "status": "closed"}),
    "boyuk_kasik": (45.05, 41.30, "AZE", "border_crossing",
                    {"countries": ["AZE", "GEO"], "crossing_modes": ["rail", "road"],
                     "status": "open"}),
    "tbilisi": (44.79, 41.69, "GEO", "city", {}),
    "poti": (41.67, 42.15, "GEO", "port", {}),
    "akhalkalaki": (43.49, 41.41, "GEO", "station", {}),
    "kartsakhi": (43.23, 41.23, "GEO", "border_crossing",
                  {"countries": ["GEO", "TUR"], "crossing_modes": ["rail"], "status": "open"}),
    "kars": (43.10, 40.60, "TUR", "city", {}),
    "istanbul": (28.98, 41.01, "TUR", "city", {}),
    "constanta": (28.63, 44.17, "ROU", "port", {}),
    "port_of_aktau": (51.20, 43.65, "KAZ", "port", {}),
    "kuryk": (51.63, 43.19, "KAZ", "port", {}),
    "port_of_turkmenbashi": (53.00, 40.02, "TKM", "port", {}),
}

#: id -> (from, to, mode, country, extra properties)
LINKS: dict[str, tuple[str, str, str, str | None, dict[str, Any]]] = {
    "r_baku_alat": ("baku", "port_of_baku", "rail", "AZE", {}),
    "r_alat_horadiz": ("port_of_baku", "horadiz", "rail", "AZE", {}),
    "r_horadiz_aghband": ("horadiz", "aghband", "rail", "AZE",
                          {"status": "under_construction", "expected": 2026,
                           "corridors": ["tripp"]}),
    "r_aghband_meghri": ("aghband", "meghri", "rail", "ARM",
                         {"status": "dismantled", "corridors": ["tripp"]}),
    "r_meghri_ordubad": ("meghri", "ordubad", "rail", "ARM",
                         {"status": "dismantled", "corridors": ["tripp"]}),
    "r_ordubad_nakhchivan": ("ordubad", "nakhchivan", "rail", "AZE", {}),
    "d_alat_horadiz": ("port_of_baku", "horadiz", "road", "AZE", {}),
    "d_horadiz_kalaleh": ("horadiz", "kalaleh", "road", "AZE", {}),
    "d_kalaleh_jolfa": ("kalaleh", "jolfa", "road", "IRN", {}),
    "d_jolfa_nakhchivan": ("jolfa", "nakhchivan", "road", "AZE", {}),
    "r_baku_ganja": ("baku", "ganja", "rail", "AZE", {}),
    "r_yerevan_yeraskh": ("yerevan", "yeraskh", "rail", "ARM", {}),
    "r_yeraskh_nakhchivan": ("yeraskh", "nakhchivan", "rail", "AZE", {}),
    "r_ganja_boyuk_kasik": ("ganja", "boyuk_kasik", "rail", "AZE", {}),
    "r_boyuk_kasik_tbilisi": ("boyuk_kasik", "tbilisi", "rail", "GEO", {}),
    "r_tbilisi_poti": ("tbilisi", "poti", "rail", "GEO", {}),
    "r_tbilisi_akhalkalaki": ("tbilisi", "akhalkalaki", "rail", "GEO", {}),
    "r_akhalkalaki_kartsakhi": ("akhalkalaki", "kartsakhi", "rail", "GEO", {"gauge_mm": 1435}),
    "r_kartsakhi_kars": ("kartsakhi", "kars", "rail", "TUR", {"gauge_mm": 1435}),
    "r_kars_istanbul": ("kars", "istanbul", "rail", "TUR", {"gauge_mm": 1435}),
    "d_baku_ganja": ("baku", "ganja", "road", "AZE", {}),
    "d_ganja_boyuk_kasik": ("ganja", "boyuk_kasik", "road", "AZE", {}),
    "d_boyuk_kasik_tbilisi": ("boyuk_kasik", "tbilisi", "road", "GEO", {}),
    "f_aktau_alat": ("port_of_aktau", "port_of_baku", "ferry", None,
                     {"sailing_h": 20.0, "headway_h": 48.0}),
    "f_kuryk_alat": ("kuryk", "port_of_baku", "ferry", None,
                     {"sailing_h": 18.0, "headway_h": 48.0}),
    "f_turkmenbashi_alat": ("port_of_turkmenbashi", "port_of_baku", "ferry", None,
                            {"sailing_h": 14.0, "headway_h": 24.0}),
    "f_poti_constanta": ("poti", "constanta", "ferry", None,
                         {"sailing_h": 60.0, "headway_h": 168.0}),
}

SCENARIOS_TOML = """\
[today]
description = "toy: what operates"

[tripp]
extends = "today"
description = "toy: TRIPP rail built"
open_corridors = ["tripp"]
"""


def write(folder: Path) -> Path:
    """Write the toy geodata (places, links, scenarios.toml) into ``folder``."""
    places = []
    for pid, (lon, lat, country, kind, extra) in PLACES.items():
        places.append(point(pid, lon, lat, country=country, kind=kind, **extra))
    links = []
    for lid, (frm, to, mode, country, extra) in LINKS.items():
        a, b = PLACES[frm], PLACES[to]
        props: dict[str, Any] = {"mode": mode, "country": country}
        if mode != "rail":
            props["gauge_mm"] = None
        props.update(extra)
        links.append(line(lid, frm, to, [(a[0], a[1]), (b[0], b[1])], **props))
    write_geodata(folder, places, links)
    (folder / "scenarios.toml").write_text(SCENARIOS_TOML, encoding="utf-8")
    return folder
