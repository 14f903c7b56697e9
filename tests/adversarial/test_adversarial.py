"""Every adversarial case in ``cases_*.py`` gives its expected exit and message, and no harm."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from adversarial import _case

HERE = Path(__file__).parent


def all_cases() -> list[_case.Case]:
    """The cases of every ``cases_*`` module, in file order."""
    cases: list[_case.Case] = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if info.name.startswith("cases_"):
            module = importlib.import_module(f"adversarial.{info.name}")
            cases.extend(module.CASES)
    return cases


CASES = all_cases()


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_adversarial(case: _case.Case, tmp_path: Path) -> None:
    outcome = _case.run(case, tmp_path)
    verdict = _case.verdict(case, tmp_path, outcome)
    assert verdict == "clean", (
        f"{verdict}: exit {outcome.exit} (expected {case.exit}); stderr:\n{outcome.stderr[-2000:]}")
