"""Typed defaults: data location, validation tolerances, speeds and transfer times with sources."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variable naming the default geodata folder.
GEODATA_ENV = "CORRIDOR_GEODATA"
#: Environment variable naming an extra scenarios TOML file.
SCENARIOS_ENV = "CORRIDOR_SCENARIOS"

def _shipped_geodata() -> Path:
    """Locate the shipped data: ``geodata/`` in a source checkout, else the installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "geodata"
    if (checkout / "places.geojson").exists():
        return checkout
    spec = importlib.util.find_spec("corridor_geodata")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout


#: The geodata folder shipped with the project (``geodata/`` of the checkout, or the copy
#: installed as the data package ``corridor_geodata``).
SHIPPED_GEODATA = _shipped_geodata()

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

#: Maps (:func:`corridor.maps.network_map`) draw every link as its own line with a popup up
#: to this many links; a bigger network is drawn as an *overview*: geometry simplified and
#: merged into one layer per mode and status, no per-link popups, no junction markers and,
#: when still too big, the least important links left out (the legend says which).
MAP_DETAIL_MAX_LINKS = 2000

#: Size an overview map's HTML is kept under, bytes (link geometry gets 80 % of it; the
#: rest is for Leaflet, places, regions and labels).
MAP_MAX_BYTES = 10_000_000

#: Simplification tolerances tried in turn for an overview map, km: the first one whose
#: geometry fits the size budget is used (50 m is invisible below zoom 13, 1 km at zoom 7).
MAP_OVERVIEW_TOLERANCES_KM: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0)


@dataclass(frozen=True)
class DetourFit:
    """The fit of one mode's detour factor (see :mod:`corridor.network.lengths`).

    Attributes
    ----------
    factor
        Multiplier applied to a link's geometry length when it has no published length
        (the median of published / geometry over the ``n`` links; 1.0 when ``n`` is too small).
    n
        Links of the mode with both a published length and a geometry.
    median_ratio
        Median of published / geometry length over those links (``None`` when ``n`` is 0).
    median_abs_error
        Median absolute relative error of ``factor`` x geometry against the published
        length over those links (``None`` when ``n`` is 0).
    """

    factor: float
    n: int
    median_ratio: float | None
    median_abs_error: float | None


#: A mode needs at least this many links with both a published and a geometry length before
#: its detour factor is fitted; with fewer its factor is 1.0 (geometry length as drawn).
DETOUR_MIN_LINKS = 5

#: Date of the fit stored in :data:`DETOUR_FITS` (``scripts/fit_detour.py`` recomputes it).
DETOUR_FIT_DATE = "2026-11-30"

#: Per-mode detour factors and their fit on the shipped geodata, DETOUR_FIT_DATE.
#: Source: the links of ``geodata/links.geojson`` with ``length_km_published`` (each with its
#: ``length_source`` or ``source`` URL); method: factor = median(published / geodesic length
#: of the geometry) per mode, 1.0 for a mode with fewer than DETOUR_MIN_LINKS such links
#: (docs/network-and-routing.md, "Lengths"). Refit with ``python scripts/fit_detour.py``;
#: tests/test_lengths.py fails when these differ from the fit of the shipped data.
DETOUR_FITS: dict[str, DetourFit] = {
    "rail": DetourFit(factor=1.005, n=13, median_ratio=1.0055, median_abs_error=0.028),
    "road": DetourFit(factor=1.0, n=2, median_ratio=1.0076, median_abs_error=0.0676),
    "ferry": DetourFit(factor=1.0, n=0, median_ratio=None, median_abs_error=None),
}


def default_geodata_dir() -> Path:
    """Return the geodata folder to use: ``$CORRIDOR_GEODATA`` or the shipped one."""
    env = os.environ.get(GEODATA_ENV)
    return Path(env) if env else SHIPPED_GEODATA


