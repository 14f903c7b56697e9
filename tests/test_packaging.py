"""The package as installed: every subpackage is listed for setuptools, the data ships."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_packaged() -> None:
    """A subpackage missing from pyproject's list works in an editable install and in the
    tests, but is absent from a wheel: compare the list with the folders on disk."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "corridor").rglob("__init__.py")}
    assert on_disk <= listed, sorted(on_disk - listed)
    assert "corridor_geodata" in listed


def test_package_data_covers_the_templates_and_the_geodata() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    assert any(Path("templates/report.html.j2").match(p) for p in data["corridor"])
    for path in (ROOT / "geodata").iterdir():
        if path.is_file() and path.suffix != ".py":
            assert any(path.match(p) for p in data["corridor_geodata"]), path.name
