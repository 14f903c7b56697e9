"""Shared fixtures: the shipped data, small geodata folders written by tests, the reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corridor import geodata, settings

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "validation_reference"


def point(fid: str, lon: float, lat: float, **props: Any) -> dict[str, Any]:
    """A place feature with the required fields filled in."""
    base = {
        "id": fid,
        "name": fid.title(),
        "kind": "city",
        "country": "AZE",
        "source": "https://www.geonames.org/",
    }
    base.update(props)
    return {
        "type": "Feature",
        "properties": base,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def line(
    fid: str, frm: str, to: str, coords: list[tuple[float, float]], **props: Any
) -> dict[str, Any]:
    """A link feature with the required fields filled in (rail, 1520 mm, operating)."""
    base = {
        "id": fid,
        "from": frm,
        "to": to,
        "mode": "rail",
        "status": "operating",
        "gauge_mm": 1520,
        "country": "AZE",
        "confidence": "medium",
        "source": "https://example.org/source",
    }
    base.update(props)
    return {
        "type": "Feature",
        "properties": base,
        "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
    }


def write_geodata(
    folder: Path, places: list[dict[str, Any]], links: list[dict[str, Any]], **extra: Any
) -> Path:
    """Write a geodata folder from feature lists; ``extra`` adds top-level members."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, feats in ((geodata.PLACES_FILE, places), (geodata.LINKS_FILE, links)):
        doc = {"type": "FeatureCollection", "features": feats, **extra}
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def shipped() -> geodata.GeoData:
    """The geodata shipped with the project, loaded and validated once."""
    return geodata.load(settings.SHIPPED_GEODATA)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The independent reference data folder (skips the test when it is absent)."""
    if not REFERENCE_DIR.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE_DIR} (../shared/validation_reference)")
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def synthetic_extract(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    """A small synthetic OSM extract (the benchmarks' generator, 2,500 ways), ingested once."""
    from benchmarks import bench_osm
    from corridor import osm

    folder = tmp_path_factory.mktemp("extract")
    pbf = folder / "synthetic.osm.pbf"
    meta = bench_osm.generate(pbf, 2500, seed=7)
    curated = geodata.load(bench_osm.write_curated(folder / "curated", meta))
    data, _ = osm.build(pbf, curated, progress=False)
    return data
