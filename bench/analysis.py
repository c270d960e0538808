"""Time ``olievlek analyze`` against networkx on synthetic networks (see docs/performance.md).

Usage::

    .venv/bin/python bench/analysis.py                 # 3,000 people / 30,000 ties
    .venv/bin/python bench/analysis.py --large         # also 100,000 people / 1,000,000 ties

    .venv/bin/python bench/analysis.py --floor         # olievlek vs the floor, alternated
    .venv/bin/python bench/analysis.py --floor --large --repeat 5

Each run is a whole process (reading the package, computing, writing the files), started as a
child so its wall time and peak memory (``ru_maxrss``) are its own. The networkx child computes
the same measures with networkx (brokerage and component numbering in plain Python, as a
networkx user would write them) and the results are compared column by column. Children that
would run for more than ``--nx-timeout`` seconds (default 600) are stopped and reported so.

``--floor`` compares ``olievlek analyze`` with ``bench/analysis_floor.py`` (the same measures with
pandas and python-igraph alone, as a plain script): both as whole processes, alternated
``--repeat`` times (default 3), reporting the medians of wall time, CPU time and peak memory and
their ratios, and checking that both wrote the same files (floats to a relative 1e-9: igraph's PageRank
differs in the last bits from run to run). Betweenness is exact at 3,000 people and off at
100,000 (exact would take half an hour of CPU).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))


# ---------------------------------------------------------------------------------------------
# Synthetic networks


def synthetic_package(n: int, m: int, path: Path, seed: int = 1) -> Path:
    """A package of ``n`` people in units of ~15, ``m`` advice ties (frequency 2-5) in wave 2024.

    Six in ten ties stay inside the unit; the rest go to people chosen with a skewed
    popularity, so in-degrees are uneven like in the real networks. Two percent are isolates.
    """
    from olievlek.package import Package, frame, write_package

    rng = np.random.default_rng(seed)
    ids = np.array([f"p{i:06d}" for i in range(n)], dtype=object)
    n_units = max(1, n // 15)
    unit_ids = np.array([f"u{j:05d}" for j in range(n_units)], dtype=object)
    process = np.where(np.arange(n_units) % 20 == 0, "coordinatie",
                       np.where(np.arange(n_units) % 5 == 1, "onderzoek", "praktijk"))
    level = np.array(["macro", "meso", "micro"], dtype=object)[np.arange(n_units) % 3]
    unit = rng.integers(0, n_units, n)
    active = rng.random(n) >= 0.02
    act = np.flatnonzero(active)
    order = act[np.argsort(unit[act], kind="stable")]
    starts = np.searchsorted(unit[order], np.arange(n_units))
    sizes = np.bincount(unit[order], minlength=n_units)

    draw = int(m * 1.15)
    src = rng.choice(act, draw)
    inside = rng.random(draw) < 0.6
    su = unit[src]
    ok = inside & (sizes[su] > 0)
    tgt = np.empty(draw, dtype=np.int64)
    tgt[ok] = order[starts[su[ok]] + (rng.random(ok.sum()) * sizes[su[ok]]).astype(np.int64)]
    popularity = 1.0 / (np.arange(len(act)) + 10.0) ** 0.8
    popularity /= popularity.sum()
    tgt[~ok] = rng.choice(rng.permutation(act), (~ok).sum(), p=popularity)
    pairs = np.stack([src, tgt], axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs = np.unique(pairs, axis=0)
    pairs = pairs[rng.permutation(len(pairs))[:m]]

    pkg = Package.empty(network={"id": "bench", "name": "Bench"})
    pkg.people = pd.DataFrame(dict.fromkeys(frame("people").columns, ""), index=range(n))
    pkg.people["id"] = ids
    pkg.people["name"] = ids
    pkg.units = frame("units")
    pkg.units = pd.DataFrame({"id": unit_ids, "name": unit_ids, "kind": "", "process": process,
                              "level": level, "parent": ""})
    pkg.memberships = pd.DataFrame({"person": ids, "unit": unit_ids[unit], "role": "",
                                    "start": "", "end": ""})
    pkg.ties = pd.DataFrame({
        "wave": "2024", "source": ids[pairs[:, 0]], "target": ids[pairs[:, 1]],
        "relation": "advice", "frequency": pd.array(rng.integers(2, 6, len(pairs)), dtype="Int64"),
        "usefulness": pd.array([pd.NA] * len(pairs), dtype="Int64"), "topic": "",
    })
    return write_package(pkg, path)


# ---------------------------------------------------------------------------------------------
# Children: one whole process each


def child_olievlek(pkg: str, out: str, betweenness: str) -> None:
    from olievlek.cli import main

    code = main(["analyze", pkg, "--wave", "2024", "--betweenness", betweenness, "--out", out,
                 "--quiet"])
    if code:
        raise SystemExit(code)


def child_networkx(pkg: str, out: str, betweenness: str) -> None:
    """The same measures with networkx, as a networkx user would compute them."""
    import networkx as nx

    from olievlek.package import read_package

    p = read_package(pkg, require_network=False)
    wave = p.ties[p.ties.wave == "2024"]
    ties = wave[(wave.relation == "advice") & (wave.frequency >= 2)]
    # The wave's people (no response rows here): everyone in one of its ties, any relation.
    inside = set(wave.source) | set(wave.target)
    ids = [v for v in p.people["id"] if v in inside]
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from(zip(ties.source, ties.target))
    u = g.to_undirected()
    unit = p.primary_units()
    n = len(ids)
    if betweenness == "off":
        bc = dict.fromkeys(ids, math.nan)
    else:
        bc = nx.betweenness_centrality(g, normalized=True)
    # networkx's default tolerance (n * 1e-6 on the sum) leaves errors above 1e-6 per person;
    # run it to convergence so the comparison is about the definition, not the stopping rule.
    pr = nx.pagerank(g, alpha=0.85, tol=1e-10, max_iter=1000)
    core = nx.core_number(u)
    comps = sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c)))
    comp = {v: i for i, c in enumerate(comps) for v in c}
    cons = nx.constraint(g)
    cut = set(nx.articulation_points(u))
    roles = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    broker = {v: dict.fromkeys(roles, 0) for v in ids}
    for v in ids:
        gv = unit.get(v)
        if gv is None:
            continue
        for a in g.predecessors(v):
            ga = unit.get(a)
            if ga is None:
                continue
            for b in g.successors(v):
                gb = unit.get(b)
                if gb is None or a == b or g.has_edge(a, b):
                    continue
                if ga == gv == gb:
                    broker[v]["coordinator"] += 1
                elif ga == gb:
                    broker[v]["itinerant"] += 1
                elif gv == gb:
                    broker[v]["gatekeeper"] += 1
                elif ga == gv:
                    broker[v]["representative"] += 1
                else:
                    broker[v]["liaison"] += 1
    comms = nx.community.louvain_communities(u, seed=42)
    comms = sorted(comms, key=lambda c: (-len(c), min(c)))
    community = {v: i for i, c in enumerate(comms) for v in c}
    rows = [
        dict(id=v, in_degree=g.in_degree(v), out_degree=g.out_degree(v), betweenness=bc[v],
             pagerank=pr[v], core=core[v], component=comp[v], constraint=cons[v],
             articulation=int(v in cut), **broker[v], community=community[v])
        for v in ids
    ]
    Path(out).mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(Path(out) / "people.csv", index=False, float_format="%.15g")
    both = [(unit[a], unit[b]) for a, b in g.edges if a in unit and b in unit]
    ext = sum(1 for x, y in both if x != y)
    indeg = [d for _, d in g.in_degree()]
    figures = {
        "people": n, "ties": g.number_of_edges(), "density": nx.density(g),
        "reciprocity": nx.overall_reciprocity(g) if g.number_of_edges() else None,
        "components": len(comps), "largest_component_share": len(comps[0]) / n,
        "isolates": nx.number_of_isolates(g), "transitivity": nx.transitivity(u),
        "in_degree_centralization": sum(max(indeg) - d for d in indeg) / (n - 1) ** 2,
        "ei_index": (ext - (len(both) - ext)) / len(both) if both else None,
    }
    (Path(out) / "network.json").write_text(json.dumps(figures, indent=2))


def child_floor(pkg: str, out: str, betweenness: str) -> None:
    sys.path.insert(0, str(HERE.parent))
    import analysis_floor

    sys.argv = ["analysis_floor.py", pkg, "--wave", "2024", "--betweenness", betweenness, "--out", out]
    analysis_floor.main()


def same_files(ours: Path, floor: Path) -> dict:
    """Whether the floor wrote what analyze wrote: text columns and integers exactly, floats to
    a relative 1e-9, network.json and units.csv the same."""
    a = pd.read_csv(ours / "people.csv", dtype={"id": str})
    b = pd.read_csv(floor / "people.csv", dtype={"id": str})
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return {"people.csv": "different columns or rows"}
    worst = {}
    for col in a.columns:
        if a[col].dtype.kind == "f" or b[col].dtype.kind == "f":
            x, y = a[col].to_numpy(float), b[col].to_numpy(float)
            if (np.isnan(x) != np.isnan(y)).any():
                worst[col] = "NaN mismatch"
            elif (~np.isnan(x)).any():
                rel = np.nanmax(np.abs(x - y) / np.maximum(np.abs(x), 1e-300))
                if rel > 1e-9:
                    worst[col] = float(rel)
        elif not a[col].equals(b[col]):
            worst[col] = "different"
    return {
        "people.csv": worst or "same",
        "network.json": "same" if json.loads((ours / "network.json").read_text())
        == json.loads((floor / "network.json").read_text()) else "different",
        "units.csv": "same" if (ours / "units.csv").read_bytes() == (floor / "units.csv").read_bytes()
        else "different",
    }


def floor_comparison(name: str, pkg: Path, work: Path, betweenness: str, repeat: int) -> dict:
    """``olievlek analyze`` and the floor alternated ``repeat`` times: medians and ratios."""
    runs: dict[str, list[dict]] = {"olievlek": [], "floor": []}
    for i in range(repeat):
        # Alternate which one goes first, so neither always meets the same load.
        order = ("olievlek", "floor") if i % 2 == 0 else ("floor", "olievlek")
        for kind in order:
            r = run_child(kind, pkg, work / f"out-{name}-{kind}", betweenness, 4 * 3600,
                          precise=True)
            r["load"] = round(os.getloadavg()[0], 2)
            print(f"[{name}] {kind} run {i + 1}: {r}", flush=True)
            if r["status"] != "ok":
                return {"status": f"{kind}: {r['status']}"}
            runs[kind].append(r)
    med = {kind: {key: float(np.median([r[key] for r in rs]))
                  for key in ("seconds", "cpu_seconds", "peak_mb")} for kind, rs in runs.items()}
    return {
        "betweenness": betweenness,
        "runs": repeat,
        "median olievlek": med["olievlek"],
        "median floor": med["floor"],
        "ratio wall": round(med["olievlek"]["seconds"] / med["floor"]["seconds"], 2),
        "ratio cpu": round(med["olievlek"]["cpu_seconds"] / med["floor"]["cpu_seconds"], 2),
        "ratio peak memory": round(med["olievlek"]["peak_mb"] / med["floor"]["peak_mb"], 2),
        "load during runs": [r["load"] for rs in runs.values() for r in rs],
        "same results": same_files(work / f"out-{name}-olievlek", work / f"out-{name}-floor"),
    }


def run_child(kind: str, pkg: Path, out: Path, betweenness: str, timeout: float,
              precise: bool = False) -> dict:
    cmd = [sys.executable, str(HERE), "--child", kind, str(pkg), str(out), betweenness]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": f"stopped after {timeout:.0f} s"}
    seconds = time.monotonic() - start
    if proc.returncode:
        return {"status": f"failed: {proc.stderr[-500:]}"}
    usage = json.loads(proc.stdout.strip().splitlines()[-1])
    # CPU seconds next to wall time: the bench machine is shared, so wall time includes waiting.
    digits = 2 if precise else 1
    return {"status": "ok", "seconds": round(seconds, digits),
            "cpu_seconds": round(usage["cpu"], digits), "peak_mb": round(usage["peak_mb"])}


def compare(ours: Path, theirs: Path) -> dict:
    """Largest absolute difference per column; communities compared by NMI (other algorithm)."""
    import igraph as ig

    a = pd.read_csv(ours / "people.csv", dtype={"id": str})
    b = pd.read_csv(theirs / "people.csv", dtype={"id": str})
    diff = {}
    for col in a.columns:
        if col in ("id", "community") or col not in b.columns:
            continue  # (coreness, in_core, responded: not computed by the networkx child)
        x, y = a[col].to_numpy(float), b[col].to_numpy(float)
        same_nan = np.isnan(x) == np.isnan(y)
        d = np.nanmax(np.abs(x - y)) if (~np.isnan(x)).any() else 0.0
        diff[col] = float(d) if same_nan.all() else "NaN mismatch"
    diff["community_nmi_vs_louvain"] = round(
        ig.compare_communities(a["community"].tolist(), b["community"].tolist(), method="nmi"), 3
    )
    ja, jb = json.loads((ours / "network.json").read_text()), json.loads((theirs / "network.json").read_text())
    diff["network"] = {
        k: (abs(ja[k] - jb[k]) if isinstance(jb[k], (int, float)) and ja[k] is not None else ja[k] == jb[k])
        for k in jb
    }
    return diff


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", nargs=4, metavar=("KIND", "PKG", "OUT", "BETWEENNESS"))
    parser.add_argument("--large", action="store_true", help="also 100,000 people / 1,000,000 ties")
    parser.add_argument("--only-large", action="store_true")
    parser.add_argument("--nx-timeout", type=float, default=600)
    parser.add_argument("--sample", type=int, default=500, help="K for sample:K at 100,000")
    parser.add_argument("--exact-large", action="store_true",
                        help="also exact betweenness at 100,000 (igraph; takes about half an hour)")
    parser.add_argument("--skip-networkx-large", action="store_true",
                        help="do not start networkx at 100,000 (known to exceed --nx-timeout)")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--floor", action="store_true",
                        help="compare with bench/analysis_floor.py instead of networkx")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each with --floor")
    args = parser.parse_args()
    if args.child:
        kind, pkg, out, betweenness = args.child
        {"olievlek": child_olievlek, "networkx": child_networkx, "floor": child_floor}[kind](pkg, out, betweenness)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(json.dumps({"peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}))
        return

    work = Path(args.workdir or tempfile.mkdtemp(prefix="olievlek-bench-"))
    cases = [] if args.only_large else [("3k", 3_000, 30_000)]
    if args.large or args.only_large:
        cases.append(("100k", 100_000, 1_000_000))
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count(),
                    "load_before": os.getloadavg()[0]}
    for name, n, m in cases:
        pkg = work / f"pkg-{name}"
        if not pkg.exists():
            t = time.monotonic()
            synthetic_package(n, m, pkg)
            print(f"[{name}] package written in {time.monotonic() - t:.1f} s", flush=True)
        if args.floor:
            report[name] = floor_comparison(name, pkg, work, "exact" if name == "3k" else "off",
                                            args.repeat)
            print(f"[{name}] {json.dumps(report[name], default=str)}", flush=True)
            continue
        runs = {}
        if name == "3k":
            plan = [("olievlek", "exact"), ("olievlek", "off"), ("olievlek", "sample:300"),
                    ("networkx", "exact")]
        else:
            plan = [("olievlek", "off"), ("olievlek", f"sample:{args.sample}")]
            if args.exact_large:
                plan.append(("olievlek", "exact"))
            if not args.skip_networkx_large:
                plan.append(("networkx", "off"))
        for kind, bc in plan:
            out = work / f"out-{name}-{kind}-{bc.replace(':', '')}"
            timeout = args.nx_timeout if kind == "networkx" else 4 * 3600
            runs[f"{kind} {bc}"] = r = run_child(kind, pkg, out, bc, timeout)
            print(f"[{name}] {kind} betweenness={bc}: {r}", flush=True)
        if name == "3k" and runs["networkx exact"]["status"] == "ok":
            runs["speed-up"] = round(runs["networkx exact"]["seconds"] / runs["olievlek exact"]["seconds"], 1)
            runs["speed-up (CPU)"] = round(
                runs["networkx exact"]["cpu_seconds"] / runs["olievlek exact"]["cpu_seconds"], 1)
            runs["differences"] = compare(work / "out-3k-olievlek-exact", work / "out-3k-networkx-exact")
            ex = pd.read_csv(work / "out-3k-olievlek-exact" / "people.csv")["betweenness"]
            sm = pd.read_csv(work / "out-3k-olievlek-sample300" / "people.csv")["betweenness"]
            top_ex, top_sm = set(ex.nlargest(30).index), set(sm.nlargest(30).index)
            runs["sample:300 vs exact"] = {
                "pearson": round(float(np.corrcoef(ex, sm)[0, 1]), 4),
                "top30_overlap": len(top_ex & top_sm),
            }
        if name == "100k" and runs.get("networkx off", {}).get("status") == "ok":
            runs["differences (betweenness off)"] = compare(
                work / "out-100k-olievlek-off", work / "out-100k-networkx-off")
            runs["speed-up (betweenness off)"] = round(
                runs["networkx off"]["seconds"] / runs["olievlek off"]["seconds"], 1)
        report[name] = runs
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
