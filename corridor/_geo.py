"""Geodesic measurements on the WGS84 ellipsoid (pyproj.Geod), never planar degrees."""

from __future__ import annotations

import math

import numpy as np
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


# --------------------------------------------------------------------------- spherical shortcuts
# For ranking, tolerances and search radii over very many points, where a per-point geodesic is
# not needed; lengths that reach routing or a report use the geodesic functions above.

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray,
                 lat2: np.ndarray) -> np.ndarray:
    """Return great-circle distances on the mean sphere, km, element by element.

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Arrays (or scalars) of degrees.

    Returns
    -------
    numpy.ndarray
        Distances in kilometres (within about 0.5 % of the geodesic).

    Examples
    --------
    >>> round(float(haversine_km(0.0, 0.0, 1.0, 0.0)), 3)
    111.195
    """
    lo1, la1, lo2, la2 = (np.radians(a) for a in (lon1, lat1, lon2, lat2))
    h = (np.sin((la2 - la1) / 2) ** 2
         + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2)
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def km_per_degree_lon(lat: float) -> float:
    """Return the km spanned by one degree of longitude at ``lat`` on the mean sphere.

    The cosine is floored at 0.1 so that tolerances stay finite near the poles.

    Examples
    --------
    >>> round(km_per_degree_lon(0.0), 3)
    111.195
    """
    return EARTH_RADIUS_KM * math.pi / 180.0 * max(math.cos(math.radians(lat)), 0.1)
