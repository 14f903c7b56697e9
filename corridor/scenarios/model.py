"""The :class:`Scenario` model: what counts in the network, as of which year, with which values."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from corridor import settings
from corridor._errors import ScenarioError
from corridor.scenarios.validation import (
    PAIR_FIELDS,
    check_override,
    check_statuses,
    normalise,
)


@dataclass(frozen=True)
class Scenario:
    """What counts in the network: usable link statuses, open crossings, closures, parameters.

    Attributes
    ----------
    name
        Scenario name, e.g. ``"today"``.
    description
        One line shown by ``corridor scenarios``.
    link_statuses
        Link statuses usable as such (``operating``, ``under_construction``, ``planned``,
        ``closed``, ``dismantled``).
    as_of
        Year: a link counts when its ``opened`` / ``expected`` year is at most this; ``None``
        disables the year check.
    crossing_statuses
        Border-crossing statuses that count as open.
    open_corridors, open_links
        Corridor tags and link ids whose links count whatever their status (subject to
        ``as_of``); the border crossings at their ends open too.
    except_corridors
        Tags that keep a link out of ``open_corridors`` (e.g. a line tagged both ``tripp`` and
        ``kiad`` is not opened by ``tripp`` alone).
    open_crossings, closed_crossings
        Border-crossing place ids forced open / closed.
    open_borders, closed_borders
        Pairs of ISO3 countries: every crossing between the two is opened / closed.
    closed_links, closed_corridors
        Link ids and corridor tags removed.
    closed_countries
        ISO3 codes of countries closed to all traffic (their places and links are removed).
    overrides
        ``(field, value)`` pairs replacing fields of :class:`corridor.settings.Defaults`.
    source
        The file the scenario was read from (``""`` when built in code); error messages
        start with it.
    strict
        Whether :func:`select` refuses link ids, corridor tags, crossings and countries the
        geodata lacks (set for scenarios of a user file: ``--scenarios`` or
        ``$CORRIDOR_SCENARIOS``); see :func:`check_names`.
    """

    name: str
    description: str = ""
    link_statuses: tuple[str, ...] = ("operating",)
    as_of: int | None = None
    crossing_statuses: tuple[str, ...] = ("open",)
    open_corridors: tuple[str, ...] = ()
    except_corridors: tuple[str, ...] = ()
    open_links: tuple[str, ...] = ()
    open_crossings: tuple[str, ...] = ()
    closed_crossings: tuple[str, ...] = ()
    open_borders: tuple[tuple[str, str], ...] = ()
    closed_borders: tuple[tuple[str, str], ...] = ()
    closed_links: tuple[str, ...] = ()
    closed_corridors: tuple[str, ...] = ()
    closed_countries: tuple[str, ...] = ()
    overrides: tuple[tuple[str, Any], ...] = field(default=())
    source: str = field(default="", compare=False)
    strict: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for key in PAIR_FIELDS:  # a border is the same whichever country comes first
            object.__setattr__(self, key, tuple(tuple(sorted(p)) for p in getattr(self, key)))
        where = f"{self.source}: " if self.source else ""
        try:
            self._check()
        except ScenarioError as exc:
            raise ScenarioError(f"{where}scenario {self.name!r}: {exc}") from None

    def _check(self) -> None:
        """Raise :class:`ScenarioError` (without the scenario name) for an invalid field."""
        if not isinstance(self.description, str):
            raise ScenarioError(f"description must be a string, got {self.description!r}")
        if self.as_of is not None and (not isinstance(self.as_of, int)
                                       or isinstance(self.as_of, bool)
                                       or not 1800 <= self.as_of <= 2200):
            raise ScenarioError(f"as_of must be a year (1800-2200), got {self.as_of!r}")
        for key, value in self.overrides:
            check_override(key, value)
        check_statuses(self.link_statuses, self.crossing_statuses)

    @property
    def defaults(self) -> settings.Defaults:
        """The freight defaults (speeds km/h, penalties h) with this scenario's overrides."""
        return self.defaults_for(settings.DEFAULT_PROFILE)

    def defaults_for(self, profile: str) -> settings.Defaults:
        """Return the defaults of a profile (:data:`corridor.settings.PROFILE_DEFAULTS`).

        This scenario's plain overrides apply on top, then its overrides for that profile
        (``[NAME.overrides.passenger]``).
        """
        values = {k: v for k, v in self.overrides if k not in settings.PROFILES}
        for key, table in self.overrides:
            if key == profile:
                values.update(dict(table))
        return settings.profile_defaults(profile, values)

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with some fields changed (lists may be given as lists).

        Raises
        ------
        ScenarioError
            ``scenario 'name': FIELD ...`` for a value of the wrong shape.
        """
        return dataclasses.replace(self, **normalise(changes, self.name))

    def summary(self) -> str:
        """Return one line: name, description and the year the scenario looks at."""
        year = f" (as of {self.as_of})" if self.as_of is not None else ""
        return f"{self.name}: {self.description}{year}"
