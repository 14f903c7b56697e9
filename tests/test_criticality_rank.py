"""The criticality ranking's shortcuts (unchanged links merged by id) equal the one full sort."""

from __future__ import annotations

import importlib

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import analysis
from corridor.network import link_ids
from corridor.paths import LinkCut

# the module (``corridor.analysis.criticality`` the attribute is the function)
crit = importlib.import_module("corridor.analysis.criticality")

#: Values around the rounding of the rank key (6 decimals for hours, 9 for weights): some
#: round to zero and must tie with the links that change nothing, some just do not.
NEAR_ZERO = [0.0, -0.0, 1e-12, -1e-12, 4e-7, -4e-7, 5e-7, 6e-7, -6e-7, 1e-6, 4e-10, 6e-10]
VALUES = [*NEAR_ZERO, 0.25, 1.0, -1.0, 2.5, 1e3, float("inf")]


@st.composite
def items(draw: st.DrawFn) -> analysis.Criticality:
    """A ranked item: mostly unchanged (all zero), else near-zero or clearly changed values."""
    lid = f"l{draw(st.integers(0, 30))}"  # repeats: equal ids keep their input order
    if draw(st.integers(0, 2)) == 0:
        return analysis.Criticality(lid, draw(st.sampled_from([0.0, -0.0])))
    lost = tuple(draw(st.lists(st.integers(0, 5), max_size=3, unique=True)))
    weight = draw(st.sampled_from([-1.0, *VALUES[:12], 0.5, 1.0, 2.0]))
    return analysis.Criticality(lid, draw(st.sampled_from(VALUES)), lost,
                                lost_weight=weight, lost_h=draw(st.sampled_from(VALUES)))


def _full_sort(listed: list[analysis.Criticality]) -> list[analysis.Criticality]:
    return sorted(listed, key=lambda c: (*crit._rank_key(c), c.link_id))


@settings(max_examples=300, deadline=None)
@given(st.lists(items(), max_size=40))
def test_ranking_equals_one_sort_with_the_full_key(listed: list[analysis.Criticality]) -> None:
    ranked = analysis.rank_criticality(iter(listed))
    # the same objects in the same order (ids: equal items with one link id stay in input order)
    assert [id(c) for c in ranked] == [id(c) for c in _full_sort(listed)]


def test_a_nan_falls_back_to_the_one_sort() -> None:
    listed = [analysis.Criticality("b", 0.0), analysis.Criticality("a", float("nan")),
              analysis.Criticality("c", 1.0), analysis.Criticality("a", 0.0)]
    assert [id(c) for c in analysis.rank_criticality(listed)] == [
        id(c) for c in _full_sort(listed)]


@given(st.text(max_size=5), st.sampled_from(VALUES),
       st.lists(st.integers(0, 9), max_size=3, unique=True))
def test_a_criticality_built_from_a_cut_equals_the_dataclass(
        lid: str, rise: float, lost: list[int]) -> None:
    built = crit._criticality_of(LinkCut(lid, rise, tuple(lost)))
    expected = analysis.Criticality(lid, rise, tuple(lost))
    assert built == expected
    assert repr(built) == repr(expected)
    assert vars(built) == vars(expected)


def test_the_links_of_a_frozen_graph_are_listed_once_and_of_a_live_graph_every_time() -> None:
    graph = nx.MultiGraph()
    graph.add_edge(1, 2, link_id="b")
    graph.add_edge(2, 3, link_id="a")
    assert crit._links_of(graph, None) == ["a", "b"]
    graph.add_edge(3, 4, link_id="c")  # a live graph may change between calls
    assert crit._links_of(graph, None) == ["a", "b", "c"]
    frozen = nx.freeze(graph.copy())
    first = crit._links_of(frozen, None)
    assert first == link_ids(frozen)
    first.append("mutated by the caller")  # a fresh list each call: the cache stays intact
    assert crit._links_of(frozen, None) == ["a", "b", "c"]
    assert crit._links_of(frozen, ["z", "a"]) == ["z", "a"]
