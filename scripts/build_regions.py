"""Build ``geodata/regions.geojson`` from Natural Earth 1:10m admin-0 countries.

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

No registry package found ships Natural Earth *admin-1* (states and provinces) under a
usable licence (``@highcharts/map-collection`` has Armenia's provinces, but its use requires
a Highcharts Maps licence), so **Syunik is not marked**: the layer has the admin-0
countries only, plus Nakhchivan split out as below.

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
6. Write with ``corridor.geodata.feature_collection_text``: one feature per line, sorted by
   ``id``, coordinates rounded to 5 decimals, every geometry a MultiPolygon with
   counter-clockwise exterior rings (RFC 7946).

Feature properties: ``id`` (lower-case ISO 3166-1 alpha-3, ``aze_nakhchivan``, or the
Natural Earth name in snake case for units without an ISO code), ``name`` (Natural Earth's,
``Nakhchivan`` for the exclave), ``country`` (ISO 3166-1 alpha-3 from the source's numeric
code; absent where the source has none: in this box N. Cyprus, the Cyprus U.N. buffer zone,
Akrotiri, Dhekelia, Baikonur and Siachen Glacier), ``region`` (``Nakhchivan AR`` only),
``iso_n3`` (the source's numeric code) and ``source``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

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

#: Fields in file order.
REGION_FIELDS = ("id", "name", "country", "region", "iso_n3", "source")

NAKHCHIVAN_ID = "aze_nakhchivan"
NAKHCHIVAN_NAME = "Nakhchivan"
NAKHCHIVAN_REGION = "Nakhchivan AR"

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

    @property
    def geometry(self) -> MultiPolygon:
        return MultiPolygon(self.parts)


def pinned_version(package_json: Path = SCRIPTS_DIR / "package.json") -> str:
    """Return the version of ``world-atlas`` pinned in ``scripts/package.json``."""
    doc = json.loads(package_json.read_text(encoding="utf-8"))
    return str(doc["dependencies"][SOURCE_PACKAGE])


def installed_version(source: Path) -> str | None:
    """Return the version of the package holding ``source``, if it has a package.json."""
    meta = source.parent / "package.json"
    if not meta.exists():
        return None
    return str(json.loads(meta.read_text(encoding="utf-8")).get("version"))


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


def build_frame(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG,
                simplify: bool = True) -> gpd.GeoDataFrame:
    """Return the regions layer as a GeoDataFrame (steps 1–5 of the module docstring).

    Parameters
    ----------
    source
        The ``countries-10m.json`` TopoJSON file of ``world-atlas``.
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
    aze = by_id["aze"]
    nakhchivan, aze.parts = split_nakhchivan(
        aze.parts, by_id["tur"].geometry, by_id["irn"].geometry, by_id["arm"].geometry)
    units.append(_Unit(NAKHCHIVAN_ID, NAKHCHIVAN_NAME, aze.country, NAKHCHIVAN_REGION,
                       aze.iso_n3, [nakhchivan]))
    units.sort(key=lambda u: u.id)
    multi = np.array([u.geometry for u in units], dtype=object)
    if not shapely.coverage_is_valid(multi):
        raise BuildError("the clipped countries do not form a valid coverage")
    if simplify:
        multi = shapely.coverage_simplify(multi, tolerance_deg)
    multi = np.array([MultiPolygon(_polygons(g)) for g in multi], dtype=object)
    multi = shapely.orient_polygons(multi, exterior_cw=False)
    records = [{"id": u.id, "name": u.name, "country": u.country, "region": u.region,
                "iso_n3": u.iso_n3, "source": SOURCE_URL} for u in units]
    return gpd.GeoDataFrame(records, columns=list(REGION_FIELDS), geometry=list(multi),
                            crs=settings.CRS)


def build_text(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG) -> str:
    """Return the text of ``regions.geojson`` built from ``source``."""
    return feature_collection_text(build_frame(source, tolerance_deg), REGION_FIELDS)


def max_shift_km(source: Path = DEFAULT_SOURCE, tolerance_deg: float = TOLERANCE_DEG
                 ) -> dict[str, float]:
    """Return, per feature id, how far simplification moved its boundary (Hausdorff, km)."""
    raw = build_frame(source, simplify=False)
    simple = build_frame(source, tolerance_deg)
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
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"file to write (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--check", action="store_true",
                        help="rebuild in memory and exit 1 when --output differs")
    parser.add_argument("--shift", action="store_true",
                        help="also print how far simplification moved each boundary")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"error: {args.source} not found; install the pinned package with "
              "`npm ci --prefix scripts`", file=sys.stderr)
        return 2
    version, pinned = installed_version(args.source), pinned_version()
    if version is not None and version != pinned:
        print(f"error: {SOURCE_PACKAGE} {version} installed, {pinned} pinned in "
              "scripts/package.json; run `npm ci --prefix scripts`", file=sys.stderr)
        return 2
    if shapely.geos_version_string != BUILT_WITH_GEOS:
        print(f"note: GEOS {shapely.geos_version_string} here, the committed file was built "
              f"with {BUILT_WITH_GEOS} (update BUILT_WITH_GEOS when you rebuild with this one)",
              file=sys.stderr)
    text = build_text(args.source)
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
          f"{SOURCE_PACKAGE} {pinned}, tolerance {TOLERANCE_DEG}°)")
    if args.shift:
        shifts = max_shift_km(args.source)
        worst = max(shifts, key=lambda k: shifts[k])
        print(f"max shift: {shifts[worst]:.2f} km ({worst}); "
              + ", ".join(f"{k} {shifts[k]:.2f}" for k in ("aze", "aze_nakhchivan", "arm",
                                                           "geo", "irn", "tur") if k in shifts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
