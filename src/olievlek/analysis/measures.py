"""Per-person and whole-network measures, equal to networkx's definitions.

Every function takes an igraph directed graph (or a :class:`~olievlek.analysis.graph.WaveNetwork`
for the group-based ones) and returns a NumPy array in vertex order or a number. The
definitions follow networkx so results can be checked against it (see ``docs/analysis.md``);
where igraph's default differs (betweenness normalisation, transitivity without triads,
core numbers of a directed graph) the difference is handled here.

Examples
--------
>>> import igraph as ig
>>> g = ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=True)
>>> betweenness(g).tolist()
[0.0, 0.5, 0.0]
>>> density(g)
0.3333333333333333
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

import math
import random
import threading

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = [
    "adjacency",
    "articulation",
    "betweenness",
    "communities",
    "constraint",
    "core_number",
    "density",
    "ei_index",
    "in_degree_centralization",
    "pagerank",
    "rank_groups",
    "reciprocity",
    "simple_undirected",
    "transitivity",
    "weak_components",
]

COMMUNITY_SEED = 42
_RNG_LOCK = threading.Lock()


def simple_undirected(g: ig.Graph) -> ig.Graph:
    """The undirected simple graph: a tie in either direction (or both) is one edge."""
    return g.as_undirected(mode="collapse")


def adjacency(g: ig.Graph) -> sp.csr_matrix:
    """The 0/1 adjacency matrix, rows are sources."""
    n = g.vcount()
    if g.ecount() == 0:
        return sp.csr_matrix((n, n), dtype=np.float64)
    e = np.asarray(g.get_edgelist(), dtype=np.int64)
    return sp.csr_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))


def parse_betweenness_method(method: str) -> tuple[str, int | None]:
    """``"exact"``, ``"off"`` or ``"sample:K"`` -> (kind, K). Raises ValueError otherwise."""
    if method in ("exact", "off"):
        return method, None
    if method.startswith("sample:"):
        try:
            k = int(method.split(":", 1)[1])
        except ValueError:
            k = 0
        if k > 0:
            return "sample", k
    raise ValueError(f"betweenness must be exact, off or sample:K with K > 0, not {method!r}")


def betweenness(g: ig.Graph, method: str = "exact", *, seed: int = 0) -> np.ndarray:
    """Betweenness as ``nx.betweenness_centrality(G, normalized=True)``.

    igraph counts shortest paths between ordered pairs; networkx divides that by
    ``(n-1)(n-2)`` for a directed graph (no factor 2, unlike undirected). For ``n <= 2`` both
    leave the (zero) values unscaled.

    Parameters
    ----------
    method : str
        ``"exact"``; ``"sample:K"`` estimates from ``K`` source people drawn with ``seed``
        and scales by ``n / K``, as networkx does with ``k=K`` (approximate; exact when
        ``K >= n``); ``"off"`` gives NaN.
    """
    n = g.vcount()
    kind, k = parse_betweenness_method(method)
    if kind == "off":
        return np.full(n, np.nan)
    if n == 0:
        return np.zeros(0)
    if kind == "sample" and k < n:
        sources = np.random.default_rng(seed).choice(n, size=k, replace=False)
        raw = np.asarray(g.betweenness(directed=True, sources=sorted(sources.tolist())), dtype=float)
        raw *= n / k
    else:
        raw = np.asarray(g.betweenness(directed=True), dtype=float)
    if n > 2:
        raw /= (n - 1) * (n - 2)
    return raw


def pagerank(g: ig.Graph, alpha: float = 0.85) -> np.ndarray:
    """PageRank as ``nx.pagerank(G, alpha)``: uniform teleport, dangling people spread uniformly.

    igraph's PRPACK solves the same system exactly (networkx iterates to a 1e-6 tolerance).
    """
    if g.vcount() == 0:
        return np.zeros(0)
    return np.asarray(g.pagerank(damping=alpha, directed=True, implementation="prpack"))


def core_number(g: ig.Graph, *, undirected: ig.Graph | None = None) -> np.ndarray:
    """``nx.core_number`` of the undirected simple graph (a mutual tie counts once).

    ``undirected``: :func:`simple_undirected` of ``g`` when the caller has it already (here and
    in the other measures of the undirected graph)."""
    u = simple_undirected(g) if undirected is None else undirected
    return np.asarray(u.coreness(), dtype=np.int64)


def articulation(g: ig.Graph, *, undirected: ig.Graph | None = None) -> np.ndarray:
    """1 for a cut vertex of the undirected graph (``nx.articulation_points``), else 0."""
    out = np.zeros(g.vcount(), dtype=np.int64)
    cut = (simple_undirected(g) if undirected is None else undirected).articulation_points()
    out[cut] = 1
    return out


def constraint(g: ig.Graph) -> np.ndarray:
    """Burt's constraint as ``nx.constraint(G)`` for a directed graph; NaN for isolates.

    With mutual weights ``m_ij = a_ij + a_ji`` and ``p_ij = m_ij / sum_k m_ik``, the constraint
    of ``i`` is ``sum over neighbours j (in or out) of (p_ij + sum_q p_iq p_qj)^2``. igraph's
    ``constraint()`` computes exactly this (both directions, unweighted) in C; the tests check
    it against networkx.
    """
    if g.vcount() == 0:
        return np.zeros(0)
    if not g.is_simple():  # a repeated tie counts once, as in the adjacency matrix
        g = g.copy().simplify(multiple=True, loops=True)
    out = np.array(g.constraint(), dtype=float)
    out[np.array(g.degree()) == 0] = np.nan
    return out


def rank_groups(membership: Sequence[int] | np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """Renumber groups: 0 for the largest, then by size; ties by the smallest member id."""
    membership = np.asarray(membership, dtype=np.int64)
    if len(membership) == 0:
        return membership
    df = pd.DataFrame({"g": membership, "id": list(ids)})
    groups = df.groupby("g")["id"].agg(["size", "min"]).reset_index()
    groups = groups.sort_values(["size", "min"], ascending=[False, True], kind="mergesort")
    new = np.empty(int(membership.max()) + 1, dtype=np.int64)
    new[groups["g"].to_numpy()] = np.arange(len(groups))
    return new[membership]


def weak_components(g: ig.Graph) -> np.ndarray:
    """Each person's weak component: 0 for the largest, ties broken by smallest member id."""
    if g.vcount() == 0:
        return np.zeros(0, dtype=np.int64)
    return rank_groups(g.connected_components(mode="weak").membership, g.vs["id"])


