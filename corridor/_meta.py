"""Provenance of outputs: the package version and a fingerprint of the geodata files used."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path
from typing import Any

#: Files of a geodata folder whose contents make the data vintage (those present are hashed).
VINTAGE_FILES = ("places.geojson", "links.geojson", "regions.geojson", "scenarios.toml",
                 "od_pairs.csv", "published_figures.csv", "border_times.csv", "demand.csv",
                 "capacities.csv")


def version() -> str:
    """Return the installed version of corridor (package metadata; ``"unknown"`` if none)."""
    try:
        return importlib.metadata.version("corridor")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def data_vintage(folder: str | os.PathLike[str] | None) -> str:
    """Return a 12-hex-digit SHA-256 fingerprint of a geodata folder's files (or GeoPackage).

    Two folders with byte-identical data files get the same fingerprint, whatever their
    path or modification time; any edit changes it. ``""`` when ``folder`` is ``None``.
    """
    if folder is None:
        return ""
    if Path(folder).is_file():  # a GeoPackage of geodata
        return hashlib.sha256(Path(folder).read_bytes()).hexdigest()[:12]
    digest = hashlib.sha256()
    for name in VINTAGE_FILES:
        path = Path(folder) / name
        if path.is_file():
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def provenance(folder: str | os.PathLike[str] | None, scenario: str = "",
               scenarios_file: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the metadata every export carries: version, data vintage, scenario and its file.

    Parameters
    ----------
    folder
        The geodata folder the data came from.
    scenario
        Scenario name.
    scenarios_file
        The user scenarios file given (``--scenarios``), if any.
    """
    return {
        "corridor_version": version(),
        "geodata_vintage": data_vintage(folder),
        "scenario": scenario,
        "scenarios_file": str(scenarios_file) if scenarios_file is not None else "",
    }
