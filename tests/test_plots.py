"""Static figures: rendered to PNG and SVG and checked by what they hold (sizes, legend,
scale bar against a geodesic, north arrow, source line), not by pixels."""

from __future__ import annotations

import builtins
import struct
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod

from corridor import cli, geodata, plots, reports, routing

pytest.importorskip("matplotlib")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def legend_texts(fig: Any) -> list[str]:
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_network_figure_png_and_svg(shipped: geodata.GeoData, tmp_path: Path) -> None:
    fig = plots.network_figure(shipped)
    texts = legend_texts(fig)
    assert {"rail", "road", "ferry", "TRIPP corridor"} <= set(texts)
    # the view is the TRIPP area
    tripp = plots.view_bounds(shipped, "tripp")
    west, east = fig.axes[0].get_xlim()
    assert (west, east) == pytest.approx((tripp[0], tripp[2]))
    svg = plots.save(fig, tmp_path / "n.svg").read_text(encoding="utf-8")
    for gid in ("corridor-scale-bar", "corridor-north-arrow", "corridor-source"):
        assert f'id="{gid}' in svg, gid
    assert "Natural Earth" in svg and "<path" in svg
    png = plots.save(plots.network_figure(shipped), tmp_path / "n.png")
    w, h = png_size(png)
    assert (w, h) == (round(plots.FIGSIZE[0] * plots.DPI), round(plots.FIGSIZE[1] * plots.DPI))
    assert png.stat().st_size > 50_000  # a drawn map, not an empty frame


def test_scale_bar_matches_the_geodesic(shipped: geodata.GeoData) -> None:
    fig = plots.network_figure(shipped, view="corridor")
    ax = fig.axes[0]
    bar = next(line for line in ax.get_lines() if line.get_linewidth() == 3
               and line.get_color() == "black")
    (x0, x1), (y0, _) = bar.get_xdata(), bar.get_ydata()
    label = next(t for t in ax.texts if t.get_gid() == "corridor-scale-bar").get_text()
    km = float(label.replace(",", "").split()[0])
    _, _, metres = Geod(ellps="WGS84").inv(x0, y0, x1, y0)
    assert metres / 1000 == pytest.approx(km, rel=0.01)


def test_route_figure_shows_the_routes(shipped: geodata.GeoData, tmp_path: Path) -> None:
    fig = plots.route_figure("Baku", "Nakhchivan", scenario="today", compare="tripp",
                             data=shipped)
    texts = legend_texts(fig)
    for k, sc in enumerate(("today", "tripp")):
        r = routing.route("baku", "nakhchivan", scenario=sc, data=shipped)
        assert texts[k] == f"{sc}: {r.length_km:,.0f} km, {r.time_h:,.1f} h"
        ax = fig.axes[0]
        for pid in (r.origin, r.destination):
            pt = shipped.places.at[pid, "geometry"]
            assert ax.get_xlim()[0] < pt.x < ax.get_xlim()[1]
            assert ax.get_ylim()[0] < pt.y < ax.get_ylim()[1]
    assert plots.save(fig, tmp_path / "r.png").stat().st_size > 50_000


def test_comparison_and_criticality_figures(shipped: geodata.GeoData, tmp_path: Path
                                            ) -> None:
    fig = plots.comparison_figure("today", "tripp", data=shipped)
    texts = legend_texts(fig)
    assert texts[0].startswith("usable in tripp only (") and "links)" in texts[0]
    assert int(texts[0].split("(")[1].split()[0]) > 0
    fig = plots.criticality_figure("today", top=3, data=shipped)
    texts = legend_texts(fig)
    report = reports.build(["today"], data=shipped, maps=False)
    groups = reports.critical_groups(report.scenario("today").connectivity.criticality, 3)
    assert len(texts) == len(groups) == 3
    for text, (rank, group) in zip(texts, groups, strict=True):
        assert text.startswith(f"{rank}. {report.links[group[0].link_id].name}")
        assert text.endswith(", spur") == group[0].spur
    assert plots.save(fig, tmp_path / "c.svg").stat().st_size > 50_000


def test_svg_is_the_same_twice(shipped: geodata.GeoData, tmp_path: Path) -> None:
    a = plots.save(plots.network_figure(shipped), tmp_path / "a.svg").read_bytes()
    b = plots.save(plots.network_figure(shipped), tmp_path / "b.svg").read_bytes()
    assert a == b


def test_cli_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "crit.png"
    assert cli.main(["plot", "criticality", "--top", "2", "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert png_size(out)[0] > 1000
    assert cli.main(["plot", "network", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "x.pdf" in err and ".png or .svg" in err
    assert cli.main(["plot", "route", "--out", str(tmp_path / "y.png")]) == 2
    assert not (tmp_path / "y.png").exists()


def test_cli_plot_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    assert cli.main(["plot", "network", "--out", str(tmp_path / "n.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "corridor: error: plots need matplotlib: pip install 'corridor[plot]'"
    assert not (tmp_path / "n.png").exists()
