"""The floor for ``olievlek analyze``: the same measures, straight from the files with pandas and
python-igraph, as a plain script (no olievlek import, no validation, no progress).

Usage::

    .venv/bin/python bench/analysis_floor.py PACKAGE_FOLDER --wave 2024 --out DIR [--betweenness off]

Writes ``DIR/people.csv``, ``DIR/network.json`` and ``DIR/units.csv`` exactly as
``olievlek analyze PACKAGE --wave W --out DIR`` does (relation advice, minimum frequency 2), so
``bench/analysis.py --floor`` can time both as whole processes and check that the files are
the same. It is what someone who knows pandas and igraph would write for one well-formed
folder package: ``read_csv`` of the four files it needs, the graph built once, igraph's own
measures, brokerage counted with NumPy, Borgatti-Everett core/periphery with SciPy (the
definition of docs/analysis.md, for networks above 2,000 people, where olievlek climbs hills
from two ranking cuts). It trusts its input: it checks nothing a package reader must check.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def read(folder: Path, name: str, **kw) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def rank_groups(membership, ids) -> np.ndarray:
    """0 for the largest group, then by size; ties by the smallest member id."""
    membership = np.asarray(membership, dtype=np.int64)
    groups = pd.DataFrame({"g": membership, "id": ids}).groupby("g")["id"].agg(["size", "min"])
    groups = groups.reset_index().sort_values(["size", "min"], ascending=[False, True], kind="mergesort")
    new = np.empty(int(membership.max()) + 1, dtype=np.int64)
    new[groups["g"].to_numpy()] = np.arange(len(groups))
    return new[membership]


def brokerage(e: np.ndarray, codes: np.ndarray, n: int, block: int = 4_000_000) -> dict[str, np.ndarray]:
    """Gould-Fernandez counts: every path a -> v -> b, a != b, no tie a -> b, all in a unit."""
    counts = {r: np.zeros(n, dtype=np.int64) for r in ROLES}
    closed = np.sort(e[:, 0] * n + e[:, 1])
    e = e[(codes[e[:, 0]] >= 0) & (codes[e[:, 1]] >= 0)]
    ins = e[np.argsort(e[:, 1], kind="stable")]
    outs = e[np.argsort(e[:, 0], kind="stable")]
    n_in, n_out = np.bincount(ins[:, 1], minlength=n), np.bincount(outs[:, 0], minlength=n)
    in_at, out_at = np.cumsum(n_in) - n_in, np.cumsum(n_out) - n_out
    pairs = n_in * n_out
    brokers = np.flatnonzero(pairs)
    cum = np.cumsum(pairs[brokers])
    bounds = np.unique(np.searchsorted(cum, np.arange(block, cum[-1], block))) + 1
    for v in np.split(brokers, bounds[bounds < len(brokers)]):
        per = pairs[v]
        broker = np.repeat(v, per)
        k = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
        a = ins[in_at[broker] + k // n_out[broker], 0]
        b = outs[out_at[broker] + k % n_out[broker], 1]
        key = a * n + b
        hit = closed[np.minimum(np.searchsorted(closed, key), len(closed) - 1)] == key
        keep = (a != b) & ~hit
        broker, ga, gv, gb = broker[keep], codes[a[keep]], codes[broker[keep]], codes[b[keep]]
        for role, mask in zip(ROLES, (
            (ga == gv) & (gv == gb), (ga == gb) & (ga != gv), (gv == gb) & (ga != gv),
            (ga == gv) & (gb != gv), (ga != gv) & (gb != gv) & (ga != gb),
        )):
            counts[role] += np.bincount(broker[mask], minlength=n)
    return counts


# -- core / periphery (Borgatti and Everett; docs/analysis.md) -----------------------------------


def phi(n, k, core_ties, peri_ties):
    ones = core_ties + peri_ties
    p_core, p_peri = k * (k - 1) / 2, (n - k) * (n - k - 1) / 2
    total = p_core + p_peri
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (total * core_ties - ones * p_core) / np.sqrt(ones * (total - ones) * p_core * (total - p_core))
    return np.where(np.isfinite(out), out, -np.inf)


def phi_one(n, k, core_ties, peri_ties) -> float:
    ones = core_ties + peri_ties
    p_core, p_peri = k * (k - 1) / 2, (n - k) * (n - k - 1) / 2
    total = p_core + p_peri
    den = ones * (total - ones) * p_core * (total - p_core)
    return (total * core_ties - ones * p_core) / math.sqrt(den) if den > 0 else -math.inf


def coreness(a: sp.csr_matrix, comp: np.ndarray) -> tuple[np.ndarray, float | None]:
    n = a.shape[0]
    rows = a.tocoo()
    ties = np.bincount(comp[rows.row], minlength=comp.max() + 1)
    best, best_gain = None, -1.0
    for part in sorted(np.flatnonzero(ties), key=lambda p: (-ties[p], p)):
        if ties[part] <= best_gain:
            break
        members = comp == part
        sub = a[members][:, members].tocsr()
        c = np.asarray(sub.sum(axis=1)).ravel()
        c = c / np.sqrt((c**2).sum())
        for _ in range(1000 if sub.shape[0] <= 20000 else 200):
            denom = (c**2).sum() - c**2
            new = 0.5 * (np.divide(sub @ c, denom, out=np.zeros(len(c)), where=denom > 0) + c)
            done = np.abs(new - c).max() < 1e-10
            c = new
            if done:
                break
        s = sub.tocoo()
        cross, s2 = float((c[s.row] * c[s.col]).sum()), (c**2).sum()
        squares = s2**2 - (c**4).sum()
        gain = cross**2 / squares if squares > 0 else 0.0
        if gain > best_gain + 1e-9:
            best, best_gain = (members, c), gain
    c = np.zeros(n)
    c[best[0]] = best[1]
    pairs, s_c, s_c2 = n * (n - 1), c.sum(), (c**2).sum()
    sum_y, sum_y2 = s_c**2 - s_c2, s_c2**2 - (c**4).sum()
    sum_x, sum_xy = float(a.nnz), float((c[rows.row] * c[rows.col]).sum())
    var_x, var_y = sum_x - sum_x**2 / pairs, sum_y2 - sum_y**2 / pairs
    fit = float((sum_xy - sum_x * sum_y / pairs) / np.sqrt(var_x * var_y)) if var_x > 0 and var_y > 0 else None
    return c / c.max(), fit


def ranking_cut(n: int, e: np.ndarray, score: np.ndarray, ids: np.ndarray) -> np.ndarray:
    order = np.lexsort((ids.astype(str), -score))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    hi, lo = np.maximum(rank[e[:, 0]], rank[e[:, 1]]), np.minimum(rank[e[:, 0]], rank[e[:, 1]])
    core_ties = np.concatenate([[0], np.cumsum(np.bincount(hi, minlength=n))]).astype(float)
    peri_ties = np.concatenate([np.cumsum(np.bincount(lo, minlength=n)[::-1])[::-1], [0]]).astype(float)
    best = int(np.argmax(phi(n, np.arange(n + 1, dtype=float), core_ties, peri_ties)))
    core = np.zeros(n, dtype=bool)
    core[order[:best]] = True
    return core


def hill_climb(a: sp.csr_matrix, deg: np.ndarray, core: np.ndarray) -> tuple[np.ndarray, float]:
    """Sweeps in people order moving anyone whose move raises phi (at most 10 sweeps)."""
    n, core = len(deg), core.copy()
    in_core = np.asarray(a @ core.astype(float)).ravel()
    k = int(core.sum())
    c = float(in_core[core].sum()) / 2
    p = float(deg.sum()) / 2 - c - float(in_core[~core].sum())
    current = float(phi(n, float(k), c, p))
    for _ in range(10):
        sign = np.where(core, -1, 1)
        after = phi(n, k + sign, c + sign * in_core, p - sign * (deg - in_core))
        moved = False
        for v in np.flatnonzero(after > current + 1e-12).tolist():
            d_in, d = float(in_core[v]), float(deg[v])
            s = -1 if core[v] else 1
            score = phi_one(n, k + s, c + s * d_in, p - s * (d - d_in))
            if score > current + 1e-12:
                c, p, k = c + s * d_in, p - s * (d - d_in), k + s
                core[v] = not core[v]
                in_core[a.indices[a.indptr[v]:a.indptr[v + 1]]] += s
                current, moved = score, True
        if not moved:
            break
    return core, current


def core_periphery(n: int, e: np.ndarray, comp: np.ndarray, ids: np.ndarray):
    if n <= 2000:
        raise SystemExit("the floor implements the split for networks above 2,000 people only")
    a = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
    a = (a + a.T).tocsr()
    a.data[:] = 1.0
    c, fit = coreness(a, comp)
    upper = sp.triu(a, k=1).tocoo()
    und = np.column_stack([upper.row, upper.col]).astype(np.int64)
    deg = np.asarray(a.sum(axis=1)).ravel()
    best, best_phi = None, -np.inf
    for start in (ranking_cut(n, und, c, ids), ranking_cut(n, und, deg, ids)):
        core, score = hill_climb(a, deg, start)
        if not np.isfinite(score):
            continue
        if best is None or score > best_phi + 1e-12:
            better = True
        elif score < best_phi - 1e-12:
            better = False
        elif core.sum() != best.sum():
            better = core.sum() < best.sum()
        else:
            diff = np.flatnonzero(core != best)
            better = bool(len(diff) and core[diff[0]])
        if better:
            best, best_phi = core, score
    return c, fit, best, best_phi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("--wave", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--betweenness", default="exact")
    args = parser.parse_args()
    folder, wave, out = Path(args.package), args.wave, Path(args.out)

    people = read(folder, "people", usecols=["id"])
    units = read(folder, "units", usecols=["id"])
    ms = read(folder, "memberships", usecols=["person", "unit", "start"])
    ties = read(folder, "ties", usecols=["wave", "source", "target", "relation", "frequency"])
    responses = read(folder, "responses", usecols=["wave", "person", "status"])

    # The wave's people: its response rows and everyone in its ties, in people.csv order.
    ties = ties[ties["wave"] == wave]
    responses = responses[responses["wave"] == wave]
    invited = set(responses["person"])
    inside = invited | set(ties["source"]) | set(ties["target"])
    ids = people["id"][people["id"].isin(inside)].to_numpy(dtype=object)
    n = len(ids)
    index = pd.Index(ids)
    if invited:
        answered = set(responses.loc[responses["status"] == "complete", "person"]) | set(ties["source"])
        responded = index.isin(list(answered)).astype(np.int64)
    else:
        responded = np.ones(n, dtype=np.int64)

    # Ties of the relation at frequency >= 2: a directed simple graph.
    counted = ties[(ties["relation"] == "advice") & (pd.to_numeric(ties["frequency"]) >= 2)]
    src = index.get_indexer(counted["source"]).astype(np.int64)
    dst = index.get_indexer(counted["target"]).astype(np.int64)
    keys = np.unique((src * n + dst)[src != dst])
    e = np.stack([keys // n, keys % n], axis=1)
    g = ig.Graph(n=n, edges=e.tolist(), directed=True)
    u = g.as_undirected(mode="collapse")

    # Each person's primary unit: the earliest membership, ties by unit id.
    ms = ms[ms["person"].isin(inside) & (ms["unit"] != "")]
    primary = ms.sort_values(["person", "start", "unit"]).drop_duplicates("person")
    unit_of = pd.Series(primary["unit"].to_numpy(), index=primary["person"].to_numpy())
    names = np.array(sorted(set(unit_of)), dtype=object)
    per_person = unit_of.reindex(ids)
    codes = pd.Index(names).get_indexer(per_person.fillna("")).astype(np.int64)

    if args.betweenness == "off":
        bc = np.full(n, np.nan)
    else:
        if args.betweenness.startswith("sample:") and int(args.betweenness[7:]) < n:
            k = int(args.betweenness[7:])
            sources = sorted(np.random.default_rng(0).choice(n, size=k, replace=False).tolist())
            bc = np.asarray(g.betweenness(directed=True, sources=sources), dtype=float) * (n / k)
        else:
            bc = np.asarray(g.betweenness(directed=True), dtype=float)
        bc /= (n - 1) * (n - 2)
    degree = np.asarray(g.degree())
    constraint = np.array(g.constraint(), dtype=float)
    constraint[degree == 0] = np.nan
    articulation = np.zeros(n, dtype=np.int64)
    articulation[u.articulation_points()] = 1
    component = rank_groups(g.connected_components(mode="weak").membership, ids)
    ig.set_random_number_generator(random.Random(42))
    community = rank_groups(u.community_leiden(objective_function="modularity", n_iterations=2).membership, ids)
    ig.set_random_number_generator(random)
    core_c, core_fit, in_core, split_fit = core_periphery(n, e, component, ids)
    indeg = np.asarray(g.indegree())
    table = pd.DataFrame({
        "id": ids, "in_degree": indeg, "out_degree": np.asarray(g.outdegree()), "betweenness": bc,
        "pagerank": np.asarray(g.pagerank(damping=0.85, directed=True, implementation="prpack")),
        "core": np.asarray(u.coreness(), dtype=np.int64), "component": component,
        "constraint": constraint, "articulation": articulation, **brokerage(e, codes, n),
        "community": community, "coreness": core_c, "in_core": in_core.astype(int),
        "responded": responded,
    })
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "people.csv", index=False, lineterminator="\n", float_format="%.15g")

    gs, gt = codes[e[:, 0]], codes[e[:, 1]]
    both = (gs >= 0) & (gt >= 0)
    external, internal = int((gs[both] != gt[both]).sum()), int((gs[both] == gt[both]).sum())
    m, sizes = g.ecount(), np.bincount(component)
    transitivity = u.transitivity_undirected()
    figures = {
        "people": n, "ties": m, "density": m / (n * (n - 1)),
        "reciprocity": (m - u.ecount()) * 2 / m if m else None,
        "components": len(sizes), "largest_component_share": float(sizes.max() / n),
        "isolates": int((degree == 0).sum()),
        "transitivity": 0.0 if math.isnan(transitivity) else float(transitivity),
        "in_degree_centralization": float((indeg.max() - indeg).sum() / (n - 1) ** 2),
        "ei_index": (external - internal) / (external + internal) if external + internal else None,
        "mean_degree": float(m / n), "people_with_unit": int((codes >= 0).sum()),
        "roster": len(invited), "responded": int(responded.sum()),
        "non_respondents": int(n - responded.sum()), "communities": int(community.max() + 1),
        "wave": wave, "relation": "advice", "min_frequency": 2, "betweenness": args.betweenness,
        "core_size": int(in_core.sum()), "core_fit": float(split_fit), "core_fit_exact": False,
        "coreness_fit": core_fit,
    }
    (out / "network.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    # Ties between primary units, ordered like units.csv.
    k = max(len(names), 1)
    pair, count = np.unique(gs[both] * k + gt[both], return_counts=True)
    a, b = pair // k, pair % k
    size = np.bincount(codes[codes >= 0], minlength=len(names))
    possible = size[a] * size[b] - np.where(a == b, size[a], 0)
    rank = pd.Index(units["id"]).get_indexer(names)
    position = np.where(rank >= 0, rank, len(units))
    order = np.lexsort((b, position[b], a, position[a]))
    pd.DataFrame({"source_unit": names[a[order]], "target_unit": names[b[order]], "ties": count[order],
                  "density": (count / possible)[order]}).to_csv(
        out / "units.csv", index=False, lineterminator="\n", float_format="%.15g")


if __name__ == "__main__":
    main()
