"""Core and periphery after Borgatti and Everett (1999), on the undirected simple graph.

Continuous model
    Fitted on the largest weak component (people outside it get coreness 0: the network has
    one core). Each person gets a coreness ``c_i >= 0`` such that ``c_i * c_j`` approximates the tie
    between ``i`` and ``j`` (1 when tied in either direction, else 0), in the least-squares
    sense over all pairs ``i != j`` (the diagonal is ignored). We minimise
    ``sum_{i != j} (a_ij - c_i c_j)^2`` by the fixed-point iteration of the normal equations,
    ``c_i <- sum_j a_ij c_j / (sum_{j != i} c_j^2)``, starting from the degrees, until the
    largest change is below 1e-10 (at most 1000 rounds). Reported coreness is scaled so the
    highest is 1; ``fit`` is the Pearson correlation between ``a_ij`` and ``c_i c_j`` over the
    pairs ``i != j``.

Core / periphery split (discrete model)
    People are sorted by coreness (ties by id); for every core size ``k`` the ideal pattern
    has ties among the core (1) and none in the periphery (0); pairs between core and
    periphery are left out, as Borgatti and Everett recommend when nothing is assumed about
    them. The split keeps the ``k`` with the highest correlation (phi coefficient) between
    the pattern and the data. All core sizes are scored in one pass over the ties.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> ids = ["a", "b", "c", "d", "e", "f"]
>>> core = ["a", "b", "c"]
>>> ties = [(x, y) for x in core for y in core if x != y] + [("d", "a"), ("e", "b"), ("f", "c")]
>>> result = core_periphery(network_from_edges(ids, ties))
>>> result.core
['a', 'b', 'c']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from olievlek.package import PROCESSES

from .measures import adjacency, simple_undirected, weak_components

__all__ = ["CorePeriphery", "core_periphery", "coreness"]


@dataclass
class CorePeriphery:
    """``people``: ``id, coreness, core`` (vertex order); ``by_process``: per process of the
    primary unit, ``people, in_core, core_share, mean_coreness``."""

    people: pd.DataFrame
    core: list[str]
    fit: float | None  # correlation of the continuous model
    split_fit: float | None  # phi of the chosen split
    by_process: pd.DataFrame


def _symmetric(net) -> sp.csr_matrix:
    a = adjacency(simple_undirected(net.graph).as_directed(mode="mutual"))
    return a.tocsr()


def coreness(net, *, tol: float = 1e-10, max_iter: int = 1000) -> tuple[np.ndarray, float | None]:
    """Continuous coreness (highest 1) and the fit of the model; see the module docstring."""
    n = net.n
    a = _symmetric(net)
    if n < 2 or a.nnz == 0:
        return np.zeros(n), None
    # One core: the model is fitted on the largest weak component (component 0); everyone
    # else gets coreness 0. Fitted on a disconnected graph, the iteration can stop at a
    # symmetric saddle point that spreads the core over several components.
    main = weak_components(net.graph) == 0
    sub = a[main][:, main].tocsr()
    m = int(main.sum())
    c_sub = np.asarray(sub.sum(axis=1)).ravel()
    c_sub = c_sub / np.sqrt((c_sub**2).sum()) if c_sub.any() else c_sub
    for _ in range(max_iter):
        total = (c_sub**2).sum()
        denom = total - c_sub**2
        new = np.divide(sub @ c_sub, denom, out=np.zeros(m), where=denom > 0)
        # Average with the previous round: the plain update can swing between two states.
        new = 0.5 * (new + c_sub)
        done = np.abs(new - c_sub).max() < tol
        c_sub = new
        if done:
            break
    c = np.zeros(n)
    c[main] = c_sub
    fit = _fit(a, c)
    top = c.max()
    return (c / top if top > 0 else c), fit


def _fit(a: sp.csr_matrix, c: np.ndarray) -> float | None:
    """Pearson correlation over pairs i != j between a_ij and c_i c_j, without n x n arrays."""
    n = len(c)
    pairs = n * (n - 1)
    s_c, s_c2 = c.sum(), (c**2).sum()
    sum_y = s_c**2 - s_c2  # sum over i != j of c_i c_j
    sum_y2 = s_c2**2 - (c**4).sum()
    coo = a.tocoo()
    sum_x = float(a.nnz)  # a_ij is 0/1, zero diagonal
    sum_xy = float((c[coo.row] * c[coo.col]).sum())
    cov = sum_xy - sum_x * sum_y / pairs
    var_x = sum_x - sum_x**2 / pairs
    var_y = sum_y2 - sum_y**2 / pairs
    if var_x <= 0 or var_y <= 0:
        return None
    return float(cov / np.sqrt(var_x * var_y))


def core_periphery(net, *, processes=PROCESSES) -> CorePeriphery:
    """Continuous coreness, the core / periphery split and how each process sits in it."""
    n = net.n
    c, fit = coreness(net)
    ids = np.asarray(net.ids, dtype=object)
    in_core = np.zeros(n, dtype=bool)
    split_fit = None
    if n >= 4:
        order = np.lexsort((ids, -c)) if n else np.zeros(0, dtype=np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        u = simple_undirected(net.graph)
        e = np.asarray(u.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        k = np.arange(n + 1)
        if len(e):
            hi = np.maximum(rank[e[:, 0]], rank[e[:, 1]])
            lo = np.minimum(rank[e[:, 0]], rank[e[:, 1]])
            core_ties = np.concatenate([[0], np.cumsum(np.bincount(hi, minlength=n))])  # hi < k
            low_hist = np.bincount(lo, minlength=n)
            peri_ties = np.concatenate([np.cumsum(low_hist[::-1])[::-1], [0]])  # lo >= k
        else:
            core_ties = np.zeros(n + 1)
            peri_ties = np.zeros(n + 1)
        p_core = k * (k - 1) / 2
        p_peri = (n - k) * (n - k - 1) / 2
        total = p_core + p_peri
        ones = core_ties + peri_ties
        with np.errstate(divide="ignore", invalid="ignore"):
            phi = (total * core_ties - ones * p_core) / np.sqrt(
                ones * (total - ones) * p_core * (total - p_core)
            )
        phi[~np.isfinite(phi)] = -np.inf
        best = int(np.argmax(phi))
        if np.isfinite(phi[best]):
            split_fit = float(phi[best])
            in_core[order[:best]] = True
    people = pd.DataFrame({"id": net.ids, "coreness": c, "core": in_core})
    process_of = net.unit_info["process"].to_dict() if len(net.unit_info) else {}
    proc = pd.Series([process_of.get(net.units.get(p, ""), "") for p in net.ids])
    rows = []
    for name in processes:
        mask = (proc == name).to_numpy()
        count = int(mask.sum())
        rows.append({
            "process": name,
            "people": count,
            "in_core": int(in_core[mask].sum()),
            "core_share": float(in_core[mask].mean()) if count else None,
            "mean_coreness": float(c[mask].mean()) if count else None,
        })
    return CorePeriphery(
        people=people,
        core=[p for p in np.asarray(net.ids, dtype=object)[in_core].tolist()],
        fit=fit,
        split_fit=split_fit,
        by_process=pd.DataFrame(rows),
    )
