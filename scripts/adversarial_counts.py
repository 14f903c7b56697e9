"""Run every adversarial case and print how many ended clean, with a wrong exit, a bad message,
data loss or code executed (the figures quoted in issue notes).

Usage: ``python scripts/adversarial_counts.py [--list] [--timeout S]`` from the repository root;
a case still running after S seconds (default 120) counts as a wrong exit.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from adversarial import _case
from adversarial.test_adversarial import all_cases


class CaseTimeout(BaseException):
    """A case ran past its time (a BaseException, so the CLI's own handlers let it through)."""


def _alarm(signum: int, frame: object) -> None:
    raise CaseTimeout


def main() -> int:
    """Run the cases; print one line per non-clean case (all with ``--list``) and the counts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", action="store_true", help="print every case, not only failures")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per case")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    for case in all_cases():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            signal.alarm(args.timeout)
            try:
                outcome = _case.run(case, folder)
                verdict = _case.verdict(case, folder, outcome)
            except CaseTimeout:
                outcome, verdict = _case.Outcome(-1, "", f"timeout {args.timeout} s"), "wrong exit"
            except Exception as exc:  # the harness itself failed on this case
                outcome, verdict = _case.Outcome(-1, "", repr(exc)), "wrong exit"
            finally:
                signal.alarm(0)
        counts[verdict] += 1
        if args.list or verdict != "clean":
            first = (outcome.stderr.strip().splitlines() or [""])[0][:150]
            print(f"{verdict:<14} {case.id:<40} exit {outcome.exit} (want {case.exit}) {first}")
    total = sum(counts.values())
    print(f"\n{total} cases: " + ", ".join(
        f"{counts[k]} {k}" for k in ("clean", "wrong exit", "bad message", "data loss",
                                     "code executed")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
