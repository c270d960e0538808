"""Two-mode networks: the projections equal networkx's bipartite projections."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from olievlek.analysis.twomode import activity_overlap, attendance_brokers, coattendance


def _networkx(rows, side):
    g = nx.Graph()
    g.add_nodes_from({("p", p) for p, _ in rows}, bipartite=0)
    g.add_nodes_from({("a", a) for _, a in rows}, bipartite=1)
    g.add_edges_from((("p", p), ("a", a)) for p, a in rows)
    nodes = {n for n in g if n[0] == side}
    projected = bipartite.weighted_projected_graph(g, nodes)
    return sorted((min(u[1], v[1]), max(u[1], v[1]), d["weight"]) for u, v, d in projected.edges(data=True))


@pytest.mark.parametrize("seed", range(5))
def test_both_projections_equal_networkx(seed):
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(15)]
    acts = [f"a{i}" for i in range(8)]
    rows = sorted({(rng.choice(people), rng.choice(acts)) for _ in range(40)})
    assert [tuple(r) for r in coattendance(rows).values.tolist()] == _networkx(rows, "p")
    assert [tuple(r) for r in activity_overlap(rows).values.tolist()] == _networkx(rows, "a")


def test_pairs_come_once_with_the_smaller_id_first_and_repeats_count_once():
    rows = [("b", "x"), ("a", "x"), ("a", "x"), ("c", "y")]
    assert coattendance(rows).values.tolist() == [["a", "b", 1]]


def test_empty_and_lonely_attendance():
    assert coattendance([]).empty and list(coattendance([]).columns) == ["source", "target", "activities"]
    assert coattendance([("a", "x")]).empty
    assert attendance_brokers([], {}).empty


def test_brokers_are_the_people_who_meet_other_units_at_events():
    # b (unit y) meets a (x) at e1 and c, d (z) at e2: b brings three units together
    rows = [("a", "e1"), ("b", "e1"), ("b", "e2"), ("c", "e2"), ("d", "e2")]
    df = attendance_brokers(rows, {"a": "x", "b": "y", "c": "z", "d": "z"})
    top = df.iloc[0]
    assert (top["id"], top["units_met"], top["met"], top["activities"]) == ("b", 2, 3, 2)
    assert top["betweenness"] == 2.0  # on the paths a-c and a-d
    assert dict(zip(df["id"], df["units_met"]))["c"] == 1  # met y only (d is in their own unit)
