"""All-or-nothing and capacity-restrained (Frank-Wolfe, BPR) assignment of freight demand."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from corridor import geodata, network
from corridor.flows import capacity
from corridor.flows.capacity import BASE_PLAN, Capacity
from corridor.flows.demand import Demand
from corridor.routing import cache
from corridor.routing.view import routing_view

#: BPR link-performance function t = t0 (1 + alpha (v/c)^beta), the Bureau of Public Roads
#: (1964) Traffic Assignment Manual values, also AequilibraE's default BPR parameters.
BPR_ALPHA = 0.15
BPR_BETA = 4.0
BPR_SOURCE = "https://www.aequilibrae.com/latest/python/modeling_with_aequilibrae/" \
    "transport_modeling/traffic_assignment_procedure.html"
#: Relative gap at which the restrained assignment stops, and its iteration limit.
GAP_TOLERANCE = 1e-4
MAX_ITERATIONS = 500

Arc = tuple[int, Hashable, Hashable]  # (index of the network of a mode set, from, to)
Element = tuple[str, str]  # ("link", link id), ("place", place id) or ("group", group id)


@dataclass
class _Net:
    """One directed network (one set of modes) with the capacity elements of its arcs."""

    graph: nx.DiGraph
    nodes_of: dict[str, list[Hashable]]


@dataclass
class Problem:
    """A network and demand prepared for assignment: arcs, their free-flow hours, elements.

    ``t0`` holds each arc's free-flow hours; ``arc_elements`` the capacity elements an arc
    loads (its link; the place it enters from another place); ``base_h`` the free-flow hours
    a congested element multiplies (a link: its edge time; a place: its longest internal
    transfer, gauge break or border time); ``capacity`` the Mt/yr of the elements with a
    published figure; ``background`` the demand starting or ending at a place.
    """

    nets: list[_Net]
    demand: list[Demand]
    net_of: list[int]
    t0: dict[Arc, float]
    arc_elements: dict[Arc, list[Element]]
    base_h: dict[Element, float]
    capacity: dict[Element, float]
    background: dict[Element, float]
    alpha: float = BPR_ALPHA
    beta: float = BPR_BETA
    capacity_meta: dict[Element, dict[str, Any]] = field(default_factory=dict)
    plan: str = BASE_PLAN


@dataclass
class Result:
    """Volumes of one assignment.

    ``arc_flow`` Mt/yr per arc; ``element_volume`` Mt/yr per link and place (both
    directions of a link summed; a place counts what enters it plus the demand starting
    there); ``paths`` the arcs of each demand row's fastest path at the final costs
    (``None``: no route, the row is unserved); ``gaps`` the relative gap of each iteration.
    """

    arc_flow: dict[Arc, float]
    element_volume: dict[Element, float]
    paths: list[list[Arc] | None]
    gaps: list[float] = field(default_factory=list)

    @property
    def gap(self) -> float:
        """The relative gap at the end (0 for all-or-nothing)."""
        return self.gaps[-1] if self.gaps else 0.0


def capacities(data: geodata.GeoData) -> dict[Element, float]:
    """Return the published ``capacity_mt_yr`` of links and places (absent = unknown)."""
    out: dict[Element, float] = {}
    for kind, frame in (("link", data.links), ("place", data.places)):
        if "capacity_mt_yr" not in frame.columns:
            continue
        for fid, value in frame["capacity_mt_yr"].items():
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                out[(kind, str(fid))] = float(value)
    return out


def prepare(demand: Sequence[Demand], scenario: Any = "today",
            data: geodata.GeoData | None = None, *, alpha: float = BPR_ALPHA,
            beta: float = BPR_BETA, graph: nx.MultiGraph | None = None,
            plan: Sequence[Capacity] = (), plan_name: str = BASE_PLAN) -> Problem:
    """Build the assignment problem of ``demand`` on a scenario's freight network.

    Parameters
    ----------
    demand
        The rows to assign (one case).
    scenario, data
        As for :func:`corridor.routing.route`.
    alpha, beta
        BPR parameters.
    graph
        A network to use instead of the scenario's (tests pass small hand-made ones).
    plan, plan_name
        Capacities in force (:func:`corridor.flows.capacity.for_plan`): a link's or place's
        replaces the geodata's figure; a group's is one capacity shared by its links.
    """
    if graph is None:
        data = data if data is not None else cache.default_data()
        graph = cache.graph_for(data, scenario)
    caps = capacities(data) if data is not None else {}
    mode_sets = list(dict.fromkeys(d.modes for d in demand))
    nets: list[_Net] = []
    t0: dict[Arc, float] = {}
    arc_elements: dict[Arc, list[Element]] = {}
    link_h: dict[str, list[float]] = defaultdict(list)
    place_h: dict[str, float] = defaultdict(float)
    for i, modes in enumerate(mode_sets):
        view = routing_view(graph, modes, (), "time")
        g = nx.DiGraph()
        nodes_of: dict[str, list[Hashable]] = defaultdict(list)
        for n, nd in view.nodes(data=True):
            if nd.get("temporary"):
                continue
            g.add_node(n)
            nodes_of[nd["place"]].append(n)
        for a, b, ad in view.edges(data=True):
            if a not in g or b not in g:
                continue
            d = ad["data"]
            arc: Arc = (i, a, b)
            t0[arc] = float(d["time_h"])
            g.add_edge(a, b, cost=t0[arc])
            elems: list[Element] = []
            if d.get("kind") == "link" and d.get("link_id"):
                elems.append(("link", str(d["link_id"])))
                link_h[str(d["link_id"])].append(t0[arc])
            pa, pb = view.nodes[a]["place"], view.nodes[b]["place"]
            if pa != pb:
                elems.append(("place", str(pb)))
            else:
                place_h[str(pa)] = max(place_h[str(pa)], t0[arc])
            arc_elements[arc] = elems
        nets.append(_Net(g, {p: network.endpoints(view, sorted(ns, key=str))
                             for p, ns in nodes_of.items()}))
    base: dict[Element, float] = {("link", k): sum(v) / len(v) for k, v in link_h.items()}
    base.update({("place", k): v for k, v in place_h.items()})
    background: dict[Element, float] = defaultdict(float)
    for d in demand:
        background[("place", d.origin)] += d.mt_yr  # a path enters its destination
    problem = Problem(nets, list(demand), [mode_sets.index(d.modes) for d in demand], t0,
                      arc_elements, base, caps, dict(background), alpha, beta,
                      plan=plan_name)
    apply_plan(problem, plan)
    return problem


def apply_plan(p: Problem, rows: Iterable[Capacity]) -> None:
    """Set the capacities of ``rows`` on ``p`` (in place); see :func:`prepare`."""
    for row in rows:
        e: Element = row.element
        if row.kind == "group":
            members = {("link", lid) for lid in row.links}
            hours = [p.base_h[m] for m in members if m in p.base_h]
            if not hours:  # none of its links is in this network
                continue
            for elems in p.arc_elements.values():
                if any(m in members for m in elems):
                    elems.append(e)
            p.base_h[e] = sum(hours) / len(hours)
        p.capacity[e] = row.capacity_mt_yr
        p.capacity_meta[e] = capacity.meta(row)


def _extra(p: Problem, e: Element, v: float) -> float:
    """BPR hours added to an arc loading element ``e`` at volume ``v`` (0 if unknown)."""
    c = p.capacity.get(e)
    if c is None:
        return 0.0
    return p.base_h.get(e, 0.0) * p.alpha * (v / c) ** p.beta


def arc_costs(p: Problem, volumes: dict[Element, float]) -> dict[Arc, float]:
    """Return each arc's hours at element ``volumes`` (free flow + BPR delay)."""
    return {arc: t + sum(_extra(p, e, volumes.get(e, 0.0)) for e in p.arc_elements[arc])
            for arc, t in p.t0.items()}


