"""Routes between places: place lookup, shortest and alternative routes, the Route type.

>>> from corridor import routing
>>> r = routing.route("Baku", "Nakhchivan", scenario="tripp", modes="rail")  # doctest: +SKIP
>>> r.length_km, r.time_h, r.border_crossings                              # doctest: +SKIP

Routes run on the layered graph of :mod:`corridor.network`, so every change of mode, gauge or
ferry and every border passed costs its time. Graphs are cached per (geodata, scenario) and the
routing views per (graph, modes, avoided countries, weight), so repeated queries are fast.

Threads
-------
:func:`route`, :func:`od_matrix`, :func:`find_place`, :func:`country_code`,
:func:`graph_for` and :func:`routing_view` are safe to call from several threads at once
(tested with 8 threads against serial answers):

* every cache of this module (geodata, graphs, routing views, name index) is filled under one
  lock, each value built once and published complete;
* cached graphs and views are shared and frozen (:func:`networkx.freeze`): nothing changes
  them after publication;
* the temporary nodes of a query (virtual source/target, snapped points) live on a private
  overlay of the view (:func:`_overlay`), never on the shared view.

Not thread-safe: changing a :class:`corridor.geodata.GeoData` (its frames) or a graph you
passed in (``graph=``) while queries use it, and :func:`clear_cache` while queries run (they
finish with the objects they hold, but caches refill). See ``docs/threads.md``.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import json
import math
import re
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, overload

import geopandas as gpd
import networkx as nx
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import substring

from corridor import fastpath, geodata, network, settings
from corridor._errors import (
    AmbiguousPlace,
    CountryNotFound,
    InvalidArgument,
    NoRoute,
    PlaceNotFound,
)
from corridor._geo import distance_km, geodesic_length_km
from corridor.scenarios import Scenario, get

#: Accepted values of ``weight``.
WEIGHTS = ("time", "length")
#: Every mode; ``"multimodal"`` stands for all of them.
ALL_MODES = ("rail", "road", "ferry")
#: Tie-break factor: a route by time prefers the shorter of equal-time routes and vice versa.
_TIE = 1e-7
#: Most alternatives :func:`route` lists (Yen's algorithm grows fast with their number).
MAX_ALTERNATIVES = 50
#: Default longest access leg (km) from a free ``(lon, lat)`` point to a link.
MAX_ACCESS_KM = 50.0

#: Countries of the corridor area (ISO 3166-1 alpha-3 -> English names and common spellings).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan",),
    "ARM": ("Armenia", "Hayastan"),
    "AZE": ("Azerbaijan", "Azerbaycan", "Azərbaycan"),
    "BGR": ("Bulgaria",),
    "BLR": ("Belarus",),
    "CHN": ("China", "People's Republic of China", "PRC"),
    "GEO": ("Georgia", "Sakartvelo"),
    "GRC": ("Greece",),
    "IRN": ("Iran", "Islamic Republic of Iran", "Persia"),
    "KAZ": ("Kazakhstan", "Qazaqstan"),
    "KGZ": ("Kyrgyzstan", "Kyrgyz Republic"),
    "MDA": ("Moldova",),
    "POL": ("Poland",),
    "ROU": ("Romania",),
    "RUS": ("Russia", "Russian Federation"),
    "TJK": ("Tajikistan",),
    "TKM": ("Turkmenistan",),
    "TUR": ("Turkey", "Türkiye", "Turkiye"),
    "UKR": ("Ukraine",),
    "UZB": ("Uzbekistan",),
}

Node = network.Node
_SRC: Node = ("__origin__",)
_DST: Node = ("__destination__",)


# --------------------------------------------------------------------------- the Route type


@dataclass(frozen=True)
class Leg:
    """One step of a route.

    Attributes
    ----------
    kind
        ``link`` (a rail/road/ferry link or part of one), ``transfer`` (change of mode),
        ``gauge_break`` (change of rail gauge), ``border`` (passing a border crossing),
        ``local`` (a place without land links joined to a neighbour, see
        :mod:`corridor.network`) or ``access`` (from a free point, or a place off the network,
        to the nearest point of a rail or road link).
    mode
        ``rail``, ``road``, ``ferry`` or ``access`` for moving legs; ``None`` for the others.
    from_place, to_place
        Place ids (or ``"point"`` for a free point).
    length_km, time_h
        Geodesic length (km) and time (hours).
    link_id, name, status, gauge_mm, country
        Of the link, for link legs (``country`` is ``None`` on ferries); ``country`` is the
        place's country for transfers.
    geometry
        LineString (link and access legs, oriented along the route) or Point (other legs).
    fraction
        Share of the link used (1 unless the route starts or ends on a snapped point).
    countries
        The two countries joined, for border legs.
    """

    kind: str
    mode: str | None
    from_place: str
    to_place: str
    length_km: float
    time_h: float
    link_id: str | None = None
    name: str | None = None
    status: str | None = None
    gauge_mm: int | None = None
    country: str | None = None
    geometry: Any = None
    fraction: float = 1.0
    countries: tuple[str, ...] = ()
    from_layer: str | None = None
    to_layer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the leg as plain JSON-ready values (without geometry)."""
        out = {k: v for k, v in dataclasses.asdict(self).items() if k != "geometry"}
        out["countries"] = list(self.countries)
        return out


