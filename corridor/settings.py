"""Typed defaults: data location, validation tolerances, speeds and transfer times with sources."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

from corridor._errors import InvalidArgument

# the cost and emission defaults (tariffs, fees, CO2 factors and their sources) live in
# corridor.tariffs and are re-exported here, where the package reads them
from corridor.tariffs import (  # noqa: F401
    ASCO_TONNES_PER_WAGON,
    ASCO_WAGON_M,
    ASCO_WAGON_USD_PER_M,
    AZE_ALAT_BOYUK_KASIK_KM,
    AZE_RAIL_CAP_USD_T,
    CHINA_EUROPE_RAIL_CARGO_TEU,
    CHINA_EUROPE_RAIL_CARGO_USD,
    COST_RATES,
    COST_SOURCES,
    CPMM_2022_RAIL_TFI3_USD,
    CPMM_TFI3_KM,
    CPMM_TFI3_TONNES,
    FERRY_USD_T_BY_LINK,
    FERRY_USD_TKM,
    KZT_PER_USD,
    POTI_THC_USD_20FT,
    RAIL_USD_TKM_BY_COUNTRY,
    RAIL_USD_TKM_BY_COUNTRY_SOURCES,
    TIME_COST_SHARE_PER_DAY,
    TONNES_PER_TEU,
    ZHETYGEN_KZT_PER_CONTAINER,
    CostRates,
    cpmm_usd_tkm,
    per_tonne,
    time_cost_usd_th,
)

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

#: Many-to-many shortest paths (:meth:`corridor.paths.CSRGraph.od_matrix`, ``link_cuts``: OD
#: times and criticality sweeps) run on a customizable contraction hierarchy instead of one
#: Dijkstra per source when ``routingkit-cch`` (the ``scale`` extra) is installed and the
#: graph has at least this many nodes. Measured on the benchmark's synthetic extracts
#: (benchmarks/bench_ch.py): at 30,000 nodes preprocessing costs about as much as 150
#: Dijkstra runs and each CH source is about 15× cheaper than a Dijkstra run, so below this
#: size an OD is cheap either way.
CH_MIN_NODES = 50_000
#: ... and the query may need at least this many Dijkstra runs (an OD one per source, a
#: criticality sweep up to one per source and cut link), or the graph's hierarchy is built
#: already (it is kept with the graph's CSR view, so later queries pay no preprocessing).
CH_MIN_SOURCES = 100
#: Threads answering an OD matrix on the hierarchy (RoutingKit's queries release the GIL);
#: 0: as many as the CPUs this process may use, at most 8.
CH_THREADS = 0

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
    "rail": DetourFit(factor=1.105, n=46, median_ratio=1.105, median_abs_error=0.0791),
    "road": DetourFit(factor=1.166, n=8, median_ratio=1.1663, median_abs_error=0.0417),
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
        Rail speed on a link without ``speed_kmh`` whose line class has no entry in
        :data:`LINE_SPEEDS`, km/h (freight: CAREC CPMM rail speed without delay).
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
        Dwell of a train at a border crossing in a direction without a row in
        ``border_times.csv`` (nor a place ``rail_dwell_h``), hours.
    road_border_dwell_h
        Dwell of a truck (or bus) at a border crossing, likewise, hours.
    port_customs_h
        Customs at the two ports of a ferry joining two countries (both posts together, in a
        direction without a row in ``border_times.csv``), hours.
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

    rail_speed_kmh: float = 53.9
    road_speed_kmh: float = 42.0
    ferry_speed_kmh: float = 25.0
    mode_transfer_h: float = 3.0
    ferry_transfer_h: float = 7.0
    gauge_break_h: float = 5.0
    rail_border_dwell_h: float = 10.5
    road_border_dwell_h: float = 9.9
    port_customs_h: float = 2.0
    ferry_headway_h: float = 48.0
    access_speed_kmh: float = 23.0
    speed_by_status: dict[str, float] = field(default_factory=dict)
    detour_factors: dict[str, float] = field(
        default_factory=lambda: {mode: fit.factor for mode, fit in DETOUR_FITS.items()})


DEFAULTS = Defaults()

#: Where each default comes from (field name -> explanation with URL).
DEFAULT_SOURCES: dict[str, str] = {
    "rail_speed_kmh": (
        "CAREC CPMM 2022: rail speed without delay (SWOD) 53.9 km/h (41.6 in 2021); "
        "https://cpmm.carecprogram.org/?p=130"
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
        "CAREC CPMM 2022, rail, one exit post plus one entry post: Kazakhstan outbound 6.8 h "
        "(https://cpmm.carecprogram.org/2022-report/kazakhstan) + Turkmenistan inbound 3.7 h "
        "(https://cpmm.carecprogram.org/2023-report/turkmenistan, 2022 column) = 10.5 h. The "
        "CPMM average over all rail crossings, 40.6 h in 2022 "
        "(https://cpmm.carecprogram.org/?p=130), includes the waiting for gauge changes at "
        "the crossings with China (Kazakhstan inbound 78.0 h), which the model charges "
        "separately (gauge_break_h) and which border_times.csv gives per crossing"
    ),
    "road_border_dwell_h": (
        "CAREC CPMM 2022: average road border-crossing time 9.9 h (13.6 h in 2021); "
        "https://cpmm.carecprogram.org/2022-report/road-transport"
    ),
    "port_customs_h": (
        "CAREC CPMM 2022, Azerbaijan: Baku (sea port) road BCP 1.8 h outbound, 0.2 h inbound "
        "(https://cpmm.carecprogram.org/2022-report/azerbaijan); the default is their sum "
        "rounded up, for ports without their own rows in border_times.csv"
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

# --------------------------------------------------------------------------- time profiles

#: Traffic profiles: what moves (freight trains and trucks, or passengers by train and bus).
#: ``freight`` is the default everywhere.
PROFILES: tuple[str, ...] = ("freight", "passenger")
#: The default profile.
DEFAULT_PROFILE = "freight"

#: Fields of :class:`Defaults` a profile replaces (``freight`` uses :data:`DEFAULTS` as is);
#: a scenario's ``[NAME.overrides]`` apply on top, and ``[NAME.overrides.passenger]`` (or
#: ``.freight``) to one profile only.
PROFILE_DEFAULTS: dict[str, dict[str, float]] = {
    "freight": {},
    "passenger": {
        "rail_speed_kmh": 47.3,
        "road_speed_kmh": 64.5,
        "rail_border_dwell_h": 3.0,
        "road_border_dwell_h": 2.0,
        "mode_transfer_h": 1.0,
        "ferry_transfer_h": 2.0,
        "port_customs_h": 2.0,
    },
}

#: Where each passenger value comes from (field name -> explanation with URL).
PROFILE_SOURCES: dict[str, dict[str, str]] = {
    "freight": {},
    "passenger": {
        "rail_speed_kmh": (
            "derived: Eskisehir-Konya by conventional train 7.5 h for the 355 km of the route "
            "(47.3 km/h; the conventional line is longer than 355 km, so the speed is a lower "
            "bound), TCDD/ministry announcement, "
            "https://www.raillynews.com/2013/03/eskisehir-konya-yht-aciliyor/"
        ),
        "road_speed_kmh": (
            "derived: Eskisehir-Konya by bus 5.5 h for the 355 km of the route (64.5 km/h), same "
            "announcement; https://www.raillynews.com/2013/03/eskisehir-konya-yht-aciliyor/"
        ),
        "rail_border_dwell_h": (
            "Tbilisi-Baku passenger train: both border posts passed in 3 h in total (traveller's "
            "account, 2009, weak); "
            "http://latvianidealist.blogspot.com/2010/01/on-way-to-baku.html"
        ),
        "road_border_dwell_h": (
            "assumption: passport and customs control of a bus at both posts; no published "
            "average was found (CPMM measures trucks only)"
        ),
        "mode_transfer_h": "assumption: a passenger changing between train and bus",
        "ferry_transfer_h": (
            "assumption: boarding a Ro-Pax ferry as a foot or bus passenger (check-in and "
            "boarding), not the loading of wagons and trucks"
        ),
        "port_customs_h": "as for freight (CAREC CPMM 2022, Baku sea port BCP)",
    },
}

#: Line classes a link may give (``line_class``), per mode.
LINE_CLASSES: dict[str, tuple[str, ...]] = {
    "rail": ("high_speed", "main", "secondary"),
    "road": ("motorway", "trunk", "primary", "secondary"),
}

#: Operating speed (km/h) by (mode, line class, profile) where a source gives one; ``None``:
#: the profile does not use lines of that class (freight trains on high-speed lines, unless
#: the link says ``freight: true``). A class without an entry runs at the profile's
#: ``rail_speed_kmh`` / ``road_speed_kmh``. A link's own ``speed_kmh`` caps the class speed.
LINE_SPEEDS: dict[tuple[str, str, str], float | None] = {
    ("rail", "high_speed", "freight"): None,
    ("rail", "high_speed", "passenger"): 163.3,
}

#: Where each :data:`LINE_SPEEDS` value comes from.
LINE_SPEED_SOURCES: dict[tuple[str, str, str], str] = {
    ("rail", "high_speed", "freight"): (
        "TCDD: freight is not carried by high-speed trains; freight trains are planned only on "
        "the mixed Bursa line; https://www.raillynews.com/2014/03/"
        "tcdd-does-not-carry-over-speed-with-trains/"
    ),
    ("rail", "high_speed", "passenger"): (
        "derived: Ankara-Eskisehir YHT 245 km in 1.5 h (163.3 km/h operating average); "
        "https://raillynews.com/2014/05/hizli-tren-ile-istanbul-eskisehirin-banliyosu-olacak/"
    ),
}


def profile_defaults(profile: str = DEFAULT_PROFILE,
                     overrides: dict[str, object] | None = None) -> Defaults:
    """Return the :class:`Defaults` of a profile with ``overrides`` applied on top.

    Raises
    ------
    InvalidArgument
        (a ``ValueError``) For an unknown profile.
    """
    if profile not in PROFILES:
        raise InvalidArgument(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    values: dict[str, object] = dict(PROFILE_DEFAULTS[profile])
    values.update(overrides or {})
    return dataclasses.replace(DEFAULTS, **values)  # type: ignore[arg-type]

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
