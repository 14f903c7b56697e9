"""corridor.analysis: every measure checked against an independent computation.

Two networks: the made-up toy corridor (``toy_corridor.py``), whose answers are known by
construction, and the shipped geodata. The independent computations use networkx directly on
the test's own filtering of the network graph, or route with :func:`corridor.routing.route`
on a scenario that closes the link (a different code path from the analysis' edge cuts).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx
import pytest
import toy_corridor

from corridor import analysis, geodata, network, routing, scenarios
from corridor._errors import NoRoute

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(toy_corridor.write(tmp_path_factory.mktemp("toy") / "geodata"))


@pytest.fixture(scope="module")
def toy_graphs(toy: geodata.GeoData) -> dict[str, nx.MultiGraph]:
    return {name: network.build(toy, name) for name in ("today", "tripp")}


@pytest.fixture(scope="module")
def real_graphs(shipped: geodata.GeoData) -> dict[str, nx.MultiGraph]:
    return {name: network.build(shipped, name) for name in ("today", "tripp")}


# --------------------------------------------------------------------------- helpers


def mode_graph(graph: nx.MultiGraph, modes: Sequence[str],
               countries: Sequence[str] | None = None) -> nx.MultiGraph:
    """The network's edges usable by ``modes`` (and within ``countries``), the test's way:
    link edges by their ``mode``/``country`` attributes, other edges by both nodes."""
    keep = set(modes)
    out = nx.MultiGraph()
    for u, v, key, d in graph.edges(keys=True, data=True):
        nu, nv = graph.nodes[u], graph.nodes[v]
        if d["kind"] == "link":
            ok = d["mode"] in keep and (countries is None or d["country"] in countries)
        else:
            ok = nu["mode"] in keep and nv["mode"] in keep and (
                countries is None or (nu["country"] in countries and nv["country"] in countries))
        if ok:
            out.add_node(u, **nu)
            out.add_node(v, **nv)
            out.add_edge(u, v, key=key, **d)
    return out


def nodes_of(graph: nx.Graph, place: str) -> list[Hashable]:
    return [n for n, d in graph.nodes(data=True) if d["place"] == place]


def reaches(graph: nx.Graph, origin: str, destination: str) -> bool:
    """Any node of ``origin`` connected to any node of ``destination``."""
    targets = set(nodes_of(graph, destination))
    for start in nodes_of(graph, origin):
        if targets & nx.node_connected_component(graph, start):
            return True
    return False


def separated(graph: nx.Graph, east: Sequence[str], west: Sequence[str]) -> set[tuple[str, str]]:
    out = set()
    for e in east:
        seen: set[Hashable] = set()
        for start in nodes_of(graph, e):
            seen |= nx.node_connected_component(graph, start)
        places = {graph.nodes[n]["place"] for n in seen}
        out |= {(e, w) for w in west if w not in places}
    return out


def route_time(data: geodata.GeoData, scen: scenarios.Scenario, o: str, d: str,
               modes: tuple[str, ...] | None) -> float | None:
    try:
        return routing.route(o, d, scenario=scen, modes=modes or "multimodal", data=data).time_h
    except NoRoute:
        return None


REAL_PAIRS: list[analysis.OdSpec] = [
    ("baku", "nakhchivan", None), ("baku", "nakhchivan", ("rail",)),
    ("baku", "kars", None), ("baku", "yerevan", None), ("nakhchivan", "kars", None),
    ("aktau", "istanbul", None), ("kuryk", "kars", None), ("turkmenbashi", "poti", None),
    ("khorgos", "istanbul", None),
]
TOY_PAIRS: list[analysis.OdSpec] = [
    ("baku", "nakhchivan", None), ("baku", "nakhchivan", ("rail",)), ("baku", "kars", None),
    ("port_of_aktau", "istanbul", None), ("kuryk", "kars", None),
    ("port_of_turkmenbashi", "poti", None),
]


# --------------------------------------------------------------------------- components


def test_toy_components_are_the_known_ones(toy_graphs: dict[str, nx.MultiGraph]) -> None:
    today = analysis.components(toy_graphs["today"], "rail")
    # the closed Yeraskh crossing belongs to both sides' components
    assert ["nakhchivan", "ordubad", "yeraskh"] in today and ["yeraskh", "yerevan"] in today
    assert len(today) == 3
    tripp = analysis.components(toy_graphs["tripp"], "rail")
    assert {"baku", "meghri", "nakhchivan", "kars"} <= set(tripp[0])
    assert tripp[1:] == [["yeraskh", "yerevan"]]


@pytest.mark.parametrize("scenario", ["today", "tripp"])
@pytest.mark.parametrize("mode", ["rail", "road", "ferry"])
def test_components_agree_with_networkx(real_graphs: dict[str, nx.MultiGraph], scenario: str,
                                        mode: str) -> None:
    graph = mode_graph(real_graphs[scenario], (mode,))
    expected = sorted((sorted({graph.nodes[n]["place"] for n in comp})
                       for comp in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    assert analysis.components(real_graphs[scenario], mode) == expected


# --------------------------------------------------------------------------- Nakhchivan


def test_toy_nakhchivan_facts(toy_graphs: dict[str, nx.MultiGraph]) -> None:
    assert not analysis.nakhchivan_connected(toy_graphs["today"], "rail")
    # the road through Iran connects, but Iran is a third country
    assert not analysis.nakhchivan_connected(toy_graphs["today"], "road")
    assert analysis.connected(toy_graphs["today"], "nakhchivan", "port_of_baku",
                              modes=("road",))
    assert analysis.nakhchivan_connected(toy_graphs["tripp"], "rail")


def test_real_nakhchivan_not_connected_today_but_in_tripp(
        real_graphs: dict[str, nx.MultiGraph]) -> None:
    for mode in ("rail", "road"):
        assert not analysis.nakhchivan_connected(real_graphs["today"], mode)
    assert analysis.nakhchivan_connected(real_graphs["tripp"], "rail")


@pytest.mark.parametrize("scenario", ["today", "tripp"])
@pytest.mark.parametrize("mode", ["rail", "road"])
def test_nakhchivan_agrees_with_networkx(real_graphs: dict[str, nx.MultiGraph], scenario: str,
                                         mode: str) -> None:
    own = mode_graph(real_graphs[scenario], (mode,), countries=("AZE", "ARM"))
    expected = reaches(own, "nakhchivan", "baku")
    assert analysis.nakhchivan_connected(real_graphs[scenario], mode) == expected


# --------------------------------------------------------------------------- failure points


def expected_bridges(graph: nx.MultiGraph, modes: Sequence[str]) -> dict[str, set[tuple[str, str]]]:
    """networkx's bridges of the mode graph that separate corridor ends, with the pairs."""
    own = mode_graph(graph, modes)
    east, west = analysis.CASPIAN_PORTS, analysis.BLACK_SEA_TURKEY
    before = separated(own, east, west)
    out = {}
    for u, v in nx.bridges(own):
        (key, data), = own[u][v].items()  # a bridge of a multigraph is a single edge
        if data["kind"] != "link":
            continue
        cut = own.copy()
        cut.remove_edge(u, v, key=key)
        lost = separated(cut, east, west) - before
        if lost:
            out[data["link_id"]] = lost
    return out


