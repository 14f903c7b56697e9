"""What an OSM build read, kept, merged, dropped and snapped (:class:`BuildReport`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class BuildReport:
    """What :func:`build` read, kept, merged, dropped and snapped.

    Attributes
    ----------
    ways_read, ways_kept
        Ways passing the tag pre-filter (any kept highway class, railway or ferry tag;
        other ways are skipped in C++ and not counted), and ways kept.
    skipped
        Ways dropped after matching the filter, by reason (``service`` track, unknown
        ``gauge``, ``missing_nodes``).
    segments
        Pieces of ways after splitting at shared nodes.
    links, junctions
        Links and junction places written.
    pieces_dropped, links_dropped
        Disconnected pieces shorter than ``min_piece_km``, and their links.
    loops_dropped, degenerate_dropped
        Links that start and end at the same place, and links shorter than the 1 m grid.
    snapped
        Curated place id -> list of ``(mode, OSM node id, distance km)`` it snapped to.
    unsnapped
        Curated places (of a snapping kind) with no OSM vertex within the radius.
    seconds, read_seconds, read_cpu_seconds
        Wall time of the whole build and of reading the extract; CPU time of reading
        (all threads). For several extracts (:func:`corridor.osm.build_many`) reading
        times and counts are summed over the extracts.
    pieces_read, duplicate_ways, workers
        Extracts stitched (0: one extract, :func:`build`), copies of ways found in
        more than one of them (dropped: each way is kept once), and the Dask workers
        that read them (0: read in the building process).
    border_nodes, border_merges
        Nodes the extracts' kept ways share, where a partitioned build joins their links
        (0: one extract, or not partitioned), and those a chain of links was merged
        through when joining.
    """

    ways_read: int = 0
    ways_kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    segments: int = 0
    links: int = 0
    junctions: int = 0
    pieces_dropped: int = 0
    links_dropped: int = 0
    loops_dropped: int = 0
    degenerate_dropped: int = 0
    snapped: dict[str, list[tuple[str, int, float]]] = field(default_factory=dict)
    unsnapped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    read_seconds: float = 0.0
    read_cpu_seconds: float = 0.0
    pieces_read: int = 0
    duplicate_ways: int = 0
    workers: int = 0
    border_nodes: int = 0
    border_merges: int = 0

    def add_reading(self, pieces: Iterable[BuildReport]) -> None:
        """Add the reading counts and times of the ``pieces`` (one report per extract read)."""
        for piece in pieces:
            self.ways_read += piece.ways_read
            self.read_seconds += piece.read_seconds
            self.read_cpu_seconds += piece.read_cpu_seconds
            for reason, count in piece.skipped.items():
                self.skipped[reason] = self.skipped.get(reason, 0) + count

    @property
    def ways_per_s(self) -> float:
        """Ingest throughput: ways read per second of reading."""
        return self.ways_read / self.read_seconds if self.read_seconds > 0 else math.nan

    def __str__(self) -> str:
        skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(self.skipped.items())) or "none"
        unsnapped = ", ".join(self.unsnapped[:10]) or "none"
        if len(self.unsnapped) > 10:
            unsnapped += f" … and {len(self.unsnapped) - 10} more"
        where = f" read on {self.workers} Dask worker(s)" if self.workers else ""
        joined = f", joined at {self.border_nodes:,} border node(s)" if self.border_nodes else ""
        stitched = [f"stitched {self.pieces_read:,} extracts{where}; {self.duplicate_ways:,} "
                    f"way(s) in more than one kept once{joined}"] if self.pieces_read else []
        return "\n".join([
            *stitched,
            f"read {self.ways_read:,} road/rail/ferry ways in {self.read_seconds:.1f} s "
            f"({self.ways_per_s:,.0f} ways/s); kept {self.ways_kept:,} (skipped: {skipped})",
            f"{self.segments:,} segments -> {self.links:,} links, {self.junctions:,} junctions",
            f"dropped {self.pieces_dropped:,} disconnected piece(s) ({self.links_dropped:,} "
            f"links), {self.loops_dropped:,} loop(s), {self.degenerate_dropped:,} "
            "degenerate link(s)",
            f"snapped {len(self.snapped):,} curated place(s); not snapped: {unsnapped}",
        ])
