"""A small synthetic network for the network, routing and CLI tests.

    a ==rail/road== b(port) ==rail/road== x (AZE|GEO crossing) ==rail/road== c ==rail== g
                    |                                                         \\==planned rail (cg2)
                  ferry                                                  g ==1435 rail== k
                    |
                    p (KAZ port)

plus an Iranian road detour a -- ir_x (AZE|IRN crossing) -- t (IRN) -- ir_y (IRN|GEO) -- c,
and a closed AZE|ARM crossing m with a closed rail link through Armenia to c.
Coordinates are rough lon/lat in the Caucasus; only the structure and geodesic lengths matter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import line, point, write_geodata

PLACES: dict[str, tuple[float, float, str, str, dict[str, Any]]] = {
    "a": (49.0, 40.0, "AZE", "city", {"name": "Alpha", "alt_names": ["Älfa", "Alfa"]}),
    "b": (48.0, 40.5, "AZE", "port", {"name": "Bravo Port"}),
    "x": (46.0, 41.0, "AZE", "border_crossing",
          {"name": "Xray", "countries": ["AZE", "GEO"], "crossing_modes": ["rail", "road"],
           "status": "open", "rail_dwell_h": 2.5, "dwell_source": "https://example.org/d"}),
    "c": (45.0, 41.5, "GEO", "city", {"name": "Charlie"}),
    "g": (44.0, 41.4, "GEO", "station", {"name": "Golf"}),
    "k": (43.0, 41.0, "GEO", "city", {"name": "Kilo"}),
    "p": (51.0, 43.0, "KAZ", "port", {"name": "Papa"}),
    "ir_x": (48.5, 39.0, "AZE", "border_crossing",
             {"name": "Astara", "countries": ["AZE", "IRN"], "crossing_modes": ["road"],
              "status": "open"}),
    "t": (47.0, 38.5, "IRN", "city", {"name": "Tango"}),
    "ir_y": (45.5, 39.5, "IRN", "border_crossing",
             {"name": "Astara", "countries": ["ARM", "IRN"], "crossing_modes": ["road"],
              "status": "open"}),
    "m": (47.0, 40.5, "AZE", "border_crossing",
          {"name": "Mike", "countries": ["ARM", "AZE"], "crossing_modes": ["rail"],
           "status": "closed"}),
    "n": (45.6, 40.4, "ARM", "city", {"name": "November"}),
}

ROAD = {"mode": "road", "gauge_mm": None}

LINKS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "r_ab": ("a", "b", {}),
    "d_ab": ("a", "b", ROAD),
    "r_bx": ("b", "x", {}),
    "d_bx": ("b", "x", ROAD),
    "r_xc": ("x", "c", {"country": "GEO", "speed_kmh": 80.0}),
    "d_xc": ("x", "c", {"country": "GEO", **ROAD}),
    "r_cg": ("c", "g", {"country": "GEO"}),
    "r_cg2": ("c", "g", {"country": "GEO", "status": "planned", "expected": 2029,
                         "corridors": ["newline", "branch"]}),
    "s_gk": ("g", "k", {"country": "GEO", "gauge_mm": 1435}),
    "f_pb": ("p", "b", {"mode": "ferry", "gauge_mm": None, "country": None,
                        "sailing_h": 20.0, "headway_h": 48.0}),
    "d_a_irx": ("a", "ir_x", ROAD),
    "d_irx_t": ("ir_x", "t", {"country": "IRN", **ROAD}),
    "d_t_iry": ("t", "ir_y", {"country": "IRN", **ROAD}),
    "d_iry_n": ("ir_y", "n", {"country": "ARM", **ROAD}),
    "d_n_c": ("n", "c", {"country": "ARM", **ROAD}),
    "r_b_m": ("b", "m", {}),
    "r_m_n": ("m", "n", {"country": "ARM", "status": "closed"}),
    "r_n_c": ("n", "c", {"country": "ARM"}),
}

SCENARIOS_TOML = """\
[today]
description = "mini: what operates"

[future]
description = "mini: planned lines by 2030"
as_of = 2030
link_statuses = ["operating", "planned"]

[open-m]
extends = "today"
description = "mini: the AZE-ARM crossing m reopened"
open_crossings = ["m"]

[no-iran]
extends = "today"
description = "mini: Iran closed"
closed_countries = ["IRN"]
"""


def write(folder: Path) -> Path:
    """Write the mini geodata and its scenarios.toml into ``folder``."""
    places = []
    for pid, (lon, lat, country, kind, extra) in PLACES.items():
        places.append(point(pid, lon, lat, country=country, kind=kind, **extra))
    links = []
    for lid, (frm, to, extra) in LINKS.items():
        a, b = PLACES[frm], PLACES[to]
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 0.05)
        links.append(line(lid, frm, to, [(a[0], a[1]), middle, (b[0], b[1])], **extra))
    write_geodata(folder, places, links)
    (folder / "scenarios.toml").write_text(SCENARIOS_TOML, encoding="utf-8")
    return folder
