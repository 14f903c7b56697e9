"""What-ifs on the command line (issue 16): --close / --open, extends across files, --show."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from corridor import cli, geodata, routing, scenarios
from corridor._errors import ScenarioError
from corridor.scenarios import Scenario
from corridor.scenarios.whatif import WHATIF_SUFFIX, rules


def test_closing_a_link_removes_it_and_nothing_else(shipped: geodata.GeoData) -> None:
    base = scenarios.get("today")
    before = scenarios.select(shipped, base).links
    assert "agstafa_boyuk_kasik_rail" in before
    derived = scenarios.derive(base, shipped, close=["agstafa_boyuk_kasik_rail"])
    assert derived.name == "today" + WHATIF_SUFFIX
    after = scenarios.select(shipped, derived).links
    assert before - after == {"agstafa_boyuk_kasik_rail"}
    assert after <= before


def test_closing_a_place_cuts_every_link_ending_there(shipped: geodata.GeoData) -> None:
    base = scenarios.get("tripp")
    at_meghri = set(shipped.links.index[(shipped.links["from"] == "meghri")
                                        | (shipped.links["to"] == "meghri")])
    assert at_meghri
    derived = scenarios.derive(base, shipped, close=["meghri"])
    usable = scenarios.select(shipped, derived).links
    assert not usable & at_meghri
    # the route must now go round: no leg touches Meghri
    r = routing.route("baku", "nakhchivan", scenario=derived, data=shipped)
    assert "meghri" not in {leg.from_place for leg in r.legs} | {leg.to_place for leg in r.legs}
    first = routing.route("baku", "nakhchivan", scenario=base, data=shipped)
    assert r.time_h > first.time_h


def test_closing_a_crossing_and_a_country(shipped: geodata.GeoData) -> None:
    base = scenarios.get("today")
    derived = scenarios.derive(base, shipped, close=["boyuk_kasik", "irn"])
    assert "boyuk_kasik" in derived.closed_crossings
    assert derived.closed_countries == ("IRN",)
    chosen = scenarios.select(shipped, derived)
    assert "boyuk_kasik" in chosen.closed_crossings
    iran = set(shipped.places.index[shipped.places["country"] == "IRN"])
    assert iran and not iran & chosen.places


def test_opening_a_planned_link(shipped: geodata.GeoData) -> None:
    base = scenarios.get("today")
    assert "astara_rasht_rail" not in scenarios.select(shipped, base).links
    derived = scenarios.derive(base, shipped, open_=["astara_rasht_rail"])
    assert "astara_rasht_rail" in scenarios.select(shipped, derived).links


def test_nothing_to_change_returns_the_base(shipped: geodata.GeoData) -> None:
    base = scenarios.get("tripp")
    assert scenarios.derive(base, shipped) is base


@pytest.mark.parametrize(("close", "open_", "expected"), [
    (["meghri_rail"], [], "did you mean 'meghri'"),
    (["agstafa_boyuk_kasik_rial"], [], "did you mean 'agstafa_boyuk_kasik_rail'"),
    ([], ["meghri"], "unknown link or border crossing 'meghri'"),
])
def test_unknown_names_get_suggestions(shipped: geodata.GeoData, close: list[str],
                                       open_: list[str], expected: str) -> None:
    with pytest.raises(ScenarioError, match=expected):
        scenarios.derive(scenarios.get("today"), shipped, close=close, open_=open_)


def test_cli_unknown_name_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["route", "Baku", "Kars", "--close", "meghri_rail"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'meghri'" in err[0]


def test_cli_route_with_close_avoids_the_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["route", "Baku", "Nakhchivan", "--scenario", "tripp", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert cli.main(["route", "Baku", "Nakhchivan", "--scenario", "tripp", "--close", "meghri",
                     "--json"]) == 0
    closed = json.loads(capsys.readouterr().out)
    assert closed["scenario"] == "tripp" + WHATIF_SUFFIX
    places = {p for leg in closed["legs"] for p in (leg["from_place"], leg["to_place"])}
    assert "meghri" not in places
    assert closed["time_h"] > plain["time_h"]


def test_cli_report_with_close_draws_the_what_if_map(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert cli.main(["report", "--scenario", "tripp", "--close", "meghri", "--format",
                     "html", "--out", str(out)]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "tripp" + WHATIF_SUFFIX in html
    assert "leaflet" in html.lower()  # the scenario map is embedded (found by name)


def test_user_file_extends_a_shipped_scenario(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[tripp-slow]\nextends = "tripp"\ndescription = "slow"\n'
                    "[tripp-slow.overrides]\nrail_speed_kmh = 30\n", encoding="utf-8")
    tripp = scenarios.get("tripp")
    mine = scenarios.get("tripp-slow", path=user)
    assert mine.open_corridors == tripp.open_corridors
    assert mine.as_of == tripp.as_of and mine.closed_borders == tripp.closed_borders
    assert dict(mine.overrides)["rail_speed_kmh"] == 30
    assert mine.strict


def test_a_user_redefinition_is_what_its_file_extends(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[today]\ndescription = "mine"\nclosed_countries = ["GEO"]\n'
                    '[today-b]\nextends = "today"\n', encoding="utf-8")
    assert scenarios.get("today-b", path=user).closed_countries == ("GEO",)
    # and a shipped scenario extending ``today`` keeps the shipped one
    assert scenarios.get("tripp", path=user).closed_countries == ()


def test_show_prints_rules_that_read_back_as_the_same_scenario(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in scenarios.names():
        assert cli.main(["scenarios", "--show", name]) == 0
        text = capsys.readouterr().out
        tables = tomllib.loads(text)
        assert list(tables) == [name]
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        assert scenarios.read(path)[name] == scenarios.get(name)


def test_show_with_what_if(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["scenarios", "--show", "tripp", "--close", "dilucu"]) == 0
    tables = tomllib.loads(capsys.readouterr().out)
    assert tables["tripp" + WHATIF_SUFFIX]["closed_crossings"] == ["dilucu"]


def test_scenarios_what_if_without_show_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["scenarios", "--close", "dilucu"]) == 2
    assert "need --show" in capsys.readouterr().err


def test_report_json_records_version_vintage_and_scenarios_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from corridor import _meta, settings

    user = tmp_path / "mine.toml"
    user.write_text('[tripp-b]\nextends = "tripp"\n', encoding="utf-8")
    out = tmp_path / "rep"
    assert cli.main(["report", "--scenario", "tripp-b", "--close", "meghri", "--scenarios",
                     str(user), "--format", "json", "--out", str(out)]) == 0
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert doc["provenance"] == {
        "corridor_version": _meta.version(),
        "geodata_vintage": _meta.data_vintage(settings.SHIPPED_GEODATA),
        "scenario": "tripp-b" + WHATIF_SUFFIX, "scenarios_file": str(user)}


# --------------------------------------------------------------------------- mutation survivors
# (issue 19) what a what-if is named and described, and --show never lets a name become TOML


def test_the_description_lists_what_was_closed_and_opened(shipped: geodata.GeoData) -> None:
    base = Scenario("plain", description="the base")
    derived = scenarios.derive(base, shipped, close=["agstafa_boyuk_kasik_rail", "irn"],
                               open_=["margara"])
    assert derived.description == (
        "the base -- what-if: closed agstafa_boyuk_kasik_rail, irn; opened margara")
    assert derived.closed_links == ("agstafa_boyuk_kasik_rail",)
    assert derived.closed_countries == ("IRN",)
    assert derived.open_crossings == ("margara",)  # Margara (ARM-TUR) is closed in the data
    assert "margara" in scenarios.select(shipped, base).closed_crossings
    assert "margara" in scenarios.select(shipped, derived).crossings
    only_closed = scenarios.derive(base, shipped, close=["irn"])
    assert only_closed.description == "the base -- what-if: closed irn"


def test_a_name_that_is_none_of_link_place_country_is_refused(shipped: geodata.GeoData) -> None:
    """Three letters that are no ISO3 code of the data are no country to close."""
    assert "QQQ" not in set(shipped.places["country"])
    with pytest.raises(ScenarioError) as info:
        scenarios.derive(Scenario("plain"), shipped, close=["qqq"])
    assert str(info.value) == ("unknown link, place or country 'qqq' "
                               "(expected a link id, a place id or an ISO3 country code)")


def test_a_what_if_keeps_the_name_check_of_a_user_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt link in a user file is refused with --close as without it."""
    user = tmp_path / "mine.toml"
    user.write_text('[mine]\nextends = "today"\nclosed_links = ["no_such_link"]\n',
                    encoding="utf-8")
    for whatif in ([], ["--close", "meghri"], ["--open", "margara"]):
        assert cli.main(["route", "Baku", "Kars", "--scenarios", str(user), "--scenario",
                         "mine", *whatif]) == 2
        assert "closed_links: unknown link 'no_such_link'" in capsys.readouterr().err


