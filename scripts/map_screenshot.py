"""Re-create docs/map.png: the shipped network map, as headless Chromium shows it offline.

The map is what ``corridor map --tiles none --self-contained`` writes (base tiles cannot be
fetched here, so the regions layer is the basemap). The browser set-up is the tests' one
(tests/browser.py: Debian's chromium + chromedriver, network off).

Usage::

    python scripts/map_screenshot.py [OUT.png] [--scenario NAME] [--view LAT,LON,ZOOM]
                                     [--route ORIGIN DESTINATION [--compare NAME]]

``docs/map.png`` is the default view (the TRIPP area); ``docs/map-tripp.png`` is
``--view 39.2,46.0,8`` (the Meghri / Nakhchivan area); ``docs/map-route.png`` is
``--route Baku Nakhchivan --compare tripp`` (a route map opens on its routes).
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

from corridor import maps  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "map.png"))
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--view", default=None, metavar="LAT,LON,ZOOM",
                        help="centre and zoom instead of the default view (the TRIPP area)")
    parser.add_argument("--route", nargs=2, default=None, metavar=("ORIGIN", "DESTINATION"))
    parser.add_argument("--compare", default=None, metavar="SCENARIO")
    args = parser.parse_args(argv)
    reason = missing_reason()
    if reason is not None:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        written = maps.write_map(Path(tmp) / "map.html", scenario=args.scenario, tiles="none",
                                 self_contained=True,
                                 route=tuple(args.route) if args.route else None,
                                 compare=args.compare)
        print(written.describe())
        browser = Browser(width=args.width, height=args.height)
        try:
            browser.open(written.path, wait_for=".leaflet-container")
            browser.wait_for("path.corridor-link", count=written.stats["links"])
            if args.view:
                lat, lon, zoom = (float(v) for v in args.view.split(","))
                the_map = "window[document.querySelector('.folium-map').id]"
                browser.run(f"{the_map}.setView([{lat}, {lon}], {zoom});")
                deadline = time.monotonic() + 10
                while (browser.run(f"return {the_map}.getZoom();") != zoom
                       and time.monotonic() < deadline):
                    time.sleep(0.1)  # the zoom animation
            time.sleep(1.5)  # let the SVG renderer paint
            errors = browser.console_errors()
            if errors:
                print("console errors:", *errors, sep="\n  ", file=sys.stderr)
                return 1
            shot = browser.screenshot(args.out)
        finally:
            browser.quit()
    print(f"wrote {shot} ({shot.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
