"""Subsystems: ties between units, processes and layers; linking pins; communities vs units.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "b", "c"], [("a", "b"), ("b", "c")],
...                          units={"a": "x", "b": "x", "c": "y"})
>>> unit_matrix(net).counts.loc["x"].tolist()
[1, 1]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from olievlek.package import LEVELS, PROCESSES

__all__ = [
    "GroupMatrix",
    "communities_vs_units",
    "linking_pins",
    "normalized_mutual_information",
    "unit_matrix",
    "unit_ties",
]


@dataclass
class GroupMatrix:
    """Ties between groups (rows: the group of the person naming, columns: of the one named).

    ``density`` divides each count by the possible ties: ``n_g * n_h`` between two groups and
    ``n_g * (n_g - 1)`` inside one (NaN when no tie is possible). ``sizes`` counts people.
    """

    counts: pd.DataFrame
    density: pd.DataFrame
    sizes: pd.Series


def unit_matrix(net: WaveNetwork, by: str = "unit") -> GroupMatrix:
    """Tie counts and densities between primary units, or their ``process`` or ``level``.

    People without a unit (or whose unit has no value for ``by``) are left out.
    """
    if by == "unit":
        group_of = dict(net.units)
        order = [u for u in net.unit_info.index if u in set(group_of.values())]
        order += sorted(set(group_of.values()) - set(order))
    elif by in ("process", "level"):
        attr = net.unit_info[by].to_dict() if len(net.unit_info) else {}
        group_of = {p: attr.get(u, "") for p, u in net.units.items()}
        group_of = {p: g for p, g in group_of.items() if g}
        known = PROCESSES if by == "process" else LEVELS
        present = set(group_of.values())
        order = [g for g in known if g in present] + sorted(present - set(known))
    else:
        raise ValueError("by must be unit, process or level")
    index = {g: i for i, g in enumerate(order)}
    codes = np.array([index.get(group_of.get(pid, ""), -1) for pid in net.ids], dtype=np.int64)
    k = len(order)
    sizes = np.bincount(codes[codes >= 0], minlength=k)
    counts = np.zeros((k, k), dtype=np.int64)
    e = net.edge_array()
    if len(e):
        gs, gt = codes[e[:, 0]], codes[e[:, 1]]
        both = (gs >= 0) & (gt >= 0)
        np.add.at(counts, (gs[both], gt[both]), 1)
    possible = np.outer(sizes, sizes) - np.diag(sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(possible > 0, counts / np.maximum(possible, 1), np.nan)
    label = pd.Index(order, name=by)
    return GroupMatrix(
        counts=pd.DataFrame(counts, index=label, columns=label),
        density=pd.DataFrame(density, index=label, columns=label),
        sizes=pd.Series(sizes, index=label, name="people"),
    )


def unit_ties(net: WaveNetwork) -> pd.DataFrame:
    """Ties between primary units as a long table, only pairs with at least one tie.

    Columns ``source_unit, target_unit, ties, density`` (density as in :func:`unit_matrix`),
    ordered like the units. Unlike :func:`unit_matrix` it never builds a units x units array,
    so it suits networks with thousands of units.
    """
    codes, names = net.unit_codes()
    columns = ["source_unit", "target_unit", "ties", "density"]
    e = net.edge_array()
    if len(e) == 0:
        return pd.DataFrame(columns=columns)
    gs, gt = codes[e[:, 0]], codes[e[:, 1]]
    both = (gs >= 0) & (gt >= 0)
    k = max(len(names), 1)
    keys, counts = np.unique(gs[both] * k + gt[both], return_counts=True)
    src, dst = keys // k, keys % k
    sizes = np.bincount(codes[codes >= 0], minlength=len(names))
    possible = sizes[src] * sizes[dst] - np.where(src == dst, sizes[src], 0)
    # Order like the units in unit_info (as unit_matrix does), then by id.
    rank = {u: i for i, u in enumerate(net.unit_info.index)}
    position = np.array([rank.get(u, len(rank)) for u in names])
    order = np.lexsort((dst, position[dst], src, position[src]))
    names_arr = np.asarray(names, dtype=object)
    return pd.DataFrame({
        "source_unit": names_arr[src[order]],
        "target_unit": names_arr[dst[order]],
        "ties": counts[order],
        "density": (counts / possible)[order],
    })


def linking_pins(net: WaveNetwork) -> pd.DataFrame:
    """People in several units or with ties across units, most connecting first.

    Columns: ``id, units`` (distinct units they are a member of), ``unit_list``,
    ``cross_ties_out, cross_ties_in`` (ties to / from people with another primary unit),
    ``other_units_tied`` (distinct other primary units they are tied with, either way) and
    ``linking_pin`` (several units or at least one cross tie). One row per person, sorted by
    other units tied, units, cross ties, id.
    """
    ms = net.memberships
    known = set(net.ids)
    unit_sets: dict[str, list[str]] = {}
    for person, unit in zip(ms["person"], ms["unit"]):
        if person in known and unit and unit not in unit_sets.setdefault(person, []):
            unit_sets[person].append(unit)
    codes, _ = net.unit_codes()
    n = net.n
    out_cross = np.zeros(n, dtype=np.int64)
    in_cross = np.zeros(n, dtype=np.int64)
    others = np.zeros(n, dtype=np.int64)
    e = net.edge_array()
    if len(e):
        gs, gt = codes[e[:, 0]], codes[e[:, 1]]
        cross = (gs >= 0) & (gt >= 0) & (gs != gt)
        out_cross = np.bincount(e[cross, 0], minlength=n)
        in_cross = np.bincount(e[cross, 1], minlength=n)
        # Distinct (person, other unit) pairs over both directions.
        pairs = np.concatenate([
            np.stack([e[cross, 0], gt[cross]], axis=1),
            np.stack([e[cross, 1], gs[cross]], axis=1),
        ])
        if len(pairs):
            pairs = np.unique(pairs, axis=0)
            others = np.bincount(pairs[:, 0], minlength=n)
    df = pd.DataFrame({
        "id": net.ids,
        "units": [len(unit_sets.get(p, [])) for p in net.ids],
        "unit_list": [", ".join(unit_sets.get(p, [])) for p in net.ids],
        "cross_ties_out": out_cross,
        "cross_ties_in": in_cross,
        "other_units_tied": others,
    })
    df["linking_pin"] = (df["units"] >= 2) | (df["cross_ties_out"] + df["cross_ties_in"] > 0)
    df = df.assign(_cross=df.cross_ties_out + df.cross_ties_in).sort_values(
        ["other_units_tied", "units", "_cross", "id"],
        ascending=[False, False, False, True],
        kind="mergesort",
    )
    return df.drop(columns="_cross").reset_index(drop=True)


def normalized_mutual_information(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """NMI of two labelings of the same people: 2 I(a;b) / (H(a) + H(b)).

    1 when they split the people the same way, 0 when independent; 1 when both put everyone
    in a single group; None for no people.
    """
    a, b = pd.Series(list(a)), pd.Series(list(b))
    n = len(a)
    if n == 0:
        return None
    table = pd.crosstab(a, b).to_numpy().astype(float) / n
    pa, pb = table.sum(axis=1), table.sum(axis=0)
    h_a = -sum(p * math.log(p) for p in pa if p > 0)
    h_b = -sum(p * math.log(p) for p in pb if p > 0)
    if h_a + h_b == 0:
        return 1.0
    nz = table > 0
    mi = float((table[nz] * np.log(table[nz] / np.outer(pa, pb)[nz])).sum())
    return max(0.0, min(1.0, 2 * mi / (h_a + h_b)))


def communities_vs_units(net: WaveNetwork, community: Sequence[int]) -> float | None:
    """NMI between the communities found and the formal primary units (people with a unit)."""
    comm = dict(zip(net.ids, community))
    people = [p for p in net.ids if p in net.units]
    return normalized_mutual_information([comm[p] for p in people], [net.units[p] for p in people])