def test_a_what_if_on_a_shipped_scenario_stays_lenient(shipped: geodata.GeoData) -> None:
    """A scenario built in code (not strict) may name links a geodata lacks, what-if or not."""
    loose = Scenario("loose", closed_links=("not_in_the_data",))
    derived = scenarios.derive(loose, shipped, close=["agstafa_boyuk_kasik_rail"])
    assert "agstafa_boyuk_kasik_rail" not in scenarios.select(shipped, derived).links


#: Strings that end a TOML string, start a table, escape, or are not allowed in TOML text.
HOSTILE = (
    'quote " inside',
    "ends with a backslash \\",
    "back\\slash and \\u0041 and \\n written out",
    'x"\n[evil]\nclosed_countries = ["ARM"]\n#',
    "]]\n[evil]",
    "controls: nul \x00 bell \x07 cr \r del \x7f tab \t end",
    "'''\"\"\" triple quotes",
    "Ağstafa–Qazax ☃",
)


def test_hostile_strings_read_back_as_data_never_as_toml(tmp_path: Path) -> None:
    source = str(tmp_path / 'odd\n[evil]\nclosed_countries = ["ARM"]\n.toml')
    scen = Scenario(HOSTILE[3], description=" / ".join(HOSTILE), closed_links=HOSTILE,
                    open_corridors=HOSTILE[::-1], open_borders=((HOSTILE[0], HOSTILE[4]),),
                    source=source)
    lines = rules(scen)
    text = "\n".join(lines) + "\n"
    assert "\n".join(lines).count("\n") == len(lines) - 1  # no line holds a line break
    tables = tomllib.loads(text)
    assert list(tables) == [scen.name]  # no [evil], no closed_countries
    assert tables[scen.name]["closed_links"] == list(HOSTILE)
    assert tables[scen.name]["description"] == scen.description
    path = tmp_path / "back.toml"
    path.write_text(text, encoding="utf-8")
    assert scenarios.read(path) == {scen.name: scen}


