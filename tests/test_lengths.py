"""The length model: published km where the data gives one, else geometry x a fitted factor."""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest
from conftest import line, point, write_geodata
from pyproj import Geod

from corridor import geodata, network, routing, settings
from corridor.scenarios import Scenario

GEOD = Geod(ellps="WGS84")
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fit_detour.py"


def geodesic_km(coords: list[tuple[float, float]]) -> float:
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000.0


def fit_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fit_detour", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LINE_AB = [(45.0, 40.0), (45.5, 40.2), (46.0, 40.0)]
LINE_BC = [(46.0, 40.0), (46.4, 39.8), (47.0, 40.0)]


@pytest.fixture(scope="module")
def two_links(tmp_path_factory: pytest.TempPathFactory) -> geodata.GeoData:
    folder = tmp_path_factory.mktemp("lengths")
    places = [point("a", 45.0, 40.0), point("b", 46.0, 40.0), point("c", 47.0, 40.0)]
    links = [line("ab", "a", "b", LINE_AB, length_km_published=111.0,
                  length_source="https://example.org/chainage"),
             line("bc", "b", "c", LINE_BC)]
    return geodata.load(write_geodata(folder, places, links))


def test_a_link_uses_its_published_length_else_geometry_times_the_factor(
        two_links: geodata.GeoData) -> None:
    graph = network.build(two_links, "today")
    edges = {d["link_id"]: d for _, _, d in graph.edges(data=True) if d["kind"] == "link"}
    ab, bc = edges["ab"], edges["bc"]
    assert (ab["length_km"], ab["length_basis"]) == (111.0, "published")
    assert ab["geometry_km"] == pytest.approx(geodesic_km(LINE_AB))
    factor = settings.DEFAULTS.detour_factors["rail"]
    assert bc["length_basis"] == "estimated"
    assert bc["geometry_km"] == pytest.approx(geodesic_km(LINE_BC))
    assert bc["length_km"] == pytest.approx(geodesic_km(LINE_BC) * factor)
    # the time follows the km used
    assert bc["time_h"] == pytest.approx(bc["length_km"] / settings.DEFAULTS.rail_speed_kmh)
    r = routing.route("a", "c", data=two_links, modes="rail")
    assert not isinstance(r, list)
    assert r.length_km == pytest.approx(111.0 + bc["length_km"])
    assert r.published_km == 111.0
    assert r.published_length_share == pytest.approx(111.0 / r.length_km)
    assert r.to_dict()["published_length_share"] == r.published_length_share
    assert [leg["published_km"] for leg in r.to_dict()["legs"]] == [111.0, 0.0]


def test_a_scenario_can_switch_the_factor_off(two_links: geodata.GeoData) -> None:
    off = Scenario("raw", overrides=(("detour_factors", {}),))
    graph = network.build(two_links, off)
    bc = next(d for _, _, d in graph.edges(data=True) if d.get("link_id") == "bc")
    assert bc["length_km"] == pytest.approx(geodesic_km(LINE_BC))
    doubled = Scenario("doubled", overrides=(("detour_factors", {"rail": 2.0}),))
    graph = network.build(two_links, doubled)
    bc = next(d for _, _, d in graph.edges(data=True) if d.get("link_id") == "bc")
    assert bc["length_km"] == pytest.approx(2 * geodesic_km(LINE_BC))


@pytest.mark.parametrize("bad", [{"plane": 1.1}, {"rail": 0}, {"rail": "long"}, [1.1]])
def test_bad_detour_factors_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="detour_factors"):
        Scenario("bad", overrides=(("detour_factors", bad),))


