"""Building geodata from an extract: :func:`build` (in memory) and :func:`build_folder`."""

from __future__ import annotations

import contextlib
import gc
import math
import operator
import os
import re
import shutil
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import shapely

from corridor import geodata, settings
from corridor._errors import OsmError
from corridor.geodata import MODES
from corridor.osm.conflate import _countries_at, _snap
from corridor.osm.read import _read_ways, _Ways
from corridor.osm.report import BuildReport
from corridor.osm.tags import _Attr
from corridor.osm.topology import _drop_small_pieces, _Links, _topology

#: Gauge assumed for a rail way without a ``gauge`` tag, by country (default 1520 mm).
DEFAULT_GAUGE_MM: dict[str, int] = {"TUR": 1435, "IRN": 1435, "BGR": 1435, "ROU": 1435,
                                    "GRC": 1435, "CHN": 1435}

#: Warning when ``node_index`` is given (the reader uses no node-location index).
NODE_INDEX_DEPRECATED = ("node_index (--node-index) is deprecated and ignored: the reader "
                         "looks up the kept ways' nodes by id and builds no node-location "
                         "index; leave it out")

#: Base URL of OSM objects, used as the ``source`` of what is built.
OSM_URL = "https://www.openstreetmap.org"


def _osm_id(number: int) -> str:
    return str(number) if number >= 0 else f"m{-number}"


def build(
    extract: str | os.PathLike[str],
    curated: geodata.GeoData | None = None,
    *,
    highway: str = "secondary",
    snap_radius_km: float = 1.0,
    min_piece_km: float = 5.0,
    country: str | None = None,
    keep_curated_modes: Sequence[str] = ("ferry",),
    include_service: bool = False,
    progress: bool | None = None,
    node_index: str | None = None,
) -> tuple[geodata.GeoData, BuildReport]:
    """Build geodata (places and links) from an OSM extract.

    Parameters
    ----------
    extract
        Path of an ``.osm.pbf`` or ``.osm`` file.
    curated
        Curated geodata to conflate with (its places are all kept; stations, ports,
        border crossings and cities snap to OSM; its regions give link countries).
        ``None``: no conflation.
    highway
        Least important highway class kept (default ``secondary``).
    snap_radius_km
        Greatest distance, km, at which a curated place snaps to an OSM vertex (at most
        the 2 km endpoint tolerance of the schema).
    min_piece_km
        Disconnected pieces shorter than this, km, are dropped (unless they hold a
        curated place).
    country
        ISO3 country of every link and junction when no region polygon says otherwise
        (needed when ``curated`` has no regions).
    keep_curated_modes
        Modes of curated links carried over when both their ends are kept (default
        ferries, which extracts often lack).
    include_service
        Keep rail service tracks (sidings, yards, spurs).
    progress
        Show a progress bar while reading (``None``: only on a terminal).
    node_index
        Deprecated and ignored; passing it warns (``DeprecationWarning``), and it will be
        removed. It chose the libosmium node-location index (``flex_mem``,
        ``sparse_file_array,FILE`` ...) when the reader located every node through one;
        the reader now builds no index over the extract's nodes but looks up only the
        kept ways' nodes by id, in a second pass over the file (see
        :mod:`corridor.osm.read`). A value given is still checked (:class:`OsmError` for
        an index libosmium cannot create).

        .. deprecated::
            No node-location index is used; leave ``node_index`` out.

    Returns
    -------
    (GeoData, BuildReport)
        The network (EPSG:4326, indexed by id, as :func:`corridor.geodata.load` returns
        it) and what the build did.

    Raises
    ------
    OsmError
        The file is missing, truncated or not OSM data; countries cannot be told.
    """
    _check_options(snap_radius_km, min_piece_km, country, keep_curated_modes, node_index)
    started = time.perf_counter()
    report = BuildReport()
    with _gc_paused():
        ways = _read_ways(extract, highway, include_service, progress, report, node_index)
        data = _assemble(ways, report, curated, snap_radius_km=snap_radius_km,
                         min_piece_km=min_piece_km, country=country,
                         keep_curated_modes=keep_curated_modes)
    report.seconds = time.perf_counter() - started
    return data, report


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of a build.

    A build allocates some hundred thousand small lists, tuples and strings (tag
    dictionaries, per-link values) that form no reference cycles: reference counting
    frees them, yet each allocation burst triggers collections that traverse every
    live container of the process (about a tenth of a build's CPU time at 100,000
    ways). The collector's previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assemble(ways: _Ways, report: BuildReport, curated: geodata.GeoData | None, *,
              snap_radius_km: float, min_piece_km: float, country: str | None,
              keep_curated_modes: Sequence[str]) -> geodata.GeoData:
    """Conflate, build the topology and the frames of the kept ways (all after reading)."""
    places = curated.places if curated is not None else None
    snapped = _snap(ways, places, snap_radius_km, report)
    protected = np.fromiter(snapped, dtype=np.int64, count=len(snapped))
    links = _topology(ways, protected, report)
    keep = _drop_small_pieces(links, protected, min_piece_km, report)
    ends, points = _junction_points(ways, np.concatenate([links.u[keep], links.v[keep]]),
                                    protected)
    return _frames(links, keep, ends, points, snapped, ways.attrs, report, curated,
                   country=country, keep_curated_modes=keep_curated_modes)