@dataclass(frozen=True)
class Route:
    """A route: ordered legs and their totals.

    Attributes
    ----------
    origin, destination
        Place ids (a free point is written ``"lon,lat"``).
    scenario
        Name of the scenario routed in.
    weight
        ``time`` or ``length``: what the route minimises.
    modes
        Modes allowed.
    legs
        The ordered legs.
    via
        Place ids the route was asked to pass.
    """

    origin: str
    destination: str
    scenario: str
    weight: str
    modes: tuple[str, ...]
    legs: tuple[Leg, ...]
    via: tuple[str, ...] = ()

    @property
    def length_km(self) -> float:
        """Total length, km (the sum of the legs)."""
        return math.fsum(leg.length_km for leg in self.legs)

    @property
    def time_h(self) -> float:
        """Total time, hours (the sum of the legs: moving, waiting, transfers, borders)."""
        return math.fsum(leg.time_h for leg in self.legs)

    @property
    def places(self) -> list[str]:
        """Place ids passed, in order, each once per visit."""
        out: list[str] = []
        for leg in self.legs:
            for place in (leg.from_place, leg.to_place):
                if not out or out[-1] != place:
                    out.append(place)
        return out

    @property
    def link_ids(self) -> list[str]:
        """Ids of the links used, in order."""
        return [leg.link_id for leg in self.legs if leg.link_id is not None]

    @property
    def by_mode(self) -> dict[str, dict[str, float]]:
        """Km and hours per mode; transfers, gauge breaks, borders, access legs and local
        port connections are listed as ``transfer``, ``gauge_break``, ``border``, ``access`` and
        ``local`` so the hours add up."""
        out: dict[str, dict[str, float]] = defaultdict(lambda: {"length_km": 0.0, "time_h": 0.0})
        for leg in self.legs:
            key = leg.mode if leg.kind in ("link", "access") and leg.mode else leg.kind
            out[key]["length_km"] += leg.length_km
            out[key]["time_h"] += leg.time_h
        return dict(out)

    @property
    def by_country(self) -> dict[str, dict[str, float]]:
        """Km and hours per country (ISO3); ferry legs are under ``sea``; a border's dwell is
        split evenly between its two countries, so the hours add up to ``time_h``."""
        out: dict[str, dict[str, float]] = defaultdict(lambda: {"length_km": 0.0, "time_h": 0.0})
        for leg in self.legs:
            if leg.kind == "border" and len(leg.countries) == 2:
                for c in leg.countries:
                    out[c]["time_h"] += leg.time_h / 2.0
                    out[c]["length_km"] += 0.0
                continue
            key = leg.country if leg.country else "sea"
            out[key]["length_km"] += leg.length_km
            out[key]["time_h"] += leg.time_h
        return dict(out)

    @property
    def by_status(self) -> dict[str, float]:
        """Km per link status (``operating``, ``planned`` …)."""
        out: dict[str, float] = defaultdict(float)
        for leg in self.legs:
            if leg.kind == "link" and leg.status:
                out[leg.status] += leg.length_km
        return dict(out)

    @property
    def border_crossings(self) -> list[str]:
        """Ids of the border crossings passed, in order."""
        return [leg.from_place for leg in self.legs if leg.kind == "border"]

    @property
    def countries(self) -> list[str]:
        """ISO3 codes of the countries the route passes, in order of first entry."""
        out: list[str] = []
        for leg in self.legs:
            if leg.kind == "link" and leg.country and leg.country not in out:
                out.append(leg.country)
        return out

    @property
    def mode_changes(self) -> list[dict[str, str]]:
        """Changes of mode: ``place``, ``from`` and ``to`` modes (each paid a transfer)."""
        return [{"place": leg.from_place, "from": network.mode_of(leg.from_layer or ""),
                 "to": network.mode_of(leg.to_layer or "")}
                for leg in self.legs if leg.kind == "transfer"]

    @property
    def gauge_breaks(self) -> list[str]:
        """Places where the route changes rail gauge (each paid a gauge break)."""
        return [leg.from_place for leg in self.legs if leg.kind == "gauge_break"]

    @property
    def share_not_operating(self) -> float:
        """Share (0-1) of the route's link km on links not yet operating (planned, under
        construction) or reopened (closed, dismantled)."""
        km = sum(leg.length_km for leg in self.legs if leg.kind == "link")
        if km == 0:
            return 0.0
        other = sum(leg.length_km for leg in self.legs
                    if leg.kind == "link" and leg.status != "operating")
        return other / km

    def summary(self) -> str:
        """One line: origin, destination, km, hours, countries."""
        return (f"{self.origin} -> {self.destination} [{self.scenario}]: "
                f"{self.length_km:,.0f} km, {self.time_h:,.1f} h, "
                f"via {'-'.join(self.countries) or '-'}")

    def to_dict(self) -> dict[str, Any]:
        """Return the route as plain JSON-ready values (lengths km, times hours)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "scenario": self.scenario,
            "weight": self.weight,
            "modes": list(self.modes),
            "via": list(self.via),
            "length_km": self.length_km,
            "time_h": self.time_h,
            "places": self.places,
            "countries": self.countries,
            "legs": [leg.to_dict() for leg in self.legs],
            "by_mode": self.by_mode,
            "by_country": self.by_country,
            "by_status_km": self.by_status,
            "border_crossings": self.border_crossings,
            "mode_changes": self.mode_changes,
            "gauge_breaks": self.gauge_breaks,
            "share_not_operating": self.share_not_operating,
        }

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Return one row per leg (EPSG:4326): link and access legs as lines, transfers and
        border passages as points."""
        rows = [leg.to_dict() | {"seq": i, "geometry": leg.geometry}
                for i, leg in enumerate(self.legs)]
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS)
        frame["countries"] = frame["countries"].map(lambda c: ",".join(c))
        return frame

    def to_geojson(self, path: str | Path | None = None) -> str:
        """Return (and optionally write) the legs as a GeoJSON FeatureCollection string; the
        collection's ``properties`` hold the route totals."""
        features = []
        for i, leg in enumerate(self.legs):
            features.append({
                "type": "Feature",
                "properties": leg.to_dict() | {"seq": i},
                "geometry": mapping(leg.geometry) if leg.geometry is not None else None,
            })
        totals = {k: v for k, v in self.to_dict().items() if k != "legs"}
        text = json.dumps({"type": "FeatureCollection", "properties": totals,
                           "features": features}, ensure_ascii=False)
        if path is not None:
            from corridor._io import atomic_write_text

            atomic_write_text(path, text + "\n")
        return text


# --------------------------------------------------------------------------- names


_EXTRA_FOLD = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ł": "l", "ø": "o", "đ": "d",
                             "ß": "ss", "’": "", "'": "", "ʼ": "", "`": ""})


def fold(text: str) -> str:
    """Normalise a name for matching: no case, no diacritics, ``_``/``-`` as spaces."""
    text = text.translate(_EXTRA_FOLD)
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[\s_\-–—./]+", " ", plain)
    return plain.strip()


