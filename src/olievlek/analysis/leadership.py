"""Formal and informal leadership: who holds a leading role, who is sought out, and how much.

Formal leaders hold a membership whose role is one of :data:`FORMAL_LEADER_ROLES` (compared
case-insensitively). Informal leaders are the people in the top ``top`` by in-degree or by
betweenness (ties at the cut-off included, zeros never count). The distributed-leadership
figures are the in-degree centralization (0: everyone is named equally often, 1: one person
receives every tie) and the share of ties received by formal leaders.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "b", "c"], [("b", "a"), ("c", "a")],
...                          memberships=[{"person": "b", "unit": "u", "role": "Projectleider"}])
>>> result = leadership(net, top=1)
>>> result.formal, result.informal, result.formal_tie_share
(['b'], ['a'], 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

from dataclasses import dataclass

import numpy as np
import pandas as pd

from olievlek.package import FORMAL_LEADER_ROLES  # the one list, with the format's codes

from .measures import betweenness as betweenness_of
from .measures import in_degree_centralization

__all__ = ["FORMAL_LEADER_ROLES", "Leadership", "formal_leaders", "leadership"]


@dataclass
class Leadership:
    """Formal against informal leaders of one wave.

    ``people`` has one row per person: ``id, formal, roles, in_degree, in_degree_rank,
    betweenness, betweenness_rank, informal``.
    """

    people: pd.DataFrame
    formal: list[str]
    informal: list[str]
    overlap: list[str]
    formal_only: list[str]
    informal_only: list[str]
    overlap_share: float | None  # share of formal leaders who are also informal leaders
    in_degree_centralization: float | None
    formal_tie_share: float | None  # share of all ties received by formal leaders
    formal_people_share: float | None  # share of people who are formal leaders


def formal_leaders(net: WaveNetwork, roles: Iterable[str] = FORMAL_LEADER_ROLES) -> dict[str, list[str]]:
    """Person id -> their leading roles (as written), for people holding at least one."""
    wanted = {r.casefold() for r in roles}
    ms = net.memberships
    known = set(net.ids)
    out: dict[str, list[str]] = {}
    for person, role in zip(ms["person"], ms["role"]):
        if person in known and role.strip().casefold() in wanted and role not in out.get(person, []):
            out.setdefault(person, []).append(role)
    return out


def leadership(
    net: WaveNetwork,
    *,
    roles: Iterable[str] = FORMAL_LEADER_ROLES,
    top: int = 10,
    betweenness: np.ndarray | Sequence[float] | None = None,
) -> Leadership:
    """Compare formal role holders with the most named and most brokering people.

    Parameters
    ----------
    roles : sequence of str
        Roles that make someone a formal leader.
    top : int
        How many people count as informal leaders on each measure.
    betweenness : array, optional
        Betweenness in vertex order, when already computed (e.g. sampled on a large network).
    """
    g = net.graph
    indeg = np.asarray(g.indegree(), dtype=np.int64)
    bc = betweenness_of(g) if betweenness is None else np.asarray(betweenness, dtype=float)
    formal_roles = formal_leaders(net, roles)
    df = pd.DataFrame({"id": net.ids, "in_degree": indeg, "betweenness": bc})
    df["formal"] = df["id"].isin(formal_roles)
    df["roles"] = df["id"].map(lambda p: ", ".join(formal_roles.get(p, [])))
    df["in_degree_rank"] = df["in_degree"].rank(method="min", ascending=False).astype(int)
    df["betweenness_rank"] = df["betweenness"].rank(method="min", ascending=False)
    top_in = (df["in_degree_rank"] <= top) & (df["in_degree"] > 0)
    top_bc = (df["betweenness_rank"] <= top) & (df["betweenness"] > 0)
    df["informal"] = top_in | top_bc
    df = df[["id", "formal", "roles", "in_degree", "in_degree_rank", "betweenness",
             "betweenness_rank", "informal"]]

    formal = [p for p in net.ids if p in formal_roles]
    informal = df.loc[df["informal"]].sort_values(
        ["in_degree", "betweenness", "id"], ascending=[False, False, True], kind="mergesort"
    )["id"].tolist()
    fset, iset = set(formal), set(informal)
    m = g.ecount()
    received = int(indeg[df["formal"].to_numpy()].sum()) if len(df) else 0
    return Leadership(
        people=df,
        formal=formal,
        informal=informal,
        overlap=[p for p in informal if p in fset],
        formal_only=[p for p in formal if p not in iset],
        informal_only=[p for p in informal if p not in fset],
        overlap_share=len(fset & iset) / len(fset) if fset else None,
        in_degree_centralization=in_degree_centralization(g),
        formal_tie_share=received / m if m else None,
        formal_people_share=len(fset) / net.n if net.n else None,
    )
