"""The shipped geodata: schema, published lengths, and agreement with independent reference data."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd

from corridor import geodata, settings
from corridor._geo import distance_km
from corridor.geodata.sources import REFUSED_DOMAINS

# A metric CRS for distances in the Caucasus (UTM 38N); errors stay small over the test area.
METRIC_CRS = "EPSG:32638"
# The Azerbaijan extract box of the OSM reference data (see validation_reference/README.md).
OSM_AZ_BOX = (44.77, 38.39, 50.63, 41.91)
# Hosts the shipped geodata must not cite: the policy's list (geodata/README.md, "Sourcing
# policy"), kept in corridor.geodata.sources. A host matches itself and its subdomains.
NON_CITABLE_HOSTS = tuple(REFUSED_DOMAINS)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"]+")


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().strip()


def test_shipped_data_loads_without_problems() -> None:
    report = geodata.validate(settings.SHIPPED_GEODATA)
    assert report.ok, "\n".join(map(str, report.problems))


def test_coverage_is_at_least_what_the_issue_asks(shipped: geodata.GeoData) -> None:
    # issue 14: at least 160 places and 240 links, and Iran with more than its first 11 places
    assert len(shipped.places) >= 160
    assert len(shipped.links) >= 240
    assert (shipped.places["country"] == "IRN").sum() > 11
    assert set(shipped.links["mode"]) == {"rail", "road", "ferry"}


def test_every_feature_has_a_source_url(shipped: geodata.GeoData) -> None:
    for frame in (shipped.places, shipped.links):
        assert frame["source"].map(lambda s: bool(re.match(r"https?://", s))).all()


def _shipped_texts() -> Iterator[tuple[str, str, str]]:
    """(feature id, property, text) for every string property of places and links, and every
    cell of the calibration record (published_figures.csv)."""
    with (settings.SHIPPED_GEODATA / "published_figures.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key, text in row.items():
                yield row["id"], key, text
    for name in ("places.geojson", "links.geojson"):
        data = json.loads((settings.SHIPPED_GEODATA / name).read_text(encoding="utf-8"))
        for feature in data["features"]:
            props = feature["properties"]
            for key, value in props.items():
                values = value if isinstance(value, list) else [value]
                for text in values:
                    if isinstance(text, str):
                        yield props["id"], key, text


def _non_citable(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == bad or host.endswith("." + bad) for bad in NON_CITABLE_HOSTS)


def test_urls_are_http_and_not_on_non_citable_hosts() -> None:
    """Every URL in places and links (source, geometry_source, dwell_source, notes …) is
    http(s) and on no host of NON_CITABLE_HOSTS; no text names such a host either."""
    urls, bad = 0, []
    for fid, key, text in _shipped_texts():
        for url in _URL.findall(text):
            urls += 1
            parts = urlsplit(url)
            if (parts.scheme not in ("http", "https") or not parts.hostname
                    or _non_citable(parts.hostname)):
                bad.append((fid, key, url))
        words = re.findall(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", _URL.sub(" ", text))
        bad += [(fid, key, w) for w in words if _non_citable(w)]
    assert urls > 500, f"only {urls} URLs found: the scan is broken"
    assert not bad, "\n".join(map(str, bad))


def test_non_citable_host_matching() -> None:
    assert _non_citable("gagrule.net") and _non_citable("www.wiki-data.de-de.nina.az")
    assert _non_citable("de.zxc.wiki.") and _non_citable("bafy.ipfs.dweb.link")
    assert not _non_citable("de.wikipedia.org") and not _non_citable("en.wikipedia.org")
    assert not _non_citable("notgagrule.net") and not _non_citable("www.geonames.org")


def test_lines_follow_an_alignment_not_a_chord(shipped: geodata.GeoData) -> None:
    """Land links longer than 30 km have intermediate vertices (a real alignment).

    Where no intermediate coordinate could be sourced, the link must say so: confidence
    ``low`` and a note that it is drawn straight. Such links stay a small minority.
    """
    land = shipped.links[shipped.links["mode"] != "ferry"]
    km = geodata.link_lengths_km(land)
    long_links = land[km > 30]
    chords = long_links[long_links.geometry.map(lambda g: len(g.coords) < 3)]
    unflagged = chords[(chords["confidence"] != "low")
                       | ~chords["confidence_note"].fillna("").str.contains("straight")]
    assert unflagged.empty, f"straight chords not flagged as such: {list(unflagged.index)}"
    assert len(chords) <= 0.1 * len(long_links), list(chords.index)


# Links whose drawn geometry is more than LENGTH_TOLERANCE shorter than their published
# chainage: the alignment is drawn through too few sourced points (valleys, passes and curves
# are cut). Routing uses the published km (corridor.network.lengths), so the gap only affects
# the map. Each entry must still be short (a redrawn link must leave the list) and no other
# link may join it without being listed here with its reason.
KNOWN_SHORT_GEOMETRY = {
    "akhalkalaki_kartsakhi_rail": "straight two-point line (no intermediate points found)",
    "astara_az_crossing_rail": "drawn from the town centre: Astara station and the line's loop "
                               "round the town not located",
    "ankara_eskisehir_hsl": "high-speed line drawn through 6 points",
    "ankara_eskisehir_rail": "conventional line: only Beylikköprü between Elvankent and Beylikova",
    "erzincan_sivas_rail": "Eastern Express line: mountain sections drawn as chords",
    "erzurum_erzincan_rail": "Eastern Express line: Euphrates gorge drawn as chords",
    "eskisehir_istanbul_rail": "conventional line: İnönü the only point on Eskişehir–Bozüyük",
    "kars_erzurum_rail": "Eastern Express line: Sarıkamış pass drawn as chords",
    "kayseri_ankara_rail": "Eastern Express line via Kırıkkale drawn through 9 points",
    "marabda_tsalka_rail": "mountain line (Tetritskaro, Tsalka plateau) drawn through 5 points",
    "rail_alat_shirvan": "straight two-point line (no intermediate station coordinates)",
    "rail_horadiz_aghband": "chord across the Aras meanders between Qumlaq and Mincivan",
    "rail_jolfa_marand": "valley line via Hadishahr drawn through 4 village points",
    "rail_julfa_nakhchivan": "Aras-valley line drawn through 5 points",
    "rail_marand_tabriz": "line via Sufian drawn through 4 settlement points",
    "rail_nakhchivan_sharur": "line drawn through 5 points",
    "rail_tripp_meghri_border": "Aras-bank line drawn through 3 points",
    "rail_tripp_nrnadzor_meghri": "Aras-bank line drawn through 3 points",
    "rasht_qazvin_rail": "Alborz mountain line (tunnels, Manjil) drawn through 6 points",
    "red_bridge_tbilisi_road": "road via Marneuli drawn through 4 points",
    "road_horadiz_aghband": "chord across the Aras meanders between Qumlaq and Mincivan",
    "road_igdir_dilucu": "road drawn through 3 points",
    "road_jolfa_norduz": "Aras-bank road drawn through 3 points (river bends cut)",
    "road_lachin_khankendi": "mountain road (Shusha bypass) drawn through few points",
    "road_m2_goris_kapan": "M2 into the Vorotan gorge and out (serpentines) drawn through 4 points",
    "road_m2_kapan_meghri": "M2 over the Meghri pass (serpentines) drawn through 3 points",
    "samtredia_poti_rail": "line via Senaki drawn through 4 points",
    "sivas_kayseri_rail": "line drawn through 6 points",
    "tsalka_akhalkalaki_rail": "mountain line drawn through 5 points",
}
# Links whose geometry is more than LENGTH_TOLERANCE LONGER than their published chainage
# (a drawing longer than the line is a data error unless explained here).
KNOWN_LONG_GEOMETRY = {
    "rail_ararat_yeraskh": "the drawing starts at the GeoNames town point of Ararat, north of "
                           "the station (km 51.3) the chainage counts from (see its note)",
    "tbilisi_marabda_rail": "the Ponichala town point, the Lake Kumisi point and the "
                            "interpolated Marabda point lie off the track (no station "
                            "coordinates found), so the drawing zig-zags (see its note)",
}


def _published_ratio(shipped: geodata.GeoData) -> pd.Series:
    links = shipped.links[shipped.links["length_km_published"].notna()]
    km = geodata.link_lengths_km(links)
    return km / links["length_km_published"].astype(float)


def test_published_lengths_match_geodesic_lengths(shipped: geodata.GeoData) -> None:
    """Geometry within 10 % of the published chainage, except the listed coarse drawings."""
    ratio = _published_ratio(shipped)
    assert len(ratio) >= 10, "expected published lengths on the main links"
    short = set(ratio.index[ratio < 1 - settings.LENGTH_TOLERANCE])
    long = set(ratio.index[ratio > 1 + settings.LENGTH_TOLERANCE])
    assert short == set(KNOWN_SHORT_GEOMETRY), (
        f"unlisted: {sorted(short - set(KNOWN_SHORT_GEOMETRY))}; "
        f"fixed, remove from the list: {sorted(set(KNOWN_SHORT_GEOMETRY) - short)}")
    assert long == set(KNOWN_LONG_GEOMETRY), sorted(long ^ set(KNOWN_LONG_GEOMETRY))


def test_link_endpoints_sit_on_their_places(shipped: geodata.GeoData) -> None:
    places = shipped.places
    for fid, link in shipped.links.iterrows():
        for key, vertex in (("from", 0), ("to", -1)):
            place = places.geometry[link[key]]
            x, y = link.geometry.coords[vertex][:2]
            assert distance_km(place.x, place.y, x, y) <= settings.ENDPOINT_TOLERANCE_KM, fid


def test_border_crossings_join_two_countries(shipped: geodata.GeoData) -> None:
    crossings = shipped.places[shipped.places["kind"] == "border_crossing"]
    assert len(crossings) >= 10
    links = shipped.links
    for cid, crossing in crossings.iterrows():
        touching = links[(links["from"] == cid) | (links["to"] == cid)]
        countries = set(touching["country"].dropna())
        assert countries <= set(crossing["countries"]), (cid, countries)


def test_rail_links_near_osm_track(shipped: geodata.GeoData, reference_dir: Path) -> None:
    """Curated Azerbaijani rail (mainline, Nakhchivan railway, Horadiz–Aghband) lies on OSM track.

    For every curated rail link in Azerbaijan that is operating or under construction and lies
    inside the OSM extract's box, points sampled every kilometre along it lie on average within
    3 km of the nearest OSM railway way (rail or construction).
    """
    osm = gpd.read_file(reference_dir / "osm_railways_overpass.geojson")
    osm = osm[osm["railway"].isin(["rail", "construction"])].to_crs(METRIC_CRS)
    links = shipped.links
    rail = links[(links["mode"] == "rail") & (links["country"] == "AZE")
                 & links["status"].isin(["operating", "under_construction"])]
    x0, y0, x1, y1 = OSM_AZ_BOX
    bounds = rail.geometry.bounds
    inside = rail[(bounds.minx >= x0) & (bounds.maxx <= x1) & (bounds.miny >= y0)
                  & (bounds.maxy <= y1)]
    assert len(inside) >= 5, "expected the Azerbaijani mainline, Nakhchivan and Horadiz lines"
    tree_lines = osm.geometry.values
    means = {}
    for fid, geom in inside.to_crs(METRIC_CRS).geometry.items():
        n = max(2, int(geom.length // 1000))
        samples = gpd.GeoSeries([geom.interpolate(i / (n - 1), normalized=True) for i in range(n)],
                                crs=METRIC_CRS)
        nearest = gpd.GeoDataFrame(geometry=samples).sjoin_nearest(
            gpd.GeoDataFrame(geometry=tree_lines, crs=METRIC_CRS), distance_col="d")
        means[fid] = nearest.groupby(level=0)["d"].min().mean() / 1000
    far = {k: round(v, 2) for k, v in means.items() if v >= 3.0}
    assert not far, f"mean distance to OSM track >= 3 km: {far}"
    ends = set(inside["from"]) | set(inside["to"])
    assert {"horadiz", "aghband", "nakhchivan", "ganja"} <= ends, sorted(ends)


def test_cities_agree_with_natural_earth(shipped: geodata.GeoData, reference_dir: Path) -> None:
    """Our cities lie within 15 km of the Natural Earth point of the same name and country."""
    ne = gpd.read_file(reference_dir / "ne10m_populated_places.geojson")
    ne = ne[ne["NAME"] != "Kapan"]  # Natural Earth tags Kapan with AZE (a known error)
    index: dict[tuple[str, str], tuple[float, float]] = {}
    for _, row in ne.iterrows():
        for col in ("NAME", "NAMEASCII", "NAME_EN"):
            if isinstance(row[col], str):
                index[(_fold(row[col]), row["ADM0_A3"])] = (row.geometry.x, row.geometry.y)
    checked = 0
    cities = shipped.places[shipped.places["kind"].isin(["city", "port", "station"])]
    for pid, place in cities.iterrows():
        alt = place["alt_names"] if isinstance(place["alt_names"], list) else []
        names = [place["name"], *alt]
        hit = next((index[(_fold(n), place["country"])] for n in names
                    if (_fold(n), place["country"]) in index), None)
        if hit is None:
            continue
        checked += 1
        gap = distance_km(place.geometry.x, place.geometry.y, *hit)
        assert gap < 15, f"{pid} is {gap:.1f} km from Natural Earth's {place['name']}"
    assert checked >= 15, f"only {checked} places matched Natural Earth by name"


def test_nakhchivan_places_carry_the_region(shipped: geodata.GeoData) -> None:
    region = shipped.places.loc[["nakhchivan", "julfa", "ordubad", "sadarak"], "region"]
    assert (region == "Nakhchivan AR").all(), region.to_dict()
    assert shipped.places.loc["meghri", "region"] == "Syunik"
    assert pd.api.types.is_object_dtype(shipped.places["alt_names"])
