"""Each measure of the people table and network figures equals networkx's definition."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olievlek.analysis.graph import network_from_edges
from olievlek.analysis.measures import betweenness
from olievlek.analysis.summary import NETWORK_KEYS, PEOPLE_COLUMNS, analyze


@st.composite
def small_networks(draw, max_people: int = 9):
    n = draw(st.integers(0, max_people))
    ids = [f"p{i}" for i in draw(st.permutations(range(n)))]  # ids not in sorted order
    pairs = [(a, b) for a in ids for b in ids if a != b]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    units = {p: draw(st.sampled_from(["", "u1", "u2", "u3"])) for p in ids}
    return ids, edges, {p: u for p, u in units.items() if u}


def nx_graph(ids, edges) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from(edges)
    return g


def close(a, b, tol=1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_networks())
def test_people_table_equals_networkx(case):
    ids, edges, units = case
    result = analyze(network_from_edges(ids, edges, units=units))
    people = result.people.set_index("id")
    g = nx_graph(ids, edges)
    u = g.to_undirected()
    assert list(people.index) == ids
    if not ids:
        return
    bc = nx.betweenness_centrality(g, normalized=True)
    # networkx stops when the summed change is below n * tol; run it to convergence so the
    # 1e-6 comparison is about the definition (dangling people, teleport), not its stopping rule.
    pr = nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=10_000)
    core = nx.core_number(u)
    cons = nx.constraint(g)
    cut = set(nx.articulation_points(u))
    for p in ids:
        row = people.loc[p]
        assert row.in_degree == g.in_degree(p)
        assert row.out_degree == g.out_degree(p)
        assert close(row.betweenness, bc[p]), p
        assert close(row.pagerank, pr[p], 1e-6), p
        assert row.core == core[p]
        assert close(row.constraint, cons[p]), (p, row.constraint, cons[p])
        assert row.articulation == int(p in cut)


@settings(max_examples=80, deadline=None)
@given(small_networks())
def test_components_numbered_by_size_then_smallest_id(case):
    ids, edges, units = case
    people = analyze(network_from_edges(ids, edges, units=units)).people.set_index("id")
    comps = sorted(nx.weakly_connected_components(nx_graph(ids, edges)), key=lambda c: (-len(c), min(c)))
    for number, members in enumerate(comps):
        assert set(people.index[people.component == number]) == members


@settings(max_examples=80, deadline=None)
@given(small_networks())
def test_network_figures_equal_networkx(case):
    ids, edges, units = case
    fig = analyze(network_from_edges(ids, edges, units=units)).network
    g = nx_graph(ids, edges)
    n = len(ids)
    assert list(fig)[: len(NETWORK_KEYS)] == list(NETWORK_KEYS)
    assert fig["people"] == n and fig["ties"] == len(edges)
    assert close(fig["density"], nx.density(g))
    assert close(fig["reciprocity"], nx.overall_reciprocity(g) if edges else None)
    assert fig["components"] == nx.number_weakly_connected_components(g)
    if n:
        largest = max(len(c) for c in nx.weakly_connected_components(g))
        assert close(fig["largest_component_share"], largest / n)
    assert fig["isolates"] == nx.number_of_isolates(g)
    assert close(fig["transitivity"], nx.transitivity(g.to_undirected()))
    if n > 1:
        indeg = [d for _, d in g.in_degree()]
        assert close(fig["in_degree_centralization"], sum(max(indeg) - d for d in indeg) / (n - 1) ** 2)
    both = [(units[a], units[b]) for a, b in edges if a in units and b in units]
    if both:
        ext = sum(x != y for x, y in both)
        assert close(fig["ei_index"], (ext - (len(both) - ext)) / len(both))
    else:
        assert fig["ei_index"] is None


@settings(max_examples=40, deadline=None)
@given(small_networks())
def test_communities_are_stable_and_partition_everyone(case):
    ids, edges, units = case
    first = analyze(network_from_edges(ids, edges, units=units)).people
    again = analyze(network_from_edges(ids, edges, units=units)).people
    assert first.community.tolist() == again.community.tolist()
    if ids:
        # Numbered 0..k-1, largest first; people in different weak components never share one.
        sizes = np.bincount(first.community)
        assert (sizes > 0).all() and list(sizes) == sorted(sizes, reverse=True)
        pairs = first.groupby("community")["component"].nunique()
        assert (pairs == 1).all()


def test_sampled_betweenness_scales_like_networkx_k():
    """sample:K sums the dependencies of K sources and scales by n / K, as networkx's k does."""
    from networkx.algorithms.centrality.betweenness import (
        _accumulate_basic,
        _single_source_shortest_path_basic,
    )

    g = nx.gnp_random_graph(30, 0.12, seed=3, directed=True)
    ids = [str(v) for v in g]
    net = network_from_edges(ids, [(str(a), str(b)) for a, b in g.edges])
    k = 7
    sources = sorted(np.random.default_rng(5).choice(30, size=k, replace=False).tolist())
    raw = dict.fromkeys(g, 0.0)
    for s in sources:
        S, P, sigma, _ = _single_source_shortest_path_basic(g, s)
        raw, _ = _accumulate_basic(raw, S, P, sigma, s)
    expected = np.array([raw[v] for v in g]) * 30 / k / (29 * 28)
    assert np.allclose(betweenness(net.graph, f"sample:{k}", seed=5), expected, atol=1e-12)
    # K >= n is the exact measure.
    assert np.allclose(betweenness(net.graph, "sample:30"), betweenness(net.graph, "exact"))
    assert np.isnan(betweenness(net.graph, "off")).all()
    with pytest.raises(ValueError):
        betweenness(net.graph, "sample:0")


