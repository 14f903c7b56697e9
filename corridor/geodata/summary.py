"""Figures about loaded geodata: link lengths and the one-line summary."""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd

from corridor._geo import geodesic_length_km
from corridor.geodata.model import GeoData
from corridor.geodata.schema import LINK_STATUSES, MODES


def link_lengths_km(links: gpd.GeoDataFrame) -> pd.Series:
    """Return the geodesic length of every link in kilometres, indexed like ``links``."""
    return pd.Series(
        [geodesic_length_km(g) for g in links.geometry], index=links.index, dtype=float
    )


def summary(data: GeoData) -> str:
    """Return a one-line summary: counts by mode and status and total km."""
    links = data.links
    km = link_lengths_km(links)
    by_mode = Counter(links["mode"])
    by_status = Counter(links["status"])
    modes = ", ".join(f"{m} {by_mode[m]}" for m in MODES if by_mode[m])
    statuses = ", ".join(f"{s} {by_status[s]}" for s in LINK_STATUSES if by_status[s])
    return (
        f"{len(data.places)} places, {len(links)} links ({modes}; {statuses}), {km.sum():,.0f} km"
    )
