"""A user's scenarios file, its mistakes and what they read back: one exact line each.

Written against surviving mutants of ``scripts/mutation.py scenarios``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import mini_corridor
import pytest

from corridor import geodata, scenarios, settings
from corridor._errors import ScenarioError
from corridor.scenarios import Scenario, select
from corridor.scenarios.validation import KNOWN_KEYS


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    return geodata.load(mini_corridor.write(tmp_path_factory.mktemp("mini")))


def toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(ScenarioError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(info.value)


def test_the_one_line_summary_names_the_year_only_when_there_is_one() -> None:
    assert Scenario("tripp", description="TRIPP built", as_of=2030).summary() == (
        "tripp: TRIPP built (as of 2030)")
    assert Scenario("today", description="what operates").summary() == "today: what operates"


@pytest.mark.parametrize(("year", "ok"), [(1800, True), (2200, True), (1799, False),
                                          (2201, False), (True, False), (2030.0, False)])
def test_as_of_is_a_year_from_1800_to_2200(year: object, ok: bool) -> None:
    if ok:
        assert Scenario("y", as_of=year).as_of == year  # type: ignore[arg-type]
    else:
        assert error(Scenario, "y", as_of=year) == (
            f"scenario 'y': as_of must be a year (1800-2200), got {year!r}")
        assert error(Scenario, "y", as_of=year, source="my.toml") == (
            f"my.toml: scenario 'y': as_of must be a year (1800-2200), got {year!r}")


@pytest.mark.parametrize(("size", "expected"), [
    (2, "s0 -> s1 -> s0"),
    (7, "s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s0"),
    (8, "s0 -> s1 -> s2 -> ... (3 more) -> s6 -> s7 -> s0"),
    (10, "s0 -> s1 -> s2 -> ... (5 more) -> s8 -> s9 -> s0"),
])
def test_a_loop_of_extends_is_shown_shortened_in_the_middle(tmp_path: Path, size: int,
                                                             expected: str) -> None:
    tables = "".join(f'[s{i}]\nextends = "s{(i + 1) % size}"\n' for i in range(size))
    assert error(scenarios.read, toml(tmp_path, tables)).endswith(
        f"scenarios extend each other in a loop: {expected}")


def test_a_child_does_not_inherit_its_parents_description(tmp_path: Path) -> None:
    found = scenarios.read(toml(tmp_path, '[base]\ndescription = "the base"\n'
                                          '[child]\nextends = "base"\n'))
    assert found["child"].description == ""
    assert found["base"].description == "the base"


def test_a_scenario_that_is_not_a_table(tmp_path: Path) -> None:
    path = toml(tmp_path, 'x = 1\n')
    assert error(scenarios.read, path) == f"{path}: 'x' is not a table ([x])"


def test_a_folder_or_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert error(scenarios.read, tmp_path) == (
        f"{tmp_path}: is a folder, expected a scenarios TOML file")
    path = toml(tmp_path, "[a]\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert error(scenarios.read, path) == f"{path}: cannot read scenarios file: Permission denied"


def test_reading_again_gives_an_equal_fresh_dict(tmp_path: Path) -> None:
    path = toml(tmp_path, '[a]\ndescription = "A"\n')
    first = scenarios.read(path)
    second = scenarios.read(path)
    assert first == second and first is not second
    second.pop("a")
    assert list(scenarios.read(path)) == ["a"]  # the cache is not changed through a result


def test_a_strict_scenario_names_the_folder_of_the_geodata(mini: geodata.GeoData) -> None:
    scen = Scenario("s", closed_links=("r_zz",), strict=True, source="my.toml")
    assert error(select, mini, scen) == (
        f"my.toml: scenario 's': closed_links: unknown link 'r_zz' (the geodata in "
        f"{mini.path} has no such link)")
    anonymous = Scenario("s", closed_links=("r_zz",), strict=True)
    assert error(select, mini, anonymous).startswith("scenario 's': closed_links: ")


def test_links_of_a_closed_country_and_links_to_absent_places_are_dropped(
        mini: geodata.GeoData) -> None:
    """Closing Georgia drops its links but keeps Azerbaijan's; each is decided on its own."""
    sel = select(mini, Scenario("no-geo", closed_countries=("GEO",)))
    assert {"r_xc", "r_cg", "s_gk", "d_xc"}.isdisjoint(sel.links)
    assert {"r_ab", "d_ab", "r_bx", "d_bx", "f_pb"} <= set(sel.links)
    shut = select(mini, Scenario("shut", closed_links=("r_ab",), closed_corridors=("nothing",)))
    assert "r_ab" not in shut.links and {"d_ab", "r_bx"} <= set(shut.links)


