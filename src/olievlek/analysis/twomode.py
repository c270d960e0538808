"""Two-mode (bipartite) networks: people x activities, and their projections.

An attendance list ``(person, activity)`` is a two-mode network. Projected onto people it
becomes the co-attendance network (two people are tied when they attended the same activity,
weighted by how many they shared); projected onto activities, two activities are tied when
someone attended both, weighted by the number of such people. Both equal networkx's
``bipartite.weighted_projected_graph`` (the tests check).

Brokers by attendance are the people whose activities bring units together: for each person,
the units of the people they met at events, other than their own.

Examples
--------
>>> rows = [("ann", "a1"), ("bob", "a1"), ("bob", "a2"), ("cas", "a2"), ("ann", "a2")]
>>> coattendance(rows).values.tolist()
[['ann', 'bob', 2], ['ann', 'cas', 1], ['bob', 'cas', 1]]
>>> activity_overlap(rows).values.tolist()
[['a1', 'a2', 2]]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

import igraph as ig
import pandas as pd

__all__ = [
    "BROKER_COLUMNS",
    "COATTENDANCE_COLUMNS",
    "activity_overlap",
    "attendance_brokers",
    "coattendance",
    "project",
]

COATTENDANCE_COLUMNS = ("source", "target", "activities")
BROKER_COLUMNS = ("id", "unit", "activities", "met", "units_met", "betweenness")


def project(pairs: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Project a two-mode list ``(node, group)`` onto its nodes: ``(a, b) -> shared groups``,
    each pair once with ``a < b``. Repeated rows count once."""
    members: dict[str, set[str]] = defaultdict(set)
    for node, group in pairs:
        members[group].add(node)
    shared: Counter[tuple[str, str]] = Counter()
    for nodes in members.values():
        for a, b in combinations(sorted(nodes), 2):
            shared[(a, b)] += 1
    return shared


def _frame(shared: Counter[tuple[str, str]], weight: str) -> pd.DataFrame:
    rows = [(a, b, n) for (a, b), n in sorted(shared.items())]
    return pd.DataFrame(rows, columns=["source", "target", weight]).astype(
        {"source": object, "target": object, weight: "int64"})


def coattendance(attendance: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """People who attended the same activities: columns :data:`COATTENDANCE_COLUMNS`, one row
    per pair (``source < target``), ``activities`` the number they shared, sorted.

    Parameters
    ----------
    attendance : iterable of (person, activity)
    """
    return _frame(project(attendance), "activities")


def activity_overlap(attendance: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Activities that shared attendees: columns ``source, target, people``, one row per pair
    of activities (``source < target``)."""
    return _frame(project((activity, person) for person, activity in attendance), "people")


def attendance_brokers(attendance: Iterable[tuple[str, str]],
                       unit_of: Mapping[str, str]) -> pd.DataFrame:
    """Who brings units together at events, one row per person who attended anything.

    Columns :data:`BROKER_COLUMNS`: the person's (primary) unit, the activities they attended,
    how many people they ``met`` there, ``units_met`` the number of units other than their own
    among those people (people without a unit count for none), and their betweenness in the
    co-attendance network (unweighted, undirected, not normalised). Sorted with the strongest
    brokers first: units met, then betweenness, then id.

    >>> rows = [("a", "e1"), ("b", "e1"), ("b", "e2"), ("c", "e2")]
    >>> attendance_brokers(rows, {"a": "x", "b": "y", "c": "z"})[["id", "units_met"]].values.tolist()
    [['b', 2], ['a', 1], ['c', 1]]
    """
    rows = list(attendance)
    attended: dict[str, set[str]] = defaultdict(set)
    for person, activity in rows:
        attended[person].add(activity)
    shared = project(rows)
    met: dict[str, set[str]] = defaultdict(set)
    for a, b in shared:
        met[a].add(b)
        met[b].add(a)
    ids = sorted(attended)
    index = {pid: i for i, pid in enumerate(ids)}
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in shared])
    betweenness = graph.betweenness(directed=False) if ids else []
    out = []
    for pid in ids:
        own = unit_of.get(pid, "")
        units = {unit_of[o] for o in met[pid] if unit_of.get(o)} - {own}
        out.append((pid, own, len(attended[pid]), len(met[pid]), len(units),
                    float(betweenness[index[pid]])))
    df = pd.DataFrame(out, columns=list(BROKER_COLUMNS))
    df = df.astype({"id": object, "unit": object, "activities": "int64", "met": "int64",
                    "units_met": "int64", "betweenness": "float64"})
    return df.sort_values(["units_met", "betweenness", "id"], ascending=[False, False, True],
                          kind="mergesort").reset_index(drop=True)