def _frames(links: _Links, keep: np.ndarray, ends: np.ndarray, points: np.ndarray,
            snapped: dict[int, str], attrs: list[_Attr], report: BuildReport,
            curated: geodata.GeoData | None, *, country: str | None,
            keep_curated_modes: Sequence[str]) -> geodata.GeoData:
    """Return the geodata of the kept links and the junctions (``ends`` at ``points``)."""
    regions = curated.regions if curated is not None else None
    mids = shapely.line_interpolate_point(links.geometry[keep], 0.5, normalized=True)
    # one lookup for link midpoints and junctions (each point's answer is its own)
    countries = _countries_at(np.concatenate([mids, points]), regions, country) \
        if len(mids) + len(points) else np.zeros(0, dtype=object)
    link_frame = _link_frame(attrs, links, keep, snapped, countries[:len(mids)])
    junction_frame = _junction_frame(ends, points, countries[len(mids):])
    report.junctions = len(junction_frame)
    report.links = len(link_frame)
    return _combine(link_frame, junction_frame, curated, keep_curated_modes)


def _link_frame(table: list[_Attr], links: _Links, keep: np.ndarray,
                snapped: dict[int, str], link_country: np.ndarray) -> gpd.GeoDataFrame:
    """Return the kept links as a frame of geodata fields (ends named by place id).

    ``link_country`` is the country of each kept link's midpoint. A rail link without a
    gauge tag gets its country's usual gauge (:data:`DEFAULT_GAUGE_MM`, else 1520 mm) and
    a note saying so; ferries get no country.
    """
    geometry = links.geometry[keep]
    attr = links.attr[keep]
    n = len(attr)

    # the attributes used (names make many distinct), each field as an object array
    used, attr_of_link = np.unique(attr, return_inverse=True)
    fields = ("mode", "status", "gauge_mm", "tracks", "electrified", "speed_kmh",
              "sailing_h", "highway", "ref", "usage")
    get = operator.attrgetter(*fields)
    rows = [(*get(table[i]), table[i].name or table[i].ref) for i in used.tolist()]
    by_field = dict(zip((*fields, "name"), zip(*rows, strict=True), strict=True)) \
        if rows else {}

    def column(field: str) -> list[Any]:
        values = np.empty(len(used), dtype=object)
        values[:] = by_field.get(field, ())
        return values[attr_of_link].tolist()  # taken in C, no Python step per link

    mode = column("mode")
    country: list[Any] = [None if m == "ferry" else c
                          for m, c in zip(mode, link_country.tolist(), strict=True)]
    gauge = column("gauge_mm")
    note: list[str | None] = [None] * n
    for i in [i for i in range(n) if mode[i] == "rail" and gauge[i] is None]:
        gauge[i] = DEFAULT_GAUGE_MM.get(str(country[i]), 1520)
        note[i] = f"gauge not tagged in OSM; {gauge[i]} mm assumed for {country[i]}"
    # each end node's place id once (a junction ends several links)
    ends, end_of = np.unique(np.concatenate([links.u[keep], links.v[keep]]),
                             return_inverse=True)
    end_ids = np.empty(len(ends), dtype=object)
    end_ids[:] = [snapped.get(ref) or f"osm_n{_osm_id(ref)}" for ref in ends.tolist()]
    place_ids = end_ids[end_of]
    kept_ways = [w for w, k in zip(links.ways, keep.tolist(), strict=True) if k]
    first = [f for f, k in zip(links.first_seg, keep.tolist(), strict=True) if k]
    way_url = f"{OSM_URL}/way/"
    columns: dict[str, list[Any]] = {
        "id": [f"osm_w{w}_{k}" if w >= 0 else f"osm_wm{-w}_{k}" for w, k in first],
        "name": column("name"),
        "from": place_ids[:n].tolist(),
        "to": place_ids[n:].tolist(),
        "mode": mode, "status": column("status"), "gauge_mm": gauge, "tracks": column("tracks"),
        "electrified": column("electrified"), "speed_kmh": column("speed_kmh"),
        "country": country, "confidence": ["high"] * n, "confidence_note": note,
        "sailing_h": column("sailing_h"), "highway": column("highway"), "ref": column("ref"),
        "usage": column("usage"),
        "source": [way_url + f" {way_url}".join(map(str, way_ids)) if way_ids else ""
                   for way_ids in kept_ways],
    }
    records = pd.DataFrame(columns) if n else pd.DataFrame.from_records([], columns=["id"])
    return gpd.GeoDataFrame(records, geometry=list(geometry) if len(geometry) else [],
                            crs=settings.CRS)


