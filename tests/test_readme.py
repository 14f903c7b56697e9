"""The README's console examples are run and their output compared, so the README cannot rot.

Every ``$ corridor …`` line in a ``console`` block of README.md is run in a fresh folder and
its output (stdout then stderr) compared line by line with the lines that follow it in the
README. Normalisation, and nothing else: trailing spaces are ignored; a line that is only
``...`` matches any number of output lines (an elision); file sizes (``1.24 MB``, ``500 kB``)
compare as ``<size>`` because they change with every asset or styling change, while every
figure of the model (km, hours, counts) must match exactly.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from corridor import cli, routing

README = Path(__file__).resolve().parents[1] / "README.md"
SIZE = re.compile(r"\d[\d,.]*\s?(?:MB|kB|KB|GB|bytes)\b")
ELISION = "..."


@dataclass(frozen=True)
class Example:
    """One ``$ corridor …`` command of the README and the output shown under it."""

    line: int
    argv: list[str]
    expected: list[str]


def readme_examples(text: str) -> list[Example]:
    """Every ``$ corridor`` command in the ``console`` blocks of ``text``, with its output."""
    examples: list[Example] = []
    for block in re.finditer(r"```console\n(.*?)```", text, re.S):
        first_line = text.count("\n", 0, block.start(1)) + 1
        current: tuple[int, list[str], list[str]] | None = None
        for offset, raw in enumerate(block.group(1).splitlines()):
            if raw.startswith("$ "):
                if current is not None:
                    examples.append(Example(*current))
                words = shlex.split(raw[2:])
                assert words[0] == "corridor", f"README line {first_line + offset}: {raw}"
                current = (first_line + offset, words[1:], [])
            elif current is not None:
                current[2].append(raw)
        if current is not None:
            examples.append(Example(*current))
    return examples


def _normal(lines: list[str]) -> list[str]:
    out = [SIZE.sub("<size>", ln.rstrip()) for ln in lines]
    while out and not out[-1]:
        out.pop()
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` equals ``expected`` where an ``...`` line stands for any lines."""
    if not expected:
        return not actual
    if expected[0].strip() == ELISION:
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def run_cli(argv: list[str], folder: Path) -> list[str]:
    """Run ``corridor ARGV`` in ``folder``; return its stdout lines followed by stderr lines."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main(argv)
    finally:
        os.chdir(old)
        routing.clear_cache()
    return out.getvalue().splitlines() + err.getvalue().splitlines()


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


def test_readme_has_examples() -> None:
    commands = {e.argv[0] for e in EXAMPLES if e.argv}
    assert {"validate", "scenarios", "route", "report", "map"} <= commands


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_readme_example(example: Example, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_GEODATA", raising=False)
    actual = _normal(run_cli(example.argv, tmp_path))
    expected = _normal(example.expected)
    assert matches(expected, actual), (
        f"README line {example.line}: `corridor {shlex.join(example.argv)}` printed:\n"
        + "\n".join(actual))


@pytest.mark.parametrize(("expected", "actual", "ok"), [
    (["a", "...", "d"], ["a", "b", "c", "d"], True),
    (["a", "...", "d"], ["a", "d"], True),
    (["a", "...", "d"], ["a", "b", "c"], False),
    (["a", "b"], ["a", "b", "c"], False),
    (["a", "b", "c"], ["a", "b"], False),
    (["a", "x"], ["a", "b"], False),
])
def test_elision_matching(expected: list[str], actual: list[str], ok: bool) -> None:
    assert matches(expected, actual) is ok


def test_sizes_are_the_only_numbers_normalised() -> None:
    assert _normal(["wrote x (1.24 MB, 159 links)"]) == ["wrote x (<size>, 159 links)"]
    assert _normal(["total: 485.3 km, 19.6 h"]) == ["total: 485.3 km, 19.6 h"]
