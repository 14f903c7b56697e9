"""The output folder of a report: formats, default name and which files it may hold."""

from __future__ import annotations

import re
from pathlib import Path

from corridor._errors import ReportError

#: Output formats and the files each writes.
FORMATS = ("md", "html", "csv", "json")
#: Default output folder of ``corridor report``.
DEFAULT_OUT = "corridor-report"

#: Files a report folder may hold (anything else there is the user's: never replaced).
_REPORT_FILE = re.compile(r"report\.(md|html|json)|csv/[^/]+\.csv|(csv/)?\.[^/]+\.tmp")


def check_out(folder: Path) -> None:
    """Refuse an output folder that is a file or holds files that are not a report's.

    Parameters
    ----------
    folder
        The output folder (``--out``); it need not exist.

    Raises
    ------
    ReportError
        When ``folder`` is the current folder or one holding it, is a file, or holds
        files other than a report's.
    """
    here = Path.cwd().resolve()
    if folder.resolve() in (here, *here.parents):
        raise ReportError(f"{folder}: the output folder is the current folder or holds it; "
                          "choose a new folder for --out")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ReportError(f"{folder}: exists and is not a folder (--out names a folder)")
    foreign = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                     if not p.is_dir() and not _REPORT_FILE.fullmatch(
                         p.relative_to(folder).as_posix()))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3
                                          else "")
        raise ReportError(f"{folder}: the output folder holds files that are not part of a "
                          f"report ({shown}); choose another --out or move them away")