def element_volumes(p: Problem, flow: dict[Arc, float]) -> dict[Element, float]:
    """Sum arc flows into link and place volumes (plus the places' own demand)."""
    out: dict[Element, float] = defaultdict(float, p.background)
    for arc, x in flow.items():
        if x:
            for e in p.arc_elements[arc]:
                out[e] += x
    return dict(out)


def _shortest(p: Problem, costs: dict[Arc, float]) -> list[list[Arc] | None]:
    for i, net in enumerate(p.nets):
        for a, b, ed in net.graph.edges(data=True):
            ed["cost"] = costs[(i, a, b)]
    found: list[list[Arc] | None] = []
    cached: dict[tuple[int, str], tuple[dict[Hashable, float], dict[Hashable, list[Hashable]]]]
    cached = {}
    for k, d in enumerate(p.demand):
        i = p.net_of[k]
        net = p.nets[i]
        sources = net.nodes_of.get(d.origin, [])
        targets = net.nodes_of.get(d.destination, [])
        if not sources or not targets:
            found.append(None)
            continue
        if (i, d.origin) not in cached:
            cached[(i, d.origin)] = nx.multi_source_dijkstra(net.graph, set(sources),
                                                             weight="cost")
        dist, paths = cached[(i, d.origin)]
        reached = [t for t in targets if t in dist]
        if not reached:
            found.append(None)
            continue
        best = min(reached, key=lambda t: (dist[t], str(t)))
        nodes = paths[best]
        found.append([(i, u, v) for u, v in itertools.pairwise(nodes)])
    return found


