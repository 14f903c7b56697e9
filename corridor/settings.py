"""Typed defaults: data location, validation tolerances, speeds and transfer times with sources."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variable naming the default geodata folder.
GEODATA_ENV = "CORRIDOR_GEODATA"
#: Environment variable naming an extra scenarios TOML file.
SCENARIOS_ENV = "CORRIDOR_SCENARIOS"

#: The geodata folder shipped with the project (``geodata/`` beside the package).
SHIPPED_GEODATA = Path(__file__).resolve().parent.parent / "geodata"

#: The only CRS accepted in geodata files.
CRS = "EPSG:4326"

#: Boxes (lon_min, lat_min, lon_max, lat_max) that together cover the area the network models:
#: Turkey, the Caucasus and northern Iran; the western Black Sea ports; Central Asia to the
#: China–Kazakhstan border. A point outside all of them is warned about; one outside them that
#: falls inside when its axes are swapped is reported as "latitude/longitude look swapped".
REGION_BOXES: tuple[tuple[float, float, float, float], ...] = (
    (26.0, 34.0, 60.0, 43.7),
    (26.0, 40.0, 32.0, 47.0),
    (46.0, 34.0, 90.0, 50.0),
)

#: Decimal places kept for coordinates on save (1e-5 degree is about 1 m).
COORD_DECIMALS = 5

#: A link's end vertex must lie within this distance of its ``from`` / ``to`` place.
ENDPOINT_TOLERANCE_KM = 2.0

#: A link's geodesic length may differ from its published length by this fraction.
LENGTH_TOLERANCE = 0.10


def default_geodata_dir() -> Path:
    """Return the geodata folder to use: ``$CORRIDOR_GEODATA`` or the shipped one."""
    env = os.environ.get(GEODATA_ENV)
    return Path(env) if env else SHIPPED_GEODATA


@dataclass(frozen=True)
class Defaults:
    """Speeds (km/h) and penalties (hours) used where a link or place gives none.

    A scenario may override any field (``[scenario.overrides]`` in scenarios.toml).
    The sources of each value are listed in ``DEFAULT_SOURCES``.
    """

    rail_speed_kmh: float = 50.0
    road_speed_kmh: float = 60.0
    ferry_speed_kmh: float = 22.0
    mode_transfer_h: float = 3.0
    ferry_transfer_h: float = 7.0
    gauge_break_h: float = 5.0
    rail_border_dwell_h: float = 4.0
    road_border_dwell_h: float = 6.0
    ferry_headway_h: float = 48.0
    access_speed_kmh: float = 30.0
    speed_by_status: dict[str, float] = field(default_factory=dict)


DEFAULTS = Defaults()

#: Where each default comes from (field name -> explanation with URL).
DEFAULT_SOURCES: dict[str, str] = {}
