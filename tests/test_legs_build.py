"""How a path becomes legs: equal to the dataclass's construction, geometries in travel order."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import pickle

import numpy as np
import pytest
import shapely

from corridor import NoRoute, geodata, routing
from corridor.routing.legs import Leg, Route
from corridor.scenarios import Scenario

SCENARIO = Scenario(name="bench", link_statuses=("operating",))


def _routes(data: geodata.GeoData, specs: list[tuple[object, object, dict[str, object]]],
            scenario: str | Scenario = "today") -> list[Route]:
    out = []
    for origin, destination, options in specs:
        try:
            out.append(routing.route(origin, destination, scenario=scenario,  # type: ignore[arg-type]
                                     data=data, explain=False, **options))  # type: ignore[arg-type]
        except NoRoute:
            continue
    return out


def _shipped_legs(shipped: geodata.GeoData) -> list[Leg]:
    specs: list[tuple[object, object, dict[str, object]]] = [
        ("baku", "kars", {}), ("kars", "baku", {}), ("baku", "nakhchivan", {}),
        ("aktau", "istanbul", {}), ("aktau", "baku", {"modes": "road"}),
        ((44.51, 40.18), "kars", {}), ("kars", (44.51, 40.18), {}),
        ((44.51, 40.18), (44.8, 41.7), {}), ("baku", "kars", {"profile": "passenger"}),
    ]
    return [leg for r in _routes(shipped, specs) for leg in r.legs]


def test_a_leg_may_be_built_from_its_field_dict() -> None:
    # _new_leg takes the instance dict as it is: only sound while Leg runs no code on init
    assert not hasattr(Leg, "__post_init__")
    assert "__slots__" not in vars(Leg)
    assert dataclasses.fields(Leg)[0].name == "kind"


def test_legs_built_fast_equal_the_dataclass_init(shipped: geodata.GeoData) -> None:
    found = _shipped_legs(shipped)
    kinds = {leg.kind for leg in found}
    # the routes cover every kind of leg a path gives
    assert {"link", "transfer", "border", "access"} <= kinds, kinds
    assert any(leg.fraction < 1.0 for leg in found)  # parts of a link at a snapped point
    for leg in found:
        fields = {f.name: getattr(leg, f.name) for f in dataclasses.fields(Leg)}
        slow = Leg(**fields)
        assert leg == slow
        assert repr(leg) == repr(slow)
        assert vars(leg) == vars(slow)
        assert leg.to_dict() == slow.to_dict()
        assert pickle.loads(pickle.dumps(leg)) == slow
        assert copy.copy(leg) == slow
        assert hash(leg) == hash(slow)
        with pytest.raises(dataclasses.FrozenInstanceError):
            leg.kind = "x"  # type: ignore[misc]


def test_every_field_of_a_leg_is_set(shipped: geodata.GeoData) -> None:
    names = {f.name for f in dataclasses.fields(Leg)}
    for leg in _shipped_legs(shipped):
        assert set(vars(leg)) == names, leg.kind


def _ends(geom: object) -> tuple[np.ndarray, np.ndarray]:
    coords = shapely.get_coordinates(geom)
    return coords[0], coords[-1]


def test_a_route_is_drawn_in_travel_order(synthetic_extract: geodata.GeoData) -> None:
    # each moving leg starts where the one before it ended: a geometry travelled against
    # its link's direction is reversed (about half of them on random pairs)
    rng = np.random.default_rng(3)
    ids = list(synthetic_extract.places.index)
    picks = [str(ids[i]) for i in rng.choice(len(ids), 40, replace=False)]
    specs: list[tuple[object, object, dict[str, object]]] = [
        (picks[2 * k], picks[2 * k + 1], {}) for k in range(20)]
    found = _routes(synthetic_extract, specs, SCENARIO)
    moving = 0
    for r in found:
        lines = [leg for leg in r.legs if leg.kind in ("link", "access", "local")]
        moving += len(lines)
        for a, b in itertools.pairwise(lines):
            if a.to_place == b.from_place:
                assert np.allclose(_ends(a.geometry)[1], _ends(b.geometry)[0]), (a, b)
    assert moving > 100


def test_points_are_joined_to_the_network_in_travel_order(shipped: geodata.GeoData) -> None:
    point = (44.51, 40.18)
    for r in _routes(shipped, [(point, "kars", {}), ("kars", point, {})]):
        drawn = [leg.geometry for leg in r.legs if leg.kind in ("link", "access")]
        for a, b in itertools.pairwise(drawn):
            assert np.allclose(_ends(a)[1], _ends(b)[0])
        first, last = _ends(drawn[0])[0], _ends(drawn[-1])[1]
        assert np.allclose(first if r.origin != "kars" else last, point)

