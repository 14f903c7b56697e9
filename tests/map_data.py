"""Geodata for the map tests: the toy corridor plus what a map must cope with.

A place named like an XSS attack, a link name full of JavaScript template syntax, a Syunik
place, and three region polygons (Armenia, Nakhchivan, mainland Azerbaijan).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import toy_corridor
from shapely.geometry import box, mapping

from corridor import geodata

XSS_NAME = "<script>alert(1)</script>"
TEMPLATE_NAME = "x`${alert(2)}`\\"
#: What ``{{ 7*191 }}`` prints if a template ran on the data.
TEMPLATE_RESULT = "1337"
#: The id folium gives each element: ``_`` and a random uuid's 32 hex digits (which may hold
#: "1337" by chance, about one page in 300).
_ELEMENT_ID = re.compile(r"_[0-9a-f]{32}")


def template_ran(text: str) -> bool:
    """Return whether ``text`` shows :data:`TEMPLATE_RESULT` outside folium's element ids."""
    return TEMPLATE_RESULT in _ELEMENT_ID.sub("_ID", text)


TEST_REGIONS = {  # id -> (name, country, region, polygon)
    "arm": ("Armenia", "ARM", None,
            box(44.5, 39.75, 46.6, 41.3).union(box(46.1, 38.8, 46.6, 39.8))),
    "aze_nakhchivan": ("Nakhchivan", "AZE", "Nakhchivan AR", box(44.8, 38.8, 46.1, 39.75)),
    "aze": ("Azerbaijan", "AZE", None, box(46.6, 38.4, 50.5, 41.9)),
}


def _patch(folder: Path, file: str, fid: str, **props: Any) -> None:
    path = folder / file
    doc = json.loads(path.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        if feature["properties"]["id"] == fid:
            feature["properties"].update(props)
    path.write_text(json.dumps(doc), encoding="utf-8")


def write_map_data(folder: Path, *, with_regions: bool = True) -> Path:
    """The toy corridor plus hostile names, a Syunik place and (optionally) regions."""
    toy_corridor.write(folder)
    _patch(folder, geodata.PLACES_FILE, "ordubad", name=XSS_NAME)
    _patch(folder, geodata.PLACES_FILE, "meghri", region="Syunik")
    _patch(folder, geodata.LINKS_FILE, "r_meghri_ordubad", name=TEMPLATE_NAME)
    if with_regions:
        features = [{"type": "Feature",
                     "properties": {"id": rid, "name": name, "country": country,
                                    "region": region, "source": "https://example.org/ne"},
                     "geometry": mapping(poly)}
                    for rid, (name, country, region, poly) in TEST_REGIONS.items()]
        (folder / geodata.REGIONS_FILE).write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return folder
