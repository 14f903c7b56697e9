"""Country and exclave polygons (Natural Earth): which country a link or a route lies in.

The polygons are ``geodata/regions.geojson`` (``GeoData.regions``), built from Natural Earth
1:10m admin-0 countries by ``scripts/build_regions.py``. Every feature carries an ISO 3166-1
alpha-3 ``country`` (absent for units without one, e.g. N. Cyprus or Baikonur); Azerbaijan
has two features, ``aze`` and ``aze_nakhchivan`` (``region = "Nakhchivan AR"``), and Armenia
two, ``arm`` and ``arm_syunik`` (``region = "Syunik"``), which the functions here treat as
one country each. The admin-1 ``region`` of places and links comes from the same polygons
(:func:`assign_regions`, :func:`place_region`, :func:`link_region`, re-exported from
:mod:`corridor.geodata.areas`, where :func:`corridor.geodata.load` applies them).

Lengths are geodesic (WGS84, :func:`corridor._geo.geodesic_length_km`). Where a tolerance
applies, the country polygon is buffered in a local azimuthal equidistant projection centred
on the line, so a kilometre is a kilometre wherever the link is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from corridor import settings
from corridor._errors import Problem
from corridor._geo import geodesic_length_km, km_per_degree_lon
from corridor.geodata import LAND_MODES, LINKS_FILE
from corridor.geodata.areas import assign_regions, link_region, place_region

__all__ = [
    "MAX_OUTSIDE_SHARE", "SHARE_COLUMNS", "TOLERANCE_KM", "UNASSIGNED", "assign_regions",
    "by_country_km", "country_polygons", "country_problems", "country_share", "inside_km",
    "link_region", "links_outside", "overall_share", "place_region", "share_summary",
]

#: Default width (km) of the band around a country's border in which a link still counts as
#: inside: Natural Earth 1:10m borders are generalised (and simplified further, by at most
#: about 0.3 km in the Caucasus, when the layer is built), and links are drawn from station
#: and settlement coordinates.
TOLERANCE_KM = 3.0
#: A land link with more than this share of its length outside its declared country is
#: listed by :func:`links_outside` (and warned about by ``corridor validate``).
MAX_OUTSIDE_SHARE = 0.05
#: Key of :func:`by_country_km` for length that lies in no country polygon (sea, or
#: outside the area the layer covers).
UNASSIGNED = "unassigned"

SHARE_COLUMNS = ("country", "mode", "length_km", "inside_km", "outside_km", "share_inside")


def country_polygons(regions: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Return one (multi)polygon per ISO3 country, merging its features.

    Parameters
    ----------
    regions
        The regions layer (EPSG:4326) with a ``country`` column.

    Returns
    -------
    dict
        ISO3 code -> union of the country's features (``AZE`` includes Nakhchivan).
        Features without a country are left out.
    """
    if "country" not in regions.columns:
        return {}
    groups: dict[str, list[BaseGeometry]] = {}
    for country, geom in zip(regions["country"], regions.geometry, strict=True):
        if isinstance(country, str) and country and geom is not None and not geom.is_empty:
            groups.setdefault(country, []).append(geom)
    return {c: shapely.union_all(gs) for c, gs in sorted(groups.items())}


def _local_transformers(geom: BaseGeometry) -> tuple[Transformer, Transformer]:
    """Return (to metres, back to lon/lat) for an azimuthal equidistant CRS centred on geom."""
    x0, y0, x1, y1 = geom.bounds
    proj = f"+proj=aeqd +lat_0={(y0 + y1) / 2:.6f} +lon_0={(x0 + x1) / 2:.6f} +units=m"
    fwd = Transformer.from_crs(settings.CRS, proj, always_xy=True)
    inv = Transformer.from_crs(proj, settings.CRS, always_xy=True)
    return fwd, inv


