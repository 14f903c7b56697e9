"""Adversarial cases: ``corridor osm build`` with hostile extracts, flags and output folders.

The extracts are written in ``setup`` with pyosmium's ``SimpleWriter``, as tests/test_osm.py
does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import osmium
from osmium.osm.mutable import Node, Way

from adversarial._case import Case, Outcome

BUILD = ["osm", "build", "{tmp}/x.osm", "--out", "{tmp}/out", "--no-conflate",
         "--country", "AZE", "--no-progress", "--min-piece-km", "0"]


def _extract(nodes: list[tuple[int, float, float]],
             ways: list[tuple[int, list[int], dict[str, str]]]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        with osmium.SimpleWriter(str(folder / "x.osm"), overwrite=True) as writer:
            for nid, lon, lat in nodes:
                writer.add_node(Node(id=nid, location=(lon, lat)))
            for wid, refs, tags in ways:
                writer.add_way(Way(id=wid, nodes=refs, tags=tags))
    return setup


LINE = [(1, 45.0, 40.0), (2, 45.01, 40.0), (3, 45.02, 40.0)]
GOOD = _extract(LINE, [(1, [1, 2, 3], {"highway": "primary"})])


def _good_and(extra: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        GOOD(folder)
        extra(folder)
    return setup


def _existing_out(folder: Path) -> None:
    (folder / "out").mkdir()
    (folder / "out" / "keep.txt").write_text("precious", encoding="utf-8")


def _kept(folder: Path, outcome: Outcome) -> None:
    assert (folder / "out" / "keep.txt").read_text(encoding="utf-8") == "precious"
    assert not (folder / "out" / "places.geojson").exists()


def _flag(*extra: str) -> list[str]:
    return [*BUILD, *extra]


CASES = [
    Case("osm-good-extract-builds", BUILD, 0, setup=GOOD),
    Case("osm-no-ways", BUILD, 2, "x.osm", setup=_extract(LINE, [])),
    Case("osm-no-matching-ways", BUILD, 2, "x.osm",
         setup=_extract(LINE, [(1, [1, 2, 3], {"building": "yes"})])),
    Case("osm-node-out-of-range", BUILD, 2, "x.osm",
         setup=_extract([(1, 45.0, 40.0), (2, 200.0, 40.0), (3, 45.02, 95.0)],
                        [(1, [1, 2, 3], {"highway": "primary"})])),
    Case("osm-bad-node-index", _flag("--node-index", "bogus_index"), 2, "bogus_index",
         setup=GOOD),
    Case("osm-bad-node-index-file", _flag("--node-index", "sparse_file_array,{tmp}/no/dir/i"),
         2, "node-index", setup=GOOD),
    Case("osm-out-not-empty", BUILD, 2, "--force", setup=_good_and(_existing_out), check=_kept),
    Case("osm-out-not-empty-forced", _flag("--force"), 0, setup=_good_and(_existing_out)),
    Case("osm-out-is-a-file", BUILD, 2, "out",
         setup=_good_and(lambda f: (f / "out").write_text("x", encoding="utf-8"))),
    Case("osm-keep-curated-unknown-mode", _flag("--keep-curated", "plane"), 2, "plane",
         setup=GOOD),
    Case("osm-highway-unknown-class", _flag("--highway", "autobahn"), 2, "autobahn",
         setup=GOOD),
    Case("osm-snap-km-negative", [*BUILD[:-1], "0", "--snap-km", "-1"], 2, "snap",
         setup=GOOD),
    Case("osm-snap-km-nan", _flag("--snap-km", "nan"), 2, "snap", setup=GOOD),
    Case("osm-min-piece-negative", [*BUILD[:-1], "-3"], 2, "min-piece", setup=GOOD),
    Case("osm-country-not-iso3", [*BUILD[:6], "--country", "azerbaijan", *BUILD[8:]], 2,
         "azerbaijan", setup=GOOD),
    Case("osm-extract-missing", BUILD, 2, "x.osm"),
    Case("osm-extract-is-a-folder", BUILD, 2, "x.osm",
         setup=lambda f: (f / "x.osm").mkdir()),
    Case("osm-extract-garbage", BUILD, 2, "x.osm",
         setup=lambda f: (f / "x.osm").write_bytes(b"\x00garbage" * 100)),
    Case("osm-curated-broken", [*BUILD[:5], "--curated", "{data}", *BUILD[6:]], 2,
         "places.geojson",
         setup=_good_and(lambda f: (f / "data" / "places.geojson").write_text(
             "", encoding="utf-8")), copy_data=True),
]
