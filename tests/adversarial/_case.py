"""The table format of the adversarial suite and the code that runs one case.

A case is one ``corridor`` command line run in a fresh folder that ``setup`` may fill with
hostile files. Placeholders in ``argv``: ``{tmp}`` the case folder, ``{data}`` a copy of the
shipped geodata inside it (made only when a placeholder or ``setup`` asks for it).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corridor import settings

#: A file the payloads try to create; it must never appear.
CANARY = "pwned"


@dataclass(frozen=True)
class Case:
    """One adversarial input and what the command must do with it."""

    id: str
    argv: list[str]
    exit: int
    #: Fragment the first stderr line must contain (case-insensitive); None: not checked.
    message: str | None = None
    #: Writes hostile files into the case folder (which holds ``data/`` when ``copy_data``).
    setup: Callable[[Path], None] | None = None
    #: Extra assertions on the folder after the run (files intact, nothing left behind).
    check: Callable[[Path, Outcome], None] | None = None
    copy_data: bool = False
    #: A user error's message must be one line (the usual rule); False for e.g. validate.
    one_line: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class Outcome:
    """What one run did."""

    exit: int
    stdout: str
    stderr: str


def prepare(case: Case, folder: Path) -> list[str]:
    """Fill ``folder`` for ``case`` and return its argv with placeholders resolved."""
    needs_data = case.copy_data or any("{data}" in a for a in case.argv)
    if needs_data:
        shutil.copytree(settings.SHIPPED_GEODATA, folder / "data",
                        ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    if case.setup is not None:
        case.setup(folder)
    return [a.replace("{tmp}", str(folder)).replace("{data}", str(folder / "data"))
            for a in case.argv]


def run(case: Case, folder: Path) -> Outcome:
    """Run ``case`` in-process in ``folder`` (as the working directory)."""
    from corridor import cli, routing

    argv = prepare(case, folder)
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old)
        routing.clear_cache()
    return Outcome(int(code), out.getvalue(), err.getvalue())


def verdict(case: Case, folder: Path, outcome: Outcome) -> str:
    """Classify an outcome: ``clean``, ``code executed``, ``wrong exit``, ``bad message`` or
    ``data loss`` (the case's own ``check`` failed)."""
    if (folder / CANARY).exists() or (Path.cwd() / CANARY).exists():
        return "code executed"
    if outcome.exit != case.exit or "Traceback" in outcome.stderr:
        return "wrong exit"
    if case.message is not None:
        lines = [ln for ln in outcome.stderr.splitlines() if ln.strip()]
        first = lines[0] if lines else ""
        if case.message.lower() not in first.lower():
            return "bad message"
        if case.one_line and case.exit == 2 and len(lines) != 1:
            return "bad message"
    if case.check is not None:
        try:
            case.check(folder, outcome)
        except AssertionError:
            return "data loss"
    return "clean"
