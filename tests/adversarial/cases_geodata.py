"""Adversarial cases: hostile geodata files (places, links, regions).

Every command but ``validate`` must stop with exit 2 and one line naming the file; ``validate``
exits 1 and lists the root cause first, without the follow-on errors that depend on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adversarial._case import Case, Outcome

ROUTE = ["route", "Baku", "Tbilisi", "--geodata", "{data}"]
DEEP = "[" * 100_000 + "]" * 100_000


def _write(name: str, text: str | bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        target = folder / "data" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return setup


def _edit_first(name: str, edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """Rewrite ``name`` with ``edit`` applied to its first feature (raw text kept for numbers
    JSON cannot round-trip, e.g. a 400-digit integer)."""
    def setup(folder: Path) -> None:
        path = folder / "data" / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        edit(doc["features"][0])
        path.write_text(json.dumps(doc), encoding="utf-8")
    return setup


def _coords(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(feature: dict[str, Any]) -> None:
        feature["geometry"]["coordinates"] = value
    return edit


def _first_link_vertex(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(feature: dict[str, Any]) -> None:
        feature["geometry"]["coordinates"][1] = value
    return edit


def _prop(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(feature: dict[str, Any]) -> None:
        feature["properties"][key] = value
    return edit


def _raw_number(name: str, digits: str) -> Callable[[Path], None]:
    """Put a raw JSON number (e.g. 400 digits) as the first coordinate of the first feature."""
    def setup(folder: Path) -> None:
        path = folder / "data" / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"][0]["geometry"]["coordinates"] = ["@@X@@", 40.0] if name.startswith(
            "places") else [["@@X@@", 40.0], *doc["features"][0]["geometry"]["coordinates"][1:]]
        path.write_text(json.dumps(doc).replace('"@@X@@"', digits), encoding="utf-8")
    return setup


def _validate_lists(root: str, absent: tuple[str, ...] = ("names no place",),
                    most: int = 5) -> Callable[[Path, Outcome], None]:
    """``validate`` lists the root cause first and no follow-on errors."""
    def check(folder: Path, outcome: Outcome) -> None:
        lines = [ln for ln in outcome.stdout.splitlines()
                 if ln.strip() and not ln.startswith("warning:")]
        assert lines and root.lower() in lines[0].lower(), lines[:3]
        for text in absent:
            assert not any(text in ln for ln in lines), [ln for ln in lines if text in ln][:3]
        assert len(lines) <= most, len(lines)
    return check


CASES = [
    # unreadable / wrong files: the root cause, naming the file, in one line
    Case("geodata-regions-not-json", ROUTE, 2, "regions.geojson",
         setup=_write("regions.geojson", "{not json")),
    Case("geodata-regions-top-level-list", ROUTE, 2, "regions.geojson",
         setup=_write("regions.geojson", "[]")),
    Case("geodata-regions-empty-file", ROUTE, 2, "regions.geojson",
         setup=_write("regions.geojson", "")),
    Case("geodata-places-deep-json", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson", DEEP)),
    Case("geodata-links-deep-json", ROUTE, 2, "links.geojson",
         setup=_write("links.geojson", DEEP)),
    Case("geodata-regions-deep-json", ROUTE, 2, "regions.geojson",
         setup=_write("regions.geojson", DEEP)),
    Case("geodata-places-deep-in-properties", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson",
                      '{"type": "FeatureCollection", "features": [' + DEEP + "]}")),
    Case("geodata-places-empty-file", ROUTE, 2, "places.geojson: file is empty",
         setup=_write("places.geojson", "")),
    Case("geodata-places-not-utf8", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson", b'{"type": "FeatureCollection", "features": []}\xff\xfe')),
    Case("geodata-places-top-level-list", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson", "[]")),
    Case("geodata-places-no-features", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson", '{"type": "FeatureCollection", "features": []}')),
    Case("geodata-places-features-not-objects", ROUTE, 2, "places.geojson",
         setup=_write("places.geojson", '{"type": "FeatureCollection", "features": [1, "x"]}')),
    Case("geodata-places-is-a-folder", ROUTE, 2, "places.geojson",
         setup=lambda f: ((f / "data" / "places.geojson").unlink(),
                          (f / "data" / "places.geojson").mkdir())[-1]),
    # bad values inside features
    Case("geodata-coord-400-digits", ROUTE, 2, "places.geojson",
         setup=_raw_number("places.geojson", "4" * 400)),
    Case("geodata-coord-1e400", ROUTE, 2, "places.geojson",
         setup=_raw_number("places.geojson", "1e400")),
    Case("geodata-coord-nan", ROUTE, 2, "places.geojson",
         setup=_raw_number("places.geojson", "NaN")),
    Case("geodata-link-coord-400-digits", ROUTE, 2, "links.geojson",
         setup=_raw_number("links.geojson", "9" * 400)),
    Case("geodata-coords-as-strings", ROUTE, 2, "places.geojson",
         setup=_edit_first("places.geojson", _coords(["45.0", "40.0"]))),
    Case("geodata-link-vertex-as-strings", ROUTE, 2, "links.geojson",
         setup=_edit_first("links.geojson", _first_link_vertex(["45.0", "40.0"]))),
    Case("geodata-coord-bool", ROUTE, 2, "places.geojson",
         setup=_edit_first("places.geojson", _coords([True, 40.0]))),
    Case("geodata-geometry-not-object", ROUTE, 2, "places.geojson",
         setup=_edit_first("places.geojson", lambda f: f.update(geometry="POINT (45 40)"))),
    Case("geodata-place-id-a-list", ROUTE, 2, "places.geojson",
         setup=_edit_first("places.geojson", _prop("id", ["baku"]))),
    Case("geodata-link-from-a-list", ROUTE, 2, "links.geojson",
         setup=_edit_first("links.geojson", _prop("from", ["baku"]))),
    Case("geodata-link-tracks-bool", ROUTE, 2, "links.geojson",
         setup=_edit_first("links.geojson", _prop("tracks", True))),
    # validate: root cause first, follow-on errors suppressed
    Case("geodata-validate-empty-places", ["validate", "{data}"], 1, "problem",
         setup=_write("places.geojson", ""), one_line=False,
         check=_validate_lists("places.geojson: file is empty")),
    Case("geodata-validate-places-not-json", ["validate", "{data}"], 1, "problem",
         setup=_write("places.geojson", "{oops"), one_line=False,
         check=_validate_lists("places.geojson")),
    Case("geodata-validate-places-wrong-type", ["validate", "{data}"], 1, "problem",
         setup=_write("places.geojson", '{"type": "Feature"}'), one_line=False,
         check=_validate_lists("places.geojson")),
    Case("geodata-validate-regions-broken", ["validate", "{data}"], 1, "problem",
         setup=_write("regions.geojson", "{oops"), one_line=False,
         check=_validate_lists("regions.geojson")),
]