@dataclass(frozen=True)
class Defaults:
    """Speeds (km/h) and penalties (hours) used where a link or place gives none.

    A scenario may override any field (``[NAME.overrides]`` in scenarios.toml).
    The sources of each value are listed in ``DEFAULT_SOURCES``.

    Attributes
    ----------
    rail_speed_kmh
        Rail speed on a link without ``speed_kmh``, km/h (CAREC CPMM rail speed without delay).
    road_speed_kmh
        Road (truck) speed on a link without ``speed_kmh``, km/h (CPMM road speed without delay).
    ferry_speed_kmh
        Ferry speed when a ferry link has no ``sailing_h``, km/h.
    mode_transfer_h
        Time to change between rail and road at a place, hours.
    ferry_transfer_h
        Time to load onto / unload from a ferry at a port, hours.
    gauge_break_h
        Time to change gauge (1520 <-> 1435 mm) by bogie exchange or transshipment, hours.
    rail_border_dwell_h
        Dwell of a train at a border crossing without ``rail_dwell_h``, hours.
    road_border_dwell_h
        Dwell of a truck at a border crossing without ``road_dwell_h``, hours.
    ferry_headway_h
        Time between ferry departures when a ferry link has no ``headway_h``, hours
        (a route waits half of it).
    access_speed_kmh
        Speed of the access leg from a free (lon, lat) point to the network, km/h.
    speed_by_status
        Optional speed cap (km/h) for links of a status, e.g. ``{"planned": 60}``; empty by
        default (links of every status use their own or the mode's speed).
    detour_factors
        Multiplier of the geometry length of a link without a published length, per mode
        (default: the fitted factors of :data:`DETOUR_FITS`); a mode left out uses 1.0, so
        ``detour_factors = {}`` in a scenario's overrides switches the correction off.
    """

    rail_speed_kmh: float = 42.0
    road_speed_kmh: float = 42.0
    ferry_speed_kmh: float = 25.0
    mode_transfer_h: float = 3.0
    ferry_transfer_h: float = 7.0
    gauge_break_h: float = 5.0
    rail_border_dwell_h: float = 4.0
    road_border_dwell_h: float = 10.0
    ferry_headway_h: float = 48.0
    access_speed_kmh: float = 23.0
    speed_by_status: dict[str, float] = field(default_factory=dict)
    detour_factors: dict[str, float] = field(
        default_factory=lambda: {mode: fit.factor for mode, fit in DETOUR_FITS.items()})


DEFAULTS = Defaults()

