"""Gould and Fernandez brokerage roles, counted for every person.

For every path ``a -> v -> b`` with ``a != b``, no tie ``a -> b``, and all three people in a
(primary) unit, the broker ``v`` gets one count in exactly one role:

========================  =============================================
coordinator               a, v and b share a unit
itinerant                 a and b share a unit, v is in another
gatekeeper                v and b share a unit, a is elsewhere
representative            a and v share a unit, b is elsewhere
liaison                   all three are in different units
========================  =============================================

The paths are enumerated with NumPy in blocks of brokers (about ``sum in_v * out_v`` pairs in
all), so a network of 100,000 people and a million ties takes seconds, not hours.

Examples
--------
>>> from olievlek.analysis.graph import network_from_edges
>>> net = network_from_edges(["a", "v", "b"], [("a", "v"), ("v", "b")],
...                          units={"a": "x", "v": "y", "b": "x"})
>>> brokerage(net)["itinerant"].tolist()
[0, 1, 0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from olievlek.analysis.graph import WaveNetwork

import numpy as np
import pandas as pd

__all__ = ["ROLES", "brokerage"]

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def brokerage(net: WaveNetwork, *, max_pairs: int = 4_000_000) -> pd.DataFrame:
    """Brokerage counts per person, in vertex order, one column per role in :data:`ROLES`."""
    n = net.n
    codes, _ = net.unit_codes()
    counts = {role: np.zeros(n, dtype=np.int64) for role in ROLES}
    e = net.edge_array()
    if len(e) == 0 or n == 0:
        return pd.DataFrame(counts, index=net.ids)
    all_keys = np.sort(e[:, 0] * n + e[:, 1])
    inside = (codes[e[:, 0]] >= 0) & (codes[e[:, 1]] >= 0)
    e = e[inside]

    # In-ties grouped by their target (the broker), out-ties by their source.
    in_e = e[np.argsort(e[:, 1], kind="stable")]
    out_e = e[np.argsort(e[:, 0], kind="stable")]
    in_count = np.bincount(in_e[:, 1], minlength=n)
    out_count = np.bincount(out_e[:, 0], minlength=n)
    in_start = np.concatenate([[0], np.cumsum(in_count)[:-1]])
    out_start = np.concatenate([[0], np.cumsum(out_count)[:-1]])
    pairs = in_count * out_count
    cum = np.cumsum(pairs)

    start = 0
    while start < n:
        # The block of brokers whose pairs fit in max_pairs (at least one broker).
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + max_pairs, side="right"))
        stop = max(stop, start + 1)
        v = np.arange(start, stop)
        v = v[pairs[v] > 0]
        start = stop
        if len(v) == 0:
            continue
        per = pairs[v]
        broker = np.repeat(v, per)
        k = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
        width = out_count[broker]
        a = in_e[in_start[broker] + k // width, 0]
        b = out_e[out_start[broker] + k % width, 1]
        keys = a * n + b
        pos = np.searchsorted(all_keys, keys)
        closed = all_keys[np.minimum(pos, len(all_keys) - 1)] == keys
        keep = (a != b) & ~closed
        broker, a, b = broker[keep], a[keep], b[keep]
        ga, gv, gb = codes[a], codes[broker], codes[b]
        roles = {
            "coordinator": (ga == gv) & (gv == gb),
            "itinerant": (ga == gb) & (ga != gv),
            "gatekeeper": (gv == gb) & (ga != gv),
            "representative": (ga == gv) & (gb != gv),
            "liaison": (ga != gv) & (gb != gv) & (ga != gb),
        }
        for role, mask in roles.items():
            counts[role] += np.bincount(broker[mask], minlength=n)
    return pd.DataFrame(counts, index=net.ids)
