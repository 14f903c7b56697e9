"""Geodesic measurements on the WGS84 ellipsoid (pyproj.Geod), never planar degrees."""

from __future__ import annotations

from pyproj import Geod
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Return the geodesic length of a (multi)line in kilometres."""
    return float(GEOD.geometry_length(geometry)) / 1000.0


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the geodesic distance between two lon/lat points in kilometres."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0