@pytest.mark.parametrize("modes", list(analysis.MODE_SETS))
def test_toy_bridges_agree_with_networkx(toy_graphs: dict[str, nx.MultiGraph],
                                         modes: str) -> None:
    for graph in toy_graphs.values():
        got = {f.id: set(f.separated) for f in
               analysis.corridor_bridges(graph, analysis.MODE_SETS[modes])}
        assert got == expected_bridges(graph, analysis.MODE_SETS[modes])


@pytest.mark.parametrize("scenario", ["today", "tripp"])
@pytest.mark.parametrize("modes", list(analysis.MODE_SETS))
def test_real_bridges_agree_with_networkx(real_graphs: dict[str, nx.MultiGraph], scenario: str,
                                          modes: str) -> None:
    graph = real_graphs[scenario]
    got = {f.id: set(f.separated) for f in
           analysis.corridor_bridges(graph, analysis.MODE_SETS[modes])}
    assert got == expected_bridges(graph, analysis.MODE_SETS[modes])


def test_toy_bridges_include_the_known_single_points(toy_graphs: dict[str, nx.MultiGraph]
                                                     ) -> None:
    ids = {f.id for f in analysis.corridor_bridges(toy_graphs["today"])}
    # one line Tbilisi-Kars, one ferry per port
    assert {"r_tbilisi_akhalkalaki", "f_aktau_alat", "f_poti_constanta"} <= ids
    # the Baku-Ganja rail has a road twin: not a bridge of the multimodal network
    assert "r_baku_ganja" not in ids


@pytest.mark.parametrize("which", ["toy", "real"])
def test_articulation_points_by_brute_force(toy_graphs: dict[str, nx.MultiGraph],
                                            request: pytest.FixtureRequest, which: str) -> None:
    graphs = toy_graphs if which == "toy" else request.getfixturevalue("real_graphs")
    east, west = analysis.CASPIAN_PORTS, analysis.BLACK_SEA_TURKEY
    for graph in graphs.values():
        own = mode_graph(graph, analysis.MODES)
        before = separated(own, east, west)
        expected = {}
        for place in sorted({d["place"] for _, d in own.nodes(data=True)}):
            cut = own.copy()
            cut.remove_nodes_from(nodes_of(own, place))
            lost = {(e, w) for e, w in separated(cut, east, west) - before
                    if place not in (e, w)}
            if lost:
                expected[place] = lost
        got = {f.id: set(f.separated) for f in analysis.corridor_articulation_points(graph)}
        assert got == expected


