"""Fit the per-mode detour factors on a geodata folder and print them as settings lines.

Usage: ``python scripts/fit_detour.py [--geodata DIR] [--check]`` from the repository root.
Prints, per mode, n, the median published / geometry ratio, the factor and the median absolute
error after correction, then the lines to paste into ``corridor/settings.py``. With ``--check``
it exits 1 when ``settings.DETOUR_FITS`` differ from the fit of the data (the test of
tests/test_lengths.py asks the same).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridor import geodata, settings
from corridor.network import lengths

#: Stored and fitted values may differ by this much (rounding) and still agree.
TOLERANCE = 1e-3


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=TOLERANCE)


def differences(fits: dict[str, settings.DetourFit]) -> list[str]:
    """Return one line per mode whose stored fit differs from ``fits`` (empty: they agree)."""
    out = []
    for mode in sorted(set(fits) | set(settings.DETOUR_FITS)):
        new, old = fits.get(mode), settings.DETOUR_FITS.get(mode)
        if new is None or old is None or new.n != old.n or not all(
                _close(getattr(new, f), getattr(old, f))
                for f in ("factor", "median_ratio", "median_abs_error")):
            out.append(f"{mode}: settings {old} but the data fit {new}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geodata", help="geodata folder (default: the shipped one)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when settings.DETOUR_FITS differ from the data's fit")
    args = parser.parse_args(argv)
    fits = lengths.fit_detour(geodata.load(args.geodata).links)
    for mode, fit in fits.items():
        ratio = f"{fit.median_ratio:.4f}" if fit.median_ratio is not None else "-"
        error = f"{fit.median_abs_error:.1%}" if fit.median_abs_error is not None else "-"
        note = "" if fit.n >= settings.DETOUR_MIN_LINKS else (
            f"  (fewer than {settings.DETOUR_MIN_LINKS} links: factor 1.0)")
        print(f"{mode:<6} n={fit.n:<3} median ratio {ratio:<7} factor {fit.factor:.3f}  "
              f"median abs error after correction {error}{note}")
    print()
    print("\n".join(lengths.fit_lines(fits)))
    if args.check:
        diff = differences(fits)
        for line in diff:
            print(line, file=sys.stderr)
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
