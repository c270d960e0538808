"""The study's questions: leadership, subsystems, core/periphery, islands, vulnerability, change."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings

from olievlek.analysis.change import compare_package_waves, compare_waves
from olievlek.analysis.coreperiphery import core_periphery, coreness
from olievlek.analysis.graph import network_from_edges, network_from_package
from olievlek.analysis.islands import islands
from olievlek.analysis.leadership import formal_leaders, leadership
from olievlek.analysis.subsystems import (
    communities_vs_units,
    linking_pins,
    normalized_mutual_information,
    unit_matrix,
)
from olievlek.analysis.vulnerability import departures, top_departures
from tests.analysis.test_measures import small_networks
from tests.factories import small_package


@pytest.fixture
def wave2024():
    return network_from_package(small_package(), "2024", min_frequency=1)


def test_leadership_formal_against_informal(wave2024):
    # 2024 advice: p2 -> p1, p3 -> p2, p4 -> p2. p1 projectleider, p2 bestuurder.
    result = leadership(wave2024, top=1)
    assert result.formal == ["p1", "p2"]
    assert formal_leaders(wave2024) == {"p1": ["projectleider"], "p2": ["bestuurder"]}
    assert result.informal == ["p2"]  # most named (2) and the only broker
    assert result.overlap == ["p2"] and result.formal_only == ["p1"] and result.informal_only == []
    assert result.overlap_share == 0.5
    assert result.formal_tie_share == 1.0  # all three ties go to p1 or p2
    # Five people in 2024 (p5 joined later): two of them formal leaders.
    assert result.formal_people_share == pytest.approx(2 / 5)
    assert result.in_degree_centralization == pytest.approx((2 * 5 - 3) / 16)
    # Other role lists are a parameter, not an import.
    assert leadership(wave2024, roles=("LERAAR",), top=1).formal == ["p3", "p4"]


def test_unit_matrix_counts_and_densities(wave2024):
    m = unit_matrix(wave2024)
    # p2 -> p1 inside the stuurgroep; p3 -> p2 and p4 -> p2 inside team A (p2's primary unit
    # is the stuurgroep: earliest membership), so these two cross from u-a to u-stuur.
    assert m.counts.loc["u-stuur", "u-stuur"] == 1
    assert m.counts.loc["u-a", "u-stuur"] == 2
    assert m.counts.to_numpy().sum() == 3
    assert m.sizes.to_dict() == {"u-stuur": 2, "u-a": 2}  # p5 (u-b) joined in 2025
    assert m.density.loc["u-stuur", "u-stuur"] == 0.5
    assert m.density.loc["u-a", "u-stuur"] == 0.5
    later = unit_matrix(network_from_package(small_package(), "2025"))
    assert math.isnan(later.density.loc["u-b", "u-b"])  # one person: no tie possible
    by_process = unit_matrix(wave2024, by="process")
    assert list(by_process.counts.index) == ["coordinatie", "praktijk"]
    assert by_process.counts.loc["praktijk", "coordinatie"] == 2
    assert unit_matrix(wave2024, by="level").counts.loc["micro", "macro"] == 2
    with pytest.raises(ValueError):
        unit_matrix(wave2024, by="colour")


def test_linking_pins(wave2024):
    pins = linking_pins(wave2024).set_index("id")
    assert pins.loc["p2", "units"] == 2 and pins.loc["p2", "linking_pin"]
    assert pins.loc["p2", "cross_ties_in"] == 2 and pins.loc["p2", "other_units_tied"] == 1
    assert pins.loc["p3", "cross_ties_out"] == 1 and pins.loc["p3", "linking_pin"]
    assert not pins.loc["p1", "linking_pin"] and not pins.loc["p6", "linking_pin"]
    assert linking_pins(wave2024)["id"].iloc[0] == "p2"


def test_nmi():
    assert normalized_mutual_information([0, 0, 1, 1], ["a", "a", "b", "b"]) == pytest.approx(1)
    assert normalized_mutual_information([0, 1, 0, 1], ["a", "a", "b", "b"]) == pytest.approx(0)
    assert normalized_mutual_information([], []) is None
    # Hand value: a = (0,0,0,1), b = (0,0,1,1): I = 0.2158, H(a) = 0.5623, H(b) = 0.6931.
    assert normalized_mutual_information([0, 0, 0, 1], [0, 0, 1, 1]) == pytest.approx(
        2 * 0.215762 / (0.562335 + 0.693147), abs=1e-5
    )


def test_communities_against_units_recovers_two_cliques():
    a = [f"a{i}" for i in range(5)]
    b = [f"b{i}" for i in range(5)]
    edges = [(x, y) for grp in (a, b) for x in grp for y in grp if x != y] + [("a0", "b0")]
    net = network_from_edges(a + b, edges, units={**{x: "A" for x in a}, **{x: "B" for x in b}})
    from olievlek.analysis.measures import communities

    assert communities_vs_units(net, communities(net.graph)) == pytest.approx(1)


def test_core_periphery_finds_the_planted_core():
    core = [f"c{i}" for i in range(5)]
    periphery = [f"p{i}" for i in range(10)]
    edges = [(x, y) for x in core for y in core if x != y]
    edges += [(p, core[i % 5]) for i, p in enumerate(periphery)]
    units = {**{c: "coord" for c in core}, **{p: "team" for p in periphery}}
    net = network_from_edges(core + periphery, edges, units=units,
                             unit_info=[{"id": "coord", "name": "Kern", "process": "coordinatie"},
                                        {"id": "team", "name": "Team", "process": "praktijk"}])
    result = core_periphery(net)
    assert result.core == core
    assert result.split_fit == pytest.approx(1.0)
    people = result.people.set_index("id")
    assert people.coreness.max() == 1 and people.loc["p0", "coreness"] < 0.5
    by = result.by_process.set_index("process")
    assert by.loc["coordinatie", "core_share"] == 1 and by.loc["praktijk", "core_share"] == 0
    assert by.loc["onderzoek", "people"] == 0 and math.isnan(by.loc["onderzoek", "core_share"])


@settings(max_examples=40, deadline=None)
@given(small_networks())
def test_coreness_is_the_least_squares_fit(case):
    """The coreness minimises the off-diagonal squared error of the continuous model."""
    ids, edges, _ = case
    net = network_from_edges(ids, edges)
    c, fit = coreness(net)
    if not edges:
        assert fit is None and not c.any()
        return
    # Fitted on one weak component (the one it fits best); everyone else has coreness 0.
    from olievlek.analysis.measures import weak_components

    comp = weak_components(net.graph)
    main = comp == comp[int(np.argmax(c))]
    assert not c[~main].any()
    ids = [p for p, keep in zip(ids, main) if keep]
    c = c[main]
    a = nx.to_numpy_array(nx_graph_undirected(ids, [(s, t) for s, t in edges if s in ids]),
                          nodelist=ids)
    off = 1 - np.eye(len(ids))
    # Undo the max-1 scaling: loss(s c) is least at s^2 = sum a_ij c_i c_j / sum c_i^2 c_j^2.
    outer = np.outer(c, c) * off
    x = c * np.sqrt((a * outer).sum() / (outer**2).sum())
    # As good as a general-purpose optimiser from the degrees, to 0.1% (+0.005). (Trees and
    # stars have no minimum: the hub's coreness grows without end and both methods stop
    # close to the infimum, hence the relative tolerance.)
    from scipy.optimize import minimize

    def loss(v):
        return (((a - np.outer(v, v)) * off) ** 2).sum()

    start = a.sum(axis=1) / np.sqrt((a.sum(axis=1) ** 2).sum())
    assert loss(x) <= loss(start) + 1e-9
    best = minimize(loss, start, method="BFGS", options={"maxiter": 300})
    assert loss(x) <= best.fun * 1.001 + 0.005


def test_one_core_in_the_largest_component():
    big, small = ["a", "b", "c", "d"], ["x", "y", "z"]
    edges = [(s, t) for grp in (big, small) for s in grp for t in grp if s != t]
    result = core_periphery(network_from_edges(small + big, edges))
    people = result.people.set_index("id")
    assert (people.loc[big, "coreness"] == 1).all() and (people.loc[small, "coreness"] == 0).all()
    # (The split cannot take all of a, b, c, d: every remaining pair would then be a tie and
    # the correlation undefined; it takes three of them, by id.)
    assert result.core == ["a", "b", "c"]


def nx_graph_undirected(ids, edges):
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(edges)
    return g


def test_islands(wave2024):
    result = islands(wave2024)
    assert result.components["size"].tolist() == [4, 1]
    assert result.components.iloc[0]["members"] == ["p1", "p2", "p3", "p4"]
    assert result.isolates == ["p6"]  # p5 joined in 2025: not a 2024 isolate
    units = result.units.set_index("unit")
    assert units.loc["u-a", "ties_out"] == 2 and not units.loc["u-a", "isolated"]
    assert "u-b" not in units.index or not units.loc["u-b", "isolated"]  # nobody of u-b in 2024
    assert result.isolated_units == []


@settings(max_examples=60, deadline=None)
@given(small_networks(max_people=10))
def test_departures_equal_removing_each_person(case):
    ids, edges, units = case
    coordinators = {p for p, u in units.items() if u == "u1"}
    got = departures(network_from_edges(ids, edges), coordinators).set_index("id")
    g = nx_graph_undirected(ids, edges)

    def reach_coord(h):
        return set().union(*[c for c in nx.connected_components(h) if c & coordinators])

    def pairs(h):
        return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(h))

    before, total = reach_coord(g), pairs(g)
    for v in ids:
        h = g.copy()
        h.remove_node(v)
        own = len(nx.node_connected_component(g, v)) - 1
        row = got.loc[v]
        assert row.components_after == nx.number_connected_components(h)
        assert row.cut_off_from_coordination == len(before - {v} - reach_coord(h))
        assert row.reachability_loss == total - own - pairs(h)
        assert row.reachability_loss_share == pytest.approx((total - own - pairs(h)) / total if total else 0)


def test_top_departures_by_hand():
    # A chain coordinator - a - b - c: losing a cuts b and c off from the coordinator.
    net = network_from_edges(["k", "a", "b", "c"], [("a", "k"), ("b", "a"), ("c", "b")],
                             units={"k": "kern"},
                             unit_info=[{"id": "kern", "name": "Kern", "process": "coordinatie"}])
    top = top_departures(net, k=2)
    assert top["id"].tolist() == ["a", "b"]
    assert top.iloc[0].cut_off_from_coordination == 2 and top.iloc[0].reachability_loss == 2
    assert top.iloc[1].cut_off_from_coordination == 1


def test_change_between_waves():
    change = compare_package_waves(small_package(), "2024", "2025", min_frequency=1)
    assert change.counts == {"kept": 2, "new": 1, "lost": 1}
    assert change.jaccard == pytest.approx(2 / 4)
    lost = change.ties[change.ties.status == "lost"]
    assert lost[["source", "target"]].values.tolist() == [["p4", "p2"]]
    assert change.joined == ["p5"] and change.left == ["p4"]
    people = change.people.set_index("id")
    assert people.loc["p1", "in_degree_change"] == 1 and people.loc["p2", "in_degree_change"] == -1
    assert list(change.figures.columns) == ["2024", "2025"]
    assert change.figures.loc["ties", "2024"] == 3


def test_change_without_ties():
    a = network_from_edges(["x"], [], wave="1")
    change = compare_waves(a, network_from_edges(["x", "y"], [], wave="2"))
    # Without present sets, each graph's people are its wave's: y joined.
    assert change.jaccard is None and change.joined == ["y"] and change.left == []
    assert change.people["id"].tolist() == ["x", "y"]


@settings(max_examples=40, deadline=None)
@given(small_networks())
def test_unit_ties_is_the_matrix_in_long_form(case):
    from olievlek.analysis.subsystems import unit_ties

    ids, edges, units = case
    net = network_from_edges(ids, edges, units=units)
    matrix = unit_matrix(net)
    long = unit_ties(net)
    assert long["ties"].sum() == matrix.counts.to_numpy().sum()
    for row in long.itertuples():
        assert row.ties == matrix.counts.loc[row.source_unit, row.target_unit]
        assert row.density == pytest.approx(matrix.density.loc[row.source_unit, row.target_unit])
