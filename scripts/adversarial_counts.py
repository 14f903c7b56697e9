"""Run every adversarial case and print how many ended clean, with a wrong exit, a bad message,
data loss or code executed (the figures quoted in issue notes).

Usage: ``python scripts/adversarial_counts.py [--list]`` from the repository root.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from adversarial import _case
from adversarial.test_adversarial import all_cases


def main() -> int:
    """Run the cases; print one line per non-clean case (all with ``--list``) and the counts."""
    show_all = "--list" in sys.argv[1:]
    counts: Counter[str] = Counter()
    for case in all_cases():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            try:
                outcome = _case.run(case, folder)
                verdict = _case.verdict(case, folder, outcome)
            except Exception as exc:  # the harness itself failed on this case
                outcome, verdict = _case.Outcome(-1, "", repr(exc)), "wrong exit"
        counts[verdict] += 1
        if show_all or verdict != "clean":
            first = (outcome.stderr.strip().splitlines() or [""])[0][:150]
            print(f"{verdict:<14} {case.id:<40} exit {outcome.exit} (want {case.exit}) {first}")
    total = sum(counts.values())
    print(f"\n{total} cases: " + ", ".join(
        f"{counts[k]} {k}" for k in ("clean", "wrong exit", "bad message", "data loss",
                                     "code executed")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
