"""The documentation site builds with ``mkdocs build --strict`` (issue 16): API reference from
the docstrings, the CLI reference from the parser, the notebooks executed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocs_jupyter")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # run from a scratch folder: mkdocs-jupyter keeps a cache in the working folder
    done = subprocess.run([str(MKDOCS), "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(out / "site")],
                          cwd=out, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _page(site: Path, name: str) -> str:
    return (site / "site" / name / "index.html").read_text(encoding="utf-8")


def test_cli_reference_lists_every_command(site: Path) -> None:
    from corridor import cli

    page = _page(site, "cli")
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if hasattr(a, "choices") and a.choices)
    for name in sub.choices:
        assert f"corridor {name}" in page
    assert "--close LINK|PLACE|COUNTRY" in page


def test_api_reference_comes_from_the_docstrings(site: Path) -> None:
    page = _page(site, "api/routing")
    assert "od_matrix" in page
    assert "one Dijkstra per origin" in page  # the docstring's text


def test_notebooks_are_executed(site: Path) -> None:
    from corridor import geodata

    page = _page(site, "notebooks/02_routing_and_scenarios")
    assert geodata.summary(geodata.load()).split(",")[0] in page  # an output cell


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    pytest.importorskip("mkdocstrings")
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "docs", copy / "docs", symlinks=True,
                    ignore=shutil.ignore_patterns("notebooks"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - mkdocs-jupyter:", "  - mkdocs-jupyter:\n      ignore: ['*']")
    config = "\n".join(ln for ln in config.splitlines()
                       if "notebooks/0" not in ln and "- Notebooks:" not in ln)
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    (copy / "docs" / "index.md").write_text("see [nothing](missing.md)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir",
                           str(tmp_path / "site")], cwd=copy, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode != 0
    assert "missing.md" in done.stderr
