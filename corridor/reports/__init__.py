"""Route-length and connectivity reports, scenario comparison, and their four formats.

:func:`build` computes a :class:`Report` — for each scenario the routes of the OD pairs and
the connectivity measures of :mod:`corridor.analysis`, and optionally the comparison of two
scenarios — and :func:`write` renders it as Markdown, self-contained HTML, CSV (one file per
table) and JSON. Rendering is pure: the same report gives byte-identical files; all files
are rendered in memory, then written into a temporary folder that replaces the output folder
in one step, so a failed run leaves the old report as it was.

Data never becomes code: the HTML and Markdown come from the templates in
``corridor/templates`` (jinja2, HTML autoescaped), with the data passed only as variables;
Markdown escapes HTML and table characters of the data; CSV cells that a spreadsheet would
run as formulas get a leading ``'`` (:func:`corridor._io.csv_cell`).

The package: :mod:`~corridor.reports.model` (the report's types),
:mod:`~corridor.reports.pairs` (the pairs file), :mod:`~corridor.reports.assemble`
(:func:`build`), :mod:`~corridor.reports.overlay` (scenario maps),
:mod:`~corridor.reports.tables`, :mod:`~corridor.reports.texts`,
:mod:`~corridor.reports.findings` (the plain-sentence findings),
:mod:`~corridor.reports.assumptions` (defaults, scenario definitions, vintage, sources),
:mod:`~corridor.reports.display`, :mod:`~corridor.reports.labels` and
:mod:`~corridor.reports.ranking` (what a reader sees: names, headers, tied ranks),
:mod:`~corridor.reports.charts`, :mod:`~corridor.reports.templates`,
:mod:`~corridor.reports.formats` (JSON, CSV, Markdown, HTML) and
:mod:`~corridor.reports.folder` (the output folder); :func:`render`, :func:`write` and
:func:`run` are here.

Examples
--------
>>> from corridor import reports
>>> rep = reports.build(["today"], compare="tripp")          # doctest: +SKIP
>>> reports.write(rep, "corridor-report", formats=("md",))   # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from corridor import geodata
from corridor._errors import ReportError
from corridor._io import atomic_write_folder
from corridor.reports.assemble import MAX_MAPS, build, connectivity, short_name
from corridor.reports.assemble import _routes as _routes  # bench_report times it
from corridor.reports.assumptions import Assumptions, assumptions, scenario_definition
from corridor.reports.charts import bar_chart_svg, chart_data
from corridor.reports.display import shown_sections
from corridor.reports.findings import change_kind, change_text, comparison_lines, findings
from corridor.reports.folder import DEFAULT_OUT, FORMATS, check_out
from corridor.reports.formats import SCHEMA, to_csv, to_dict, to_html, to_json, to_markdown
from corridor.reports.labels import header_label
from corridor.reports.model import (
    Comparison,
    Connectivity,
    LinkInfo,
    OdPair,
    PairChange,
    Report,
    RouteRow,
    ScenarioReport,
    Table,
)
from corridor.reports.overlay import (
    CRITICALITY_COLORS,
    REPORT_MAP_BOX,
    criticality_color,
    criticality_map_html,
    scenario_map_html,
)
from corridor.reports.pairs import (
    MAX_PAIRS_CELL,
    OD_PAIRS_FILE,
    PAIRS_COLUMNS,
    default_pairs_path,
    parse_modes,
    read_pairs,
)
from corridor.reports.ranking import critical_groups
from corridor.reports.tables import NUMERIC_COLUMNS as _NUMERIC  # noqa: F401 (tests)
from corridor.reports.tables import (
    TABLES,
    TOP_CRITICAL,
    betweenness_table,
    comparison_table,
    components_table,
    connectivity_comparison_table,
    criticality_table,
    disjoint_paths_table,
    failure_points_table,
    nakhchivan_table,
    route_table,
)
from corridor.reports.tables import sections as _sections  # noqa: F401 (tests)
from corridor.reports.templates import md_escape
from corridor.reports.texts import definitions, summary_lines

__all__ = [
    "CRITICALITY_COLORS",
    "DEFAULT_OUT",
    "FORMATS",
    "MAX_MAPS",
    "MAX_PAIRS_CELL",
    "OD_PAIRS_FILE",
    "PAIRS_COLUMNS",
    "REPORT_MAP_BOX",
    "SCHEMA",
    "TABLES",
    "TOP_CRITICAL",
    "Assumptions",
    "Comparison",
    "Connectivity",
    "LinkInfo",
    "OdPair",
    "PairChange",
    "Report",
    "ReportError",
    "RouteRow",
    "ScenarioReport",
    "Table",
    "assumptions",
    "bar_chart_svg",
    "betweenness_table",
    "build",
    "change_kind",
    "change_text",
    "chart_data",
    "comparison_lines",
    "comparison_table",
    "components_table",
    "connectivity",
    "connectivity_comparison_table",
    "critical_groups",
    "criticality_color",
    "criticality_map_html",
    "criticality_table",
    "default_pairs_path",
    "definitions",
    "disjoint_paths_table",
    "failure_points_table",
    "findings",
    "header_label",
    "md_escape",
    "nakhchivan_table",
    "parse_modes",
    "read_pairs",
    "render",
    "route_table",
    "run",
    "scenario_definition",
    "scenario_map_html",
    "short_name",
    "shown_sections",
    "summary_lines",
    "to_csv",
    "to_dict",
    "to_html",
    "to_json",
    "to_markdown",
    "write",
]


def render(report: Report, formats: Iterable[str] = FORMATS) -> dict[str, bytes]:
    """Render the report in ``formats``; return ``{relative path: bytes}`` (nothing written).

    Files: ``report.md``, ``report.html``, ``report.json`` and ``csv/<table>.csv``. The
    renderers are looked up here, in :mod:`corridor.reports`, when called.

    Parameters
    ----------
    report
        A built report.
    formats
        Some of :data:`FORMATS`; repeats are ignored, the files come in the order of
        :data:`FORMATS`.

    Returns
    -------
    dict
        ``{relative POSIX path: UTF-8 bytes}``.

    Raises
    ------
    ReportError
        When a format is unknown.
    """
    chosen = list(dict.fromkeys(formats))
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise ReportError(f"unknown format(s) {bad}; expected from {list(FORMATS)}")
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        if fmt not in chosen:
            continue
        if fmt == "md":
            files["report.md"] = to_markdown(report).encode("utf-8")
        elif fmt == "html":
            files["report.html"] = to_html(report).encode("utf-8")
        elif fmt == "json":
            files["report.json"] = to_json(report).encode("utf-8")
        else:
            for name, text in to_csv(report).items():
                files[f"csv/{name}"] = text.encode("utf-8")
    return files


def write(report: Report, out: str | os.PathLike[str] = DEFAULT_OUT,
          formats: Iterable[str] = FORMATS) -> list[Path]:
    """Render the report and make ``out`` hold its files, all at once.

    Everything is rendered first, then written into a temporary folder beside ``out``
    that replaces ``out`` in one step (:func:`corridor._io.atomic_write_folder`): on any
    failure ``out`` keeps the old report, byte for byte, and no temporary file stays. The
    new folder holds only the new report (files of another format from an earlier run are
    gone). ``out`` must not hold files that are not a report's.

    Parameters
    ----------
    report
        A built report.
    out
        Output folder.
    formats
        Formats to write (see :func:`render`).

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    ReportError
        When a format is unknown, or ``out`` is a file or holds other files.
    """
    folder = Path(out)
    check_out(folder)
    files = render(report, formats)
    return atomic_write_folder(folder, files)


def run(scenarios: Sequence[str] | None = None, *, compare: str | None = None,
        pairs: str | os.PathLike[str] | None = None, formats: Iterable[str] | None = None,
        out: str | os.PathLike[str] = DEFAULT_OUT,
        geodata_dir: str | os.PathLike[str] | None = None,
        scenarios_file: str | os.PathLike[str] | None = None,
        profile: str = "freight") -> tuple[list[Path], list[str]]:
    """Build, write and summarise a report (what ``corridor report`` does).

    Parameters
    ----------
    scenarios
        Scenario names; ``["all"]`` means every available scenario (default ``["today"]``).
    compare, pairs, scenarios_file, profile
        As for :func:`build`.
    formats
        Formats to write (default: all of :data:`FORMATS`).
    out
        Output folder.
    geodata_dir
        Geodata folder (default: ``$CORRIDOR_GEODATA`` or the shipped data).

    Returns
    -------
    tuple
        The files written and the summary lines to print (:func:`summary_lines`).
    """
    chosen = list(formats) if formats is not None else list(FORMATS)
    check_out(Path(out))  # before the work: a folder that cannot take the report
    data = geodata.load(geodata_dir)
    report = build(scenarios or ("today",), compare=compare, pairs=pairs, data=data,
                   maps="html" in chosen, scenarios_file=scenarios_file,
                   profile=profile)
    return write(report, out, chosen), summary_lines(report)