def _names(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return [str(v) for v in value]


_INDEX: dict[int, tuple[Any, dict[str, list[tuple[int, str]]]]] = {}


def _name_index(data: geodata.GeoData) -> dict[str, list[tuple[int, str]]]:
    cached = _INDEX.get(id(data))
    if cached is not None and cached[0] is data:
        return cached[1]
    with _LOCK:
        cached = _INDEX.get(id(data))
        if cached is not None and cached[0] is data:
            return cached[1]
        index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pid, row in data.places.iterrows():
            index[fold(pid)].append((0, pid))
            index[fold(str(row["name"]))].append((1, pid))
            for alt in _names(row.get("alt_names")):
                index[fold(alt)].append((2, pid))
        _INDEX[id(data)] = (data, dict(index))  # published complete, never changed after
        return _INDEX[id(data)][1]


def _describe(data: geodata.GeoData, pid: str) -> str:
    row = data.places.loc[pid]
    return f"{pid} ({row['name']}, {row['country']})"


def find_place(query: str, data: geodata.GeoData | None = None) -> str:
    """Return the id of the place a name designates.

    Matches the id, the name or any alternative name, ignoring case and diacritics. An exact
    id beats a name, a name beats an alternative name. A country may follow the name to pick
    one of several: ``"Culfa, IRN"`` or ``"Culfa (Iran)"``.

    Parameters
    ----------
    query
        Place id, name or alternative name.
    data
        Geodata (default: the shipped data).

    Returns
    -------
    str
        The place id.

    Raises
    ------
    PlaceNotFound
        No place matches; ``suggestions`` lists the closest names.
    AmbiguousPlace
        Several places match equally well; ``candidates`` lists them with their countries.
    """
    data = data if data is not None else _default_data()
    index = _name_index(data)
    country: str | None = None
    text = query.strip()
    m = re.match(r"^(.*?)\s*(?:,\s*([^,()]+)|\(([^()]+)\))\s*$", text)
    if m and (m.group(2) or m.group(3)) and fold(text) not in index:
        try:
            country = country_code((m.group(2) or m.group(3)).strip(), data)
            text = m.group(1)
        except CountryNotFound:
            country = None
    hits = index.get(fold(text), [])
    if country is not None:
        own = [(t, p) for t, p in hits if data.places.at[p, "country"] == country]
        hits = own or [(t, p) for t, p in hits
                       if country in _names(data.places.at[p, "countries"])]
    if hits:
        best = min(t for t, _ in hits)
        ids = sorted({p for t, p in hits if t == best})
        if len(ids) == 1:
            return ids[0]
        raise AmbiguousPlace(query, [_describe(data, p) for p in ids])
    keys = list(index)
    close = difflib.get_close_matches(fold(text), keys, n=5, cutoff=0.6)
    suggestions: list[str] = []
    for key in close:
        for _, pid in sorted(index[key]):
            label = f"{data.places.at[pid, 'name']} ({pid})"
            if label not in suggestions:
                suggestions.append(label)
    raise PlaceNotFound(query, suggestions[:5])


def data_countries(data: geodata.GeoData) -> set[str]:
    """Return the ISO3 codes the geodata uses (places' ``country``/``countries``, links'
    ``country``)."""
    out = {str(c) for c in data.places["country"].dropna()}
    if "countries" in data.places:
        for value in data.places["countries"]:
            out.update(_names(value))
    if "country" in data.links:
        out.update(str(c) for c in data.links["country"].dropna())
    return out


def country_code(query: str, data: geodata.GeoData | None = None) -> str:
    """Return the ISO 3166-1 alpha-3 code of a country given by code or name.

    Parameters
    ----------
    query
        An ISO3 code or an English name or common spelling (case and diacritics ignored).
    data
        Geodata whose countries are known too (a code used by the data but missing from
        :data:`COUNTRIES` is accepted).

    Raises
    ------
    CountryNotFound
        When neither a known code nor a known name matches (a three-letter code that is
        in neither :data:`COUNTRIES` nor the data is refused); ``suggestions`` lists close
        names or codes, or for an unknown code the codes the data uses.
    """
    text = query.strip()
    known = set(COUNTRIES) | (data_countries(data) if data is not None else set())
    if text.upper() in known:
        return text.upper()
    folded = fold(text)
    for code, names in COUNTRIES.items():
        if folded in {fold(n) for n in names}:
            return code
    labels = {fold(n): n for names in COUNTRIES.values() for n in names}
    labels.update({c.casefold(): c for c in sorted(known)})
    close = [labels[c] for c in difflib.get_close_matches(folded, list(labels), n=3,
                                                          cutoff=0.6)]
    if not close and re.fullmatch(r"[A-Za-z]{3}", text) and data is not None:
        close = sorted(data_countries(data))
    raise CountryNotFound(query, close)


# --------------------------------------------------------------------------- caches

_DATA_CACHE: dict[str, tuple[tuple[Any, ...], geodata.GeoData]] = {}
_GRAPHS: OrderedDict[tuple[int, str], tuple[geodata.GeoData, nx.MultiGraph]] = OrderedDict()
_VIEWS: OrderedDict[tuple[Any, ...], tuple[nx.MultiGraph, nx.Graph]] = OrderedDict()
_CACHE_SIZE = 32
#: Guards every cache of this module: a value is built and published under it, once, and
#: never changed after (graphs and views are frozen). Reentrant: a graph build may load data.
_LOCK = threading.RLock()


def _default_data() -> geodata.GeoData:
    folder = settings.default_geodata_dir()
    stamp = tuple((folder / f).stat().st_mtime_ns if (folder / f).exists() else None
                  for f in (geodata.PLACES_FILE, geodata.LINKS_FILE))
    with _LOCK:
        cached = _DATA_CACHE.get(str(folder))
        if cached is not None and cached[0] == stamp:
            return cached[1]
        data = geodata.load(folder)
        _DATA_CACHE[str(folder)] = (stamp, data)
        return data


def graph_for(data: geodata.GeoData | None = None,
              scenario: str | Scenario = "today") -> nx.MultiGraph:
    """Return the (cached) network of a scenario; see :func:`corridor.network.build`.

    The cache holds the most recent graphs per (geodata object, scenario). A returned graph
    is shared by every caller (and thread) and frozen (:func:`networkx.freeze`): copy it
    (``graph.copy()``) to change it.
    """
    data = data if data is not None else _default_data()
    scen = get(scenario, geodata_dir=data.path)
    key = (id(data), repr(scen))  # repr: overrides may hold a dict (speed_by_status)
    with _LOCK:
        hit = _GRAPHS.get(key)
        if hit is not None and hit[0] is data:
            _GRAPHS.move_to_end(key)
            return hit[1]
        graph = nx.freeze(network.build(data, scen))
        _GRAPHS[key] = (data, graph)
        while len(_GRAPHS) > _CACHE_SIZE:
            _GRAPHS.popitem(last=False)
        return graph


def clear_cache() -> None:
    """Forget cached geodata, graphs and routing views."""
    with _LOCK:
        _DATA_CACHE.clear()
        _GRAPHS.clear()
        _VIEWS.clear()
        _INDEX.clear()


def parse_modes(modes: str | Iterable[str]) -> tuple[str, ...]:
    """Return the modes a ``modes`` argument allows (``"multimodal"`` = all).

    Raises
    ------
    ValueError
        For an unknown mode.
    """
    items = [modes] if isinstance(modes, str) else list(modes)
    out: set[str] = set()
    for item in items:
        if item in ("multimodal", "all", "any"):
            out.update(ALL_MODES)
        elif item in ALL_MODES:
            out.add(item)
        else:
            raise InvalidArgument(
                f"unknown mode {item!r}; expected rail, road, ferry or multimodal")
    return tuple(m for m in ALL_MODES if m in out)


def _weight_of(data: dict[str, Any], weight: str) -> float:
    if weight == "time":
        return float(data["time_h"]) + _TIE * float(data["length_km"])
    return float(data["length_km"]) + _TIE * float(data["time_h"])


def routing_view(graph: nx.MultiGraph, modes: Sequence[str] = ALL_MODES,
                 avoid_countries: Iterable[str] = (), weight: str = "time") -> nx.Graph:
    """Return a simple graph for routing: allowed modes only, avoided countries removed, the
    best parallel edge kept per node pair; edge attribute ``w`` is the weight and ``data``
    the network edge's attributes (cached per arguments, shared by every caller and thread,
    frozen: a query puts its temporary nodes on a private overlay, never on the view)."""
    avoid = frozenset(avoid_countries)
    key = (id(graph), tuple(modes), avoid, weight)
    with _LOCK:
        hit = _VIEWS.get(key)
        if hit is not None and hit[0] is graph:
            _VIEWS.move_to_end(key)
            return hit[1]
        view = _build_view(graph, modes, avoid, weight)
        _VIEWS[key] = (graph, view)
        while len(_VIEWS) > _CACHE_SIZE * 4:
            _VIEWS.popitem(last=False)
        return view


def _build_view(graph: nx.MultiGraph, modes: Sequence[str], avoid: frozenset[str],
                weight: str) -> nx.Graph:
    allowed = set(modes)
    view = nx.Graph()
    for node, d in graph.nodes(data=True):
        if d["mode"] in allowed and d["country"] not in avoid:
            view.add_node(node, **d)
    for u, v, d in graph.edges(data=True):
        if u not in view or v not in view:
            continue
        if d["kind"] == "link" and d.get("country") in avoid:
            continue
        w = _weight_of(d, weight)
        old = view.get_edge_data(u, v)
        if old is None or w < old["w"]:
            view.add_edge(u, v, w=w, data=d)
    fastpath.attach(view, "w")  # issue 7: compiled search on big views (no-op when small)
    return nx.freeze(view)  # shared by every query: temporary nodes go on an overlay


# --------------------------------------------------------------------------- arguments


def _check_alternatives(alternatives: Any) -> None:
    if (isinstance(alternatives, bool) or not isinstance(alternatives, int)
            or not 1 <= alternatives <= MAX_ALTERNATIVES):
        raise InvalidArgument(f"alternatives must be a whole number from 1 to "
                              f"{MAX_ALTERNATIVES} (at most {MAX_ALTERNATIVES}), got "
                              f"{alternatives!r}")


def _check_access_km(value: Any) -> float:
    try:
        km = float(value)
    except (TypeError, ValueError):
        km = math.nan
    if not math.isfinite(km) or km <= 0:
        raise InvalidArgument(f"max_access_km must be a positive number of km, got {value!r}")
    return km


def _on_globe(lon: float, lat: float) -> bool:
    return -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0


def _check_point(spec: Sequence[Any]) -> tuple[float, float]:
    """Return a ``(lon, lat)`` point as floats, or raise :class:`InvalidArgument`."""
    try:
        lon, lat = (float(v) for v in spec)
    except (TypeError, ValueError, OverflowError):
        raise InvalidArgument(f"a point must be two numbers (lon, lat), got {spec!r}") from None
    text = f"point ({lon:g}, {lat:g})"
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise InvalidArgument(f"{text}: coordinates must be finite numbers (lon, lat in "
                              f"degrees)")
    problems = []
    if not -180.0 <= lon <= 180.0:
        problems.append(f"longitude {lon:g} is outside [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        problems.append(f"latitude {lat:g} is outside [-90, 90]")
    if problems:
        hint = (f"; lon,lat swapped? did you mean {lat:g},{lon:g}" if _on_globe(lat, lon)
                else "")
        raise InvalidArgument(f"{text}: {' and '.join(problems)}{hint}")
    return lon, lat


# --------------------------------------------------------------------------- snapping


def _local(lon0: float, lat0: float) -> tuple[Any, Any]:
    k = math.cos(math.radians(lat0))

    def fwd(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - lon0) * k
        out[:, 1] = coords[:, 1] - lat0
        return out

    def back(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = coords[:, 0] / k + lon0
        out[:, 1] = coords[:, 1] + lat0
        return out

    return fwd, back


@dataclass
class _Snap:
    point: tuple[float, float]
    anchor: Node
    edges: list[tuple[Node, Node, float, dict[str, Any]]]


#: A free point is joined to this many nearest rail/road links (each by its own access leg),
#: so a nearest link on a dead end does not cut the point off; the router picks the best.
SNAP_CANDIDATES = 5


def _link_candidates(view: nx.Graph, lon: float, lat: float
                     ) -> list[tuple[float, str, Node, Node, dict[str, Any], LineString]]:
    """Rail and road links of ``view`` by (planar local) distance from the point, nearest
    first: (distance, link id, u, v, edge data, geometry in the local frame)."""
    fwd, _ = _local(lon, lat)
    origin = Point(0.0, 0.0)
    candidates = []
    for u, v, e in view.edges(data=True):
        d = e["data"]
        if d["kind"] != "link" or d["mode"] == "ferry":
            continue
        local = shapely.transform(d["geometry"], fwd)
        candidates.append((local.distance(origin), d["link_id"], u, v, d, local))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates


def _nearest_km(view: nx.Graph, lon: float, lat: float) -> float:
    """Geodesic km from the point to the nearest rail or road link of ``view`` (inf: none)."""
    _, back = _local(lon, lat)
    origin = Point(0.0, 0.0)
    best = math.inf
    for *_, local in _link_candidates(view, lon, lat)[:SNAP_CANDIDATES]:
        snap = shapely.transform(local.interpolate(local.project(origin)), back)
        best = min(best, distance_km(lon, lat, float(snap.x), float(snap.y)))
    return best


def _too_far(view: nx.Graph, lon: float, lat: float, km: float, limit: float,
             label: str) -> InvalidArgument:
    what = f"the point ({lon:g}, {lat:g})" if label == "point" else f"place {label}"
    hint = ""
    if label == "point" and _on_globe(lat, lon) and (lat, lon) != (lon, lat):
        swapped = _nearest_km(view, lat, lon)
        if swapped <= limit:
            hint = (f"; lon,lat swapped? did you mean {lat:g},{lon:g} ({swapped:,.1f} km "
                    f"from the network)")
    return InvalidArgument(
        f"{what} is {km:,.0f} km from the nearest rail or road link; access legs are limited "
        f"to {limit:g} km (max_access_km, --max-access-km){hint}")


def _snap(view: nx.Graph, lon: float, lat: float, weight: str, tag: str,
          defaults: dict[str, Any], label: str = "point",
          max_access_km: float = MAX_ACCESS_KM) -> _Snap:
    _, back = _local(lon, lat)
    origin = Point(0.0, 0.0)
    candidates = _link_candidates(view, lon, lat)
    if not candidates:
        raise NoRoute(f"no link to snap the point ({lon:g}, {lat:g}) to in this network")
    pt: Node = (f"__point_{tag}__",)
    edges: list[tuple[Node, Node, float, dict[str, Any]]] = []
    first: tuple[float, float] | None = None
    nearest = math.inf
    for i, (_, _, u, v, d, local) in enumerate(candidates[:SNAP_CANDIDATES]):
        at = local.project(origin)
        snap = shapely.transform(local.interpolate(at), back)
        sx, sy = float(snap.x), float(snap.y)
        access_km = distance_km(lon, lat, sx, sy)
        nearest = min(nearest, access_km)
        if access_km > max_access_km:
            continue
        first = first or (sx, sy)
        anchor: Node = (f"__snap_{tag}_{i}__",)
        access = {"kind": "access", "mode": "access", "length_km": access_km,
                  "time_h": access_km / float(defaults["access_speed_kmh"]),
                  "geometry": LineString([(lon, lat), (sx, sy)]),
                  "country": d.get("country"), "label": label}
        edges.append((pt, anchor, _weight_of(access, weight), access))
        total = local.length
        from_node, to_node = (u, v) if view.nodes[u]["place"] == d["from_place"] else (v, u)
        for end, part in ((from_node, substring(local, 0, at)),
                          (to_node, substring(local, at, total))):
            geom = shapely.transform(part, back)
            if geom.geom_type != "LineString" or geom.is_empty or len(geom.coords) < 2:
                geom = LineString([(sx, sy), (sx, sy)])
            length = geodesic_length_km(geom)
            frac = length / d["length_km"] if d["length_km"] > 0 else 0.0
            part_d = dict(d)
            part_d.update(kind="link_part", length_km=length, time_h=d["time_h"] * frac,
                          geometry=geom, fraction=frac,
                          part_from="point" if end is to_node else d["from_place"],
                          part_to=d["to_place"] if end is to_node else "point")
            edges.append((anchor, end, _weight_of(part_d, weight), part_d))
    if first is None:
        raise _too_far(view, lon, lat, nearest, max_access_km, label)
    return _Snap(first, pt, edges)


# --------------------------------------------------------------------------- legs


def _leg(view: nx.Graph, u: Node, v: Node, d: dict[str, Any]) -> Leg | None:
    kind = d["kind"]
    pu = view.nodes[u]["place"] if u in view and "place" in view.nodes[u] else "point"
    pv = view.nodes[v]["place"] if v in view and "place" in view.nodes[v] else "point"
    if kind == "virtual":
        return None
    if kind == "access":
        geom = d["geometry"]
        if not u[0].startswith("__point"):  # travelling from the network to the point
            geom = LineString(list(geom.coords)[::-1])
        label = d.get("label", "point")
        start, end = (label, "point") if u[0].startswith("__point") else ("point", label)
        return Leg("access", "access", start, end, d["length_km"], d["time_h"],
                   country=d.get("country"), geometry=geom)
    if kind == "local":
        geom = d["geometry"]
        if pu != d["from_place"]:
            geom = LineString(list(geom.coords)[::-1])
        return Leg("local", d["mode"], pu, pv, d["length_km"], d["time_h"],
                   country=d.get("country"), geometry=geom)
    if kind in ("link", "link_part"):
        geom = d["geometry"]
        forward = pu == (d["from_place"] if kind == "link" else d["part_from"])
        if not forward:
            geom = LineString(list(geom.coords)[::-1])
        return Leg("link", d["mode"], pu, pv, d["length_km"], d["time_h"],
                   link_id=d["link_id"], name=d.get("name"), status=d["status"],
                   gauge_mm=d.get("gauge_mm"), country=d.get("country"), geometry=geom,
                   fraction=float(d.get("fraction", 1.0)))
    place = d["place"]
    node = view.nodes[u]
    point = Point(node["x"], node["y"])
    if kind == "border":
        return Leg("border", d["mode"], place, place, 0.0, d["time_h"],
                   country=node["country"], geometry=point, countries=tuple(d["countries"]))
    return Leg(kind, None, place, place, 0.0, d["time_h"], country=node["country"],
               geometry=point, from_layer=view.nodes[u]["layer"], to_layer=view.nodes[v]["layer"])


# --------------------------------------------------------------------------- searching


@dataclass
class _Endpoint:
    label: str
    nodes: list[Node]
    snap: _Snap | None = None


def _endpoint(spec: str | tuple[float, float], data: geodata.GeoData, view: nx.Graph,
              weight: str, tag: str, defaults: dict[str, Any],
              avoid: tuple[str, ...] = (), max_access_km: float = MAX_ACCESS_KM) -> _Endpoint:
    if isinstance(spec, tuple | list):
        lon, lat = _check_point(spec)
        snap = _snap(view, lon, lat, weight, tag, defaults, max_access_km=max_access_km)
        return _Endpoint(f"{lon:g},{lat:g}", [snap.anchor], snap)
    pid = find_place(spec, data)
    nodes = [n for n, d in view.nodes(data=True) if d.get("place") == pid]
    linked = set(data.links["from"]) | set(data.links["to"])
    off_network = pid not in linked and data.places.at[pid, "country"] not in avoid
    if not nodes and off_network:  # a place without links is reached by an access leg
        geom = data.places.at[pid, "geometry"]
        # a place of the geodata is a valid end however far from the links it lies: the cap
        # is for points a user types
        snap = _snap(view, float(geom.x), float(geom.y), weight, tag, defaults, label=pid,
                     max_access_km=math.inf)
        return _Endpoint(pid, [snap.anchor], snap)
    # a route starts and ends on land where it can, so boarding a ferry pays its transfer
    land = [n for n in nodes if view.nodes[n]["mode"] != "ferry"]
    return _Endpoint(pid, land or nodes)


class _Layer(Mapping[Any, Any]):
    """A read-only mapping: ``base`` (shared, never changed) with a few private ``extra`` keys
    after it (iteration: base keys first, then the extra ones, as a dict that had them
    added would give)."""

    __slots__ = ("_base", "_extra")

    def __init__(self, base: Mapping[Any, Any], extra: dict[Any, Any]) -> None:
        self._base = base
        self._extra = extra

    def __getitem__(self, key: Any) -> Any:
        found = self._extra.get(key, _MISSING)
        return self._base[key] if found is _MISSING else found

    def __contains__(self, key: object) -> bool:
        return key in self._extra or key in self._base

    def __iter__(self) -> Iterator[Any]:
        yield from self._base
        yield from (k for k in self._extra if k not in self._base)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for k in self._extra if k not in self._base)


_MISSING = object()


class _Overlay(nx.Graph):
    """A routing view plus a few temporary nodes and edges (virtual source, snapped points),
    private to one query: the shared view is read, never changed, so queries in other
    threads do not see these nodes (see :func:`_overlay`).

    ``overlay_base`` is the view and ``overlay_nodes`` the temporary nodes
    (:func:`corridor.fastpath.single_source_dijkstra` extends its compiled view by them).
    """

    overlay_base: nx.Graph
    overlay_nodes: tuple[Node, ...]


def _overlay(view: nx.Graph, edges: list[tuple[Node, Node, float, dict[str, Any]]]
             ) -> nx.Graph:
    """Return ``view`` with temporary ``edges`` ``(u, v, w, data)`` added, without changing it.

    The result shares the view's node and adjacency dicts (read-only) and keeps its own
    dicts for the new nodes and for the neighbours the new edges give to existing nodes.
    networkx's algorithms and :mod:`corridor.fastpath` read it like any graph.
    """
    if not edges:
        return view
    base_node, base_adj = view._node, view._adj
    nodes: dict[Node, dict[str, Any]] = {}
    adj: dict[Node, dict[Node, dict[str, Any]]] = {}
    for u, v, w, d in edges:
        for n in (u, v):
            if n not in base_node and n not in nodes:
                nodes[n] = {"place": "point" if n[0].startswith(("__point", "__snap"))
                            else "__virtual__"}
                adj[n] = {}
            if n not in adj:  # an existing node: its neighbours plus the new ones
                adj[n] = dict(base_adj[n])
        attr = {"w": w, "data": d}
        adj[u][v] = attr
        adj[v][u] = attr
    out = _Overlay()
    out.graph = view.graph
    out.overlay_base, out.overlay_nodes = view, tuple(nodes)
    out._node = _Layer(base_node, nodes)
    out._adj = _Layer(base_adj, adj)
    return nx.freeze(out)


def _path_legs(view: nx.Graph, path: list[Node]) -> list[Leg]:
    legs = []
    for u, v in itertools.pairwise(path):
        leg = _leg(view, u, v, view.edges[u, v]["data"])
        if leg is not None:
            legs.append(leg)
    return legs


def _staged(view: nx.Graph, stages: list[list[Node]],
            temp: Sequence[tuple[Node, Node, float, dict[str, Any]]] = ()) -> list[Node] | None:
    """Shortest path visiting one node of each stage in order, staying on the node it
    arrived at between stages (so a via place never changes layer for free); ``temp`` are
    the temporary edges of snapped points (on a private overlay of ``view``)."""
    best: dict[Node, tuple[float, list[Node]]] = {n: (0.0, [n]) for n in stages[0]}
    for targets in stages[1:]:
        if not best:
            return None
        starts = {n: c for n, (c, _) in best.items()}
        stage = _overlay(view, [*temp, *((_SRC, n, c, {"kind": "virtual"})
                                         for n, c in starts.items())])
        # issue 7: compiled on views prepared by fastpath.attach, else networkx
        dist, paths = fastpath.single_source_dijkstra(stage, _SRC, targets, weight="w")
        nxt: dict[Node, tuple[float, list[Node]]] = {}
        for t in targets:
            if t in dist:
                p = cast(list[Node], paths[t])
                nxt[t] = (dist[t], best[p[1]][1] + p[2:])
        best = nxt
    if not best:
        return None
    node = min(best, key=lambda n: best[n][0])
    return best[node][1]


def _temporary(ends: list[_Endpoint]) -> list[tuple[Node, Node, float, dict[str, Any]]]:
    return [e for end in ends if end.snap is not None for e in end.snap.edges]


def _search(view: nx.Graph, ends: list[_Endpoint], alternatives: int) -> list[list[Node]]:
    temp = _temporary(ends)
    if alternatives <= 1 or len(ends) > 2:
        path = _staged(view, [e.nodes for e in ends], temp)
        return [path] if path else []
    src, dst = ends[0].nodes, ends[1].nodes
    graph = _overlay(view, temp + [(_SRC, n, 0.0, {"kind": "virtual"}) for n in src]
                     + [(n, _DST, 0.0, {"kind": "virtual"}) for n in dst])
    found: list[list[Node]] = []
    seen: set[tuple[str, ...]] = set()
    try:
        for examined, path in enumerate(nx.shortest_simple_paths(graph, _SRC, _DST,
                                                                 weight="w")):
            inner = path[1:-1]
            sig = tuple(str(graph.edges[a, b]["data"].get("link_id"))
                        for a, b in itertools.pairwise(inner)
                        if graph.edges[a, b]["data"]["kind"] in ("link", "link_part"))
            if sig not in seen:
                seen.add(sig)
                found.append(inner)
            if len(found) >= alternatives or examined > 50 * alternatives:
                break
    except nx.NetworkXNoPath:
        pass
    return found


def _label(data: geodata.GeoData, end: str | tuple[float, float]) -> str:
    if isinstance(end, tuple | list):
        return f"({float(end[0]):g}, {float(end[1]):g})"
    try:
        pid = find_place(end, data)
        return str(data.places.at[pid, "name"])
    except (PlaceNotFound, AmbiguousPlace):
        return str(end)


@overload
def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = ...,
    modes: str | Iterable[str] = ...,
    weight: str = ...,
    via: Sequence[str] = ...,
    avoid_countries: Iterable[str] = ...,
    alternatives: Literal[1] = ...,
    data: geodata.GeoData | None = ...,
    graph: nx.MultiGraph | None = ...,
    explain: bool = ...,
    max_access_km: float = ...,
) -> Route: ...


@overload
def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = ...,
    modes: str | Iterable[str] = ...,
    weight: str = ...,
    via: Sequence[str] = ...,
    avoid_countries: Iterable[str] = ...,
    alternatives: int,
    data: geodata.GeoData | None = ...,
    graph: nx.MultiGraph | None = ...,
    explain: bool = ...,
    max_access_km: float = ...,
) -> Route | list[Route]: ...


