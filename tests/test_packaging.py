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


def _imports_of_notebooks() -> set[str]:
    """Return the top-level modules the notebooks import (parsed, not run)."""
    import ast
    import json

    found: set[str] = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found


def _requirement_names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def test_the_notebooks_extra_brings_what_the_notebooks_import() -> None:
    """``pip install ".[notebooks]"`` must run every notebook: each third-party module they
    import comes from a core dependency or the extra, which also brings JupyterLab."""
    import importlib.metadata
    import sys

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    core = _requirement_names(config["project"]["dependencies"])
    extra = _requirement_names(config["project"]["optional-dependencies"]["notebooks"])
    assert "jupyterlab" in extra
    distributions = importlib.metadata.packages_distributions()
    modules = _imports_of_notebooks() - set(sys.stdlib_module_names) - {"corridor"}
    assert {"matplotlib", "IPython", "pandas"} <= modules  # the parser sees the imports
    for module in sorted(modules):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        assert names & (core | extra), f"{module} ({names}) is in no core or notebooks dependency"