def test_empty_network():
    result = analyze(network_from_edges([], []))
    assert list(result.people.columns) == list(PEOPLE_COLUMNS)
    assert len(result.people) == 0
    fig = result.network
    assert fig["people"] == 0 and fig["ties"] == 0 and fig["components"] == 0
    assert fig["density"] == 0 and fig["reciprocity"] is None
    assert fig["largest_component_share"] is None and fig["in_degree_centralization"] is None


def test_one_person():
    result = analyze(network_from_edges(["solo"], []))
    row = result.people.iloc[0]
    assert (row.in_degree, row.out_degree, row.core, row.component, row.articulation) == (0, 0, 0, 0, 0)
    assert row.pagerank == pytest.approx(1.0)
    assert math.isnan(row.constraint)
    assert result.network["isolates"] == 1
    assert result.network["largest_component_share"] == 1.0
    assert result.network["in_degree_centralization"] is None


def test_only_isolates():
    result = analyze(network_from_edges(["c", "a", "b"], []))
    people = result.people.set_index("id")
    # Three one-person components: numbered by smallest id, since all have size one.
    assert people.component.to_dict() == {"a": 0, "b": 1, "c": 2}
    assert people.constraint.isna().all()
    assert result.network["isolates"] == 3 and result.network["transitivity"] == 0
    assert result.network["in_degree_centralization"] == 0


def test_all_reciprocal_triangle_by_hand():
    ids = ["a", "b", "c"]
    edges = [(x, y) for x in ids for y in ids if x != y]
    result = analyze(network_from_edges(ids, edges))
    fig = result.network
    assert fig["reciprocity"] == 1 and fig["density"] == 1 and fig["transitivity"] == 1
    people = result.people
    assert people.betweenness.tolist() == [0, 0, 0]
    assert people.pagerank.tolist() == pytest.approx([1 / 3] * 3)
    assert people.core.tolist() == [2, 2, 2]
    # Each neighbour holds half of i's ties and the other neighbour adds 1/2 * 1/2 indirectly:
    # 2 * (1/2 + 1/4)^2 = 1.125.
    assert people.constraint.tolist() == pytest.approx([1.125] * 3)


def test_star_by_hand():
    # Four people name the hub; the hub names nobody: hub betweenness 0, centralization 1.
    ids = ["hub", "s1", "s2", "s3", "s4"]
    result = analyze(network_from_edges(ids, [(s, "hub") for s in ids[1:]]))
    people = result.people.set_index("id")
    assert people.loc["hub", "in_degree"] == 4 and people.loc["hub", "articulation"] == 1
    assert people.loc["hub", "betweenness"] == 0
    assert result.network["in_degree_centralization"] == pytest.approx(16 / 16)
    assert result.network["reciprocity"] == 0
