"""The graph of one wave and relation: people, ties, units.

Every measure in :mod:`olievlek.analysis` starts from a :class:`WaveNetwork`: an igraph
directed graph with a vertex for every person of the wave (:func:`olievlek.package.wave_people`,
in ``people.csv`` order, vertex attribute ``"id"``), plus what the group-based measures need (each person's primary unit, all
memberships, and the attributes of the units).

It can be built from a network package (:func:`network_from_package`) or from plain lists
(:func:`network_from_edges`), which is what the web layer does with data from the database.

Examples
--------
>>> net = network_from_edges(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> net.graph.vcount(), net.graph.ecount()
(3, 2)
>>> net.ids
['a', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import igraph as ig
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from olievlek.package import Package

__all__ = [
    "COORDINATION_PROCESS",
    "UNIT_COLUMNS",
    "WaveNetwork",
    "network_from_edges",
    "network_from_package",
    "tie_frame",
    "wave_people",
]

# The process code of the network's coordination units (see docs/formats.md).
COORDINATION_PROCESS = "coordinatie"
UNIT_COLUMNS = ("name", "process", "level", "parent")


@dataclass
class WaveNetwork:
    """One wave and relation of a network, ready for analysis.

    Attributes
    ----------
    graph : igraph.Graph
        Directed, simple, unweighted; vertex ``i`` is person ``ids[i]`` (vertex attribute
        ``"id"``). People without ties are vertices too.
    ids : list of str
        Person ids in vertex order.
    units : dict
        Person id -> primary unit id (earliest membership, ties broken by unit id). People
        without a unit are absent.
    unit_info : pandas.DataFrame
        Indexed by unit id, columns ``name, process, level, parent`` (text, "" when empty).
    memberships : pandas.DataFrame
        Columns ``person, unit, role``: every membership, for linking pins and formal roles.
    people : pandas.DataFrame
        Person attributes indexed by id (at least ``name``; from ``people.csv`` when built from
        a package). Used by the exports.
    wave, relation : str
    min_frequency : int
    responded : frozenset or None
        Ids whose own answers are in the wave (see :func:`olievlek.package.wave_people`);
        ``None`` when not known (everyone is then taken to have answered).
    roster : int or None
        How many people were on the wave's roster (None when not known).
    """

    graph: ig.Graph
    ids: list[str]
    units: dict[str, str] = field(default_factory=dict)
    unit_info: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(UNIT_COLUMNS), index=pd.Index([], name="id"))
    )
    memberships: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["person", "unit", "role"])
    )
    people: pd.DataFrame | None = None
    wave: str = ""
    relation: str = "advice"
    min_frequency: int = 1
    responded: frozenset[str] | None = None
    roster: int | None = None
    # The ties as built (read-only), so edge_array need not ask igraph for them again.
    _edges: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def n(self) -> int:
        return self.graph.vcount()

    def has_responded(self, pid: str) -> bool:
        """Whether ``pid``'s own answers are in the wave (True when that is not known)."""
        return self.responded is None or pid in self.responded

    def index(self) -> dict[str, int]:
        """Person id -> vertex index."""
        return {pid: i for i, pid in enumerate(self.ids)}

    def edge_array(self) -> np.ndarray:
        """The ties as an ``(m, 2)`` integer array of vertex indices (source, target)."""
        if self.graph.ecount() == 0:
            return np.zeros((0, 2), dtype=np.int64)
        if self._edges is None or len(self._edges) != self.graph.ecount():
            edges = np.asarray(self.graph.get_edgelist(), dtype=np.int64)
            edges.setflags(write=False)  # shared by every caller: nobody may change it
            self._edges = edges
        return self._edges

    def unit_codes(self) -> tuple[np.ndarray, list[str]]:
        """Each vertex's primary unit as an integer code (-1 when none) and the code list."""
        names = sorted(set(self.units.values()))
        lookup = {u: i for i, u in enumerate(names)}
        codes = np.array([lookup.get(self.units.get(pid, ""), -1) for pid in self.ids], dtype=np.int64)
        return codes, names

    def coordination_members(self) -> set[str]:
        """People with any membership in a unit whose process is ``coordinatie``."""
        info = self.unit_info
        if info.empty or "process" not in info.columns:
            return set()
        coord_units = set(info.index[info["process"] == COORDINATION_PROCESS])
        ms = self.memberships
        if len(ms):
            return set(ms.loc[ms["unit"].isin(coord_units), "person"]) & set(self.ids)
        return {p for p, u in self.units.items() if u in coord_units}


def network_from_edges(
    ids: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    units: dict[str, str] | None = None,
    unit_info: pd.DataFrame | Iterable[dict[str, Any]] | None = None,
    memberships: pd.DataFrame | Iterable[dict[str, Any]] | None = None,
    people: pd.DataFrame | None = None,
    wave: str = "",
    relation: str = "advice",
    min_frequency: int = 1,
    responded: Iterable[str] | None = None,
    roster: int | None = None,
) -> WaveNetwork:
    """Build a :class:`WaveNetwork` from person ids and ``(source, target)`` pairs.

    Parameters
    ----------
    ids : sequence of str
        Every person, in the order the vertices should have. Must be unique.
    edges : iterable of (str, str)
        Ties between ids in ``ids``. Self-ties and duplicates are dropped (the package format
        refuses them already; the database may not).
    units : dict, optional
        Person id -> primary unit id.
    unit_info : DataFrame or iterable of dict, optional
        Units with ``id`` (column or index) and ``name, process, level, parent``.
    memberships : DataFrame or iterable of dict, optional
        Rows with ``person, unit, role``. When omitted, the primary units are used.
    responded : iterable of str, optional
        The people whose own answers are in the wave; ``roster``: how many were invited.

    Raises
    ------
    ValueError
        When ``ids`` has duplicates or an edge names an unknown id.
    """
    ids = [str(i) for i in ids]
    index = pd.Index(ids)
    if not index.is_unique:
        raise ValueError("person ids must be unique")
    pairs = pd.DataFrame(list(edges), columns=["source", "target"]) if not isinstance(edges, pd.DataFrame) else edges
    net = _build(
        ids, index, pairs, units or {}, unit_info, memberships, people, wave, relation, min_frequency
    )
    if responded is not None:
        net.responded = frozenset(str(p) for p in responded) & frozenset(ids)
    net.roster = roster
    return net