# ------------------------------------------------------------- overrides: one exact line each

OVERRIDE_MISTAKES = [
    # a word close to several overrides: the three closest are suggested, comma-separated
    ("speed_kmh = 50",
     "unknown override 'speed_kmh'; did you mean 'road_speed_kmh', 'rail_speed_kmh', "
     "'ferry_speed_kmh'? (expected one of access_speed_kmh, detour_factors, ferry_headway_h, "
     "ferry_speed_kmh, ferry_transfer_h, gauge_break_h, mode_transfer_h, port_customs_h, "
     "rail_border_dwell_h, rail_speed_kmh, road_border_dwell_h, road_speed_kmh, "
     "speed_by_status)"),
    ("rail_speed_kmh = 1e12", "override 'rail_speed_kmh' must be a positive number, got "
                              "1000000000000.0"),
    ("speed_by_status = {opertaing = 60}",
     "override 'speed_by_status': unknown link status 'opertaing'; did you mean 'operating'? "
     "(expected from operating, under_construction, planned, closed, dismantled)"),
    ("speed_by_status = {planned = -20}",
     "override 'speed_by_status': speed of 'planned' must be a positive number, got -20"),
    ("detour_factors = 1.2",
     "override 'detour_factors' must be a table of mode -> factor, got 1.2"),
    ("detour_factors = {rial = 1.1}",
     "override 'detour_factors': unknown mode 'rial'; did you mean 'rail'? "
     "(expected from rail, road, ferry)"),
    ("detour_factors = {road = 0}",
     "override 'detour_factors': factor of 'road' must be a positive number, got 0"),
    ("detour_factors = {road = -1.1}",
     "override 'detour_factors': factor of 'road' must be a positive number, got -1.1"),
    ("detour_factors = {ferry = nan}",
     "override 'detour_factors': factor of 'ferry' must be a positive number, got nan"),
    ("passenger = 5",
     "override 'passenger' must be a table of overrides for the passenger profile, got 5"),
    ("passenger = {freight = {rail_speed_kmh = 50}}",
     "override 'passenger': profiles do not nest ('freight')"),
    ("passenger = {speed_by_status = {planed = 60}}",
     "override 'speed_by_status': unknown link status 'planed'; did you mean 'planned'? "
     "(expected from operating, under_construction, planned, closed, dismantled)"),
]


@pytest.mark.parametrize(("line", "problem"), OVERRIDE_MISTAKES)
def test_a_bad_override_is_one_line_naming_file_scenario_and_override(
        tmp_path: Path, line: str, problem: str) -> None:
    path = toml(tmp_path, f"[x]\n[x.overrides]\n{line}\n")
    assert error(scenarios.read, path) == f"{path}: scenario 'x': {problem}"


def test_good_speed_and_detour_overrides_are_taken(tmp_path: Path) -> None:
    """Any positive speed or factor is taken as given, even below 1; ``{}`` switches off."""
    path = toml(tmp_path, "[x]\n[x.overrides]\nspeed_by_status = {planned = 0.5}\n"
                          "detour_factors = {rail = 1.0, road = 0.9}\naccess_speed_kmh = 0.5\n"
                          "[y]\n[y.overrides]\ndetour_factors = {}\n")
    found = scenarios.read(path)
    x = found["x"].defaults
    assert x.speed_by_status == {"planned": 0.5}
    assert x.detour_factors == {"rail": 1.0, "road": 0.9}
    assert x.access_speed_kmh == 0.5
    assert found["y"].defaults.detour_factors == {}


