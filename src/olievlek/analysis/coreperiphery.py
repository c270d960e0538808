"""Core and periphery after Borgatti and Everett (1999), on the undirected simple graph.

Continuous model
    Each person gets a coreness ``c_i >= 0`` such that ``c_i * c_j`` approximates the tie
    between ``i`` and ``j`` (1 when tied in either direction, else 0), in the least-squares
    sense over all pairs ``i != j`` (the diagonal is ignored). We minimise
    ``sum_{i != j} (a_ij - c_i c_j)^2`` by the fixed-point iteration of the normal equations,
    ``c_i <- sum_j a_ij c_j / (sum_{j != i} c_j^2)``, starting from the degrees, until the
    largest change is below 1e-10 (at most 1000 rounds; 200 on a component of more than
    20,000 people, where each round is a pass over every tie). The network has one core: the model
    is fitted on each weak component with ties, and the component whose fit lowers the error
    most keeps its coreness; everyone else gets 0. (That is the largest component in nearly
    every network, but not always: a clique of five beats a chain of ten.) Fitted on the whole
    disconnected graph at once, the iteration can stop at a saddle point that spreads the core
    over several components. Reported coreness is scaled so the highest is 1; ``fit`` is the
    Pearson correlation between ``a_ij`` and ``c_i c_j`` over the pairs ``i != j``.

Core / periphery split (discrete model)
    The ideal pattern has ties among the core (1) and none in the periphery (0); pairs between
    core and periphery are left out, as Borgatti and Everett recommend when nothing is assumed
    about them. The split is the partition of **all** people (not only the largest component)
    with the highest correlation (phi) between pattern and data, as UCINET's is meant to be:

    - up to :data:`EXACT_MAX` people, every partition is scored (exact);
    - above, a heuristic: Kernighan-Lin passes of single moves (each pass moves every person
      once, in turn the move that gives the highest phi even if it is lower, then keeps the
      best state seen; passes repeat while they improve) from several starts: the best cut
      along the coreness ranking, the best cut along the degree ranking, and
      :data:`RESTARTS` random starts from a generator seeded with :data:`SEED` (half of the
      ranking's core size, half of random sizes). A pass ends
      early after :data:`PATIENCE` moves without a new best. Above :data:`RESTART_MAX`
      people (a pass costs O(n^2) there): from the two ranking cuts only, sweeps over
      everyone in people order that move a person whenever that raises phi (hill climbing,
      at most :data:`MAX_SWEEPS` sweeps). The same network always gives the same split.

    Equal phi (within 1e-12): the smaller core, then the core that comes first in people
    order. ``split_fit`` is the phi reached; ``exact`` says whether it is proven best.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> ids = ["a", "b", "c", "d", "e", "f"]
>>> core = ["a", "b", "c"]
>>> ties = [(x, y) for x in core for y in core if x != y] + [("d", "a"), ("e", "b"), ("f", "c")]
>>> result = core_periphery(network_from_edges(ids, ties))
>>> result.core, result.split_fit, result.exact
(['a', 'b', 'c'], 1.0, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from olievlek.package import PROCESSES

from .measures import weak_components

__all__ = ["EXACT_MAX", "CorePeriphery", "best_split", "core_periphery", "coreness", "split_phi"]

EXACT_MAX = 16  # 2^16 = 65,536 partitions: a few milliseconds
RESTARTS = 16
RESTART_MAX = 2000
PATIENCE = 30
LARGE, LARGE_ROUNDS = 20000, 200
MAX_SWEEPS = 10
SEED = 0
_EPS = 1e-12


@dataclass
class CorePeriphery:
    """``people``: ``id, coreness, core`` (vertex order); ``by_process``: per process of the
    primary unit, ``people, in_core, core_share, mean_coreness``."""

    people: pd.DataFrame
    core: list[str]
    fit: float | None  # correlation of the continuous model
    split_fit: float | None  # phi of the chosen split
    by_process: pd.DataFrame
    exact: bool = False  # the split is proven best (every partition scored)


def _symmetric(net: WaveNetwork) -> sp.csr_matrix:
    """The 0/1 adjacency matrix of the undirected simple graph (a tie either way counts)."""
    n, e = net.n, net.edge_array()
    a = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
    a = (a + a.T).tocsr()
    a.data[:] = 1.0
    return a


def coreness(net: WaveNetwork, *, tol: float = 1e-10, max_iter: int = 1000,
             a: sp.csr_matrix | None = None) -> tuple[np.ndarray, float | None]:
    """Continuous coreness (highest 1) and the fit of the model; see the module docstring.
    ``a``: the symmetric 0/1 adjacency matrix, when the caller has it already."""
    n = net.n
    a = _symmetric(net) if a is None else a
    if n < 2 or a.nnz == 0:
        return np.zeros(n), None
    comp = weak_components(net.graph)
    ties = np.bincount(comp[a.tocoo().row], minlength=comp.max() + 1)  # 2 x ties per part
    best, best_gain = None, -1.0
    # Most ties first: a component cannot lower the error by more than its own ties (2 m),
    # so the search stops once no remaining component could win.
    for part in sorted(np.flatnonzero(ties), key=lambda p: (-ties[p], p)):
        if ties[part] <= best_gain:
            break
        members = comp == part
        sub = a[members][:, members].tocsr()
        # Large components: at most LARGE_ROUNDS rounds (each is a pass over every tie; the
        # damped iteration can take all 1000 to meet 1e-10 without changing the split).
        rounds = max_iter if sub.shape[0] <= LARGE else min(max_iter, LARGE_ROUNDS)
        c_sub = _fit_component(sub, tol, rounds)
        gain = _error_reduction(sub, c_sub)
        if gain > best_gain + 1e-9:
            best, best_gain = (members, c_sub), gain
    c = np.zeros(n)
    if best is not None:
        c[best[0]] = best[1]
    fit = _fit(a, c)
    top = c.max()
    return (c / top if top > 0 else c), fit


def _fit_component(sub: sp.csr_matrix, tol: float, max_iter: int) -> np.ndarray:
    m = sub.shape[0]
    c = np.asarray(sub.sum(axis=1)).ravel()
    c = c / np.sqrt((c**2).sum())
    for _ in range(max_iter):
        total = (c**2).sum()
        denom = total - c**2
        new = np.divide(sub @ c, denom, out=np.zeros(m), where=denom > 0)
        # Average with the previous round: the plain update can swing between two states.
        new = 0.5 * (new + c)
        done = np.abs(new - c).max() < tol
        c = new
        if done:
            break
    return c


def _error_reduction(sub: sp.csr_matrix, c: np.ndarray) -> float:
    """How much ``s c`` at its best scale ``s`` lowers ``sum_{i != j} (a_ij - s^2 c_i c_j)^2``
    below ``sum a_ij^2``: ``(sum a_ij c_i c_j)^2 / sum_{i != j} c_i^2 c_j^2``."""
    coo = sub.tocoo()
    cross = float((c[coo.row] * c[coo.col]).sum())
    s2 = (c**2).sum()
    squares = s2**2 - (c**4).sum()
    return cross**2 / squares if squares > 0 else 0.0


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


# -- the discrete split ----------------------------------------------------------------------


def split_phi(n: int, k: Any, core_ties: Any, peri_ties: Any) -> Any:
    """Phi between the ideal pattern and the data for a core of ``k`` of ``n`` people with
    ``core_ties`` ties inside the core and ``peri_ties`` inside the periphery (arrays work);
    ``-inf`` where it is undefined (no pairs of a kind, or all pairs alike)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _phi(n, np.asarray(k, dtype=float), np.asarray(core_ties, dtype=float),
                    np.asarray(peri_ties, dtype=float))


