"""Static figures (PNG, SVG) for papers and articles, drawn with matplotlib, offline.

:func:`network_figure`, :func:`route_figure`, :func:`comparison_figure` and
:func:`criticality_figure` return matplotlib figures drawn over the regions layer, each with
a legend, scale bar, north arrow and source line; :func:`save` writes one as PNG or SVG.
matplotlib is an optional dependency (``pip install 'corridor[plot]'``): without it these
raise :class:`corridor._errors.MissingDependency`.

Examples
--------
>>> from corridor import plots
>>> plots.save(plots.network_figure(view="tripp"), "network.png")   # doctest: +SKIP
"""

from __future__ import annotations

from corridor.plots.base import DPI, FIGSIZE, FORMATS, SOURCE, check_out, pyplot, save
from corridor.plots.figures import (
    VIEWS,
    comparison_figure,
    criticality_figure,
    network_figure,
    route_figure,
    view_bounds,
)

__all__ = [
    "DPI",
    "FIGSIZE",
    "FORMATS",
    "SOURCE",
    "VIEWS",
    "check_out",
    "comparison_figure",
    "criticality_figure",
    "network_figure",
    "pyplot",
    "route_figure",
    "save",
    "view_bounds",
]
