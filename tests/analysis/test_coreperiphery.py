"""The discrete core / periphery split is the partition with the highest Borgatti-Everett phi.

Checked against a brute force written here from the definition (every subset, the pattern
vector built pair by pair, ``np.corrcoef``), independent of the library's counting."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from olievlek.analysis.coreperiphery import best_split, core_periphery, coreness
from olievlek.analysis.graph import network_from_edges


def brute_phi(ids, edges, core) -> float:
    """Phi over the pairs inside the core and inside the periphery; -inf when undefined."""
    tied = {frozenset(e) for e in edges if e[0] != e[1]}
    xs, ys = [], []
    for a, b in itertools.combinations(ids, 2):
        if (a in core) == (b in core):
            xs.append(1.0 if frozenset((a, b)) in tied else 0.0)
            ys.append(1.0 if a in core else 0.0)
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return -np.inf
    return float(np.corrcoef(xs, ys)[0, 1])


def brute_best(ids, edges) -> float:
    return max(brute_phi(ids, edges, set(c)) for k in range(len(ids) + 1)
               for c in itertools.combinations(ids, k))


@st.composite
def graphs(draw, min_people=4, max_people=9):
    n = draw(st.integers(min_people, max_people))
    ids = [f"p{i}" for i in range(n)]
    pairs = list(itertools.combinations(ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    # Some ties only one way, some both: the split works on the undirected simple graph.
    flip = draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
    return ids, [(b, a) if f else (a, b) for (a, b), f in zip(chosen, flip)]


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_split_is_the_best_partition(case):
    ids, edges = case
    result = core_periphery(network_from_edges(ids, edges))
    best = brute_best(ids, edges)
    if not np.isfinite(best):
        assert result.split_fit is None and result.core == []
        return
    assert result.exact
    assert result.split_fit == pytest.approx(best, abs=1e-9)
    # The reported phi is the phi of the reported core.
    assert brute_phi(ids, edges, set(result.core)) == pytest.approx(result.split_fit, abs=1e-9)


# A heuristic can miss: hypothesis found a 9-person network (a triangle apart from the rest)
# where 8 restarts of one core size did; it is kept as an example. Derandomized, so CI tries
# the same 60 networks each run; a new miss found while changing the heuristic goes here too.
@settings(max_examples=60, deadline=None, derandomize=True)
@example(case=([f"p{i}" for i in range(9)],
               [("p2", "p7"), ("p3", "p5"), ("p0", "p1"), ("p2", "p4"), ("p3", "p8"), ("p0", "p6"),
                ("p1", "p8"), ("p4", "p7"), ("p0", "p3")]))
@given(graphs(min_people=5, max_people=10))
def test_heuristic_reaches_the_exhaustive_optimum(case):
    """The heuristic used above EXACT_MAX people, run on small networks where the exhaustive
    answer is known."""
    ids, edges = case
    net = network_from_edges(ids, edges)
    core, phi, exact = best_split(net, exact_max=0)
    best = brute_best(ids, edges)
    if not np.isfinite(best):
        assert phi is None
        return
    assert not exact
    assert phi == pytest.approx(best, abs=1e-9)
    assert brute_phi(ids, edges, {p for p, c in zip(ids, core) if c}) == pytest.approx(phi)


def ranking_cut_phi(ids, edges):
    """What the split used to be: the best cut along the coreness ranking."""
    net = network_from_edges(ids, edges)
    c, _fit = coreness(net)
    from olievlek.analysis.coreperiphery import _edges, _ranking_cut, _symmetric

    core = _ranking_cut(net.n, _edges(_symmetric(net)), c, net.ids)
    return brute_phi(ids, edges, {p for p, k in zip(ids, core) if k})


def test_star_with_a_tail():
    # A hub with six leaves, one leaf goes on as a tail of three.
    ids = ["h", "l1", "l2", "l3", "l4", "l5", "l6", "t1", "t2", "t3"]
    edges = [("h", f"l{i}") for i in range(1, 7)] + [("l6", "t1"), ("t1", "t2"), ("t2", "t3")]
    result = core_periphery(network_from_edges(ids, edges))
    best = brute_best(ids, edges)
    assert result.split_fit == pytest.approx(best)
    assert ranking_cut_phi(ids, edges) < best - 1e-6  # the old split missed it


def test_a_triangle_outside_the_largest_component_can_be_the_core():
    # The continuous model puts its core on the star (it fits the star better), so no cut
    # along the coreness ranking can take the triangle.
    star = ["h", "s1", "s2", "s3", "s4", "s5"]
    triangle = ["x", "y", "z"]
    edges = [("h", s) for s in star[1:]] + [("x", "y"), ("y", "z"), ("z", "x")]
    ids = star + triangle
    c, _fit = coreness(network_from_edges(ids, edges))
    assert c[0] == 1 and not c[6:].any()
    result = core_periphery(network_from_edges(ids, edges))
    assert set(triangle) <= set(result.core)  # (with the hub: ["h", "x", "y", "z"])
    assert result.split_fit == pytest.approx(brute_best(ids, edges))
    assert ranking_cut_phi(ids, edges) < result.split_fit - 1e-6


def test_planted_core_in_a_larger_network_uses_the_heuristic():
    rng = np.random.default_rng(3)
    core = [f"c{i:02d}" for i in range(8)]
    periphery = [f"p{i:02d}" for i in range(52)]
    edges = [(a, b) for a, b in itertools.combinations(core, 2)]
    edges += [(p, core[int(rng.integers(8))]) for p in periphery]
    result = core_periphery(network_from_edges(core + periphery, edges))
    assert not result.exact
    assert result.core == core and result.split_fit == pytest.approx(1.0)


def test_same_network_same_split():
    rng = np.random.default_rng(7)
    ids = [f"p{i:02d}" for i in range(40)]
    edges = [(a, b) for a, b in itertools.combinations(ids, 2) if rng.random() < 0.12]
    first = core_periphery(network_from_edges(ids, edges))
    again = core_periphery(network_from_edges(ids, edges))
    assert first.core == again.core and first.split_fit == again.split_fit
    # Given in another order, the network is the same: the same phi is reached.
    shuffled = core_periphery(network_from_edges(ids[::-1], edges[::-1]))
    assert shuffled.split_fit == pytest.approx(first.split_fit, abs=1e-9)


def test_equal_splits_prefer_the_smaller_core_then_people_order():
    # Two disjoint triangles and two isolates: either triangle can be the core.
    ids = ["a", "b", "c", "d", "e", "f", "g", "h"]
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d")]
    result = core_periphery(network_from_edges(ids, edges))
    assert result.core == ["a", "b", "c"]
    assert result.split_fit == pytest.approx(brute_best(ids, edges))
    assert core_periphery(network_from_edges(ids[::-1], edges)).core == ["f", "e", "d"]


def test_no_split_without_ties_or_people():
    for ids, edges in (([], []), (["a", "b", "c", "d"], []), (["a", "b"], [("a", "b")])):
        result = core_periphery(network_from_edges(ids, edges))
        assert result.core == [] and result.split_fit is None


def test_coreness_goes_to_the_component_it_fits_best():
    # A chain of ten is the largest component, but a clique of five is the better core.
    chain = [f"c{i}" for i in range(10)]
    clique = ["k1", "k2", "k3", "k4", "k5"]
    edges = list(itertools.pairwise(chain)) + list(itertools.combinations(clique, 2))
    c, _fit = coreness(network_from_edges(chain + clique, edges))
    assert (c[10:] == 1).all() and not c[:10].any()


def test_analyze_reports_coreness_split_and_fit():
    from olievlek.analysis.summary import analyze

    core = [f"c{i}" for i in range(4)]
    periphery = [f"p{i}" for i in range(8)]
    edges = [(a, b) for a, b in itertools.combinations(core, 2)]
    edges += [(p, core[i % 4]) for i, p in enumerate(periphery)]
    result = analyze(network_from_edges(core + periphery, edges), betweenness="off")
    assert result.people["in_core"].tolist() == [1] * 4 + [0] * 8
    assert result.people["coreness"].max() == 1
    assert result.network["core_size"] == 4 and result.network["core_fit"] == pytest.approx(1)
    assert result.network["core_fit_exact"] is True
    assert result.network["coreness_fit"] > 0.5


def test_large_network_path_finds_a_planted_core(monkeypatch):
    """Above RESTART_MAX people the split comes from hill climbing (linear sweeps); pretend
    this network is large."""
    from olievlek.analysis import coreperiphery as cp

    monkeypatch.setattr(cp, "RESTART_MAX", 10)
    rng = np.random.default_rng(5)
    core = [f"c{i:02d}" for i in range(6)]
    periphery = [f"p{i:02d}" for i in range(40)]
    edges = [(a, b) for a, b in itertools.combinations(core, 2)]
    edges += [(p, core[int(rng.integers(6))]) for p in periphery]
    result = core_periphery(network_from_edges(core + periphery, edges))
    assert not result.exact and result.core == core and result.split_fit == pytest.approx(1.0)
