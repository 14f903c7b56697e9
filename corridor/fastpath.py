"""Deprecated alias of :mod:`corridor.paths` (the compiled shortest-path engine moved there).

Importing it warns (``DeprecationWarning``). Every name of :mod:`corridor.paths` reads through
to it, and setting one (e.g. ``FASTPATH_MIN_NODES`` in a test) sets it where the engine reads
it. The place-level helpers moved to :mod:`corridor.analysis` and :mod:`corridor.network`:

* ``fastpath.criticality(graph, PairTimes(...))`` → ``analysis.criticality(graph, times)``
* ``fastpath.PairTimes`` → ``analysis.PairTimes``; ``fastpath.od_time`` → ``analysis.od_time``
* ``fastpath.place_groups(graph, places, modes)`` → ``network.place_endpoints(...)``
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

from corridor import analysis, network, paths
from corridor.paths import csr, search

warnings.warn("corridor.fastpath is deprecated; use corridor.paths (engine) and "
              "corridor.analysis (places, criticality)", DeprecationWarning, stacklevel=2)

#: Where each name now lives.
_MOVED: dict[str, types.ModuleType] = {
    **{name: csr for name in vars(csr) if not name.startswith("__")},
    **{name: search for name in vars(search) if not name.startswith("__")},
}
_PLACES: dict[str, Any] = {
    "PairTimes": analysis.PairTimes,
    "od_time": analysis.od_time,
    "criticality": analysis.criticality,
    "place_groups": network.place_endpoints,
}


def _forward(name: str) -> property:
    """Return a data descriptor reading and writing ``name`` where it now lives.

    So that ``monkeypatch.setattr(fastpath, name, ...)`` and its undo reach the engine.
    """
    home = _MOVED[name]
    return property(lambda _self: getattr(home, name),
                    lambda _self, value: setattr(home, name, value))


class _Alias(types.ModuleType):
    """Reads and writes go to the module that now holds the name."""

    FASTPATH_MIN_NODES = _forward("FASTPATH_MIN_NODES")
    CACHE_KEY = _forward("CACHE_KEY")
    BASE_KEY = _forward("BASE_KEY")

    def __getattr__(self, name: str) -> Any:
        if name in _PLACES:
            return _PLACES[name]
        if name in _MOVED:
            return getattr(_MOVED[name], name)
        if hasattr(paths, name):
            return getattr(paths, name)
        raise AttributeError(f"module 'corridor.fastpath' has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _MOVED:
            setattr(_MOVED[name], name, value)
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name in _MOVED:
            delattr(_MOVED[name], name)
        else:
            super().__delattr__(name)


sys.modules[__name__].__class__ = _Alias
