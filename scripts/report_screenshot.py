"""Re-create docs/report.png: the first screen of the today-vs-TRIPP HTML report in Chromium.

Usage::

    python scripts/report_screenshot.py [OUT.png] [--width 1280] [--height 900]

The report is ``corridor report --scenario today --compare tripp --format html`` of the shipped
data; the browser set-up is the tests' one (tests/browser.py, network off).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser, missing_reason  # noqa: E402

from corridor import reports  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "report.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    reason = missing_reason()
    if reason is not None:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        report = reports.build(["today"], compare="tripp")
        reports.write(report, Path(tmp) / "r", ["html"])
        page = Path(tmp) / "r" / "report.html"
        print(f"report.html: {page.stat().st_size / 1e6:.2f} MB")
        browser = Browser(width=args.width, height=args.height)
        try:
            browser.open(page, wait_for="table.report-table")
            time.sleep(1.0)
            shot = browser.screenshot(args.out)
        finally:
            browser.quit()
    print(f"wrote {shot} ({shot.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
