"""Streaming an OSM extract with pyosmium into flat arrays of the kept ways."""

from __future__ import annotations

import os
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import osmium
from tqdm import tqdm

from corridor._errors import OsmError
from corridor.osm.report import BuildReport
from corridor.osm.tags import _Attr, _Classifier

_UNDEFINED = 2147483647  # libosmium's undefined coordinate


@dataclass
class _Ways:
    """Kept ways as flat arrays: way ``i`` owns nodes ``offsets[i]:offsets[i+1]``."""

    way_id: np.ndarray
    attr: np.ndarray
    offsets: np.ndarray
    ref: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    attrs: list[_Attr]

    @property
    def way_of(self) -> np.ndarray:
        """Index of the way each node occurrence belongs to."""
        return np.repeat(np.arange(len(self.way_id)), np.diff(self.offsets))


class _Buffers:
    """Growing flat buffers of the kept ways: no Python object per node is held."""

    def __init__(self) -> None:
        self.attr_index: dict[_Attr, int] = {}
        self.way_ids = array("q")
        self.way_attr = array("i")
        self.lengths = array("q")
        self.refs = array("q")
        self.xs = array("i")
        self.ys = array("i")

    @staticmethod
    def _flat(buf: array[Any], dtype: type) -> np.ndarray:
        return np.frombuffer(buf, dtype=dtype).copy() if len(buf) else np.zeros(0, dtype)

    def to_ways(self) -> tuple[_Ways, np.ndarray, np.ndarray]:
        """Return the ways (without coordinates) and the node locations as int arrays."""
        flat = self._flat
        x, y = flat(self.xs, np.int32).astype(np.int64), flat(self.ys, np.int32).astype(np.int64)
        ways = _Ways(
            way_id=flat(self.way_ids, np.int64), attr=flat(self.way_attr, np.int32),
            offsets=np.concatenate([[0], np.cumsum(flat(self.lengths, np.int64))]),
            ref=flat(self.refs, np.int64), lon=np.zeros(0), lat=np.zeros(0),
            attrs=list(self.attr_index),
        )
        return ways, x, y