# ------------------------------------------------------------- lists and pairs of a scenario

FIELD_MISTAKES = [
    ('closed_borders = "ARM"', "closed_borders must be a list of [ISO3, ISO3] pairs"),
    ('open_borders = [["ARM", "TUR", "AZE"]]', "open_borders must be a list of [ISO3, ISO3] "
                                               "pairs"),
    ('open_links = "r_ab"', "open_links must be a list of strings"),
    ("closed_links = 7", "closed_links must be a list of strings"),
    # the bad item is cut to its first 40 characters
    ('closed_links = [{id = "r_ab", note = "the Alpha - Bravo line"}]',
     "closed_links must be a list of strings, got {'id': 'r_ab', 'note': 'the Alpha - Brav "
     "in it"),
    ('crossing_statuses = ["open", "opne"]',
     "unknown crossing status(es) ['opne']; expected from ['open', 'closed', 'planned', "
     "'under_construction']"),
    ('link_statuses = ["planed"]',
     "unknown link status(es) ['planed']; expected from ['operating', 'under_construction', "
     "'planned', 'closed', 'dismantled']"),
    ('as_of = "soon"', "as_of must be a year (1800-2200), got 'soon'"),
]


@pytest.mark.parametrize(("line", "problem"), FIELD_MISTAKES)
def test_a_bad_field_is_one_line_naming_file_scenario_and_field(
        tmp_path: Path, line: str, problem: str) -> None:
    path = toml(tmp_path, f"[x]\n{line}\n")
    assert error(scenarios.read, path) == f"{path}: scenario 'x': {problem}"


def test_a_crossing_status_the_schema_lacks_is_refused_in_code_too() -> None:
    assert error(Scenario, "x", crossing_statuses=("opne",)) == (
        "scenario 'x': unknown crossing status(es) ['opne']; expected from ['open', 'closed', "
        "'planned', 'under_construction']")


def test_replace_checks_its_changes_and_names_the_scenario() -> None:
    base = Scenario("base", description="mine")
    assert base.replace(overrides=[("rail_speed_kmh", 50.0)]).defaults.rail_speed_kmh == 50.0
    assert base.replace(overrides={"road_speed_kmh": 40.0}).defaults.road_speed_kmh == 40.0
    assert error(base.replace, overrides=5) == (
        "scenario 'base': overrides must be a table ([base.overrides]), got 5")
    assert error(base.replace, overrides="fast") == (
        "scenario 'base': overrides must be a table ([base.overrides]), got 'fast'")
    assert error(base.replace, closed_borders="ARM") == (
        "scenario 'base': closed_borders must be a list of [ISO3, ISO3] pairs")
    assert error(base.replace, as_of=2030.0) == (
        "scenario 'base': as_of must be a year (1800-2200), got 2030.0")


# --------------------------------------------------------------------------- files.py (issue 19)


def test_an_unknown_key_lists_every_key_expected(tmp_path: Path) -> None:
    message = error(scenarios.read, toml(tmp_path, "[a]\nclosed_link = []\n"))
    listed = message.split("(expected from ", 1)[1].removesuffix(")").split(", ")
    assert listed == sorted(KNOWN_KEYS)


def test_read_is_strict_only_when_asked(tmp_path: Path, mini: geodata.GeoData) -> None:
    path = toml(tmp_path, '[a]\nclosed_links = ["no_such_link"]\n')
    assert "r_ab" in select(mini, scenarios.read(path)["a"]).links  # the name is ignored
    assert "unknown link 'no_such_link'" in error(select, mini,
                                                   scenarios.read(path, strict=True)["a"])


