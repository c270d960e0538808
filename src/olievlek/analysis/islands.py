"""Islands: weak components, isolates, and units with no tie to the rest of the network.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "b", "c", "d"], [("a", "b"), ("c", "d")],
...                          units={"a": "x", "b": "x", "c": "y", "d": "y"})
>>> result = islands(net)
>>> result.components["size"].tolist(), result.isolated_units
([2, 2], ['x', 'y'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .measures import weak_components

__all__ = ["Islands", "islands"]


@dataclass
class Islands:
    """``components``: ``component, size, members, units`` (numbered as in the people table);
    ``units``: per unit ``unit, name, process, level, people, ties_inside, ties_out, ties_in,
    isolated`` (by primary unit; isolated = has people and no tie in or out of the unit);
    ``isolates``: people without any tie; ``isolated_units``: ids of isolated units."""

    components: pd.DataFrame
    units: pd.DataFrame
    isolates: list[str]
    isolated_units: list[str]


def islands(net: WaveNetwork, component: np.ndarray | None = None) -> Islands:
    """Components, isolates and cut-off units of one wave."""
    n = net.n
    comp = weak_components(net.graph) if component is None else np.asarray(component)
    ids = np.asarray(net.ids, dtype=object)
    unit_of = np.asarray([net.units.get(p, "") for p in net.ids], dtype=object)
    rows = []
    if n:
        order = np.argsort(comp, kind="stable")
        bounds = np.flatnonzero(np.diff(comp[order])) + 1
        for _number, members in enumerate(np.split(order, bounds)):
            units = sorted({u for u in unit_of[members] if u})
            rows.append({
                "component": int(comp[members[0]]),
                "size": len(members),
                "members": ids[members].tolist(),
                "units": units,
            })
    components = pd.DataFrame(rows, columns=["component", "size", "members", "units"])

    degree = np.asarray(net.graph.degree(mode="all")) if n else np.zeros(0)
    isolates = ids[degree == 0].tolist()

    codes, names = net.unit_codes()
    k = len(names)
    people = np.bincount(codes[codes >= 0], minlength=k)
    inside = np.zeros(k, dtype=np.int64)
    out = np.zeros(k, dtype=np.int64)
    into = np.zeros(k, dtype=np.int64)
    e = net.edge_array()
    if len(e):
        gs, gt = codes[e[:, 0]], codes[e[:, 1]]
        same = (gs == gt) & (gs >= 0)
        inside = np.bincount(gs[same], minlength=k)
        # A tie to someone without a unit still leaves the unit.
        leaves = (gs >= 0) & (gs != gt)
        enters = (gt >= 0) & (gs != gt)
        out = np.bincount(gs[leaves], minlength=k)
        into = np.bincount(gt[enters], minlength=k)
    info = net.unit_info
    units = pd.DataFrame({
        "unit": names,
        "name": [info.at[u, "name"] if u in info.index else "" for u in names],
        "process": [info.at[u, "process"] if u in info.index else "" for u in names],
        "level": [info.at[u, "level"] if u in info.index else "" for u in names],
        "people": people,
        "ties_inside": inside,
        "ties_out": out,
        "ties_in": into,
    })
    units["isolated"] = (units["people"] > 0) & (units["ties_out"] + units["ties_in"] == 0)
    return Islands(
        components=components.sort_values("component").reset_index(drop=True),
        units=units,
        isolates=isolates,
        isolated_units=units.loc[units["isolated"], "unit"].tolist(),
    )