def route(
    origin: str | tuple[float, float],
    destination: str | tuple[float, float],
    *,
    scenario: str | Scenario = "today",
    modes: str | Iterable[str] = "multimodal",
    weight: str = "time",
    via: Sequence[str] = (),
    avoid_countries: Iterable[str] = (),
    alternatives: int = 1,
    data: geodata.GeoData | None = None,
    graph: nx.MultiGraph | None = None,
    explain: bool = True,
    max_access_km: float = MAX_ACCESS_KM,
) -> Route | list[Route]:
    """Find the best route (or the ``alternatives`` best routes) between two places.

    Parameters
    ----------
    origin, destination
        Place id, name or alternative name (case and diacritics ignored), or a
        ``(lon, lat)`` point in degrees (finite, longitude in [-180, 180], latitude in
        [-90, 90]), snapped to the nearest rail/road link with an access leg (at
        ``access_speed_kmh``) of at most ``max_access_km``.
    scenario
        Scenario name or :class:`corridor.scenarios.Scenario` (default ``"today"``).
    modes
        ``"rail"``, ``"road"``, ``"ferry"``, ``"multimodal"`` (default) or a list of modes.
    weight
        ``"time"`` (hours, default) or ``"length"`` (km): what the route minimises.
    via
        Places the route must pass, in order.
    avoid_countries
        Countries (ISO3 codes or names) the route must not enter.
    alternatives
        Number of routes wanted, 1 to :data:`MAX_ALTERNATIVES` (50); with more than 1 a list
        of distinct routes (different link sequences) sorted by ``weight`` is returned
        (possibly fewer when fewer exist).
    data
        Geodata (default: ``$CORRIDOR_GEODATA`` or the shipped data).
    graph
        A prebuilt graph of the scenario (default: built and cached).
    explain
        When there is no route, find the restriction that cuts the places for the
        :class:`NoRoute` message (re-routes in relaxed scenarios); ``False`` for a bare
        message (faster in loops).
    max_access_km
        Longest access leg (km, default :data:`MAX_ACCESS_KM`) from a ``(lon, lat)`` point
        to the nearest rail or road link (a place of the geodata without links is reached
        however far it lies).

    Returns
    -------
    Route or list of Route
        A :class:`Route` when ``alternatives == 1``, else a list.

    Raises
    ------
    PlaceNotFound, AmbiguousPlace
        An origin, destination or via name matches no place or several.
    CountryNotFound
        An avoided country is neither a known code or name nor a country of the data.
    NoRoute
        No route exists; the message names the scenario and the restriction that cuts the
        places apart.
    InvalidArgument
        (a ``ValueError``) For a bad ``weight``, ``modes``, ``alternatives`` or
        ``max_access_km``, ``via`` with alternatives, a point off the globe, or a point
        farther than ``max_access_km`` from every link (the message gives the distance, and
        the swapped point when ``lat, lon`` seems to have been given).

    Notes
    -----
    Safe to call from several threads (see the module docstring).
    """
    return _route(origin, destination, scenario=scenario, modes=modes, weight=weight, via=via,
                  avoid_countries=avoid_countries, alternatives=alternatives, data=data,
                  graph=graph, explain=explain, max_access_km=max_access_km)


