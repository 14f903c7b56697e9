"""Freight assignment: conservation, all-or-nothing against networkx, Frank-Wolfe convergence."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from corridor import cli, flows
from corridor.flows.assign import BPR_ALPHA, BPR_BETA, node_balance
from corridor.flows.demand import Demand
from corridor.routing import cache

RAIL = ("rail",)


def _demand(origin: str, destination: str, mt: float, modes: tuple[str, ...] = RAIL) -> Demand:
    return Demand(origin, destination, mt, 2024, "test", modes, "", "assumption: test")


def _hand_network() -> nx.MultiGraph:
    """O -> D by two routes: via A (5 + 5 h) and via B (6 + 6 h)."""
    g = nx.MultiGraph()
    for place in "OABD":
        g.add_node((place, "rail_1520"), place=place, layer="rail_1520", mode="rail",
                   gauge_mm=1520, country="AAA", x=0.0, y=0.0)
    for lid, u, v, hours in (("oa", "O", "A", 5.0), ("ad", "A", "D", 5.0),
                             ("ob", "O", "B", 6.0), ("bd", "B", "D", 6.0)):
        g.add_edge((u, "rail_1520"), (v, "rail_1520"), key=lid, kind="link", link_id=lid,
                   mode="rail", time_h=hours, length_km=hours * 50, from_place=u, to_place=v)
    return g


def _check_conservation(p: flows.Problem, result: flows.Result) -> None:
    """Zero balance at every node except the origins' and destinations' own nodes."""
    balance = node_balance(result)
    ends: dict[tuple[int, str], float] = defaultdict(float)
    for k, d in enumerate(p.demand):
        if result.paths[k] is not None:
            ends[(p.net_of[k], d.origin)] -= d.mt_yr
            ends[(p.net_of[k], d.destination)] += d.mt_yr
    per_place: dict[tuple[int, str], float] = defaultdict(float)
    for (i, node), value in balance.items():
        place = node[0]
        if (i, place) in ends:
            per_place[(i, place)] += value
        else:
            assert value == pytest.approx(0.0, abs=1e-9), node
    for key, expected in ends.items():
        assert per_place[key] == pytest.approx(expected, abs=1e-9), key


def test_restrained_assignment_converges_to_the_analytic_equilibrium() -> None:
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    p.capacity[("link", "oa")] = 4.0  # only the fast route's first link has a capacity
    result = flows.restrained(p, tolerance=1e-5)
    assert result.gap < 1e-5
    assert result.gaps[0] > result.gap  # it started away from equilibrium
    # equilibrium: 5 (1 + a (v/4)^b) + 5 = 12  ->  v = 4 ((2/5) / a)^(1/b)
    v_eq = 4.0 * ((12.0 / 5.0 - 2.0) / BPR_ALPHA) ** (1.0 / BPR_BETA)
    vol = result.element_volume
    assert vol[("link", "oa")] == pytest.approx(v_eq, rel=2e-3)
    assert vol[("link", "ob")] == pytest.approx(10.0 - v_eq, rel=5e-3)
    # the capacitated link carries no more than its equilibrium v/c allows
    assert vol[("link", "oa")] / 4.0 <= v_eq / 4.0 * (1 + 2e-3)
    _check_conservation(p, result)


def test_unknown_capacity_is_not_restrained() -> None:
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    result = flows.restrained(p)
    assert result.element_volume[("link", "oa")] == pytest.approx(10.0)
    assert result.gap == 0.0


def test_place_capacity_restrains_what_enters_the_place() -> None:
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    p.capacity[("place", "A")] = 4.0
    p.base_h[("place", "A")] = 5.0  # a place's handling hours (here chosen for the test)
    result = flows.restrained(p, tolerance=1e-5)
    # the same equilibrium as a 5 h link of capacity 4 entering A
    v_eq = 4.0 * ((12.0 / 5.0 - 2.0) / BPR_ALPHA) ** (1.0 / BPR_BETA)
    assert result.element_volume[("place", "A")] == pytest.approx(v_eq, rel=2e-3)


def _independent_aon(graph: nx.MultiGraph, demand: list[Demand]) -> dict[str, float]:
    """Link volumes from networkx shortest paths on the scenario graph (direction times)."""
    out: dict[str, float] = defaultdict(float)
    for d in demand:
        g = nx.DiGraph()
        for u, v, data in graph.edges(data=True):
            if graph.nodes[u]["mode"] not in d.modes or graph.nodes[v]["mode"] not in d.modes:
                continue
            for a, b in ((u, v), (v, u)):
                hours = data.get("time_h_from", {}).get(a, data["time_h"])
                if not g.has_edge(a, b) or hours < g[a][b]["h"]:
                    g.add_edge(a, b, h=hours, link=data.get("link_id"))

        def ends(place: str, g: nx.DiGraph = g) -> list[Hashable]:
            nodes = [n for n in g if graph.nodes[n]["place"] == place]
            land = [n for n in nodes if graph.nodes[n]["mode"] != "ferry"]
            return land or nodes

        sources, targets = ends(d.origin), ends(d.destination)
        for n in sources:
            g.add_edge("SRC", n, h=0.0, link=None)
        for n in targets:
            g.add_edge(n, "DST", h=0.0, link=None)
        path = nx.dijkstra_path(g, "SRC", "DST", weight="h")
        for a, b in itertools.pairwise(path):
            if g[a][b]["link"]:
                out[g[a][b]["link"]] += d.mt_yr
    return dict(out)


@pytest.mark.parametrize("scenario", ["today", "tripp"])
def test_all_or_nothing_equals_demand_summed_over_networkx_shortest_paths(scenario: str
                                                                          ) -> None:
    data = cache.default_data()
    demand = [d for d in flows.read_demand(data=data) if d.case == "today"]
    p = flows.prepare(demand, scenario, data)
    aon = flows.all_or_nothing(p)
    mine = {fid: v for (kind, fid), v in aon.element_volume.items() if kind == "link"}
    expected = _independent_aon(cache.graph_for(data, scenario), demand)
    assert mine.keys() == expected.keys()
    for fid, v in expected.items():
        assert mine[fid] == pytest.approx(v), fid
    _check_conservation(p, aon)
    _check_conservation(p, flows.restrained(p))


def run_flows(capsys: pytest.CaptureFixture[str], out: Path, *args: str
              ) -> tuple[str, dict[str, Any]]:
    """Run ``corridor flows ARGS --out OUT`` (exit 0); return what it printed and flows.json."""
    assert cli.main(["flows", *args, "--out", str(out)]) == 0
    return capsys.readouterr().out, json.loads((out / "flows.json").read_text(encoding="utf-8"))


def test_shipped_capacities_are_read_and_absent_means_unknown() -> None:
    caps = flows.capacities(cache.default_data())
    assert caps[("place", "port_of_baku")] == 15.0
    assert caps[("link", "marabda_tsalka_rail")] == 6.5
    assert ("link", "alat_aktau_ferry") not in caps  # no published figure: unknown


def test_a_bad_demand_row_exits_2_naming_the_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "demand.csv"
    bad.write_text("origin,destination,mt_yr,year,case,modes,source_url,note\n"
                   "baku,nakhchivan,1,2024,today,,,assumption\n"
                   "baku,nakhchivan,-3,2024,today,,,assumption\n", encoding="utf-8")
    assert cli.main(["flows", "--demand", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "row 3" in err and "mt_yr" in err
    assert not (tmp_path / "o").exists()


def test_a_demand_row_without_source_must_say_it_is_an_assumption(tmp_path: Path) -> None:
    bad = tmp_path / "demand.csv"
    bad.write_text("origin,destination,mt_yr,year,case,modes,source_url,note\n"
                   "baku,nakhchivan,1,2024,today,,,a guess\n", encoding="utf-8")
    with pytest.raises(flows.demand.GeodataError, match="source_url"):
        flows.read_demand(bad)


def test_flows_command_writes_its_files(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "flows"
    printed, doc = run_flows(capsys, out, "--scenario", "today", "--compare", "tripp")
    assert "shift today -> tripp" in printed
    assert [s["scenario"] for s in doc["scenarios"]] == ["today", "tripp"]
    assert all(s["relative_gap"] < flows.GAP_TOLERANCE for s in doc["scenarios"])
    assert (out / "flows_map.html").read_text(encoding="utf-8").count("corridor-flow") > 0
    assert (out / "shift.csv").exists() and (out / "flows_today.csv").exists()
    assert doc["method"]["bpr_beta"] == BPR_BETA
