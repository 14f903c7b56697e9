"""Typed defaults: data location, validation tolerances, speeds and transfer times with sources."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from corridor._errors import InvalidArgument

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

# --------------------------------------------------------------------------- cost and emissions


def per_tonne(usd_per_unit: float, tonnes_per_unit: float) -> float:
    """Return a tariff per vehicle or unit (wagon, truck, container) in US$ per tonne of cargo.

    Parameters
    ----------
    usd_per_unit
        The tariff of one loaded unit, US$.
    tonnes_per_unit
        The cargo it carries, tonnes (a stated load: the conversion is as uncertain as it).
    """
    if tonnes_per_unit <= 0:
        raise InvalidArgument(f"tonnes per unit must be positive, got {tonnes_per_unit}")
    return usd_per_unit / tonnes_per_unit


#: ASCO's published ferry tariff for loaded rail wagons up to 15 m long, "other cargo" (base
#: rate), US$ per running metre of wagon, by ferry link of geodata/links.geojson
#: (https://www.asco.az/az/pages/19/218, undated; sources in COST_SOURCES).
ASCO_WAGON_USD_PER_M: dict[str, float] = {
    "alat_turkmenbashi_ferry": 43.0,
    "alat_kuryk_ferry": 48.0,
}
#: Wagon length charged, m: an assumption between the 13 m four-axle wagon the same tariff
#: charges tank wagons as and its 15 m limit for the base rate.
ASCO_WAGON_M = 14.0
#: Cargo per wagon, t: ASCO's ferry potential of 4.56 Mt a year or 95,000 wagons
#: (http://www.azernews.az/business/91688.html, the figure of geodata/capacities.csv).
ASCO_TONNES_PER_WAGON = 4.56e6 / 95_000
#: Sailing lengths of the two lines in geodata/links.geojson, km (the geodesic length of the
#: link geometry, as the network charges it).
_ASCO_LINE_KM = {"alat_turkmenbashi_ferry": 345.9, "alat_kuryk_ferry": 471.8}

#: Ferry tariff per tonne of the lines with a published tariff (ferry link id -> US$ per
#: tonne for the crossing): wagon tariff x wagon length / tonnes per wagon.
FERRY_USD_T_BY_LINK: dict[str, float] = {
    link: round(per_tonne(usd_m * ASCO_WAGON_M, ASCO_TONNES_PER_WAGON), 2)
    for link, usd_m in ASCO_WAGON_USD_PER_M.items()
}
#: Ferry tariff of the other ferry links, US$ per tonne-km: the mean over the ASCO lines of
#: their fare per tonne / their sailing km.
FERRY_USD_TKM = round(
    sum(FERRY_USD_T_BY_LINK[k] / _ASCO_LINE_KM[k] for k in FERRY_USD_T_BY_LINK)
    / len(FERRY_USD_T_BY_LINK), 4)


#: Cargo tonnes per loaded twenty-foot container (the CPMM reference 20-ton cargo), the load
#: that turns the per-container and per-20-ton figures below into US$ per tonne.
TONNES_PER_TEU = 20.0

#: The CAREC CPMM trade facilitation indicator TFI3, "cost incurred to travel a corridor
#: section", is published in US$ per 500 km for a 20-ton cargo (the country tables state the
#: unit, e.g. https://cpmm.carecprogram.org/2022-report/kazakhstan).
CPMM_TFI3_KM = 500.0
CPMM_TFI3_TONNES = 20.0
#: CPMM 2022 rail TFI3, US$ per 500 km for a 20-ton cargo: all CAREC corridors (key ``"all"``)
#: and the country chapters that publish a rail figure (ISO3 code; sources in COST_SOURCES and
#: RAIL_USD_TKM_BY_COUNTRY_SOURCES). The Azerbaijan chapter publishes road figures only.
CPMM_2022_RAIL_TFI3_USD: dict[str, float] = {
    "all": 804.0,
    "KAZ": 883.0,
    "UZB": 635.0,
    "TKM": 1308.0,
}


def cpmm_usd_tkm(usd_per_500km_20t: float) -> float:
    """Return a CPMM TFI3 figure (US$ per 500 km for a 20-ton cargo) in US$ per tonne-km."""
    return usd_per_500km_20t / (CPMM_TFI3_KM * CPMM_TFI3_TONNES)


#: Terminal handling charge of a laden 20 ft container loaded onto a ship at Poti, US$
#: (http://cbw.ge/economy/container-terminals-future-in-georgia/, 2018; US$350 to discharge
#: one at Mersin): the port handling charged at each ferry transfer, per tonne at TONNES_PER_TEU.
POTI_THC_USD_20FT = 290.0
#: Terminal handling of a laden container arriving by rail at the Zhetygen transport and
#: logistics centre (Kazakhstan), tenge per unit, with its two handling operations
#: (https://tlcz.kz/tariffs_kk, undated): the rail-road transhipment, per tonne at
#: TONNES_PER_TEU after conversion at KZT_PER_USD.
ZHETYGEN_KZT_PER_CONTAINER = 44_900.0
#: Tenge per US dollar for that conversion: an assumption, about the 2023-2024 rate (the
#: tariff page is undated, so the rate of its date is unknown: uncertain).
KZT_PER_USD = 470.0


@dataclass(frozen=True)
class CostRates:
    """Freight tariffs (US$ per tonne) and emission factors (kg CO2e per tonne) of the network.

    Every value is per tonne of cargo; :data:`COST_SOURCES` gives the source of each field
    (``corridor.network.costs`` turns them into the edge attributes ``cost_usd_t`` and
    ``co2_kg_t``).

    Attributes
    ----------
    rail_usd_tkm, road_usd_tkm
        Line-haul tariff by rail and by truck, US$ per tonne-km.
    ferry_usd_tkm
        Ferry tariff, US$ per tonne-km of the sailing, of a ferry link without a published
        fare of its own.
    ferry_usd_t_by_link
        Fare of single ferry lines (link id -> US$ per tonne for the crossing) where one is
        published (:data:`FERRY_USD_T_BY_LINK`); :meth:`ferry_fare` uses it.
    rail_border_usd_t, road_border_usd_t
        Fees and payments at a border crossing (both posts), US$ per tonne.
    ferry_transfer_usd_t
        Port handling: loading onto or unloading from a ferry, US$ per tonne.
    mode_transfer_usd_t
        Transhipment between rail and road, US$ per tonne.
    gauge_break_usd_t
        Bogie exchange or transhipment at a change of rail gauge, US$ per tonne.
    value_of_time_usd_th
        Value of time of the cargo, US$ per tonne-hour (the generalised cost is money plus
        this times the hours).
    rail_co2_kg_tkm, road_co2_kg_tkm, ferry_co2_kg_tkm
        Emissions, kg CO2e per tonne-km.
    tonnes_per_teu
        Cargo tonnes per loaded twenty-foot container, for the per-TEU figures.
    rail_usd_tkm_by_country
        Rail tariff of single countries (ISO3 code -> US$ per tonne-km) where one is
        published (:data:`RAIL_USD_TKM_BY_COUNTRY`); a rail link in any other country, or
        without a country, is charged ``rail_usd_tkm``.
    """

    rail_usd_tkm: float = round(cpmm_usd_tkm(CPMM_2022_RAIL_TFI3_USD["all"]), 4)
    road_usd_tkm: float = 0.0945
    ferry_usd_tkm: float = FERRY_USD_TKM
    rail_border_usd_t: float = 10.75
    road_border_usd_t: float = 10.4
    ferry_transfer_usd_t: float = round(per_tonne(POTI_THC_USD_20FT, TONNES_PER_TEU), 2)
    mode_transfer_usd_t: float = round(
        per_tonne(ZHETYGEN_KZT_PER_CONTAINER / KZT_PER_USD, TONNES_PER_TEU), 2)
    gauge_break_usd_t: float = 5.0
    value_of_time_usd_th: float = 0.5
    rail_co2_kg_tkm: float = 0.030
    road_co2_kg_tkm: float = 0.0903
    ferry_co2_kg_tkm: float = 0.060
    tonnes_per_teu: float = TONNES_PER_TEU
    rail_usd_tkm_by_country: Mapping[str, float] = field(
        default_factory=lambda: dict(RAIL_USD_TKM_BY_COUNTRY))
    ferry_usd_t_by_link: Mapping[str, float] = field(
        default_factory=lambda: dict(FERRY_USD_T_BY_LINK))

    def rail_rate(self, country: str | None) -> float:
        """Return the rail tariff (US$ per tonne-km) of a link in ``country``."""
        if country is not None and country in self.rail_usd_tkm_by_country:
            return float(self.rail_usd_tkm_by_country[country])
        return self.rail_usd_tkm

    def ferry_fare(self, link_id: str | None, km: float) -> float:
        """Return the fare (US$ per tonne) of a whole crossing of ferry link ``link_id``.

        The line's published fare where there is one, else ``km`` x ``ferry_usd_tkm``.
        """
        if link_id is not None and link_id in self.ferry_usd_t_by_link:
            return float(self.ferry_usd_t_by_link[link_id])
        return km * self.ferry_usd_tkm


_GR_GEO_KM = 362.5  # Gardabani (AZE border) - Tbilisi - Samtredia - Poti, km of geodata/links
_TCDD_EUR_TKM = 16_000 / (500 * 1040)  # EUR 16k for 500 t Konya - Kapikule, 1,040 km (2022)
_USD_PER_EUR = 1.05
#: Azerbaijan's cap on the rail transit tariff of "other oil products" Alat - Boyuk Kasik,
#: US$ per tonne (https://transit.az/az/pages/51), and the km of that section in
#: geodata/links.geojson (alat to boyuk_kasik by rail, as the network charges it).
AZE_RAIL_CAP_USD_T = 13.0
AZE_ALAT_BOYUK_KASIK_KM = 467.1

#: Rail tariffs published for one country, US$ per tonne-km (ISO3 code -> rate); sources in
#: :data:`RAIL_USD_TKM_BY_COUNTRY_SOURCES`. Other countries pay ``CostRates.rail_usd_tkm``.
RAIL_USD_TKM_BY_COUNTRY: dict[str, float] = {
    "AZE": round(AZE_RAIL_CAP_USD_T / AZE_ALAT_BOYUK_KASIK_KM, 4),
    "GEO": round(123.0 / (20.0 * _GR_GEO_KM), 4),
    "KAZ": round(cpmm_usd_tkm(CPMM_2022_RAIL_TFI3_USD["KAZ"]), 4),
    "TKM": round(cpmm_usd_tkm(CPMM_2022_RAIL_TFI3_USD["TKM"]), 4),
    "TUR": round(_TCDD_EUR_TKM * _USD_PER_EUR, 4),
    "UZB": round(cpmm_usd_tkm(CPMM_2022_RAIL_TFI3_USD["UZB"]), 4),
}

#: Where each rate of :data:`RAIL_USD_TKM_BY_COUNTRY` comes from, and the countries whose
#: published figure was found but not used (key ``"not used"``).
RAIL_USD_TKM_BY_COUNTRY_SOURCES: dict[str, str] = {
    "AZE": (
        "Coordinating Council on Transit Freight of Azerbaijan: upper limits of the tariffs for "
        "the rail transit of oil and oil products, US$13.00 per tonne of 'other oil products' "
        "Alat - Boyuk Kasik (crude oil US$11.00, fuel oil US$12.00), https://transit.az/az/"
        "pages/51 (undated); per tonne-km over the 467.1 km Alat - Boyuk Kasik of geodata/"
        "links.geojson: 13.00 / 467.1 = 0.0278 US$/t-km (0.0236 for crude). Uncertain: a "
        "cap, for oil in tank wagons, and the railway's tariff only; no published rate of "
        "Azerbaijan Railways for containers or general cargo was found (searched: ADY freight "
        "tariffs, ADY Express, 'tarif AZhD tranzit konteyner' in Russian and Azerbaijani), and "
        "the CPMM country chapter gives road figures only "
        "(https://cpmm.carecprogram.org/2022-report/azerbaijan)"
    ),
    "KAZ": (
        "CAREC CPMM 2022, Kazakhstan, rail: cost incurred to travel a corridor section (TFI3) "
        "US$883 per 500 km per 20-ton cargo (US$924 in 2021), "
        "https://cpmm.carecprogram.org/2022-report/kazakhstan : 883 / (500 x 20) = 0.0883 "
        "US$/t-km; like the network-wide default a shipper's total cost, measured on the "
        "CAREC corridors through the country"
    ),
    "TKM": (
        "CAREC CPMM 2022, Turkmenistan, rail TFI3 US$1,308 per 500 km per 20-ton cargo "
        "(US$1,349 in 2021, US$1,357 in 2023), "
        "https://cpmm.carecprogram.org/2022-report/turkmenistan : 1308 / (500 x 20) = 0.1308 "
        "US$/t-km; a shipper's total cost as for KAZ. Over the 1,246 km of Turkmen rail on the "
        "Tashkent-Turkmenbashi-Akhalkalaki-Derince path it comes to more than a published "
        "through-rate of the whole path (docs/flows.md), so transit container tariffs through "
        "Turkmenistan are likely lower than this average"
    ),
    "UZB": (
        "CAREC CPMM 2022, Uzbekistan, rail TFI3 US$635 per 500 km per 20-ton cargo (US$665 "
        "in 2021), https://cpmm.carecprogram.org/2022-report/uzbekistan : 635 / (500 x 20) = "
        "0.0635 US$/t-km; a shipper's total cost as for KAZ"
    ),
    "GEO": (
        "Georgian Railway: US$123 per container on the South-West route (Azerbaijan border "
        "to the Black Sea ports), 'the lowest tariff' it applies, said its chairman in June "
        "2017: https://sea-news.az/2017/06/19/georgia-says-has-lowest-fee-in-south-west-"
        "transport-corridor/ ; per tonne-km over the 362.5 km Gardabani-Tbilisi-Samtredia-"
        "Poti of geodata/links.geojson with 20 t per container (assumptions: a twenty-foot "
        "container, the Poti branch; uncertain, a promotional rate that may cover the "
        "railway's tariff only, while the CPMM default is the shipper's total transport cost)"
    ),
    "TUR": (
        "TCDD Tasimacilik international (euro) tariff: about EUR 16,000 for a 500 t export "
        "load Konya-Kapikule, 1,040 km, in April 2022 = 0.0308 EUR/t-km "
        "(https://railturkey.org/2022/04/05/rail-freight-prices-increased-as-well/ ; the "
        "cheapest international fare for 1,000 km was EUR 30.6/t in 2018, "
        "https://railturkey.org/2018/11/07/tariff-advantage-disallowed/), converted at "
        "1.05 US$/EUR (assumption: about the 2022 average; the rate ranged 0.96-1.14 in 2022)"
    ),
    "not used": (
        "Azerbaijan and Georgia together: a discounted US$800 per 20 ft container Baku/Kishli - "
        "Poti/Batumi, and about US$1,350 per 20 ft Alat - Mersin by rail (2018, "
        "http://cbw.ge/economy/container-terminals-future-in-georgia/), joint rates not "
        "split by country: a cross-check only. "
        "Kazakhstan, Turkmenistan, Iran: special container rates of US$0.12-0.15 per TEU-km "
        "(https://arfc.kz/kz/agreed-on-uniform-reduced-rates-for-the-transportation-of-"
        "containers-along-the-entire-eastern-route-of-the-north-south-corridor ; "
        "https://cfts.org.ua/news/kazakhstan_sformiroval_novyy_tarifnyy_koridor_dlya_"
        "tranzita_konteynerov_31197) are for the use of the infrastructure with the shipper's "
        "own wagons and containers on the North-South route, not a total tariff: not used "
        "(Kazakhstan and Turkmenistan pay their CPMM country rates, Iran the CPMM default)"
    ),
}

COST_RATES = CostRates()

_CPMM_2022 = "https://cpmm.carecprogram.org/?p=130"

#: Where each :class:`CostRates` value comes from (field name -> explanation with URL).
COST_SOURCES: dict[str, str] = {
    "rail_usd_tkm": (
        "CAREC CPMM 2022, rail, all CAREC corridors: total transport cost (TFI3) US$804 per "
        f"500 km for a 20-ton cargo: 804 / (500 x 20) = 0.0804 US$/t-km; {_CPMM_2022} (the "
        "unit, '$, per 500km, per 20-ton cargo', is stated in the country tables, e.g. "
        "https://cpmm.carecprogram.org/2022-report/kazakhstan). Used where no country rate "
        "is published (rail_usd_tkm_by_country): the rail links of Iran, Armenia, China and "
        "Bulgaria in geodata/links.geojson, and any link without a country"
    ),
    "road_usd_tkm": (
        "CAREC CPMM 2022, road: total transport cost (TFI3) US$945 per 500 km for a 20-ton "
        f"cargo: 945 / (500 x 20) = 0.0945 US$/t-km; {_CPMM_2022}"
    ),
    "ferry_usd_tkm": (
        "the ferry links without a published fare of their own (Alat-Aktau, the Black Sea "
        "ferries, Lake Van) pay the mean of the ASCO wagon fares per tonne-km over the two "
        "lines' sailing km in geodata/links: 12.54 / 345.9 = 0.0363 (Alat-Turkmenbashi) and "
        "14.0 / 471.8 = 0.0297 (Alat-Kuryk), mean 0.033 US$/t-km (see ferry_usd_t_by_link, "
        "https://www.asco.az/az/pages/19/218). Assumption that they cost as much per "
        "tonne-km: ASCO publishes no wagon tariff for Alat-Aktau, and no tariff of the Black "
        "Sea ferries (Poti/Batumi-Constanta, -Burgas, -Chornomorsk) or the Van ferry was "
        "found. Cross-check: Azerbaijan's transit council caps the Caspian tanker freight of "
        "Turkmen crude at US$10-11.5 per tonne (https://transit.az/az/pages/51), the same "
        "order as the wagon fares"
    ),
    "ferry_usd_t_by_link": (
        "ASCO (Azerbaijan Caspian Shipping) wagon tariff, https://www.asco.az/az/pages/19/218 "
        "(undated): loaded wagon up to 15 m, 'other cargo' base rate, US$43 per running "
        "metre Alat-Turkmenbashi and US$48 Alat-Kuryk (empty wagon US$34 / 39, not charged "
        "here). Per tonne = rate x 14 m (assumption: between the 13 m four-axle wagon the "
        "tariff charges tank wagons as and its 15 m limit) / 48 t per wagon (ASCO's ferry "
        "potential 4.56 Mt a year = 95,000 wagons, http://www.azernews.az/business/91688.html):"
        " 43 x 14 / 48 = 12.54 and 48 x 14 / 48 = 14.0 US$/t; uncertain as the wagon length "
        "and load are (+-7% for 13-15 m). The same operator charges trucks US$60.5 per "
        "running metre Alat-Turkmenbashi (US$998 for a 16.5 m truck: the US$1,000 it "
        "announced from 1 March 2023, https://metbuat.az/news/1461375/baki-turkmenbasi-baki-"
        "xettinde-gemi-dasimalari-tariflerine-e.html) and US$73 Alat-Kuryk, and containers "
        "US$500 / 1,000 (20 / 40 ft) Alat-Turkmenbashi and US$600 / 1,200 Alat-Kuryk "
        "(https://www.asco.az/az/pages/3/140): about 50 US$/t for a truck with 20 t, 25-30 "
        "US$/t for a TEU with 20 t. The network has one ferry layer for every vehicle and "
        "charges the wagon fare, the lowest per tonne, as wagons carry most of the ferry "
        "tonnage (13,788 wagons and 6,543 trucks through the Alat ferry terminal in Q1 2019, "
        "http://abc.az/en/news/25637): a truck or container crossing is under-charged"
    ),
    "rail_border_usd_t": (
        "CAREC CPMM 2022, rail: border-crossing cost (TFI2) US$215 for a 20-ton cargo = "
        f"10.75 US$/t; {_CPMM_2022}"
    ),
    "road_border_usd_t": (
        "CAREC CPMM 2022, road: border-crossing cost (TFI2) US$208 for a 20-ton cargo = "
        f"10.4 US$/t; {_CPMM_2022}"
    ),
    "ferry_transfer_usd_t": (
        "Poti (APM Terminals) terminal handling charge US$290 per laden 20 ft container "
        "loaded onto a ship, 2018, as published in a breakdown of Poti-Mersin costs "
        "(http://cbw.ge/economy/container-terminals-future-in-georgia/; US$350 to discharge "
        "at Mersin): 290 / 20 t per container = 14.5 US$ per tonne loaded onto or unloaded "
        "from a ferry (uncertain: the load per container is the CPMM reference 20 t, and a "
        "container lift at a sea port is charged for every port transfer, while the Caspian "
        "rail ferries roll wagons aboard, whose handling may cost less; the World Bank's "
        "2023 Middle Trade and Transport Corridor report, https://openknowledge.worldbank.org/"
        "entities/publication/4d781a1f-ace4-420d-9192-964bbc98b0d1, calls Georgia's container "
        "port tariffs the highest of the Black Sea, as relayed by "
        "https://worldnewsam.com/story/6010). No published handling "
        "tariff of Alat, Aktau, Kuryk or Turkmenbashi was found (searched in English, Russian "
        "and Azerbaijani: Port of Baku tariffs, ferry terminal wagon fees, Aktau and Kuryk "
        "port tariffs per wagon or tonne, Turkmenbashi port tariffs, the 2020 APM Terminals "
        "Poti tariff book (a mirror only, not cited); Batumi publishes vessel dues per GRT "
        "only, http://batumiport.com/text/152/geo; Azerbaijan's transit council caps the "
        "handling of oil at its sea terminals, decision 02 of 2015, "
        "http://transit.az/az/decision-view/2-qerar-02, whose annex was not readable)"
    ),
    "mode_transfer_usd_t": (
        "Zhetygen transport and logistics centre (Almaty region, Kazakhstan) tariff: terminal "
        "handling of a laden container arriving by rail, with its two handling operations, "
        "44,900 tenge per unit (listed for 20' DC, 40' HC and 45' HC; https://tlcz.kz/"
        "tariffs_kk, undated): 44,900 / 470 KZT per US$ (assumption: about the 2023-2024 "
        "rate) / 20 t per container = 4.78 US$ per tonne per rail-road transhipment "
        "(uncertain: the date and so the exchange rate, whether VAT is included, and the "
        "load). Cross-check: the Rotterdam-Busto Arsizio intermodal case, terminal handling "
        "EUR 14,400 a year for EUR 188,075 / EUR 2,311 = 81 loading units "
        "(https://etrr.springeropen.com/articles/10.1186/s12544-018-0295-7/tables/2), about "
        "EUR 177 per unit for 2-4 lifts: 2.3-4.6 US$/t for a 20 t unit at 1.05 US$/EUR"
    ),
    "gauge_break_usd_t": (
        "assumption: 5 US$ per tonne per bogie exchange or transhipment at a change of "
        "gauge. No published fee of Akhalkalaki, Dostyk/Altynkol or Sarakhs was found "
        "(searched in English and Russian: bogie exchange cost per wagon, перестановка "
        "вагонов стоимость, перегрузка контейнера Достык стоимость; and, again, in English "
        "and Russian: bogie exchange fee per wagon at Akhalkalaki, смена колесных пар "
        "стоимость, transloading fee per container at Dostyk TransTerminal and KTZE Khorgos "
        "Gateway, ESCAP studies of railway border crossings, CPMM cost breakdowns by "
        "activity). Closest published: through rates that include the Akhalkalaki gauge "
        "change without stating its share, e.g. US$2,305 per 20 ft container Sergeli "
        "(Tashkent) - Turkmenbashi ferry - Alat - Akhalkalaki - Derince, April 2020 "
        "(https://www.interrail.ru/ru/News/TarifDetail?postId=442); a transhipment between "
        "wagons is two terminal lifts, as the rail-road transfer (mode_transfer_usd_t, 4.78 "
        "US$/t at Zhetygen), which bounds the assumption from below"
    ),
    "value_of_time_usd_th": (
        "assumption: 0.5 US$ per tonne-hour, within the published range of 0.03-2 EUR per "
        "tonne-hour for freight (Kreutzberger 2008, as reviewed in "
        "https://5dok.net/article/methodology-intermodal-transport-value-time-new-terminal-"
        "locations.zx53v14d). No value for the region was found (searched: OECD ITF, HEATCO, "
        "value of freight travel time savings per tonne-hour); the meta-analysis of 106 "
        "values (Binsuwadan, de Jong, Batley, Wheat 2021, "
        "https://www.springerprofessional.de/the-value-of-travel-time-savings-in-freight-"
        "transport-a-meta-ana/19374644) implies values by country and mode from GDP per "
        "capita, which its abstract does not give per tonne-hour (searched again: its implied "
        "values, HEATCO and TRANSTOOLS national values, the Dutch freight value-of-time "
        "studies: none per tonne-hour in a readable page). Cross-check: rail freight in South "
        "Korea, US$2.35 per tonne-hour for shippers and US$1.21 for producers "
        "(https://trid.trb.org/view/909968), for an economy with several times the GDP per "
        "capita of the corridor's countries, which the meta-analysis finds the value rises "
        "with"
    ),
    "rail_co2_kg_tkm": (
        "UK DEFRA company-reporting guidelines, rail freight 0.03 kg CO2 per tonne-km, as "
        "given to Parliament: https://hansard.parliament.uk/Commons/2007-06-04/debates/"
        "07060419000014/FreightTransport (GLEC Framework defaults were not reachable)"
    ),
    "road_co2_kg_tkm": (
        "road freight 90.3 g CO2 per tonne-km (KiM / CE Delft, 2014), "
        "https://etrr.springeropen.com/articles/10.1186/s12544-019-0344-x/tables/9"
    ),
    "ferry_co2_kg_tkm": (
        "UK DEFRA, small roll-on roll-off ship 0.06 kg CO2 per tonne-km: "
        "https://hansard.parliament.uk/Commons/2007-06-04/debates/07060419000014/"
        "FreightTransport"
    ),
    "tonnes_per_teu": (
        "assumption: the CPMM reference cargo of 20 tons in one twenty-foot container (whose "
        "payload is at most about 21.6 t, "
        "https://en.wikipedia.org/wiki/Twenty-foot_equivalent_unit)"
    ),
    "rail_usd_tkm_by_country": (
        "per-country rail tariffs where one is published: "
        + "; ".join(f"{k}: {v}" for k, v in RAIL_USD_TKM_BY_COUNTRY_SOURCES.items())
    ),
}
