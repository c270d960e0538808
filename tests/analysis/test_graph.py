"""Building the graph of a wave: from a package and from plain ids and ties."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings

from olievlek.analysis.change import compare_waves
from olievlek.analysis.graph import network_from_edges, network_from_package, wave_people
from tests.analysis.test_measures import small_networks
from tests.factories import small_package


def test_every_person_of_the_wave_is_a_vertex_in_people_order():
    net = network_from_package(small_package(), "2024")
    # p5 joined the network in 2025: not in the 2024 network, not an isolate of it.
    assert net.ids == ["p1", "p2", "p3", "p4", "p6"]
    assert net.graph.vs["id"] == net.ids
    assert net.graph.is_directed()
    edges = {(net.ids[s], net.ids[t]) for s, t in net.graph.get_edgelist()}
    assert edges == {("p2", "p1"), ("p3", "p2"), ("p4", "p2")}
    # p2's earliest membership is the stuurgroep; p6 has none.
    assert net.units == {"p1": "u-stuur", "p2": "u-stuur", "p3": "u-a", "p4": "u-a"}
    assert net.unit_info.loc["u-a", "process"] == "praktijk"
    assert net.unit_info.loc["u-a", "parent"] == "u-stuur"
    assert len(net.memberships) == 5  # p5's membership is not of this wave's people
    assert net.roster == 5 and net.responded == {"p1", "p2", "p3", "p4"}
    assert net.coordination_members() == {"p1", "p2"}


def test_a_wave_is_its_roster_and_the_people_in_its_ties():
    pkg = small_package()
    # 2025: p4 left (no response row, no tie), p5 joined; p6 invited, did not answer.
    later = network_from_package(pkg, "2025")
    assert later.ids == ["p1", "p2", "p3", "p5", "p6"]
    assert not later.has_responded("p6") and later.has_responded("p5")
    # Someone named in a tie is in the wave even without a response row; a tie's source
    # answered, whatever their response says.
    pkg.ties.loc[len(pkg.ties)] = ["2025", "p5", "p4", "advice", 3, pd.NA, ""]
    assert "p4" in network_from_package(pkg, "2025").ids
    assert not network_from_package(pkg, "2025").has_responded("p4")


def test_a_wave_without_responses_is_the_people_in_its_ties():
    pkg = small_package()
    pkg.responses = pkg.responses[pkg.responses["wave"] != "2024"]
    assert network_from_package(pkg, "2024").ids == ["p1", "p2", "p3", "p4"]


def test_min_frequency_and_relation_select_ties():
    pkg = small_package()
    assert network_from_package(pkg, "2025", min_frequency=3).graph.ecount() == 2
    assert network_from_package(pkg, "2025", min_frequency=1).graph.ecount() == 3
    assert network_from_package(pkg, "2024", "motivation", min_frequency=1).graph.ecount() == 1


def test_unknown_wave_names_the_waves():
    with pytest.raises(KeyError, match="2024, 2025"):
        network_from_package(small_package(), "2023")


def test_wave_people_from_responses_and_ties():
    assert wave_people(small_package(), "2024") == {"p1", "p2", "p3", "p4", "p6"}


def test_edges_are_cleaned_and_checked():
    net = network_from_edges(["a", "b"], [("a", "b"), ("a", "b"), ("b", "b")])
    assert net.graph.get_edgelist() == [(0, 1)]
    with pytest.raises(ValueError, match="unknown person"):
        network_from_edges(["a"], [("a", "z")])
    with pytest.raises(ValueError, match="unique"):
        network_from_edges(["a", "a"], [])


@settings(max_examples=40, deadline=None)
@given(small_networks(), small_networks())
def test_change_is_set_arithmetic_on_ties(first, second):
    ids = sorted(set(first[0]) | set(second[0]))
    before = network_from_edges(ids, first[1])
    after = network_from_edges(ids, second[1])
    change = compare_waves(before, after)
    a, b = set(first[1]), set(second[1])
    by_status = {s: set(zip(g.source, g.target)) for s, g in change.ties.groupby("status")}
    assert by_status.get("kept", set()) == a & b
    assert by_status.get("new", set()) == b - a
    assert by_status.get("lost", set()) == a - b
    assert change.jaccard == (len(a & b) / len(a | b) if a | b else None)
    people = change.people.set_index("id")
    for p in ids:
        assert people.loc[p, "in_degree_change"] == (
            sum(t == p for _, t in b) - sum(t == p for _, t in a)
        )
