"""Reading an OSM extract with libosmium (two C++ passes, OPL) into flat arrays of kept ways."""

from __future__ import annotations

import io
import itertools
import operator
import os
import re
import tempfile
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import pandas as pd
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
    #: Index of each occurrence's node among the distinct node ids in order (``None``: not
    #: known); lets the topology count and look up nodes without sorting their ids.
    node: np.ndarray | None = None

    def node_index(self) -> np.ndarray | None:
        """Return :attr:`node` when it indexes :attr:`ref` consistently (in id order).

        ``None`` when not known or not consistent.

        Checked in linear time, so ways combined or filtered elsewhere without their index
        fall back to sorting node ids rather than mixing up nodes.
        """
        node = self.node
        if node is None or len(node) != len(self.ref):
            return None
        if not len(node):
            return node
        if node.min() < 0:
            return None
        ids = np.zeros(int(node.max()) + 1, dtype=np.int64)
        ids[node] = self.ref
        if not (ids[node] == self.ref).all():  # one index for two ids
            return None
        used = np.zeros(len(ids), dtype=bool)
        used[node] = True
        ids = ids[used]
        return node if (ids[1:] > ids[:-1]).all() else None  # in id order

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
        self.xs = np.zeros(0, dtype=np.int64)
        self.ys = np.zeros(0, dtype=np.int64)
        self.node: np.ndarray | None = None

    @staticmethod
    def _flat(buf: array[Any], dtype: type) -> np.ndarray:
        return np.frombuffer(buf, dtype=dtype).copy() if len(buf) else np.zeros(0, dtype)

    def to_ways(self) -> tuple[_Ways, np.ndarray, np.ndarray]:
        """Return the ways (without coordinates) and the node locations as int arrays."""
        flat = self._flat
        x, y = np.asarray(self.xs, dtype=np.int64), np.asarray(self.ys, dtype=np.int64)
        ways = _Ways(
            way_id=flat(self.way_ids, np.int64), attr=flat(self.way_attr, np.int32),
            offsets=np.concatenate([[0], np.cumsum(flat(self.lengths, np.int64))]),
            ref=flat(self.refs, np.int64), lon=np.zeros(0), lat=np.zeros(0),
            attrs=list(self.attr_index), node=self.node,
        )
        return ways, x, y


#: Characters OPL escapes as ``%<hex code point>%`` (a literal ``%`` is one of them).
_OPL_ESCAPE = re.compile(r"%([0-9a-fA-F]+)%")

#: Characters of OPL parsed at a time (bounds the memory of one chunk).
_CHUNK_BYTES = 1 << 24


def _unescape(text: str) -> str:
    return _OPL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "%" in text else text


_SPLIT_PAIR = operator.methodcaller("split", "=", 1)

#: Distinct tag lists whose classification is remembered (about 100 bytes each).
_CACHE_SIZE = 500_000


def _opl_tags(field: str) -> dict[str, str]:
    """Return the tags of an OPL ``T`` field (``Tk=v,k2=v2``), the first of a repeated key."""
    if len(field) <= 1:
        return {}
    pairs = field[1:].split(",")
    if "%" not in field:  # nothing escaped: the common case
        tags = dict(map(_SPLIT_PAIR, pairs))
        if len(tags) == len(pairs):  # no key given twice
            return tags
    tags = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        tags.setdefault(_unescape(key), _unescape(value))
    return tags


def _check_node_index(node_index: str) -> None:
    """Refuse a node-location index libosmium cannot create (the option is kept valid)."""
    try:
        osmium.index.create_map(node_index)
    except RuntimeError as exc:
        raise OsmError(f"cannot use the node-location index {node_index!r} (--node-index): "
                       f"{exc}") from exc


def _write_opl(source: Path, out: Path, entities: Any, *handlers: Any) -> None:
    """Run libosmium over ``source`` (C++ only) and write what passes ``handlers`` as OPL."""
    try:
        with osmium.SimpleWriter(osmium.io.File(str(out), "opl,add_metadata=false")) as writer, \
                osmium.io.Reader(str(source), entities) as reader:
            osmium.apply(reader, *handlers, writer)
    except RuntimeError as exc:
        raise OsmError(f"{source}: cannot read as an OSM extract (truncated or not OSM "
                       f"data?): {exc}") from exc