def _apply(tr: Transformer, geom: BaseGeometry) -> BaseGeometry:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def _margin_deg(bounds: tuple[float, float, float, float], tolerance_km: float) -> float:
    """Degrees of longitude that surely exceed ``tolerance_km`` within ``bounds`` (plus 0.05°)."""
    lat = min(max(abs(bounds[1]), abs(bounds[3])), 85.0)
    return 0.05 + 2.0 * tolerance_km / km_per_degree_lon(lat)


def inside_km(line: BaseGeometry, polygon: BaseGeometry, tolerance_km: float = 0.0) -> float:
    """Return the geodesic length (km) of ``line`` inside ``polygon`` buffered by a tolerance.

    Parameters
    ----------
    line
        A (multi)line in EPSG:4326.
    polygon
        A (multi)polygon in EPSG:4326.
    tolerance_km
        Buffer around the polygon in kilometres (0: the polygon itself).

    Returns
    -------
    float
        Kilometres of ``line`` within ``tolerance_km`` of ``polygon``.
    """
    if line.is_empty or polygon.is_empty:
        return 0.0
    m = _margin_deg(line.bounds, tolerance_km)
    x0, y0, x1, y1 = line.bounds
    near = shapely.clip_by_rect(polygon, x0 - m, y0 - m, x1 + m, y1 + m)
    if near.is_empty:
        return 0.0
    if tolerance_km <= 0:
        return geodesic_length_km(line.intersection(near))
    fwd, inv = _local_transformers(line)
    zone = _apply(fwd, near).buffer(tolerance_km * 1000.0)
    part = _apply(fwd, line).intersection(zone)
    if part.is_empty:
        return 0.0
    return geodesic_length_km(_apply(inv, part))


def country_share(
    links: gpd.GeoDataFrame, regions: gpd.GeoDataFrame, tolerance_km: float = TOLERANCE_KM
) -> pd.DataFrame:
    """Return, for each land link, the share of its length inside its declared country.

    Parameters
    ----------
    links
        Links (EPSG:4326) with ``mode`` and ``country`` columns; ferries and links without a
        country are skipped.
    regions
        The regions layer (EPSG:4326).
    tolerance_km
        Width of the band outside a country's border that still counts as inside, in km.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``links`` (land links only), with columns ``country``, ``mode``,
        ``length_km``, ``inside_km``, ``outside_km`` and ``share_inside`` (0–1). The last
        three are NaN when the regions layer has no polygon for the country.
        ``attrs["tolerance_km"]`` records the tolerance.
    """
    polygons = country_polygons(regions)
    rows: list[dict[str, object]] = []
    index: list[object] = []
    for idx, row in links.iterrows():
        mode, country, geom = row.get("mode"), row.get("country"), row.geometry
        if mode not in LAND_MODES or not isinstance(country, str) or geom is None:
            continue
        length = geodesic_length_km(geom)
        polygon = polygons.get(country)
        if polygon is None:
            inside = outside = share = float("nan")
        else:
            inside = min(inside_km(geom, polygon, tolerance_km), length)
            outside = length - inside
            share = inside / length if length > 0 else 1.0
        index.append(idx)
        rows.append({"country": country, "mode": mode, "length_km": length,
                     "inside_km": inside, "outside_km": outside, "share_inside": share})
    frame = pd.DataFrame(rows, index=pd.Index(index), columns=list(SHARE_COLUMNS))
    frame.attrs["tolerance_km"] = tolerance_km
    return frame


def links_outside(shares: pd.DataFrame, max_outside: float = MAX_OUTSIDE_SHARE) -> pd.DataFrame:
    """Return the rows of :func:`country_share` with more than ``max_outside`` outside.

    Parameters
    ----------
    shares
        The result of :func:`country_share`.
    max_outside
        Largest acceptable share (0–1) of a link's length outside its country.

    Returns
    -------
    pandas.DataFrame
        The offending links, largest outside share first.
    """
    outside = 1.0 - shares["share_inside"]
    bad = shares[outside > max_outside]
    return bad.assign(_o=1.0 - bad["share_inside"]).sort_values(
        ["_o", "outside_km"], ascending=False, kind="stable").drop(columns="_o")


