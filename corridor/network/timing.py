"""The time model: link speeds by line class and profile, ferries, and directional border dwell."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from corridor import settings


def class_speed(mode: str, line_class: str | None, profile: str,
                defaults: settings.Defaults) -> float | None:
    """Return the operating speed (km/h) of a line class for a profile.

    ``None`` when the profile does not use lines of that class (see
    :data:`corridor.settings.LINE_SPEEDS`); the profile's mode speed for a class without an
    entry (or no class).
    """
    key = (mode, line_class or "", profile)
    if key in settings.LINE_SPEEDS:
        return settings.LINE_SPEEDS[key]
    return defaults.rail_speed_kmh if mode == "rail" else defaults.road_speed_kmh


def usable(mode: str, line_class: str | None, profile: str, freight: Any = None) -> bool:
    """Return whether a profile runs on a link (freight keeps off high-speed lines).

    ``freight`` is the link's own ``freight`` field: ``True`` lets freight onto a line whose
    class would keep it off, ``False`` keeps freight off any line.
    """
    if profile == "freight" and freight is not None and not _is_nan(freight):
        return bool(freight)
    return not (mode in ("rail", "road")
                and (mode, line_class or "", profile) in settings.LINE_SPEEDS
                and settings.LINE_SPEEDS[(mode, line_class or "", profile)] is None)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def link_time_h(mode: str, length_km: float, speed_kmh: float | None, status: str,
                defaults: settings.Defaults, sailing_h: float | None = None,
                headway_h: float | None = None, line_class: str | None = None,
                profile: str = settings.DEFAULT_PROFILE,
                speed_kind: str | None = None) -> dict[str, float]:
    """Return the time of a link in hours and its parts.

    Parameters
    ----------
    mode
        ``rail``, ``road`` or ``ferry``.
    length_km
        Length, km.
    speed_kmh
        The link's own speed, km/h, or ``None`` for the speed of its class and profile.
        An ``operating`` or ``announced`` speed (``speed_kind``; unset counts as
        operating) is used as it is; a ``design`` speed only caps the class speed (trains
        do not run at a line's design maximum).
    status
        Link status (``defaults.speed_by_status`` may cap the speed).
    defaults
        Speeds and penalties of the profile (:meth:`corridor.scenarios.Scenario.defaults_for`).
    sailing_h, headway_h
        Ferry crossing time and time between departures, hours.
    line_class
        The link's ``line_class`` (speeds by class: :data:`corridor.settings.LINE_SPEEDS`).
    profile
        ``freight`` or ``passenger``.
    speed_kind
        ``operating``, ``design`` or ``announced`` (the link's ``speed_kind``).

    Returns
    -------
    dict
        ``time_h`` and ``speed_kmh``; for ferries also ``wait_h`` and ``sailing_h``. A land
        link the profile does not use (see :func:`usable`) gets the speed of the mode
        default and is left out of the graph by the builder.
    """
    if mode == "ferry":
        speed = speed_kmh or defaults.ferry_speed_kmh
        sail = sailing_h if sailing_h is not None else length_km / speed
        headway = headway_h if headway_h is not None else defaults.ferry_headway_h
        wait = headway / 2.0
        return {"time_h": wait + sail, "wait_h": wait, "sailing_h": sail,
                "speed_kmh": length_km / sail if sail > 0 else speed}
    found = class_speed(mode, line_class, profile, defaults)
    speed = found if found is not None else (
        defaults.rail_speed_kmh if mode == "rail" else defaults.road_speed_kmh)
    if speed_kmh:
        speed = min(speed, speed_kmh) if speed_kind == "design" else speed_kmh
    cap = defaults.speed_by_status.get(status)
    if cap is not None:
        speed = min(speed, cap)
    return {"time_h": length_km / speed, "speed_kmh": speed}


# --------------------------------------------------------------------------- border dwell


#: ``(crossing, mode, profile, from ISO3, to ISO3)`` -> hours per side ``{side ISO3 or "": h}``.
BorderTable = Mapping[tuple[str, str, str, str, str], Mapping[str, float]]


def border_table(frame: Any) -> dict[tuple[str, str, str, str, str], dict[str, float]]:
    """Return the rows of ``border_times.csv`` (a DataFrame) as a lookup table."""
    out: dict[tuple[str, str, str, str, str], dict[str, float]] = {}
    if frame is None:
        return out
    for row in frame.to_dict("records"):
        key = (row["crossing"], row["mode"], row["profile"], row["from_country"],
               row["to_country"])
        out.setdefault(key, {})[row["side"] or ""] = float(row["hours"])
    return out


def directed_dwell(table: BorderTable, crossing: str, mode: str, profile: str,
                   from_country: str, to_country: str, default: float
                   ) -> tuple[float, float, str]:
    """Return the dwell of one direction at a crossing: hours on each side and the source.

    CPMM publishes the exit post and the entry post of a crossing separately: the rows of
    that direction in ``border_times.csv`` with a ``side`` give one post each, and the
    dwell is their sum; a post without a row gets half of ``default``. A row without a
    side gives the whole crossing (split evenly between the posts). Without rows, ``default``
    is split evenly.

    Returns
    -------
    tuple
        Hours at the ``from_country`` post, hours at the ``to_country`` post, and
        ``"published"``, ``"partly published"`` or ``"default"``.
    """
    found = table.get((crossing, mode, profile, from_country, to_country))
    if not found:
        return default / 2.0, default / 2.0, "default"
    if "" in found:
        return found[""] / 2.0, found[""] / 2.0, "published"
    exit_h = found.get(from_country, default / 2.0)
    entry_h = found.get(to_country, default / 2.0)
    both = from_country in found and to_country in found
    return exit_h, entry_h, "published" if both else "partly published"