def _phi(n: int, k: Any, core_ties: Any, peri_ties: Any) -> Any:
    # Float arrays in, under np.errstate(divide="ignore", invalid="ignore") (the callers set it
    # once: it costs more than the arithmetic on small networks).
    ones = core_ties + peri_ties
    p_core = k * (k - 1) / 2
    p_peri = (n - k) * (n - k - 1) / 2
    total = p_core + p_peri
    phi = (total * core_ties - ones * p_core) / np.sqrt(
        ones * (total - ones) * p_core * (total - p_core))
    return np.where(np.isfinite(phi), phi, -np.inf)


def _edges(a: sp.csr_matrix) -> np.ndarray:
    """Each undirected tie once, as an ``(m, 2)`` array (i < j)."""
    upper = sp.triu(a, k=1).tocoo()
    return np.column_stack([upper.row, upper.col]).astype(np.int64)


def _exhaustive(n: int, e: np.ndarray) -> tuple[np.ndarray, float]:
    """Every partition scored. Person ``i`` is bit ``n - 1 - i`` of the mask, so among equal
    cores of equal size the largest mask is the one that comes first in people order."""
    masks = np.arange(2**n, dtype=np.int64)
    bits = ((masks[:, None] >> (n - 1 - np.arange(n))) & 1).astype(bool)
    k = bits.sum(axis=1)
    core_ties = np.zeros(len(masks), dtype=np.int64)
    peri_ties = np.zeros(len(masks), dtype=np.int64)
    for s, t in e:
        core_ties += bits[:, s] & bits[:, t]
        peri_ties += ~bits[:, s] & ~bits[:, t]
    phi = split_phi(n, k, core_ties, peri_ties)
    top = phi.max()
    if not np.isfinite(top):
        return np.zeros(n, dtype=bool), -np.inf
    best = np.flatnonzero(phi >= top - _EPS)
    smallest = best[k[best] == k[best].min()]
    return bits[smallest.max()].copy(), float(phi[smallest.max()])


