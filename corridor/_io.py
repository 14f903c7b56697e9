"""Safe file writing: atomic files and folders, and CSV text a spreadsheet cannot execute.

* :func:`atomic_write_bytes` / :func:`atomic_write_text` — a failed run never leaves a
  half-written file: the data goes to a temporary file beside the destination, which is then
  renamed over it.
* :func:`atomic_write_folder` — the same for a whole folder of files (a report): they are
  written into a sibling temporary folder that is then swapped into place, so the folder
  holds either the old files or the new ones, never a mix.
* :func:`csv_cell` / :func:`csv_text` — every CSV corridor writes goes through these: text
  cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading
  ``'`` (OWASP's advice against CSV / formula injection), so a spreadsheet shows them as text
  instead of running them; numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: A plain decimal number as corridor formats them (``-12``, ``3.50``, ``1e-05``).
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_synced(fd: int, data: bytes) -> None:
    """Write ``data`` to the open descriptor ``fd`` (closing it) and flush it to disk."""
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, then rename).

    A reader sees the old file or the new one, whole; if anything fails the old file is
    left as it was and the temporary file is removed.

    Parameters
    ----------
    path
        Destination file; its parent folder is created if missing.
    data
        The bytes to write.

    Returns
    -------
    Path
        The destination path.
    """
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        _write_synced(fd, data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


# --------------------------------------------------------------------------- folders


def _relative(name: str) -> PurePosixPath:
    """Check that ``name`` is a plain relative path inside the folder (no ``..``, no root)."""
    rel = PurePosixPath(name)
    if rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts):
        raise ValueError(f"not a relative file name inside the folder: {name!r}")
    return rel


def _sibling(dest: Path, suffix: str) -> Path:
    """Return an unused hidden name beside ``dest`` (``.NAME.<random>.SUFFIX``)."""
    while True:
        path = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.{suffix}")
        if not path.exists() and not path.is_symlink():
            return path


def _swap_in(new: Path, dest: Path) -> None:
    """Put folder ``new`` at ``dest``; the old ``dest`` (if any) is removed afterwards.

    Two renames: ``dest`` away to a hidden sibling, ``new`` to ``dest``. If the second
    fails, the old folder is renamed back, so ``dest`` is never lost.
    """
    old: Path | None = None
    if dest.exists() or dest.is_symlink():
        old = _sibling(dest, "old")
        os.replace(dest, old)
    try:
        os.replace(new, dest)
    except BaseException:
        if old is not None:
            os.replace(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def atomic_write_folder(folder: str | os.PathLike[str], files: Mapping[str, bytes]) -> list[Path]:
    """Make ``folder`` hold exactly ``files``, all at once or not at all.

    The files are written (and synced) into a hidden sibling folder ``.NAME.<random>.tmp``
    that then replaces ``folder`` (see :func:`_swap_in`). On any failure the temporary folder
    is removed and ``folder`` keeps its old contents; files of the old folder that are not
    in ``files`` do not survive a successful write. A symbolic link ``folder`` is followed:
    the folder it points to is replaced.

    Parameters
    ----------
    folder
        The destination folder; its parent is created if missing.
    files
        ``{relative POSIX path: bytes}``; sub-folders are created as needed.

    Returns
    -------
    list of Path
        The files written, sorted, under ``folder`` as given.

    Raises
    ------
    ValueError
        When a name is absolute or leaves the folder (``..``).
    OSError
        When writing fails; nothing has changed then.
    """
    dest = Path(os.path.abspath(folder))
    if dest.is_symlink():
        dest = dest.resolve()
    names = sorted(files)
    rels = [_relative(n) for n in names]
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(dest, "tmp")
    tmp.mkdir(mode=0o777)  # the umask applies, as for a plain mkdir
    try:
        for name, rel in zip(names, rels, strict=True):
            path = tmp.joinpath(*rel.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_synced(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                          files[name])
        _swap_in(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise
    return [Path(folder).joinpath(*rel.parts) for rel in rels]


# --------------------------------------------------------------------------- CSV


def csv_cell(value: object, *, numeric: bool = False) -> str:
    """Return the text of one CSV cell, safe to open in a spreadsheet.

    Numbers (``int``, ``float``) are written as numbers. Text that starts with one of
    :data:`FORMULA_TRIGGERS` (after any spaces) gets a leading ``'``, so ``=HYPERLINK(...)``,
    ``+1``, ``-2`` or ``@SUM(A1)`` from the data are shown as text, not evaluated (OWASP:
    CSV injection). With ``numeric=True`` (a column of numbers formatted by corridor) text
    that is a plain decimal number, such as ``-12.5``, is kept as it is.

    Parameters
    ----------
    value
        The cell: ``None`` (empty), a number or text.
    numeric
        Whether the cell belongs to a column of numbers.

    Returns
    -------
    str
        The cell's text.
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    text = str(value)
    if numeric and _NUMBER.fullmatch(text):
        return text
    if text.lstrip(" ")[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]],
             numeric: Iterable[str] = ()) -> str:
    r"""Return a CSV table (``\n`` line ends) whose every cell went through :func:`csv_cell`.

    Parameters
    ----------
    header
        Column names (neutralised like any text cell).
    rows
        The rows, each as long as ``header``.
    numeric
        Names of the columns that hold numbers (their number cells are kept as they are).

    Returns
    -------
    str
        The CSV text.
    """
    columns = set(numeric)
    flags = [str(h) in columns for h in header]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(c, numeric=flag) for c, flag in zip(row, flags, strict=True)])
    return buf.getvalue()
