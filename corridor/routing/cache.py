"""The caches of routing (geodata, graphs, views, name and place indexes): one owner, one lock.

Every cache of :mod:`corridor.routing` lives here, filled under one reentrant lock, each value
built once and published complete (graphs and views are frozen). A value built from an object
(a graph from a :class:`~corridor.geodata.GeoData`, a view from a graph, a name index from a
GeoData) is keyed by that object's identity and held with a weak reference to it, so the
cache never keeps a dataset or graph alive: the entry goes when its object does. The default
geodata (``$CORRIDOR_GEODATA`` or the shipped folder) is the one value held strongly.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import networkx as nx

from corridor import geodata, network, settings
from corridor.scenarios import Scenario, get

#: Most graphs kept (the most recent per geodata object and scenario).
CACHE_SIZE = 32
#: Guards every cache of this module: a value is built and published under it, once, and
#: never changed after. Reentrant: a graph build may load data.
LOCK = threading.RLock()

V = TypeVar("V")


class ByObject(Generic[V]):
    """Values keyed by (a live object, a key), most recent ``size`` kept.

    The object is held by a weak reference: when it dies, its entries go (a callback drops
    them), and an entry is only ever returned for the very object it was built from.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, Hashable], tuple[weakref.ref[Any], V]] = (
            OrderedDict())

    def get_or_build(self, owner: Any, key: Hashable, build: Callable[[], V]) -> V:
        """Return the value for ``(owner, key)``, building and publishing it once."""
        item = (id(owner), key)
        with LOCK:
            hit = self._items.get(item)
            if hit is not None and hit[0]() is owner:
                self._items.move_to_end(item)
                return hit[1]
            value = build()
            self._items[item] = (weakref.ref(owner, self._forget(item)), value)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
            return value

    def _forget(self, item: tuple[int, Hashable]) -> Callable[[weakref.ref[Any]], None]:
        def drop(ref: weakref.ref[Any]) -> None:
            with LOCK:
                hit = self._items.get(item)
                if hit is not None and hit[0] is ref:
                    del self._items[item]
        return drop

    def clear(self) -> None:
        """Forget every entry."""
        with LOCK:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_DATA: dict[str, tuple[tuple[Any, ...], geodata.GeoData]] = {}
GRAPHS: ByObject[nx.MultiGraph] = ByObject(CACHE_SIZE)
VIEWS: ByObject[nx.Graph] = ByObject(CACHE_SIZE * 4)
NAME_INDEX: ByObject[dict[str, list[tuple[int, str]]]] = ByObject(CACHE_SIZE)
#: Per routing view: place id -> its nodes (view order); per view and attribute: arc values.
PLACE_NODES: ByObject[dict[str, list[Any]]] = ByObject(CACHE_SIZE * 4)
ARC_VALUES: ByObject[Any] = ByObject(CACHE_SIZE * 4)
#: Per routing view: its rail and road links with their geometries (for snapping points).
LINK_LINES: ByObject[Any] = ByObject(CACHE_SIZE * 4)
#: Per geodata object: the places some link starts or ends at.
LINKED: ByObject[frozenset[str]] = ByObject(CACHE_SIZE)
#: Per routing view: the legs built for its own arcs, by arc (see :func:`leg_memo`).
LEGS: ByObject[dict[Any, Any]] = ByObject(CACHE_SIZE * 4)
#: Most arcs whose legs one view's memo holds; when full it starts over. Bounds its memory:
#: 0.65-0.9 kB per arc measured on the 100,000-way extract (the Leg, its field dict and the
#: reversed geometry of an arc travelled against its link), so about 100 MB when full.
LEG_MEMO_ARCS = 100_000


def place_nodes(view: nx.Graph) -> dict[str, list[Any]]:
    """Return the nodes of each place of a (frozen) routing view, in the view's node order.

    Built once per view (one pass over its nodes) instead of once per query.
    """
    def build() -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for n, d in view.nodes(data=True):
            out.setdefault(d.get("place"), []).append(n)
        return out

    return PLACE_NODES.get_or_build(view, None, build)


def leg_memo(view: nx.Graph) -> dict[Any, Any]:
    """Return the memo of the legs built for the arcs of a (frozen) routing view.

    Keyed by arc ``(u, v)``; a value is the finished leg (frozen, its geometry immutable),
    shared by every route over the arc. Only an arc of the view itself goes in, never a
    temporary arc of a query's overlay (:func:`corridor.routing.legs._path_legs` checks).
    The dict is filled without the lock: each value is built from the frozen view alone, so
    two threads building the same arc store equal legs.
    """
    return LEGS.get_or_build(view, None, dict)


def linked_places(data: geodata.GeoData) -> frozenset[str]:
    """Return the ids of the places some link of ``data`` starts or ends at (built once)."""
    return LINKED.get_or_build(
        data, None, lambda: frozenset(data.links["from"]) | frozenset(data.links["to"]))


def default_data() -> geodata.GeoData:
    """Return the default geodata, loaded once per folder and reloaded when its files change."""
    folder = settings.default_geodata_dir()
    stamp = tuple((folder / f).stat().st_mtime_ns if (folder / f).exists() else None
                  for f in (geodata.PLACES_FILE, geodata.LINKS_FILE))
    with LOCK:
        hit = _DATA.get(str(folder))
        if hit is not None and hit[0] == stamp:
            return hit[1]
        data = geodata.load(folder)
        _DATA[str(folder)] = (stamp, data)
        return data


def graph_for(data: geodata.GeoData | None = None,
              scenario: str | Scenario = "today",
              profile: str = settings.DEFAULT_PROFILE) -> nx.MultiGraph:
    """Return the (cached) network of a scenario and profile; see :func:`corridor.network.build`.

    The cache holds the most recent graphs per (geodata object, scenario, profile), while the
    geodata
    object lives. A returned graph is shared by every caller (and thread) and frozen
    (:func:`networkx.freeze`): copy it (``graph.copy()``) to change it.
    """
    data = data if data is not None else default_data()
    scen = get(scenario, geodata_dir=data.path)
    # repr: overrides may hold a dict (speed_by_status)
    settings.profile_defaults(profile)  # an unknown profile raises InvalidArgument
    return GRAPHS.get_or_build(data, (repr(scen), profile),
                               lambda: nx.freeze(network.build(data, scen, profile)))


def clear_cache() -> None:
    """Forget cached geodata, graphs, routing views and name indexes."""
    with LOCK:
        _DATA.clear()
        GRAPHS.clear()
        VIEWS.clear()
        NAME_INDEX.clear()
        PLACE_NODES.clear()
        ARC_VALUES.clear()
        LINK_LINES.clear()
        LINKED.clear()
        LEGS.clear()
