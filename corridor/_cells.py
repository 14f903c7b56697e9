"""Reading one cell of a GeoDataFrame: empty values (None, NaN) and list-valued cells."""

from __future__ import annotations

import math
from typing import Any


def is_empty(value: Any) -> bool:
    """Return whether a cell holds no value: ``None`` or a float NaN.

    Examples
    --------
    >>> is_empty(None), is_empty(float("nan")), is_empty(0.0), is_empty("")
    (True, True, False, False)
    """
    return value is None or (isinstance(value, float) and math.isnan(value))


def as_text(value: Any) -> str:
    """Return a cell as text, ``""`` when it is empty.

    Examples
    --------
    >>> as_text(None), as_text(float("nan")), as_text(1520)
    ('', '', '1520')
    """
    return "" if is_empty(value) else str(value)


def as_number(value: Any) -> float | None:
    """Return a cell as a float, ``None`` when it is empty.

    Examples
    --------
    >>> as_number(None), as_number("3.5")
    (None, 3.5)
    """
    return None if is_empty(value) else float(value)


def as_list(value: Any) -> list[str]:
    """Return a list-valued cell (list, tuple or numpy array) as a list of strings.

    Examples
    --------
    >>> as_list(None), as_list(("Culfa", "Jolfa"))
    ([], ['Culfa', 'Jolfa'])
    """
    if is_empty(value):
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return [str(v) for v in value]