# --------------------------------------------------------------------------- disjoint paths


def disjoint_by_subdivision(graph: nx.MultiGraph, modes: Sequence[str],
                            sources: Sequence[str], targets: Sequence[str]) -> int:
    """Edge-disjoint paths counted by networkx on a simple graph where every link is its own
    two-edge path and transfers and the super terminals have many parallel paths."""
    own = mode_graph(graph, modes)
    simple = nx.Graph()
    many = 50

    def fat(a: Hashable, b: Hashable, tag: str) -> None:
        for i in range(many):
            mid = ("fat", tag, i)
            simple.add_edge(a, mid)
            simple.add_edge(mid, b)

    for u, v, key, d in own.edges(keys=True, data=True):
        if d["kind"] == "link":
            mid = ("link", key)
            simple.add_edge(u, mid)
            simple.add_edge(mid, v)
        else:
            fat(u, v, f"{u}-{v}-{key}")
    for place in sources:
        for n in nodes_of(own, place):
            fat("S", n, f"S-{n}")
    for place in targets:
        for n in nodes_of(own, place):
            fat(n, "T", f"T-{n}")
    if "S" not in simple or "T" not in simple or not nx.has_path(simple, "S", "T"):
        return 0
    return len(list(nx.edge_disjoint_paths(simple, "S", "T")))


def test_toy_disjoint_paths(toy_graphs: dict[str, nx.MultiGraph]) -> None:
    for graph in toy_graphs.values():
        # everything from the Caspian funnels through the Baku-Alat rail link
        assert analysis.link_disjoint_paths(graph) == 1
        assert analysis.link_disjoint_paths(graph, modes=("road", "ferry")) == 0
        # to Kars or Poti from Alat there are two ways out of Tbilisi
        assert analysis.link_disjoint_paths(graph, ["tbilisi"], ["kars", "poti"]) == 2


@pytest.mark.parametrize("scenario", ["today", "tripp"])
@pytest.mark.parametrize("modes", list(analysis.MODE_SETS))
def test_real_disjoint_paths_agree_with_networkx(real_graphs: dict[str, nx.MultiGraph],
                                                 scenario: str, modes: str) -> None:
    graph = real_graphs[scenario]
    expected = disjoint_by_subdivision(graph, analysis.MODE_SETS[modes], analysis.CENTRAL_ASIA,
                                       analysis.EUROPE)
    assert analysis.link_disjoint_paths(graph, modes=analysis.MODE_SETS[modes]) == expected


# --------------------------------------------------------------------------- betweenness


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_betweenness_top10_agrees_with_networkx(real_graphs: dict[str, nx.MultiGraph],
                                                scenario: str) -> None:
    graph = real_graphs[scenario]
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, d in graph.edges(data=True):
        if not simple.has_edge(u, v) or d["time_h"] < simple[u][v]["time_h"]:
            simple.add_edge(u, v, time_h=d["time_h"], link_id=d.get("link_id"))
    scores = nx.edge_betweenness_centrality(simple, weight="time_h")
    by_link = {simple[u][v]["link_id"]: s for (u, v), s in scores.items()
               if simple[u][v]["link_id"] is not None}
    top = analysis.link_betweenness(graph, top=10)
    assert len(top) == 10
    for item in top:
        assert item.betweenness == pytest.approx(by_link[item.link_id], abs=1e-8)
    tenth = top[-1].betweenness
    assert all(s <= tenth + 1e-8 for lid, s in by_link.items()
               if lid not in {t.link_id for t in top})


# --------------------------------------------------------------------------- OD times


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_od_time_equals_route_time(shipped: geodata.GeoData,
                                   real_graphs: dict[str, nx.MultiGraph], scenario: str) -> None:
    scen = scenarios.get(scenario)
    graph = real_graphs[scenario]
    on_network = {d["place"] for _, d in graph.nodes(data=True)}
    pairs = [p for p in REAL_PAIRS if p[0] in on_network and p[1] in on_network]
    assert len(pairs) >= 6
    for o, d, modes in pairs:
        expected = route_time(shipped, scen, o, d, modes)
        got = analysis.od_time(real_graphs[scenario], o, d, modes=modes)
        if expected is None:
            assert got is None, (o, d, modes)
        else:
            assert got == pytest.approx(expected, abs=1e-4), (o, d, modes)


# --------------------------------------------------------------------------- criticality


