"""Headless Chromium for tests: open a local HTML file offline and look at what rendered.

Reusable by any test that needs a real browser (the maps, the HTML report)::

    import pytest
    from browser import Browser, browser_session

    @pytest.fixture(scope="module")
    def chrome():
        with browser_session() as b:      # skips the test when chromium is missing
            yield b

    def test_page(chrome, tmp_path):
        page = tmp_path / "page.html"
        page.write_text("<p>hi</p>")
        chrome.open(page)
        assert chrome.count("p") == 1
        assert chrome.console_errors() == []
        assert chrome.network_requests() == []

What it sets up
---------------
* Debian's ``/usr/bin/chromium`` driven by ``/usr/bin/chromedriver`` through Selenium
  (never Selenium Manager: both paths are given, nothing is downloaded), headless, with
  ``--no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync`` and a fresh ``--user-data-dir``.
* The network off: DevTools network emulation ``offline``, and every host name resolves to
  nothing (``--host-resolver-rules``), so a page that needs the internet shows it.
* ``alert`` / ``confirm`` / ``prompt`` replaced before any page script runs: calls are
  recorded (:meth:`Browser.dialogs`) instead of blocking.
* Console messages and network requests recorded from the browser and performance logs.

``$CORRIDOR_CHROMIUM`` and ``$CORRIDOR_CHROMEDRIVER`` override the two paths.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CORRIDOR_CHROMEDRIVER", "/usr/bin/chromedriver")

#: Where tests put screenshots and other things to look at after a run (git-ignored).
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

#: Runs before any script of a page: records dialogs instead of opening them.
_DIALOG_TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (message) { window.__dialogs.push(name + ": " + message); };
}
"""


def missing_reason() -> str | None:
    """Return why the browser cannot run here (``None`` when it can)."""
    for label, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return (f"{label} not found at {path} (apt-get install chromium chromium-driver, "
                    f"or set $CORRIDOR_{label.upper()})")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


class Browser:
    """One headless Chromium window (see the module docstring for its set-up).

    Parameters
    ----------
    width, height
        Size of the page's viewport (and of screenshots) in CSS pixels.
    offline
        Cut the network (default). Local ``file://`` pages still load.
    """

    def __init__(self, width: int = 1280, height: int = 860, *, offline: bool = True) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="corridor-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                                           options=options)
        except Exception:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)
        # the page's viewport is exactly width x height (the window adds its own chrome)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False,
        })
        self.driver.execute_cdp_cmd("Network.enable", {})
        if offline:
            self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0,
            })
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": _DIALOG_TRAP})
        self._console: list[dict[str, Any]] = []
        self._requests: list[str] = []

    # ----------------------------------------------------------------- pages

    def open(self, path: str | os.PathLike[str], *, wait_for: str | None = None,
             timeout: float = 20.0) -> None:
        """Open a local file and wait until the page loaded (and ``wait_for`` matches).

        Logs of the previous page are discarded.
        """
        self._drain()
        self._console.clear()
        self._requests.clear()
        self.driver.get(Path(path).resolve().as_uri())
        if wait_for is not None:
            self.wait_for(wait_for, timeout=timeout)

    def wait_for(self, css: str, *, count: int = 1, timeout: float = 20.0) -> None:
        """Wait until at least ``count`` elements match the CSS selector."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(lambda d: self.count(css) >= count)

    def count(self, css: str) -> int:
        """Number of elements matching a CSS selector."""
        return int(self.run("return document.querySelectorAll(arguments[0]).length;", css))

    def texts(self, css: str) -> list[str]:
        """Text content of every element matching a CSS selector."""
        return list(self.run(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent);",
            css))

    def run(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(script, *args)

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        """Save a PNG screenshot of the window; return its path."""
        dest = Path(path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not self.driver.save_screenshot(str(dest)):
            raise RuntimeError(f"screenshot failed: {dest}")
        return dest

    # ----------------------------------------------------------------- what happened

    def _drain(self) -> None:
        for entry in self.driver.get_log("browser"):
            self._console.append(entry)
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])

    def console(self) -> list[dict[str, Any]]:
        """Every console message so far (dicts with ``level`` and ``message``)."""
        self._drain()
        return list(self._console)

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions of the current page."""
        return [e["message"] for e in self.console() if e.get("level") == "SEVERE"]

    def network_requests(self) -> list[str]:
        """URLs the page requested other than ``file:`` and ``data:`` ones."""
        self._drain()
        return [u for u in self._requests if not u.startswith(("file:", "data:", "blob:"))]

    def dialogs(self) -> list[str]:
        """Calls to ``alert``/``confirm``/``prompt`` made by the current page."""
        return list(self.run("return window.__dialogs || [];"))

    def quit(self) -> None:
        """Close the browser and delete its profile."""
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)


@contextlib.contextmanager
def browser_session(**kwargs: Any) -> Iterator[Browser]:
    """Yield a :class:`Browser`, skipping the calling test when Chromium is missing.

    Keyword arguments go to :class:`Browser`.
    """
    reason = missing_reason()
    if reason is not None:
        pytest.skip(f"browser test skipped: {reason}")
    browser = Browser(**kwargs)
    try:
        yield browser
    finally:
        browser.quit()


def artifact_path(name: str) -> Path:
    """Return ``tests/artifacts/NAME`` (folder created), for screenshots kept after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
