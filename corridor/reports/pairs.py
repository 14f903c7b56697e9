"""Reading the origin–destination pairs file, with its strict checks."""

from __future__ import annotations

import csv
import io
import math
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from corridor import geodata, settings
from corridor._errors import ReportError
from corridor.reports.model import OdPair

#: File of the default origin–destination pairs in a geodata folder.
OD_PAIRS_FILE = "od_pairs.csv"
#: Separators accepted in the ``modes`` column of a pairs file.
_MODE_SEPARATORS = ("+", ";", "|", " ", "/")
#: Longest cell of a pairs file (place names and ids are far shorter).
MAX_PAIRS_CELL = 200
#: Columns of a pairs file, in order (``modes`` and ``weight`` are optional).
PAIRS_COLUMNS = ("origin", "destination", "modes", "weight")


def _pair_modes(text: str | None) -> tuple[str, ...] | None:
    """Parse a modes cell (``rail+ferry``, ``road``, empty or ``all``) into a tuple or None.

    Unlike :func:`corridor.routing.parse_modes`, "all modes" is ``None`` (the pair's label
    then shows no modes) and the modes come back in :data:`corridor.geodata.MODES` order.
    """
    raw = (text or "").strip().lower()
    if raw in ("", "all", "*", "multimodal"):
        return None
    for sep in _MODE_SEPARATORS[1:]:
        raw = raw.replace(sep, "+")
    modes = tuple(m for m in raw.split("+") if m)
    bad = [m for m in modes if m not in geodata.MODES]
    if bad:
        raise ReportError(f"unknown mode(s) {bad}; expected from {list(geodata.MODES)}")
    return tuple(m for m in geodata.MODES if m in modes)


def parse_modes(text: str | None) -> tuple[str, ...] | None:
    """Parse the modes cell of a pairs file (deprecated: read the file with :func:`read_pairs`).

    .. deprecated::
        ``corridor.reports.parse_modes`` duplicated :func:`corridor.routing.parse_modes`
        with another contract; it is private now.

    Parameters
    ----------
    text
        ``rail+ferry``, ``road``, empty or ``all``.

    Returns
    -------
    tuple of str or None
        The modes in :data:`corridor.geodata.MODES` order, ``None`` for all.
    """
    warnings.warn("corridor.reports.parse_modes is deprecated: use corridor.routing.parse_modes "
                  "or read the pairs file with corridor.reports.read_pairs",
                  DeprecationWarning, stacklevel=2)
    return _pair_modes(text)


def read_pairs(path: str | os.PathLike[str]) -> list[OdPair]:
    """Read OD pairs from a UTF-8 CSV file with columns ``origin,destination[,modes[,weight]]``.

    ``weight`` is what the pair stands for in the criticality ranking (a number above 0;
    empty: 1 per origin–destination relation, shared among its mode sets).

    A header row is optional (recognised by ``origin`` in its first cell; it must then name
    the columns in that order); blank lines and lines starting with ``#`` are skipped; a
    byte-order mark and CRLF line ends are fine.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    list of OdPair
        In file order, each with the line it came from.

    Raises
    ------
    ReportError
        When the file cannot be read, is not UTF-8, is empty or a row is malformed; the
        message names the file and the line.
    """
    p = Path(path)
    pairs = []
    header_allowed = True
    for line, cells in _rows(p, _decode(p)):
        if header_allowed and cells[0].lower() == "origin":
            header_allowed = False
            _check_header(p, line, cells)
            continue
        header_allowed = False
        pairs.append(_pair(p, line, cells))
    if not pairs:
        raise ReportError(f"{p}: no origin,destination pairs found")
    return pairs


def _decode(path: Path) -> str:
    """Return the text of the pairs file (UTF-8, with or without a byte-order mark)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the pairs file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReportError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save "
                          "the pairs file as UTF-8") from None


def _rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, stripped cells)`` of the rows that are not blank or comments."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReportError(f"{path}:{reader.line_num}: unreadable CSV row ({exc})") from None
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        _check_cells(path, reader.line_num, cells)
        yield reader.line_num, cells


def _check_cells(path: Path, line: int, cells: Sequence[str]) -> None:
    """Reject over-long cells and control characters in a row of a pairs file."""
    for cell in cells:
        if len(cell) > MAX_PAIRS_CELL:
            raise ReportError(f"{path}:{line}: a cell of {len(cell):,} characters (place "
                              f"names and modes have at most {MAX_PAIRS_CELL})")
        bad = next((ch for ch in cell if ord(ch) < 32 or ord(ch) == 127), None)
        if bad is not None:
            raise ReportError(f"{path}:{line}: control character {bad!r} in {cell!r}")


def _check_header(path: Path, line: int, cells: Sequence[str]) -> None:
    """Reject a header row that does not name the columns in order."""
    names = tuple(c.lower() for c in cells)
    if names not in (PAIRS_COLUMNS[:2], PAIRS_COLUMNS[:3], PAIRS_COLUMNS):
        raise ReportError(f"{path}:{line}: header must be origin,destination[,modes[,weight]], "
                          f"got {','.join(cells)}")


def _pair(path: Path, line: int, cells: Sequence[str]) -> OdPair:
    """Return the pair of a data row, or a ReportError naming the file and line."""
    if len(cells) < 2 or not cells[0] or not cells[1] or len(cells) > 4:
        raise ReportError(f"{path}:{line}: expected origin,destination[,modes[,weight]], got "
                          f"{len(cells)} cell(s): {','.join(cells)}")
    try:
        modes = _pair_modes(cells[2] if len(cells) >= 3 else None)
        weight = _pair_weight(cells[3] if len(cells) == 4 else "")
    except ReportError as exc:
        raise ReportError(f"{path}:{line}: {exc}") from exc
    return OdPair(cells[0], cells[1], modes, line=line, weight=weight)


def _pair_weight(text: str) -> float | None:
    """Parse a weight cell: empty is ``None`` (the default), else a finite number > 0."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ReportError(f"weight must be a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise ReportError(f"weight must be a finite number above 0, got {text!r}")
    return value


def default_pairs_path(data: geodata.GeoData | None = None) -> Path:
    """Return ``od_pairs.csv`` of the data's folder if it has one, else the shipped one.

    Parameters
    ----------
    data
        Loaded geodata, or ``None`` for the shipped file.

    Returns
    -------
    Path
        The pairs file.
    """
    if data is not None and data.path is not None:
        own = Path(data.path) / OD_PAIRS_FILE
        if own.exists():
            return own
    return settings.SHIPPED_GEODATA / OD_PAIRS_FILE
