"""Change between two waves: ties kept, new and lost; people joined and left; positions.

Ties are compared as (source id, target id) pairs of the same relation and minimum frequency.
Jaccard is kept / (kept + new + lost). People "joined" take part in the second wave and not in
the first, "left" the other way round; taking part means being one of the wave's people (a vertex of
its graph, :func:`olievlek.package.wave_people`) unless the caller passes its own sets.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> a = network_from_edges(["x", "y", "z"], [("x", "y"), ("y", "z")], wave="1")
>>> b = network_from_edges(["x", "y", "z"], [("x", "y"), ("z", "x")], wave="2")
>>> result = compare_waves(a, b)
>>> result.counts, result.jaccard
({'kept': 1, 'new': 1, 'lost': 1}, 0.3333333333333333)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .measures import betweenness
from .summary import network_figures

__all__ = ["Change", "compare_package_waves", "compare_waves"]


@dataclass
class Change:
    """``ties``: ``source, target, status`` (kept / new / lost); ``people``: per person
    ``id, in_degree_before, in_degree_after, in_degree_change, betweenness_before,
    betweenness_after, betweenness_change``; ``figures``: DataFrame of the network figures,
    one column per wave."""

    ties: pd.DataFrame
    counts: dict
    jaccard: float | None
    joined: list[str]
    left: list[str]
    people: pd.DataFrame
    figures: pd.DataFrame


def _pairs(net) -> pd.DataFrame:
    e = net.edge_array()
    ids = np.asarray(net.ids, dtype=object)
    return pd.DataFrame({"source": ids[e[:, 0]], "target": ids[e[:, 1]]})


def compare_waves(
    before,
    after,
    *,
    present_before: set[str] | None = None,
    present_after: set[str] | None = None,
    betweenness_method: str = "exact",
) -> Change:
    """Compare two :class:`~olievlek.analysis.graph.WaveNetwork` of the same network.

    The people table covers everyone in either graph (order: ``before`` then new ids).
    Without ``present_*`` sets, the people of each graph (the wave's people) are present.
    """
    a, b = _pairs(before), _pairs(after)
    merged = a.merge(b, on=["source", "target"], how="outer", indicator=True)
    status = merged["_merge"].map({"both": "kept", "left_only": "lost", "right_only": "new"})
    ties = pd.DataFrame({"source": merged["source"], "target": merged["target"], "status": status.astype(str)})
    ties = ties.sort_values(["status", "source", "target"], kind="mergesort").reset_index(drop=True)
    counts = {s: int((ties["status"] == s).sum()) for s in ("kept", "new", "lost")}
    union = len(ties)
    jaccard = counts["kept"] / union if union else None

    p1 = present_before if present_before is not None else set(before.ids)
    p2 = present_after if present_after is not None else set(after.ids)
    seen = set(before.ids)
    order = list(before.ids) + [p for p in after.ids if p not in seen]
    joined = [p for p in order if p in p2 and p not in p1]
    left = [p for p in order if p in p1 and p not in p2]

    def position(net):
        return pd.DataFrame({
            "in_degree": np.asarray(net.graph.indegree(), dtype=float) if net.n else np.zeros(0),
            "betweenness": betweenness(net.graph, betweenness_method),
        }, index=pd.Index(net.ids, name="id"))

    pos1 = position(before).reindex(order)
    pos2 = position(after).reindex(order)
    people = pd.DataFrame({
        "id": order,
        "in_degree_before": pos1["in_degree"].to_numpy(),
        "in_degree_after": pos2["in_degree"].to_numpy(),
        "betweenness_before": pos1["betweenness"].to_numpy(),
        "betweenness_after": pos2["betweenness"].to_numpy(),
    })
    people["in_degree_change"] = people["in_degree_after"] - people["in_degree_before"]
    people["betweenness_change"] = people["betweenness_after"] - people["betweenness_before"]
    people = people[["id", "in_degree_before", "in_degree_after", "in_degree_change",
                     "betweenness_before", "betweenness_after", "betweenness_change"]]
    label1 = before.wave or "before"
    label2 = after.wave if after.wave and after.wave != label1 else f"{after.wave or 'after'} (2)"
    figures = pd.DataFrame({label1: network_figures(before), label2: network_figures(after)})
    return Change(ties, counts, jaccard, joined, left, people, figures)


def compare_package_waves(
    pkg, first: str, second: str, relation: str = "advice", min_frequency: int = 2, **kwargs
) -> Change:
    """:func:`compare_waves` for two waves of a package, each with the wave's people."""
    from .graph import network_from_package

    return compare_waves(
        network_from_package(pkg, first, relation, min_frequency),
        network_from_package(pkg, second, relation, min_frequency),
        **kwargs,
    )
