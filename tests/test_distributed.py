"""OD on Dask distributed (LocalCluster, 2 workers) equals the single-process OD."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from corridor import paths
from corridor.paths import distributed as dist

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def _grid() -> nx.Graph:
    """A 40×40 grid with random weights, some links cut off (unreachable pairs)."""
    rng = np.random.default_rng(5)
    g = nx.grid_2d_graph(40, 40)
    for k, (u, v) in enumerate(g.edges):
        g.edges[u, v].update(time_h=float(rng.uniform(0.1, 3.0)), link_id=f"l{k}")
    g.add_node((99, 99))  # isolated
    return g


def test_od_on_two_workers_equals_one_process(client) -> None:  # type: ignore[no-untyped-def]
    csr = paths.CSRGraph.from_networkx(_grid(), "time_h")
    rng = np.random.default_rng(1)
    nodes = list(csr.nodes)
    sources = [nodes[i] for i in rng.choice(len(nodes), 23, replace=False)]
    sources[3] = [sources[3], (0, 0)]  # a group
    sources[5] = (99, 99)
    targets = [nodes[i] for i in rng.choice(len(nodes), 17, replace=False)]
    want = csr.od_matrix(sources, targets, backend="dijkstra")
    assert np.isinf(want).any() and np.isfinite(want).sum() > 300
    from distributed import get_task_stream

    for blocks in (None, 1, 5, 100):
        with get_task_stream(client) as stream:
            got = dist.od_matrix(client, csr, sources, targets, blocks=blocks,
                                 backend="dijkstra")
        assert np.array_equal(got, want)  # same searches: same floats, same order
        blocks_run = [t for t in stream.data if t["key"].startswith("_block")]
        assert len(blocks_run) == min(blocks or 4, len(sources))
        if blocks == 100:  # many tasks: both workers took some
            assert len({t["worker"] for t in blocks_run}) == 2
    assert dist.od_matrix(client, csr, [], targets).shape == (0, len(targets))
