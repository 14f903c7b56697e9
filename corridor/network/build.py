"""Building the layered multimodal graph of a scenario from the geodata (model: see the package)."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import networkx as nx
from shapely.geometry import LineString

from corridor import geodata, settings
from corridor._cells import as_list, as_number, is_empty
from corridor._geo import distance_km
from corridor.network import costs, lengths, timing
from corridor.network.timing import link_time_h
from corridor.scenarios import Scenario, get, records, select

#: Node of the graph: ``(place, layer)`` or ``(place, layer, side ISO3)`` at a crossing.
Node = tuple[str, ...]

#: A place without land links is joined to the nearest place with land links within this
#: distance (km) by a ``local`` edge at ``access_speed_kmh``.
LOCAL_LINK_KM = 5.0

#: Layers of the graph and their mode.
LAYERS = {"road": "road", "ferry": "ferry", "rail_1520": "rail", "rail_1435": "rail"}


def layer_of(mode: str, gauge_mm: Any = None) -> str:
    """Return the layer of a link: ``road``, ``ferry`` or ``rail_<gauge>``."""
    if mode == "rail":
        gauge = 1520 if is_empty(gauge_mm) else int(gauge_mm)
        return f"rail_{gauge}"
    return mode


def mode_of(layer: str) -> str:
    """Return the mode (``rail``, ``road``, ``ferry``) of a layer."""
    return LAYERS.get(layer, layer)


def _text(value: Any) -> str | None:
    """Return a text cell, or ``None`` when empty."""
    return value if isinstance(value, str) and value else None


def _side(place_row: Any, crossing: bool, link_country: Any) -> str | None:
    """Return the side of a crossing a link attaches to (its country), or None for a plain place."""
    if not crossing:
        return None
    countries = as_list(place_row.get("countries"))
    if isinstance(link_country, str) and link_country in countries:
        return link_country
    return str(place_row["country"])


def _node(place: str, layer: str, side: str | None) -> Node:
    return (place, layer) if side is None else (place, layer, side)


def build(data: geodata.GeoData | None = None, scenario: str | Scenario = "today",
          profile: str = settings.DEFAULT_PROFILE) -> nx.MultiGraph:
    """Build the multimodal network of a scenario.

    Parameters
    ----------
    data
        Loaded geodata (default: :func:`corridor.geodata.load`).
    scenario
        A scenario name or :class:`corridor.scenarios.Scenario` (default ``"today"``).
    profile
        ``"freight"`` (default) or ``"passenger"``: speeds, border dwell and transfers of
        that traffic (see :mod:`corridor.network.timing`); freight leaves out high-speed
        lines.

    Returns
    -------
    networkx.MultiGraph
        Layered graph; node and edge attributes as described in this module's docstring
        (lengths in km, times in hours).
    """
    if data is None:
        data = geodata.load()
    scen = get(scenario, geodata_dir=data.path)
    builder = _Builder(data, scen, profile)
    builder.add_links()
    borders = builder.open_crossings()
    builder.add_local_links()
    builder.add_transfers()
    builder.add_borders(borders)
    costs.annotate(builder.graph)
    return builder.graph


class _Builder:
    """The steps of :func:`build`, sharing the graph, the place rows and the layers seen."""

    def __init__(self, data: geodata.GeoData, scen: Scenario, profile: str) -> None:
        self.data = data
        self.profile = profile
        self.defaults = scen.defaults_for(profile)
        self.border_table = timing.border_table(data.border_times)
        self.chosen = select(data, scen)
        places = data.places
        self.graph = nx.MultiGraph()
        self.graph.graph.update({
            "scenario": scen.name,
            "scenario_obj": scen,
            "profile": profile,
            "crs": settings.CRS,
            "defaults": dataclasses.asdict(self.defaults),
            "geodata_path": str(data.path) if data.path is not None else None,
        })
        self.crossing_ids = set(places.index[places["kind"] == "border_crossing"])
        self.place_rows = records(places)
        self.layers_at: dict[tuple[str, str | None], set[str]] = defaultdict(set)

    def add_node(self, node: Node) -> None:
        """Add a (place, layer[, side]) node with its attributes, once."""
        if node in self.graph:
            return
        place = node[0]
        row = self.place_rows[place]
        layer = node[1]
        self.graph.add_node(
            node, place=place, layer=layer, mode=mode_of(layer),
            gauge_mm=int(layer.split("_")[1]) if layer.startswith("rail_") else None,
            country=node[2] if len(node) == 3 else row["country"],
            name=row["name"], kind=row["kind"],
            x=float(row["geometry"].x), y=float(row["geometry"].y),
        )

    def add_links(self) -> None:
        """Add one edge per selected link, between its end places on its layer."""
        link_rows = records(self.data.links)
        for lid in sorted(self.chosen.links):
            self._add_link(lid, link_rows[lid])

    def _add_link(self, lid: str, row: dict[str, Any]) -> None:
        mode = row["mode"]
        line_class = _text(row.get("line_class"))
        if not timing.usable(mode, line_class, self.profile, row.get("freight")):
            return
        layer = layer_of(mode, row.get("gauge_mm"))
        geom: LineString = row["geometry"]
        km = lengths.link_km(row, self.defaults.detour_factors)
        times = link_time_h(
            mode, km["length_km"], as_number(row.get("speed_kmh")), row["status"], self.defaults,
            as_number(row.get("sailing_h")), as_number(row.get("headway_h")),
            line_class=line_class, profile=self.profile,
            speed_kind=_text(row.get("speed_kind")))
        if mode == "ferry":
            times.update(self._ferry_customs(lid, row))
            times["time_h"] += times.get("customs_h", 0.0)
        ends = []
        for place in (row["from"], row["to"]):
            side = _side(self.place_rows[place], place in self.crossing_ids, row.get("country"))
            node = _node(place, layer, side)
            self.add_node(node)
            self.layers_at[(place, side)].add(layer)
            ends.append(node)
        gauge = as_number(row.get("gauge_mm"))
        country = row.get("country")
        self.graph.add_edge(
            ends[0], ends[1], key=lid, kind="link", link_id=lid, name=row.get("name"),
            mode=mode, layer=layer, status=row["status"],
            gauge_mm=int(gauge) if gauge is not None else None,
            country=country if isinstance(country, str) else None,
            corridors=as_list(row.get("corridors")),
            opened=as_number(row.get("opened")), expected=as_number(row.get("expected")),
            from_place=row["from"], to_place=row["to"], geometry=geom,
            line_class=line_class, **km, **times,
        )
        edge = self.graph.edges[ends[0], ends[1], lid]
        if "directions" in edge:
            edge["time_h_from"] = self._from(ends, edge)

    def _ferry_customs(self, lid: str, row: dict[str, Any]) -> dict[str, Any]:
        """Return the customs at both ports of a ferry joining two countries (none within one).

        The ferry's ``time_h`` gets the mean of both directions (the network is undirected);
        routing views charge the direction sailed (``directions``).
        """
        a = str(self.place_rows[row["from"]]["country"])
        b = str(self.place_rows[row["to"]]["country"])
        if a == b:
            return {}
        directions = tuple(
            (src, dst, *timing.directed_dwell(self.border_table, lid, "ferry", self.profile,
                                              src, dst, self.defaults.port_customs_h))
            for src, dst in ((a, b), (b, a)))
        mean = (sum(d[2] + d[3] for d in directions)) / 2.0
        return {"countries": (a, b), "directions": directions, "customs_h": mean}

    def _from(self, ends: list[Node], data: dict[str, Any]) -> dict[Node, float]:
        """Return ``time_h_from``: the time of an edge with ``directions``, by start node."""
        moving = data["time_h"] - data.get("customs_h", 0.0) if data["kind"] == "link" else 0.0
        out = {}
        for start, d in zip(ends, data["directions"], strict=True):
            out[start] = moving + d[2] + d[3]
        return out

    def open_crossings(self) -> list[tuple[str, list[str], str, tuple[Any, ...]]]:
        """Mirror layers across open crossings; return the border edges to add.

        An open crossing lets each crossing mode's layers through: a layer present on one side
        only is mirrored to the other, where the gauge break or mode change is then paid (e.g.
        1435 mm from Turkey meeting 1520 mm in Nakhchivan at Dilucu-Sadarak).
        """
        borders: list[tuple[str, list[str], str, tuple[Any, ...]]] = []
        for place in sorted(self.chosen.crossings):
            row = self.place_rows[place]
            countries = as_list(row.get("countries"))
            if len(countries) != 2:
                continue
            sides = [self.layers_at.get((place, c), set()) for c in countries]
            if not sides[0] or not sides[1]:
                continue
            modes = set(as_list(row.get("crossing_modes")))
            for layer in sorted(sides[0] | sides[1]):
                mode = mode_of(layer)
                if mode not in modes:
                    continue
                for c in countries:
                    self.add_node((place, layer, c))
                    self.layers_at[(place, c)].add(layer)
                borders.append((place, countries, layer, self._dwell(place, row, mode, countries)))
        return borders

    def _dwell(self, place: str, row: dict[str, Any], mode: str, countries: list[str]
               ) -> tuple[Any, ...]:
        """Dwell of both directions: ``(from, to, hours at exit, hours at entry, how)`` each.

        ``how`` is ``"published"``/``"partly published"`` (rows of ``border_times.csv``),
        ``"<mode>_dwell_h of the place"`` or ``"default"``.

        A direction's rows of ``border_times.csv`` first; else the place's own
        ``rail_dwell_h``/``road_dwell_h`` (freight, both directions); else the default.
        """
        d = self.defaults
        default = d.rail_border_dwell_h if mode == "rail" else d.road_border_dwell_h
        own = as_number(row.get(f"{mode}_dwell_h"))
        if own is not None and self.profile == settings.DEFAULT_PROFILE:
            default = own
        a, b = countries
        out = []
        for src, dst in ((a, b), (b, a)):
            exit_h, entry_h, how = timing.directed_dwell(self.border_table, place, mode,
                                                         self.profile, src, dst, default)
            if how == "default" and own is not None and self.profile == settings.DEFAULT_PROFILE:
                how = f"{mode}_dwell_h of the place"
            out.append((src, dst, exit_h, entry_h, how))
        return tuple(out)

    def add_local_links(self) -> None:
        """Join places without land links to the nearest place with some.

        A place without land links (a port served only by ferries, or a city without links) is
        joined to the nearest place with land links within LOCAL_LINK_KM (e.g. the Port of Baku
        and the Alat junction, 3 km apart; Aktau city and its port).
        """
        layers_at = self.layers_at
        ferry_only = [key for key, layers in layers_at.items() if layers == {"ferry"}]
        linked = set(self.data.links["from"]) | set(self.data.links["to"])
        ferry_only += [(place, None) for place in sorted(self.chosen.places - linked)
                       if place not in self.crossing_ids]
        land_places = {place: side for (place, side), layers in layers_at.items()
                       if layers - {"ferry"} and place not in self.crossing_ids}
        for place, side in ferry_only:
            best = self._nearest(place, land_places)
            if best is not None:
                self._add_local(place, side, best[1], land_places[best[1]], best[0])
        self._add_port_roads(land_places)

    def _add_port_roads(self, land_places: dict[str, str | None]) -> None:
        """Join a port with rail but no road link to the nearest place with a road.

        Within LOCAL_LINK_KM (e.g. the Port of Aktau, served by rail, and Aktau city on the
        road network), so trucks and buses reach the ferry by road rather than by a few km
        of rail between two changes of mode.
        """
        with_road = {p: s for p, s in land_places.items()
                     if "road" in self.layers_at[(p, s)]}
        for (place, side), layers in list(self.layers_at.items()):
            if "ferry" not in layers or "road" in layers or not layers - {"ferry"}:
                continue
            best = self._nearest(place, (p for p in with_road if p != place))
            if best is not None:
                self._add_local(place, side, best[1], with_road[best[1]], best[0],
                                only=("road",))

    def _nearest(self, place: str, candidates: Iterable[str]) -> tuple[float, str] | None:
        here = self.place_rows[place]["geometry"]
        best: tuple[float, str] | None = None
        for other in candidates:
            there = self.place_rows[other]["geometry"]
            km = distance_km(here.x, here.y, there.x, there.y)
            if km <= LOCAL_LINK_KM and (best is None or km < best[0]):
                best = (km, other)
        return best

    def _add_local(self, place: str, side: str | None, other: str, other_side: str | None,
                   km: float, only: tuple[str, ...] | None = None) -> None:
        here = self.place_rows[place]["geometry"]
        there = self.place_rows[other]["geometry"]
        layers = self.layers_at[(other, other_side)] - {"ferry"}
        for layer in sorted(layers if only is None else layers & set(only)):
            node = _node(place, layer, side)
            self.add_node(node)
            self.layers_at[(place, side)].add(layer)
            self.graph.add_edge(
                _node(other, layer, other_side), node, key=f"local:{layer}", kind="local",
                place=place, from_place=other, to_place=place, mode=mode_of(layer),
                layer=layer, country=self.place_rows[place]["country"], length_km=km,
                time_h=km / self.defaults.access_speed_kmh,
                geometry=LineString([(there.x, there.y), (here.x, here.y)]),
            )

    def add_transfers(self) -> None:
        """Join the layers met at each place (and side) by transfer or gauge-break edges."""
        d = self.defaults
        for (place, side), layers in self.layers_at.items():
            for a, b in itertools.combinations(sorted(layers), 2):
                ma, mb = mode_of(a), mode_of(b)
                if ma == mb == "rail":
                    kind, hours = "gauge_break", d.gauge_break_h
                elif "ferry" in (ma, mb):
                    kind, hours = "transfer", d.ferry_transfer_h
                else:
                    kind, hours = "transfer", d.mode_transfer_h
                self.graph.add_edge(
                    _node(place, a, side), _node(place, b, side), key=f"{kind}:{a}:{b}",
                    kind=kind, place=place, from_layer=a, to_layer=b, mode=None,
                    length_km=0.0, time_h=hours, geometry=None,
                )

    def add_borders(self, borders: list[tuple[str, list[str], str, tuple[Any, ...]]]) -> None:
        """Add the border edges between the two sides of each open crossing.

        ``time_h`` is the mean of both directions (the network is undirected);
        ``directions`` holds each direction's dwell, which routing charges.
        """
        for place, countries, layer, directions in borders:
            mean = sum(d[2] + d[3] for d in directions) / 2.0
            self.graph.add_edge(
                (place, layer, countries[0]), (place, layer, countries[1]),
                key=f"border:{layer}", kind="border", place=place, mode=mode_of(layer),
                layer=layer, countries=tuple(countries), length_km=0.0, time_h=mean,
                directions=directions, geometry=None,
            )
            edge = self.graph.edges[(place, layer, countries[0]), (place, layer, countries[1]),
                                    f"border:{layer}"]
            edge["time_h_from"] = self._from([(place, layer, countries[0]),
                                              (place, layer, countries[1])], edge)


def place_nodes(graph: nx.MultiGraph, place: str) -> list[Node]:
    """Return every node of a place (all layers and, at a crossing, both sides)."""
    return [n for n, d in graph.nodes(data=True) if d["place"] == place]


def edges_frame(graph: nx.MultiGraph) -> Any:
    """Return the link edges of a graph as a GeoDataFrame (EPSG:4326), one row per link."""
    rows = []
    for _, _, d in graph.edges(data=True):
        if d["kind"] != "link":
            continue
        rows.append({k: v for k, v in d.items() if k != "corridors"} | {
            "corridors": ",".join(d["corridors"])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS)
