"""Overview mode for big networks: simplified, merged line layers under a byte budget."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import shapely

from corridor import geodata, settings
from corridor._geo import haversine_km, km_per_degree_lon
from corridor.maps.elements import MergedLines
from corridor.maps.style import (
    CLOSED_COLOR,
    MODE_COLORS,
    STATUS_DASH,
    STATUS_GROUPS,
    TRIPP_COLOR,
    css_id,
    escape,
    is_tripp,
)
from corridor.settings import HIGHWAY_CLASSES

_OVERVIEW_ROUND = 4  # decimals of overview geometry (about 10 m)
#: Compact GeoJSON bytes per vertex (``[49.1234,37.1234],``) and per line of an overview
#: layer: used to fit the geometry to its budget (checked on the written text).
_VERTEX_BYTES = 18
_LINE_BYTES = 3
#: Share of ``max_bytes`` an overview map gives to link geometry.
_GEOMETRY_SHARE = 0.8
#: Rounds of fitting the geometry to its budget (the byte estimate is checked each round).
_FIT_ROUNDS = 6


@dataclass(frozen=True)
class Overview:
    """How :func:`network_map` drew a big network (``m.overview``).

    Attributes
    ----------
    links_total
        Links in the network.
    links_drawn
        Links drawn (the others were left out to keep the page small).
    tolerance_km
        Greatest distance, km, between a drawn line and the link's geometry.
    vertices_in
        Vertices of the drawn links in the data.
    vertices_out
        Vertices written to the page.
    layers
        Merged line layers (one per mode and status, plus the scenario's unusable links).
    geometry_bytes
        Bytes of line geometry written to the page.
    left_out
        What was left out, e.g. ``("tertiary roads (1,234)", "secondary roads up to
        2.1 km long (567)")``.
    junctions_hidden
        Junction markers not drawn.
    """

    links_total: int
    links_drawn: int
    tolerance_km: float
    vertices_in: int
    vertices_out: int
    layers: int
    geometry_bytes: int
    left_out: tuple[str, ...]
    junctions_hidden: int

    def note(self) -> str:
        """Return the legend's note (HTML): what the overview simplified and left out."""
        parts = [f"{self.links_total:,} links: geometry simplified (within "
                 f"{self.tolerance_km * 1000:,.0f} m) and merged by mode and status; "
                 "no popups per link."]
        if self.left_out:
            parts.append("Left out: " + "; ".join(self.left_out) + ".")
        if self.junctions_hidden:
            parts.append(f"{self.junctions_hidden:,} junctions not shown.")
        parts.append(f"Networks up to {settings.MAP_DETAIL_MAX_LINKS:,} links are drawn "
                     "link by link.")
        return escape(" ".join(parts))


def _lengths_km(geoms: np.ndarray) -> np.ndarray:
    """Great-circle length of every line, km (vectorised; for ranking, not analysis)."""
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    lon, lat = coords[:, 0], coords[:, 1]
    seg = haversine_km(lon[:-1], lat[:-1], lon[1:], lat[1:])
    seg[index[1:] != index[:-1]] = 0.0  # no segment between two lines
    return np.bincount(index[:-1], weights=seg, minlength=len(geoms))[: len(geoms)]


def _mean_lat(geoms: np.ndarray) -> float:
    """Return the mean latitude of the lines' bounding boxes (0 when there are none)."""
    return float(np.nanmean(shapely.bounds(geoms)[:, [1, 3]])) if len(geoms) else 0.0


def _simplify(geoms: np.ndarray, tolerance_km: float, lat: float,
              preserve_topology: bool) -> np.ndarray:
    """Douglas-Peucker in degrees, the tolerance converted at latitude ``lat``.

    The ends of every line are kept, so lines still meet their places.
    """
    return shapely.simplify(geoms, tolerance_km / km_per_degree_lon(lat),
                            preserve_topology=preserve_topology)


def simplify_for_display(links: gpd.GeoDataFrame, tolerance_km: float = 0.05,
                         decimals: int | None = 4) -> gpd.GeoDataFrame:
    """Return a copy of ``links`` with geometries thinned for display (not for analysis).

    Douglas–Peucker (:func:`shapely.simplify`, topology preserved) in degrees, with the
    tolerance converted at the frame's mean latitude; the first and last vertex of every
    line are kept, so links still meet their places. Coordinates are then rounded.

    A line keeps at least its two end vertices, so the size of a map of a very big network
    is bounded below by its number of links (about 17 bytes per vertex in GeoJSON at 4
    decimals): beyond some hundred thousand links a map also has to leave minor classes
    out at overview zoom levels (as :func:`corridor.maps.network_map` does).

    Parameters
    ----------
    links
        Link lines in EPSG:4326.
    tolerance_km
        Greatest distance, km, between a simplified line and the original (default
        50 m: invisible at zoom levels below 13).
    decimals
        Decimal places kept (4: about 10 m); ``None`` keeps full precision.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, simpler geometry.
    """
    out = links.copy()
    if len(out) == 0:
        return out
    geoms_in = np.asarray(out.geometry)
    geoms = _simplify(geoms_in, tolerance_km, _mean_lat(geoms_in), preserve_topology=True)
    if decimals is not None:
        geoms = shapely.set_precision(geoms, 10.0 ** -decimals, mode="pointwise")
    out["geometry"] = geoms
    return out


def _drop_ranks(links: gpd.GeoDataFrame) -> tuple[np.ndarray, list[str]]:
    """Rank of every link for leaving links out (highest first) and the label of each rank.

    Rank 0: rail, ferry and roads without an OSM class (curated links); then the road
    classes of :data:`corridor.settings.HIGHWAY_CLASSES` from motorway (1) down; then roads of
    any other class.
    """
    rank = np.zeros(len(links), dtype=np.int64)
    has_class = "highway" in links.columns
    labels = ["rail, ferry and unclassified links" if has_class else "links",
              *(f"{c} roads" for c in HIGHWAY_CLASSES), "roads of other classes"]
    if has_class:
        order = {c: i + 1 for i, c in enumerate(HIGHWAY_CLASSES)}
        cls = links["highway"]
        road = ((links["mode"] == "road") & cls.notna()
                & (cls.astype(str).str.strip() != "")).to_numpy()
        rank[road] = cls[road].astype(str).map(order).fillna(len(labels) - 1).to_numpy(int)
    return rank, labels


def _fit(cost: np.ndarray, rank: np.ndarray, length: np.ndarray, budget: float,
         labels: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Leave out links, least important and shortest first, until ``cost`` fits ``budget``.

    Returns the mask of links kept and a description of those left out.
    """
    keep = np.ones(len(cost), dtype=bool)
    total = float(cost.sum())
    if total <= budget:
        return keep, ()
    order = np.lexsort((length, -rank))  # highest rank first, shortest first within a rank
    cum = np.cumsum(cost[order])
    n_drop = min(int(np.searchsorted(cum, total - budget, side="left")) + 1, len(order))
    dropped = order[:n_drop]
    keep[dropped] = False
    left_out = []
    for r in sorted(set(rank[dropped].tolist()), reverse=True):
        in_rank = rank == r
        gone = in_rank & ~keep
        n = int(gone.sum())
        if n == int(in_rank.sum()):
            left_out.append(f"{labels[r]} ({n:,})")
        else:
            cut = float(length[gone].max())
            left_out.append(f"{labels[r]} up to {cut:,.1f} km long ({n:,})")
    return keep, tuple(left_out)


def _chain(coords: np.ndarray, first: np.ndarray) -> list[np.ndarray]:
    """Join lines that meet end to end into longer lines (each joint vertex written once).

    ``coords`` holds the lines one after the other, line ``i`` starting at ``first[i]``. A
    greedy walk over the graph of line ends (odd-degree ends first, as in Hierholzer's
    algorithm) uses every line exactly once, reversed where needed.
    """
    n = len(first)
    if n == 0:
        return []
    last = np.append(first[1:], len(coords)) - 1
    _, node = np.unique(np.concatenate([coords[first], coords[last]]), axis=0,
                        return_inverse=True)
    node = node.ravel()
    a, b = node[:n], node[n:]
    not_loop = a != b
    edge = np.concatenate([np.arange(n), np.flatnonzero(not_loop)])
    at = np.concatenate([a, b[not_loop]])
    incident = edge[np.argsort(at, kind="stable")].tolist()
    degree = np.bincount(at, minlength=int(node.max()) + 1)
    ends = np.cumsum(degree)  # the lines at node v: incident[ends[v] - degree[v]:ends[v]]
    cursor, stop = (ends - degree).tolist(), ends.tolist()
    a_list, b_list = a.tolist(), b.tolist()
    used = bytearray(n)
    out: list[np.ndarray] = []
    for start in (*np.flatnonzero(degree % 2).tolist(), *range(len(degree))):
        while True:
            v, pieces = start, list[np.ndarray]()
            while True:  # walk on along unused lines
                k = cursor[v]
                while k < stop[v] and used[incident[k]]:
                    k += 1
                cursor[v] = k
                if k == stop[v]:
                    break
                e = incident[k]
                used[e] = 1
                line = coords[first[e]:last[e] + 1]
                if a_list[e] == v:
                    v = b_list[e]
                else:
                    line, v = line[::-1], a_list[e]
                pieces.append(line if not pieces else line[1:])
            if not pieces:
                break
            out.append(np.concatenate(pieces) if len(pieces) > 1 else pieces[0])
    return out


def _line_parts(geoms: np.ndarray) -> list[list[list[float]]]:
    """Return lines as lists of rounded ``[lon, lat]``.

    Vertices repeated by the rounding are removed, and lines meeting end to end joined.
    """
    if not len(geoms):
        return []
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    coords = np.round(coords, _OVERVIEW_ROUND)
    new_line = np.ones(len(coords), dtype=bool)
    new_line[1:] = index[1:] != index[:-1]
    last = np.roll(new_line, -1)  # the last vertex of each line (always kept)
    moved = np.ones(len(coords), dtype=bool)
    moved[1:] = (coords[1:] != coords[:-1]).any(axis=1)
    kept = new_line | last | moved
    coords, new_line = coords[kept], new_line[kept]
    return [part.tolist() for part in _chain(coords, np.flatnonzero(new_line))]


class _Candidates:
    """Simplified lines and their estimated bytes by tolerance (each computed once)."""

    def __init__(self, geoms: np.ndarray, budget: float) -> None:
        self.geoms = geoms
        self.budget = budget
        self.lat = _mean_lat(geoms)
        self.cache: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def attempt(self, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
        """Return the simplified lines and the estimated bytes of each."""
        if tolerance not in self.cache:
            # display only: topology is not preserved
            simple = _simplify(self.geoms, tolerance, self.lat, preserve_topology=False)
            # joined lines share their end vertices: about one vertex per line less
            cost = (shapely.get_num_coordinates(simple) - 1) * _VERTEX_BYTES + _LINE_BYTES
            self.cache[tolerance] = simple, cost.astype(float)
        return self.cache[tolerance]

    def fits(self, tolerance: float, factor: float) -> bool:
        """Return whether the lines at ``tolerance`` fit the budget (estimate × factor)."""
        return bool(self.attempt(tolerance)[1].sum() * factor <= self.budget)

    def choose(self, factor: float) -> float:
        """Return the finest tolerance that fits, else the coarsest (tried second)."""
        tolerances = sorted(settings.MAP_OVERVIEW_TOLERANCES_KM)
        if self.fits(tolerances[0], factor) or len(tolerances) == 1:
            return tolerances[0]
        if not self.fits(tolerances[-1], factor):
            return tolerances[-1]
        return next(t for t in tolerances[1:] if self.fits(t, factor))


def _status_layer(simple: np.ndarray, mask: np.ndarray, mode: str, status: str,
                  label: str) -> tuple[str, MergedLines]:
    """Return the merged layer of the kept links of one mode and status, and its label."""
    closed = status in ("closed", "dismantled")
    options = {
        "color": CLOSED_COLOR if closed else MODE_COLORS[mode],
        "weight": 2.5, "opacity": 0.9,
        "dashArray": STATUS_DASH.get(status),
        "className": (f"corridor-overview-lines corridor-mode-{mode} "
                      f"corridor-status-{css_id(status)}"),
    }
    tip = (f"{mode.title()} · {status.replace('_', ' ')}: "
           f"{int(mask.sum()):,} links (overview, no popups)")
    return (f"{mode.title()} · {label}",
            MergedLines(_line_parts(simple[mask]), options, escape(tip)))


def _layers(simple: np.ndarray, keep: np.ndarray, dimmed: np.ndarray, modes: np.ndarray,
            statuses: np.ndarray, scenario_name: str | None) -> list[tuple[str, MergedLines]]:
    """Return the merged layers (label, lines): one per mode and status, then the unusable."""
    layers: list[tuple[str, MergedLines]] = []
    for mode in geodata.MODES:
        for label, group_statuses in STATUS_GROUPS:
            for status in group_statuses:
                mask = keep & ~dimmed & (modes == mode) & (statuses == status)
                if mask.any():
                    layers.append(_status_layer(simple, mask, mode, status, label))
    mask = keep & dimmed
    if mask.any():
        options = {"color": CLOSED_COLOR, "weight": 1.5, "opacity": 0.6, "dashArray": "1 4",
                   "className": "corridor-overview-lines corridor-unusable"}
        tip = f"Not usable in scenario {scenario_name}: {int(mask.sum()):,} links"
        layers.append((f"Not usable in scenario: {escape(scenario_name)}",
                       MergedLines(_line_parts(simple[mask]), options, escape(tip))))
    return layers


def _add_layers(m: folium.Map, layers: list[tuple[str, MergedLines]], links: gpd.GeoDataFrame,
                simple: np.ndarray) -> int:
    """Add the TRIPP halo (first, so it lies under the links), then the layers by label.

    Returns the number of TRIPP links.
    """
    tripp = np.array([is_tripp(t)
                      for t in links.get("corridors", [None] * len(links))], dtype=bool)
    if tripp.any():
        halo = folium.FeatureGroup(name="TRIPP corridor (highlight)", show=True)
        MergedLines(_line_parts(simple[tripp]),
                    {"color": TRIPP_COLOR, "weight": 13, "opacity": 0.75,
                     "className": "corridor-tripp", "interactive": False}).add_to(halo)
        halo.add_to(m)
    groups: dict[str, folium.FeatureGroup] = {}
    for label, layer in layers:
        if label not in groups:
            groups[label] = folium.FeatureGroup(name=label, show=True)
        layer.add_to(groups[label])
    for g in groups.values():
        g.add_to(m)
    return int(tripp.sum())


def _add_overview_links(m: folium.Map, data: geodata.GeoData, usable: frozenset[str] | None,
                        scenario_name: str | None, max_bytes: int) -> tuple[int, int, Overview]:
    """Draw a big network's links merged by mode and status.

    Returns the numbers of links and TRIPP links drawn, and how the overview was made.
    """
    links = data.links
    geoms_in = np.asarray(links.geometry)
    length = _lengths_km(geoms_in)
    rank, labels = _drop_ranks(links)
    candidates = _Candidates(geoms_in, _GEOMETRY_SHARE * max_bytes)
    dimmed = (np.zeros(len(links), dtype=bool) if usable is None
              else ~links.index.isin(list(usable)))
    modes = links["mode"].to_numpy()
    statuses = links["status"].astype(str).to_numpy()
    factor = 1.0  # written bytes / estimated bytes, learnt when the estimate was low
    for _ in range(_FIT_ROUNDS):  # the byte estimate is checked on the text written
        tolerance = candidates.choose(factor)
        simple, cost = candidates.attempt(tolerance)
        keep, left_out = _fit(cost * factor, rank, length, candidates.budget, labels)
        layers = _layers(simple, keep, dimmed, modes, statuses, scenario_name)
        written = sum(len(layer.geojson_json) for _, layer in layers)
        if written <= candidates.budget:
            break
        factor *= 1.02 * written / max(float(cost[keep].sum()) * factor, 1.0)
    n_tripp = _add_layers(m, layers, links, simple)
    overview = Overview(
        links_total=len(links), links_drawn=int(keep.sum()), tolerance_km=float(tolerance),
        vertices_in=int(shapely.get_num_coordinates(geoms_in)[keep].sum()),
        vertices_out=sum(len(p) for _, layer in layers for p in layer.geometry["coordinates"]),
        layers=len(layers), geometry_bytes=int(written), left_out=left_out,
        junctions_hidden=int((data.places["kind"] == "junction").sum()))
    return int(keep.sum()), n_tripp, overview