def _route(origin: Any, destination: Any, *, scenario: str | Scenario, modes: Any, weight: str,
           via: Sequence[Any], avoid_countries: Iterable[str], alternatives: int,
           data: geodata.GeoData | None, graph: nx.MultiGraph | None,
           explain: bool, max_access_km: float = MAX_ACCESS_KM) -> Route | list[Route]:
    if weight not in WEIGHTS:
        raise InvalidArgument(f"unknown weight {weight!r}; expected one of {WEIGHTS}")
    _check_alternatives(alternatives)
    if via and alternatives > 1:
        raise InvalidArgument("alternatives cannot be combined with via places")
    max_access_km = _check_access_km(max_access_km)
    specs = [_check_point(s) if isinstance(s, tuple | list) else s
             for s in (origin, *via, destination)]
    data = data if data is not None else _default_data()
    scen = get(scenario, geodata_dir=data.path) if graph is None else graph.graph["scenario_obj"]
    mode_tuple = parse_modes(modes)
    avoid = tuple(sorted({country_code(c, data) for c in avoid_countries}))
    if graph is None:
        graph = graph_for(data, scen)
    view = routing_view(graph, mode_tuple, avoid, weight)
    defaults = graph.graph["defaults"]
    ends = [_endpoint(s, data, view, weight, f"{i}", defaults, avoid, max_access_km)
            for i, s in enumerate(specs)]
    paths = _search(view, ends, alternatives) if all(e.nodes for e in ends) else []
    if not paths:
        raise NoRoute(_explain(data, scen, specs, mode_tuple, avoid, weight, explain,
                               max_access_km))
    out = []
    snapped = _overlay(view, _temporary(ends))
    for path in paths:
        legs = _path_legs(snapped, path)
        out.append(Route(origin=ends[0].label, destination=ends[-1].label, scenario=scen.name,
                         weight=weight, modes=mode_tuple, legs=tuple(legs),
                         via=tuple(e.label for e in ends[1:-1])))
    key = (lambda r: r.time_h) if weight == "time" else (lambda r: r.length_km)
    out.sort(key=key)
    return out[0] if alternatives == 1 else out