def _junction_points(ways: _Ways, link_ends: np.ndarray, protected: np.ndarray,
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Return the junctions (link ends that are not curated places) and their points."""
    ends = np.unique(link_ends)
    ends = ends[~np.isin(ends, protected)] if len(protected) else ends
    if not len(ends):
        return ends, np.zeros(0, dtype=object)
    node = ways.node_index()
    if node is None:
        order = np.argsort(ways.ref, kind="stable")
        pos = order[np.searchsorted(ways.ref[order], ends)]  # an occurrence of each node
        lon, lat = ways.lon[pos], ways.lat[pos]
    else:  # nodes indexed in id order: their ids and locations by index, no sort
        n_nodes = int(node.max()) + 1
        ids = np.full(n_nodes, np.iinfo(np.int64).min)
        ids[node] = ways.ref
        np.maximum.accumulate(ids, out=ids)  # an index no way uses repeats the one before
        at = np.searchsorted(ids, ends)
        node_lon, node_lat = np.zeros(n_nodes), np.zeros(n_nodes)
        node_lon[node], node_lat[node] = ways.lon, ways.lat
        lon, lat = node_lon[at], node_lat[at]
    # every occurrence of a node has its location
    points = shapely.points(np.round(lon, settings.COORD_DECIMALS),
                            np.round(lat, settings.COORD_DECIMALS))
    return ends, points


def _junction_frame(ends: np.ndarray, points: np.ndarray,
                    junction_country: np.ndarray) -> gpd.GeoDataFrame:
    """Return the junction places: every link end that is not a curated place."""
    refs = ends.tolist()
    if not refs:
        return gpd.GeoDataFrame(pd.DataFrame.from_records([], columns=["id"]),
                                geometry=[], crs=settings.CRS)
    columns = {
        "id": [f"osm_n{_osm_id(ref)}" for ref in refs],
        "name": [f"OSM node {ref}" for ref in refs], "kind": ["junction"] * len(refs),
        "country": list(junction_country), "source": [f"{OSM_URL}/node/{ref}" for ref in refs],
    }
    return gpd.GeoDataFrame(pd.DataFrame(columns), geometry=list(points), crs=settings.CRS)


def _combine(link_frame: gpd.GeoDataFrame, junction_frame: gpd.GeoDataFrame,
             curated: geodata.GeoData | None, keep_curated_modes: Sequence[str],
             ) -> geodata.GeoData:
    """Return the built geodata: curated places and carried links first, then OSM's."""
    place_frames = [junction_frame]
    link_frames = [link_frame]
    if curated is not None:
        place_frames.insert(0, curated.places)
        kept_places = set(curated.places.index)
        carried = curated.links[curated.links["mode"].isin(list(keep_curated_modes))
                                & curated.links["from"].isin(kept_places)
                                & curated.links["to"].isin(kept_places)]
        if len(carried):
            link_frames.append(carried)
    place_all = pd.concat([f for f in place_frames if len(f)], ignore_index=True) \
        if any(len(f) for f in place_frames) else junction_frame
    link_all = pd.concat([f for f in link_frames if len(f)], ignore_index=True) \
        if any(len(f) for f in link_frames) else link_frame
    return geodata.GeoData(
        places=_indexed(gpd.GeoDataFrame(place_all, geometry="geometry", crs=settings.CRS),
                        geodata.PLACE_FIELDS),
        links=_indexed(gpd.GeoDataFrame(link_all, geometry="geometry", crs=settings.CRS),
                       geodata.LINK_FIELDS),
        regions=curated.regions if curated is not None else None,
    )


def _check_options(snap_radius_km: float, min_piece_km: float, country: str | None,
                   keep_curated_modes: Sequence[str], node_index: str | None) -> None:
    """Raise :class:`OsmError` for a build option out of range or not one of its values.

    Warns (``DeprecationWarning``, at the caller of ``build`` or ``build_many``) when
    ``node_index`` is given.
    """
    if not 0 <= snap_radius_km <= settings.ENDPOINT_TOLERANCE_KM:
        raise OsmError(f"snap radius must be between 0 and "
                       f"{settings.ENDPOINT_TOLERANCE_KM:g} km, got {snap_radius_km}")
    if not (isinstance(min_piece_km, int | float) and 0 <= min_piece_km < math.inf):
        raise OsmError(f"min-piece length must be a number of km >= 0, got {min_piece_km}")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        raise OsmError(f"country must be an ISO 3166-1 alpha-3 code such as AZE, "
                       f"got {country!r}")
    if isinstance(keep_curated_modes, str):
        raise OsmError(f"keep_curated_modes must be a list of modes, got {keep_curated_modes!r}")
    bad = [m for m in keep_curated_modes if m not in MODES]
    if bad:
        raise OsmError(f"unknown mode(s) {', '.join(map(repr, bad))} to keep from the curated "
                       f"links; expected from {', '.join(MODES)}")
    if node_index is None:
        return
    warnings.warn(NODE_INDEX_DEPRECATED, DeprecationWarning, stacklevel=3)
    kind = str(node_index).split(",", 1)[0]
    if kind not in osmium.index.map_types():
        raise OsmError(f"unknown node-location index {kind!r} (--node-index); expected one "
                       f"of {', '.join(sorted(osmium.index.map_types()))}")


def _check_out(out: Path, overwrite: bool) -> None:
    """Refuse an output path that is a file, or a non-empty folder unless ``overwrite``."""
    if out.exists() and not out.is_dir():
        raise OsmError(f"{out}: exists and is not a folder")
    if out.is_dir() and not overwrite and any(out.iterdir()):
        raise OsmError(f"{out}: folder exists and is not empty; pass --force "
                       "(overwrite=True) to write into it")


def _indexed(frame: gpd.GeoDataFrame, fields: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Add missing schema columns and index by id, as :func:`corridor.geodata.load` does."""
    for key in fields:
        if key not in frame.columns:
            frame[key] = None
    return frame.set_index("id", drop=False).rename_axis(None)


def build_folder(
    extract: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    curated_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    **options: Any,
) -> BuildReport:
    """Build geodata from an OSM extract and write it to a folder.

    Parameters
    ----------
    extract
        ``.osm.pbf`` or ``.osm`` file, or a list of them (per-country or per-tile
        extracts, stitched by :func:`corridor.osm.build_many`).
    out
        Destination folder; ``places.geojson`` and ``links.geojson`` are written with
        :func:`corridor.geodata.save`, and the curated folder's ``scenarios.toml`` and
        ``regions.geojson`` are copied beside them.
    curated_dir
        Curated geodata folder to conflate with (``None``: no conflation).
    overwrite
        Write into ``out`` even when it is a folder that is not empty (its geodata files
        are replaced; other files stay).
    **options
        Passed to :func:`build` (``highway``, ``snap_radius_km``, ``min_piece_km``,
        ``country``, ``keep_curated_modes``, ``include_service``, ``progress``,
        ``node_index``), or to :func:`corridor.osm.build_many` for a list of extracts
        (also ``client``).

    Returns
    -------
    BuildReport
        What the build did.

    Raises
    ------
    OsmError
        See :func:`build`; also when ``out`` is a file, or a folder that is not empty and
        ``overwrite`` is false.
    """
    _check_out(Path(out), overwrite)
    curated = geodata.load(curated_dir) if curated_dir is not None else None
    if isinstance(extract, str | os.PathLike):
        data, report = build(extract, curated, **options)
    else:
        from corridor.osm.stitch import build_many  # stitch imports this module

        data, report = build_many(extract, curated, **options)
    folder = geodata.save(data, out)
    if curated_dir is not None:
        for name in ("scenarios.toml", geodata.REGIONS_FILE):
            src = Path(curated_dir) / name
            if src.is_file() and src.resolve() != (folder / name).resolve():
                shutil.copyfile(src, folder / name)
    return report


def default_curated_dir() -> Path | None:
    """Return the default curated folder, if it holds places.

    That is ``$CORRIDOR_GEODATA`` or the shipped geodata.
    """
    folder = settings.default_geodata_dir()
    return folder if (folder / geodata.PLACES_FILE).is_file() else None
