"""Gould-Fernandez brokerage counts against a direct enumeration of the definition."""

from __future__ import annotations

from hypothesis import given, settings

from olievlek.analysis.brokerage import ROLES, brokerage
from olievlek.analysis.graph import network_from_edges
from tests.analysis.test_measures import small_networks


def reference(ids, edges, units):
    tie = set(edges)
    counts = {p: dict.fromkeys(ROLES, 0) for p in ids}
    for a in ids:
        for v in ids:
            for b in ids:
                if len({a, v, b}) < 3 or (a, v) not in tie or (v, b) not in tie or (a, b) in tie:
                    continue
                if not (a in units and v in units and b in units):
                    continue
                ga, gv, gb = units[a], units[v], units[b]
                if ga == gv == gb:
                    role = "coordinator"
                elif ga == gb:
                    role = "itinerant"
                elif gv == gb:
                    role = "gatekeeper"
                elif ga == gv:
                    role = "representative"
                else:
                    role = "liaison"
                counts[v][role] += 1
    return counts


@settings(max_examples=80, deadline=None)
@given(small_networks())
def test_brokerage_matches_the_definition(case):
    ids, edges, units = case
    got = brokerage(network_from_edges(ids, edges, units=units))
    expected = reference(ids, edges, units)
    assert {p: got.loc[p].to_dict() for p in ids} == expected


@settings(max_examples=30, deadline=None)
@given(small_networks())
def test_brokerage_blocks_do_not_change_counts(case):
    ids, edges, units = case
    net = network_from_edges(ids, edges, units=units)
    assert brokerage(net, max_pairs=1).equals(brokerage(net))


def test_each_role_by_hand():
    # v brokers a -> v -> b; the units of a, v and b decide the role.
    cases = {
        ("x", "x", "x"): "coordinator",
        ("x", "y", "x"): "itinerant",
        ("y", "x", "x"): "gatekeeper",
        ("x", "x", "y"): "representative",
        ("x", "y", "z"): "liaison",
    }
    for (ua, uv, ub), role in cases.items():
        net = network_from_edges(["a", "v", "b"], [("a", "v"), ("v", "b")],
                                 units={"a": ua, "v": uv, "b": ub})
        counts = brokerage(net).loc["v"]
        assert counts[role] == 1 and counts.sum() == 1, role


def test_closed_and_returning_paths_do_not_count():
    units = {"a": "x", "v": "y", "b": "x"}
    closed = network_from_edges(["a", "v", "b"], [("a", "v"), ("v", "b"), ("a", "b")], units=units)
    assert brokerage(closed).to_numpy().sum() == 0
    back = network_from_edges(["a", "v"], [("a", "v"), ("v", "a")], units={"a": "x", "v": "y"})
    assert brokerage(back).to_numpy().sum() == 0
    # Someone without a unit takes no part.
    nounit = network_from_edges(["a", "v", "b"], [("a", "v"), ("v", "b")], units={"a": "x", "v": "y"})
    assert brokerage(nounit).to_numpy().sum() == 0
