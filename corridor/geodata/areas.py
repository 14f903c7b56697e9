"""Admin-1 regions of places and links, from the regions layer's polygons (Syunik, Nakhchivan AR).

The regions layer (``regions.geojson``) has a polygon for each admin-1 region it marks (a
feature with a ``region``). :func:`assign_regions` gives each place the region whose polygon
of the place's own country holds it (or lies within :data:`TOLERANCE_KM`: crossings sit on
borders), and each land link the region holding most of its length. :func:`load` applies it,
so the polygons are the one source of the field for the regions the layer marks; a place's
``region`` written in ``places.geojson`` stays for the regions the layer does not mark, and a
warning names a written value the polygons contradict.
"""

from __future__ import annotations

from collections.abc import Iterator

import geopandas as gpd
import shapely.ops
from shapely.geometry.base import BaseGeometry

from corridor._cells import is_empty
from corridor._errors import Problem
from corridor._geo import distance_km, geodesic_length_km
from corridor.geodata.schema import LAND_MODES, PLACES_FILE

#: A place this close (km) to a region polygon of its own country lies in the region.
TOLERANCE_KM = 3.0
#: A link lies in a region when more than this share of its length is inside the polygon.
MAJORITY = 0.5


def _region_polygons(regions: gpd.GeoDataFrame | None
                     ) -> Iterator[tuple[str, str, BaseGeometry]]:
    """Yield (region, country, polygon) of the layer's features that mark a region."""
    if regions is None or "region" not in regions.columns or "country" not in regions.columns:
        return
    for region, country, geom in zip(regions["region"], regions["country"], regions.geometry,
                                     strict=True):
        if isinstance(region, str) and region and isinstance(country, str) and geom is not None:
            yield region, country, geom


def place_region(point: BaseGeometry, country: object, regions: gpd.GeoDataFrame | None,
                 tolerance_km: float = TOLERANCE_KM) -> str | None:
    """Return the region of a place: the nearest region polygon of its country in reach.

    Parameters
    ----------
    point
        The place (EPSG:4326).
    country
        The place's ISO3 country; only polygons of this country count.
    regions
        The regions layer.
    tolerance_km
        Largest distance (km) from a polygon that still counts as inside.

    Returns
    -------
    str or None
        The polygon's ``region``, or ``None`` when no region polygon of the country is in reach.
    """
    best: tuple[float, str] | None = None
    for region, poly_country, polygon in _region_polygons(regions):
        if poly_country != country:
            continue
        if polygon.contains(point):
            return region
        near = shapely.ops.nearest_points(point, polygon)[1]
        km = distance_km(point.x, point.y, near.x, near.y)
        if km <= tolerance_km and (best is None or km < best[0]):
            best = (km, region)
    return best[1] if best else None


def link_region(line: BaseGeometry, country: object, regions: gpd.GeoDataFrame | None,
                majority: float = MAJORITY) -> str | None:
    """Return the region holding more than ``majority`` of a link's length, if any.

    Parameters
    ----------
    line
        The link (EPSG:4326).
    country
        The link's ISO3 country; only polygons of this country count.
    regions
        The regions layer.
    majority
        Share (0–1) of the geodesic length that must lie inside the polygon.

    Returns
    -------
    str or None
        The polygon's ``region``, or ``None``.
    """
    total = geodesic_length_km(line)
    if total <= 0:
        return None
    for region, poly_country, polygon in _region_polygons(regions):
        if poly_country == country and line.intersects(polygon) \
                and geodesic_length_km(line.intersection(polygon)) > majority * total:
            return region
    return None


def assign_regions(places: gpd.GeoDataFrame, links: gpd.GeoDataFrame,
                   regions: gpd.GeoDataFrame | None) -> list[Problem]:
    """Set the ``region`` column of places and links from the region polygons, in place.

    Parameters
    ----------
    places, links
        The loaded frames (indexed by id); ``links`` gets a ``region`` column.
    regions
        The regions layer, or ``None`` (then nothing changes but an empty links column).

    Returns
    -------
    list of Problem
        Warnings for places whose written ``region`` the polygons contradict (the polygons'
        value is kept).
    """
    warnings: list[Problem] = []
    marked = {region for region, _, _ in _region_polygons(regions)}
    written = places["region"] if "region" in places.columns else None
    values: list[object] = []
    for fid, row in places.iterrows():
        old = None if written is None or is_empty(written.loc[fid]) else str(written.loc[fid])
        new = place_region(row.geometry, row.get("country"), regions)
        if new is None and old in marked:
            warnings.append(Problem(PLACES_FILE, str(fid), "region",
                                    f"written as {old!r}, but the place lies outside that "
                                    "region's polygon (regions.geojson)"))
        elif new is not None and old is not None and old != new:
            warnings.append(Problem(PLACES_FILE, str(fid), "region",
                                    f"written as {old!r}, but the place lies in the {new!r} "
                                    "polygon (regions.geojson), which wins"))
        values.append(new if new is not None else (None if old in marked else old))
    places["region"] = values
    links["region"] = [
        link_region(row.geometry, row.get("country"), regions)
        if row.get("mode") in LAND_MODES else None
        for _, row in links.iterrows()
    ]
    return warnings