class _State:
    """A split with its counts, so a move is scored in O(1) and all moves at once in O(n)."""

    def __init__(self, a: sp.csr_matrix, deg: np.ndarray, core: np.ndarray):
        self.a, self.deg, self.n = a, deg, len(deg)
        self.core = core.copy()
        self.in_core = np.asarray(a @ core.astype(float)).ravel()  # neighbours in the core
        self.k = int(core.sum())
        ties_core = float(self.in_core[core].sum()) / 2
        ties_all = float(deg.sum()) / 2
        ties_cross = float(self.in_core[~core].sum())
        self.c, self.p = ties_core, ties_all - ties_core - ties_cross

    def phi(self) -> float:
        return float(split_phi(self.n, self.k, self.c, self.p))

    def after_moves(self) -> np.ndarray:
        """Phi after moving each person to the other side."""
        out_deg = self.deg - self.in_core  # neighbours in the periphery
        sign = np.where(self.core, -1, 1)
        return _phi(self.n, self.k + sign, self.c + sign * self.in_core, self.p - sign * out_deg)

    def move(self, v: int) -> None:
        sign = -1 if self.core[v] else 1
        self.c += sign * self.in_core[v]
        self.p -= sign * (self.deg[v] - self.in_core[v])
        self.k += sign
        self.core[v] = not self.core[v]
        lo, hi = self.a.indptr[v], self.a.indptr[v + 1]
        self.in_core[self.a.indices[lo:hi]] += sign


def _kernighan_lin(a: sp.csr_matrix, deg: np.ndarray, start: np.ndarray, max_moves: int,
                   max_passes: int) -> tuple[np.ndarray, float]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return _passes(a, deg, start, max_moves, max_passes)


def _passes(a: sp.csr_matrix, deg: np.ndarray, start: np.ndarray, max_moves: int, max_passes: int) -> tuple[np.ndarray, float]:
    state = _State(a, deg, start)
    best_phi = state.phi()
    for _round in range(max_passes):
        locked = np.zeros(state.n, dtype=bool)
        moves, pass_best, best_len = [], best_phi, 0
        for _ in range(min(max_moves, state.n)):
            after = state.after_moves()
            after[locked] = -np.inf
            v = int(np.argmax(after))
            if not np.isfinite(after[v]):
                break
            state.move(v)
            locked[v] = True
            moves.append(v)
            if after[v] > pass_best + _EPS:
                pass_best, best_len = float(after[v]), len(moves)
            elif len(moves) - best_len >= PATIENCE:
                break  # the pass has gone downhill long enough: it will not come back up
        for v in reversed(moves[best_len:]):  # back to the best state of the pass
            state.move(v)
        if best_len == 0:
            break
        best_phi = pass_best
    return state.core, best_phi


def _phi_one(n: int, k: int, core_ties: float, peri_ties: float) -> float:
    ones = core_ties + peri_ties
    p_core = k * (k - 1) / 2
    p_peri = (n - k) * (n - k - 1) / 2
    total = p_core + p_peri
    den = ones * (total - ones) * p_core * (total - p_core)
    return (total * core_ties - ones * p_core) / math.sqrt(den) if den > 0 else -math.inf


def _hill_climb(a: sp.csr_matrix, deg: np.ndarray, start: np.ndarray, max_sweeps: int) -> tuple[np.ndarray, float]:
    """Sweeps over everyone in people order, moving a person whenever that raises phi: linear
    time per sweep, for networks too large for Kernighan-Lin passes."""
    state = _State(a, deg, start)
    n, current = state.n, state.phi()
    in_core, core = state.in_core, state.core
    for _sweep in range(max_sweeps):
        moved = False
        # Only people whose move raised phi at the start of the sweep can raise it now
        # (nearly always): each is checked again, in people order, before it moves.
        with np.errstate(divide="ignore", invalid="ignore"):
            hopeful = np.flatnonzero(state.after_moves() > current + _EPS)
        for v in hopeful.tolist():
            d_in, d = float(in_core[v]), float(deg[v])
            if core[v]:
                after = _phi_one(n, state.k - 1, state.c - d_in, state.p + d - d_in)
            else:
                after = _phi_one(n, state.k + 1, state.c + d_in, state.p - d + d_in)
            if after > current + _EPS:
                state.move(v)
                current, moved = after, True
        if not moved:
            break
    return state.core, current


