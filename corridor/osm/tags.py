"""OSM tags read into link attributes: which ways are kept, with what status and facts."""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import osmium

from corridor._errors import OsmError
from corridor.settings import HIGHWAY_CLASSES

#: ``railway=*`` values kept and the link status each stands for.
RAIL_STATUSES: dict[str, str] = {
    "rail": "operating",
    "construction": "under_construction",
    "proposed": "planned",
    "disused": "closed",
    "abandoned": "dismantled",
}

#: ``highway=*`` lifecycle values and the link status each stands for (the class is read
#: from the tag of the same name, e.g. ``construction=primary``).
ROAD_LIFECYCLE: dict[str, str] = {"construction": "under_construction", "proposed": "planned"}

_ELECTRIFIED = {"contact_line", "rail", "yes", "4th_rail", "ground-level_power_supply"}


class _Attr(NamedTuple):
    """The attributes a link carries; two ways merge only when theirs are equal.

    A named tuple: immutable and hashable like a frozen dataclass, and about three times
    faster to build (one is built per distinct tag list read).
    """

    mode: str
    status: str
    gauge_mm: int | None = None
    electrified: bool | None = None
    speed_kmh: float | None = None
    tracks: int | None = None
    usage: str | None = None
    name: str | None = None
    ref: str | None = None
    highway: str | None = None
    sailing_h: float | None = None


_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)")


def _first_number(text: str | None) -> float | None:
    if not text:
        return None
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else None


@functools.lru_cache(maxsize=4096)  # few distinct maxspeed values, read once per tag list
def _speed(text: str | None) -> float | None:
    value = _first_number(text)
    if value is None or value <= 0:
        return None
    return round(value * 1.609344, 1) if text and "mph" in text else value


def _gauge(text: str | None) -> int | bool | None:
    """Return 1520 / 1435, ``None`` when untagged, ``False`` for any other gauge."""
    if not text:
        return None
    value = _first_number(text.split(";")[0])
    if value in (1520, 1524):
        return 1520
    if value == 1435:
        return 1435
    return False


def _duration_h(text: str | None) -> float | None:
    """Parse an OSM ``duration`` (``HH:MM``, ``HH:MM:SS`` or minutes) into hours."""
    if not text:
        return None
    parts = text.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) == 1:
        hours = numbers[0] / 60.0
    else:
        hours = numbers[0] + numbers[1] / 60.0 + (numbers[2] / 3600.0 if len(numbers) > 2 else 0)
    return round(hours, 3) if hours > 0 else None


def _electrified(text: str | None) -> bool | None:
    if text == "no":
        return False
    return True if text in _ELECTRIFIED else None


def _tracks(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) >= 1 else None


class _Classifier:
    """Turns a way's tags into an :class:`_Attr` (or a reason to skip it)."""

    def __init__(self, highway: str, include_service: bool) -> None:
        if highway not in HIGHWAY_CLASSES:
            raise OsmError(f"unknown highway class {highway!r}; expected one of "
                           f"{list(HIGHWAY_CLASSES)}")
        keep = HIGHWAY_CLASSES[: HIGHWAY_CLASSES.index(highway) + 1]
        self.roads = set(keep) | {f"{c}_link" for c in keep}
        self.include_service = include_service

    def prefilter(self) -> osmium.filter.TagFilter:
        """Return a C++ filter passing only ways with a tag this classifier may keep.

        Buildings, landuse, minor roads … so never reach Python.
        """
        tags = [("highway", c) for c in (*sorted(self.roads), *ROAD_LIFECYCLE)]
        tags += [("railway", r) for r in (*RAIL_STATUSES, "ferry")]
        tags.append(("route", "ferry"))
        return osmium.filter.TagFilter(*tags)

    def __call__(self, tags: Any) -> _Attr | str | None:
        """Return the attributes, a skip reason (str) or ``None`` (not a way we want)."""
        name = tags.get("name:en") or tags.get("name")
        ref = tags.get("ref")
        if tags.get("route") == "ferry" or tags.get("railway") == "ferry":
            return _Attr("ferry", "operating", name=name, ref=ref,
                         sailing_h=_duration_h(tags.get("duration")))
        if tags.get("highway") is not None:
            return self._road(tags, name, ref)
        return self._rail(tags, name, ref)

    def _road(self, tags: Any, name: str | None, ref: str | None) -> _Attr | None:
        """Return the attributes of a ``highway=*`` way, ``None`` for a class not kept."""
        highway = tags.get("highway")
        status = "operating"
        cls = highway
        if highway in ROAD_LIFECYCLE:
            status = ROAD_LIFECYCLE[highway]
            cls = tags.get(highway) or ""
        if cls not in self.roads:
            return None
        return _Attr("road", status, speed_kmh=_speed(tags.get("maxspeed")), name=name,
                     ref=ref, highway=cls)

    def _rail(self, tags: Any, name: str | None, ref: str | None) -> _Attr | str | None:
        """Return the attributes of a ``railway=*`` way, a skip reason or ``None``."""
        railway = tags.get("railway")
        if railway is None or railway not in RAIL_STATUSES:
            return None
        if railway != "rail":
            kind = tags.get(railway) or tags.get(f"{railway}:railway")
            if kind is not None and kind != "rail":
                return None
        if tags.get("service") is not None and not self.include_service:
            return "service"
        gauge = _gauge(tags.get("gauge"))
        if gauge is False:
            return "gauge"
        return _Attr(
            "rail", RAIL_STATUSES[railway], gauge_mm=gauge or None,
            electrified=_electrified(tags.get("electrified")),
            speed_kmh=_speed(tags.get("maxspeed")), tracks=_tracks(tags.get("tracks")),
            usage=tags.get("usage"), name=name, ref=ref,
        )
