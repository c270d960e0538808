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


def closed_units(net: WaveNetwork) -> list[tuple[str, int, int]]:
    """Units (by primary unit) whose people have no tie, in or out, with anyone outside.

    Returns ``(unit id, people, ties within)`` for units with at least one person, sorted by
    unit id.
    """
    members: dict[str, int] = {}
    for pid in net.ids:
        unit = net.units.get(pid)
        if unit:
            members[unit] = members.get(unit, 0) + 1
    within: dict[str, int] = dict.fromkeys(members, 0)
    outside: set[str] = set()
    ids = net.ids
    for s, t in net.graph.get_edgelist():
        us, ut = net.units.get(ids[s]), net.units.get(ids[t])
        if us is not None and us == ut:
            within[us] += 1
        else:
            outside.update(u for u in (us, ut) if u)
    return [(u, members[u], within[u]) for u in sorted(members) if u not in outside]


@dataclass
class Departure:
    """What one person's leaving does to the rest (undirected reachability)."""

    index: int
    components_after: int
    cut_off_from_coordination: int
    pairs_lost: int


def departures(net: WaveNetwork, coordination: set[str]) -> tuple[int, list[Departure]]:
    """The effect of each cut vertex leaving; others split nothing and are left out.

    Returns the number of weak components with everyone present, and one :class:`Departure`
    per cut vertex, sorted by pairs of people who can no longer reach each other (most first),
    then by people cut off from the coordination team.
    """
    g = net.graph.as_undirected(mode="collapse")
    n = g.vcount()
    if n == 0:
        return 0, []
    before = g.connected_components()
    comps_before = len(before)
    coord = {i for i, pid in enumerate(net.ids) if pid in coordination}
    out = []
    for v in g.articulation_points():
        rest = [i for i in range(n) if i != v]
        sub = g.subgraph(rest)
        comps = sub.connected_components()
        member = comps.membership
        sizes = np.bincount(member)
        size_before = before.sizes()[before.membership[v]]
        # Pairs among the others in v's old component that stay connected after removal.
        old = [k for k, i in enumerate(rest) if before.membership[i] == before.membership[v]]
        kept_sizes = np.bincount([member[k] for k in old]) if old else np.zeros(0)
        pairs_before = (size_before - 1) * (size_before - 2) // 2
        pairs_after = int(sum(s * (s - 1) // 2 for s in kept_sizes))
        coord_comps = {member[k] for k, i in enumerate(rest) if i in coord}
        had_coord = {before.membership[i] for i in coord if i != v}
        cut = 0
        if coord_comps or had_coord:
            for k, i in enumerate(rest):
                if i in coord or before.membership[i] not in had_coord:
                    continue
                if member[k] not in coord_comps:
                    cut += 1
        out.append(Departure(v, len(sizes), cut, pairs_before - pairs_after))
    out.sort(key=lambda d: (-d.pairs_lost, -d.cut_off_from_coordination, net.ids[d.index]))
    return comps_before, out


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