def test_the_fit_is_the_median_ratio_and_needs_enough_links(tmp_path: Path) -> None:
    places = [point(f"p{i}", 45.0 + i, 40.0) for i in range(7)]
    ratios = [1.1, 1.5, 1.2, 1.25, 1.15]  # median 1.2, mean 1.24
    links = []
    pairs = []
    for i, ratio in enumerate(ratios):
        coords = [(45.0 + i, 40.0), (45.5 + i, 40.1), (46.0 + i, 40.0)]
        km = geodesic_km(coords)
        pairs.append((km * ratio, km))
        links.append(line(f"r{i}", f"p{i}", f"p{i + 1}", coords,
                          length_km_published=round(km * ratio, 3)))
    road = [(45.0, 40.0), (45.5, 40.3), (46.0, 40.0)]
    links.append(line("d0", "p0", "p1", road, mode="road", gauge_mm=None,
                      length_km_published=round(geodesic_km(road) * 1.5, 3)))
    data = geodata.load(write_geodata(tmp_path, places, links))
    fits = network.fit_detour(data.links)
    assert fits["rail"].n == 5 and fits["rail"].factor == pytest.approx(1.2, abs=1e-3)
    assert fits["rail"].median_ratio == pytest.approx(1.2, abs=1e-4)
    expected_error = statistics.median(abs(fits["rail"].factor * g - p) / p for p, g in pairs)
    assert fits["rail"].median_abs_error == pytest.approx(expected_error, abs=1e-4)
    # one road link is too few to fit: factor 1.0, the ratio still reported
    assert (fits["road"].n, fits["road"].factor) == (1, 1.0)
    assert fits["road"].median_ratio == pytest.approx(1.5, abs=1e-3)
    assert fits["ferry"] == settings.DetourFit(1.0, 0, None, None)


def test_settings_hold_the_fit_of_the_shipped_data(shipped: geodata.GeoData) -> None:
    """A data change that moves the fit fails here until settings.DETOUR_FITS is refitted
    (``python scripts/fit_detour.py`` prints the lines to paste)."""
    fits = network.fit_detour(shipped.links)
    assert set(fits) == set(settings.DETOUR_FITS)
    for mode, fit in fits.items():
        stored = settings.DETOUR_FITS[mode]
        assert stored.n == fit.n, mode
        assert stored.factor == pytest.approx(fit.factor, abs=1e-3), mode
        for name in ("median_ratio", "median_abs_error"):
            new, old = getattr(fit, name), getattr(stored, name)
            assert (old is None) == (new is None), (mode, name)
            if new is not None:
                assert old == pytest.approx(new, abs=1e-3), (mode, name)
        if fit.n < settings.DETOUR_MIN_LINKS:
            assert stored.factor == 1.0, mode
    assert settings.DEFAULTS.detour_factors == {m: f.factor for m, f in fits.items()}


def test_fit_script_checks_settings_against_the_data(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = fit_script()
    assert script.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert "DETOUR_FITS: dict[str, DetourFit] = {" in out and "rail" in out
    # a folder whose published rail lengths are all 1.5 x their geometry fits differently
    places = [point(f"p{i}", 45.0 + i, 40.0) for i in range(6)]
    links = [line(f"r{i}", f"p{i}", f"p{i + 1}", [(45.0 + i, 40.0), (46.0 + i, 40.0)],
                  length_km_published=round(1.5 * geodesic_km([(45.0 + i, 40.0),
                                                              (46.0 + i, 40.0)]), 3))
             for i in range(5)]
    folder = write_geodata(tmp_path, places, links)
    assert script.main(["--geodata", str(folder), "--check"]) == 1
    assert "rail" in capsys.readouterr().err


def test_a_length_source_needs_a_published_length_and_urls(tmp_path: Path) -> None:
    places = [point("a", 45.0, 40.0), point("b", 46.0, 40.0)]
    cases = {"orphan": {"length_source": "https://example.org/x"},
             "notaurl": {"length_km_published": 90.0, "length_source": "a book"}}
    for name, props in cases.items():
        folder = write_geodata(tmp_path / name, places,
                               [line("ab", "a", "b", [(45.0, 40.0), (46.0, 40.0)], **props)])
        problems = geodata.validate(folder).problems
        assert [p.field for p in problems] == ["length_source"], (name, problems)
    ok = write_geodata(tmp_path / "ok", places, [line(
        "ab", "a", "b", [(45.0, 40.0), (46.0, 40.0)], length_km_published=90.0)])
    report = geodata.validate(ok)
    assert report.problems == []
    assert report.data is not None
    row = report.data.links.loc["ab"]
    assert network.lengths.length_source(row) == "https://example.org/source"
