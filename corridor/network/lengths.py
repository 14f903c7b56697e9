"""The km of a link: its published length where the data gives one, else geometry x detour."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Mapping
from typing import Any

import geopandas as gpd

from corridor import settings
from corridor._cells import as_number, is_empty
from corridor._geo import geodesic_length_km
from corridor.geodata.schema import MODES

#: ``length_basis`` of a link whose km is its published length.
PUBLISHED = "published"
#: ``length_basis`` of a link whose km is its geometry length times the mode's detour factor.
ESTIMATED = "estimated"


def link_km(row: Mapping[str, Any], factors: Mapping[str, float]) -> dict[str, Any]:
    """Return the km routing and reports use for a link, and where they come from.

    Parameters
    ----------
    row
        A link's properties with its ``geometry`` (LineString), ``mode`` and optional
        ``length_km_published``.
    factors
        Detour factor per mode (``Defaults.detour_factors``); a mode left out uses 1.0.

    Returns
    -------
    dict
        ``length_km`` (the km used), ``geometry_km`` (geodesic length of the geometry) and
        ``length_basis`` (``"published"`` or ``"estimated"``): the edge attributes of a link.
    """
    geometry_km = geodesic_length_km(row["geometry"])
    published = as_number(row.get("length_km_published"))
    if published is not None:
        return {"length_km": published, "geometry_km": geometry_km, "length_basis": PUBLISHED}
    factor = float(factors.get(str(row["mode"]), 1.0))
    return {"length_km": geometry_km * factor, "geometry_km": geometry_km,
            "length_basis": ESTIMATED}


def length_source(row: Mapping[str, Any]) -> str | None:
    """Return the URL(s) of a link's published length: ``length_source``, else ``source``."""
    for key in ("length_source", "source"):
        value = row.get(key)
        if not is_empty(value):
            return str(value)
    return None


def fit_detour(links: gpd.GeoDataFrame, min_links: int = settings.DETOUR_MIN_LINKS
               ) -> dict[str, settings.DetourFit]:
    """Fit the detour factor of every mode on the links with a published length.

    The factor of a mode is the median of published / geodesic geometry length over its
    links with both (robust to a single badly drawn or badly sourced link); a mode with
    fewer than ``min_links`` such links gets 1.0, its geometry length as drawn.

    Parameters
    ----------
    links
        The links (every status: a published length is a fact about the section, whether
        a scenario uses it or not).
    min_links
        Fewest links a fit needs.

    Returns
    -------
    dict
        Mode -> :class:`corridor.settings.DetourFit` for every mode of the schema.
    """
    ratios: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
    for _, row in links.iterrows():
        published = as_number(row.get("length_km_published"))
        if published is None or row["mode"] not in ratios:
            continue
        geometry_km = geodesic_length_km(row.geometry)
        if geometry_km > 0:
            ratios[row["mode"]].append((published, geometry_km))
    fits = {}
    for mode, pairs in ratios.items():
        n = len(pairs)
        median_ratio = statistics.median(p / g for p, g in pairs) if pairs else None
        factor = round(median_ratio, 3) if median_ratio is not None and n >= min_links else 1.0
        error = (statistics.median(abs(factor * g - p) / p for p, g in pairs)
                 if pairs else None)
        fits[mode] = settings.DetourFit(
            factor=factor, n=n,
            median_ratio=round(median_ratio, 4) if median_ratio is not None else None,
            median_abs_error=round(error, 4) if error is not None else None)
    return fits


def fit_lines(fits: Mapping[str, settings.DetourFit], date: str | None = None) -> list[str]:
    """Return the fit as the Python lines of :data:`corridor.settings.DETOUR_FITS`."""
    day = date or datetime.datetime.now(datetime.UTC).date().isoformat()
    lines = [f'DETOUR_FIT_DATE = "{day}"', "", "DETOUR_FITS: dict[str, DetourFit] = {"]
    for mode, fit in fits.items():
        lines.append(f'    "{mode}": DetourFit(factor={fit.factor!r}, n={fit.n}, '
                     f"median_ratio={fit.median_ratio!r}, "
                     f"median_abs_error={fit.median_abs_error!r}),")
    lines.append("}")
    return lines