def _parse_ways(opl: Path, classify: _Classifier, buf: _Buffers,
                bar: Any) -> tuple[int, dict[str, int]]:
    """Read the ways' OPL into ``buf`` (ids, attributes, node ids); return count, skipped.

    Lines are ``w<id> T<tags> N<node ids>``; each distinct tag list is classified once.
    """
    attr_index = buf.attr_index
    reasons: list[str] = []
    cache: dict[str, int] = {}  # tags -> attribute index, -1 not kept, -2-k skip reason k
    skip_count: dict[str, int] = {}
    read = 0
    with opl.open(encoding="utf-8") as lines_in:
        while chunk := lines_in.read(_CHUNK_BYTES):
            chunk += lines_in.readline()  # to the end of the line
            fields = chunk.rstrip("\n").replace("\n", " ").split(" ")
            wids, tag_fields, node_fields = fields[0::3], fields[1::3], fields[2::3]
            n_lines = len(wids)
            read += n_lines
            if len(cache) > _CACHE_SIZE:  # names make many tag lists unique: bound it
                cache.clear()
            for tags in dict.fromkeys(tag_fields):
                if tags not in cache:
                    cache[tags] = _code(classify(_opl_tags(tags)), attr_index, reasons)
            code = np.fromiter(map(cache.__getitem__, tag_fields), dtype=np.int64,
                               count=n_lines)
            for k, n in enumerate(np.bincount(-2 - code[code <= -2]).tolist()):
                if n:
                    skip_count[reasons[k]] = skip_count.get(reasons[k], 0) + n
            kept = code >= 0
            ids = np.fromstring(",".join(wids).replace("w", ""), dtype=np.int64, sep=",")
            nodes = np.array(node_fields, dtype=object)[kept]
            sizes = np.fromiter(map(len, nodes), dtype=np.int64, count=len(nodes))
            lengths = np.fromiter(map(str.count, nodes, itertools.repeat(",")), dtype=np.int64,
                                  count=len(nodes)) + 1
            lengths[sizes <= 1] = 0  # "N" alone: a way without nodes
            text = ",".join(nodes[sizes > 1]).replace("N", "").replace("n", "")
            refs = np.fromstring(text, dtype=np.int64, sep=",") if text else \
                np.zeros(0, np.int64)
            if len(ids) != n_lines or len(refs) != lengths.sum():
                raise RuntimeError(f"{opl}: OPL from libosmium not as expected")
            buf.refs.frombytes(refs.tobytes())
            buf.way_ids.frombytes(ids[kept].tobytes())
            buf.way_attr.frombytes(code[kept].astype(np.int32).tobytes())
            buf.lengths.frombytes(lengths.tobytes())
            bar.update(n_lines)
            bar.set_postfix(kept=len(buf.way_ids), refresh=False)
    # skip reasons in the order they were first met, as the classifier met them
    skipped = {r: skip_count[r] for r in reasons if r in skip_count}
    return read, skipped


def _code(found: _Attr | str | None, attr_index: dict[_Attr, int], reasons: list[str]) -> int:
    """Return the cache code of a classifier's answer (see :func:`_parse_ways`)."""
    if found is None:
        return -1
    if isinstance(found, str):
        if found not in reasons:
            reasons.append(found)
        return -2 - reasons.index(found)
    return attr_index.setdefault(found, len(attr_index))