def _processor(source: Path, classify: _Classifier, node_index: str) -> osmium.FileProcessor:
    """Return pyosmium's reader of the extract's ways that pass the classifier's tag filter."""
    try:
        return (
            osmium.FileProcessor(str(source), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations(node_index)
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
            .with_filter(classify.prefilter())
        )
    except RuntimeError as exc:
        raise OsmError(f"cannot use the node-location index {node_index!r} (--node-index): "
                       f"{exc}") from exc


def _stream(source: Path, processor: osmium.FileProcessor, classify: _Classifier,
            buf: _Buffers, progress: bool | None) -> tuple[int, dict[str, int]]:
    """Read the ways into ``buf``; return the number read and the skipped ones by reason."""
    refs, xs, ys = buf.refs, buf.xs, buf.ys
    attr_index = buf.attr_index
    skipped: dict[str, int] = {}
    read = 0
    bar = tqdm(desc="reading ways", unit=" ways", unit_scale=True, mininterval=0.5,
               disable=None if progress is None else not progress)
    try:
        for obj in processor:
            way = cast(osmium.osm.Way, obj)
            read += 1
            if not read & 0x3FFF:
                bar.update(0x4000)
                bar.set_postfix(kept=len(buf.way_ids), refresh=False)
            found = classify(way.tags)
            if found is None:
                continue
            if isinstance(found, str):
                skipped[found] = skipped.get(found, 0) + 1
                continue
            index = attr_index.get(found)
            if index is None:
                index = attr_index[found] = len(attr_index)
            count = 0
            for node in way.nodes:
                refs.append(node.ref)
                xs.append(node.x)
                ys.append(node.y)
                count += 1
            buf.way_ids.append(way.id)
            buf.way_attr.append(index)
            buf.lengths.append(count)
    except RuntimeError as exc:
        raise OsmError(f"{source}: cannot read as an OSM extract (truncated or not OSM "
                       f"data?): {exc}") from exc
    finally:
        bar.update(read - bar.n)
        bar.close()
    return read, skipped


def _read_ways(
    path: str | os.PathLike[str],
    highway: str = "secondary",
    include_service: bool = False,
    progress: bool | None = None,
    report: BuildReport | None = None,
    node_index: str = "flex_mem",
) -> _Ways:
    """Stream an extract and return the kept ways as flat arrays.

    Parameters
    ----------
    path
        ``.osm.pbf``, ``.osm`` (or any format libosmium reads) file.
    highway
        Least important highway class kept (see :data:`corridor.settings.HIGHWAY_CLASSES`).
    include_service
        Keep rail service tracks (sidings, yards, spurs); default no.
    progress
        Show a tqdm bar with counts and throughput (``None``: only on a terminal).
    report
        Filled with counts and timings when given.
    node_index
        libosmium node-location index (see :func:`corridor.osm.build`).

    Raises
    ------
    OsmError
        When the file is missing, truncated or not an OSM file.
    """
    report = report if report is not None else BuildReport()
    source = Path(path)
    if source.is_dir():
        raise OsmError(f"{source}: is a folder, expected an OSM extract (.osm.pbf or .osm)")
    if not source.is_file():
        raise OsmError(f"{source}: no such OSM extract")
    classify = _Classifier(highway, include_service)
    processor = _processor(source, classify, node_index)
    started, cpu_started = time.perf_counter(), time.process_time()
    buf = _Buffers()
    read, skipped = _stream(source, processor, classify, buf, progress)
    report.read_seconds = time.perf_counter() - started
    report.read_cpu_seconds = time.process_time() - cpu_started
    report.ways_read = read
    report.skipped = skipped
    ways, x, y = buf.to_ways()
    del buf
    _check_locations(source, ways, x, y)
    cleaned = _clean(ways, x, y, report)
    if not len(cleaned.way_id):
        raise OsmError(f"{source}: no usable road, rail or ferry way (read {read:,} matching "
                       f"way(s), highway classes down to {highway!r}; skipped: "
                       f"{', '.join(f'{k} {v:,}' for k, v in sorted(skipped.items())) or 'none'})")
    return cleaned


def _check_locations(source: Path, ways: _Ways, x: np.ndarray, y: np.ndarray) -> None:
    """Refuse node locations outside the valid lon/lat range.

    libosmium stores them as they are; undefined locations (nodes missing from the
    extract) are dropped later.
    """
    defined = (x != _UNDEFINED) & (y != _UNDEFINED)
    bad = defined & ((np.abs(x) > 1_800_000_000) | (np.abs(y) > 900_000_000))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise OsmError(f"{source}: node {int(ways.ref[i])} has a location outside the valid "
                       f"lon/lat range ({x[i] / 1e7:g}, {y[i] / 1e7:g}); "
                       f"{int(bad.sum()):,} such node occurrence(s)")


def _clean(ways: _Ways, x: np.ndarray, y: np.ndarray, report: BuildReport) -> _Ways:
    """Drop nodes without a location and repeated nodes; drop ways left with < 2 nodes."""
    way_of = ways.way_of
    keep = (x != _UNDEFINED) & (y != _UNDEFINED)
    missing_ways = np.unique(way_of[~keep])
    same_as_prev = np.zeros(len(keep), dtype=bool)
    same_as_prev[1:] = (ways.ref[1:] == ways.ref[:-1]) & (way_of[1:] == way_of[:-1])
    keep &= ~same_as_prev
    counts = np.bincount(way_of[keep], minlength=len(ways.way_id))
    good_way = counts >= 2
    if (~good_way).any():
        keep &= good_way[way_of]
    report.skipped["missing_nodes"] = int(np.count_nonzero(~good_way[missing_ways])) \
        if len(missing_ways) else 0
    if not report.skipped["missing_nodes"]:
        del report.skipped["missing_nodes"]
    offsets = np.concatenate([[0], np.cumsum(counts[good_way])])
    report.ways_kept = int(good_way.sum())
    return _Ways(
        way_id=ways.way_id[good_way], attr=ways.attr[good_way], offsets=offsets,
        ref=ways.ref[keep], lon=x[keep] / 1e7, lat=y[keep] / 1e7, attrs=ways.attrs,
    )
