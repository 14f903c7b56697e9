"""The calibration record: published lengths and times compared with the model."""

from __future__ import annotations

import csv
import dataclasses
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corridor import geodata, network, routing, settings
from corridor import scenarios as scenarios_mod
from corridor._cells import as_number
from corridor._errors import CorridorError, GeodataError, Problem
from corridor.scenarios import records

#: The calibration file inside a geodata folder.
FIGURES_FILE = "published_figures.csv"

#: Columns of :data:`FIGURES_FILE`, in order.
COLUMNS = ("id", "quantity", "mode", "profile", "from", "to", "via", "link_ids", "value",
           "unit", "status", "year", "source_url", "source_name", "note", "scope", "direction",
           "post", "used_for")

#: What a row measures (column ``scope``; empty means ``trip``, or ``crossing`` for a row
#: whose ``from`` and ``to`` are the same crossing): ``trip`` a route or section
#: (door-to-door time, or length), ``sailing`` a ferry's time at sea (its link's sailing time,
#: without the wait or customs), ``post`` the dwell at one border post in one direction,
#: ``crossing`` the dwell at both posts of a crossing (one direction, or the mean of both when
#: ``direction`` is empty).
SCOPES = ("trip", "sailing", "post", "crossing")

#: Kinds of model parameter a row may name in ``used_for`` (``kind:name``; ``;``-separated):
#: a link field, a row of ``border_times.csv`` (``crossing/mode/profile/FROM>TO/side``), a
#: place field, a :class:`corridor.settings.Defaults` field (``profile.field`` for a profile's
#: value) or a :data:`corridor.settings.LINE_SPEEDS` key (``mode/class/profile``).
USED_FOR_KINDS = ("link", "border_times", "place", "setting", "line_speed")

#: The first columns every record has; ``scope``, ``direction``, ``post`` and ``used_for``
#: may be left out together (every row is then a ``trip`` that set no parameter).
_REQUIRED = COLUMNS.index("scope")

_DIRECTION = re.compile(r"^[A-Z]{3}>[A-Z]{3}\Z")

#: Scenarios tried in turn for a figure that spans several links: what runs today first,
#: then everything built or planned up to 2030 (a figure may describe a line being built).
SCENARIOS = ("today", "horizon-2030")

_UNITS = {"length": "km", "time": "h"}
_MODES = {"rail", "road", "ferry", "multimodal"}