def _locations(source: Path, opl: Path, refs: np.ndarray,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the fixed-point locations of the nodes ``refs`` (a second pass over the file).

    Nodes missing from the extract get libosmium's undefined coordinate, and so do nodes
    of negative id (as libosmium's location index for ways treats them). Also returned:
    the index of each reference's node among the distinct ids in order (-1: negative id).
    """
    x = np.full(len(refs), _UNDEFINED, dtype=np.int64)
    y = np.full(len(refs), _UNDEFINED, dtype=np.int64)
    node = np.full(len(refs), -1, dtype=np.int64)
    valid = refs >= 0
    order = np.argsort(refs[valid])
    ordered = refs[valid][order]
    new = np.concatenate([[True], ordered[1:] != ordered[:-1]]) if len(ordered) else \
        np.zeros(0, dtype=bool)
    wanted = ordered[new]
    if not len(wanted):
        return x, y, node
    slot = np.empty(len(ordered), dtype=np.int64)  # index in ``wanted`` of each valid ref
    slot[order] = np.cumsum(new) - 1
    node[valid] = slot
    _write_opl(source, opl, osmium.osm.NODE, osmium.filter.IdFilter(wanted.tolist()))
    ids, nx, ny = _read_nodes(opl)
    if not len(ids):
        return x, y, node
    if not (ids[1:] > ids[:-1]).all():
        # not sorted; a node given twice keeps its last location (libosmium's location
        # index answered either, depending on its mode)
        by_id = np.argsort(ids, kind="stable")
        ids, nx, ny = ids[by_id], nx[by_id], ny[by_id]
        last = np.ones(len(ids), dtype=bool)
        last[:-1] = ids[:-1] != ids[1:]
        ids, nx, ny = ids[last], nx[last], ny[last]
    if len(ids) != len(wanted) or not (ids == wanted).all():  # some nodes are missing
        pos = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
        found = ids[pos] == wanted
        nx = np.where(found, nx[pos], _UNDEFINED)
        ny = np.where(found, ny[pos], _UNDEFINED)
    x[valid] = nx[slot]
    y[valid] = ny[slot]
    return x, y, node


def _read_nodes(opl: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the ids and fixed-point locations of the nodes of an OPL file.

    Lines are ``n<id> T<tags> x<lon> y<lat>``; with the letters n, x and y deleted (bytes:
    they are never part of a multi-byte UTF-8 character) the numbers are in columns 0, 2
    and 3. An undefined location is left empty and becomes libosmium's undefined value.
    """
    ids_l, lon_l, lat_l = [], [], []
    with opl.open("rb") as lines_in:
        while chunk := lines_in.read(_CHUNK_BYTES):
            text = (chunk + lines_in.readline()).translate(None, b"nxy")  # to a line's end
            table = pd.read_csv(io.BytesIO(text), sep=" ", header=None, usecols=[0, 2, 3],
                                names=["id", "tags", "x", "y"], quoting=3, engine="c",
                                dtype={"id": np.int64, "tags": object, "x": np.float64,
                                       "y": np.float64})
            ids_l.append(table["id"].to_numpy())
            lon_l.append(table["x"].to_numpy())
            lat_l.append(table["y"].to_numpy())
    if not ids_l:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    ids, lon, lat = np.concatenate(ids_l), np.concatenate(lon_l), np.concatenate(lat_l)
    defined = np.isfinite(lon) & np.isfinite(lat)
    nx = np.where(defined, np.rint(np.where(defined, lon, 0.0) * 1e7), _UNDEFINED)
    ny = np.where(defined, np.rint(np.where(defined, lat, 0.0) * 1e7), _UNDEFINED)
    return ids, nx.astype(np.int64), ny.astype(np.int64)


def _stream(source: Path, classify: _Classifier, buf: _Buffers,
            progress: bool | None) -> tuple[int, dict[str, int]]:
    """Read the ways into ``buf``; return the number read and the skipped ones by reason.

    Two passes of libosmium in C++: the ways passing the classifier's tag filter are
    written as OPL (tags and node ids) and parsed in bulk, then the nodes they use are
    written and looked up by id (no location index over all the extract's nodes).
    """
    bar = tqdm(desc="reading ways", unit=" ways", unit_scale=True, mininterval=0.5,
               disable=None if progress is None else not progress)
    try:
        with tempfile.TemporaryDirectory(prefix="corridor-osm-") as tmp:
            ways_opl = Path(tmp) / "ways.opl"
            _write_opl(source, ways_opl, osmium.osm.WAY, classify.prefilter())
            read, skipped = _parse_ways(ways_opl, classify, buf, bar)
            ways_opl.unlink()
            refs = np.frombuffer(buf.refs, dtype=np.int64) if len(buf.refs) else np.zeros(
                0, np.int64)
            x, y, node = _locations(source, Path(tmp) / "nodes.opl", refs)
    finally:
        bar.close()
    buf.xs, buf.ys, buf.node = x, y, node
    return read, skipped


def _read_ways(
    path: str | os.PathLike[str],
    highway: str = "secondary",
    include_service: bool = False,
    progress: bool | None = None,
    report: BuildReport | None = None,
    node_index: str | None = None,
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
        Deprecated and ignored (see :func:`corridor.osm.build`); checked when given.

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
    if node_index is not None:
        _check_node_index(node_index)
    started, cpu_started = time.perf_counter(), time.process_time()
    buf = _Buffers()
    read, skipped = _stream(source, classify, buf, progress)
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
        node=ways.node[keep] if ways.node is not None else None,
    )
