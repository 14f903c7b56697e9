"""A user's scenarios file, its mistakes and what they read back: one exact line each.

Written against surviving mutants of ``scripts/mutation.py scenarios``.
"""

from __future__ import annotations

from pathlib import Path

import mini_corridor
import pytest

from corridor import geodata, scenarios
from corridor._errors import ScenarioError
from corridor.scenarios import Scenario, select


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
