"""Writing maps: the page's HTML (:func:`map_html`), files (:func:`save_map`, :func:`write_map`)."""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import folium

from corridor import geodata
from corridor._io import atomic_write_text
from corridor.maps.assets import normalise_ids
from corridor.maps.base import Tiles
from corridor.maps.network import network_map
from corridor.maps.route import route_map


@dataclass(frozen=True)
class MapFile:
    """A map written to disk.

    Attributes
    ----------
    path
        The HTML file.
    size_bytes
        Its size in bytes.
    self_contained
        Whether Leaflet and the plugins are embedded.
    stats
        What was drawn (see :attr:`CorridorMap.stats`).
    """

    path: Path
    size_bytes: int
    self_contained: bool
    stats: dict[str, int]

    def describe(self) -> str:
        """One line for the command line: path, size, what is drawn."""
        mb = self.size_bytes / 1e6
        what = ", ".join(f"{self.stats.get(k, 0)} {k}"
                         for k in ("links", "places", "regions", "routes"))
        mode = "self-contained" if self.self_contained else "needs internet for Leaflet"
        if "links_left_out" in self.stats:
            what += f"; overview of a big network, {self.stats['links_left_out']} links left out"
        return f"wrote {self.path} ({mb:.2f} MB, {mode}; {what})"


def map_html(m: folium.Map, *, self_contained: bool | None = None) -> str:
    """Return the map's full HTML page.

    Parameters
    ----------
    m
        A map from this module (any folium map works, without the corridor extras).
    self_contained
        Embed the JavaScript / CSS; default: as the map was made.

    Returns
    -------
    str
        The HTML; the same map gives the same text.
    """
    previous = getattr(m, "self_contained", False)
    if self_contained is not None:
        m.self_contained = self_contained  # type: ignore[attr-defined]
    try:
        # Render a copy: folium adds elements while rendering, so rendering the same
        # figure twice would not give the same page.
        root = copy.deepcopy(m.get_root())
        return normalise_ids(str(root.render()), root)
    finally:
        if self_contained is not None:
            m.self_contained = previous  # type: ignore[attr-defined]


def save_map(m: folium.Map, path: str | os.PathLike[str], *,
             self_contained: bool | None = None) -> MapFile:
    """Write the map as one HTML file (atomically).

    Parameters
    ----------
    m
        The map.
    path
        Destination file (``.html``); its folder is created if missing.
    self_contained
        Embed the JavaScript / CSS; default: as the map was made.

    Returns
    -------
    MapFile
        Path, size in bytes and what was drawn.
    """
    text = map_html(m, self_contained=self_contained)
    dest = atomic_write_text(path, text)
    embedded = bool(getattr(m, "self_contained", False) if self_contained is None
                    else self_contained)
    stats = dict(getattr(m, "stats", {}))
    return MapFile(dest, len(text.encode("utf-8")), embedded, stats)


def write_map(
    path: str | os.PathLike[str] = "corridor-map.html",
    *,
    data: geodata.GeoData | str | os.PathLike[str] | None = None,
    scenario: str | None = None,
    route: tuple[str, str] | None = None,
    compare: str | None = None,
    modes: str | Sequence[str] | None = None,
    profile: str = "freight",
    tiles: Tiles = "osm",
    self_contained: bool = False,
    scenarios_file: str | os.PathLike[str] | None = None,
) -> MapFile:
    """Make the network map (or a route map when ``route`` is given) and save it.

    This is what ``corridor map`` runs.

    Parameters
    ----------
    path
        Destination HTML file.
    data
        Geodata, a geodata folder or ``None`` for the default.
    scenario
        Scenario of the network / route (a route defaults to ``"today"``).
    route
        ``(origin, destination)`` to draw a route.
    compare
        Second scenario for the route (needs ``route``).
    profile
        Time profile of the route (``freight`` or ``passenger``).
    modes
        Modes the route may use.
    tiles, self_contained, scenarios_file
        As for :func:`network_map`.

    Returns
    -------
    MapFile
        Path, size and counts.
    """
    if route is not None:
        m = route_map(route[0], route[1], scenario=scenario or "today", compare=compare,
                      modes=modes, profile=profile, data=data, tiles=tiles,
                      self_contained=self_contained, scenarios_file=scenarios_file)
    else:
        if compare is not None:
            raise ValueError("compare needs a route (origin and destination)")
        m = network_map(data, scenario=scenario, tiles=tiles, self_contained=self_contained,
                        scenarios_file=scenarios_file)
    return save_map(m, path)