def _ranking_cut(n: int, e: np.ndarray, score: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """The best split among "the top k by ``score``" (ties by id), all k in one pass."""
    order = np.lexsort((np.asarray(ids, dtype=object).astype(str), -score))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    k = np.arange(n + 1)
    if len(e):
        hi = np.maximum(rank[e[:, 0]], rank[e[:, 1]])
        lo = np.minimum(rank[e[:, 0]], rank[e[:, 1]])
        core_ties = np.concatenate([[0], np.cumsum(np.bincount(hi, minlength=n))])  # hi < k
        low_hist = np.bincount(lo, minlength=n)
        peri_ties = np.concatenate([np.cumsum(low_hist[::-1])[::-1], [0]])  # lo >= k
    else:
        core_ties = peri_ties = np.zeros(n + 1)
    best = int(np.argmax(split_phi(n, k, core_ties, peri_ties)))
    core = np.zeros(n, dtype=bool)
    core[order[:best]] = True
    return core


def _better(phi: float, core: np.ndarray, best_phi: float, best: np.ndarray | None) -> bool:
    """Higher phi; equal phi: smaller core, then the core that comes first in people order."""
    if best is None or phi > best_phi + _EPS:
        return True
    if phi < best_phi - _EPS:
        return False
    if core.sum() != best.sum():
        return bool(core.sum() < best.sum())
    diff = np.flatnonzero(core != best)
    return bool(len(diff) and core[diff[0]])


def best_split(net: WaveNetwork, coreness_values: np.ndarray | None = None, *, exact_max: int = EXACT_MAX,
               a: sp.csr_matrix | None = None) -> tuple[np.ndarray, float | None, bool]:
    """The core (boolean, vertex order), its phi (None when no split is defined) and whether
    it is exact; see the module docstring. Up to ``exact_max`` people every partition is
    scored."""
    n = net.n
    a = _symmetric(net) if a is None else a
    e = _edges(a)
    if n < 4 or len(e) == 0:  # phi needs pairs inside both core and periphery
        return np.zeros(n, dtype=bool), None, n >= 4
    if n <= exact_max:
        core, phi = _exhaustive(n, e)
        return core, (phi if np.isfinite(phi) else None), True
    deg = np.asarray(a.sum(axis=1)).ravel()
    if coreness_values is None:
        coreness_values = coreness(net, a=a)[0]
    starts = [_ranking_cut(n, e, coreness_values, net.ids), _ranking_cut(n, e, deg, net.ids)]
    if n <= RESTART_MAX:
        rng = np.random.default_rng(SEED)
        size = max(int(starts[0].sum()), 2)
        for i in range(RESTARTS):
            # Half the restarts keep the ranking's core size, half try other sizes: a local
            # search of single moves rarely crosses to a core of another size when the best
            # one is far from the ranking's.
            k = size if i % 2 == 0 else int(rng.integers(2, n - 1))
            start = np.zeros(n, dtype=bool)
            start[rng.choice(n, size=k, replace=False)] = True
            starts.append(start)
    best, best_phi = None, -np.inf
    for start in starts:
        if n <= RESTART_MAX:
            core, phi = _kernighan_lin(a, deg, start, n, 1000)
        else:
            core, phi = _hill_climb(a, deg, start, MAX_SWEEPS)
        if np.isfinite(phi) and _better(phi, core, best_phi, best):
            best, best_phi = core, phi
    if best is None:
        return np.zeros(n, dtype=bool), None, False
    return best, float(best_phi), False


def core_periphery(net: WaveNetwork, *, processes: Sequence[str] = PROCESSES) -> CorePeriphery:
    """Continuous coreness, the core / periphery split and how each process sits in it."""
    n = net.n
    a = _symmetric(net)
    c, fit = coreness(net, a=a)
    in_core, split_fit, exact = best_split(net, c, a=a)
    people = pd.DataFrame({"id": net.ids, "coreness": c, "core": in_core})
    process_of = net.unit_info["process"].to_dict() if len(net.unit_info) else {}
    proc = pd.Series([process_of.get(net.units.get(p, ""), "") for p in net.ids], dtype=object)
    rows = []
    for name in processes:
        mask = (proc == name).to_numpy() if n else np.zeros(0, dtype=bool)
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
        core=list(np.asarray(net.ids, dtype=object)[in_core].tolist()),
        fit=fit,
        split_fit=split_fit,
        by_process=pd.DataFrame(rows),
        exact=exact,
    )
