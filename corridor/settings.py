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
        Ferry tariff, US$ per tonne-km of the sailing.
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

    rail_usd_tkm: float = 0.0804
    road_usd_tkm: float = 0.0945
    ferry_usd_tkm: float = 0.0804
    rail_border_usd_t: float = 10.75
    road_border_usd_t: float = 10.4
    ferry_transfer_usd_t: float = 5.0
    mode_transfer_usd_t: float = 5.0
    gauge_break_usd_t: float = 5.0
    value_of_time_usd_th: float = 0.5
    rail_co2_kg_tkm: float = 0.030
    road_co2_kg_tkm: float = 0.0903
    ferry_co2_kg_tkm: float = 0.060
    tonnes_per_teu: float = 20.0
    rail_usd_tkm_by_country: Mapping[str, float] = field(
        default_factory=lambda: dict(RAIL_USD_TKM_BY_COUNTRY))

    def rail_rate(self, country: str | None) -> float:
        """Return the rail tariff (US$ per tonne-km) of a link in ``country``."""
        if country is not None and country in self.rail_usd_tkm_by_country:
            return float(self.rail_usd_tkm_by_country[country])
        return self.rail_usd_tkm


_GR_GEO_KM = 362.5  # Gardabani (AZE border) - Tbilisi - Samtredia - Poti, km of geodata/links
_TCDD_EUR_TKM = 16_000 / (500 * 1040)  # EUR 16k for 500 t Konya - Kapikule, 1,040 km (2022)
_USD_PER_EUR = 1.05

#: Rail tariffs published for one country, US$ per tonne-km (ISO3 code -> rate); sources in
#: :data:`RAIL_USD_TKM_BY_COUNTRY_SOURCES`. Other countries pay ``CostRates.rail_usd_tkm``.
RAIL_USD_TKM_BY_COUNTRY: dict[str, float] = {
    "GEO": round(123.0 / (20.0 * _GR_GEO_KM), 4),
    "TUR": round(_TCDD_EUR_TKM * _USD_PER_EUR, 4),
}

#: Where each rate of :data:`RAIL_USD_TKM_BY_COUNTRY` comes from, and the countries whose
#: published figure was found but not used (key ``"not used"``).
RAIL_USD_TKM_BY_COUNTRY_SOURCES: dict[str, str] = {
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
        "Kazakhstan, Turkmenistan, Iran: special container rates of US$0.12-0.15 per TEU-km "
        "(https://arfc.kz/kz/agreed-on-uniform-reduced-rates-for-the-transportation-of-"
        "containers-along-the-entire-eastern-route-of-the-north-south-corridor ; "
        "https://cfts.org.ua/news/kazakhstan_sformiroval_novyy_tarifnyy_koridor_dlya_"
        "tranzita_konteynerov_31197) are for the use of the infrastructure with the shipper's "
        "own wagons and containers on the North-South route, not a total tariff: not used, "
        "these countries pay the CPMM default"
    ),
}

COST_RATES = CostRates()

_CPMM_2022 = "https://cpmm.carecprogram.org/?p=130"

#: Where each :class:`CostRates` value comes from (field name -> explanation with URL).
COST_SOURCES: dict[str, str] = {
    "rail_usd_tkm": (
        "CAREC CPMM 2022, rail: total transport cost (TFI3) US$804, which CPMM measures per "
        f"500 km for a 20-ton cargo: 804 / (500 x 20) = 0.0804 US$/t-km; {_CPMM_2022} "
        "(the per-500-km, per-20-ton normalisation of TFI3 is as the CPMM reports define it; "
        "the cited page gives the US$ figure without restating it: uncertain)"
    ),
    "road_usd_tkm": (
        "CAREC CPMM 2022, road: total transport cost (TFI3) US$945 per 500 km for a 20-ton "
        f"cargo: 945 / (500 x 20) = 0.0945 US$/t-km; {_CPMM_2022}"
    ),
    "ferry_usd_tkm": (
        "assumption: no published Caspian or Black Sea ferry tariff per tonne was found; the "
        f"sailing is charged at the CPMM 2022 rail rate (0.0804 US$/t-km, {_CPMM_2022}); "
        "the port handling is charged separately (ferry_transfer_usd_t)"
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
        "assumption: port handling per tonne loaded or unloaded; no published tariff of the "
        "Caspian ports was found (CPMM names loading/unloading fees among the costly items, "
        "https://www.carecprogram.org/?publication="
        "carec-corridor-performance-measurement-and-monitoring-annual-report-2016)"
    ),
    "mode_transfer_usd_t": "assumption: transhipment between rail and road per tonne",
    "gauge_break_usd_t": (
        "assumption: bogie exchange or transhipment per tonne at a change of gauge"
    ),
    "value_of_time_usd_th": (
        "assumption within the published range of 0.03-2 EUR per tonne-hour for freight "
        "(Kreutzberger 2008, as reviewed in "
        "https://5dok.net/article/methodology-intermodal-transport-value-time-new-terminal-"
        "locations.zx53v14d; meta-analysis: "
        "https://www.springerprofessional.de/the-value-of-travel-time-savings-in-freight-"
        "transport-a-meta-ana/19374644)"
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
