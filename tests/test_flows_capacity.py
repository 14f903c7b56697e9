"""Capacity plans: groups of links sharing one capacity, plan overrides, file checks, CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import line, point, write_geodata
from test_flows import _check_conservation, _demand, _hand_network, run_flows

from corridor import cli, flows, geodata
from corridor._errors import InvalidArgument
from corridor.flows import capacity, report
from corridor.flows.assign import BPR_ALPHA, BPR_BETA, apply_plan
from corridor.routing import cache

HEADER = ",".join(capacity.CAPACITY_COLUMNS) + "\n"


def _group(links: tuple[str, ...], cap: float, plan: str = "today") -> capacity.Capacity:
    return capacity.Capacity(plan, "group", "fleet", links, cap, 2020, "https://x.org", "")


def test_a_group_over_every_alternative_restrains_nothing_between_them() -> None:
    # both routes pass the group: its delay is the same on both, so all stays on the fast one
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    apply_plan(p, [_group(("oa", "ob"), 2.0)])
    result = flows.restrained(p, tolerance=1e-6)
    assert result.element_volume[("group", "fleet")] == pytest.approx(10.0)
    assert result.element_volume[("link", "oa")] == pytest.approx(10.0)
    assert p.base_h[("group", "fleet")] == pytest.approx((5.0 + 6.0) / 2)
    _check_conservation(p, result)


def test_a_group_of_one_link_is_that_links_capacity() -> None:
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    apply_plan(p, [_group(("oa",), 4.0)])
    result = flows.restrained(p, tolerance=1e-5)
    # the analytic equilibrium of test_flows: 5 (1 + a (v/4)^b) + 5 = 12
    v_eq = 4.0 * ((12.0 / 5.0 - 2.0) / BPR_ALPHA) ** (1.0 / BPR_BETA)
    assert result.element_volume[("group", "fleet")] == pytest.approx(v_eq, rel=2e-3)
    assert result.element_volume[("link", "oa")] == pytest.approx(v_eq, rel=2e-3)
    assert result.gap < 1e-5


def test_a_group_whose_links_are_not_in_the_network_is_left_out() -> None:
    p = flows.prepare([_demand("O", "D", 10.0)], graph=_hand_network())
    apply_plan(p, [_group(("elsewhere",), 1.0)])
    assert ("group", "fleet") not in p.capacity


def test_a_plan_replaces_todays_figure_and_keeps_the_rest() -> None:
    rows = capacity.read_capacities()
    today = {r.element: r.capacity_mt_yr for r in capacity.for_plan(rows, "today")}
    later = {r.element: r.capacity_mt_yr for r in capacity.for_plan(rows, "2030")}
    assert set(today) <= set(later)  # the base plan's rows stay in force
    data = cache.default_data()
    geo = flows.capacities(data)
    for element, cap in later.items():
        before = today.get(element, geo.get(element))
        if before is not None:  # an announced upgrade does not lower a published capacity
            assert cap >= before, element
    sf = report.assign("today", [_demand("dostyk", "poti", 1.0, ("rail", "ferry"))], data,
                       plan="2030")
    for element, cap in later.items():
        assert sf.problem.capacity.get(element, cap) == cap
    assert sf.problem.plan == "2030"


def test_an_unknown_plan_is_a_user_error() -> None:
    with pytest.raises(InvalidArgument, match="no capacity plan 'someday'"):
        report.plan_rows(cache.default_data(), "someday", capacity.default_path())


def test_a_geodata_folder_without_a_capacity_file_has_no_plan_rows(tmp_path: Path) -> None:
    folder = write_geodata(tmp_path / "geo", [point("a", 45.0, 40.0), point("b", 46.0, 40.0)],
                           [line("ab", "a", "b", [(45.0, 40.0), (46.0, 40.0)])])
    data = geodata.load(folder)
    assert report.plan_rows(data, "today") == []
    assert report.plan_rows(cache.default_data(), "today")  # the shipped folder has one


@pytest.mark.parametrize(("row", "field", "message"), [
    ("today,link,no_such_link,,5,2020,https://x.org,", "id", "unknown link id"),
    ("today,group,g,,5,2020,https://x.org,", "links", "needs its link ids"),
    ("today,group,g,alat_aktau_ferry nope,5,2020,https://x.org,", "links", "'nope'"),
    ("today,place,baku,alat_aktau_ferry,5,2020,https://x.org,", "links", "only a group"),
    ("today,link,alat_aktau_ferry,,0,2020,https://x.org,", "capacity_mt_yr", "positive"),
    ("today,link,alat_aktau_ferry,,5,20,https://x.org,", "capacity_year", "a year"),
    ("today,link,alat_aktau_ferry,,5,2020,,published somewhere", "source_url", "missing"),
    ("today,port,alat_aktau_ferry,,5,2020,https://x.org,", "kind", "expected one of"),
])
def test_a_bad_capacity_row_names_file_row_and_field(tmp_path: Path, row: str, field: str,
                                                     message: str) -> None:
    bad = tmp_path / "capacities.csv"
    bad.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(flows.demand.GeodataError) as err:
        capacity.read_capacities(bad)
    problems = err.value.problems
    assert any(p.file == str(bad) and p.feature_id == "row 2" and p.field == field
               and message in p.message for p in problems), problems


def test_a_capacity_twice_in_one_plan_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "capacities.csv"
    line = "2030,link,alat_aktau_ferry,,5,2020,https://x.org,\n"
    bad.write_text(HEADER + line + line, encoding="utf-8")
    with pytest.raises(flows.demand.GeodataError, match="twice"):
        capacity.read_capacities(bad)


def test_cli_capacity_plan_and_bad_file(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    printed, doc = run_flows(capsys, tmp_path / "flows", "--case", "2030", "--capacities", "2030")
    assert "(capacities 2030)" in printed and "binding (v/c >= 1)" in printed
    summary = doc["scenarios"][0]
    assert summary["capacity_plan"] == "2030"
    assert summary["relative_gap"] < flows.GAP_TOLERANCE
    for row in summary["binding"]:  # binding means at or over capacity
        assert row["volume_mt"] >= row["capacity_mt_yr"] - 1e-9
    bad = tmp_path / "capacities.csv"
    bad.write_text(HEADER + "today,link,nope,,5,2020,https://x.org,\n", encoding="utf-8")
    assert cli.main(["flows", "--capacity-file", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert str(bad) in capsys.readouterr().err


def test_the_flow_map_colours_a_fleets_links_by_the_fleets_volume_capacity() -> None:
    from corridor.maps.flows import VC_COLOURS, add_flows
    from corridor.maps.network import network_map

    data = cache.default_data()
    demand = [d for d in flows.read_demand(data=data) if d.case == "2030"]
    with_fleet = report.assign("today", demand, data)
    fleet = [r for r in report.element_rows(with_fleet, data) if r["kind"] == "group"]
    assert fleet and fleet[0]["vc"] >= 1.0  # the shipped 2030 case: the fleet binds
    over = VC_COLOURS[-1][1]
    html = {}
    for name, sf in (("fleet", with_fleet),
                     ("none", report.assign("today", demand, data, capacities=[]))):
        m = network_map(data, scenario="today", controls=False, view="all")
        add_flows(m, sf, data)
        html[name] = m.get_root().render()
    assert "capacity shared by" in html["fleet"] and "capacity shared by" not in html["none"]
    assert f'"color": "{over}"' in html["fleet"]
    assert f'"color": "{over}"' not in html["none"]  # nothing else is over capacity


def test_todays_plan_replaces_a_geodata_capacity_only_with_a_figure_as_recent() -> None:
    # a `today` row overriding a feature's own capacity must not be older than that figure
    data = cache.default_data()
    rows = [r for r in capacity.read_capacities() if r.plan == capacity.BASE_PLAN]
    checked = 0
    for r in rows:
        if r.kind not in ("link", "place"):
            continue
        frame = data.links if r.kind == "link" else data.places
        if "capacity_year" not in frame.columns or r.id not in frame.index:
            continue
        year = frame.at[r.id, "capacity_year"]
        if year is None or year != year:  # no published figure of its own
            continue
        checked += 1
        assert r.capacity_year >= int(year), (r.id, r.capacity_year, year)
    assert checked  # the shipped plan does override geodata figures (BTK, Port of Baku)


@pytest.mark.parametrize(("read", "header", "missing"), [
    (flows.read_demand, "origin,destination,mt_yr,modes,source_url,note", "year, case"),
    (capacity.read_capacities, "plan,kind,id,capacity_mt_yr,source_url,note",
     "links, capacity_year"),
])
def test_a_file_without_required_columns_names_the_file_and_each_missing_column(
        tmp_path: Path, read: Callable[[Path], object], header: str, missing: str) -> None:
    bad = tmp_path / "file.csv"
    bad.write_bytes(b"\xef\xbb\xbf" + header.encode() + b"\n")  # a BOM is not a column name
    with pytest.raises(flows.demand.GeodataError) as err:
        read(bad)
    assert [(p.file, p.feature_id, p.message) for p in err.value.problems] == [
        (str(bad), "-", f"missing columns: {missing}")]


def test_a_capacity_file_with_a_bom_and_only_its_header_has_no_rows(tmp_path: Path) -> None:
    empty = tmp_path / "capacities.csv"
    empty.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    assert capacity.read_capacities(empty) == []
