"""The frame of every static figure: matplotlib, the regions basemap, scale bar, north arrow."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from corridor import geodata
from corridor._errors import InvalidArgument, MissingDependency

#: Fill of the sea (where no region is), of the land and of Nakhchivan, and region outlines.
SEA_COLOR = "#d5e5ef"
LAND_COLOR = "#f4f2ee"
EXCLAVE_COLOR = "#f3e3bd"
BORDER_COLOR = "#9a8f7a"
#: Figure size (inches) and resolution of the PNG files (dots per inch).
FIGSIZE = (10.0, 6.4)
DPI = 150
#: File types :func:`save` writes, by suffix.
FORMATS = (".png", ".svg")
#: The source line under every figure.
SOURCE = ("Source: corridor geodata (every place and link cites its sources); boundaries: "
          "Natural Earth (public domain). Lengths geodesic; times modelled.")


def pyplot() -> Any:
    """Return ``matplotlib.pyplot`` on the file-only Agg backend.

    Returns
    -------
    module
        ``matplotlib.pyplot``.

    Raises
    ------
    MissingDependency
        When matplotlib is not installed (``pip install 'corridor[plot]'``).
    """
    try:
        import matplotlib
    except ImportError:
        raise MissingDependency("plots need matplotlib: pip install 'corridor[plot]'") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def new_figure(data: geodata.GeoData, bounds: tuple[float, float, float, float],
               title: str) -> tuple[Any, Any]:
    """Return a figure and its axes showing ``bounds`` over the regions layer.

    Parameters
    ----------
    data
        Geodata (its regions are the basemap; none: a plain sea-coloured frame).
    bounds
        ``(west, south, east, north)``, degrees.
    title
        Figure title.

    Returns
    -------
    tuple
        ``(figure, axes)``; x is longitude, y latitude, aspect true at the centre latitude.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    west, south, east, north = bounds
    ax.set_facecolor(SEA_COLOR)
    regions = data.regions
    if regions is not None and len(regions):
        for _, row in regions.iterrows():
            label = " ".join(str(row.get(k, "")) for k in ("name", "region")).lower()
            color = EXCLAVE_COLOR if "nakhchivan" in label else LAND_COLOR
            _draw_polygon(ax, row.geometry, color)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=13, loc="left")
    return fig, ax


def _draw_polygon(ax: Any, geom: Any, color: str) -> None:
    if geom is None or geom.is_empty:
        return
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    for poly in parts:
        if not hasattr(poly, "exterior"):
            continue
        x, y = poly.exterior.xy
        ax.fill(x, y, color=color, ec=BORDER_COLOR, lw=0.5, zorder=1)
        for hole in poly.interiors:
            hx, hy = hole.xy
            ax.fill(hx, hy, color=SEA_COLOR, ec=BORDER_COLOR, lw=0.5, zorder=1)


def _nice(value: float) -> float:
    """Return the largest 1, 2 or 5 × 10^n not above ``value``."""
    exp = 10 ** math.floor(math.log10(value))
    return max(m * exp for m in (1, 2, 5) if m * exp <= value)


def scale_bar(ax: Any) -> float:
    """Draw a scale bar at the lower left (about a fifth of the width); return its km."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    lat = south + 0.06 * (north - south)
    km_per_deg = 111.32 * math.cos(math.radians(lat))
    km = _nice((east - west) * km_per_deg / 5)
    x0 = west + 0.03 * (east - west)
    x1 = x0 + km / km_per_deg
    ax.plot([x0, x1], [lat, lat], color="black", lw=3, solid_capstyle="butt", zorder=20)
    ax.text((x0 + x1) / 2, lat + 0.015 * (north - south), f"{km:,.0f} km", ha="center",
            va="bottom", fontsize=8, zorder=20, gid="corridor-scale-bar")
    return km


def north_arrow(ax: Any) -> None:
    """Draw a north arrow at the upper right."""
    ax.annotate("N", xy=(0.96, 0.95), xytext=(0.96, 0.84), xycoords="axes fraction",
                ha="center", va="center", fontsize=11, fontweight="bold", zorder=20,
                arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5},
                gid="corridor-north-arrow")


def finish(fig: Any, ax: Any, handles: list[Any], note: str = "") -> Any:
    """Add the legend, scale bar, north arrow and source line; return the legend.

    Parameters
    ----------
    fig, ax
        From :func:`new_figure`.
    handles
        Legend handles (matplotlib artists with labels).
    note
        Text added to the source line (e.g. the scenario).

    Returns
    -------
    matplotlib.legend.Legend
        The legend.
    """
    # under the map, not over it; long labels one per line
    wide = max((len(str(h.get_label())) for h in handles), default=0) > 45
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.01),
                       fontsize=8, framealpha=0.92, borderaxespad=0,
                       ncol=1 if wide else min(3, len(handles) or 1))
    scale_bar(ax)
    north_arrow(ax)
    fig.text(0.01, 0.01, f"{SOURCE} {note}".strip(), fontsize=7, color="#444",
             gid="corridor-source", wrap=True)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return legend


def check_out(path: str | Path) -> Path:
    """Return ``path`` if it names a PNG or SVG file, else raise :class:`InvalidArgument`."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise InvalidArgument(f"{out}: a figure is written as {' or '.join(FORMATS)}")
    return out


def save(fig: Any, path: str | Path) -> Path:
    """Write the figure as PNG or SVG (by the suffix), without a date (same input, same file).

    Parameters
    ----------
    fig
        A figure.
    path
        ``.png`` or ``.svg`` file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InvalidArgument
        For another suffix.
    """
    out = check_out(path)
    suffix = out.suffix.lower()
    plt = pyplot()
    if suffix == ".svg":
        plt.rcParams["svg.hashsalt"] = "corridor"
        fig.savefig(out, format="svg", metadata={"Date": None})
    else:
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return out
