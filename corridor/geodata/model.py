"""The loaded geodata (:class:`GeoData`) and the outcome of validating a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor._errors import Problem


@dataclass
class GeoData:
    """The network's geodata: places, links and (optionally) region polygons.

    Attributes
    ----------
    places
        Points indexed by place ``id`` (EPSG:4326).
    links
        Lines indexed by link ``id`` with ``from``/``to`` place ids (EPSG:4326).
    regions
        Country / exclave polygons, or ``None`` when the folder has none.
    path
        The folder the data was read from, if any.
    warnings
        Non-fatal findings of validation (e.g. links outside their country).
    border_times
        Rows of ``border_times.csv`` (published dwell per crossing, mode, profile and
        direction), or ``None`` when the folder has none.
    """

    places: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame | None = None
    path: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    border_times: pd.DataFrame | None = None


@dataclass
class ValidationReport:
    """Everything validation found in a geodata folder."""

    problems: list[Problem]
    warnings: list[Problem]
    data: GeoData | None

    @property
    def ok(self) -> bool:
        """True when there is no problem (warnings allowed)."""
        return not self.problems