#: Where each default comes from (field name -> explanation with URL).
DEFAULT_SOURCES: dict[str, str] = {
    "rail_speed_kmh": (
        "CAREC CPMM 2020: average rail speed without delay (SWOD) 42.2 km/h (45.0 in 2019); "
        "https://cpmm.carecprogram.org/2020-report/rail-transport"
    ),
    "road_speed_kmh": (
        "CAREC CPMM 2022: road speed without delay (SWOD) 42.0 km/h (41.6 in 2021); "
        "https://cpmm.carecprogram.org/2022-report/road-transport"
    ),
    "ferry_speed_kmh": (
        "Alat-Turkmenbashi ferry: about 306 km in about 12 h (25.5 km/h); "
        "https://ru.wikipedia-on-ipfs.org/wiki/%D0%9F%D0%B0%D1%80%D0%BE%D0%BC%D0%BD%D0%B0%D1%8F"
        "_%D0%BF%D0%B5%D1%80%D0%B5%D0%BF%D1%80%D0%B0%D0%B2%D0%B0_%D0%91%D0%B0%D0%BA%D1%83_"
        "%E2%80%94_%D0%A2%D1%83%D1%80%D0%BA%D0%BC%D0%B5%D0%BD%D0%B1%D0%B0%D1%88%D1%8B"
    ),
    "mode_transfer_h": (
        "assumption bounded by sources: crane transfer of a container train at Khorgos in as "
        "little as 47 min (https://en.wikipedia.org/wiki/Break-of-gauge) plus shunting and "
        "customs formalities of 2-4 h for block trains at Alat "
        "(https://vibewire.com.au/?p=94183, relaying ADY via RailFreight.com)"
    ),
    "ferry_transfer_h": (
        "Kuryk ferry complex: handling of one ferry 6-8 h (single-tier), 10-12 h (two-tier); "
        "https://astanatimes.com/2021/08/kuryk-seaport-plans-to-increase-shipment-capacity/"
    ),
    "gauge_break_h": (
        "assumption: freight at Akhalkalaki changes bogies or is transhipped "
        "(https://railwaymagazine.co.uk/4179/new-silk-road-tbilisi-to-kars-line-now-open); "
        "a bogie exchange of a train takes about 5 h at Erenhot (traveller report, "
        "https://transsiberianadventurecom.wordpress.com/2017/07/09/gauging-interest/)"
    ),
    "rail_border_dwell_h": (
        "ADY: joint customs working group cut clearance of block trains to 2-4 h "
        "(https://vibewire.com.au/?p=94183); the CPMM average rail border time (20.6 h 2019, "
        "23.0 h 2020, https://cpmm.carecprogram.org/2020-report/rail-transport) includes "
        "gauge-change crossings with China and is not used as a default"
    ),
    "road_border_dwell_h": (
        "CAREC CPMM 2022: average road border-crossing time 9.9 h (13.6 h in 2021); "
        "https://cpmm.carecprogram.org/2022-report/road-transport"
    ),
    "ferry_headway_h": (
        "assumption: one departure every 2 days; Caspian ferries are unscheduled and leave when "
        "loaded (https://ukr.waykun.com/articles/kaspijske-more-na-korabli-porom-baku-"
        "azerbajdzhan.html) and the Constanta-Poti ferry is weekly "
        "(https://en.vestikavkaza.ru/news/Ferry-service-connects-Georgia-Romania.html)"
    ),
    "access_speed_kmh": (
        "CAREC CPMM 2022: road speed with delay (TFI4) 23.4 km/h, used for the access leg from "
        "a free point; https://cpmm.carecprogram.org/2022-report/road-transport"
    ),
    "speed_by_status": "no cap by default (links use their own speed_kmh or the mode default)",
    "detour_factors": (
        "fitted on the shipped links with both a published length (length_source or source "
        "URL) and a geometry: median published / geodesic length per mode, DETOUR_FITS"
    ),
}

#: OpenStreetMap highway classes from the most to the least important: ``corridor osm build
#: --highway`` keeps a prefix, and overview maps leave the least important out first.
HIGHWAY_CLASSES: tuple[str, ...] = (
    "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
)

# --------------------------------------------------------------------------- corridor places
# Place ids of the TRIPP / Middle Corridor geodata the connectivity report asks about; the
# general functions of corridor.analysis take them as parameters with these as defaults.

#: Caspian ports on the Central Asian shore (east end of the Middle Corridor), place ids.
CENTRAL_ASIA: tuple[str, ...] = ("port_of_aktau", "kuryk", "port_of_turkmenbashi")
#: European ends of the Middle Corridor, place ids.
EUROPE: tuple[str, ...] = ("istanbul", "constanta")
#: Caspian ports (both shores) — east end of the corridor whose single points of failure
#: the report lists.
CASPIAN_PORTS: tuple[str, ...] = (*CENTRAL_ASIA, "port_of_baku")
#: Black Sea ports and Turkey — west end of that corridor.
BLACK_SEA_TURKEY: tuple[str, ...] = ("poti", "batumi", "kars", "istanbul", "constanta")
#: Countries the Nakhchivan–mainland link may cross without counting a "third country":
#: Azerbaijan itself and Armenia, whose Syunik province the TRIPP route crosses by the
#: August 2025 agreement. Any other country (Iran, Georgia, Turkey) is a third country.
NAKHCHIVAN_PARTIES: tuple[str, ...] = ("AZE", "ARM")
#: The place standing for the Nakhchivan exclave.
NAKHCHIVAN = "nakhchivan"
#: The place standing for mainland Azerbaijan.
MAINLAND = "baku"