def check_criticality(data: geodata.GeoData, scenario: str, graph: nx.MultiGraph,
                      pairs: list[analysis.OdSpec], extra_links: int) -> None:
    """Criticality of a link = (sum of OD times routed by ``routing.route`` in the scenario
    with the link closed) minus (sum without), over pairs connected in both; pairs losing
    their route listed. Checked for the top of the ranking and for links not in it."""
    base_scen = scenarios.get(scenario, geodata_dir=data.path)
    base, ranking = analysis.criticality(analysis.ScenarioCuts(data, base_scen, graph),
                                                 pairs)
    direct_base = [route_time(data, base_scen, o, d, m) for o, d, m in pairs]
    assert [b is None for b in base] == [b is None for b in direct_base]
    assert ranking, "expected some critical links"
    by_id = {c.link_id: c for c in ranking}
    on_no_path = sorted({lid for _, _, dd in graph.edges(data=True)
                         if (lid := dd.get("link_id")) and lid not in by_id})
    checked = [c.link_id for c in ranking[:5]] + on_no_path[:extra_links]
    for lid in checked:
        closed = base_scen.replace(closed_links=[*base_scen.closed_links, lid])
        after = [route_time(data, closed, o, d, m) for o, d, m in pairs]
        rise = math.fsum(a - b for a, b in zip(after, direct_base, strict=True)
                         if a is not None and b is not None)
        lost = tuple(i for i, (a, b) in enumerate(zip(after, direct_base, strict=True))
                     if b is not None and a is None)
        item = by_id.get(lid, analysis.Criticality(lid, 0.0, ()))
        assert item.disconnected == lost, lid
        assert item.rise_h == pytest.approx(rise, abs=1e-3), lid
    assert [t is None for t in base] == [t is None for t in direct_base]
    assert [t for t in base if t is not None] == pytest.approx(
        [t for t in direct_base if t is not None], abs=1e-3)


def test_toy_criticality_equals_difference_of_od_sums(
        toy: geodata.GeoData, toy_graphs: dict[str, nx.MultiGraph]) -> None:
    for name, graph in toy_graphs.items():
        check_criticality(toy, name, graph, TOY_PAIRS, extra_links=4)


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_real_criticality_equals_difference_of_od_sums(
        shipped: geodata.GeoData, real_graphs: dict[str, nx.MultiGraph], scenario: str) -> None:
    check_criticality(shipped, scenario, real_graphs[scenario], REAL_PAIRS, extra_links=6)


def test_generic_criticality_matches_the_sweep(toy_graphs: dict[str, nx.MultiGraph]) -> None:
    graph = toy_graphs["tripp"]

    def times(g: nx.Graph) -> list[float | None]:
        return [analysis.od_time(g, o, d, modes=m) for o, d, m in TOY_PAIRS]

    full = {c.link_id: c for c in analysis.criticality(graph, times)}
    _, sweep = analysis.criticality(graph, TOY_PAIRS)
    for c in sweep:
        assert full[c.link_id].disconnected == c.disconnected
        assert full[c.link_id].rise_h == pytest.approx(c.rise_h, abs=1e-9)
    swept = {c.link_id for c in sweep}
    for lid, c in full.items():
        if lid not in swept:
            assert not c.disconnected and c.rise_h == pytest.approx(0.0, abs=1e-9)


def test_ranking_order() -> None:
    items = [analysis.Criticality("b", 5.0), analysis.Criticality("a", 5.0),
             analysis.Criticality("c", 1.0, (0,)), analysis.Criticality("d", 9.0)]
    assert [c.link_id for c in analysis.rank_criticality(items)] == ["c", "d", "a", "b"]


@pytest.mark.parametrize("which", ["toy", "real"])
def test_compiled_sweep_matches_the_networkx_sweep(toy_graphs: dict[str, nx.MultiGraph],
                                                   request: pytest.FixtureRequest,
                                                   which: str) -> None:
    """The fastpath backend (used on big graphs) gives the same ranking."""
    graphs = toy_graphs if which == "toy" else request.getfixturevalue("real_graphs")
    pairs = TOY_PAIRS if which == "toy" else REAL_PAIRS
    for graph in graphs.values():
        base, ranking = analysis.criticality(graph, pairs)
        cbase, cranking = analysis._compiled_sweep(graph, pairs)
        assert cbase == pytest.approx(base, abs=1e-9)
        assert {c.link_id: c.disconnected for c in cranking} == {
            c.link_id: c.disconnected for c in ranking}
        expected = {c.link_id: c.rise_h for c in ranking}
        assert {c.link_id: c.rise_h for c in cranking} == pytest.approx(expected, abs=1e-6)


def test_deprecated_criticality_names_warn_and_delegate(
        toy_graphs: dict[str, nx.MultiGraph]) -> None:
    toy_graph = toy_graphs["today"]
    pairs = TOY_PAIRS
    expected = analysis.criticality(toy_graph, pairs)
    with pytest.warns(DeprecationWarning, match=r"analysis\.criticality\(graph, pairs\)"):
        assert analysis.criticality_sweep(toy_graph, pairs) == expected
