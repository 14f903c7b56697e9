"""The geodata schema: file names, field names and order, allowed values, required fields."""

from __future__ import annotations

import math
import re
from typing import Any

PLACES_FILE = "places.geojson"
LINKS_FILE = "links.geojson"
REGIONS_FILE = "regions.geojson"

PLACE_KINDS = ("city", "station", "port", "border_crossing", "junction")
CROSSING_STATUSES = ("open", "closed", "planned", "under_construction")
MODES = ("rail", "road", "ferry")
LAND_MODES = ("rail", "road")
LINK_STATUSES = ("operating", "under_construction", "planned", "closed", "dismantled")
GAUGES_MM = (1435, 1520)
CONFIDENCES = ("high", "medium", "low")
#: What a link's ``speed_kmh`` is: the operating speed (timetables, CPMM), the design
#: maximum, or a speed announced for a line not yet running.
SPEED_KINDS = ("operating", "design", "announced")

#: Property order on disk (unknown extra properties follow, sorted).
PLACE_FIELDS = (
    "id",
    "name",
    "alt_names",
    "kind",
    "country",
    "countries",
    "region",
    "crossing_modes",
    "status",
    "rail_dwell_h",
    "road_dwell_h",
    "dwell_source",
    "capacity_mt_yr",
    "capacity_teu_yr",
    "capacity_trains_day",
    "capacity_year",
    "capacity_source",
    "capacity_note",
    "coord_note",
    "note",
    "source",
)
LINK_FIELDS = (
    "id",
    "name",
    "from",
    "to",
    "mode",
    "status",
    "opened",
    "expected",
    "gauge_mm",
    "tracks",
    "electrified",
    "speed_kmh",
    "line_class",
    "speed_kind",
    "speed_source",
    "freight",
    "length_km_published",
    "length_source",
    "corridors",
    "country",
    "confidence",
    "confidence_note",
    "sailing_h",
    "headway_h",
    "capacity_mt_yr",
    "capacity_teu_yr",
    "capacity_trains_day",
    "capacity_year",
    "capacity_source",
    "capacity_note",
    "geometry_source",
    "note",
    "source",
)

#: Published capacity figures a place or link may carry (absent = unknown, never unlimited);
#: any of them needs ``capacity_year`` and ``capacity_source``.
CAPACITY_FIELDS = ("capacity_mt_yr", "capacity_teu_yr", "capacity_trains_day")

#: Fields every place must have.
REQUIRED_PLACE_FIELDS = frozenset({"id", "name", "kind", "country", "source"})
#: Fields a place of kind ``border_crossing`` must have as well.
REQUIRED_CROSSING_FIELDS = frozenset({"status", "crossing_modes", "countries"})
#: Fields every link must have (``country`` too for rail and road links, ``gauge_mm`` for rail).
REQUIRED_LINK_FIELDS = frozenset({"id", "from", "to", "mode", "status", "confidence", "source"})

#: Fields holding whole numbers (pandas turns them into floats when some features lack them).
INTEGER_FIELDS = frozenset({"opened", "expected", "gauge_mm", "tracks", "capacity_year"})

ID_RE = re.compile(r"^[a-z0-9_]+\Z")  # \Z: `$` would let a final newline through
ISO3_RE = re.compile(r"^[A-Z]{3}\Z")
URL_RE = re.compile(r"^https?://\S+\Z")


def is_number(value: Any) -> bool:
    """Return whether ``value`` is an int or float (not a bool), finite and of sane magnitude."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10**15
    return isinstance(value, float) and math.isfinite(value)


def json_type(value: Any) -> str:
    """Return the JSON type name of a parsed JSON value (``object``, ``array``, ...)."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
