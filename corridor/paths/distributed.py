"""OD matrices on Dask distributed: sources partitioned across workers over one shared CSR view.

The CSR view (:class:`~corridor.paths.CSRGraph`) is sent to every worker once
(``Client.scatter(..., broadcast=True)``); each task answers the rows of one block of sources
(:meth:`CSRGraph.od_matrix`, Dijkstra or the contraction hierarchy, which a worker builds on
its own copy) and the blocks are stacked in source order, so the matrix equals the
single-process one. Needs ``dask`` and ``distributed`` (the ``distributed`` extra); the
memory model is in ``docs/scaling.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from corridor.paths.csr import CSRGraph, NodeOrGroup


def _block(csr: CSRGraph, sources: Sequence[NodeOrGroup], targets: Sequence[NodeOrGroup],
           backend: str) -> np.ndarray:
    """One task: the OD rows of a block of sources (runs on a worker)."""
    return csr.od_matrix(sources, targets, backend=backend)


def od_matrix(client: Any, csr: CSRGraph, sources: Sequence[NodeOrGroup],
              targets: Sequence[NodeOrGroup], *, blocks: int | None = None,
              backend: str = "auto") -> np.ndarray:
    """Return :meth:`CSRGraph.od_matrix` computed by the workers of a Dask ``client``.

    Parameters
    ----------
    client
        A ``distributed.Client`` (e.g. on a ``LocalCluster``).
    csr
        The CSR view; scattered to every worker once per call.
    sources, targets
        Nodes or node groups, as for :meth:`CSRGraph.od_matrix`.
    blocks
        Number of source blocks (tasks); default: twice the number of worker threads.
    backend
        ``auto``, ``ch`` or ``dijkstra`` (see :meth:`CSRGraph.use_ch`), on each worker.

    Returns
    -------
    numpy.ndarray
        ``len(sources) × len(targets)`` least costs (``inf``: no path), in source order.
    """
    sources = list(sources)
    if not sources:
        return np.full((0, len(targets)), np.inf)
    if blocks is None:
        blocks = 2 * max(1, sum(client.nthreads().values()))
    bounds = np.linspace(0, len(sources), min(blocks, len(sources)) + 1).astype(int)
    shared = client.scatter(csr, broadcast=True, hash=False)  # a key per call: no race
    wanted = list(targets)
    futures = [client.submit(_block, shared, sources[a:b], wanted, backend, pure=False)
               for a, b in itertools.pairwise(bounds.tolist()) if b > a]
    return np.vstack(client.gather(futures))
