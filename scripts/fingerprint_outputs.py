"""Print the SHA-256 of the report, map and route outputs on the shipped data.

A refactoring that must not change behaviour is checked by running this before and after and
comparing the lines: ``python scripts/fingerprint_outputs.py OUT_DIR > before.txt``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from pathlib import Path

from corridor import cli

COMMANDS = [
    ["report", "--scenario", "all", "--compare", "tripp", "--out", "report"],
    ["map", "--out", "map.html"],
    ["map", "--tiles", "none", "--self-contained", "--route", "Baku", "Nakhchivan",
     "--compare", "tripp", "--out", "tripp.html"],
    ["map", "--scenario", "tripp", "--tiles", "none", "--out", "map-tripp.html"],
    ["route", "Aktau", "Istanbul", "--alternatives", "3", "--geojson", "route.geojson"],
    ["route", "Baku", "Nakhchivan", "--scenario", "tripp", "--json"],
    ["scenarios"],
    ["validate"],
]


def main() -> int:
    """Run every command in the folder given as the one argument; print one hash a file."""
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    os.chdir(out)  # relative output paths, so printed paths are the same in any folder
    for i, argv in enumerate(COMMANDS):
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            code = cli.main(argv)
        Path(f"stdout-{i}.txt").write_text(f"exit {code}\n{stdout.getvalue()}", encoding="utf-8")
    for path in sorted(p for p in Path().rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{digest}  {path.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
