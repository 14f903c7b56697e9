"""Cost and emission defaults of freight routes: published tariffs, fees and factors, with sources.

Everything here is also importable from :mod:`corridor.settings`, which re-exports it (and
which the package reads, so a test or user may override a default there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from corridor._errors import InvalidArgument


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
#: Wagon length charged, m: the length over coupler axes of the standard four-axle 1520 mm
#: gondola, model 12-132 (13,920 mm, the manufacturer's data,
#: http://en.railtransholding.com/catalog/detail.php?ELEMENT_ID=844), between the 13 m
#: four-axle wagon the same tariff charges tank wagons as and its 15 m limit for the base rate.
ASCO_WAGON_M = 13.92
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

#: Time cost of goods in transit as a share of their value per day: the lower end of the
#: 0.6-2.1 % per day that Hummels and Schaur estimate (Time as a Trade Barrier, American
#: Economic Review 103(7), 2013, https://www.aeaweb.org/articles.php?doi=10.1257/aer.103.7.2935).
TIME_COST_SHARE_PER_DAY = 0.006
#: Value and volume of the goods carried by China-Europe freight trains from their start to
#: May 2024: US$380 billion in 8.7 million TEU (China State Railway Group, as reported by
#: Xinhua, http://en.people.cn/n3/2024/0525/c90000-20174045.html).
CHINA_EUROPE_RAIL_CARGO_USD = 380e9
CHINA_EUROPE_RAIL_CARGO_TEU = 8.7e6


def time_cost_usd_th(share_per_day: float, usd_per_teu: float,
                         tonnes_per_teu: float) -> float:
    """Return a value of time of cargo in US$ per tonne-hour.

    Parameters
    ----------
    share_per_day
        Time cost of goods in transit per day, as a share of their value (0.006 = 0.6 %).
    usd_per_teu
        Value of the cargo of one TEU, US$.
    tonnes_per_teu
        Cargo tonnes per TEU (the value per tonne is as uncertain as this load).
    """
    return share_per_day * per_tonne(usd_per_teu, tonnes_per_teu) / 24.0


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
    gauge_break_usd_t: float = round(
        per_tonne(ZHETYGEN_KZT_PER_CONTAINER / KZT_PER_USD, TONNES_PER_TEU), 2)
    value_of_time_usd_th: float = round(time_cost_usd_th(
        TIME_COST_SHARE_PER_DAY, CHINA_EUROPE_RAIL_CARGO_USD / CHINA_EUROPE_RAIL_CARGO_TEU,
        TONNES_PER_TEU), 2)
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


#: Georgian Railway's South-West route tariff, US$ per container (2017), and the km the
#: network charges at Georgia's rate between Boyuk Kasik (the Azerbaijani border station,
#: where the Gardabani - Tbilisi link starts) and Poti by rail.
GEO_RAIL_USD_CONTAINER = 123.0
GEO_BOYUK_KASIK_POTI_KM = 367.0
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
    "GEO": round(GEO_RAIL_USD_CONTAINER / (20.0 * GEO_BOYUK_KASIK_POTI_KM), 4),
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
        "transport-corridor/ ; per tonne-km over the 367.0 km Boyuk Kasik-Gardabani-"
        "Tbilisi-Samtredia-Poti of geodata/links.geojson (the km the network charges at this "
        "rate) with 20 t per container (assumptions: a twenty-foot container, the Poti "
        "branch; uncertain, a promotional rate that may cover the railway's tariff only, "
        "while the CPMM default is the shipper's total transport cost)"
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
        "lines' sailing km in geodata/links: 12.47 / 345.9 = 0.0361 (Alat-Turkmenbashi) and "
        "13.92 / 471.8 = 0.0295 (Alat-Kuryk), mean 0.0328 US$/t-km (see ferry_usd_t_by_link, "
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
        "here). Per tonne = rate x 13.92 m (the length over coupler axes of the standard "
        "four-axle 1520 mm gondola, model 12-132, 13,920 mm in the manufacturer's data, "
        "http://en.railtransholding.com/catalog/detail.php?ELEMENT_ID=844 ; between the 13 m "
        "four-axle wagon the tariff charges tank wagons as and its 15 m limit; 14 m was assumed "
        "before) / 48 t per wagon (ASCO's ferry "
        "potential 4.56 Mt a year = 95,000 wagons, http://www.azernews.az/business/91688.html):"
        " 43 x 13.92 / 48 = 12.47 and 48 x 13.92 / 48 = 13.92 US$/t; uncertain as the wagon "
        "length and load are (a typical wagon, not a count of the wagons the ferries carry: "
        "-7 % to +8 % for 13-15 m). The same operator charges trucks US$60.5 per "
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
        "proxy: a container moved between the wagons of the two gauges (Dostyk, Altynkol, "
        "Akhalkalaki) is the same crane work as the rail-side terminal handling of a laden "
        "container that the Zhetygen terminal publishes with its two handling operations, "
        "44,900 tenge per unit (https://tlcz.kz/tariffs_kk, as mode_transfer_usd_t): 44,900 "
        "/ 470 KZT per US$ / 20 t = 4.78 US$ per tonne per gauge break (5 was assumed "
        "before). Uncertain as that figure is (date, exchange rate, load), and a proxy: a "
        "bogie exchange, which keeps wagons loaded (Akhalkalaki, Sarakhs), may cost more or "
        "less. No published fee of Akhalkalaki, Dostyk/Altynkol or Sarakhs was found "
        "(searched in English and Russian: bogie exchange cost per wagon, перестановка "
        "вагонов стоимость, перегрузка контейнера Достык стоимость; and, again, in English "
        "and Russian: bogie exchange fee per wagon at Akhalkalaki, смена колесных пар "
        "стоимость, transloading fee per container at Dostyk TransTerminal and KTZE Khorgos "
        "Gateway, ESCAP studies of railway border crossings, CPMM cost breakdowns by "
        "activity). Closest published: through rates that include the Akhalkalaki gauge "
        "change without stating its share, e.g. US$2,305 per 20 ft container Sergeli "
        "(Tashkent) - Turkmenbashi ferry - Alat - Akhalkalaki - Derince, April 2020 "
        "(https://www.interrail.ru/ru/News/TarifDetail?postId=442). Searched again, at any "
        "1520/1435 mm interface as a proxy, with no citable fee found: transhipment and "
        "bogie-exchange prices at Malaszewicze/Brest (PKP Cargo, Cargotor; in English, Polish "
        "and Russian), Sestokai/Mockava, Zahony/Chop, Sarakhs, Dostyk TransTerminal and Khorgos "
        "Gateway price lists (Russian, Kazakh), the fee for moving wagons onto bogies of "
        "another gauge in the Russian tariff book (Preiskurant 10-01: the fee exists, its amount "
        "is in no readable page), Belarusian Railway transhipment rates, Rail Baltica "
        "cost-benefit studies (EY 2017, AECOM 2011), UNECE EATL phase III, the 1668/1435 mm "
        "break at Irun, grain transhipment at Ukraine's western border, the International Alert "
        "study of Kars-Gyumri-Nakhchivan-Meghri-Baku (2014) and the COMCEC Iran-Caucasus "
        "corridor study (only their opening pages readable); and in Chinese (the transhipment "
        "fee at Alashankou and Khorgos) and Russian (bogie change at Akhalkalaki, Georgian "
        "Railway)"
    ),
    "value_of_time_usd_th": (
        "time cost of goods in transit, 0.6 % of their value per day (the lower end of the "
        "0.6-2.1 % per day 'equivalent to an ad-valorem tariff' that Hummels and Schaur "
        "estimate, Time as a Trade Barrier, American Economic Review 2013, "
        "https://www.aeaweb.org/articles.php?doi=10.1257/aer.103.7.2935) x the value per "
        "tonne of China-Europe rail cargo: US$380 billion in 8.7 million TEU from the start of "
        "the service to May 2024 (China State Railway Group, as reported by Xinhua, "
        "http://en.people.cn/n3/2024/0525/c90000-20174045.html) = US$43,678 per TEU / 20 t per "
        "TEU (tonnes_per_teu) = US$2,184 per tonne; 0.006 x 2,184 / 24 h = 0.55 US$ per "
        "tonne-hour (1.91 at 2.1 % per day). The lower end is used because the estimate comes "
        "from US imports choosing between air and ocean, where the most time-sensitive flows "
        "are parts and components, while the corridor also carries bulk "
        "(oil, grain, metals) worth far less per tonne than China-Europe container cargo. "
        "Uncertain: the value per tonne is as uncertain as the 20 t per TEU (lighter loads "
        "would raise it), and the cumulative value mixes years (US$340 billion in 7.4 million "
        "TEU to October 2023, http://en.people.cn/n3/2023/1012/c90000-20082714.html, gives "
        "0.57). Before: an assumption of 0.5. Cross-checks: the published range of 0.03-2 EUR "
        "per tonne-hour for freight (Kreutzberger 2008, as reviewed in "
        "https://5dok.net/article/methodology-intermodal-transport-value-time-new-terminal-"
        "locations.zx53v14d); rail freight in South Korea, US$2.35 per tonne-hour for shippers "
        "and US$1.21 for producers (https://trid.trb.org/view/909968), an economy with "
        "several times the GDP per capita of the corridor's countries. No national or project "
        "appraisal value per tonne-hour for the region was found (searched: OECD ITF, HEATCO, "
        "TRANSTOOLS, Dutch national values, the 2021 meta-analysis of 106 values by "
        "Binsuwadan et al.; and again: HEATCO's national freight values for Poland and the "
        "Baltic states, JASPERS and RAILPAG (EIB) guidance, the Polish railway appraisal guide "
        "(Niebieska Ksiega): the tables are in no readable page)"
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