def test_show_with_a_hostile_user_file_prints_one_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shipped: geodata.GeoData) -> None:
    user = tmp_path / "evil.toml"
    user.write_text(  # TOML escapes written by hand, independent of the code under test
        '["odd \\"name\\" \\\\ ]\\n[x"]\n'
        'extends = "today"\n'
        'description = "ends with a backslash \\\\"\n'
        'closed_links = ["a\\"b", "\\\\u0041", "line\\nbreak\\r\\u0000\\u007f"]\n'
        'closed_corridors = ["]]\\n[evil]\\nclosed_countries = [\\"ARM\\"]\\n#"]\n',
        encoding="utf-8")
    name = 'odd "name" \\ ]\n[x'
    assert scenarios.get(name, path=user).closed_links == ("a\"b", "\\u0041",
                                                           "line\nbreak\r\x00\x7f")
    assert cli.main(["scenarios", "--scenarios", str(user), "--show", name,
                     "--close", "meghri"]) == 0
    text = capsys.readouterr().out
    tables = tomllib.loads(text)
    assert list(tables) == [name + WHATIF_SUFFIX]
    back = tmp_path / "back.toml"
    back.write_text(text, encoding="utf-8")
    expected = scenarios.derive(scenarios.get(name, path=user), shipped, close=["meghri"])
    assert scenarios.read(back)[expected.name] == expected


def test_rules_name_the_file_first_and_write_plain_names_bare() -> None:
    """``[Tripp-2030_b]`` as a user writes it; any other name quoted (README shows --show)."""
    assert rules(Scenario("Tripp-2030_b", source="my.toml"))[:2] == ["# from my.toml",
                                                                      "[Tripp-2030_b]"]
    assert rules(Scenario("tripp" + WHATIF_SUFFIX))[0] == f'["tripp{WHATIF_SUFFIX}"]'


def test_show_reads_back_overrides_tables_and_profiles(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = tmp_path / "over.toml"
    user.write_text('[over]\nextends = "tripp"\n[over.overrides]\nrail_speed_kmh = 50.5\n'
                    "gauge_break_h = 3\nspeed_by_status = {planned = 60}\n"
                    "detour_factors = {rail = 1.2, road = 1.1}\n"
                    "[over.overrides.passenger]\nroad_speed_kmh = 70\n", encoding="utf-8")
    assert cli.main(["scenarios", "--scenarios", str(user), "--show", "over"]) == 0
    text = capsys.readouterr().out
    over = tomllib.loads(text)["over"]["overrides"]
    assert over == {"rail_speed_kmh": 50.5, "gauge_break_h": 3,
                    "speed_by_status": {"planned": 60},
                    "detour_factors": {"rail": 1.2, "road": 1.1},
                    "passenger": {"road_speed_kmh": 70}}
    back = tmp_path / "back.toml"
    back.write_text(text, encoding="utf-8")
    again = scenarios.read(back)["over"]
    assert again == scenarios.get("over", path=user)
    assert again.defaults_for("passenger").road_speed_kmh == 70



def test_show_from_a_path_with_undecodable_bytes_prints_it_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r"""A file name's byte 0xff (``\udcff`` in Python) is written ``\udcff``, as TOML would."""
    user = tmp_path / os.fsdecode(b"new\xff\nline.toml")
    user.write_text('[mine]\nextends = "tripp"\n', encoding="utf-8")
    assert cli.main(["scenarios", "--scenarios", str(user), "--show", "mine"]) == 0
    text = capsys.readouterr().out  # captured as strict UTF-8, like a UTF-8 terminal
    assert text.splitlines()[0] == f"# from {tmp_path}/new\\udcff\\u000aline.toml"
    assert list(tomllib.loads(text)) == ["mine"]