def _load(p: Problem, paths: list[list[Arc] | None]) -> dict[Arc, float]:
    flow: dict[Arc, float] = defaultdict(float)
    for d, path in zip(p.demand, paths, strict=True):
        for arc in path or ():
            flow[arc] += d.mt_yr
    return dict(flow)


def all_or_nothing(p: Problem) -> Result:
    """Assign every row to its free-flow fastest path."""
    paths = _shortest(p, dict(p.t0))
    flow = _load(p, paths)
    return Result(flow, element_volumes(p, flow), paths)


def _mix(x: dict[Arc, float], y: dict[Arc, float], lam: float) -> dict[Arc, float]:
    """Return x + lam (y - x), arcs in a fixed order (floating sums do not vary by run)."""
    return {a: x.get(a, 0.0) + lam * (y.get(a, 0.0) - x.get(a, 0.0))
            for a in dict.fromkeys([*x, *y])}


def _derivative(p: Problem, x: dict[Arc, float], y: dict[Arc, float], lam: float) -> float:
    mix = _mix(x, y, lam)
    costs = arc_costs(p, element_volumes(p, mix))
    return sum(costs[a] * (y.get(a, 0.0) - x.get(a, 0.0)) for a in mix)


def _step(p: Problem, x: dict[Arc, float], y: dict[Arc, float]) -> float:
    """Frank-Wolfe step: bisection on the derivative of the Beckmann objective."""
    if _derivative(p, x, y, 1.0) <= 0:
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _derivative(p, x, y, mid) > 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def restrained(p: Problem, *, tolerance: float = GAP_TOLERANCE,
               max_iterations: int = MAX_ITERATIONS) -> Result:
    """Capacity-restrained user equilibrium by Frank-Wolfe on BPR costs.

    Links and places with a published ``capacity_mt_yr`` get the BPR delay; unknown
    capacities none (they are reported as unknown, never as unlimited). Stops when the
    relative gap ``(sum c(x) x - sum c(x) y) / sum c(x) x`` (``y`` the all-or-nothing
    flows at the current costs) falls below ``tolerance``.
    """
    first = all_or_nothing(p)
    x = first.arc_flow
    gaps: list[float] = []
    paths = first.paths
    for _ in range(max_iterations):
        costs = arc_costs(p, element_volumes(p, x))
        paths = _shortest(p, costs)
        y = _load(p, paths)
        total = sum(costs[a] * v for a, v in x.items())
        best = sum(costs[a] * v for a, v in y.items())
        gaps.append((total - best) / total if total > 0 else 0.0)
        if gaps[-1] < tolerance:
            break
        lam = _step(p, x, y)
        x = _mix(x, y, lam)
    return Result(x, element_volumes(p, x), paths, gaps)


def node_balance(result: Result) -> dict[tuple[int, Hashable], float]:
    """Return inflow - outflow of every node (index of its network, node).

    Flow is conserved where this is 0; at the nodes of an origin (destination) place the
    sum is minus (plus) the demand leaving (reaching) it.
    """
    out: dict[tuple[int, Hashable], float] = defaultdict(float)
    for (i, a, b), v in result.arc_flow.items():
        out[(i, a)] -= v
        out[(i, b)] += v
    return dict(out)


def served(p: Problem, result: Result) -> Iterable[tuple[Demand, bool]]:
    """Yield each demand row and whether it has a route."""
    return zip(p.demand, (path is not None for path in result.paths), strict=True)
