"""Build a detailed network from an OpenStreetMap extract (``.osm.pbf`` / ``.osm``) with pyosmium.

The result is written in the ordinary geodata format (see ``geodata/README.md``), so every
command (``validate``, ``route``, ``report``, ``map``) works on it unchanged.

Steps
-----
1. **Read** the extract in two libosmium passes run in C++: the ways passing a tag filter
   are written as OPL text to a temporary folder and parsed in bulk (each distinct tag
   list classified once), then the nodes those ways use are written and looked up by id
   (only the kept ways' node ids and coordinates are held, in flat arrays, never Python
   objects per node or way). Kept: ``railway=rail|construction|proposed|
   disused|abandoned`` (the status comes from the tag), ``route=ferry`` and
   ``railway=ferry``, and ``highway`` down to a chosen class (default motorway–secondary,
   with their ``*_link`` roads). Carried: gauge, electrified, maxspeed, tracks, usage,
   name, ref.
2. **Conflate** with curated places: stations, ports, border crossings and cities snap to
   the nearest OSM vertex of a mode they serve within a radius; that vertex becomes the
   place (its id, name and facts are kept), so scenarios and names keep working.
3. **Topology**, as osmnx does it: split ways where they share nodes (per mode; a level
   crossing does not join a road to a railway), then merge chains of degree-2 nodes whose
   two links carry the same attributes, keeping the full geometry. Graph nodes that are
   not curated places become places of kind ``junction`` (id ``osm_n<node id>``, source the
   node's URL); links get ids ``osm_w<way id>_<n>``, the URLs of their ways as source and
   confidence ``high``. Disconnected pieces shorter than ``min_piece_km`` are dropped
   (pieces holding a curated place are kept) and counted.

Several extracts (per-country files as Geofabrik distributes them, or per-tile extracts
that keep whole ways) build one network with :func:`build_many`: each file is read, and
its topology built, on its own (on a Dask worker when a ``distributed.Client`` is given,
its ways never leaving it); a way in two files is kept once, the files' links are joined
at the border nodes they share and chains merged there, so the network equals
:func:`build` of the union file (``docs/scaling.md`` has the memory model).

The public entry points are :func:`build` (in memory), :func:`build_many` (several
extracts) and :func:`build_folder` (writes a geodata folder; one extract or several).
Modules: :mod:`~corridor.osm.tags` (tags to attributes),
:mod:`~corridor.osm.read` (streaming), :mod:`~corridor.osm.conflate` (snapping, countries),
:mod:`~corridor.osm.topology` (split and merge), :mod:`~corridor.osm.build`,
:mod:`~corridor.osm.stitch` (several extracts, optionally on Dask),
:mod:`~corridor.osm.partition` (their rounds of tasks), :mod:`~corridor.osm.seams`
(chains merged at the borders) and
:mod:`~corridor.osm.report` (:class:`BuildReport`).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from corridor.osm.build import DEFAULT_GAUGE_MM, OSM_URL, build, build_folder, default_curated_dir
from corridor.osm.conflate import SNAP_MODES
from corridor.osm.report import BuildReport
from corridor.osm.stitch import build_many
from corridor.osm.tags import RAIL_STATUSES, ROAD_LIFECYCLE
from corridor.settings import HIGHWAY_CLASSES

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "DEFAULT_GAUGE_MM",
    "HIGHWAY_CLASSES",
    "OSM_URL",
    "RAIL_STATUSES",
    "ROAD_LIFECYCLE",
    "SNAP_MODES",
    "BuildReport",
    "build",
    "build_folder",
    "build_many",
    "default_curated_dir",
    "simplify_for_display",
]


def simplify_for_display(links: gpd.GeoDataFrame, tolerance_km: float = 0.05,
                         decimals: int | None = 4) -> gpd.GeoDataFrame:
    """Return a copy of ``links`` with geometries thinned for display (deprecated).

    .. deprecated::
        Display belongs to the maps: use :func:`corridor.maps.simplify_for_display`
        (same arguments, same result).

    Parameters
    ----------
    links, tolerance_km, decimals
        As for :func:`corridor.maps.simplify_for_display`.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, simpler geometry.
    """
    warnings.warn("corridor.osm.simplify_for_display is deprecated; use "
                  "corridor.maps.simplify_for_display", DeprecationWarning, stacklevel=2)
    # imported here: only this deprecated alias reaches up to the maps layer
    from corridor import maps

    return maps.simplify_for_display(links, tolerance_km=tolerance_km, decimals=decimals)
