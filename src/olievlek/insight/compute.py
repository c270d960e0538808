"""Graph questions the pages ask that the analysis library does not answer (yet).

Pure (igraph, no Django), on :class:`olievlek.analysis.graph.WaveNetwork`. When
``olievlek.analysis`` grows the same answers (leadership, islands, vulnerability, change), the
pages should switch to it; these are kept small and tested on hand-checked cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np

from olievlek.analysis.graph import WaveNetwork


def group_matrix(net: WaveNetwork, group_of: dict[str, str], groups: list[str]) -> np.ndarray:
    """Tie counts from group to group (rows: the asker's group); people without a group skip."""
    index = {g: i for i, g in enumerate(groups)}
    out = np.zeros((len(groups), len(groups)), dtype=np.int64)
    ids = net.ids
    for s, t in net.graph.get_edgelist():
        gs, gt = group_of.get(ids[s]), group_of.get(ids[t])
        if gs in index and gt in index:
            out[index[gs], index[gt]] += 1
    return out


@dataclass
class TieChange:
    kept: set[tuple[str, str]]
    new: set[tuple[str, str]]
    lost: set[tuple[str, str]]

    @property
    def jaccard(self) -> float | None:
        union = len(self.kept) + len(self.new) + len(self.lost)
        return len(self.kept) / union if union else None


def tie_change(before: WaveNetwork, after: WaveNetwork) -> TieChange:
    """Ties (by person id) kept, new and lost from one wave to the next."""
    a = _tie_set(before)
    b = _tie_set(after)
    return TieChange(kept=a & b, new=b - a, lost=a - b)


def _tie_set(net: WaveNetwork) -> set[tuple[str, str]]:
    ids = net.ids
    return {(ids[s], ids[t]) for s, t in net.graph.get_edgelist()}


def components(net: WaveNetwork) -> list[list[str]]:
    """Weak components with at least two people, largest first (ties: smallest id)."""
    comps = [sorted(net.ids[i] for i in c)
             for c in net.graph.connected_components(mode="weak") if len(c) > 1]
    comps.sort(key=lambda c: (-len(c), c[0]))
    return comps


def isolates(net: WaveNetwork) -> list[str]:
    g: ig.Graph = net.graph
    return [net.ids[i] for i, d in enumerate(g.degree(mode="all")) if d == 0]
