"""Re-run every ``$ corridor`` example of README.md and write its real output back.

``tests/test_readme.py`` fails when an example's output no longer matches the README; after a
data or model change that is meant to move the figures, run::

    python scripts/refresh_readme.py          # rewrite README.md in place
    python scripts/refresh_readme.py --check  # exit 1 when an example is out of date

An example whose README output has ``...`` elisions keeps its first and last lines around the
first and last elision as many lines as the README shows there (the elided middle stays
elided), so a long output stays short in the README. Every example runs in a fresh temporary
folder, exactly as the test runs it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _readme_test() -> ModuleType:
    """Load ``tests/test_readme.py`` (the parser and the runner the test uses)."""
    spec = importlib.util.spec_from_file_location("readme_test", ROOT / "tests" / "test_readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def refreshed(expected: list[str], actual: list[str], elision: str) -> list[str]:
    """Return the README lines for ``actual`` output, keeping the shape of ``expected``.

    >>> refreshed(["a", "...", "z"], ["a2", "b", "c", "z2"], "...")
    ['a2', '...', 'z2']
    >>> refreshed(["a", "b"], ["x"], "...")
    ['x']
    """
    marks = [i for i, line in enumerate(expected) if line.strip() == elision]
    if not marks:
        return list(actual)
    head, tail = marks[0], len(expected) - marks[-1] - 1
    if head + tail >= len(actual):
        return list(actual)
    return [*actual[:head], elision, *(actual[len(actual) - tail:] if tail else [])]


def main(argv: list[str] | None = None) -> int:
    """Refresh (or check) the README examples; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale examples")
    args = parser.parse_args(argv)
    test = _readme_test()
    lines = test.README.read_text(encoding="utf-8").split("\n")
    stale = 0
    # from the bottom up, so earlier line numbers stay valid while lines are replaced
    for example in sorted(test.EXAMPLES, key=lambda e: e.line, reverse=True):
        with tempfile.TemporaryDirectory() as folder:
            actual = [line.rstrip() for line in test.run_cli(example.argv, Path(folder))]
        while actual and not actual[-1]:
            actual.pop()
        if test.matches(test._normal(example.expected), test._normal(actual)):
            continue
        stale += 1
        print(f"README line {example.line}: corridor {' '.join(example.argv)}")
        start = example.line  # index of the first output line (line numbers are 1-based)
        lines[start:start + len(example.expected)] = refreshed(
            example.expected, actual, test.ELISION)
    if stale and not args.check:
        test.README.write_text("\n".join(lines), encoding="utf-8")
    print(f"{stale} example(s) {'out of date' if args.check else 'refreshed'}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