@dataclass(frozen=True)
class PublishedFigure:
    """One row of the calibration record: a published (or derived) length or time."""

    id: str
    quantity: str
    mode: str
    profile: str
    origin: str
    destination: str
    via: tuple[str, ...]
    link_ids: tuple[str, ...]
    value: float
    unit: str
    status: str
    year: int | None
    source_url: str
    source_name: str
    note: str
    scope: str = "trip"
    direction: tuple[str, str] | None = None
    post: str = ""
    used_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """A published figure beside the model's value for the same thing.

    ``model`` is ``None`` where the model cannot give the figure; ``reason`` says why.
    ``error`` is the relative error ``(model - published) / published``. ``published_share``
    is the share (0-1) of a modelled length that is published link lengths (``None`` for
    times). ``in_sample`` says the figure is not an independent test of the model: a length
    whose model value holds published link km (copied chainage, and the links the detour
    factor is fitted on), or a dwell the data copies from a source.
    """

    figure: PublishedFigure
    model: float | None
    how: str
    reason: str = ""
    published_share: float | None = None
    in_sample: bool = False

    @property
    def error(self) -> float | None:
        """Relative error of the model against the published value (``None``: no model)."""
        if self.model is None or self.figure.value == 0:
            return None
        return (self.model - self.figure.value) / self.figure.value

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready values (units in the keys)."""
        fig = asdict(self.figure)
        fig["via"], fig["link_ids"] = list(self.figure.via), list(self.figure.link_ids)
        fig["used_for"] = list(self.figure.used_for)
        fig["direction"] = ">".join(self.figure.direction) if self.figure.direction else None
        return {**fig, "model_value": self.model, "error_share": self.error,
                "model_how": self.how, "unmatched_reason": self.reason or None,
                "published_length_share": self.published_share, "in_sample": self.in_sample}


@dataclass(frozen=True)
class Summary:
    """Error statistics of one quantity (lengths or times) over the matched rows.

    ``sample`` is ``"all"`` (every row) or ``"out_of_sample"`` (the rows not ``in_sample``).
    """

    quantity: str
    rows: int
    matched: int
    median_abs_error: float
    within_5: float
    within_10: float
    sample: str = "all"

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready values (``None`` where nothing was matched)."""
        return {k: (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in asdict(self).items()}

    def line(self) -> str:
        """Return the summary as one line for the console."""
        name = self.quantity if self.sample == "all" else f"{self.quantity} (out of sample)"
        if not self.matched:
            return f"{name}: {self.rows} rows, none matched"
        return (f"{name}: {self.matched} of {self.rows} rows matched; median absolute "
                f"error {self.median_abs_error:.1%}; within 5 %: {self.within_5:.0%}; "
                f"within 10 %: {self.within_10:.0%}")


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _figure(row: dict[str, str], file: str, line: int) -> PublishedFigure:
    """Parse one CSV row; raise :class:`GeodataError` naming the file, row id and field."""
    fid = row.get("id") or f"line {line}"

    def bad(field: str, message: str) -> GeodataError:
        return GeodataError([Problem(file, fid, field, message)])

    quantity = row["quantity"]
    if quantity not in _UNITS:
        raise bad("quantity", f"expected length or time, got {quantity!r}")
    if row["unit"] != _UNITS[quantity]:
        raise bad("unit", f"a {quantity} is in {_UNITS[quantity]}, got {row['unit']!r}")
    if row["mode"] not in _MODES:
        raise bad("mode", f"expected one of {sorted(_MODES)}, got {row['mode']!r}")
    try:
        value = float(row["value"])
    except ValueError:
        raise bad("value", f"not a number: {row['value']!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise bad("value", f"must be a positive number, got {row['value']!r}")
    year = row["year"].strip()
    if year and not year.isdigit():
        raise bad("year", f"expected a year, got {year!r}")
    scope, direction, post, used_for = _scope(row, quantity, bad)
    return PublishedFigure(
        id=fid, quantity=quantity, mode=row["mode"], profile=row["profile"],
        origin=row["from"], destination=row["to"], via=_split(row["via"]),
        link_ids=_split(row["link_ids"]), value=value, unit=row["unit"],
        status=row["status"], year=int(year) if year else None,
        source_url=row["source_url"], source_name=row["source_name"], note=row["note"],
        scope=scope, direction=direction, post=post, used_for=used_for)


def _scope(row: dict[str, str], quantity: str, bad: Any
           ) -> tuple[str, tuple[str, str] | None, str, tuple[str, ...]]:
    """Validate ``scope``, ``direction``, ``post`` and ``used_for`` of a row."""
    scope = row.get("scope", "").strip() or ("crossing" if row["from"] == row["to"] else "trip")
    if scope not in SCOPES:
        raise bad("scope", f"expected one of {', '.join(SCOPES)} (or empty), got {scope!r}")
    if scope != "trip" and quantity != "time":
        raise bad("scope", f"a {scope} figure is a time, got a {quantity}")
    if scope == "trip" and row["from"] == row["to"]:
        raise bad("scope", "from and to are the same place: give scope post or crossing")
    if scope == "sailing" and (row["mode"] != "ferry" or len(_split(row["link_ids"])) != 1):
        raise bad("scope", "a sailing time is of mode ferry and names its one ferry link")
    text = row.get("direction", "").strip()
    if text and not _DIRECTION.match(text):
        raise bad("direction", f"expected FROM>TO country codes (AZE>GEO), got {text!r}")
    direction = (text[:3], text[4:]) if text else None
    if direction and scope not in ("post", "crossing"):
        raise bad("direction", f"only a post or crossing figure has a direction, not {scope}")
    post = row.get("post", "").strip()
    if scope == "post" and (direction is None or post not in direction):
        raise bad("post", "a post figure gives a direction and its post (one of its countries)")
    if post and scope != "post":
        raise bad("post", f"only a post figure names a post, not {scope}")
    used_for = _split(row.get("used_for", ""))
    for ref in used_for:
        kind, _, name = ref.partition(":")
        if kind not in USED_FOR_KINDS or not name:
            raise bad("used_for", f"expected kind:name with kind one of "
                      f"{', '.join(USED_FOR_KINDS)}, got {ref!r}")
    return scope, direction, post, used_for


def load_figures(path: str | Path | None = None) -> list[PublishedFigure]:
    """Read the calibration record.

    Parameters
    ----------
    path
        A CSV file, or a geodata folder holding :data:`FIGURES_FILE` (default: the shipped
        geodata).

    Returns
    -------
    list of PublishedFigure
        The rows in file order.

    Raises
    ------
    GeodataError
        When the file is missing, not UTF-8, has other columns (the last four,
        ``scope`` to ``used_for``, may be left out together), or a row is malformed
        (the message names the file, the row id and the field).
    """
    p = Path(path) if path is not None else settings.SHIPPED_GEODATA
    if p.is_dir():
        p = p / FIGURES_FILE
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GeodataError([Problem(str(p), "-", "-", f"cannot read: {exc}")]) from exc
    reader = csv.DictReader(text.splitlines(), restval="")
    if tuple(reader.fieldnames or ()) not in (COLUMNS, COLUMNS[:_REQUIRED]):
        raise GeodataError([Problem(str(p), "-", "header",
                                    f"expected columns {','.join(COLUMNS)}")])
    return [_figure(row, str(p), reader.line_num) for row in reader]


def _link_length(figure: PublishedFigure, data: geodata.GeoData,
                 factors: dict[str, float]) -> Comparison:
    """Compare a section's length with the km of its links (whatever scenario uses them)."""
    missing = [lid for lid in figure.link_ids if lid not in data.links.index]
    if missing:
        return Comparison(figure, None, "links", f"unknown link(s) {', '.join(missing)}")
    rows = records(data.links.loc[list(figure.link_ids)])
    parts = [(lid, network.link_km(rows[lid], factors)) for lid in figure.link_ids]
    km = math.fsum(part["length_km"] for _, part in parts)
    published = math.fsum(part["length_km"] for _, part in parts
                          if part["length_basis"] == network.PUBLISHED)
    share = published / km if km > 0 else 0.0
    how = "km of " + ", ".join(f"{lid} ({part['length_basis']})" for lid, part in parts)
    return Comparison(figure, km, how, published_share=share, in_sample=published > 0)


def _profile(figure: PublishedFigure) -> str:
    """Return the time profile of a row (``freight`` where the row gives none)."""
    return figure.profile if figure.profile in settings.PROFILES else settings.DEFAULT_PROFILE


def _directions(figure: PublishedFigure, data: geodata.GeoData, scenario: str
                ) -> tuple[tuple[Any, ...], str] | str:
    """Return the ``directions`` of the crossing a post or crossing row is about, and its name.

    The crossing is the ferry link of ``link_ids`` (customs at its two ports), else the
    border crossing ``from`` by the row's mode. A string says why there is none.
    """
    scen = scenarios_mod.get(scenario, geodata_dir=data.path)
    graph = routing.graph_for(data, scen, _profile(figure))
    for _, _, d in graph.edges(data=True):
        if figure.link_ids:
            if d["kind"] == "link" and d.get("link_id") == figure.link_ids[0] \
                    and "directions" in d:
                return d["directions"], figure.link_ids[0]
        elif d["kind"] == "border" and d["place"] == figure.origin \
                and d["mode"] == figure.mode:
            return d["directions"], figure.origin
    what = figure.link_ids[0] if figure.link_ids else f"{figure.mode} crossing {figure.origin!r}"
    return f"no border dwell of {what} in {scenario}"


def _dwell(figure: PublishedFigure, data: geodata.GeoData, scenario: str) -> Comparison:
    """Compare a time at a border crossing with the model's dwell there.

    A ``post`` row is compared with the hours at that post in that direction; a
    ``crossing`` row with both posts of its direction, or with the mean of both directions
    when it gives none (each direction: ``(from, to, exit_h, entry_h, how)`` of the border
    edge, or of the ferry link's customs).
    """
    found = _directions(figure, data, scenario)
    if isinstance(found, str):
        own = None
        if not figure.link_ids and figure.origin in data.places.index:
            own = as_number(data.places.loc[figure.origin].get(f"{figure.mode}_dwell_h"))
        if own is None or figure.scope != "crossing":
            return Comparison(figure, None, "-", found)
        # no edge to read (the crossing joins no links of that mode): the place's own dwell
        return Comparison(figure, own, f"{figure.mode}_dwell_h of {figure.origin}")
    directions, where = found
    chosen = [d for d in directions if figure.direction in (None, (d[0], d[1]))]
    if not chosen:
        return Comparison(figure, None, "-", f"{where} has no direction "
                          f"{'>'.join(figure.direction or ())}")
    hows = "+".join(sorted({d[4] for d in chosen}))
    if figure.scope == "post":
        d = chosen[0]
        hours = float(d[2] if figure.post == d[0] else d[3])
        return Comparison(figure, hours, f"{figure.post} post at {where}, {d[0]}>{d[1]} ({hows})")
    hours = math.fsum(float(d[2] + d[3]) for d in chosen) / len(chosen)
    which = f"{chosen[0][0]}>{chosen[0][1]}" if figure.direction else "mean of both directions"
    return Comparison(figure, hours, f"both posts at {where}, {which} ({hows})")


def _sailing(figure: PublishedFigure, data: geodata.GeoData, scenario: str) -> Comparison:
    """Compare a ferry's time at sea with its link's sailing time (no wait, no customs)."""
    (lid,) = figure.link_ids
    if lid not in data.links.index:
        return Comparison(figure, None, "-", f"unknown link {lid}")
    row = records(data.links.loc[[lid]])[lid]
    if row["mode"] != "ferry":
        return Comparison(figure, None, "-", f"{lid} is not a ferry")
    try:
        defaults = scenarios_mod.get(scenario, geodata_dir=data.path).defaults_for(
            _profile(figure))
    except CorridorError:
        defaults = settings.profile_defaults(_profile(figure))
    km = network.link_km(row, defaults.detour_factors)["length_km"]
    times = network.link_time_h("ferry", km, as_number(row.get("speed_kmh")), row["status"],
                                defaults, as_number(row.get("sailing_h")))
    how = "sailing_h" if as_number(row.get("sailing_h")) is not None else "km / ferry speed"
    return Comparison(figure, times["sailing_h"], f"sailing time of {lid} ({how})")


def _route_options(figure: PublishedFigure) -> dict[str, Any]:
    """Return the keyword arguments of :func:`corridor.routing.route` for a figure.

    A length is the shortest route, a time the fastest, by the figure's mode and through
    its ``via`` places, in the figure's time profile (``freight`` where it gives none).
    """
    return {"modes": figure.mode, "via": list(figure.via), "profile": _profile(figure),
            "weight": "length" if figure.quantity == "length" else "time"}


def _route_value(figure: PublishedFigure, data: geodata.GeoData,
                 scenarios: Sequence[str]) -> Comparison:
    if figure.scope in ("post", "crossing"):
        return _dwell(figure, data, scenarios[0])
    if figure.scope == "sailing":
        return _sailing(figure, data, scenarios[0])
    options = _route_options(figure)
    reasons: list[str] = []
    for scenario in scenarios:
        try:
            found = routing.route(figure.origin, figure.destination, scenario=scenario,
                                  data=data, **options)
        except CorridorError as exc:
            reasons.append(f"{scenario}: {exc}")
            continue
        how = f"route in {scenario} by {options['weight']}"
        if figure.quantity == "time":
            return Comparison(figure, found.time_h, how)
        share = found.published_length_share
        return Comparison(figure, found.length_km, f"{how}, {share:.0%} of km published",
                          published_share=share, in_sample=found.published_km > 0)
    return Comparison(figure, None, "-", "; ".join(reasons))


def _detour_factors(data: geodata.GeoData, scenario: str) -> dict[str, float]:
    """Return the detour factors of a scenario (the defaults' when there is no such scenario)."""
    try:
        return scenarios_mod.get(scenario, geodata_dir=data.path).defaults.detour_factors
    except CorridorError:
        return settings.DEFAULTS.detour_factors


def compare(figures: Iterable[PublishedFigure], data: geodata.GeoData | None = None,
            scenarios: Sequence[str] = SCENARIOS) -> list[Comparison]:
    """Compare every published figure with the model.

    A row compares what its ``scope`` says: a ``sailing`` row the ferry link's time at sea,
    a ``post`` or ``crossing`` row the border dwell (:func:`_dwell`), a ``trip`` as follows.
    A length of named links (``link_ids``) is compared with the sum of those links' km as
    the model uses them (published, or geometry x detour factor; :mod:`corridor.network.lengths`),
    whatever scenario uses the links: the physical section; any other figure with the
    shortest (lengths) or fastest (times) route between its places, through its ``via``
    places, by its mode, in the first of ``scenarios`` where such a route exists.

    Parameters
    ----------
    figures
        Rows of the calibration record (:func:`load_figures`).
    data
        The geodata (default: the shipped data).
    scenarios
        Scenario names tried in turn for route figures.

    Returns
    -------
    list of Comparison
        One per figure, in order; unmatched rows stay in with their reason. A row naming a
        parameter in ``used_for`` is in sample.
    """
    data = data if data is not None else geodata.load()
    factors = _detour_factors(data, scenarios[0])
    out = []
    for figure in figures:
        if figure.link_ids and figure.quantity == "length":
            found = _link_length(figure, data, factors)
        else:
            found = _route_value(figure, data, scenarios)
        if figure.used_for and not found.in_sample:  # its value set a model parameter
            found = dataclasses.replace(found, in_sample=True)
        out.append(found)
    return out


def summarise(comparisons: Sequence[Comparison], sample: str = "all") -> list[Summary]:
    """Median absolute error and shares within 5 % and 10 %, for lengths and for times.

    ``sample`` names the rows given (``"all"`` or ``"out_of_sample"``) in the summaries.
    """
    result = []
    for quantity in ("length", "time"):
        rows = [c for c in comparisons if c.figure.quantity == quantity]
        errors = [abs(c.error) for c in rows if c.error is not None]
        n = len(errors)
        result.append(Summary(
            quantity=quantity, rows=len(rows), matched=n,
            median_abs_error=statistics.median(errors) if n else math.nan,
            within_5=sum(e <= 0.05 for e in errors) / n if n else math.nan,
            within_10=sum(e <= 0.10 for e in errors) / n if n else math.nan, sample=sample))
    return result


def table_lines(comparisons: Sequence[Comparison]) -> list[str]:
    """Return the comparison as fixed-width console lines, one per figure.

    The ``sample`` column says ``in`` for a row in sample (see :class:`Comparison`), else
    ``out``.
    """
    lines = [f"{'figure':<28} {'what':<6} {'mode':<10} {'published':>10} {'model':>10} "
             f"{'error':>7} {'sample':<6} how"]
    for c in comparisons:
        f = c.figure
        model = f"{c.model:,.1f}" if c.model is not None else "-"
        error = f"{c.error:+.1%}" if c.error is not None else "-"
        how = c.how if c.model is not None else f"unmatched: {c.reason}"
        lines.append(f"{f.id[:28]:<28} {f.quantity:<6} {f.mode:<10} "
                     f"{f.value:>8,.1f} {f.unit:<1} {model:>10} {error:>7} "
                     f"{'in' if c.in_sample else 'out':<6} {how[:110]}")
    return lines


def check(geodata_dir: str | Path | None = None, figures: str | Path | None = None
          ) -> tuple[list[Comparison], list[Summary]]:
    """Compare the calibration record with the model built from a geodata folder.

    Parameters
    ----------
    geodata_dir
        The geodata folder (default: ``$CORRIDOR_GEODATA`` or the shipped data).
    figures
        The calibration CSV (default: :data:`FIGURES_FILE` in the geodata folder).

    Returns
    -------
    tuple
        Every row's :class:`Comparison` and the :class:`Summary` of lengths and of times over
        all rows, then over the rows out of sample (``sample="out_of_sample"``).
    """
    data = geodata.load(geodata_dir)
    rows = load_figures(figures if figures is not None else data.path)
    comparisons = compare(rows, data)
    outside = [c for c in comparisons if not c.in_sample]
    return comparisons, summarise(comparisons) + summarise(outside, "out_of_sample")


@dataclass(frozen=True)
class SpeedFit:
    """A line speed fitted on published timetable times (:func:`fit_line_speeds`).

    ``speed_kmh`` is the median over ``rows`` of the model route's km / the published hours;
    ``speeds`` holds each row's speed in the same order.
    """

    key: tuple[str, str, str]
    speed_kmh: float
    rows: tuple[str, ...]
    speeds: tuple[float, ...]


def fit_line_speeds(data: geodata.GeoData | None = None,
                    figures: Sequence[PublishedFigure] | None = None,
                    scenario: str = "today") -> dict[tuple[str, str, str], SpeedFit]:
    """Fit each :data:`corridor.settings.LINE_SPEEDS` value that rows name in ``used_for``.

    A row naming ``line_speed:mode/class/profile`` is a published time of a trip that runs
    only on links of that class, without a border, transfer or wait: its speed is the model
    km of the fastest route (in the row's profile) divided by the published hours. The fit is
    the median over the rows.

    Raises
    ------
    GeodataError
        When a row's route leaves the class or stops on the way (it cannot set a speed).
    """
    data = data if data is not None else geodata.load()
    rows = figures if figures is not None else load_figures(data.path)
    found: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
    for figure in rows:
        for ref in figure.used_for:
            kind, _, name = ref.partition(":")
            if kind != "line_speed":
                continue
            mode, line_class, profile = name.split("/")
            route = routing.route(figure.origin, figure.destination, scenario=scenario,
                                  data=data, modes=mode, via=list(figure.via), profile=profile)
            classes = {data.links.loc[leg.link_id].get("line_class") if leg.link_id else None
                       for leg in route.legs if leg.kind == "link"}
            others = [leg.kind for leg in route.legs if leg.kind != "link"]
            if classes != {line_class} or others:
                raise GeodataError([Problem(FIGURES_FILE, figure.id, "used_for",
                                            f"the route runs on {sorted(map(str, classes))} "
                                            f"with {others or 'no stops'}: it cannot set "
                                            f"{ref}")])
            found.setdefault((mode, line_class, profile), []).append(
                (figure.id, route.length_km / figure.value))
    return {key: SpeedFit(key, statistics.median(s for _, s in pairs),
                          tuple(i for i, _ in pairs), tuple(s for _, s in pairs))
            for key, pairs in found.items()}