def overall_share(shares: pd.DataFrame) -> float:
    """Return the share (0–1) of land-link km inside the declared country (NaN if none)."""
    known = shares.dropna(subset=["share_inside"])
    total = float(known["length_km"].sum())
    return float(known["inside_km"].sum()) / total if total > 0 else float("nan")


def country_problems(shares: pd.DataFrame, max_outside: float = MAX_OUTSIDE_SHARE
                     ) -> list[Problem]:
    """Return one warning per link outside its country or without a country polygon.

    Parameters
    ----------
    shares
        The result of :func:`country_share`.
    max_outside
        Largest acceptable share (0–1) of a link's length outside its country.

    Returns
    -------
    list of Problem
        Field ``country`` of ``links.geojson``, one per offending link.
    """
    tol = shares.attrs.get("tolerance_km", TOLERANCE_KM)
    problems = []
    for fid, row in links_outside(shares, max_outside).iterrows():
        problems.append(Problem(
            LINKS_FILE, str(fid), "country",
            f"{1.0 - row['share_inside']:.1%} of its length ({row['outside_km']:.1f} of "
            f"{row['length_km']:.1f} km) lies outside {row['country']} "
            f"(more than {tol:g} km beyond its Natural Earth border)"))
    for fid, row in shares[shares["share_inside"].isna()].iterrows():
        problems.append(Problem(LINKS_FILE, str(fid), "country",
                                f"the regions layer has no polygon for {row['country']}"))
    return problems


def share_summary(shares: pd.DataFrame, max_outside: float = MAX_OUTSIDE_SHARE) -> str:
    """Return a one-line summary of :func:`country_share` for ``corridor validate``."""
    tol = shares.attrs.get("tolerance_km", TOLERANCE_KM)
    known = shares.dropna(subset=["share_inside"])
    share = overall_share(shares)
    n_bad = len(links_outside(shares, max_outside))
    text = "n/a" if math.isnan(share) else f"{share:.1%}"
    line = (f"land links inside their declared country: {text} of "
            f"{known['length_km'].sum():,.0f} km ({len(known)} links, {tol:g} km tolerance; "
            f"{n_bad} with more than {max_outside:.0%} outside)")
    missing = len(shares) - len(known)
    if missing:
        line += f"; {missing} link(s) in a country the regions layer lacks"
    return line


def by_country_km(lines: Iterable[BaseGeometry] | gpd.GeoSeries | gpd.GeoDataFrame,
                  regions: gpd.GeoDataFrame) -> dict[str, float]:
    """Return the geodesic km of ``lines`` inside each country polygon.

    Used to cross-check a route's ``by_country`` (which comes from the links' declared
    ``country``) against the Natural Earth polygons.

    Parameters
    ----------
    lines
        (Multi)lines in EPSG:4326: a GeoDataFrame, a GeoSeries or any iterable of
        geometries (``None`` and non-linear geometries contribute nothing).
    regions
        The regions layer (EPSG:4326).

    Returns
    -------
    dict
        ISO3 -> km, sorted by code, countries with no length left out; length in no polygon
        (sea, outside the layer) under :data:`UNASSIGNED` when there is any.
    """
    geoms = lines.geometry if isinstance(lines, gpd.GeoDataFrame) else lines
    polygons = country_polygons(regions)
    codes = list(polygons)
    tree = shapely.STRtree([polygons[c] for c in codes])
    totals: dict[str, float] = {}
    unassigned = 0.0
    for geom in geoms:
        if geom is None or geom.is_empty or geom.geom_type not in (
                "LineString", "MultiLineString"):
            continue
        hits = [int(i) for i in tree.query(geom)]
        for i in hits:
            km = inside_km(geom, polygons[codes[i]])
            if km > 0:
                totals[codes[i]] = totals.get(codes[i], 0.0) + km
        rest = geom.difference(shapely.union_all([polygons[codes[i]] for i in hits])) \
            if hits else geom
        unassigned += geodesic_length_km(rest)
    result = {c: totals[c] for c in sorted(totals)}
    if unassigned > 0:
        result[UNASSIGNED] = unassigned
    return result
