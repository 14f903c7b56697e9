"""The ``corridor route`` and ``corridor scenarios`` commands, as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mini_corridor
import pytest

from corridor import geodata, routing, scenarios, settings
from corridor.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_corridor.write(tmp_path_factory.mktemp("mini"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_route_prints_legs_and_totals(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "Alpha", "kilo", "--mode", "rail", "--geodata",
                       str(folder))
    assert code == 0
    for lid in ("r_ab", "r_bx", "r_xc", "r_cg", "s_gk"):
        assert lid in out
    expected = routing.route("a", "k", modes="rail", data=geodata.load(folder))
    assert isinstance(expected, routing.Route)
    assert f"total: {expected.length_km:,.1f} km, {expected.time_h:,.1f} h" in out
    assert "gauge breaks: g" in out and "border crossings: x" in out


def test_route_json_has_the_documented_keys(folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "a", "k", "--json", "--geodata", str(folder))
    assert code == 0
    doc = json.loads(out)
    for key in ("length_km", "time_h", "legs", "by_mode", "by_country", "border_crossings",
                "gauge_breaks"):
        assert key in doc
    assert doc["length_km"] == pytest.approx(sum(leg["length_km"] for leg in doc["legs"]))


def test_alternatives_print_a_json_list(folder: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "a", "c", "--alternatives", "3", "--json",
                       "--geodata", str(folder))
    assert code == 0
    doc = json.loads(out)
    assert isinstance(doc, list) and 2 <= len(doc) <= 3
    assert [r["time_h"] for r in doc] == sorted(r["time_h"] for r in doc)


def test_avoid_takes_a_code_or_a_name(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for country in ("GEO", "Georgia"):
        code, out, _ = run(capsys, "route", "a", "n", "--avoid", country, "--json",
                           "--geodata", str(folder))
        assert code == 0
        assert "GEO" not in json.loads(out)["by_country"]


def test_geojson_file_is_written(folder: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "route.geojson"
    code, _, _ = run(capsys, "route", "a", "k", "--by", "length", "--geojson", str(target),
                     "--geodata", str(folder))
    assert code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["features"]
    assert doc["properties"]["weight"] == "length"


def test_via_and_a_point_origin(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "48.9,40.1", "c", "--via", "t", "--json",
                       "--geodata", str(folder))
    assert code == 0
    doc = json.loads(out)
    assert doc["legs"][0]["kind"] == "access" and "t" in doc["places"]


@pytest.mark.parametrize("argv, message", [
    (["route", "a"], "DESTINATION"),
    (["route", "a", "k", "--mode", "air"], "invalid choice"),
    (["route", "a", "k", "--alternatives", "0"], ">= 1"),
    (["route", "a", "k", "--by", "money"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(argv: list[str], message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("args, message", [
    (["route", "Atlantis", "k"], "unknown place 'Atlantis'"),
    (["route", "Astara", "k"], "ambiguous"),
    (["route", "a", "k", "--avoid", "Narnia"], "unknown country"),
    (["route", "a", "k", "--scenario", "tomorrow"], "unknown scenario"),
    (["route", "a", "k", "--via", "c", "--alternatives", "2"], "--via"),
])
def test_bad_input_exits_2_with_one_line(folder: Path, args: list[str], message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *args, "--geodata", str(folder))
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_no_route_is_a_readable_message_and_exit_1(folder: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "route", "a", "p", "--mode", "rail", "--geodata", str(folder))
    assert code == 1
    assert "Traceback" not in err and out == ""
    assert "no rail route from Alpha to Papa in scenario 'today'" in err
    assert "mode restriction" in err


def test_scenarios_lists_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    lines = out.strip().splitlines()
    shipped = scenarios.load(geodata_dir=settings.SHIPPED_GEODATA)
    assert len(lines) == len(shipped)
    for name, line in zip(shipped, lines, strict=True):
        assert line.startswith(f"{name}: ")


def test_a_user_scenarios_file_is_usable_by_route(folder: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[shut-x]\ndescription = "x closed"\nclosed_crossings = ["x"]\n',
                     encoding="utf-8")
    code, out, _ = run(capsys, "scenarios", "--scenarios", str(extra), "--geodata", str(folder))
    assert code == 0 and "shut-x: x closed" in out
    code, _, err = run(capsys, "route", "a", "k", "--mode", "rail", "--scenario", "shut-x",
                       "--scenarios", str(extra), "--geodata", str(folder))
    assert code == 1 and "closed border crossings" in err


def test_the_installed_command_runs(folder: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "corridor.cli", "route", "a", "k", "--json",
                           "--geodata", str(folder)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["destination"] == "k"


# --------------------------------------------------------------------------- issue #19 / #11


@pytest.mark.parametrize("argv, kinds", [
    (["Baku", "Kars", "--mode", "rail"], {"border", "gauge_break"}),
    (["port_of_aktau", "Istanbul"], {"transfer", "border"}),  # ferry transfers
    (["Baku", "Nakhchivan", "--scenario", "tripp"], {"border"}),
    (["44.51,40.18", "Tbilisi"], {"access", "border"}),
])
def test_geojson_legs_lie_on_the_places_and_links_of_the_geodata_files(
        argv: list[str], kinds: set[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # the geodata files, read with json alone (not through corridor)
    def features(name: str) -> dict[str, dict[str, object]]:
        doc = json.loads((settings.SHIPPED_GEODATA / name).read_text(encoding="utf-8"))
        return {f["properties"]["id"]: f for f in doc["features"]}

    places, links = features(geodata.PLACES_FILE), features(geodata.LINKS_FILE)

    def at(pid: str) -> list[float]:
        return list(places[pid]["geometry"]["coordinates"])  # type: ignore[index]

    out = tmp_path / "route.geojson"
    code, _, err = run(capsys, "route", *argv, "--geojson", str(out))
    assert code == 0, err
    seen = set()
    for f in json.loads(out.read_text(encoding="utf-8"))["features"]:
        p, geom = f["properties"], f["geometry"]
        seen.add(p["kind"])
        if p["kind"] in ("transfer", "gauge_break", "border"):
            assert geom["type"] == "Point"
            assert p["from_place"] == p["to_place"]
            assert geom["coordinates"] == pytest.approx(at(p["from_place"]), abs=1e-12), p
        elif p["kind"] == "link" and {p["from_place"], p["to_place"]} <= places.keys():
            line = links[p["link_id"]]["geometry"]["coordinates"]  # type: ignore[index]
            forward = links[p["link_id"]]["properties"]["from"] == p["from_place"]  # type: ignore[index]
            assert geom["coordinates"] == (line if forward else line[::-1])
        elif p["kind"] == "access":
            # starts (or ends) at the point given, lon first
            assert [44.51, 40.18] in (geom["coordinates"][0], geom["coordinates"][-1])
    assert kinds <= seen


def test_alternatives_over_50_are_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    start = time.perf_counter()
    with pytest.raises(SystemExit) as info:
        main(["route", "Baku", "Tbilisi", "--alternatives", "10000"])
    out, err = capsys.readouterr()
    assert time.perf_counter() - start < 5
    assert info.value.code == 2 and out == ""
    assert err.count("\n") == 1 and "at most 50" in err


@pytest.mark.parametrize("text, expected", [
    ("44.51,40.18", (44.51, 40.18)),
    ("-44.5,40.2", (-44.5, 40.2)),
    ("+44.5, .5", (44.5, 0.5)),
    ("44.,40", (44.0, 40.0)),
    ("Culfa, IRN", "Culfa, IRN"),       # a name with a country, not a point
    ("Baku", "Baku"),
])
def test_endpoint_forms(text: str, expected: object) -> None:
    from corridor.cli import _endpoint

    assert _endpoint(text) == expected