def test_files_of_equal_size_and_time_are_told_apart(tmp_path: Path) -> None:
    """The cache knows a file by its path too, not only by modification time and size."""
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text("[a]\n", encoding="utf-8")
    two.write_text("[b]\n", encoding="utf-8")
    for path in (one, two):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert list(scenarios.read(one)) == ["a"]
    assert list(scenarios.read(two)) == ["b"]


def test_a_file_read_over_another_base_extends_that_base(tmp_path: Path) -> None:
    path = toml(tmp_path, '[child]\nextends = "parent"\n')
    for year in (2030, 2040):
        base = {"parent": Scenario("parent", as_of=year)}
        assert scenarios.read(path, base=base)["child"].as_of == year


def test_an_unchanged_file_is_read_from_disk_once(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = toml(tmp_path, '[a]\ndescription = "A"\n')
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    assert scenarios.read(path) == scenarios.read(path)
    assert len(reads) == 1
    path.write_text('[a]\ndescription = "AB"\n', encoding="utf-8")  # another size
    assert scenarios.read(path)["a"].description == "AB"
    assert len(reads) == 2


def test_the_environment_file_comes_after_the_shipped_and_before_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / "env.toml"
    env.write_text('[today]\ndescription = "mine"\n[from-env]\nextends = "tripp"\n',
                   encoding="utf-8")
    path = toml(tmp_path, '[from-path]\nextends = "from-env"\nas_of = 2031\n')
    monkeypatch.setenv(settings.SCENARIOS_ENV, str(env))
    found = scenarios.load(path)
    assert found["today"].description == "mine" and found["today"].strict
    assert found["from-env"].strict and found["from-path"].strict
    assert found["from-path"].open_corridors == found["tripp"].open_corridors
    assert not found["tripp"].strict
    assert "from-env" in scenarios.names() and "from-path" not in scenarios.names()
    assert "from-path" in scenarios.names(path)


@pytest.mark.parametrize("env", [False, True])
def test_a_missing_user_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         env: bool) -> None:
    missing = tmp_path / "missing.toml"
    if env:
        monkeypatch.setenv(settings.SCENARIOS_ENV, str(missing))
    message = error(scenarios.load, None if env else missing)
    assert message.startswith(f"{missing}: cannot read scenarios file: ")
    if env:  # and the path after it is not read instead
        assert error(scenarios.load, toml(tmp_path, "[a]\n")).startswith(f"{missing}: ")


def test_without_any_scenarios_file_none_are_available(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A geodata folder without scenarios.toml, and no shipped one either (a broken install)."""
    monkeypatch.setattr(settings, "SHIPPED_GEODATA", tmp_path)
    monkeypatch.delenv(settings.SCENARIOS_ENV, raising=False)
    assert scenarios.load() == {}
    assert error(scenarios.get, "today") == "unknown scenario 'today' (available: none)"


def test_unknown_scenario_suggests_at_most_three_close_names(tmp_path: Path) -> None:
    folder = tmp_path / "geo"
    folder.mkdir()
    (folder / "scenarios.toml").write_text(
        "[today]\n[georgia-disrupted]\n[tripp-a]\n[tripp-b]\n[tripp-c]\n[tripp-d]\n",
        encoding="utf-8")
    available = "today, georgia-disrupted, tripp-a, tripp-b, tripp-c, tripp-d"
    # a loose match still counts: 'georgia' is 7 of the 17 letters short (ratio 0.58)
    assert 0.5 <= difflib.SequenceMatcher(None, "georgia", "georgia-disrupted").ratio() < 0.6
    assert error(scenarios.get, "georgia", geodata_dir=folder) == (
        f"unknown scenario 'georgia'; did you mean georgia-disrupted? (available: {available})")
    message = error(scenarios.get, "tripp-e", geodata_dir=folder)
    suggested = message.split("did you mean ", 1)[1].split("?", 1)[0].split(", ")
    assert len(suggested) == len(set(suggested)) == 3
    assert set(suggested) < {"tripp-a", "tripp-b", "tripp-c", "tripp-d"}