# --------------------------------------------------------------------------- matrices


def od_matrix(
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    *,
    scenario: str | Scenario = "today",
    modes: str | Iterable[str] = "multimodal",
    weight: str = "time",
    avoid_countries: Iterable[str] = (),
    data: geodata.GeoData | None = None,
) -> Any:
    """Return the origin-destination matrix of best routes (one Dijkstra per origin).

    Parameters
    ----------
    origins, destinations
        Place ids or names (default: every place of kind ``city`` or ``port``).
    scenario, modes, weight, avoid_countries, data
        As for :func:`route`.

    Returns
    -------
    pandas.DataFrame
        Hours (``weight="time"``) or km (``weight="length"``) of the best route, origins as
        rows and destinations as columns; NaN where there is no route, 0 on the diagonal.
    """
    import pandas as pd

    if weight not in WEIGHTS:
        raise InvalidArgument(f"unknown weight {weight!r}; expected one of {WEIGHTS}")
    data = data if data is not None else _default_data()
    if origins is None or destinations is None:
        kinds = data.places["kind"].isin(["city", "port"])
        default = list(data.places.index[kinds])
    ids_o = [find_place(o, data) for o in origins] if origins is not None else default
    ids_d = [find_place(d, data) for d in destinations] if destinations is not None else default
    graph = graph_for(data, scenario)
    avoid = tuple(sorted({country_code(c, data) for c in avoid_countries}))
    view = routing_view(graph, parse_modes(modes), avoid, weight)
    attr = "time_h" if weight == "time" else "length_km"
    nodes_of: dict[str, list[Node]] = defaultdict(list)
    for n, d in view.nodes(data=True):
        nodes_of[d["place"]].append(n)

    def ends(pid: str) -> list[Node]:
        land = [n for n in nodes_of.get(pid, []) if view.nodes[n]["mode"] != "ferry"]
        return land or nodes_of.get(pid, [])

    out = pd.DataFrame(math.nan, index=pd.Index(ids_o, name="origin"),
                       columns=pd.Index(ids_d, name="destination"))
    wanted = [t for dest in ids_d for t in ends(dest)]
    for o in ids_o:
        sources = ends(o)
        if not sources:
            continue
        # issue 7: compiled on views prepared by fastpath.attach, else networkx
        _, paths = fastpath.multi_source_dijkstra(view, sources, wanted, weight="w")
        for dest in ids_d:
            if dest == o:
                out.at[o, dest] = 0.0
                continue
            reached = [t for t in ends(dest) if t in paths]
            if not reached:
                continue
            totals = [math.fsum(float(view.edges[a, b]["data"][attr])
                                for a, b in itertools.pairwise(paths[t])) for t in reached]
            out.at[o, dest] = min(totals)
    return out


