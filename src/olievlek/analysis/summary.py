"""The two results of ``olievlek analyze``: the people table and the network figures.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
>>> result = analyze(net)
>>> list(result.people.columns) == list(PEOPLE_COLUMNS)
True
>>> result.network["reciprocity"]
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import measures as m
from .brokerage import ROLES, brokerage
from .coreperiphery import CorePeriphery, core_periphery

if TYPE_CHECKING:
    import igraph as ig

    from .graph import WaveNetwork

__all__ = ["NETWORK_KEYS", "PEOPLE_COLUMNS", "Analysis", "analyze", "core_figures",
           "network_figures", "people_table"]

PEOPLE_COLUMNS = (
    "id",
    "in_degree",
    "out_degree",
    "betweenness",
    "pagerank",
    "core",
    "component",
    "constraint",
    "articulation",
    *ROLES,
    "community",
    "coreness",
    "in_core",
    "responded",
)
NETWORK_KEYS = (
    "people",
    "ties",
    "density",
    "reciprocity",
    "components",
    "largest_component_share",
    "isolates",
    "transitivity",
    "in_degree_centralization",
    "ei_index",
)

Progress = Callable[[int, int, str], None]


def _quiet(done: int, total: int, label: str = "") -> None:
    pass


@dataclass
class Analysis:
    """``people``: one row per person (:data:`PEOPLE_COLUMNS`); ``network``: figures."""

    people: pd.DataFrame
    network: dict[str, Any]


def people_table(
    net: WaveNetwork, *, betweenness: str = "exact", seed: int = 0, progress: Progress | None = None,
    core: CorePeriphery | None = None, undirected: ig.Graph | None = None,
) -> pd.DataFrame:
    """One row per person in vertex order, columns exactly :data:`PEOPLE_COLUMNS`.

    ``constraint`` is NaN for people without ties; ``betweenness`` is NaN when ``"off"``;
    ``core`` is the :func:`~.coreperiphery.core_periphery` result when already computed,
    ``undirected`` the simple undirected graph (:func:`~.measures.simple_undirected`).
    ``responded`` is 1 for people whose own answers are in the wave, 0 for non-respondents
    (their ``in_degree`` counts what others named; their ``out_degree`` is unknown, shown 0).
    """
    g = net.graph
    u = m.simple_undirected(g) if undirected is None else undirected
    progress = progress or _quiet

    def core_columns() -> dict[str, np.ndarray]:
        result = core if core is not None else core_periphery(net)
        return {"coreness": result.people["coreness"].to_numpy(),
                "in_core": result.people["core"].to_numpy().astype(int)}

    steps = [
        ("degree", lambda: {"in_degree": np.asarray(g.indegree()), "out_degree": np.asarray(g.outdegree())}),
        ("betweenness", lambda: {"betweenness": m.betweenness(g, betweenness, seed=seed)}),
        ("pagerank", lambda: {"pagerank": m.pagerank(g)}),
        ("core", lambda: {"core": m.core_number(g, undirected=u)}),
        ("components", lambda: {"component": m.weak_components(g)}),
        ("constraint", lambda: {"constraint": m.constraint(g)}),
        ("articulation", lambda: {"articulation": m.articulation(g, undirected=u)}),
        ("brokerage", lambda: {k: v.to_numpy() for k, v in brokerage(net).items()}),
        ("communities", lambda: {"community": m.communities(g, undirected=u)}),
        ("core/periphery", core_columns),
    ]
    cols: dict[str, Any] = {"id": list(net.ids),
                  "responded": np.array([int(net.has_responded(p)) for p in net.ids], dtype=np.int64)}
    for i, (label, step) in enumerate(steps):
        progress(i, len(steps), label)
        cols.update(step())
    progress(len(steps), len(steps), "done")
    df = pd.DataFrame(cols)
    return df[list(PEOPLE_COLUMNS)]


def core_figures(result: CorePeriphery) -> dict[str, Any]:
    """``core_size``, ``core_fit`` (phi of the split), ``core_fit_exact`` (every partition
    was scored) and ``coreness_fit`` (correlation of the continuous model)."""
    return {"core_size": len(result.core), "core_fit": result.split_fit,
            "core_fit_exact": result.exact, "coreness_fit": result.fit}


def network_figures(net: WaveNetwork, people: pd.DataFrame | None = None, *,
                    undirected: ig.Graph | None = None) -> dict[str, Any]:
    """The whole-network figures, keys :data:`NETWORK_KEYS` first, then extras.

    Undefined figures are None: reciprocity without ties, centralization for fewer than two
    people, E-I without ties between people who have a unit, shares of an empty network.
    """
    g = net.graph
    u = m.simple_undirected(g) if undirected is None else undirected
    n = g.vcount()
    comp = people["component"].to_numpy() if people is not None else m.weak_components(g)
    sizes = np.bincount(comp) if n else np.zeros(0, dtype=np.int64)
    degree = np.asarray(g.degree(mode="all")) if n else np.zeros(0)
    figures = {
        "people": n,
        "ties": g.ecount(),
        "density": m.density(g),
        "reciprocity": m.reciprocity(g, undirected=u),
        "components": len(sizes),
        "largest_component_share": float(sizes.max() / n) if n else None,
        "isolates": int((degree == 0).sum()),
        "transitivity": m.transitivity(g, undirected=u),
        "in_degree_centralization": m.in_degree_centralization(g),
        "ei_index": m.ei_index(net),
        # Extras, handy for the web pages and the change report.
        "mean_degree": float(g.ecount() / n) if n else None,
        "people_with_unit": sum(1 for pid in net.ids if pid in net.units),
        # Who is in the wave (olievlek.package.wave_people): roster size, who answered.
        "roster": net.roster,
        "responded": sum(1 for pid in net.ids if net.has_responded(pid)),
        "non_respondents": sum(1 for pid in net.ids if not net.has_responded(pid)),
    }
    if people is not None and "community" in people:
        figures["communities"] = int(people["community"].max() + 1) if n else 0
    figures.update(wave=net.wave, relation=net.relation, min_frequency=net.min_frequency)
    return figures


def analyze(
    net: WaveNetwork, *, betweenness: str = "exact", seed: int = 0, progress: Progress | None = None
) -> Analysis:
    """Both tables of ``olievlek analyze`` for one :class:`~olievlek.analysis.graph.WaveNetwork`."""
    core = core_periphery(net)
    u = m.simple_undirected(net.graph)  # once, for every measure of the undirected graph
    people = people_table(net, betweenness=betweenness, seed=seed, progress=progress, core=core,
                          undirected=u)
    figures = network_figures(net, people, undirected=u)
    figures["betweenness"] = betweenness  # exact, sample:K (approximate) or off
    figures.update(core_figures(core))
    return Analysis(people=people, network=figures)