def communities(g: ig.Graph, *, seed: int = COMMUNITY_SEED,
                undirected: ig.Graph | None = None) -> np.ndarray:
    """Leiden communities (modularity) of the undirected simple graph, numbered like components.

    Leiden uses random numbers; a private generator with a fixed ``seed`` makes the result the
    same for the same input (same people order and ties). People without ties form their own
    one-person community.
    """
    n = g.vcount()
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    u = simple_undirected(g) if undirected is None else undirected
    # igraph's generator is process-wide: the lock keeps two web requests from sharing it.
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            clusters = u.community_leiden(objective_function="modularity", n_iterations=2)
        finally:
            ig.set_random_number_generator(random)
    return rank_groups(clusters.membership, g.vs["id"])


def density(g: ig.Graph) -> float:
    """``nx.density``: ties / (n (n-1)); 0 for fewer than two people."""
    n = g.vcount()
    return 0.0 if n <= 1 else g.ecount() / (n * (n - 1))


def reciprocity(g: ig.Graph, *, undirected: ig.Graph | None = None) -> float | None:
    """``nx.overall_reciprocity``: share of ties that are returned; None without ties."""
    m = g.ecount()
    if m == 0:
        return None
    return (m - (simple_undirected(g) if undirected is None else undirected).ecount()) * 2 / m


def transitivity(g: ig.Graph, *, undirected: ig.Graph | None = None) -> float:
    """``nx.transitivity`` of the undirected simple graph; 0 without triangles."""
    t = (simple_undirected(g) if undirected is None else undirected).transitivity_undirected()
    return 0.0 if t is None or math.isnan(t) else float(t)


def in_degree_centralization(g: ig.Graph) -> float | None:
    """Freeman's in-degree centralization: sum(max_in - in_i) / (n-1)^2; None for n <= 1."""
    n = g.vcount()
    if n <= 1:
        return None
    indeg = np.asarray(g.indegree())
    return float((indeg.max() - indeg).sum() / (n - 1) ** 2)


def ei_index(net: WaveNetwork) -> float | None:
    """Krackhardt's E-I index over ties whose both ends have a primary unit; None if none."""
    codes, _ = net.unit_codes()
    e = net.edge_array()
    if len(e) == 0:
        return None
    gs, gt = codes[e[:, 0]], codes[e[:, 1]]
    both = (gs >= 0) & (gt >= 0)
    external = int((gs[both] != gt[both]).sum())
    internal = int((gs[both] == gt[both]).sum())
    if external + internal == 0:
        return None
    return (external - internal) / (external + internal)