# --------------------------------------------------------------------------- explaining


def _connected(data: geodata.GeoData, scen: Scenario, specs: list[Any],
               modes: tuple[str, ...], avoid: tuple[str, ...], weight: str,
               max_access_km: float = MAX_ACCESS_KM) -> Route | None:
    try:
        result = _route(specs[0], specs[-1], scenario=scen, modes=modes, weight=weight,
                        via=specs[1:-1], avoid_countries=avoid, alternatives=1, data=data,
                        graph=graph_for(data, scen), explain=False,
                        max_access_km=max_access_km)
    except NoRoute:
        return None
    assert isinstance(result, Route)
    return result


def _explain(data: geodata.GeoData, scen: Scenario, specs: list[Any], modes: tuple[str, ...],
             avoid: tuple[str, ...], weight: str, explain: bool = True,
             max_access_km: float = MAX_ACCESS_KM) -> str:
    labels = [_label(data, s) for s in specs]
    mode_text = "/".join(modes) if modes != ALL_MODES else "multimodal"
    head = (f"no {mode_text} route from {labels[0]} to {labels[-1]}"
            f"{' via ' + ', '.join(labels[1:-1]) if len(labels) > 2 else ''} "
            f"in scenario {scen.name!r}")
    if not explain:
        return head
    every_status = geodata.CROSSING_STATUSES
    all_open = scen.replace(crossing_statuses=list(every_status), closed_crossings=[],
                            closed_borders=[], open_borders=[],
                            open_crossings=_all_crossings(data))
    all_links = scen.replace(link_statuses=[s for s in geodata.LINK_STATUSES
                                            if s != "dismantled"],
                             as_of=None, closed_links=[], closed_corridors=[])
    relaxations: list[tuple[str, Scenario, tuple[str, ...], tuple[str, ...]]] = []
    if scen.closed_countries:
        relaxations.append((
            f"{', '.join(scen.closed_countries)} closed to transit in this scenario",
            scen.replace(closed_countries=[]), modes, avoid))
    if avoid:
        relaxations.append((f"avoiding {', '.join(avoid)}", scen, modes, ()))
    relaxations.append((_CROSSINGS, all_open, modes, avoid))
    if modes != ALL_MODES:
        relaxations.append((f"the mode restriction ({mode_text} only)", scen, ALL_MODES, avoid))
    relaxations.append((_LINKS, all_links, modes, avoid))
    reasons = []
    for text, relaxed, m, a in relaxations:
        found = _connected(data, relaxed, specs, m, a, weight, max_access_km)
        if found is not None:
            reasons.append(text + _detail(text, found, scen, data))
    if reasons:
        return head + ": cut by " + "; or by ".join(reasons)
    everything = all_links.replace(crossing_statuses=list(every_status), closed_crossings=[],
                                   closed_borders=[], open_crossings=_all_crossings(data),
                                   closed_countries=[])
    found = _connected(data, everything, specs, ALL_MODES, (), weight, max_access_km)
    if found is None:
        return head + ": the places are not connected in the geodata at all"
    names = "; ".join(t for t, *_ in relaxations)
    return (head + ": cut only by the combination of " + names
            + _detail(_CROSSINGS, found, scen, data) + _detail(_LINKS, found, scen, data))


_CROSSINGS = "closed border crossings"
_LINKS = "links not usable in this scenario (status, year or closure)"


def _all_crossings(data: geodata.GeoData) -> list[str]:
    return list(data.places.index[data.places["kind"] == "border_crossing"])


def _detail(text: str, found: Route, scen: Scenario, data: geodata.GeoData) -> str:
    if text == _CROSSINGS:
        sel = _selection(data, scen)
        shut = [c for c in found.border_crossings if c not in sel.crossings]
        if shut:
            return " (" + ", ".join(_describe(data, c) for c in dict.fromkeys(shut)) + ")"
    if text == _LINKS:
        sel = _selection(data, scen)
        missing = [lid for lid in found.link_ids if lid not in sel.links]
        if missing:
            return " (e.g. " + ", ".join(list(dict.fromkeys(missing))[:4]) + ")"
    return ""


def _selection(data: geodata.GeoData, scen: Scenario) -> Any:
    from corridor.scenarios import select

    return select(data, scen)
