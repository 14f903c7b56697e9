"""The report as a brief: findings from the numbers (signs in words), assumptions with
sources, names instead of ids, readable headers, the size of the HTML, and the criticality
ranking by what is lost (relation weights, tied ranks, dead-end spurs)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import networkx as nx
import pytest
import toy_corridor

from corridor import _meta, analysis, geodata, network, reports, routing, scenarios, settings
from corridor._errors import NoRoute

SIGNED = re.compile(r"(saves|adds|by) -|[+]-|(?<![\w–])-\d")


def route_time(data: geodata.GeoData, scenario: str, o: str, d: str,
               modes: tuple[str, ...] | None) -> float | None:
    try:
        return routing.route(o, d, scenario=scenario, modes=modes or "multimodal",
                             data=data).time_h
    except NoRoute:
        return None


@pytest.fixture(scope="module")
def georgia_report(shipped: geodata.GeoData) -> reports.Report:
    return reports.build(["today"], compare="georgia-disrupted", data=shipped, maps=False)


def test_findings_say_what_changes_with_signs_in_words(
        shipped: geodata.GeoData, georgia_report: reports.Report) -> None:
    """Each pair's change, recomputed with routing.route, is in the findings under the right
    word (slower / faster / without a route / does not change), and no number is signed."""
    lines = reports.findings(georgia_report)
    text = "\n".join(lines)
    assert not SIGNED.search(text), text
    slower = next(ln for ln in lines if " slower:" in ln)
    unchanged = next(ln for ln in lines if ln.startswith("It does not change"))
    lost = next(ln for ln in lines if "without any route" in ln)
    kinds = {"slower": 0, "lost": 0, "same": 0}
    for pair in georgia_report.pairs:
        row = georgia_report.scenario("today").routes[georgia_report.pairs.index(pair)]
        before = route_time(shipped, "today", row.origin_id, row.destination_id, pair.modes)
        after = route_time(shipped, "georgia-disrupted", row.origin_id, row.destination_id,
                           pair.modes)
        if before is not None and after is not None and after - before >= 0.05:
            assert f"{pair.label}: {before:,.1f} h → {after:,.1f} h ({after - before:,.1f} h " \
                   "slower" in slower, pair.label
            kinds["slower"] += 1
        elif before is not None and after is None:
            assert pair.label in lost
            kinds["lost"] += 1
        elif before is not None and after is not None and abs(after - before) < 0.05:
            assert pair.label in unchanged
            kinds["same"] += 1
    # the case: cutting Georgia makes pairs slower, cuts some, leaves others
    assert kinds["slower"] >= 2 and kinds["lost"] >= 1 and kinds["same"] >= 1


def test_console_summary_covers_every_changed_pair(georgia_report: reports.Report) -> None:
    lines = reports.summary_lines(georgia_report)
    comp = georgia_report.comparison
    assert comp is not None
    for c in comp.pairs:
        changed = reports.change_kind(c) not in ("unchanged", "not connected")
        own = [ln for ln in lines if ln.startswith(f"  {c.pair.label}: ")]
        assert len(own) == int(changed), c.pair.label
    assert not any(SIGNED.search(ln) for ln in lines), lines
    assert any(ln.startswith("  Türkmenbaşy – Poti: no longer connected") for ln in lines)


def test_no_change_is_said_plainly(shipped: geodata.GeoData) -> None:
    report = reports.build(["today"], compare="today", data=shipped, maps=False)
    assert reports.summary_lines(report)[:2] == ["today -> today:", "  no pair changes"]
    assert any("changes none of the" in ln for ln in reports.findings(report))


@pytest.fixture(scope="module")
def toy_brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[reports.Report, dict[str, str]]:
    folder = toy_corridor.write(tmp_path_factory.mktemp("toy") / "geodata")
    extra = folder.parent / "extra.toml"
    extra.write_text('[slow]\ndescription = "tripp, slow trains"\nopen_corridors = ["tripp"]\n'
                     "[slow.overrides]\nrail_speed_kmh = 20.0\n", encoding="utf-8")
    (folder / reports.OD_PAIRS_FILE).write_text(
        "origin,destination,modes\nbaku,nakhchivan,\nbaku,kars,\nport_of_aktau,istanbul,\n",
        encoding="utf-8")
    report = reports.build(["today"], compare="slow", data=geodata.load(folder),
                           scenarios_file=extra)
    files = {k: v.decode("utf-8") for k, v in reports.render(report, ["md", "html"]).items()}
    return report, files


def test_assumptions_list_every_default_with_value_and_source(
        toy_brief: tuple[reports.Report, dict[str, str]]) -> None:
    report, files = toy_brief
    md, page = files["report.md"], files["report.html"]
    assumptions = md[md.index("## Assumptions"):md.index("## Definitions")]
    for f in dataclasses.fields(settings.Defaults):
        value = getattr(settings.DEFAULTS, f.name)
        row = next(ln for ln in assumptions.splitlines() if ln.startswith(f"| {f.name} |"))
        if isinstance(value, float):
            assert f"| {value:g} " in row, row
        source = settings.DEFAULT_SOURCES[f.name]
        assert reports.md_escape(source) in row
        assert f"<td class=\"key\">{f.name}</td>" in page
    # the user scenario's override and definition
    slow = next(ln for ln in assumptions.splitlines() if ln.startswith("| slow |"))
    assert "rail_speed_kmh = 20 km/h" in slow and "corridors opened: " in slow
    today = next(ln for ln in assumptions.splitlines() if ln.startswith("| today |"))
    assert today.rstrip().endswith("| none |")
    assert "link statuses used: operating; crossing statuses open: open" in today
    assert "data fingerprint" in assumptions and "sha256 " in assumptions
    # the version and the same fingerprint every export and the report JSON carry
    assert f"- **corridor version**: {_meta.version()}" in assumptions
    assert f"sha256 {report.provenance['geodata_vintage']} of" in assumptions
    assert "## Sources" in md and "https://example.org/source" in md.split("## Sources")[1]


def test_sections_show_names_not_ids_and_readable_headers(
        georgia_report: reports.Report) -> None:
    report = georgia_report
    md = reports.to_markdown(report)
    named = [k for k, v in report.links.items() if v.name != k]
    assert len(named) > 100
    for anchor, _, (header, rows) in reports.shown_sections(report):
        for key in header:
            label = reports.header_label(key)
            assert "_" not in label, (anchor, key)
            if key.endswith(("_km", "_h")):
                assert re.search(r"\((km|h)\)", label), (anchor, key)
        if anchor in ("criticality", "betweenness", "failure", "connectivity-comparison"):
            cells = " ".join(" ".join(r) for r in rows)
            for lid in named:
                assert not re.search(rf"(?<![\w]){re.escape(lid)}(?![\w])", cells), (anchor, lid)
    crit = md[md.index("## Criticality ranking"):]
    first = report.scenarios[0].connectivity.criticality[0]
    assert report.links[first.link_id].name in crit
    assert "Length (km)" in md and "length_km" not in md.split("## Assumptions")[0]


def test_html_is_small_and_opens_on_the_corridor_area(
        toy_brief: tuple[reports.Report, dict[str, str]], shipped: geodata.GeoData) -> None:
    report = reports.build(["today"], compare="tripp", data=shipped)
    page = reports.to_html(report)
    assert len(page.encode("utf-8")) < 1_500_000
    assert page.count('<iframe class="map"') == 1
    # the map frame fits the corridor area, not the whole network
    west, south, east, north = reports.REPORT_MAP_BOX
    assert f"[[{south}, {west}], [{north}, {east}]]" in page.replace("&#34;", '"')
    assert "@media print" in page


# --------------------------------------------------------------------------- criticality


def test_pair_weights_share_one_per_relation() -> None:
    pairs = [("a", "b", None), ("a", "b", ("rail",)), ("b", "a", ("road",)), ("a", "c", None)]
    assert analysis.pair_weights(pairs) == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0])


def test_ranks_are_shared_by_ties_and_never_by_name() -> None:
    items = [analysis.Criticality("z", 0.0, (0,), lost_weight=1.0, lost_h=5.0),
             analysis.Criticality("a", 0.0, (1,), lost_weight=1.0, lost_h=9.0),
             analysis.Criticality("m", 2.0, (2,), lost_weight=1.0, lost_h=1.0),
             analysis.Criticality("b", 0.0, (0,), lost_weight=1.0, lost_h=5.0),
             analysis.Criticality("c", 99.0, (3,), lost_weight=0.5),
             analysis.Criticality("d", 50.0)]
    ranked = analysis.rank_criticality(items)
    assert [c.link_id for c in ranked] == ["m", "a", "b", "z", "c", "d"]
    assert analysis.criticality_ranks(ranked) == [1, 2, 3, 3, 4, 5]
    groups = reports.critical_groups(ranked, top=3)
    assert [(r, [c.link_id for c in g]) for r, g in groups] == [
        (1, ["m"]), (2, ["a"]), (3, ["b", "z"])]


def test_real_criticality_marks_dead_end_spurs(real_report_crit: reports.Report,
                                               shipped: geodata.GeoData) -> None:
    """A spur, checked independently on the network built with the link closed: one end
    of the lost pair reaches no other end of any pair and ends no pair that stays
    connected. The issue's examples: the Kazakh line to Khorgos and the Aktau port road are
    spurs; Baku–Alat road (Baku ends pairs that stay connected) and the Azerbaijan–Georgia
    trunk are not. Every link the ranking marks as a spur is checked."""
    crit = {c.link_id: c for c in real_report_crit.scenario("today").connectivity.criticality}
    assert not crit["baku_alat_road"].spur
    assert not crit["ganja_tovuz_rail"].spur and not crit["ganja_tovuz_rail"].disconnected
    rows = real_report_crit.scenario("today").routes
    ends = {e for r in rows for e in (r.origin_id, r.destination_id)}
    today = scenarios.get("today")
    spurs = {lid for lid, c in crit.items() if c.spur}
    assert {"aktau_mangystau_road", "khorgos_zhetygen_rail"} <= spurs
    for lid in sorted(spurs):
        c = crit[lid]
        assert c.spur and c.disconnected, lid
        graph = network.build(shipped, today.replace(closed_links=[*today.closed_links, lid]))
        kept = {e for i, r in enumerate(rows) if r.connected and i not in c.disconnected
                for e in (r.origin_id, r.destination_id)}
        for i in c.disconnected:
            pair_ends = (rows[i].origin_id, rows[i].destination_id)

            assert any(e not in kept and isolated(graph, e, ends) for e in pair_ends), (
                lid, pair_ends)


def isolated(graph: nx.MultiGraph, end: str, ends: set[str]) -> bool:
    """Whether ``end`` (on the network or removed from it) reaches no other pair end."""
    if not any(analysis.place_of(graph, n) == end for n in graph.nodes):
        return True
    return all(analysis.od_time(graph, end, x) is None for x in ends - {end})


def test_real_criticality_groups_are_strictly_ordered(real_report_crit: reports.Report
                                                      ) -> None:
    """Groups (tied links) come in strictly decreasing (weight lost, rise, hours lost)."""
    for sc in real_report_crit.scenarios:
        groups = reports.critical_groups(sc.connectivity.criticality)
        keys = [(round(g[0].lost_weight, 9), round(g[0].rise_h, 6), round(g[0].lost_h, 6))
                for _, g in groups]
        assert all(a > b for a, b in itertools.pairwise(keys)), sc.name
        assert [r for r, _ in groups] == list(range(1, len(groups) + 1))


@pytest.fixture(scope="module")
def real_report_crit(shipped: geodata.GeoData) -> reports.Report:
    return reports.build(["today"], compare="tripp", data=shipped, maps=False)


def test_method_is_said_in_the_report(toy_brief: tuple[reports.Report, dict[str, str]]
                                      ) -> None:
    text = reports.definitions()["criticality"]
    for words in ("weight of the pairs disconnected", "then the rise in hours",
                  "share a rank", "never ordered by name", "spur"):
        assert words in text


def test_pairs_file_weights_set_what_a_pair_stands_for(shipped: geodata.GeoData,
                                                       tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("origin,destination,modes,weight\naktau,istanbul,,5\n"
                     "khorgos,istanbul,,0.5\nbaku,kars,,\n", encoding="utf-8")
    report = reports.build(["today"], pairs=pairs, data=shipped, maps=False)
    crit = report.scenario("today").connectivity.criticality
    by_id = {c.link_id: c for c in crit}
    assert by_id["aktau_mangystau_road"].lost_weight == pytest.approx(5.0)
    assert by_id["khorgos_zhetygen_rail"].lost_weight == pytest.approx(0.5)
    # ranked by what is lost: weights never increase down the ranking, and the Aktau port
    # road (weight 5) ranks before the Khorgos line (0.5)
    weights = [c.lost_weight for c in crit]
    assert weights == sorted(weights, reverse=True)
    assert crit[0].lost_weight >= 5.0
    order = [c.link_id for c in crit]
    assert order.index("aktau_mangystau_road") < order.index("khorgos_zhetygen_rail")
    bad = tmp_path / "bad.csv"
    bad.write_text("baku,kars,,-1\n", encoding="utf-8")
    with pytest.raises(reports.ReportError, match=r"bad.csv:1: weight must be a finite"):
        reports.read_pairs(bad)
    bad.write_text("origin,destination,modes\nbaku,kars,,x\n", encoding="utf-8")
    with pytest.raises(reports.ReportError, match=r"bad.csv:2: weight must be a number"):
        reports.read_pairs(bad)
