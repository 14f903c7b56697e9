"""Adversarial cases: output paths that cannot be written (a file where a folder is expected
or the reverse, a path under /proc). Exit 2, one line naming the path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from adversarial._case import Case, Outcome


def _file(name: str = "afile") -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).write_text("precious", encoding="utf-8")
    return setup


def _folder(name: str = "adir") -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).mkdir()
        (folder / name / "inside.txt").write_text("precious", encoding="utf-8")
    return setup


def _file_kept(name: str = "afile") -> Callable[[Path, Outcome], None]:
    def check(folder: Path, outcome: Outcome) -> None:
        assert (folder / name).read_text(encoding="utf-8") == "precious"
    return check


def _folder_kept(folder: Path, outcome: Outcome) -> None:
    assert (folder / "adir" / "inside.txt").read_text(encoding="utf-8") == "precious"
    assert not [p for p in (folder / "adir").iterdir() if p.name != "inside.txt"]


ROUTE = ["route", "Baku", "Tbilisi", "--geojson"]
MAP = ["map", "--tiles", "none", "--out"]
REPORT = ["report", "--format", "csv", "--out"]

CASES = [
    Case("output-route-geojson-under-a-file", [*ROUTE, "{tmp}/afile/r.geojson"], 2, "afile",
         setup=_file(), check=_file_kept()),
    Case("output-route-geojson-is-a-folder", [*ROUTE, "{tmp}/adir"], 2, "adir",
         setup=_folder(), check=_folder_kept),
    Case("output-route-geojson-unwritable", [*ROUTE, "/proc/corridor-x/r.geojson"], 2,
         "/proc/corridor-x"),
    Case("output-map-under-a-file", [*MAP, "{tmp}/afile/m.html"], 2, "afile",
         setup=_file(), check=_file_kept()),
    Case("output-map-is-a-folder", [*MAP, "{tmp}/adir"], 2, "adir",
         setup=_folder(), check=_folder_kept),
    Case("output-map-unwritable", [*MAP, "/proc/1/m.html"], 2, "/proc/1"),
    Case("output-report-is-a-file", [*REPORT, "{tmp}/afile"], 2, "afile",
         setup=_file(), check=_file_kept()),
    Case("output-report-under-a-file", [*REPORT, "{tmp}/afile/rep"], 2, "afile",
         setup=_file(), check=_file_kept()),
    Case("output-report-unwritable", [*REPORT, "/proc/corridor-x"], 2, "/proc/corridor-x"),
]