def _build(
    ids: list[str], index: pd.Index, pairs: pd.DataFrame, units: dict[str, str],
    unit_info: pd.DataFrame | Iterable[dict[str, Any]] | None,
    memberships: pd.DataFrame | Iterable[dict[str, Any]] | None, people: pd.DataFrame | None,
    wave: str, relation: str, min_frequency: int,
) -> WaveNetwork:
    if len(pairs):
        src = index.get_indexer(pairs["source"].astype(str))
        dst = index.get_indexer(pairs["target"].astype(str))
        if (src < 0).any() or (dst < 0).any():
            bad = pairs.loc[(src < 0) | (dst < 0)].iloc[0]
            raise ValueError(f"tie {bad['source']} -> {bad['target']} names an unknown person")
        n = max(len(ids), 1)
        keys = src.astype(np.int64) * n + dst
        keys = np.unique(keys[src != dst])  # drops duplicates; sorted, so order-stable
        arr = np.stack([keys // n, keys % n], axis=1)
    else:
        arr = np.zeros((0, 2), dtype=np.int64)
    g = ig.Graph(n=len(ids), directed=True)
    g.add_edges(arr)  # (from a NumPy array: several times faster than Graph(edges=...))
    g.vs["id"] = ids
    arr.setflags(write=False)
    info = _unit_frame(unit_info)
    known = set(ids)
    ms = _membership_frame(memberships, units)
    ms = ms[ms["person"].isin(known)].reset_index(drop=True)
    units = {str(p): str(u) for p, u in units.items() if str(p) in known and u}
    if people is None:
        people = pd.DataFrame({"name": ids}, index=pd.Index(ids, name="id"))
    return WaveNetwork(
        graph=g, ids=ids, units=units, unit_info=info, memberships=ms, people=people,
        wave=wave, relation=relation, min_frequency=min_frequency, _edges=arr,
    )


def _unit_frame(unit_info: pd.DataFrame | Iterable[dict[str, Any]] | None) -> pd.DataFrame:
    if unit_info is None:
        df = pd.DataFrame(columns=["id", *UNIT_COLUMNS])
    elif isinstance(unit_info, pd.DataFrame):
        df = unit_info.copy()
        if "id" not in df.columns:
            df = df.reset_index().rename(columns={df.index.name or "index": "id"})
    else:
        df = pd.DataFrame(list(unit_info))
    for col in ("id", *UNIT_COLUMNS):
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    return df.set_index("id")[list(UNIT_COLUMNS)]


def _membership_frame(
    memberships: pd.DataFrame | Iterable[dict[str, Any]] | None, units: dict[str, str]
) -> pd.DataFrame:
    if memberships is None:
        return pd.DataFrame(
            {"person": list(units), "unit": list(units.values()), "role": [""] * len(units)}
        )
    df = memberships.copy() if isinstance(memberships, pd.DataFrame) else pd.DataFrame(list(memberships))
    for col in ("person", "unit", "role"):
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    return df[["person", "unit", "role"]].reset_index(drop=True)


def tie_frame(pkg: Package, wave: str, relation: str = "advice", min_frequency: int = 2) -> pd.DataFrame:
    """The ties of ``pkg`` that count for one wave and relation: frequency >= min_frequency."""
    ties = pkg.ties
    keep = (ties["wave"] == wave) & (ties["relation"] == relation)
    keep &= ties["frequency"].fillna(0).astype("int64") >= min_frequency
    return ties.loc[keep, ["source", "target"]]


def network_from_package(
    pkg: Package, wave: str, relation: str = "advice", min_frequency: int = 2
) -> WaveNetwork:
    """Build the :class:`WaveNetwork` of one wave and relation of a network package.

    Its people are the wave's (:meth:`olievlek.package.Package.wave_people`: the wave's
    response rows and the people in its ties), not everyone in ``people.csv``.

    Parameters
    ----------
    pkg : olievlek.package.Package
    wave : str
        A wave label (see ``pkg.waves()``).
    relation : {"advice", "motivation"}
    min_frequency : int
        A tie counts when its frequency (1-5) is at least this.

    Raises
    ------
    KeyError
        When ``wave`` is not a wave of the package; the message lists the waves that exist.
    """
    waves = pkg.waves()
    if wave not in waves:
        raise KeyError(
            f"unknown wave {wave!r}; waves in this package: {', '.join(waves) or '(none)'}"
        )
    members = pkg.wave_people(wave)
    ids = list(members.ids)
    people = pkg.people.set_index("id").loc[ids]
    net = _build(
        ids,
        pd.Index(ids),
        tie_frame(pkg, wave, relation, min_frequency),
        pkg.primary_units(),
        pkg.units,
        pkg.memberships,
        people,
        wave,
        relation,
        min_frequency,
    )
    # Nobody known to be invited (a wave of ties only): nobody is marked as not answering.
    net.responded = None if members.source == "ties" else members.responded
    net.roster = members.roster
    return net


def wave_people(pkg: Package, wave: str) -> set[str]:
    """The ids of the people in a wave of a package (:func:`olievlek.package.wave_people`)."""
    return set(pkg.wave_people(wave).ids)
