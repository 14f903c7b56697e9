"""The report's types: OD pairs, route rows, connectivity, comparison and the report itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from corridor import analysis, calibration
from corridor.reports.assumptions import Assumptions

#: A table: its header and its rows of text cells.
Table = tuple[list[str], list[list[str]]]


@dataclass(frozen=True)
class OdPair:
    """One origin–destination pair of the report.

    Attributes
    ----------
    origin, destination
        Place names or ids as written in the pairs file.
    modes
        Modes allowed (``rail``, ``road``, ``ferry``), or ``None`` for all.
    """

    origin: str
    destination: str
    modes: tuple[str, ...] | None = None
    #: Line of the pairs file it was read from (for error messages; not compared).
    line: int | None = field(default=None, compare=False, repr=False)
    #: Weight in the criticality ranking (``None``: the default share of its relation).
    weight: float | None = field(default=None, repr=False)

    @property
    def modes_label(self) -> str:
        """``all`` or the modes joined with ``+`` (e.g. ``rail+ferry``)."""
        return "all" if self.modes is None else "+".join(self.modes)

    @property
    def label(self) -> str:
        """``Origin – Destination`` plus the modes when not all."""
        text = f"{self.origin} – {self.destination}"
        return text if self.modes is None else f"{text} ({self.modes_label})"


@dataclass(frozen=True)
class RouteRow:
    """The route of one OD pair in one scenario (lengths in km, times in hours).

    ``connected`` is false when no route exists; the numbers are then ``None`` / empty.
    ``km_by_country`` lists countries in the order the route enters them.
    ``not_operating_km`` is the length on links whose status is not ``operating``.
    ``published_km`` is the length that is published link lengths (the rest is estimated).
    ``cost_usd_t`` and ``co2_kg_t`` are the freight cost (US$) and emissions (kg CO2e) per
    tonne of the route.
    """

    scenario: str
    pair: OdPair
    origin_id: str
    destination_id: str
    connected: bool
    length_km: float | None = None
    time_h: float | None = None
    km_by_mode: tuple[tuple[str, float], ...] = ()
    km_by_country: tuple[tuple[str, float], ...] = ()
    border_crossings: int | None = None
    gauge_breaks: int | None = None
    transfers: int | None = None
    not_operating_km: float | None = None
    links: tuple[str, ...] = ()
    message: str = ""
    published_km: float | None = None
    cost_usd_t: float | None = None
    co2_kg_t: float | None = None

    @property
    def not_operating_share(self) -> float | None:
        """Share (0–1) of the route's km on links not yet (or no longer) operating."""
        if not self.connected or not self.length_km:
            return None
        return (self.not_operating_km or 0.0) / self.length_km

    @property
    def published_length_share(self) -> float | None:
        """Share (0–1) of the route's km that are published lengths (1.0 for 0 km)."""
        if not self.connected or self.length_km is None:
            return None
        if self.length_km <= 0:
            return 1.0
        return min(1.0, max(0.0, (self.published_km or 0.0) / self.length_km))


@dataclass(frozen=True)
class CalibrationRecord:
    """The model against the calibration record (:mod:`corridor.calibration`).

    ``source`` is the record's file name; ``summaries`` are over all rows, then over the rows
    out of sample.
    """

    source: str
    comparisons: list[calibration.Comparison]
    summaries: list[calibration.Summary]


@dataclass(frozen=True)
class Connectivity:
    """The connectivity measures of one scenario (see :mod:`corridor.analysis`)."""

    components: dict[str, list[list[str]]]
    nakhchivan: dict[str, bool]
    bridges: dict[str, list[analysis.FailurePoint]]
    articulation_points: dict[str, list[analysis.FailurePoint]]
    disjoint_paths: dict[str, int]
    betweenness: list[analysis.Centrality]
    criticality: list[analysis.Criticality]
    od_time_h: list[float | None]


@dataclass(frozen=True)
class ScenarioReport:
    """Routes and connectivity of one scenario."""

    name: str
    description: str
    routes: list[RouteRow]
    connectivity: Connectivity


@dataclass(frozen=True)
class PairChange:
    """How one OD pair changes from the base scenario to the other (saved = before - after)."""

    pair: OdPair
    before: RouteRow
    after: RouteRow

    @property
    def change(self) -> str:
        """``newly connected``, ``newly disconnected``, ``connected`` or ``not connected``."""
        a, b = self.before.connected, self.after.connected
        if a and b:
            return "connected"
        if b:
            return "newly connected"
        if a:
            return "newly disconnected"
        return "not connected"

    @property
    def km_saved(self) -> float | None:
        """Kilometres saved (negative: longer), when connected in both."""
        if self.before.length_km is None or self.after.length_km is None:
            return None
        return self.before.length_km - self.after.length_km

    @property
    def hours_saved(self) -> float | None:
        """Hours saved (negative: slower), when connected in both."""
        if self.before.time_h is None or self.after.time_h is None:
            return None
        return self.before.time_h - self.after.time_h

    @property
    def cost_saved(self) -> float | None:
        """US$ per tonne saved (negative: dearer), when connected in both."""
        if self.before.cost_usd_t is None or self.after.cost_usd_t is None:
            return None
        return self.before.cost_usd_t - self.after.cost_usd_t

    @property
    def co2_saved(self) -> float | None:
        """Kg CO2e per tonne saved (negative: more), when connected in both."""
        if self.before.co2_kg_t is None or self.after.co2_kg_t is None:
            return None
        return self.before.co2_kg_t - self.after.co2_kg_t


@dataclass(frozen=True)
class Comparison:
    """The comparison of scenario ``base`` with scenario ``other``."""

    base: str
    other: str
    pairs: list[PairChange]


@dataclass(frozen=True)
class LinkInfo:
    """What the report shows about a link besides its id."""

    name: str
    mode: str
    country: str
    status: str


@dataclass
class Report:
    """Everything a report shows; render it with :func:`render` or :func:`write`."""

    scenarios: list[ScenarioReport]
    pairs: list[OdPair]
    pairs_source: str
    comparison: Comparison | None
    geodata_summary: str
    links: dict[str, LinkInfo]
    places: dict[str, str]
    maps: dict[str, str] = field(default_factory=dict)
    calibration: CalibrationRecord | None = None
    #: Defaults, scenario definitions, data vintage and sources (``None``: not built).
    assumptions: Assumptions | None = None
    #: corridor version, geodata vintage, scenarios file (:func:`corridor._meta.provenance`)
    provenance: dict[str, str] = field(default_factory=dict)

    def scenario(self, name: str) -> ScenarioReport:
        """Return the part of the report of scenario ``name``."""
        for sc in self.scenarios:
            if sc.name == name:
                return sc
        raise KeyError(name)
